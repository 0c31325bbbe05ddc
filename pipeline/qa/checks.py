"""The QA checks: compare the Spanish notes with their English translation, unit by unit.

Each check of a unit is named, in an ordered list (:data:`UNIT_CHECKS`), with the level
and the kinds of what it finds; the checks of the whole document (structure, nesting,
Spanish left) follow them. See the package's docstring for what each level means.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from markdown_it.token import Token

from tripreport import engines
from tripreport.document import MAX_NESTING, Document, TextUnit, inline_text, without_cover
from tripreport.glossary import Glossary
from tripreport.images import Problem
from tripreport.lexicon import KEPT, READINGS, WORD, Correction, Lexicon, leftovers
from tripreport.notes import Notes
from tripreport.pieces import Piece, PieceKind, Protected, protect_prose
from tripreport.qa.findings import ERROR, INFO, LEVELS, WARNING, Finding, Kind, Level, QAReport
from tripreport.translation import negation
from tripreport.translation.segment import split_sentences
from tripreport.translation.translate import TranslationReport


def _words(words: frozenset[str] | set[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# Negation: Spanish words (the ones the negation stage keeps) and English ones. "sin embargo"
# (however), "de nada" and "ni modo" (never mind) negate nothing.
SPANISH_NEGATION = re.compile(rf"(?<!\w)(?:{_words(negation.NEGATORS)})(?!\w)", re.I)
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
class Pair:
    """One unit to check: its Spanish (as pieces, with the lexicon's typo fixes made), its English."""

    index: int
    pieces: list[Piece]
    spanish: str
    english: str
    glossary: Glossary
    translation: TranslationReport | None
    corrections: tuple[Correction, ...]
    links: tuple[int, int] = (0, 0)  # links in the Spanish and in the English (bare URLs aside)


# What a check finds: its kind, the message, and what it is about as the text has it.
Flag = tuple[Kind, str, str]


@dataclass(frozen=True)
class Check:
    """A named check of one unit: the level of what it finds, the kinds it may find."""

    name: str
    level: Level
    kinds: tuple[Kind, ...]
    find: Callable[[Pair], Iterator[Flag]]


# What must survive translation, by the kind of piece that holds it in the Spanish.
MUST_SURVIVE: dict[PieceKind, Kind] = {
    "keep": "kept-term", "foreign": "kept-term", "url": "url", "domain": "domain", "code": "code", "number": "number",
    "emoji": "emoji", "emoticon": "emoticon",
}  # fmt: skip


def lost(pieces: list[Piece], es_text: str, en_text: str, glossary: Glossary) -> list[tuple[Kind, str]]:
    """``(kind, text)`` of each kept term, URL, number, code span or emoji the English lost."""
    must_keep = [p for p in glossary.protect_kept(list(pieces)) if isinstance(p, Protected) and not p.tokens]
    must_keep += [p for p in pieces if isinstance(p, Protected) and p.kind in ("code", "url") and p.tokens]
    missing: list[tuple[Kind, str]] = []
    for piece in must_keep:
        kind = MUST_SURVIVE.get(piece.kind)
        if kind and piece.source and en_text.count(piece.source) < es_text.count(piece.source):
            missing.append((kind, piece.source))
    return list(dict.fromkeys(missing))


def find_lost(pair: Pair) -> Iterator[Flag]:
    for kind, text in lost(pair.pieces, pair.spanish, pair.english, pair.glossary):
        yield kind, f"{text!r} is missing from the English", text


def find_forced_terms_unused(pair: Pair) -> Iterator[Flag]:
    for piece in pair.glossary.protect(list(pair.pieces)):
        if isinstance(piece, Protected) and piece.kind == "term":
            if piece.target.casefold() not in pair.english.casefold():
                yield "forced-term", f"{piece.source!r} should read {piece.target!r}", piece.target


def find_placeholders_left(pair: Pair) -> Iterator[Flag]:
    for placeholder in engines.placeholder_formats():
        for leaked in placeholder.pattern.findall(pair.english):
            if leaked not in pair.spanish:  # notes may write "zk0z" themselves
                yield "placeholder", f"engine placeholder {leaked!r} left in the English", ""


def find_negation_flips(pair: Pair) -> Iterator[Flag]:
    for message in negation_flips(pair.glossary.protect(list(pair.pieces)), pair.english):
        yield "negation", message, ""


def find_odd_length(pair: Pair) -> Iterator[Flag]:
    if len(WORD.findall(pair.spanish)) >= 5:
        ratio = len(pair.english) / max(len(pair.spanish), 1)
        if not 0.5 <= ratio <= 2.0:
            yield "length", f"English is {ratio:.1f}× the Spanish length", ""


def find_fallback(pair: Pair) -> Iterator[Flag]:
    if pair.translation and pair.spanish in pair.translation.fallbacks:
        yield "fallback", "engine damaged placeholders; translated around the terms", ""


def find_degenerate(unmended: bool) -> Callable[[Pair], Iterator[Flag]]:
    """A unit whose engine output was degenerate: translated by the fallback engine, or left in Spanish."""

    def find(pair: Pair) -> Iterator[Flag]:
        report = pair.translation
        if report is None or pair.index not in report.flagged_units or report.unmended != unmended:
            return
        what = f"{report.engine} output {', '.join(report.flagged_units[pair.index])}"
        if unmended:
            yield "degenerate", f"{what}; no other engine to translate it, left in Spanish", ""
        else:
            yield "degenerate", f"{what}; translated by {report.fallback_engine} instead", ""

    return find


def find_mended(pair: Pair) -> Iterator[Flag]:
    """What the lexicon read each unknown word as, for a person to confirm (*postgres* read as
    *postres* would turn a name into dessert)."""
    for c in pair.corrections:
        if c.kind != KEPT:
            yield "mended", f"{c.word!r} read as {c.replacement!r} ({READINGS[c.kind]})", ""


def find_unknown_words(pair: Pair) -> Iterator[Flag]:
    """Words no dictionary knows that the lexicon kept as written, the evidence for any mend being
    weak (a regional word, a verb with clitics, an augmentative): the engine copies them through."""
    for c in pair.corrections:
        if c.kind == KEPT:
            yield "unknown-word", f"{c.word!r} is in no dictionary: kept as written", c.word


def find_lost_in_review(pair: Pair) -> Iterator[Flag]:
    """What a person's English lost: named with the PO entry (its Spanish), a warning, never an error."""
    for kind, text in lost(pair.pieces, pair.spanish, pair.english, pair.glossary):
        yield "lost-in-correction", f"reviewed translation lost {kind} {text!r} (PO entry {pair.spanish[:50]!r})", text


def find_links_in_review(pair: Pair) -> Iterator[Flag]:
    """A link a person's English added or dropped: the passage's own warning (a machine's English
    is counted with the whole report's structure)."""
    es, en = pair.links
    if es != en:
        message = f"reviewed translation has {en} links, the Spanish {es} (PO entry {pair.spanish[:50]!r})"
        yield "links-in-correction", message, ""


# The checks of a machine's English, in the order their findings are listed.
UNIT_CHECKS: tuple[Check, ...] = (
    Check("lost", ERROR, tuple(MUST_SURVIVE.values()), find_lost),
    Check("forced-term", ERROR, ("forced-term",), find_forced_terms_unused),
    Check("placeholder", ERROR, ("placeholder",), find_placeholders_left),
    Check("negation", WARNING, ("negation",), find_negation_flips),
    Check("length", WARNING, ("length",), find_odd_length),
    Check("fallback", WARNING, ("fallback",), find_fallback),
    Check("degenerate-unmended", ERROR, ("degenerate",), find_degenerate(unmended=True)),
    Check("degenerate", WARNING, ("degenerate",), find_degenerate(unmended=False)),
    Check("mended", INFO, ("mended",), find_mended),
    Check("unknown-word", INFO, ("unknown-word",), find_unknown_words),
)
# A person's English: the checks of machine English (forced terms, negation, length) are theirs to judge.
REVIEWED_CHECKS: tuple[Check, ...] = (
    Check("lost-in-correction", WARNING, ("lost-in-correction",), find_lost_in_review),
    Check("links-in-correction", WARNING, ("links-in-correction",), find_links_in_review),
)


def check_correction(
    pieces: list[Piece], spanish: str, english: str, glossary: Glossary, links: tuple[int, int]
) -> list[Finding]:
    """What :data:`REVIEWED_CHECKS` find in a person's English for one unit (``spanish`` and
    ``english`` as plain source text, ``links`` in each): the review page checks a save as the
    next build will."""
    pair = Pair(-1, pieces, spanish, english, glossary, None, (), links)
    return [
        Finding(rule.level, kind, message, subject=subject)
        for rule in REVIEWED_CHECKS
        for kind, message, subject in rule.find(pair)
    ]


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
    English: they get :data:`REVIEWED_CHECKS`, the others :data:`UNIT_CHECKS`.
    """
    reviewed = reviewed or set()
    corrections = translation.corrections if translation else {}
    report = QAReport()
    if spanish.cover != english.cover:  # English written without the cover's front matter
        spanish, english = without_cover(spanish), without_cover(english)
    by_person = {u.index for i, u in enumerate(spanish.units) if i in reviewed}
    by_person |= {u.index for i, u in enumerate(english.units) if i in reviewed}
    report.findings.extend(structure_findings(spanish, english, by_person))
    for line in spanish.flattened:
        where = notes.where(line) if notes else ""
        message = f"nested deeper than Markdown can hold ({MAX_NESTING} levels): flattened into the text before it"
        report.findings.append(Finding(WARNING, "nesting", message, where=where))
    if len(spanish.units) != len(english.units):
        return report
    sections = section_of_each_token(spanish)
    places = []
    for i, (es_unit, en_unit) in enumerate(zip(spanish.units, english.units, strict=True)):
        place: dict[str, Any] = {
            "unit": i,
            "section": sections.get(es_unit.index, ""),
            "source": es_unit.text[:80],
            "where": notes.where(es_unit.line) if notes else "",
        }
        places.append(place)
        mends = corrections.get(i, ())
        pieces = es_unit.pieces if i in reviewed else corrected(es_unit.pieces, mends)
        links = (links_in(spanish.tokens[es_unit.index]), links_in(english.tokens[en_unit.index]))
        pair = Pair(i, pieces, es_unit.text, en_unit.text, glossary, translation, mends, links)
        for rule in REVIEWED_CHECKS if i in reviewed else UNIT_CHECKS:
            for kind, message, subject in rule.find(pair):
                report.findings.append(Finding(rule.level, kind, message, **place, subject=subject))
    machine = [i for i in range(len(english.units)) if i not in reviewed]
    report.findings.extend(
        spanish_left([english.units[i] for i in machine], glossary, lexicon, [places[i] for i in machine])
    )
    report.findings.sort(key=lambda f: (LEVELS.index(f.level), f.unit))
    return report


def section_of_each_token(document: Document) -> dict[int, str]:
    """The heading above each token, by token position."""
    section, sections = "", {}
    for token_index, token in enumerate(document.tokens):
        if token.type == "heading_open":
            section = inline_text(document.tokens[token_index + 1])
        sections[token_index] = section
    return sections


def image_findings(problems: list[Problem]) -> list[Finding]:
    """An image the editions cannot show (missing, outside the report folder, not an image): its alt text shows."""
    return [
        Finding(
            WARNING, "image", f"image {p.src!r} not shown ({p.reason}); its alt text is shown instead", where=p.where
        )
        for p in problems
    ]


def corrected(pieces: list[Piece], corrections: tuple[Correction, ...]) -> list[Piece]:
    """``pieces`` with the lexicon's Spanish corrections (typos, case) made in their prose."""
    spanish = [c for c in corrections if c.kind in ("spelling", "case")]
    if not spanish:
        return pieces
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            for c in spanish:
                piece = c.made_in(piece)
        out.append(piece)
    return out


def links_in(token: Token) -> int:
    """The links of an inline token (bare URLs are checked as URLs, not as links)."""
    return sum(1 for c in token.children or () if c.type == "link_open" and c.markup != "linkify")


def structure_findings(spanish: Document, english: Document, by_person: set[int] | None = None) -> list[Finding]:
    """Block structure, headings and links must match; the links of a person's English (the
    inline tokens at ``by_person``) are its passage's to answer for, not the report's."""

    def blocks(doc: Document) -> list[tuple[str, str, int]]:
        return [(t.type, t.tag, t.level) for t in doc.tokens if t.type != "inline"]

    def count(doc: Document, kind: str) -> int:  # bare URLs are checked as URLs, not as links
        skipped = by_person or set()
        tokens = (c for i, t in enumerate(doc.tokens) if i not in skipped for c in ([t] + list(t.children or [])))
        return sum(1 for c in tokens if c.type == kind and c.markup != "linkify")

    findings = []
    if blocks(spanish) != blocks(english):
        findings.append(Finding(ERROR, "structure", "block structure differs from the Spanish"))
    for kind, label in (("heading_open", "headings"), ("link_open", "links")):
        es, en = count(spanish, kind), count(english, kind)
        if es != en:
            findings.append(Finding(ERROR, "structure", f"{label}: {es} in Spanish, {en} in English"))
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


def negation_flips(es_pieces: list[Piece], en_text: str) -> list[str]:
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
    messages = []
    for es, en in pairs or [(es_text, en_text)]:
        if negated(es, "es") and without_only(es) and ENGLISH_PRIVATIVE.search(en):
            continue
        if negated(es, "es") != negated(en, "en"):
            which = "the Spanish negates and the English does not" if negated(es, "es") else "the English negates"
            messages.append(f"{which} (in {es.strip()[:60]!r})")
    return messages


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
    every_word = [w for words in words_of for w in words]
    if lexicon is not None:
        spanish = lexicon.spanish_words(every_word, glossary.spanish_forms)
    else:
        spanish = leftovers.spanish_words_plainly(every_word)
    findings = []
    for words, where in zip(words_of, places, strict=True):
        for word in dict.fromkeys(w for w, _ in words if w in spanish):
            message = f"Spanish word {word!r} left untranslated"
            findings.append(Finding(WARNING, "untranslated", message, **where, subject=word))
    return findings
