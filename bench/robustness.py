"""Trust benchmarks: negation kept, Spanish left in the English of the real notes, kill -9.

- Negation: the sentences of ``bench/negation.tsv`` (written for this benchmark), each
  translated through the pipeline; an English sentence must negate exactly when the
  Spanish does (an English word list of negations: not, no, nobody, nothing, never,
  none, without, n't…, or un-/-less for *sin*).
- Leftovers: a cold build of the real notes; how many Spanish words QA lists in the
  English, and that every one is listed (the QA count equals the words found by an
  independent check: Hunspell's Spanish dictionary knows them and the English does not).
- Product names: each name of ``bench/product-names.txt`` (real software, lower case as people
  type it) in three Spanish sentences; how many the lexicon mends into another word (a typo's
  fix, a cognate: case alone is not counted, *linux* read as *Linux*), and how many are not in
  the English at all (Apertium translates the names that are Spanish words: *cargo*).
- Kept as written: each token of ``bench/kept.tsv`` (not Spanish: channels, handles, abbreviations,
  versions…, each in a Spanish sentence written for it) must be in the English as typed.
- Markup invariance: every sentence of the develop and held-out sets (read as data), plain and in
  eight wrappings (emphasis, bold, a link's text, a list item, a heading, a table cell, a
  footnote, a blockquote), each wrapping in one batch; its English must be the plain one, the
  wrapping's own markup aside.
- Kill -9: builds of the real notes killed at random moments (cold and after an edit);
  afterwards every output is whole or as before, the memory passes
  ``PRAGMA integrity_check``, and the next build gives the same outputs as a clean build.

Run through `make bench` (bench/run.py), or alone: `python bench/robustness.py`.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from common import REPRODUCIBLE, ROOT, Row, scratch, show, start_build, tripreport

NEGATION_SET = Path(__file__).resolve().parent / "negation.tsv"
KEPT_SET = Path(__file__).resolve().parent / "kept.tsv"
INVARIANCE_SETS = ("develop.tsv", "judging.tsv", "judging-world.tsv")
PRODUCT_NAMES = Path(__file__).resolve().parent / "product-names.txt"
NAME_SENTENCES = (
    "Guardamos los datos en {name} y funcionó bien.",
    "El {name} de staging se cayó otra vez.",
    "Migramos todo a {name} la semana pasada.",
)
ENGLISH_NO = re.compile(
    r"(?<!\w)(?:not|no|never|nobody|nothing|none|neither|nor|without|nowhere|cannot)(?!\w)|n[’']t(?!\w)"
    r"|(?<!\w)(?:un|non-?)[a-z]{4,}(?:ed|able|ible)(?!\w)|(?<!\w)[a-z]{3,}less(?!\w)",
    re.IGNORECASE,
)


def negation() -> tuple[int, int, list[str]]:
    """(kept, total, the sentences whose polarity flipped)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from quality import pipeline_translations

    rows = [line.split("\t") for line in NEGATION_SET.read_text(encoding="utf-8").splitlines() if "\t" in line]
    spanish = [es for es, _ in rows]
    english = pipeline_translations(spanish)
    flipped = [
        f"{es} → {en}"
        for (es, negates), en in zip(rows, english, strict=True)
        if bool(ENGLISH_NO.search(en)) != (negates == "yes")
    ]
    return len(rows) - len(flipped), len(rows), flipped


