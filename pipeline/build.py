"""The recipe: notes in, bilingual report out.

read notes → parse → protect terms, translate, restore → render Markdown and HTML →
print PDFs → write the files that changed. Every input is read and checked before any
output is written, so a bad glossary or a missing engine leaves ``output/`` as it was.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import tripreport
from tripreport import cover, engines, images, postedit, printing, qa, render, sitetags
from tripreport.absorb import refuse_hand_edits
from tripreport.cancel import Cancel, Overtaken
from tripreport.config import (
    BILINGUAL_HTML,
    ENGLISH_HTML,
    ENGLISH_MARKDOWN,
    LAST_UNITS,
    QA_REPORT,
    SPANISH_HTML,
    BuildConfig,
    build_date,
    pdf_of,
)
from tripreport.document import Document, inline_pieces, parse
from tripreport.engines import Engine
from tripreport.errors import TripreportError
from tripreport.glossary import Glossary, load_glossary
from tripreport.lexicon import Lexicon
from tripreport.model import BuildResult, Committing, Inputs, Translated
from tripreport.notes import Notes, find_note_files, read_notes
from tripreport.outputs import UNCHANGED, Staged, build_lock, file_text, remove_temporaries
from tripreport.progress import Count, Detail, Progress, plural, silent
from tripreport.state import BuildState, Stopwatch, code_fingerprint, digest, fingerprint, folder_files
from tripreport.tools import Tools
from tripreport.translation.memory import TranslationMemory
from tripreport.translation.translate import TranslationReport, translate_with_fallback


def build(
    config: BuildConfig,
    progress: Progress = silent,
    tools: Tools | None = None,
    html_ready: Callable[[Translated], None] | None = None,
    committing: Committing = contextlib.nullcontext,
    cancel: Cancel | None = None,
) -> BuildResult:
    """Build the Spanish and English reports (Markdown, HTML, PDF) into ``config.out``.

    With ``tools``, the programs are the caller's, left running; with ``html_ready``, the
    Markdown and HTML are written as soon as they are made (then ``html_ready()`` is called
    with what they were made from) and the PDFs after them, instead of all at once. With
    ``cancel``, the build raises :class:`~tripreport.cancel.Cancelled` at its next stage
    boundary once the token is set.
    """
    cancel = cancel or Cancel()
    with one_build_at_a_time(config, progress):
        if tools is not None:
            return build_with(config, progress, tools, html_ready, committing, cancel)
        tools = Tools()
        try:
            result = build_with(config, progress, tools, html_ready, committing, cancel)
        except BaseException:
            tools.close(finish=False)
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
        progress(f"removed {plural(removed, 'temporary file')} a stopped build left")


def build_with(
    config: BuildConfig,
    progress: Progress,
    tools: Tools,
    html_ready: Callable[[Translated], None] | None,
    committing: Committing = contextlib.nullcontext,
    cancel: Cancel | None = None,
) -> BuildResult:
    """The recipe, with ``tools`` running the programs it needs; ``cancel`` looked at between stages."""
    clock, cancel = Stopwatch(), cancel or Cancel()
    inputs = read_inputs(config, progress, tools)
    if not config.force and inputs.state.inputs == inputs.fingerprint and inputs.state.outputs_intact():
        progress("nothing changed since the last build")
        return unchanged_result(inputs.state, inputs.engine, clock)
    cancel.check("translate")

    tools.warm_up()  # the dictionaries load while the notes' photos and PO file are read
    printers = tools.printers_for(config)  # loads WeasyPrint while the rest goes on
    with Staged() as staged:
        photos = images.prepare(inputs.spanish, inputs.notes, config.root, config.out, config.state / "images")
        done = translate_notes(config, inputs, progress, photos, clock)
        spanish, english, report, findings = done.spanish, done.english, done.report, done.qa
        tools.done_translating()
        cancel.check("render")
        waiting = postedit.waiting_units(done.po, done.units)
        texts = render_texts(spanish, english, report, config, inputs, done.reviewed, photos, waiting)
        texts[QA_REPORT] = findings.to_json()
        # The record of what this build wrote goes into place before the English it records: a
        # build stopped between the two renames must not leave report.en.md looking hand-edited.
        staged.write(config.last / ENGLISH_MARKDOWN, texts[ENGLISH_MARKDOWN])
        staged.write(config.last / LAST_UNITS, postedit.remember_units(done.units))
        outcomes = {name: staged.write(config.out / name, text) for name, text in texts.items()}
        po_text = postedit.text_of(done.po)
        staged.write(config.translations, po_text)
        if html_ready is not None:
            with committing():
                cancel.check("html")
                commit(staged, config, (inputs.po_text, po_text))
            html_ready(done)
        clock.lap("render_html")

        cancel.check("print")
        outcomes.update(print_pdfs(texts, config, inputs.state, printers, staged, progress, cancel))
        with committing():
            cancel.check("pdf")
            commit(staged, config, (inputs.po_text, po_text))  # every output at once, now that all are made
        clock.lap("render_pdf")

    record(config, inputs, po_text, done, outcomes)
    return BuildResult(
        outputs={str(config.out / name): outcome for name, outcome in outcomes.items()},
        translation=report,
        needs_review=findings.needs_review,
        qa_summary=inputs.state.summary["qa"],
        seconds=clock.total(),
        units=len(done.units),
        flagged=len(findings.flagged_units),
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

    tell_template_tags(spanish, progress)
    with TranslationMemory(config.memory, warn=progress) as memory:
        # A person's English, with the template tags the PO file does not show put back.
        human = {
            position: sitetags.with_tags(inline_pieces(text), spanish.units[position].pieces)
            for position, text in reviewed.human.items()
        }
        options = engines.EngineOptions(inputs.glossary.senses)
        english, report = translate_with_fallback(
            spanish, inputs.glossary, inputs.engine, memory, progress, inputs.lexicon, human, options
        )
    english = cover.keep_english_fields(spanish, english, inputs.lexicon, reviewed.human)
    clock.lap("translate")

    units = postedit.annotated(units, spanish, inputs.glossary, report.corrections)
    english_text = {u.position: render.inline_markdown(english.unit_inline(english.units[u.position])) for u in units}
    po = postedit.update(inputs.po, units, english_text)
    checked = qa.check(spanish, english, inputs.glossary, inputs.notes, inputs.lexicon, report, set(reviewed.human))
    # The report qa.json gives: the English's findings, the photos', and the PO file's waiting entries.
    findings = qa.QAReport(checked.findings + qa.image_findings(photos.problems), postedit.waiting(po))
    return Translated(
        inputs.notes, inputs.glossary, spanish, english, units, english_text, reviewed, po, report, findings
    )


def tell_template_tags(spanish: Document, progress: Progress) -> None:
    """One line (with ``--verbose``) naming the site generator's tags the notes hold: kept as written."""
    tags = sitetags.found_in(spanish.tokens)
    if tags:
        shown = ", ".join(" ".join(t.split())[:60] for t in tags[:12])
        shown += f", … ({len(tags)} in all)" if len(tags) > 12 else ""
        progress(Detail(f"template tags kept as written in {ENGLISH_MARKDOWN}, left out of the pages: {shown}"))


