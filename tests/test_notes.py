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


@pytest.mark.slow
def test_a_jekyll_post_builds_and_its_unused_keys_are_named_once_with_verbose(jekyll: tuple[Path, str]) -> None:
    _, log = jekyll
    named = [line for line in log.splitlines() if "front matter keys not used" in line]
    assert named == [
        "tripreport: seeds/post.md: front matter keys not used: layout, gh-badge, tags, comments, permalink, draft"
    ]


@pytest.mark.slow
def test_unused_keys_are_not_named_without_verbose(tmp_path: Path) -> None:
    result = build(tmp_path, JEKYLL)
    assert result.returncode == 0, result.stderr
    assert "layout" not in result.stderr and "not used" not in result.stderr


@pytest.mark.slow
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


@pytest.mark.slow
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


# --- authors as blogs write them, and keys tripreport does not use, whatever their values --------

JEKYLL_AUTHOR = """---
layout: post
title: Crónica del meetup
author:
  name: Ana Pérez
  twitter: anaperez
  avatar: {url: /img/ana.png, size: 64}
image:
  - {path: /img/portada.png, alt: null}
published: true
rating: 4.5
last_modified_at: 2024-02-30
sitemap: {priority: 0.8, exclude: false}
---
# Día 1

Hoy vimos charlas muy buenas.
"""

