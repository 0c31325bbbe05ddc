"""Post-editing: the PO file beside the notes, human translations winning, msgmerge rules, absorb."""

from __future__ import annotations

import json
import re
import signal
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import run_cli, start_killed_after_rename
from pypdf import PdfReader

NOTES = """# Día 1

- Vimos una charla sobre k8s en https://ejemplo.org/k8s.
- Nadie sabe qué pasó con el cluster.
- Repetido.
- Repetido.

Un párrafo final con `kubectl get pods`.
"""
PO = Path("translations/report.en.po")


@pytest.fixture
def report(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "notas.md").write_text(NOTES, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("keep: [k8s]\n", encoding="utf-8")
    return tmp_path


def build(folder: Path, *args: str) -> dict:
    result = run_cli("build", "--engine", "apertium", "--json", *args, cwd=folder)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def entries(folder: Path) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(folder / PO))}


def confirm(folder: Path, changes: dict[str, str]) -> None:
    """What a translator does in Poedit: write the English, clear "needs work"."""
    po = polib.pofile(str(folder / PO))
    for entry in po:
        if entry.msgid in changes and not entry.msgctxt:
            entry.msgstr = changes[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()


def english(folder: Path) -> dict[str, str]:
    out = folder / "output"
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out / "report.en.pdf").pages)
    return {
        "md": (out / "report.en.md").read_text(encoding="utf-8"),
        "html": (out / "report.en.html").read_text(encoding="utf-8"),
        "bilingual": (out / "report.bilingual.html").read_text(encoding="utf-8"),
        "pdf": pdf,
    }


@pytest.mark.slow
def test_every_build_writes_a_valid_po_file_with_one_entry_per_unit(report: Path) -> None:
    build(report)
    check = subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(report / PO)], capture_output=True)
    assert check.returncode == 0, check.stderr
    found = entries(report)
    assert set(found) == {
        (None, "Día 1"),
        (None, "Vimos una charla sobre k8s en https://ejemplo.org/k8s."),
        (None, "Nadie sabe qué pasó con el cluster."),
        (None, "Repetido."),
        ("occurrence 2", "Repetido."),  # the same Spanish twice: a context tells them apart
        (None, "Un párrafo final con `kubectl get pods`."),
    }
    entry = found[(None, "Nadie sabe qué pasó con el cluster.")]
    assert entry.occurrences == [("seeds/notas.md", "4")]
    assert "fuzzy" in entry.flags and entry.msgstr.startswith("Nobody knows")
    assert "qué pasó → what happened" in entry.comment and "Nadie → Nobody" not in entry.comment
    assert "k8s (kept as written)" in found[(None, "Vimos una charla sobre k8s en https://ejemplo.org/k8s.")].comment
    # A no-op rebuild leaves the file alone.
    before = (report / PO).stat().st_mtime_ns
    build(report)
    assert (report / PO).stat().st_mtime_ns == before


@pytest.mark.slow
def test_confirmed_entries_are_used_verbatim_in_every_edition_and_fuzzy_ones_are_not(report: Path) -> None:
    build(report)
    confirm(report, {"Nadie sabe qué pasó con el cluster.": "Nobody has a clue what *broke* the cluster."})
    po = polib.pofile(str(report / PO))
    for entry in po:  # a fuzzy entry a person wrote but did not confirm
        if entry.msgid == "Vimos una charla sobre k8s en https://ejemplo.org/k8s.":
            entry.msgstr = "UNCONFIRMED ENGLISH"
    po.save()
    summary = build(report)
    assert summary["reviewed"] == 1
    texts = english(report)
    assert "Nobody has a clue what *broke* the cluster." in texts["md"]
    assert "Nobody has a clue what <em>broke</em> the cluster." in texts["html"]
    assert "Nobody has a clue what <em>broke</em> the cluster." in texts["bilingual"]
    assert "Nobody has a clue what broke the cluster." in texts["pdf"]
    assert all("UNCONFIRMED" not in text for text in texts.values())
    assert "review-reviewed" in texts["bilingual"] and "reviewed by a person" in texts["html"]
    # The machine refreshes the fuzzy entry it owns: the unconfirmed text is replaced.
    assert (
        entries(report)[(None, "Vimos una charla sobre k8s en https://ejemplo.org/k8s.")].msgstr
        != "UNCONFIRMED ENGLISH"
    )


