"""Mending unknown words: the rules, in order, each over the words the earlier ones left.

Every rule reads a :class:`Batch` (the unknown words of a build, as typed and with their
capitals put right) and records a :class:`~tripreport.lexicon.forms.Correction` for the words
it mends, or ``None`` for a word it settles as not to be mended (English jargon, a typo no
fix is sure for). Each asks its programs about all its words at once. The first that
applies wins; :data:`RULES` lists them, the most certain first.
"""

from __future__ import annotations

import concurrent.futures
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tripreport.glossary import match_case
from tripreport.lexicon import cognates, evidence, spelling
from tripreport.lexicon.forms import (
    KEPT,
    LAUGHTER,
    STRETCHED,
    Correction,
    diminutive_bases,
    english_spellings,
    fix_capitals,
    splits_prefix,
    superlative_bases,
)

if TYPE_CHECKING:
    from tripreport.lexicon import Lexicon


@dataclass
class Batch:
    """The unknown words being mended, and what the rules have found so far."""

    words: list[str]
    capitals: dict[str, str]  # each word with capitals typed by mistake put right (HIbieron: Hibieron)
    found: dict[str, Correction | None] = field(default_factory=dict)
    left: list[str] = field(default_factory=list)  # the words the next rules look at
    misspelt: set[str] = field(default_factory=set)  # of ``left``, those Spanish Hunspell does not know
    lemmas: dict[str, tuple[str, ...]] = field(default_factory=dict)  # Hunspell's lemmas of the others
    names: set[str] = field(default_factory=set)  # capitalised words met inside a sentence: never typos

    def mend(self, word: str, replacement: str, kind: str) -> None:
        self.found[word] = Correction(word, replacement, kind)  # type: ignore[arg-type]


Rule = Callable[["Lexicon", Batch], None]


def expressions_and_names(lexicon: Lexicon, batch: Batch) -> None:
    """Laughter (*jajaja*: haha), stretched letters (*peeero*: pero, when a dictionary knows the
    word; else the typo rule leaves it as written), capitals typed by mistake, and a name in
    lower case (*europa*): before the English check, which knows "Europa" the moon."""
    words, capitals = batch.words, batch.capitals
    unstretched = {w: destretched(capitals[w]) for w in words}
    lexicon.analyser.analyse(
        [f for w in words for f in (capitals[w], w.capitalize(), *unstretched[w], *(u.lower() for u in unstretched[w]))]
    )
    if lexicon.english is not None:
        lexicon.english.misspelt(f for w in words for f in english_spellings(w))
    if lexicon.spanish is not None:
        lexicon.spanish.misspelt([*words, *(u for w in words for u in unstretched[w])])
    for word in words:
        plain = next((u for u in unstretched[word] if knows(lexicon, u) or knows(lexicon, u.lower())), None)
        plain = plain or next((u for u in unstretched[word] if spanish_knows(lexicon, u)), None)
        if LAUGHTER.fullmatch(word):
            batch.mend(word, "haha", "expression")
        elif plain:
            batch.mend(word, match_case(word, plain), "expression")
        elif capitals[word] != word and knows(lexicon, capitals[word]):
            batch.mend(word, capitals[word], "case")
        elif (
            word.islower()
            and lexicon.analyser.analyse([word.capitalize()])[word.capitalize()].only_name
            and (lexicon.spanish is None or not lexicon.spanish.knows(word))  # "dona" is a verb, not Dona
        ):
            batch.mend(word, word.capitalize(), "case")
    batch.left = [w for w in words if w not in batch.found]


def destretched(word: str) -> list[str]:
    """A word with letters stretched for emphasis, each run cut to one letter, then to two
    (*graciaaas*: gracias; *leeeer*: ler, leer); nothing for a word with no stretched letters."""
    if not STRETCHED.search(word):
        return []
    return list(dict.fromkeys([STRETCHED.sub(r"\1", word), STRETCHED.sub(r"\1\1", word)]))


def spanish_knows(lexicon: Lexicon, word: str) -> bool:
    return lexicon.spanish is not None and lexicon.spanish.knows(word)


def english_jargon(lexicon: Lexicon, batch: Batch) -> None:
    """English jargon is left alone, unless Spanish knows the word as written too (*dona*: a verb).
    Without Spanish Hunspell, nothing after this rule can judge a word: they all stay."""
    if lexicon.spanish is None:
        batch.left = []
        return
    spanish_misspelt = lexicon.spanish.misspelt(batch.words)
    batch.left = [w for w in batch.left if w not in spanish_misspelt or not lexicon.is_english(w)]
    batch.misspelt = lexicon.spanish.misspelt(batch.left)
    batch.lemmas = lexicon.spanish.stems([w for w in batch.left if w not in batch.misspelt])


