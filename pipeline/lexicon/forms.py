"""Word shapes the lexicon reasons about, with no dictionary to ask: names and acronyms,
capitals typed by mistake, laughter and stretched letters, diminutive and superlative endings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tripreport.lexicon import cognates, spelling

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
CorrectionKind = Literal["case", "diminutive", "superlative", "expression", "spelling", "cognate", "unknown"]
# How each kind of correction reads to a person: one wording, in the PO file, QA and the review page.
READINGS: dict[CorrectionKind, str] = {
    "case": "capitals",
    "diminutive": "a diminutive",
    "superlative": "a superlative",
    "expression": "an expression",
    "spelling": "a typo",
    "cognate": "a cognate",
    "unknown": "unknown",
}
# An unknown word kept as written because no mend had evidence enough: the engine gets it as it
# is, and QA names it for the reviewer.
KEPT: CorrectionKind = "unknown"
# Diminutive endings and what the word ends with without them (ratito: rato; cafecito: café;
# cosilla, as Spain says it: cosa); the stem's spelling changes back (poquito: poco, amiguito: amigo).
DIMINUTIVES = (
    ("ecitos", ("es", "os")), ("ecitas", ("es", "as")), ("ecito", ("e", "o", "")), ("ecita", ("e", "a", "")),
    ("citos", ("s", "es")), ("citas", ("s", "es")), ("cito", ("",)), ("cita", ("",)),
    ("itos", ("os", "s")), ("itas", ("as", "s")), ("ito", ("o", "")), ("ita", ("a", "")),
    ("illos", ("os",)), ("illas", ("as",)), ("illo", ("o",)), ("illa", ("a",)),
)  # fmt: skip
STEM_SPELLINGS = (("qu", "c"), ("gu", "g"), ("c", "z"))
SUPERLATIVES = (("ísimos", "os"), ("ísimas", "as"), ("ísimo", "o"), ("ísima", "a"))
LAUGHTER = re.compile(r"a?(?:j[aeiou]){2,}j?|(?:ha){2,}h?|(?:he){2,}h?|(?:lo){2,}l|lol", re.IGNORECASE)
STRETCHED = re.compile(r"([^\W\d_])\1{2,}")  # peeero, siiii: a letter typed three times or more


@dataclass(frozen=True)
class Correction:
    """One unknown word and what the engine gets instead."""

    word: str
    replacement: str
    kind: CorrectionKind

    def describe(self) -> str:
        return f"{self.word} → {self.replacement} ({READINGS[self.kind]})"

    def made_in(self, text: str) -> str:
        """``text`` with the word replaced wherever it stands whole (not inside a longer word or a
        hyphenated one)."""
        return re.sub(rf"(?<![\w-]){re.escape(self.word)}(?![\w-])", lambda _match: self.replacement, text)


@dataclass(frozen=True)
class Repaired:
    """A segment as the engine gets it, and the corrections made in it."""

    text: str
    corrections: tuple[Correction, ...] = ()


# What ends a sentence before a word, or opens a question or an exclamation (¿Qué tal?), once
# spaces and opening marks are set aside.
SENTENCE_END = re.compile(r"(?:^|[.!?:…¡¿])[\s\"'“‘(*_\-–—]*$")


def mid_sentence_capitals(text: str) -> set[str]:
    """Capitalised words (*Chapinero*, *Cotorra*) that do not start a sentence of ``text``:
    names, not typos to mend."""
    return {
        match.group()
        for match in WORD.finditer(text)
        if match.group()[:1].isupper()
        and match.group()[1:].islower()
        and not SENTENCE_END.search(text[: match.start()])
    }


def is_name_like(word: str) -> bool:
    """Acronyms (``CRI``, ``APIs``) and CamelCase (``DevOps``) are names, not Spanish to mend."""
    if len(word) > 1 and (word.isupper() or (word[:-1].isupper() and word[-1] == "s")):
        return True
    return bool(re.search(r"[a-z][A-Z]", word))


def fix_capitals(word: str) -> str:
    """``HIbieron`` → ``Hibieron``: two capitals then lower case is a slip of the shift key."""
    if len(word) >= 4 and word[:2].isupper() and word[2:].islower():
        return word[0] + word[1:].lower()
    return word


def english_spellings(word: str) -> set[str]:
    """The spellings an English dictionary is asked about: as written, lower case, capitalised."""
    return {word, word.lower(), word.capitalize()}


def diminutive_bases(word: str) -> list[str]:
    """The words a diminutive may come from, likeliest first: alitas → alas, cafecito → cafe
    (and café, by its accent), poquito → poco, lucecita → luz."""
    lower = word.lower()
    for ending, bases in DIMINUTIVES:
        if lower.endswith(ending) and len(lower) - len(ending) >= 2:
            stem = lower[: -len(ending)]
            stems = [stem] + [stem[: -len(a)] + b for a, b in STEM_SPELLINGS if stem.endswith(a)]
            found = [s + base for s in stems for base in bases if len(s + base) >= 3]  # guita is not g + ita
            return found + [v for b in found for v in spelling.accent_variants(b)]
    return []


def superlative_bases(word: str) -> list[str]:
    """Adjectives an -ísimo form may come from: larguísima → larga, poquísimo → poco, rapidísimo → rápido."""
    lower = word.lower()
    for ending, base in SUPERLATIVES:
        if lower.endswith(ending) and len(lower) - len(ending) >= 2:
            stem = lower[: -len(ending)]
            stems = [stem]
            for before, after in (("gu", "g"), ("qu", "c"), ("c", "z")):  # larguísima, poquísimo, felicísimo
                if stem.endswith(before):
                    stems.append(stem[: -len(before)] + after)
            bases = [s + base for s in stems] + [s + "e" + base[1:] for s in stems]  # grandísimo → grande
            return bases + [v for b in bases for v in spelling.accent_variants(b)]
    return []


def splits_prefix(suggestion: str) -> bool:
    """``micro servicios``: a prefix cut off is not a typo (the compound is handled as a cognate)."""
    parts = suggestion.replace("-", " ").split()
    return len(parts) > 1 and parts[0].lower() in cognates.PREFIXES
