"""Reading YAML written by people: safely, with line numbers, and without surprises.

The glossary and the notes' front matter are YAML. Both are read with PyYAML's safe
loader (libyaml's when there is one), every mapping remembers its line (``__line__``) and its keys' (``__key_lines__``)
so errors can name it, a key given twice is an error, and aliases (``*name``) are
refused: a few lines of aliases can expand into billions of values.
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

LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(text: str, where: str, loader: type = LineLoader, first_line: int = 1) -> Any:
    """Load YAML safely: no aliases (a billion laughs), errors as one line with the line number."""
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + first_line
                raise TripreportError(f"{where}:{line}: YAML aliases (*name) are not allowed; write the value out")
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = f":{mark.line + first_line}" if mark else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise TripreportError(f"{where}{line}: not valid YAML: {problem}") from None
