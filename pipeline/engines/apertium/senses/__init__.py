"""Word senses, the Apertium way: lexical-selection rules and a bilingual dictionary of our own.

Apertium's bilingual dictionary lists several English words for many Spanish ones
(*red*: net, network; *archivo*: archive, file) and its lexical-selection step
(``lrx-proc``) picks one; for Spanish→English the pair has almost no rules, so it picks
the general sense. The glossary's ``senses`` (the base layer's for technical notes, and a
report's own) become:

- a lexical-selection file (``.lrx``, compiled with ``lrx-comp``) run before the pair's own
  rules: each sense selects its English, everywhere or next to its ``after``/``before``
  words, the more specific rule winning;
- a small bilingual dictionary (``.dix``, compiled with ``lt-comp`` and joined to the pair's
  with ``lt-append``) for the English the pair lacks (*comando*: command; *darse cuenta*:
  realise).

Both are compiled once and kept by content in the user's cache folder (a report whose
glossary adds no senses finds the base layer's compiled already). Context words are
read with Apertium's own analyser, so *after: [servidor]* matches *servidores* too; a word
the dictionary does not know (an English term, a kept term) cannot be context.
"""

from __future__ import annotations

import concurrent.futures
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tripreport.engines.apertium.senses.dictionary import (
    apertium_lemma,
    dictionary,
    dictionary_entry,
    generator_entries,
    not_generated,
)
from tripreport.engines.apertium.senses.readings import analyse, head_reading, translations
from tripreport.engines.apertium.senses.rules import keep_defaults, selection_rules
from tripreport.errors import TripreportError
from tripreport.glossary.entries import Sense
from tripreport.glossary.inflection import english_forms, pluralize
from tripreport.state import fingerprint
from tripreport.streams import run

SENSES_VERSION = "1"  # bump when the compiled rules change for the same senses
COMPILERS = ("lt-comp", "lt-append", "lrx-comp")
INSTALL_HINT = "install apertium-lex-tools-dev and lttoolbox-dev (`make system` does)"


@dataclass(frozen=True)
class PairFiles:
    """The pair's compiled files senses are built on."""

    analyser: Path  # spa-eng.automorf.bin
    bilingual: Path  # spa-eng.autobil.bin
    generator: Path  # spa-eng.autogen.bin


@dataclass(frozen=True)
class Compiled:
    """The pair's bilingual dictionary with ours joined to it, and our selection rules."""

    bilingual: Path
    generator: Path
    selection: Path
    fresh: bool  # compiled now, not found in the cache: its examples are still to be checked

    @property
    def key(self) -> str:
        """What the compiled senses were made from, in short (their folder's name)."""
        return self.bilingual.parent.name


def missing_compilers() -> list[str]:
    return [tool for tool in COMPILERS if shutil.which(tool) is None]


def compile_senses(senses: Sequence[Sense], pair: PairFiles, cache: Path) -> Compiled:
    """The compiled senses, from ``cache`` when these senses were compiled before."""
    stamps = [f"{p.name}:{p.stat().st_size}:{int(p.stat().st_mtime)}" for p in vars(pair).values()]
    key = fingerprint([SENSES_VERSION, *stamps, *(repr(s) for s in senses)])[:16]
    folder = cache / key
    compiled = Compiled(folder / "bilingual.bin", folder / "generator.bin", folder / "selection.bin", fresh=False)
    if all(p.is_file() for p in (compiled.bilingual, compiled.generator, compiled.selection)):
        return compiled
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.iterdir():  # one set of compiled senses at a time
        if old.is_dir() and old.name != key:
            shutil.rmtree(old, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=cache))
    try:
        made = sources(senses, pair)
        texts = {"bilingual.dix": made.bilingual, "generator.dix": made.generator, "selection.lrx": made.rules}
        for name, text in texts.items():
            (work / name).write_text(text, encoding="utf-8")

        def dictionary(name: str, direction: str, theirs: Path) -> None:
            run(["lt-comp", direction, str(work / f"{name}.dix"), str(work / f"{name}.dix.bin")], "", "senses")
            run(["lt-append", str(theirs), str(work / f"{name}.dix.bin"), str(work / f"{name}.bin")], "", "senses")

        with concurrent.futures.ThreadPoolExecutor(3) as pool:  # three programs, side by side
            jobs: list[concurrent.futures.Future[object]] = [
                pool.submit(dictionary, "bilingual", "lr", pair.bilingual),
                pool.submit(dictionary, "generator", "rl", pair.generator),
                pool.submit(run, ["lrx-comp", str(work / "selection.lrx"), str(work / "selection.bin")], "", "senses"),
            ]
            for job in jobs:
                job.result()
        work.replace(folder)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Compiled(compiled.bilingual, compiled.generator, compiled.selection, fresh=True)


