"""Post-editing: the author's corrections of the English, kept in a PO file beside the notes.

``translations/report.en.po`` has one entry per translatable unit, in document order: the
Spanish as inline Markdown (``msgid``; ``msgctxt`` only for a repeated one), the note's
file and line, the glossary terms and mended words as comments, and the English. A
machine translation is marked fuzzy ("needs work" in Poedit) and refreshed by every
build; an entry a person confirmed (not fuzzy, not empty) is the English of that unit,
whatever the engine. The file is edited in any PO editor (Poedit, Lokalize, Weblate) and
meant to be committed with the notes.

When the Spanish of a unit changes, as msgmerge does: the most similar old entry a
person had translated gives its English, kept with the old Spanish as ``#| msgid`` and
marked fuzzy, and the report uses the machine's English until a person confirms it.
Entries whose Spanish is gone become obsolete (``#~``), never deleted; a unit whose
Spanish comes back revives its obsolete entry, and one whose Spanish changes back to what
its English was written for is reviewed again; translator comments (``# ``) go along.

:func:`absorb` turns hand edits of ``output/report.en.md`` into confirmed entries.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import functools
import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polib
from markdown_it.token import Token

from tripreport import __version__
from tripreport.document import Document, TextUnit
from tripreport.errors import TripreportError
from tripreport.glossary import Glossary
from tripreport.lexicon import KEPT, Correction
from tripreport.notes import Notes
from tripreport.pieces import Piece, Protected

SIMILAR = 0.6  # how alike two Spanish texts must be for an old translation to carry over (as msgmerge)
FUZZY = "fuzzy"
# What a person has done with a unit's English: nothing yet (the machine's), a correction that
# waits for confirmation because the Spanish changed after it, or English they confirmed.
ReviewState = Literal["machine", "needs-review", "reviewed"]


@dataclass(frozen=True)
class Key:
    """What identifies a unit's entry: its Spanish, and a context only when the Spanish repeats."""

    msgid: str
    msgctxt: str | None = None

    @staticmethod
    def of(entry: polib.POEntry) -> Key:
        return Key(entry.msgid, entry.msgctxt)


def entries_by_key(po: polib.POFile) -> dict[Key, polib.POEntry]:
    """The PO file's live entries (not obsolete), by the key of the unit each is for."""
    return {Key.of(e): e for e in po if not e.obsolete}


@dataclass(frozen=True)
class SourceUnit:
    """A unit of the notes as the PO file shows it."""

    position: int  # in the document's units
    key: Key
    occurrence: tuple[str, str] | None  # (file, line)
    comment: str  # the glossary terms and mended words, for the translator
    terms: tuple[Protected, ...] = ()  # the glossary's kept and forced terms in it, as the comment names them


@dataclass
class Review:
    """What the PO file says about this build: the confirmed English by unit position, and what is pending."""

    human: dict[int, str] = field(default_factory=dict)
    needs_review: int = 0


# --- reading ------------------------------------------------------------------------------------


