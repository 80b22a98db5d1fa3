"""A year ranked in pieces: the same rows, numbers and text as ranked whole (issue 24).

``rank --format csv`` ranks and writes a few hundred indicators at a time, so a
year of Kolada is never held whole. The pieces must not change a digit: a peer
set's mean is summed over a row padded to the widest set, so a piece whose sets
are all narrower would sum in another order (the test data has such a piece).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.analysis.ranking import BANDS, band_for, bands, rank_observations
from benchlearn.cli import cli
from benchlearn.context import open_context
from benchlearn.definitions.store import load_definitions
from benchlearn.frames import per_code, text_column, texts_at, with_names
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import write

PLACES = [f"M{n:02d}" for n in range(20)]
DEFINITIONS = """indicators:
  - {code: WIDE, name: Everyone answers, unit: x, direction: higher}
  - {code: NARROW, name: Twelve answer, unit: x, direction: lower}
  - {code: SHARE, name: Share, unit: "%", direction: higher, statistic: proportion,
     numerator: PART, denominator: WHOLE, multiplier: 100}
  - {code: PART, name: Part, unit: persons, direction: neutral}
  - {code: WHOLE, name: Whole, unit: persons, direction: neutral}
network:
  code: NET
  name: Network
  members: all
  indicators: [WIDE, NARROW, SHARE]
"""


@pytest.fixture
def network(engine: Engine, tmp_path: Path) -> Engine:
    """20 members: WIDE for all of them, NARROW for 12 (its peer set is narrower), SHARE
    from counts; values with many digits, so that the order of a sum shows."""
    registry = "code,name\n" + "".join(f"{m},Place {m}\n" for m in PLACES)
    load_municipalities(engine, write(tmp_path / "m.csv", registry))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    rng = np.random.default_rng(1)  # NARROW's sum of 12 differs padded to 20 or not
    wide, narrow = rng.normal(100, 30, 20) / 7, rng.normal(50, 20, 12) / 3
    rows = ["municipality,indicator,year,value"]
    for n, place in enumerate(PLACES):
        rows.append(f"{place},WIDE,2024,{float(wide[n])!r}")
        if n < 12:
            rows.append(f"{place},NARROW,2024,{float(narrow[n])!r}")
        whole = int(rng.integers(500, 5000))
        rows.append(f"{place},WHOLE,2024,{whole}")
        rows.append(f"{place},PART,2024,{int(rng.integers(0, whole))}")
    import_file(engine, write(tmp_path / "v.csv", "\n".join(rows) + "\n"))
    return engine


def test_pieces_are_the_whole_ranking_to_the_last_digit(network: Engine) -> None:
    with network.connect() as connection:
        ctx = open_context(connection, "NET", 2024)
        codes = list(ctx.codes)
        whole = ctx.ranked(2024, codes)
        pieces = list(ctx.ranked_pieces(2024, codes, rows=1))

    assert [sorted(set(p["indicator"])) for p in pieces] == [["NARROW"], ["SHARE"], ["WIDE"]]
    # A piece without counts has no significance at all: its column is of objects (None).
    together = pd.concat(pieces, ignore_index=True)
    pd.testing.assert_frame_equal(together, whole, check_exact=True, check_dtype=False)
    numbers = whole.select_dtypes("number").columns
    assert (together[numbers].dtypes == whole[numbers].dtypes).all()


def test_a_narrow_piece_alone_would_sum_in_another_order(network: Engine) -> None:
    """Why the pieces are padded: ranked on its own, NARROW's mean differs in its last digits."""
    with network.connect() as connection:
        ctx = open_context(connection, "NET", 2024)
        long = ctx.values(["WIDE", "NARROW"])
        directions = {"WIDE": "higher", "NARROW": "lower"}
        together = rank_observations(long, directions, ctx.assignment)
        narrow = long[long["indicator"] == "NARROW"]
        alone = rank_observations(narrow, directions, ctx.assignment)
        padded = rank_observations(narrow, directions, ctx.assignment, width=20)

    mean = together.loc[together["indicator"] == "NARROW", "peer_mean"].to_numpy()
    assert not np.array_equal(alone["peer_mean"].to_numpy(), mean)
    assert np.array_equal(padded["peer_mean"].to_numpy(), mean)


