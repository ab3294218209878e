"""Three layers, one direction: the logic never imports ipywidgets."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pathlib, sys
import notnow
root = pathlib.Path(notnow.__file__).parent
for path in sorted(root.rglob("*.py")):
    parts = path.relative_to(root).with_suffix("").parts
    if parts[0] != "ui":  # the widget layer is allowed ipywidgets; walking it would import it
        importlib.import_module(".".join(("notnow", *parts)).removesuffix(".__init__"))
notnow.Store
print(sorted(m for m in sys.modules if m.split(".")[0] in {"ipywidgets", "IPython", "matplotlib"}))
"""


def test_logic_modules_import_without_ipywidgets():
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# --- the import graph ----------------------------------------------------------------------------

import ast  # noqa: E402 — this half of the module needs it; the probe above must stay a plain string
from pathlib import Path  # noqa: E402

SRC = Path(__file__).resolve().parents[2] / "src" / "notnow"


def _module_name(path: Path) -> str:
    return ".".join(("notnow", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__")


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for each runtime import (TYPE_CHECKING blocks left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for sub in child.orelse:
                    visit(sub, in_function)
                continue
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno, in_function) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                # `from notnow import content` imports the module notnow.content; `from notnow.fmt import x`
                # imports notnow.fmt (x is a name in it)
                for alias in child.names:
                    submodule = f"{child.module}.{alias.name}"
                    target = (
                        submodule
                        if (SRC / Path(*submodule.split(".")[1:])).with_suffix(".py").exists()
                        or (SRC / Path(*submodule.split(".")[1:]) / "__init__.py").exists()
                        else child.module
                    )
                    found.append((target, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, _line, _late in _imports(path):
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def test_the_import_graph_of_notnow_has_no_cycle():
    """Imports inside functions count too: a late import only hides a cycle, it does not remove it."""
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _explained(lines: list[str], at: int) -> bool:
    """A comment on the import's line, or above the group of import lines it belongs to."""
    if "#" in lines[at]:
        return True
    above = at - 1
    while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
        if "#" in lines[above]:
            return True
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def test_every_import_inside_a_function_says_why():
    """A late import is for a heavy or optional module; a comment on its line or the line above says which."""
    unexplained = []
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for _target, line, late in _imports(path):
            if late and not _explained(lines, line - 1):
                unexplained.append(f"{path.relative_to(SRC)}:{line}: {lines[line - 1].strip()}")
    assert sorted(set(unexplained)) == []
