"""Typos: a correction one or two edits away that Apertium knows.

Candidates come from two places: the accent or tilde the writer skipped (``facil`` →
``fácil``, ``trafico`` → ``tráfico``), which is the commonest slip in informal Spanish,
and Hunspell's suggestions (``proycto`` → ``proyecto``). A candidate is accepted only
when it keeps the first letter (typos rarely touch it), is at most two edits away (one
for short words) and every word of it is in Apertium's dictionary, so the engine will
translate it. Among those the nearest wins, then Hunspell's order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "n": "ñ"}
MIN_LENGTH = 6  # shorter words have too many neighbours to guess from (a missing accent aside)
TOP_SUGGESTIONS = 3  # Hunspell's ranking is informative: deeper suggestions are guesses (chillis → chillas)
TWO_EDITS_FROM = 7  # two edits only for words at least this long…
TWO_SLIPS_FROM = 9  # …and, below this length, only when one of them is an accent left out (tambein)
# Spelling no Spanish word has: a final consonant other than d j l n r s x y z, k or w,
# or a doubled consonant other than cc ll nn rr. Such a word is jargon (config, yamls), not a typo.
NOT_SPANISH = re.compile(r"[^aeiouáéíóúdjlnrsxyz]$|[kw]|([bdfgmpstvz])\1", re.IGNORECASE)


def bare(text: str) -> str:
    """Lower case without accents: what a first-letter comparison looks at."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) between two words, ignoring case."""
    a, b = a.lower(), b.lower()
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def one_edit(word: str) -> set[str]:
    """Every string one edit from ``word`` in English letters (for asking an English dictionary)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return (deletes | swaps | replaces | inserts) - {word}


SPANISH_LETTERS = "abcdefghijklmnopqrstuvwxyzáéíóúñü"


# The short words a fast typist runs into the next one (nopuede, nose, dela).
RUN_ON = frozenset("no ni se de la lo el en que un una su mi tu te me le les ya con por sin al del".split())


def one_edit_spanish(word: str) -> set[str]:
    """Every string one edit from ``word`` in Spanish letters that keeps its first letter (typos rarely
    touch it), a space inserted after a short word included (nopuede, not res que).

    A word Spanish spelling rules out gets only the fixes :func:`restores` allows."""
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in SPANISH_LETTERS}
    inserts = {a + c + b for a, b in splits for c in SPANISH_LETTERS}
    spaces = {f"{a} {b}" for a, b in splits if a.lower() in RUN_ON and len(b) >= 2}
    return {fix for fix in (deletes | swaps | replaces | inserts | spaces) - {word} if restores(word, fix)}


def restores(word: str, fix: str) -> bool:
    """Whether ``fix`` can be what a writer meant by ``word``. Any fix can, unless Spanish spelling
    rules ``word`` out (:func:`spanish_syllables`): then only letters left out (*proycto*:
    proyecto) or two swapped (*cnofiguración*) can; a letter too many in a cluster no Spanish
    word has (*postgres*) is a foreign name's, not a slip, so nothing is taken away or changed."""
    if spanish_syllables(word):
        return True
    a, b = bare(word), bare(fix)
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    letters = iter(b)
    return len(b) > len(a) and all(c in letters for c in a)  # every letter kept, in order


# Consonant clusters Spanish has: what may start a syllable, and what may end one inside a word.
ONSETS = frozenset(
    [*"bcdfghjklmnñpqrstvxyz", "ch", "ll", "rr", *(a + b for a in "pbfcgtd" for b in "lr" if a + b not in ("dl", "tl"))]
    + ["tl"]  # Mexican words from Nahuatl (tlapalería)
)
CODAS = frozenset(["", *"bcdgjlmnprstxyz", "ns", "bs", "rs", "ls", "ds"])


