"""Online data entry (benchlearn.entry): the Excel form's rules, batches, submission, rounds.

A municipality types its T2 figures with one mistake, gets the Latvian error and
nothing is stored; corrected, they are one batch with revisions, and the same
figures again change nothing; it submits, the facilitator sees it in ``forms
status``, closes the round, and a closed round refuses. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select, text, update

from benchlearn.accounts import audit_log
from benchlearn.cli import cli
from benchlearn.database import upgrade
from benchlearn.definitions.store import load_definitions
from benchlearn.entry import (
    Choice,
    close_round,
    entry_sheet,
    reopen_round,
    save_entry,
    submit_entry,
)
from benchlearn.entry.fields import read_field
from benchlearn.errors import BenchlearnError
from benchlearn.importing import import_file
from benchlearn.importing.forms import make_forms
from benchlearn.importing.history import history
from benchlearn.models import (
    EntryRound,
    EntrySubmission,
    ImportBatch,
    Observation,
    ObservationRevision,
)
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import fill_form, write
from tests.latvia import set_members

YEAR = 2025
BAUSKA = "LV-016"
#: Bauska's T2 figures as its social service would type them (a decimal comma, spaces
#: between thousands).
FIGURES = {
    "POP": "40 006",
    "T2_SOC_WORKERS": "21",
    "T2_SOC_WORK_CLIENTS": "1450",
    "POP_65_PLUS": "9071",
    "T2_HOME_CARE_CLIENTS": "142",
    "T2_CARE_WAIT_DAYS": "14,5",
    "T2_GP_COUNT": "24",
    "T2_GMI_RECIPIENTS": "1467",
    "T2_SOCIAL_ASSISTANCE_EUR": "409130",
}
ACTOR = "socialais.dienests@bauska.lv"


@pytest.fixture
def t2(engine: Engine) -> Engine:
    """The 43 Latvian municipalities, the shipped definitions, every network's members."""
    load_municipalities(engine, "lv-2021")
    load_definitions(engine)
    set_members(engine, 2024)
    return engine


def counts(engine: Engine) -> tuple[int, int, int]:
    """Batches, values and revisions stored."""
    with engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(ImportBatch)).scalar_one(),
            connection.execute(select(func.count()).select_from(Observation)).scalar_one(),
            connection.execute(select(func.count()).select_from(ObservationRevision)).scalar_one(),
        )


def test_the_sheet_is_the_forms_rows_with_what_each_cell_knows(t2: Engine) -> None:
    sheet = entry_sheet(t2, "T2", YEAR, BAUSKA, "lv")

    assert sheet.codes == tuple(FIGURES)
    assert (sheet.state, sheet.due, sheet.municipality_name) == (
        "open", dt.date(2026, 3, 31), "Bauskas novads"
    )  # fmt: skip
    days = sheet.field("T2_CARE_WAIT_DAYS")
    assert (days.name, days.unit, days.kind, days.bounds, days.value) == (
        "Gaidīšanas laiks ilgstošai sociālajai aprūpei", "dienas", "number", "ne mazāk kā 0", ""
    )  # fmt: skip
    coordinator = entry_sheet(t2, "NVPT", YEAR, BAUSKA, "lv").field("NVPT_COORDINATOR")
    assert (coordinator.kind, coordinator.choices) == (
        "yes_no", (Choice("1", "Jā"), Choice("0", "Nē"))
    )  # fmt: skip
    cell = entry_sheet(t2, "HB", YEAR, BAUSKA, "lv").field("HB_RISK_PLANNING")
    assert (cell.kind, cell.area, cell.stage, cell.choices[2]) == (
        "matrix", "Risku identificēšana", "plānošana", Choice("2", "2 – attīstībā")
    )  # fmt: skip


def test_a_mistake_is_said_in_latvian_and_nothing_is_stored(t2: Engine) -> None:
    before = counts(t2)

    outcome = save_entry(t2, "T2", YEAR, BAUSKA, {**FIGURES, "T2_GP_COUNT": "24 ārsti"},
                         ACTOR, "lv")  # fmt: skip

    assert outcome.errors == {
        "T2_GP_COUNT": "Ģimenes ārsti: „24 ārsti” nav skaitlis; rakstiet, piemēram, 1234 vai 12,5."
    }
    assert not outcome.stored
    assert counts(t2) == before


