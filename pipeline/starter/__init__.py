"""``tripreport init``: a new report folder, ready to build.

The files come with the package (this folder): an example note with front matter, a
day heading, slang, a link and a table; a glossary that explains each section and adds
to the packaged base; a ``.gitignore`` for what builds make; a short README.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tripreport.errors import TripreportError

# file in this package -> where it goes in the report folder
FILES = {
    "dia-1.md": Path("seeds") / "dia-1.md",
    "glossary.yaml": Path("glossary.yaml"),
    "gitignore": Path(".gitignore"),
    "README.md": Path("README.md"),
}


def create(folder: Path) -> list[Path]:
    """Write the starter files into ``folder``; nothing at all if any of them exists already."""
    if folder.exists() and not folder.is_dir():
        raise TripreportError(f"{folder}: not a folder")
    existing = [folder / target for target in FILES.values() if (folder / target).exists()]
    if existing:
        raise TripreportError(f"{existing[0]}: already exists; tripreport init never overwrites (pick a new folder)")
    package = resources.files(__name__)
    written = []
    try:
        for name, target in FILES.items():
            path = folder / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(package.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
            written.append(path)
    except OSError as err:
        raise TripreportError(f"{err.filename or folder}: cannot write ({err.strerror})") from None
    return written
