"""The house's layout, held by tests: layers, no import cycles, no private names across modules.

The imports are read with :mod:`ast` from every module of the package, those
inside functions and ``TYPE_CHECKING`` blocks included, so an import hidden in a
function body to dodge a cycle is still a cycle here.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "benchlearn"

#: The layers, lowest first. A module may import its own layer and the ones below it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    (
        "foundation",
        (
            "benchlearn.errors",
            "benchlearn.messages",
            "benchlearn.frames",
            "benchlearn.filenames",
            "benchlearn.limits",
            "benchlearn.outputs",
            "benchlearn.phases",
            "benchlearn.xlsx",
        ),
    ),
    (
        "storage",
        (
            "benchlearn.database",
            "benchlearn.models",
            "benchlearn.bulk",
            "benchlearn.columns",
            "benchlearn.secret",
        ),
    ),
    ("accounts", ("benchlearn.accounts",)),
    ("definitions", ("benchlearn.definitions",)),
    ("registry", ("benchlearn.registry",)),
    ("values", ("benchlearn.access", "benchlearn.values", "benchlearn.rules")),
    ("importing", ("benchlearn.importing",)),
    ("entry", ("benchlearn.entry",)),
    ("analysis", ("benchlearn.analysis",)),
    (
        "compare",
        (
            "benchlearn.context",
            "benchlearn.compare",
            "benchlearn.shrinkage",
            "benchlearn.learning",
            "benchlearn.plans",
            "benchlearn.effect",
            "benchlearn.impact",
            "benchlearn.structure",
            "benchlearn.efficiency",
            "benchlearn.model_views",
        ),
    ),
    (
        "documents",
        (
            "benchlearn.meeting",
            "benchlearn.position",
            "benchlearn.views",
            "benchlearn.shrunk_views",
            "benchlearn.plan_views",
            "benchlearn.charts",
            "benchlearn.workbook",
            "benchlearn.site",
            "benchlearn.report",
        ),
    ),
    ("edge", ("benchlearn.commands", "benchlearn.demo", "benchlearn.samples", "benchlearn.api")),
    ("server", ("benchlearn.server",)),
    ("cli", ("benchlearn.cli", "benchlearn.__main__")),
    ("package", ("benchlearn",)),
]
MAX_LINES = 600


@dataclass(frozen=True)
class Import:
    """One imported benchlearn module, and the names taken from it."""

    source: str  # the importing module
    target: str  # the imported module
    names: tuple[str, ...]
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(source: str, node: ast.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` names, relative imports included."""
    if not node.level:
        return node.module or ""
    is_package = MODULES[source].name == "__init__.py"
    base = source.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(source: str) -> Iterator[Import]:
    tree = ast.parse(MODULES[source].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield Import(source, alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            module = resolve(source, node)
            if module not in MODULES:
                continue
            plain = []
            for alias in node.names:
                submodule = f"{module}.{alias.name}"
                if submodule in MODULES:  # `from package import module`
                    yield Import(source, submodule, (), node.lineno)
                else:
                    plain.append(alias.name)
            if plain:
                yield Import(source, module, tuple(plain), node.lineno)


IMPORTS = [found for source in MODULES for found in imports_of(source)]


def layer_of(module: str) -> int:
    """The index of the most specific layer prefix that covers ``module``."""
    best, length = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = index, len(prefix)
    return best


def test_every_module_has_a_layer() -> None:
    assert [m for m in MODULES if layer_of(m) < 0] == []


def test_lower_layers_never_import_higher_ones() -> None:
    upward = [
        f"{i.source} (line {i.line}, {LAYERS[layer_of(i.source)][0]}) imports {i.target} "
        f"({LAYERS[layer_of(i.target)][0]})"
        for i in IMPORTS
        if layer_of(i.target) > layer_of(i.source)
    ]

    assert upward == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module, or a self-import."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for found in IMPORTS:
        if found.target != found.source:
            graph[found.source].add(found.target)

    assert strongly_connected(graph) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}

    assert strongly_connected(graph) == [["a", "b", "c"], ["e"]]


def private_attributes(source: str) -> Iterator[str]:
    """``module._name`` where ``module`` is a benchlearn module bound by an import."""
    tree = ast.parse(MODULES[source].read_text(encoding="utf-8"))
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES and alias.asname:
                    bound[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            module = resolve(source, node)
            for alias in node.names:
                if f"{module}.{alias.name}" in MODULES:
                    bound[alias.asname or alias.name] = f"{module}.{alias.name}"
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            yield f"{source} (line {node.lineno}) uses {bound[node.value.id]}.{node.attr}"


def test_no_private_name_crosses_a_module_boundary() -> None:
    imported = [
        f"{i.source} (line {i.line}) imports {name} from {i.target}"
        for i in IMPORTS
        for name in i.names
        if name.startswith("_") and not name.startswith("__") and i.target != i.source
    ]
    used = [found for source in MODULES for found in private_attributes(source)]

    assert imported + used == []


def test_workbook_sheet_modules_import_only_the_writer() -> None:
    callers = {"benchlearn.workbook", "benchlearn.workbook.book", "benchlearn.workbook.writer"}
    sheets = [m for m in MODULES if m.startswith("benchlearn.workbook.") and m not in callers]
    wrong = [
        f"{i.source} imports {i.target}"
        for i in IMPORTS
        if i.source in sheets
        and i.target.startswith("benchlearn.workbook")
        and i.target != "benchlearn.workbook.writer"
    ]

    assert sheets
    assert wrong == []


#: Modules that compute without a database: no SQLAlchemy, loaded or imported.
PURE = sorted(
    m
    for m in MODULES
    if m.startswith("benchlearn.analysis.")
    # The official statistics readers, but not the module that writes what they read.
    or (
        m.startswith("benchlearn.importing.statistics.")
        and m != "benchlearn.importing.statistics.load"
    )
    or m in {"benchlearn.importing.readers", "benchlearn.importing.validate", "benchlearn.frames"}
)


def test_pure_modules_import_no_sqlalchemy() -> None:
    direct = [
        f"{m}: {line.strip()}"
        for m in PURE
        for line in MODULES[m].read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("import sqlalchemy", "from sqlalchemy"))
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in PURE)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )

    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert len(PURE) >= 6
    assert direct == []
    assert loaded.stdout.strip() == "[]"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_over_600_lines(module: str) -> None:
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())

    assert lines <= MAX_LINES, f"{module} has {lines} lines"
