"""``tripreport check``: QA of the last build's English, read again from the files it wrote."""

from __future__ import annotations

from tripreport.config import ENGLISH_MARKDOWN, QA_REPORT, BuildConfig
from tripreport.document import parse
from tripreport.errors import TripreportError
from tripreport.glossary import load_glossary
from tripreport.lexicon import Lexicon
from tripreport.notes import read_notes
from tripreport.outputs import build_lock, file_text, write_if_changed
from tripreport.qa.checks import check
from tripreport.qa.findings import QAReport, earlier_mends


def check_last_build(config: BuildConfig) -> QAReport:
    """QA of the last build's English against the notes; writes ``qa.json`` beside it."""
    english_file = config.out / ENGLISH_MARKDOWN
    if not english_file.is_file():
        raise TripreportError(f"{english_file}: no English report to check; run tripreport build first")
    notes = read_notes(config.notes)
    spanish = parse(notes)
    english = parse(read_notes(english_file))
    lexicon = Lexicon.load()
    try:
        review = check(spanish, english, load_glossary(config.glossary), notes, lexicon)
    finally:
        if lexicon is not None:
            lexicon.close()
    with build_lock(config.state):  # qa.json is a build's: read and written while none is writing it
        review.findings += earlier_mends(file_text(config.out / QA_REPORT))
        write_if_changed(config.out / QA_REPORT, review.to_json())
    return review
