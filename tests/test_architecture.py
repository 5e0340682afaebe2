"""The package's layers: no import loop among its modules, and each layer imports only those below it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
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


def _imports(path: Path, modules: set[str]) -> Iterator[str]:
    """Every module of the package that ``path`` imports when it runs, inside functions too.

    Imports under ``if TYPE_CHECKING:`` never run and are left out.
    """
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    pending: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:  # from . import graph: the module graph
                    yield f"{base}.{alias.name}"
                elif base in modules:
                    yield base
        pending.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports at run time."""
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path) for path in paths}
    return {_module_name(path): set(_imports(path, modules)) - {_module_name(path)} for path in paths}


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
    """The models stand alone: they import other models and the two seams, nothing above them."""
    graph = import_graph()
    seams = {"openai_kb._showing", "openai_kb._explaining"}
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
