"""The recipe: notes in, bilingual report out.

read notes → parse → protect terms, translate, restore → render Markdown and HTML →
print PDFs → write the files that changed. Every input is read and checked before any
output is written, so a bad glossary or a missing engine leaves ``output/`` as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

import polib

import tripreport
from tripreport import cover, engines, images, postedit, printing, qa, render
from tripreport.document import Document, inline_pieces, parse
from tripreport.engines import Engine, fallback
from tripreport.errors import TripreportError
from tripreport.glossary import Glossary, load_glossary
from tripreport.lexicon import Lexicon
from tripreport.memory import TranslationMemory
from tripreport.notes import Notes, find_note_files, read_notes
from tripreport.outputs import UNCHANGED, Staged, build_lock, remove_temporaries, write_if_changed
from tripreport.paper import Paper
from tripreport.progress import Count, Progress, silent
from tripreport.state import BuildState, Stopwatch, digest, fingerprint, folder_files
from tripreport.translate import TranslationReport, translate_document


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build needs to know, resolved once from the command line."""

    notes: Path = Path("seeds")
    glossary: Path = Path("glossary.yaml")
    out: Path = Path("output")
    engine: str = "auto"
    templates: Path = Path("templates")
    paper: Paper = Paper.a4
    state: Path = Path(".tripreport")  # translation memory and build state, git-ignored
    root: Path = Path(".")  # the report folder: nothing outside it is read (photos, notes in a folder)
    translations: Path = postedit.PO_FILE  # the reviewed English, committed with the notes
    force: bool = False  # rebuild everything, and overwrite a hand-edited report.en.md
    glossary_appendix: bool = True  # False: no appendix (as glossary_appendix: false in the front matter)

    @property
    def memory(self) -> Path:
        return self.state / "memory.sqlite"

    @property
    def last(self) -> Path:
        """What the last build wrote of the English, for ``absorb``."""
        return self.state / "last"

    @property
    def english_markdown(self) -> Path:
        return self.out / "report.en.md"


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
    engine: Engine
    lexicon: Lexicon | None
    state: BuildState
    fingerprint: str
    photos: list[Path]  # the image files the notes show


class Tools:
    """The programs a build runs: the engine, the lexicon's helpers, the print workers.

    A build starts what it needs and stops it when done with it (the engine and lexicon
    before printing, so their memory is free for the print workers); ``tripreport serve``
    keeps one ``Tools(keep_warm=True)`` for all its builds, so each rebuild finds them
    started and warm.
    """

    def __init__(self, keep_warm: bool = False) -> None:
        self.keep_warm = keep_warm
        self.engine: Engine | None = None
        self._engine_key: tuple[str, engines.EngineOptions] | None = None
        self.lexicon: Lexicon | None = None
        self._lexicon_loaded = False
        self.printers: printing.PrintPool | None = None

    def engine_for(self, name: str, progress: Progress, options: engines.EngineOptions) -> Engine:
        """The engine ``name`` with ``options`` (the glossary's senses): the running one if it has them."""
        if self.engine is None or self._engine_key != (name, options):
            self._close_lexicon()  # it may share the old engine's analyser
            self._close_engine()
            self.engine, self._engine_key = engines.load(name, progress, options), (name, options)
        return self.engine

    def lexicon_for(self, engine: Engine) -> Lexicon | None:
        if not engine.repairs_unknown_words:
            return None
        if not self._lexicon_loaded:
            self.lexicon, self._lexicon_loaded = Lexicon.load(engine.analyser), True
        return self.lexicon

    def warm_up(self) -> None:
        """Start the engine's and the lexicon's programs, once a build knows it has work."""
        if self.engine is not None:
            self.engine.start()
        if self.lexicon is not None:
            self.lexicon.start()

    def done_translating(self) -> None:
        """The build needs the engine and the lexicon no more: stopped, unless kept warm."""
        if not self.keep_warm:
            self._close_lexicon()
            self._close_engine()

    def printers_for(self, config: BuildConfig) -> printing.PrintPool:
        """The print pool, started now if it is not (loading WeasyPrint while the build goes on)."""
        if self.printers is None:
            self.printers = printing.PrintPool(config.out, config.state / "print").__enter__()
        return self.printers

    def close(self, failed: bool = False) -> None:
        """Stop them all; after a failure (or Ctrl-C) without finishing the PDFs in print."""
        if self.printers is not None:
            self.printers.__exit__(TripreportError if failed else None, None, None)
            self.printers = None
        self._close_lexicon()
        self._close_engine()

    def _close_lexicon(self) -> None:
        if self.lexicon is not None:
            self.lexicon.close()
        self.lexicon, self._lexicon_loaded = None, False

    def _close_engine(self) -> None:
        if self.engine is not None:
            self.engine.close()
        self.engine = None


