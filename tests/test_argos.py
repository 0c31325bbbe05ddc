"""The Argos path, through tiny packages installed like real ones: both layouts, a looping model."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import GLOSSARY, SEEDS, install, run_cli

from tripreport.document import markdown_parser, parse

NOTE = """# Día 1

- Usan k8s y Helm para todo; ver github.com/nuclio/nuclio :heart:
- Los StatefulSets en kubectl son chidos. Hay 4K gentes.

Un párrafo con `kubectl get pods` y
una línea más.
"""


def blocks(markdown: str) -> list[tuple[str, str, int]]:
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    return [(t.type, t.tag, t.level) for t in markdown_parser().parse(markdown) if t.type != "inline"]


@pytest.mark.slow
@pytest.mark.parametrize("model", ["short_argos_model", "short_bpe_argos_model"])
def test_both_package_layouts_translate_and_keep_structure_and_terms(
    request: pytest.FixtureRequest, model: str, tmp_path: Path
) -> None:
    """SentencePiece (1.0 layout) and BPE over Moses tokens (1.9 layout) both load and translate."""
    packages = tmp_path / "packages"
    install(request.getfixturevalue(model), packages)
    source = tmp_path / "notes.md"
    source.write_text(NOTE, encoding="utf-8")
    env = {"ARGOS_PACKAGES_DIR": str(packages)}
    result = run_cli("translate", str(source), "--engine", "argos", "--glossary", str(GLOSSARY), cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    english = result.stdout
    assert "zephyr" in english  # the model's one word: it did translate
    assert "degenerate" not in result.stderr
    assert blocks(english) == blocks(NOTE)
    for kept in ("k8s", "Helm", "StatefulSets", "kubectl", "github.com/nuclio/nuclio", ":heart:", "`kubectl get pods`"):
        assert english.count(kept) == NOTE.count(kept), kept


def test_the_model_runs_in_the_compute_type_it_was_stored_in(
    tmp_path: Path, short_argos_model: Path, monkeypatch
) -> None:
    packages = tmp_path / "packages"
    install(short_argos_model, packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    from tripreport.engines import argos

    engine = argos.load()
    assert engine.compute_type == "default"
    assert engine.resolved_compute_type == "float32"  # the fixture's stored type; "auto" would be int8 here
    monkeypatch.setenv("TRIPREPORT_ARGOS_COMPUTE_TYPE", "int8")
    assert argos.load().resolved_compute_type.startswith("int8")


@pytest.mark.slow
def test_a_looping_model_is_named_broken_and_auto_does_not_pick_it(tmp_path: Path, looping_argos_model: Path) -> None:
    packages = tmp_path / "packages"
    installed = install(looping_argos_model, packages)
    assert "translate-es_en-1_9 1.9 is broken: 5 of 5 test sentences: repeats itself" in installed.stdout
    result = run_cli("engines", cwd=tmp_path, env={"ARGOS_PACKAGES_DIR": str(packages)})
    assert re.search(r"^argos +no .*broken: translate-es_en-1_9 1\.9", result.stdout, re.M)
    assert result.stdout.splitlines()[-1] == "auto picks: apertium"


@pytest.mark.slow
def test_a_looping_model_never_reaches_the_report(tmp_path: Path, looping_argos_model: Path) -> None:
    """Asked for by name, it runs; every degenerate sentence goes to Apertium; none is remembered."""
    packages = tmp_path / "packages"
    install(looping_argos_model, packages)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notas.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s, Helm, StatefulSets, kubectl]\n", encoding="utf-8")
    env = {"ARGOS_PACKAGES_DIR": str(packages)}
    result = run_cli("build", "--engine", "argos", "--json", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["degenerate"] == summary["translated"] > 0 and summary["fallback_engine"] == "apertium"
    assert "the whole document was translated by apertium" in result.stderr
    assert "tripreport models remove" in result.stderr
    english = (tmp_path / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "zephyr" not in english and "@@" not in english and "They use k8s and Helm" in english
    qa = json.loads((tmp_path / "output" / "qa.json").read_text(encoding="utf-8"))
    degenerate = [f for f in qa["findings"] if f["kind"] == "degenerate"]
    assert degenerate and all("translated by apertium instead" in f["message"] for f in degenerate)
    assert all(f["where"].startswith("seeds/notas.md:") for f in degenerate)
    memory = sqlite3.connect(tmp_path / ".tripreport" / "memory.sqlite")
    assert memory.execute("SELECT count(*) FROM segments WHERE engine LIKE 'argos %'").fetchone()[0] == 0


@pytest.mark.slow
def test_the_memory_misses_when_the_model_file_changes(
    tmp_path: Path, short_argos_model: Path, tiny_argos_model: Path
) -> None:
    packages = tmp_path / "packages"
    install(short_argos_model, packages)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notas.md").write_text("# Día 1\n\nVimos una charla.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    env = {"ARGOS_PACKAGES_DIR": str(packages)}

    def build() -> dict:
        result = run_cli("build", "--engine", "argos", "--json", "--force", cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    first = build()
    assert first["translated"] > 0 and first["degenerate"] == 0
    assert build()["translated"] == 0
    # The same package name and version, another model file: what was remembered no longer holds.
    model = packages / "es_en" / "model" / "model.bin"
    model.write_bytes(model.read_bytes().replace(b"\x00\x00\x00\x00", b"\x00\x00\x00\x01", 1))
    assert build()["translated"] == first["translated"]


@pytest.mark.slow
def test_two_installed_versions_pick_the_higher_good_one(
    tmp_path: Path, short_argos_model: Path, short_bpe_argos_model: Path, looping_argos_model: Path
) -> None:
    packages = tmp_path / "packages"
    install(short_argos_model, packages)  # es_en 0.0.1
    install(looping_argos_model, packages)  # translate-es_en-1_9 1.9: higher, but broken
    env = {"ARGOS_PACKAGES_DIR": str(packages)}
    engines = run_cli("engines", cwd=tmp_path, env=env).stdout
    assert re.search(r"^argos +yes +es_en 0\.0\.1 .*passed over broken translate-es_en-1_9 1\.9", engines, re.M)
    metadata = packages / "bpe_short" / "metadata.json"
    install(short_bpe_argos_model, packages)
    metadata.write_text(metadata.read_text().replace('"0.0.1"', '"2.0"'), encoding="utf-8")  # a good, higher version
    engines = run_cli("engines", cwd=tmp_path, env=env).stdout
    assert re.search(r"^argos +yes +bpe_short 2\.0 ", engines, re.M)


@pytest.mark.slow
def test_the_real_notes_with_the_random_model_keep_every_kept_term(tmp_path: Path, tiny_argos_model: Path) -> None:
    """Gibberish of no set shape: placeholders are mangled, units are translated around their terms."""
    packages = tmp_path / "packages"
    install(tiny_argos_model, packages)
    result = run_cli(
        "translate", str(SEEDS / "kubecon-2017.es.md"), "--engine", "argos", "--glossary", str(GLOSSARY),
        cwd=tmp_path, env={"ARGOS_PACKAGES_DIR": str(packages)}, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for kept in ("StatefulSets", "kubectl", "https://github.com/errordeveloper/prom-nodejs-demo/tree/v0-start"):
        assert kept in result.stdout


@pytest.mark.slow
def test_the_fallback_engine_is_stopped_when_the_stage_ends(
    looping_argos_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``serve`` translates again and again in one process: each build's Apertium fallback must end."""
    from tripreport import engines
    from tripreport.glossary import load_glossary
    from tripreport.notes import read_notes
    from tripreport.translation.translate import translate_with_fallback as translate

    packages = tmp_path / "packages"
    install(looping_argos_model, packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    source = tmp_path / "notes.md"
    source.write_text(NOTE, encoding="utf-8")
    argos = engines.load("argos")
    _, report = translate(parse(read_notes(source)), load_glossary(GLOSSARY), argos, None, lambda _: None, None, {})
    assert report.fallback_engine == "apertium" and report.translated > 0  # the fallback did translate
    assert not apertium_children(), "the fallback's Apertium pipeline outlived the stage"


def apertium_children() -> list[str]:
    """Command lines of this process's live children that run Apertium's programs."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
            command = (stat.parent / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if parent == str(os.getpid()) and state != "Z" and ("lt-proc" in command or "apertium" in command):
            found.append(command)
    return found
