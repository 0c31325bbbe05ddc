"""The print cache: each edition's last PDF and where its parts are in it (``.tripreport/print/``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tripreport.outputs import keep_cache
from tripreport.printing.records import PrintedPart
from tripreport.state import digest


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
    if folder.exists() and not folder.is_dir():
        discard_cache(folder)
    name = f"{digest(pdf)}.pdf"
    manifest = {"pdf": name, "parts": [part.to_json() for part in parts]}
    kept = (folder / name).is_file() or keep_cache(folder / name, pdf)
    if not (kept and keep_cache(folder / "manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))):
        discard_cache(folder)
        return
    for stale in folder.glob("*.pdf"):
        if stale.name != name:
            stale.unlink(missing_ok=True)
