"""Rendering a document: Markdown (mdformat) and standalone HTML (Jinja2); the printing package makes the PDFs.

By concern: :mod:`.markdown` (the English notes written back as Markdown), :mod:`.editions` (the
HTML editions from their templates), :mod:`.bilingual` (the side-by-side edition's alignment);
the fonts both the pages and print use are :mod:`tripreport.fonts`.
"""

from tripreport.render.bilingual import ReviewMarks, to_bilingual_html
from tripreport.render.editions import (
    DEFAULT_TEMPLATES,
    LABELS,
    Page,
    Provenance,
    html_tokens,
    render_tokens,
    template_environment,
    to_html,
)
from tripreport.render.markdown import inline_markdown, markdown_options, to_markdown

__all__ = [
    "DEFAULT_TEMPLATES",
    "LABELS",
    "Page",
    "Provenance",
    "ReviewMarks",
    "html_tokens",
    "inline_markdown",
    "markdown_options",
    "render_tokens",
    "template_environment",
    "to_bilingual_html",
    "to_html",
    "to_markdown",
]
