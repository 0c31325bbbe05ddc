"""Glossary entries made on the review page (pipeline/glossary/writing.py, pipeline/review/teach.py):
glossary.yaml written as a person writes it, checked by the glossary's loader, refused safely, and
the passages the next build changed. Builds are real (Apertium), in this process."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import polib
import pytest
import yaml
from test_review import CONFIG, HOST, PO, PORT, built, by_spanish, headers, reviewed, session_of

from tripreport import postedit
from tripreport.errors import TripreportError
from tripreport.glossary import load_glossary
from tripreport.glossary.writing import NewEntry, add_entry
from tripreport.review import api
from tripreport.review.guard import TOKEN_HEADER, Guard, Refused

NOTES = """# Día 1

- Conseguí una chamba en la conferencia.
- La chamba de Ana es con k8s.
- Hablamos de la chamba del equipo.
- Nadie sabe qué pasó con el cluster.
"""
GLOSSARY = """# The report's own words.
keep:
  # tools
  - k8s   # short for Kubernetes

terms:
  - {es: [la gente], en: the folks, note: "Friendly: the people."}

# fix rules come later
"""


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notas.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def inserted_lines(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if it changes or drops any."""
    added = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before.splitlines(), after.splitlines()).get_opcodes():
        assert op in ("equal", "insert"), (op, before.splitlines()[i1:i2], after.splitlines()[j1:j2])
        added += after.splitlines()[j1:j2] if op == "insert" else []
    return added


@pytest.mark.slow
def test_an_entry_from_a_passage_is_written_as_a_person_writes_it_and_changes_the_machine_passages(
    report: Path,
) -> None:
    session = session_of(built())
    mine = by_spanish(session.page_data(), "Hablamos")
    session.save({"unit": mine["id"], **reviewed(session, "Hablamos", "We talked about the team's job.")})
    session = session_of(built())
    first = by_spanish(session.page_data(), "Conseguí")
    where = session.occurrences("Chamba")
    second = by_spanish(session.page_data(), "La chamba")
    assert where == {"machine": [first["id"], second["id"]], "reviewed": [mine["id"]]}

    status, answer = session.teach({"unit": first["id"], "kind": "term", "es": "chamba", "en": "gig"})
    assert status == 200 and answer["saved"]["pending"] is True
    text = (report / "glossary.yaml").read_text(encoding="utf-8")
    (line,) = inserted_lines(GLOSSARY, text)  # comments, order and the rest kept byte for byte
    assert line == "  - {es: [chamba], en: gig, examples: [{es: Conseguí una chamba en la conferencia., want: gig}]}"
    assert text.splitlines()[answer["saved"]["line"] - 1] == line
    assert text.index("chamba") > text.index("la gente") and text.index("chamba") < text.index("# fix rules")
    assert load_glossary(report / "glossary.yaml").term_for("chamba").en == "gig"

    result = built()
    session.update(result.translated)
    lesson = session.lesson()
    assert lesson is not None and lesson["pending"] is False
    assert sorted(u["id"] for u in lesson["changed"]) == sorted([first["id"], second["id"]])
    data = session.page_data()
    assert "gig" in by_spanish(data, "Conseguí")["english"] and "gig" in by_spanish(data, "La chamba")["english"]
    assert by_spanish(data, "Hablamos")["english"] == "We talked about the team's job."  # the person's stays
    assert data["lesson"] == lesson


@pytest.mark.slow
def test_a_phrase_gets_a_counter_example_made_from_its_sentence(report: Path) -> None:
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Nadie")
    session.teach({"unit": unit["id"], "kind": "term", "es": "qué pasó", "en": "what happened"})
    entry = load_glossary(report / "glossary.yaml").term_for("qué pasó")
    assert entry is not None and entry.counter_examples == ("Nadie sabe qué con el cluster.",)
    assert entry.examples[0].es == "Nadie sabe qué pasó con el cluster."


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({"kind": "term", "es": "chamba", "en": "gig", "not": "Conseguí una chamba."}, "should not apply"),
        ({"kind": "term", "es": "gente", "en": "people", "words": "la gente"}, "not in this passage"),
        ({"kind": "term", "es": "k8s", "en": "Kubernetes"}, "both a kept term and a translated term"),
        ({"kind": "keep", "es": "k8s"}, "listed twice"),
        ({"kind": "rule", "es": "chamba", "en": "gig"}, "a term, a kept term"),
        ({"kind": "term", "es": "chamba", "en": ""}, "the English is empty"),
        ({"kind": "term", "es": "chamba", "en": "gig\nfix: {}"}, "line break"),
        ({"kind": "term", "es": "chamba", "en": "gig", "note": "a\u2028b"}, "line break"),
        ({"kind": "sense", "es": "chamba", "en": "gig", "unit": 9999}, "no such passage"),
    ],
)
@pytest.mark.slow
def test_an_entry_the_glossary_refuses_writes_nothing_and_says_why(report: Path, body: dict, why: str) -> None:
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Ana")  # "La chamba de Ana es con k8s."
    with pytest.raises(Refused) as refused:
        session.teach({"unit": unit["id"], **body})
    assert why in refused.value.reason and refused.value.status in (400, 404)
    assert (report / "glossary.yaml").read_text(encoding="utf-8") == GLOSSARY
    assert session.lesson() is None


