"""The review page's data: each unit of the last good build, as the PO file on disk has it now.

What the build knew (:class:`tripreport.model.Translated`) gives the Spanish, the machine's
English, the QA findings, the glossary terms and the words mended before translating; the
PO file on disk gives the state of each entry, its revision and its history. A unit's data
is plain JSON for the page's script. Text is HTML rendered as the editions render it (raw
HTML through the allow-list, unsafe links refused): from the build's own tokens when the
English is the build's, and parsed again only for English a person saved since, which is
checked as the next build will check it, so the page's flags follow a save at once.
The flags are QA's errors and warnings; the words mended before translating are notes.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from typing import Any

import polib

from tripreport import postedit
from tripreport.document import Document, TextUnit, inline_pieces, inline_text, markdown_parser
from tripreport.glossary import Glossary
from tripreport.lexicon import KEPT, READINGS
from tripreport.model import Translated
from tripreport.pieces import Piece, Protected
from tripreport.qa import INFO
from tripreport.qa.checks import check_correction, links_in
from tripreport.review import history
from tripreport.review.markup import inline_html, removed, token_html

Json = dict[str, Any]
_DIFF_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Day:
    """A day of the report (its top-level heading), or what comes before the first one."""

    title: str


@dataclass(frozen=True)
class Unit:
    """What the last good build knew about one unit: everything but what the PO file says now."""

    position: int
    key: postedit.Key
    day: int
    kind: str  # heading, paragraph, item, cell, caption, cover
    where: str
    spanish: str  # HTML
    machine: str | None  # the machine's English as inline Markdown, None when the build used a person's
    built_english: str  # the English the build used, inline Markdown
    built_html: str  # …and as HTML
    es_pieces: tuple[Piece, ...]  # the Spanish, for checking a person's English
    es_links: int  # …and its links (bare URLs aside)
    flags: tuple[Json, ...]  # QA's errors and warnings about the English the build used
    terms: tuple[Json, ...]
    mended: tuple[Json, ...]
    key_digest: str  # a short name for its entry's key, to find the same passage again after a rebuild


@dataclass(frozen=True)
class Snapshot:
    """The units of one build, in document order, and the findings that belong to no unit of them."""

    translated: Translated
    days: tuple[Day, ...]
    units: tuple[Unit, ...]
    by_position: dict[int, Unit]
    report_findings: tuple[Json, ...]

    def unit(self, position: Any) -> Unit | None:
        """The unit at ``position`` (an int from the page), or None for anything else."""
        if not isinstance(position, int) or isinstance(position, bool):  # true is an int to Python, not an id
            return None
        return self.by_position.get(position)


def counts(units: list[Json]) -> Json:
    """The progress line and the filters' counts, from the units as the page has them (a build
    just made counts as ``tripreport build --json`` does): flagged is QA's errors and warnings."""
    kinds: dict[str, int] = {}
    for unit in units:
        for kind in dict.fromkeys(flag["kind"] for flag in unit["flags"]):
            kinds[kind] = kinds.get(kind, 0) + 1
    states = [unit["state"] for unit in units]
    return {
        "units": len(units),
        "reviewed": states.count("reviewed"),
        "needs_review": states.count("needs-review"),
        "flagged": sum(1 for unit in units if unit["flags"]),
        "kinds": dict(sorted(kinds.items())),
        "mended": sum(1 for unit in units if unit["mended"]),
    }


