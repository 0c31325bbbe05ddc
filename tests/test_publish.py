"""Publishing: the HTML in a real browser, the PDF's contents and fonts, hostile notes, themes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader

from tripreport import fonts, render

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# --- a real browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Chromium is missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.mark.slow
@pytest.mark.parametrize("page_name", ["report.en.html", "report.bilingual.html", "report.es.html"])
def test_pages_open_cleanly_and_every_toc_link_lands_on_a_heading(
    browser, built_report: Path, tmp_path: Path, page_name: str
) -> None:
    page = browser.new_page(viewport={"width": 1100, "height": 800})
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text}") if message.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(("file:", "data:")) else problems.append(f"request: {request.url}")
        ),
    )
    page.goto((built_report / "output" / page_name).as_uri())
    links = page.eval_on_selector_all("nav.toc a", "links => links.map(a => a.getAttribute('href'))")
    assert len(links) >= 5
    for href in links:
        page.click(f"nav.toc a[href='{href}']")
        landed = page.evaluate(
            """() => { const t = document.querySelector(':target');
                      return t ? {tag: t.tagName, top: t.getBoundingClientRect().top,
                                  heading: /^H[1-6]$/.test(t.tagName) || !!t.querySelector('h1,h2,h3')} : null; }"""
        )
        assert landed is not None, href
        assert landed["heading"], f"{href} lands on {landed['tag']}"
        assert abs(landed["top"]) < 40, f"{href} is not scrolled into view ({landed['top']})"
    shot = tmp_path / f"{page_name}.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 20_000
    assert problems == []
    page.close()


def test_editions_link_to_each_other_and_mark_their_language(built_report: Path) -> None:
    out = built_report / "output"
    english = (out / "report.en.html").read_text(encoding="utf-8")
    spanish = (out / "report.es.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and 'content="en-x-mtfrom-es"' in english
    assert '<html lang="es">' in spanish
    assert 'href="report.es.html"' in english and 'href="report.en.html"' in spanish
    assert english.count('<section class="day"') == 4


# --- PDF -------------------------------------------------------------------------------


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["report.en.pdf", "report.es.pdf", "report.bilingual.pdf"])
def test_pdf_contents_page_numbers_are_true(built_report: Path, name: str) -> None:
    pages = page_texts(built_report / "output" / name)
    toc_index = next(i for i, text in enumerate(pages) if re.search(r"^(Contents|Contenido)", text, re.M))
    entries = re.findall(r"^(.+?)\.{3,}\s*(\d+)$", pages[toc_index], re.M)
    assert len(entries) >= 5, pages[toc_index]
    for title, number in entries:
        title = title.strip()
        # The heading's page is the first page after the contents whose text has it.
        first = next(i for i in range(toc_index + 1, len(pages)) if title in pages[i])
        assert first + 1 == int(number), f"{title}: contents say page {number}, heading is on page {first + 1}"


@pytest.mark.slow
def test_pdf_has_cover_running_header_page_x_of_y_and_embedded_fonts(built_report: Path) -> None:
    path = built_report / "output" / "report.en.pdf"
    reader = PdfReader(path)
    pages = [p.extract_text() for p in reader.pages]
    assert "KubeCon 2017 trip notes" in pages[0] and "Page" not in pages[0]
    total = len(pages)
    day1 = next(i for i, text in enumerate(pages) if i > 2 and text.lstrip().startswith("Day 1"))
    assert f"Page {day1 + 2} of {total}" in pages[day1 + 1]
    assert "Day 1" in pages[day1 + 1]  # the running header names the day
    assert "<https://github.com/errordeveloper/prom-nodejs-demo/tree/v0-start>" not in "".join(
        pages
    )  # bare URL: printed once
    fonts = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = (font.get("/DescendantFonts") or [font])[0].get_object().get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts
    assert all("Report-" in name for name in fonts)  # the @font-face files, not system fallbacks


def test_every_character_has_a_glyph_in_the_report_fonts(built_report: Path) -> None:
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for face in fonts.font_faces():
        covered |= set(TTFont(face.url.removeprefix("file://")).getBestCmap())
    assert {face.family for face in fonts.font_faces()} == {"Report Serif", "Report Sans", "Report Mono"}
    for name in ("report.en.html", "report.es.html"):
        html = (built_report / "output" / name).read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", html, flags=re.S))
        missing = {ch for ch in text if ord(ch) > 32 and ord(ch) not in covered}
        assert not missing, missing
    assert "❤" in (built_report / "output" / "report.en.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_letter_paper(report_dir: Path) -> None:
    result = run_cli("build", "--engine", "identity", "--paper", "letter", cwd=report_dir)
    assert result.returncode == 0, result.stderr
    box = PdfReader(report_dir / "output" / "report.en.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    bad = run_cli("build", "--engine", "identity", "--paper", "a5", cwd=report_dir)
    assert bad.returncode == 2 and "'a5' is not one of 'a4', 'letter'" in bad.stderr


# --- hostile notes -----------------------------------------------------------------------

HOSTILE = """# Día <script>alert('titulo')</script>

