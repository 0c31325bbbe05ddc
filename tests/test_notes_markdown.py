"""Notes as people write them: photos, tables, task lists, bare links, footnotes, emoticons,
an English cover and a glossary appendix that can be left out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader
from test_publish import browser  # noqa: F401  (the fixture)

from tripreport.cover import english_dates
from tripreport.document import markdown_parser, parse
from tripreport.notes import Meta, Notes
from tripreport.pieces import Protected

MONDAY = """---
title: Viaje a la KubeCon
event: Conferencia de Kubernetes en Austin
dates: 6 al 8 de diciembre de 2017
---
# Día 1

![El escenario principal](fotos/escenario.png)

| Charla | Ponente | Salón |
|:--|--:|:-:|
| Operadores de bases de datos | Ana López | B |
| Helm sin dolor | Luis | C |

- [ ] revisar el repo
- [x] subir las fotos

Ver https://github.com/errordeveloper/prom-nodejs-demo/tree/v0-start y www.kubernetes.io para más.

La charla estuvo muy buena[^1].

[^1]: Según el ponente.
"""

TUESDAY = """# Día 2

![Nuestro equipo en el stand](fotos/equipo.jpg)

Usamos postgres :heart: y k8s en AWS <3, la plática de frank :P y un cerdo de matadero :( .
Todo ~~mal~~ bien :smile: :+1:

Lee el README.md y el CHANGELOG.md del repo antes de cambiar config.py, o escríbeme a ana@ejemplo.org.
"""


def photo(path: Path, size: tuple[int, int], colour: str, kind: str) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, kind)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gfm")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "1-lunes.md").write_text(MONDAY, encoding="utf-8")
    (folder / "seeds" / "2-martes.md").write_text(TUESDAY, encoding="utf-8")
    photo(folder / "seeds" / "fotos" / "escenario.png", (800, 600), "steelblue", "PNG")
    photo(folder / "seeds" / "fotos" / "equipo.jpg", (640, 480), "darkred", "JPEG")
    (folder / "glossary.yaml").write_text("keep: [k8s, Helm, AWS, postgres]\n", encoding="utf-8")
    result = run_cli("build", "--engine", "apertium", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.slow
def test_the_english_markdown_keeps_emoticons_as_typed(report: Path) -> None:
    markdown = (report / "output" / "report.en.md").read_bytes().decode("utf-8")
    assert "postgres :heart: " in markdown
    assert " <3," in markdown and "\\<" not in markdown
    assert " :P " in markdown and " :( ." in markdown
    assert ":+1:" in markdown  # a shortcode the font cannot draw stays as typed
    assert "~~" in markdown and "- [ ] " in markdown and "- [x] " in markdown
    assert "https://github.com/errordeveloper/prom-nodejs-demo/tree/v0-start" in markdown
    assert "www.kubernetes.io" in markdown and "<http://www.kubernetes.io>" not in markdown
    assert re.search(r"^\| *Talk *\| *Speaker *\|", markdown, re.M)  # the table, translated
    assert re.search(r"\[\^1\]: ", markdown)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Lee el README.md y el CHANGELOG.md", []),  # .md is Moldova's domain, and still a file name
        ("Cambia config.py, main.rs y app.sh", []),
        ("Las notas están en notas.io y en github.com/ana/notas", []),  # GitHub links neither
        (
            "Ver https://kubernetes.io/docs y www.kubernetes.io.",
            ["https://kubernetes.io/docs", "http://www.kubernetes.io"],
        ),
        ("Ver WWW.Kubernetes.IO y ftp://ejemplo.org/a", ["http://WWW.Kubernetes.IO", "ftp://ejemplo.org/a"]),
        ("Escríbeme a ana@ejemplo.org o a ana@ejemplo.dev", ["mailto:ana@ejemplo.org", "mailto:ana@ejemplo.dev"]),
        ("Ver //ejemplo.org/a y awww.ejemplo.org", []),  # no scheme; not www.
    ],
)
def test_links_are_made_as_github_makes_them(text: str, links: list[str]) -> None:
    children = markdown_parser().parseInline(text)[0].children or []
    assert [child.attrGet("href") for child in children if child.type == "link_open"] == links


def test_a_file_name_is_text_and_kept_from_translation() -> None:
    (unit,) = parse(Notes(Meta(), "Lee el README.md y el CHANGELOG.md antes de cambiar config.py.\n")).units
    assert [piece.source for piece in unit.pieces if isinstance(piece, Protected)] == [
        "README.md",
        "CHANGELOG.md",
        "config.py",
    ]


@pytest.mark.slow
def test_file_names_are_neither_links_nor_translated_in_the_editions(report: Path) -> None:
    markdown = (report / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "README.md" in markdown and "CHANGELOG.md" in markdown and "config.py" in markdown
    assert "<http" not in markdown and "](http://README" not in markdown
    for name in ("report.en.html", "report.es.html", "report.bilingual.html"):
        hrefs = re.findall(r'href="([^"]+)"', (report / "output" / name).read_text(encoding="utf-8"))
        assert not [href for href in hrefs if re.search(r"README|CHANGELOG|config\.py", href)], (name, hrefs)
        assert "mailto:ana@ejemplo.org" in hrefs, name


@pytest.mark.slow
@pytest.mark.parametrize("name", ["report.en.html", "report.bilingual.html"])
def test_html_photos_tables_links_tasks_and_footnotes_in_a_browser(browser, report: Path, name: str) -> None:  # noqa: F811
    page = browser.new_page()
    page.goto((report / "output" / name).as_uri())
    widths = page.eval_on_selector_all("main img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")
    assert len(widths) == 2 and all(width > 0 for width in widths), widths
    captions = page.eval_on_selector_all("figcaption", "cs => cs.map(c => c.textContent)")
    assert any("stage" in caption.lower() for caption in captions), captions
    tables = "main td.en table.notes" if name == "report.bilingual.html" else "main table.notes"  # the English
    shape = page.eval_on_selector_all(
        tables, "ts => ts.flatMap(t => Array.from(t.rows).map(r => r.cells.length))"
    )  # the bilingual edition has a table of its own for the header and each row
    assert shape == [3, 3, 3]
    header = page.eval_on_selector("main table.notes thead", "h => h.textContent")
    assert ("Talk" in header and "Speaker" in header) or ("Charla" in header and "Ponente" in header)
    hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.href)")
    assert "https://github.com/errordeveloper/prom-nodejs-demo/tree/v0-start" in hrefs
    assert "http://www.kubernetes.io/" in hrefs
    assert page.locator(".task-box").count() >= 2 and page.locator(".task-box.done").count() >= 1
    assert page.locator("main s, main del").count() >= 1
    footnote = page.locator("main sup.footnote-ref a").last
    footnote.click()  # lands on the footnote
    assert page.evaluate("location.hash").startswith("#fn")
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), ids
    page.close()


def test_pdf_has_the_photos_their_captions_and_the_table_in_order(report: Path) -> None:
    reader = PdfReader(report / "output" / "report.en.pdf")
    images = sum(
        1
        for page in reader.pages
        for xobject in ((page["/Resources"].get("/XObject") or {}).values())
        if xobject.get_object().get("/Subtype") == "/Image"
    )
    assert images >= 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "stage" in text.lower()  # the caption
    assert text.index("Talk") < text.index("Speaker") < text.index("Ana López") < text.index("Luis")


def test_the_english_cover_is_english(report: Path) -> None:
    cover = PdfReader(report / "output" / "report.en.pdf").pages[0].extract_text()
    assert "Trip" in cover and "Viaje" not in cover
    assert "6 to 8 December 2017" in cover
    spanish_cover = PdfReader(report / "output" / "report.es.pdf").pages[0].extract_text()
    assert "Viaje a la KubeCon" in spanish_cover and "6 al 8 de diciembre de 2017" in spanish_cover
    po = (report / "translations" / "report.en.po").read_text(encoding="utf-8")
    assert 'msgid "Viaje a la KubeCon"' in po and "the cover's title" in po  # correctable like any unit


@pytest.mark.slow
def test_front_matter_english_wins_and_the_po_file_corrects_the_cover(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    notes = "---\ntitle: Viaje a la KubeCon\nevent: Conferencia\ndates_en: December 6–8, 2017\n---\n# Día 1\n\nHola.\n"
    (tmp_path / "seeds" / "a.md").write_text(notes, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    assert run_cli("build", "--engine", "apertium", cwd=tmp_path).returncode == 0
    po = tmp_path / "translations" / "report.en.po"
    import polib

    entries = polib.pofile(str(po))
    entry = next(e for e in entries if e.msgid == "Viaje a la KubeCon")
    entry.msgstr, entry.flags = "Our KubeCon trip", []
    entries.save()
    (tmp_path / "seeds" / "a.md").write_text(notes.replace("event: Conferencia\n", "event_en: The Conference\n"))
    assert run_cli("build", "--engine", "apertium", cwd=tmp_path).returncode == 0
    html = (tmp_path / "output" / "report.en.html").read_text(encoding="utf-8")
    assert '<h1 class="title">Our KubeCon trip</h1>' in html
    assert "The Conference" in html and "December 6–8, 2017" in html


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        ("5–6 septiembre 2024", "5–6 September 2024"),
        ("6 al 8 de diciembre de 2017", "6 to 8 December 2017"),
        ("lunes 4 de dic. de 2017", "Monday 4 Dec 2017"),
        ("del 30 de noviembre al 2 de diciembre", "30 November to 2 December"),
        # Counter-examples: what is not a Spanish date name stays as written.
        ("December 6–8, 2017", "December 6–8, 2017"),
        ("Q4 2017 (Marte)", "Q4 2017 (Marte)"),
        ("2017-12-06", "2017-12-06"),
    ],
)
def test_spanish_dates_in_english(spanish: str, english: str) -> None:
    assert english_dates(spanish) == english


@pytest.mark.slow
def test_replacing_a_photo_reprints_the_pdfs(report: Path) -> None:
    photo(report / "seeds" / "fotos" / "equipo.jpg", (640, 480), "darkgreen", "JPEG")
    result = run_cli("build", "--engine", "apertium", "--json", cwd=report)
    assert result.returncode == 0, result.stderr
    outputs = json.loads(result.stdout.splitlines()[-1])["outputs"]
    for name in ("report.en.pdf", "report.es.pdf", "report.bilingual.pdf", "report.en.html"):
        assert outputs[f"output/{name}"] == "written", outputs


@pytest.mark.slow
@pytest.mark.parametrize("how", ["flag", "front matter"])
def test_the_glossary_appendix_can_be_left_out(tmp_path: Path, how: str) -> None:
    (tmp_path / "seeds").mkdir()
    front = "---\nglossary_appendix: false\n---\n" if how == "front matter" else ""
    (tmp_path / "seeds" / "a.md").write_text(f"{front}# Día 1\n\nEl wey de k8s.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep:\n  - {term: k8s, note: Kubernetes}\n", encoding="utf-8")
    with_appendix = run_cli("build", "--engine", "apertium", cwd=tmp_path)
    assert with_appendix.returncode == 0
    html = (tmp_path / "output" / "report.en.html").read_text(encoding="utf-8")
    assert ('id="glossary"' in html) == (how == "flag")  # the base layer's "wey" has a note
    if how == "flag":
        result = run_cli("build", "--engine", "apertium", "--no-glossary", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        html = (tmp_path / "output" / "report.en.html").read_text(encoding="utf-8")
        assert 'id="glossary"' not in html and 'href="#glossary"' not in html
    pdf = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "output" / "report.en.pdf").pages)
    assert "Glossary" not in pdf


MACHINERY = """# Día 1

- El resultado de 7*7 es 49
- Los archivos \\*.yaml van en config
- Revisa los logs app*.log cada mañana
- Qué f*ck con el wifi
- El código `x` y zk0z juntos, y zk12z tampoco
- Guarda config.yaml y el proyecto.tar.gz en la carpeta
- ![](http://ejemplo.org/banner.png) y ![El cartel del evento](http://ejemplo.org/cartel.png)
"""


@pytest.fixture(scope="module")
def machinery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("machinery")
    (folder / "seeds").mkdir()
    (folder / "seeds" / "a.md").write_text(MACHINERY, encoding="utf-8")
    (folder / "glossary.yaml").write_text("", encoding="utf-8")
    result = run_cli("build", "--engine", "apertium", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("7*7", "7*7"),
        ("\\*.yaml", "*.yaml"),
        ("app*.log", "app*.log"),
        ("f*ck", "f*ck"),
        ("zk0z", "zk0z"),
        ("zk12z", "zk12z"),
        ("config.yaml", "config.yaml"),
        ("proyecto.tar.gz", "proyecto.tar.gz"),
    ],
)
@pytest.mark.slow
def test_text_that_looks_like_machinery_comes_out_as_written(machinery: Path, markdown: str, html: str) -> None:
    english = (machinery / "output" / "report.en.md").read_text(encoding="utf-8")
    page = (machinery / "output" / "report.en.html").read_text(encoding="utf-8")
    spanish_bullets = [line for line in MACHINERY.splitlines() if line.startswith("- ")]
    english_bullets = [line for line in english.splitlines() if line.startswith("- ")]
    bullet = next(i for i, line in enumerate(spanish_bullets) if markdown in line)
    assert markdown in english_bullets[bullet], english_bullets[bullet]  # in the English of its own bullet
    items = re.findall(r"<li>(.*?)</li>", page, re.S)
    assert html in items[bullet], items[bullet]


@pytest.mark.slow
def test_a_sentence_is_not_cut_at_a_file_extension(machinery: Path) -> None:
    english = (machinery / "output" / "report.en.md").read_text(encoding="utf-8")
    assert re.search(r"\\\*\.yaml [a-z]", english), english  # "… *.yaml go in config", not "*.yaml Go"
    assert re.search(r"app\*\.log [a-z]", english), english
    assert "zk0juntos" not in english and re.search(r"zk0z [a-z]", english)


def test_a_remote_image_is_its_alt_text_linked_once(machinery: Path) -> None:
    page = (machinery / "output" / "report.en.html").read_text(encoding="utf-8")
    assert page.count("ejemplo.org/cartel.png") == 1 and page.count("ejemplo.org/banner.png") == 2  # href and text
    assert re.search(r'<a href="http://ejemplo.org/cartel.png" class="remote-image">[^<]*poster[^<]*</a>', page)
    assert "[image:" not in page and "cartel" not in page.split("cartel.png")[1]
    text = "".join(p.extract_text() for p in PdfReader(machinery / "output" / "report.en.pdf").pages)
    text = text.replace("\n", "")  # an address may wrap
    assert text.count("ejemplo.org/banner.png") == 1  # no alt text: the address, printed once
    assert text.count("ejemplo.org/cartel.png") == 1  # after its alt text, once


def test_the_bilingual_edition_aligns_a_table_row_by_row(report: Path) -> None:
    html = (report / "output" / "report.bilingual.html").read_text(encoding="utf-8")
    rows = [row for row in html.split('<tr class="row row-')[1:] if row.startswith("table-")]
    assert [row.split()[0] for row in rows] == ["table-head", "table-row", "table-row"]
    spanish, english = rows[1].split('<td class="en"')  # each row: the Spanish cell, then the English
    assert "Operadores de bases de datos" in spanish and "Ana López" in spanish
    assert "Ana López" in english and "Operadores" not in english  # the same row, in English
    assert "Helm sin dolor" in rows[2] and "Luis" in rows[2]
    text = "\n".join(page.extract_text() for page in PdfReader(report / "output" / "report.bilingual.pdf").pages)
    assert text.index("Charla") < text.index("Ana López") < text.index("Luis")
