"""The QA gate: compare the Spanish notes with their English translation, unit by unit.

Errors (the translation lost something): block structure, heading or link counts
differ; a kept term, URL, number, code span or emoji is missing; a forced term's
English is not used; an engine placeholder leaked into the text. Warnings (worth a
look): Spanish words left untranslated, a negation in one language and not the other,
a suspicious length ratio, units the engine damaged so that the pipeline translated
around their terms. Every finding names the note's file and line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Literal

from tripreport import engines
from tripreport.document import (
    MAX_NESTING,
    Document,
    Protected,
    TextUnit,
    inline_text,
    protect_prose,
    without_cover,
)
from tripreport.glossary import Glossary
from tripreport.lexicon import WORD, Correction, CorrectionKind, Lexicon
from tripreport.notes import Notes
from tripreport.segment import split_sentences
from tripreport.translate import TranslationReport

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
# person to confirm.
Kind = Literal[
    "structure", "kept-term", "url", "domain", "code", "number", "emoji", "emoticon", "forced-term",
    "placeholder", "length", "negation", "untranslated", "degenerate", "fallback", "reviewed", "nesting",
    "image", "mended",
]  # fmt: skip
ERROR: Level = "error"
WARNING: Level = "warning"
INFO: Level = "info"
# Without Apertium's analyser: frequent Spanish words that are not also English words.
SPANISH_WORDS = frozenset(
    """que del los las una unos unas por para pero muy cosas cosa también cómo qué está
    están tiene tienen hace hacer sobre entre más sin nada todo todos aquí ahí donde
    cuando porque sus eso esto esta este estos estas ese esa gente hoy ayer mañana""".split()
)
_ACCENTED = re.compile(r"\b\w*[áéíóúñ¿¡]\w*\b", re.IGNORECASE)
# Negation: Spanish words and English ones. "sin embargo" (however), "de nada" and "ni modo"
# (never mind) negate nothing.
SPANISH_NEGATION = re.compile(
    r"(?<!\w)(?:no|nadie|nunca|jamás|ningún|ninguna|ninguno|ningunas|ningunos|nada|ni|tampoco|sin)(?!\w)", re.I
)
SPANISH_NOT_NEGATION = re.compile(r"(?<!\w)(?:sin embargo|de nada|ni modo)(?!\w)", re.I)
# "sin X" is often one English word: sin cambios → unchanged, sin servidores → serverless.
SPANISH_WITHOUT_ONLY = re.compile(r"(?<!\w)sin(?!\w)", re.I)
ENGLISH_PRIVATIVE = re.compile(
    r"(?<!\w)(?:un(?!der)|non-?)[a-z]{4,}(?:ed|able|ible)(?!\w)|(?<!\w)[a-z]{3,}(?:less|-free)(?!\w)", re.I
)
ENGLISH_NEGATION = re.compile(
    r"(?<!\w)(?:not|no|never|nobody|nothing|none|neither|nor|without|nowhere|cannot|no-one)(?!\w)|n[’']t(?!\w)", re.I
)


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
            mended = plural(len(self.infos), "word")
            lines.append(f"  {mended} read as another before translating (a typo, a name): listed in qa.json")
        return lines


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def check(
    spanish: Document,
    english: Document,
    glossary: Glossary,
    notes: Notes | None = None,
    lexicon: Lexicon | None = None,
    translation: TranslationReport | None = None,
    reviewed: set[int] | None = None,
) -> QAReport:
    """Every finding for this pair of documents.

    ``translation`` tells what the translation stage did: units translated around their
    terms, the lexicon's mended typos (applied to the Spanish before comparing: ``nopuede``
    negates as ``no puede``), degenerate outputs. Units in ``reviewed`` have a person's
    English: what it lost is a warning naming the PO entry, and the checks of machine
    English (forced terms, negation, length, Spanish left) are theirs to judge.
    """
    fallbacks = translation.fallbacks if translation else []
    corrections = translation.corrections if translation else {}
    report = QAReport()
    if spanish.cover != english.cover:  # English written without the cover's front matter
        spanish, english = without_cover(spanish), without_cover(english)
    report.findings.extend(structure_findings(spanish, english))
    for line in spanish.flattened:
        where = notes.where(line) if notes else ""
        message = f"nested deeper than Markdown can hold ({MAX_NESTING} levels): flattened into the text before it"
        report.findings.append(Finding(WARNING, "nesting", message, where=where))
    if len(spanish.units) != len(english.units):
        return report
    section = ""
    sections = {}
    for token_index, token in enumerate(spanish.tokens):
        if token.type == "heading_open":
            section = inline_text(spanish.tokens[token_index + 1])
        sections[token_index] = section
    damaged = set(fallbacks or [])
    places = []
    for i, (es_unit, en_unit) in enumerate(zip(spanish.units, english.units, strict=True)):
        es_text, en_text = es_unit.text, en_unit.text
        where = {
            "unit": i,
            "section": sections.get(es_unit.index, ""),
            "source": es_text[:80],
            "where": notes.where(es_unit.line) if notes else "",
        }
        places.append(where)
        if i in (reviewed or set()):
            report.findings.extend(reviewed_findings(es_unit.pieces, es_text, en_text, glossary, where))
            continue
        es_pieces = corrected(es_unit.pieces, (corrections or {}).get(i, ()))
        report.findings.extend(unit_findings(es_pieces, es_text, en_text, glossary, where))
        if es_text in damaged:
            report.findings.append(
                Finding(WARNING, "fallback", "engine damaged placeholders; translated around the terms", **where)
            )
        if translation and i in translation.flagged_units:
            report.findings.append(degenerate_finding(translation, translation.flagged_units[i], where))
        report.findings.extend(mended_findings((corrections or {}).get(i, ()), where))
    machine_units = [u for i, u in enumerate(english.units) if i not in (reviewed or set())]
    machine_places = [p for i, p in enumerate(places) if i not in (reviewed or set())]
    report.findings.extend(spanish_left(machine_units, glossary, lexicon, machine_places))
    report.findings.sort(key=lambda f: (LEVELS.index(f.level), f.unit))
    return report


LEVELS: tuple[Level, ...] = (ERROR, WARNING, INFO)


def mended_findings(corrections: tuple[Correction, ...], where: dict) -> list[Finding]:
    """What the lexicon read each unknown word as, for a person to confirm (*postgres* read as
    *postres* would turn a name into dessert)."""
    return [
        Finding(INFO, "mended", f"{c.word!r} read as {c.replacement!r} ({READINGS[c.kind]})", **where)
        for c in corrections
    ]


# How each kind of correction reads in a finding.
READINGS: dict[CorrectionKind, str] = {
    "case": "capitals",
    "diminutive": "a diminutive",
    "superlative": "a superlative",
    "expression": "an expression",
    "spelling": "a typo",
    "cognate": "a cognate",
}


def earlier_mends(qa_json: str) -> list[Finding]:
    """The words a build mended before translating, from the ``qa.json`` it wrote (``check``
    reads the English again, but only the build saw the Spanish the engine got)."""
    try:
        found = json.loads(qa_json).get("findings", [])
        return [Finding(**f) for f in found if f.get("kind") == "mended" and f.get("level") == INFO]
    except (ValueError, TypeError, AttributeError):
        return []


def image_findings(problems: list) -> list[Finding]:
    """An image the editions cannot show (missing, outside the report folder, not an image): its alt text shows."""
    return [
        Finding(
            WARNING, "image", f"image {p.src!r} not shown ({p.reason}); its alt text is shown instead", where=p.where
        )
        for p in problems
    ]


def degenerate_finding(translation: TranslationReport, reasons: list[str], where: dict) -> Finding:
    """A unit whose engine output was degenerate: mended by the fallback engine (a warning) or not (an error)."""
    what = f"{translation.engine} output {', '.join(reasons)}"
    if translation.unmended:
        return Finding(ERROR, "degenerate", f"{what}; no other engine to translate it, left in Spanish", **where)
    return Finding(WARNING, "degenerate", f"{what}; translated by {translation.fallback_engine} instead", **where)


def corrected(pieces: list, corrections: tuple[Correction, ...]) -> list:
    """``pieces`` with the lexicon's Spanish corrections (typos, case) made in their prose."""
    spanish = [c for c in corrections if c.kind in ("spelling", "case")]
    if not spanish:
        return pieces
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            for c in spanish:
                piece = re.sub(rf"(?<![\w-]){re.escape(c.word)}(?![\w-])", c.replacement, piece)
        out.append(piece)
    return out


