"""Corrections that teach the report: a glossary entry made on the review page.

A person selects Spanish words in a passage and gives the English they should get. The
entry (a term, a kept term or a word sense) goes into the report's ``glossary.yaml``
(:mod:`tripreport.glossary.writing`: comments and order kept, checked by the glossary's own
loader first), with the passage's sentence as its example and, when given or derivable, a
sentence where it must not apply. serve's next build translates every passage still in
machine English with it (a reviewed passage keeps the person's English); this module keeps
the machine English of each passage as it was at the save, and after the first build that
loaded the new glossary, says which passages changed.

Before saving, the page asks where else the words occur: the machine passages there are the
ones the entry changes; the reviewed ones keep the person's English, listed to look at.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import polib

from tripreport import engines, postedit
from tripreport.engines import EngineName
from tripreport.errors import TripreportError
from tripreport.glossary import Glossary
from tripreport.glossary.loading import examples_key
from tripreport.glossary.writing import MAX_EXAMPLE, EntryKind, NewEntry, add_entry, text_value
from tripreport.model import Translated
from tripreport.review.guard import Refused
from tripreport.review.units import Snapshot
from tripreport.translation.segment import split_sentences

Json = dict[str, Any]


@dataclass
class Lesson:
    """A glossary entry saved from the page: what it is, and which passages it changed once built."""

    entry: NewEntry
    line: int
    key: str  # the new glossary text's examples key: a build that loaded it carries it
    before: dict[postedit.Key, str]  # each machine passage's English at the save
    changed: list[int] | None = None  # the passages (by id) whose English it changed; None: not built yet

    def data(self, shot: Snapshot | None) -> Json:
        """The lesson for the page: the entry, and the passages it changed (with their day) once built."""
        entry = self.entry
        told: Json = {"kind": entry.kind, "es": entry.es, "en": entry.en, "line": self.line}
        if self.changed is None or shot is None:
            return {**told, "pending": True}
        days = {u.position: u.day for u in shot.units}
        return {**told, "pending": False, "changed": [{"id": i, "day": days.get(i, 0)} for i in self.changed]}


@dataclass
class Teacher:
    """The review page's glossary entries in one serve session (one at a time)."""

    glossary: Path
    lesson: Lesson | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def occurrences(self, shot: Snapshot, po: polib.POFile, words: Any) -> Json:
        """The passages whose Spanish holds ``words`` (whole words, any case), by their state now."""
        pattern = words_pattern(text_or_refuse(words, "the Spanish words"))
        entries = postedit.entries_by_key(po)
        found: dict[str, list[int]] = {"machine": [], "reviewed": []}
        for unit in shot.units:
            if pattern.search(plain_spanish(shot.translated, unit.position)):
                state = postedit.state(entries.get(unit.key))
                found["reviewed" if state == "reviewed" else "machine"].append(unit.position)
        return found

    def teach(self, shot: Snapshot, po: polib.POFile, body: Json) -> Json:
        """Add the entry ``body`` asks for to the glossary (``unit``: the passage it comes from)."""
        entry = self.entry_for(shot, body)
        translated = shot.translated
        with self._lock:
            engine_checks = entry.kind == "sense" and translated.report.engine == EngineName.apertium
            try:
                added = add_entry(self.glossary, entry, senses_checked if engine_checks else None)
            except TripreportError as err:
                raise Refused(400, f"not added: {err}") from None
            machine = {u.key: u.built_english for u in shot.units if u.machine is not None}
            self.lesson = Lesson(entry, added.line, examples_key(str(self.glossary), added.text), machine)
        words = body.get("words") or body["es"]  # as the passage has them (a sense's Spanish is the dictionary's)
        return {"saved": self.lesson.data(None), "file": str(self.glossary), **self.occurrences(shot, po, words)}

    def entry_for(self, shot: Snapshot, body: Json) -> NewEntry:
        """The entry ``body`` describes, its example the passage's sentence that holds the words."""
        kinds: dict[Any, EntryKind] = {k: k for k in get_args(EntryKind)}
        kind = kinds.get(body.get("kind"))
        if kind is None:
            raise Refused(400, "an entry is a term, a kept term (keep) or a word sense (sense)")
        unit = shot.unit(body.get("unit"))
        if unit is None:
            raise Refused(404, "no such passage in the last good build")
        es = text_or_refuse(body.get("es"), "the Spanish")
        words = text_or_refuse(body.get("words", es), "the Spanish words as the passage has them")
        sentence = sentence_with(plain_spanish(shot.translated, unit.position), words)
        if sentence is None:
            raise Refused(400, f"{words!r} is not in this passage's Spanish")
        en = "" if kind == "keep" else text_or_refuse(body.get("en"), "the English")
        asked = body.get("not") or ""
        counter = derived_not(kind, sentence, words)
        if asked:
            counter = text_or_refuse(asked, "the counter-example", MAX_EXAMPLE)
        note = text_or_refuse(body["note"], "the note") if body.get("note") else ""
        example = "" if kind == "keep" else sentence
        return NewEntry(kind, es, en, example, "" if kind == "keep" else counter, note)

    def learned(self, translated: Translated) -> None:
        """After a good build: if it loaded the lesson's glossary, the passages whose machine English changed."""
        with self._lock:
            lesson = self.lesson
            if lesson is None or lesson.changed is not None or lesson.key not in translated.glossary.examples_passed:
                return
            lesson.changed = [
                u.position
                for u in translated.units
                if u.position not in translated.reviewed.human
                and u.key in lesson.before
                and lesson.before[u.key] != translated.english_text[u.position]
            ]


def text_or_refuse(value: Any, what: str, limit: int = 300) -> str:
    try:
        return text_value(value if isinstance(value, str) else "", what, limit)
    except TripreportError as err:
        raise Refused(400, str(err)) from None


def words_pattern(words: str) -> re.Pattern[str]:
    """``words`` as whole words in any case, any run of spaces between them."""
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words.split())) + r"(?!\w)", re.IGNORECASE)


def plain_spanish(translated: Translated, position: int) -> str:
    """A passage's Spanish as plain text (its protected pieces as written)."""
    return translated.spanish.units[position].text


def sentence_with(text: str, words: str) -> str | None:
    """The sentence of ``text`` that holds ``words`` (the whole text when it is one)."""
    pattern = words_pattern(words)
    for sentence, _ in split_sentences(text):
        if pattern.search(sentence):
            return sentence.strip()[:MAX_EXAMPLE]
    return None


def derived_not(kind: str, sentence: str, words: str) -> str:
    """A sentence the entry must leave alone, when it can be made from the example: for words
    that go together (a phrase), the sentence with its last word taken out, so the entry is
    checked to need the whole phrase; none for one word (a term applies wherever it is written)."""
    parts = words.split()
    if kind != "term" or len(parts) < 2:
        return ""
    shorter = words_pattern(words).sub(" ".join(parts[:-1]), sentence, count=1)
    return shorter if shorter != sentence else ""


def senses_checked(glossary: Glossary) -> None:
    """A glossary's word senses checked as a build checks them: compiled, their examples through Apertium."""
    engines.load(EngineName.apertium, options=engines.EngineOptions(glossary.senses)).close()
