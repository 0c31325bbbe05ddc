"""The QA gate: compare the Spanish notes with their English translation, unit by unit.

Errors (the translation lost something): block structure, heading or link counts
differ; a kept term, URL, number, code span or emoji is missing; a forced term's
English is not used; an engine placeholder leaked into the text. Warnings (worth a
look): Spanish words left untranslated, a suspicious length ratio, units the engine
damaged so that the pipeline translated around their terms.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from tripreport.document import Document, Protected, inline_text, protect_prose
from tripreport.glossary import Glossary

ERROR, WARNING = "error", "warning"
# Frequent Spanish words that are not also English words: their presence means a gap.
SPANISH_WORDS = frozenset(
    """que del los las una unos unas por para pero muy cosas cosa también cómo qué está
    están tiene tienen hace hacer sobre entre más sin nada todo todos aquí ahí donde
    cuando porque sus eso esto esta este estos estas ese esa gente hoy ayer mañana
    pláticas plática chido chida chidos pedo pedos jala jalan wey weyes tbn tonces
    compus compu chingos nomás""".split()
)
_ACCENTED = re.compile(r"\b\w*[áéíóúñ¿¡]\w*\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_PLACEHOLDERS = [re.compile(r"zk\d+z"), re.compile(r"⟦\d+⟧")]


@dataclass(frozen=True)
class Finding:
    """One problem found, located by unit and the heading above it."""

    level: str
    kind: str
    message: str
    unit: int = -1
    section: str = ""
    source: str = ""


@dataclass
class QAReport:
    """All findings of one check."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    def to_json(self) -> str:
        data = {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

    def summary(self, limit: int = 10) -> list[str]:
        """A readable summary: counts, then the first findings."""
        lines = [f"QA: {len(self.errors)} errors, {len(self.warnings)} warnings"]
        for finding in (self.errors + self.warnings)[:limit]:
            where = f" [{finding.section}]" if finding.section else ""
            lines.append(f"  {finding.level}: {finding.message}{where}")
        if len(self.findings) > limit:
            lines.append(f"  … and {len(self.findings) - limit} more in qa.json")
        return lines


def check(spanish: Document, english: Document, glossary: Glossary, fallbacks: list[str] | None = None) -> QAReport:
    """Every finding for this pair of documents."""
    report = QAReport()
    report.findings.extend(structure_findings(spanish, english))
    if len(spanish.units) != len(english.units):
        return report
    section = ""
    sections = {}
    for token_index, token in enumerate(spanish.tokens):
        if token.type == "heading_open":
            section = inline_text(spanish.tokens[token_index + 1])
        sections[token_index] = section
    damaged = set(fallbacks or [])
    for i, (es_unit, en_unit) in enumerate(zip(spanish.units, english.units, strict=True)):
        es_text, en_text = es_unit.text, en_unit.text
        where = {"unit": i, "section": sections.get(es_unit.index, ""), "source": es_text[:80]}
        report.findings.extend(unit_findings(es_unit.pieces, es_text, en_text, glossary, where))
        if es_text in damaged:
            report.findings.append(
                Finding(WARNING, "fallback", "engine damaged placeholders; translated around the terms", **where)
            )
    return report


def structure_findings(spanish: Document, english: Document) -> list[Finding]:
    """Block structure, headings and links must match."""

    def blocks(doc: Document) -> list[tuple[str, str, int]]:
        return [(t.type, t.tag, t.level) for t in doc.tokens if t.type != "inline"]

    def count(doc: Document, kind: str) -> int:
        return sum(1 for t in doc.tokens for c in ([t] + list(t.children or [])) if c.type == kind)

    findings = []
    if blocks(spanish) != blocks(english):
        findings.append(Finding(ERROR, "structure", "block structure differs from the Spanish"))
    for kind, label in (("heading_open", "headings"), ("link_open", "links")):
        es, en = count(spanish, kind), count(english, kind)
        if es != en:
            findings.append(Finding(ERROR, "structure", f"{label}: {es} in Spanish, {en} in English"))
    return findings


def unit_findings(pieces: list, es_text: str, en_text: str, glossary: Glossary, where: dict) -> list[Finding]:
    """Findings for one unit: what must survive, what must not remain."""
    findings = []
    must_keep = [p for p in glossary.protect_kept(list(pieces)) if isinstance(p, Protected) and not p.tokens]
    must_keep += [p for p in pieces if isinstance(p, Protected) and p.kind == "code"]
    for piece in must_keep:
        if piece.kind == "markup" or not piece.source:
            continue
        if en_text.count(piece.source) < es_text.count(piece.source):
            kind = "kept-term" if piece.kind == "keep" else piece.kind
            findings.append(Finding(ERROR, kind, f"{piece.source!r} is missing from the English", **where))
    for piece in glossary.protect(list(pieces)):
        if isinstance(piece, Protected) and piece.kind == "term" and piece.target.casefold() not in en_text.casefold():
            findings.append(Finding(ERROR, "forced-term", f"{piece.source!r} should read {piece.target!r}", **where))
    for pattern in _PLACEHOLDERS:
        for leaked in pattern.findall(en_text):
            findings.append(
                Finding(ERROR, "placeholder", f"engine placeholder {leaked!r} left in the English", **where)
            )
    findings.extend(spanish_left(en_text, glossary, where))
    letters = len(_WORD.findall(es_text))
    if letters >= 5:
        ratio = len(en_text) / max(len(es_text), 1)
        if not 0.5 <= ratio <= 2.0:
            findings.append(Finding(WARNING, "length", f"English is {ratio:.1f}× the Spanish length", **where))
    return findings


def spanish_left(en_text: str, glossary: Glossary, where: dict) -> list[Finding]:
    """Spanish words still in the English, outside kept terms, URLs and code."""
    prose = " ".join(p for p in glossary.protect_kept(protect_prose(en_text)) if isinstance(p, str))
    words = {w for w in _ACCENTED.findall(prose)}
    words |= {w for w in _WORD.findall(prose) if w.lower() in SPANISH_WORDS}
    return [Finding(WARNING, "untranslated", f"Spanish word {w!r} left untranslated", **where) for w in sorted(words)]
