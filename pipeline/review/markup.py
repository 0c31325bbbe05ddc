"""A person's English as the editions render it, and what the notes' allow-list took out of it.

The English a reviewer types is one line of inline Markdown, raw HTML allowed as in the notes:
rendered with the editions' own code (markdown-it, then :func:`tripreport.rawhtml.page_inline`
and nh3's allow-list), so the review page shows it as every edition will. What the allow-list
removes (a ``<script>`` with its content, an ``onclick``, an ``<img>``) is named, for the
page to say so instead of dropping it silently.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser

from markdown_it.token import Token

from tripreport import rawhtml, render
from tripreport.document import markdown_parser


def token_html(token: Token) -> str:
    """An inline token as the editions render it (photos shown as their alt text)."""
    return render.render_tokens(render.html_tokens([token]))


@functools.lru_cache(maxsize=4096)
def inline_html(markdown: str) -> str:
    """A line of inline Markdown (a person's English) rendered as the notes are: raw HTML through the allow-list."""
    tokens = markdown_parser().parseInline(markdown)
    return token_html(tokens[0]) if tokens else ""


@functools.lru_cache(maxsize=1024)
def removed(markdown: str) -> tuple[str, ...]:
    """What the allow-list takes out of a line of inline Markdown, each once, in order: elements
    (``<script>`` with its content, ``<img>``), attributes (``onclick`` of ``<b>``), comments."""
    if "<" not in markdown:
        return ()
    tokens = markdown_parser().parseInline(markdown)
    children = (tokens[0].children or []) if tokens else []
    found: list[str] = []
    for token in children:
        if token.type == "html_inline":
            found += removed_from(token.content)
    return tuple(dict.fromkeys(found))


def removed_from(tag: str) -> list[str]:
    """What the allow-list takes out of one tag as written."""
    named = rawhtml.tag_name(tag)
    if named is None:
        return ["an HTML comment"]
    name, closing = named
    if closing or name not in rawhtml.HTML_ELEMENTS:
        return []  # a closing tag goes with its element; <imagen> is text, shown as typed
    if name in rawhtml.DROPPED:
        return [f"<{name}> with its content"]
    if name not in rawhtml.INLINE:
        return [f"<{name}>"]  # off the list, or a block inside a line: its text stays
    kept = rawhtml.start_tag_attributes(tag)
    return [f"{attribute} of <{name}>" for attribute in written_attributes(tag) if attribute not in kept]


def written_attributes(tag: str) -> list[str]:
    """The attribute names of one start tag, as an HTML parser reads them."""
    parser = _Attributes()
    parser.feed(tag)
    parser.close()
    return parser.names


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names = list(dict.fromkeys(name for name, _ in attrs))  # one tag is fed: its own

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
