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

WeasyPrint fetches local files and ``data:`` URLs only.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from tripreport.errors import TripreportError
from tripreport.outputs import write_atomic
from tripreport.state import digest, fingerprint

if TYPE_CHECKING:  # the build imports this module; multiprocessing is loaded only to print
    import concurrent.futures
    import xml.etree.ElementTree as ET

PART_ATTRIBUTE = "data-print-part"
PT_PER_PX = 0.75  # WeasyPrint lays out in CSS pixels; PDF user space is in points
_PAGES_COUNTER = re.compile(r"counter\(\s*pages\s*\)")


@dataclass(frozen=True)
class Anchor:
    """Where an ``id`` landed: a page of its part and a point on it, in PDF points."""

    page: int
    x: float
    y: float


@dataclass(frozen=True)
class CrossLink:
    """An internal link to an anchor in another part, which the merge adds back."""

    page: int
    target: str
    rect: tuple[float, float, float, float]


@dataclass
class PrintedPart:
    """What the print cache knows of one part of the last print."""

    key: str  # the part's HTML
    printed: str  # the part's HTML and the page numbers printed on it
    pages: int
    anchors: dict[str, Anchor] = field(default_factory=dict)
    links: list[CrossLink] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict) -> PrintedPart:
        return cls(
            data["key"],
            data["printed"],
            int(data["pages"]),
            {name: Anchor(*where) for name, where in data["anchors"].items()},
            [CrossLink(page, target, tuple(rect)) for page, target, rect in data["links"]],
        )

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "printed": self.printed,
            "pages": self.pages,
            "anchors": {name: [a.page, a.x, a.y] for name, a in self.anchors.items()},
            "links": [[link.page, link.target, list(link.rect)] for link in self.links],
        }


@dataclass(frozen=True)
class Printed:
    """A printed edition and how much of it was laid out to print it."""

    pdf: bytes
    parts: int
    laid_out: int  # parts laid out again; equal to ``parts`` for a whole layout

    @property
    def summary(self) -> str:
        if self.laid_out == self.parts:
            return "laid out whole"
        if self.laid_out == 0:
            return "taken from the print cache"
        return f"{self.laid_out} of {self.parts} parts laid out again"


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


class PrintPool:
    """Prints editions in parallel, in processes forked from one that has WeasyPrint loaded.

    Entering the pool starts that process at once, so loading WeasyPrint (about a
    second) overlaps what the build does before it prints. With one core, editions are
    printed in this process.
    """

    # "__main__": a worker started from the `tripreport` script would import the script
    # (and with it the whole CLI) again, unless the server has.
    PRELOAD = ["__main__", "tripreport.printing_preload", "tripreport.printing"]

    def __init__(self, base_dir: Path, cache: Path, workers: int | None = None) -> None:
        self.base_dir, self.cache = base_dir, cache
        self.workers = workers or os.cpu_count() or 1
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> PrintPool:
        if self.workers > 1:
            import concurrent.futures
            import multiprocessing
            import multiprocessing.forkserver

            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(self.PRELOAD)
            # Start the server now, without waiting for it: starting a worker would wait
            # until it has loaded WeasyPrint. It starts with Ctrl-C ignored, as the workers it
            # forks are: the build handles Ctrl-C (it stops the pool); they would each print a
            # traceback.
            with interrupts_ignored():
                multiprocessing.forkserver.ensure_running()
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=ignore_interrupts
            )
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if self.pool is None:
            return
        if exc_type is not None:  # Ctrl-C or an error: no use finishing the editions in print
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=exc_type is None, cancel_futures=True)

    def print(self, htmls: dict[str, str]) -> Iterator[tuple[str, Printed]]:
        """Yield ``(pdf name, Printed)`` for each ``{pdf name: html}``, largest first."""
        from concurrent.futures.process import BrokenProcessPool

        names = sorted(htmls, key=lambda n: -len(htmls[n]))  # so the cores finish together
        try:
            if self.pool is None:
                for name in names:
                    yield name, print_edition(name, htmls[name], self.base_dir, self.cache)
                return
            futures = {
                name: self.pool.submit(print_edition, name, htmls[name], self.base_dir, self.cache) for name in names
            }
            for name in names:
                yield name, futures[name].result()
        except TripreportError:
            raise
        except (OSError, EOFError, BrokenProcessPool) as err:
            hint = "; WeasyPrint needs Pango: `make system` installs it" if "cannot load library" in str(err) else ""
            raise TripreportError(f"printing the PDFs failed: {err}{hint}") from None


