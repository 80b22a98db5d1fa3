"""Good practice: add, list and remove, and notes beside learning partners."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine

from benchlearn.errors import BenchlearnError
from benchlearn.registry.practices import add_practice, practice_notes, practices, remove_practice


def test_add_list_remove(workspace: Engine) -> None:
    first = add_practice(
        workspace,
        municipality="B2",
        network="T9",
        indicator="SHARE",
        title="Client panels",
        url="https://example.org/panels",
        year=2021,
    )
    second = add_practice(workspace, municipality="C3", network="T9", title="Shared social worker")

    with workspace.connect() as connection:
        listed = practices(connection, network="T9")
    remove_practice(workspace, first)
    with workspace.connect() as connection:
        after = practices(connection)

    assert listed[["id", "municipality", "indicator", "title"]].astype(object).where(
        listed[["id", "municipality", "indicator", "title"]].notna(), None
    ).values.tolist() == [
        [first, "B2", "SHARE", "Client panels"],
        [second, "C3", None, "Shared social worker"],
    ]
    assert after["id"].tolist() == [second]


def test_unknown_codes_are_reported_together(workspace: Engine) -> None:
    with pytest.raises(
        BenchlearnError,
        match="unknown municipality 'ZZ'; unknown network 'NOPE'; unknown indicator 'X'",
    ):
        add_practice(workspace, municipality="ZZ", network="NOPE", indicator="X", title="t")


def test_bad_url_and_missing_practice(workspace: Engine) -> None:
    with pytest.raises(BenchlearnError, match="must start with http"):
        add_practice(workspace, municipality="A1", network="T9", title="t", url="javascript:x")
    with pytest.raises(BenchlearnError, match="there is no practice 42"):
        remove_practice(workspace, 42)


def test_notes_prefer_the_indicators_own_practice(workspace: Engine) -> None:
    add_practice(workspace, municipality="B2", network="T9", title="General", url=None)
    add_practice(
        workspace, municipality="B2", network="T9", indicator="SHARE", title="Panels",
        url="https://example.org/p",
    )  # fmt: skip
    partners = pd.DataFrame({"indicator": ["SHARE", "COST_PC"], "partner": ["B2", "B2"]})

    with workspace.connect() as connection:
        noted = practice_notes(connection, "T9", partners)

    assert noted["practice"].tolist() == ["Panels", "General"]
    assert noted["practice_url"].tolist() == ["https://example.org/p", ""]
    assert noted["on_indicator"].tolist() == [True, False]
