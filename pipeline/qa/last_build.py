"""``tripreport check``: QA of the last build's English, read again from the files it wrote.

The build knew more than the files say (the words it mended before translating, the units
an engine damaged, the photos it could not show), so its findings stand: ``check`` starts
from them (``qa.json``) and adds what it finds in the passages whose English changed since
the build (a hand edit of ``report.en.md`` not yet absorbed) and in the report's structure
against the notes as they are now. It never drops a finding of the build, and on English
as the build wrote it, it gives the build's counts.
"""

from __future__ import annotations

import json
from pathlib import Path

from tripreport import postedit, render
from tripreport.config import ENGLISH_MARKDOWN, QA_REPORT, BuildConfig
from tripreport.document import Document, parse
from tripreport.errors import TripreportError
from tripreport.glossary import load_glossary
from tripreport.lexicon import Lexicon
from tripreport.notes import Notes, read_notes
from tripreport.outputs import build_lock, file_text, write_if_changed
from tripreport.qa.checks import check
from tripreport.qa.findings import Finding, QAReport


def check_last_build(config: BuildConfig) -> QAReport:
    """The last build's findings and what a new look at its English finds; writes ``qa.json`` beside it."""
    english_file = config.out / ENGLISH_MARKDOWN
    if not english_file.is_file():
        raise TripreportError(f"{english_file}: no English report to check; run tripreport build first")
    notes = read_notes(config.notes)
    spanish = parse(notes)
    english = parse(read_notes(english_file))
    reviewed = set(postedit.review(postedit.read(config.translations), units_of(spanish, notes)).human)
    lexicon = Lexicon.load()
    try:
        fresh = check(spanish, english, load_glossary(config.glossary), notes, lexicon, reviewed=reviewed)
    finally:
        if lexicon is not None:
            lexicon.close()
    with build_lock(config.state):  # qa.json is a build's: read and written while none is writing it
        built = build_report(file_text(config.out / QA_REPORT))
        edited = edited_units(english, config.last / ENGLISH_MARKDOWN)
        known = {key(f) for f in built.findings}
        looked_at = [f for f in fresh.findings if f.unit < 0 or edited is None or f.unit in edited]
        built.findings += [f for f in looked_at if key(f) not in known]
        write_if_changed(config.out / QA_REPORT, built.to_json())
    return built


def units_of(spanish: Document, notes: Notes) -> list[postedit.SourceUnit]:
    """The units with a PO entry, keyed as the build keys them."""
    return postedit.source_units(spanish, notes, render.inline_markdown)


def key(finding: Finding) -> tuple[str, str, str, str]:
    """What makes two findings the same one."""
    return finding.level, finding.kind, finding.message, finding.where


def build_report(qa_json: str) -> QAReport:
    """The findings the last build wrote in ``qa.json`` (none when it is missing or damaged)."""
    try:
        data = json.loads(qa_json)
        findings = [Finding(**f) for f in data.get("findings", [])]
        return QAReport(findings, needs_review=int(data.get("needs_review", 0)))
    except (ValueError, TypeError, AttributeError):
        return QAReport()


def edited_units(english: Document, built_file: Path) -> set[int] | None:
    """The units (by position) whose English differs from what the last build wrote (its copy in
    the state folder); None when that is not known (no copy, or the units no longer line up)."""
    if not built_file.is_file():
        return None
    try:
        built = parse(read_notes(built_file))
    except TripreportError:
        return None
    if len(built.units) != len(english.units):
        return None
    return {i for i, (a, b) in enumerate(zip(built.units, english.units, strict=True)) if a.text != b.text}
