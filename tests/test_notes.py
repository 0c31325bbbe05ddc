"""Reading the notes' front matter as blogs and static sites write it: Jekyll's and Obsidian's YAML,
Hugo's TOML, keys tripreport does not use ignored (and named with -v), ``date`` for the cover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader

from tripreport.errors import TripreportError
from tripreport.notes import split_front_matter

JEKYLL = """---
layout: post
title: Crónica de la conferencia
subtitle: Tres días muy intensos
description: Lo que aprendimos en las charlas
gh-badge: [star, fork, follow]
tags: [test, charlas]
comments: true
date: 2024-09-29 10:00:00 -0300
permalink: /blog/cronica/
draft: false
---
# Día 1

Hoy vimos muchas charlas buenas.
"""

HUGO = """+++
title = "Notas del taller"
date = 2019-03-14T09:30:00Z
draft = true
tags = ["docker", "taller"]

[params]
author = "otra persona"
+++
# Día 1

El taller fue muy bueno.
"""


def build(folder: Path, notes: str, *args: str):
    (folder / "seeds").mkdir(parents=True, exist_ok=True)
    (folder / "seeds" / "post.md").write_text(notes, encoding="utf-8")
    (folder / "glossary.yaml").write_text("", encoding="utf-8")
    return run_cli("build", "--engine", "apertium", *args, cwd=folder)


def cover_text(pdf: Path) -> str:
    return PdfReader(pdf).pages[0].extract_text()


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("jekyll")
    result = build(folder, JEKYLL, "-v")
    assert result.returncode == 0, result.stderr
    return folder, result.stderr


def test_a_jekyll_post_builds_and_its_unused_keys_are_named_once_with_verbose(jekyll: tuple[Path, str]) -> None:
    _, log = jekyll
    named = [line for line in log.splitlines() if "front matter keys not used" in line]
    assert named == [
        "tripreport: seeds/post.md: front matter keys not used: layout, gh-badge, tags, comments, permalink, draft"
    ]


def test_unused_keys_are_not_named_without_verbose(tmp_path: Path) -> None:
    result = build(tmp_path, JEKYLL)
    assert result.returncode == 0, result.stderr
    assert "layout" not in result.stderr and "not used" not in result.stderr


def test_the_cover_has_the_subtitle_description_and_the_post_date(jekyll: tuple[Path, str]) -> None:
    folder, _ = jekyll
    spanish = cover_text(folder / "output" / "report.es.pdf")
    for text in ("Crónica de la conferencia", "Tres días muy intensos", "Lo que aprendimos en las charlas"):
        assert text in spanish
    assert "2024-09-29" in spanish and "10:00" not in spanish  # the day, not the time
    english = cover_text(folder / "output" / "report.en.pdf")
    assert "Chronicle of the conference" in english
    assert "Three" in english and "intense" in english and "Tres días" not in english  # the subtitle, translated
    assert "learnt" in english or "learned" in english  # the description, translated
    assert "2024-09-29" in english
    html = (folder / "output" / "report.en.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="subtitle">[^<]*intense[^<]*</p>', html)
    markdown = (folder / "output" / "report.en.md").read_text(encoding="utf-8")
    assert "layout" not in markdown and "subtitle: Three" in markdown


def test_hugo_toml_front_matter_is_read(tmp_path: Path) -> None:
    result = build(tmp_path, HUGO, "-v")
    assert result.returncode == 0, result.stderr
    assert "seeds/post.md: front matter keys not used: draft, tags, params" in result.stderr
    spanish = cover_text(tmp_path / "output" / "report.es.pdf")
    assert "Notas del taller" in spanish and "2019-03-14" in spanish
    assert "otra persona" not in spanish  # [params] is Hugo's, not ours
    html = (tmp_path / "output" / "report.en.html").read_text(encoding="utf-8")
    assert "workshop" in html.lower() and "+++" not in html


@pytest.mark.parametrize(
    ("front", "dates"),
    [
        ("---\ndate: 2024-09-29\n---\n", "2024-09-29"),
        ("---\ndate: 2018-11-12T10:00:00Z\n---\n", "2018-11-12"),
        ("---\ndate: 29 de septiembre de 2024\n---\n", "29 de septiembre de 2024"),
        ("---\ndates: 6 al 8 de diciembre\ndate: 2017-12-06\n---\n", "6 al 8 de diciembre"),  # dates wins
        ("---\ndate: 2017-12-06\ndates: 6 al 8 de diciembre\n---\n", "6 al 8 de diciembre"),
        ("+++\ndate = 2019-03-14\n+++\n", "2019-03-14"),
        ('+++\ndate = "2019-03-14 09:30:00 +0100"\n+++\n', "2019-03-14"),
    ],
)
def test_date_is_the_covers_dates_when_dates_is_absent(front: str, dates: str) -> None:
    values, _ = split_front_matter(Path("a.md"), front + "Hola.\n")
    assert values.values["dates"] == dates


def test_unused_keys_are_listed_in_their_order_and_values_of_any_type_pass() -> None:
    front, body = split_front_matter(
        Path("a.md"), "---\nlayout: post\ntags: [a, b]\ngh-badge: {x: 1}\ntitle: Hola\n---\nCuerpo\n"
    )
    assert front.values == {"title": "Hola"}
    assert front.ignored == ("layout", "tags", "gh-badge")
    assert body == "Cuerpo\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "---\nlayout: post\nsubtitle: [a]\n---\n",
            "a.md:3: front matter 'subtitle' must be a piece of text, not list",
        ),
        ("+++\nlayout = 'post'\ndescription = {a = 1}\n+++\n", "a.md:3: front matter 'description' must be"),
        ("+++\ntitle = 'x'\n", "a.md:1: front matter starts with '+++' but never ends"),
        ("+++\ntitle = \n+++\n", "a.md:2: not valid TOML"),
    ],
)
def test_keys_tripreport_uses_are_checked_with_their_line(text: str, message: str) -> None:
    with pytest.raises(TripreportError, match=re.escape(message)):
        split_front_matter(Path("a.md"), text)
