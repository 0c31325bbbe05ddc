"""The examples and counter-examples every fix rule and multi-word term carries, run as tests.

Expected English is what a careful translator would accept, written in the YAML beside
each rule; fix rules are checked on Apertium-style English, terms through the real
pipeline with Apertium, and so is every entry of the base layer's region files (terms,
normalizations, verbs): all examples in one document, each its own paragraph.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import GLOSSARY, SEEDS, run_cli

from tripreport.document import inline_text, parse
from tripreport.engines import EngineOptions, load
from tripreport.errors import TripreportError
from tripreport.glossary import base_glossary, load_glossary
from tripreport.glossary.loading import examples_key, parse_glossary, read_yaml
from tripreport.lexicon import Lexicon
from tripreport.notes import read_notes
from tripreport.translation.translate import translate_document

BASE = base_glossary()
REPORT = parse_glossary(read_yaml(GLOSSARY.read_text(encoding="utf-8"), str(GLOSSARY)), str(GLOSSARY))
FIXES = [rule for glossary in (BASE, REPORT) for rule in glossary.fixes]
MULTIWORD = [t for glossary in (BASE, REPORT) for t in glossary.terms if any(" " in f for f in t.forms)]
REGIONAL = [
    e
    for e in (*BASE.terms, *BASE.normalizations)
    if e.examples and e.source is not None and "/regions/" in e.source.file
]


def name(rule) -> str:
    return f"{rule.source}"


@pytest.mark.parametrize("rule", FIXES, ids=name)
def test_every_fix_rule_has_an_example_and_a_counter_example(rule) -> None:
    assert rule.examples and rule.counter_examples


@pytest.mark.parametrize("term", MULTIWORD, ids=name)
def test_every_multiword_term_has_an_example_and_a_counter_example(term) -> None:
    assert term.examples and term.counter_examples


@pytest.mark.parametrize("rule", FIXES, ids=name)
def test_fix_rules_do_what_their_examples_say(rule) -> None:
    for example in rule.examples:
        assert rule.apply(example.en) == example.want
    for text in rule.counter_examples:
        assert rule.apply(text) == text


def test_all_fix_rules_together_leave_good_english_alone() -> None:
    glossary = load_glossary(GLOSSARY)
    fine = [
        "Someone from Google talked about how you have to rebuild images.",
        "There are more sponsors now, and there is more work.",
        "It is going to be great; it was well received.",
        "They think in English and spoke about it for an hour.",
        "It exists in docker enterprise. Thanks to Google, it works.",
        "Postgres :heart: and a talk :P, then a sad face :( .",
    ]
    for text in fine:
        assert glossary.fix("apertium", text) == text


@pytest.fixture(scope="module")
def apertium():
    engine = load("apertium")
    yield engine
    engine.close()  # its pipeline stops with the module


@pytest.fixture(scope="module")
def english_of(tmp_path_factory) -> dict[str, str]:
    """Every example of the entries tested below, through the whole translation stage at once
    (Apertium with the glossary's senses, as a build runs it)."""
    spanish = list(dict.fromkeys(e.es for entry in (*MULTIWORD, *REGIONAL) for e in entry.examples))
    folder = tmp_path_factory.mktemp("examples")
    notes = folder / "examples.md"
    notes.write_text("\n\n".join(spanish) + "\n", encoding="utf-8")
    glossary = load_glossary(GLOSSARY)
    engine = load("apertium", options=EngineOptions(glossary.senses, folder / "senses"))
    lexicon = Lexicon.load()
    try:
        english, _ = translate_document(parse(read_notes(notes)), glossary, engine, lexicon=lexicon)
    finally:
        engine.close()
        if lexicon is not None:
            lexicon.close()
    texts = [inline_text(english.tokens[unit.index]) for unit in english.units]
    assert len(texts) == len(spanish)
    return dict(zip(spanish, texts, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("term", MULTIWORD, ids=name)
def test_term_examples_come_out_of_the_real_pipeline(term, english_of: dict[str, str]) -> None:
    """Through the whole translation stage: the term's English survives Apertium and the fixes."""
    for example in term.examples:
        assert example.want.casefold() in english_of[example.es].casefold(), english_of[example.es]


@pytest.mark.parametrize("entry", REGIONAL, ids=name)
def test_region_examples_come_out_of_the_real_pipeline(entry, english_of: dict[str, str]) -> None:
    """A region's slang, rewritten as standard Spanish or as a term, gives the English its example wants."""
    for example in entry.examples:
        text = english_of[example.es]
        assert re.search(rf"(?<!\w){re.escape(example.want)}(?!\w)", text, re.IGNORECASE), (example.es, text)


# A fix rule for Apertium's "goes to", with an example it passes and one it fails.
GOES_TO = "fix:\n  apertium:\n    - find: '\\bgoes to\\b'\n      replace: is going to\n"
RIGHT_EXAMPLE = "      examples: [{en: 'It goes to rain.', want: 'It is going to rain.'}]\n"
WRONG_EXAMPLE = "      examples: [{en: 'It goes to rain.', want: 'It will rain.'}]\n"


def test_a_failing_example_is_a_glossary_error_with_file_and_line(tmp_path: Path) -> None:
    """The load-time check bites: a rule that does not do what its example says is refused."""
    path = tmp_path / "glossary.yaml"
    path.write_text(
        GOES_TO + WRONG_EXAMPLE,
        encoding="utf-8",
    )
    with pytest.raises(TripreportError, match=r"glossary.yaml:3: fix rule .* turns 'It goes to rain.' into"):
        load_glossary(path)
    path.write_text(
        GOES_TO + "      not: ['He goes to school.']\n",
        encoding="utf-8",
    )
    with pytest.raises(TripreportError, match="should leave 'He goes to school.' alone"):
        load_glossary(path)
    path.write_text(
        "terms:\n  - es: [un pedo]\n    en: a hassle\n    not: ['Es un pedo configurarlo.']\n", encoding="utf-8"
    )
    with pytest.raises(TripreportError, match="glossary.yaml:2: terms entry 'un pedo' should not apply"):
        load_glossary(path)


@pytest.mark.slow
def test_placeholders_round_trip_through_apertium_on_the_real_notes(apertium) -> None:
    doc = parse(read_notes(SEEDS))
    english, report = translate_document(doc, load_glossary(GLOSSARY), apertium, lexicon=Lexicon.load())
    assert report.fallbacks == []
    text = "\n".join(unit.text for unit in english.units)
    assert not re.search(r"zk\d+z", text)


def test_examples_are_run_again_for_any_file_not_known_to_pass(tmp_path: Path) -> None:
    """A build remembers which files passed their examples; only the very same text is loaded
    without running them, so a failing example added later is still caught."""
    path = tmp_path / "glossary.yaml"
    path.write_text(GOES_TO + RIGHT_EXAMPLE, encoding="utf-8")
    passed = load_glossary(path).examples_passed
    assert len(passed) == 2  # the base layer's file and the report's
    path.write_text(GOES_TO + WRONG_EXAMPLE, encoding="utf-8")
    with pytest.raises(TripreportError, match="turns 'It goes to rain.' into"):
        load_glossary(path, passed)


def test_a_file_known_to_pass_is_not_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(
        GOES_TO + WRONG_EXAMPLE,
        encoding="utf-8",
    )
    with pytest.raises(TripreportError):
        load_glossary(path)
    key = examples_key(str(path), path.read_text(encoding="utf-8"))
    assert load_glossary(path, {key}).fixes  # loaded: its (failing) examples were not run


@pytest.mark.slow
def test_a_build_after_a_glossary_edit_checks_the_new_examples(tmp_path: Path) -> None:
    """End to end: the build remembers the files that passed; an edited glossary is checked again."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "dia.md").write_text("# Día 1\n\nVa a llover mañana.\n", encoding="utf-8")
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(GOES_TO + RIGHT_EXAMPLE, encoding="utf-8")
    first = run_cli("build", "-q", "--engine", "apertium", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    state = json.loads((tmp_path / ".tripreport" / "build-state.json").read_text(encoding="utf-8"))
    assert len(state["glossary_examples"]) == 2
    glossary.write_text(GOES_TO + WRONG_EXAMPLE, encoding="utf-8")
    second = run_cli("build", "-q", "--engine", "apertium", cwd=tmp_path)
    assert second.returncode != 0
    assert "glossary.yaml:3: fix rule" in second.stderr and "turns 'It goes to rain.' into" in second.stderr
