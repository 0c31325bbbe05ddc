"""End to end: `tripreport build` on the real notes, and every kind of bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED, run_cli
from pypdf import PdfReader

from tripreport.document import markdown_parser
from tripreport.glossary import load_glossary

OUTPUTS = ["report.en.md", "report.es.html", "report.en.html", "report.es.pdf", "report.en.pdf"]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def heading_texts(markdown: str) -> list[str]:
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)  # front matter
    tokens = markdown_parser().parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


@pytest.mark.slow
def test_build_writes_all_five_outputs(built_report: Path) -> None:
    for name in OUTPUTS:
        assert (built_report / "output" / name).stat().st_size > 1000, name


@pytest.mark.slow
def test_english_pdf_contains_every_english_heading(built_report: Path) -> None:
    english = (built_report / "output" / "report.en.md").read_text(encoding="utf-8")
    headings = heading_texts(english)
    assert headings == ["Day 0", "Day 1", "Day 2", "Day 3"]
    text = pdf_text(built_report / "output" / "report.en.pdf")
    for heading in headings:
        assert heading in text


def test_every_kept_term_in_the_notes_survives_apertium(built_report: Path) -> None:
    spanish = SEED.read_text(encoding="utf-8")
    english = (built_report / "output" / "report.en.md").read_text(encoding="utf-8")
    checked = 0
    for keep in load_glossary(built_report / "glossary.yaml").keep:
        flags = re.IGNORECASE if keep.ignore_case else 0
        pattern = re.compile(rf"(?<!\w){re.escape(keep.term)}(?!\w)", flags)
        expected = pattern.findall(spanish)
        if expected:
            checked += 1
            found = pattern.findall(english)
            for form in set(expected):  # every occurrence, with its case
                assert found.count(form) >= expected.count(form), form
    assert checked >= 20


@pytest.mark.slow
def test_engine_and_version_are_recorded_in_every_output(built_report: Path) -> None:
    out = built_report / "output"
    assert re.search(
        r"translated_by: apertium \(apertium [\d.]+ / apertium-eng-spa",
        (out / "report.en.md").read_text(encoding="utf-8"),
    )
    for name in ("report.es.html", "report.en.html"):
        assert 'name="translation-engine" content="apertium (apertium' in (out / name).read_text(encoding="utf-8")
    for name in ("report.es.pdf", "report.en.pdf"):
        assert "apertium-eng-spa" in pdf_text(out / name)


def test_html_is_standalone_with_a_working_table_of_contents(built_report: Path) -> None:
    html = (built_report / "output" / "report.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<style>" in html
    assert not re.search(r"<(link|script|img)\b", html)
    targets = re.findall(r'<nav class="toc[^"]*".*?</nav>', html, re.S)[0]
    anchors = re.findall(r'href="#([^"]+)"', targets)
    assert anchors == ["day-0", "day-1", "day-2", "day-3", "glossary"]
    for anchor in anchors:
        assert f'id="{anchor}"' in html


# --- bad input ---------------------------------------------------------------------


def assert_one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("tripreport: error:")]
    assert len(errors) == 1, result.stderr
    for fragment in fragments:
        assert fragment in errors[0]


def test_missing_notes_path(report_dir: Path) -> None:
    result = run_cli("build", "--notes", "nowhere", "--engine", "identity", cwd=report_dir)
    assert_one_line_error(result, "nowhere: notes not found")
    assert not (report_dir / "output").exists()


def test_notes_that_are_not_utf8(report_dir: Path) -> None:
    (report_dir / "seeds" / "z-latin1.md").write_bytes("# Día 4\n\nPláticas\n".encode("latin-1"))
    result = run_cli("build", "--engine", "identity", cwd=report_dir)
    assert_one_line_error(result, "z-latin1.md:1: not UTF-8")


def test_empty_notes_folder(report_dir: Path) -> None:
    (report_dir / "empty").mkdir()
    result = run_cli("build", "--notes", "empty", "--engine", "identity", cwd=report_dir)
    assert_one_line_error(result, "empty: no *.md notes in this folder")


@pytest.mark.parametrize(
    ("glossary", "fragment"),
    [
        ("keep:\n  - k8s\n  - [Helm\n", "glossary.yaml:3: not valid YAML"),
        ("keep: {k8s: yes}\n", "glossary.yaml:1: 'keep' must be a list"),
    ],
)
@pytest.mark.slow
def test_bad_glossary_leaves_previous_outputs_whole(report_dir: Path, glossary: str, fragment: str) -> None:
    first = run_cli("build", "--engine", "identity", cwd=report_dir)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in (report_dir / "output").iterdir()}
    (report_dir / "glossary.yaml").write_text(glossary, encoding="utf-8")
    result = run_cli("build", "--engine", "identity", cwd=report_dir)
    assert_one_line_error(result, fragment)
    after = {p.name: p.read_bytes() for p in (report_dir / "output").iterdir()}
    assert after == before


@pytest.mark.slow
def test_unavailable_engine_says_how_to_install(report_dir: Path) -> None:
    result = run_cli("build", "--engine", "argos", cwd=report_dir)
    assert_one_line_error(result, "engine 'argos' is not available", "models install")


@pytest.mark.slow
def test_translate_writes_english_markdown_to_a_file(report_dir: Path) -> None:
    result = run_cli("translate", "seeds/kubecon-2017.es.md", "-o", "en.md", "--engine", "apertium", cwd=report_dir)
    assert result.returncode == 0, result.stderr
    english = (report_dir / "en.md").read_text(encoding="utf-8")
    assert heading_texts(english) == ["Day 0", "Day 1", "Day 2", "Day 3"]
    assert result.stdout == ""


def test_translate_missing_input(report_dir: Path) -> None:
    result = run_cli("translate", "nope.md", cwd=report_dir)
    assert_one_line_error(result, "nope.md: no such file")
