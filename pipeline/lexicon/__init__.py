"""Unknown words: the Spanish an engine would leave untranslated, found and mended before it translates.

Apertium's Spanish analyser is the detector, for every engine: a word it does not know
is exactly a word Apertium would mark ``*word`` and copy through, and the neural engine
gets the same list. Each unknown word that is not English already (``environments``,
``namespaces``), not an acronym or a CamelCase name, is mended, first rule that works:

1. capitals typed by mistake (``HIbieron``) or a name typed in lower case (``europa``);
2. a diminutive of a noun, adjective or adverb Apertium knows, read as that word (``alitas`` →
   ``alas``, ``cafecito`` → ``café``, ``rapidito`` → ``rápido``): English says the smallness or
   the warmth with other words, or not at all;
3. a cognate or a Spanglish verb (``observabilidad`` → *observability*), see :mod:`.cognates`;
4. a typo (``proycto`` → ``proyecto``), on evidence only: slips of fast typing (see
   :mod:`.spelling`) that give a frequent word, never a word any country's Spanish dictionary
   knows, a capitalised word inside a sentence, a verb with clitics or an augmentative (see
   :mod:`.evidence`).

A Spanish mend goes to the engine as Spanish; an English one goes in as the English
word, which every engine copies through. What cannot be mended stays: a word no dictionary
knows is kept as written with a correction of kind ``unknown`` (it changes nothing), which
QA names for the reviewer, and Spanish left in the English is listed too
(:meth:`Lexicon.spanish_words`). The programs are optional: without Apertium's analyser
there is no lexicon stage, without Hunspell no typo or cognate step.

By concern: :mod:`.forms` (word shapes: names, capitals, diminutives), :mod:`.mending` (the
rules, in order), :mod:`.spelling` (typos), :mod:`.evidence` (what a mend needs),
:mod:`.cognates`, :mod:`.leftovers` (Spanish left in the English, for QA) and
:mod:`.dictionaries` (the programs asked).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING

from tripreport.errors import TripreportError
from tripreport.lexicon import leftovers, mending
from tripreport.lexicon.dictionaries import (
    Analyser,
    EnglishWords,
    Hunspell,
    apertium_binaries,
    hunspell_dictionary,
    spanish_dictionaries,
)
from tripreport.lexicon.forms import (
    KEPT,
    READINGS,
    WORD,
    Correction,
    CorrectionKind,
    Repaired,
    english_spellings,
    fix_capitals,
    is_name_like,
    mid_sentence_capitals,
)
from tripreport.streams import close_all

if TYPE_CHECKING:
    from tripreport.engines.apertium import SharedAnalyser

__all__ = ["KEPT", "READINGS", "WORD", "Correction", "CorrectionKind", "Lexicon", "Repaired"]

RULES_VERSION = "3"  # bump when a rule changes what a word becomes: the memory then misses


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
        # by word, and whether it was met as a capitalised word inside a sentence (a name)
        self._corrections: dict[tuple[str, bool], Correction | None] = {}
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
        spanish = spanish_dictionaries()
        # Apertium writes British English: the judge of what is English knows both spellings.
        english = [d for d in (hunspell_dictionary("en_US"), hunspell_dictionary("en_GB")) if d]
        lexicon = cls(
            Analyser(binaries["automorf"], shared=shared.stream if same and shared else None),
            words,
            Hunspell(spanish, lemmas=True) if spanish else None,
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
        """Each segment with its unknown words mended; ``skip`` matches placeholders to leave alone.

        A segment's corrections include the unknown words kept as written (kind ``unknown``),
        which change nothing in its text: QA names them for the reviewer."""
        texts = [skip.sub(" ", s) for s in segments]
        names = {w for text in texts for w in mid_sentence_capitals(text)}
        fixes = self.corrections((w for text in texts for w in WORD.findall(text)), names)
        repaired = []
        for segment, text in zip(segments, texts, strict=True):
            found = [fixes[w] for w in dict.fromkeys(WORD.findall(text)) if fixes.get(w)]
            mended = segment
            for correction in found:
                mended = correction.made_in(mended)
            repaired.append(Repaired(mended, tuple(found)))
        return repaired

    def corrections(self, words: Iterable[str], names: AbstractSet[str] = frozenset()) -> dict[str, Correction]:
        """The correction of each word that has one (Apertium knows the others, or nothing worked);
        ``names``: capitalised words met inside a sentence, never mended as typos."""
        words = list(words)
        keys = {w: (w, w in names) for w in words}
        wanted = [w for w in dict.fromkeys(words) if keys[w] not in self._corrections and len(w) >= 2]
        if wanted:
            analysed = self.analyser.analyse(wanted)
            unknown = [w for w in wanted if not analysed[w].known and not is_name_like(fix_capitals(w))]
            self._corrections.update({keys[w]: None for w in wanted})
            found = mending.mend(self, unknown, {w for w in unknown if w in names})
            self._corrections.update({keys[w]: c for w, c in found.items()})
        return {w: c for w in words if (c := self._corrections.get(keys[w]))}

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

    # --- after translation: QA ----------------------------------------------------------

    def spanish_words(self, words: Sequence[tuple[str, bool]], extra: frozenset[str] = frozenset()) -> set[str]:
        """Which of ``(word, starts_sentence)`` are Spanish left in English text (see :mod:`.leftovers`)."""
        return leftovers.spanish_words(self, words, extra)