def test_corrected_the_figures_are_one_batch_and_a_change_keeps_a_revision(t2: Engine) -> None:
    first = save_entry(t2, "T2", YEAR, BAUSKA, FIGURES, ACTOR, "lv")
    changed = save_entry(t2, "T2", YEAR, BAUSKA, {**FIGURES, "T2_CARE_WAIT_DAYS": "12"},
                         ACTOR, "lv")  # fmt: skip
    stored = counts(t2)
    again = save_entry(t2, "T2", YEAR, BAUSKA, {**FIGURES, "T2_CARE_WAIT_DAYS": "12"},
                       ACTOR, "lv")  # fmt: skip

    assert (first.errors, first.inserted, first.updated) == ({}, 9, 0)
    assert (changed.inserted, changed.updated, changed.unchanged) == (0, 1, 8)
    assert (again.ok, again.batch_id, again.unchanged) == (True, None, 9)
    assert counts(t2) == stored == (2, 9, 1)
    with t2.connect() as connection:
        batches = connection.execute(
            select(ImportBatch.kind, ImportBatch.file_name).order_by(ImportBatch.id)
        ).all()
        revisions = history(connection, BAUSKA, "T2_CARE_WAIT_DAYS", YEAR)
        log = audit_log(connection)
    assert batches == [("entry", "entry:T2/2025/LV-016")] * 2
    assert revisions["value"].tolist() == [14.5, 12.0]
    assert revisions["batch"].tolist() == [first.batch_id, changed.batch_id]
    assert log[["actor", "action", "subject", "detail"]].values.tolist() == [
        [ACTOR, "entry_saved", "T2/2025/LV-016", f"batch {first.batch_id}: 9 new, 0 changed"],
        [ACTOR, "entry_saved", "T2/2025/LV-016", f"batch {changed.batch_id}: 0 new, 1 changed"],
    ]
    assert entry_sheet(t2, "T2", YEAR, BAUSKA, "lv").field("T2_CARE_WAIT_DAYS").value == "12"


def test_a_broken_control_rule_is_the_fields_error(t2: Engine) -> None:
    outcome = save_entry(t2, "T2", YEAR, BAUSKA, {**FIGURES, "POP_65_PLUS": "50000"},
                         ACTOR, "lv")  # fmt: skip

    assert outcome.errors == {
        "POP_65_PLUS": "Iedzīvotāji vecumā 65 gadi un vairāk: nosacījums POP_65_PLUS <= POP "
        "nav izpildīts (POP = 40 006; POP_65_PLUS = 50 000). Iedzīvotāji vecumā 65 gadi un "
        "vairāk: rādītāja „Iedzīvotāju vecumā 65+ īpatsvars” skaitītājs pārsniedz saucēju "
        "(POP = 40 006; POP_65_PLUS = 50 000)."
    }
    assert counts(t2)[:2] == (0, 0)


def test_an_unknown_field_is_refused_and_nothing_is_stored(t2: Engine) -> None:
    outcome = save_entry(t2, "T2", YEAR, BAUSKA, {**FIGURES, "NVPT_EVENTS": "3"}, ACTOR, "en")

    assert outcome.errors == {"NVPT_EVENTS": "'NVPT_EVENTS' is not an indicator of the T2 "
                              "form for 2025."}  # fmt: skip
    assert counts(t2)[:2] == (0, 0)