def product_names() -> tuple[int, dict[str, str], list[str]]:
    """(names, name → what the lexicon mended it into, names missing from some English sentence)."""
    sys.path.insert(0, str(ROOT))
    from tripreport.engines.apertium import PLACEHOLDER
    from tripreport.lexicon import Lexicon

    lines = PRODUCT_NAMES.read_text(encoding="utf-8").splitlines()
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    sentences = [s.format(name=name) for name in names for s in NAME_SENTENCES]
    lexicon = Lexicon.load()
    assert lexicon is not None, "the lexicon needs Hunspell (make test-system installs it)"
    try:
        repaired = lexicon.repair(sentences, PLACEHOLDER.pattern)
    finally:
        lexicon.close()
    mended = {
        c.word: f"{c.replacement} ({c.kind})"
        for r in repaired
        for c in r.corrections
        if c.kind not in ("case", "unknown")
    }
    mended = {word: fix for word, fix in mended.items() if word.lower() in names}
    sys.path.insert(0, str(ROOT / "bench"))
    from quality import pipeline_translations

    english = pipeline_translations(sentences)
    missing = sorted(
        {
            name
            for i, name in enumerate(n for n in names for _ in NAME_SENTENCES)
            if not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", english[i], re.IGNORECASE)
        }
    )
    return len(names), mended, missing


def kept_tokens() -> tuple[int, list[str]]:
    """(tokens, the tokens the English changed) over ``bench/kept.tsv``."""
    sys.path.insert(0, str(ROOT / "bench"))
    from quality import pipeline_translations, read_set

    rows = read_set(KEPT_SET)
    english = pipeline_translations([r["es"] for r in rows])
    changed = [f"{r['token']} → {en}" for r, en in zip(rows, english, strict=True) if r["token"] not in en]
    return len(rows), changed


# Each wrapping: the Markdown of one sentence (numbered, for footnotes), its own links as text.
WRAPPINGS = {
    "emphasis": lambda s, n: f"_{s}_" if "*" in s else f"*{s}*",
    "bold": lambda s, n: f"__{s}__" if "*" in s else f"**{s}**",
    "link": lambda s, n: f"[{s}](https://example.com/notas)",
    "list item": lambda s, n: f"- {s}",
    "heading": lambda s, n: f"## {s}",
    "table cell": lambda s, n: f"| Nota |\n| --- |\n| {s.replace('|', chr(92) + '|')} |",
    "footnote": lambda s, n: f"Nota {n}[^n{n}].\n\n[^n{n}]: {s}",
    "blockquote": lambda s, n: f"> {s}",
}


def markup_invariance() -> tuple[int, dict[str, list[str]]]:
    """(sentences, by wrapping the sentences whose English is not the plain one)."""
    sentences = []
    for name in INVARIANCE_SETS:
        path = ROOT / "bench" / name
        if path.is_file():
            sentences += [
                row.split("\t")[2 if name != "develop.tsv" else 3] for row in path.read_text().splitlines()[1:]
            ]
    plain = [re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"^([#>*+-]|\d+[.)])", r"\\\1", s)) for s in sentences]
    plain = [re.sub(r"([\[\]])", r"\\\1", s) for s in plain]
    base = wrapped_english([s for s in plain])
    differ = {}
    for wrapping, wrap in WRAPPINGS.items():
        english = wrapped_english([wrap(s, n) for n, s in enumerate(plain)])
        differ[wrapping] = [text for text, en in base.items() if english.get(text) != en]
    return len(sentences), differ


def wrapped_english(blocks: list[str]) -> dict[str, str]:
    """Notes of ``blocks`` through the pipeline in one batch: each unit's English as inline
    Markdown, the markup wrapping all of it left out, by the unit's Spanish text."""
    sys.path.insert(0, str(ROOT))
    import tempfile

    from markdown_it.token import Token

    from tripreport import engines, render
    from tripreport.document import parse
    from tripreport.glossary import base_glossary
    from tripreport.lexicon import Lexicon
    from tripreport.notes import read_notes
    from tripreport.translation.translate import translate_document

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "notes.md").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        spanish = parse(read_notes(Path(folder) / "notes.md"))
    glossary, lexicon = base_glossary(), Lexicon.load()
    engine = engines.load(engines.EngineName.apertium, options=engines.EngineOptions(glossary.senses))
    try:
        english, _ = translate_document(spanish, glossary, engine, lexicon=lexicon)
    finally:
        engine.close()
        if lexicon is not None:
            lexicon.close()
    found = {}
    for es, en in zip(spanish.units, english.units, strict=True):
        children = [c for c in english.unit_inline(en).children or [] if c.type != "text" or c.content]
        if len(children) > 1 and children[0].nesting == 1 and children[-1].nesting == -1:
            children = children[1:-1]  # the wrapping's own markup
        found[" ".join(es.text.split())] = render.inline_markdown(Token("inline", "", 0, children=children))
    return found


