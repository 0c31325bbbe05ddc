"""The review page's data, saving through the PO code, and who may call it (pipeline/review/).

Builds are real (Apertium, in this process so their data can be read); requests go through
the same function serve answers them with. The page in a real browser is in
tests/test_review_page.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from conftest import install, run_cli

from tripreport import build as recipe
from tripreport import postedit, serve
from tripreport.config import BuildConfig
from tripreport.engines import EngineName
from tripreport.review import api, history, markup
from tripreport.review.guard import MAX_BODY, TOKEN_HEADER, Guard, Refused
from tripreport.review.second import SecondEngine
from tripreport.review.session import ReviewSession
from tripreport.tools import Tools

NOTES = """---
title: Viaje de prueba
---

# Día 1

- Vimos k8s y Helm con la gente del proycto.
- Nadie sabe qué pasó con el cluster.
- Un <script>alert(1)</script> en una lista.

| Charla | Sala |
|---|---|
| Helm en producción | Sala grande |

![La keynote](fotos/no-existe.jpg)

# Día 2

Un párrafo final con `kubectl get pods`.
"""
GLOSSARY = """keep:
  - {term: k8s, ignore_case: true, note: Short for Kubernetes.}
  - Helm
terms:
  - {es: [la gente], en: the folks, note: "Friendly: the people."}