def translate_without_writing(
    config: BuildConfig, tools: Tools, progress: Progress = silent, cancel: Cancel | None = None
) -> Translated:
    """What the last build was made from, made again without writing anything: for ``serve``'s
    review page when its first build found nothing to do (the translations come from the memory)."""
    inputs = read_inputs(config, progress, tools)
    if cancel is not None:
        cancel.check("translate")
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
    engines.check_fix_rules(glossary.fixes)
    po_text = file_text(config.translations)
    po = postedit.read(config.translations)
    engine = tools.engine_for(config.engine, progress, engines.EngineOptions(glossary.senses))
    lexicon = tools.lexicon_for(engine)
    refuse_hand_edits(config, state)
    photos = images.referenced_files(spanish, notes, config.root)
    sources = sources_fingerprint(config, notes, glossary, engine, lexicon, photos)
    fingerprint = input_fingerprint(sources, po_text)
    return Inputs(notes, spanish, glossary, po, po_text, engine, lexicon, state, sources, fingerprint, photos)


def commit(staged: Staged, config: BuildConfig, po_texts: tuple[str, str]) -> None:
    """Rename the staged outputs into place, unless the PO file on disk is neither the one the build
    read nor the one it wrote (``po_texts``): then an editor saved it meanwhile, and the build's
    PO file would overwrite that save (:class:`~tripreport.cancel.Overtaken`). The PO file goes
    first, right after that look, so that a save landing meanwhile has the least time to."""
    if file_text(config.translations) not in po_texts:
        raise Overtaken(config.translations)
    staged.commit(first=config.translations)


