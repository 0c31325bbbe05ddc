"""The build's data: what a build reads, what it translated, and what it did.

Plain dataclasses made by the recipe (:mod:`tripreport.build`) and read by whatever runs on
top of it: ``serve`` and its review page take a build's :class:`Translated` to show and
save corrections, the command line a :class:`BuildResult` to report. This module imports
the stages' own data types and nothing that runs.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import polib

from tripreport import postedit, qa
from tripreport.document import Document
from tripreport.engines import Engine
from tripreport.glossary import Glossary
from tripreport.lexicon import Lexicon
from tripreport.notes import Notes
from tripreport.state import BuildState
from tripreport.translation import TranslationReport


@dataclass
class Translated:
    """The notes and their English before rendering: what the editions, the PO file, QA and
    serve's review page are all made from."""

    notes: Notes
    glossary: Glossary
    spanish: Document
    english: Document
    units: list[postedit.SourceUnit]  # the units with a PO entry, annotated
    english_text: dict[int, str]  # each of those units' English as inline Markdown, by position
    reviewed: postedit.Review  # what the PO file said before this build
    po: polib.POFile  # the PO file as this build writes it
    report: TranslationReport
    qa: qa.QAReport


@dataclass
class BuildResult:
    """What a build did: per-file outcome, translation counts, QA, stage timings."""

    outputs: dict[str, str]
    translation: TranslationReport
    needs_review: int = 0  # PO entries with a person's English waiting for confirmation
    qa_summary: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    units: int = 0  # units with a PO entry
    flagged: int = 0  # units with a QA finding
    translated: Translated | None = None  # None when nothing changed since the last build


@dataclass
class Inputs:
    """Everything a build reads, read and checked before anything is written."""

    notes: Notes
    spanish: Document
    glossary: Glossary
    po: polib.POFile
    po_text: str  # the PO file as read: a build never puts its own over a later one
    engine: Engine
    lexicon: Lexicon | None
    state: BuildState
    sources: str  # digest of everything read but the PO file (build.sources_fingerprint)
    fingerprint: str  # …and of the PO file as read
    photos: list[Path]  # the image files the notes show


# What a build renames its outputs into place within: ``serve`` passes its lock against a
# review page's save (a save after the build read the PO file cancels it: it checks under the lock).
Committing = Callable[[], AbstractContextManager[None]]