"""
PO = Path("translations/report.en.po")
PORT = 8000
HOST = f"127.0.0.1:{PORT}"


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notas.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # as a user runs tripreport: from the report folder
    return tmp_path


CONFIG = BuildConfig(engine=EngineName.apertium)


def built() -> recipe.BuildResult:
    return recipe.build(CONFIG)


def session_of(result: recipe.BuildResult, saves: list[int] | None = None) -> ReviewSession:
    session = ReviewSession(CONFIG.translations, CONFIG.memory, lambda: saves.append(1) if saves is not None else None)
    assert result.translated is not None
    session.update(result.translated)
    return session


def by_spanish(data: dict, text: str) -> dict:
    return next(u for u in data["units"] if text in u["es"])


def headers(token: str, **more: str) -> dict[str, str]:
    return {
        "Host": HOST,
        "Origin": f"http://{HOST}",
        TOKEN_HEADER: token,
        "Content-Type": "application/json",
        "Sec-Fetch-Site": "same-origin",
        **more,
    }


def post(session: ReviewSession, guard: Guard, body: dict, **changed: str | None) -> api.Answer:
    """A save as the page sends it, with some headers changed (None: left out)."""
    raw = json.dumps(body).encode("utf-8")
    sent = {**headers(guard.token), "Content-Length": str(len(raw)), **changed}
    sent = {k: v for k, v in sent.items() if v is not None}
    return api.answer(session, guard, "POST", "/__tripreport/review/save", "", sent, lambda n: raw[:n], "/events")


# --- the data ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_units_come_in_document_order_by_day_with_their_kind_terms_flags_and_mended_words(report: Path) -> None:
    data = session_of(built()).page_data()
    assert [d["title"] for d in data["days"]] == ["", "Día 1", "Día 2"]
    spanish = [re.sub(r"<[^>]+>", "", u["es"]) for u in data["units"]]
    assert spanish[0] == "Viaje de prueba" and spanish[-1] == "Un párrafo final con kubectl get pods."
    kinds = {s: (u["kind"], u["day"]) for s, u in zip(spanish, data["units"], strict=True)}
    assert kinds["Viaje de prueba"] == ("cover", 0)
    assert kinds["Día 1"] == ("heading", 1)
    assert kinds["Nadie sabe qué pasó con el cluster."] == ("item", 1)
    assert kinds["Helm en producción"] == ("cell", 1)
    assert kinds["La keynote"] == ("caption", 1)
    assert kinds["Un párrafo final con kubectl get pods."] == ("paragraph", 2)

    first = by_spanish(data, "Vimos k8s")
    assert first["where"] == "seeds/notas.md:7" and first["state"] == "machine"
    assert "machine" not in first  # the machine's English is the English shown: sent once
    terms = {data["terms"][i]["es"]: data["terms"][i] for i in first["terms"]}  # each term sent once
    assert len(data["terms"]) == len({(t["es"], t["en"]) for t in data["terms"]})
    assert terms["k8s"] == {"es": "k8s", "en": "k8s", "kept": True, "note": "Short for Kubernetes."}
    assert terms["la gente"]["en"] == "the folks" and terms["la gente"]["note"] == "Friendly: the people."
    assert {"written": "proycto", "read": "proyecto", "reading": "a typo"} in first["mended"]
    assert not any(f["kind"] == "mended" for u in data["units"] for f in u["flags"])  # mended words are notes
    assert "mended" not in data["counts"]["kinds"] and data["counts"]["mended"] >= 1
    # Raw HTML in the notes is shown as in the editions (a <script> dropped with its content by the
    # allow-list); the photo nobody can see is about the whole report.
    listed = by_spanish(data, "lista")["es"]
    assert listed.startswith("Un ") and "script" not in listed and "alert" not in listed
    assert any(f["kind"] == "image" and "no-existe.jpg" in f["message"] for f in data["report"])


def test_untranslated_words_are_flagged_on_their_unit_with_the_word(report: Path) -> None:
    notes = report / "seeds" / "notas.md"
    notes.write_text(NOTES.replace("Nadie sabe", "Nadie sabe oque"), encoding="utf-8")
    data = session_of(built()).page_data()
    unit = by_spanish(data, "Nadie sabe oque")
    leftovers = [f for f in unit["flags"] if f["kind"] == "untranslated"]
    assert leftovers and leftovers[0]["subject"] == "oque" and "oque" in unit["english"]
    assert data["counts"]["kinds"]["untranslated"] >= 1


@pytest.mark.slow
def test_the_counts_are_those_of_build_json(report: Path) -> None:
    session = session_of(built())
    session.save({"unit": by_spanish(session.page_data(), "Nadie")["id"], **reviewed(session, "Nadie", "No idea.")})
    result = built()
    counts = session_of(result).page_data()["counts"]
    summary = json.loads(run_cli("build", "--engine", "apertium", "--json", cwd=report).stdout.splitlines()[-1])
    assert summary["outputs"] and set(summary["outputs"].values()) == {"unchanged"}  # the same build, remembered
    for name in ("units", "reviewed", "needs_review", "flagged"):
        assert counts[name] == summary[name], name
    assert counts["reviewed"] == 1 and counts["units"] == len(polib.pofile(str(report / PO)))


def reviewed(session: ReviewSession, spanish: str, english: str) -> dict:
    unit = by_spanish(session.page_data(), spanish)
    return {"revision": unit["revision"], "action": "review", "english": english}


# --- saving -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_save_is_the_po_entry_a_po_editor_writes_and_the_next_build_uses_it(report: Path) -> None:
    saves: list[int] = []
    session = session_of(built(), saves)
    unit = by_spanish(session.page_data(), "Nadie")
    status, answer = session.save({"unit": unit["id"], **reviewed(session, "Nadie", "Nobody has a *clue*.\n")})
    assert status == 200 and answer["unit"]["state"] == "reviewed" and saves == [1]
    assert answer["unit"]["en"] == "Nobody has a <em>clue</em>."
    entry = postedit.entry_for(polib.pofile(str(report / PO)), postedit.Key("Nadie sabe qué pasó con el cluster."))
    assert entry.msgstr == "Nobody has a *clue*." and "fuzzy" not in entry.flags and entry.previous_msgid is None
    check = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(report / PO)], capture_output=True)
    assert check.returncode == 0, check.stderr
    assert answer["unit"]["revision"] == postedit.revision(entry)

    result = built()
    assert result.translation.reviewed == 1
    assert "Nobody has a <em>clue</em>." in (report / "output" / "report.en.html").read_text(encoding="utf-8")
    # The same English saved again changes nothing, so it asks for no rebuild.
    session = session_of(result, saves)
    status, _ = session.save({"unit": unit["id"], **reviewed(session, "Nadie", "Nobody has a *clue*.")})
    assert status == 200 and saves == [1]


@pytest.mark.slow
def test_changed_spanish_shows_needs_review_with_the_earlier_english_and_how_it_changed(report: Path) -> None:
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Nadie")
    session.save({"unit": unit["id"], **reviewed(session, "Nadie", "Nobody knows what broke the cluster.")})
    built()
    notes = report / "seeds" / "notas.md"
    notes.write_text(NOTES.replace("con el cluster.", "con el cluster de pruebas."), encoding="utf-8")
    session = session_of(built())
    data = session.page_data()
    unit = by_spanish(data, "Nadie")
    assert unit["state"] == "needs-review" and data["counts"]["needs_review"] == 1
    assert unit["earlier"] == "Nobody knows what broke the cluster."
    assert "machine" not in unit and "Nobody knows what broke" not in unit["english"]  # the machine's, shown
    assert ["+", " de pruebas"] in unit["diff"] or any(op == "+" and "pruebas" in text for op, text in unit["diff"])
    assert "".join(text for op, text in unit["diff"] if op != "+") == "Nadie sabe qué pasó con el cluster."
    # Sent back to the machine: fuzzy, no previous Spanish; the next build gives the machine's English.
    status, answer = session.save({"unit": unit["id"], "revision": unit["revision"], "action": "machine"})
    assert status == 200 and answer["unit"]["state"] == "machine"
    after = session_of(built()).page_data()
    assert by_spanish(after, "Nadie")["state"] == "machine" and after["counts"]["needs_review"] == 0


@pytest.mark.slow
def test_a_save_is_refused_when_the_entry_changed_on_disk_and_the_file_is_left_alone(report: Path) -> None:
    session = session_of(built())
    page = session.page_data()
    unit = by_spanish(page, "Nadie")
    po = polib.pofile(str(report / PO))  # a text editor's save of the same entry
    entry = postedit.entry_for(po, postedit.Key("Nadie sabe qué pasó con el cluster."))
    postedit.confirm(entry, "Edited in a text editor.")
    po.save()
    before = (report / PO).read_bytes()
    body = {"unit": unit["id"], "revision": unit["revision"], "action": "review", "english": "x"}
    status, answer = session.save(body)
    assert status == 409 and "changed in the PO file" in answer["error"]
    assert answer["unit"]["state"] == "reviewed" and answer["unit"]["english"] == "Edited in a text editor."
    assert (report / PO).read_bytes() == before
    # Another entry's change is not this one's: its save goes through, and keeps the text editor's.
    other = by_spanish(page, "párrafo final")
    status, _ = session.save({"unit": other["id"], "revision": other["revision"], "action": "review", "english": "Z."})
    assert status == 200
    texts = {e.msgstr for e in polib.pofile(str(report / PO))}
    assert {"Edited in a text editor.", "Z."} <= texts


@pytest.mark.slow
def test_a_save_over_machine_english_a_build_refreshed_meanwhile_goes_through(report: Path) -> None:
    """After M, the next build writes the machine's English into the entry: a correction typed
    over the English the page showed before that build has nobody's English to overwrite."""
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Nadie")
    po = polib.pofile(str(report / PO))  # the build's refresh of a machine entry
    entry = postedit.entry_for(po, postedit.Key("Nadie sabe qué pasó con el cluster."))
    assert postedit.state(entry) == "machine"
    entry.msgstr = "Nobody knows what happened to the cluster, refreshed."
    po.save()
    body = {"unit": unit["id"], "revision": unit["revision"], "action": "review", "english": "Nobody knows."}
    status, answer = session.save(body)
    assert status == 200 and answer["unit"]["state"] == "reviewed"
    assert entry_of(report).msgstr == "Nobody knows."
    pasts = [p.english for p in history.read(entry_of(report))]
    assert "Nobody knows what happened to the cluster, refreshed." in pasts  # the machine's, in the history