def test_submitting_needs_figures_and_a_change_withdraws_it(t2: Engine) -> None:
    with pytest.raises(BenchlearnError) as nothing:
        submit_entry(t2, "T2", YEAR, BAUSKA, ACTOR, "lv")
    save_entry(t2, "T2", YEAR, BAUSKA, FIGURES, ACTOR, "lv")

    when = submit_entry(t2, "T2", YEAR, BAUSKA, ACTOR, "lv")
    submitted = entry_sheet(t2, "T2", YEAR, BAUSKA, "lv")
    changed = save_entry(t2, "T2", YEAR, BAUSKA, {"T2_GP_COUNT": "25"}, ACTOR, "lv")

    assert nothing.value.text("lv") == (
        "T2 2025. gada dati vēl nav ievadīti, tāpēc nav ko iesniegt."
    )
    assert (submitted.state, submitted.submitted_at, submitted.submitted_by) == (
        "submitted", when, ACTOR
    )  # fmt: skip
    assert changed.withdrawn
    assert entry_sheet(t2, "T2", YEAR, BAUSKA, "lv").state == "open"
    with t2.connect() as connection:
        log = audit_log(connection)
    assert log["action"].tolist() == ["entry_saved", "entry_submitted", "entry_saved"]
    assert (
        log["detail"].iloc[-1]
        == f"batch {changed.batch_id}: 0 new, 1 changed; submission withdrawn"
    )


def test_submitting_is_refused_while_a_rule_finds_an_error(t2: Engine) -> None:
    save_entry(t2, "NVPT", YEAR, BAUSKA, {"NVPT_COORDINATOR": "Jā", "NVPT_HEALTH_PLAN": "nē",
                                         "NVPT_EVENTS": "12"}, ACTOR, "lv")  # fmt: skip

    with pytest.raises(BenchlearnError) as refused:
        submit_entry(t2, "NVPT", YEAR, BAUSKA, ACTOR, "lv")

    assert refused.value.text("lv") == (
        "Datus nevar iesniegt, kamēr kontroles noteikumi atrod kļūdas: Veselības veicināšanas "
        "pasākumu dalībnieki: rādītājs „Veselības veicināšanas pasākumu dalībnieki” ir obligāts."
    )


def test_a_closed_round_refuses_to_save_and_submit_until_reopened(t2: Engine) -> None:
    save_entry(t2, "T2", YEAR, BAUSKA, FIGURES, ACTOR, "lv")
    close_round(t2, "T2", YEAR, "koordinators@lps.lv")
    before = counts(t2)

    with pytest.raises(BenchlearnError) as saving:
        save_entry(t2, "T2", YEAR, BAUSKA, {"T2_GP_COUNT": "25"}, ACTOR, "lv")
    with pytest.raises(BenchlearnError) as submitting:
        submit_entry(t2, "T2", YEAR, BAUSKA, ACTOR, "en")
    state = entry_sheet(t2, "T2", YEAR, BAUSKA, "lv").state
    reopen_round(t2, "T2", YEAR, "koordinators@lps.lv")

    assert saving.value.text("lv") == (
        "T2 2025. gada datu vākšana ir slēgta, tāpēc datus tiešsaistē vairs nevar saglabāt vai "
        "iesniegt; lūdziet tīkla koordinatoram to atsākt."
    )
    assert submitting.value.text("en") == (
        "The T2 round for 2025 is closed, so figures can no longer be saved or submitted "
        "online; ask the network's facilitator to reopen it."
    )
    assert (state, counts(t2)) == ("closed", before)
    assert save_entry(t2, "T2", YEAR, BAUSKA, {"T2_GP_COUNT": "25"}, ACTOR, "lv").updated == 1


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("12,5", "lv", (12.5, None, None)),
        ("12.5", "en", (12.5, None, None)),
        ("12 345,5", "lv", (12345.5, None, None)),
        ("1.234", "lv", (None, None, "ent_ambiguous")),
        ("1,234", "en", (None, None, "ent_ambiguous")),
        ("1,234", "lv", (1.234, None, None)),
        ("..", "lv", (None, "..", None)),
        ("", "lv", (None, None, None)),
        ("-0", "en", (0.0, None, None)),
        ("1e999", "en", (None, None, "ent_too_large")),
        ("-2", "lv", (None, None, "ent_out_of_range")),
    ],
)
def test_a_number_is_read_as_the_form_reads_it(
    text: str, lang: str, expected: tuple[float | None, str | None, str | None]
) -> None:
    from benchlearn.entry import EntryField

    field = EntryField("X", "X", "", "number", 0.0, None, "ne mazāk kā 0", (), "", "")

    reading = read_field(field, text, lang)

    assert (reading.value, reading.status, reading.error) == expected


