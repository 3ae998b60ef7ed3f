"""The shape of the shots package: no import cycles, and the site's code used only to start it."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "shots"


def _imports(path: Path) -> list[tuple[str, str]]:
    """(imported module, enclosing function or "") for every import of a module, at any depth."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Import):
                found.extend((alias.name, function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = ("shots." if child.level else "") + (child.module or "")
                if child.level and not child.module:  # from . import x
                    found.extend((f"shots.{alias.name}", function) for alias in child.names)
                else:
                    found.append((base.rstrip("."), function))
            visit(child, function)

    visit(ast.parse(path.read_text()), "")
    return found


def _graph() -> dict[str, set[str]]:
    modules = {f"shots.{p.stem}": p for p in SHOTS.glob("*.py") if p.stem not in ("__init__", "__main__")}
    return {name: {m for m, _ in _imports(path) if m in modules} for name, path in modules.items()}


def test_the_modules_of_shots_import_each_other_without_a_cycle():
    graph, done, path = _graph(), set(), []
    assert {"shots.check", "shots.report", "shots.results"} <= graph.keys()

    def walk(module: str) -> None:
        assert module not in path, "import cycle: " + " -> ".join(path[path.index(module):] + [module])
        if module in done:
            return
        path.append(module)
        for imported in sorted(graph[module]):
            walk(imported)
        path.pop()
        done.add(module)

    for module in sorted(graph):
        walk(module)
    assert "shots.check" not in graph["shots.report"] and "shots.results" in graph["shots.report"]


def test_only_the_function_that_starts_a_local_site_imports_app():
    uses = [(path.name, function) for path in sorted(SHOTS.glob("*.py"))
            for module, function in _imports(path) if module == "app" or module.startswith("app.")]
    assert uses == [("server.py", "running_site")]


def test_the_command_line_checks_that_selenium_is_installed_without_loading_it():
    # run.py imports shots.cli to list its options even when it only serves the site.
    code = "import sys, shots.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'selenium'))"
    done = subprocess.run([sys.executable, "-c", code], cwd=SHOTS.parent, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
