"""The parts of an edition's HTML (``data-print-part``) and the HTML of one part alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from tripreport.state import fingerprint

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

PART_ATTRIBUTE = "data-print-part"
_PAGES_COUNTER = re.compile(r"counter\(\s*pages\s*\)")


@dataclass
class Part:
    """One part of the edition's HTML: where it is in the text, its key, the anchors it links to elsewhere."""

    name: str
    spans: list[tuple[int, int]]  # character ranges of its elements in the HTML
    key: str = ""
    targets: list[str] = field(default_factory=list)  # anchors in other parts it links to


@dataclass
class Outline:
    """The HTML's parts and the few other places printing a part alone needs to touch."""

    parts: list[Part]
    styles: list[tuple[int, int]]  # the text of each <style> element
    head_end: int  # where </head> starts
    external_styles: bool  # a <link rel=stylesheet>: numbers in it cannot be rewritten


VOID_ELEMENTS = frozenset("area base br col embed hr img input link meta source track wbr".split())


class _Scanner(HTMLParser):
    """Finds the parts' elements, ids, internal links and styles by character offset.

    The standard library's tokenizer is enough here (the HTML comes from our templates)
    and is several times faster than parsing the document into a tree.
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", html)]
        self.open: list[tuple[str, int, str | None]] = []  # tag, start, part name
        self.in_part = 0
        self.spans: dict[str, list[tuple[int, int]]] = {}
        self.ids: list[tuple[str, int]] = []
        self.links: list[tuple[str, int]] = []
        self.styles: list[tuple[int, int]] = []
        self.style_start = 0
        self.head_end = -1
        self.external_styles = False

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = self.position()
        attributes = dict(attrs)
        if anchor := attributes.get("id"):
            self.ids.append((anchor, at))
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.links.append((href[1:], at))
        if tag == "link" and "stylesheet" in (attributes.get("rel") or ""):
            self.external_styles = True
        if tag == "style":
            self.style_start = at + len(self.get_starttag_text() or "")
        if tag in VOID_ELEMENTS:
            return
        part = attributes.get(PART_ATTRIBUTE) if not self.in_part else None
        self.in_part += part is not None
        self.open.append((tag, at, part))

    def handle_endtag(self, tag: str) -> None:
        at = self.position()
        end = self.html.index(">", at) + 1
        if tag == "style":
            self.styles.append((self.style_start, at))
        if tag == "head":
            self.head_end = at
        if all(opened != tag for opened, _, _ in self.open):
            return  # a void element's end (<br />) or a stray end tag
        while self.open:
            opened, start, part = self.open.pop()
            if part is not None:
                self.in_part -= 1
                self.spans.setdefault(part, []).append((start, end))
            if opened == tag:
                break


def outline_html(html: str, layout_version: str) -> Outline:
    """The parts marked ``data-print-part`` (grouped by name, in document order) and their keys."""
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    parts = [Part(name, sorted(spans)) for name, spans in scanner.spans.items()]
    parts.sort(key=lambda part: part.spans[0])
    frame = cut(html, [span for part in parts for span in part.spans])
    owner = {name: part for part in parts for name, at in scanner.ids if part_holds(part, at)}
    for part in parts:
        body = "".join(html[a:b] for a, b in part.spans)
        part.key = fingerprint([layout_version, frame, body])
        linked = {target for target, at in scanner.links if part_holds(part, at)}
        part.targets = sorted(t for t in linked if t in owner and owner[t] is not part)
    return Outline(parts, scanner.styles, scanner.head_end, scanner.external_styles)


def part_holds(part: Part, offset: int) -> bool:
    return any(a <= offset < b for a, b in part.spans)


def cut(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the character ranges in ``spans``."""
    pieces, last = [], 0
    for a, b in sorted(spans):
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    return "".join(pieces)


def elements_of_parts(root: ET.Element, parts: list[Part]) -> list[list[ET.Element]] | None:
    """The elements of each part in WeasyPrint's tree; None if they are not the parts we found."""
    found: dict[str, list[ET.Element]] = {}
    for element in outermost_parts(root):
        found.setdefault(element.get(PART_ATTRIBUTE) or "", []).append(element)
    if list(found) != [part.name for part in parts]:
        return None
    return list(found.values())


def outermost_parts(element: ET.Element) -> Iterator[ET.Element]:
    """Elements marked as parts, not looking inside one (a part within a part is the outer part)."""
    for child in element:
        if child.get(PART_ATTRIBUTE) is not None:
            yield child
        else:
            yield from outermost_parts(child)


def alone_html(html: str, outline: Outline, part: Part, first_page: int, total: int) -> str:
    """The edition's HTML with only ``part``, its pages numbered as in the whole edition.

    The page counter starts at the part's first page, ``counter(pages)`` in the styles
    becomes the edition's page count, and the part does not break before itself.
    """
    edits: list[tuple[int, int, str]] = [
        (a, b, "") for other in outline.parts if other is not part for a, b in other.spans
    ]
    for a, b in outline.styles:
        edits.append((a, b, _PAGES_COUNTER.sub(f'"{total}"', html[a:b])))
    # Alone in its document, the part's own page breaks would only leave a blank page before
    # or after it, for the emptied elements around it (a <main> without its days, after the cover).
    name = part.name.replace("\\", "\\\\").replace('"', '\\"')
    numbering = (
        f"<style>@page :first {{ counter-reset: page {first_page} }}"
        f' [{PART_ATTRIBUTE}="{name}"] {{ break-before: auto !important; break-after: auto !important; }}</style>'
    )
    edits.append((outline.head_end, outline.head_end, numbering))
    out, last = [], 0
    for a, b, text in sorted(edits):
        out += [html[last:a], text]
        last = b
    out.append(html[last:])
    return "".join(out)
