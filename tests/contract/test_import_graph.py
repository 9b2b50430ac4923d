"""The runtime package's modules import one another without cycles (TYPE_CHECKING and function-level imports
count: a cycle there is one a refactoring turns into an ImportError), and never the example or scripts."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "overrides" / "cashfree_instruments"


def _imports() -> dict[str, set[str]]:
    modules = {path.stem: path for path in PACKAGE.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets = [node.module] if node.module else [alias.name for alias in node.names]
                graph[name].update(target.split(".")[0] for target in targets if target.split(".")[0] in modules)
            elif isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert not any(n.split(".")[0] in {"examples", "scripts", "tests"} for n in names), (name, names)
        graph[name].discard(name)
    return graph


def test_the_package_has_no_import_cycle() -> None:
    graph = _imports()
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as cycle:
        raise AssertionError(f"import cycle: {' -> '.join(cycle.args[1])}") from None
