"""What a reader sees of the editions: in a real browser (Chromium) on a wide screen and on a
phone's (390 px), and on paper (where the PDF puts its text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader
from test_notes_markdown import photo
from test_publish import browser  # noqa: F401  (the fixture)

CAPTIONS = ["El escenario principal de la conferencia", "Nuestro equipo en el stand"]
BODY = (
    "Una plática larga sobre operadores de bases de datos en Kubernetes, con ejemplos de respaldos, "
    "réplicas y migraciones que nadie había visto antes en una conferencia tan grande."
)
FOOTNOTE = (
    "Una nota al pie bastante larga que explica de dónde salieron los ejemplos de la plática "
    "y quién los escribió para el taller del segundo día de la conferencia."
)
NOTES = (
    f"# Día 1\n\n![{CAPTIONS[0]}](fotos/escenario.png)\n\n{BODY}[^1]\n\n"
    f"- Un punto.\n- ![{CAPTIONS[1]}](fotos/equipo.jpg)\n- Otro punto.\n\n[^1]: {FOOTNOTE}\n"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layout")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "a.md").write_text(NOTES, encoding="utf-8")
    photo(folder / "seeds" / "fotos" / "escenario.png", (800, 600), "steelblue", "PNG")
    photo(folder / "seeds" / "fotos" / "equipo.jpg", (600, 800), "darkred", "JPEG")
    (folder / "glossary.yaml").write_text("keep: [Kubernetes]\n", encoding="utf-8")
    result = run_cli("build", "--engine", "apertium", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


# --- the bilingual edition on screen ----------------------------------------------------------

BOX = (
    "e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
)


@pytest.mark.slow
def test_a_photo_shows_once_across_both_columns_above_its_caption_in_each(browser, report: Path) -> None:  # noqa: F811
    """A photo alone in its paragraph, or alone in a list item."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto((report / "output" / "report.bilingual.html").as_uri())
    spanish = page.locator("thead th[lang=es]").evaluate(BOX)
    english = page.locator("thead th[lang=en]").evaluate(BOX)
    images = page.locator("table.side-by-side img")
    assert images.count() == len(CAPTIONS)  # each once
    for i, caption in enumerate(CAPTIONS):
        image = images.nth(i).evaluate(BOX)
        assert image["left"] < spanish["right"] and image["right"] > english["left"], (image, spanish, english)
        captions = images.nth(i).locator("xpath=ancestor::tr[1]/following-sibling::tr[1]")
        assert captions.locator("td.es").inner_text().strip() == caption
        translated = captions.locator("td.en").inner_text().strip()
        assert translated and translated != caption  # the translated caption, beside the Spanish
        for cell in (captions.locator("td.es"), captions.locator("td.en")):
            assert cell.evaluate(BOX)["top"] >= image["bottom"] - 1  # below the photo
    page.close()


@pytest.mark.slow
def test_stacked_on_a_phone_each_cell_says_its_language(browser, report: Path) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((report / "output" / "report.bilingual.html").as_uri())
    label = "(e) => getComputedStyle(e, '::before').content"
    rows = page.locator("table.side-by-side tbody tr:has(td.es):has(td.en)")
    assert rows.count() >= 4
    for i in range(rows.count()):
        spanish, english = rows.nth(i).locator("td.es"), rows.nth(i).locator("td.en")
        assert spanish.evaluate(BOX)["bottom"] <= english.evaluate(BOX)["top"] + 1  # stacked, not side by side
        assert spanish.evaluate(label) == '"Español"' and english.evaluate(label) == '"English"'
    page.set_viewport_size({"width": 1100, "height": 900})  # side by side, the column headings say it
    assert page.locator("thead th[lang=es]").is_visible()
    assert rows.first.locator("td.es").evaluate(label) in ("none", "normal")
    page.close()


# --- the cover on a phone ---------------------------------------------------------------------

DATE_LINES = """() => {
  const box = document.querySelector(".cover .provenance");
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const found = /\\d{4}-\\d{2}-\\d{2}/.exec(node.data);
    if (!found) continue;
    const range = document.createRange();
    range.setStart(node, found.index);
    range.setEnd(node, found.index + found[0].length);
    return new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size;
  }
  return 0;
}"""


@pytest.mark.slow
@pytest.mark.parametrize("name", ["report.en.html", "report.es.html", "report.bilingual.html"])
def test_the_covers_build_date_stays_whole_at_every_phone_width(browser, built_report: Path, name: str) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto((built_report / "output" / name).as_uri())
    broken = []
    for width in range(300, 481, 2):
        page.set_viewport_size({"width": width, "height": 844})
        lines = page.evaluate(DATE_LINES)
        assert lines >= 1, "no build date on the cover"
        if lines > 1:
            broken.append(width)
    assert not broken, f"the date breaks across lines at {broken} px"
    page.close()


# --- footnotes on paper -------------------------------------------------------------------------


def runs(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """Every run of text in the PDF as (page, x, y, size, text), x and y in points from the page's corner."""
    found: list[tuple[int, float, float, float, str]] = []
    for number, page in enumerate(PdfReader(pdf).pages):

        def visit(text, cm, tm, font, size, number=number) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((number, round(x, 1), round(y, 1), round(size * tm[0] * cm[0], 2), text))

        page.extract_text(visitor_text=visit)
    return found


def test_footnotes_in_the_bilingual_pdf_wrap_like_the_body(report: Path) -> None:
    """The Spanish footnote's lines start where the body's do and are in a smaller type, as its
    English neighbour's are: not indented and larger, as they were, so they wrapped early."""
    pdf = report / "output" / "report.bilingual.pdf"
    middle = float(PdfReader(pdf).pages[0].mediabox.width) / 2
    spanish = [run for run in runs(pdf) if run[1] < middle]
    words = re.compile(r"\w+")
    body_words, footnote_words = set(words.findall(BODY)), set(words.findall(FOOTNOTE)) - set(words.findall(BODY))

    def lines_of(wanted: set[str], others: set[str]) -> list[tuple]:
        """The Spanish column's runs with more words of ``wanted`` than of ``others``."""
        return [r for r in spanish if len(set(words.findall(r[4])) & wanted) > len(set(words.findall(r[4])) & others)]

    body = lines_of(body_words, footnote_words)
    footnote = lines_of(footnote_words, body_words)
    assert len(body) >= 2 and len(footnote) >= 2, (body, footnote)  # both wrap: their lines can be compared
    body_left, body_size = min(r[1] for r in body), max(r[3] for r in body)
    for line in footnote:
        assert abs(line[1] - body_left) < 0.5, f"the footnote's line starts at {line[1]} pt, the body's at {body_left}"
        assert line[3] < body_size, f"the footnote is set in {line[3]} pt, the body in {body_size}"
