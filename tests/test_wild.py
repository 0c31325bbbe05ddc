"""Real notes by other authors, dropped as they are into a fresh `tripreport init` folder, build.

The documents (public Markdown by Spanish-speaking developers: a project README, two blog
posts with Jekyll front matter, raw conference notes) live beside the repository, in
``../shared/eval/wild``; where that folder is missing (a fresh clone), these tests skip.
Every behaviour they touch is also tested on small notes of our own (test_notes.py,
test_rawhtml.py, test_notes_markdown.py).
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from pypdf import PdfReader

WILD = ROOT.parent / "shared" / "eval" / "wild"
DOCUMENTS = sorted(WILD.glob("[0-9][0-9]-*.md")) if WILD.is_dir() else []

pytestmark = pytest.mark.skipif(
    not DOCUMENTS, reason=f"{WILD} is not here (the wild documents live outside the repository)"
)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]


def page(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture(scope="module", params=[d.name for d in DOCUMENTS])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh `tripreport init` folder whose only note is the document, built with Apertium."""
    document = WILD / request.param
    folder = tmp_path_factory.mktemp("wild") / "report"
    assert run_cli("init", str(folder), cwd=folder.parent).returncode == 0
    for note in (folder / "seeds").glob("*.md"):
        note.unlink()
    shutil.copy(document, folder / "seeds" / document.name)
    result = run_cli("build", "--engine", "apertium", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return document, folder


@pytest.mark.slow
def test_the_document_builds_as_it_is(built: tuple[Path, Path]) -> None:
    _, folder = built
    for name in ("report.en.md", "report.en.html", "report.es.html", "report.bilingual.html", "report.en.pdf"):
        assert (folder / "output" / name).stat().st_size > 0, name


@pytest.mark.slow
def test_no_markup_is_translated_and_no_script_runs(built: tuple[Path, Path]) -> None:
    document, folder = built
    notes = document.read_text(encoding="utf-8")
    for name in ("report.en.html", "report.es.html", "report.bilingual.html"):
        html = (folder / "output" / name).read_text(encoding="utf-8")
        assert "&lt;to href" not in html and 'data-lang="is"' not in html and "&lt;blockquote" not in html, name
        links = page(folder / "output" / name)
        assert "script" not in links.tags and "iframe" not in links.tags, name
        for href in re.findall(r'<a href="([^"]+)"', notes):  # the notes' HTML links, as written
            assert href in links.hrefs, (name, href)
    english = "".join(p.extract_text() for p in PdfReader(folder / "output" / "report.en.pdf").pages)
    english = re.sub(r"[\s\x00]+", "", english)  # pypdf spaces out (and NUL-pads) the letters of some fonts
    for markup in ("href=", "<to", "<blockquote", "twitter-tweet", "<script", "widgets.js", "data-lang"):
        assert markup not in english, markup


def test_the_notes_html_stays_as_written_in_the_english_markdown(built: tuple[Path, Path]) -> None:
    document, folder = built
    notes = document.read_text(encoding="utf-8")
    english = (folder / "output" / "report.en.md").read_text(encoding="utf-8")
    for block in re.findall(r"^<center>.*?</center>$", notes, re.S | re.M):
        assert block in english


@pytest.mark.slow
def test_check_gives_the_build_s_counts(built: tuple[Path, Path]) -> None:
    import json

    from tripreport.progress import plural

    _, folder = built
    report = (folder / "output" / "qa.json").read_text(encoding="utf-8")
    counts = json.loads(report)
    checked = run_cli("check", cwd=folder)
    assert checked.returncode == (1 if counts["errors"] else 0), checked.stderr
    assert (
        checked.stdout.splitlines()[0]
        == f"QA: {plural(counts['errors'], 'error')}, {plural(counts['warnings'], 'warning')}"
    )
    assert (folder / "output" / "qa.json").read_text(encoding="utf-8") == report
