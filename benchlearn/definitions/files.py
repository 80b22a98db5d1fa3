"""Definition files: reading folders of YAML, cross-checking references, built-in ones.

YAML is read by the safe loader only, in two steps: composed into nodes (which
know their lines), then constructed. Between them two things the YAML library
lets pass are refused, each naming its line: a key given twice in one mapping
(the library keeps the second without a word, so ``min:`` written twice would
silently change a bound), and nesting deeper than :data:`MAX_DEPTH` levels (a
definition file needs a handful; the library's composer recurses, and a file
nested 10,000 deep would stop it with Python's recursion limit).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import yaml

from benchlearn.definitions.expressions import parse
from benchlearn.definitions.model import (
    Definitions,
    IndicatorDefinition,
    NetworkDefinition,
    freeze,
)
from benchlearn.definitions.schema import read_descriptor
from benchlearn.errors import Problem, ValidationError
from benchlearn.messages import phrase

#: How deeply a definition file may nest mappings and lists.
MAX_DEPTH = 50


class _TooDeep(Exception):
    """Nesting past :data:`MAX_DEPTH`, at the node where it happened."""

    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__(mark)
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """The safe loader, counting how deep the composer is before it goes one level deeper."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


#: libyaml's safe loader, where PyYAML was built with it: it composes the built-in
#: definitions in a tenth of the pure-Python loader's time (0.1 s), which every ``definitions
#: load --builtin`` (and many tests) pays.
_FAST_LOADER: type[yaml.SafeLoader] | None = getattr(yaml, "CSafeLoader", None)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (*_OPENS, yaml.ScalarEvent, yaml.AliasEvent)


def load_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """A definition file's data and its composed nodes, or the problems that stop it:
    YAML it cannot read, nesting past :data:`MAX_DEPTH`, a key given twice in a mapping.

    A well-formed file is read by libyaml (:data:`_FAST_LOADER`); a file with any problem
    is read again by the pure-Python loader, so that every problem is told in its words,
    at its row and column, as before (libyaml words its errors differently).
    """
    fast = _load_fast(text, name)
    return fast if fast is not None else _load_pure(text, name)


def _load_fast(text: str, name: str) -> tuple[Any, yaml.Node | None, list[Problem]] | None:
    """What :func:`_load_pure` gives for a file it reads without a problem; ``None`` for
    every other file (or without libyaml). The depth is counted over libyaml's events first:
    its composer recurses in C, where no recursion limit would stop a file nested too deep."""
    if _FAST_LOADER is None:
        return None
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_FAST_LOADER):
            if isinstance(event, _NODES) and depth >= MAX_DEPTH:
                return None
            if isinstance(event, _OPENS):
                depth += 1
            elif isinstance(event, _CLOSES):
                depth -= 1
        root = yaml.compose(text, Loader=_FAST_LOADER)
        if root is None or _duplicate_keys(root, name):
            return None
        return yaml.SafeLoader("").construct_document(root), root, []
    except yaml.YAMLError:
        return None


