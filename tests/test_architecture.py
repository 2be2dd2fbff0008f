"""The rooms of the code and what each may import, checked on every test run.

ARCHITECTURE.md draws the same table. Every import counts, including one inside a function:
a delayed import hides a cycle or a forbidden dependency from the interpreter, not from the
next reader.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each product room and the rooms it may import. A room not listed here is not product code.
MAY_IMPORT: dict[str, set[str]] = {
    "corpus": set(),
    "embeddings": {"corpus"},
    "understanding": {"corpus"},
    "prompts": {"corpus"},
    "series": {"corpus"},
    "retriever": {"corpus", "embeddings", "understanding"},
    "chat": {"corpus", "embeddings", "retriever", "understanding", "prompts", "series"},
    "evaluation": {
        "corpus",
        "embeddings",
        "retriever",
        "understanding",
        "chat",
        "series",
        "wiring",
    },
    "wiring": {"corpus", "embeddings", "retriever", "chat", "series"},
    "service": {
        "corpus",
        "embeddings",
        "retriever",
        "understanding",
        "chat",
        "prompts",
        "series",
        "evaluation",
        "wiring",
    },
}
# Benchmarks may use the product, never the tests; nothing in the product uses benchmarks.
BENCH_MAY_NOT_IMPORT = {"tests"}
HTTP_LIBRARIES = {"flask", "werkzeug", "flask_limiter", "slack_bolt", "gunicorn"}


def _modules() -> dict[str, Path]:
    out = {}
    for room in [*MAY_IMPORT, "bench"]:
        folder = ROOT / room
        if not folder.is_dir():
            continue
        for f in folder.rglob("*.py"):
            name = ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            out[name] = f
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module name this file imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}".strip(".")
            found.add(base)
            # "from retriever import dense" imports the module retriever.dense
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _own(imported: set[str]) -> set[str]:
    return {m for m in imported if m in MODULES}


GRAPH = {name: _own(_imports(name, path)) - {name} for name, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_rooms_are_found() -> None:
    rooms = {name.split(".")[0] for name in MODULES}
    assert {"corpus", "retriever", "chat", "service", "wiring", "embeddings"} <= rooms
    assert GRAPH["service.app"]  # the walk sees imports at all


def test_no_import_cycles() -> None:
    assert _cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("room", sorted(MAY_IMPORT))
def test_each_room_imports_only_what_it_may(room: str) -> None:
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in GRAPH.items()
        if name.split(".")[0] == room
        for target in targets
        if target.split(".")[0] not in MAY_IMPORT[room] | {room}
    )
    assert wrong == []


def test_bench_is_not_imported_by_the_product_and_does_not_import_tests() -> None:
    for name, path in MODULES.items():
        imported = {m.split(".")[0] for m in _imports(name, path)}
        if name.split(".")[0] == "bench":
            assert not imported & BENCH_MAY_NOT_IMPORT, name
        else:
            assert "bench" not in imported, name


@pytest.mark.parametrize("room", sorted(set(MAY_IMPORT) - {"service"}))
def test_only_the_service_speaks_http(room: str) -> None:
    speaking = sorted(
        name
        for name, path in MODULES.items()
        if name.split(".")[0] == room
        and {m.split(".")[0] for m in _imports(name, path)} & HTTP_LIBRARIES
    )
    assert speaking == []
