"""When a form came in and whether it is complete: receipt is the first import, "-" is missing.

A form is complete when every value it asks has a number, "." (not applicable) or ".."
(confidential); a "-" answer is a missing one. It was received when it was first
imported: a correction after the deadline leaves an on-time form on time, and is listed
apart. ``forms status`` and the annual report count alike.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, update

from benchlearn.cli import cli
from benchlearn.importing import import_file
from benchlearn.importing.status import form_status
from benchlearn.models import ImportBatch
from benchlearn.report.annual_figures import FormCounts, form_counts
from tests.conftest import write
from tests.test_report import flat, pdftotext, text_of  # noqa: F401  (a fixture)

#: The 2022 forms: Alpha complete, Beta with a "-" for the satisfied share, Gamma a "." for
#: its cost (not applicable) and a confidential share; nothing else is missing.
FORMS = """municipality,indicator,year,value,status
A1,COST,2022,100,
A1,POP,2022,10,
A1,SHARE,2022,80,
B2,COST,2022,330,
B2,POP,2022,20,
B2,SHARE,2022,,-
C3,COST,2022,,.
C3,POP,2022,30,
C3,SHARE,2022,40,..
"""
#: Alpha's correction, imported after the deadline.
CORRECTION = "municipality,indicator,year,value\nA1,SHARE,2022,85\n"
RECEIVED = dt.datetime(2023, 3, 20, 10, 0)  # UTC, as stored
CORRECTED = dt.datetime(2023, 4, 20, 10, 0)
DEADLINE = dt.date(2023, 3, 31)


def imported_at(engine: Engine, batch: int, when: dt.datetime) -> None:
    """Date an import as if it had been made at ``when`` (stored as naive UTC)."""
    with engine.begin() as connection:
        connection.execute(
            update(ImportBatch).where(ImportBatch.id == batch).values(created_at=when)
        )


@pytest.fixture
def returned(workspace: Engine, tmp_path: Path) -> Engine:
    """Three forms received on 20 March 2023; Alpha's corrected on 20 April."""
    first = import_file(workspace, write(tmp_path / "forms.csv", FORMS))
    imported_at(workspace, first.batch_id, RECEIVED)
    second = import_file(workspace, write(tmp_path / "correction.csv", CORRECTION))
    imported_at(workspace, second.batch_id, CORRECTED)
    return workspace


def local_day(when: dt.datetime) -> dt.date:
    return when.replace(tzinfo=dt.UTC).astimezone().date()


def test_receipt_is_the_first_import_and_a_dash_is_missing(returned: Engine) -> None:
    with returned.connect() as connection:
        status = form_status(connection, "T9", 2022)

    rows = {
        r["municipality"]: (
            r["returned"], r["filled"], r["total"], r["completeness"],
            r["received"].date(), r["last_import"].date(), r["missing"],
        )
        for r in status.to_dict("records")
    }  # fmt: skip
    received, corrected = local_day(RECEIVED), local_day(CORRECTED)
    assert rows == {
        "A1": (True, 3, 3, 1.0, received, corrected, []),
        "B2": (True, 2, 3, 0.667, received, received, ["Share of clients satisfied"]),
        "C3": (True, 3, 3, 1.0, received, received, []),
    }


def test_a_correction_after_the_deadline_leaves_the_form_on_time(returned: Engine) -> None:
    with returned.connect() as connection:
        status = form_status(connection, "T9", 2022)

    counts = form_counts(status, DEADLINE)

    assert counts == FormCounts(
        members=3,
        returned=3,
        on_time=3,
        complete=2,
        missing=(),
        corrected=(("A1", local_day(CORRECTED)),),
    )


@pytest.mark.usefixtures("pdftotext")
def test_the_annual_report_counts_what_its_table_shows(
    returned: Engine, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "annual.pdf"
    result = CliRunner().invoke(
        cli,
        ["--db", db_url, "report", "--network", "T9", "--year", "2022", "--annual",
         "--deadline", "2023-03-31", "--out", str(out)],
    )  # fmt: skip

    text = "\n".join(text_of(out, layout=True))
    lines = [re.split(r"\s{2,}", line.strip()) for line in text.splitlines()]
    members = [line for line in lines if line[0] in {"Alpha A1", "Beta B2", "Gamma C3"}]
    received, corrected = str(local_day(RECEIVED)), str(local_day(CORRECTED))
    assert result.exit_code == 0, result.output
    assert ["Returned by the deadline (2023-03-31)", "3", "100%"] in lines
    assert ["Complete forms", "2", "67%"] in lines
    assert f"Corrected after it was received: Alpha (A1) {corrected}." in flat(text)
    assert members[:3] == [
        ["Alpha A1", "yes", "3 of 3", "100%", received, corrected],
        ["Beta B2", "yes", "2 of 3", "67%", received],
        ["Gamma C3", "yes", "3 of 3", "100%", received],
    ]
    # The complete forms are the rows whose every indicator is answered.
    assert sum(1 for row in members[:3] if row[2] == "3 of 3") == 2
    # Per indicator: a value, confidential, not applicable, none, share answered.
    share = next(line for line in lines if line[0].startswith("Share of clients satisfied"))
    cost = next(line for line in lines if line[0].startswith("Cost per inhabitant"))
    assert share[-5:] == ["1", "1", "0", "1", "67%"]
    assert cost[-5:] == ["2", "0", "1", "0", "67%"]


def test_a_reverted_import_was_never_received(workspace: Engine, tmp_path: Path) -> None:
    from benchlearn.importing.history import revert

    mistaken = import_file(workspace, write(tmp_path / "mistaken.csv", FORMS))
    imported_at(workspace, mistaken.batch_id, RECEIVED)
    revert(workspace, mistaken.batch_id)
    again = import_file(workspace, write(tmp_path / "again.csv", FORMS))
    imported_at(workspace, again.batch_id, CORRECTED)

    with workspace.connect() as connection:
        status = form_status(connection, "T9", 2022)

    assert status["received"].map(lambda when: when.date()).tolist() == [local_day(CORRECTED)] * 3
