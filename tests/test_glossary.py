"""The glossary: schema validation, matching, normalization, fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GLOSSARY

from tripreport.document import Protected
from tripreport.errors import TripreportError
from tripreport.glossary import load_glossary, parse_glossary


def protected_of(pieces) -> list[tuple[str, str, str]]:
    return [(p.kind, p.source, p.target) for p in pieces if isinstance(p, Protected)]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_project_glossary_loads() -> None:
    glossary = load_glossary(GLOSSARY)
    assert "k8s" in glossary.kept_terms and "StatefulSets" in glossary.kept_terms
    assert glossary.terms and glossary.normalizations


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("keep: [k8s\nterms: x\n", "glossary.yaml:2: not valid YAML"),
        ("- k8s\n", "glossary.yaml:1: the glossary must be a mapping"),
        ("kep:\n  - k8s\n", "unknown section 'kep'"),
        ("keep: k8s\n", "'keep' must be a list"),
        (
            "keep:\n  - term: k8s\n    ignore_case: maybe\n",
            "glossary.yaml:2: keep entry 'k8s': 'ignore_case' must be true or false",
        ),
        ("terms:\n  - es: plática\n", "glossary.yaml:2: terms entry 'plática': 'en' must be a non-empty string"),
        ("terms:\n  - pláticas\n", "each 'terms' entry needs 'es' and 'en'"),
        (
            "terms:\n  - {es: plática, en: talk}\n  - {es: [Plática], en: chat}\n",
            "terms form 'Plática' maps to both 'talk' and 'chat'",
        ),
        ("terms:\n  - {es: plática, en: talk}\n  - {es: plática, en: talk}\n", "terms form 'plática' is listed twice"),
        ("keep: [Helm]\nterms:\n  - {es: Helm, en: rudder}\n", "'Helm' is both a kept term and a translated term"),
        ("normalize:\n  tbn: también\n  tbn: tambien\n", "glossary.yaml:3: not valid YAML: duplicate key 'tbn'"),
        (
            "fix:\n  apertium:\n    - {find: '(', replace: x}\n",
            "glossary.yaml:3: fix.apertium rule '(': bad regular expression",
        ),
        ("fix:\n  apertium:\n    - {find: x}\n", "glossary.yaml:3: each fix.apertium rule needs 'find' and 'replace'"),
    ],
)
def test_schema_errors_name_file_line_and_entry(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TripreportError) as caught:
        load_glossary(write(tmp_path, text))
    assert message in str(caught.value)


def test_missing_glossary_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TripreportError, match="glossary not found"):
        load_glossary(tmp_path / "nope.yaml")


def test_kept_terms_match_whole_words_and_case() -> None:
    glossary = parse_glossary({"keep": ["Helm", {"term": "kubernetes", "ignore_case": True}]})
    pieces = glossary.protect(["Helm y helm y Kubernetes y kubernetes y Helmet"])
    assert protected_of(pieces) == [
        ("keep", "Helm", "Helm"),
        ("keep", "Kubernetes", "Kubernetes"),
        ("keep", "kubernetes", "kubernetes"),
    ]


def test_longest_phrase_wins_and_inflected_forms_share_a_rendering() -> None:
    glossary = parse_glossary(
        {
            "terms": [
                {"es": "pedo", "en": "problem"},
                {"es": ["es un pedo"], "en": "is a hassle"},
                {"es": ["rebuildear", "rebuildees", "rebuildeen"], "en": "rebuild"},
            ]
        }
    )
    pieces = glossary.protect(["Eso es un pedo, no rebuildees. Otro pedo. Rebuildear"])
    assert protected_of(pieces) == [
        ("term", "es un pedo", "is a hassle"),
        ("term", "rebuildees", "rebuild"),
        ("term", "pedo", "problem"),
        ("term", "Rebuildear", "Rebuild"),
    ]


def test_normalization_is_whole_word_and_keeps_a_capital() -> None:
    glossary = parse_glossary({"normalize": {"q": "que", "tonces": "entonces", "tbn": "también"}})
    assert glossary.normalize("Tonces q quieren? tbn qq y q.") == "Entonces que quieren? también qq y que."


def test_fix_rules_apply_to_their_engine_only() -> None:
    glossary = parse_glossary({"fix": {"apertium": [{"find": r"\bSomebody of\b", "replace": "Someone from"}]}})
    assert glossary.fix("apertium", "Somebody of Google said") == "Someone from Google said"
    assert glossary.fix("argos", "Somebody of Google said") == "Somebody of Google said"


def test_verb_families_map_each_conjugation_to_its_english_form() -> None:
    glossary = parse_glossary(
        {
            "verbs": [
                {"es": "deployar", "en": "deploy"},
                {"es": "buildear", "en": "build", "past": "built"},
                {"es": "checar", "en": "check"},
            ]
        }
    )
    pieces = glossary.protect(
        ["Deployamos ayer, deployó rápido, buildearon todo, checando logs; lo buildeamos y checa."]
    )
    assert [(source, target) for _, source, target in protected_of(pieces)] == [
        ("Deployamos", "Deploy"),
        ("deployó", "deployed"),
        ("buildearon", "built"),
        ("checando", "checking"),
        ("buildeamos", "build"),
        ("checa", "checks"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "verbs:\n  - {es: deployer, en: deploy}\n",
            "glossary.yaml:2: verbs entry 'deployer': 'es' must be one -ar infinitive",
        ),
        (
            "verbs:\n  - {es: deployar, en: deploy, tense: past}\n",
            "glossary.yaml:2: verbs entry has unknown key 'tense'",
        ),
        (
            "verbs:\n  - {es: deployar, en: deploy}\nterms:\n  - {es: deployó, en: shipped}\n",
            "terms form 'deployó' maps to both 'shipped' and 'deployed'",
        ),
    ],
)
def test_verb_schema_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TripreportError) as caught:
        load_glossary(write(tmp_path, text))
    assert message in str(caught.value)
