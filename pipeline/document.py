"""The document model: Markdown tokens plus the translatable text in them.

:func:`parse` reads the notes with markdown-it-py. Block structure (headings, lists,
paragraphs) stays as markdown-it tokens; the content of every ``inline`` token becomes
a :class:`TextUnit`: a list of prose strings and :class:`Protected` pieces that must
not be translated (inline markup, code spans, URLs, bare domains, emoji shortcodes,
emoticons, numbers). :func:`with_translations` puts translated units back into a copy
of the tokens, so the English document has exactly the Spanish block structure.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tripreport import rawhtml
from tripreport.notes import DEFAULT_TITLE, Meta, Notes

# What a protected piece is: from the Markdown (markup; code: code spans, raw HTML, file
# names; image, url, domain, emoji, emoticon, number), from the glossary (keep: written as
# it is; term: given English), or literal: notes text that looks like an engine
# placeholder, kept as written.
PieceKind = Literal[
    "markup", "code", "image", "url", "domain", "emoji", "emoticon", "number", "keep", "term", "literal"
]


@dataclass(frozen=True)
class Protected:
    """A span the engine must not translate, and what it becomes in the translation.

    ``tokens`` holds inline Markdown tokens restored as they were (markup, code spans,
    autolinks); without tokens the piece is text and ``target`` is written out.
    """

    kind: PieceKind
    source: str = ""
    target: str = ""
    tokens: tuple[Token, ...] = field(default=(), compare=False)

    @property
    def opens(self) -> bool:
        """True for an opening markup token (``**``, ``[``, ``<a href>``), which hugs the text after it."""
        return bool(self.tokens) and sum(map(nesting, self.tokens)) > 0

    @property
    def closes(self) -> bool:
        """True for a closing markup token, or a footnote mark (``nota[^1]``): they hug the text before them.

        A piece that opens and closes (a linked URL) stands apart like a word."""
        if not self.tokens:
            return False
        return sum(map(nesting, self.tokens)) < 0 or self.tokens[-1].type == "footnote_ref"


def nesting(token: Token) -> int:
    """A token's nesting, an HTML tag's included (markdown-it gives every ``html_inline`` 0)."""
    return rawhtml.nesting(token.content) if token.type == "html_inline" else token.nesting


Piece = str | Protected


@dataclass
class TextUnit:
    """The text of one inline token: a paragraph, a heading, a list item's paragraph."""

    index: int
    pieces: list[Piece]
    line: int | None = None  # 0-based line of the notes' Markdown where it starts
    image: int | None = None  # for an image's alt text (its caption): which image of the inline token

    @property
    def text(self) -> str:
        """The unit as plain source text (protected pieces as written)."""
        return "".join(p if isinstance(p, str) else p.source for p in self.pieces)


@dataclass
class Document:
    """Parsed notes: metadata, markdown-it block tokens, and the translatable units."""

    meta: Meta
    tokens: list[Token]
    units: list[TextUnit]
    lang: str = "es"
    flattened: tuple[int, ...] = ()  # 0-based lines nested too deep, kept as plain text
    cover: int = 0  # how many leading tokens hold the cover's fields (see :func:`cover_tokens`)

    @property
    def body(self) -> list[Token]:
        """The tokens of the notes themselves, without the cover's."""
        return self.tokens[self.cover :]

    def cover_text(self, name: CoverField) -> str:
        """The cover field ``name`` as this document has it (translated, in a translation), or ""."""
        for i in range(0, self.cover, 3):
            if self.tokens[i].meta.get("cover") == name:
                return inline_text(self.tokens[i + 1])
        return ""

    def unit_inline(self, unit: TextUnit) -> Token:
        """An ``inline`` token holding the unit's text (an image's alt text as one of its own)."""
        token = self.tokens[unit.index]
        if unit.image is None:
            return token
        image = images_in(token)[unit.image]
        return Token("inline", "", 0, children=list(image.children or []), content=image.content)


def images_in(token: Token) -> list[Token]:
    """The image tokens among an inline token's children, in order."""
    return [child for child in token.children or [] if child.type == "image"]


@dataclass(frozen=True)
class Heading:
    """A heading as the table of contents needs it."""

    level: int
    text: str
    anchor: str


MAX_NESTING = 100  # markdown-it drops what is nested deeper; such lines are flattened instead
RESERVED_IDS = frozenset({"glossary", "contents", "cover"})  # ids the page templates use themselves


@functools.lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one Markdown dialect we read: GitHub's, as people type it, raw HTML included.

    CommonMark plus tables, strikethrough, task lists, footnotes and bare URLs and
    ``www.`` addresses as links (linkify-it-py). Raw HTML is read as HTML tokens, which
    :mod:`tripreport.rawhtml` makes safe (:func:`parse` for blocks, rendering for tags in a
    line). Made once: a parser keeps no state between documents.
    """
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    options = {"html": True, "linkify": True, "maxNesting": MAX_NESTING}
    md = MarkdownIt("commonmark", options).enable(["table", "strikethrough", "linkify"])
    return md.use(tasklists_plugin).use(footnote_plugin)


_MARKERS = re.compile(r"^(?:\s|>|[-*+](?=\s)|\d{1,9}[.)](?=\s))*")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_LEAVES = ("inline", "fence", "code_block", "hr", "html_block", "table_open")  # a table's rows: all its lines


def dropped_lines(markdown: str, tokens: list[Token]) -> list[int]:
    """Lines with text that no token holds: what the parser left out (nested too deep)."""
    covered = set()
    for token in tokens:
        if token.type in _LEAVES and token.map:
            covered.update(range(*token.map))
    lines = markdown.split("\n")
    return [
        i
        for i, line in enumerate(lines)
        if i not in covered and _MARKERS.sub("", line).strip() and not _REFERENCE.match(line)
    ]


def flattened_markdown(markdown: str, lines: list[int]) -> str:
    """``markdown`` with the block markers of ``lines`` taken off: their text joins what comes before."""
    rows = markdown.split("\n")
    for i in lines:
        rows[i] = _MARKERS.sub("", rows[i])
    return "\n".join(rows)


CoverField = Literal["title", "subtitle", "event", "description"]
COVER_FIELDS: tuple[CoverField, ...] = ("title", "subtitle", "event", "description")


def cover_tokens(meta: Meta) -> list[Token]:
    """The front matter's title, subtitle, event and description as paragraphs, so they are
    translated (and can be corrected in the PO file) like any unit. A document keeps them
    apart from its body."""
    tokens = []
    for name in COVER_FIELDS:
        value = getattr(meta, name)
        if not value or (name == "title" and value == DEFAULT_TITLE):
            continue
        paragraph = Token("paragraph_open", "p", 1, meta={"cover": name})
        inline = markdown_parser().parseInline(value)[0]
        inline.map = None  # from the front matter, not from a line of the body
        tokens += [paragraph, inline, Token("paragraph_close", "p", -1)]
    return tokens


def parse(notes: Notes) -> Document:
    """Parse the notes into a :class:`Document` with anchored headings; nothing is ever left out."""
    markdown, flattened = notes.markdown, []
    tokens = markdown_parser().parse(markdown)
    for _ in range(5):  # each pass flattens what the last one could not hold
        dropped = dropped_lines(markdown, tokens)
        if not dropped:
            break
        flattened += dropped
        markdown = flattened_markdown(markdown, dropped)
        tokens = markdown_parser().parse(markdown)
    cover = cover_tokens(notes.meta)
    tokens = cover + rawhtml.embed_blocks(tokens, lambda text: markdown_parser().parseInline(text)[0])
    units = []
    for i, token in enumerate(tokens):
        if token.type != "inline" or token.meta.get("lang"):  # HTML saying it is in another language
            continue
        line = token.map[0] if token.map else None
        units.append(TextUnit(index=i, pieces=pieces_of(token.children or []), line=line))
        for k, image in enumerate(images_in(token)):  # an image's alt text is its caption: translated too
            if image.content.strip():
                units.append(TextUnit(index=i, pieces=pieces_of(image.children or []), line=line, image=k))
    anchor_headings(tokens)
    flattened_lines = tuple(sorted(set(flattened)))
    return Document(meta=notes.meta, tokens=tokens, units=units, flattened=flattened_lines, cover=len(cover))


def without_cover(doc: Document) -> Document:
    """``doc`` without the cover's units: its body alone."""
    units = [dataclasses.replace(u, index=u.index - doc.cover) for u in doc.units if u.index >= doc.cover]
    return dataclasses.replace(doc, tokens=doc.body, units=units, cover=0)


def inline_pieces(markdown: str) -> list[Piece]:
    """Pieces of a line of inline Markdown (a person's translation from the PO file)."""
    tokens = markdown_parser().parseInline(markdown)
    return pieces_of(tokens[0].children or []) if tokens else []


def with_translations(doc: Document, units: list[list[Piece]], lang: str) -> Document:
    """A copy of ``doc`` whose units are replaced by ``units`` (same order and count)."""
    if len(units) != len(doc.units):
        raise ValueError(f"expected {len(doc.units)} units, got {len(units)}")
    # Shallow copies: only inline children, content and heading attributes change.
    tokens = [t.copy(attrs=dict(t.attrs)) for t in doc.tokens]
    new_units = []
    for unit, pieces in zip(doc.units, units, strict=True):  # the text first, then the captions in it
        if unit.image is None:
            tokens[unit.index].children = children_of(pieces)
            tokens[unit.index].content = text_of(pieces)
    for unit, pieces in zip(doc.units, units, strict=True):
        if unit.image is not None:
            images = images_in(tokens[unit.index])
            if unit.image < len(images):
                images[unit.image].children = children_of(pieces)
                images[unit.image].content = text_of(pieces)
        new_units.append(TextUnit(index=unit.index, pieces=pieces, line=unit.line, image=unit.image))
    anchor_headings(tokens)
    return Document(meta=doc.meta, tokens=tokens, units=new_units, lang=lang, flattened=doc.flattened, cover=doc.cover)


def text_of(pieces: list[Piece]) -> str:
    return "".join(p if isinstance(p, str) else p.target or p.source for p in pieces)


# --- inline tokens <-> pieces -------------------------------------------------------

_TLDS = "com|org|net|io|dev|ai|co|mx|es|md|app|cloud|sh|me|info|edu|gov|ly|js|py|tech|us|uk"
PROSE_PROTECTIONS: tuple[tuple[PieceKind, re.Pattern[str]], ...] = (
    ("url", re.compile(r"\b(?:https?|ftp)://[^\s<>()]*[^\s<>().,;:!?'\"]")),
    (
        "domain",
        re.compile(
            rf"(?<![\w@/.-])(?:[a-z0-9][a-z0-9-]*\.)+(?:{_TLDS})(?![\w-])"
            r"(?:/[^\s()<>]*[^\s()<>.,;:!?'\"])?",
            re.IGNORECASE,
        ),
    ),
    (
        # A file name or a wildcard (config.yaml, *.yaml, app*.log): machinery, not prose. An
        # engine would end a sentence at its dot ("*.yaml Go in…").
        "code",
        re.compile(
            r"(?<![\w*?./~\\-])"
            r"(?=[\w*?/~-]*[A-Za-z*?])"  # a letter or a wildcard in the name: not a number
            r"(?:[\w/~-]*[*?][\w*?/~-]*|[\w*?/~-]{2,})"  # a wildcard, or two characters at least (not p.ej)
            r"(?:\.(?=[a-z0-9]*[a-z])[a-z0-9]{1,4})+"  # lower-case extensions with a letter: .yaml, .7z, .tar.gz
            r"(?![\w*?/-]|\.\w)"
        ),
    ),
    # Words joined by asterisks (7*7, f*ck): one piece, so nothing reorders their parts.
    ("code", re.compile(r"(?<![\w*])\w+(?:\*+\w+)+(?![\w*])")),
    ("emoji", re.compile(r":[a-z0-9_+-]+:")),
    ("emoticon", re.compile(r"(?<!\S)(?:<3|:-?\)|:-?\(|:-?[PpD]|;-?\)|XD)(?=[\s).,!?]|$)")),
    ("number", re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?:[A-Za-z]{1,2})?(?!\w)")),
)


def protect_prose(text: str) -> list[Piece]:
    """Split prose into text and the spans no engine should touch (URLs, numbers…)."""
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in PROSE_PROTECTIONS:
        for match in pattern.finditer(text):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), kind))
    pieces: list[Piece] = []
    pos = 0
    for start, end, kind in sorted(spans):
        pieces.append(text[pos:start])
        pieces.append(Protected(kind, source=text[start:end], target=text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return merge_text(pieces)


def pieces_of(children: list[Token]) -> list[Piece]:
    """Turn an inline token's children into prose and protected pieces."""
    pieces: list[Piece] = []
    i = 0
    while i < len(children):
        token = children[i]
        if token.type == "text":
            pieces.extend(protect_prose(token.content))
        elif token.type == "softbreak":
            pieces.append(" ")  # soft breaks are joined before translation
        elif token.type == "link_open" and token.markup in ("autolink", "linkify"):
            end = next(j for j in range(i, len(children)) if children[j].type == "link_close")
            shown = "".join(t.content for t in children[i + 1 : end])
            pieces.append(Protected("url", shown, shown, tuple(children[i : end + 1])))
            i = end
        elif token.type == "image":  # its alt text is a unit of its own
            pieces.append(Protected("image", token.content, token.content, (token,)))
        elif token.type == "html_inline" and rawhtml.hides_text(token.content):
            end = rawhtml.matching_close(children, i)  # a <script> or <code>: its text is no prose
            end = i if end is None else end
            taken = children[i : end + 1]
            shown = "".join(t.content for t in taken)
            pieces.append(Protected("code", shown, shown, tuple(taken)))
            i = end
        elif token.type in ("code_inline", "html_inline", "hardbreak"):
            pieces.append(Protected("code", token.content, token.content, (token,)))
        else:  # emphasis, strong, link open/close
            pieces.append(Protected("markup", tokens=(token,)))
        i += 1
    return merge_text(pieces)


def children_of(pieces: list[Piece]) -> list[Token]:
    """Inline tokens for a list of pieces (the inverse of :func:`pieces_of`)."""
    children: list[Token] = []
    for piece in merge_text(list(pieces)):
        if isinstance(piece, str):
            text = piece
        elif piece.tokens:
            children.extend(copy.deepcopy(list(piece.tokens)))
            continue
        else:
            text = piece.target
        if children and children[-1].type == "text":
            children[-1].content += text
        else:
            children.append(Token("text", "", 0, content=text))
    return children


def merge_text(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring strings and drop empty ones."""
    merged: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, str):
            if not piece:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += piece
                continue
        merged.append(piece)
    return merged


# --- headings ---------------------------------------------------------------------


def headings(doc: Document) -> list[Heading]:
    """The document's headings in order, with their anchors."""
    found = []
    for i, token in enumerate(doc.tokens):
        if token.type == "heading_open":
            text = inline_text(doc.tokens[i + 1])
            found.append(Heading(int(token.tag[1]), text, str(token.attrGet("id"))))
    return found


def inline_text(token: Token) -> str:
    """The visible text of an inline token (not what a ``<script>`` in it holds: pages drop it)."""
    children = token.children or []
    shown, i = [], 0
    while i < len(children):
        child = children[i]
        if child.type == "html_inline" and rawhtml.drops_content(child.content):
            i = rawhtml.matching_close(children, i) or i
        elif child.type in ("text", "code_inline"):
            shown.append(child.content)
        i += 1
    return "".join(shown)


def anchor_headings(tokens: list[Token]) -> None:
    """Give every heading a unique, readable ``id`` built from its text (never one the templates use)."""
    taken = set(RESERVED_IDS)
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        base = slugify(inline_text(tokens[i + 1])) or "section"
        anchor, n = base, 1
        while anchor in taken:  # "Glossary" twice, "Día 1" twice: glossary-2, dia-1-2
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        token.attrSet("id", anchor)


def slugify(text: str) -> str:
    """ASCII slug: ``Día 1`` → ``dia-1``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