def word_forms(lexicon: Lexicon, batch: Batch) -> None:
    """Diminutives (*alitas*: alas), superlatives (*larguísima*: muy larga), and the accent a
    misspelt word lacks (*facil*): Apertium's word alone decides."""
    capitals = batch.capitals
    probes = []
    for word in batch.left:
        probes += diminutive_bases(capitals[word])
        probes += superlative_bases(capitals[word])
        probes += spelling.accent_variants(capitals[word])
        split = cognates.prefix_split(capitals[word])
        probes += [split[1]] if split else []
        probes += [capitals[word].lower()[:-5]] if capitals[word].lower().endswith("mente") else []
    lexicon.analyser.analyse(probes)
    for word in batch.left:
        for base in diminutive_bases(capitals[word]):
            analysis = lexicon.analyser.analyse([base])[base]
            if any(analysis.has(tag) for tag in ("n", "adj", "adv")) and not analysis.only_name:
                batch.mend(word, match_case(word, base), "diminutive")
                break
        for base in superlative_bases(capitals[word]):
            analysis = lexicon.analyser.analyse([base])[base]
            if word not in batch.found and (analysis.has("adj") or analysis.has("qnt")):
                batch.mend(word, match_case(word, f"muy {base}"), "superlative")
        if word not in batch.found and word in batch.misspelt and word not in batch.names:
            accent(lexicon, batch, word)
    batch.left = [w for w in batch.left if w not in batch.found]


def cognates_and_spanglish(lexicon: Lexicon, batch: Batch) -> None:
    """Cognates and Spanglish verbs, judged by the English dictionary (see :mod:`.cognates`); then
    the accent of a word Spanish knows: *dona* is the verb (donates), not *doña*."""
    batch.found.update(cognate_corrections(lexicon, batch.left, batch.misspelt, batch.lemmas))
    for word in batch.left:
        if word not in batch.found and word not in batch.names:
            accent(lexicon, batch, word)


def typos(lexicon: Lexicon, batch: Batch) -> None:
    """Typos (see :mod:`.spelling`), on evidence only (see :mod:`.evidence`): not a name, nor a word
    whose shape says it is written on purpose; the fix a frequent word, unless the typo is long.
    Those next to one Spanish word are settled by Apertium alone; those next to several, or long
    ones next to none, by Hunspell's ranking; a fix two edits away loses to an English word one
    edit away."""
    capitals = batch.capitals
    maybe = [w for w in typo_shaped(lexicon, batch) if w not in batch.names]
    on_purpose = evidence.shaped_on_purpose(lexicon, maybe)
    maybe = [w for w in maybe if w not in on_purpose]
    typo_fixes, ranked, far_off = near_typos(lexicon, {w: capitals[w] for w in maybe})
    assert lexicon.spanish is not None
    suggestions = lexicon.spanish.suggestions(capitals[w] for w in [*ranked, *far_off])
    typo_fixes.update(ranked_typos(lexicon, {w: capitals[w] for w in [*ranked, *far_off]}, suggestions))
    typo_fixes = {w: fix for w, fix in typo_fixes.items() if w not in batch.found}
    if lexicon.english is not None:
        far = {
            w: spelling.one_edit(w.lower()) for w, fix in typo_fixes.items() if fix and spelling.distance(w, fix) > 1
        }
        english_unknown = lexicon.english.misspelt(v for variants in far.values() for v in variants)
        for word in far:
            if any(v not in english_unknown for v in far[word]):
                typo_fixes[word] = None
    for word, fixed in typo_fixes.items():
        strong = fixed and evidence.good_fix(capitals[word], fixed)
        batch.found[word] = Correction(word, match_case(word, fixed), "spelling") if fixed and strong else None


def typo_shaped(lexicon: Lexicon, batch: Batch) -> list[str]:
    """The words left that may be typos: unknown to every Spanish dictionary, long enough to
    guess from, spelt as Spanish could be, and not English words run together."""
    maybe = [w for w in batch.left if w not in batch.found and w in batch.misspelt]
    maybe = [w for w in maybe if len(w) >= spelling.MIN_LENGTH and spelling.could_be_spanish(w)]
    return [w for w in maybe if not english_like(lexicon, w)]


