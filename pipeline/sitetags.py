"""Template tags and shortcodes of site generators: directives to a blog's generator, never text.

Posts copied from a blog carry their generator's tags: Liquid (Jekyll) ``{{ site.title }}``,
``{% include aviso.html %}``, ``{% raw %}…{% endraw %}``; Hugo shortcodes ``{{< tweet 123 >}}``,
``{{% notice %}}``; WordPress shortcodes ``[caption id="x"]…[/caption]``, ``[slideshow]``.
:func:`sitetags_plugin` reads each as a ``template`` token of its own (a Liquid block whose
content is not prose, ``raw``, ``highlight`` or ``comment``, as a ``template_block`` when it
stands on lines of its own): no engine, glossary or mending reads it, ``report.en.md``
writes it back byte for byte, and the pages and the PO file leave it out.

What looks like one but is Markdown stays Markdown: links and reference links (parsed
first), footnotes ``[^1]``, task boxes ``[x]``, words in brackets (``[sic]``, ``[risas]``). A
WordPress shortcode is a closing ``[/name]``, a tag with attributes (``[gallery ids="1,2"]``), or
a bare name WordPress or Jetpack ship (:data:`WORDPRESS`).
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from tripreport.pieces import Piece, PieceKind, Protected, merge_text

INLINE: PieceKind = "template"  # the token's type, and the kind of its piece
BLOCK = "template_block"
LONGEST = 2000  # characters a tag may hold: a brace left open never makes the parser read the rest
# A tag's inside holds no brace that opens another (tags do not nest): a run of braces fails at once.
_INSIDE = rf"[^{{]{{0,{LONGEST}}}?"
_TAG = re.compile(
    rf"\{{\{{<{_INSIDE}>\}}\}}|\{{\{{%{_INSIDE}%\}}\}}"  # Hugo: {{< … >}}, {{% … %}}
    rf"|\{{\{{{_INSIDE}\}}\}}|\{{%{_INSIDE}%\}}"  # Liquid: {{ … }}, {% … %}
    rf"|\[/?([a-z][a-z0-9_-]+)((?:\s[^\[\]\n]{{0,{LONGEST}}}?)?)/?\]",  # WordPress: [name …], [/name]
)
_LIQUID_OPENING = re.compile(rf"\{{%-?\s*(raw|highlight|comment)\b{_INSIDE}-?%\}}")
_LIQUID_BLOCK_START = re.compile(r"\{%-?\s*(raw|highlight|comment)\b")
_ATTRIBUTE = re.compile(r"\s[\w-]+=|\shttps?://")
# Shortcodes WordPress and Jetpack ship, which a post may write bare ([gallery], [slideshow]).
WORDPRESS = frozenset(
    """audio caption wp_caption embed gallery playlist video slideshow youtube vimeo dailymotion
    tweet twitter-timeline instagram flickr gist soundcloud spotify googlemaps archives
    contact-form contact-field sourcecode code latex polldaddy crowdsignal scribd slideshare
    ted wpvideo videopress recipe portfolio testimonials podcast pinterest twitch facebook""".split()
)


def tag_at(text: str, pos: int) -> str | None:
    """The template tag or shortcode that starts at ``pos`` of ``text`` (a Liquid ``raw``,
    ``highlight`` or ``comment`` block whole), if one does."""
    opening = _LIQUID_OPENING.match(text, pos)
    if opening is not None:
        ends = [e for s, e in liquid_ends(text, opening.group(1)) if s >= opening.end()]
        return text[pos : ends[0]] if ends else None
    match = _TAG.match(text, pos)
    if match is None or not match.group().startswith("["):
        return match.group() if match else None
    name, attributes = match.group(1), match.group(2)
    closing = match.group().startswith("[/")
    return match.group() if closing or _ATTRIBUTE.search(attributes or "") or name in WORDPRESS else None


@functools.lru_cache(maxsize=16)
def liquid_ends(text: str, name: str) -> tuple[tuple[int, int], ...]:
    """Where the end tags of a Liquid block called ``name`` stand in ``text`` (found once a text)."""
    return tuple(m.span() for m in re.finditer(rf"\{{%-?\s*end{name}\s*-?%\}}", text))


def _inline_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] not in "{[":
        return False
    tag = tag_at(state.src, state.pos)
    if tag is None or state.pos + len(tag) > state.posMax:
        return False
    if not silent:
        state.push(INLINE, "", 0).content = tag
    state.pos += len(tag)
    return True


def _block_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A Liquid ``raw``, ``highlight`` or ``comment`` block on lines of its own, blank lines and all."""
    if state.is_code_block(start):
        return False
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    opening = _LIQUID_BLOCK_START.match(first)
    if opening is None or not any(s > state.bMarks[start] for s, _ in liquid_ends(state.src, opening.group(1))):
        return False  # never closed: the lines are read as Markdown
    closing = re.compile(rf"\{{%-?\s*end{opening.group(1)}\s*-?%\}}\s*$")
    line = start
    while line < end and not closing.search(state.src[state.bMarks[line] : state.eMarks[line]]):
        line += 1
    if line >= end:
        return False  # never closed: the lines are read as Markdown
    if not silent:
        token = state.push(BLOCK, "", 0)
        token.content = state.getLines(start, line + 1, state.blkIndent, False)
        token.map = [start, line + 1]
        token.block = True
    state.line = line + 1
    return True