def snapshot(translated: Translated) -> Snapshot:
    """The units of ``translated`` as the review page shows them."""
    spanish, english = translated.spanish, translated.english
    kinds, day_of, days = block_context(spanish)
    findings: dict[int, list[Json]] = {}
    entry_positions = {u.position for u in translated.units}
    report_findings = []
    for finding in translated.qa.findings:
        data = {"level": finding.level, "kind": finding.kind, "message": finding.message, "subject": finding.subject}
        if finding.level == INFO:  # a word mended: a note of its unit (``mended``), not a flag
            continue
        if finding.unit in entry_positions:
            findings.setdefault(finding.unit, []).append(data)
        else:
            report_findings.append({**data, "where": finding.where})
    notes = keep_notes(translated)
    units = []
    for source in translated.units:
        position = source.position
        es_unit = spanish.units[position]
        human = position in translated.reviewed.human
        english_text = translated.english_text[position]
        where = ":".join(source.occurrence) if source.occurrence else ""
        if es_unit.index < spanish.cover:
            kind = "cover"
        elif es_unit.image is not None:
            kind = "caption"
        else:
            kind = kinds.get(es_unit.index, "paragraph")
        units.append(
            Unit(
                position=position,
                key=source.key,
                day=day_of.get(es_unit.index, 0),
                kind=kind,
                where=where,
                spanish=token_html(spanish.unit_inline(es_unit)),
                machine=None if human else english_text,
                built_english=english_text,
                built_html=token_html(english.unit_inline(english.units[position])),
                es_pieces=tuple(es_unit.pieces),
                es_links=links_in(spanish.unit_inline(es_unit)),
                flags=tuple(findings.get(position, ())),
                terms=tuple(term_data(piece, translated, notes) for piece in source.terms),
                mended=tuple(
                    {"written": c.word, "read": c.replacement, "reading": READINGS[c.kind]}
                    for c in translated.report.corrections.get(position, ())
                    if c.kind != KEPT  # QA names those, as a flag
                ),
                key_digest=key_digest(source.key),
            )
        )
    return Snapshot(
        translated=translated,
        days=tuple(days),
        units=tuple(units),
        by_position={u.position: u for u in units},
        report_findings=tuple(report_findings),
    )


def unit_data(unit: Unit, entry: polib.POEntry | None, glossary: Glossary) -> Json:
    """A unit for the page: what the build knew, and its entry as the PO file on disk has it now.

    What the page can tell from the rest is left out (a report of 10,000 bullets is megabytes
    of it): ``machine`` when it is the English shown, ``en`` when the English is plain text, the
    earlier English and the Spanish's changes when the passage does not need review."""
    state = postedit.state(entry)
    machine = unit.machine
    if state == "reviewed":
        english = entry.msgstr if entry is not None else ""
    else:  # the machine's; "" when it was sent back to the machine since the build (the next one makes it)
        english = machine or ""
    earlier = entry.msgstr if state == "needs-review" and entry is not None else None
    previous = entry.previous_msgid if state == "needs-review" and entry is not None else None
    html = unit.built_html if english == unit.built_english else inline_html(english)
    data = {
        "id": unit.position,
        "key": unit.key_digest,
        "day": unit.day,
        "kind": unit.kind,
        "where": unit.where,
        "es": unit.spanish,
        "state": state,
        "revision": postedit.revision(entry),
        "english": english,
        "flags": flags_of(unit, state, english, glossary),
        "terms": list(unit.terms),
        "mended": list(unit.mended),
    }
    if html != english:
        data["en"] = html
    if machine is not None and machine != english:
        data["machine"] = machine
    if not english:
        data["pending"] = True  # sent back to the machine since the build: the next one makes its English
    if earlier:
        data["earlier"], data["earlierHtml"] = earlier, inline_html(earlier)
    if previous:
        data["diff"] = spanish_diff(previous, unit.key.msgid)
    if state == "reviewed" and (gone := removed(english)):
        data["removed"] = list(gone)
    if pasts := history.read(entry):
        data["history"] = [
            {"english": p.english, "who": p.who, "when": p.when, "html": inline_html(p.english)} for p in pasts
        ]
    return data


def flags_of(unit: Unit, state: str, english: str, glossary: Glossary) -> list[Json]:
    """QA's errors and warnings about the English shown: the build's, or, for a person's English
    saved since, what the next build's checks of a person's English will find."""
    if state == "reviewed" and (unit.machine is not None or english != unit.built_english):
        pieces = list(unit.es_pieces)
        spanish = TextUnit(0, pieces).text
        parsed = markdown_parser().parseInline(english)
        links = (unit.es_links, links_in(parsed[0]) if parsed else 0)
        found = check_correction(pieces, spanish, TextUnit(0, inline_pieces(english)).text, glossary, links)
        return [{"level": f.level, "kind": f.kind, "message": f.message, "subject": f.subject} for f in found]
    if state != "reviewed" and unit.machine is None:
        return []  # sent back to the machine since the build: the next one checks its English
    return list(unit.flags)