HUGO_AUTHORS = """+++
title = "Notas del taller"
authors = ["Ana Pérez", "Luis Gil", "Inés Soto"]
date = 2019-03-14T09:30:00Z
lastmod = 2019-03-15
draft = false
weight = 3.0
series = []

[[resources]]
src = "fotos/*.jpg"
[resources.params]
credits = "Ana"

[params.social]
mastodon = "@ana"
+++
# Día 1

El taller fue muy bueno.
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("notes", "spanish", "english"),
    [
        (JEKYLL_AUTHOR, "Ana Pérez", "Ana Pérez"),
        (HUGO_AUTHORS, "Ana Pérez, Luis Gil e Inés Soto", "Ana Pérez, Luis Gil and Inés Soto"),
    ],
    ids=["jekyll-mapping", "hugo-list"],
)
@pytest.mark.slow
def test_an_author_mapping_or_list_builds_and_names_the_authors_on_each_cover(
    tmp_path: Path, notes: str, spanish: str, english: str
) -> None:
    result = build(tmp_path, notes)
    assert result.returncode == 0, result.stderr
    output = tmp_path / "output"
    for name, authors in (("report.es.html", spanish), ("report.en.html", english)):
        html = output / name
        assert f'<p class="author">{authors}</p>' in html.read_text(encoding="utf-8"), name
    assert f"author: {english}\n" in (output / "report.en.md").read_text(encoding="utf-8")
    assert "twitter" not in cover_text(output / "report.es.pdf") and spanish in cover_text(output / "report.es.pdf")


@pytest.mark.parametrize(
    ("front", "author", "author_en"),
    [
        ("---\nauthor: {name: Ana Pérez, twitter: anaperez}\n---\n", "Ana Pérez", None),  # Jekyll
        ("---\nauthor:\n  name: Ana Pérez\n  links: [{x: 1}]\n---\n", "Ana Pérez", None),
        ("---\nauthor: [Ana]\n---\n", "Ana", None),
        ("---\nauthors: [Ana, Luis]\n---\n", "Ana y Luis", "Ana and Luis"),  # Hugo
        ("---\nauthors: [Ana, Luis, Eva]\n---\n", "Ana, Luis y Eva", "Ana, Luis and Eva"),
        ("---\nauthors:\n  - name: Ana\n    bio: x\n  - name: Luis\n---\n", "Ana y Luis", "Ana and Luis"),
        ("---\nauthor: [Luis, Inés]\n---\n", "Luis e Inés", "Luis and Inés"),  # "e" before the sound i
        ("---\nauthor: [Luis, Hilda]\n---\n", "Luis e Hilda", "Luis and Hilda"),
        ("---\nauthor: [Luis, Hugo]\n---\n", "Luis y Hugo", "Luis and Hugo"),
        ("---\nauthor: [Eva, Iolanda]\n---\n", "Eva y Iolanda", "Eva and Iolanda"),  # a diphthong keeps "y"
        ("---\nauthors: [Ana, Luis]\nauthor: Eva\n---\n", "Eva", None),  # author wins, in any order
        ("---\nauthor: Eva\nauthors: [Ana, Luis]\n---\n", "Eva", None),
        ("---\nauthors: [Ana, Luis]\nauthor_en: A. and L.\n---\n", "Ana y Luis", "A. and L."),
        ("---\nauthor_en: A. and L.\nauthors: [Ana, Luis]\n---\n", "Ana y Luis", "A. and L."),
        ("---\nauthors: []\nauthor: null\n---\n", None, None),
        ('+++\nauthors = ["Ana", "Luis"]\n+++\n', "Ana y Luis", "Ana and Luis"),
        ('+++\n[[authors]]\nname = "Ana"\n[[authors]]\nname = "Luis"\n+++\n', "Ana y Luis", "Ana and Luis"),
        ('+++\n[author]\nname = "Ana"\nemail = "a@b.c"\n+++\n', "Ana", None),
        ('+++\nauthor.name = "Ana"\n+++\n', "Ana", None),
    ],
)
def test_authors_are_read_from_text_mappings_and_lists(front: str, author: str | None, author_en: str | None) -> None:
    values = split_front_matter(Path("a.md"), front + "Hola.\n")[0].values
    assert (values.get("author"), values.get("author_en")) == (author, author_en)


@pytest.mark.parametrize(
    "front",
    [
        "---\nimage: {path: /a.png, alt: null}\nsitemap:\n  priority: 0.8\n  nested: {deep: [1, {x: y}]}\n---\n",
        "---\ngallery:\n  - {src: a.jpg, caption: null}\n  - {src: b.jpg, when: 2024-01-02}\n---\n",
        "---\nlastmod: 2024-02-03T10:00:00Z\nexpiry: 2024-02-30\npublished: false\nweight: 1e400\nnothing:\n---\n",
        "---\n2024: año\ntrue: verdad\n---\n",
        "+++\nlastmod = 2019-03-15T10:00:00+01:00\nat = 10:30:00\nweight = 3.5\nhidden = false\n+++\n",
        '+++\n[params]\nmath = true\n[params.cover]\nimage = "a.png"\n[[resources]]\nsrc = "b"\n+++\n',
    ],
)
def test_keys_tripreport_does_not_use_are_ignored_whatever_their_values(front: str) -> None:
    matter, body = split_front_matter(Path("a.md"), front + "Hola.\n")
    assert matter.values == {} and matter.ignored and body == "Hola.\n"


@pytest.mark.parametrize(
    ("front", "value"),
    [
        ("---\ntitle: 3.10\n---\n", "3.10"),  # not 3.1
        ("---\ntitle: 1984\n---\n", "1984"),
        ("---\ntitle: 0x1F\n---\n", "0x1F"),  # not 31
        ("---\ntitle: 2024-02-30\n---\n", "2024-02-30"),  # no such day: the text written
        ("+++\ntitle = 3.10\n+++\n", "3.10"),
    ],
)
def test_a_title_that_yaml_or_toml_reads_as_a_number_is_the_text_written(front: str, value: str) -> None:
    assert split_front_matter(Path("a.md"), front + "Hola.\n")[0].values["title"] == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "---\nlayout: post\nauthor:\n  twitter: ana\n---\n",
            "a.md:4: front matter 'author' gives a mapping without a 'name'",
        ),
        ("---\nauthors:\n  - name: Ana\n  - twitter: luis\n---\n", "a.md:4: front matter 'authors' gives a mapping"),
        ("---\nauthor: {twitter: ana}\n---\n", "a.md:2: front matter 'author' gives a mapping without a 'name'"),
        ("---\nauthor: [[Ana, Luis]]\n---\n", "a.md:2: front matter 'author' must be a name, a mapping with a 'name'"),
        ("---\nauthor: {name: [Ana]}\n---\n", "a.md:2: front matter 'author' must be a name"),
        ("---\nauthor: true\n---\n", "a.md:2: front matter 'author' must be a name"),
        ('+++\ntitle = "x"\n\n[author]\ntwitter = "ana"\n+++\n', "a.md:4: front matter 'author' gives a mapping"),
        ('+++\ntitle = "x"\n[[authors]]\nemail = "a@b.c"\n+++\n', "a.md:3: front matter 'authors' gives a mapping"),
        ("---\ntitle: yes\n---\n", "a.md:2: front matter 'title' must be a piece of text, not bool (put it in quotes)"),
        ("---\ntitle: {name: Hola}\n---\n", "a.md:2: front matter 'title' must be a piece of text, not dict"),
        ("---\n? [a, b]\n: c\n---\n", "a.md:2: not valid YAML: a list or a mapping cannot be a key"),
    ],
)
def test_a_value_tripreport_cannot_read_is_an_error_with_its_line(text: str, message: str) -> None:
    with pytest.raises(TripreportError, match=re.escape(message)):
        split_front_matter(Path("a.md"), text)