# --- nothing saved is lost: each passage's history ----------------------------------------------------


def entry_of(folder: Path, spanish: str = "Nadie sabe qué pasó con el cluster.") -> polib.POEntry:
    entry = postedit.entry_for(polib.pofile(str(folder / PO)), postedit.Key(spanish))
    assert entry is not None
    return entry


@pytest.mark.slow
def test_each_save_keeps_the_english_it_replaces_in_the_entrys_history_and_builds_carry_it(report: Path) -> None:
    session = session_of(built())
    machine = by_spanish(session.page_data(), "Nadie")["english"]
    unit = by_spanish(session.page_data(), "Nadie")["id"]
    for english in ("Nobody knows.", "Nobody has a clue."):
        assert session.save({"unit": unit, **reviewed(session, "Nadie", english)})[0] == 200
    revision = by_spanish(session.page_data(), "Nadie")["revision"]
    status, answer = session.save({"unit": unit, "revision": revision, "action": "machine"})
    assert status == 200
    wanted = [("machine", machine), ("person", "Nobody knows."), ("person", "Nobody has a clue.")]
    assert [(p.who, p.english) for p in history.read(entry_of(report))] == wanted
    assert [(h["who"], h["english"]) for h in answer["unit"]["history"]] == wanted
    assert all(line.startswith("history ") for line in entry_of(report).tcomment.splitlines())  # "# history …"
    # Confirmed again: kept by the build, and carried with the English when the Spanish changes.
    status, _ = session.save({"unit": unit, **reviewed(session, "Nadie", "Nobody has a clue.")})
    session = session_of(built())
    notes = report / "seeds" / "notas.md"
    notes.write_text(NOTES.replace("con el cluster.", "con el cluster de pruebas."), encoding="utf-8")
    data = by_spanish(session_of(built()).page_data(), "Nadie")
    assert data["state"] == "needs-review"
    assert [(h["who"], h["english"]) for h in data["history"]] == wanted  # the last English, saved again: once
    check = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(report / PO)], capture_output=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.slow
