"""The command line as a new user meets it: a command it cannot read is one line and exit 2, as git
and ruff answer; a folder without notes points to ``tripreport init``; ``engines`` says where Argos
packages are read from."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli


@pytest.mark.parametrize(
    ("args", "what", "help_for"),
    [
        (["build", "--engine", "nope"], "'nope' is not one of 'auto', 'argos', 'apertium', 'identity'", "build"),
        (["build", "--paper", "a5"], "'a5' is not one of 'a4', 'letter'", "build"),
        (["build", "--nope"], "no such option: --nope", "build"),
        (["build", "--notes"], "'--notes' requires an argument", "build"),
        (["translate"], "missing argument 'source'", "translate"),
        (["serve", "--port", "x"], "'x' is not a valid int", "serve"),
        (["frobnicate"], "no such command 'frobnicate'", ""),
        (["models", "install", "--sha256"], "'--sha256' requires an argument", "models install"),
        (["--debug", "build", "--engine", "nope"], "'nope' is not one of", "build"),
    ],
)
@pytest.mark.slow
def test_a_usage_error_is_one_line_with_the_hint_and_exit_2(
    tmp_path: Path, args: list[str], what: str, help_for: str
) -> None:
    result = run_cli(*args, cwd=tmp_path, env={"COLUMNS": "80"})
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # no usage block, no box around it
    assert lines[0].startswith("tripreport: error: ") and what in lines[0], lines[0]
    command = " ".join(filter(None, ["tripreport", help_for]))  # as run: python -m tripreport here
    assert lines[0].endswith(f"{command} -h'") and "; try '" in lines[0], lines[0]


def test_no_arguments_is_the_help_and_h_still_helps(tmp_path: Path) -> None:
    bare = run_cli(cwd=tmp_path)
    assert bare.returncode == 2 and "build" in bare.stdout + bare.stderr and "tripreport: error" not in bare.stderr
    models = run_cli("models", "install", "-h", cwd=tmp_path)
    assert models.returncode == 0 and "--sha256" in models.stdout


@pytest.mark.parametrize("args", [["-h"], ["build", "-h"], ["models", "-h"]])
def test_help_is_plain_text_with_each_commands_first_sentence_whole(tmp_path: Path, args: list[str]) -> None:
    """Help reads like git's or ruff's: no boxes drawn around it, and no command's summary cut off."""
    result = run_cli(*args, cwd=tmp_path, env={"COLUMNS": "80"})
    assert result.returncode == 0 and result.stdout.startswith("Usage: "), result.stdout
    assert not set("╭╮╰╯│─") & set(result.stdout), result.stdout
    summaries = result.stdout.split("Commands:")[-1] if "Commands:" in result.stdout else ""
    assert not any(line.endswith("...") for line in summaries.splitlines()), result.stdout


def test_an_empty_folder_says_how_to_start_a_report_and_is_left_empty(tmp_path: Path) -> None:
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("tripreport: error: seeds: notes not found; "), result.stderr
    assert "tripreport init" in result.stderr and len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []  # nothing made: no output/, no .tripreport/


def test_engines_names_the_argos_package_folder_it_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packages = tmp_path / "argos-packages"
    named = run_cli("engines", cwd=tmp_path, env={"ARGOS_PACKAGES_DIR": str(packages)})
    assert named.returncode == 0 and f"argos packages: {packages}," in named.stdout, named.stdout
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")  # Argos Translate's default: under XDG_DATA_HOME
    default = run_cli("engines", cwd=tmp_path, env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert f"argos packages: {tmp_path / 'data' / 'argos-translate' / 'packages'}," in default.stdout, default.stdout
