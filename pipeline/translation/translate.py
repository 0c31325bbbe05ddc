"""The translation stage: protect, segment, mend unknown words, translate in one batch, restore, fix.

For each text unit of the document the glossary protects kept and forced terms; every
protected piece is written as the engine's placeholder; the unit is split into
sentences. Sentences the translation memory does not know have their unknown words
mended by the lexicon (typos, cognates), then all of them go to the engine in one
batch. Placeholders are then checked and restored. When an engine drops, duplicates or
mangles a placeholder, the unit is translated again around its protected pieces, one
prose run at a time, so a term is never lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tripreport.document import Document, with_translations
from tripreport.engines import Engine, EngineName, EngineOptions, PlaceholderFormat, degenerate
from tripreport.engines.fallback import Fallback
from tripreport.glossary import Glossary
from tripreport.lexicon import Correction, Lexicon, Repaired
from tripreport.pieces import Piece, Protected, merge_text
from tripreport.progress import Count, Progress, silent
from tripreport.translation import negation, wordorder
from tripreport.translation.memory import Remembered
from tripreport.translation.segment import split_sentences

_LETTER = re.compile(r"[^\W\d_]")


class Memory(Protocol):
    """What this stage needs of a translation memory (see :mod:`tripreport.translation.memory`)."""

    def lookup(self, key: str, segments: Sequence[str]) -> dict[str, Remembered]: ...

    def store(self, key: str, items: dict[str, Remembered]) -> None: ...


@dataclass
class TranslationReport:
    """What the translation stage did, for the build summary and QA."""

    engine: EngineName
    engine_version: str
    segments: int = 0
    translated: int = 0
    from_memory: int = 0
    fallbacks: list[str] = field(default_factory=list)
    corrections: dict[int, tuple[Correction, ...]] = field(default_factory=dict)  # by unit position
    reviewed: int = 0  # units whose English a person wrote (the PO file's confirmed entries)
    flagged: dict[str, list[str]] = field(default_factory=dict)  # degenerate outputs: segment → symptoms
    flagged_units: dict[int, list[str]] = field(default_factory=dict)  # the same, by unit position
    broken: str = ""  # why the whole document went to the fallback engine
    fallback_engine: EngineName | None = None  # the engine that translated the flagged sentences
    unmended: bool = False  # flagged sentences with no fallback engine: left in Spanish


@dataclass
class EncodedUnit:
    """A unit as the engine sees it: sentences with placeholders, and what they stand for."""

    sentences: list[tuple[str, str]]
    protected: list[Protected]


def translate_document(
    doc: Document,
    glossary: Glossary,
    engine: Engine,
    memory: Memory | None = None,
    progress: Progress = silent,
    lexicon: Lexicon | None = None,
    human: dict[int, list[Piece]] | None = None,
    fallback: Callable[[], Engine | None] = lambda: None,
) -> tuple[Document, TranslationReport]:
    """The English :class:`Document` for ``doc``, and a report of the work done.

    ``human`` holds a person's English for some units (by position): used as it is,
    never sent to the engine, never touched by fix rules.
    """
    human = human or {}
    report = TranslationReport(engine.name, engine.version, reviewed=len(human))
    # Text that looks like the engine's placeholders is protected first, so that no helper
    # below reads it as words (word order once split "zk0z juntos" into "zk0juntos z").
    prepared = [
        [] if i in human else glossary.protect(literal_placeholders(unit.pieces, engine.placeholder))
        for i, unit in enumerate(doc.units)
    ]
    if engine.rule_based:  # negation and word order need help (see the two modules)
        prepared = [negation.protect(pieces) for pieces in prepared]
        if lexicon is not None:
            prepared = wordorder.reorder(prepared, lexicon)
    encoded = [encode(pieces, engine.placeholder) for pieces in prepared]
    segments = [sentence for unit in encoded for sentence, _ in unit.sentences]
    stage = SegmentTranslator(engine, memory, report, lexicon, fallback, progress)
    translated = stage.translate(segments)
    for position, unit in enumerate(encoded):
        reasons = [r for sentence, _ in unit.sentences for r in report.flagged.get(sentence, [])]
        if reasons:
            report.flagged_units[position] = list(dict.fromkeys(reasons))

    results: list[list[Piece] | None] = []
    for position, unit in enumerate(encoded):
        text = "".join(translated[sentence].target + space for sentence, space in unit.sentences)
        source = "".join(sentence + space for sentence, space in unit.sentences)
        results.append(decode(text, unit.protected, engine.placeholder, source))
        corrections = tuple(c for sentence, _ in unit.sentences for c in translated[sentence].corrections)
        if corrections:
            report.corrections[position] = tuple(dict.fromkeys(corrections))

    damaged = [i for i, pieces in enumerate(results) if pieces is None]
    if damaged:
        report.fallbacks = [doc.units[i].text for i in damaged]
        progress(f"placeholders damaged in {len(damaged)} units; translating around them")
        repaired = translate_around([prepared[i] for i in damaged], stage)
        for i, pieces in zip(damaged, repaired, strict=True):
            results[i] = pieces

    english = [
        human[i] if i in human else fix_pieces(pieces or [], glossary, engine.name) for i, pieces in enumerate(results)
    ]
    return with_translations(doc, english, lang="en"), report


@dataclass(frozen=True)
class SegmentEnglish:
    """A segment's English, and the corrections made to it before translating."""

    target: str
    corrections: tuple[Correction, ...] = ()


