"""A small safe evaluator for formulas and rules written in definition files.

Formulas such as ``COST / POP * 1000`` and rules such as ``PART <= TOTAL`` are
parsed with :mod:`ast` and only a whitelist of node types is accepted: numbers,
indicator codes, arithmetic, comparisons, ``and``/``or``/``not`` and a few
functions. Nothing from a file ever reaches ``eval``. Evaluation is vectorised:
each name maps to a NumPy array (one value per municipality and year) and a
missing component makes the result missing (NaN), as a statistician expects.

A formula is at most :data:`MAX_LENGTH` characters and :data:`MAX_DEPTH` levels
deep: Python's parser and this evaluator recurse once per level, so a hostile
file (thousands of terms or unary minuses) would otherwise end in a
``RecursionError`` or ``MemoryError`` rather than a message with its key path.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from benchlearn.errors import BenchlearnError
from benchlearn.messages import number

Array = Any  # numpy arrays; kept loose so scalars work too
Evaluator = Callable[[Mapping[str, Array]], Array]

#: The longest formula or rule, in characters; real ones are a line or two.
MAX_LENGTH = 1000
#: The deepest nesting of operations (each operator, call or parenthesis is a level).
MAX_DEPTH = 100

FUNCTIONS: dict[str, tuple[int, Callable[..., Array]]] = {
    "min": (2, np.minimum),
    "max": (2, np.maximum),
    "abs": (1, np.abs),
    "log": (1, np.log),
    "sqrt": (1, np.sqrt),
}
_BINARY: dict[type[ast.operator], Callable[[Array, Array], Array]] = {
    ast.Add: np.add,
    ast.Sub: np.subtract,
    ast.Mult: np.multiply,
    ast.Div: np.divide,
    ast.Pow: np.power,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Array, Array], Array]] = {
    ast.Lt: np.less,
    ast.LtE: np.less_equal,
    ast.Gt: np.greater,
    ast.GtE: np.greater_equal,
    ast.Eq: np.equal,
    ast.NotEq: np.not_equal,
}


class ExpressionError(BenchlearnError):
    """A formula or rule that cannot be parsed or uses something not allowed."""


@dataclass(frozen=True)
class Expression:
    """A parsed formula or rule: its text, the names it uses, and how to evaluate it."""

    text: str
    names: frozenset[str]
    is_condition: bool
    _evaluate: Evaluator = field(repr=False, compare=False)

    def evaluate(self, values: Mapping[str, Array]) -> np.ndarray:
        """Evaluate over arrays of equal length; a missing name is an error.

        Division by zero, an overflow and a missing component give NaN. For a rule the result
        is a float array: 1.0 holds, 0.0 broken, NaN not checkable.
        """
        missing = sorted(self.names - values.keys())
        if missing:
            raise ExpressionError.of(
                "def_expr_needs", {"text": self.text, "names": ", ".join(missing)}
            )
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            result = np.asarray(self._evaluate(values), dtype=float)
        # A rate over a zero denominator is undefined, not infinite.
        return np.where(np.isinf(result), np.nan, result)


def parse(text: str) -> Expression:
    """Parse ``text`` into an :class:`Expression`, or raise :class:`ExpressionError`."""
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError.of("def_expr_empty")
    if len(text.strip()) > MAX_LENGTH:
        values = {"start": _start(text), "limit": _count(MAX_LENGTH)}
        raise ExpressionError.of(
            "def_expr_too_long", {**values, "length": _count(len(text.strip()))}
        )
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot parse {text!r}: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise _too_deep(text) from None
    if _depth(tree.body) > MAX_DEPTH:
        raise _too_deep(text)
    names: set[str] = set()
    evaluate, is_condition = _compile(tree.body, names, text)
    return Expression(text.strip(), frozenset(names), is_condition, evaluate)


def _start(text: str) -> dict[str, str]:
    """The beginning of a long text, quoted, for a message that must stay one line: as
    Python quotes it in English (the text users read before the catalogue), „x” in Latvian."""
    text = text.strip()
    more = "…" if len(text) > 40 else ""
    return {"en": repr(text[:40]) + more, "lv": f"„{text[:40]}”{more}"}


def _count(value: int) -> dict[str, str]:
    """A count of characters or levels as each language writes it: 1,000 or 1 000."""
    return {"en": f"{value:,}", "lv": number(value, "lv", 0)}


def _too_deep(text: str) -> ExpressionError:
    return ExpressionError.of("def_expr_too_deep", {"start": _start(text), "limit": MAX_DEPTH})


def _depth(node: ast.AST) -> int:
    """How deeply the expression nests, counted without recursion (the tree may be deep)."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend(
            (child, depth + 1)
            for child in ast.iter_child_nodes(current)
            if isinstance(child, ast.expr)
        )
    return deepest


