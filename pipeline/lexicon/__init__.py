"""Unknown words: the Spanish an engine would leave untranslated, found and mended before it translates.

Apertium's Spanish analyser is the detector, for every engine: a word it does not know
is exactly a word Apertium would mark ``*word`` and copy through, and the neural engine
gets the same list. Each unknown word that is not English already (``environments``,
``namespaces``), not an acronym or a CamelCase name, is mended, first rule that works:

1. capitals typed by mistake (``HIbieron``) or a name typed in lower case (``europa``);
2. a diminutive of a noun, adjective or adverb Apertium knows, read as that word (``alitas`` →
   ``alas``, ``cafecito`` → ``café``, ``rapidito`` → ``rápido``): English says the smallness or
   the warmth with other words, or not at all;
3. a typo (``proycto`` → ``proyecto``), see :mod:`.spelling`;
4. a cognate or a Spanglish verb (``observabilidad`` → *observability*), see :mod:`.cognates`.

A Spanish mend goes to the engine as Spanish; an English one goes in as the English
word, which every engine copies through. What cannot be mended stays, and QA lists it
(:meth:`Lexicon.spanish_words`). The programs are optional: without Apertium's analyser
there is no lexicon stage, without Hunspell no typo or cognate step.
"""

from __future__ import annotations

import concurrent.futures
import functools
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tripreport.errors import TripreportError
from tripreport.lexicon import cognates, spelling
from tripreport.lexicon.tools import (
    Analyser,
    Analysis,
    EnglishWords,
    Hunspell,
    apertium_binaries,
    hunspell_dictionary,
)
from tripreport.streams import close_all

if TYPE_CHECKING:
    from tripreport.engines.apertium import SharedAnalyser

