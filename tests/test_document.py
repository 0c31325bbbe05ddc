"""The document model: parsing, protection of non-prose, and the round trip back to Markdown."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEED, run_cli

from tripreport.document import markdown_parser, parse
from tripreport.notes import read_notes
from tripreport.pieces import Protected, protect_prose


def block_structure(markdown: str) -> list[tuple[str, str, int]]:
    """The block tokens of ``markdown``: what must survive translation unchanged."""
    return [(t.type, t.tag, t.level) for t in markdown_parser().parse(markdown) if t.type != "inline"]


def link_targets(markdown: str) -> list[str]:
    tokens = markdown_parser().parse(markdown)
    return [c.attrGet("href") for t in tokens for c in t.children or [] if c.type == "link_open"]


def body(markdown: str) -> str:
    return re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)


UNTOUCHABLES = [
    "https://github.com/errordeveloper/prom-nodejs-demo/tree/v0-start",
    "github.com/nuclio/nuclio",
    "github.com/catalystcode/project-fortis-pipeline",
    "thecodeteam.com",
    ":heart:",
    "<3",
    "tess.IO",
    "README.md",
]


def test_identity_round_trip_keeps_structure_and_untouchables(tmp_path: Path) -> None:
    result = run_cli(
        "translate",
        str(SEED),
        "--engine",
        "identity",
        "--glossary",
        str(SEED.parent.parent / "glossary.yaml"),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    spanish = SEED.read_text(encoding="utf-8")
    assert block_structure(body(result.stdout)) == block_structure(body(spanish))
    for text in UNTOUCHABLES:
        assert spanish.count(text) == result.stdout.count(text), text


def test_inline_markup_code_and_links_survive_identity(tmp_path: Path) -> None:
    source = tmp_path / "n.md"
    source.write_text(
        "# Título con `código`\n\n"
        "- Uno *con énfasis* y **fuerte**, ver [la doc](https://ejemplo.org/a_b) y <https://x.io/y>.\n"
        "  - anidado con `kubectl get pods`\n"
        "\n1. línea uno\ncontinúa aquí\n",
        encoding="utf-8",
    )
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    result = run_cli("translate", str(source), "--engine", "identity", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert block_structure(body(result.stdout)) == block_structure(source.read_text(encoding="utf-8"))
    assert link_targets(result.stdout) == ["https://ejemplo.org/a_b", "https://x.io/y"]
    for code in ("`código`", "`kubectl get pods`", "*con énfasis*", "**fuerte**"):
        assert code in result.stdout
    assert "línea uno continúa aquí" in result.stdout  # the soft break is joined


def test_soft_breaks_are_joined_inside_a_sentence_and_kept_between_sentences(tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text("> Una línea\n> que sigue.\n> Otra frase.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    doc = parse(read_notes(notes))
    assert [u.text for u in doc.units] == ["Una línea\nque sigue.\nOtra frase."]
    result = run_cli("translate", str(notes), "--engine", "identity", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "> Una línea que sigue.\n> Otra frase.\n" in result.stdout


def test_prose_protection_finds_urls_domains_shortcodes_emoticons_numbers() -> None:
    pieces = protect_prose("Ver https://a.io/x. y github.com/n/n, tess.IO :heart: <3 y 4K gentes (a.k.a k8s) :P")
    protected = [(p.kind, p.source) for p in pieces if isinstance(p, Protected)]
    assert protected == [
        ("url", "https://a.io/x"),
        ("domain", "github.com/n/n"),
        ("domain", "tess.IO"),
        ("emoji", ":heart:"),
        ("emoticon", "<3"),
        ("number", "4K"),
        ("foreign", "a.k.a"),
        ("emoticon", ":P"),
    ]


def test_headings_get_unique_ascii_anchors(tmp_path: Path) -> None:
    notes = tmp_path / "n.md"
    notes.write_text("# Día 1\n\n# Día 1\n\n## Más cosas\n", encoding="utf-8")
    doc = parse(read_notes(notes))
    anchors = [t.attrGet("id") for t in doc.tokens if t.type == "heading_open"]
    assert anchors == ["dia-1", "dia-1-2", "mas-cosas"]


def test_file_names_wildcards_and_starred_words_are_protected_but_not_abbreviations_or_numbers() -> None:
    text = "Los *.yaml y app*.log van en config/app.yaml o proyecto.tar.gz, p.ej. 3.5 veces, EE.UU. etc. 7*7 f*ck f* x"
    protected = [(p.kind, p.source) for p in protect_prose(text) if isinstance(p, Protected)]
    assert protected == [
        ("code", "*.yaml"),
        ("code", "app*.log"),
        ("code", "config/app.yaml"),
        ("code", "proyecto.tar.gz"),
        ("number", "3.5"),
        ("code", "7*7"),
        ("code", "f*ck"),
    ]
