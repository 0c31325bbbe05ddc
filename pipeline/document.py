"""The document model: Markdown tokens plus the translatable text in them.

:func:`parse` reads the notes with markdown-it-py. Block structure (headings, lists,
paragraphs) stays as markdown-it tokens; the content of every ``inline`` token becomes
a :class:`TextUnit`: a list of prose strings and :class:`Protected` pieces that must
not be translated (inline markup, code spans, URLs, bare domains, emoji shortcodes,
emoticons, numbers). :func:`with_translations` puts translated units back into a copy
of the tokens, so the English document has exactly the Spanish block structure.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tripreport import rawhtml
from tripreport.notes import DEFAULT_TITLE, Meta, Notes
from tripreport.pieces import Piece, children_of, pieces_of, text_of


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

    CommonMark plus tables, strikethrough, task lists, footnotes and bare links as GitHub
    makes them (:func:`github_links`). Raw HTML is read as HTML tokens, which
    :mod:`tripreport.rawhtml` makes safe (:func:`parse` for blocks, rendering for tags in a
    line). Made once: a parser keeps no state between documents.
    """
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    options = {"html": True, "linkify": True, "maxNesting": MAX_NESTING}
    md = MarkdownIt("commonmark", options).enable(["table", "strikethrough", "linkify"])
    md.linkify = github_links()
    return md.use(tasklists_plugin).use(footnote_plugin)


def github_links() -> Any:
    """linkify-it-py set to link what GitHub links in text: addresses with a scheme
    (``https://…``), ``www.`` addresses and e-mail addresses (at any top-level domain:
    ``ana@ejemplo.dev``). Its fuzzy links are off: they take any name with a dot before a
    country's domain for an address (``README.md``, ``config.py``: Moldova, Paraguay), and so
    are ``//host`` links (no scheme)."""
    from linkify_it import LinkifyIt
    from linkify_it.tlds import TLDS

    class GitHubLinks(LinkifyIt):
        def normalize(self, match: Any) -> None:
            super().normalize(match)
            if match.schema.lower() == WWW:  # as GitHub links it
                match.url = f"http://{match.url}"

    links = GitHubLinks(options={"fuzzy_link": False, "fuzzy_email": True}).tlds(TLDS)
    links.add("//", None)
    host = links.re["src_host_port_strict"] + links.re["src_path"]  # the host and path after "www."
    return links.add(WWW, {"validate": re.compile(f"^{host}", re.IGNORECASE)})


WWW = "www."


_MARKERS = re.compile(r"^(?:\s|>|[-*+](?=\s)|\d{1,9}[.)](?=\s))*")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_LEAVES = ("inline", "fence", "code_block", "hr", "html_block", "table_open")  # a table's rows: all its lines


def dropped_lines(markdown: str, tokens: list[Token]) -> list[int]:
    """Lines with text that no token holds: what the parser left out (nested too deep)."""
    covered: set[int] = set()
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
