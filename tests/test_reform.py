"""Territorial reforms: crosswalk loading and values on one year's boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import ValidationError
from benchlearn.importing import import_file
from benchlearn.registry.crosswalk import load_crosswalk
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.values import values
from tests.conftest import write

DEFINITIONS = """indicators:
  - {code: POP, name: Population, unit: persons, direction: neutral, aggregation: sum}
  - {code: CLIENTS, name: Clients, unit: persons, direction: neutral, aggregation: sum}
  - code: RATE
    name: Share satisfied
    unit: "%"
    direction: higher
    aggregation: weighted_mean
    weight: POP
  - {code: NOTE, name: Unaggregatable, unit: x, direction: neutral}
  - {code: PER_1000, name: Clients per 1000, unit: x, direction: neutral, formula: CLIENTS / POP * 1000, aggregation: formula}
"""
REGISTRY = """code,name,valid_from,valid_to
OLD1,Old one,2009,2020
OLD2,Old two,2009,2020
NEW,New,2021,
KEEP,Kept,2009,
"""


@pytest.fixture
def reformed(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(engine, write(tmp_path / "m.csv", REGISTRY))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    import_file(
        engine,
        write(
            tmp_path / "v.csv",
            "municipality,indicator,year,value,status\n"
            "OLD1,POP,2020,1000,\nOLD2,POP,2020,3000,\nKEEP,POP,2020,500,\n"
            "OLD1,CLIENTS,2020,10,\nOLD2,CLIENTS,2020,50,\n"
            "OLD1,RATE,2020,80,\nOLD2,RATE,2020,40,\n"
            "OLD1,NOTE,2020,1,\nOLD2,NOTE,2020,2,\nKEEP,NOTE,2020,7,\n"
            "NEW,POP,2021,4100,\nNEW,CLIENTS,2021,61,\n",
        ),
    )
    load_crosswalk(
        engine,
        write(tmp_path / "cw.csv", "old_code,new_code,year\nOLD1,NEW,2021\nOLD2,NEW,2021\n"),
    )
    return engine


def rows(frame: object) -> list[tuple[object, ...]]:
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    out = []
    for r in frame.itertuples(index=False):
        value = None if r.value != r.value else round(float(r.value), 6)
        out.append((r.municipality, r.indicator, int(r.year), value, r.status, bool(r.aggregated)))
    return out


def test_values_on_the_new_boundaries(reformed: Engine) -> None:
    with reformed.connect() as connection:
        definitions = stored_definitions(connection)
        frame = values(
            connection,
            definitions,
            ["POP", "RATE", "NOTE", "PER_1000"],
            municipalities=["NEW", "KEEP"],
            boundaries=2021,
        )

    assert rows(frame) == [
        ("KEEP", "NOTE", 2020, 7.0, None, False),
        ("NEW", "NOTE", 2020, None, "-", True),
        ("KEEP", "PER_1000", 2020, None, "-", False),
        ("NEW", "PER_1000", 2020, 15.0, None, True),
        ("NEW", "PER_1000", 2021, 14.878049, None, False),
        ("KEEP", "POP", 2020, 500.0, None, False),
        ("NEW", "POP", 2020, 4000.0, None, True),
        ("NEW", "POP", 2021, 4100.0, None, False),
        ("NEW", "RATE", 2020, 50.0, None, True),
    ]


def test_partial_shares_and_bad_rows_are_all_reported(reformed: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        "old_code,new_code,year,weight\nOLD1,NEW,2021,0.7\nOLD1,KEEP,2021,0.6\n"
        "XX,NEW,2021,\nOLD2,NEW,twenty,\nOLD2,KEEP,2021,2\n",
    )

    with pytest.raises(ValidationError) as caught:
        load_crosswalk(reformed, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 4, column old_code: unknown municipality 'XX'",
        f"{path}, row 5, column year: 'twenty' is not a year",
        f"{path}, row 6, column weight: '2' is not a share between 0 and 1",
        f"{path}: the shares of OLD1 in 2021 add up to 1.3, more than 1",
    ]