@contextlib.contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Ctrl-C ignored while the block starts processes (which inherit that), then as before."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def ignore_interrupts() -> None:
    """In a print worker: Ctrl-C is the build's to handle (it stops the pool); a worker stays quiet."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def print_edition(name: str, html: str, base_dir: Path, cache: Path) -> Printed:
    """The PDF of one HTML edition, reusing the pages of the parts that did not change."""
    import weasyprint

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
        except Exception:  # noqa: BLE001  (a damaged cache: the whole layout below is always right)
            discard_cache(folder)
    source = html_document(html, base_dir)
    document = source.render()
    pdf = document.write_pdf()
    records = split_whole(document, source.etree_element, parts) if separable else None
    if records is None:  # no parts, or they do not start pages of their own
        return Printed(pdf, parts=1, laid_out=1)
    save_last_print(folder, pdf, records)
    return Printed(pdf, parts=len(parts), laid_out=len(parts))


def html_document(html: str, base_dir: Path):
    """A WeasyPrint document for ``html`` that reads ``data:`` URLs and the report's font files, nothing else."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(base_dir), url_fetcher=report_fetcher())


def report_fetcher():
    """WeasyPrint's fetcher, allowed only what the build itself put in the HTML: photos as ``data:``
    URIs and the fonts' files. Anything else a template or the notes name is refused."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    from tripreport.render import font_faces

    fonts = {Path(unquote(urlsplit(face.url).path)).resolve() for face in font_faces()}

    class ReportFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:") and Path(unquote(urlsplit(url).path)).resolve() in fonts:
                return super().fetch(url, headers)
            raise ValueError(f"not fetched: {url[:80]} (only the report's own images and fonts are)")

    return ReportFetcher(allowed_protocols={"file", "data"})


# --- the edition's parts -----------------------------------------------------------------

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
        if attributes.get("id"):
            self.ids.append((attributes["id"], at))
        if tag == "a" and (attributes.get("href") or "").startswith("#"):
            self.links.append((attributes["href"][1:], at))
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


def outermost_parts(element: ET.Element):
    """Elements marked as parts, not looking inside one (a part within a part is the outer part)."""
    for child in element:
        if child.get(PART_ATTRIBUTE) is not None:
            yield child
        else:
            yield from outermost_parts(child)


# --- laying out whole --------------------------------------------------------------------


def split_whole(document, root: ET.Element, parts: list[Part]) -> list[PrintedPart] | None:
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


def part_pages(document, root: ET.Element, parts: list[list[ET.Element]]) -> list[tuple[int, int]] | None:
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
        page_box = getattr(page, "_page_box", None)  # WeasyPrint's own; without it, lay out whole
        if page_box is None:
            return None
        on_page = set()
        for box in page_box.descendants():
            element = getattr(box, "element", None)
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
    if expected != len(parts):
        return None
    ends = [*first_page[1:], len(document.pages)]
    return list(zip(first_page, ends, strict=True))


def anchors_of(pages) -> dict[str, Anchor]:
    """The anchors on ``pages``, by page index within them, in PDF points."""
    found: dict[str, Anchor] = {}
    for number, page in enumerate(pages):
        for name, (x, y, *_) in page.anchors.items():
            found.setdefault(name, Anchor(number, *pdf_point(page, x, y)))
    return found


def cross_links(pages, part: Part) -> list[CrossLink]:
    """The internal links on ``pages`` whose anchor is in another part."""
    links = []
    for number, page in enumerate(pages):
        for kind, target, (x1, y1, x2, y2), _ in page.links:
            if kind == "internal" and target in part.targets:
                left, bottom = pdf_point(page, x1, y2)
                right, top = pdf_point(page, x2, y1)
                links.append(CrossLink(number, target, (left, bottom, right, top)))
    return links


def pdf_point(page, x: float, y: float) -> tuple[float, float]:
    """A point in CSS pixels from the top left, in PDF points from the bottom left."""
    return round(x * PT_PER_PX, 3), round((page.height - y) * PT_PER_PX, 3)


def printed_key(part: Part, first_page: int, total: int, anchor_pages: dict[str, int]) -> str:
    """The part's key with the page numbers it prints: its own, the total, and those it refers to."""
    return fingerprint([part.key, str(first_page), str(total), *(f"{t}:{anchor_pages.get(t)}" for t in part.targets)])