def _load_pure(text: str, name: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """:func:`load_yaml` by the pure-Python safe loader, which counts the depth as it
    composes and words the problems."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except _TooDeep as exc:
        row, column = exc.mark.line + 1, str(exc.mark.column + 1)
        deep = Problem.of(name, "def_too_deep", {"depth": MAX_DEPTH}, row=row, column=column)
        return None, None, [deep]
    except yaml.YAMLError as exc:
        return None, None, [_yaml_problem(exc, name)]
    finally:
        loader.dispose()
    problems = _duplicate_keys(root, name)
    if problems or root is None:
        return None, root, problems
    try:
        return yaml.SafeLoader("").construct_document(root), root, []
    except yaml.YAMLError as exc:  # a tag the safe loader does not construct
        return None, root, [_yaml_problem(exc, name)]


def _yaml_problem(exc: yaml.YAMLError, name: str) -> Problem:
    """The YAML library's own words, placed at its row and column as an editor counts them."""
    mark = getattr(exc, "problem_mark", None)
    said = f"{getattr(exc, 'problem', None) or exc}"
    if mark:
        return Problem(name, said, row=mark.line + 1, column=str(mark.column + 1))
    return Problem(name, said, column="YAML")


def _duplicate_keys(root: yaml.Node | None, name: str) -> list[Problem]:
    """A problem for each key a mapping gives a second time, naming both lines."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: the node was checked where it was defined
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                stack.append(value)
                if not isinstance(key, yaml.ScalarNode) or key.value == "<<":
                    continue
                line, known = key.start_mark.line + 1, (key.tag, key.value)
                if known not in first:
                    first[known] = line
                else:
                    said = {"name": key.value, "first": first[known], "second": line}
                    column = str(key.start_mark.column + 1)
                    problems.append(
                        Problem.of(name, "def_duplicate_key", said, row=line, column=column)
                    )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return sorted(problems, key=lambda problem: problem.row or 0)


def definition_files(paths: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their ``*.yaml``/``*.yml`` files, sorted; keep files as given."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in {".yaml", ".yml"}))
        else:
            files.append(path)
    return files


def read_files(paths: Iterable[str | Path], known: Definitions | None = None) -> Definitions:
    """Load, validate and cross-check definition files; raise with every problem at once.

    ``known`` holds definitions already in the database, which the files may
    refer to (a network may use indicators loaded earlier).
    """
    problems: list[Problem] = []
    read: list[tuple[str, Any]] = []
    marks: dict[str, dict[str, tuple[int, int]]] = {}
    paths = definition_files(paths)
    if not paths:
        raise ValidationError([], key="def_no_files")
    for path in paths:
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem.of(name, "def_cannot_read", {"error": str(exc)}))
            continue
        data, root, found = load_yaml(text, name)
        if found:
            problems.extend(found)
            continue
        read.append((name, data))
        marks[name] = key_marks(root)
    try:
        return _definitions(read, problems, known)
    except ValidationError as exc:
        exc.problems[:] = [_placed(p, marks.get(p.file)) for p in exc.problems]
        raise


def key_marks(root: yaml.Node | None) -> dict[str, tuple[int, int]]:
    """Where each key path of a composed YAML document starts, as (row, column) from 1.

    Paths are written as the validator writes them (``indicators[2].name.en``);
    a mapping key's place is its key's, a list item's its first character's.
    A node an alias repeats is walked once, where it is defined, so aliases of
    aliases cannot make the walk grow exponentially.
    """
    places: dict[str, tuple[int, int]] = {}
    walked: set[int] = set()

    def walk(node: yaml.Node, path: str) -> None:
        if id(node) in walked:
            return
        walked.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    inner = f"{path}.{key.value}" if path else str(key.value)
                    places.setdefault(inner, (key.start_mark.line + 1, key.start_mark.column + 1))
                    walk(value, inner)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                inner = f"{path}[{i}]"
                places.setdefault(inner, (item.start_mark.line + 1, item.start_mark.column + 1))
                walk(item, inner)

    if root is not None:
        places["$"] = (root.start_mark.line + 1, root.start_mark.column + 1)
        walk(root, "")
    return places


def _placed(problem: Problem, marks: Mapping[str, tuple[int, int]] | None) -> Problem:
    """``problem`` with the row and column of its key path in the file, when known.

    A missing key has no place of its own: it is placed at the nearest key
    around it that the file has (a required ``code`` at its indicator).
    """
    path = problem.column
    if not marks or not path or problem.row is not None:
        return problem
    near = path
    while near not in marks:
        cut = max(near.rfind("."), near.rfind("["))
        if cut <= 0:
            return problem
        near = near[:cut]
    row, column = marks[near]
    return replace(problem, row=row, column=str(column), path=path)


def read_mapping(data: Any, name: str, known: Definitions | None = None) -> Definitions:
    """Validate and cross-check one descriptor already in memory, as a file holding it is.

    ``data`` is what ``yaml.safe_load`` gives for a definition file (a mapping
    with ``indicators``, ``network`` or ``networks``); ``name`` stands for the
    file in every problem.
    """
    return _definitions([(name, data)], [], known)


def _definitions(
    read: list[tuple[str, Any]], problems: list[Problem], known: Definitions | None
) -> Definitions:
    """Named descriptors validated, collected and cross-checked; every problem raised at once."""
    indicators: dict[str, IndicatorDefinition] = {}
    networks: dict[str, NetworkDefinition] = {}
    files: dict[str, str] = {}
    paths: dict[str, str] = {}
    for name, data in read:
        for key, path in _item_paths(data).items():
            paths.setdefault(key, path)
        found_i, found_n, file_problems = read_descriptor(data, name)
        problems.extend(file_problems)
        problems += _collect(found_i, indicators, files, name, "indicator", "indicators")
        problems += _collect(found_n, networks, files, name, "network", "network")
    all_indicators = {**(known.indicators if known else {}), **indicators}
    problems.extend(_cross_check(indicators, networks, all_indicators, files, paths))
    if problems:
        raise ValidationError(problems, key="def_problems", values={"count": len(problems)})
    return Definitions(freeze(indicators), freeze(networks), freeze(files))


def _item_paths(data: Any) -> dict[str, str]:
    """The key path of each definition in a descriptor, by ``i:`` or ``n:`` and its code
    (``i:POP`` → ``indicators[3]``), so a reference problem names where it is written."""
    found: dict[str, str] = {}
    if not isinstance(data, Mapping):
        return found
    listed = [
        ("i:", "indicators", data.get("indicators")),
        ("n:", "networks", data.get("networks")),
    ]
    for prefix, key, items in listed:
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, Mapping) and isinstance(item.get("code"), str):
                found.setdefault(prefix + item["code"], f"{key}[{i}]")
    network = data.get("network")
    if isinstance(network, Mapping) and isinstance(network.get("code"), str):
        found.setdefault("n:" + network["code"], "network")
    return found


Defined = TypeVar("Defined", IndicatorDefinition, NetworkDefinition)


def _collect(
    found: list[Defined],
    into: dict[str, Defined],
    files: dict[str, str],
    file: str,
    kind: str,
    column: str,
) -> list[Problem]:
    """Add one file's definitions of a kind; a code an earlier file defined is a problem."""
    problems = []
    prefix = kind[0] + ":"  # "i:" for indicators, "n:" for networks, as in Definitions.files
    for item in found:
        if item.code in into:
            where = files[prefix + item.code]
            values = {"kind": phrase(f"def_kind_{kind}"), "code": item.code, "where": where}
            problems.append(Problem.of(file, "def_already_defined", values, column=column))
        into[item.code] = item
        files.setdefault(prefix + item.code, file)
    return problems


def _cross_check(
    indicators: Mapping[str, IndicatorDefinition],
    networks: Mapping[str, NetworkDefinition],
    all_indicators: Mapping[str, IndicatorDefinition],
    files: Mapping[str, str],
    paths: Mapping[str, str],
) -> list[Problem]:
    """References between definitions: formulas, weights, network indicators, cycles.

    ``paths`` gives each definition's key path in its file (``indicators[3]``), which
    every problem's column starts with.
    """
    problems: list[Problem] = []
    for code, ind in indicators.items():
        file = files["i:" + code]
        at = paths.get("i:" + code, "indicators")
        if ind.statistic:
            for key in ("numerator", "denominator"):
                name = getattr(ind, key)
                if name not in all_indicators:
                    values = {"code": code, "role": key, "name": name}
                    problems.append(
                        Problem.of(file, "def_unknown_reference", values, column=f"{at}.{key}")
                    )
        for name in sorted(ind.components - all_indicators.keys()) if ind.formula else ():
            values = {"code": code, "name": name}
            problems.append(Problem.of(file, "def_formula_unknown", values, column=f"{at}.formula"))
        if ind.weight and ind.weight not in all_indicators:
            values = {"code": code, "role": "weight", "name": ind.weight}
            problems.append(
                Problem.of(file, "def_unknown_reference", values, column=f"{at}.weight")
            )
        if ind.standard_error and ind.standard_error not in all_indicators:
            values = {"code": code, "role": "standard_error", "name": ind.standard_error}
            problems.append(
                Problem.of(file, "def_unknown_reference", values, column=f"{at}.standard_error")
            )
        for rule in ind.rules:
            for name in sorted(parse(rule.expression).names - all_indicators.keys()):
                values = {"code": code, "rule": rule.expression, "name": name}
                problems.append(Problem.of(file, "def_rule_unknown", values, column=f"{at}.rules"))
        if ind.scale and ind.derived:
            values = {"code": code}
            problems.append(Problem.of(file, "def_scale_derived", values, column=f"{at}.scale"))
    for cycle in _formula_cycles(all_indicators):
        file = files.get("i:" + cycle[0], "definitions")
        values = {"cycle": " → ".join(cycle)}
        column = f"{paths.get('i:' + cycle[0], 'indicators')}.formula"
        problems.append(Problem.of(file, "def_formula_cycle", values, column=column))
    for code, net in networks.items():
        file = files["n:" + code]
        at = paths.get("n:" + code, "network")
        for i, item in enumerate(net.indicators):
            if item.code not in all_indicators:
                problems.append(
                    Problem.of(
                        file,
                        "def_unknown_indicator",
                        {"code": item.code},
                        column=f"{at}.indicators[{i}]",
                    )
                )
        for i, spec in enumerate(net.structural):
            if spec.code not in all_indicators:
                problems.append(
                    Problem.of(
                        file,
                        "def_unknown_indicator",
                        {"code": spec.code},
                        column=f"{at}.structural[{i}]",
                    )
                )
        for i, rule in enumerate(net.rules):
            for name in sorted(parse(rule.expression).names - all_indicators.keys()):
                values = {"rule": rule.expression, "name": name}
                column = f"{at}.rules[{i}]"
                problems.append(Problem.of(file, "def_network_rule_unknown", values, column=column))
        for model in net.efficiency.values():
            for role in ("inputs", "outputs", "context"):
                for i, name in enumerate(getattr(model, role)):
                    if name not in all_indicators:
                        column = f"{at}.efficiency.{model.code}.{role}[{i}]"
                        values = {"code": name}
                        problems.append(
                            Problem.of(file, "def_unknown_indicator", values, column=column)
                        )
        if net.population and net.population not in all_indicators:
            values = {"code": net.population}
            problems.append(
                Problem.of(file, "def_unknown_indicator", values, column=f"{at}.population")
            )
    return problems


def _formula_cycles(indicators: Mapping[str, IndicatorDefinition]) -> list[list[str]]:
    """Every circle of formula references, each reported once."""
    graph = {code: sorted(ind.components & indicators.keys()) for code, ind in indicators.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for code in sorted(graph):
        if code not in state:
            visit(code)
    return cycles


def evaluation_order(
    indicators: Mapping[str, IndicatorDefinition], wanted: Iterable[str]
) -> list[str]:
    """Derived indicators needed for ``wanted``, components before the formulas using them."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(code: str) -> None:
        if code in seen or code not in indicators:
            return
        seen.add(code)
        for dep in sorted(indicators[code].components):
            visit(dep)
        if indicators[code].derived:
            order.append(code)

    for code in wanted:
        visit(code)
    return order


def builtin_paths() -> list[Path]:
    """The shipped ``indicators/`` and ``networks/`` folders (wheel or checkout)."""
    here = Path(__file__).resolve().parents[1]
    found = []
    for name in ("indicators", "networks"):
        for candidate in (here / "_builtin" / name, here.parent / name):
            if candidate.is_dir():
                found.append(candidate)
                break
    return found


def schema_path() -> Path:
    """The JSON Schema (draft 2020-12) of a definition file, shipped in the package.

    Editors with a YAML language server check a file against it as it is typed
    (``# yaml-language-server: $schema=...``). It holds what a schema can say:
    keys, types, choices and which keys go together; references between
    definitions, formulas and rules are checked by :func:`read_files` only.
    """
    return Path(__file__).resolve().parent / "schemas" / "definitions.schema.json"
