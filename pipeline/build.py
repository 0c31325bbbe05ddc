"""The recipe: notes in, bilingual report out.

read notes → parse → protect terms, translate, restore → render Markdown and HTML →
print PDFs → write the files that changed. Every input is read and checked before any
output is written, so a bad glossary or a missing engine leaves ``output/`` as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tripreport
from tripreport import engines, printing, qa, render
from tripreport.document import Document, parse
from tripreport.engines import Engine
from tripreport.errors import TripreportError
from tripreport.glossary import Appendix, load_glossary
from tripreport.lexicon import Lexicon
from tripreport.memory import TranslationMemory
from tripreport.notes import Notes, read_notes
from tripreport.outputs import UNCHANGED, write_if_changed
from tripreport.state import BuildState, digest, fingerprint, folder_files
from tripreport.translate import TranslationReport, translate_document

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs to know, resolved once from the command line."""

    notes: Path = Path("seeds")
    glossary: Path = Path("glossary.yaml")
    out: Path = Path("output")
    engine: str = "auto"
    templates: Path = Path("templates")
    paper: str = "a4"
    state: Path = Path(".tripreport")  # translation memory and build state, git-ignored

    @property
    def memory(self) -> Path:
        return self.state / "memory.sqlite"


@dataclass
class BuildResult:
    """What a build did: per-file outcome, translation counts, QA, stage timings."""

    outputs: dict[str, str]
    translation: TranslationReport
    qa_summary: list[str] = field(default_factory=list)
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
    engine = engines.load(config.engine)
    lexicon = Lexicon.load() if engine.repairs_unknown_words else None
    state = BuildState.load(config.state)
    inputs = input_fingerprint(config, notes, engine, lexicon)
    if state.inputs == inputs and state.outputs_intact():
        progress("nothing changed since the last build")
        return unchanged_result(state, engine, clock)

    with printing.PrintPool(config.out, config.state / "print") as printers:  # loads WeasyPrint meanwhile
        spanish = parse(notes)
        clock.lap("parse")

        with TranslationMemory(config.memory, warn=progress) as memory:
            english, report = translate_document(spanish, glossary, engine, memory, progress, lexicon)
        clock.lap("translate")

        provenance = render.Provenance(report.engine, report.engine_version, build_date(notes))
        texts = render_texts(spanish, english, provenance, config, glossary.appendix(notes.markdown))
        review = qa.check(spanish, english, glossary, notes, report.fallbacks, lexicon, report.corrections)
        qa_summary = review.summary()
        texts["qa.json"] = review.to_json()
        outcomes = {name: write_if_changed(config.out / name, text) for name, text in texts.items()}
        clock.lap("render_html")

        outcomes.update(print_pdfs(texts, config, state, printers, progress))
        clock.lap("render_pdf")

    paths = {str(config.out / name): outcome for name, outcome in outcomes.items()}
    state.inputs = inputs
    state.summary = {
        "segments": report.segments,
        "engine_segments": report.translated + report.from_memory,
        "qa": qa_summary,
    }
    state.outputs = {path: digest(Path(path).read_bytes()) for path in paths}
    state.save()
    return BuildResult(outputs=paths, translation=report, qa_summary=qa_summary, seconds=clock.total())


def check_last_build(config: BuildConfig) -> qa.QAReport:
    """QA of the last build's English against the notes; writes ``qa.json`` beside it."""
    english_file = config.out / "report.en.md"
    if not english_file.is_file():
        raise TripreportError(f"{english_file}: no English report to check; run tripreport build first")
    notes = read_notes(config.notes)
    spanish = parse(notes)
    english = parse(read_notes(english_file))
    review = qa.check(spanish, english, load_glossary(config.glossary), notes, lexicon=Lexicon.load())
    write_if_changed(config.out / "qa.json", review.to_json())
    return review


def translate_file(
    source: Path, glossary_path: Path, engine_name: str, progress: Progress = lambda m: None
) -> tuple[str, TranslationReport]:
    """English Markdown for one Markdown file."""
    notes = read_notes(source)
    glossary = load_glossary(glossary_path)
    engine = engines.load(engine_name)
    lexicon = Lexicon.load() if engine.repairs_unknown_words else None
    english, report = translate_document(parse(notes), glossary, engine, progress=progress, lexicon=lexicon)
    provenance = render.Provenance(report.engine, report.engine_version, build_date(notes))
    return render.to_markdown(english, provenance), report


def render_texts(
    spanish: Document,
    english: Document,
    provenance: render.Provenance,
    config: BuildConfig,
    appendix: Appendix,
) -> dict[str, str]:
    """The text outputs by file name: English Markdown and the three HTML editions."""
    env = render.template_environment(config.templates)
    page = render.Page(config.paper)
    return {
        "report.en.md": render.to_markdown(english, provenance),
        "report.es.html": render.to_html(spanish, env, provenance, "report.en.html", appendix, page),
        "report.en.html": render.to_html(english, env, provenance, "report.es.html", appendix, page),
        "report.bilingual.html": render.to_bilingual_html(spanish, english, env, provenance, appendix, page),
    }


def print_pdfs(
    texts: dict[str, str], config: BuildConfig, state: BuildState, printers: printing.PrintPool, progress: Progress
) -> dict[str, str]:
    """Print each HTML edition to PDF, skipping those whose HTML is what the PDF was made from."""
    outcomes, pending = {}, {}
    for name in sorted(n for n in texts if n.endswith(".html")):
        pdf_name = name.removesuffix(".html") + ".pdf"
        if (config.out / pdf_name).is_file() and state.pdf_sources.get(str(config.out / pdf_name)) == digest(
            texts[name]
        ):
            outcomes[pdf_name] = UNCHANGED
        else:
            pending[pdf_name] = texts[name]
    if pending:
        progress(f"printing {', '.join(pending)}")
    for pdf_name, printed in printers.print(pending):
        outcomes[pdf_name] = write_if_changed(config.out / pdf_name, printed.pdf)
        progress(f"{pdf_name}: {printed.summary}")
        state.pdf_sources[str(config.out / pdf_name)] = digest(pending[pdf_name])
        state.save()  # at once: a build killed later still knows this PDF is current
    return outcomes


def input_fingerprint(config: BuildConfig, notes: Notes, engine: Engine, lexicon: Lexicon | None) -> str:
    """One digest of everything the outputs depend on."""
    code = Path(tripreport.__file__).parent
    return fingerprint(
        [
            tripreport.__version__,
            *[p.read_bytes() for p in sorted(code.rglob("*.py"))],
            notes.markdown,
            repr(notes.meta),
            build_date(notes).isoformat(),
            config.glossary.read_bytes(),
            *folder_files(config.templates),
            *folder_files(render.DEFAULT_TEMPLATES),
            engine.memory_key,
            lexicon.version if lexicon else "",
            str(config.out),
            config.paper,
        ]
    )


def unchanged_result(state: BuildState, engine: Engine, clock: Stopwatch) -> BuildResult:
    """The result of a build that found nothing to do."""
    report = TranslationReport(
        engine.name,
        engine.version,
        segments=int(state.summary.get("segments", 0)),
        from_memory=int(state.summary.get("engine_segments", 0)),
    )
    return BuildResult(
        outputs={path: UNCHANGED for path in state.outputs},
        translation=report,
        qa_summary=list(state.summary.get("qa", [])),
        seconds={"parse": 0.0, "translate": 0.0, "render_html": 0.0, "render_pdf": 0.0, **clock.total()},
    )


def build_date(notes: Notes) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the notes' last edit."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return notes.modified
