"""Raw HTML in the notes: kept as written in the Markdown, shown through the allow-list in the
pages, its prose translated where it is Spanish, and nothing in it run, fetched or translated as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader

from tripreport import rawhtml

TWEET = (
    '<center><blockquote class="twitter-tweet" data-lang="es"><p lang="en" dir="ltr">Great talk about '
    'testing <a href="https://twitter.com/hashtag/TestBash?src=hash&ref_src=twsrc%5Etfw">#TestBash</a> '
    '<a href="https://t.co/05eVQwENEm">pic.twitter.com/05eVQwENEm</a></p>&mdash; Ana (@ana_qa) '
    '<a href="https://twitter.com/ana_qa/status/1060584708277334017?ref_src=twsrc%5Etfw">8 de noviembre de 2018</a>'
    "</blockquote>\n"
    '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script></center>'
)
DETAILS = "<details><summary>Ver los detalles del taller</summary>El taller fue muy bueno.</details>"
CENTERED = '<p align="center" onclick="alert(1)" style="color: red">La foto del grupo completo</p>'
HOSTILE = (
    '<iframe src="https://example.com/embed"></iframe><style>p { color: red }</style>'
    '<div><a href="javascript:alert(2)">un enlace raro</a></div>'
)
LINK = '<a href="https://ejemplo.org/guia?a=1&b=2" onclick="alert(3)">manual</a>'
NOTES = f"""# Día 1

Pulsa <kbd>Ctrl</kbd>+<kbd>C</kbd> para salir, o lee el {LINK}.<br>
El resultado es 2<sup>10</sup> y se corre con `docker run <imagen>` o docker run <imagen> en la terminal.

{TWEET}

{DETAILS}

{CENTERED}

{HOSTILE}

Fin del día.
"""


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, and the text outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def tags_of(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def hrefs_written(markdown: str) -> list[str]:
    """The href of every <a> in the notes' HTML, as typed (none here has a character reference)."""
    return re.findall(r'<a href="([^"]*)"', markdown)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rawhtml")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "a.md").write_text(NOTES, encoding="utf-8")
    (folder / "glossary.yaml").write_text("", encoding="utf-8")
    result = run_cli("build", "--engine", "apertium", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.slow
def test_the_english_markdown_keeps_the_html_as_written(report: Path) -> None:
    markdown = (report / "output" / "report.en.md").read_text(encoding="utf-8")
    for block in (TWEET, DETAILS, CENTERED, HOSTILE):
        assert block in markdown
    assert "<kbd>Ctrl</kbd>+<kbd>C</kbd>" in markdown and "2<sup>10</sup>" in markdown
    assert '<a href="https://ejemplo.org/guia?a=1&b=2" onclick="alert(3)">' in markdown
    assert "`docker run <imagen>`" in markdown and "docker run <imagen> in" in markdown
    assert "Pulsa" not in markdown  # the prose around the tags is translated


@pytest.mark.slow
@pytest.mark.parametrize("name", ["report.es.html", "report.en.html", "report.bilingual.html"])
def test_pages_show_only_allowed_html_with_every_link_as_written(report: Path, name: str) -> None:
    html = (report / "output" / name).read_text(encoding="utf-8")
    tags = tags_of(html)
    names = [tag for tag, _ in tags]
    assert "script" not in names and "iframe" not in names and names.count("style") == 1  # the page's own
    for tag, attrs in tags:
        assert not any(key.startswith("on") for key in attrs), (tag, attrs)
        assert tag == "style" or "style" not in attrs or tag in ("html",), (tag, attrs)
        assert not attrs.get("href", "").lower().startswith("javascript:"), (tag, attrs)
    hrefs = [attrs["href"] for tag, attrs in tags if tag == "a" and "href" in attrs]
    for href in hrefs_written(NOTES):
        if href.startswith("https://"):
            assert href in hrefs, href  # byte-identical once the page is read
    assert "alert(" not in html and "example.com/embed" not in html and "color: red" not in html
    assert "<kbd>Ctrl</kbd>" in html and "<sup>10</sup>" in html and "<details>" in html
    assert '<div class="center">' in html and 'class="align-center"' in html
    assert "docker run &lt;imagen&gt;" in html  # not HTML: shown as typed
    assert "Great talk about testing" in html  # lang="en": left as written
    assert "<to href" not in html and 'data-lang="is"' not in html and "&lt;" + "a href" not in html


def test_spanish_prose_in_the_html_is_translated_as_its_own_unit(report: Path) -> None:
    english = (report / "output" / "report.en.html").read_text(encoding="utf-8")
    summary = re.search(r"<summary>(.*?)</summary>", english).group(1)
    assert "workshop" in summary and "taller" not in summary
    assert "November" in english and "noviembre" not in english  # the embed's date line
    assert "The workshop" in english and "group" in english
    po = (report / "translations" / "report.en.po").read_text(encoding="utf-8")
    assert 'msgid "Ver los detalles del taller"' in po
    assert "Great talk" not in po  # English already: not a unit


def test_the_english_pdf_prints_no_markup(report: Path) -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(report / "output" / "report.en.pdf").pages)
    assert "Great talk about testing" in text and "Ctrl" in text
    squeezed = re.sub(r"[\s\x00]+", "", text)  # pypdf spaces out (and NUL-pads) the letters of some fonts
    for markup in ("href", "<a", "blockquote", "<script", "twitter-tweet", "alert(", "<p", "</"):
        assert markup not in squeezed, markup


