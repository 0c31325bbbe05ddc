"""The HTML editions: standalone pages (Jinja2 templates, inline CSS, local fonts only).

Templates come from the report folder's ``templates/`` first, then the defaults that
ship with the package, file by file. HTML is rendered from the markdown-it tokens: the
notes' raw HTML through :mod:`tripreport.rawhtml`'s allow-list, ``javascript:`` links
refused by markdown-it, remote images shown as links, and emoji shortcodes shown as emoji.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar

import jinja2
from markdown_it.token import Token
from markupsafe import Markup

from tripreport import __version__, rawhtml
from tripreport.config import HTML_EDITIONS
from tripreport.cover import cover_of
from tripreport.document import Document, headings, inline_text, markdown_parser
from tripreport.engines import EngineName
from tripreport.fonts import font_faces, with_emoji
from tripreport.glossary import Appendix
from tripreport.images import Images, classify
from tripreport.paper import Paper

T = TypeVar("T")
DEFAULT_TEMPLATES = Path(str(resources.files("tripreport") / "templates"))
REPORT_TEMPLATE = "report.html.j2"

LABELS = {
    "es": {
        "edition": "Edición en español (original)",
        "contents": "Contenido",
        "other": "English edition",
        "bilingual": "Edición bilingüe",
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
        "bilingual": "Bilingual edition",
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

    engine: EngineName
    engine_version: str
    built: dt.datetime
    reviewed: int = 0  # passages whose English a person wrote or confirmed

    @property
    def engine_label(self) -> str:
        return f"{self.engine} ({self.engine_version})" if self.engine_version else self.engine


@dataclass(frozen=True)
class Page:
    """How the printed handout is laid out."""

    paper: Paper = Paper.a4

    @property
    def size(self) -> str:
        return self.paper.css_size


class TemplateLoader(jinja2.FileSystemLoader):
    """Templates from the report's folder, then the packaged ones; never a file outside them.

    FileSystemLoader already refuses names that climb out (``../x``); a template that is a
    link to a file elsewhere is refused too.
    """

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
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


def common_context(doc: Document, provenance: Provenance, appendix: Appendix | None, page: Page, labels: str) -> dict:
    """What every page template needs: metadata, labels, provenance, fonts, paper."""
    return {
        "lang": doc.lang,
        "meta": doc.meta,
        "cover": cover_of(doc),
        "labels": LABELS[labels],
        "editions": HTML_EDITIONS,
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
            children = rawhtml.page_inline(token.children, keep=is_task_checkbox)
            token = copy.copy(token)
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
        content = with_emoji(token.content)
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


def in_parts(days: list[T], join: Callable[[list[T]], T]) -> list[T]:
    """At most :data:`MAX_PARTS` print parts: one a day, or consecutive days together when there are many.

    Each part starts a page (so an edit lays out only its part again); 500 short days as 500
    pages would be most of the handout's paper and time.
    """
    if len(days) <= MAX_PARTS:
        return days
    size = -(-len(days) // MAX_PARTS)
    return [join(days[i : i + size]) for i in range(0, len(days), size)]
