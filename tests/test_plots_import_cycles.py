"""The modules of plots import in an order: none imports one that imports it back, at the top of the
module or inside a function (an import put there to dodge the cycle)."""
from __future__ import annotations

import ast
from pathlib import Path

PLOTS = Path(__file__).resolve().parent.parent / "plots"
# The cycles left, among the modules that place tick labels: each asks the others for the room its own take.
TICK_PLACING = frozenset({"ticks", "layout", "every_nth_ticks", "year_digits"})


def imported(path: Path, modules: set[str]) -> set[str]:
    """The modules of plots that `path` imports when it runs, anywhere in it but under TYPE_CHECKING."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test).endswith("TYPE_CHECKING"):
                continue
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                names.update([child.module.split(".")[0]] if child.module else [alias.name for alias in child.names])
            elif isinstance(child, ast.ImportFrom) and (child.module or "").startswith("plots."):
                names.add(child.module.split(".")[1])
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return (names & modules) - {path.stem}


def import_cycles() -> list[set[str]]:
    """The sets of plots modules that import one another round (strongly connected, more than one)."""
    modules = {path.stem for path in PLOTS.glob("*.py")}
    graph = {name: imported(PLOTS / f"{name}.py", modules) for name in modules}
    reach = {}
    for start in graph:
        seen, todo = set(), [start]
        while todo:
            for after in graph[todo.pop()] - seen:
                seen.add(after)
                todo.append(after)
        reach[start] = seen
    cycles = {frozenset({start} | {other for other in reach[start] if start in reach[other]}) for start in graph}
    return [set(cycle) for cycle in cycles if len(cycle) > 1]


def test_no_module_of_plots_imports_one_that_imports_it_back_but_the_tick_placing_ones():
    assert [cycle for cycle in import_cycles() if not cycle <= TICK_PLACING] == []


def test_a_chart_s_spec_its_values_and_their_words_import_in_no_cycle():
    around_spec = {"spec", "spec_parser", "field_values", "timerange", "percent_change", "unit_ticks", "series_split",
                   "running_values", "data", "values_titles", "unknown_names"}
    assert [cycle for cycle in import_cycles() if cycle & around_spec] == []
