"""The glossary: schema validation, matching, normalization, fixes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import GLOSSARY

from tripreport.errors import TripreportError
from tripreport.glossary import load_glossary, parse_glossary
from tripreport.pieces import Protected


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
        ("keep: [k8s\nterms: x\n", "glossary.yaml:1: not valid YAML"),
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
            "glossary.yaml:2: verbs entry 'es' 'deployer' must be one -ar infinitive",
        ),
        (
            "verbs:\n  - {es: deployar, en: deploy, tense: past}\n",
            "glossary.yaml:2: verbs entry has unknown key 'tense'",
        ),
        ("verbs:\n  - {es: deployar, en: deploy, standard: desplegar}\n", "give either 'en' (English) or 'standard'"),
    ],
)
def test_verb_schema_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TripreportError) as caught:
        load_glossary(write(tmp_path, text))
    assert message in str(caught.value)


# --- the base layer and the report's glossary ------------------------------------------------


def test_the_base_layer_comes_with_every_report(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, ""))
    assert glossary.normalize("tbn q onda") == "también que onda"
    assert glossary.term_for("wey") is not None and glossary.term_for("deployamos").en == "deploy"


def test_the_report_overrides_the_base_form_by_form(tmp_path: Path) -> None:
    glossary = load_glossary(
        write(tmp_path, "terms:\n  - {es: [pláticas], en: sessions}\n  - {es: [wey], en: mate}\nkeep: [chido]\n")
    )
    assert protected_of(glossary.protect(["Las pláticas del wey, bien chido"])) == [
        ("term", "pláticas", "sessions"),  # the report's term beats the base's normalization
        ("term", "wey", "mate"),
        ("keep", "chido", "chido"),
    ]
    assert glossary.term_for("weyes").en == "guys"  # the base's other forms stay
    assert glossary.normalize("platica") == "charla"


def test_a_report_fix_rule_with_the_same_find_replaces_the_base_one(tmp_path: Path) -> None:
    rule = "fix:\n  apertium:\n    - {find: '\\bSomebody\\b', replace: Somebody else}\n"
    glossary = load_glossary(write(tmp_path, rule))
    assert glossary.fix("apertium", "Somebody knows.") == "Somebody else knows."


def test_base_false_leaves_the_base_out(tmp_path: Path) -> None:
    glossary = load_glossary(write(tmp_path, "base: false\nkeep: [k8s]\n"))
    assert glossary.normalize("tbn") == "tbn" and glossary.term_for("wey") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("base: maybe\n", "glossary.yaml:1: 'base' must be true or false"),
        ("keep: [&a k8s, *a]\n", "glossary.yaml:1: YAML aliases (*name) are not allowed"),
        ("normalize:\n  pedo: problema\nterms:\n  - {es: [un pedo], en: a hassle}\n", "can never match: normalize"),
        (
            "fix:\n  apertium:\n    - {find: 'a(b)', replace: '\\2'}\n",
            "'replace' refers to group 2, which 'find' lacks",
        ),
        ("terms:\n  - {es: [chido], en: cool, note: [a, b]}\n", "glossary.yaml:2: terms entry 'chido': 'note' must be"),
    ],
)
def test_layer_and_safety_errors(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TripreportError) as caught:
        load_glossary(write(tmp_path, text))
    assert message in str(caught.value)