def check_examples(senses: Sequence[Sense], translate: Callable[[list[str]], list[str]]) -> None:
    """Every sense's ``examples`` must give their ``want``, and its ``not`` must not give its English."""
    cases = [(s, e.es, e.want) for s in senses for e in s.examples] + [
        (s, t, None) for s in senses for t in s.counter_examples
    ]
    if not cases:
        return
    for (sense, spanish, want), english in zip(cases, translate([c[1] for c in cases]), strict=True):
        if want is not None and not re.search(rf"(?<!\w){re.escape(want)}(?!\w)", english, re.IGNORECASE):
            raise TripreportError(
                f"{sense.source}: senses entry {sense.es!r} gives {english!r} for {spanish!r}, without {want!r}"
            )
        others = [o.en for o in senses if o.es == sense.es and o.en != sense.en and sense.en in o.en]
        for other in others:  # "living room", the sense chosen instead, holds "room"
            english = re.sub(english_forms_pattern(other), " ", english, flags=re.IGNORECASE)
        if want is None and re.search(english_forms_pattern(sense.en), english, re.IGNORECASE):
            raise TripreportError(
                f"{sense.source}: senses entry {sense.es!r} should not apply in {spanish!r}, but gives {english!r}"
            )


def english_forms_pattern(english: str) -> str:
    """Any form of an English word or phrasal verb: *spin up* matches "spun up", "spinning up"."""
    head, _, particle = english.partition(" ")
    forms = {head, *english_forms(head).values(), pluralize(head)}
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return rf"(?<!\w)(?:{alternatives})" + (rf"\s+(?:\w+\s+)?{re.escape(particle)}" if particle else "") + r"(?!\w)"


def forget(compiled: Compiled) -> None:
    """Drop compiled senses whose examples failed: the next build compiles and checks them again."""
    shutil.rmtree(compiled.bilingual.parent, ignore_errors=True)


@dataclass(frozen=True)
class Sources:
    """What is compiled: a bilingual dictionary, an English generator's entries, selection rules."""

    bilingual: str
    generator: str
    rules: str


def sources(senses: Sequence[Sense], pair: PairFiles) -> Sources:
    """The ``.dix`` and ``.lrx`` texts for ``senses``."""
    words = {s.es for s in senses}
    words |= {w for s in senses for phrase in (*s.after, *s.before) for w in phrase.split() if not w.startswith(":")}
    readings = analyse(sorted(words), pair.analyser)
    heads = {sense: head_reading(sense, readings) for sense in senses}
    offered = translations([heads[s] for s in senses], pair.bilingual)
    entries, rules, english_words = [], [], {}
    for sense in senses:
        head = heads[sense]
        english = apertium_lemma(sense.en)
        choices = offered.get(head, [])
        if english not in {lemma for lemma, _ in choices}:
            entries.append(dictionary_entry(sense, head, choices))
        english_words[sense.en] = choices[0][1][0] if choices else head.tags[0]
        rules += selection_rules(sense, head, english, readings)
    rules += keep_defaults(senses, heads, offered)
    unknown = not_generated(english_words, pair.generator)
    generated = [entry for word, pos in unknown.items() for entry in generator_entries(word, pos)]
    return Sources(
        dictionary(entries),
        dictionary(generated),
        "<rules>\n  " + "\n  ".join(rules) + "\n</rules>\n",
    )
