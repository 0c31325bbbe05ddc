"""Raw HTML in the notes: shown when it is on the allow-list, never run, never translated as markup.

Markdown allows HTML, and blog posts use it: embedded tweets, ``<center>``, ``<br>``,
``<details>``, ``<kbd>``, ``<sup>``. markdown-it reads it as ``html_block`` and
``html_inline`` tokens; nothing here writes them out as they came.

- A block is cleaned by nh3 (the ammonia sanitiser: a browser's HTML5 parser and an
  allow-list; scripts, styles and frames go with their content, event attributes and
  ``javascript:`` links go) and its clean tree becomes markdown-it tokens: its block elements,
  and an ``inline`` token for each run of text in them. The prose is translated like the
  notes' own, except where the HTML says it is in another language (``lang="en"``).
- A tag inside a line of Markdown is one ``html_inline`` token. Rendering turns it into the
  allowed element it names, with the attributes nh3 keeps; into nothing, for an element off
  the list; or into the text that was typed, when it names no HTML element at all
  (``docker run <imagen>``, ``cd <la carpeta>``).

markdown-it then writes every element, text and attribute with escaping, so nothing from
the notes reaches a page as markup unless it is on the allow-list below.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html.parser import HTMLParser

from markdown_it.token import Token

# Elements shown, with the attributes each keeps ("*": any of them). ``center`` becomes a
# centred block; ``align`` a class (left, center, right).
ALLOWED: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "p": {"align"}, "div": {"align"}, "center": set(), "blockquote": set(), "details": set(), "summary": set(),
    "h1": {"align"}, "h2": {"align"}, "h3": {"align"}, "h4": {"align"}, "h5": {"align"}, "h6": {"align"},
    "ul": set(), "ol": {"start"}, "li": set(), "dl": set(), "dt": set(), "dd": set(), "hr": set(), "pre": set(),
    "table": set(), "caption": set(), "thead": set(), "tbody": set(), "tfoot": set(), "tr": set(),
    "th": {"align", "colspan", "rowspan"}, "td": {"align", "colspan", "rowspan"},
    "br": set(), "wbr": set(), "kbd": set(), "sup": set(), "sub": set(), "b": set(), "strong": set(),
    "i": set(), "em": set(), "u": set(), "s": set(), "del": set(), "ins": set(), "mark": set(),
    "small": set(), "code": set(), "samp": set(), "var": set(), "abbr": set(), "cite": set(), "q": set(),
    "span": set(),
}  # fmt: skip
INLINE = frozenset("a abbr b br cite code del em i ins kbd mark q s samp small span strong sub sup u var wbr".split())
VOID = frozenset({"br", "hr", "wbr"})
# Their text is code or keys, never prose: it is not translated.
VERBATIM = frozenset({"code", "kbd", "samp", "var", "pre"})
# Gone with everything inside them.
DROPPED = frozenset(
    "script style iframe frame frameset object embed applet noscript noembed noframes template "
    "svg math textarea select option title head xmp plaintext".split()
)
URL_SCHEMES = {"http", "https", "mailto"}
NO_LANGUAGE = "zxx"  # ISO 639's code for text that is no language: a <pre>'s content
ALIGN = frozenset({"left", "center", "right"})
SPANISH = "es"

# Every element name of HTML (and the obsolete ones browsers still know): a tag naming none of
# them is not HTML but text that looks like it (``<imagen>``, ``<nombre del proyecto>``).
HTML_ELEMENTS = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink
    blockquote body br button canvas caption center cite code col colgroup data datalist dd del details
    dfn dialog dir div dl dt em embed fieldset figcaption figure font footer form frame frameset h1 h2
    h3 h4 h5 h6 head header hgroup hr html i iframe img input ins isindex kbd keygen label legend li
    link listing main map mark marquee math menu menuitem meta meter multicol nav nextid nobr noembed
    noframes noscript object ol optgroup option output p param picture plaintext pre progress q rb rp
    rt rtc ruby s samp script search section select slot small source spacer span strike strong style
    sub summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var
    video wbr xmp""".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")


def clean(html: str) -> str:
    """``html`` with only the allowed elements and attributes (nh3), links only to the web or mail."""
    import nh3

    return nh3.clean(
        html,
        tags=set(ALLOWED) - {"*"},
        clean_content_tags=set(DROPPED),
        attributes=ALLOWED,
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        url_relative="deny",
        link_rel=None,
    )


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "align":
        return value.lower() if value.lower() in ALIGN else None
    if attribute in ("colspan", "rowspan", "start"):
        return value if value.isdigit() and len(value) <= 4 else None
    return value


# --- what a tag is ---------------------------------------------------------------------


def tag_name(content: str) -> tuple[str, bool] | None:
    """``(name, closing)`` of the tag an ``html_inline`` token holds; None for a comment or declaration."""
    match = _TAG.match(content)
    return (match.group(2).lower(), bool(match.group(1))) if match else None