def unknown_words(lexicon: Lexicon, batch: Batch) -> None:
    """What no rule mended and no dictionary knows, spelt as Spanish could be, is kept as written
    and named for the reviewer (kind ``unknown``): names in a sentence and English jargon aside."""
    left = [w for w in batch.left if batch.found.get(w) is None and w in batch.misspelt and w not in batch.names]
    # Spelling Spanish rules out (yamls, cpu, etls) is jargon as English writes it, not Spanish.
    plain = {w: STRETCHED.sub(r"\1", w) for w in left}
    left = [
        w for w in left if len(w) >= 3 and spelling.could_be_spanish(plain[w]) and spelling.spanish_syllables(plain[w])
    ]
    for word in left:
        if not english_like(lexicon, word):
            batch.mend(word, word, KEPT)


RULES: tuple[tuple[str, Rule], ...] = (
    ("expressions and names", expressions_and_names),
    ("English jargon", english_jargon),
    ("word forms", word_forms),
    ("cognates and Spanglish", cognates_and_spanglish),
    ("typos", typos),
    ("unknown words", unknown_words),
)


def mend(
    lexicon: Lexicon,
    words: list[str],
    names: set[str] | frozenset[str] = frozenset(),
    rules: tuple[tuple[str, Rule], ...] = RULES,
) -> dict[str, Correction | None]:
    """Each rule in turn over the words the earlier ones left; ``names``: capitalised words met
    inside a sentence."""
    batch = Batch(words, {w: fix_capitals(w) for w in words}, left=list(words), names=set(names))
    for _, rule in rules:
        if not batch.left:
            break
        rule(lexicon, batch)
    return batch.found


# --- what the rules ask Apertium and Hunspell -------------------------------------------------


def accent(lexicon: Lexicon, batch: Batch, word: str) -> None:
    fixed = spelling.correction(batch.capitals[word], (), lambda text: usable(lexicon, text))
    if fixed:
        batch.mend(word, match_case(word, fixed), "spelling")


def usable(lexicon: Lexicon, text: str) -> bool:
    """Apertium knows every word, and none only as a vosotros verb form, which Mexican Spanish never uses."""
    parts = text.split()
    analysis = lexicon.analyser.analyse(parts)
    return all(analysis[p].known and not all({"p2", "pl"} <= tags for _, tags in analysis[p].readings) for p in parts)


def knows(lexicon: Lexicon, text: str) -> bool:
    """True when Apertium knows every word of ``text``."""
    parts = text.split()
    analysis = lexicon.analyser.analyse(parts)
    return all(analysis[p].known for p in parts)


def reading_as(lexicon: Lexicon, word: str, tag: str) -> tuple[str, frozenset[str]] | None:
    """Apertium's reading of ``word`` as a ``tag`` (n, adj), if it has one."""
    if not word:
        return None
    analysis = lexicon.analyser.analyse([word])[word]
    return next(((lemma, tags) for lemma, tags in analysis.readings if tag in tags), None)


def words_near_english(lexicon: Lexicon, words: list[str]) -> set[str]:
    """The words one edit from an English word (functons: functions), by Apertium's English analyser."""
    if lexicon.english_analyser is None or not words:
        return set()
    variants = {w: spelling.one_edit(w.lower()) for w in words}
    analysis = lexicon.english_analyser.analyse(v for found in variants.values() for v in found)
    return {w for w, found in variants.items() if any(analysis[v].known for v in found)}


def english_like(lexicon: Lexicon, word: str) -> bool:
    """Two English words run together, or one edit from an English word that Spanish has no neighbour for."""
    if lexicon.english is None:
        return False
    lower = word.lower()
    halves = [(lower[:i], lower[i:]) for i in range(3, len(lower) - 2)]
    unknown = lexicon.english.misspelt([h for pair in halves for h in pair])
    return any(a not in unknown and b not in unknown for a, b in halves)


def near_typos(lexicon: Lexicon, typos: dict[str, str]) -> tuple[dict[str, str | None], list[str], list[str]]:
    """Fixes of the typos (word → as capitalised right) that have one neighbour Spanish and Apertium
    know, one edit away; the typos with several, for Hunspell's ranking; and long words with
    none, which may be two edits off."""
    # The English analyser answers in a thread while the Spanish one does: two programs at once.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        english = pool.submit(
            words_near_english, lexicon, [w for w in typos if len(typos[w]) >= spelling.TWO_EDITS_FROM]
        )
        neighbours = {w: spelling.one_edit_spanish(c) for w, c in typos.items()}
        analysis = lexicon.analyser.analyse(p for found in neighbours.values() for n in found for p in n.split())
        near_english = english.result()
    neighbours = {w: {n for n in found if all(analysis[p].known for p in n.split())} for w, found in neighbours.items()}
    fixes: dict[str, str | None] = {}
    ranked: list[str] = []
    far_off: list[str] = []
    for word, capitals in typos.items():
        options = [
            n
            for n in sorted(neighbours[word])
            if spelling.bare(n)[:1] == spelling.bare(capitals)[:1]
            and not splits_prefix(n)
            and spelling.plausible(capitals, n, 1)
            and usable(lexicon, n)
        ]
        if len(options) == 1:
            fixes[word] = options[0]
        elif options:
            ranked.append(word)
        elif len(capitals) >= spelling.TWO_EDITS_FROM and word not in near_english:
            far_off.append(word)
    return fixes, ranked, far_off


