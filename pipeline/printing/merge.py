"""Joining the PDFs of parts with pypdf, and adding back the links between parts."""

from __future__ import annotations

import io
from typing import Any

from tripreport.printing.private import set_document_language
from tripreport.printing.records import PrintedPart

Piece = tuple[int, int] | bytes  # a page range of the last print, or a part printed alone


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


def copy_document_info(reader: Any, writer: Any) -> None:
    """The title, author, creator and language, which pypdf does not carry over by itself."""
    if reader.metadata:
        writer.add_metadata(dict(reader.metadata))
    language = reader.trailer["/Root"].get("/Lang")
    if language is not None:
        set_document_language(writer, language)
