"""English already: what the notes write in English is kept as written, never translated again.

A passage is English when no word of it is Spanish (as QA judges Spanish left in English:
the Spanish dictionaries, accents, the function words both languages list, the glossary's
slang) and at least two of its words are English and not Spanish (Hunspell's English
dictionaries know them; neither Apertium's Spanish analyser nor Hunspell's Spanish
dictionary does), most of its words being English. *Deployamos el cluster con Helm* is
Spanish; *How do I build a pitch?* is English.

Judged before the glossary and the engine, sentence by sentence: a unit whose sentences are
all English (a heading, a list item, a blockquote's lines) is kept whole, line breaks and
all; in a Spanish unit an English sentence, a quoted passage (“…”, "…", «…») or an
emphasised one (*move fast and break things*) becomes a piece kept as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tripreport.lexicon import WORD, Lexicon
from tripreport.lexicon.forms import is_name_like
from tripreport.lexicon.leftovers import SPANISH_FUNCTION_WORDS, SPANISH_WORDS_NOT_ENGLISH
from tripreport.pieces import Piece, Protected, merge_text
from tripreport.translation.segment import split_sentences

ENGLISH_WORDS = 2  # words English and not Spanish a passage needs, at least
ENGLISH_SHARE = 0.75  # of its words (names aside) English dictionaries know
# English words a Spanish dictionary also lists (*is*, *do*: a note of the scale) that Spanish
# notes never use as Spanish: English whatever the dictionaries say.
ENGLISH_AT_SIGHT = frozenset("the to in is are be do her".split())
# Short Spanish words English dictionaries list too (*en* of typography, *de*), which no English
# sentence uses as a word: Spanish at sight, as are the function words QA knows.
SPANISH_AT_SIGHT = frozenset("de en y e o u al un se su sus ya".split())
_SPANISH_AT_SIGHT = SPANISH_AT_SIGHT | SPANISH_FUNCTION_WORDS | SPANISH_WORDS_NOT_ENGLISH
_SPANISH_LETTERS = re.compile(r"[áéíóúñ¿¡]", re.IGNORECASE)
_QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"|«([^»]+)»")
_END = re.compile(r"[.!?…:;,]+$")


@dataclass(frozen=True)
class Kept:
    """The units with English kept: their pieces, and which units are English whole."""

    units: list[list[Piece]]
    whole: frozenset[int]


def keep_english(units: list[list[Piece]], lexicon: Lexicon | None, slang: frozenset[str] = frozenset()) -> Kept:
    """``units`` with what is already English kept as written (``slang``: the glossary's Spanish forms)."""
    if lexicon is None:
        return Kept(units, frozenset())
    found = [(sentences(pieces), list(passages(pieces))) for pieces in units]
    english = English(lexicon, slang).judge([t for whole, parts in found for t in (*whole, *parts)])
    kept, whole = [], set()
    for i, (pieces, (sentences_of, passages_of)) in enumerate(zip(units, found, strict=True)):
        if sentences_of and all(s in english for s in sentences_of):
            whole.add(i)
        kept.append(protected(pieces, english) if i not in whole and english.intersection(passages_of) else pieces)
    return Kept(kept, frozenset(whole))


def prose(pieces: list[Piece]) -> str:
    """A unit's words: its text, with what it protects (code, links, numbers) left out."""
    return "".join(p if isinstance(p, str) else "" if p.kind == "markup" else " " for p in pieces)


def sentences(pieces: list[Piece]) -> list[str]:
    """The unit's sentences with words, each without its closing punctuation."""
    return [core(s) for s, _ in split_sentences(" ".join(prose(pieces).split())) if WORD.search(s)]


def core(passage: str) -> str:
    """A passage as it is judged: its words, one space apart, without the closing punctuation."""
    return " ".join(_END.sub("", passage.strip()).split())


def passages(pieces: list[Piece]) -> Iterator[str]:
    """What may be English inside a Spanish unit: quoted and emphasised passages, and the sentences
    of each of its texts (looked for only where some sentence of the unit may be English)."""
    texts = [(i, p) for i, p in enumerate(pieces) if isinstance(p, str)]
    for i, piece in texts:
        for match in _QUOTED.finditer(piece):
            yield core(next(g for g in match.groups() if g))
        if emphasised(pieces, i):
            yield core(piece)
    if any(English.plausible(s) for s in sentences(pieces)):
        yield from (core(s) for _, piece in texts for s, _ in split_sentences(piece))


def emphasised(pieces: list[Piece], i: int) -> bool:
    """True when ``pieces[i]`` stands alone between an opening and a closing markup piece."""
    before = pieces[i - 1] if i > 0 else None
    after = pieces[i + 1] if i + 1 < len(pieces) else None
    return isinstance(before, Protected) and before.opens and isinstance(after, Protected) and after.closes


def protected(pieces: list[Piece], english: set[str]) -> list[Piece]:
    """A Spanish unit's pieces with its English sentences, quotes and emphasised passages kept."""
    out: list[Piece] = []
    for i, piece in enumerate(pieces):
        if not isinstance(piece, str):
            out.append(piece)
        elif emphasised(pieces, i) and core(piece) in english:
            out += kept_span(piece, piece.strip())
        else:
            out += kept_spans(piece, english)
    return merge_text(out)


def kept_spans(text: str, english: set[str]) -> list[Piece]:
    """``text`` with each English sentence and quoted passage in it as a kept piece."""
    spans = []
    pos = 0
    for sentence, space in split_sentences(text):
        start = text.index(sentence, pos)
        pos = start + len(sentence) + len(space)
        trimmed = _END.sub("", sentence.strip())
        if core(trimmed) in english:
            first = start + sentence.index(trimmed)
            spans.append((first, first + len(trimmed)))
    for match in _QUOTED.finditer(text):
        group = next(i for i, g in enumerate(match.groups(), 1) if g)
        inner = match.group(group).strip()
        if core(inner) in english and not any(s <= match.start() < e for s, e in spans):
            first = match.start(group) + match.group(group).index(inner)
            spans.append((first, first + len(inner)))
    out: list[Piece] = []
    pos = 0
    for start, end in sorted(spans):
        out += [text[pos:start], Protected("foreign", text[start:end], text[start:end])]
        pos = end
    return [*out, text[pos:]]


def kept_span(text: str, core: str) -> list[Piece]:
    """``text`` with ``core`` in it as a kept piece (an emphasised English passage)."""
    start = text.index(core)
    return [text[:start], Protected("foreign", core, core), text[start + len(core) :]]


class English:
    """Which passages are English, asked of the lexicon's dictionaries in one batch."""

    def __init__(self, lexicon: Lexicon, slang: frozenset[str]) -> None:
        self.lexicon, self.slang = lexicon, slang

    def judge(self, texts: list[str]) -> set[str]:
        """The ``texts`` that are English."""
        candidates = {t: words for t in dict.fromkeys(texts) if (words := self.plausible(t))}
        if not candidates:
            return set()
        every = {w for words in candidates.values() for w in words}
        english = self.lexicon.english_words(every)
        spanish = self.spanish_known(every)
        pairs = list(dict.fromkeys((w, i == 0) for words in candidates.values() for i, w in enumerate(words)))
        leftovers = self.lexicon.spanish_words(pairs, self.slang)
        found = set()
        for text, words in candidates.items():
            if leftovers.intersection(words):
                continue
            # Names say nothing of the language around them (Prometheus is in English dictionaries).
            plain = [w for i, w in enumerate(words) if not is_name_like(w) and not (i and w[:1].isupper())]
            only_english = [w for w in plain if w in english and (w not in spanish or w.lower() in ENGLISH_AT_SIGHT)]
            if len(only_english) >= ENGLISH_WORDS and sum(w in english for w in plain) >= ENGLISH_SHARE * len(plain):
                found.add(text)
        return found

    @staticmethod
    def plausible(text: str) -> list[str]:
        """The words of ``text`` if it may be English at a glance (no Spanish letter or frequent
        Spanish word), else none: most Spanish sentences never reach a dictionary."""
        words = WORD.findall(text)
        if len(words) < ENGLISH_WORDS or _SPANISH_LETTERS.search(text):
            return []
        if any(w.lower() in _SPANISH_AT_SIGHT for w in words):
            return []
        return words

    def spanish_known(self, words: set[str]) -> set[str]:
        """The words Spanish knows (Apertium's analyser, not as a name only; or Hunspell ``es``), any case."""
        lower = {w: w.lower() for w in words}
        analysis = self.lexicon.analyser.analyse(set(lower.values()))
        misspelt = self.lexicon.spanish.misspelt(lower.values()) if self.lexicon.spanish else set(lower.values())
        known = {low for low in lower.values() if analysis[low].known and not analysis[low].only_name}
        return {w for w, low in lower.items() if low in known or low not in misspelt}