def test_history_goes_with_a_passage_sent_back_to_the_machine_when_its_spanish_changes(report: Path) -> None:
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Nadie")["id"]
    session.save({"unit": unit, **reviewed(session, "Nadie", "Nobody knows.")})
    revision = by_spanish(session.page_data(), "Nadie")["revision"]
    session.save({"unit": unit, "revision": revision, "action": "machine"})
    built()
    notes = report / "seeds" / "notas.md"
    notes.write_text(NOTES.replace("con el cluster.", "con el cluster de pruebas."), encoding="utf-8")
    data = by_spanish(session_of(built()).page_data(), "Nadie")
    assert data["state"] == "machine" and "Nobody knows." in [h["english"] for h in data["history"]]


@pytest.mark.slow
def test_c_on_a_passage_that_needs_review_keeps_the_earlier_english_in_its_history(report: Path) -> None:
    session = session_of(built())
    session.save({"unit": by_spanish(session.page_data(), "Nadie")["id"], **reviewed(session, "Nadie", "Mine.")})
    built()
    (report / "seeds" / "notas.md").write_text(NOTES.replace("el cluster.", "el cluster 2."), encoding="utf-8")
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Nadie")
    assert unit["state"] == "needs-review" and unit["earlier"] == "Mine."
    status, answer = session.save({"unit": unit["id"], **reviewed(session, "Nadie", unit["english"])})  # C
    assert status == 200 and answer["unit"]["state"] == "reviewed"
    assert [h["english"] for h in answer["unit"]["history"]][-2:] == ["Mine.", unit["english"]]


@pytest.mark.parametrize(
    "written",
    [
        "a note of my own",
        "history 2025-01-01T10:00Z person not-json",
        'history 2025-01-01T10:00Z robot "who?"',
        'history 2025-01-01T10:00Z person ["a list"]',
        'history 2025-01-01T10:00Z person ""',
        "history " + "x" * 100_000,
    ],
)
@pytest.mark.slow
def test_comments_that_are_not_history_stay_as_written_and_read_as_no_history(report: Path, written: str) -> None:
    session = session_of(built())
    po = polib.pofile(str(report / PO), wrapwidth=0)  # as a PO editor writes comments: unwrapped
    postedit.entry_for(po, postedit.Key("Nadie sabe qué pasó con el cluster.")).tcomment = written
    po.save()
    assert by_spanish(session.page_data(), "Nadie").get("history") is None
    session.save({"unit": by_spanish(session.page_data(), "Nadie")["id"], **reviewed(session, "Nadie", "Mine.")})
    lines = entry_of(report).tcomment.split("\n")
    assert lines[0] == written and [p.english for p in history.read(entry_of(report))][-1] == "Mine."


@pytest.mark.slow
def test_history_holds_any_text_on_one_line_and_the_page_gets_it_as_text(report: Path) -> None:
    session = session_of(built())
    hostile = 'A "quote", a \\ and\u2028a line separator <img src=x onerror=alert(1)> #~ msgid "x"'
    session.save({"unit": by_spanish(session.page_data(), "Nadie")["id"], **reviewed(session, "Nadie", hostile)})
    check = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(report / PO)], capture_output=True)
    assert check.returncode == 0, check.stderr
    entry = entry_of(report)
    assert len(entry.tcomment.splitlines()) == 2 and history.read(entry)[-1].english == hostile
    shown = by_spanish(session_of(built()).page_data(), "Nadie")["history"][-1]
    assert shown["english"] == hostile and "onerror" not in shown["html"] and "<img" not in shown["html"]
    tags = Tags()
    tags.feed(shown["html"])
    assert tags.tags == []


