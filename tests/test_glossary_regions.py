"""The base layer's region files (``glossary/regions/``) and what they brought to the schema:
``country``, listed ``normalize`` entries with examples, a verb's ``except``, the words around
a form that leave it alone (``unless_after``, ``unless_before``), a term's punctuation."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from conftest import run_cli

from tripreport.errors import TripreportError
from tripreport.glossary import base_glossary, compiled, load_glossary, loading, match_case, parse_glossary
from tripreport.glossary.entries import COUNTRY_NAMES, Country
from tripreport.glossary.index import FormIndex
from tripreport.glossary.inflection import english_forms
from tripreport.glossary.loading import REGIONS, base_files, combine, examples_key
from tripreport.pieces import Protected
from tripreport.safeyaml import read_yaml

FOLDER = resources.files("tripreport.glossary") / REGIONS
FILES = sorted(f.name for f in FOLDER.iterdir() if f.name.endswith(".yaml"))
# Files of Spanish heard in every country: an entry there names a country only if it has one.
EVERYWHERE = {"common.yaml", "tech.yaml", "texting.yaml"}
BASE = base_glossary()


def in_file(entry, name: str) -> bool:
    return entry.source is not None and entry.source.file.endswith(f"/{REGIONS}/{name}")


def heads(name: str) -> list:
    """One object per entry of a region file: a term, or the first form of a verb or of a listed
    normalization (which carries the entry's examples), or a sense; a sense's context-bound
    alternative with no examples of its own (*ponencia* as a report, after *judicial*) is not."""
    seen, found = set(), []
    for entry in (*BASE.terms, *BASE.normalizations):
        key = (entry.family or id(entry), entry.source)
        if in_file(entry, name) and key not in seen:
            seen.add(key)
            found.append(entry)
    return found + [s for s in BASE.senses if in_file(s, name) and (s.examples or not (s.after or s.before))]


def test_the_base_layer_reads_every_region_file() -> None:
    names = [where for where, _ in base_files()]
    assert names[0].endswith("/base.yaml")
    assert [n.rsplit("/", 1)[1] for n in names[1:]] == FILES
    assert len(FILES) >= 10


@pytest.mark.parametrize("name", FILES)
def test_each_region_file_loads_on_its_own_and_its_entries_reach_the_base_layer(name: str) -> None:
    where = f"tripreport/glossary/{REGIONS}/{name}"
    alone = parse_glossary(read_yaml((FOLDER / name).read_text(encoding="utf-8"), where), where, "base")
    entries = len(alone.terms) + len(alone.normalizations) + len(alone.senses)
    assert entries
    assert entries == sum(in_file(e, name) for e in (*BASE.terms, *BASE.normalizations, *BASE.senses))


@pytest.mark.parametrize("name", FILES)
def test_every_region_entry_has_examples_a_counter_example_and_its_countries(name: str) -> None:
    entries = heads(name)
    assert entries
    for entry in entries:
        assert entry.examples and entry.counter_examples, entry.source
        assert entry.countries or name in EVERYWHERE, entry.source


def test_every_country_code_has_its_names_in_both_languages() -> None:
    assert set(COUNTRY_NAMES) == set(Country.__args__)  # type: ignore[attr-defined]
    assert all(english and spanish for english, spanish in COUNTRY_NAMES.values())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "terms:\n  - {es: parce, en: buddy, country: zz}\n",
            "glossary.yaml:2: terms entry 'parce': unknown country 'zz' (known: ar, bo, cl, co,",
        ),
        ("country: [co, xx]\nterms:\n  - {es: parce, en: buddy}\n", "glossary.yaml:1: 'country': unknown country 'xx'"),
        ("normalize:\n  - {es: bacano, country: [co, 7]}\n", "glossary.yaml:2: normalize entry 'bacano': 'to'"),
        (
            "verbs:\n  - {es: camellar, standard: trabajar, country: CO}\n",
            "glossary.yaml:2: verbs entry 'camellar': unknown country 'CO'",
        ),
        (
            "senses:\n  - {es: ponencia, en: talk, country: [spain]}\n",
            "glossary.yaml:2: senses entry 'ponencia': unknown country 'spain'",
        ),
        ("normalize:\n  - [bacano]\n", "glossary.yaml:1: each listed 'normalize' entry needs 'es'"),
        ("normalize:\n  - {es: {bacano: genial}, to: genial}\n", "glossary.yaml:2: normalize entry: 'es' maps"),
        ("normalize:\n  - {es: [], to: genial}\n", "glossary.yaml:2: normalize entry: 'es' lists no spelling"),
        ("normalize:\n  - {es: bacano, to: genial, cuando: siempre}\n", "normalize entry has unknown key 'cuando'"),
        (
            "normalize:\n  - {es: al tiro, to: enseguida, unless_after: [con, '']}\n",
            "glossary.yaml:2: normalize entry 'al tiro': 'unless_after' must be a non-empty string",
        ),
        (
            "verbs:\n  - {es: camellar, standard: trabajar, except: [{camello: 1}]}\n",
            "glossary.yaml:2: verbs entry 'camellar': 'except' must be a non-empty string",
        ),
    ],
)
def test_schema_errors_name_file_line_and_entry(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(TripreportError) as caught:
        load_glossary(write(tmp_path, text))
    assert message in str(caught.value)


def test_a_country_is_kept_on_the_entry_and_a_files_country_is_its_entries_default() -> None:
    glossary = parse_glossary(
        {
            "country": "cl",
            "terms": [{"es": "cachai", "en": "you know"}, {"es": "pucha", "en": "darn", "country": ["cl", "ar"]}],
            "normalize": [{"es": "fome", "to": "aburrido"}],
            "verbs": [{"es": "carretear", "en": "party"}],
        }
    )
    assert [t.countries for t in glossary.terms if not t.family] == [("cl",), ("cl", "ar")]
    assert {n.countries for n in glossary.normalizations} == {("cl",)}
    assert {t.countries for t in glossary.terms if t.family} == {("cl",)}


def test_a_normalize_entry_lists_spellings_or_maps_them() -> None:
    glossary = parse_glossary(
        {
            "normalize": [
                {"es": {"bacano": "excelente", "bacanos": "excelentes"}},
                {"es": ["sisas", "sisa"], "to": "sí"},
            ]
        }
    )
    assert glossary.normalize("Bacano, sisas, bacanos") == "Excelente, sí, excelentes"
    assert {n.family for n in glossary.normalizations} == {"bacano", "sisas"}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"es": "fome", "to": "aburrido", "examples": [{"es": "La charla fue aburrida.", "want": "boring"}]},
            "normalize entry 'fome' does not apply in 'La charla fue aburrida.'",
        ),
        (
            {"es": {"al tiro": "enseguida"}, "not": ["Fuimos al tiro con arco."]},
            "normalize entry 'al tiro' should not apply in 'Fuimos al tiro con arco.'",
        ),
    ],
)
def test_a_normalize_entry_is_checked_against_its_examples_on_load(entry: dict, message: str) -> None:
    with pytest.raises(TripreportError, match=message):
        parse_glossary({"normalize": [entry]}, "glossary.yaml")
    parse_glossary({"normalize": [entry]}, "glossary.yaml", check=False)  # the check, not the reading, refuses it


def test_a_verb_entry_is_checked_against_its_examples_in_any_of_its_forms() -> None:
    verb = {"es": "janguear", "en": "hang out", "past": "hung out"}
    parse_glossary({"verbs": [{**verb, "examples": [{"es": "Janguearon hasta tarde.", "want": "hung out"}]}]})
    with pytest.raises(TripreportError, match="verbs entry 'janguear' gives 'Hung out' in .*, not 'hang out'"):
        parse_glossary({"verbs": [{**verb, "examples": [{"es": "Janguearon hasta tarde.", "want": "hang out"}]}]})
    with pytest.raises(TripreportError, match="verbs entry 'janguear' should not apply in 'Jangueo'"):
        parse_glossary({"verbs": [{**verb, "not": ["Jangueo"]}]})


def test_a_verbs_except_leaves_out_forms_that_are_other_words() -> None:
    glossary = parse_glossary({"verbs": [{"es": "camellar", "standard": "trabajar", "except": ["camello"]}]})
    assert glossary.normalize("Camellamos mucho; vimos un camello.") == "Trabajamos mucho; vimos un camello."
    without = parse_glossary({"verbs": [{"es": "camellar", "standard": "trabajar"}]})
    assert without.normalize("un camello") == "un trabajo"


def test_words_around_a_form_can_leave_it_alone() -> None:
    glossary = parse_glossary(
        {
            "normalize": [{"es": "al tiro", "to": "enseguida", "unless_after": ["con", "al blanco"]}],
            "terms": [{"es": "al toque", "en": "right away", "unless_before": ["sensible"]}],
        }
    )
    assert glossary.normalize("Lo hago al tiro. Practica tiro al tiro con arco.") == (
        "Lo hago enseguida. Practica tiro al tiro con arco."
    )
    assert glossary.normalize("Fuimos al tiro al blanco, y al tiro.") == "Fuimos al tiro al blanco, y enseguida."
    pieces = glossary.protect(["Lo hago al toque; es sensible al toque."])
    assert [p.source for p in pieces if isinstance(p, Protected)] == ["al toque"]
    assert pieces[0] == "Lo hago "


def test_a_term_written_with_its_punctuation_keeps_it() -> None:
    glossary = parse_glossary({"terms": [{"es": ["vale,", "¡vale"], "en": "okay"}]})
    pieces = glossary.protect(["Vale, nos vemos. ¡Vale! Eso vale mucho."])
    assert [(p.source, p.target) for p in pieces if isinstance(p, Protected)] == [("Vale,", "Okay,"), ("¡Vale", "Okay")]


def test_a_capital_is_kept_past_opening_punctuation() -> None:
    assert match_case("¡Pilas", "watch out") == "Watch out"
    assert match_case("¿Qué bolá", "what's up") == "What's up"
    assert match_case("¡pilas", "watch out") == "watch out"
    assert match_case("X", "1a") == "1a"


def test_files_of_one_layer_may_not_repeat_or_hide_each_others_forms() -> None:
    first = parse_glossary({"normalize": {"birra": "cerveza"}, "terms": [{"es": "pucha", "en": "darn"}]}, "a.yaml")
    again = parse_glossary({"normalize": [{"es": "birra", "to": "cerveza"}]}, "b.yaml")
    with pytest.raises(TripreportError, match="b.yaml:1: normalize 'birra' is listed twice"):
        combine([first, again])
    hidden = parse_glossary({"terms": [{"es": "una birra", "en": "a beer"}]}, "c.yaml")
    with pytest.raises(TripreportError, match="c.yaml:1: terms form 'una birra' can never match"):
        combine([first, hidden])
    other = parse_glossary({"terms": [{"es": ["pucha"], "en": "damn"}]}, "d.yaml")
    with pytest.raises(TripreportError, match="d.yaml:1: terms form 'pucha' maps to both 'darn' and 'damn'"):
        combine([first, other])


def test_a_phrasal_verb_ending_in_o_takes_es() -> None:
    assert english_forms("go out", "went out")["third"] == "goes out"
    assert english_forms("echo")["third"] == "echoes"
    assert english_forms("play")["third"] == "plays"


def test_the_report_still_wins_form_by_form_over_a_region_file(tmp_path: Path) -> None:
    path = write(tmp_path, "terms:\n  - {es: [parce], en: mate}\n")
    glossary = load_glossary(path)
    assert [p.target for p in glossary.protect(["Parce, mira."]) if isinstance(p, Protected)] == ["Mate"]
    assert not load_glossary(write(tmp_path, "base: false\n")).normalize("bacano") != "bacano"


@pytest.mark.slow
def test_the_appendix_says_where_an_entrys_spanish_is_spoken(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "dia.md").write_text("# Día 1\n\nUn guiri preguntó por la sala.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s]\n", encoding="utf-8")
    result = run_cli("build", "-q", "--engine", "apertium", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    english = (tmp_path / "output" / "report.en.html").read_text(encoding="utf-8").split('id="glossary"')[1]
    spanish = (tmp_path / "output" / "report.es.html").read_text(encoding="utf-8").split('id="glossary"')[1]
    assert "A foreign tourist (a little mocking). (Spain)" in english
    assert "(España)" in spanish and "(Spain)" not in spanish


def fresh_base() -> tuple[str, object]:
    """The base layer's key, and the layer read from its YAML files (no kept copy involved)."""
    texts = base_files()
    key = examples_key(" ".join(where for where, _ in texts), "\0".join(text for _, text in texts))
    return key, combine([parse_glossary(read_yaml(text, where), where, "base", check=False) for where, text in texts])


def same_entries(one, other) -> bool:
    sections = ("keep", "terms", "normalizations", "senses")
    if any(getattr(one, s) != getattr(other, s) for s in sections):
        return False
    sources = [e.source for s in sections for e in getattr(one, s)]
    if sources != [e.source for s in sections for e in getattr(other, s)]:
        return False
    fixes = [
        (r.engine, r.find.pattern, r.find.flags, r.replace, r.examples, r.counter_examples, r.source) for r in one.fixes
    ]
    return fixes == [
        (r.engine, r.find.pattern, r.find.flags, r.replace, r.examples, r.counter_examples, r.source)
        for r in other.fixes
    ]


def test_the_kept_base_layer_is_the_one_its_files_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key, fresh = fresh_base()
    assert compiled.read(key) is None
    first = base_glossary()  # read from the files, checked, kept
    assert compiled.cache_file(key).is_file()
    kept = compiled.read(key)
    assert kept is not None and same_entries(kept, fresh) and same_entries(first, fresh)
    assert same_entries(base_glossary(), fresh)  # and read back from what was kept
    assert compiled.read("another key") is None


@pytest.mark.slow
def test_a_damaged_kept_layer_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key, fresh = fresh_base()
    base_glossary()
    wrong_shape = json.dumps({"format": compiled.FORMAT, "key": key, "terms": [{"es": 1}]})
    for damage in (json.dumps({"format": compiled.FORMAT, "key": "x"}), "not json", wrong_shape):
        compiled.cache_file(key).write_text(damage, encoding="utf-8")
        assert compiled.read(key) is None
        assert same_entries(base_glossary(), fresh)
        assert compiled.read(key) is not None  # kept again


def test_a_layer_whose_examples_fail_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    failing = "terms:\n  - {es: [un pata], en: a guy, examples: [{es: 'Un pata vino.', want: a buddy}]}\n"
    monkeypatch.setattr(loading, "base_files", lambda: [("tripreport/glossary/regions/pe.yaml", failing)])
    with pytest.raises(TripreportError, match="pe.yaml:2: terms entry 'un pata' gives 'A guy'"):
        base_glossary()
    assert not list((tmp_path / "tripreport" / "glossary").glob("*.json"))


def test_the_form_index_finds_what_a_whole_word_alternation_finds() -> None:
    """The index against the plain regular expression it stands for, longest form first at each
    place, over every example and counter-example of the base layer (cased kept terms too)."""
    develop = Path(__file__).parent.parent / "bench" / "develop.tsv"
    texts = [line.split("\t")[3] for line in develop.read_text(encoding="utf-8").splitlines()[1:]]
    texts += [e.es for t in (*BASE.terms, *BASE.normalizations) for e in t.examples]
    texts += [s for t in (*BASE.terms, *BASE.normalizations) for s in t.counter_examples]
    texts += ["Helm y helm y HELM, ¡Pilas! pilas con k8s, vale, p.ej y k'encha", ""]
    for section, forms in (
        ("terms", [(f, True) for t in BASE.terms for f in t.forms]),
        ("normalize", [(n.informal, True) for n in BASE.normalizations]),
        ("keep", [("Helm", False), ("k8s", True), ("¡Pilas!", False)]),
    ):
        index = FormIndex.of(forms)
        alternation = "|".join(re.escape(f) for f, _ in sorted(forms, key=lambda f: -len(f[0])))
        cased = [re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", 0 if not any(i for _, i in forms) else re.I)]
        if section == "keep":  # one pattern per kind of case, as a kept term asks
            cased = [re.compile(rf"(?<!\w){re.escape(f)}(?!\w)", re.I if i else 0) for f, i in forms]
        for text in texts:
            expected = greedy([(m.start(), m.end()) for pattern in cased for m in pattern.finditer(text)])
            assert greedy(index.matches(text)) == expected, (section, text)


def greedy(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0], -s[1])):
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans
