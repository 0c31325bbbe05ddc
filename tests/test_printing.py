"""Printing editions part by part: a PDF merged from reused and re-laid parts reads like one laid out whole."""

from __future__ import annotations

import io
import json
import os
import re
import signal
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader

from tripreport import printing

PAGES = "@page { size: A6; @bottom-center { content: counter(page) ' of ' counter(pages); } }"
SMALL = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Small</title>
<style>{PAGES} section {{ break-before: page; }}</style></head>
<body>
<nav data-print-part="front"><a href="#one">One</a> <a href="#two">Two</a></nav>
<main>
<section data-print-part="day-1"><h1 id="one">One</h1>
<p><a href="https://example.com/spec">the spec</a> and <a href="#later">further down</a>.</p>
<hr /><p id="later">Further down:<br />BODY_ONE</p></section>
<section data-print-part="day-2"><h1 id="two">Two</h1><p>BODY_TWO</p></section>
</main>
<section data-print-part="back"><h1>Back</h1><p>BODY_BACK</p></section>
</body></html>
"""


def texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def links(pdf: bytes) -> list[tuple[int, str]]:
    """Each link annotation as (page index, where it goes: a page index, a named anchor or a URL)."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found = []
    for i, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            dest = annotation.get("/Dest")
            if isinstance(dest, list):
                found.append((i, f"page {pages[dest[0].idnum]}"))
            elif dest is not None:
                found.append((i, f"#{dest}"))
            else:
                found.append((i, annotation["/A"]["/URI"]))
    return found


def whole(html: str, tmp_path: Path) -> printing.Printed:
    return printing.print_edition("whole.pdf", html, tmp_path, tmp_path / "fresh-cache")


def test_the_outline_finds_parts_keys_and_links_into_other_parts() -> None:
    outline = printing.outline_html(SMALL, "1")
    assert [part.name for part in outline.parts] == ["front", "day-1", "day-2", "back"]
    front, one, two, _ = outline.parts
    assert front.targets == ["one", "two"] and one.targets == [] and two.targets == []
    edited = printing.outline_html(SMALL.replace("BODY_TWO", "BODY_2"), "1")
    assert [p.key for p in edited.parts][:2] == [front.key, one.key] and edited.parts[2].key != two.key
    restyled = printing.outline_html(SMALL.replace("break-before: page", "break-before: right"), "1")
    assert not {p.key for p in restyled.parts} & {p.key for p in outline.parts}  # the styles are in every key


@pytest.mark.slow
def test_an_edited_part_is_laid_out_alone_and_the_merge_reads_like_a_whole_layout(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = printing.print_edition("small.pdf", SMALL, tmp_path, cache)
    assert first.summary == "laid out whole"
    assert texts(first.pdf) == texts(whole(SMALL, tmp_path).pdf)

    edited = SMALL.replace("BODY_TWO", "An edited paragraph").replace("BODY_BACK", "Edited at the back")
    again = printing.print_edition("small.pdf", edited, tmp_path, cache)
    assert again.summary == "2 of 4 parts laid out again"
    pages = texts(again.pdf)
    assert pages == texts(whole(edited, tmp_path).pdf)
    assert "An edited paragraph" in pages[-2] and f"{len(pages) - 1} of {len(pages)}" in pages[-2]
    assert "Edited at the back" in pages[-1]
    # Contents links cross parts and land on the headings' pages; the others survive the merge.
    one = next(i for i, text in enumerate(pages) if i and text.startswith("One"))
    two = next(i for i, text in enumerate(pages) if i and text.startswith("Two"))
    assert sorted(links(again.pdf)) == sorted(
        [(0, f"page {one}"), (0, f"page {two}"), (one, "https://example.com/spec"), (one, "#later")]
    )
    assert PdfReader(io.BytesIO(again.pdf)).metadata["/Title"] == "Small"
    assert len(list((cache / "small.pdf").glob("*.pdf"))) == 1  # the last print only

    # Again, from pages of a merged print: the links are neither lost nor doubled.
    edited_twice = edited.replace("BODY_ONE", "edited")
    third = printing.print_edition("small.pdf", edited_twice, tmp_path, cache)
    assert third.summary == "1 of 4 parts laid out again"
    assert texts(third.pdf) == texts(whole(edited_twice, tmp_path).pdf)
    assert sorted(links(third.pdf)) == sorted(links(again.pdf))


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (("BODY_TWO", "<p>more</p>" * 60), "the part's page count changed"),
        ((">Two</a>", ">Second</a>"), "the contents changed"),
        (
            ("<p>BODY_TWO</p></section>", "<p>BODY_TWO</p></section><p>outside any part</p>"),
            "content outside the parts",
        ),
    ],
)
@pytest.mark.slow
def test_what_a_part_alone_cannot_get_right_is_laid_out_whole(tmp_path: Path, edit: tuple[str, str], why: str) -> None:
    cache = tmp_path / "cache"
    printing.print_edition("small.pdf", SMALL, tmp_path, cache)
    edited = SMALL.replace(*edit)
    again = printing.print_edition("small.pdf", edited, tmp_path, cache)
    assert again.summary == "laid out whole", why
    assert texts(again.pdf) == texts(whole(edited, tmp_path).pdf), why


