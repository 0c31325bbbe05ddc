"""Shared fixtures: the real notes, a CLI runner, one real build, a tiny Argos package."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tripreport.document import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "kubecon-2017.es.md"
GLOSSARY = ROOT / "glossary.yaml"

sys.path.insert(0, str(Path(__file__).parent))


def pytest_configure(config: pytest.Config) -> None:
    """A suite started in the background by a shell without job control (``make test &``,
    ``nohup``, some CI runners) inherits SIGINT ignored, and so would every tripreport it
    starts: Ctrl-C tests would meet builds and servers that cannot be interrupted. Their
    programs get SIGINT's default, as from a terminal."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess:
    """Run ``python -m tripreport ARGS`` in ``cwd``, as a user would from a report folder."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "tripreport", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


KILLED_AFTER_RENAME = """
import os, signal, sys
real_replace, last_rename = os.replace, sys.argv.pop(1)

def replace(source, target, *args, **kwargs):
    real_replace(source, target, *args, **kwargs)
    if str(target).endswith(last_rename):
        os.kill(os.getpid(), signal.SIGKILL)  # as a kill -9 right after this rename

os.replace = replace
sys.argv[0] = "tripreport"
from tripreport.cli import main
main()
"""


def start_killed_after_rename(path: str, *args: str, cwd: Path) -> subprocess.Popen:
    """``tripreport ARGS``, killed with SIGKILL right after it renames a file into ``path``, in a
    process group of its own (its helpers and print processes are in it)."""
    return subprocess.Popen(
        [sys.executable, "-c", KILLED_AFTER_RENAME, path, *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


SIGNALLED_AT = """
import importlib, os, signal, sys
target, name, swallowed = sys.argv.pop(1), sys.argv.pop(1), sys.argv.pop(1) == "swallowed"
module, _, path = target.partition(":")
*owners, attribute = path.split(".")
owner = importlib.import_module(module)
for part in owners:
    owner = getattr(owner, part)
original = getattr(owner, attribute)
sent = []

class Collected:
    def __del__(self):  # Python prints an exception raised here ("Exception ignored") and goes on
        os.killpg(os.getpgrp(), getattr(signal, name))
        for _ in range(100):  # the handler runs here, and its KeyboardInterrupt is lost
            pass

def signalled(*args, **kwargs):
    if not sent:  # the first call: the build has provably reached this moment
        sent.append(True)
        if swallowed:
            Collected()  # collected at once
        else:
            os.killpg(os.getpgrp(), getattr(signal, name))  # as Ctrl-C or kill does it: the whole group
    return original(*args, **kwargs)

setattr(owner, attribute, signalled)
sys.argv[0] = "tripreport"
from tripreport.cli import main
main()
"""


def start_signalled_at(
    target: str, signal_name: str, *args: str, cwd: Path, swallowed: bool = False
) -> subprocess.Popen:
    """``tripreport ARGS`` in a process group of its own (its helpers and print processes are in it),
    which gets ``signal_name`` (SIGINT, SIGTERM) when the build first calls ``target``
    (``module:qualified.name``): sent at a moment the build has reached, not after a delay.
    ``swallowed``: sent from a ``__del__``, where Python prints the ``KeyboardInterrupt`` its
    handler raises and drops it (as when the garbage collector runs one at that moment)."""
    return subprocess.Popen(
        [sys.executable, "-c", SIGNALLED_AT, target, signal_name, "swallowed" if swallowed else "raised", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@pytest.fixture(scope="session")
def compiled_senses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder of compiled word senses for the whole session (compiling them takes most of a second)."""
    return tmp_path_factory.mktemp("senses")


@pytest.fixture(autouse=True)
def no_argos_models(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, compiled_senses: Path
) -> Path:
    """An empty Argos packages folder and cache, so a model installed on this machine cannot change results
    (the cache's compiled word senses are the session's: they depend only on the glossaries)."""
    empty = tmp_path_factory.mktemp("argos-empty")
    cache = tmp_path_factory.mktemp("cache")
    (cache / "tripreport").mkdir()
    (cache / "tripreport" / "senses").symlink_to(compiled_senses)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(empty))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return empty


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    """A report folder holding a copy of the real notes and glossary."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copy(GLOSSARY, tmp_path / "glossary.yaml")
    return tmp_path


@pytest.fixture(scope="session")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build of the real notes with Apertium, shared by the tests that read its outputs."""
    folder = tmp_path_factory.mktemp("report")
    shutil.copytree(SEEDS, folder / "seeds")
    shutil.copy(GLOSSARY, folder / "glossary.yaml")
    env = {"ARGOS_PACKAGES_DIR": str(tmp_path_factory.mktemp("argos-none"))}
    result = run_cli("build", "--engine", "apertium", cwd=folder, env=env)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="session")
def tiny_argos_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny, random-weight es→en ``.argosmodel`` built from the real notes (gibberish of no set shape)."""
    from argos_fixture import build_argos_package

    return build_argos_package(SEED, tmp_path_factory.mktemp("argos-random"))


@pytest.fixture(scope="session")
def short_argos_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SentencePiece package in the 1.0 layout (``es_en/``) that answers every sentence with one word."""
    from argos_fixture import build_argos_package

    return build_argos_package(SEED, tmp_path_factory.mktemp("argos-short"), behaviour="short", folder="es_en")


@pytest.fixture(scope="session")
def looping_argos_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BPE package in the 1.9 layout (``translate-es_en-1_9/``) that loops, as es_en 1.9 does at int8."""
    from argos_fixture import build_argos_package

    return build_argos_package(
        SEED,
        tmp_path_factory.mktemp("argos-loop"),
        tokenizer="bpe",
        behaviour="loop",
        version="1.9",
        folder="translate-es_en-1_9",
    )


@pytest.fixture(scope="session")
def short_bpe_argos_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A BPE package in the 1.9 layout that answers with one word (no loop)."""
    from argos_fixture import build_argos_package

    return build_argos_package(
        SEED, tmp_path_factory.mktemp("argos-short-bpe"), tokenizer="bpe", behaviour="short", folder="bpe_short"
    )


def install(model: Path, packages: Path) -> subprocess.CompletedProcess:
    """``tripreport models install --from`` into ``packages``."""
    result = run_cli(
        "models", "install", "--from", str(model), cwd=packages.parent, env={"ARGOS_PACKAGES_DIR": str(packages)}
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="session")
def translate_notes(
    tmp_path_factory: pytest.TempPathFactory, compiled_senses: Path
) -> Iterator[Callable[[str], tuple[Document, Document]]]:
    """Notes (Markdown) through the translation stage in-process, as a build runs it: the real
    Apertium, the lexicon and the base glossary, started once for the session. Gives the
    Spanish and the English documents."""
    from tripreport import engines
    from tripreport.document import parse
    from tripreport.glossary import base_glossary
    from tripreport.lexicon import Lexicon
    from tripreport.notes import read_notes
    from tripreport.translation.translate import translate_document

    cache = tmp_path_factory.mktemp("pipeline-cache")
    (cache / "senses").symlink_to(compiled_senses)
    glossary = base_glossary()
    lexicon = Lexicon.load()
    engine = engines.load("apertium", options=engines.EngineOptions(glossary.senses, cache=cache))

    def translated(markdown: str) -> tuple[Document, Document]:
        notes = tmp_path_factory.mktemp("notes") / "notes.md"
        notes.write_text(markdown, encoding="utf-8")
        spanish = parse(read_notes(notes))
        english, _ = translate_document(spanish, glossary, engine, lexicon=lexicon)
        return spanish, english

    yield translated
    engine.close()
    if lexicon is not None:
        lexicon.close()
