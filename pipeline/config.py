"""What a build is told, resolved once from the command line, and the names of what it writes.

One source for the report's file names: the build, ``serve``, the review page, the command
line and the templates all take them from here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from tripreport.engines import EngineName
from tripreport.notes import Notes
from tripreport.paper import Paper

# The outputs, in the output folder (the PDFs are the HTML editions' names with .pdf).
ENGLISH_MARKDOWN = "report.en.md"
SPANISH_HTML = "report.es.html"
ENGLISH_HTML = "report.en.html"
BILINGUAL_HTML = "report.bilingual.html"
QA_REPORT = "qa.json"
HTML_EDITIONS = {"es": SPANISH_HTML, "en": ENGLISH_HTML, "bilingual": BILINGUAL_HTML}
LAST_UNITS = "units.json"  # in the state folder's record of the last build, beside its English Markdown
PO_FILE = Path("translations") / "report.en.po"  # the reviewed English, committed with the notes


def pdf_of(html_name: str) -> str:
    """The PDF printed from an HTML edition: ``report.en.html`` → ``report.en.pdf``."""
    return html_name.removesuffix(".html") + ".pdf"


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs to know, resolved once from the command line."""

    notes: Path = Path("seeds")
    glossary: Path = Path("glossary.yaml")
    out: Path = Path("output")
    engine: EngineName = EngineName.auto
    templates: Path = Path("templates")
    paper: Paper = Paper.a4
    state: Path = Path(".tripreport")  # translation memory and build state, git-ignored
    root: Path = Path(".")  # the report folder: nothing outside it is read (photos, notes in a folder)
    translations: Path = PO_FILE  # the reviewed English, committed with the notes
    force: bool = False  # rebuild everything, and overwrite a hand-edited report.en.md
    glossary_appendix: bool = True  # False: no appendix (as glossary_appendix: false in the front matter)
    debug: bool = False  # --debug: tracebacks shown, the print workers' too

    @property
    def memory(self) -> Path:
        return self.state / "memory.sqlite"

    @property
    def last(self) -> Path:
        """What the last build wrote of the English, for ``absorb``."""
        return self.state / "last"

    @property
    def english_markdown(self) -> Path:
        return self.out / ENGLISH_MARKDOWN


def build_date(notes: Notes) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the notes' last edit."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return notes.modified
