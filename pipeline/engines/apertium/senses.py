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
import html
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tripreport.errors import TripreportError
from tripreport.glossary.entries import Sense
from tripreport.state import fingerprint
from tripreport.streams import run
from tripreport.verbs import english_forms, pluralize

SENSES_VERSION = "1"  # bump when the compiled rules change for the same senses
COMPILERS = ("lt-comp", "lt-append", "lrx-comp")
INSTALL_HINT = "install apertium-lex-tools-dev and lttoolbox-dev (`make system` does)"
CONTENT_TAGS = ("n", "vblex", "adj", "adv")  # the parts of speech a sense can be about
INFLECTION = frozenset("sg pl sp inf ger pp pri pii ifi fti cni prs pis fts imp p1 p2 p3 m f mf nt".split())
_TOKEN = re.compile(r"\^((?:\\.|[^$\\])*)\$")


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


@dataclass(frozen=True)
class Reading:
    lemma: str
    tags: tuple[str, ...]


def user_cache() -> Path:
    """The user's cache folder for tripreport (``$XDG_CACHE_HOME/tripreport``, else ``~/.cache/tripreport``)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tripreport"


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
            jobs = [
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


def dictionary(entries: list[str]) -> str:
    symbols = sorted({t for e in entries for t in re.findall(r'<s n="([^"]+)"/>', e)})
    return DIX.format(symbols="".join(f'<sdef n="{t}"/>' for t in symbols), entries="\n    ".join(entries))


DIX = """<?xml version="1.0" encoding="UTF-8"?>
<dictionary>
  <alphabet/>
  <sdefs>{symbols}</sdefs>
  <section id="tripreport" type="standard">
    {entries}
  </section>
</dictionary>
"""

# The English forms the pair's transfer asks its generator for, by part of speech.
ENGLISH_FORMS = {
    "n": ("sg", "pl"),
    "vblex": ("inf", "pres", "pri.p3.sg", "past", "pp", "ger"),
    "adj": ("",),
    "adv": ("",),
}


def not_generated(words: dict[str, str], generator: Path) -> dict[str, str]:
    """The English words (with their part of speech) the pair's generator cannot inflect."""
    probes = {
        word: generation_input(word, pos, "pl" if pos == "n" else "past" if pos == "vblex" else "")
        for word, pos in words.items()
    }
    answer = run(["lt-proc", "-g", str(generator)], "".join(f"{p}\n" for p in probes.values()), "")
    lines = answer.split("\n")
    return {word: words[word] for word, line in zip(probes, lines, strict=False) if line.strip().startswith("#")}


def generation_input(word: str, pos: str, form: str) -> str:
    """What the generator is asked: ``^spin<vblex><past># up$``."""
    head, _, particle = word.partition(" ")
    tags = "".join(f"<{t}>" for t in (pos, *filter(None, form.split("."))))
    return f"^{head}{tags}{'# ' + particle if particle else ''}$"


def generator_entries(word: str, pos: str) -> list[str]:
    """Generator entries for every form of an English word the pair lacks (the particle after the tags)."""
    head, _, particle = word.partition(" ")
    verbs = english_forms(head)
    surfaces = {
        "sg": head, "pl": pluralize(head), "inf": verbs["base"], "pres": verbs["base"], "pri.p3.sg": verbs["third"],
        "past": verbs["past"], "pp": verbs["past"], "ger": verbs["gerund"], "": head,
    }  # fmt: skip
    entries = []
    for form in ENGLISH_FORMS.get(pos, ("",)):
        surface = escape_xml(surfaces[form]) + (f"<b/>{escape_xml(particle)}" if particle else "")
        tags = "".join(f'<s n="{t}"/>' for t in (pos, *filter(None, form.split("."))))
        group = f"<g><b/>{escape_xml(particle)}</g>" if particle else ""
        entries.append(f"<e><p><l>{surface}</l><r>{escape_xml(head)}{tags}{group}</r></p></e>")
    return entries


def analyse(words: list[str], analyser: Path) -> dict[str, list[Reading]]:
    """Apertium's readings of each word (or multiword lemma: *darse cuenta*)."""
    answer = run(["lt-proc", str(analyser)], "".join(f"{escape(w)} .\n" for w in words), "reading the senses")
    tokens = [t for t in _TOKEN.findall(answer) if not t.startswith("./")]
    found: dict[str, list[Reading]] = {}
    for word, token in zip(words, tokens, strict=False):
        readings = []
        for reading in re.split(r"(?<!\\)/", token)[1:]:
            if reading.startswith("*"):
                continue
            tail = reading[reading.rfind(">") + 1 :] if ">" in reading else ""
            first = re.split(r"(?<!\\)\+", reading.removesuffix(tail))[0]  # darse, without its enclitic se
            lemma = first.split("<", 1)[0]
            readings.append(Reading(lemma + tail, tuple(re.findall(r"<([^>]+)>", first))))
        found[word] = readings
    return found


POS_NAMES = {"noun": "a noun", "verb": "a verb", "adjective": "an adjective", "adverb": "an adverb"}


