"""One serve session's review page: the units of the last good build, and saving a correction.

A save is a person's edit of the PO file, made with the build's own PO code
(:mod:`tripreport.postedit`): read the file, find the unit's entry, check that it is the
entry the page read (its revision), change it, record the English it replaces and the
English saved in the entry's history (:mod:`~tripreport.review.history`), and write the
file atomically. Saves and a
build's renaming of its outputs take the same lock, so a build never puts back a PO file it
read before a save (serve starts such a build again). A failed build leaves the last good
units in place: the page keeps working on them.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib

from tripreport import postedit
from tripreport.errors import TripreportError
from tripreport.model import Translated
from tripreport.outputs import WRITTEN, write_if_changed
from tripreport.review import history, markup, units
from tripreport.review.guard import Refused
from tripreport.review.second import SecondEngine
from tripreport.review.teach import Teacher

MAX_ENGLISH = 10_000  # characters in one passage's English
ACTIONS = ("review", "machine")  # save a person's English as reviewed; send the passage back to the machine


class ReviewSession:
    """The review page's state in one ``tripreport serve``, shared by its HTTP threads and its builds."""

    def __init__(
        self,
        translations: Path,
        memory: Path,
        saved: Callable[[], None] = lambda: None,
        glossary: Path = Path("glossary.yaml"),
    ) -> None:
        self.translations = translations
        self.saved = saved  # told after a save changed the PO file or the glossary (serve: rebuild once)
        self.teacher = Teacher(glossary)
        self.po_lock = threading.Lock()  # a save, or a build renaming its outputs into place
        self.second = SecondEngine(memory)
        self._lock = threading.Lock()
        self._making = threading.Lock()  # one page's data made at a time: a second asker waits for it
        self._translated: Translated | None = None
        self._snapshot: units.Snapshot | None = None
        self._po: tuple[tuple[int, int, int], polib.POFile] | None = None  # the PO file read last, by its stat
        self._page: tuple[units.Snapshot, polib.POFile, dict[str, Any]] | None = None  # made from those two

    # --- the last good build -------------------------------------------------------------------

    @property
    def report_id(self) -> str:
        """A short name for this report (its PO file's place), under which the page keeps drafts in the browser."""
        return hashlib.sha256(str(self.translations.resolve()).encode("utf-8")).hexdigest()[:16]

    @property
    def ready(self) -> bool:
        return self._translated is not None

    def update(self, translated: Translated) -> None:
        """A good build's units replace the last ones (the page's data is made when it asks)."""
        with self._lock:
            self._translated, self._snapshot = translated, None
        self.teacher.learned(translated)

    def snapshot(self) -> units.Snapshot:
        """The last good build's units, made on the first request after it (not under the lock a
        build's update takes: a big report's take a moment)."""
        with self._lock:
            translated, made = self._translated, self._snapshot
        if made is not None:
            return made
        if translated is None:
            raise Refused(503, "the first build has not finished yet")
        made = units.snapshot(translated)
        with self._lock:
            if self._translated is translated:
                self._snapshot = made
        return made

    # --- what the page asks for ----------------------------------------------------------------

    def page_data(self) -> dict[str, Any]:
        """Every unit as the PO file on disk has it now, and the counts."""
        with self._making:
            shot = self.snapshot()
            po, problem = self.po_on_disk(shot)
            page = self._page
            if page is None or page[0] is not shot or page[1] is not po:
                page = self._page = (shot, po, units.page_data(shot, po))
        second = self.second.name_for(shot.translated.report.engine)
        return {**page[2], "poError": problem, "second": second, "lesson": self.lesson()}

    def prepare(self) -> None:
        """Make the page's data now (serve calls this after a build, on a thread of its own), so that
        opening or refreshing the page finds it made."""
        try:
            self.page_data()
        except Refused:
            pass

    def po_on_disk(self, shot: units.Snapshot) -> tuple[polib.POFile, str | None]:
        """The PO file as it is on disk (read again only when it changed); the build's and the
        reason when it cannot be read."""
        try:
            stat = self.translations.stat()
        except FileNotFoundError:
            return postedit.new_file(), None
        except OSError as err:
            return shot.translated.po, f"{self.translations}: cannot read ({err.strerror})"
        key = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        cached = self._po
        if cached is not None and cached[0] == key:
            return cached[1], None
        try:
            po = postedit.read(self.translations)
        except TripreportError as err:
            return shot.translated.po, str(err)
        self._po = (key, po)
        return po, None

    def suggestion(self, unit_id: Any) -> dict[str, Any]:
        """The second engine's English for a unit."""
        shot = self.snapshot()
        unit = shot.unit(unit_id)
        if unit is None:
            raise Refused(404, "no such passage in the last good build")
        translated = shot.translated
        try:
            name, english = self.second.translate(translated.report.engine, unit.key.msgid, translated.glossary)
        except TripreportError as err:
            raise Refused(503, str(err)) from None
        return {"engine": name, "english": english, "html": markup.inline_html(english)}

    def preview(self, body: dict[str, Any]) -> dict[str, Any]:
        """A person's English as the editions will show it, and what the allow-list takes out of it."""
        text = body.get("english")
        if not isinstance(text, str) or len(text) > MAX_ENGLISH:
            raise Refused(400, f"a preview needs the English, as text of at most {MAX_ENGLISH:,} characters")
        line = one_line(text)  # as a save makes it
        return {"html": markup.inline_html(line), "removed": list(markup.removed(line))}

    # --- glossary entries ----------------------------------------------------------------------

    def occurrences(self, words: Any) -> dict[str, Any]:
        """The passages whose Spanish holds ``words``, machine and reviewed."""
        shot = self.snapshot()
        return self.teacher.occurrences(shot, self.po_on_disk(shot)[0], words)

    def teach(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Add a glossary entry made from a passage; the next build translates the machine passages with it."""
        shot = self.snapshot()
        data = self.teacher.teach(shot, self.po_on_disk(shot)[0], body)
        self.saved()
        return 200, data

    def lesson(self) -> dict[str, Any] | None:
        """The last entry saved from the page: waiting for its build, or the passages it changed."""
        lesson = self.teacher.lesson
        if lesson is None:
            return None
        with self._lock:
            made = self._snapshot
        return lesson.data(made if made is not None else self.snapshot())

    # --- saving --------------------------------------------------------------------------------

    def save(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Save a person's English for a unit as reviewed, or send it back to the machine's English.

        ``body``: ``unit`` (its id), ``revision`` (of the entry the page read), ``action`` and,
        to review, ``english``. Refused, with the unit as it is now, when the entry changed on disk
        to a person's English (a text editor's, another tab's) since the page read it."""
        action, revision = body.get("action"), body.get("revision")
        if action not in ACTIONS or not isinstance(revision, str):
            raise Refused(400, "a save needs a unit, the revision it read and an action (review or machine)")
        english = clean_english(body.get("english")) if action == "review" else ""
        shot = self.snapshot()
        unit = shot.unit(body.get("unit"))
        if unit is None:
            raise Refused(404, "no such passage in the last good build")
        with self.po_lock:
            try:
                po = postedit.read(self.translations)
            except TripreportError as err:
                raise Refused(409, f"not saved: {err}") from None
            entry = postedit.entry_for(po, unit.key)
            glossary = shot.translated.glossary
            # Machine English is the build's to remake (a build after M refreshes it): a save over
            # it loses nobody's English, so only a person's English changed since is a conflict.
            if postedit.revision(entry) != revision and postedit.state(entry) != "machine":
                now = {"machine": "machine English", "needs-review": "needs review", "reviewed": "reviewed"}
                message = (
                    "not saved: this passage changed in the PO file since the page read it "
                    f"(it is now: {now[postedit.state(entry)]}); what you typed is kept as a draft"
                )
                return 409, {"error": message, "unit": units.unit_data(unit, entry, glossary)}
            replaced = replaced_english(unit, entry)
            if action == "review":
                entry = postedit.correct(po, unit.key, english)
                history.record(entry, [*replaced, history.Past(english, "person", history.now())])
            elif entry is not None and postedit.state(entry) != "machine":
                history.record(entry, replaced)
                postedit.unconfirm(entry)
            try:
                outcome = write_if_changed(self.translations, postedit.text_of(po))
            except TripreportError as err:
                raise Refused(500, f"not saved: {err}") from None
            if outcome == WRITTEN:
                stat = self.translations.stat()
                self._po = ((stat.st_mtime_ns, stat.st_size, stat.st_ino), po)
                self.saved()
        return 200, {"unit": units.unit_data(unit, entry, shot.translated.glossary)}

    def close(self) -> None:
        self.second.close()


def replaced_english(unit: units.Unit, entry: polib.POEntry | None) -> list[history.Past]:
    """The English a save replaces, for the passage's history: a person's (reviewed, or written
    before the Spanish changed) and the machine's the page showed."""
    state, when = postedit.state(entry), history.now()
    person = [history.Past(entry.msgstr, "person", when)] if entry is not None and state != "machine" else []
    if state == "reviewed":
        return person
    machine = entry.msgstr if entry is not None and state == "machine" and entry.msgstr else unit.machine
    return [*person, *([history.Past(machine, "machine", when)] if machine else [])]


def clean_english(text: Any) -> str:
    """A person's English for one passage: one line of inline Markdown, not empty, no control characters."""
    if not isinstance(text, str):
        raise Refused(400, "the English must be text")
    line = one_line(text)
    if not line:
        raise Refused(400, "the English is empty (to use the machine's, confirm it or send the passage back)")
    if len(line) > MAX_ENGLISH:
        raise Refused(400, f"the English is over {MAX_ENGLISH:,} characters")
    if any(unicodedata.category(c) == "Cc" and c != "\t" for c in line):
        raise Refused(400, "the English holds a control character")
    return line


def one_line(text: str) -> str:
    """A person's English as one line: its line breaks made spaces (a passage is one line in the PO file)."""
    return " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
