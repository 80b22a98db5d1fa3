"""The T2 yearly round in Latvian, end to end, as a facilitator runs it (SQLite and PostgreSQL).

The 43 municipalities since 2021 get their monitoring forms; 42 send them back
filled in Excel (two only in part, one with a number typed as "12,5", refused
and then sent again corrected; Ādažu never does); the folder is imported;
then the status and the reminder list, the control rules, the meeting workbook
and Bauska's position report, all under ``--lang lv``. The outputs are read
back and checked for what they say, and for what a Latvian reader must never
see: the English words of the message catalogue, and a decimal point.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.database import make_engine, upgrade
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing import import_file
from benchlearn.messages import MESSAGES, number
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.rules import asked_indicators, size_variables
from tests.latvia import figures, set_members
from tests.test_round import fill

YEAR = 2024
BAUSKA = "LV-016"
NOT_RETURNED = "LV-011"  # Ādažu novads
INCOMPLETE = ("LV-002", "LV-007")  # Aizkraukles novads, Alūksnes novads
MISTAKE = "LV-022"  # Cēsu novads
#: What the two incomplete forms hold: the population, the social workers and the waiting time.
PARTLY = ("POP", "T2_SOC_WORKERS", "T2_CARE_WAIT_DAYS")
SHEETS = (
    "Titullapa, Sanāksmes kopsavilkums, Kopsavilkums, T2_SOC_WORKERS_PER_1000, T2_CLIENTS_PER_SOC_WORKER, "
    "T2_HOME_CARE_PER_1000_65, T2_CARE_WAIT_DAYS, T2_GP_PER_10K, T2_GMI_RECIPIENTS_PCT, "
    "T2_SOCIAL_ASSISTANCE_PER_INH, Līdzīgās pašvaldības, Definīcijas, Dati, Datu kvalitāte"
)


@dataclass
class Round:
    """What one yearly round printed and wrote, and the figures the forms were filled with."""

    folder: Path
    answers: dict[str, dict[str, float]]
    printed: dict[str, str] = field(default_factory=dict)
    exit_codes: dict[str, int] = field(default_factory=dict)


def run_round(engine: Engine, db_url: str, folder: Path) -> Round:
    """The round: last year's figures and this year's official statistics in the database,
    then forms made, filled, imported, a mistake corrected; status, check, workbook, position."""
    load_municipalities(engine, "lv-2021")
    load_definitions(engine)
    set_members(engine, YEAR - 1)
    generated = pd.read_csv(io.StringIO(figures(engine, ["T2"], [YEAR - 1, YEAR])))
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
    asked = set(asked_indicators(definitions, definitions.networks["T2"]))
    # Last year's round, and this year's context figures from the statistics office.
    earlier = generated[(generated["year"] == YEAR - 1) | ~generated["indicator"].isin(asked)]
    earlier.to_csv(folder / "earlier.csv", index=False)
    assert import_file(engine, folder / "earlier.csv").written
    this_year = generated[(generated["year"] == YEAR) & generated["indicator"].isin(asked)]
    answers = {
        code: dict(zip(rows["indicator"], rows["value"], strict=True))
        for code, rows in this_year.groupby("municipality")
    }
    found = Round(folder, answers)
    runner = CliRunner()

    def run(name: str, *args: str) -> str:
        result = runner.invoke(cli, ["--db", db_url, "--lang", "lv", *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        # Machine formats are read from standard output alone; a table also shows its notes.
        machine = "--format" in args
        found.printed[name] = result.stdout if machine else result.output
        found.exit_codes[name] = result.exit_code
        return found.printed[name]

    forms, returned = folder / "forms", folder / "returned"
    run("forms make", "forms", "make", "--network", "T2", "--year", str(YEAR), "-o", str(forms),
        "--contact", "LPS, t2@lps.lv")  # fmt: skip
    returned.mkdir()
    for form in sorted(forms.glob("*.xlsx")):
        code = "-".join(form.stem.split("-")[2:4])  # T2-2024-LV-016-Bauskas-novads
        if code == NOT_RETURNED:
            continue
        typed: dict[str, object] = dict(answers[code])
        if code in INCOMPLETE:
            typed = {k: v for k, v in typed.items() if k in PARTLY}
        if code == MISTAKE:
            typed["T2_GP_COUNT"] = "12,5"
        (returned / form.name).write_bytes(form.read_bytes())
        fill(returned / form.name, typed)
    run("import", "import", str(returned))
    corrected = folder / f"T2-{YEAR}-{MISTAKE}-Cēsu-novads.xlsx"
    corrected.write_bytes((forms / corrected.name).read_bytes())
    fill(corrected, dict(answers[MISTAKE]))
    run("import corrected", "import", str(corrected))
    run("status", "forms", "status", "--network", "T2", "--year", str(YEAR))
    run("reminders", "forms", "status", "--network", "T2", "--year", str(YEAR), "--format", "csv")
    run("check", "check", "--network", "T2", "--year", str(YEAR))
    run("check json", "check", "--network", "T2", "--year", str(YEAR), "--format", "json")
    run("workbook", "workbook", "--network", "T2", "--year", str(YEAR), "-o",
        str(folder / "t2.xlsx"))  # fmt: skip
    run("position", "position", BAUSKA, "--network", "T2", "--year", str(YEAR), "-o",
        str(folder / "bauska.xlsx"))  # fmt: skip
    return found


def columns(line: str) -> list[str]:
    """The cells of a line of a text table (columns are two or more spaces apart)."""
    return re.split(r"\s{2,}", line.strip())


@pytest.fixture(scope="module")
def sqlite_round(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Round, Engine]]:
    """The round on SQLite, run once for the two tests that read it."""
    folder = tmp_path_factory.mktemp("round")
    url = f"sqlite:///{folder / 'test.db'}"
    engine = make_engine(url)
    upgrade(engine)
    yield run_round(engine, url, folder), engine
    engine.dispose()


@pytest.fixture
def t2_round(db_url: str, request: pytest.FixtureRequest) -> tuple[Round, Engine]:
    """The round on each backend: SQLite's shared, PostgreSQL's in a schema of its own."""
    if db_url.startswith("sqlite"):
        shared: tuple[Round, Engine] = request.getfixturevalue("sqlite_round")
        return shared
    engine: Engine = request.getfixturevalue("engine")
    return run_round(engine, db_url, request.getfixturevalue("tmp_path")), engine


def test_the_t2_round_in_latvian(t2_round: tuple[Round, Engine]) -> None:
    done, engine = t2_round
    printed, answers, tmp_path = done.printed, done.answers, done.folder

    # Forms: one per member, in Latvian, with Latvian units and a date cell for the deadline.
    assert printed["forms make"] == f"Sagatavotās veidlapas: 43; mape: {tmp_path / 'forms'}.\n"
    form = load_workbook(tmp_path / "forms" / f"T2-{YEAR}-{BAUSKA}-Bauskas-novads.xlsx").worksheets[
        0
    ]
    assert [form["A4"].value, form["B4"].value, form["C4"].value] == [
        "Pašvaldība", BAUSKA, "Bauskas novads"
    ]  # fmt: skip
    assert (form["B5"].value, form["B5"].number_format) == (
        dt.datetime(YEAR + 1, 3, 31),
        "dd.mm.yyyy",
    )
    rows = {row[0]: row for row in form.iter_rows(min_row=10, max_row=18, values_only=True)}
    assert [rows["POP"][2], rows["T2_CARE_WAIT_DAYS"][2]] == ["personas", "dienas"]

    # The import: 41 forms in, the one with "12,5" refused whole, naming row and column.
    mistaken = tmp_path / "returned" / f"T2-{YEAR}-{MISTAKE}-Cēsu-novads.xlsx"
    assert done.exit_codes["import"] == 1
    assert printed["import"].count(": ielāde Nr. ") == 41
    assert (
        f"Kļūda: {mistaken}: problēmas: 1, rindas ar problēmām: 1; nekas netika importēts "
        "(derīgās rindas var importēt ar --skip-invalid)\n"
        f"  {mistaken}, 16. rinda, kolonna Vērtība {YEAR}: šūnā ir teksts „12,5”, nevis skaitlis: "
        "ierakstiet skaitli šūnā no jauna\n"
    ) in printed["import"]
    assert printed["import corrected"].startswith(
        f"{tmp_path / f'T2-{YEAR}-{MISTAKE}-Cēsu-novads.xlsx'}: ielāde Nr. "
    )
    assert "rindas: 9; jaunas vērtības: 9, mainītas: 0" in printed["import corrected"]

    # Status: names, "jā"/"nē", "2 no 8", percentages and a local date; the reminder list.
    today = dt.datetime.now().strftime("%d.%m.%Y")
    lines = printed["status"].splitlines()
    assert columns(lines[0]) == [
        "pašvaldība", "nosaukums", "iesniegta", "aizpildīti", "pilnīgums", "saņemta",
        "pēdējais imports", "iesniegšanas veids",
    ]  # fmt: skip
    table = {columns(line)[0]: columns(line) for line in lines[2:-1]}
    assert len(table) == 43
    assert table["LV-002"][:5] == ["LV-002", "Aizkraukles novads", "jā", "2 no 8", "25 %"]
    assert table["LV-002"][5].startswith(today)
    assert table[BAUSKA][:5] == [BAUSKA, "Bauskas novads", "jā", "8 no 8", "100 %"]
    assert table[NOT_RETURNED] == [NOT_RETURNED, "Ādažu novads", "nē", "0 no 8", "0 %"]
    assert lines[-1] == "Iesniegušas 42 no 43; vēl nav iesniegušas: Ādažu novads."
    missing_in_part = (
        "Sociālā darba klienti; Iedzīvotāji vecumā 65 gadi un vairāk; Aprūpes mājās klienti; "
        "Ģimenes ārsti; Garantētā minimālā ienākuma pabalsta saņēmēji; "
        "Pašvaldības sociālās palīdzības izdevumi"
    )
    assert printed["reminders"].splitlines() == [
        "municipality,name,contact,missing",
        f"LV-002,Aizkraukles novads,,{missing_in_part}",
        f"LV-007,Alūksnes novads,,{missing_in_part}",
        "LV-011,Ādažu novads,,Sociālā darba speciālisti sociālajā dienestā; "
        "Sociālā darba klienti; Iedzīvotāji vecumā 65 gadi un vairāk; Aprūpes mājās klienti; "
        "Gaidīšanas laiks ilgstošai sociālajai aprūpei; Ģimenes ārsti; Garantētā minimālā "
        "ienākuma pabalsta saņēmēji; Pašvaldības sociālās palīdzības izdevumi; "
        "Iedzīvotāju skaits gada sākumā",
    ]

    # Check: one line for the form never returned, no flag on the level of a size variable.
    flags = json.loads(printed["check json"])
    assert done.exit_codes["check"] == 0
    not_returned = [f for f in flags if f["rule"] == "not_returned"]
    assert [(f["municipality"], f["message"]) for f in not_returned] == [
        (NOT_RETURNED, f"veidlapa nav iesniegta: par {YEAR}. gadu nav neviena tīkla T2 rādītāja")
    ]
    with engine.connect() as connection:
        sizes = size_variables(stored_definitions(connection))
    assert not [f for f in flags if f["rule"] == "outlier" and f["indicator"] in sizes]
    check_lines = printed["check"].splitlines()
    assert check_lines[-1] == f"Kļūdas: 0, brīdinājumi: {len(flags)}."
    ours = [columns(line) for line in check_lines if line.startswith(NOT_RETURNED)]
    assert ours == [[NOT_RETURNED, "Ādažu novads", "0", "1", "(nav iesniegts)"]]

    # The meeting workbook: Latvian sheets; Bauska's rate where the figures put it.
    out = tmp_path / "t2.xlsx"
    assert printed["workbook"] == f"Saglabāta darbgrāmata {out}; lapas (14): {SHEETS}.\n"
    book = load_workbook(out)
    # The cover lists the members down then across in Latvian alphabetical order: Ķ after
    # every K, Ā among the A's (CLDR's Latvian collation).
    cover = [list(r) for r in book["Titullapa"].iter_rows(values_only=True)]
    first = next(i for i, r in enumerate(cover) if str(r[0]).startswith("Dalībnieki (")) + 1
    listed = [r[col] for col in range(0, 8, 2) for r in cover[first : first + 11] if r[col]]
    chosen = ["Ādažu novads", "Aizkraukles novads", "Ķekavas novads", "Kuldīgas novads",
              "Ogres novads", "Augšdaugavas novads", "Ropažu novads", "Rīga"]  # fmt: skip
    assert [n for n in listed if n in chosen] == [
        "Ādažu novads",
        "Aizkraukles novads",
        "Augšdaugavas novads",
        "Kuldīgas novads",
        "Ķekavas novads",
        "Ogres novads",
        "Rīga",
        "Ropažu novads",
    ]  # fmt: skip (by code: LV-002, LV-011, LV-050, LV-052, LV-067, LV-080, LV-111, LV-RIX)
    bauska = answers[BAUSKA]
    rate = bauska["T2_SOC_WORKERS"] / bauska["POP"] * 1000
    sheet = book["T2_SOC_WORKERS_PER_1000"]
    ranked = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [r[0] for r in ranked] == sorted(r[0] for r in ranked)  # in rank order
    row = next(r for r in ranked if r[2] == BAUSKA)
    assert (row[1], row[3]) == ("Bauskas novads", pytest.approx(rate))
    assert row[4] in {"labāk", "līdzīgi", "sliktāk"}
    summary = [c for r in book["Kopsavilkums"].iter_rows(values_only=True) for c in r if c]
    assert f"Nav datu par {YEAR}. gadu (1): Ādažu novads ({NOT_RETURNED})." in summary
    assert NOT_RETURNED not in summary  # named in the note, not a grey row
    similar = {r[0]: r[1] for r in book["Līdzīgās pašvaldības"].iter_rows(values_only=True)}
    # Each with the years its figures are of: the member that returned no 2024 form is
    # compared on its 2023 population (the nearest year).
    assert similar["Izmantotie mainīgie"] == (
        "Iedzīvotāju skaits gada sākumā (POP, log, × 0,5, 2023–2024); "
        "Vidējais gada iedzīvotāju skaits (POP_AVG, log, × 0,5, 2024); "
        "Iedzīvotāju blīvums (DENSITY, log, 2023–2024); "
        "Iedzīvotāju vecuma mediāna (MEDIAN_AGE, 2024)"
    )

    # Bauska's position: Latvian headers and numbers; the workbook says what was printed.
    lines = printed["position"].splitlines()
    assert lines[0] == "Bauskas novads (LV-016), T2 2024"
    assert columns(lines[1]) == [
        "rādītājs", "nosaukums", "vērtība", "vieta no n", "salīdzinājumā ar citiem", "izmaiņas",
        "vietas izmaiņas",
    ]  # fmt: skip
    value = f"{number(rate, 'lv', 2)} uz 1000 iedzīvotājiem"
    assert columns(lines[3])[:3] == [
        "T2_SOC_WORKERS_PER_1000", "Sociālā darba speciālisti uz 1000 iedzīvotājiem", value
    ]  # fmt: skip
    sentences = [line for line in lines[4:] if line.endswith(".") and " " in line]
    assert sentences[0].startswith(
        f"Bauskas novads: rādītājs „Sociālā darba speciālisti uz 1000 iedzīvotājiem” ir {value} — "
    )
    assert (
        "No kā mācīties tur, kur atpaliekat: līdzīgas pašvaldības ar skaidri labākiem rādītājiem."
        in sentences
    )
    position_book = load_workbook(tmp_path / "bauska.xlsx")
    assert position_book.sheetnames[:3] == ["Titullapa", "Pozīcija LV-016", "Profils LV-016"]
    written = {c for r in position_book["Pozīcija LV-016"].iter_rows(values_only=True) for c in r}
    assert set(sentences[:-1]) <= written  # every sentence but the "Saglabāta ..." line


# --- no English and no decimal point in what a Latvian reader gets ----------------------


def english_words() -> set[str]:
    """The words of the catalogue's English texts that none of its Latvian texts uses."""
    english: set[str] = set()
    latvian: set[str] = set()
    for entry in MESSAGES.values():
        english |= set(re.findall(r"[a-z]{3,}", entry.get("en", "").lower()))
        latvian |= set(re.findall(r"[a-z]{3,}", entry.get("lv", "").lower()))
    return english - latvian