HOSTILE = [
    "x] , fix: {apertium: [{find: a, replace: b}]}",
    '!!python/object/apply:os.system ["touch pwned"]',
    "*alias",
    "&anchor x",
    "# not a comment",
    "yes",
    "1e3",
    "null",
    "key: value",
    "- item",
    '"quoted" and \\ back',
    "{a: b}",
    "tabs\tinside",
]


@pytest.mark.slow
@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_strings_stay_strings_in_their_entry(tmp_path: Path, hostile: str) -> None:
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    add_entry(glossary, NewEntry("keep", hostile, note=hostile))
    text = glossary.read_text(encoding="utf-8")
    assert len(inserted_lines(GLOSSARY, text)) == 1
    data = yaml.safe_load(text)
    assert sorted(data) == ["keep", "terms"]  # no section added
    assert data["keep"][-1] == {"term": hostile, "note": hostile}
    assert not (tmp_path / "pwned").exists()
    assert load_glossary(glossary).keep[-1].term == hostile.strip()


def test_an_entry_goes_into_a_glossary_of_comments_only_and_a_broken_one_is_left_alone(tmp_path: Path) -> None:
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("# nothing yet\n", encoding="utf-8")
    add_entry(glossary, NewEntry("keep", "Helm"))
    assert glossary.read_text(encoding="utf-8") == "# nothing yet\nkeep:\n  - Helm\n"
    glossary.write_text("keep: [Helm\n", encoding="utf-8")
    with pytest.raises(TripreportError, match="glossary.yaml"):
        add_entry(glossary, NewEntry("keep", "k8s"))
    assert glossary.read_text(encoding="utf-8") == "keep: [Helm\n"


@pytest.mark.parametrize(
    "changed",
    [
        {TOKEN_HEADER: None},
        {TOKEN_HEADER: "not-the-token"},
        {"Origin": "http://evil.example"},
        {"Origin": None},
        {"Sec-Fetch-Site": "cross-site"},
        {"Host": "evil.example:8000", "Origin": "http://evil.example:8000"},
    ],
)
@pytest.mark.slow
def test_a_glossary_entry_from_elsewhere_is_refused_and_the_file_stays(report: Path, changed: dict) -> None:
    session, guard = session_of(built()), Guard(PORT)
    unit = by_spanish(session.page_data(), "chamba en")
    raw = json.dumps({"unit": unit["id"], "kind": "term", "es": "chamba", "en": "gig"}).encode("utf-8")

    def send(**more: str | None) -> api.Answer:
        sent = {**headers(guard.token), "Content-Length": str(len(raw)), **more}
        sent = {k: v for k, v in sent.items() if v is not None}
        return api.answer(session, guard, "POST", "/__tripreport/review/glossary", "", sent, lambda n: raw[:n], "/e")

    assert send(**changed).status == 403
    assert (report / "glossary.yaml").read_text(encoding="utf-8") == GLOSSARY
    get = api.answer(session, guard, "GET", "/__tripreport/review/occurrences", "es=chamba", {"Host": HOST}, bytes, "")
    assert get.status == 403  # where words occur is the page's to ask, too
    assert send().status == 200 and "chamba" in (report / "glossary.yaml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_po_file_is_not_touched_by_an_entry(report: Path) -> None:
    session = session_of(built())
    before = (report / PO).read_bytes()
    session.teach({"unit": by_spanish(session.page_data(), "chamba en")["id"], "kind": "keep", "es": "chamba"})
    assert (report / PO).read_bytes() == before
    assert postedit.read(CONFIG.translations) is not None and polib.pofile(str(report / PO)) is not None


@pytest.mark.slow
def test_a_word_sense_is_checked_through_the_engine_before_it_is_written(report: Path) -> None:
    (report / "seeds" / "notas.md").write_text(NOTES + "- Abrí una cuenta nueva en el banco.\n", encoding="utf-8")
    session = session_of(built())
    unit = by_spanish(session.page_data(), "cuenta")
    with pytest.raises(Refused) as refused:  # everywhere means in its counter-example too: Apertium says so
        body = {"kind": "sense", "es": "cuenta", "en": "account", "not": "Pagamos la cuenta del restaurante."}
        session.teach({"unit": unit["id"], **body})
    assert "not added" in refused.value.reason and "should not apply" in refused.value.reason
    assert (report / "glossary.yaml").read_text(encoding="utf-8") == GLOSSARY
    status, _ = session.teach({"unit": unit["id"], "kind": "sense", "es": "cuenta", "en": "account"})
    assert status == 200
    sense = load_glossary(report / "glossary.yaml").senses[-1]
    assert (sense.es, sense.en, sense.examples[0].es) == ("cuenta", "account", "Abrí una cuenta nueva en el banco.")
