"""Printing an HTML edition to PDF with WeasyPrint, laying out again only what changed.

A template marks the parts of an edition with ``data-print-part`` (the front matter,
each day, the glossary), and each part starts on a new page. The first print of an
edition lays it out whole, so "Page X of Y" and the contents' page numbers are
WeasyPrint's own, and the print cache keeps that PDF with the page range of each part.
A later print lays out alone only the parts whose HTML changed, numbered from the page
where they start, and merges them with pypdf into the last print's other pages,
adding back the links that cross parts (the contents). When that cannot give the same
pages as a whole layout (a changed part changed its page count, a part that shows
other parts' page numbers changed, the parts are not what the template promised) the
edition is laid out whole again, which is always right.

WeasyPrint fetches ``data:`` URLs (the photos) and the report's font files, nothing else.

The package, by concern: :mod:`.pool` (the print processes), :mod:`.parts` (finding the
parts in the HTML), :mod:`.layout` (laying out with WeasyPrint, whole or part by part),
:mod:`.merge` (joining PDFs with pypdf), :mod:`.cache` (the last print of each edition),
:mod:`.records` (what is known of a printed part), and :mod:`.private` (the only code
that reaches into WeasyPrint's and pypdf's internals).
"""

from tripreport.printing.layout import html_document, print_edition
from tripreport.printing.parts import outline_html
from tripreport.printing.pool import PrintPool
from tripreport.printing.records import Printed

__all__ = ["PrintPool", "Printed", "html_document", "outline_html", "print_edition"]
