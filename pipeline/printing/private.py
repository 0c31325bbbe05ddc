"""The two places printing reaches into libraries' internals, kept here alone.

- WeasyPrint: a laid-out page's boxes (``page._page_box``) tell which HTML elements it
  shows; printing part by part needs that to know each part's pages. Without it (a
  WeasyPrint that changed), :func:`page_elements` says so and editions are laid out whole.
- pypdf: the document catalogue (``writer._root_object``) carries the PDF's language,
  which pypdf has no public setter for.

WeasyPrint is pinned in ``pyproject.toml`` to the minor versions the tests pass on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def page_elements(page: Any) -> Iterator[Any] | None:
    """The HTML elements of the boxes on a laid-out WeasyPrint page, or None if it cannot tell."""
    page_box = getattr(page, "_page_box", None)
    if page_box is None:
        return None
    return (getattr(box, "element", None) for box in page_box.descendants())


def set_document_language(writer: Any, language: Any) -> None:
    """Set ``/Lang`` in the catalogue of a pypdf ``PdfWriter``."""
    from pypdf.generic import NameObject

    writer._root_object[NameObject("/Lang")] = language
