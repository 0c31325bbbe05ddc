"""What Apertium makes of a sense's words: their readings (lemma and tags) by its analyser,
their English by the pair's bilingual dictionary."""

from __future__ import annotations

import re
from pathlib import Path

from tripreport.engines.apertium import stream
from tripreport.engines.apertium.stream import Reading
from tripreport.errors import TripreportError
from tripreport.glossary.entries import Sense
from tripreport.streams import run

CONTENT_TAGS = ("n", "vblex", "adj", "adv")  # the parts of speech a sense can be about
INFLECTION = frozenset("sg pl sp inf ger pp pri pii ifi fti cni prs pis fts imp p1 p2 p3 m f mf nt".split())


def analyse(words: list[str], analyser: Path) -> dict[str, list[Reading]]:
    """Apertium's readings of each word (or multiword lemma: *darse cuenta*)."""
    answer = run(["lt-proc", str(analyser)], "".join(f"{stream.escape(w)} .\n" for w in words), "reading the senses")
    tokens = [t for t in stream.units(answer) if not t.startswith("./")]
    found: dict[str, list[Reading]] = {}
    for word, token in zip(words, tokens, strict=False):
        found[word] = [head_of(reading) for reading in stream.alternatives(token) if not reading.startswith("*")]
    return found


def head_of(reading: str) -> Reading:
    """A reading's first part (darse, without its enclitic se) with the multiword's tail (# cuenta)."""
    parts = stream.reading_parts(reading)
    return Reading(parts[0].lemma, parts[0].tags, parts[-1].tail)


POS_NAMES = {"noun": "a noun", "verb": "a verb", "adjective": "an adjective", "adverb": "an adverb"}


def head_reading(sense: Sense, readings: dict[str, list[Reading]]) -> Reading:
    """The reading of the sense's Spanish word that it is about (a noun, verb, adjective or adverb)."""
    wanted_tag = {"noun": "n", "verb": "vblex", "adjective": "adj", "adverb": "adv"}.get(sense.pos or "")
    usable = [
        r for r in readings.get(sense.es, []) if r.tags and r.tags[0] in ((wanted_tag,) if wanted_tag else CONTENT_TAGS)
    ]
    wanted = [r for r in usable if r.full_lemma.casefold() == sense.es.casefold()] or usable
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
    for reading, token in zip(unique, stream.units(answer), strict=False):
        choices = []
        for option in stream.alternatives(token):
            if option.startswith("@"):
                continue
            lemma = option.split("<", 1)[0]
            choices.append((lemma, tuple(re.findall(r"<([^>]+)>", option))))
        found[reading] = choices
    return found


def lexical(reading: Reading) -> str:
    """A reading as the bilingual dictionary is asked it (a multiword's tail after the lemma, as
    apertium-pretransfer puts it)."""
    return lexical_lemma(reading) + "".join(f"<{t}>" for t in reading.tags)


def lexical_lemma(reading: Reading) -> str:
    """The lemma with a multiword's tail (``dar# cuenta``), as lexical selection rules match it."""
    return reading.full_lemma