CHUNK = 64  # segments per engine call


class SegmentTranslator:
    """Segments to English through the memory, the lexicon and one engine call per batch.

    A neural engine's output is checked sentence by sentence (:mod:`tripreport.engines.degenerate`):
    a flagged sentence goes to the fallback engine (Apertium) and is never remembered;
    when more than a fifth of the document is flagged, all of it does.
    """

    def __init__(
        self,
        engine: Engine,
        memory: Memory | None,
        report: TranslationReport,
        lexicon: Lexicon | None,
        fallback: Callable[[], Engine | None] = lambda: None,
        progress: Progress = silent,
    ):
        self.engine, self.memory, self.report, self.lexicon = engine, memory, report, lexicon
        self.key = f"{engine.memory_key} | {lexicon.version if lexicon else 'no lexicon'}"
        self.fallback, self.progress = fallback, progress
        self.asked: set[str] = set()  # every segment the engine translated for this document

    def translate(self, segments: Sequence[str], count: bool = True) -> dict[str, SegmentEnglish]:
        """English for each segment: remembered, or mended and translated now (non-prose as is).

        ``count``: the segments are the document's (not pieces of segments translated again)."""
        unique = [s for s in dict.fromkeys(segments) if needs_engine(s, self.engine.placeholder)]
        known = self.memory.lookup(self.key, unique) if self.memory else {}
        todo = [s for s in unique if s not in known]
        if todo:
            recalled = f" ({len(known)} remembered)" if known else ""
            self.progress(f"translating {len(todo)} of {len(unique)} segments with {self.engine.name}{recalled}")
        if self.lexicon is not None and todo:
            repaired = self.lexicon.repair(todo, self.engine.placeholder.pattern)
        else:
            repaired = [Repaired(s) for s in todo]
        outputs: list[str] = []
        for start in range(0, len(repaired), CHUNK):  # in chunks, to show how far it has got
            outputs += self.engine.translate_batch([r.text for r in repaired[start : start + CHUNK]])
            self.progress(Count("segments translated", len(outputs), len(repaired)))
        self.asked.update(todo)
        redone = self.check(todo, repaired, outputs)
        fresh = {
            source: SegmentEnglish(target, fix.corrections)
            for source, fix, target in zip(todo, repaired, outputs, strict=True)
        }
        if self.memory is not None and fresh:
            remembered = {
                s: Remembered(t.target, dump_corrections(t.corrections)) for s, t in fresh.items() if s not in redone
            }
            self.memory.store(self.key, remembered)
        self.report.segments += len(segments) if count else 0
        self.report.translated += len(todo)
        self.report.from_memory += len(unique) - len(todo)
        table = {s: SegmentEnglish(r.target, load_corrections(r.notes)) for s, r in known.items()}
        table.update(fresh)
        return {s: table.get(s, SegmentEnglish(s)) for s in segments}

    def check(self, todo: list[str], repaired: list[Repaired], outputs: list[str]) -> set[str]:
        """Replace degenerate outputs (in place) by the fallback engine's; the segments redone.

        The model is broken when more than a share of every segment it translated for this
        document is flagged: counted over the whole document, not the batch at hand (a second
        batch of a few pieces, one of them flagged, says little)."""
        if not self.engine.can_degenerate or not outputs:
            return set()
        truncated = self.engine.truncated
        flags = {
            i: found
            for i, (fix, output) in enumerate(zip(repaired, outputs, strict=True))
            if (found := degenerate.symptoms(fix.text, output, self.engine.placeholder, i in truncated))
        }
        if not flags:
            return set()
        self.report.flagged.update({todo[i]: reasons for i, reasons in flags.items()})
        redo = sorted(flags)
        if degenerate.broken(len(self.report.flagged), len(self.asked)):
            redo = list(range(len(todo)))
            self.report.broken = (
                f"{self.engine.name} package {self.engine.version} gives degenerate output for {len(flags)} of "
                f"{len(todo)} sentences ({', '.join(sorted({r for rs in flags.values() for r in rs}))})"
            )
        fallback = self.fallback()
        if fallback is None:  # no other engine: the Spanish stays, and QA says so
            for i in flags:
                outputs[i] = repaired[i].text
            self.report.unmended = True
            return {todo[i] for i in redo}
        for i, english in zip(redo, fallback.translate_batch([repaired[i].text for i in redo]), strict=True):
            outputs[i] = english
        self.report.fallback_engine = fallback.name
        return {todo[i] for i in redo}