def read(path: Path) -> polib.POFile:
    """The PO file at ``path`` (empty when there is none); a broken file is one line naming it and the line."""
    if not path.exists():
        return new_file()
    if not path.is_file():
        raise TripreportError(f"{path}: not a file (tripreport keeps the reviewed English there)")
    msgfmt = shutil.which("msgfmt")
    if msgfmt:  # gettext's own check: it names the line of every mistake polib would let through
        result = subprocess.run(
            [msgfmt, "--check-format", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        if result.returncode != 0:
            first = (result.stderr.strip().splitlines() or ["not a valid PO file"])[0]
            raise TripreportError(f"{first.removeprefix(f'{msgfmt}: ')} (fix it in a PO editor, or delete the file)")
    try:
        return polib.pofile(str(path), encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError) as err:  # polib says "Syntax error in po file … (line N)"
        message = str(err).replace(f"po file {path}", "PO file")
        raise TripreportError(f"{path}: {message}") from None


def new_file() -> polib.POFile:
    po = polib.POFile(wrapwidth=0, encoding="utf-8")
    po.metadata = {
        "Project-Id-Version": "trip report",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"tripreport {__version__}",
    }
    return po


def human(entry: polib.POEntry) -> bool:
    """A person's English: confirmed (not fuzzy, not empty), or carried over from changed Spanish (``#|``)."""
    return bool(entry.msgstr) and (FUZZY not in entry.flags or bool(entry.previous_msgid))


def confirmed(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) and FUZZY not in entry.flags and not entry.obsolete


def state(entry: polib.POEntry | None) -> ReviewState:
    """What a person has done with the English of ``entry`` (None: no entry yet)."""
    if entry is None or entry.obsolete:
        return "machine"
    if confirmed(entry):
        return "reviewed"
    if FUZZY in entry.flags and entry.previous_msgid and entry.msgstr:
        return "needs-review"
    return "machine"


def revision(entry: polib.POEntry | None) -> str:
    """A short digest of everything a person or a build may change in ``entry``: two readers of the
    PO file agree on an entry exactly when their revisions do."""
    if entry is None:
        return "none"
    fields = [entry.obsolete, entry.msgctxt, entry.msgid, entry.msgstr, sorted(entry.flags), entry.previous_msgid]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def entry_for(po: polib.POFile, key: Key) -> polib.POEntry | None:
    """The live (not obsolete) entry of ``key`` in ``po``."""
    for entry in po:
        if not entry.obsolete and entry.msgid == key.msgid and entry.msgctxt == key.msgctxt:
            return entry
    return None


# --- the units ----------------------------------------------------------------------------------


def source_units(doc: Document, notes: Notes, inline_markdown: Callable[[Token], str]) -> list[SourceUnit]:
    """The units that get an entry (those with words), with their keys and places."""
    units: list[SourceUnit] = []
    seen: dict[str, int] = {}
    for position, unit in enumerate(doc.units):
        if photos_alone(unit):  # their captions are the units to translate
            continue
        msgid = inline_markdown(doc.unit_inline(unit))
        if not any(c.isalpha() for c in msgid):
            continue
        seen[msgid] = seen.get(msgid, 0) + 1
        key = Key(msgid, None if seen[msgid] == 1 else f"occurrence {seen[msgid]}")
        found = notes.locate(unit.line) if unit.line is not None else None
        occurrence = (relative(found[0]), str(found[1])) if found else None
        units.append(SourceUnit(position, key, occurrence, ""))
    return units


def photos_alone(unit: TextUnit) -> bool:
    """A line of nothing but photos (``![La keynote](fotos/k.jpg)``): no words of its own to translate."""
    pieces = [p for p in unit.pieces if not (isinstance(p, str) and not p.strip())]
    return unit.image is None and bool(pieces) and all(isinstance(p, Protected) and p.kind == "image" for p in pieces)


def annotated(
    units: list[SourceUnit], doc: Document, glossary: Glossary, corrections: dict[int, tuple[Correction, ...]]
) -> list[SourceUnit]:
    """``units`` with their comments for the translator: glossary terms, words mended before translating."""
    annotated = []
    for u in units:
        terms = glossary_terms(doc.units[u.position].pieces, glossary)
        comment = comment_for(terms, corrections, u.position)
        cover = doc.tokens[doc.units[u.position].index - 1].meta.get("cover")
        if cover:  # a cover field of the front matter (title, subtitle, event, description)
            comment = "\n".join(filter(None, [f"the cover's {cover} (front matter)", comment]))
        annotated.append(dataclasses.replace(u, comment=comment, terms=terms))
    return annotated


@functools.lru_cache(maxsize=256)
def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def glossary_terms(pieces: list[Piece], glossary: Glossary) -> tuple[Protected, ...]:
    """The kept and forced terms of the glossary a unit uses, each once, in order."""
    found = (p for p in glossary.protect(list(pieces)) if isinstance(p, Protected) and p.kind in ("term", "keep"))
    return tuple(dict.fromkeys(found))


def comment_for(terms: tuple[Protected, ...], corrections: dict[int, tuple[Correction, ...]], position: int) -> str:
    """What a translator should know about a unit: its glossary terms and the words mended before translating."""
    shown = [f"{p.source} → {p.target}" if p.kind == "term" else f"{p.source} (kept as written)" for p in terms]
    lines = [f"glossary: {'; '.join(dict.fromkeys(shown))}"] if shown else []
    found = (corrections or {}).get(position, ())
    mended = [c.describe() for c in found if c.kind != KEPT]
    if mended:
        lines.append(f"mended before translating: {'; '.join(mended)}")
    unknown = [c.word for c in found if c.kind == KEPT]
    if unknown:
        lines.append(f"in no dictionary, kept as written: {'; '.join(unknown)}")
    return "\n".join(lines)


def review(po: polib.POFile, units: list[SourceUnit]) -> Review:
    """The confirmed English for each unit, and how many units wait for a person's review, as the PO
    file will say after this build's update (an obsolete entry revived, Spanish changed back)."""
    entries = entries_by_key(po)
    # What the update changes (new Spanish, fuzzy for its own Spanish), merged from the entries left.
    if changed := [u for u in units if u.key not in entries or entries[u.key].previous_msgid == u.key.msgid]:
        kept, rest = {u.key for u in units} - {u.key for u in changed}, new_file()
        rest.extend(e for e in po if e.msgid and Key.of(e) not in kept)
        entries |= entries_by_key(update(rest, changed, {}))
    found = Review()
    for unit in units:
        entry = entries.get(unit.key)
        if entry is not None and state(entry) == "reviewed":
            found.human[unit.position] = entry.msgstr
        elif state(entry) == "needs-review":
            found.needs_review += 1
    return found


# --- updating -----------------------------------------------------------------------------------


def update(po: polib.POFile, units: list[SourceUnit], machine: dict[int, str]) -> polib.POFile:
    """The PO file for this build's units: entries kept, machine English refreshed, changed Spanish
    carried over fuzzy from its most similar old entry, entries whose Spanish is gone obsolete."""
    old = [e for e in po if e.msgid]
    by_key = {Key.of(e): e for e in old}
    matched: set[int] = set()
    fresh = new_file()
    fresh.metadata = {**fresh.metadata, **{k: v for k, v in po.metadata.items() if k != "X-Generator"}}
    fresh.metadata["X-Generator"] = f"tripreport {__version__}"
    unmatched_units = []
    for unit in units:
        entry = by_key.get(unit.key)
        if entry is not None:
            matched.add(id(entry))
        fresh.append(rebuilt(unit, entry, machine.get(unit.position, "")))
        if entry is None:
            unmatched_units.append(len(fresh) - 1)
    # Changed Spanish: a person's old English carries over from the most similar entry left, and
    # with it its translator comments (a person's notes, the review page's history); an entry
    # with comments and no person's English left gives its comments alone.
    for wanted, english in ((human, True), (lambda e: bool(e.tcomment), False)):
        candidates = [e for e in old if id(e) not in matched and wanted(e)]
        for index in list(unmatched_units) if candidates else []:
            entry = fresh[index]
            best = most_similar(entry.msgid, candidates, matched)
            if best is None:
                continue
            matched.add(id(best))
            unmatched_units.remove(index)
            entry.tcomment = best.tcomment
            if english:
                entry.msgstr, entry.previous_msgid, entry.flags = (
                    best.msgstr,
                    best.previous_msgid or best.msgid,
                    [FUZZY],
                )
                if entry.previous_msgid == entry.msgid:  # the Spanish came back to what the English was written for
                    confirm(entry, entry.msgstr)
    for entry in old:
        if id(entry) not in matched:
            gone = copy.copy(entry)  # ``po`` stays as it was read
            gone.obsolete, gone.occurrences = True, []
            fresh.append(gone)
    return fresh


def most_similar(msgid: str, candidates: list[polib.POEntry], taken: set[int]) -> polib.POEntry | None:
    """The candidate whose Spanish is most like ``msgid`` (at least :data:`SIMILAR`), not yet taken."""
    best, score = None, SIMILAR
    for candidate in candidates:
        if id(candidate) in taken:
            continue
        matcher = difflib.SequenceMatcher(None, msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() >= score and matcher.quick_ratio() >= score and matcher.ratio() >= score:
            best, score = candidate, matcher.ratio()
    return best


def rebuilt(unit: SourceUnit, entry: polib.POEntry | None, machine: str) -> polib.POEntry:
    """The entry for ``unit``: the old one's English and flags if a person wrote them, else the machine's."""
    occurrences = [unit.occurrence] if unit.occurrence else []
    new = polib.POEntry(msgid=unit.key.msgid, msgctxt=unit.key.msgctxt, msgstr=machine, flags=[FUZZY])
    new.occurrences, new.comment = occurrences, unit.comment
    if entry is not None and human(entry):
        new.msgstr, new.flags, new.previous_msgid = entry.msgstr, list(entry.flags), entry.previous_msgid
        if new.previous_msgid == new.msgid:  # written for this very Spanish (a file an older build left so)
            confirm(new, new.msgstr)
    if entry is not None:
        new.tcomment = entry.tcomment
    return new


def waiting(po: polib.POFile) -> int:
    """Entries with a person's English carried over from changed Spanish, waiting for confirmation."""
    return sum(1 for e in po if state(e) == "needs-review")


def waiting_units(po: polib.POFile, units: list[SourceUnit]) -> set[int]:
    """The positions of the units whose entry waits for confirmation (see :func:`waiting`)."""
    entries = entries_by_key(po)
    return {u.position for u in units if state(entries.get(u.key)) == "needs-review"}


# --- a person's corrections -----------------------------------------------------------------------


def confirm(entry: polib.POEntry, english: str) -> None:
    """``english`` as a person's for ``entry``, as a PO editor saves it: ``msgstr``, not fuzzy,
    the previous Spanish (``#|``) dropped."""
    entry.msgstr = english
    entry.flags = [f for f in entry.flags if f != FUZZY]
    entry.previous_msgid = None
    entry.previous_msgctxt = None


def unconfirm(entry: polib.POEntry) -> None:
    """``entry`` back to the machine's English: fuzzy again, with no previous Spanish, so the next
    build refreshes its ``msgstr`` from the engine."""
    entry.flags = [*(f for f in entry.flags if f != FUZZY), FUZZY]
    entry.previous_msgid = None
    entry.previous_msgctxt = None


def correct(po: polib.POFile, key: Key, english: str) -> polib.POEntry:
    """Record ``english`` as a person's for the unit of ``key`` (its entry made if there is none)."""
    entry = entry_for(po, key)
    if entry is None:
        entry = polib.POEntry(msgid=key.msgid, msgctxt=key.msgctxt)
        po.append(entry)
    confirm(entry, english)
    return entry


def text_of(po: polib.POFile) -> str:
    return str(po)


# --- absorbing hand edits -----------------------------------------------------------------------


def remember_units(units: list[SourceUnit]) -> str:
    """The units of the last build as JSON (position, msgctxt, msgid), for :func:`absorb`."""
    return json.dumps([[u.position, u.key.msgctxt, u.key.msgid] for u in units], ensure_ascii=False) + "\n"


def absorb(po: polib.POFile, last_units: str, changed: dict[int, str]) -> tuple[polib.POFile, int]:
    """``po`` with the hand-edited English of units (by position) recorded as confirmed; how many changed."""
    try:
        units = {position: Key(msgid, msgctxt) for position, msgctxt, msgid in json.loads(last_units)}
    except (ValueError, TypeError):
        raise TripreportError("the last build's record is damaged; run tripreport build, then edit again") from None
    entries = entries_by_key(po)
    recorded = 0
    for position, english in changed.items():
        key = units.get(position)
        if key is None:
            continue
        entry = entries.get(key)
        if entry is None:
            entry = polib.POEntry(msgid=key.msgid, msgctxt=key.msgctxt)
            po.append(entry)
            entries[key] = entry
        confirm(entry, english)
        recorded += 1
    return po, recorded
