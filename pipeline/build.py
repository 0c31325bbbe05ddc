"""The recipe: notes in, bilingual report out.

read notes → parse → protect terms, translate, restore → render Markdown and HTML →
print PDFs → write the files that changed. Every input is read and checked before any
output is written, so a bad glossary or a missing engine leaves ``output/`` as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline import engines, render
from pipeline.document import Document, parse
from pipeline.glossary import load_glossary
from pipeline.notes import Notes, read_notes
from pipeline.outputs import write_if_changed
from pipeline.translate import TranslationReport, translate_document

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs to know, resolved once from the command line."""

    notes: Path = Path("seeds")
    glossary: Path = Path("glossary.yaml")
    out: Path = Path("output")
    engine: str = "auto"
    templates: Path = Path("templates")


@dataclass
class BuildResult:
    """What a build did: per-file outcome, translation counts, stage timings."""

    outputs: dict[str, str]
    translation: TranslationReport
    seconds: dict[str, float] = field(default_factory=dict)


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


def build(config: BuildConfig, progress: Progress = lambda message: None) -> BuildResult:
    """Build the Spanish and English reports (Markdown, HTML, PDF) into ``config.out``."""
    clock = Stopwatch()
    notes = read_notes(config.notes)
    glossary = load_glossary(config.glossary)
    spanish = parse(notes)
    clock.lap("parse")

    engine = engines.load(config.engine)
    english, report = translate_document(spanish, glossary, engine, progress=progress)
    clock.lap("translate")

    provenance = render.Provenance(report.engine, report.engine_version, build_date(notes))
    texts = render_texts(spanish, english, provenance, config.templates)
    outcomes = {name: write_if_changed(config.out / name, text) for name, text in texts.items()}
    clock.lap("render_html")

    for lang in ("es", "en"):
        progress(f"printing report.{lang}.pdf")
        pdf = render.to_pdf(texts[f"report.{lang}.html"], config.out)
        outcomes[f"report.{lang}.pdf"] = write_if_changed(config.out / f"report.{lang}.pdf", pdf)
    clock.lap("render_pdf")

    return BuildResult(
        outputs={str(config.out / name): outcome for name, outcome in outcomes.items()},
        translation=report,
        seconds=clock.total(),
    )


def translate_file(
    source: Path, glossary_path: Path, engine_name: str, progress: Progress = lambda m: None
) -> tuple[str, TranslationReport]:
    """English Markdown for one Markdown file."""
    notes = read_notes(source)
    glossary = load_glossary(glossary_path)
    engine = engines.load(engine_name)
    english, report = translate_document(parse(notes), glossary, engine, progress=progress)
    provenance = render.Provenance(report.engine, report.engine_version, build_date(notes))
    return render.to_markdown(english, provenance), report


def render_texts(
    spanish: Document, english: Document, provenance: render.Provenance, templates: Path
) -> dict[str, str]:
    """The text outputs by file name: English Markdown and both HTML editions."""
    env = render.template_environment(templates)
    return {
        "report.en.md": render.to_markdown(english, provenance),
        "report.es.html": render.to_html(spanish, env, provenance, other_edition="report.en.html"),
        "report.en.html": render.to_html(english, env, provenance, other_edition="report.es.html"),
    }


def build_date(notes: Notes) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the notes' last edit."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return notes.modified

