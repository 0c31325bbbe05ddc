"""What QA finds: findings with their level and kind, and the report of one check.

A finding names the unit, the heading above it and the note's file and line; ``qa.json`` is
the report as JSON, and the build summary and ``tripreport check`` read it as lines.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Literal

from tripreport.progress import plural

Level = Literal["error", "warning", "info"]
# What a finding is about. structure: headings, links or blocks differ in number; kept-term,
# url, domain, code, number, emoji, emoticon: something that must survive is missing;
# forced-term: a glossary translation the English does not use; placeholder: an engine's
# left in the English; length: English far longer than the Spanish; negation: one says no
# and the other does not; untranslated: a Spanish word in the English; degenerate: a neural
# model's looping output, translated by another engine; fallback: an engine damaged
# placeholders; lost-in-correction: a person's English lost something; links-in-correction: a
# person's English has other links than the Spanish; nesting: Markdown nested
# deeper than the editions show; image: a photo the editions cannot show; mended: a word the
# lexicon read as another before translating (a typo, a name's capital, a cognate), for a
# person to confirm; unknown-word: a word no dictionary knows, kept as written because no mend
# had evidence enough (a regional word, a verb with clitics, an augmentative), for a person to read.
Kind = Literal[
    "structure", "kept-term", "url", "domain", "code", "number", "emoji", "emoticon", "forced-term",
    "placeholder", "length", "negation", "untranslated", "degenerate", "fallback", "lost-in-correction",
    "links-in-correction", "nesting", "image", "mended", "unknown-word",
]  # fmt: skip
# Kinds a ``qa.json`` of an earlier version may name, and their names now ("reviewed" read like the
# review state of a passage).
RENAMED: dict[str, Kind] = {"reviewed": "lost-in-correction"}
ERROR: Level = "error"
WARNING: Level = "warning"
INFO: Level = "info"
LEVELS: tuple[Level, ...] = (ERROR, WARNING, INFO)


@dataclass(frozen=True)
class Finding:
    """One problem found, located by unit, the heading above it and the note's file and line."""

    level: Level
    kind: Kind
    message: str
    unit: int = -1
    section: str = ""
    source: str = ""
    where: str = ""
    subject: str = ""  # what it is about as the text has it: the word left in Spanish, the term or URL lost


@dataclass
class QAReport:
    """All findings of one check, and how many reviewed passages wait for confirmation (a count
    the PO file gives: the build and ``check`` pass it in, QA's checks never set it)."""

    findings: list[Finding] = field(default_factory=list)
    needs_review: int = 0  # PO entries with a person's English carried over, waiting for confirmation

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    @property
    def infos(self) -> list[Finding]:
        return [f for f in self.findings if f.level == INFO]

    @property
    def flagged_units(self) -> set[int]:
        """The units (by position) with at least one error or warning (a word mended is worth a look,
        not a flag)."""
        return {f.unit for f in self.findings if f.unit >= 0 and f.level != INFO}

    def to_json(self) -> str:
        data = {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "info": len(self.infos),
            "needs_review": self.needs_review,
            "counts": dict(sorted(Counter(f.kind for f in self.findings).items())),
            "findings": [asdict(f) for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def summary(self, limit: int = 10, infos: bool = False) -> list[str]:
        """A readable summary: counts, then the findings grouped by kind (errors first), ``limit`` a
        kind; the informational ones (words mended before translating) counted, or with ``infos`` listed."""
        lines = [f"QA: {plural(len(self.errors), 'error')}, {plural(len(self.warnings), 'warning')}"]
        if self.needs_review:
            waiting = plural(self.needs_review, "reviewed passage")
            verb = "waits" if self.needs_review == 1 else "wait"
            lines.append(f"  {waiting} {verb} for confirmation (fuzzy in the PO file)")
        groups: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.errors + self.warnings + (self.infos if infos else []):
            groups.setdefault((finding.level, finding.kind), []).append(finding)
        for (level, kind), found in groups.items():
            lines.append(f"  {level if level == INFO else level + 's'}: {kind} ({len(found)})")
            for finding in found[:limit]:
                where = f"{finding.where}: " if finding.where else ""
                lines.append(f"    {where}{finding.message}")
            if len(found) > limit:
                lines.append(f"    … and {len(found) - limit} more in qa.json")
        if self.infos and not infos:
            lines += [
                f"  {plural(count, 'word')} {SUMMARIES[kind]}: listed in qa.json"
                for kind, count in Counter(f.kind for f in self.infos).items()
                if kind in SUMMARIES
            ]
        return lines


# How the informational findings are counted in a summary that does not list them.
SUMMARIES: dict[Kind, str] = {
    "mended": "read as another before translating (a typo, a name)",
    "unknown-word": "no dictionary knows, kept as written (no mend had evidence enough)",
}


def findings_of(qa_json: str) -> list[Finding]:
    """The findings of a ``qa.json`` (this version's or an earlier one's: renamed kinds read as
    their names now); none when it cannot be read."""
    try:
        found = json.loads(qa_json).get("findings", [])
        return [Finding(**{**f, "kind": RENAMED.get(f.get("kind"), f.get("kind"))}) for f in found]
    except (ValueError, TypeError, AttributeError):
        return []