def test_yes_no_words_and_matrix_words_are_read_in_any_language(t2: Engine) -> None:
    coordinator = entry_sheet(t2, "NVPT", YEAR, BAUSKA, "en").field("NVPT_COORDINATOR")
    cell = entry_sheet(t2, "HB", YEAR, BAUSKA, "lv").field("HB_RISK_PLANNING")

    assert [read_field(coordinator, w, "en").value for w in ("Jā", "no", "YES", "1")] == [
        1.0, 0.0, 1.0, 1.0
    ]  # fmt: skip
    assert read_field(coordinator, "maybe", "en").error_text("en") == (
        "Health promotion coordinator employed: 'maybe' is not an answer; choose Yes or No."
    )
    assert read_field(cell, "2 – attīstībā", "lv").value == 2.0
    assert read_field(cell, "5", "lv").error_text("lv") == (
        "Risku identificēšana: plānošana: „5” nav neviens no līmeņiem (0, 1, 2, 3)."
    )


@pytest.fixture
def riga_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time as the facilitator's: Riga's (UTC+2 in March)."""
    monkeypatch.setenv("TZ", "Europe/Riga")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_forms_status_shows_how_the_figures_came_in_and_when_submitted(
    workspace: Engine, tmp_path: Path, riga_time: None
) -> None:
    with workspace.connect() as connection:
        (form,) = make_forms(connection, "T9", YEAR, tmp_path / "forms", municipalities=["A1"])
    fill_form(form, {"COST": 100, "POP": 10, "SHARE": 80})
    import_file(workspace, form)
    import_file(workspace, write(tmp_path / "c3.csv", "municipality,indicator,year,value\n"
                                 "C3,COST,2025,120\nC3,POP,2025,12\n"))  # fmt: skip
    save_entry(workspace, "T9", YEAR, "B2", {"COST": "330,5", "POP": "20", "SHARE": "."}, "b@b2.lv")
    submit_entry(workspace, "T9", YEAR, "B2", "b@b2.lv")
    close_round(workspace, "T9", YEAR, "A. Bērziņa")
    with workspace.begin() as connection:
        connection.execute(update(EntryRound).values(closed_at=dt.datetime(2026, 4, 1, 9)))
        connection.execute(update(ImportBatch).values(created_at=dt.datetime(2026, 3, 20, 10)))
        connection.execute(update(EntrySubmission).values(submitted_at=dt.datetime(2026, 3, 21, 9)))
    url = workspace.url.render_as_string(hide_password=False)

    latvian = CliRunner().invoke(cli, ["--db", url, "--lang", "lv", "forms", "status",
                                       "-n", "T9", "--year", str(YEAR)])  # fmt: skip
    english = CliRunner().invoke(cli, ["--db", url, "forms", "status", "-n", "T9", "--year",
                                       str(YEAR)])  # fmt: skip

    assert latvian.output.splitlines() == [
        "pašvaldība  nosaukums  iesniegta  aizpildīti  pilnīgums  saņemta           "
        "pēdējais imports  iesniegšanas veids",
        "----------  ---------  ---------  ----------  ---------  ----------------  "
        "----------------  --------------------------------------",
        "A1          Alpha      jā         3 no 3      100 %      20.03.2026 12:00  "
        "20.03.2026 12:00  Excel veidlapa",
        "B2          Beta       jā         3 no 3      100 %      20.03.2026 12:00  "
        "20.03.2026 12:00  tiešsaistē, iesniegta 21.03.2026 11:00",
        "C3          Gamma      jā         2 no 3      67 %       20.03.2026 12:00  "
        "20.03.2026 12:00  datu fails",
        "Iesniegušas visas: 3 no 3.",
        "Datu ievade tiešsaistē ir slēgta kopš 01.04.2026 12:00 (A. Bērziņa).",
    ]
    assert english.output.splitlines()[2:5] == [
        "A1            Alpha  yes       3 of 3  100%          2026-03-20 12:00  2026-03-20 12:00"
        "  Excel form",
        "B2            Beta   yes       3 of 3  100%          2026-03-20 12:00  2026-03-20 12:00"
        "  online, submitted 2026-03-21 11:00",
        "C3            Gamma  yes       2 of 3  67%           2026-03-20 12:00  2026-03-20 12:00"
        "  data file",
    ]


def test_forms_close_and_reopen_say_what_they_did(t2: Engine) -> None:
    url = t2.url.render_as_string(hide_password=False)

    closed = CliRunner().invoke(cli, ["--db", url, "--lang", "lv", "forms", "close", "-n", "T2",
                                      "--year", "2025", "--by", "A. Bērziņa"])  # fmt: skip
    reopened = CliRunner().invoke(cli, ["--db", url, "forms", "reopen", "-n", "T2", "--year",
                                        "2025", "--by", "A. Bērziņa"])  # fmt: skip

    assert closed.output == (
        "T2 2025. gada datu vākšana slēgta: tiešsaistē datus nevar saglabāt vai iesniegt, "
        "līdz tā tiek atsākta (benchlearn forms reopen).\n"
    )
    assert reopened.output == (
        "Reopened the T2 round for 2025: members can enter and submit their figures online again.\n"
    )
    with t2.connect() as connection:
        log = audit_log(connection)
    assert log[["actor", "action", "subject"]].values.tolist() == [
        ["A. Bērziņa", "round_closed", "T2/2025"],
        ["A. Bērziņa", "round_reopened", "T2/2025"],
    ]


def test_two_saves_at_once_lose_nothing_and_store_each_value_once(t2: Engine) -> None:
    if t2.dialect.name != "postgresql":
        pytest.skip("the threads meet on PostgreSQL's advisory lock")
    halves = [dict(list(FIGURES.items())[:5]), dict(list(FIGURES.items())[4:])]
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def save(fields: dict[str, str]) -> None:
        start.wait()
        outcomes.append(save_entry(t2, "T2", YEAR, BAUSKA, fields, ACTOR, "lv"))

    threads = [threading.Thread(target=save, args=(half,)) for half in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    with t2.connect() as connection:
        stored = connection.execute(
            text("SELECT count(*), count(DISTINCT indicator_id) FROM observations")
        ).one()
    assert len(outcomes) == 2
    assert tuple(stored) == (9, 9)
    assert counts(t2) == (2, 9, 0)  # two batches; the value both saved is stored once
    assert entry_sheet(t2, "T2", YEAR, BAUSKA, "lv").field("POP").value == "40006"


def test_revision_0010_adds_the_entry_tables(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0009")

    assert upgrade(empty_engine) == "0010"
    with empty_engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM entry_rounds")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM entry_submissions")).scalar() == 0


def test_a_screenful_typed_into_a_field_is_quoted_by_its_start() -> None:
    from benchlearn.entry import EntryField

    field = EntryField("X", "Klienti", "", "number", 0.0, None, "ne mazāk kā 0", (), "", "")

    said = read_field(field, "7" * 50 + "x" * 100_000 + "\x1b[2J", "lv").error_text("lv")

    assert said == (
        f"Klienti: „{'7' * 40}… (rakstzīmju skaits: 100 054)” nav skaitlis; rakstiet, "
        "piemēram, 1234 vai 12,5."
    )


def test_a_confidential_figure_is_never_shown_and_stays_when_posted_back(
    t2: Engine, tmp_path: Path
) -> None:
    import_file(t2, write(tmp_path / "secret.csv", "municipality,indicator,year,value,status\n"
                          f"{BAUSKA},T2_GP_COUNT,{YEAR},24,..\n"))  # fmt: skip
    field = entry_sheet(t2, "T2", YEAR, BAUSKA, "lv").field("T2_GP_COUNT")

    outcome = save_entry(t2, "T2", YEAR, BAUSKA, {"T2_GP_COUNT": field.value}, ACTOR, "lv")

    assert field.value == ".."
    assert (outcome.ok, outcome.stored) == (True, False)
    with t2.connect() as connection:
        stored = connection.execute(
            select(Observation.value, Observation.status, Observation.visibility)
        ).all()
    assert stored == [(24.0, "..", None)]  # visibility as the definitions say