def dump_corrections(corrections: tuple[Correction, ...]) -> str:
    return json.dumps([[c.word, c.replacement, c.kind] for c in corrections], ensure_ascii=False) if corrections else ""


def load_corrections(notes: str) -> tuple[Correction, ...]:
    try:
        return tuple(Correction(*item) for item in json.loads(notes)) if notes else ()
    except (ValueError, TypeError):
        return ()


def translate_around(units: list[list[Piece]], stage: SegmentTranslator) -> list[list[Piece]]:
    """Translate each prose run alone, keeping protected pieces where they stand."""
    runs = [p.strip() for pieces in units for p in pieces if isinstance(p, str) and p.strip()]
    translated = stage.translate(runs, count=False)
    table = {run: translated[run].target for run in runs}
    repaired = []
    for pieces in units:
        out: list[Piece] = []
        for piece in pieces:
            if isinstance(piece, str) and piece.strip():
                lead = piece[: len(piece) - len(piece.lstrip())]
                trail = piece[len(piece.rstrip()) :]
                out.append(lead + table[piece.strip()] + trail)
            else:
                out.append(piece)
        repaired.append(merge_text(out))
    return repaired


def encode(pieces: list[Piece], placeholder: PlaceholderFormat) -> EncodedUnit:
    """Write protected pieces as numbered placeholders and split into sentences.

    Text of the notes that looks like a placeholder (``zk0z``) travels as one too, so it
    comes back as written and is never taken for another.
    """
    parts: list[str] = []
    protected: list[Protected] = []
    for piece in literal_placeholders(pieces, placeholder):
        if isinstance(piece, str):
            parts.append(piece)
            continue
        mark = placeholder(len(protected))
        protected.append(piece)
        # Markup hugs its text; spaces keep the placeholder a word of its own for the engine.
        parts.append(f"{mark} " if piece.opens else f" {mark}" if piece.closes else mark)
    return EncodedUnit(split_sentences("".join(parts)), protected)


def literal_placeholders(pieces: list[Piece], placeholder: PlaceholderFormat) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if not isinstance(piece, str) or not placeholder.pattern.search(piece):
            out.append(piece)
            continue
        pos = 0
        for match in placeholder.pattern.finditer(piece):
            out += [piece[pos : match.start()], Protected("literal", match.group(0), match.group(0))]
            pos = match.end()
        out.append(piece[pos:])
    return merge_text(out)


PLACEMENT_TOLERANCE = 0.5  # a placeholder may move this share of the unit's length, not more