# What a build renames its outputs into place within: ``serve`` passes its lock against a
# review page's save, and starts the build again when a save came after it read the PO file.
Committing = Callable[[], AbstractContextManager[None]]


def build(
    config: BuildConfig,
    progress: Progress = silent,
    tools: Tools | None = None,
    html_ready: Callable[[Translated], None] | None = None,
    committing: Committing = contextlib.nullcontext,
) -> BuildResult:
    """Build the Spanish and English reports (Markdown, HTML, PDF) into ``config.out``.

    With ``tools``, the programs are the caller's, left running; with ``html_ready``, the
    Markdown and HTML are written as soon as they are made (then ``html_ready()`` is called
    with what they were made from) and the PDFs after them, instead of all at once.
    """
    with one_build_at_a_time(config, progress):
        if tools is not None:
            return build_with(config, progress, tools, html_ready, committing)
        tools = Tools()
        try:
            result = build_with(config, progress, tools, html_ready, committing)
        except BaseException:
            tools.close(failed=True)
            raise
        tools.close()
        return result


@contextlib.contextmanager
def one_build_at_a_time(config: BuildConfig, progress: Progress) -> Iterator[None]:
    """The report folder's build lock for the block; what builds killed outright left behind, removed."""
    find_note_files(config.notes)  # no notes, no report: said before anything is made (.tripreport/ too)
    with build_lock(config.state, progress):
        remove_stale_temporaries(config, progress)
        yield


def remove_stale_temporaries(config: BuildConfig, progress: Progress) -> None:
    """The temporary files of builds killed before they renamed them into place (kill -9, a power cut)."""
    removed = (
        remove_temporaries(config.out)
        + remove_temporaries(config.state, recursive=True)
        + remove_temporaries(config.translations.parent, targets=frozenset({config.translations.name}))
    )
    if removed:
        progress(f"removed {removed} temporary file{'s' if removed > 1 else ''} a stopped build left")


def build_with(
    config: BuildConfig,
    progress: Progress,
    tools: Tools,
    html_ready: Callable[[Translated], None] | None,
    committing: Committing = contextlib.nullcontext,
) -> BuildResult:
    """The recipe, with ``tools`` running the programs it needs."""
    clock = Stopwatch()
    inputs = read_inputs(config, progress, tools)
    if not config.force and inputs.state.inputs == inputs.fingerprint and inputs.state.outputs_intact():
        progress("nothing changed since the last build")
        return unchanged_result(inputs.state, inputs.engine, clock)

    tools.warm_up()  # the dictionaries load while the notes' photos and PO file are read
    printers = tools.printers_for(config)  # loads WeasyPrint while the rest goes on
    with Staged() as staged:
        photos = images.prepare(inputs.spanish, inputs.notes, config.root, config.out, config.state / "images")
        done = translate_notes(config, inputs, progress, photos, clock)
        spanish, english, report, review = done.spanish, done.english, done.report, done.qa
        tools.done_translating()
        waiting = postedit.waiting_units(done.po, done.units)
        texts = render_texts(spanish, english, report, config, inputs, done.reviewed, photos, waiting)
        texts["qa.json"] = review.to_json()
        # The record of what this build wrote goes into place before the English it records: a
        # build stopped between the two renames must not leave report.en.md looking hand-edited.
        staged.write(config.last / "report.en.md", texts["report.en.md"])
        staged.write(config.last / "units.json", postedit.remember_units(done.units))
        outcomes = {name: staged.write(config.out / name, text) for name, text in texts.items()}
        po_text = postedit.text_of(done.po)
        staged.write(config.translations, po_text)
        if html_ready is not None:
            with committing():
                staged.commit()
            html_ready(done)
        clock.lap("render_html")

        outcomes.update(print_pdfs(texts, config, inputs.state, printers, staged, progress))
        with committing():
            staged.commit()  # every output at once, now that all of them are made
        clock.lap("render_pdf")

    record(config, inputs, po_text, done, outcomes)
    return BuildResult(
        outputs={str(config.out / name): outcome for name, outcome in outcomes.items()},
        translation=report,
        needs_review=review.needs_review,
        qa_summary=inputs.state.summary["qa"],
        seconds=clock.total(),
        units=len(done.units),
        flagged=len(review.flagged_units),
        translated=done,
    )