def test_a_history_is_kept_to_its_last_lines(report: Path) -> None:
    entry = polib.POEntry(msgid="x", msgstr="y", tcomment="mine")
    for n in range(history.LIMIT + 5):
        history.record(entry, [history.Past(f"English {n}", "person", "2025-01-01T10:00Z")])
    kept = history.read(entry)
    assert len(kept) == history.LIMIT and kept[-1].english == f"English {history.LIMIT + 4}"
    assert entry.tcomment.split("\n")[0] == "mine"


def test_a_history_line_a_po_tool_wrapped_reads_whole_again(tmp_path: Path) -> None:
    texts = ['A "quote", a \\ and ' + "many words " * 30, "ends with a backslash \\", "Supercalifragilistic" * 5]
    entry = polib.POEntry(msgid="x", msgstr="y", tcomment="mine")
    history.record(entry, [history.Past(text, "person", "2025-01-01T10:00Z") for text in texts])
    po = polib.POFile()  # polib's default: comments wrapped at 78 characters
    po.append(entry)
    po.save(str(tmp_path / "wrapped.po"))
    assert len((tmp_path / "wrapped.po").read_text(encoding="utf-8").splitlines()) > 10
    again = polib.pofile(str(tmp_path / "wrapped.po")).find("x")
    assert [p.english for p in history.read(again)] == texts
    history.record(again, [history.Past("one more", "person", "2025-01-02T10:00Z")])
    assert again.tcomment.split("\n")[0] == "mine" and len(history.read(again)) == 4


# --- what the page shows follows each save -------------------------------------------------------------


@pytest.mark.slow
def test_a_saved_english_is_checked_at_once_and_the_counts_follow(report: Path) -> None:
    session = session_of(built())
    data = session.page_data()
    unit = by_spanish(data, "Vimos k8s")
    status, answer = session.save({"unit": unit["id"], **reviewed(session, "Vimos k8s", "We saw Helm with the folks.")})
    assert status == 200
    flags = answer["unit"]["flags"]
    assert [(f["level"], f["kind"], f["subject"]) for f in flags] == [("warning", "lost-in-correction", "k8s")]
    after = session.page_data()["counts"]
    assert after["reviewed"] == data["counts"]["reviewed"] + 1 and after["kinds"]["lost-in-correction"] == 1
    built()  # the build finds what the page said
    qa = json.loads((report / "output" / "qa.json").read_text(encoding="utf-8"))
    assert [f["subject"] for f in qa["findings"] if f["kind"] == "lost-in-correction"] == ["k8s"]
    status, answer = session.save({"unit": unit["id"], **reviewed(session, "Vimos k8s", "We saw k8s and Helm.")})
    assert answer["unit"]["flags"] == []


def test_the_preview_shows_english_as_the_editions_will_and_names_what_the_allow_list_removed(report: Path) -> None:
    session, guard = session_of(built()), Guard(PORT)

    def preview(english: str, **changed: str | None) -> api.Answer:
        raw = json.dumps({"english": english}).encode("utf-8")
        sent = {**headers(guard.token), "Content-Length": str(len(raw)), **changed}
        sent = {k: v for k, v in sent.items() if v is not None}
        return api.answer(session, guard, "POST", "/__tripreport/review/preview", "", sent, lambda n: raw[:n], "/e")

    answer = preview("We saw <script>alert(1)</script> and <b onclick='x()'>**this**</b> <img src=x>.")
    assert answer.status == 200
    data = json.loads(answer.body)
    assert "alert" not in data["html"] and "onclick" not in data["html"] and "<strong>this</strong>" in data["html"]
    assert data["removed"] == ["<script> with its content", "onclick of <b>", "<img>"]
    assert json.loads(preview("cd <la carpeta> y **ya**").body)["removed"] == []  # text that looks like a tag
    assert preview("x", **{TOKEN_HEADER: None}).status == 403
    assert preview("x", Origin="http://evil.example").status == 403
    assert preview("x" * 10_001).status == 400
    # Saved, the passage says it too.
    status, saved = session.save(
        {
            "unit": by_spanish(session.page_data(), "Nadie")["id"],
            **reviewed(session, "Nadie", "We saw <script>x</script> it."),
        }
    )
    assert saved["unit"]["removed"] == ["<script> with its content"] and saved["unit"]["en"] == "We saw  it."


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"unit": 9999, "action": "review", "english": "x"}, 404),
        ({"unit": "3", "action": "review", "english": "x"}, 404),
        ({"unit": True, "action": "review", "english": "x"}, 404),
        ({"unit": None, "action": "review", "english": "x"}, 404),
        ({"action": "delete", "english": "x"}, 400),
        ({"action": "review", "english": "   \n "}, 400),
        ({"action": "review", "english": 42}, 400),
        ({"action": "review", "english": "a\x00b"}, 400),
        ({"action": "review", "english": "a" * 10_001}, 400),
        ({"action": "review", "english": "x", "revision": 7}, 400),
    ],
)
@pytest.mark.slow
def test_unknown_units_and_malformed_saves_are_refused_and_change_nothing(
    report: Path, body: dict, status: int
) -> None:
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Nadie")
    before = (report / PO).read_bytes()
    with pytest.raises(Refused) as refused:
        session.save({"unit": unit["id"], "revision": unit["revision"], **body})
    assert refused.value.status == status
    assert (report / PO).read_bytes() == before


