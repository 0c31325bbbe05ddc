"""The Argos path, through a tiny random-weight package installed like a real one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GLOSSARY, run_cli

from tripreport.document import markdown_parser

NOTE = """# Día 1

- Usan k8s y Helm para todo; ver github.com/nuclio/nuclio :heart:
- Los StatefulSets en kubectl son chidos. Hay 4K gentes.

Un párrafo con `kubectl get pods` y
una línea más.
"""


@pytest.fixture
def argos_dir(tmp_path: Path, tiny_argos_model: Path) -> Path:
    """A packages folder with the tiny model installed by Argos' own installer."""
    folder = tmp_path / "argos-packages"
    folder.mkdir()
    code = "import sys; from argostranslate import package; package.install_from_path(sys.argv[1])"
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-c", code, str(tiny_argos_model)],
        env={"ARGOS_PACKAGES_DIR": str(folder), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    assert (folder / "translate-es_en-tiny" / "model" / "model.bin").is_file()
    return folder


def blocks(markdown: str) -> list[tuple[str, str, int]]:
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    return [(t.type, t.tag, t.level) for t in markdown_parser().parse(markdown) if t.type != "inline"]


def test_auto_picks_argos_when_an_es_en_package_is_installed(tmp_path: Path, argos_dir: Path) -> None:
    result = run_cli("engines", cwd=tmp_path, env={"ARGOS_PACKAGES_DIR": str(argos_dir)})
    assert result.returncode == 0, result.stderr
    assert "translate-es_en-tiny 0.0.1" in result.stdout
    assert result.stdout.splitlines()[-1] == "auto picks: argos"


def test_translate_through_argos_keeps_structure_and_kept_terms(tmp_path: Path, argos_dir: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text(NOTE, encoding="utf-8")
    result = run_cli(
        "translate",
        str(source),
        "--engine",
        "argos",
        "--glossary",
        str(GLOSSARY),
        cwd=tmp_path,
        env={"ARGOS_PACKAGES_DIR": str(argos_dir)},
    )
    assert result.returncode == 0, result.stderr
    english = result.stdout
    assert "translated_by: argos (translate-es_en-tiny 0.0.1)" in english
    assert blocks(english) == blocks(NOTE)
    for kept in (
        "k8s",
        "Helm",
        "StatefulSets",
        "kubectl",
        "github.com/nuclio/nuclio",
        ":heart:",
        "`kubectl get pods`",
        "4K",
    ):
        assert english.count(kept) == NOTE.count(kept), kept
    # The tiny model's output is gibberish: it cannot keep placeholders, so the
    # pipeline must have translated around the protected terms.
    assert "placeholders damaged" in result.stderr
