"""Rendering a document: Markdown (mdformat) and standalone HTML (Jinja2); the printing package makes the PDFs.

Templates come from the report folder's ``templates/`` first, then the defaults that
ship with the package, file by file. HTML is rendered from the markdown-it tokens: the
notes' raw HTML through :mod:`tripreport.rawhtml`'s allow-list, ``javascript:`` links
refused by markdown-it, remote images shown as links, and emoji shortcodes shown as emoji.
The Markdown edition keeps the notes' raw HTML as it was written.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import yaml
from markdown_it.token import Token
from markupsafe import Markup

from tripreport import __version__, rawhtml
from tripreport.cover import cover_of
from tripreport.document import Document, headings, images_in, inline_text, markdown_parser
from tripreport.glossary import Appendix
from tripreport.images import Images, classify
from tripreport.paper import Paper

DEFAULT_TEMPLATES = Path(str(resources.files("tripreport") / "templates"))
REPORT_TEMPLATE = "report.html.j2"
BILINGUAL_TEMPLATE = "bilingual.html.j2"
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local/share/fonts")
# family -> (file, weight, style); DejaVu covers Spanish and the symbols the notes use (❤).
FONT_FILES = {
    "Report Serif": [
        ("DejaVuSerif.ttf", 400, "normal"),
        ("DejaVuSerif-Bold.ttf", 700, "normal"),
        ("DejaVuSerif-Italic.ttf", 400, "italic"),
        ("DejaVuSerif-BoldItalic.ttf", 700, "italic"),
    ],
    "Report Sans": [
        ("DejaVuSans.ttf", 400, "normal"),
        ("DejaVuSans-Bold.ttf", 700, "normal"),
        ("DejaVuSans-Oblique.ttf", 400, "italic"),
        ("DejaVuSans-BoldOblique.ttf", 700, "italic"),
    ],
    "Report Mono": [("DejaVuSansMono.ttf", 400, "normal"), ("DejaVuSansMono-Bold.ttf", 700, "normal")],
}
# GitHub's shortcodes whose emoji the report's font (DejaVu Sans) draws, on screen and on paper;
# any other shortcode stays as typed rather than print as an empty box.
EMOJI = {
    "heart": "❤", "hearts": "♥", "star": "★", "sparkle": "❇", "zap": "⚡", "sunny": "☀", "cloud": "☁",
    "umbrella": "☔", "snowflake": "❄", "coffee": "☕", "airplane": "✈", "email": "✉", "pencil2": "✏",
    "scissors": "✂", "gear": "⚙", "recycle": "♻", "warning": "⚠", "heavy_check_mark": "✔", "check": "✔",
    "x": "✖", "v": "✌", "point_right": "☞", "relaxed": "☺", "frowning_face": "☹", "smile": "😄",
    "smiley": "😃", "grinning": "😀", "grin": "😁", "laughing": "😆", "joy": "😂", "sweat_smile": "😅",
    "wink": "😉", "blush": "😊", "innocent": "😇", "heart_eyes": "😍", "sunglasses": "😎",
    "stuck_out_tongue": "😛", "neutral_face": "😐", "expressionless": "😑", "unamused": "😒",
    "confused": "😕", "disappointed": "😞", "cry": "😢", "sob": "😭", "open_mouth": "😮", "scream": "😱",
    "rage": "😡",
}  # fmt: skip
_SHORTCODE = re.compile(r":([a-z0-9_+-]+):")

LABELS = {
    "es": {
        "edition": "Edición en español (original)",
        "contents": "Contenido",
        "other": "English edition",
        "translated": "Notas originales en español; la edición en inglés es traducción automática de",
        "reviewed": "pasajes revisados por una persona: %d",
        "built": "Generado",
        "glossary": "Glosario",
        "glossary_translated": "Términos traducidos",
        "glossary_kept": "Términos que se dejan tal cual",
        "page": "Página",
        "of": "de",
    },
    "en": {
        "edition": "English edition",
        "contents": "Contents",
        "other": "Edición en español",
        "translated": "Machine-translated from the Spanish notes by",
        "reviewed": "passages reviewed by a person: %d",
        "built": "Built",
        "glossary": "Glossary",
        "glossary_translated": "Translated terms",
        "glossary_kept": "Terms kept as written",
        "page": "Page",
        "of": "of",
    },
    "bilingual": {
        "edition": "Bilingual edition · Edición bilingüe",
        "contents": "Contents · Contenido",
        "translated": "English machine-translated from the Spanish notes by",
        "reviewed": "passages reviewed by a person: %d",
        "review_machine": "machine translation",
        "review_reviewed": "reviewed by a person",
        "review_partly": "partly reviewed by a person",
        "review_needs-review": "needs review: the Spanish changed after a person's correction",
        "built": "Built",
        "glossary": "Glossary · Glosario",
        "glossary_translated": "Translated terms",
        "glossary_kept": "Terms kept as written",
        "page": "Page",
        "of": "of",
        "spanish": "Español (original)",
        "english": "English (machine translation)",
        "spanish_short": "Español",  # each cell's language, when the columns stack on a narrow screen
        "english_short": "English",
    },
}


@dataclass(frozen=True)
class Provenance:
    """Who translated the report and when it was built; printed in every output."""

    engine: str
    engine_version: str
    built: dt.datetime
    reviewed: int = 0  # passages whose English a person wrote or confirmed

    @property
    def engine_label(self) -> str:
        return f"{self.engine} ({self.engine_version})" if self.engine_version else self.engine


@dataclass(frozen=True)
class FontFace:
    """One ``@font-face``: a family, a weight and style, and the local file."""

    family: str
    weight: int
    style: str
    url: str


@dataclass(frozen=True)
class Page:
    """How the printed handout is laid out."""

    paper: Paper = Paper.a4

    @property
    def size(self) -> str:
        return Paper(self.paper).css_size


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


# --- Markdown --------------------------------------------------------------------------


def _list_item(node, context) -> str:
    """A list item's Markdown, its list's tightness worked out once (mdformat asks it for every item)."""
    if "task-list-item" in str(node.attrs.get("class", "")):
        return _gfm().RENDERERS["list_item"](node, context)  # "- [x] …"
    tight = context.env.setdefault("tight lists", {})
    if id(node.parent) not in tight:
        tight[id(node.parent)] = all(
            grandchild.hidden
            for child in node.parent.children
            for grandchild in child.children
            if grandchild.type == "paragraph"
        )
    separator = "\n" if tight[id(node.parent)] else "\n\n"
    text = separator.join(out for out in (child.render(context) for child in node.children) if out)
    return text if text.strip() else ""


def _link(node, context) -> str:
    """A bare URL or ``www.`` address stays as it was typed (not ``<http://www…>``)."""
    if node.markup == "linkify":
        return "".join(child.render(context) for child in node.children)
    from mdformat.renderer import DEFAULT_RENDERERS

    return DEFAULT_RENDERERS["link"](node, context)


def _text(text: str, node, context) -> str:
    """``<3`` stays ``<3``: a ``<`` before a digit opens no tag or autolink, so needs no backslash."""
    return _ESCAPED_HEART.sub("<", text)


_ESCAPED_HEART = re.compile(r"\\<(?=\d)")


def _inline(text: str, node, context) -> str:
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


def _gfm():
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


# --- HTML ------------------------------------------------------------------------------


class TemplateLoader(jinja2.FileSystemLoader):
    """Templates from the report's folder, then the packaged ones; never a file outside them.

    FileSystemLoader already refuses names that climb out (``../x``); a template that is a
    link to a file elsewhere is refused too.
    """

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        if filename and not any(_within(Path(filename), Path(folder)) for folder in self.searchpath):
            raise jinja2.TemplateNotFound(f"{template} (a link out of the templates folder)")
        return source, filename, uptodate


def _within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def template_environment(report_templates: Path | None) -> jinja2.Environment:
    """Jinja2 with autoescape, looking in the report's templates, then the defaults."""
    folders = [p for p in (report_templates, DEFAULT_TEMPLATES) if p is not None and p.is_dir()]
    return jinja2.Environment(
        loader=TemplateLoader([str(p) for p in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def to_html(
    doc: Document,
    env: jinja2.Environment,
    provenance: Provenance,
    other_edition: str | None = None,
    appendix: Appendix | None = None,
    page: Page = Page(),
    images: Images | None = None,
) -> str:
    """A standalone page (inline CSS, local fonts only) for one language edition."""
    tokens = html_tokens(doc.body, images)
    return env.get_template(REPORT_TEMPLATE).render(
        **common_context(doc, provenance, appendix, page, doc.lang),
        html_lang=doc.lang,
        content_language="en-x-mtfrom-es" if doc.lang == "en" else doc.lang,
        toc=headings(doc),
        sections=[Markup(render_tokens(chunk)) for chunk in split_sections(tokens)],
        other_edition=other_edition,
    )


def to_bilingual_html(
    spanish: Document,
    english: Document,
    env: jinja2.Environment,
    provenance: Provenance,
    appendix: Appendix | None = None,
    page: Page = Page(),
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
        **common_context(english, provenance, appendix, page, "bilingual"),
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


def common_context(doc: Document, provenance: Provenance, appendix: Appendix | None, page: Page, labels: str) -> dict:
    """What every page template needs: metadata, labels, provenance, fonts, paper."""
    return {
        "lang": doc.lang,
        "meta": doc.meta,
        "cover": cover_of(doc),
        "labels": LABELS[labels],
        "provenance": provenance,
        "built": provenance.built.strftime("%Y-%m-%d"),
        "appendix": appendix,
        "fonts": font_faces(),
        "page": page,
        "version": __version__,
    }


def without_id(token: Token) -> Token:
    return token.copy(attrs={k: v for k, v in token.attrs.items() if k != "id"})


def render_tokens(tokens: list[Token], env: dict | None = None) -> str:
    """HTML for markdown-it tokens (text escaped; unsafe links already refused)."""
    md = markdown_parser()
    return md.renderer.render(tokens, md.options, env or {})


def html_tokens(tokens: list[Token], images: Images | None = None, photos: bool = True) -> list[Token]:
    """Copies of ``tokens`` made safe and friendly for HTML.

    Local images become their ``data:`` URIs, remote ones links (nothing is fetched), any
    other their alt text; a paragraph holding one image alone is a figure with its alt text
    as the caption (just the caption, with ``photos`` off). Autolinks get a class so print
    CSS does not repeat their URL, and emoji shortcodes become emoji; raw HTML tags become
    allowed elements, text or nothing (:func:`rawhtml.page_inline`). Token positions stay
    as they were, so the bilingual edition can cut blocks from either language alike.
    """
    images = images or Images()
    out = []
    for token in tokens:  # only inline tokens and tables change: the others are shared with the document
        if token.type == "table_open":
            token = token.copy(attrs={**token.attrs, "class": "notes"})
        if token.children:
            token = copy.copy(token)
            children = rawhtml.page_inline(token.children, keep=is_task_checkbox)
            token.children = [child for c in children for child in safe_inline(c, images)]
        out.append(token)
    for i in range(1, len(out) - 1):
        if out[i - 1].type == "paragraph_open" and out[i + 1].type == "paragraph_close":
            figure = as_figure(out[i], photos)
            if figure is not None:
                out[i - 1] = Token("figure_open", "figure", 1, attrs={"class": "figure"}, block=True)
                out[i] = figure
                out[i + 1] = Token("figure_close", "figure", -1, block=True)
    return out


def as_figure(inline: Token, photo: bool) -> Token | None:
    """The inline token of a figure (the photo and its caption) when it holds one shown photo alone."""
    content = [c for c in inline.children or [] if not (c.type in ("text", "softbreak") and not c.content.strip())]
    if len(content) != 1 or content[0].type != "image" or not str(content[0].attrGet("src")).startswith("data:"):
        return None
    image = content[0]
    caption = [
        Token("figcaption_open", "figcaption", 1),
        *[c.copy() for c in image.children or []],
        Token("figcaption_close", "figcaption", -1),
    ]
    return inline.copy(children=[image, *caption] if photo else caption)


def safe_inline(token: Token, images: Images) -> list[Token]:
    if token.type == "image" or (token.type == "link_open" and token.markup in ("autolink", "linkify")):
        token = token.copy(attrs=dict(token.attrs))
    if token.type == "image":
        src = str(token.attrGet("src") or "")
        label = inline_text(token) or token.content or src
        if src in images.inline:
            token.attrSet("src", images.inline[src])
            return [token]
        if src in images.remote or classify(src) == "remote":
            # Once: the alt text as a link (print adds its URL), or the URL itself, without alt text.
            href = images.remote.get(src) or src
            alt = inline_text(token) or token.content
            kind = "remote-image" if alt else "remote-image autolink"
            return [
                Token("link_open", "a", 1, attrs={"href": href, "class": kind}),
                Token("text", "", 0, content=alt or href),
                Token("link_close", "a", -1),
            ]
        return [Token("text", "", 0, content=f"[image: {label}]")]  # not shown: QA says why
    if is_task_checkbox(token):
        done = 'checked="checked"' in token.content
        box = Token("html_inline", "", 0, content=TASK_BOX[done])
        return [box]
    if token.type == "link_open" and token.markup in ("autolink", "linkify"):
        token.attrSet("class", "autolink")
    if token.type == "text" and ":" in token.content:
        content = _SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), token.content)
        if content != token.content:
            token = copy.copy(token)
            token.content = content
    return [token]


TASK_CHECKBOX = 'class="task-list-item-checkbox"'


def is_task_checkbox(token: Token) -> bool:
    """True for the check box the task list plugin puts before a task (made a glyph below)."""
    return token.type == "html_inline" and TASK_CHECKBOX in token.content


# A task's box as a glyph, the same on screen and paper (a form control prints as a box on a line of its own).
TASK_BOX = {
    False: '<span class="task-box" role="img" aria-label="to do">☐</span>',
    True: '<span class="task-box done" role="img" aria-label="done">☑</span>',
}

MAX_PARTS = 30  # days printed as parts of their own, each from a new page; more days share parts


def split_sections(tokens: list[Token]) -> list[list[Token]]:
    """The body cut before every top-level heading: one section per day (see :func:`in_parts`)."""
    sections: list[list[Token]] = [[]]
    for token in tokens:
        if token.type == "heading_open" and token.tag == "h1" and sections[-1]:
            sections.append([])
        sections[-1].append(token)
    return in_parts([s for s in sections if s], lambda group: [t for section in group for t in section])


def in_parts(days: list, join) -> list:
    """At most :data:`MAX_PARTS` print parts: one a day, or consecutive days together when there are many.

    Each part starts a page (so an edit lays out only its part again); 500 short days as 500
    pages would be most of the handout's paper and time.
    """
    if len(days) <= MAX_PARTS:
        return days
    size = -(-len(days) // MAX_PARTS)
    return [join(days[i : i + size]) for i in range(0, len(days), size)]


def aligned_blocks(tokens: list[Token]):
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


@functools.lru_cache(maxsize=1)
def font_faces() -> tuple[FontFace, ...]:
    """The report's fonts as local files, for ``@font-face``; missing files are skipped."""
    found: dict[str, Path] = {}
    wanted = {name for faces in FONT_FILES.values() for name, _, _ in faces}
    for folder in FONT_DIRS:
        if folder.is_dir():
            for path in folder.rglob("DejaVu*.ttf"):
                if path.name in wanted:
                    found.setdefault(path.name, path)
    return tuple(
        FontFace(family, weight, style, found[name].as_uri())
        for family, faces in FONT_FILES.items()
        for name, weight, style in faces
        if name in found
    )
