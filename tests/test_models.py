"""`tripreport models`: install from a file, list, remove; offline install fails fast."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import run_cli


def test_install_list_remove_a_model_file(tmp_path: Path, tiny_argos_model: Path) -> None:
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    installed = run_cli("models", "install", "--from", str(tiny_argos_model), cwd=tmp_path, env=env)
    assert installed.returncode == 0, installed.stderr
    assert "installed translate-es_en-tiny (es→en 0.0.1)" in installed.stdout

    listed = run_cli("models", "list", cwd=tmp_path, env=env)
    assert "translate-es_en-tiny" in listed.stdout and "es→en" in listed.stdout
    assert run_cli("engines", cwd=tmp_path, env=env).stdout.splitlines()[-1] == "auto picks: argos"

    removed = run_cli("models", "remove", "es_en", cwd=tmp_path, env=env)
    assert removed.returncode == 0, removed.stderr
    assert "no Argos models installed" in run_cli("models", "list", cwd=tmp_path, env=env).stdout


def test_install_rejects_a_file_that_is_not_a_model(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.argosmodel"
    bogus.write_text("hola", encoding="utf-8")
    result = run_cli("models", "install", "--from", str(bogus), cwd=tmp_path)
    assert result.returncode == 1
    assert "not an Argos model" in result.stderr and "Traceback" not in result.stderr


def test_remove_unknown_model(tmp_path: Path) -> None:
    result = run_cli("models", "remove", "xx_yy", cwd=tmp_path)
    assert result.returncode == 1
    assert "no installed model called 'xx_yy'" in result.stderr


def test_install_from_the_index_offline_fails_fast_and_clearly(tmp_path: Path) -> None:
    # The test machine has no internet: the index cannot be reached.
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    started = time.monotonic()
    result = run_cli("models", "install", "es_en", cwd=tmp_path, env=env, timeout=60)
    assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert "cannot reach the Argos package index" in result.stderr