def structure_findings(spanish: Document, english: Document) -> list[Finding]:
    """Block structure, headings and links must match."""

    def blocks(doc: Document) -> list[tuple[str, str, int]]:
        return [(t.type, t.tag, t.level) for t in doc.tokens if t.type != "inline"]

    def count(doc: Document, kind: str) -> int:  # bare URLs are checked as URLs, not as links
        tokens = (c for t in doc.tokens for c in ([t] + list(t.children or [])))
        return sum(1 for c in tokens if c.type == kind and c.markup != "linkify")

    findings = []
    if blocks(spanish) != blocks(english):
        findings.append(Finding(ERROR, "structure", "block structure differs from the Spanish"))
    for kind, label in (("heading_open", "headings"), ("link_open", "links")):
        es, en = count(spanish, kind), count(english, kind)
        if es != en:
            findings.append(Finding(ERROR, "structure", f"{label}: {es} in Spanish, {en} in English"))
    return findings


def lost(pieces: list, es_text: str, en_text: str, glossary: Glossary) -> list[tuple[str, str]]:
    """``(kind, text)`` of each kept term, URL, number, code span or emoji the English lost."""
    must_keep = [p for p in glossary.protect_kept(list(pieces)) if isinstance(p, Protected) and not p.tokens]
    must_keep += [p for p in pieces if isinstance(p, Protected) and p.kind in ("code", "url") and p.tokens]
    missing = []
    for piece in must_keep:
        if piece.kind == "markup" or not piece.source:
            continue
        if en_text.count(piece.source) < es_text.count(piece.source):
            missing.append(("kept-term" if piece.kind == "keep" else piece.kind, piece.source))
    return list(dict.fromkeys(missing))