def build(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        tripreport("build", *args), cwd=folder, capture_output=True, text=True, env={**REPRODUCIBLE, **os.environ}
    )


def leftovers() -> tuple[list[str], list[str]]:
    """(Spanish words QA lists in the real notes' English, words an independent check finds
    that QA did not list)."""
    folder = scratch("robust")
    build(folder)
    qa = json.loads((folder / "output" / "qa.json").read_text(encoding="utf-8"))
    listed = {f["subject"] for f in qa["findings"] if f["kind"] == "untranslated"}
    english = (folder / "output" / "report.en.md").read_text(encoding="utf-8")
    body = re.sub(r"`[^`]*`|https?://\S+|\]\([^)]*\)|^---.*?^---", " ", english, flags=re.S | re.M)
    sys.path.insert(0, str(ROOT))
    from tripreport.glossary import load_glossary

    for keep in load_glossary(ROOT / "glossary.yaml").keep:  # written as they are on purpose
        body = re.sub(rf"(?<!\w){re.escape(keep.term)}(?!\w)", " ", body, flags=re.I if keep.ignore_case else 0)
    words = sorted(set(re.findall(r"[^\W\d_]{3,}", body)))
    spanish_ok = set(run_hunspell(words, "es_MX"))
    english_ok = set(run_hunspell(words, "en_US")) | set(run_hunspell(words, "en_GB"))
    found = {w for w in words if w in spanish_ok and w not in english_ok and w.lower() == w}
    shutil.rmtree(folder)
    return sorted(listed), sorted(found - listed)


def run_hunspell(words: list[str], dictionary: str) -> list[str]:
    """The words ``dictionary`` knows (hunspell -G prints the correct ones)."""
    result = subprocess.run(
        ["hunspell", "-d", dictionary, "-G"], input="\n".join(words), capture_output=True, text=True, check=False
    )
    return result.stdout.split()


def outputs_digest(folder: Path) -> dict[str, str]:
    """Each output's digest; a PDF's is of its pages' text (one merged from parts is the same
    document as one laid out whole, but not the same bytes)."""
    return {p.name: content_digest(p) for p in sorted((folder / "output").glob("*")) if not p.name.startswith(".")}


def content_digest(path: Path) -> str:
    if path.suffix != ".pdf":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    from pypdf import PdfReader

    try:
        pages = [page.extract_text() for page in PdfReader(path).pages]
    except Exception:  # noqa: BLE001  (a torn PDF)
        return "unreadable"
    return hashlib.sha256("\f".join(pages).encode()).hexdigest()


