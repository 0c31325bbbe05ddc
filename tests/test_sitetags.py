"""Template tags and shortcodes of site generators (pipeline/sitetags.py): kept byte for byte in
report.en.md, never in the PO file or the pages, named once by ``build -v``; what only looks
like one (links, footnotes, task boxes, words in brackets) stays Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from conftest import run_cli
from pypdf import PdfReader

from tripreport.document import markdown_parser
from tripreport.pieces import Protected
from tripreport.sitetags import tag_at, with_tags

POST = """# Crónica del meetup

{% include aviso.html %}

Hola {{ site.title }}, hoy vimos una charla de Kubernetes.

Mira el video de la charla: {{< youtube abc123 >}}

{{% notice tip %}}
Instala Docker antes de empezar el taller.
{{% /notice %}}

[caption id="attachment_12" align="aligncenter"]La foto del cartel de la entrada[/caption]

[slideshow]

{% raw %}
Para el título se usa {{ page.title }} en la plantilla.

Y nada de esto se traduce.
{% endraw %}

Ver [la documentación](https://kubernetes.io), la nota[^1], [sic] y las [risas].

- [x] revisar las diapositivas

[^1]: Una nota al pie.
"""
TAGS = [
    "{% include aviso.html %}",
    "{{ site.title }}",
    "{{< youtube abc123 >}}",
    "{{% notice tip %}}",
    "{{% /notice %}}",
    '[caption id="attachment_12" align="aligncenter"]',
    "[/caption]",
    "[slideshow]",
    "{% raw %}\nPara el título se usa {{ page.title }} en la plantilla.\n\nY nada de esto se traduce.\n{% endraw %}",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("post")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "post.md").write_text(POST, encoding="utf-8")
    (folder / "glossary.yaml").write_text("", encoding="utf-8")
    result = run_cli("build", "--engine", "apertium", "-v", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder, result.stderr


@pytest.mark.slow
def test_template_tags_are_kept_byte_for_byte_in_the_english_markdown(built: tuple[Path, str]) -> None:
    english = (built[0] / "output" / "report.en.md").read_text(encoding="utf-8")
    for tag in TAGS:
        assert english.count(tag) == 1, tag
    assert "Hola" not in english and "Instala" not in english and "cartel" not in english  # the text is translated
    for markdown in ("](https://kubernetes.io)", "[^1]", "[sic]", "- [x] ", "[^1]: "):
        assert markdown in english


@pytest.mark.slow
def test_the_po_file_and_the_pages_never_show_them(built: tuple[Path, str]) -> None:
    folder = built[0]
    po = polib.pofile(str(folder / "translations" / "report.en.po"))
    shown = [e.msgid + e.msgstr for e in po]
    pages = [
        (folder / "output" / f"report.{name}.html").read_text(encoding="utf-8") for name in ("es", "en", "bilingual")
    ]
    pdfs = [
        "\n".join(page.extract_text() for page in PdfReader(folder / "output" / f"report.{name}.pdf").pages)
        for name in ("es", "en", "bilingual")
    ]
    for text in [*shown, *pages, *pdfs]:
        assert not re.search(r"\{\{|\{%|%\}|\}\}|\[/?(?:caption|slideshow)", text), text[:300]
    assert any("Docker" in e.msgid for e in po) and not any(e.msgid.strip() == "" for e in po)
    assert "sic" in pages[1] and "kubernetes.io" in pages[1]


def test_build_verbose_names_them_once(built: tuple[Path, str]) -> None:
    lines = [line for line in built[1].splitlines() if "template tags" in line]
    assert len(lines) == 1 and "{% include aviso.html %}" in lines[0] and "[slideshow]" in lines[0]


@pytest.mark.slow
def test_a_persons_english_keeps_the_tags_the_po_file_does_not_show(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "post.md").write_text(
        "Hola {{ site.title }}, bienvenidos al blog. {% include firma.html %}\n"
    )
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    assert run_cli("build", "--engine", "apertium", cwd=tmp_path).returncode == 0
    path = tmp_path / "translations" / "report.en.po"
    po = polib.pofile(str(path), wrapwidth=0)
    [entry] = [e for e in po if e.msgid]
    assert entry.msgid == "Hola, bienvenidos al blog."
    entry.msgstr, entry.flags = "Hi, welcome to the blog.", []
    po.save(str(path))
    result = run_cli("build", "--engine", "apertium", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    english = (tmp_path / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "Hi {{ site.title }}, welcome to the blog. {% include firma.html %}" in english


@pytest.mark.parametrize(
    "text",
    ["[texto](https://x.io)", "[^1]", "[x]", "[ ]", "[sic]", "[risas]", "[1]", "[TODO]", "{ llave }", "[a]"],
)
def test_what_only_looks_like_a_tag_is_not_one(text: str) -> None:
    assert tag_at(text, 0) is None or text == "[texto](https://x.io)"
    children = markdown_parser().parseInline(f"Ver {text} aquí")[0].children or []
    assert not [c for c in children if c.type == "template"]


def test_a_tag_left_open_is_text() -> None:
    children = markdown_parser().parseInline("Hola {{ sin cerrar y {% tampoco " + "x" * 5000)[0].children or []
    assert [c.type for c in children] == ["text"]


def test_tags_go_back_where_they_stood() -> None:
    tag = Protected("template", "{{ x }}", "{{ x }}")
    lead = Protected("template", "{% if a %}", "{% if a %}")
    spanish = [lead, " Hola ", tag, " y adiós a todos"]
    english = with_tags(["Hello and goodbye to all"], spanish)
    assert english[0] == lead and tag in english
    text = "".join(p if isinstance(p, str) else p.source for p in english)
    assert text == "{% if a %} Hello {{ x }} and goodbye to all"
