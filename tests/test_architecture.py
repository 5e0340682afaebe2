"""The package's layers: no import loop among its modules, and each layer imports only those below it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "openai_kb"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports at run time."""
    return {module: {target for target, _ in imports} - {module} for module, imports in runtime_graph().items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop, as the modules around it, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def _without_parents(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Drop the edges from a package's ``__init__`` to its own submodules: re-exporting is not a loop."""
    return {
        module: {target for target in targets if not target.startswith(module + ".")}
        for module, targets in graph.items()
    }


def test_the_import_graph_is_read() -> None:
    """The walk sees imports inside functions (kb imports graph when drawing) and skips TYPE_CHECKING ones."""
    graph = import_graph()
    assert "openai_kb.outputs._graph" in graph["openai_kb.kb"]
    assert "openai_kb.kb" not in graph["openai_kb.outputs._graph"]  # only under TYPE_CHECKING


def test_no_import_loop() -> None:
    """No module imports, directly or through others, a module that imports it back."""
    assert _cycle(_without_parents(import_graph())) is None


def test_a_loop_is_found() -> None:
    """The loop finder itself finds a loop, so the test above can fail."""
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_models_import_only_models() -> None:
    """The models stand alone: they import other models and the seams (the errors and the two dispatch points)."""
    graph = import_graph()
    seams = {"openai_kb._showing", "openai_kb._explaining", "openai_kb.errors"}
    for module, targets in graph.items():
        if _under(module, "openai_kb.models"):
            outside = {t for t in targets if not _under(t, "openai_kb.models") and t not in seams}
            assert not outside, f"{module} imports {sorted(outside)}"


def test_nothing_below_the_edge_imports_presentation() -> None:
    """Only the package's face and the command line import render/ and cli/ (docs/architecture.md)."""
    graph = import_graph()
    edge = ("openai_kb.outputs._render", "openai_kb.cli")
    for module, targets in graph.items():
        if module == "openai_kb" or any(_under(module, package) for package in edge):
            continue
        reached = {t for t in targets if any(_under(t, package) for package in edge)}
        assert not reached, f"{module} imports {sorted(reached)}"


def test_the_record_union_lists_every_built_in_type() -> None:
    """AnyRecord, the annotation users may reuse, holds exactly the registry's built-in types."""
    from typing import get_args

    from openai_kb.models import RECORD_TYPES, AnyRecord

    union = get_args(AnyRecord)[0]
    assert set(get_args(union)) == set(RECORD_TYPES.values())


# -- the layer table of docs/architecture.md, enforced ---------------------------------------------

ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"
LAZY = "inside functions:"
_LAYER_NAME = re.compile(r"\b[A-Z]\w*")  # layers are named with a capital; "nothing of the package" names none


def _runtime_imports(path: Path, modules: set[str]) -> Iterator[tuple[str, bool]]:
    """As ``_imports``, each with whether it runs only inside a function (``True``) or at import."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    pending: list[tuple[ast.AST, bool]] = [(ast.parse(path.read_text(encoding="utf-8")), False)]
    while pending:
        node, lazy = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            pending.extend((child, lazy) for child in node.orelse)
            continue
        lazy = lazy or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
        if isinstance(node, ast.Import):
            yield from ((alias.name, lazy) for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:
                    yield f"{base}.{alias.name}", lazy
                elif base in modules:
                    yield base, lazy
        pending.extend((child, lazy) for child in ast.iter_child_nodes(node))


class Layer:
    """A row of the table: its name, the module prefixes it holds, what it may import now and lazily."""

    def __init__(self, name: str, modules: list[str], allowed: set[str], lazily: set[str]) -> None:
        self.name, self.modules, self.allowed, self.lazily = name, modules, allowed, lazily


def layer_table(text: str) -> list[Layer]:
    """The rows of the "Layers" table: backticked module names (``x/`` is a package), the layers named."""
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|") and not line.startswith("|---")][1:]
    layers = []
    for row in rows:
        name, modules, _, may = (cell.strip() for cell in row.strip("|").split("|"))
        now, _, later = may.partition(LAZY)
        dotted = []
        for module in re.findall(r"`([^`]+)`", modules):
            parts = [part for part in module.split("/") if part and part != "__init__"]
            dotted.append(".".join(["openai_kb", *parts]))
        layers.append(Layer(name, dotted, set(_LAYER_NAME.findall(now)), set(_LAYER_NAME.findall(later))))
    return layers


def layer_of(module: str, layers: list[Layer]) -> Layer | None:
    """The layer whose most specific module prefix holds ``module``."""
    best: tuple[int, Layer] | None = None
    for layer in layers:
        for prefix in layer.modules:
            holds = _under(module, prefix) and (prefix != "openai_kb" or module == "openai_kb")
            if holds and (best is None or len(prefix) > best[0]):
                best = (len(prefix), layer)
    return None if best is None else best[1]


def layer_breaches(layers: list[Layer], graph: dict[str, list[tuple[str, bool]]]) -> list[str]:
    """Every module with no layer, and every import a layer's row does not allow, in words."""
    names = {layer.name for layer in layers}
    found = []
    for module, imports in sorted(graph.items()):
        home = layer_of(module, layers)
        if home is None:
            found.append(f"{module} is in no layer of docs/architecture.md")
            continue
        for target, lazy in sorted(set(imports)):
            there = layer_of(target, layers)
            if there is None or there is home or _under(target, module):
                continue
            if there.name in home.allowed or (lazy and there.name in home.lazily):
                continue
            how = "inside a function" if lazy else "at import"
            found.append(f"{module} ({home.name}) imports {target} ({there.name}) {how}")
    assert not (home_names := {n for layer in layers for n in layer.allowed | layer.lazily} & {"Nothing"}), home_names
    unknown = (
        {n for layer in layers for n in layer.allowed | layer.lazily} - names - {"nothing", "of", "the", "package"}
    )
    found.extend(f"the table names an unknown layer {name!r}" for name in sorted(unknown))
    return found


@cache  # every test here reads the same files: parsed once
def runtime_graph() -> dict[str, list[tuple[str, bool]]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path) for path in paths}
    return {_module_name(path): list(_runtime_imports(path, modules)) for path in paths}


def test_every_import_is_one_the_layer_table_allows() -> None:
    """Each module sits in a layer of docs/architecture.md's table and imports only what its row allows."""
    layers = layer_table(ARCHITECTURE.read_text(encoding="utf-8"))
    assert [layer.name for layer in layers][:2] == ["Seams", "Models"]
    assert layer_breaches(layers, runtime_graph()) == []


def test_a_breach_of_the_table_is_found() -> None:
    """The check fails on an import its row does not allow, on one made at import that may only be lazy,
    and on a module in no layer."""
    table = """## Layers
| Layer | Modules | What it does | May import |
|---|---|---|---|
| Low | `a/` | x | nothing of the package |
| High | `b` | x | Low; inside functions: Top |
| Top | `c/`, `c/_d/` | x | Low |
"""
    layers = layer_table(table)
    graph = {
        "openai_kb.a.x": [("openai_kb.b", True)],
        "openai_kb.b": [("openai_kb.a.x", False), ("openai_kb.c.y", True), ("openai_kb.c._d.z", False)],
        "openai_kb.c._d.z": [("openai_kb.c.y", False)],
        "openai_kb.e": [],
    }
    assert layer_breaches(layers, graph) == [
        "openai_kb.a.x (Low) imports openai_kb.b (High) inside a function",
        "openai_kb.b (High) imports openai_kb.c._d.z (Top) at import",
        "openai_kb.e is in no layer of docs/architecture.md",
    ]


def test_no_module_reads_a_knowledge_base_s_private_attributes() -> None:
    """Outside kb.py, code reaches a knowledge base through its public API (``kb.origins()``, not ``kb._located``)."""
    found = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: kb.{node.attr}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "kb.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("kb", "knowledge_base")
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    assert found == []


def test_at_most_a_dozen_modules_sit_loose_at_the_top() -> None:
    """The top of the package holds the facade, the errors, the seams and the public helpers; the rest is in layers."""
    loose = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(loose) <= 12, loose


def test_no_module_is_over_500_lines() -> None:
    """Every module of the package stays small enough to read at one sitting."""
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}