@pytest.mark.slow
def test_changed_spanish_keeps_the_human_english_fuzzy_and_a_removed_unit_goes_obsolete(report: Path) -> None:
    build(report)
    confirm(
        report, {"Nadie sabe qué pasó con el cluster.": "Nobody knows what broke the cluster.", "Repetido.": "Again."}
    )
    build(report)
    notes = report / "seeds" / "notas.md"
    text = notes.read_text(encoding="utf-8")
    text = text.replace("Nadie sabe qué pasó con el cluster.", "Nadie sabe qué pasó con el cluster de pruebas.")
    notes.write_text(text.replace("- Repetido.\n- Repetido.\n", ""), encoding="utf-8")
    summary = build(report)
    found = entries(report)
    changed = found[(None, "Nadie sabe qué pasó con el cluster de pruebas.")]
    assert "fuzzy" in changed.flags and changed.previous_msgid == "Nadie sabe qué pasó con el cluster."
    assert changed.msgstr == "Nobody knows what broke the cluster."  # kept, waiting for review
    assert summary["needs_review"] == 1 and summary["reviewed"] == 0
    assert "Nobody knows what broke the cluster." not in english(report)["md"]  # the machine's English meanwhile
    build(report, "--force")  # and the next build does not lose the person's English
    assert entries(report)[(None, "Nadie sabe qué pasó con el cluster de pruebas.")].msgstr == changed.msgstr
    gone = found[(None, "Repetido.")]
    assert gone.obsolete and gone.msgstr == "Again."
    # The Spanish comes back: the obsolete entry comes back with it.
    notes.write_text(notes.read_text(encoding="utf-8") + "\n- Repetido.\n", encoding="utf-8")
    build(report)
    revived = entries(report)[(None, "Repetido.")]
    assert not revived.obsolete and revived.msgstr == "Again." and "fuzzy" not in revived.flags


@pytest.mark.slow
def test_spanish_changed_then_changed_back_is_reviewed_again_in_every_edition(report: Path) -> None:
    build(report)
    confirm(report, {"Nadie sabe qué pasó con el cluster.": "Nobody knows what broke the cluster."})
    po = polib.pofile(str(report / PO))  # a comment a translator wrote stays with the English
    po.find("Nadie sabe qué pasó con el cluster.").tcomment = "asked Ana about this one"
    po.save()
    build(report)
    notes = report / "seeds" / "notas.md"
    original = notes.read_text(encoding="utf-8")
    notes.write_text(original.replace("el cluster.", "el cluster 4."), encoding="utf-8")
    summary = build(report)
    waiting = entries(report)[(None, "Nadie sabe qué pasó con el cluster 4.")]
    assert summary["needs_review"] == 1 and "fuzzy" in waiting.flags
    assert waiting.tcomment == "asked Ana about this one"
    notes.write_text(original, encoding="utf-8")  # the edit undone
    summary = build(report)
    back = entries(report)[(None, "Nadie sabe qué pasó con el cluster.")]
    assert (
        "fuzzy" not in back.flags
        and back.previous_msgid is None
        and back.msgstr == "Nobody knows what broke the cluster."
    )
    assert back.tcomment == "asked Ana about this one"
    assert summary["needs_review"] == 0 and summary["reviewed"] == 1
    for name, text in english(report).items():
        assert "Nobody knows what broke the cluster." in text, name


