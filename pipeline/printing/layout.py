"""Laying out with WeasyPrint: an edition whole, or only its changed parts, and where each part's pages are."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tripreport.printing.cache import discard_cache, load_last_print, save_last_print
from tripreport.printing.merge import Piece, merge
from tripreport.printing.parts import Outline, Part, alone_html, elements_of_parts, outline_html
from tripreport.printing.private import page_elements
from tripreport.printing.records import Anchor, CrossLink, Printed, PrintedPart
from tripreport.state import fingerprint

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

PT_PER_PX = 0.75  # WeasyPrint lays out in CSS pixels; PDF user space is in points


def print_edition(name: str, html: str, base_dir: Path, cache: Path) -> Printed:
    """The PDF of one HTML edition, reusing the pages of the parts that did not change."""
    import weasyprint
    from pypdf.errors import PyPdfError

    outline = outline_html(html, weasyprint.__version__)
    parts = outline.parts
    folder = cache / name
    separable = len(parts) >= 2 and not outline.external_styles
    last = load_last_print(folder) if separable else None
    if last is not None:
        try:
            reused = print_changed_parts(html, outline, last.parts, base_dir)
            if reused is not None:
                pieces, records, laid_out = reused
                pdf = merge(last.pdf, pieces, records) if laid_out else last.pdf
                save_last_print(folder, pdf, records)
                return Printed(pdf, parts=len(parts), laid_out=laid_out)
        except (OSError, PyPdfError):  # the last print unreadable after all: the whole layout is always right
            discard_cache(folder)
    source = html_document(html, base_dir)
    document = source.render()
    pdf = document.write_pdf()
    split = split_whole(document, source.etree_element, parts) if separable else None
    if split is None:  # no parts, or they do not start pages of their own
        return Printed(pdf, parts=1, laid_out=1)
    save_last_print(folder, pdf, split)
    return Printed(pdf, parts=len(parts), laid_out=len(parts))


def html_document(html: str, base_dir: Path) -> Any:
    """A WeasyPrint document for ``html`` that reads ``data:`` URLs and the report's font files, nothing else."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(base_dir), url_fetcher=report_fetcher())


def report_fetcher() -> Any:
    """WeasyPrint's fetcher, allowed only what the build itself put in the HTML: photos as ``data:``
    URIs and the fonts' files. Anything else a template or the notes name is refused."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    from tripreport.fonts import font_faces

    fonts = {Path(unquote(urlsplit(face.url).path)).resolve() for face in font_faces()}

    class ReportFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:") and Path(unquote(urlsplit(url).path)).resolve() in fonts:
                return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:80]} (only the report's own images and fonts are)")

    return ReportFetcher(allowed_protocols={"file", "data"})


# --- laying out whole --------------------------------------------------------------------


def split_whole(document: Any, root: ET.Element, parts: list[Part]) -> list[PrintedPart] | None:
    """Where each part's pages are in the edition laid out whole; None when they are not separable."""
    elements = elements_of_parts(root, parts)
    ranges = None if elements is None else part_pages(document, root, elements)
    if ranges is None:
        return None
    anchor_pages: dict[str, int] = {}  # name -> page number; the first of a repeated id wins
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            anchor_pages.setdefault(name, number)
    records = []
    for part, (first, last) in zip(parts, ranges, strict=True):
        pages = document.pages[first:last]
        records.append(
            PrintedPart(
                part.key,
                printed_key(part, first + 1, len(document.pages), anchor_pages),
                len(pages),
                anchors_of(pages),
                cross_links(pages, part),
            )
        )
    return records


