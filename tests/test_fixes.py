"""Every Apertium fix rule in glossary.yaml, each shown at work on Apertium-style English."""

from __future__ import annotations

import re

import pytest
from conftest import GLOSSARY

from tripreport.document import parse
from tripreport.engines import load
from tripreport.glossary import load_glossary
from tripreport.notes import read_notes
from tripreport.translate import translate_document

# Apertium's literal English -> what the glossary's fixes make of it.
EXAMPLES = [
    ("Somebody spoke about it.", "Someone spoke about it."),
    ("they asked somebody.", "they asked someone."),
    ("It spoke of the slack.", "It spoke about the slack."),
    ("It is necessary to read the docs.", "You have to read the docs."),
    ("and it is necessary to test.", "and you have to test."),
    ("It goes to involve changes.", "It is going to involve changes."),
    ("This goes to be great.", "This is going to be great."),
    ("They go to open it.", "They are going to open it."),
    ("It is well have them.", "It's good to have them."),
    ("It was well because it worked.", "It was good because it worked."),
    ("There is more sponsors.", "There are more sponsors."),
    ("It exists a standard.", "There is a standard."),
    ("Also it exists in docker.", "Also there is in docker."),
    ("The past year had 4 projects.", "The last year had 4 projects."),
    ("It is better not depending of the order.", "It is better not depending on the order."),
    ("It is necessary to develop thinking in this.", "You have to develop thinking about this."),
    ("I do not have idea.", "I do not have any idea."),
    ("What such that there are errors?", "What if that there are errors?"),
    ("and what such if it fails?", "and what if if it fails?"),
    ("He spoke of how contribute.", "He spoke about how to contribute."),
    ("It does everything by you.", "It does everything for you."),
    ("The guy of the Alibaba Cloud uses it.", "The guy from the Alibaba Cloud uses it."),
    ("Brandon Phillips of CoreOS presented.", "Brandon Phillips from CoreOS presented."),
    ("A mysql operator that allows to use commands.", "A mysql operator that lets you use commands."),
    ("They allow to use it.", "They let you use it."),
    ("They used Flannel for tune things.", "They used Flannel to tune things."),
    ("Has jupyter. Has tensor flow.", "It has jupyter. It has tensor flow."),
    ("Use commandos of the kubectl.", "Use commands of the kubectl."),
    ("Soon, K8s in AWS <3.", "Soon, K8s on AWS <3."),
    ("It makes dashboards cool with logs.", "It makes cool dashboards with logs."),
    ("The features new are bored.", "The new features are boring."),
    ("It does not have a key cool, a talk awesome.", "It does not have a cool key, an awesome talk."),
    ("Look at the repo awesome.", "Look at the awesome repo."),
    ("They gave a talk really cool.", "They gave a really cool talk."),
    ("There is tons of tools.", "There are tons of tools."),
    ("It is a hassle configure Helm.", "It is a hassle to configure Helm."),
    (
        "Someone talked about how scale pods. How contribute?",
        "Someone talked about how to scale pods. How to contribute?",
    ),
    ("It works , really !", "It works, really!"),
    ("two  spaces", "two spaces"),
]


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(GLOSSARY)


@pytest.mark.parametrize(("apertium", "fixed"), EXAMPLES)
def test_fix_rules_turn_literal_english_into_english(glossary, apertium: str, fixed: str) -> None:
    assert glossary.fix("apertium", apertium) == fixed


def test_every_rule_has_an_example_it_changes(glossary) -> None:
    for rule in (r for r in glossary.fixes if r.engine == "apertium"):
        assert any(rule.find.search(text) for text, _ in EXAMPLES), f"no example for fix rule {rule.find.pattern!r}"


def test_rules_do_not_touch_english_that_is_already_right(glossary) -> None:
    fine = "Someone from Google talked about how you have to rebuild images. There are more sponsors now."
    assert glossary.fix("apertium", fine) == fine


def test_placeholders_round_trip_through_apertium_on_the_real_notes(tmp_path) -> None:
    from conftest import SEEDS

    doc = parse(read_notes(SEEDS))
    english, report = translate_document(doc, load_glossary(GLOSSARY), load("apertium"))
    assert report.fallbacks == []
    text = "\n".join(unit.text for unit in english.units)
    assert not re.search(r"zk\d+z", text)