def test_rank_csv_in_pieces_is_the_text_of_one_piece(
    network: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = network.url.render_as_string(hide_password=False)
    command = ["--db", url, "rank", "-n", "NET", "--year", "2024", "--format", "csv"]
    whole = CliRunner().invoke(cli, command)
    table = CliRunner().invoke(cli, command[:-2] + ["--format", "table"])
    monkeypatch.setattr("benchlearn.context.PIECE_ROWS", 1)

    pieces = CliRunner().invoke(cli, command)
    written = CliRunner().invoke(cli, [*command, "-o", str(tmp_path / "r.csv")])

    assert whole.exit_code == pieces.exit_code == written.exit_code == 0, pieces.output
    assert pieces.output == whole.output
    assert len(whole.output.splitlines()) == 1 + 20 + 12 + 20
    assert (tmp_path / "r.csv").read_bytes() == ("\ufeff" + whole.output).encode()
    assert written.output == f"Wrote {tmp_path / 'r.csv'}.\n"
    lines = whole.output.splitlines()
    assert lines[1].startswith("M00,Place M00,NARROW,2024,")
    assert lines[1].endswith(",network")
    assert table.exit_code == 0 and "NARROW" in table.output


def test_a_year_without_data_still_says_which_years_have_some(network: Engine) -> None:
    url = network.url.render_as_string(hide_password=False)

    result = CliRunner().invoke(
        cli, ["--db", url, "rank", "-n", "NET", "--year", "2025", "--format", "csv"]
    )

    assert result.exit_code == 1
    assert result.output == (
        "Error: Network NET's members have no data for 2025 yet (0 forms returned); "
        "years with data: 2024\n"
    )


def test_per_code_is_a_map_with_a_default() -> None:
    column = pd.Series(["b", "a", None, "c", "a"], dtype="str")

    found = per_code(column, {"a": "higher", "b": "lower"}, "neutral")

    assert found.tolist() == ["lower", "higher", "neutral", "neutral", "higher"]
    assert found.tolist() == column.map({"a": "higher", "b": "lower"}).fillna("neutral").tolist()


def test_texts_are_stored_as_a_dataframe_stores_them() -> None:
    taken = pd.DataFrame({"band": texts_at(["x", "y"], np.array([1, -1, 0]))})["band"]
    inferred = pd.DataFrame({"band": np.array(["y", None, "x"], dtype=object)})["band"]
    same = pd.DataFrame({"g": text_column("network", 3)})["g"]

    pd.testing.assert_series_equal(taken, inferred)
    pd.testing.assert_series_equal(same, pd.DataFrame({"g": ["network"] * 3})["g"])


def test_names_beside_codes_keep_the_frame_given() -> None:
    frame = pd.DataFrame({"municipality": ["A1", "B2", None, "A1"], "value": [1.0, 2, 3, 4]})

    named = with_names(frame, {"A1": "Alpha"})

    assert named.columns.tolist() == ["municipality", "name", "value"]
    assert named["name"].tolist() == ["Alpha", "", "", "Alpha"]
    assert frame.columns.tolist() == ["municipality", "value"]
    pd.testing.assert_series_equal(
        named["name"], frame["municipality"].map({"A1": "Alpha"}).fillna("").rename("name")
    )


def test_bands_are_band_for_on_every_boundary() -> None:
    edges = [0.0, 0.5, 1.5, 3.0]
    points = [e + d for e in edges for d in (-1e-9, 0.0, 1e-9)]
    robust = np.array([np.nan, np.inf, -np.inf, *points, *(-p for p in points)])

    assert bands(robust).tolist() == [band_for(float(r)) for r in robust]
    assert set(bands(robust).tolist()) == {*BANDS, None}