# --- who may call -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changed",
    [
        {TOKEN_HEADER: None},  # no token
        {TOKEN_HEADER: "not-the-token"},
        {"Origin": "http://evil.example"},  # a page on another site (CSRF)
        {"Origin": "null"},  # a sandboxed frame or a file
        {"Origin": None},  # a write that does not say where it comes from
        {"Sec-Fetch-Site": "cross-site"},
        {"Host": "evil.example:8000", "Origin": "http://evil.example:8000"},  # DNS rebinding
        {"Host": "127.0.0.1:9999", "Origin": "http://127.0.0.1:9999"},  # another port: another server
        {"Host": None},
    ],
)
@pytest.mark.slow
def test_a_write_without_the_token_or_from_elsewhere_is_refused_and_the_po_file_stays(
    report: Path, changed: dict
) -> None:
    session, guard = session_of(built()), Guard(PORT)
    unit = by_spanish(session.page_data(), "Nadie")
    body = {"unit": unit["id"], **reviewed(session, "Nadie", "Written by someone else.")}
    before = (report / PO).read_bytes()
    answer = post(session, guard, body, **changed)
    assert answer.status == 403, answer.body
    assert (report / PO).read_bytes() == before
    assert post(session, guard, body).status == 200  # the same save from the page goes through


@pytest.mark.slow
def test_the_token_in_the_address_does_not_count(report: Path) -> None:
    session, guard = session_of(built()), Guard(PORT)
    sent = {k: v for k, v in headers(guard.token).items() if k != TOKEN_HEADER}
    answer = api.answer(
        session, guard, "GET", "/__tripreport/review/units", f"token={guard.token}", sent, lambda n: b"", "/e"
    )
    assert answer.status == 403


@pytest.mark.slow
def test_reading_the_passages_needs_the_token_and_this_machines_name(report: Path) -> None:
    session, guard = session_of(built()), Guard(PORT)

    def get(path: str, sent: dict) -> api.Answer:
        return api.answer(session, guard, "GET", path, "", sent, lambda n: b"", "/e")

    good = {"Host": HOST, TOKEN_HEADER: guard.token}
    assert get("/__tripreport/review/units", good).status == 200
    assert get("/__tripreport/review/units", {"Host": HOST}).status == 403
    assert get("/__tripreport/review/units", {**good, "Host": "rebound.example:8000"}).status == 403
    assert get("/review", {"Host": "rebound.example:8000"}).status == 403  # the token is never shown elsewhere
    assert get("/__tripreport/review/units", {**good, "Origin": "http://evil.example"}).status == 403
    assert get("/__tripreport/review/nothing", good).status == 404


@pytest.mark.parametrize(
    ("changed", "status"),
    [
        ({"Content-Length": str(MAX_BODY + 1)}, 413),
        ({"Content-Length": None}, 411),
        ({"Transfer-Encoding": "chunked"}, 411),
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
    ],
)
@pytest.mark.slow
def test_bodies_are_json_of_a_known_and_limited_size(report: Path, changed: dict, status: int) -> None:
    session, guard = session_of(built()), Guard(PORT)
    read: list[int] = []
    sent = {**headers(guard.token), "Content-Length": "10", **changed}
    sent = {k: v for k, v in sent.items() if v is not None}
    answer = api.answer(
        session, guard, "POST", "/__tripreport/review/save", "", sent, lambda n: read.append(n) or b"{}", "/e"
    )
    assert answer.status == status
    assert read == []  # refused before reading a byte of it


