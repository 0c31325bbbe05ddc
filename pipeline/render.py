"""Rendering a document: Markdown (mdformat), standalone HTML (Jinja2), PDF (WeasyPrint).

Templates come from the report folder's ``templates/`` first, then the defaults that
ship with the package, file by file. WeasyPrint is imported only to make a PDF, and
its URL fetcher reads local files and ``data:`` URLs only: rendering never touches
the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from pipeline import __version__
from pipeline.document import Document, headings, markdown_parser
from pipeline.glossary import Appendix

DEFAULT_TEMPLATES = Path(str(resources.files("pipeline") / "templates"))
HTML_TEMPLATE = "report.html.j2"

LABELS = {
    "es": {
        "edition": "Edición en español (original)",
        "contents": "Contenido",
        "other": "English edition",
        "translated": "Notas originales en español; la edición en inglés es traducción automática de",
        "built": "Generado",
        "glossary": "Glosario",
        "glossary_translated": "Términos traducidos",
        "glossary_kept": "Términos que se dejan tal cual",
    },
    "en": {
        "edition": "English edition",
        "contents": "Contents",
        "other": "Edición en español",
        "translated": "Machine-translated from the Spanish notes by",
        "built": "Built",
        "glossary": "Glossary",
        "glossary_translated": "Translated terms",
        "glossary_kept": "Terms kept as written",
    },
}


@dataclass(frozen=True)
class Provenance:
    """Who translated the report and when it was built; printed in every output."""

    engine: str
    engine_version: str
    built: dt.datetime

    @property
    def engine_label(self) -> str:
        return f"{self.engine} ({self.engine_version})" if self.engine_version else self.engine


def to_markdown(doc: Document, provenance: Provenance | None = None) -> str:
    """The document as Markdown, with front matter when there is metadata to keep."""
    from mdformat.renderer import MDRenderer

    body = MDRenderer().render(doc.tokens, {"parser_extension": []}, {})
    front = {k: v for k, v in vars(doc.meta).items() if v and not (k == "title" and v == type(doc.meta)().title)}
    if provenance is not None and doc.lang != "es":
        front["translated_by"] = provenance.engine_label
    if not front:
        return body
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n{body}"


def template_environment(report_templates: Path | None) -> jinja2.Environment:
    """Jinja2 with autoescape, looking in the report's templates, then the defaults."""
    folders = [p for p in (report_templates, DEFAULT_TEMPLATES) if p is not None and p.is_dir()]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in folders]),
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
) -> str:
    """A standalone HTML page (inline CSS, no external files) for ``doc``."""
    md = markdown_parser()
    body = md.renderer.render(doc.tokens, md.options, {})
    template = env.get_template(HTML_TEMPLATE)
    return template.render(
        lang=doc.lang,
        html_lang="en-x-mtfrom-es" if doc.lang == "en" else doc.lang,
        meta=doc.meta,
        labels=LABELS[doc.lang],
        toc=headings(doc),
        body=Markup(body),  # markdown-it escapes text; raw HTML is off in the parser
        provenance=provenance,
        built=provenance.built.strftime("%Y-%m-%d"),
        other_edition=other_edition,
        appendix=appendix,
        version=__version__,
    )


def to_pdf(html: str, base_dir: Path) -> bytes:
    """Print ``html`` to PDF with WeasyPrint, fetching local files only."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    document = weasyprint.HTML(string=html, base_url=str(base_dir), url_fetcher=fetcher)
    return document.write_pdf()