@pytest.mark.slow
def test_an_entry_left_fuzzy_for_its_own_spanish_is_reviewed(report: Path) -> None:
    build(report)
    po = polib.pofile(str(report / PO))  # what builds before this fix left after an undone edit
    entry = po.find("Nadie sabe qué pasó con el cluster.")
    entry.msgstr, entry.flags, entry.previous_msgid = "Nobody knows.", ["fuzzy"], entry.msgid
    po.save()
    summary = build(report)
    assert summary["reviewed"] == 1 and summary["needs_review"] == 0
    assert "fuzzy" not in entries(report)[(None, "Nadie sabe qué pasó con el cluster.")].flags


@pytest.mark.slow
def test_absorb_records_hand_edits_and_a_hand_edited_markdown_is_not_overwritten(report: Path) -> None:
    build(report)
    markdown = report / "output" / "report.en.md"
    edited = markdown.read_text(encoding="utf-8").replace("# Day 1", "# First day")
    markdown.write_text(edited, encoding="utf-8")
    refused = run_cli("build", "--engine", "apertium", cwd=report)
    assert refused.returncode == 1 and "edited by hand since the last build" in refused.stderr
    assert "tripreport absorb" in refused.stderr
    assert markdown.read_text(encoding="utf-8") == edited  # untouched

    absorbed = run_cli("absorb", cwd=report)
    assert absorbed.returncode == 0, absorbed.stderr
    assert "recorded 1 reviewed passage" in absorbed.stdout
    assert entries(report)[(None, "Día 1")].msgstr == "First day"
    summary = build(report)
    assert summary["reviewed"] == 1 and "# First day" in markdown.read_text(encoding="utf-8")


@pytest.mark.slow
def test_absorb_refuses_an_edit_that_changes_the_structure(report: Path) -> None:
    build(report)
    markdown = report / "output" / "report.en.md"
    text = markdown.read_text(encoding="utf-8")
    markdown.write_text(text.replace("# Day 1\n", "# Day 1\n\nA paragraph I added.\n"), encoding="utf-8")
    before = (report / PO).read_bytes()
    result = run_cli("absorb", cwd=report)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(
        i
        for i, row in enumerate(text.replace("# Day 1\n", "# Day 1\n\nA paragraph I added.\n").splitlines(), 1)
        if row == "A paragraph I added."
    )
    assert f"report.en.md:{line}: the structure differs" in result.stderr and "nothing recorded" in result.stderr
    assert (report / PO).read_bytes() == before


@pytest.mark.slow
def test_force_overwrites_a_hand_edited_markdown(report: Path) -> None:
    build(report)
    markdown = report / "output" / "report.en.md"
    markdown.write_text(markdown.read_text(encoding="utf-8") + "\nMy note.\n", encoding="utf-8")
    build(report, "--force")
    assert "My note." not in markdown.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_broken_po_file_is_one_line_naming_file_and_line_and_nothing_is_written(report: Path) -> None:
    build(report)
    outputs = {p.name: p.read_bytes() for p in (report / "output").iterdir()}
    (report / PO).write_text('msgid "Día 1"\nmsgstr "Day 1\nmsgid "x"\n', encoding="utf-8")
    result = run_cli("build", "--engine", "apertium", cwd=report)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("tripreport: error:")]
    assert len(errors) == 1 and re.search(r"translations/report.en.po:[23]: end-of-line within string", errors[0])
    assert {p.name: p.read_bytes() for p in (report / "output").iterdir()} == outputs


@pytest.mark.slow
def test_qa_warns_when_a_reviewed_translation_loses_a_url_or_a_kept_term(report: Path) -> None:
    build(report)
    confirm(report, {"Vimos una charla sobre k8s en https://ejemplo.org/k8s.": "We saw a talk about Kubernetes."})
    build(report)
    qa = json.loads((report / "output" / "qa.json").read_text(encoding="utf-8"))
    reviewed = [f["message"] for f in qa["findings"] if f["kind"] == "lost-in-correction"]
    assert qa["errors"] == 0 and len(reviewed) == 2
    assert any("'k8s'" in m for m in reviewed) and any("https://ejemplo.org/k8s" in m for m in reviewed)
    assert all("PO entry 'Vimos una charla" in m for m in reviewed)