@pytest.mark.slow
def test_a_body_that_is_not_a_json_object_is_refused(report: Path) -> None:
    session, guard = session_of(built()), Guard(PORT)
    for raw in (b"not json", b"[1, 2]", b"\xff\xfe"):
        sent = {**headers(guard.token), "Content-Length": str(len(raw))}
        read = lambda n, raw=raw: raw[:n]  # noqa: E731
        answer = api.answer(session, guard, "POST", "/__tripreport/review/save", "", sent, read, "/e")
        assert answer.status == 400, raw


@pytest.mark.slow
def test_no_review_page_when_serving_beyond_this_machine(report: Path) -> None:
    session = session_of(built())
    answer = api.answer(session, None, "GET", "/review", "", {"Host": "192.168.1.5:8000"}, lambda n: b"", "/e")
    assert answer.status == 403 and b"127.0.0.1" in answer.body


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.slow
def test_the_page_holds_the_token_runs_only_its_own_script_and_ships_small(report: Path) -> None:
    session, guard = session_of(built()), Guard(PORT)
    answer = api.answer(session, guard, "GET", "/review", "", {"Host": HOST}, lambda n: b"", "/__tripreport/events")
    assert answer.status == 200
    policy = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    tags = Tags()
    tags.feed(answer.body.decode("utf-8"))
    scripts = [attrs for tag, attrs in tags.tags if tag == "script"]
    assert scripts == [
        {"type": "module", "src": "/__tripreport/review.js"},
        {"src": "/__tripreport/review-glossary.js", "defer": None},
    ]
    assert {"name": "tripreport-token", "content": guard.token} in [a for t, a in tags.tags if t == "meta"]
    assert not any(key.startswith("on") for _, attrs in tags.tags for key in attrs)
    assert guard.token != Guard(PORT).token  # one per session
    assets = [api.answer(session, guard, "GET", path, "", {"Host": HOST}, lambda n: b"", "/e") for path in api.ASSETS]
    sizes = [len(answer.body) for answer in assets]
    assert sum(sizes) <= 80 * 1024, sizes
    for path, answer in zip(api.ASSETS, assets, strict=True):
        assert answer.status == 200, path
        assert b"http://" not in answer.body and b"https://" not in answer.body  # nothing from elsewhere
        for module in re.findall(rb'from "\./([\w-]+\.js)"', answer.body):  # every module it imports is served
            assert f"/__tripreport/{module.decode()}" in api.ASSETS, (path, module)


def test_a_persons_english_is_rendered_as_the_notes_are(report: Path) -> None:
    html = markup.inline_html("<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)> **ok**")
    tags = Tags()
    tags.feed(html)
    assert [tag for tag, _ in tags.tags] == ["strong"]
    assert "alert(1)" not in html and "onerror" not in html  # dropped by the allow-list, as in the editions


