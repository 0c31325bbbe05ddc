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
# placeholders; reviewed: a person's English lost something; nesting: Markdown nested
# deeper than the editions show; image: a photo the editions cannot show; mended: a word the
# lexicon read as another before translating (a typo, a name's capital, a cognate), for a
# person to confirm; unknown-word: a word no dictionary knows, kept as written because no mend
# had evidence enough (a regional word, a verb with clitics, an augmentative), for a person to read.
Kind = Literal[
    "structure", "kept-term", "url", "domain", "code", "number", "emoji", "emoticon", "forced-term",
    "placeholder", "length", "negation", "untranslated", "degenerate", "fallback", "reviewed", "nesting",
    "image", "mended", "unknown-word",
]  # fmt: skip
# What the build saw before translating, listed for a person: ``check`` carries them over.
BEFORE_TRANSLATING: tuple[Kind, ...] = ("mended", "unknown-word")
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
    """All findings of one check."""

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


def earlier_mends(qa_json: str) -> list[Finding]:
    """The words a build mended or kept as unknown before translating, from the ``qa.json`` it
    wrote (``check`` reads the English again, but only the build saw the Spanish the engine got)."""
    try:
        found = json.loads(qa_json).get("findings", [])
        return [Finding(**f) for f in found if f.get("kind") in BEFORE_TRANSLATING and f.get("level") == INFO]
    except (ValueError, TypeError, AttributeError):
        return []