def translate_notes(
    config: BuildConfig, inputs: Inputs, progress: Progress, photos: images.Images, clock: Stopwatch
) -> Translated:
    """Translate the notes (a person's confirmed English wins), update the PO file, check the English."""
    spanish = inputs.spanish
    units = postedit.source_units(spanish, inputs.notes, render.inline_markdown)
    reviewed = postedit.review(inputs.po, units)
    clock.lap("parse")

    with TranslationMemory(config.memory, warn=progress) as memory:
        human = {position: inline_pieces(text) for position, text in reviewed.human.items()}
        options = engines.EngineOptions(inputs.glossary.senses)
        english, report = translate(
            spanish, inputs.glossary, inputs.engine, memory, progress, inputs.lexicon, human, options
        )
    english = cover.keep_english_fields(spanish, english, inputs.lexicon, reviewed.human)
    clock.lap("translate")

    units = postedit.annotated(units, spanish, inputs.glossary, report.corrections)
    english_text = {u.position: render.inline_markdown(english.unit_inline(english.units[u.position])) for u in units}
    po = postedit.update(inputs.po, units, english_text)
    review = qa.check(spanish, english, inputs.glossary, inputs.notes, inputs.lexicon, report, set(reviewed.human))
    review.needs_review = postedit.waiting(po)
    review.findings += qa.image_findings(photos.problems)
    return Translated(
        inputs.notes, inputs.glossary, spanish, english, units, english_text, reviewed, po, report, review
    )


def translate_without_writing(config: BuildConfig, tools: Tools, progress: Progress = silent) -> Translated:
    """What the last build was made from, made again without writing anything: for ``serve``'s
    review page when its first build found nothing to do (the translations come from the memory)."""
    inputs = read_inputs(config, progress, tools)
    tools.warm_up()
    photos = images.prepare(inputs.spanish, inputs.notes, config.root, config.out, config.state / "images")
    return translate_notes(config, inputs, progress, photos, Stopwatch())


def read_inputs(config: BuildConfig, progress: Progress, tools: Tools) -> Inputs:
    """Read and check the notes, the glossary, the reviewed English, the engine and the last build's state."""
    for folder, what in (
        (config.out, "where the report's files go"),
        (config.state, "where tripreport keeps its state"),
    ):
        if folder.exists() and not folder.is_dir():
            raise TripreportError(f"{folder}: not a folder (it is {what}); move it away or pick another")
    notes = read_notes(config.notes, progress)
    spanish = parse(notes)
    state = BuildState.load(config.state, progress)
    glossary = load_glossary(config.glossary, passed=frozenset(state.glossary_examples))
    po = postedit.read(config.translations)
    engine = tools.engine_for(config.engine, progress, engines.EngineOptions(glossary.senses))
    lexicon = tools.lexicon_for(engine)
    refuse_hand_edits(config, state)
    photos = images.referenced_files(spanish, notes, config.root)
    fingerprint = input_fingerprint(config, notes, engine, lexicon, file_text(config.translations), photos)
    return Inputs(notes, spanish, glossary, po, engine, lexicon, state, fingerprint, photos)


def record(config: BuildConfig, inputs: Inputs, po_text: str, done: Translated, outcomes) -> None:
    """What this build was made from and wrote, for the next one to compare with."""
    state, report, review = inputs.state, done.report, done.qa
    state.inputs = input_fingerprint(config, inputs.notes, inputs.engine, inputs.lexicon, po_text, inputs.photos)
    state.summary = {
        "segments": report.segments,
        "engine_segments": report.translated + report.from_memory,
        "reviewed": report.reviewed,
        "needs_review": review.needs_review,
        "units": len(done.units),
        "flagged": len(review.flagged_units),
        "qa": review.summary(),
    }
    state.outputs = {str(config.out / name): digest((config.out / name).read_bytes()) for name in outcomes}
    state.glossary_examples = sorted(inputs.glossary.examples_passed)
    state.save()


def translate(
    spanish: Document,
    glossary,
    engine: Engine,
    memory: TranslationMemory | None,
    progress: Progress,
    lexicon: Lexicon | None,
    human: dict,
    options: engines.EngineOptions | None = None,
) -> tuple[Document, TranslationReport]:
    """The translation stage, and again with the fallback engine (given ``options``, as the
    engine was) when the engine proved broken."""
    botched = fallback.Fallback(engine, options or engines.EngineOptions())
    try:
        english, report = translate_document(spanish, glossary, engine, memory, progress, lexicon, human, botched)
        tell_degenerate(report, progress)
        if report.broken and report.fallback_engine and (other := botched()) is not None:
            # All of it as the fallback engine would do it alone (with its own negation and word-order help).
            again, redone = translate_document(spanish, glossary, other, memory, progress, lexicon, human)
            redone.flagged, redone.flagged_units = report.flagged, report.flagged_units
            redone.broken, redone.fallback_engine = report.broken, other.name
            return again, redone
        return english, report
    finally:
        botched.close()


