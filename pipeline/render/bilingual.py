"""The bilingual edition: Spanish and English side by side, block by block, with review marks.

Both documents share one block structure, so the same token positions cut the same block
from each language (:func:`aligned_blocks`): lists item by item, tables row by row.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import jinja2
from markdown_it.token import Token
from markupsafe import Markup

from tripreport import rawhtml
from tripreport.document import Document, headings
from tripreport.glossary import Appendix
from tripreport.images import Images
from tripreport.render.editions import (
    Page,
    Provenance,
    common_context,
    html_tokens,
    in_parts,
    render_tokens,
    without_id,
)

BILINGUAL_TEMPLATE = "bilingual.html.j2"


@dataclass(frozen=True)
class ReviewMarks:
    """Which units (by token index) have English a person reviewed, and which have a person's
    English waiting for confirmation (the Spanish changed after it), for the bilingual edition."""

    reviewed: frozenset[int] = frozenset()
    waiting: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Row:
    """One block of the bilingual edition: the Spanish and English side by side."""

    kind: str
    spanish: Markup
    english: Markup
    review: str = "machine"  # machine, reviewed, partly (some of its passages), or needs-review
    photo: Markup | None = None  # a photo, shown once across both columns above its two captions


def to_bilingual_html(
    spanish: Document,
    english: Document,
    env: jinja2.Environment,
    provenance: Provenance,
    appendix: Appendix | None = None,
    page: Page | None = None,
    marks: ReviewMarks = ReviewMarks(),
    images: Images | None = None,
) -> str:
    """Spanish and English side by side, block by block, aligned through the document model.

    A photo shows once, across both columns, above its caption in each language.
    """
    body = spanish.body  # a copy: taken once, not per row
    es_tokens = html_tokens(body, images)
    en_tokens = html_tokens(english.body, images, photos=False)
    es_tokens = [without_id(t) if t.type == "heading_open" else t for t in es_tokens]  # the contents links to English
    days: list[list[Row]] = [[]]
    for kind, (first, last), wrap in aligned_blocks(body):
        es_block = wrap(es_tokens)
        if kind == "heading" and es_block[0].tag == "h1" and days[-1]:
            days.append([])  # one table per day, as the other editions have one section per day
        if body[first].type == rawhtml.EMBED_OPEN and body[first].meta.get("empty"):
            continue  # raw HTML with nothing to show (a script alone)
        units = [spanish.cover + i for i in range(first, last + 1) if body[i].type == "inline"]
        review = review_state(units, marks)
        photo, split = None, split_photo(es_block)
        if split is not None:
            photo, es_block = Markup(render_tokens(split[0])), split[1]
        es_html = Markup(render_tokens(es_block, {"docId": "es"}))  # footnote ids of its own
        days[-1].append(Row(kind, es_html, Markup(render_tokens(wrap(en_tokens))), review, photo))
    return env.get_template(BILINGUAL_TEMPLATE).render(
        **common_context(english, provenance, appendix, page or Page(), "bilingual"),
        html_lang="en",
        content_language="es, en-x-mtfrom-es",
        toc=headings(english),
        days=in_parts([day for day in days if day], lambda group: [row for day in group for row in day]),
    )


def split_photo(block: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """A block whose one text is a photo's (a figure, see :func:`as_figure`, alone or as a list item)
    cut in two: the photo alone, and the block with the caption alone; None for any other block."""
    texts = [i for i, token in enumerate(block) if token.type == "inline"]
    if len(texts) != 1 or texts[0] == 0 or block[texts[0] - 1].type != "figure_open":
        return None
    at = texts[0]
    image, *caption = block[at].children or []
    photo = [block[at - 1], block[at].copy(children=[image]), block[at + 1]]
    return photo, [*block[:at], block[at].copy(children=caption), *block[at + 1 :]]


def review_state(units: list[int], marks: ReviewMarks) -> str:
    """``needs-review`` when a unit of a row waits for a person's confirmation; else ``reviewed``
    when a person reviewed every unit of it, ``partly`` for some, and ``machine`` for none."""
    if any(unit in marks.waiting for unit in units):
        return "needs-review"
    done = sum(unit in marks.reviewed for unit in units)
    return "reviewed" if units and done == len(units) else "partly" if done else "machine"


def aligned_blocks(tokens: list[Token]) -> Iterator[tuple[str, tuple[int, int], Callable[[list[Token]], list[Token]]]]:
    """Yield ``(kind, (first, last), take)`` per block: its token range, and ``take(tokens)``, which
    cuts that block out of either language.

    Both documents share one block structure, so the same token positions cut the same
    block from each. Lists are split into their top-level items, so a long day aligns
    bullet by bullet; an ordered list's items keep their numbers. Tables are split into their
    header and rows, each a table of its own: a long table in one row of the edition was laid
    out page after page inside that row's cell, many times slower than the same rows apart
    (``bench/README.md``). Fixed layout gives every part the same columns.
    """
    i = 0
    while i < len(tokens):
        token = tokens[i]
        end = closing(tokens, i)
        if token.type == "table_open":
            j = i + 1
            while j < end:
                group_end = closing(tokens, j)
                if tokens[j].type == "thead_open":
                    yield "table-head", (j, group_end), functools.partial(table_part, (i, end), (j, group_end), None)
                else:  # tbody: row by row
                    k = j + 1
                    while k < group_end:
                        row_end = closing(tokens, k)
                        take = functools.partial(table_part, (i, end), (k, row_end), (j, group_end))
                        yield "table-row", (k, row_end), take
                        k = row_end + 1
                j = group_end + 1
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            number = int(token.attrGet("start") or 1)
            j = i + 1
            while j < end:
                item_end = closing(tokens, j)
                yield "item", (j, item_end), functools.partial(list_item, i, end, j, item_end, number)
                number += 1
                j = item_end + 1
        else:
            kind = "heading" if token.type == "heading_open" else "block"
            yield kind, (i, end), functools.partial(block, i, end)
        i = end + 1


def block(start: int, end: int, tokens: list[Token]) -> list[Token]:
    return tokens[start : end + 1]


def table_part(
    table: tuple[int, int], part: tuple[int, int], group: tuple[int, int] | None, tokens: list[Token]
) -> list[Token]:
    """The table's header, or one of its rows in its ``group`` (the ``tbody``), as a table of its own."""
    inner = tokens[part[0] : part[1] + 1]
    if group is not None:
        inner = [tokens[group[0]], *inner, tokens[group[1]]]
    return [tokens[table[0]], *inner, tokens[table[1]]]


def list_item(list_start: int, list_end: int, start: int, end: int, number: int, tokens: list[Token]) -> list[Token]:
    opener = tokens[list_start].copy(attrs=dict(tokens[list_start].attrs))
    if opener.type == "ordered_list_open" and number != 1:
        opener.attrSet("start", str(number))
    return [opener, *tokens[start : end + 1], tokens[list_end]]


def closing(tokens: list[Token], start: int) -> int:
    """Index of the token closing the block that opens at ``start``."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1