def reviewed_findings(pieces: list, es_text: str, en_text: str, glossary: Glossary, where: dict) -> list[Finding]:
    """What a person's English lost: a warning naming the PO entry (its Spanish), never an error."""
    return [
        Finding(
            WARNING,
            "reviewed",
            f"reviewed translation lost {kind} {text!r} (PO entry {es_text[:50]!r})",
            **where,
            subject=text,
        )
        for kind, text in lost(pieces, es_text, en_text, glossary)
    ]


def unit_findings(pieces: list, es_text: str, en_text: str, glossary: Glossary, where: dict) -> list[Finding]:
    """Findings for one unit: what must survive, what must not appear."""
    findings = [
        Finding(ERROR, kind, f"{text!r} is missing from the English", **where, subject=text)
        for kind, text in lost(pieces, es_text, en_text, glossary)
    ]
    for piece in glossary.protect(list(pieces)):
        if isinstance(piece, Protected) and piece.kind == "term" and piece.target.casefold() not in en_text.casefold():
            message = f"{piece.source!r} should read {piece.target!r}"
            findings.append(Finding(ERROR, "forced-term", message, **where, subject=piece.target))
    for placeholder in engines.placeholder_formats():
        for leaked in placeholder.pattern.findall(en_text):
            if leaked not in es_text:  # notes may write "zk0z" themselves
                findings.append(
                    Finding(ERROR, "placeholder", f"engine placeholder {leaked!r} left in the English", **where)
                )
    findings.extend(negation_findings(glossary.protect(list(pieces)), en_text, glossary, where))
    letters = len(WORD.findall(es_text))
    if letters >= 5:
        ratio = len(en_text) / max(len(es_text), 1)
        if not 0.5 <= ratio <= 2.0:
            findings.append(Finding(WARNING, "length", f"English is {ratio:.1f}× the Spanish length", **where))
    return findings


