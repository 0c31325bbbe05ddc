"""Fast reruns: translation memory, incremental outputs, the --json contract, interrupted builds."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from tripreport.document import parse
from tripreport.glossary import load_glossary
from tripreport.notes import read_notes

OUTPUTS = [
    f"output/report.{name}"
    for name in ("en.md", "es.html", "en.html", "es.pdf", "en.pdf", "bilingual.html", "bilingual.pdf")
]
OUTPUTS.append("output/qa.json")


def build_json(folder: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    result = run_cli("build", "--json", *args, cwd=folder, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_json_contract_and_a_noop_rebuild(report_dir: Path) -> None:
    first = build_json(report_dir, "--engine", "apertium")
    assert set(first) == {
        "segments",
        "translated",
        "from_memory",
        "units",
        "reviewed",
        "needs_review",
        "flagged",
        "degenerate",
        "fallback_engine",
        "engine",
        "engine_version",
        "outputs",
        "seconds",
    }
    assert first["engine"] == "apertium" and first["engine_version"].startswith("apertium ")
    assert first["translated"] > 200 and first["from_memory"] == 0
    assert sorted(first["outputs"]) == sorted(OUTPUTS)
    assert set(first["outputs"].values()) == {"written"}
    assert set(first["seconds"]) == {"parse", "translate", "render_html", "render_pdf", "total"}

    second = build_json(report_dir, "--engine", "apertium")
    assert second["translated"] == 0
    assert second["from_memory"] == first["translated"]
    assert set(second["outputs"].values()) == {"unchanged"}


@pytest.mark.slow
def test_one_bullet_edit_translates_only_that_bullet(report_dir: Path) -> None:
    build_json(report_dir, "--engine", "apertium")
    notes = report_dir / "seeds" / "kubecon-2017.es.md"
    text = notes.read_text(encoding="utf-8")
    old = "- alguien habló de un CRI proxy y no tengo idea de qué verga dijo."
    assert old in text
    notes.write_text(text.replace(old, "- alguien habló de un CRI proxy muy raro. No entendí nada."), encoding="utf-8")

    edited = build_json(report_dir, "--engine", "apertium")
    assert edited["translated"] == 2  # the bullet's two sentences, nothing else
    assert edited["outputs"]["output/report.en.md"] == "written"
    assert edited["outputs"]["output/report.en.pdf"] == "written"
    english = (report_dir / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "a CRI proxy very rare. I did not understand at all." in english


@pytest.mark.slow
def test_glossary_edit_retranslates_only_segments_it_touches(report_dir: Path) -> None:
    build_json(report_dir, "--engine", "apertium")
    glossary = report_dir / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("\nnormalize:\n", "\nnormalize:\n  carrera: profesión\n"),
        encoding="utf-8",
    )
    # Which sentences does "carrera" occur in? Only they may be sent to the engine again.
    spanish = read_notes(report_dir / "seeds").markdown
    touched = sum(sentence.count("carrera") for sentence in spanish.split("\n"))
    edited = build_json(report_dir, "--engine", "apertium")
    assert 0 < edited["translated"] <= touched

    # A term's English is applied around the engine: changing it retranslates nothing
    # (here the report's own entry overrides the base glossary's "un pedo").
    text = glossary.read_text(encoding="utf-8").replace("\nterms:\n", "\nterms:\n  - {es: [un pedo], en: a pain}\n")
    glossary.write_text(text, encoding="utf-8")
    renamed = build_json(report_dir, "--engine", "apertium")
    assert renamed["translated"] == 0
    english = (report_dir / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "a pain" in english and "a hassle" not in english


@pytest.mark.slow
def test_switching_engine_translates_everything_again(report_dir: Path) -> None:
    first = build_json(report_dir, "--engine", "apertium")
    other = build_json(report_dir, "--engine", "identity")
    assert other["engine"] == "identity"
    assert other["translated"] == first["translated"] and other["from_memory"] == 0


@pytest.mark.slow
def test_same_inputs_give_byte_identical_text_outputs(report_dir: Path, tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1512604800"}
    build_json(report_dir, "--engine", "apertium", env=env)
    first = {name: (report_dir / name).read_bytes() for name in OUTPUTS if not name.endswith(".pdf")}
    assert b"2017-12-07" in first["output/report.en.html"]
    for name in first:
        (report_dir / name).unlink()
    build_json(report_dir, "--engine", "apertium", env=env)
    assert {name: (report_dir / name).read_bytes() for name in first} == first


@pytest.mark.slow
def test_corrupted_memory_is_moved_aside_and_rebuilt(report_dir: Path) -> None:
    state = report_dir / ".tripreport"
    state.mkdir()
    (state / "memory.sqlite").write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    result = run_cli("build", "--json", "--engine", "apertium", cwd=report_dir)
    assert result.returncode == 0, result.stderr
    assert "translation memory" in result.stderr and "moved it to" in result.stderr
    assert list(state.glob("memory.sqlite.corrupt-*"))
    rows = sqlite3.connect(state / "memory.sqlite").execute("SELECT count(*) FROM segments").fetchone()[0]
    assert rows > 200


@pytest.mark.slow
def test_a_build_killed_mid_translation_leaves_outputs_whole(report_dir: Path, tmp_path: Path) -> None:
    build_json(report_dir, "--engine", "apertium")
    before = {name: (report_dir / name).read_bytes() for name in OUTPUTS}
    notes = report_dir / "seeds" / "kubecon-2017.es.md"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("# Día 3", "# Día 3\n\nUna nota nueva."), encoding="utf-8"
    )

    # A real apertium, slowed down so the build is surely inside the translation when killed.
    slow = tmp_path / "bin"
    slow.mkdir()
    (slow / "apertium").write_text('#!/bin/sh\nif [ "$1" = "-u" ]; then sleep 30; fi\nexec /usr/bin/apertium "$@"\n')
    (slow / "apertium").chmod(0o755)
    env = {**os.environ, "PATH": f"{slow}:{os.environ['PATH']}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tripreport", "build", "--engine", "apertium"],
        cwd=report_dir,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if "translating" in line:
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    assert {name: (report_dir / name).read_bytes() for name in OUTPUTS} == before
    assert not list((report_dir / "output").glob(".*.tmp"))
    after = build_json(report_dir, "--engine", "apertium")
    assert after["translated"] == 1
    assert "A new note." in (report_dir / "output" / "report.en.md").read_text(encoding="utf-8")


def test_sentence_segments_of_the_real_notes_are_reasonable() -> None:
    from conftest import GLOSSARY, SEEDS

    from tripreport.engines.apertium import ApertiumEngine
    from tripreport.translation.placeholders import encode

    doc = parse(read_notes(SEEDS))
    glossary = load_glossary(GLOSSARY)
    units = [encode(glossary.protect(u.pieces), ApertiumEngine.placeholder).segments for u in doc.units]
    sentences = [s for unit in units for s in unit]
    assert 250 < len(sentences) < 320
    assert all(0 < len(s) < 600 for s in sentences)


def imported_modules(folder: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tripreport", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


@pytest.mark.slow
def test_help_and_a_noop_build_import_neither_weasyprint_nor_ctranslate2(report_dir: Path) -> None:
    for heavy in ("weasyprint", "ctranslate2"):
        assert f" {heavy}" not in imported_modules(report_dir, "--help")
    build_json(report_dir, "--engine", "apertium")
    noop = imported_modules(report_dir, "build", "--engine", "apertium")
    assert "nothing changed since the last build" in noop
    for heavy in ("weasyprint", "ctranslate2"):
        assert f" {heavy}" not in noop
    # The proof above can fail: a build that prints PDFs does import WeasyPrint.
    (report_dir / "output" / "report.es.pdf").unlink()
    assert " weasyprint" in imported_modules(report_dir, "build", "--engine", "apertium")
