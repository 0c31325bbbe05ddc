"""The English notes written back as Markdown (mdformat), in the dialect they were read in.

The Markdown edition keeps the notes' raw HTML as it was written, local images pointing to
their files from the output folder, and front matter for the cover's fields.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import yaml
from markdown_it.token import Token

from tripreport import rawhtml
from tripreport.cover import cover_of
from tripreport.document import Document, images_in, markdown_parser
from tripreport.images import Images
from tripreport.render.editions import Provenance

if TYPE_CHECKING:
    from mdformat.renderer import RenderContext, RenderTreeNode


def _list_item(node: RenderTreeNode, context: RenderContext) -> str:
    """A list item's Markdown, its list's tightness worked out once (mdformat asks it for every item)."""
    if "task-list-item" in str(node.attrs.get("class", "")):
        return _gfm().RENDERERS["list_item"](node, context)  # "- [x] …"
    tight = context.env.setdefault("tight lists", {})
    parent = node.parent
    assert parent is not None  # an item is always in a list
    if id(parent) not in tight:
        tight[id(parent)] = all(
            grandchild.hidden
            for child in parent.children
            for grandchild in child.children
            if grandchild.type == "paragraph"
        )
    separator = "\n" if tight[id(parent)] else "\n\n"
    text = separator.join(out for out in (child.render(context) for child in node.children) if out)
    return text if text.strip() else ""


def _link(node: RenderTreeNode, context: RenderContext) -> str:
    """A bare URL or ``www.`` address stays as it was typed (not ``<http://www…>``)."""
    if node.markup == "linkify":
        return "".join(child.render(context) for child in node.children)
    from mdformat.renderer import DEFAULT_RENDERERS

    return DEFAULT_RENDERERS["link"](node, context)


def _text(text: str, node: RenderTreeNode, context: RenderContext) -> str:
    """``<3`` stays ``<3``: a ``<`` before a digit opens no tag or autolink, so needs no backslash."""
    return _ESCAPED_HEART.sub("<", text)


_ESCAPED_HEART = re.compile(r"\\<(?=\d)")


def _inline(text: str, node: RenderTreeNode, context: RenderContext) -> str:
    """An asterisk inside a word (``7*7``, ``app*.log``, ``f*ck``) is written as typed, without
    the backslash mdformat gives every asterisk, wherever it still reads as an asterisk then
    (the line parses the same). One that starts a word (``\\*.yaml``) keeps it, as people write it."""
    if "\\*" not in text:
        return text
    for match in reversed(list(_ESCAPED_ASTERISK.finditer(text))):
        attempt = text[: match.start()] + "*" + text[match.end() :]
        if _inline_shape(attempt) == _inline_shape(text):
            text = attempt
    return text


_ESCAPED_ASTERISK = re.compile(r"(?<=[^\s\\])\\\*")  # after a character of a word (not a backslash)


def _inline_shape(markdown: str) -> list[tuple[str, str, dict]]:
    tokens = markdown_parser().parseInline(markdown)
    return [(t.type, t.content, dict(t.attrs)) for t in (tokens[0].children or [] if tokens else [])]


class MarkdownStyle:
    """An mdformat plugin: how tripreport writes Markdown (lists in linear time; links, hearts and
    asterisks as typed)."""

    RENDERERS = {"list_item": _list_item, "link": _link}
    POSTPROCESSORS = {"text": _text, "inline": _inline}


def _gfm() -> Any:
    import mdformat.plugins

    return mdformat.plugins.PARSER_EXTENSIONS["gfm"]


@functools.lru_cache(maxsize=1)
def markdown_options() -> dict:
    """mdformat's options for the dialect :func:`markdown_parser` reads: GitHub's, with footnotes.

    mdformat-gfm's own list item renderer gives way to ours (which calls it for task items).
    """
    import mdformat.plugins

    plugins = mdformat.plugins.PARSER_EXTENSIONS
    gfm = type(
        "GfmWithoutListItems",
        (),
        {
            "RENDERERS": {k: v for k, v in _gfm().RENDERERS.items() if k != "list_item"},
            "POSTPROCESSORS": _gfm().POSTPROCESSORS,
        },
    )
    return {"parser_extension": [plugins["tables"], gfm, plugins["footnote"], MarkdownStyle], "mdformat": {}}


def to_markdown(doc: Document, provenance: Provenance | None = None, images: Images | None = None) -> str:
    """The document as Markdown, with front matter when there is metadata to keep.

    Local images point to their files from the output folder, where the Markdown is written.
    """
    from mdformat.renderer import MDRenderer

    tokens = rawhtml.as_written(doc.body)
    if images is not None and images.markdown:
        tokens = [
            t.copy(children=[c.copy(attrs=dict(c.attrs)) for c in t.children]) if t.children else t for t in tokens
        ]
        for token in tokens:
            for image in images_in(token):
                src = str(image.attrGet("src") or "")
                if src in images.markdown:
                    image.attrSet("src", images.markdown[src])
    body = MDRenderer().render(tokens, markdown_options(), {})
    defaults = vars(type(doc.meta)())
    front = {k: v for k, v in vars(doc.meta).items() if v != defaults[k] and v}
    if doc.lang != "es":  # the English cover, as the English editions show it, for the fields given
        cover = cover_of(doc)
        given = {k.removesuffix("_en") for k in front}
        front = {k: v for k, v in front.items() if not k.endswith("_en")}
        english = {
            "title": cover.title,
            "subtitle": cover.subtitle,
            "event": cover.event,
            "description": cover.description,
            "dates": cover.dates,
        }
        front |= {k: v for k, v in english.items() if v and k in given}
    if provenance is not None and doc.lang != "es":
        front["translated_by"] = provenance.engine_label
    if not front:
        return body
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n{body}"


def inline_markdown(token: Token) -> str:
    """One unit (an ``inline`` token) as a line of inline Markdown, as the PO file shows it."""
    from mdformat.renderer import MDRenderer

    block = [Token("paragraph_open", "p", 1), token, Token("paragraph_close", "p", -1)]
    return " ".join(MDRenderer().render(block, markdown_options(), {}).split("\n")).strip()