def spanish_syllables(word: str) -> bool:
    """True when ``word`` splits into syllables Spanish spelling allows: every run of consonants
    between vowels is what one syllable may end with and the next start with (*pro-yec-to*,
    *ins-ta-lar*); *postgres* (s-t-g-r) and *nginx* cannot be split so."""
    lower = word.lower().replace("qu", "k").replace("gu", "g").replace("ch", "C").replace("ll", "L").replace("rr", "R")
    runs = re.split(r"[aeiouáéíóúü]+", lower)
    if len(runs) < 2:
        return False  # no vowel
    digraphs = {"C": "ch", "L": "ll", "R": "rr"}

    def spelled(run: str) -> list[str]:
        return [digraphs.get(c, c) for c in run]

    first, *middle, last = runs
    if "".join(spelled(first)) not in ONSETS | {""}:
        return False
    for run in middle:
        letters = spelled(run)
        splits = [("".join(letters[:i]), "".join(letters[i:])) for i in range(len(letters) + 1)]
        if not any(coda in CODAS and onset in ONSETS | {""} for coda, onset in splits):
            return False
    return len(last) <= 2 and all(c in "dlnrsxyzjbcmptg" for c in last)


def accent_variants(word: str) -> list[str]:
    """The word with one accent or tilde added (``codigo`` → ``código``…)."""
    variants = []
    for i, char in enumerate(word):
        accented = ACCENTED.get(char.lower())
        if accented:
            variants.append(word[:i] + (accented.upper() if char.isupper() else accented) + word[i + 1 :])
    return variants


# Keys side by side on a keyboard (Spanish layout: ñ after l), and letters Spanish spells alike.
KEYBOARD = ("qwertyuiop", "asdfghjklñ", "zxcvbnm")
SOUNDS_ALIKE = frozenset(("bv", "cs", "cz", "sz", "gj", "iy", "ck", "kq", "nñ"))


def _keys() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {c: set() for row in KEYBOARD for c in row}
    for r, row in enumerate(KEYBOARD):
        for i, c in enumerate(row):
            above = KEYBOARD[r - 1][i : i + 2] if r else ""  # the rows are staggered to the right
            below = KEYBOARD[r + 1][max(i - 1, 0) : i + 1] if r + 1 < len(KEYBOARD) else ""
            for other in {*row[max(i - 1, 0) : i + 2], *above, *below} - {c}:
                near[c].add(other)
                near[other].add(c)
    return near


NEAR_KEYS = _keys()


def slip_of_a_key(a: str, b: str) -> bool:
    """One letter typed for another by a slip: a key beside it, or a letter spelt alike (b/v, c/s)."""
    return b in NEAR_KEYS.get(a, ()) or "".join(sorted(a + b)) in SOUNDS_ALIKE


def plausible(word: str, fix: str, edits: int) -> bool:
    """Whether slips of fast typing turn ``fix`` into ``word``: a letter left out, doubled or
    swapped, a key beside the right one or a letter spelt alike (not *pititas* for *patitas*);
    two slips only in a long word or when one is an accent left out; a space only after a short
    word typed into the next (*nopuede*, not *pela bola*); never a ü or ñ lost, which no one types
    by mistake (*agüitado*)."""
    a, b = bare(word), bare(fix)
    if edits == 2 and len(word) < TWO_SLIPS_FROM and distance(a, b) > 1:
        return False
    if " " in fix and fix.split()[0].lower() not in RUN_ON:
        return False
    if len(a) == len(b):
        changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        swapped = len(changed) == 2 and changed[0] == changed[1][::-1]
        if not swapped and not all(slip_of_a_key(x, y) for x, y in changed):
            return False
    return all(fix.lower().count(mark) >= word.lower().count(mark) for mark in "üñ")


def could_be_spanish(word: str) -> bool:
    """False for a word Spanish spelling rules out (``config``, ``katacontainers``)."""
    return not NOT_SPANISH.search(word)


def correction(word: str, suggestions: Iterable[str], apertium_knows: Callable[[str], bool]) -> str | None:
    """The best correction of ``word`` among its accent variants and ``suggestions``, or None."""
    if len(word) < 3 or not could_be_spanish(word):
        return None
    limit = 2 if len(word) >= TWO_EDITS_FROM else 1
    options = accent_variants(word) + (list(suggestions) if len(word) >= MIN_LENGTH else [])
    best: tuple[int, int, str] | None = None
    for rank, candidate in enumerate(options):
        if candidate == word or bare(candidate)[:1] != bare(word)[:1] or "-" in candidate:
            continue
        if not restores(word, candidate):
            continue
        edits = distance(word, candidate)
        if edits > limit or not plausible(word, candidate, edits):
            continue
        if not all(apertium_knows(part) for part in candidate.split()):
            continue
        if best is None or (edits, rank) < best[:2]:
            best = (edits, rank, candidate)
    return best[2] if best else None