def test_a_damaged_print_cache_means_a_whole_layout_not_a_wrong_pdf(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    printing.print_edition("small.pdf", SMALL, tmp_path, cache)
    for pdf in (cache / "small.pdf").glob("*.pdf"):
        pdf.unlink()
    edited = SMALL.replace("BODY_TWO", "Edited")
    assert printing.print_edition("small.pdf", edited, tmp_path, cache).summary == "laid out whole"
    (cache / "small.pdf" / "manifest.json").write_text("{not json", encoding="utf-8")
    again = printing.print_edition("small.pdf", SMALL, tmp_path, cache)
    assert again.summary == "laid out whole" and texts(again.pdf) == texts(whole(SMALL, tmp_path).pdf)
    assert json.loads((cache / "small.pdf" / "manifest.json").read_text(encoding="utf-8"))["parts"]


def test_a_bug_in_part_by_part_printing_is_raised_not_hidden_by_a_whole_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only an unreadable last print falls back to the whole layout; a bug in laying out the
    changed parts would otherwise go unnoticed for ever, every build quietly slower."""
    from tripreport.printing import layout

    printing.print_edition("small.pdf", SMALL, tmp_path, tmp_path / "cache")

    def broken(*args: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr(layout, "print_changed_parts", broken)
    with pytest.raises(TypeError, match="a bug"):
        printing.print_edition("small.pdf", SMALL.replace("BODY_TWO", "Edited"), tmp_path, tmp_path / "cache")


def test_html_without_parts_is_printed_whole(tmp_path: Path) -> None:
    plain = re.sub(r' data-print-part="[^"]*"', "", SMALL)
    printed = printing.print_edition("plain.pdf", plain, tmp_path, tmp_path / "cache")
    assert printed.summary == "laid out whole" and printed.parts == 1
    assert texts(printed.pdf) == texts(whole(SMALL, tmp_path).pdf)
    assert not (tmp_path / "cache").exists()


@pytest.mark.slow
def test_editing_one_bullet_of_the_real_notes_lays_out_one_part_per_edition(report_dir: Path, tmp_path: Path) -> None:
    # A fixed date: without it the cover's date is the notes' last edit, and an edit on a
    # later day than the last build changes the cover too (then the edition is laid out whole).
    date = {"SOURCE_DATE_EPOCH": "1512604800"}
    assert run_cli("build", "--engine", "apertium", cwd=report_dir, env=date).returncode == 0
    notes = report_dir / "seeds" / "kubecon-2017.es.md"
    bullet = "- alguien habló de un CRI proxy y no tengo idea de qué verga dijo."
    text = notes.read_text(encoding="utf-8")
    assert bullet in text
    notes.write_text(text.replace(bullet, bullet + " Lo busco luego."), encoding="utf-8")

    result = run_cli("build", "--engine", "apertium", "--json", cwd=report_dir, env=date)
    assert result.returncode == 0, result.stderr
    for name in ("report.es.pdf", "report.en.pdf", "report.bilingual.pdf"):  # cover, contents, 4 days, glossary
        assert f"{name}: 1 of 7 parts laid out again" in result.stderr
        html = (report_dir / "output" / name.replace(".pdf", ".html")).read_text(encoding="utf-8")
        merged = (report_dir / "output" / name).read_bytes()
        assert texts(merged) == texts(whole(html, tmp_path).pdf), name
    english = texts((report_dir / "output" / "report.en.pdf").read_bytes())
    assert "look for it" in " ".join(english).replace("\n", " ")  # the edit's translation is printed


@pytest.mark.slow
def test_a_passage_confirmed_in_the_po_file_lays_out_the_covers_alone(report_dir: Path, tmp_path: Path) -> None:
    """The covers count the reviewed passages: a confirmation changes them, not the contents beside them."""
    import polib

    date = {"SOURCE_DATE_EPOCH": "1512604800"}
    assert run_cli("build", "--engine", "apertium", cwd=report_dir, env=date).returncode == 0
    po = polib.pofile(str(report_dir / "translations" / "report.en.po"))
    entry = next(e for e in po if e.msgid.startswith("Hoy en la tarde hubo lightning talks"))
    entry.flags = []  # confirmed as it is, as a PO editor does: the English text stays the same
    po.save()

    result = run_cli("build", "--engine", "apertium", "--json", cwd=report_dir, env=date)
    assert result.returncode == 0, result.stderr
    # The cover of each; the bilingual edition's row of that passage gets its "reviewed" mark too.
    for name, parts in (("report.es.pdf", 1), ("report.en.pdf", 1), ("report.bilingual.pdf", 2)):
        assert f"{name}: {parts} of 7 parts laid out again" in result.stderr
        html = (report_dir / "output" / name.replace(".pdf", ".html")).read_text(encoding="utf-8")
        merged = (report_dir / "output" / name).read_bytes()
        assert texts(merged) == texts(whole(html, tmp_path).pdf), name
    assert "passages reviewed by a person: 1" in texts((report_dir / "output" / "report.en.pdf").read_bytes())[0]


def test_unchanged_html_is_taken_from_the_cache_byte_for_byte(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = printing.print_edition("small.pdf", SMALL, tmp_path, cache)
    again = printing.print_edition("small.pdf", SMALL, tmp_path, cache)
    assert again.summary == "taken from the print cache"
    assert again.pdf == first.pdf  # so an unchanged PDF is not rewritten


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_the_print_pool_prints_every_edition_in_or_out_of_process(tmp_path: Path, workers: int) -> None:
    htmls = {"a.pdf": SMALL, "b.pdf": SMALL.replace("BODY_TWO", "Other")}
    with printing.PrintPool(tmp_path, tmp_path / "cache", workers=workers) as pool:
        printed = dict(pool.print(htmls))
    assert set(printed) == set(htmls)
    assert "Other" in "".join(texts(printed["b.pdf"].pdf)) and "Other" not in "".join(texts(printed["a.pdf"].pdf))
    assert {p.name for p in (tmp_path / "cache").iterdir()} == set(htmls)


def test_a_print_pool_stopped_without_finishing_leaves_no_worker_behind(tmp_path: Path) -> None:
    pool = printing.PrintPool(tmp_path, tmp_path / "cache", workers=2)
    pool.start()
    assert pool.pool is not None
    running = pool.print({"a.pdf": SMALL, "b.pdf": SMALL.replace("BODY_TWO", "Other")})
    next(running)  # the editions are in print
    workers = list(pool.pool._processes.values())
    assert workers and all(worker.is_alive() for worker in workers)
    pool.stop(finish=False)
    for worker in workers:
        worker.join(timeout=10)
    assert not any(worker.is_alive() for worker in workers)
    assert pool.pool is None
    pool.stop(finish=False)  # a second stop (the build's and the serve loop's) is harmless


HALF_SENT = """
import inspect, os, signal, struct

def send_half_and_die():
    # The worker's result queue, as concurrent.futures hands it to the worker's loop.
    queue = next(f.frame.f_locals["result_queue"] for f in inspect.stack() if "result_queue" in f.frame.f_locals)
    os.write(queue._writer.fileno(), struct.pack("!i", 1 << 20) + b"the first bytes")  # of a 1 MB result
    os.kill(os.getpid(), signal.SIGKILL)  # as a worker stopped halfway through sending an edition
"""

STOP_AFTER_HALF_SENT = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tripreport.printing import PrintPool
pool = PrintPool(Path(sys.argv[1]), Path(sys.argv[1]) / "cache", workers=2)
pool.start()
pool.pool.submit(__import__("half_sent").send_half_and_die)
time.sleep(3)  # the pool's manager thread reads the rest of that result, which never comes
pool.stop(finish=False)
print("stopped", flush=True)
"""  # …and Python's exit waits for that thread


@pytest.mark.slow
def test_a_print_pool_whose_worker_died_halfway_through_a_result_lets_the_command_exit(tmp_path: Path) -> None:
    """A worker stopped while it sends an edition back (Ctrl-C's terminate can land there) left the
    pool's manager thread waiting for the rest for good, and Python's exit waits for it: serve
    printed "stopped" and never ended (a CI-like run met it)."""
    import subprocess
    import sys

    (tmp_path / "half_sent.py").write_text(HALF_SENT, encoding="utf-8")
    command = subprocess.Popen(
        [sys.executable, "-c", STOP_AFTER_HALF_SENT, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = command.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(command.pid, signal.SIGKILL)
        raise AssertionError(f"it did not exit: {command.communicate()[0]}") from None
    assert "stopped" in output and command.returncode == 0, output


@pytest.mark.slow
def test_a_weasyprint_that_cannot_load_is_one_line_not_a_traceback(report_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken" / "weasyprint"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise OSError(\"cannot load library 'libpango-1.0-0'\")\n", encoding="utf-8")
    result = run_cli("build", "--engine", "identity", cwd=report_dir, env={"PYTHONPATH": str(broken.parent)})
    assert result.returncode == 1
    assert (
        "error: printing the PDFs failed: cannot load library 'libpango-1.0-0'; WeasyPrint needs Pango" in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not list((report_dir / "output").glob("*.pdf"))