- Un <script>alert(1)</script> en una lista.
- Un [enlace malo](javascript:alert(document.cookie)) y otro [raro](JAVASCRIPT:alert(2)).
- Una imagen <img src=http://example.com/x.png onerror=alert(3)> cruda.
- Una imagen remota ![diagrama](http://example.com/diagram.png) en Markdown.
- <a href="javascript:alert(4)" onclick="alert(5)">click</a>

<center><blockquote data-lang="es"><p>Un tuit <a href="https://t.co/x" onmouseover="alert(6)">pic</a></p></blockquote>
<script async src="https://platform.twitter.com/widgets.js"></script></center>

<iframe src="https://example.com/embed"></iframe><style>body { background: url(https://example.com/x.png) }</style>

<p style="background: url(https://example.com/y.png)">Un párrafo <img src="https://example.com/z.png"> con estilo</p>
"""


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.slow
def test_hostile_notes_render_inert_and_build_offline_fast(tmp_path: Path) -> None:
    from test_network import AUDIT_HOOK

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    log = tmp_path / "network.log"
    (hooks / "sitecustomize.py").write_text(AUDIT_HOOK.format(log=str(log)), encoding="utf-8")

    started = time.monotonic()
    result = run_cli("build", "--engine", "apertium", cwd=tmp_path, env={"PYTHONPATH": str(hooks)})
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    assert not log.exists(), log.read_text()

    for name in ("report.es.html", "report.en.html", "report.bilingual.html"):
        collector = TagCollector()
        collector.feed((tmp_path / "output" / name).read_text(encoding="utf-8"))
        for tag, attrs in collector.tags:
            assert tag not in ("script", "img", "iframe", "object"), (name, tag)
            assert not any(key.startswith("on") for key in attrs), (name, tag, attrs)
            href = (attrs.get("href") or "").strip().lower()
            assert not href.startswith(("javascript:", "vbscript:", "data:")), (name, href)
            assert "style" not in attrs, (name, tag, attrs)
        html = (tmp_path / "output" / name).read_text(encoding="utf-8")
        assert "<script" not in html.lower() and "platform.twitter.com" not in html  # dropped, content and all
        assert "alert(1)" not in html and "alert('titulo')" not in html and "alert(3)" not in html
        assert "example.com/embed" not in html and "example.com/x.png" not in html
        assert html.count("<style>") == 1  # the page's own
        assert 'href="http://example.com/diagram.png"' in html  # the remote image became a link
        assert 'href="https://t.co/x"' in html  # the embed's own link stays
    pdf_text = "".join(page_texts(tmp_path / "output" / "report.en.pdf"))
    squeezed = re.sub(r"[\s\x00]+", "", pdf_text)  # pypdf spaces out (and NUL-pads) the letters of some fonts
    assert "alert(1)" not in squeezed and "alert('titulo')" not in squeezed  # the scripts' content is gone
    for markup in ("<script", "<iframe", "<center", "<blockquote", "<img", "onerror", "onmouseover"):
        assert markup not in squeezed, markup  # no markup printed as text


# --- templates and themes ---------------------------------------------------------------


def test_template_lookups_cannot_leave_the_templates_folder(tmp_path: Path) -> None:
    env = render.template_environment(tmp_path)
    for name in ("../pyproject.toml", "../../etc/passwd", "/etc/passwd"):
        with pytest.raises(jinja2.TemplateNotFound):
            env.get_template(name)


@pytest.mark.slow
def test_a_report_folder_overrides_templates_file_by_file(report_dir: Path) -> None:
    (report_dir / "templates").mkdir()
    (report_dir / "templates" / "report.css").write_text(
        "/* house style */ body { color: #123456; }\n", encoding="utf-8"
    )
    result = run_cli("build", "--engine", "identity", cwd=report_dir)
    assert result.returncode == 0, result.stderr
    html = (report_dir / "output" / "report.en.html").read_text(encoding="utf-8")
    assert "/* house style */" in html  # the folder's stylesheet…
    assert '<nav class="toc' in html  # …inside the default page template


@pytest.mark.slow
def test_the_package_ships_its_default_templates(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("tripreport-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("base.html.j2", "report.html.j2", "bilingual.html.j2", "report.css"):
        assert f"tripreport/templates/{template}" in names
    for review in ("templates/review.html.j2", "templates/review.js", "templates/review.css", "review/api.py"):
        assert f"tripreport/{review}" in names  # serve's review page, offline
    shutil.rmtree(tmp_path)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("El resultado de 7*7 es 49", "7*7"),
        ("Revisa app*.log cada día", "app*.log"),
        ("Dos 7\\*7 y 8\\*8 seguidos", "7\\*7 y 8*8"),  # both unescaped would be emphasis
        ("Un 2*3 **fuerte** y 4*5", "2*3 **fuerte** y 4*5"),
        ("Los archivos \\*.yaml van", "\\*.yaml"),  # starts a word: escaped, as people write it
    ],
)
def test_asterisks_are_written_as_typed_where_markdown_reads_them_so(tmp_path: Path, text: str, written: str) -> None:
    from tripreport.document import parse
    from tripreport.notes import Meta, Notes

    doc = parse(Notes(Meta(), text + "\n"))
    markdown = render.to_markdown(doc)
    assert written in markdown
    again = parse(Notes(Meta(), markdown))
    assert [u.text for u in again.units] == [u.text for u in doc.units]  # reads back as the same text
