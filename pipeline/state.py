"""The build's bookkeeping: what the last build was made from, and how long each stage took.

Kept as JSON in the report's state folder (``.tripreport/``, git-ignored):

- ``inputs``: a fingerprint of everything a build reads (notes, glossary, templates,
  engine and version, options, this program's own code) and the summary that build
  printed. When the fingerprint matches and every output still holds what that build
  wrote, a rebuild has nothing to do.
- ``pdf_sources``: for each PDF, the digest of the HTML it was printed from; a PDF is
  printed again only when its HTML changed.
- ``outputs``: the digest of every file the last build wrote.
- ``glossary_examples``: keys of the glossary files whose examples all passed (their
  text and this program's code): the same files are loaded without running them again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tripreport.errors import TripreportError
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


@functools.cache
def code_fingerprint() -> str:
    """tripreport's own source (every module), and the libraries' versions that decide outputs
    with it: what a build's and a glossary's checks depend on besides their inputs."""
    import regex

    import tripreport

    package = Path(tripreport.__file__).resolve().parent
    return fingerprint([regex.__version__, *(p.read_bytes() for p in sorted(package.rglob("*.py")))])


def folder_files(folder: Path | None, pattern: str = "*") -> list[bytes]:
    """Names and contents of the files directly in ``folder``, in name order (links out of it left out)."""
    if folder is None or not folder.is_dir():
        return []
    root = folder.resolve()
    files = []
    for path in sorted(folder.glob(pattern)):
        try:
            if path.is_file() and path.resolve().is_relative_to(root):
                files.append(path)
        except OSError:
            continue
    return [item for p in files for item in (p.name.encode(), p.read_bytes())]


@dataclass
class BuildState:
    """The state file's content; :meth:`load` never fails, a bad file is a fresh state."""

    path: Path
    inputs: str = ""
    summary: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    pdf_sources: dict[str, str] = field(default_factory=dict)
    glossary_examples: list[str] = field(default_factory=list)  # keys of glossary files whose examples passed

    @classmethod
    def load(cls, folder: Path, warn: Callable[[str], None] = lambda message: None) -> BuildState:
        """The last build's state; a missing file is a first build, a damaged one is rebuilt (with a warning)."""
        if folder.exists() and not folder.is_dir():
            raise TripreportError(f"{folder}: not a folder (tripreport keeps its state there); move it away")
        path = folder / STATE_FILE
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                path,
                str(data["inputs"]),
                dict(data["summary"]),
                dict(data["outputs"]),
                dict(data["pdf_sources"]),
                [str(key) for key in data.get("glossary_examples", [])],
            )
        except (OSError, ValueError, KeyError, TypeError) as err:
            warn(f"{path}: damaged ({type(err).__name__}); building everything again")
            return cls(path)

    def save(self) -> None:
        data = {
            "inputs": self.inputs,
            "summary": self.summary,
            "outputs": self.outputs,
            "pdf_sources": self.pdf_sources,
            "glossary_examples": self.glossary_examples,
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


class Stopwatch:
    """Times named stages of the build."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._start = self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self._last, 3)
        self._last = now

    def total(self) -> dict[str, float]:
        return {**self.seconds, "total": round(time.perf_counter() - self._start, 3)}
