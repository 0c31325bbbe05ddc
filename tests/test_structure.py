"""How the code is laid out: no import circle between tripreport's modules (imports inside
functions count; those only for type checkers do not)."""

from __future__ import annotations

import ast
from pathlib import Path

import tripreport

PACKAGE = Path(tripreport.__file__).resolve().parent


def module_name(path: Path) -> str:
    parts = ["tripreport", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "templates" not in p.parts}


def imports(path: Path, known: set[str]) -> set[str]:
    """The tripreport modules ``path`` imports, anywhere but under ``if TYPE_CHECKING``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    checking = {
        id(node)
        for branch in ast.walk(tree)
        if isinstance(branch, ast.If) and "TYPE_CHECKING" in ast.unparse(branch.test)
        for node in ast.walk(branch)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in checking:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module in known:
            for alias in node.names:  # from a package, a submodule by name is that submodule
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in known else node.module)
    return found


def test_no_import_circle() -> None:
    found = modules()
    graph = {name: imports(path, set(found)) - {name} for name, path in found.items()}
    circles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert not circles, circles


def test_the_package_store_imports_no_engine() -> None:
    found = modules()
    store = imports(found["tripreport.engines.argos.store"], set(found))
    assert not [m for m in store if m.startswith("tripreport.engines")]


def test_every_library_the_package_imports_is_a_declared_dependency() -> None:
    """A library used only because another brings it (Pillow through WeasyPrint) breaks the day
    that one stops bringing it: each one imported is named in pyproject.toml."""
    import re
    import sys
    import tomllib
    from importlib import metadata

    from conftest import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    wanted = {re.split(r"[<>=~!\[ ;]", d, maxsplit=1)[0].lower().replace("_", "-") for d in declared}
    distributions = metadata.packages_distributions()
    used = set()
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                used |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                used.add(node.module.split(".")[0])
    third_party = {m for m in used if m not in sys.stdlib_module_names and m != "tripreport"}
    missing = {}
    for name in third_party:
        owners = distributions.get(name, [name])
        if not {owner.lower().replace("_", "-") for owner in owners} & wanted:
            missing[name] = owners
    assert not missing, missing


MAX_MODULE_LINES = 400


def test_no_module_is_over_400_lines() -> None:
    """A module that grows past this holds more than one concern: split it by concern (as
    render/, qa/, cli/, serve/ and the Apertium engine's syntax/ and senses/ were)."""
    long = {
        name: lines
        for name, path in modules().items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, long


def test_every_package_folder_is_installed() -> None:
    """A package folder missing from pyproject.toml's list works in an editable install and is
    absent from a wheel (a plain ``pip install .``)."""
    import tomllib

    from conftest import ROOT

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {
        ".".join(("tripreport", *init.parent.relative_to(PACKAGE).parts))
        for init in PACKAGE.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert folders - listed == set()


def test_templates_take_edition_names_and_labels_from_one_place() -> None:
    """File names live in config.py and the words of a page in the labels: a template that
    spells out ``report.en.html`` or "Bilingual edition" goes stale the day either changes."""
    from tripreport.config import HTML_EDITIONS, pdf_of
    from tripreport.render import LABELS

    names = [*HTML_EDITIONS.values(), *map(pdf_of, HTML_EDITIONS.values())]
    words = {text for labels in LABELS.values() for text in labels.values() if " " in text or len(text) > 7}
    for template in sorted((PACKAGE / "templates").glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        assert not [name for name in names if name in text], template.name
        assert not [word for word in words if f">{word}<" in text], template.name


# The rooms from the inside out: a module may import from its own layer or an inner one, never
# from an outer one (an arrow back up makes the inner room depend on what is built on it).
LAYERS = [
    {"tripreport", "errors", "progress", "paper", "outputs", "streams", "state", "safeyaml", "fonts"},
    {"notes", "rawhtml", "pieces", "document"},  # the notes, read and parsed
    {"glossary", "engines", "lexicon"},  # what the pipeline knows and the engines it runs
    {"config", "cover", "images", "translation", "postedit", "qa", "render", "printing"},  # the stages
    {"model", "tools", "absorb", "one_file", "build"},  # the recipes and their data
    {"review", "serve", "starter", "cli", "__main__"},  # what runs on top of the recipes
]


def room(module: str) -> str:
    """``tripreport.translation.segment`` → ``translation``; the package itself is ``tripreport``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "tripreport"


def test_no_import_runs_from_an_inner_room_to_an_outer_one() -> None:
    found = modules()
    layer = {name: depth for depth, rooms in enumerate(LAYERS) for name in rooms}
    assert {room(m) for m in found} <= set(layer), {room(m) for m in found} - set(layer)
    backwards = sorted(
        f"{name} -> {target}"
        for name, path in found.items()
        for target in imports(path, set(found))
        if layer[room(target)] > layer[room(name)]
    )
    assert not backwards, backwards


def test_no_engine_is_named_by_a_string_outside_its_own_module() -> None:
    """Engine names are ``EngineName`` members from the command line to the specs (the enum, in
    ``tripreport.engines``, is their one spelling): a name written out as a string goes stale, or
    wrong, the day an engine is renamed."""
    from tripreport.engines import ENGINE_MODULES

    written = sorted(
        f"{name}:{node.lineno} {node.value!r}"
        for name, path in modules().items()
        if name != "tripreport.engines"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and node.value in ENGINE_MODULES
        and not name.startswith(ENGINE_MODULES[node.value])
    )
    assert not written, written
