"""Spanish syntax the English needs spelled out, mended in the tagger's stream before transfer.

Apertium's transfer works on short chunks of words, so some things Spanish leaves to the
reader come out wrong in English: the dropped subject (*lo probamos* → "We try it", but
*tienen un operador* → "Have an operator"), a noun modified by another (*archivo de
configuración* → "archive of configuration", not "configuration file"), the preterite
that *-amos* shares with the present (*ayer lo probamos* → "we try it yesterday"), and
the involuntary *se* (*se me olvidó* → "it forgot me"). Each rule below reads the
tagger's analysis of one segment (lemma, part of speech, person, tense) and rewrites it as
Spanish that says the same thing explicitly, which Apertium then translates right:
*(nosotros) lo probamos*, *configuración archivo*, *(yo) olvidé*. Where the tagger picked the
wrong reading, a rule picks the right one (*nos sentamos*: the pronominal verb; *instala
Docker y corre el script*: the imperative); where the English word depends on what the
rule sees (*su*: their, its, her), it tags the reading and the project's bilingual section,
compiled with the senses, gives the word.

The rules run in the order of :data:`RULES`, each a small named function in the module of
its concern (:mod:`.names`, :mod:`.subjects`, :mod:`.nouns`, :mod:`.verbs`, :mod:`.order`,
:mod:`.reflexive`, :mod:`.persons`, :mod:`.imperative`, :mod:`.aspect`, :mod:`.phrases`,
:mod:`.weather`, :mod:`.passive`, :mod:`.speaker`; what they ask of a word in
:mod:`.words`); each has its examples and counter-examples in ``tests/test_syntax.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tripreport.engines.apertium.stream import Token
from tripreport.engines.apertium.syntax.aspect import again, been_doing, have_to, stop_doing, want
from tripreport.engines.apertium.syntax.exclamations import exclamations
from tripreport.engines.apertium.syntax.imperative import imperative
from tripreport.engines.apertium.syntax.names import names, person_possessive
from tripreport.engines.apertium.syntax.neither import neither
from tripreport.engines.apertium.syntax.nouns import compounds, neuter_adjective, well_done
from tripreport.engines.apertium.syntax.order import subject_first
from tripreport.engines.apertium.syntax.passive import passive_se
from tripreport.engines.apertium.syntax.persons import person_subject, personal_a, possessives
from tripreport.engines.apertium.syntax.phrases import about, both_and, needed, participle_adjectives, tomorrow
from tripreport.engines.apertium.syntax.reflexive import pronominal
from tripreport.engines.apertium.syntax.speaker import speaker_imperfect
from tripreport.engines.apertium.syntax.subjects import subjects
from tripreport.engines.apertium.syntax.times import clock_times
from tripreport.engines.apertium.syntax.verbs import experiencer, involuntary_se, periphrases, preterite, went
from tripreport.engines.apertium.syntax.weather import ago, weather

RULES_VERSION = "11"  # bump when a rule changes its output: the translation memory then misses


@dataclass(frozen=True)
class Rule:
    """A named rewrite of one segment's tokens."""

    name: str
    apply: Callable[[list[Token]], list[Token]]


RULES: tuple[Rule, ...] = (
    Rule("names", names),
    Rule("person possessive", person_possessive),
    Rule("involuntary se", involuntary_se),
    Rule("experiencer", experiencer),
    Rule("have to", have_to),
    Rule("want", want),
    Rule("neuter adjective", neuter_adjective),
    Rule("well done", well_done),
    Rule("periphrases", periphrases),
    Rule("stop doing", stop_doing),
    Rule("again", again),
    Rule("been doing", been_doing),
    Rule("needed", needed),
    Rule("both and", both_and),
    Rule("about", about),
    Rule("participle adjectives", participle_adjectives),
    Rule("tomorrow", tomorrow),
    Rule("subject first", subject_first),
    Rule("ago", ago),
    Rule("weather", weather),
    Rule("passive se", passive_se),
    Rule("went", went),
    Rule("clock times", clock_times),
    Rule("exclamations", exclamations),
    Rule("neither", neither),
    Rule("pronominal", pronominal),
    Rule("preterite", preterite),
    Rule("compounds", compounds),
    Rule("personal a", personal_a),
    Rule("imperative", imperative),
    Rule("person subject", person_subject),
    Rule("speaker imperfect", speaker_imperfect),
    Rule("subjects", subjects),
    Rule("possessives", possessives),
)


def apply(tokens: list[Token], rules: tuple[Rule, ...] | None = None) -> list[Token]:
    """Every rule (of :data:`RULES`, or ``rules``) in turn over one segment's tokens."""
    for rule in RULES if rules is None else rules:
        tokens = rule.apply(tokens)
    return tokens