def negated(text: str, language: Literal["es", "en"]) -> bool:
    """True when ``text`` says no: a negation word outside the phrases that only look like one.

    Spanish text may hold English (a term's rendering), so it is read with both.
    """
    if language == "es":
        return bool(SPANISH_NEGATION.search(SPANISH_NOT_NEGATION.sub(" ", text)) or ENGLISH_NEGATION.search(text))
    return bool(ENGLISH_NEGATION.search(text))


def without_only(spanish: str) -> bool:
    """The Spanish negates only with *sin* (without), which English can say with un-, non-, -less."""
    return not negated(SPANISH_WITHOUT_ONLY.sub(" ", spanish), "es")


def negation_findings(es_pieces: list, en_text: str, glossary: Glossary, where: dict) -> list[Finding]:
    """A negation in the Spanish and none in the English, or the reverse: the meaning may have flipped.

    The Spanish is read as the glossary renders it: a term's English stands for its Spanish
    (*la gente no iniciada*: newcomers), and kept terms (English phrases) count on neither side.
    Sentence by sentence when both have as many sentences, else for the unit as a whole.
    """
    es_text = "".join(
        p if isinstance(p, str) else f" {p.target} " if p.kind == "term" else " " if p.kind == "keep" else p.source
        for p in es_pieces
    )
    for piece in es_pieces:
        if isinstance(piece, Protected) and piece.kind == "keep":
            en_text = en_text.replace(piece.source, " ")
    es_sentences = [s for s, _ in split_sentences(es_text)]
    en_sentences = [s for s, _ in split_sentences(en_text)]
    pairs = list(zip(es_sentences, en_sentences, strict=True)) if len(es_sentences) == len(en_sentences) else []
    pairs = pairs or [(es_text, en_text)]
    findings = []
    for es, en in pairs:
        if negated(es, "es") and without_only(es) and ENGLISH_PRIVATIVE.search(en):
            continue
        if negated(es, "es") != negated(en, "en"):
            which = "the Spanish negates and the English does not" if negated(es, "es") else "the English negates"
            findings.append(Finding(WARNING, "negation", f"{which} (in {es.strip()[:60]!r})", **where))
    return findings


def prose_words(text: str) -> list[tuple[str, bool]]:
    """The words of ``text``, each with whether it starts a sentence (after . ! ? : or at the start)."""
    words = []
    for match in WORD.finditer(text):
        before = text[: match.start()].rstrip(" \"'“‘(¡¿*_")
        words.append((match.group(), not before or before[-1] in ".!?:…"))
    return words


def spanish_left(
    units: list[TextUnit], glossary: Glossary, lexicon: Lexicon | None, places: list[dict]
) -> list[Finding]:
    """Spanish words still in the English, outside kept terms, URLs and code: one warning per word and unit."""
    words_of = []
    for unit in units:
        prose = " ".join(p if isinstance(p, str) else " " for p in unit.pieces)
        prose = " ".join(p if isinstance(p, str) else "." for p in glossary.protect_kept(protect_prose(prose)))
        words_of.append(prose_words(prose))
    if lexicon is not None:
        spanish = lexicon.spanish_words([w for words in words_of for w in words], glossary.spanish_forms)
    else:
        spanish = {w for words in words_of for w, _ in words if _ACCENTED.fullmatch(w) or w.lower() in SPANISH_WORDS}
    findings = []
    for words, where in zip(words_of, places, strict=True):
        for word in dict.fromkeys(w for w, _ in words if w in spanish):
            message = f"Spanish word {word!r} left untranslated"
            findings.append(Finding(WARNING, "untranslated", message, **where, subject=word))
    return findings
