"""Negation: Spanish words that say "no" alone, which a rule-based engine reads as "any".

Spanish negates twice: *no vino nadie* (not came nobody) is "nobody came", and Apertium
renders the pair right as "it did not come anybody". A negative word before its verb,
with nothing before it in its clause that negates, carries the negation alone: *nadie
vino*, *ningún pod se cayó*, *que nadie ataque mis pods*. Apertium reads that word as
in the pair too, "anybody", and the meaning flips. Such words go to the engine as
terms with their English: *nadie* → nobody, *nada* → nothing, *ningún* / *ninguna* before
a noun → no (*ningún único* → no single), *ninguno* or *ninguna de* → none.

A clause ends at punctuation or a coordinating or subordinating word (y, pero, porque,
cuando…); ``que`` does not end it, so *no creo que nadie lo use* keeps "anybody".
"""

from __future__ import annotations

import re

from tripreport.glossary import match_case
from tripreport.pieces import Piece, Protected, merge_text

NEGATORS = frozenset("no ni sin nunca jamás tampoco nadie nada ningún ninguna ninguno ningunos ningunas".split())
CLAUSE_WORDS = frozenset("y e o u pero sino aunque porque pues cuando mientras si".split())
_TOKEN = re.compile(r"[^\W\d_]+|[.;:!?,()\"“”«»¿¡]")


def protect(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` with every negative word that negates alone as a term carrying its English."""
    out: list[Piece] = []
    negated = False  # something earlier in the clause already says no
    for piece in pieces:
        if not isinstance(piece, str):
            out.append(piece)
            continue
        tokens = list(_TOKEN.finditer(piece))
        pos, skip = 0, -1
        for i, token in enumerate(tokens):
            if i <= skip:
                continue
            word = token.group()
            lower = word.lower()
            if not word[0].isalpha() or lower in CLAUSE_WORDS:
                negated = False
                continue
            english, last = (None, i) if negated else english_of(lower, tokens, i)
            if english:
                end = tokens[last].end()
                out += [
                    piece[pos : token.start()],
                    Protected("term", piece[token.start() : end], match_case(word, english)),
                ]
                pos, skip = end, last
            negated = negated or lower in NEGATORS
        out.append(piece[pos:])
    return merge_text(out)


def english_of(word: str, tokens: list[re.Match[str]], i: int) -> tuple[str | None, int]:
    """The English of a negative word that negates alone, and the index of its last token."""
    following = tokens[i + 1].group().lower() if i + 1 < len(tokens) else ""
    if word == "nadie":
        return "nobody", i
    if word == "nada":
        return ("just", i + 1) if following == "más" else ("nothing", i)  # nada más quiero…: I just want
    if word in ("ningún", "ninguna") and following in ("único", "única"):
        return "no single", i + 1
    if word == "ningún" or (word == "ninguna" and following.isalpha() and following != "de"):
        return "no", i
    if word in ("ninguno", "ninguna", "ningunos", "ningunas"):
        return "none", i
    return None, i
