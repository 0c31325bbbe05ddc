"""``tripreport translate``: one Markdown file to English Markdown, outside any report folder."""

from __future__ import annotations

from pathlib import Path

from tripreport import engines, render
from tripreport.config import build_date
from tripreport.document import parse
from tripreport.engines import EngineName
from tripreport.glossary import load_glossary
from tripreport.notes import read_notes
from tripreport.progress import Progress, silent
from tripreport.tools import Tools
from tripreport.translation.translate import TranslationReport, translate_with_fallback


def translate_file(
    source: Path, glossary_path: Path, engine_name: EngineName, progress: Progress = silent
) -> tuple[str, TranslationReport]:
    """English Markdown for one Markdown file."""
    notes = read_notes(source)
    glossary = load_glossary(glossary_path)
    engines.check_fix_rules(glossary.fixes)
    tools = Tools()
    try:
        options = engines.EngineOptions(glossary.senses)
        engine = tools.engine_for(engine_name, progress, options)
        english, report = translate_with_fallback(
            parse(notes), glossary, engine, None, progress, tools.lexicon_for(engine), {}, options
        )
    finally:
        tools.close()
    provenance = render.Provenance(report.engine, report.engine_version, build_date(notes))
    return render.to_markdown(english, provenance), report
