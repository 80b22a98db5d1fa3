"""Indicators with counts behind them: definitions, values computed on read, suppression, import checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from benchlearn.definitions import read_files
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import ValidationError
from benchlearn.importing import ImportRejected, import_file
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.values import values
from tests.conftest import write

COUNTS = """indicators:
  - code: POP
    name: Population
    unit: persons
    direction: neutral
  - code: GMI
    name: GMI recipients
    unit: persons
    direction: neutral
  - code: GMI_PCT
    name: {en: Share receiving GMI, lv: GMI saņēmēju daļa}
    unit: "%"
    direction: neutral
    decimals: 1
    statistic: proportion
    numerator: GMI
    denominator: POP
    multiplier: 100
    suppress_below: 5
  - code: GP
    name: General practitioners
    unit: persons
    direction: neutral
  - code: GP_PER_10K
    name: GPs per 10,000 inhabitants
    unit: per 10,000 inhabitants
    direction: higher
    statistic: rate
    numerator: GP
    denominator: POP
    multiplier: 10000
"""


@pytest.fixture
def counted(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(
        engine, write(tmp_path / "m.csv", "code,name\nA1,Alpha\nB2,Beta\nC3,Gamma\n")
    )
    load_definitions(engine, [write(tmp_path / "d.yaml", COUNTS)])
    return engine


def test_a_statistic_is_a_derived_indicator_that_round_trips(tmp_path: Path) -> None:
    found = read_files([write(tmp_path / "d.yaml", COUNTS)])
    share = found.indicators["GMI_PCT"]

    assert (share.statistic, share.numerator, share.denominator) == ("proportion", "GMI", "POP")
    assert share.expression == "GMI / POP * 100"
    assert share.components == {"GMI", "POP"}
    assert found.indicators["GP_PER_10K"].expression == "GP / POP * 10000"
    again = read_files(
        [write(tmp_path / "again.yaml", "indicators:\n  - " + repr(share.to_descriptor()))],
        known=found,
    )
    assert again.indicators["GMI_PCT"] == share


def test_every_problem_of_a_statistic_is_reported_with_its_path(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        """indicators:
  - {code: POP, name: Population, unit: persons, direction: neutral}
  - {code: A, name: A, unit: "%", direction: neutral, statistic: share, numerator: POP,
     denominator: POP, multiplier: -1, suppress_below: -2}
  - {code: B, name: B, unit: "%", direction: neutral, statistic: rate, formula: POP * 2}
  - {code: C, name: C, unit: "%", direction: neutral, numerator: POP, multiplier: 100}
  - {code: D, name: D, unit: "%", direction: neutral, statistic: proportion, numerator: NOPE,
     denominator: POP}
""",
    )

    with pytest.raises(ValidationError) as caught:
        read_files([bad])

    assert [str(p) for p in caught.value.problems] == [
        f"{bad}, row 3, column 55: indicators[1].statistic: 'share' is not one of proportion, rate",
        f"{bad}, row 4, column 6: indicators[1].denominator: must differ from the numerator",
        f"{bad}, row 4, column 24: indicators[1].multiplier: must be greater than 0, e.g. 100 for a percentage",
        f"{bad}, row 4, column 40: indicators[1].suppress_below: must be 0 or more, e.g. 5",
        f"{bad}, row 5, column 55: indicators[2].statistic: give either a formula or a statistic with numerator "
        "and denominator, not both",
        f"{bad}, row 5, column 5: indicators[2].numerator: is required with statistic: rate",
        f"{bad}, row 5, column 5: indicators[2].denominator: is required with statistic: rate",
        f"{bad}, row 6, column 55: indicators[3].numerator: is only used with statistic: proportion or rate",
        f"{bad}, row 6, column 71: indicators[3].multiplier: is only used with statistic: proportion or rate",
        f"{bad}, row 7, column 78: indicators[4].numerator: D: unknown numerator indicator NOPE",
    ]


def test_values_are_computed_from_the_counts_and_a_corrected_count_corrects_them(
    counted: Engine, tmp_path: Path
) -> None:
    import_file(
        counted,
        write(
            tmp_path / "v.csv",
            "municipality,year,POP,GMI,GP\nA1,2023,2000,100,3\nB2,2023,1000,4,0\n",
        ),
    )
    import_file(counted, write(tmp_path / "fix.csv", "municipality,year,GMI\nA1,2023,50\n"))

    with counted.connect() as connection:
        got = values(connection, stored_definitions(connection), ["GMI_PCT", "GP_PER_10K", "GMI"])

    rows = {(r.municipality, r.indicator): (r.value, r.status) for r in got.itertuples()}
    assert rows[("A1", "GMI_PCT")] == (2.5, None)
    assert rows[("A1", "GP_PER_10K")] == (15.0, None)
    assert rows[("B2", "GP_PER_10K")] == (0.0, None)
    # Four recipients are below suppress_below: the count and the share are confidential.
    assert rows[("B2", "GMI")][1] == ".."
    assert rows[("B2", "GMI_PCT")][1] == ".."


def test_a_statistic_cannot_be_imported(counted: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", "municipality,indicator,year,value\nA1,GMI_PCT,2023,5\n")

    with pytest.raises(ImportRejected) as caught:
        import_file(counted, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 2, column indicator: GMI_PCT is computed from its formula; "
        "import its components instead"
    ]


def test_a_numerator_above_its_denominator_is_refused_naming_its_row(
    counted: Engine, tmp_path: Path
) -> None:
    import_file(counted, write(tmp_path / "pop.csv", "municipality,year,POP\nA1,2023,100\n"))
    path = write(
        tmp_path / "gmi.csv",
        "municipality,indicator,year,value\nB2,GMI,2023,7\nA1,GMI,2023,120\n",
    )

    with pytest.raises(ImportRejected) as caught:
        import_file(counted, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 3, column value: A1, 2023: the numerator of Share receiving GMI exceeds "
        "its denominator (GMI = 120, POP = 100)"
    ]
