"""The QA gate: compare the Spanish notes with their English translation, unit by unit.

Errors (the translation lost something): block structure, heading or link counts
differ; a kept term, URL, number, code span or emoji is missing; a forced term's
English is not used; an engine placeholder leaked into the text. Warnings (worth a
look): Spanish words left untranslated, a negation in one language and not the other,
a suspicious length ratio, units the engine damaged so that the pipeline translated
around their terms. Every finding names the note's file and line.
"""

from tripreport.qa.checks import check, image_findings
from tripreport.qa.findings import ERROR, INFO, LEVELS, WARNING, Finding, Kind, Level, QAReport
from tripreport.qa.last_build import check_last_build

__all__ = [
    "ERROR",
    "INFO",
    "LEVELS",
    "WARNING",
    "Finding",
    "Kind",
    "Level",
    "QAReport",
    "check",
    "check_last_build",
    "image_findings",
]
