"""YAML written by people: an error names the line a person must fix, in block and flow style,
with PyYAML's own parser and libyaml's, in the glossary and in a note's front matter."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import run_cli

from tripreport.safeyaml import yaml_error

NINE = (
    "keep:\n  - k8s\n  - Helm\n"
    "terms:\n  - {es: chido, en: cool}\n  - {es: jala, en: works}\n"
    "verbs:\n  - es: deployar\n    en: deploy\n"
)

# (YAML whose line 10 holds the mistake, what the mistake is)
MISTAKES = {
    "a '[' left open, more lines after": (NINE + "normalize: [tbn, q\nfix: {}\n", "'[' opened on this line"),
    "a '[' left open at the end": (NINE + "normalize: [tbn, q\n", "'[' opened on this line"),
    "a '{' left open, more lines after": (NINE + "normalize: {tbn: también\nfix: {}\nbase: true\n", "'{'"),
    "a '{' left open at the end": (NINE + "normalize: {tbn: también\n", "'{' opened on this line"),
    "a quote left open": (NINE + "normalize: {tbn: 'también}\nfix: {}\nbase: true\n", "quote"),
    "a key without its colon": (NINE + "normalize\nfix: {}\n", "expected ':'"),
    "a bad indent": (NINE + " base: true\n", ""),
    "a tab": (NINE + "\tbase: true\n", ""),
    "a stray bracket": (NINE + "base: ]\n", ""),
}
LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_yaml_error_names_the_line_of_the_mistake(loader: type, mistake: str) -> None:
    text, words = MISTAKES[mistake]
    assert NINE.count("\n") == 9  # the mistake is on line 10
    with pytest.raises(yaml.YAMLError) as raised:
        list(yaml.parse(text, Loader=loader))
    message = yaml_error(raised.value, "glossary.yaml", 1, text)
    assert message.startswith("glossary.yaml:10: not valid YAML: "), message
    assert words in message and "\n" not in message


def test_an_unclosed_bracket_in_the_glossary_is_its_line(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.md").write_text("# Día 1\n\nHola.\n", encoding="utf-8")
    for text, _ in (MISTAKES["a '[' left open, more lines after"], MISTAKES["a '{' left open, more lines after"]):
        (tmp_path / "glossary.yaml").write_text(text, encoding="utf-8")
        result = run_cli("build", "--engine", "identity", cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith("tripreport: error: glossary.yaml:10: not valid YAML: the "), result.stderr
        assert not (tmp_path / "output").exists()


def test_front_matter_errors_count_lines_from_the_top_of_the_note(tmp_path: Path) -> None:
    """The front matter's YAML starts on the note's line 2 (after ``---``)."""
    (tmp_path / "seeds").mkdir()
    note = "---\ntitle: Viaje\nevent: [KubeCon, 2017\ndates: 6 al 8 de diciembre\n---\n# Día 1\n\nHola.\n"
    (tmp_path / "seeds" / "a.md").write_text(note, encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("", encoding="utf-8")
    result = run_cli("build", "--engine", "identity", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("tripreport: error: seeds/a.md:3: not valid YAML: the '[' opened"), result.stderr
