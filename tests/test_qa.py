"""`tripreport check`: each defect class caught on crafted translations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import run_cli

SPANISH = """# Día 1

- Usan k8s y Helm; las pláticas están en https://ejemplo.org/charlas y cuestan 30 dólares.
- Corre `kubectl get pods` y ya :heart:

Un [enlace](https://ejemplo.org) más.
"""
GLOSSARY = """keep: [k8s, Helm]
terms:
  - {es: [pláticas], en: talks}
"""
GOOD = """# Day 1

- They use k8s and Helm; the talks are at https://ejemplo.org/charlas and cost 30 dollars.
- Run `kubectl get pods` and done :heart:

One more [link](https://ejemplo.org).
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notes.md").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "output").mkdir()
    return tmp_path


def check(folder: Path, english: str) -> tuple[int, dict]:
    (folder / "output" / "report.en.md").write_text(english, encoding="utf-8")
    result = run_cli("check", cwd=folder)
    assert "Traceback" not in result.stderr
    return result.returncode, json.loads((folder / "output" / "qa.json").read_text(encoding="utf-8"))


def kinds(report: dict, level: str) -> list[str]:
    return [f["kind"] for f in report["findings"] if f["level"] == level]


def test_a_faithful_translation_passes(folder: Path) -> None:
    code, report = check(folder, GOOD)
    assert code == 0 and report["errors"] == 0 and report["warnings"] == 0


@pytest.mark.parametrize(
    ("broken", "kind"),
    [
        (GOOD.replace("k8s", "kubernetes"), "kept-term"),
        (GOOD.replace("the talks", "the chats"), "forced-term"),
        (GOOD.replace("https://ejemplo.org/charlas", "https://example.org/talks"), "url"),
        (GOOD.replace("30 dollars", "thirty dollars"), "number"),
        (GOOD.replace("`kubectl get pods`", "`kubectl get pod`"), "code"),
        (GOOD.replace(":heart:", "❤"), "emoji"),
        (GOOD.replace("# Day 1", "Day 1"), "structure"),
        (GOOD.replace("[link](https://ejemplo.org)", "link"), "structure"),
        (GOOD.replace("and done", "and zk3z"), "placeholder"),
    ],
)
@pytest.mark.slow
def test_each_error_class_fails_the_check(folder: Path, broken: str, kind: str) -> None:
    code, report = check(folder, broken)
    assert code == 1
    assert kind in kinds(report, "error")


@pytest.mark.parametrize(
    ("changed", "kind"),
    [
        (GOOD.replace("and done", "y ya está"), "untranslated"),
        (
            GOOD.replace(
                "They use",
                "They use, as everybody knows and as we all have been told many times over the whole week"
                " by every single speaker at every single talk of the conference,",
            ),
            "length",
        ),
    ],
)
@pytest.mark.slow
def test_warnings_alone_exit_zero(folder: Path, changed: str, kind: str) -> None:
    code, report = check(folder, changed)
    assert code == 0
    assert kind in kinds(report, "warning") and report["errors"] == 0


def test_check_before_any_build(folder: Path) -> None:
    result = run_cli("check", cwd=folder)
    assert result.returncode == 1
    assert "run tripreport build first" in result.stderr


def test_build_runs_the_check_and_renders_the_glossary_appendix(built_report: Path) -> None:
    report = json.loads((built_report / "output" / "qa.json").read_text(encoding="utf-8"))
    assert report["errors"] == 0
    html = (built_report / "output" / "report.en.html").read_text(encoding="utf-8")
    appendix = html.split('id="glossary"')[1]
    # Entries with something to tell the reader (a note) are listed…
    assert '<th lang="es" scope="row">pedo</th>' in appendix and "literally a fart" in appendix
    assert '<th lang="es" scope="row">deployar</th>' in appendix and "deployó" not in appendix  # one row per verb
    assert "Short for Kubernetes." in appendix
    # …plain renderings and plain kept terms are not.
    assert "chorromil" not in appendix and not re.search(r"\bStatefulSets\b", appendix)


@pytest.mark.slow
def test_spanish_left_and_negation_flips_are_located_by_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "1-lunes.md").write_text("# Lunes\n\nMaría López habló de Kubernetes.\n", encoding="utf-8")
    (tmp_path / "seeds" / "2-martes.md").write_text(
        "---\ntitle: Viaje\n---\n# Martes\n\n- Nadie vino a la plática.\n- Hubo pláticas.\n", encoding="utf-8"
    )
    (tmp_path / "glossary.yaml").write_text("base: false\n", encoding="utf-8")  # no help: leftovers remain
    (tmp_path / "output").mkdir()
    english = (
        "# Monday\n\nMaría López spoke about Kubernetes.\n\n"
        "# Tuesday\n\n- Anybody came to the plática.\n- There were pláticas.\n"
    )
    code, report = check(tmp_path, english)
    assert code == 0
    found = {(f["kind"], f["where"], f["message"]) for f in report["findings"]}
    assert ("untranslated", "seeds/2-martes.md:6", "Spanish word 'plática' left untranslated") in found
    assert ("untranslated", "seeds/2-martes.md:7", "Spanish word 'pláticas' left untranslated") in found
    assert any(kind == "negation" and where == "seeds/2-martes.md:6" for kind, where, _ in found)
    assert not any("María" in message or "López" in message for _, _, message in found)  # names
    assert report["counts"] == {"negation": 1, "untranslated": 2}
    summary = run_cli("check", cwd=tmp_path).stdout
    assert "warnings: untranslated (2)" in summary and "seeds/2-martes.md:7: Spanish word 'pláticas'" in summary


def test_only_the_base_layer_translates_informal_spanish(tmp_path: Path) -> None:
    """A fresh report folder with no glossary entries of its own: slang and shorthand still come out English."""
    (tmp_path / "notes.md").write_text("Tbn vimos una plática bien chida sobre k8s, neta.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    result = run_cli("translate", "notes.md", "--engine", "apertium", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    english = result.stdout
    for spanish in ("tbn", "vimos", "plática", "chida", "neta", "bien"):
        assert spanish not in english.lower(), english
    assert "talk" in english and "k8s" in english


@pytest.mark.parametrize(
    ("spanish", "english", "flagged"),
    [
        ("Despliega a otros ambientes sin cambios.", "It deploys to other environments unchanged.", False),
        ("Funciones sin servidores.", "Serverless functions.", False),
        ("Un disco sin cifrar.", "A non-encrypted disk.", False),
        # Counter-examples: a privative word excuses only "sin", never another negation…
        ("Nadie usa discos sin cifrar.", "Anybody uses unencrypted disks.", True),
        # …and "sin" still needs a negation of some kind in the English.
        ("Despliega sin cambios.", "It deploys changes.", True),
        ("Un servicio sin dueño.", "An understaffed service.", True),  # -ed but "under", not "un"+word
    ],
)
def test_sin_may_become_a_privative_english_word(spanish: str, english: str, flagged: bool) -> None:
    from tripreport.qa.checks import negation_flips

    findings = negation_flips([spanish], english)
    assert bool(findings) == flagged, findings


@pytest.mark.slow
def test_every_word_mended_before_translating_is_shown(tmp_path: Path) -> None:
    """A mend can be wrong (a name read as a word): each one is an info finding in qa.json, listed by
    check, and counted in the build summary, so a person sees it before the report goes out."""
    (tmp_path / "seeds").mkdir()
    notes = "# Día 1\n\nEl proycto usa microservicios y corre en linux.\n"
    (tmp_path / "seeds" / "a.md").write_text(notes, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    built = run_cli("build", "--engine", "apertium", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "3 words read as another before translating" in built.stdout, built.stdout
    report = json.loads((tmp_path / "output" / "qa.json").read_text(encoding="utf-8"))
    mends = {f["message"] for f in report["findings"] if f["kind"] == "mended" and f["level"] == "info"}
    assert mends == {
        "'proycto' read as 'proyecto' (a typo)",
        "'microservicios' read as 'microservices' (a cognate)",
        "'linux' read as 'Linux' (capitals)",
    }
    assert report["info"] == 3 and report["errors"] == 0
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0 and "seeds/a.md:3: 'proycto' read as 'proyecto' (a typo)" in checked.stdout


@pytest.mark.slow
def test_spanish_left_on_the_cover_is_found_too(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    notes = "---\ntitle: Notas de la SREcon Américas 2024\n---\n# Día 1\n\nVimos charlas.\n"
    (tmp_path / "seeds" / "a.md").write_text(notes, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    built = run_cli("build", "--engine", "apertium", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    report = json.loads((tmp_path / "output" / "qa.json").read_text(encoding="utf-8"))
    assert any(f["kind"] == "untranslated" and "'Américas'" in f["message"] for f in report["findings"]), report


def test_every_check_names_its_level_and_the_kinds_it_finds() -> None:
    """The checks are a list of named rules: each finds only the kinds it declares, all of them
    kinds a report knows (an ``"image"`` finding outside ``Kind`` was a defect)."""
    from typing import get_args

    from tripreport.document import parse
    from tripreport.glossary import Glossary
    from tripreport.images import Problem
    from tripreport.notes import Meta, Notes
    from tripreport.qa import Kind, check
    from tripreport.qa.checks import REVIEWED_CHECKS, UNIT_CHECKS, image_findings

    kinds = set(get_args(Kind))
    names = [rule.name for rule in UNIT_CHECKS + REVIEWED_CHECKS]
    assert len(names) == len(set(names))
    assert all(set(rule.kinds) <= kinds for rule in UNIT_CHECKS + REVIEWED_CHECKS)
    spanish = parse(Notes(Meta(), "Corre en https://k8s.io con 3 nodos y no falla :)\n"))
    english = parse(Notes(Meta(), "It runs on k8s with nodes and fails zk9z.\n"))
    report = check(spanish, english, Glossary())
    assert {f.kind for f in report.findings} >= {"url", "number", "emoticon", "negation", "placeholder"}
    declared = {(rule.level, kind) for rule in UNIT_CHECKS for kind in rule.kinds}
    assert all((f.level, f.kind) in declared for f in report.findings if f.kind != "untranslated")
    shown = image_findings([Problem("notes.md:3", "foto.jpg", "no such file")])
    assert [f.kind for f in shown] == ["image"] and "image" in kinds


def test_no_kind_is_named_like_a_review_state_and_an_earlier_qa_json_still_reads() -> None:
    """A kind "reviewed" sat beside the review page's "Reviewed" filter: it is "lost-in-correction"
    now, and a ``qa.json`` written before reads with the new name."""
    from typing import get_args

    from tripreport.postedit import ReviewState
    from tripreport.qa import Kind, findings_of
    from tripreport.qa.findings import RENAMED

    assert not set(get_args(Kind)) & set(get_args(ReviewState))
    assert set(RENAMED.values()) <= set(get_args(Kind))
    old = {"level": "warning", "kind": "reviewed", "message": "reviewed translation lost url 'x'", "unit": 3}
    found = findings_of(json.dumps({"findings": [old, {**old, "kind": "url"}]}))
    assert [f.kind for f in found] == ["lost-in-correction", "url"] and found[0].unit == 3
    assert findings_of("not json") == [] and findings_of('{"findings": [{"nope": 1}]}') == []


# --- `check` and the build agree -------------------------------------------------------------------


@pytest.mark.slow
def test_check_gives_the_build_s_findings_and_counts_on_the_real_notes(built_report: Path, tmp_path: Path) -> None:
    import shutil

    from tripreport.progress import plural

    folder = tmp_path / "report"
    shutil.copytree(built_report, folder, symlinks=True)
    built = (folder / "output" / "qa.json").read_text(encoding="utf-8")
    counts = json.loads(built)
    result = run_cli("check", cwd=folder)
    assert result.returncode == (1 if counts["errors"] else 0), result.stderr
    expected = f"QA: {plural(counts['errors'], 'error')}, {plural(counts['warnings'], 'warning')}"
    assert result.stdout.splitlines()[0] == expected
    assert (folder / "output" / "qa.json").read_text(encoding="utf-8") == built  # nothing dropped, nothing added


REVIEWED = """# Día 1

- Vimos 3 demos de k8s.
- Nadie llegó tarde.
"""


def review_in_po(folder: Path, spanish: str, english: str) -> None:
    """A person's English for one passage, as a PO editor saves it."""
    import polib

    po = polib.pofile(str(folder / "translations" / "report.en.po"))
    entry = po.find(spanish)
    assert entry is not None, spanish
    entry.msgstr = english
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    po.save()


@pytest.mark.slow
def test_a_link_a_person_adds_is_that_passage_s_warning_and_check_agrees(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notes.md").write_text(REVIEWED, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s]\n", encoding="utf-8")
    assert run_cli("build", "--engine", "apertium", cwd=tmp_path).returncode == 0
    linked = "We saw 3 [k8s](https://k8s.io) demos."
    review_in_po(tmp_path, "Vimos 3 demos de k8s.", linked)
    built = run_cli("build", "--engine", "apertium", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    report = json.loads((tmp_path / "output" / "qa.json").read_text(encoding="utf-8"))
    assert report["errors"] == 0 and "structure" not in report["counts"]  # not the whole report's error…
    (warning,) = [f for f in report["findings"] if f["kind"] == "links-in-correction"]  # …the passage's warning
    assert warning["level"] == "warning" and warning["where"] == "seeds/notes.md:3"
    assert "1 links, the Spanish 0" in warning["message"] and "Vimos 3 demos" in warning["message"]
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stdout.startswith("QA: 0 errors, 1 warning\n"), checked.stdout
    assert json.loads((tmp_path / "output" / "qa.json").read_text(encoding="utf-8")) == report

    # A hand edit of the English since the build: what check finds there is added to the build's.
    english = tmp_path / "output" / "report.en.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Nobody", "Somebody"), encoding="utf-8")
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stdout.startswith("QA: 0 errors, 2 warnings\n"), checked.stdout
    kinds_now = [f["kind"] for f in json.loads((tmp_path / "output" / "qa.json").read_text())["findings"]]
    assert sorted(kinds_now) == ["links-in-correction", "negation"]


@pytest.mark.slow
def test_an_unknown_word_kept_as_written_is_named_for_the_reviewer(tmp_path: Path) -> None:
    """A word no dictionary knows, kept because no mend had evidence enough (*ideaca*: an
    augmentative of idea, not a typo of *ideara*), is an info finding of its own kind naming the
    passage; check lists it again; a word mended stays a mend."""
    (tmp_path / "seeds").mkdir()
    notes = "# Día 1\n\nTuvimos una ideaca con el proycto.\n"
    (tmp_path / "seeds" / "a.md").write_text(notes, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    built = run_cli("build", "--engine", "apertium", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "1 word no dictionary knows, kept as written" in built.stdout, built.stdout
    report = json.loads((tmp_path / "output" / "qa.json").read_text(encoding="utf-8"))
    unknown = [f for f in report["findings"] if f["kind"] == "unknown-word"]
    assert [(f["level"], f["subject"], f["where"]) for f in unknown] == [("info", "ideaca", "seeds/a.md:3")]
    assert unknown[0]["source"].startswith("Tuvimos una ideaca")
    assert [f["message"] for f in report["findings"] if f["kind"] == "mended"] == [
        "'proycto' read as 'proyecto' (a typo)"
    ]
    assert report["errors"] == 0 and report["counts"]["unknown-word"] == 1
    checked = run_cli("check", cwd=tmp_path)
    assert checked.returncode == 0 and "seeds/a.md:3: 'ideaca' is in no dictionary" in checked.stdout, checked.stdout