def nesting(content: str) -> int:
    """1 for a tag that opens an element, -1 for one that closes it, 0 otherwise (a void tag, a comment)."""
    tag = tag_name(content)
    if tag is None or tag[0] not in HTML_ELEMENTS or tag[0] in VOID or content.rstrip().endswith("/>"):
        return 0  # <imagen> is text: it hugs nothing
    return -1 if tag[1] else 1


def is_html(content: str) -> bool:
    """True when the tag names an HTML element (``<kbd>``, ``<script>``), not ``<imagen>``."""
    tag = tag_name(content)
    return tag is None or tag[0] in HTML_ELEMENTS


def drops_content(content: str) -> bool:
    """True for an opening tag whose element goes with everything in it (``<script>``, ``<style>``)."""
    tag = tag_name(content)
    return tag is not None and not tag[1] and tag[0] in DROPPED


def hides_text(content: str) -> bool:
    """True for an opening tag whose content is never prose: dropped (``<script>``) or verbatim (``<code>``)."""
    tag = tag_name(content)
    return tag is not None and tag[0] in DROPPED | VERBATIM and nesting(content) == 1


def matching_close(tokens: list[Token], start: int) -> int | None:
    """The index of the ``html_inline`` token closing the element that opens at ``start``, or None."""
    name = tag_name(tokens[start].content)
    depth = 0
    for j in range(start, len(tokens)):
        if tokens[j].type == "html_inline" and (tag := tag_name(tokens[j].content)) and name and tag[0] == name[0]:
            depth += nesting(tokens[j].content)
            if depth == 0:
                return j
    return None


# --- inline HTML, for a page --------------------------------------------------------------


def page_inline(children: list[Token], keep: Callable[[Token], bool] = lambda token: False) -> list[Token]:
    """An inline token's children with every ``html_inline`` tag made safe for a page.

    An allowed tag becomes an element token (a link for ``<a>``), elements left open are
    closed, closing tags of nothing are dropped; a tag off the list is dropped (a script or
    style with its content); one that names no HTML element is text. ``keep`` spares tokens
    that are the renderer's own (a task list's check box).
    """
    out: list[Token] = []
    stack: list[str] = []
    i = 0
    while i < len(children):
        token = children[i]
        i += 1
        if token.type != "html_inline" or keep(token):
            out.append(token)
            continue
        tag = tag_name(token.content)
        if tag is None:
            continue  # a comment, a declaration
        name, closing = tag
        if name not in HTML_ELEMENTS:
            out.append(Token("text", "", 0, content=token.content))
        elif name in DROPPED:
            if not closing and (end := matching_close(children, i - 1)) is not None:
                i = end + 1
        elif name not in INLINE:
            continue  # a block element inside a line: its text stays, the tag goes
        elif closing:
            if name in stack:
                while stack:
                    opened = stack.pop()
                    out.append(_close(opened))
                    if opened == name:
                        break
        elif name in VOID:
            out.append(Token(f"html_{name}", name, 0))
        else:
            out.append(_open(name, start_tag_attributes(token.content)))
            stack.append(name)
    out += [_close(name) for name in reversed(stack)]
    return out


def _open(name: str, attrs: dict[str, str]) -> Token:
    if name == "a":
        return Token("link_open", "a", 1, attrs={**attrs})
    return Token(f"html_{name}_open", name, 1, attrs={**attrs})


def _close(name: str) -> Token:
    return Token("link_close", "a", -1) if name == "a" else Token(f"html_{name}_close", name, -1)


@functools.lru_cache(maxsize=4096)
def _clean_start_tag(content: str) -> tuple[tuple[str, str], ...]:
    parser = _FirstTag()
    parser.feed(clean(content))
    parser.close()
    return tuple(parser.attrs)


def start_tag_attributes(content: str) -> dict[str, str]:
    """The attributes nh3 keeps of one start tag (``<a href="…" onclick="…">``: the href, if it is web or mail)."""
    return dict(_clean_start_tag(content))


class _FirstTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attrs: list[tuple[str, str]] = []
        self.seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.seen:
            self.seen = True
            self.attrs = [(k, v or "") for k, v in attrs]


# --- HTML blocks, as tokens -------------------------------------------------------------


EMBED_OPEN, EMBED_CLOSE = "html_embed_open", "html_embed_close"