def kills(count: int = 30, seed: int = 7) -> dict[str, int]:
    """Builds killed with SIGKILL at random moments; what was wrong afterwards."""
    rng = random.Random(seed)
    clean = scratch("robust")
    build(clean)
    edited_clean = scratch("robust")
    notes = "seeds/kubecon-2017.es.md"
    edit = ("- Kelsey Hightower", "- Kelsey Hightower (otra vez)")
    path = edited_clean / notes
    path.write_text(path.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
    build(edited_clean)
    expected = {"cold": outputs_digest(clean), "edit": outputs_digest(edited_clean)}
    problems = {"torn": 0, "corrupt_memory": 0, "rerun_mismatch": 0}
    for n in range(count):
        kind = "cold" if n % 2 == 0 else "edit"
        folder = scratch("robust")
        if kind == "edit":
            build(folder)
            path = folder / notes
            path.write_text(path.read_text(encoding="utf-8").replace(*edit, 1), encoding="utf-8")
        before = outputs_digest(folder) if (folder / "output").is_dir() else {}
        process = start_build(folder, env={**REPRODUCIBLE, **os.environ})
        time.sleep(rng.uniform(0.1, 3.0))
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        after = outputs_digest(folder) if (folder / "output").is_dir() else {}
        finished = expected[kind]
        for name, value in after.items():  # staged temporaries (dot files) are not outputs
            if value != before.get(name) and value != finished.get(name):
                problems["torn"] += 1
        memory = folder / ".tripreport" / "memory.sqlite"
        if memory.is_file():
            try:
                ok = sqlite3.connect(memory).execute("PRAGMA integrity_check").fetchone()[0]
            except sqlite3.DatabaseError:
                ok = "unreadable"
            problems["corrupt_memory"] += ok != "ok"
        rerun = build(folder)
        if outputs_digest(folder) != finished:
            problems["rerun_mismatch"] += 1
            now = outputs_digest(folder)
            differ = sorted(k for k in {*now, *finished} if finished.get(k) != now.get(k))
            print(f"kill {n} ({kind}): differ after the rerun: {differ}; {rerun.stderr.strip()}", file=sys.stderr)
        shutil.rmtree(folder)
    shutil.rmtree(clean)
    shutil.rmtree(edited_clean)
    return problems


def rows(kill_count: int = 30) -> list[Row]:
    kept, total, flipped = negation()
    tokens, changed = kept_tokens()
    sentences, differ = markup_invariance()
    unlike = sum(len(d) for d in differ.values())
    names, mended, missing = product_names()
    listed, missed = leftovers()
    killed = kills(kill_count)
    for line in flipped:
        print(f"negation flipped: {line}", file=sys.stderr)
    return [
        Row(
            f"negation kept, {total} informal sentences of `bench/negation.tsv`",
            f"{kept}/{total}",
            "≥ 11 in 12",
            kept * 12 >= 11 * total,
        ),
        Row(
            f"tokens that are not Spanish kept as written ({tokens} of `bench/kept.tsv`, each in a sentence)",
            f"{tokens - len(changed)}/{tokens}" + (f" ({'; '.join(changed)})" if changed else ""),
            "100%",
            not changed,
        ),
        Row(
            f"sentences reading the same in {len(differ)} wrappings (develop and held-out sets, {sentences})",
            f"{len(differ) * sentences - unlike}/{len(differ) * sentences}"
            + (f" ({', '.join(f'{w}: {len(d)}' for w, d in differ.items() if d)})" if unlike else ""),
            "100%",
            not unlike,
        ),
        Row(
            f"product names mended into another word ({names} real names, {names * len(NAME_SENTENCES)} sentences)",
            f"{len(mended)}" + (f" ({', '.join(f'{w} → {f}' for w, f in mended.items())})" if mended else ""),
            "0",
            not mended,
        ),
        Row(
            "… names missing from some English sentence (not mended: Apertium translates them)",
            f"{len(missing)} ({', '.join(missing)})" if missing else "0",
        ),
        Row(
            "Spanish words left in the real notes' English, listed by QA",
            f"{len(listed)} ({', '.join(listed)})" if listed else "0",
            "≤ 5",
            len(listed) <= 5,
        ),
        Row(
            "… of them found by Hunspell but not listed by QA",
            f"{len(missed)} ({', '.join(missed)})" if missed else "0",
            "0",
            not missed,
        ),
        Row(
            f"kill -9 at random moments ({kill_count} builds, cold and after an edit)",
            f"{killed['torn']} torn outputs, {killed['corrupt_memory']} corrupt memories, "
            f"{killed['rerun_mismatch']} reruns unlike a clean build",
            "0, 0, 0",
            not any(killed.values()),
        ),
    ]


if __name__ == "__main__":
    show(rows(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