# --- a second engine --------------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_engine_suggests_its_english_and_remembers_it(
    report: Path, short_argos_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packages = report / "packages"
    install(short_argos_model, packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    session = session_of(built())
    unit = by_spanish(session.page_data(), "Nadie")
    assert session.page_data()["second"] == "argos"
    suggestion = session.suggestion(unit["id"])
    assert suggestion["engine"] == "argos" and "zephyr" in suggestion["english"]
    session.close()
    import sqlite3

    with sqlite3.connect(report / ".tripreport" / "memory.sqlite") as db:
        keys = {row[0] for row in db.execute("SELECT engine FROM segments")}
    assert any(key.startswith("argos ") for key in keys)  # asked again, it comes from the memory
    again = SecondEngine(CONFIG.memory)
    assert (
        again.translate("apertium", "Nadie sabe qué pasó con el cluster.", session.snapshot().translated.glossary)[1]
        == suggestion["english"]
    )
    again.close()


@pytest.mark.slow
def test_no_second_engine_without_another_installed(report: Path) -> None:
    session = session_of(built())
    assert session.page_data()["second"] is None
    with pytest.raises(Refused) as refused:
        session.suggestion(by_spanish(session.page_data(), "Nadie")["id"])
    assert refused.value.status == 503 and "models install" in refused.value.reason


# --- serve: a save while a build runs -----------------------------------------------------------


@pytest.mark.slow
def test_a_save_that_arrives_while_a_build_renders_is_kept(report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = CONFIG
    live, changed = serve.LiveState(), serve.Changes()
    watched = serve.Watched(config)
    lines: list[str] = []
    session = serve.review_session(config, watched, changed)
    tools = Tools(keep_warm=True)
    try:
        serve.rebuild(config, tools, live, changed, watched, session, lines.append, lambda update: None)
        unit = by_spanish(session.page_data(), "Nadie")
        real_render = recipe.render_texts
        calls: list[int] = []

        def render_while_a_save_arrives(*args, **kwargs):
            if not calls:  # the person saves while the build is past reading the PO file
                calls.append(1)
                status, _ = session.save({"unit": unit["id"], **reviewed(session, "Nadie", "Saved mid-build.")})
                assert status == 200
            return real_render(*args, **kwargs)

        monkeypatch.setattr(recipe, "render_texts", render_while_a_save_arrives)
        notes = report / "seeds" / "notas.md"
        notes.write_text(NOTES.replace("Día 2", "Día dos"), encoding="utf-8")
        serve.rebuild(config, tools, live, changed, watched, session, lines.append, lambda update: None)
    finally:
        session.close()
        tools.close()
    entry = postedit.entry_for(polib.pofile(str(report / PO)), postedit.Key("Nadie sabe qué pasó con el cluster."))
    assert entry.msgstr == "Saved mid-build." and "fuzzy" not in entry.flags
    english = (report / "output" / "report.en.html").read_text(encoding="utf-8")
    assert "Saved mid-build." in english and "Day two" in english


@pytest.mark.slow
def test_a_save_asks_for_one_rebuild_and_the_watcher_ignores_its_write(report: Path) -> None:
    from watchfiles import Change

    config, changed = CONFIG, serve.Changes()
    watched = serve.Watched(config)
    result = built()
    watched.remember_own()  # as serve does after each build
    session = serve.review_session(config, watched, changed)
    session.update(result.translated)
    session.save({"unit": by_spanish(session.page_data(), "Nadie")["id"], **reviewed(session, "Nadie", "Mine.")})
    assert changed.is_set()  # one rebuild…
    assert not watched(Change.modified, str((report / PO).absolute()))  # …and the file's change is no second one
    polib_file = polib.pofile(str(report / PO))
    polib_file.find("Nadie sabe qué pasó con el cluster.").msgstr = "A text editor's."
    polib_file.save()
    assert watched(Change.modified, str((report / PO).absolute()))  # someone else's write is a change


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("localhost", False),
    ],
)
def test_only_a_loopback_address_counts_as_this_machine(address: str, loopback: bool) -> None:
    from tripreport.review.guard import is_loopback

    assert is_loopback(address) is loopback


@pytest.mark.slow
def test_serving_beyond_this_machine_has_no_review_page(tmp_path: Path) -> None:
    session = ReviewSession(tmp_path / "report.en.po", tmp_path / "memory.sqlite")
    stopping = threading.Event()
    for host, reviews in (("0.0.0.0", False), ("127.0.0.1", True)):
        server, guard = serve.start_server(tmp_path, host, 0, serve.LiveState(), stopping, session)
        try:
            assert (guard is not None) is reviews
            assert guard is None or guard.port == server.server_address[1]
        finally:
            stopping.set()
            server.shutdown()
            server.server_close()


@pytest.mark.slow
def test_a_serve_whose_first_build_finds_nothing_to_do_still_has_the_units(report: Path) -> None:
    built()
    outputs = {p.name: p.read_bytes() for p in (report / "output").iterdir()}
    po = (report / PO).read_bytes()
    changed, lines, live = serve.Changes(), [], serve.LiveState()
    watched = serve.Watched(CONFIG)
    session = serve.review_session(CONFIG, watched, changed)
    tools = Tools(keep_warm=True)
    try:
        result = serve.rebuild(CONFIG, tools, live, changed, watched, session, lines.append, lambda _: None)
    finally:
        tools.close()
    assert result is not None and result.translated is None and lines == ["up to date"]
    data = session.page_data()
    assert by_spanish(data, "Nadie")["state"] == "machine" and data["counts"]["units"] == result.units
    assert {p.name: p.read_bytes() for p in (report / "output").iterdir()} == outputs  # nothing written
    assert (report / PO).read_bytes() == po
