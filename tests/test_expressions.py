"""The safe evaluator: arithmetic and rules over indicator codes, never ``eval``."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchlearn.definitions.expressions import ExpressionError, parse


def test_formula_names_and_value() -> None:
    formula = parse("COST / POP * 1000")

    result = formula.evaluate({"COST": np.array([50.0, 10.0]), "POP": np.array([1000.0, 4.0])})

    assert formula.names == frozenset({"COST", "POP"})
    assert result.tolist() == [50.0, 2500.0]


def test_missing_component_and_zero_denominator_give_missing() -> None:
    result = parse("A / B").evaluate({"A": np.array([1.0, np.nan]), "B": np.array([0.0, 2.0])})

    assert np.isnan(result).all()


def test_functions_and_precedence() -> None:
    result = parse("max(A, B) - -abs(C) ** 2 + sqrt(D) + log(E)").evaluate(
        {"A": 1.0, "B": 3.0, "C": -2.0, "D": 9.0, "E": math.e}
    )

    assert float(result) == pytest.approx(3 + 4 + 3 + 1)


def test_rule_is_three_valued() -> None:
    rule = parse("PART <= TOTAL and PART >= 0")

    result = rule.evaluate(
        {"PART": np.array([1.0, 5.0, np.nan]), "TOTAL": np.array([2.0, 3.0, 1.0])}
    )

    assert rule.is_condition
    assert result[:2].tolist() == [1.0, 0.0]
    assert np.isnan(result[2])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('__import__("os").system("x")', "`Call` (Python syntax) is not allowed"),
        ('__import__("os")', "unknown function '__import__'"),
        ("open('f')", "unknown function 'open'"),
        ("A.real", "`Attribute` (Python syntax) is not allowed"),
        ("A if B else C", "`IfExp` (Python syntax) is not allowed"),
        ("[A]", "`List` (Python syntax) is not allowed"),
        ("'text'", "`Constant` (Python syntax) is not allowed"),
        ("lambda: 1", "`Lambda` (Python syntax) is not allowed"),
        ("A +", "cannot parse"),
        ("min(A)", "min() takes 2 argument(s)"),
        ("(A < B) + 1", "arithmetic on a comparison"),
        ("A and B", "'and'/'or' join comparisons only"),
        ("", "non-empty"),
    ],
)
def test_everything_else_is_refused(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(text)


def test_a_missing_name_is_an_error_not_a_zero() -> None:
    with pytest.raises(ExpressionError, match="needs POP"):
        parse("COST / POP").evaluate({"COST": np.array([1.0])})


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(finite, finite, finite)
def test_arithmetic_matches_python(a: float, b: float, c: float) -> None:
    got = float(parse("a * b - c + (a - b) / 4").evaluate({"a": a, "b": b, "c": c}))

    assert got == pytest.approx(a * b - c + (a - b) / 4, rel=1e-12, abs=1e-9)


@given(finite, finite)
def test_comparisons_match_python(a: float, b: float) -> None:
    got = parse("a < b or a == b").evaluate({"a": a, "b": b})

    assert float(got) == float(a <= b)