def record(config: BuildConfig, inputs: Inputs, po_text: str, done: Translated, outcomes: dict[str, str]) -> None:
    """What this build was made from and wrote, for the next one to compare with."""
    state, report, findings = inputs.state, done.report, done.qa
    state.inputs = input_fingerprint(inputs.sources, po_text)  # the inputs as read, not as they are now
    state.summary = {
        "segments": report.segments,
        "engine_segments": report.translated + report.from_memory,
        "reviewed": report.reviewed,
        "needs_review": findings.needs_review,
        "units": len(done.units),
        "flagged": len(findings.flagged_units),
        "qa": findings.summary(),
    }
    state.outputs = {str(config.out / name): digest((config.out / name).read_bytes()) for name in outcomes}
    state.glossary_examples = sorted(inputs.glossary.examples_passed)
    state.save()


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
        ENGLISH_MARKDOWN: render.to_markdown(english, provenance, photos),
        SPANISH_HTML: render.to_html(spanish, env, provenance, ENGLISH_HTML, appendix, page, photos),
        ENGLISH_HTML: render.to_html(english, env, provenance, SPANISH_HTML, appendix, page, photos),
        BILINGUAL_HTML: render.to_bilingual_html(spanish, english, env, provenance, appendix, page, marks, photos),
    }


def print_pdfs(
    texts: dict[str, str],
    config: BuildConfig,
    state: BuildState,
    printers: printing.PrintPool,
    staged: Staged,
    progress: Progress,
    cancel: Cancel | None = None,
) -> dict[str, str]:
    """Print each HTML edition to PDF, skipping those whose HTML is what the PDF was made from
    (``cancel``: the print workers' waits stop, and their work is dropped, once it is set)."""
    outcomes, pending = {}, {}
    for name in sorted(n for n in texts if n.endswith(".html")):
        pdf_name = pdf_of(name)
        if (config.out / pdf_name).is_file() and state.pdf_sources.get(str(config.out / pdf_name)) == digest(
            texts[name]
        ):
            outcomes[pdf_name] = UNCHANGED
        else:
            pending[pdf_name] = texts[name]
    if pending:
        progress(f"printing {', '.join(pending)}")
    for done, (pdf_name, printed) in enumerate(printers.print(pending, cancel), start=1):
        outcomes[pdf_name] = staged.write(config.out / pdf_name, printed.pdf)
        progress(f"{pdf_name}: {printed.summary}")
        progress(Count("PDFs printed", done, len(pending)))
        state.pdf_sources[str(config.out / pdf_name)] = digest(pending[pdf_name])
    return outcomes


def input_fingerprint(sources: str, translations: str) -> str:
    """One digest of everything the outputs depend on: the sources, and the PO file's text."""
    return fingerprint([sources, translations])


def sources_fingerprint(
    config: BuildConfig,
    notes: Notes,
    glossary: Glossary,
    engine: Engine,
    lexicon: Lexicon | None,
    photos: list[Path],
) -> str:
    """One digest of what the outputs depend on but the PO file (which a build writes), taken when
    the build reads its inputs: a glossary saved while the build runs must make the next build, not
    be recorded as this one's input."""
    return fingerprint(
        [
            tripreport.__version__,
            code_fingerprint(),
            notes.markdown,
            repr(notes.meta),
            build_date(notes).isoformat(),
            *sorted(glossary.examples_passed),  # the glossary as read: each file's key names its text
            *folder_files(config.templates),
            *folder_files(render.DEFAULT_TEMPLATES),
            engine.memory_key,
            lexicon.version if lexicon else "",
            *(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in photos),
            str(config.out),
            config.paper.value,
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