RULES_VERSION = "2"  # bump when a rule changes what a word becomes: the memory then misses
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
CorrectionKind = Literal["case", "diminutive", "superlative", "expression", "spelling", "cognate"]
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
# Spanish words English dictionaries also list (la, el, con, para, deja as in déjà vu…):
# Spanish whenever they are left in English prose.
SPANISH_FUNCTION_WORDS = frozenset(
    """que del los las el la lo le les con sin para por pero muy como cómo más mas hay una uno unos unas
    es son está están este esta estos estas ese esa eso esto aquí ahí donde cuando porque también
    todo todos toda todas nada nadie nunca pues entonces deja dejan dejar casa mesa hola""".split()
)
SPANISH_SUFFIX = re.compile(r"(?:ción|ciones|sión|siones|idad|idades|mente|amiento|imiento|ismo)$", re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    """One unknown word and what the engine gets instead."""

    word: str
    replacement: str
    kind: CorrectionKind

    def describe(self) -> str:
        return f"{self.word} → {self.replacement} ({self.kind})"


@dataclass(frozen=True)
class Repaired:
    """A segment as the engine gets it, and the corrections made in it."""

    text: str
    corrections: tuple[Correction, ...] = ()


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
            found = [s + base for s in stems for base in bases]
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


def match_case(source: str, replacement: str) -> str:
    if source[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


class Lexicon:
    """The dictionaries behind the stage, with what they answered kept for the build."""

    def __init__(
        self,
        analyser: Analyser,
        words: EnglishWords | None,
        spanish: Hunspell | None,
        english: Hunspell | None,
        english_analyser: Analyser | None = None,
    ) -> None:
        self.analyser, self.words, self.spanish, self.english = analyser, words, spanish, english
        # Apertium's English analyser: a fast first judge for bulk questions (is it near an English word?).
        self.english_analyser = english_analyser
        self._corrections: dict[str, Correction | None] = {}
        self._starting: threading.Thread | None = None

    @classmethod
    def load(cls, shared: SharedAnalyser | None = None) -> Lexicon | None:
        """The lexicon with whatever dictionaries are installed; None without Apertium's analyser.

        ``shared``: the Apertium engine's own analyser, asked instead of starting another
        when it reads the same dictionary.
        """
        binaries = apertium_binaries()
        if "automorf" not in binaries:
            return None
        same = shared is not None and shared.binary.resolve() == binaries["automorf"].resolve()
        words = (
            EnglishWords(binaries["autobil"], binaries["autogen"]) if {"autobil", "autogen"} <= set(binaries) else None
        )
        spanish = hunspell_dictionary("es_MX")
        # Apertium writes British English: the judge of what is English knows both spellings.
        english = [d for d in (hunspell_dictionary("en_US"), hunspell_dictionary("en_GB")) if d]
        lexicon = cls(
            Analyser(binaries["automorf"], shared=shared.stream if same and shared else None),
            words,
            Hunspell([spanish], lemmas=True) if spanish else None,
            Hunspell(english) if english else None,
            Analyser(binaries["english"], "English") if "english" in binaries else None,
        )
        return lexicon

    def start(self) -> None:
        """Start every program now, so each loads its dictionary while the build does other
        work (otherwise each starts when first asked). They are started from a thread:
        starting them all takes the build tens of milliseconds."""

        def start_all() -> None:
            try:
                for program in self._programs():
                    if program is self.spanish:  # typos: its suggestions are asked for too
                        self.spanish.start(suggestions=True)
                    else:
                        program.start()
            except TripreportError:
                pass  # not from a thread: the first question starts it again and says why, in one line

        self._starting = threading.Thread(target=start_all, name="tripreport-lexicon-start", daemon=True)
        self._starting.start()

    def close(self) -> None:
        """Stop the dictionary programs (killed: they hold nothing else), once all have started."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        close_all((stream for program in self._programs() for stream in program.streams), kill=True)

    def _programs(self) -> list[Analyser | EnglishWords | Hunspell]:
        """The helpers this lexicon has (the English ones and Hunspell are optional)."""
        programs = (self.analyser, self.english_analyser, self.words, self.spanish, self.english)
        return [program for program in programs if program is not None]

    def __enter__(self) -> Lexicon:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @functools.cached_property
    def version(self) -> str:
        """What the stage's answers depend on: its rules and the dictionaries' files."""
        files = [self.analyser.binary]
        for hunspell in (self.spanish, self.english):
            if hunspell is not None:
                files += [Path(f"{d}.dic") for d in hunspell.dictionaries]
        stamps = [f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in files]
        return f"lexicon {RULES_VERSION} ({', '.join(stamps)})"

    # --- before translation ---------------------------------------------------------------

    def repair(self, segments: Sequence[str], skip: re.Pattern[str]) -> list[Repaired]:
        """Each segment with its unknown words mended; ``skip`` matches placeholders to leave alone."""
        words = [w for s in segments for w in WORD.findall(skip.sub(" ", s))]
        fixes = self.corrections(words)
        repaired = []
        for segment in segments:
            found = [fixes[w] for w in dict.fromkeys(WORD.findall(skip.sub(" ", segment))) if fixes.get(w)]
            text = segment
            for correction in found:
                pattern = re.compile(rf"(?<![\w-]){re.escape(correction.word)}(?![\w-])")
                text = pattern.sub(lambda _m, c=correction: c.replacement, text)
            repaired.append(Repaired(text, tuple(found)))
        return repaired

    def corrections(self, words: Iterable[str]) -> dict[str, Correction]:
        """The correction of each word that has one (Apertium knows the others, or nothing worked)."""
        words = list(words)
        wanted = [w for w in dict.fromkeys(words) if w not in self._corrections and len(w) >= 2]
        if wanted:
            analysed = self.analyser.analyse(wanted)
            unknown = [w for w in wanted if not analysed[w].known and not is_name_like(fix_capitals(w))]
            self._corrections.update({w: None for w in wanted})
            self._corrections.update(self._mend(unknown))
        return {w: c for w in words if (c := self._corrections.get(w))}

    def is_english(self, word: str) -> bool:
        """True when the English dictionary knows the word as written, in lower case or capitalised."""
        return word in self.english_words([word])

    def english_words(self, words: Iterable[str]) -> set[str]:
        """The words the English dictionary knows as written, in lower case or capitalised (one call)."""
        if self.english is None:
            return set()
        words = list(words)
        unknown = self.english.misspelt(f for w in words for f in english_spellings(w))
        return {w for w in words if any(f not in unknown for f in english_spellings(w))}

    def _mend(self, words: list[str]) -> dict[str, Correction | None]:
        """Each rule in turn over the words the earlier ones left, each asking its programs once."""
        found: dict[str, Correction | None] = {}
        capitals = {w: fix_capitals(w) for w in words}
        # 1. Capitals and names: before the English check, which knows "Europa" the moon.
        self.analyser.analyse(
            [f for w in words for f in (capitals[w], w.capitalize(), STRETCHED.sub(r"\1", capitals[w]))]
        )
        if self.english is not None:
            self.english.misspelt(f for w in words for f in english_spellings(w))
        if self.spanish is not None:
            self.spanish.misspelt(words)
        for word in words:
            stretched = STRETCHED.sub(r"\1", capitals[word])
            if LAUGHTER.fullmatch(word):
                found[word] = Correction(word, "haha", "expression")
            elif stretched != capitals[word] and self._knows(stretched):
                found[word] = Correction(word, match_case(word, stretched), "expression")
            elif capitals[word] != word and self._knows(capitals[word]):
                found[word] = Correction(word, capitals[word], "case")
            elif (
                word.islower()
                and self.analyser.analyse([word.capitalize()])[word.capitalize()].only_name
                and (self.spanish is None or not self.spanish.knows(word))  # "dona" is a verb, not Dona
            ):
                found[word] = Correction(word, word.capitalize(), "case")
        if self.spanish is None:
            return found
        # English jargon is left alone, unless Spanish knows the word as written too (dona: a verb).
        spanish_misspelt = self.spanish.misspelt(words)
        left = [w for w in words if w not in found and (w not in spanish_misspelt or not self.is_english(w))]
        if not left:
            return found
        # 2. Diminutives, and the accent a misspelt word lacks (facil): Apertium's word alone decides.
        misspelt = self.spanish.misspelt(left)
        lemmas = self.spanish.stems([w for w in left if w not in misspelt])
        probes = []
        for word in left:
            probes += diminutive_bases(capitals[word])
            probes += superlative_bases(capitals[word])
            probes += spelling.accent_variants(capitals[word])
            split = cognates.prefix_split(capitals[word])
            probes += [split[1]] if split else []
            probes += [capitals[word].lower()[:-5]] if capitals[word].lower().endswith("mente") else []
        self.analyser.analyse(probes)
        for word in left:
            for base in diminutive_bases(capitals[word]):
                analysis = self.analyser.analyse([base])[base]
                if any(analysis.has(tag) for tag in ("n", "adj", "adv")) and not analysis.only_name:
                    found[word] = Correction(word, match_case(word, base), "diminutive")
                    break
            for base in superlative_bases(capitals[word]):
                analysis = self.analyser.analyse([base])[base]
                if word not in found and (analysis.has("adj") or analysis.has("qnt")):
                    found[word] = Correction(word, match_case(word, f"muy {base}"), "superlative")
            if word not in found and word in misspelt:
                self._accent(word, capitals[word], found)
        left = [w for w in left if w not in found]
        # 3. Cognates and Spanglish verbs, judged by the English dictionary. A word Spanish
        # knows gets its accent only after them: "dona" is the verb (donates), not "doña".
        found.update(self._cognates(left, misspelt, lemmas))
        for word in left:
            if word not in found:
                self._accent(word, capitals[word], found)
        # Typos next to one Spanish word are settled by Apertium alone; those next to several,
        # or long ones next to none, by Hunspell's ranking.
        maybe = [w for w in left if w not in found and w in misspelt]
        maybe = [w for w in maybe if len(w) >= spelling.MIN_LENGTH and spelling.could_be_spanish(w)]
        maybe = [w for w in maybe if not self._english_like(w)]
        typo_fixes, ranked, far_off = self._near_typos({w: capitals[w] for w in maybe})
        suggestions = self.spanish.suggestions(capitals[w] for w in [*ranked, *far_off])
        # 4. Typos, unless a fix two edits away loses to an English word one edit away.
        typo_fixes.update(self._ranked_typos({w: capitals[w] for w in [*ranked, *far_off]}, suggestions))
        typo_fixes = {w: fix for w, fix in typo_fixes.items() if w not in found}
        if self.english is not None:
            far = {
                w: spelling.one_edit(w.lower())
                for w, fix in typo_fixes.items()
                if fix and spelling.distance(w, fix) > 1
            }
            english_unknown = self.english.misspelt(v for variants in far.values() for v in variants)
            for word in far:
                if any(v not in english_unknown for v in far[word]):
                    typo_fixes[word] = None
        for word, fixed in typo_fixes.items():
            found[word] = Correction(word, match_case(word, fixed), "spelling") if fixed else None
        return found

    def _near_english(self, words: list[str]) -> set[str]:
        """The words one edit from an English word (functons: functions), by Apertium's English analyser."""
        if self.english_analyser is None or not words:
            return set()
        variants = {w: spelling.one_edit(w.lower()) for w in words}
        analysis = self.english_analyser.analyse(v for found in variants.values() for v in found)
        return {w for w, found in variants.items() if any(analysis[v].known for v in found)}

    def _english_like(self, word: str) -> bool:
        """Two English words run together, or one edit from an English word that Spanish has no neighbour for."""
        if self.english is None:
            return False
        lower = word.lower()
        halves = [(lower[:i], lower[i:]) for i in range(3, len(lower) - 2)]
        unknown = self.english.misspelt([h for pair in halves for h in pair])
        return any(a not in unknown and b not in unknown for a, b in halves)

    def _near_typos(self, typos: dict[str, str]) -> tuple[dict[str, str | None], list[str], list[str]]:
        """Fixes of the typos (word → as capitalised right) that have one neighbour Spanish and Apertium
        know, one edit away; the typos with several, for Hunspell's ranking; and long words with
        none, which may be two edits off."""
        # The English analyser answers in a thread while the Spanish one does: two programs at once.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            english = pool.submit(self._near_english, [w for w in typos if len(typos[w]) >= spelling.TWO_EDITS_FROM])
            neighbours = {w: spelling.one_edit_spanish(c) for w, c in typos.items()}
            analysis = self.analyser.analyse(p for found in neighbours.values() for n in found for p in n.split())
            near_english = english.result()
        neighbours = {
            w: {n for n in found if all(analysis[p].known for p in n.split())} for w, found in neighbours.items()
        }
        fixes: dict[str, str | None] = {}
        ranked: list[str] = []
        far_off: list[str] = []
        for word, capitals in typos.items():
            options = [
                n
                for n in sorted(neighbours[word])
                if spelling.bare(n)[:1] == spelling.bare(capitals)[:1] and not splits_prefix(n) and self._usable(n)
            ]
            if len(options) == 1:
                fixes[word] = options[0]
            elif options:
                ranked.append(word)
            elif len(capitals) >= spelling.TWO_EDITS_FROM and word not in near_english:
                far_off.append(word)
        return fixes, ranked, far_off

    def _ranked_typos(self, typos: dict[str, str], suggestions: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
        """Fixes among Hunspell's first suggestions for each typo (word → as capitalised right)."""
        self.analyser.analyse(s for c in typos.values() for x in suggestions.get(c, ()) for s in x.split())
        fixes: dict[str, str | None] = {}
        for word, capitals in typos.items():
            top = [s for s in suggestions.get(capitals, ())[: spelling.TOP_SUGGESTIONS] if not splits_prefix(s)]
            fixes[word] = spelling.correction(capitals, top, self._usable)
        return fixes

    def _accent(self, word: str, capitals: str, found: dict[str, Correction | None]) -> None:
        fixed = spelling.correction(capitals, (), self._usable)
        if fixed:
            found[word] = Correction(word, match_case(word, fixed), "spelling")

    def _usable(self, text: str) -> bool:
        """Apertium knows every word, and none only as a vosotros verb form, which Mexican Spanish never uses."""
        parts = text.split()
        analysis = self.analyser.analyse(parts)
        return all(
            analysis[p].known and not all({"p2", "pl"} <= tags for _, tags in analysis[p].readings) for p in parts
        )

    def _reading(self, word: str, tag: str) -> tuple[str, frozenset[str]] | None:
        """Apertium's reading of ``word`` as a ``tag`` (n, adj), if it has one."""
        if not word:
            return None
        analysis = self.analyser.analyse([word])[word]
        return next(((lemma, tags) for lemma, tags in analysis.readings if tag in tags), None)

    def _knows(self, text: str) -> bool:
        """True when Apertium knows every word of ``text``."""
        parts = text.split()
        analysis = self.analyser.analyse(parts)
        return all(analysis[p].known for p in parts)

    def _cognates(
        self, words: list[str], misspelt: set[str], lemmas: dict[str, tuple[str, ...]]
    ) -> dict[str, Correction | None]:
        if not words or self.english is None:
            return {}
        # Apertium's English for the Spanish parts it knows: a prefixed word's rest (a noun),
        # an adverb's adjective.
        parts: dict[str, tuple[str, str, str]] = {}
        readings: dict[str, tuple[str, frozenset[str]]] = {}
        for word in words:
            lower = fix_capitals(word).lower()
            split = cognates.prefix_split(lower)
            rest = split[1] if split else ""
            reading = self._reading(rest, "n") or self._reading(rest, "adj")
            if split and reading:
                parts[word], readings[rest] = ("prefix", split[0], rest), reading
            elif lower.endswith("mente") and len(lower) > 8 and (reading := self._reading(lower[:-5], "adj")):
                parts[word], readings[lower[:-5]] = ("adverb", "", lower[:-5]), reading
        english_parts = self.words.translate(readings) if self.words else {}

        options: dict[str, list[cognates.Candidate]] = {}
        for word in words:
            lower = fix_capitals(word).lower()
            found: list[cognates.Candidate] = []
            if word in misspelt:
                found += cognates.spanglish_candidates(lower)
            for lemma in lemmas.get(word, ()) or cognates.ar_lemmas(lower):
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
        unknown = self.english.misspelt(cognates.needed_words([c for found in options.values() for c in found]))
        chosen: dict[str, Correction | None] = {}
        for word, found in options.items():
            best = cognates.first_standing(found, lambda w: w not in unknown)
            if best and best.english.lower() != word.lower():  # an English word Spanish knows too (culture)
                chosen[word] = Correction(word, match_case(word, best.english), "cognate")
        return chosen

    # --- after translation: QA ----------------------------------------------------------

    def spanish_words(self, words: Sequence[tuple[str, bool]], extra: frozenset[str] = frozenset()) -> set[str]:
        """Which of ``(word, starts_sentence)`` are Spanish left in English text.

        A word is Spanish when it is one of the Spanish words English dictionaries also
        list (``que``, ``para``), or it is not English and Spanish knows it: Apertium's
        analyser or Hunspell ``es``, ``extra`` (the glossary's slang), a Spanish accent or
        suffix. Names are not Spanish: a capitalised word mid-sentence that Apertium knows
        only as a name, or that is not in lower case in any dictionary (López, María); but a
        word Apertium does not know whose accent is all that keeps it from being English is
        Spanish (*Américas*).
        """
        candidates = {w for w, _ in words if len(w) >= 2 and not is_name_like(w)}
        flagged = {w for w in candidates if w.lower() in SPANISH_FUNCTION_WORDS}
        if self.english is not None:
            self.english.misspelt(f for w in candidates - flagged for f in english_spellings(w))
        rest = [w for w in sorted(candidates - flagged) if not self.is_english(w)]
        lower = [w.lower() for w in rest]
        analysis = self.analyser.analyse([*rest, *lower])
        spanish_known = set(rest) - (self.spanish.misspelt([*rest, *lower]) if self.spanish else set(rest))
        mid_sentence = {w for w, starts in words if not starts}
        unaccented = {w: spelling.bare(w).capitalize() if w[:1].isupper() else spelling.bare(w) for w in rest}
        english_spelt = self.english_words(u for w, u in unaccented.items() if u != w.lower() and u != w)
        for word in rest:
            known = analysis[word].known and not analysis[word].only_name
            looks_spanish = bool(re.search(r"[áéíóúñ¿¡]", word, re.IGNORECASE) or SPANISH_SUFFIX.search(word))
            if not (known or word in spanish_known or word.lower() in extra or looks_spanish):
                continue
            if not analysis[word].known and unaccented[word] in english_spelt:
                flagged.add(word)  # Américas: a Spanish spelling of an English word (Americas), not a name
                continue
            if word[:1].isupper() and word in mid_sentence and self._is_name(word, analysis[word]):
                continue
            if analysis[word].only_name:
                continue
            flagged.add(word)
        return flagged

    def _is_name(self, word: str, analysis: Analysis) -> bool:
        if analysis.only_name:
            return True
        lower = word.lower()
        lower_known = self.analyser.analyse([lower])[lower].known
        if self.spanish is not None:
            lower_known = lower_known or self.spanish.knows(lower)
        return not lower_known