def tell_degenerate(report: TranslationReport, progress: Progress) -> None:
    """One line about degenerate engine output, saying what was done and what to do."""
    if report.broken:
        by = f"translated by {report.fallback_engine}" if report.fallback_engine else "left in Spanish"
        progress(
            f"{report.broken}: the whole document was {by}. Remove it (tripreport models remove NAME==VERSION) "
            "or install another version (tripreport models install es_en==VERSION)"
        )
    elif report.flagged:
        reasons = ", ".join(sorted({r for rs in report.flagged.values() for r in rs}))
        by = f"translated by {report.fallback_engine} instead" if report.fallback_engine else "left in Spanish"
        progress(f"{len(report.flagged)} sentences from {report.engine} were degenerate ({reasons}); {by}")


def refuse_hand_edits(config: BuildConfig, state: BuildState) -> None:
    """A report.en.md edited since the last build wrote it is not overwritten (unless ``force``)."""
    path = config.english_markdown
    written = state.outputs.get(str(path))
    if config.force or not written or not path.is_file():
        return
    current = digest(path.read_bytes())
    last = config.last / "report.en.md"  # renamed into place with it: a build stopped before recording wrote it
    if current != written and not (last.is_file() and digest(last.read_bytes()) == current):
        raise TripreportError(
            f"{path}: edited by hand since the last build; run `tripreport absorb` to keep the edits as "
            "reviewed translations, or `tripreport build --force` to overwrite them"
        )


def absorb_edits(config: BuildConfig, edited: Path) -> int:
    """Record the hand edits of ``edited`` (an English Markdown the last build wrote) in the PO file."""
    last_markdown, last_units = config.last / "report.en.md", config.last / "units.json"
    if not last_markdown.is_file() or not last_units.is_file():
        raise TripreportError(f"{config.last}: no record of the last build; run tripreport build first")
    if not edited.is_file():
        raise TripreportError(f"{edited}: no such file")
    before = parse(read_notes(last_markdown))
    edited_notes = read_notes(edited)
    after = parse(edited_notes)
    mismatch = first_structure_difference(before, after)
    if mismatch is not None:
        found = edited_notes.locate(mismatch)
        raise TripreportError(
            f"{edited}:{found[1] if found else 1}: the structure differs from what the last build wrote "
            "(a heading, list item or paragraph added or removed); nothing recorded"
        )
    changed = {}
    for position, (old, new) in enumerate(zip(before.units, after.units, strict=True)):
        old_text = render.inline_markdown(before.unit_inline(old))
        new_text = render.inline_markdown(after.unit_inline(new))
        if old_text != new_text:
            changed[position] = new_text
    with build_lock(config.state):  # the PO file and the state are a build's too
        po = postedit.read(config.translations)
        po, recorded = postedit.absorb(po, last_units.read_text(encoding="utf-8"), changed)
        if recorded:
            write_if_changed(config.translations, postedit.text_of(po))
        state = BuildState.load(config.state)
        if edited.resolve() == config.english_markdown.resolve():  # the next build may overwrite it now
            state.outputs[str(config.english_markdown)] = digest(edited.read_bytes())
            state.save()
    return recorded


def first_structure_difference(before: Document, after: Document) -> int | None:
    """The 0-based Markdown line of ``after`` where its blocks stop matching ``before``'s, or None."""
    old = [t for t in before.tokens if t.type != "inline"]
    new = [t for t in after.tokens if t.type != "inline"]
    last_line = 0
    for a, b in zip(old, new, strict=False):
        last_line = b.map[0] if b.map else last_line
        if (a.type, a.tag, a.level) != (b.type, b.tag, b.level):
            return last_line
    if len(old) != len(new):
        extra = new[len(old)] if len(new) > len(old) else None
        return extra.map[0] if extra is not None and extra.map else last_line
    return None


