"""The senses' own dictionary entries: the bilingual ``.dix`` for English the pair lacks, and
the generator entries for English words its generator cannot inflect."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tripreport.engines.apertium.senses.readings import INFLECTION
from tripreport.engines.apertium.stream import Reading
from tripreport.glossary.entries import Sense
from tripreport.glossary.inflection import english_forms, pluralize
from tripreport.streams import run


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
    return f"<e><p><l>{side(head.full_lemma, spanish)}</l><r>{side(apertium_lemma(sense.en), english)}</r></p></e>"


def side(lemma: str, tags: list[str]) -> str:
    """One side of a ``.dix`` pair: the lemma (a multiword's tail as a group) and its tags."""
    word, _, tail = lemma.partition("#")
    text = escape_xml(word) + (f"<g><b/>{escape_xml(tail.strip())}</g>" if tail.strip() else "")
    return text + "".join(f'<s n="{t}"/>' for t in tags)


def escape_xml(text: str) -> str:
    return html.escape(text, quote=True)