def test_a_block_is_cleaned_to_tokens_that_keep_its_language() -> None:
    tokens = rawhtml.block_tokens(TWEET, [0, 2])
    kinds = [t.type for t in tokens]
    assert kinds[:3] == ["html_center_open", "html_blockquote_open", "html_p_open"]
    tweet, signature = [t for t in tokens if t.type == "inline"]
    assert tweet.meta == {"lang": "en"} and signature.meta == {}
    assert signature.content.startswith("— Ana (@ana_qa)")
    assert not any("script" in t.type or "widgets" in t.content for t in tokens)
    links = [t.content for t in tweet.children if t.type == "html_inline" and t.content.startswith("<a")]
    assert len(links) == 2 and "onclick" not in "".join(links)


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (["<kbd>", "C", "</kbd>"], [("html_kbd_open", ""), ("text", "C"), ("html_kbd_close", "")]),
        (["<b>", "sin cerrar"], [("html_b_open", ""), ("text", "sin cerrar"), ("html_b_close", "")]),
        (["</b>", "cierra nada"], [("text", "cierra nada")]),
        (["<script>", "alert(1)", "</script>", "después"], [("text", "después")]),
        (["<imagen>", " y "], [("text", "<imagen>"), ("text", " y ")]),
        (['<img src="https://example.com/x.png" onerror="alert(1)">', "texto"], [("text", "texto")]),
        (["<!-- nota -->", "texto"], [("text", "texto")]),
        (["<div>", "en línea", "</div>"], [("text", "en línea")]),
    ],
)
def test_tags_in_a_line_become_allowed_elements_text_or_nothing(children: list[str], expected) -> None:
    from markdown_it.token import Token

    tokens = [Token("html_inline" if c.startswith("<") else "text", "", 0, content=c) for c in children]
    assert [(t.type, t.content) for t in rawhtml.page_inline(tokens)] == expected


def test_a_links_attributes_are_what_the_allow_list_keeps() -> None:
    assert rawhtml.start_tag_attributes('<a href="https://a.io/x?b=1&amp;c=2" onclick="x()">') == {
        "href": "https://a.io/x?b=1&c=2"
    }
    assert rawhtml.start_tag_attributes('<a href="javascript:alert(1)">') == {}
    assert rawhtml.start_tag_attributes('<a href="/relative/page">') == {}