def file_text(path: Path) -> str:
    """The file's text for the fingerprint, or "" when there is none."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def check_last_build(config: BuildConfig) -> qa.QAReport:
    """QA of the last build's English against the notes; writes ``qa.json`` beside it."""
    english_file = config.out / "report.en.md"
    if not english_file.is_file():
        raise TripreportError(f"{english_file}: no English report to check; run tripreport build first")
    notes = read_notes(config.notes)
    spanish = parse(notes)
    english = parse(read_notes(english_file))
    lexicon = Lexicon.load()
    try:
        review = qa.check(spanish, english, load_glossary(config.glossary), notes, lexicon)
    finally:
        if lexicon is not None:
            lexicon.close()
    with build_lock(config.state):  # qa.json is a build's: read and written while none is writing it
        review.findings += qa.earlier_mends(file_text(config.out / "qa.json"))
        write_if_changed(config.out / "qa.json", review.to_json())
    return review


def translate_file(
    source: Path, glossary_path: Path, engine_name: str, progress: Progress = silent
) -> tuple[str, TranslationReport]:
    """English Markdown for one Markdown file."""
    notes = read_notes(source)
    glossary = load_glossary(glossary_path)
    tools = Tools()
    try:
        options = engines.EngineOptions(glossary.senses)
        engine = tools.engine_for(engine_name, progress, options)
        english, report = translate(
            parse(notes), glossary, engine, None, progress, tools.lexicon_for(engine), {}, options
        )
    finally:
        tools.close()
    provenance = render.Provenance(report.engine, report.engine_version, build_date(notes))
    return render.to_markdown(english, provenance), report


def render_texts(
    spanish: Document,
    english: Document,
    report: TranslationReport,
    config: BuildConfig,
    inputs: Inputs,
    reviewed: postedit.Review,
    photos: images.Images,
    waiting: set[int],
) -> dict[str, str]:
    """The text outputs by file name: English Markdown and the three HTML editions.

    ``waiting`` holds the units (by position) whose PO entry waits for a person's confirmation."""
    provenance = render.Provenance(report.engine, report.engine_version, build_date(inputs.notes), report.reviewed)
    marks = render.ReviewMarks(
        frozenset(spanish.units[p].index for p in reviewed.human), frozenset(spanish.units[p].index for p in waiting)
    )
    wanted = config.glossary_appendix and inputs.notes.meta.glossary_appendix
    appendix = inputs.glossary.appendix(inputs.notes.markdown) if wanted else None
    env = render.template_environment(config.templates)
    page = render.Page(config.paper)
    return {
        "report.en.md": render.to_markdown(english, provenance, photos),
        "report.es.html": render.to_html(spanish, env, provenance, "report.en.html", appendix, page, photos),
        "report.en.html": render.to_html(english, env, provenance, "report.es.html", appendix, page, photos),
        "report.bilingual.html": render.to_bilingual_html(
            spanish, english, env, provenance, appendix, page, marks, photos
        ),
    }


def print_pdfs(
    texts: dict[str, str],
    config: BuildConfig,
    state: BuildState,
    printers: printing.PrintPool,
    staged: Staged,
    progress: Progress,
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
    for done, (pdf_name, printed) in enumerate(printers.print(pending), start=1):
        outcomes[pdf_name] = staged.write(config.out / pdf_name, printed.pdf)
        progress(f"{pdf_name}: {printed.summary}")
        progress(Count("PDFs printed", done, len(pending)))
        state.pdf_sources[str(config.out / pdf_name)] = digest(pending[pdf_name])
    return outcomes


def input_fingerprint(
    config: BuildConfig,
    notes: Notes,
    engine: Engine,
    lexicon: Lexicon | None,
    translations: str,
    photos: list[Path],
) -> str:
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
            translations,
            *(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in photos),
            str(config.out),
            Paper(config.paper).value,
            str(config.glossary_appendix),
        ]
    )


def unchanged_result(state: BuildState, engine: Engine, clock: Stopwatch) -> BuildResult:
    """The result of a build that found nothing to do."""
    report = TranslationReport(
        engine.name,
        engine.version,
        segments=int(state.summary.get("segments", 0)),
        from_memory=int(state.summary.get("engine_segments", 0)),
        reviewed=int(state.summary.get("reviewed", 0)),
    )
    return BuildResult(
        outputs={path: UNCHANGED for path in state.outputs},
        translation=report,
        needs_review=int(state.summary.get("needs_review", 0)),
        qa_summary=list(state.summary.get("qa", [])),
        seconds={"parse": 0.0, "translate": 0.0, "render_html": 0.0, "render_pdf": 0.0, **clock.total()},
        units=int(state.summary.get("units", 0)),
        flagged=int(state.summary.get("flagged", 0)),
    )


def build_date(notes: Notes) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the notes' last edit."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return notes.modified