@pytest.mark.slow
@pytest.mark.parametrize("stopped_after", ["output/report.en.md", ".tripreport/last/report.en.md"])
def test_a_build_stopped_between_renames_does_not_leave_the_english_looking_hand_edited(
    report: Path, stopped_after: str
) -> None:
    build(report)
    notes = report / "seeds" / "notas.md"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Repetido.", "Otra vez.", 1), encoding="utf-8")
    killed = start_killed_after_rename(stopped_after, "build", "--engine", "apertium", cwd=report)
    assert killed.wait(timeout=120) == -signal.SIGKILL  # it did stop right after that rename
    build(report)  # not refused as "edited by hand"
    assert "Again." in (report / "output" / "report.en.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_photo_is_one_entry_its_caption_not_also_its_markdown(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "seeds" / "fotos").mkdir(parents=True)
    Image.new("RGB", (40, 30), "steelblue").save(tmp_path / "seeds" / "fotos" / "x.png")
    notes = "# Día 1\n\n![La keynote de apertura](fotos/x.png)\n\nMira ![el stand](fotos/x.png) de Google.\n"
    (tmp_path / "seeds" / "a.md").write_text(notes, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    build(tmp_path)
    msgids = [msgid for _, msgid in entries(tmp_path)]
    assert "La keynote de apertura" in msgids and "el stand" in msgids  # the captions, to translate
    assert not [m for m in msgids if m.startswith("![")]  # not the photo's line as well
    assert "Mira ![el stand](fotos/x.png) de Google." in msgids  # a line with words keeps its entry
    confirm(tmp_path, {"La keynote de apertura": "The opening keynote"})
    build(tmp_path)
    assert "![The opening keynote](" in (tmp_path / "output" / "report.en.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_bilingual_edition_marks_a_row_waiting_for_confirmation_as_needs_review(report: Path) -> None:
    build(report)
    confirm(report, {"Nadie sabe qué pasó con el cluster.": "Nobody knows what broke the cluster."})
    build(report)
    notes = report / "seeds" / "notas.md"
    notes.write_text(NOTES.replace("con el cluster.", "con el cluster de pruebas."), encoding="utf-8")
    build(report)
    bilingual = english(report)["bilingual"]
    rows = re.findall(r'<tr class="row row-(\w+) review-([\w-]+)">', bilingual)
    assert rows.count(("item", "needs-review")) == 1 and ("item", "reviewed") not in rows
    row = bilingual[bilingual.index('review-needs-review">') :].split("</tr>")[0]
    assert "cluster de pruebas" in row and "needs review" in row
    pdf = " ".join(p.extract_text() for p in PdfReader(report / "output" / "report.bilingual.pdf").pages)
    assert "needs review" in " ".join(pdf.split())
    # Confirmed again, the row is reviewed.
    po = polib.pofile(str(report / PO))
    entry = po.find("Nadie sabe qué pasó con el cluster de pruebas.")
    entry.flags, entry.previous_msgid = [f for f in entry.flags if f != "fuzzy"], None  # Poedit's "needs work" off
    po.save()
    build(report)
    rows = re.findall(r'<tr class="row row-(\w+) review-([\w-]+)">', english(report)["bilingual"])
    assert ("item", "needs-review") not in rows and ("item", "reviewed") in rows


def test_a_translator_reads_the_words_mended_and_the_unknown_words_apart() -> None:
    """A word kept as written is not a mend: the PO comment names it on a line of its own."""
    from tripreport.lexicon import Correction
    from tripreport.postedit import comment_for

    found = {0: (Correction("proycto", "proyecto", "spelling"), Correction("ideaca", "ideaca", "unknown"))}
    assert comment_for((), found, 0).splitlines() == [
        "mended before translating: proycto → proyecto (a typo)",
        "in no dictionary, kept as written: ideaca",
    ]