def embed_blocks(tokens: list[Token], parse_inline: Callable[[str], Token]) -> list[Token]:
    """Each ``html_block`` as the tokens of its clean HTML (:func:`block_tokens`), between an
    ``html_embed`` pair that keeps the block as written, for the Markdown edition.

    A block that starts with a tag naming no HTML element (``<nombre del proyecto>`` on a line of
    its own) is a paragraph of text that looks like HTML: read as one (``parse_inline``), its
    tags shown as typed.
    """
    out: list[Token] = []
    for token in tokens:
        if token.type != "html_block":
            out.append(token)
            continue
        if is_html(token.content.lstrip()):
            inner = block_tokens(token.content, token.map)
        else:
            inline = parse_inline(token.content.strip())
            inline.map = token.map
            inner = [Token("paragraph_open", "p", 1, map=token.map, block=True), inline]
            inner.append(Token("paragraph_close", "p", -1, block=True))
        source = {"source": token.content, "empty": not inner}
        out.append(Token(EMBED_OPEN, "div", 1, attrs={"class": "html"}, map=token.map, block=True, meta=source))
        out += [*inner, Token(EMBED_CLOSE, "div", -1, block=True)]
    return out


def as_written(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each embedded HTML block back as the ``html_block`` it was in the notes."""
    out: list[Token] = []
    depth = 0
    for token in tokens:
        if token.type == EMBED_OPEN:
            if depth == 0:
                out.append(Token("html_block", "", 0, content=token.meta["source"], map=token.map, block=True))
            depth += 1
        elif token.type == EMBED_CLOSE:
            depth -= 1
        elif depth == 0:
            out.append(token)
    return out


def block_tokens(source: str, line_map: list[int] | None) -> list[Token]:
    """Tokens for a block of raw HTML, cleaned: block elements, and an ``inline`` token for each run of text.

    A run in an element whose ``lang`` is not Spanish gets ``meta["lang"]``: it is shown as
    written, not translated. Inline tags stay ``html_inline`` tokens (as nh3 wrote them), so
    a page makes them safe like any other (:func:`page_inline`).
    """
    builder = _BlockBuilder(line_map)
    builder.feed(clean(source))
    builder.close()
    builder.flush()
    return builder.tokens


class _BlockBuilder(HTMLParser):
    """Clean HTML (nh3's output: well formed, allowed elements only) to markdown-it tokens."""

    def __init__(self, line_map: list[int] | None) -> None:
        super().__init__(convert_charrefs=True)
        self.map = line_map
        self.tokens: list[Token] = []
        self.run: list[Token] = []
        self.open: list[tuple[str, str]] = []  # (element, its language) of the blocks open

    @property
    def lang(self) -> str:
        return self.open[-1][1] if self.open else SPANISH

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in INLINE:
            self.run.append(Token("html_inline", "", 0, content=self.get_starttag_text() or ""))
            return
        self.flush()
        values = {k: v or "" for k, v in attrs}
        lang = NO_LANGUAGE if tag in VERBATIM else values.get("lang", "").strip().lower() or self.lang
        if tag in VOID:
            self.tokens.append(Token(f"html_{tag}", tag, 0, attrs={**values}, map=self.map, block=True))
            return
        self.tokens.append(self._open_block(tag, values))
        self.open.append((tag, lang))

    def _open_block(self, tag: str, attrs: dict[str, str]) -> Token:
        classes = []
        if tag == "center":
            classes.append("center")
        if "align" in attrs:
            classes.append(f"align-{attrs.pop('align')}")
        if classes:
            attrs["class"] = " ".join(classes)
        element = "div" if tag == "center" else tag
        return Token(f"html_{tag}_open", element, 1, attrs={**attrs}, map=self.map, block=True)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in INLINE:
            if tag not in VOID:
                self.run.append(Token("html_inline", "", 0, content=f"</{tag}>"))
            return
        if tag in VOID or not any(name == tag for name, _ in self.open):
            return
        self.flush()
        while self.open:
            name, _ = self.open.pop()
            element = "div" if name == "center" else name
            self.tokens.append(Token(f"html_{name}_close", element, -1, block=True))
            if name == tag:
                break

    def handle_data(self, data: str) -> None:
        lines = data.split("\n")
        for k, line in enumerate(lines):
            if k:
                self.run.append(Token("softbreak", "br", 0))
            if line:
                self.run.append(Token("text", "", 0, content=line))

    def flush(self) -> None:
        """The run of text so far as one ``inline`` token (none for whitespace alone)."""
        run, self.run = self.run, []
        while run and _blank(run[-1]):
            run.pop()
        while run and _blank(run[0]):
            run.pop(0)
        if not run:
            return
        if run[0].type == "text":
            run[0].content = run[0].content.lstrip()
        if run[-1].type == "text":
            run[-1].content = run[-1].content.rstrip()
        content = "".join(t.content if t.type != "softbreak" else "\n" for t in run)
        meta = {} if self.lang.startswith(SPANISH) else {"lang": self.lang}
        self.tokens.append(Token("inline", "", 0, children=run, content=content, map=self.map, meta=meta))

    def close(self) -> None:
        super().close()
        self.flush()
        while self.open:  # nh3's output is well formed; this only guards against a surprise
            name, _ = self.open.pop()
            self.tokens.append(Token(f"html_{name}_close", "div" if name == "center" else name, -1, block=True))


def _blank(token: Token) -> bool:
    return token.type == "softbreak" or (token.type == "text" and not token.content.strip())