def words(text: str) -> set[str]:
    """Words of a text, leaving out codes (T2_GP_PER_10K, LV-016), paths and addresses."""
    text = re.sub(r"\S*[/\\]\S*|\S+@\S+|\b\w*[_\d]\w*\b", " ", text)
    return set(re.findall(r"[a-z]{3,}", text.lower()))


def decimal_points(text: str) -> list[str]:
    """Numbers written with a decimal point (not dates such as 31.03.2025, nor dotted
    codes such as 8.3.4.0, nor addresses)."""
    text = re.sub(r"\S*[/\\]\S*|\S+@\S+|\b\d+(?:\.\d+){2,}\b", " ", text)
    return re.findall(r"\d+\.\d+", text)


def workbook_texts(path: Path) -> list[str]:
    """Every text a reader sees in a workbook: cells, sheet names, headers and footers,
    chart titles, axis and series names (numbers in cells are numbers, shown per locale).

    A hidden sheet (a form's signed key) is not for the reader.
    """
    texts: list[str] = []
    book = load_workbook(path)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        texts.append(ws.title)
        texts += [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
        for part in (ws.oddHeader, ws.oddFooter):
            texts += [s.text for s in (part.left, part.center, part.right) if s.text]
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/charts/"):
                xml = archive.read(name).decode("utf-8")
                texts += re.findall(r"<a:t>([^<]*)</a:t>", xml)
                for cache in re.findall(r"<c:strCache>(.*?)</c:strCache>", xml, re.S):
                    texts += re.findall(r"<c:v>([^<]*)</c:v>", cache)
    return texts


def test_latvian_outputs_have_no_english_and_no_decimal_point(
    sqlite_round: tuple[Round, Engine],
) -> None:
    done, _ = sqlite_round
    tmp_path = done.folder
    outputs: dict[str, list[str]] = {
        name: [done.printed[name]] for name in ("import", "status", "check", "workbook", "position")
    }
    # The reminder list's header row is an interface for mail merge, the same in every language.
    outputs["reminders"] = done.printed["reminders"].splitlines()[1:]
    outputs["meeting workbook"] = workbook_texts(tmp_path / "t2.xlsx")
    outputs["position report"] = workbook_texts(tmp_path / "bauska.xlsx")
    outputs["form"] = workbook_texts(tmp_path / "forms" / f"T2-{YEAR}-{BAUSKA}-Bauskas-novads.xlsx")
    catalogue = english_words()
    # The detectors find what they look for (so an empty result means something).
    assert len(catalogue) > 300
    # ("not" is no longer among them: the Latvian formula messages name the operator `not`.)
    assert words("LV-016: 'x' is not a number, see T2_GP_PER_10K") & catalogue >= {"number", "see"}
    assert decimal_points("31.03.2025; projekts 8.3.4.0/16; ir 2.10 un 2,10; 1.5 %") == [
        "2.10", "1.5"
    ]  # fmt: skip

    english = {
        name: sorted(set().union(*(words(text) for text in texts)) & catalogue)
        for name, texts in outputs.items()
    }
    points = {
        name: sorted({found for text in texts for found in decimal_points(text)})
        for name, texts in outputs.items()
    }

    assert english == {name: [] for name in outputs}
    assert points == {name: [] for name in outputs}
