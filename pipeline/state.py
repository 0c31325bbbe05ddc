"""What the last build was made from, so the next one can skip what has not changed.

Kept as JSON in the report's state folder (``.tripreport/``, git-ignored):

- ``inputs``: a fingerprint of everything a build reads (notes, glossary, templates,
  engine and version, options, this program's own code) and the summary that build
  printed. When the fingerprint matches and every output still holds what that build
  wrote, a rebuild has nothing to do.
- ``pdf_sources``: for each PDF, the digest of the HTML it was printed from; a PDF is
  printed again only when its HTML changed.
- ``outputs``: the digest of every file the last build wrote.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripreport.outputs import write_atomic

STATE_FILE = "build-state.json"


def digest(data: str | bytes) -> str:
    """SHA-256 of text or bytes, as hex."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def fingerprint(parts: Iterable[str | bytes]) -> str:
    """One digest for an ordered collection of inputs."""
    combined = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        combined.update(len(data).to_bytes(8, "big"))
        combined.update(data)
    return combined.hexdigest()


def folder_files(folder: Path | None, pattern: str = "*") -> list[bytes]:
    """Names and contents of the files directly in ``folder``, in name order."""
    if folder is None or not folder.is_dir():
        return []
    files = sorted(p for p in folder.glob(pattern) if p.is_file())
    return [item for p in files for item in (p.name.encode(), p.read_bytes())]


@dataclass
class BuildState:
    """The state file's content; :meth:`load` never fails, a bad file is a fresh state."""

    path: Path
    inputs: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    pdf_sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> BuildState:
        path = folder / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                path,
                str(data["inputs"]),
                dict(data["summary"]),
                dict(data["outputs"]),
                dict(data["pdf_sources"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def save(self) -> None:
        data = {
            "inputs": self.inputs,
            "summary": self.summary,
            "outputs": self.outputs,
            "pdf_sources": self.pdf_sources,
        }
        write_atomic(self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))

    def outputs_intact(self) -> bool:
        """True when every recorded output still holds what the last build wrote."""
        if not self.outputs:
            return False
        for name, expected in self.outputs.items():
            try:
                if digest(Path(name).read_bytes()) != expected:
                    return False
            except OSError:
                return False
        return True