def page_data(shot: Snapshot, po: polib.POFile) -> Json:
    """Every unit with the PO file's entries, the days, the findings of the whole report, the counts.

    Each glossary term is sent once, in ``terms``; a unit lists the places of its own there."""
    entries = postedit.entries_by_key(po)
    glossary = shot.translated.glossary
    units = [unit_data(u, entries.get(u.key), glossary) for u in shot.units]
    terms: list[Json] = []
    place: dict[tuple, int] = {}
    for unit in units:
        for term in unit["terms"]:
            if tuple(term.items()) not in place:
                place[tuple(term.items())] = len(terms)
                terms.append(term)
        unit["terms"] = [place[tuple(term.items())] for term in unit["terms"]]
    return {
        "title": shot.translated.notes.meta.title,
        "engine": shot.translated.report.engine,
        "days": [{"title": day.title} for day in shot.days],
        "terms": terms,
        "units": units,
        "report": list(shot.report_findings),
        "counts": counts(units),
    }


# --- where each unit sits --------------------------------------------------------------------------


def block_context(doc: Document) -> tuple[dict[int, str], dict[int, int], list[Day]]:
    """For each inline token (by index): the kind of block it is the text of, and its day; the days.

    One pass over the tokens with a stack of the open blocks: a list item's paragraph is an
    item, a table's cell a cell; a top-level heading starts a day."""
    kinds: dict[int, str] = {}
    day_of: dict[int, int] = {}
    days = [Day("")]  # what comes before the first day: the cover, an introduction
    stack: list[str] = []
    for index, token in enumerate(doc.tokens):
        if token.type == "heading_open" and token.tag == "h1" and index >= doc.cover and index + 1 < len(doc.tokens):
            days.append(Day(inline_text(doc.tokens[index + 1])))
        if token.nesting == 1:
            stack.append(token.type)
        elif token.nesting == -1 and stack:
            stack.pop()
        if token.type == "inline":
            day_of[index] = len(days) - 1
            kinds[index] = kind_of(stack)
    return kinds, day_of, days


def kind_of(open_blocks: list[str]) -> str:
    """What a unit is, from the blocks open around its text (innermost last)."""
    for block in reversed(open_blocks):
        if block == "heading_open":
            return "heading"
        if block in ("th_open", "td_open"):
            return "cell"
        if block == "list_item_open":
            return "item"
    return "paragraph"


# --- glossary -------------------------------------------------------------------------------------


def keep_notes(translated: Translated) -> dict[str, str]:
    """Each kept term's note, by the term as written (casefolded when the entry ignores case)."""
    return {k.term.casefold() if k.ignore_case else k.term: k.note for k in translated.glossary.keep if k.note}


def term_data(piece: Protected, translated: Translated, kept: dict[str, str]) -> Json:
    """A glossary term of a unit: its Spanish, its English, and the glossary's note."""
    if piece.kind == "keep":
        note = kept.get(piece.source) or kept.get(piece.source.casefold(), "")
    else:
        entry = translated.glossary.term_for(piece.source)
        note = entry.note if entry is not None else ""
    return {"es": piece.source, "en": piece.target, "kept": piece.kind == "keep", "note": note}


# --- text -------------------------------------------------------------------------------------


def spanish_diff(before: str, after: str) -> list[list[str]]:
    """How the Spanish changed, word by word: ``[op, text]`` with op ``=``, ``-`` or ``+``."""
    old, new = _DIFF_TOKENS.findall(before), _DIFF_TOKENS.findall(after)
    out: list[list[str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(["=", "".join(old[i1:i2])])
            continue
        if i2 > i1:
            out.append(["-", "".join(old[i1:i2])])
        if j2 > j1:
            out.append(["+", "".join(new[j1:j2])])
    return out


def key_digest(key: postedit.Key) -> str:
    """A short name for an entry's key, to find the same passage again after a rebuild."""
    return hashlib.sha256(f"{key.msgctxt}\x04{key.msgid}".encode()).hexdigest()[:12]
