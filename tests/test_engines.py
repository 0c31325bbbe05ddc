"""The engines: the real Apertium, placeholders through it, and the choice of engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from tripreport import engines
from tripreport.errors import TripreportError


@pytest.fixture(scope="module")
def apertium():
    engine = engines.load("apertium")
    yield engine
    engine.close()  # its pipeline stops with the module


def test_apertium_translates_a_batch_in_order(apertium) -> None:
    out = apertium.translate_batch(["El perro come.", "La casa es grande", "¿Dónde está el perro?"])
    assert out == ["The dog eats.", "The house is big", "Where it is the dog?"]


def test_a_segment_without_a_full_stop_reads_as_the_engine_alone_reads_it(apertium) -> None:
    """`apertium spa-eng` ends its input with a full stop; a list item or heading without one
    must be tagged as a sentence's end too (*todo* last is "everything", not the "all" of a
    determiner waiting for its noun), and the stop sent with it never shows."""
    import subprocess

    segments = ["y funciona todo", "Leímos todo", "Ver la keynote y luego todo"]
    raw = [
        subprocess.run(
            ["apertium", "-u", "spa-eng"], input=s, capture_output=True, text=True, check=True
        ).stdout.strip()
        for s in segments
    ]
    assert apertium.translate_batch(segments) == raw
    assert all("everything" in r for r in raw)
    # A segment that ends a sentence itself is sent as written: its own stop stays, once.
    assert apertium.translate_batch(["Leímos todo.", "¿Leímos todo?"]) == ["We read everything.", "We read everything?"]


def test_apertium_passes_placeholders_and_keeps_case_after_them(apertium) -> None:
    out = apertium.translate_batch(["zk0z es muy bueno y zk1z también.", "Usan zk2z."])
    assert out[0].startswith("zk0z is ") and "zk1z" in out[0]
    assert out[1] == "They use zk2z."


def test_a_capital_that_began_the_spanish_sentence_is_not_kept_after_a_copied_word(apertium) -> None:
    """Apertium capitalises the first word it translates after copied ones (*Java es usado*:
    "Java Is used"); a capital kept is one the source word had mid-sentence (a new sentence)."""
    out = apertium.translate_batch(
        ["Java es usado en el equipo.", "zk0z. Hoy vimos Helm.", "zk0z a las once en la puerta."]
    )
    assert out[0].startswith("Java is used in ") and out[1].startswith("zk0z. Today we saw")
    assert out[2].startswith("zk0z at eleven ")  # "at", written by a rule for the engine to copy, is copied too


def test_apertium_leaves_the_notes_asterisks_hashes_and_ats_as_written(apertium) -> None:
    out = apertium.translate_batch(["El resultado de zk0z*zk1z es zk2z", "Qué f*ck con el wifi", "Ver #resumen y @ana"])
    assert out[0].count("*") == 1 and "zk1z" in out[0]  # not *zk0z**zk1z: no mark of an unknown word
    assert "f*ck" in out[1] and "*" not in out[1].replace("f*ck", "")
    assert "#" in out[2] and "@" in out[2] and "*" not in out[2]


def test_apertium_leaves_no_double_space_where_it_drops_a_word(apertium) -> None:
    # Apertium writes "They went  to the hotel" for *se fueron* (the se gone, its blank kept).
    (out,) = apertium.translate_batch(["Se fueron al hotel temprano."])
    assert out.startswith("They went to") and "  " not in out


def test_apertium_version_is_recorded(apertium) -> None:
    assert apertium.version.startswith("apertium ")
    assert "apertium-eng-spa" in apertium.version


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(TripreportError, match="unknown engine 'deepl'"):
        engines.load("deepl")


def test_engines_command_lists_and_auto_picks_apertium_without_argos(tmp_path: Path) -> None:
    result = run_cli("engines", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("apertium") and " yes " in line for line in lines)
    assert any(line.startswith("argos") and " no " in line and "models install" in line for line in lines)
    assert lines[-1] == "auto picks: apertium"


def test_every_engine_name_has_a_spec_of_that_name() -> None:
    """The registry is the enum: each name but ``auto`` is a module with a ``SPEC`` of its own name,
    and ``auto`` tries only real translation engines, the fallback among them."""
    from tripreport import engines

    names = [name.value for name in engines.EngineName if name is not engines.EngineName.auto]
    assert names == list(engines.ENGINE_MODULES)
    for name in names:
        assert engines.spec(name).name == name
    assert engines.FALLBACK in engines.auto_candidates()
    assert "identity" not in engines.auto_candidates()
