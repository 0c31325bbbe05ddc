"""Reading YAML written by people: safely, with line numbers, and without surprises.

The glossary and the notes' front matter are YAML. Both are read with PyYAML's safe
loader (libyaml's when there is one), every mapping remembers its line (``__line__``) and its keys' (``__key_lines__``)
so errors can name it, a key given twice is an error, and aliases (``*name``) are
refused: a few lines of aliases can expand into billions of values. A value that looks like
a date but is none (``2024-02-30``) is its text, not a crash.
"""

from __future__ import annotations

from typing import Any

import yaml

from tripreport.errors import TripreportError

# libyaml's parser when PyYAML has it: ten times faster on a glossary of this size.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """A safe loader that remembers each mapping's line and refuses duplicate keys."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    lines: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            hash(key)
        except TypeError:  # a list or a mapping as a key (``? [a, b]``)
            raise yaml.constructor.ConstructorError(
                None, None, "a list or a mapping cannot be a key", key_node.start_mark
            ) from None
        if key in lines:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        lines[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node)
    mapping["__line__"] = node.start_mark.line + 1
    mapping["__key_lines__"] = lines
    return mapping


def without_lines(value: Any) -> Any:
    """``value`` with the ``__line__`` and ``__key_lines__`` keys taken out, all the way down."""
    if isinstance(value, dict):
        return {k: without_lines(v) for k, v in value.items() if k not in LINE_KEYS}
    if isinstance(value, list):
        return [without_lines(v) for v in value]
    return value


LINE_KEYS = ("__line__", "__key_lines__")


def _construct_timestamp(loader: LineLoader, node: yaml.ScalarNode) -> Any:
    """A date as a date; one that looks like a date but is none (2024-02-30) as the text written."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class NumbersAsWritten(LineLoader):
    """A :class:`LineLoader` that reads numbers as the text written: for values that are text
    (a title ``3.10`` stays "3.10", not 3.1; ``0x1F`` stays "0x1F", not 31)."""


for _number in ("int", "float"):
    NumbersAsWritten.add_constructor(f"tag:yaml.org,2002:{_number}", yaml.constructor.SafeConstructor.construct_scalar)


def read_yaml(text: str, where: str, loader: type = LineLoader, first_line: int = 1) -> Any:
    """Load YAML safely: no aliases (a billion laughs), errors as one line with the line number."""
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = (event.start_mark.line if event.start_mark else 0) + first_line
                raise TripreportError(f"{where}:{line}: YAML aliases (*name) are not allowed; write the value out")
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        raise TripreportError(yaml_error(err, where, first_line, text)) from None


# What PyYAML names, as an error's context, for a piece of YAML that opens on one line and
# must close later: left open, it is fixed on the line where it opens, not where the parser
# gave up (the next line, or the end of the file).
OPENED = {"flow sequence": "'['", "flow mapping": "'{'", "quoted scalar": "quote"}


def yaml_error(err: yaml.YAMLError, where: str, first_line: int = 1, text: str = "") -> str:
    """One line for a YAML error, naming the line to fix (``first_line``: the text's first line in its file).

    PyYAML (and libyaml) mark two places: where the parser gave up (``problem_mark``) and the
    construct it was reading (``context_mark``). The first is right for block style (a bad
    indent, a tab, a stray character); for a bracket, brace or quote left open it is the
    line after, or the end of the file, and the construct's own line is the one to fix.
    """
    problem = getattr(err, "problem", None) or "invalid YAML"
    problem_mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    context = getattr(err, "context", None) or ""
    mark = problem_mark or context_mark
    if mark is None:
        return f"{where}: not valid YAML: {problem}"
    line = mark.line + first_line
    if problem_mark is not None and context_mark is not None and context_mark.line < problem_mark.line:
        start = context_mark.line + first_line
        opened = next((what for name, what in OPENED.items() if name in context), None)
        if opened is not None:
            until = "by the end of the file" if problem_mark.index >= len(text.rstrip()) else f"before line {line}"
            opened_here = f"the {opened} opened on this line is not closed {until}"
            return f"{where}:{start}: not valid YAML: {opened_here} ({problem})"
        if "simple key" in context:  # a key without its ':' (PyYAML looks for it on the next line)
            return f"{where}:{start}: not valid YAML: {problem} after the key on this line"
    return f"{where}:{line}: not valid YAML: {problem}"
