"""Hand edits of the English Markdown: a build refuses to overwrite them; ``absorb`` records them.

A person may correct ``output/report.en.md`` instead of the PO file. A build that finds it
changed since it wrote it stops (unless ``--force``); ``tripreport absorb`` compares it with
what the last build wrote, unit by unit, and records each changed passage in the PO file as
reviewed English.
"""

from __future__ import annotations

from pathlib import Path

from tripreport import postedit, render
from tripreport.config import ENGLISH_MARKDOWN, LAST_UNITS, BuildConfig
from tripreport.document import Document, parse
from tripreport.errors import TripreportError
from tripreport.notes import read_notes
from tripreport.outputs import build_lock, write_if_changed
from tripreport.state import BuildState, digest


def refuse_hand_edits(config: BuildConfig, state: BuildState) -> None:
    """A report.en.md edited since the last build wrote it is not overwritten (unless ``force``)."""
    path = config.english_markdown
    written = state.outputs.get(str(path))
    if config.force or not written or not path.is_file():
        return
    current = digest(path.read_bytes())
    last = config.last / ENGLISH_MARKDOWN  # renamed into place with it: a build stopped before recording wrote it
    if current != written and not (last.is_file() and digest(last.read_bytes()) == current):
        raise TripreportError(
            f"{path}: edited by hand since the last build; run `tripreport absorb` to keep the edits as "
            "reviewed translations, or `tripreport build --force` to overwrite them"
        )


def absorb_edits(config: BuildConfig, edited: Path) -> int:
    """Record the hand edits of ``edited`` (an English Markdown the last build wrote) in the PO file."""
    last_markdown, last_units = config.last / ENGLISH_MARKDOWN, config.last / LAST_UNITS
    if not last_markdown.is_file() or not last_units.is_file():
        raise TripreportError(f"{config.last}: no record of the last build; run tripreport build first")
    if not edited.is_file():
        raise TripreportError(f"{edited}: no such file")
    before = parse(read_notes(last_markdown))
    edited_notes = read_notes(edited)
    after = parse(edited_notes)
    mismatch = first_structure_difference(before, after)
    if mismatch is not None:
        found = edited_notes.locate(mismatch)
        raise TripreportError(
            f"{edited}:{found[1] if found else 1}: the structure differs from what the last build wrote "
            "(a heading, list item or paragraph added or removed); nothing recorded"
        )
    changed = {}
    for position, (old, new) in enumerate(zip(before.units, after.units, strict=True)):
        old_text = render.inline_markdown(before.unit_inline(old))
        new_text = render.inline_markdown(after.unit_inline(new))
        if old_text != new_text:
            changed[position] = new_text
    with build_lock(config.state):  # the PO file and the state are a build's too
        po = postedit.read(config.translations)
        po, recorded = postedit.absorb(po, last_units.read_text(encoding="utf-8"), changed)
        if recorded:
            write_if_changed(config.translations, postedit.text_of(po))
        state = BuildState.load(config.state)
        if edited.resolve() == config.english_markdown.resolve():  # the next build may overwrite it now
            state.outputs[str(config.english_markdown)] = digest(edited.read_bytes())
            state.save()
    return recorded


def first_structure_difference(before: Document, after: Document) -> int | None:
    """The 0-based Markdown line of ``after`` where its blocks stop matching ``before``'s, or None."""
    old = [t for t in before.tokens if t.type != "inline"]
    new = [t for t in after.tokens if t.type != "inline"]
    last_line = 0
    for a, b in zip(old, new, strict=False):
        last_line = b.map[0] if b.map else last_line
        if (a.type, a.tag, a.level) != (b.type, b.tag, b.level):
            return last_line
    if len(old) != len(new):
        extra = new[len(old)] if len(new) > len(old) else None
        return extra.map[0] if extra is not None and extra.map else last_line
    return None