def head_reading(sense: Sense, readings: dict[str, list[Reading]]) -> Reading:
    """The reading of the sense's Spanish word that it is about (a noun, verb, adjective or adverb)."""
    wanted_tag = {"noun": "n", "verb": "vblex", "adjective": "adj", "adverb": "adv"}.get(sense.pos or "")
    usable = [
        r for r in readings.get(sense.es, []) if r.tags and r.tags[0] in ((wanted_tag,) if wanted_tag else CONTENT_TAGS)
    ]
    wanted = [r for r in usable if r.lemma.casefold() == sense.es.casefold()] or usable
    if not wanted:
        what = POS_NAMES.get(sense.pos or "", "a noun, verb, adjective or adverb")
        raise TripreportError(
            f"{sense.source}: senses entry {sense.es!r}: Apertium's dictionary does not know it as {what} "
            "(give the word as the dictionary lists it: infinitive, singular)"
        )
    return wanted[0]


def translations(heads: list[Reading], bilingual: Path) -> dict[Reading, list[tuple[str, tuple[str, ...]]]]:
    """The English the pair's bilingual dictionary offers for each reading: ``(lemma, tags)``."""
    unique = list(dict.fromkeys(heads))
    lines = "".join(f"^{lexical(r)}$\n" for r in unique)
    answer = run(["lt-proc", "-b", str(bilingual)], lines, "reading Apertium's bilingual dictionary")
    found: dict[Reading, list[tuple[str, tuple[str, ...]]]] = {}
    for reading, token in zip(unique, _TOKEN.findall(answer), strict=False):
        choices = []
        for option in re.split(r"(?<!\\)/", token)[1:]:
            if option.startswith("@"):
                continue
            lemma = option.split("<", 1)[0]
            choices.append((lemma, tuple(re.findall(r"<([^>]+)>", option))))
        found[reading] = choices
    return found


def lexical(reading: Reading) -> str:
    """A reading as the bilingual dictionary is asked it (a multiword's tail after the lemma, as
    apertium-pretransfer puts it)."""
    lemma, _, tail = reading.lemma.partition("#")
    return f"{lemma}{'#' + tail if tail else ''}" + "".join(f"<{t}>" for t in reading.tags)


def apertium_lemma(english: str) -> str:
    """An English verb and its particle as Apertium writes them: *spin up* → ``spin# up``."""
    head, _, particle = english.partition(" ")
    return f"{head}# {particle}" if particle else head


def dictionary_entry(sense: Sense, head: Reading, choices: list[tuple[str, tuple[str, ...]]]) -> str:
    """A ``.dix`` entry giving ``sense.en`` for the Spanish reading, its tags shaped like the pair's
    own: what the pair passes through (number, tense, person) left off both sides."""
    if choices:
        english_tags = choices[0][1]
        shared = 0
        while (
            shared < min(len(head.tags), len(english_tags)) - 1 and head.tags[-1 - shared] == english_tags[-1 - shared]
        ):
            shared += 1
        spanish, english = list(head.tags[: len(head.tags) - shared]), list(english_tags[: len(english_tags) - shared])
    else:  # no English at all: a noun keeps its gender, the rest their part of speech
        spanish = [t for t in head.tags if t not in INFLECTION or (head.tags[0] == "n" and t in ("m", "f", "mf"))]
        english = [head.tags[0]]
    return f"<e><p><l>{side(head.lemma, spanish)}</l><r>{side(apertium_lemma(sense.en), english)}</r></p></e>"


def side(lemma: str, tags: list[str]) -> str:
    """One side of a ``.dix`` pair: the lemma (a multiword's tail as a group) and its tags."""
    word, _, tail = lemma.partition("#")
    text = escape_xml(word) + (f"<g><b/>{escape_xml(tail.strip())}</g>" if tail.strip() else "")
    return text + "".join(f'<s n="{t}"/>' for t in tags)


# What may come between a word and the context after it: an article, a noun before the context
# word (a compound), an enclitic pronoun (*bájate la imagen*), the *a* before a person (*al ejército*).
_ARTICLE, _NOUN, _ENCLITIC = '<match tags="det.*"/>', '<match tags="n.*"/>', '<match tags="prn.enc.*"/>'
_PERSONAL_A = '<match lemma="a" tags="pr"/>'
JOINS = ("", _ARTICLE, _ARTICLE + _NOUN, _ENCLITIC, _ENCLITIC + _ARTICLE, _PERSONAL_A + _ARTICLE)


