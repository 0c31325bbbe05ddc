"""Word senses through Apertium's lexical selection (tripreport/engines/apertium/senses/): the
base layer's, a report's own in glossary.yaml, the compiled cache, and errors naming the line."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import run_cli

from tripreport.engines import EngineOptions, load
from tripreport.engines.apertium import null_flush_pipeline, senses
from tripreport.errors import TripreportError
from tripreport.glossary import base_glossary, parse_glossary

BASE = base_glossary()


def test_every_base_sense_has_an_example() -> None:
    assert BASE.senses and all(s.examples for s in BASE.senses if not (s.after or s.before))


def test_the_base_senses_give_their_examples_and_keep_out_of_their_counter_examples(tmp_path: Path) -> None:
    engine = load("apertium", options=EngineOptions(BASE.senses, tmp_path))
    try:  # compiled afresh in tmp_path, so every example and counter-example was just checked
        assert any(p.is_dir() for p in (tmp_path / "senses").iterdir())
        english = engine.translate_batch(
            ["Se cayó la red del hotel.", "Compramos una red de pesca.", "Red nueva, comando nuevo."]
        )
    finally:
        engine.close()
    assert "network" in english[0] and "net" in english[1] and "network" not in english[1]
    assert english[2].startswith("New network") and "command" in english[2]  # a capital starts the sentence


def test_without_the_senses_apertium_picks_the_general_word() -> None:
    engine = load("apertium")
    try:
        english = engine.translate_batch(["Se cayó la red del hotel.", "Corre el comando."])
    finally:
        engine.close()
    assert "network" not in english[0] and "command " not in english[1]


def test_compiled_senses_are_found_again_by_their_content(tmp_path: Path) -> None:
    pair = null_flush_pipeline().pair_files()
    assert pair is not None
    first = senses.compile_senses(BASE.senses, pair, tmp_path)
    again = senses.compile_senses(BASE.senses, pair, tmp_path)
    assert first.fresh and not again.fresh and first.key == again.key
    other = parse_glossary({"senses": [{"es": "red", "en": "net"}]}).senses
    changed = senses.compile_senses(other, pair, tmp_path)
    assert changed.fresh and changed.key != first.key
    # Two reports' senses side by side: each found again, neither compiled anew for the other.
    assert not senses.compile_senses(BASE.senses, pair, tmp_path).fresh
    assert not senses.compile_senses(other, pair, tmp_path).fresh


def test_builds_sharing_the_cache_never_remove_each_others_senses(tmp_path: Path) -> None:
    """Another build's compilation under way, and the sets used last, stay; the oldest sets past
    the limit and a day-old compilation a killed build left go."""
    pair = null_flush_pipeline().pair_files()
    assert pair is not None
    under_way = tmp_path / ".0123456789abcdef.x1"
    killed = tmp_path / ".fedcba9876543210.x2"
    under_way.mkdir(parents=True)
    killed.mkdir()
    day_ago = time.time() - 2 * senses.STALE_WORK
    os.utime(killed, (day_ago, day_ago))
    old_sets = [tmp_path / f"{n:016x}" for n in range(senses.KEPT_SETS)]
    for age, folder in enumerate(old_sets):
        folder.mkdir()
        os.utime(folder, (day_ago - age, day_ago - age))  # old_sets[0] used last
    compiled = senses.compile_senses(parse_glossary({"senses": [{"es": "red", "en": "net"}]}).senses, pair, tmp_path)
    left = {p.name for p in tmp_path.iterdir()}
    assert compiled.key in left and under_way.name in left and killed.name not in left
    assert left >= {f.name for f in old_sets[: senses.KEPT_SETS - 1]} and old_sets[-1].name not in left


def report(folder: Path, glossary: str, notes: str) -> Path:
    (folder / "seeds").mkdir(parents=True)
    (folder / "seeds" / "a.md").write_text(notes, encoding="utf-8")
    (folder / "glossary.yaml").write_text(glossary, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_report_gives_a_word_its_own_sense(tmp_path: Path) -> None:
    glossary = (
        "senses:\n"
        "  - es: red\n"
        "    en: web\n"
        '    examples: [{es: "La red de la oficina.", want: web}]\n'
        "  - {es: torta, en: sandwich}\n"
    )
    folder = report(tmp_path, glossary, "# Día 1\n\nLa red del hotel se cayó y comimos una torta.\n")
    result = run_cli("build", "--engine", "apertium", cwd=folder)
    assert result.returncode == 0, result.stderr
    english = (folder / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "web" in english and "network" not in english and "sandwich" in english


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('{es: red, en: web, examples: [{es: "La red cayó.", want: network}]}', "without 'network'"),
        ('{es: red, en: web, not: ["La red cayó."]}', "should not apply in 'La red cayó.'"),
        ("{es: red, en: web, after: [blorpt]}", "does not know 'blorpt', so it cannot be context"),
        ("{es: zzyzx, en: web}", "does not know it as a noun, verb, adjective or adverb"),
        ("{es: bárbaro, en: great, as: gerund}", "'as' must be one of noun, verb, adjective, adverb"),
        ("{es: red, en: '3 webs'}", "must be a word"),
    ],
)
@pytest.mark.slow
def test_a_bad_sense_is_one_line_naming_its_line(tmp_path: Path, entry: str, message: str) -> None:
    folder = report(tmp_path, f"keep: [k8s]\nsenses:\n  - {entry}\n", "# Día 1\n\nHola.\n")
    result = run_cli("build", "--engine", "apertium", cwd=folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "glossary.yaml:3:" in result.stderr and message in result.stderr, result.stderr
    assert not (folder / "output").exists()


def test_two_senses_for_one_word_in_one_context_contradict() -> None:
    with pytest.raises(TripreportError, match="in the same context"):
        parse_glossary({"senses": [{"es": "red", "en": "web"}, {"es": "red", "en": "mesh"}]})


def test_a_pronominal_or_plural_sense_holds_for_that_use_alone(tmp_path: Path) -> None:
    """*sentarse* is sentar with a reflexive clitic (the syntax rules tag it), *asistentes* the plural:
    the plain verb and the singular keep the pair's English, also in the same report."""
    glossary = parse_glossary(
        {
            "senses": [
                {"es": "sentarse", "en": "sit"},
                {"es": "asistentes", "en": "attendee"},
                {"es": "ponerse", "en": "get", "after": [":adjective"]},  # in context only: the pair's elsewhere
            ]
        }
    )
    engine = load("apertium", options=EngineOptions(glossary.senses, tmp_path))
    try:
        english = engine.translate_batch(
            [
                "Me senté en la primera fila.",
                "Sentaron las bases del proyecto.",
                "Los asistentes llegaron tarde.",
                "Mi asistente llegó tarde.",
                "Se puso nervioso.",
                "Me puse la chamarra.",
            ]
        )
    finally:
        engine.close()
    assert "I sat" in english[0] and "sat" not in english[1] and "seated" in english[1]
    assert "attendees" in english[2] and "assistant" in english[3]
    assert "got nervous" in english[4] and "put" in english[5] and "got" not in english[5]


def test_without_the_senses_a_pronominal_verb_keeps_the_pairs_english() -> None:
    engine = load("apertium")
    try:
        english = engine.translate_batch(["Me senté en la primera fila.", "Los asistentes llegaron tarde."])
    finally:
        engine.close()
    assert "seated" in english[0] and "assistants" in english[1]


def test_an_enclitic_or_a_name_after_a_word_is_context(tmp_path: Path) -> None:
    wait = parse_glossary({"senses": [{"es": "esperar", "en": "wait for", "after": [":enclitic", ":name"]}]}).senses
    engine = load("apertium", options=EngineOptions(wait, tmp_path))
    try:
        english = engine.translate_batch(["Espérame en el lobby.", "Esperé a Ana.", "No esperaba tanta gente."])
    finally:
        engine.close()
    assert "wait for me" in english[0].lower() and "waited for Ana" in english[1], english
    assert "wait" not in english[2], english  # no pronoun, no name: the pair's own "expect"
