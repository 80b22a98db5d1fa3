"""The maths of a plan's progress against R 4.2.2 (base): mad(), fisher.test(), poisson.test(), approx().

The reference figures were computed with ``Rscript`` from the same numbers; the
script is in the docstring of :func:`test_span_noise_is_r_mad_of_the_changes_over_the_span`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchlearn.analysis.progress import expected_share, progress, span_noise, z_test
from benchlearn.analysis.significance import Counted

#: Eight members' values of one indicator, 2018–2022.
PANEL = [
    [10.0, 10.4, 11.1, 10.9, 11.6],
    [20.0, 19.1, 19.8, 20.6, 20.2],
    [15.0, 15.3, 14.8, 15.9, 16.4],
    [12.0, 12.9, 13.1, 12.7, 13.8],
    [30.0, 29.2, 28.1, 28.9, 27.7],
    [25.0, 25.5, 26.4, 26.0, 26.9],
    [18.0, 17.6, 18.3, 19.0, 18.8],
    [22.0, 22.8, 22.1, 23.5, 23.9],
]
#: R 4.2.2: ``mad(as.vector(v[, (1 + gap):5] - v[, 1:(5 - gap)]))`` for each gap.
R_MAD = {1: 0.66717, 2: 0.889559999999999, 3: 0.222389999999999}
#: R 4.2.2: ``fisher.test(matrix(c(45, 255, 30, 280), nrow = 2, byrow = TRUE))$p.value``.
R_FISHER = 0.0489614349532004
#: R 4.2.2: ``poisson.test(c(140, 110), c(9000, 9100))$p.value``.
R_POISSON = 0.0498798682184272
#: R 4.2.2: ``2 * pnorm(-abs((53.5 - 47.5) / sqrt(2.1^2 + 1.8^2)))`` and the same for 52.0.
R_Z = (0.0300595678924124, 0.103741678236542)
#: R 4.2.2: ``approx(c(2019, 2024), c(0, 1), xout = 2022, rule = 2)$y``.
R_LINE = 0.6


def history() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (f"M{m}", "V", 2018 + y, value)
            for m, row in enumerate(PANEL)
            for y, value in enumerate(row)
        ],
        columns=["municipality", "indicator", "year", "value"],
    )


def test_span_noise_is_r_mad_of_the_changes_over_the_span() -> None:
    """R 4.2.2::

    v <- matrix(c(10.0, 10.4, ...), nrow = 8, byrow = TRUE)   # PANEL
    for (gap in 1:3) print(mad(as.vector(v[, (1 + gap):5] - v[, 1:(5 - gap)])))
    """
    found = span_noise(history(), [3, 1, 2, 2])

    assert found["gap"].tolist() == [1, 2, 3]
    assert found["changes"].tolist() == [32, 24, 16]
    assert found["noise"].to_numpy() == pytest.approx([R_MAD[1], R_MAD[2], R_MAD[3]], abs=1e-12)


def test_span_noise_needs_five_changes() -> None:
    few = history()[history()["municipality"].isin(["M0", "M1"])]

    found = span_noise(few, [3])

    assert found["changes"].tolist() == [4]
    assert np.isnan(found["noise"].iloc[0])


def test_expected_share_is_r_approx_of_the_straight_line() -> None:
    assert expected_share([2019], [2024], [2022]) == pytest.approx([R_LINE])
    assert expected_share([2019, 2019], [2024, 2024], [2017, 2030]).tolist() == [0.0, 1.0]


def targets() -> pd.DataFrame:
    """Five targets: a proportion and a rate with counts, two noise-judged ones, one with no
    newer value and one whose target is its baseline."""
    nan = np.nan
    rows = [
        # indicator, baseline_year, baseline, year, value, target, target_year, x1, n1, x0, n0
        ("P", 2019, 30 / 310 * 100, 2022, 45 / 300 * 100, 20.0, 2024, 45, 300, 30, 310),
        ("R", 2019, 110 / 9100 * 1000, 2022, 140 / 9000 * 1000, 18.0, 2024, 140, 9000, 110, 9100),
        ("V", 2020, 11.1, 2022, 13.0, 14.0, 2024, nan, nan, nan, nan),
        ("V", 2020, 11.1, 2022, 12.8, 14.0, 2024, nan, nan, nan, nan),
        ("V", 2022, 11.1, 2022, 11.1, 14.0, 2024, nan, nan, nan, nan),
        ("V", 2020, 11.1, 2022, 12.0, 11.1, 2024, nan, nan, nan, nan),
    ]
    return pd.DataFrame(
        rows,
        columns=["indicator", "baseline_year", "baseline", "year", "value", "target_value",
                 "target_year", "numerator", "denominator", "numerator_before",
                 "denominator_before"],
    )  # fmt: skip


def test_progress_matches_r_fisher_poisson_and_mad() -> None:
    counted = {
        "P": Counted("proportion", 100.0, "higher"),
        "R": Counted("rate", 1000.0, "higher"),
    }

    found = progress(targets(), span_noise(history(), [2]), counted)

    assert found["method"].tolist() == ["fisher", "poisson", "noise", "noise", None, "noise"]
    assert found["p_value"].to_numpy()[:2] == pytest.approx([R_FISHER, R_POISSON], rel=1e-9)
    # beyond 2 × R's mad over two years (1.77912): 1.9 is, 1.7 is not
    assert found["significant"].tolist() == [True, True, True, False, pd.NA, False]
    assert found["covered"].to_numpy()[:4] == pytest.approx(
        [(15 - 3000 / 310) / (20 - 3000 / 310), (140 / 9 - 110 / 9.1) / (18 - 110 / 9.1),
         1.9 / 2.9, 1.7 / 2.9]
    )  # fmt: skip
    assert found["expected"].to_numpy()[:2] == pytest.approx([R_LINE, R_LINE])
    assert found["expected"].to_numpy()[2:4] == pytest.approx([0.5, 0.5])
    assert found["on_track"].tolist() == [False, False, True, True, pd.NA, pd.NA]
    assert np.isnan(found["covered"].iloc[4]) and np.isnan(found["covered"].iloc[5])


def test_the_significance_level_follows_the_confidence() -> None:
    counted = {"P": Counted("proportion", 100.0, "higher")}

    found = progress(targets().iloc[:1], span_noise(history(), [2]), counted, confidence=99.8)

    assert found["significant"].tolist() == [False]


@given(
    st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(-1e6, 1e6),
    st.integers(2000, 2010), st.integers(1, 10), st.integers(0, 15),
)  # fmt: skip
def test_on_track_means_at_or_beyond_the_straight_line(
    baseline: float, target: float, value: float, start: int, span: int, elapsed: int
) -> None:
    frame = pd.DataFrame(
        {"indicator": ["V"], "baseline_year": [start], "baseline": [baseline],
         "year": [start + elapsed], "value": [value], "target_value": [target],
         "target_year": [start + span]}
    )  # fmt: skip

    found = progress(frame, span_noise(history(), []), {}).iloc[0]

    if elapsed == 0 or target == baseline:
        assert found["on_track"] is pd.NA
    else:
        line = baseline + (target - baseline) * min(elapsed / span, 1.0)
        beyond = (value - line) * np.sign(target - baseline)
        if abs(beyond) > 1e-6 * max(1.0, abs(target - baseline)):
            assert bool(found["on_track"]) == (beyond > 0)


def test_a_change_with_standard_errors_is_r_z_test() -> None:
    frame = pd.DataFrame(
        {"indicator": ["S", "S", "S"], "baseline_year": [2020] * 3, "baseline": [47.5] * 3,
         "year": [2023] * 3, "value": [53.5, 52.0, 60.0], "target_value": [60.0] * 3,
         "target_year": [2025] * 3, "error": [2.1, 2.1, np.nan],
         "error_before": [1.8, 1.8, 1.8]}
    )  # fmt: skip

    found = progress(frame, span_noise(history(), []), {})

    assert found["p_value"].to_numpy()[:2] == pytest.approx(R_Z, rel=1e-9)
    assert found["method"].tolist() == ["z", "z", None]
    assert found["significant"].tolist() == [True, False, pd.NA]
    assert z_test([1.0], [0.0], [0.0])[1].tolist() == [pytest.approx(np.nan, nan_ok=True)]