def sitetags_plugin(md: MarkdownIt) -> None:
    """Read template tags and shortcodes as tokens of their own; pages show nothing of them."""
    md.inline.ruler.after("link", INLINE, _inline_rule)
    md.block.ruler.before("fence", BLOCK, _block_rule, {"alt": ["paragraph", "blockquote", "list"]})
    md.add_render_rule(INLINE, lambda *args: "")
    md.add_render_rule(BLOCK, lambda *args: "")


def only_tags(inline: Token) -> bool:
    """True for an inline token of template tags alone (and space): a line with nothing to show."""
    children = inline.children or []
    shown = [c for c in children if not (c.type in ("text", "softbreak") and not c.content.strip())]
    return bool(shown) and all(c.type == INLINE for c in shown)


def nothing_shown(tokens: list[Token]) -> bool:
    """True for a block of template tags alone (its paragraph, item or quote around them)."""
    content = [t for t in tokens if t.nesting == 0]
    return bool(content) and all(t.type == BLOCK or (t.type == "inline" and only_tags(t)) for t in content)


def without_tags(children: list[Token]) -> list[Token]:
    """An inline token's children without its template tags, and without the space they leave
    (at the edges, or twice where one stood between words): the text as a translator reads it."""
    out: list[Token] = []
    seam = False
    for child in children:
        if child.type == INLINE:
            seam = True
            continue
        if seam and out and out[-1].type == "text" and child.type == "text" and out[-1].content[-1:].isspace():
            if child.content[:1].isspace() or child.content[:1] in ",.;:!?)":
                out[-1] = out[-1].copy(content=out[-1].content.rstrip())
        out.append(child)
        seam = False
    while out and (out[0].type == "softbreak" or (out[0].type == "text" and not out[0].content.strip())):
        out.pop(0)
    while out and (out[-1].type == "softbreak" or (out[-1].type == "text" and not out[-1].content.strip())):
        out.pop()
    if out and out[0].type == "text":
        out[0] = out[0].copy(content=out[0].content.lstrip())
    if out and out[-1].type == "text":
        out[-1] = out[-1].copy(content=out[-1].content.rstrip())
    return out


def found_in(tokens: list[Token]) -> list[str]:
    """Every template tag of ``tokens`` as written, in order, each once."""
    found = []
    for token in tokens:
        if token.type == BLOCK:
            found.append(token.content.strip())
        found += [c.content for c in token.children or [] if c.type == INLINE and token.type == "inline"]
    return list(dict.fromkeys(found))


def with_tags(english: list[Piece], spanish: list[Piece]) -> list[Piece]:
    """A person's ``english`` for a unit (written where the tags are not shown) with the Spanish
    unit's template tags put back: those before its words first, those after them last, and
    each of the others after the word at the same share of the words (before the punctuation
    that followed the tag: *Hola {{ x }}, bienvenidos* → "Hi {{ x }}, welcome")."""
    tags = [i for i, p in enumerate(spanish) if isinstance(p, Protected) and p.kind == INLINE]
    if not tags:
        return english
    text = "".join(p if isinstance(p, str) else p.source for p in english)
    words = [m.end() for m in re.finditer(r"\S+", text)]
    prose = [
        "" if isinstance(p, Protected) and p.kind == INLINE else p if isinstance(p, str) else p.source for p in spanish
    ]
    total = len("".join(prose).split()) or 1
    inserted: list[tuple[int, list[Piece]]] = []
    for i in tags:
        before, after = "".join(prose[:i]), "".join(prose[i + 1 :])
        space_before = " " if before[-1:].isspace() else ""
        if not before.strip():
            inserted.append((0, [spanish[i], " " if after[:1].isspace() else ""]))
        elif not after.strip() or not words:
            inserted.append((len(text), [space_before, spanish[i]]))
        else:
            k = max(1, min(len(words) - 1, round(len(before.split()) * len(words) / total)))
            at, punctuation = words[k - 1], re.match(r"[,.;:!?)]*", after).group()  # type: ignore[union-attr]
            if punctuation and text[:at].endswith(punctuation):
                at -= len(punctuation)
            space_after = " " if after[:1].isspace() and not text[at : at + 1].isspace() else ""
            inserted.append((at, [space_before, spanish[i], space_after]))
    return merge_text(insert_at(english, inserted))


def insert_at(pieces: list[Piece], inserted: list[tuple[int, list[Piece]]]) -> list[Piece]:
    """``pieces`` with each ``(character position, pieces)`` put in at its place in their text."""
    out: list[Piece] = []
    pos = 0
    waiting = sorted(inserted, key=lambda item: item[0])
    for piece in pieces:
        while waiting and isinstance(piece, str) and waiting[0][0] <= pos + len(piece):
            at, new = waiting.pop(0)
            cut = max(0, at - pos)
            out += [piece[:cut], *new]
            piece, pos = piece[cut:], pos + cut
        out.append(piece)
        pos += len(piece) if isinstance(piece, str) else len(piece.source)
    return out + [p for _, new in waiting for p in new]