def _missing_mask(*arrays: Array) -> Array:
    mask: Array = False
    for array in arrays:
        mask = np.logical_or(mask, np.isnan(np.asarray(array, dtype=float)))
    return mask


def _compile(node: ast.AST, names: set[str], text: str) -> tuple[Evaluator, bool]:
    """Turn one AST node into a closure; return it and whether it yields a truth value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        if isinstance(node.value, bool):
            raise ExpressionError.of("def_expr_not_allowed", {"text": text, "node": "Constant"})
        try:
            constant = float(node.value)
        except OverflowError:
            constant = float("inf")
        if not np.isfinite(constant):
            raise ExpressionError.of("def_expr_too_large", {"start": _start(text)})
        return (lambda _env: constant), False
    if isinstance(node, ast.Name):
        name = node.id
        names.add(name)
        return (lambda env: np.asarray(env[name], dtype=float)), False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
        operand, cond = _compile(node.operand, names, text)
        if isinstance(node.op, ast.Not):
            if not cond:
                raise ExpressionError.of("def_expr_not_needs_comparison", {"text": text})
            return (lambda env: _logical(np.logical_not, operand(env))), True
        if cond:
            raise ExpressionError.of("def_expr_arithmetic_on_comparison", {"text": text})
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        return (lambda env: sign * operand(env)), False
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        op = _BINARY[type(node.op)]
        left, lc = _compile(node.left, names, text)
        right, rc = _compile(node.right, names, text)
        if lc or rc:
            raise ExpressionError.of("def_expr_arithmetic_on_comparison", {"text": text})
        return (lambda env: op(left(env), right(env))), False
    if isinstance(node, ast.Compare):
        parts = [_compile(n, names, text) for n in [node.left, *node.comparators]]
        if any(cond for _, cond in parts):
            raise ExpressionError.of("def_expr_compare_comparison", {"text": text})
        ops = [_COMPARE[type(o)] for o in node.ops if type(o) in _COMPARE]
        if len(ops) != len(node.ops):
            raise ExpressionError.of("def_expr_comparators", {"text": text})
        evaluators = [p for p, _ in parts]

        def compare(env: Mapping[str, Array]) -> Array:
            values = [e(env) for e in evaluators]
            result: Array = True
            for i, op in enumerate(ops):
                result = np.logical_and(result, op(values[i], values[i + 1]))
            return np.where(_missing_mask(*values), np.nan, result)

        return compare, True
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v, names, text) for v in node.values]
        if not all(cond for _, cond in parts):
            raise ExpressionError.of("def_expr_and_or", {"text": text})
        combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
        evaluators = [p for p, _ in parts]

        def boolean(env: Mapping[str, Array]) -> Array:
            values = [e(env) for e in evaluators]
            result = values[0]
            for value in values[1:]:
                result = _logical(combine, result, value)
            return result

        return boolean, True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        if node.func.id not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            values = {"text": text, "name": node.func.id, "allowed": allowed}
            raise ExpressionError.of("def_expr_unknown_function", values)
        arity, function = FUNCTIONS[node.func.id]
        if len(node.args) != arity:
            said = {"text": text, "name": node.func.id, "count": arity}
            raise ExpressionError.of("def_expr_arity", said)
        args = [_compile(a, names, text) for a in node.args]
        if any(cond for _, cond in args):
            raise ExpressionError.of("def_expr_function_comparison", {"text": text})
        evaluators = [a for a, _ in args]
        return (lambda env: function(*(e(env) for e in evaluators))), False
    values = {"text": text, "node": type(node).__name__}
    raise ExpressionError.of("def_expr_not_allowed", values)


def _logical(op: Callable[..., Array], *values: Array) -> Array:
    """Three-valued logic: NaN (unknown) stays unknown."""
    arrays = [np.asarray(v, dtype=float) for v in values]
    result = op(*(np.nan_to_num(a) != 0 for a in arrays)).astype(float)
    return np.where(_missing_mask(*arrays), np.nan, result)
