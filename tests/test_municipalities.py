"""Municipality registries: CSV and built-in, attributes, validity, every problem at once."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine

from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.registry.municipalities import load_municipalities, municipalities_frame
from tests.conftest import write


def frame_rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        frame = municipalities_frame(connection)
    return [
        {k: (None if v is None or v != v or v is pd.NA else v) for k, v in r.items()}
        for r in frame.to_dict(orient="records")
    ]


def test_extra_columns_become_attributes(engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.csv",
        "code,name,kind,region,kostra_group\n0101,Halden,kommune,Viken,13\n0104,Moss,kommune,Viken,\n",
    )

    report = load_municipalities(engine, path)

    assert (report.added, report.updated, report.attributes) == (2, 0, ("kostra_group", "region"))
    assert frame_rows(engine) == [
        {"code": "0101", "name": "Halden", "kind": "kommune", "valid_from": None,
         "valid_to": None, "kostra_group": "13", "region": "Viken"},
        {"code": "0104", "name": "Moss", "kind": "kommune", "valid_from": None,
         "valid_to": None, "kostra_group": None, "region": "Viken"},
    ]  # fmt: skip


def test_reload_updates_names_and_widens_validity(engine: Engine, tmp_path: Path) -> None:
    load_municipalities(
        engine, write(tmp_path / "a.csv", "code,name,valid_from,valid_to\nX,Old name,2009,2020\n")
    )

    report = load_municipalities(
        engine, write(tmp_path / "b.csv", "code,name,valid_from,valid_to\nX,New name,2021,\n")
    )

    assert (report.added, report.updated) == (0, 1)
    row = frame_rows(engine)[0]
    assert (row["name"], row["valid_from"], row["valid_to"]) == ("New name", 2009, None)


def test_every_problem_in_a_registry(engine: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "m.csv",
        "code,name,valid_from,valid_to\nA,Alpha,2009,2001\n,Nameless,,\nA,Again,,\nB,,x,\n",
    )

    with pytest.raises(ValidationError) as caught:
        load_municipalities(engine, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 2, column valid_to: valid_to 2001 is before valid_from 2009",
        f"{path}, row 3, column code: code is empty",
        f"{path}, row 4, column code: code A already on row 2",
        f"{path}, row 5, column name: name is empty",
        f"{path}, row 5, column valid_from: 'x' is not a year",
    ]
    assert frame_rows(engine) == []


def test_missing_header_columns(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "m.csv", "id,title\n1,x\n")

    with pytest.raises(ValidationError) as caught:
        load_municipalities(engine, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 1: the header has no 'code' column",
        f"{path}, row 1: the header has no 'name' column",
    ]


def test_builtin_latvian_registries(engine: Engine) -> None:
    before = load_municipalities(engine, "lv-2009")
    after = load_municipalities(engine, "lv-2021")

    rows = {r["code"]: r for r in frame_rows(engine)}
    assert (before.added, after.added, after.updated) == (119, 3, 40)
    assert len(rows) == 122
    assert rows["LV-001"]["name"] == "Aglonas novads"
    assert (rows["LV-001"]["valid_from"], rows["LV-001"]["valid_to"]) == (2009, 2020)
    assert (rows["LV-002"]["valid_from"], rows["LV-002"]["valid_to"]) == (2009, None)
    # Varakļāni (LV-102) joined Madona on 1 July 2025: its last year on lv-2021 is 2024.
    assert sum(1 for r in rows.values() if r["valid_to"] is None) == 42


def test_unknown_registry_name(engine: Engine) -> None:
    with pytest.raises(
        BenchlearnError,
        match=r"no such file or built-in registry \(built-in: lv-2009, lv-2021, lv-2025\)",
    ):
        load_municipalities(engine, "lv-1990")
