"""Images in the notes: photos put into the editions, and nothing read or fetched from elsewhere.

A local image (``![el stand](fotos/stand.jpg)``) is found beside the note that shows it,
must be inside the report folder once links are resolved, and must be an image Pillow
can read. It is scaled down to :data:`MAX_WIDTH` pixels (print needs no more) and put
into the HTML as a ``data:`` URI, so each edition stays one self-contained file and
WeasyPrint reads no file for it; the scaled copies are cached by the photo's content.
A remote image (``http…``, ``//…`` or any other scheme, however it is written) becomes
a link, never an ``<img>`` a browser would fetch. Anything else (missing, outside the
folder, not an image) shows its alt text, and QA names the note and line.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from tripreport.document import Document, images_in
from tripreport.notes import Notes, inside
from tripreport.outputs import keep_cache

MAX_WIDTH = 1600  # pixels: sharp at column width in print, small enough to inline
JPEG_QUALITY = 85
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)
# Where a photo is: in the report folder, on the web (shown as its linked caption), or refused
# (outside the folder, another scheme).
Source = Literal["local", "remote", "refused"]


@dataclass(frozen=True)
class Problem:
    """An image that is not shown, and why, where the note shows it."""

    where: str
    src: str
    reason: str


@dataclass
class Images:
    """What the editions show for each image source written in the notes."""

    inline: dict[str, str] = field(default_factory=dict)  # src → data: URI
    remote: dict[str, str] = field(default_factory=dict)  # src → the link it becomes
    markdown: dict[str, str] = field(default_factory=dict)  # src → path from the output folder
    problems: list[Problem] = field(default_factory=list)


def normalized(src: str) -> str:
    """The source as a browser would read it: entities, escapes and invisible characters gone."""
    text = html.unescape(unquote(src))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")  # control and format characters
    return text.strip()


def classify(src: str) -> Source:
    """``remote`` for a web address (however written), ``refused`` for any other scheme, else ``local``."""
    text = normalized(src)
    if text.startswith(("//", "\\\\", "/\\", "\\/")):
        return "remote"
    match = _SCHEME.match(text.replace("\\", "/"))
    if match:
        return "remote" if match.group(0).lower() in ("http:", "https:") else "refused"
    return "local"


def sources(doc: Document) -> list[tuple[str, int | None]]:
    """Every image source in the document with the 0-based Markdown line of its paragraph."""
    found = []
    for unit in doc.units:
        if unit.image is None:
            found += [(str(image.attrGet("src") or ""), unit.line) for image in images_in(doc.tokens[unit.index])]
    return found


def local_file(src: str, note: Path, root: Path) -> Path | None:
    """The file a local source names, seen from its note; None if it is outside ``root``."""
    path = (note.parent / normalized(src)).resolve() if not Path(normalized(src)).is_absolute() else Path(src)
    return path if inside(path, root) else None


def located_file(src: str, line: int | None, notes: Notes, root: Path) -> Path | None:
    """The file a local source names, seen from the note it is written in; None if outside ``root``."""
    located = notes.locate(line) if line is not None else None
    return local_file(src, located[0] if located else root / "notes.md", root)


def prepare(doc: Document, notes: Notes, root: Path, out: Path, cache: Path) -> Images:
    """What the editions show for every image of ``doc`` (reads only files inside ``root``)."""
    found = Images()
    for src, line in sources(doc):
        if src in found.inline or src in found.remote:
            continue
        where = notes.where(line)
        kind = classify(src)
        if kind == "remote":
            found.remote[src] = normalized(src) if not normalized(src).startswith("//") else "https:" + normalized(src)
            continue
        if kind == "refused":
            found.problems.append(Problem(where, src, "not a local file or a web address"))
            continue
        path = located_file(src, line, notes, root)
        if path is None:
            found.problems.append(Problem(where, src, "outside the report folder"))
        elif not path.is_file():
            found.problems.append(Problem(where, src, "no such file"))
        else:
            data_uri = scaled_data_uri(path, cache)
            if data_uri is None:
                found.problems.append(Problem(where, src, "not an image"))
            else:
                found.inline[src] = data_uri
                found.markdown[src] = relative(path, out)
    return found


def referenced_files(doc: Document, notes: Notes, root: Path) -> list[Path]:
    """The local image files the notes show (inside ``root``), for the build's fingerprint."""
    files = []
    for src, line in sources(doc):
        if classify(src) == "local":
            path = located_file(src, line, notes, root)
            if path is not None and path.is_file():
                files.append(path)
    return sorted(set(files))


def relative(path: Path, out: Path) -> str:
    import os

    return Path(os.path.relpath(path, out.resolve())).as_posix()


def scaled_data_uri(path: Path, cache: Path) -> str | None:
    """The image at ``path`` at most :data:`MAX_WIDTH` wide, as a ``data:`` URI; None if not an image."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    for suffix, mime in ((".jpg", "image/jpeg"), (".png", "image/png")):
        cached = cache / f"{key}-{MAX_WIDTH}{suffix}"
        if cached.is_file():
            return f"data:{mime};base64,{base64.b64encode(cached.read_bytes()).decode()}"
    scaled = scale(data)
    if scaled is None:
        return None
    content, suffix, mime = scaled
    keep_cache(cache / f"{key}-{MAX_WIDTH}{suffix}", content)
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def scale(data: bytes) -> tuple[bytes, str, str] | None:
    """``(bytes, suffix, mime)`` of the image scaled down, or None when Pillow cannot read it."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG", "GIF", "WEBP", "BMP", "TIFF"):
                return None
            if image.format == "JPEG":
                image.draft("RGB", (MAX_WIDTH, MAX_WIDTH * image.height // max(image.width, 1)))  # fast decode
            image.load()
            keep_alpha = image.mode in ("RGBA", "LA", "P") and image.format != "JPEG"
            converted = image.convert("RGBA" if keep_alpha else "RGB")
            if converted.width > MAX_WIDTH:
                converted = converted.resize(
                    (MAX_WIDTH, max(1, converted.height * MAX_WIDTH // converted.width)), Image.Resampling.LANCZOS
                )
            out = io.BytesIO()
            if keep_alpha:
                converted.save(out, "PNG", optimize=True)
                return out.getvalue(), ".png", "image/png"
            converted.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            return out.getvalue(), ".jpg", "image/jpeg"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None