# --- laying out the changed parts only ----------------------------------------------------


Piece = tuple[int, int] | bytes  # a page range of the last print, or a part printed alone


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
    # First in its document, the part's own page break would only leave a blank page
    # behind the emptied elements before it (a <main> without its days).
    name = part.name.replace("\\", "\\\\").replace('"', '\\"')
    numbering = (
        f"<style>@page :first {{ counter-reset: page {first_page} }}"
        f' [{PART_ATTRIBUTE}="{name}"] {{ break-before: auto !important; }}</style>'
    )
    edits.append((outline.head_end, outline.head_end, numbering))
    out, last = [], 0
    for a, b, text in sorted(edits):
        out += [html[last:a], text]
        last = b
    out.append(html[last:])
    return "".join(out)


# --- merging ------------------------------------------------------------------------------


def merge(last_pdf: bytes, pieces: list[Piece], parts: list[PrintedPart]) -> bytes:
    """One PDF of the pieces, with the last print's metadata, and the links that cross parts."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link
    from pypdf.generic import Fit

    last = PdfReader(io.BytesIO(last_pdf))
    writer = PdfWriter()
    for piece in pieces:
        if isinstance(piece, bytes):
            writer.append(PdfReader(io.BytesIO(piece)))
        else:  # pages of one reader share their fonts and images in the result
            writer.append(last, pages=piece)
    copy_document_info(last, writer)
    offsets = [sum(part.pages for part in parts[:i]) for i in range(len(parts))]
    where = {
        name: (offset + a.page, a)
        for part, offset in zip(parts, offsets, strict=True)
        for name, a in part.anchors.items()
    }
    for part, offset in zip(parts, offsets, strict=True):
        for link in part.links:
            if link.target in where:
                target_page, anchor = where[link.target]
                annotation = Link(
                    rect=link.rect, border=[0, 0, 0], target_page_index=target_page, fit=Fit.xyz(anchor.x, anchor.y, 0)
                )
                writer.add_annotation(offset + link.page, annotation)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def copy_document_info(reader, writer) -> None:
    """The title, author, creator and language, which pypdf does not carry over by itself."""
    from pypdf.generic import NameObject

    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    language = reader.trailer["/Root"].get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = language


# --- the print cache ----------------------------------------------------------------------


@dataclass(frozen=True)
class LastPrint:
    """The edition's last PDF, and where its parts are in it."""

    pdf: bytes
    parts: list[PrintedPart]


def discard_cache(folder: Path) -> None:
    """Forget the edition's cached print (damaged, or a file where the folder should be)."""
    import shutil

    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
    elif folder.exists():
        folder.unlink(missing_ok=True)


def load_last_print(folder: Path) -> LastPrint | None:
    """The edition's last print; None when there is none or it is unreadable or damaged."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        pdf = (folder / manifest["pdf"]).read_bytes()
        parts = [PrintedPart.from_json(item) for item in manifest["parts"]]
    except (OSError, ValueError, KeyError, TypeError):
        discard_cache(folder) if folder.exists() else None
        return None
    if f"{digest(pdf)}.pdf" != manifest["pdf"] or sum(part.pages for part in parts) < 1:
        discard_cache(folder)
        return None
    return LastPrint(pdf, parts)


def save_last_print(folder: Path, pdf: bytes, parts: list[PrintedPart]) -> None:
    """Keep this print: the PDF under its digest first, then the manifest naming it, then drop the old PDF.

    The cache only saves time: when it cannot be written, the build goes on without it.
    """
    try:
        _save_last_print(folder, pdf, parts)
    except (OSError, TripreportError):
        discard_cache(folder)


def _save_last_print(folder: Path, pdf: bytes, parts: list[PrintedPart]) -> None:
    if folder.exists() and not folder.is_dir():
        discard_cache(folder)
    name = f"{digest(pdf)}.pdf"
    if not (folder / name).is_file():
        write_atomic(folder / name, pdf)
    manifest = {"pdf": name, "parts": [part.to_json() for part in parts]}
    write_atomic(folder / "manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))
    for stale in folder.glob("*.pdf"):
        if stale.name != name:
            stale.unlink(missing_ok=True)