def decode(
    text: str, protected: list[Protected], placeholder: PlaceholderFormat, source: str | None = None
) -> list[Piece] | None:
    """Pieces for translated ``text``, or ``None`` if any placeholder is missing, repeated, or (given
    the ``source`` it came from) far from where it stood: a model that moved a term from the start
    of a unit to its end has garbled it."""
    found = [int(m.group(1)) for m in placeholder.pattern.finditer(text)]
    if sorted(found) != list(range(len(protected))):
        return None
    if source and not plausibly_placed(source, text, placeholder):
        return None
    pieces: list[Piece] = []
    pos = 0
    for match in placeholder.pattern.finditer(text):
        pieces.append(text[pos : match.start()])
        pieces.append(protected[int(match.group(1))])
        pos = match.end()
    pieces.append(text[pos:])
    pieces = merge_text(pieces)
    for i, piece in enumerate(pieces):
        after = pieces[i + 1] if i + 1 < len(pieces) else None
        if isinstance(piece, Protected) and piece.opens and isinstance(after, str):
            pieces[i + 1] = after.lstrip()
        before = pieces[i - 1] if i > 0 else None
        if isinstance(piece, Protected) and piece.closes and isinstance(before, str):
            pieces[i - 1] = before.rstrip()
    return merge_text(pieces)


def plausibly_placed(source: str, text: str, placeholder: PlaceholderFormat) -> bool:
    """True when every placeholder sits near the same share of ``text`` as of ``source``."""

    def places(value: str) -> dict[str, float]:
        return {m.group(0): m.start() / max(len(value), 1) for m in placeholder.pattern.finditer(value)}

    before, after = places(source), places(text)
    return all(abs(after[mark] - share) <= PLACEMENT_TOLERANCE for mark, share in before.items() if mark in after)


def fix_pieces(pieces: list[Piece], glossary: Glossary, engine: str) -> list[Piece]:
    """Apply the glossary's English-side fixes for ``engine`` to the restored text.

    Restored terms are plain text by now, so a rule sees ``Brandon Phillips of CoreOS``
    whole; only pieces that carry Markdown tokens (markup, code, links) stay apart.
    """
    text_only = merge_text([p if isinstance(p, str) or p.tokens else p.target for p in pieces])
    return merge_text([glossary.fix(engine, p) if isinstance(p, str) else p for p in text_only])


def needs_engine(segment: str, placeholder: PlaceholderFormat) -> bool:
    """True when a segment has words to translate, not only placeholders and punctuation."""
    return bool(_LETTER.search(placeholder.pattern.sub("", segment)))


# --- the stage with its fallback -------------------------------------------------------------


def translate_with_fallback(
    spanish: Document,
    glossary: Glossary,
    engine: Engine,
    memory: Memory | None,
    progress: Progress,
    lexicon: Lexicon | None,
    human: dict[int, list[Piece]],
    options: EngineOptions | None = None,
) -> tuple[Document, TranslationReport]:
    """The translation stage, and again with the fallback engine (given ``options``, as the
    engine was) when the engine proved broken."""
    botched = Fallback(engine, options or EngineOptions())
    try:
        english, report = translate_document(spanish, glossary, engine, memory, progress, lexicon, human, botched)
        tell_degenerate(report, progress)
        if report.broken and report.fallback_engine and (other := botched()) is not None:
            # All of it as the fallback engine would do it alone (with its own negation and word-order help).
            again, redone = translate_document(spanish, glossary, other, memory, progress, lexicon, human)
            redone.flagged, redone.flagged_units = report.flagged, report.flagged_units
            redone.broken, redone.fallback_engine = report.broken, other.name
            return again, redone
        return english, report
    finally:
        botched.close()


def tell_degenerate(report: TranslationReport, progress: Progress) -> None:
    """One line about degenerate engine output, saying what was done and what to do."""
    if report.broken:
        by = f"translated by {report.fallback_engine}" if report.fallback_engine else "left in Spanish"
        progress(
            f"{report.broken}: the whole document was {by}. Remove it (tripreport models remove NAME==VERSION) "
            "or install another version (tripreport models install es_en==VERSION)"
        )
    elif report.flagged:
        reasons = ", ".join(sorted({r for rs in report.flagged.values() for r in rs}))
        by = f"translated by {report.fallback_engine} instead" if report.fallback_engine else "left in Spanish"
        progress(f"{len(report.flagged)} sentences from {report.engine} were degenerate ({reasons}); {by}")
