"""The symptoms of a model that loops or rambles, each shown on output such models write."""

from __future__ import annotations

import pytest

from tripreport.engines import degenerate
from tripreport.engines.argos import PLACEHOLDER

SPANISH = "Usan zk0z para todo y lo despliegan con zk1z."


@pytest.mark.parametrize(
    ("english", "symptom"),
    [
        ("mainstremainstremainstremainstremainstre@@", "repeats itself"),  # es_en 1.9 at int8
        ("They use zk0z for everything for everything for everything for everything.", "repeats itself"),
        ("ientientient ient ient ient ient", "repeats itself"),
        ("They use zk0z for every@@ thing with zk1z.", "subword marks in the output"),
        ("▁They ▁use zk0z with zk1z.", "subword marks in the output"),
        ("They use zk0z and zk0z with zk1z.", "a protected term repeated"),
        ("", "empty output"),
        ("They use zk0z for all of it " + "and so on " * 12 + "with zk1z.", "more than 3× as long as the Spanish"),
    ],
)
def test_each_symptom(english: str, symptom: str) -> None:
    assert symptom in degenerate.symptoms(SPANISH, english, PLACEHOLDER)


def test_the_length_limit_is_a_symptom_only_when_the_engine_says_it_was_reached() -> None:
    good = "They use zk0z for everything and deploy it with zk1z."
    assert degenerate.symptoms(SPANISH, good, PLACEHOLDER) == []
    assert degenerate.symptoms(SPANISH, good, PLACEHOLDER, truncated=True) == ["stopped at the length limit"]


@pytest.mark.parametrize(
    ("spanish", "english"),
    [
        (SPANISH, "They use zk0z for everything and deploy it with zk1z."),
        ("Sí.", "Yes, yes."),  # short Spanish: room to grow
        ("Jajaja, qué risa.", "Haha, how funny."),
        ("Muy muy muy bueno.", "Very very very good."),  # three times is emphasis, not a loop
        ("Ver zk0z.", "See zk0z."),
    ],
)
def test_good_translations_show_no_symptom(spanish: str, english: str) -> None:
    assert degenerate.symptoms(spanish, english, PLACEHOLDER) == []


def test_a_fifth_of_a_document_makes_the_model_broken() -> None:
    assert not degenerate.broken(2, 10) and degenerate.broken(3, 10) and not degenerate.broken(0, 0)


class Scripted:
    """A neural engine whose outputs are scripted: it loops on sentences holding "bucle" and
    copies the others. (No crafted model loops on some sentences only: its decoder sees only
    its last word.) Everything else is the real translation stage."""

    name, version, memory_key = "scripted", "1", "scripted 1"
    placeholder = PLACEHOLDER
    rule_based, can_degenerate, repairs_unknown_words, analyser = False, True, False, None
    truncated: frozenset[int] = frozenset()

    def start(self) -> None: ...

    def close(self) -> None: ...

    def translate_batch(self, segments):
        return [("loop " * 12).strip() if "bucle" in s else s for s in segments]


def test_a_second_batch_is_judged_with_the_whole_document() -> None:
    """One flagged sentence in twenty, then a second batch of two pieces with one more: the model
    is not broken (2 in 22); the second batch alone (2 in 2, or 1 in 2) would say it is."""
    from tripreport.translation.translate import SegmentTranslator, TranslationReport

    engine = Scripted()
    report = TranslationReport(engine.name, engine.version)
    stage = SegmentTranslator(engine, None, report, None)
    stage.translate([f"Frase número {n} de la charla." for n in range(19)] + ["Este bucle no para."])
    assert len(report.flagged) == 1 and not report.broken
    stage.translate(["Otro bucle aquí.", "Y un pedazo sano."], count=False)
    assert len(report.flagged) == 2 and not report.broken
    assert report.segments == 20  # the pieces translated again are not the document's segments