def selection_rules(sense: Sense, head: Reading, english: str, readings: dict[str, list[Reading]]) -> list[str]:
    """The ``.lrx`` rules choosing ``english`` for the sense's word: one per context (an article may
    come between the word and what follows it), more specific rules weighing more.

    A context *de X* after a noun is also written as *X* before it, as the syntax rules turn
    *red de pesca* into the compound *pesca red* before lexical selection runs; for the same
    reason a noun may come between the article and the word after (*levantar el pruebas
    servidor*, from *el servidor de pruebas*).
    """
    moved = [a.removeprefix("de ") for a in sense.after if a.startswith("de ")]
    pairs: list[tuple[tuple[str, ...], tuple[str, ...]]] = [(sense.before, sense.after)]
    if moved and not sense.before and head.tags[0] == "n":
        pairs.append((tuple(moved), ()))
    lemma, tags, selected = escape_xml(lexical_lemma(head)), tag_pattern(head.tags[:1], head), escape_xml(english)
    word = f'<match lemma="{lemma}" tags="{tags}"><select lemma="{selected}"/></match>'
    rules = []
    for befores, afters in pairs:
        for first in alternatives(befores, readings, sense) or [""]:
            for last in alternatives(afters, readings, sense) or [""]:
                weight = 1 + bool(first) + bool(last)
                for join in JOINS if last else [""]:
                    rules.append(f'<rule weight="{weight}.0">{first}{word}{join}{last}</rule>')
    return rules


def alternatives(phrases: Sequence[str], readings: dict[str, list[Reading]], sense: Sense) -> list[str]:
    """The context ``phrases`` as ``<match>`` sequences: one for all the one-word phrases (any of
    them), one for each longer phrase."""
    single = [p for p in phrases if " " not in p]
    out = [phrase_matches(p, readings, sense) for p in phrases if " " in p]
    if single:
        options = [option for word in single for option in word_matches(word, readings, sense)]
        options = list(dict.fromkeys(options))
        out.append(options[0] if len(options) == 1 else "<or>" + "".join(options) + "</or>")
    return out


def keep_defaults(
    senses: Sequence[Sense], heads: dict[Sense, Reading], offered: dict[Reading, list[tuple[str, tuple[str, ...]]]]
) -> list[str]:
    """Rules keeping the pair's own first English where only context-bound senses were given: the
    English a sense adds to the dictionary must not become the word's default elsewhere."""
    rules = []
    for head in dict.fromkeys(heads[s] for s in senses):
        if any(heads[s] == head and not s.after and not s.before for s in senses) or not offered.get(head):
            continue
        default = offered[head][0][0]
        rules.append(
            f'<rule weight="0.5"><match lemma="{escape_xml(lexical_lemma(head))}" '
            f'tags="{tag_pattern(head.tags[:1], head)}"><select lemma="{escape_xml(default)}"/></match></rule>'
        )
    return rules


def lexical_lemma(reading: Reading) -> str:
    lemma, _, tail = reading.lemma.partition("#")
    return f"{lemma}#{tail}" if tail else lemma


def phrase_matches(phrase: str, readings: dict[str, list[Reading]], sense: Sense) -> str:
    """``<match>`` elements for a context phrase, each word in any of its readings."""
    out = []
    for word in phrase.split():
        options = word_matches(word, readings, sense)
        out.append(options[0] if len(options) == 1 else "<or>" + "".join(options) + "</or>")
    return "".join(out)


# Context written as a kind of word, not a word: seguir before a gerund (sigue fallando: keeps failing).
KINDS = {
    ":gerund": "vblex.ger",
    ":infinitive": "vblex.inf",
    ":participle": "vblex.pp.*",
    ":noun": "n.*",
    ":adjective": "adj.*",
    ":number": "num.*",
}


def word_matches(word: str, readings: dict[str, list[Reading]], sense: Sense) -> list[str]:
    """A ``<match>`` for each reading of a context word (or for a kind of word: ``:gerund``)."""
    if word.startswith(":"):
        if word not in KINDS:
            raise TripreportError(
                f"{sense.source}: senses entry {sense.es!r}: {word!r} is no kind of word (known: {', '.join(KINDS)})"
            )
        return [f'<match tags="{KINDS[word]}"/>']
    found = [r for r in readings.get(word, []) if r.tags]
    if not found:
        raise TripreportError(
            f"{sense.source}: senses entry {sense.es!r}: Apertium's dictionary does not know {word!r}, so it "
            "cannot be context"
        )
    return list(
        dict.fromkeys(f'<match lemma="{escape_xml(lexical_lemma(r))}" tags="{context_tags(r)}"/>' for r in found)
    )


def context_tags(reading: Reading) -> str:
    """The tags a context word must have: its part of speech, and a verb's form too (*nacido*, a
    participle, is not *nací*; *me*, a clitic, is not the subject *yo*); a noun or an adjective in
    any number."""
    verb = reading.tags[0].startswith("vb") and len(reading.tags) > 1 and reading.tags[1] in ("inf", "pp", "ger")
    pronoun = reading.tags[0] == "prn" and len(reading.tags) > 1  # me (unstressed) is not mí, nor yo
    return tag_pattern(reading.tags[:2] if verb or pronoun else reading.tags[:1], reading)


def tag_pattern(wanted: tuple[str, ...], reading: Reading) -> str:
    """An lrx tag pattern: ``wanted`` and any tags after them (lrx's ``*`` needs at least one, so a
    word with no more tags, an adverb, is matched exactly)."""
    return ".".join(wanted) + (".*" if len(reading.tags) > len(wanted) else "")


def escape(text: str) -> str:
    return re.sub(r"([\\\[\]^$/@<>{}])", r"\\\1", text)


def escape_xml(text: str) -> str:
    return html.escape(text, quote=True)