def part_pages(document: Any, root: ET.Element, parts: list[list[ET.Element]]) -> list[tuple[int, int]] | None:
    """Each part's ``(first, end)`` page indexes, or None when a page holds two parts or none.

    Content outside every part (other than the elements that hold the parts) makes the
    edition inseparable too: a part laid out alone would lose it.
    """
    owner = {id(el): index for index, part in enumerate(parts) for top in part for el in top.iter()}
    parent = {id(child): element for element in root.iter() for child in element}
    holders = {id(root)}
    for element in (top for part in parts for top in part):
        while id(element) in parent:  # up to the root: every element holding a part
            element = parent[id(element)]
            holders.add(id(element))
    first_page: list[int | None] = [None] * len(parts)
    expected = 0
    for number, page in enumerate(document.pages):
        elements = page_elements(page)
        if elements is None:  # without WeasyPrint's boxes, lay out whole
            return None
        on_page = set()
        for element in elements:
            if element is None or id(element) in holders:
                continue
            if id(element) not in owner:
                return None
            on_page.add(owner[id(element)])
        if len(on_page) != 1:
            return None
        (index,) = on_page
        if first_page[index] is None:
            if index != expected:
                return None
            first_page[index] = number
            expected += 1
        elif index != expected - 1:
            return None
    starts = [page for page in first_page if page is not None]
    if expected != len(parts) or len(starts) != len(parts):
        return None
    ends = [*starts[1:], len(document.pages)]
    return list(zip(starts, ends, strict=True))


def anchors_of(pages: list[Any]) -> dict[str, Anchor]:
    """The anchors on ``pages``, by page index within them, in PDF points."""
    found: dict[str, Anchor] = {}
    for number, page in enumerate(pages):
        for name, (x, y, *_) in page.anchors.items():
            found.setdefault(name, Anchor(number, *pdf_point(page, x, y)))
    return found


def cross_links(pages: list[Any], part: Part) -> list[CrossLink]:
    """The internal links on ``pages`` whose anchor is in another part."""
    links = []
    for number, page in enumerate(pages):
        for kind, target, (x1, y1, x2, y2), _ in page.links:
            if kind == "internal" and target in part.targets:
                left, bottom = pdf_point(page, x1, y2)
                right, top = pdf_point(page, x2, y1)
                links.append(CrossLink(number, target, (left, bottom, right, top)))
    return links


def pdf_point(page: Any, x: float, y: float) -> tuple[float, float]:
    """A point in CSS pixels from the top left, in PDF points from the bottom left."""
    return round(x * PT_PER_PX, 3), round((page.height - y) * PT_PER_PX, 3)


def printed_key(part: Part, first_page: int, total: int, anchor_pages: dict[str, int]) -> str:
    """The part's key with the page numbers it prints: its own, the total, and those it refers to."""
    return fingerprint([part.key, str(first_page), str(total), *(f"{t}:{anchor_pages.get(t)}" for t in part.targets)])


# --- laying out the changed parts only ----------------------------------------------------


def print_changed_parts(
    html: str, outline: Outline, previous: list[PrintedPart], base_dir: Path
) -> tuple[list[Piece], list[PrintedPart], int] | None:
    """Lay out alone the parts that changed, keeping the others' pages; None when only a whole layout will do.

    The changed parts must keep their page count (so no other page moves) and must not
    show other parts' page numbers (the contents), which a part laid out alone cannot
    know. Returns the pieces of the new PDF, its parts, and how many were laid out.
    """
    parts = outline.parts
    if len(previous) != len(parts):
        return None
    starts = [1 + sum(before.pages for before in previous[:i]) for i in range(len(previous))]
    total = sum(before.pages for before in previous)
    pieces: list[Piece] = []
    records: list[PrintedPart] = []
    for part, before, start in zip(parts, previous, starts, strict=True):
        if part.key == before.key:
            pieces.append((start - 1, start - 1 + before.pages))
            records.append(before)
        elif part.targets:
            return None
        else:
            document = html_document(alone_html(html, outline, part, start, total), base_dir).render()
            if len(document.pages) != before.pages:
                return None
            pieces.append(document.write_pdf())
            records.append(
                PrintedPart(part.key, printed_key(part, start, total, {}), before.pages, anchors_of(document.pages))
            )
    # A part laid out again may have moved an anchor whose page another part shows.
    anchor_pages = {
        name: start + anchor.page
        for record, start in zip(records, starts, strict=True)
        for name, anchor in record.anchors.items()
    }
    for part, record, start in zip(parts, records, starts, strict=True):
        if record.printed != printed_key(part, start, total, anchor_pages):
            return None
    laid_out = sum(isinstance(piece, bytes) for piece in pieces)
    return pieces, records, laid_out