def ranked_typos(
    lexicon: Lexicon, typos: dict[str, str], suggestions: dict[str, tuple[str, ...]]
) -> dict[str, str | None]:
    """Fixes among Hunspell's first suggestions for each typo (word → as capitalised right)."""
    lexicon.analyser.analyse(s for c in typos.values() for x in suggestions.get(c, ()) for s in x.split())
    fixes: dict[str, str | None] = {}
    for word, capitals in typos.items():
        top = [s for s in suggestions.get(capitals, ())[: spelling.TOP_SUGGESTIONS] if not splits_prefix(s)]
        fixes[word] = spelling.correction(capitals, top, lambda text: usable(lexicon, text))
    return fixes


def cognate_corrections(
    lexicon: Lexicon, words: list[str], misspelt: set[str], lemmas: dict[str, tuple[str, ...]]
) -> dict[str, Correction | None]:
    if not words or lexicon.english is None:
        return {}
    # Apertium's English for the Spanish parts it knows: a prefixed word's rest (a noun),
    # an adverb's adjective.
    parts: dict[str, tuple[str, str, str]] = {}
    readings: dict[str, tuple[str, frozenset[str]]] = {}
    for word in words:
        lower = fix_capitals(word).lower()
        split = cognates.prefix_split(lower)
        rest = split[1] if split else ""
        reading = reading_as(lexicon, rest, "n") or reading_as(lexicon, rest, "adj")
        if split and reading:
            parts[word], readings[rest] = ("prefix", split[0], rest), reading
        elif lower.endswith("mente") and len(lower) > 8 and (reading := reading_as(lexicon, lower[:-5], "adj")):
            parts[word], readings[lower[:-5]] = ("adverb", "", lower[:-5]), reading
    english_parts = lexicon.words.translate(readings) if lexicon.words else {}
    # A form of a verb Apertium knows (mandame: mandar) is that verb with clitics, not a cognate
    # (mandate): the cognate would only guess at what the dictionary has.
    verbs = {w: lemmas.get(w, ()) or cognates.ar_lemmas(fix_capitals(w).lower()) for w in words}
    analysis = lexicon.analyser.analyse(v for found in verbs.values() for v in found)

    options: dict[str, list[cognates.Candidate]] = {}
    for word in words:
        lower = fix_capitals(word).lower()
        found: list[cognates.Candidate] = []
        if word in misspelt:
            found += cognates.spanglish_candidates(lower)
        for lemma in verbs[word]:
            if not analysis[lemma].has("vblex"):
                found += cognates.verb_candidates(lower, lemma)
        stem = cognates.gerund_noun_stem(lower)
        found += cognates.gerund_candidates(stem) if stem else []
        found += cognates.noun_candidates(lower)
        kind, prefix, spanish = parts.get(word, ("", "", ""))
        english = english_parts.get(spanish, "")
        if kind == "adverb" and re.fullmatch(r"[a-z]+", english):
            found.append(cognates.Candidate(cognates.adverb(english), (cognates.adverb(english),), "-mente"))
        elif kind == "prefix" and re.fullmatch(r"[a-z]+", english):
            found.append(cognates.compound(prefix, english))
        elif (split := cognates.prefix_split(lower)) and not kind:
            rest = split[1]
            inner = cognates.noun_candidates(rest)
            if rest_stem := cognates.gerund_noun_stem(rest):
                inner = cognates.gerund_candidates(rest_stem) + inner
            found += [cognates.compound(split[0], c.english) for c in inner]
        options[word] = found
    unknown = lexicon.english.misspelt(cognates.needed_words([c for found in options.values() for c in found]))
    chosen: dict[str, Correction | None] = {}
    for word, found in options.items():
        best = cognates.first_standing(found, lambda w: w not in unknown)
        if best and best.english.lower() != word.lower():  # an English word Spanish knows too (culture)
            chosen[word] = Correction(word, match_case(word, best.english), "cognate")
    return chosen
