"""The review page's glossary entries in a real browser (Chromium through Playwright): select Spanish
words, press G, give the English, save; the passages the next build changed are listed."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from test_publish import browser  # noqa: F401  (the fixture)
from test_review_page import open_review
from test_serve import Served

NOTES = """# Día 1

- Conseguí una chamba en la conferencia.
- Nadie sabe qué pasó con el cluster.

# Día 2

- La chamba de Ana es con Helm.
- Mañana hay otra chamba.
"""
GLOSSARY = "# Words of this trip.\nkeep:\n  - Helm  # the package manager\n"
SELECT = """([unit, words]) => {
  const cell = document.querySelector(`#unit-${unit} .es`);
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + words.length);
    document.getSelection().removeAllRanges();
    document.getSelection().addRange(range);
    return true;
  }
  return false;
}"""


@pytest.fixture
def served(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notas.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    server = Served(tmp_path)
    yield tmp_path, server
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGKILL)


def unit_of(page, spanish: str) -> int:
    return page.evaluate(
        "s => +[...document.querySelectorAll('article.unit')].find(a => a.querySelector('.es').textContent.includes(s))"
        ".dataset.id",
        spanish,
    )


@pytest.mark.slow
def test_words_selected_in_a_passage_become_a_glossary_entry_and_the_changed_passages_are_listed(
    browser,  # noqa: F811
    served,
) -> None:
    folder, server = served
    page, problems = open_review(browser, server)
    first = unit_of(page, "Conseguí")
    assert page.evaluate(SELECT, [first, "chamba"])
    page.wait_for_selector(".glossary-offer:visible")  # offered by the selection…
    page.keyboard.press("g")  # …or with G
    page.wait_for_selector("#glossary-panel input[name=en]:focus")
    assert page.input_value("#glossary-panel input[name=es]") == "chamba"
    where = page.wait_for_selector("#glossary-panel .glossary-where:has-text('Also in 2 other passages')")
    assert "the 2 in machine English the same English" in where.inner_text()
    page.keyboard.type("gig")
    page.keyboard.press("Control+Enter")
    changed = page.wait_for_selector(
        "#glossary-changed:has-text('chamba → gig (glossary.yaml, line 5): 3 passages changed')", timeout=60_000
    )
    text = (folder / "glossary.yaml").read_text(encoding="utf-8")
    assert text.startswith(GLOSSARY)  # the comments and order as they were, the entry after them
    assert (
        "terms:\n  - {es: [chamba], en: gig, examples: [{es: Conseguí una chamba en la conferencia., want: gig}]}"
        in text
    )
    last = unit_of(page, "Mañana")
    changed.query_selector(f"button[data-unit='{last}']").click()
    page.wait_for_selector(f"#unit-{last}.current")
    page.wait_for_function(
        "id => document.querySelector(`#unit-${id} .en`).textContent.includes('gig')", arg=last, timeout=30_000
    )
    english = (folder / "output" / "report.en.html").read_text(encoding="utf-8")
    assert english.count("gig") >= 3

    # An entry the glossary refuses: said in the panel, and the file stays as it is.
    helm = unit_of(page, "Helm")
    assert page.evaluate(SELECT, [helm, "Helm"])
    page.keyboard.press("g")
    page.check("#glossary-panel input[value=keep]")
    page.click("#glossary-panel button[type=submit]")
    page.wait_for_selector("#glossary-panel .glossary-status.error:has-text('listed twice')")
    assert (folder / "glossary.yaml").read_text(encoding="utf-8") == text
    page.keyboard.press("Escape")
    page.wait_for_selector("#glossary-panel", state="detached")
    refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    assert [p for p in problems if p != refused] == [], problems  # the browser logs the refused save, nothing else
    page.close()
    assert server.stop() == 0
