"""The data round in Latvian and English: problems as data, import, check and forms messages.

Every problem carries a catalogue key and its values, so the CLI tells it in
the chosen language while ``str(problem)`` stays the English text. Also the
rules of ``forms status`` (a network's own indicators only) and of ``check``
(no outlier flags on the level of size variables, one "form not returned" line
per member).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing import import_file
from benchlearn.importing.forms import make_forms
from benchlearn.messages import MESSAGES, general, say, spoken
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.rules import check, own_indicators, size_variables
from tests.conftest import REPO, WORKSPACE_DEFINITIONS, write
from tests.conftest import fill_form as fill
from tests.latvia import latvian_network

NEXT_YEAR = dt.date.today().year + 1


def english_words() -> set[str]:
    """Words of the data round's English messages that their Latvian texts do not use."""
    english: set[str] = set()
    latvian: set[str] = set()
    for key, entry in MESSAGES.items():
        if key.startswith(("imp_", "chk_", "reg_", "run_", "form_", "prob_")):
            english |= set(re.findall(r"[a-z]{4,}", entry["en"].lower()))
            latvian |= set(re.findall(r"[a-z]{4,}", entry["lv"].lower()))
    return english - latvian


def no_english(text: str) -> list[str]:
    """The catalogue's English words found in a Latvian output (an empty list when none)."""
    found = set(re.findall(r"[A-Za-z_]+", text.lower()))
    return sorted(found & english_words())


def invoke(db_url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, *args], env=env)
    return result.exit_code, result.output


# --- problems as data ---------------------------------------------------------


def test_a_problem_is_english_text_and_data_for_every_language() -> None:
    problem = Problem.of("v.csv", "imp_not_number_comma", {"text": "12,5"}, row=4, column="value")

    assert str(problem) == (
        "v.csv, row 4, column value: '12,5' is not a number (use a dot as the decimal separator)"
    )
    assert problem.line("lv") == (
        "v.csv, 4. rinda, kolonna value: „12,5” nav skaitlis (decimāldaļu atdaliet ar punktu)"
    )
    assert problem.text("lv") == "„12,5” nav skaitlis (decimāldaļu atdaliet ar punktu)"
    # Equal to the same problem written as plain English text, as tests and callers compare them.
    assert problem == Problem("v.csv", problem.message, 4, "value")
    assert Problem("v.csv", "a formula's own words").text("lv") == "a formula's own words"


def test_errors_tell_their_summary_in_every_language() -> None:
    error = ValidationError(
        [Problem.of("m.csv", "reg_name_empty", row=3, column="name")],
        key="reg_nothing_loaded",
        values={"file": "m.csv", "count": 1},
    )
    plain = BenchlearnError.of("imp_no_such_file", {"file": "x.csv"})

    assert (
        str(error)
        == "m.csv: 1 problem(s); nothing was loaded\nm.csv, row 3, column name: name is empty"
    )
    assert error.text("lv") == (
        "m.csv: problēmas: 1; nekas netika ielādēts\nm.csv, 3. rinda, kolonna name: nosaukums ir tukšs"
    )
    assert (str(plain), plain.text("lv")) == ("x.csv: no such file", "x.csv: šāda faila nav")
    assert ValidationError([]).summary_text("lv") == "atrastās problēmas: 0"


def test_numbers_in_messages_are_written_as_the_reader_writes_them() -> None:
    assert [general(v, "lv") for v in (55700.0, 2.5, -1234.25, 0.000012)] == [
        "55 700",
        "2,5",
        "-1 234,25",
        "1,2e-05",
    ]
    assert [general(v, "en") for v in (55700.0, 2.5)] == ["55700", "2.5"]
    assert spoken([0.5, 1.0], "lv") == "0,5; 1"  # no comma between numbers with decimal commas
    assert spoken({"en": "missing", "lv": "trūkst"}, "lv") == "trūkst"
    assert say("imp_out_of_range", "lv", {"value": 1500.5, "indicator": "X", "range": "…"}) == (
        "1 500,5 ir ārpus rādītāja X pieļaujamā diapazona (…)"
    )


def keys_asked_for() -> set[str]:
    """Catalogue keys named as literals to ``Problem.of``, ``X.of``, ``say``, ``phrase`` and
    ``key=`` anywhere in the package."""
    found = set()
    for path in (REPO / "benchlearn").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            position = {"say": 0, "phrase": 0}.get(name)
            if name == "of":
                problem = (
                    isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "Problem"
                )
                position = 1 if problem else 0
            arguments = list(node.args)
            if position is not None and len(arguments) > position:
                argument = arguments[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg == "key" and isinstance(value, ast.Constant):
                    found.add(str(value.value))
    return found


def test_every_key_a_problem_or_error_names_exists() -> None:
    keys = keys_asked_for()

    assert len(keys) > 60
    assert sorted(keys - MESSAGES.keys()) == []


# --- import -------------------------------------------------------------------

BAD = """municipality,indicator,year,value
A1,COST,2021,100
ZZ,COST,2021,5
A1,SHARE,2021,"12,5"
A1,COST,2021,100
B2,SHARE,20x1,5
B2,SHARE,2021,150
B2,COST_PC,2021,1
C3,NOPE,2021,1
C3,POP,2021,
B2,POP,2021,12
"""


@pytest.fixture
def data_db(db_url: str, tmp_path: Path) -> str:
    from benchlearn.database import make_engine, upgrade

    engine = make_engine(db_url)
    upgrade(engine)
    registry = "code,name,kind,contact\nA1,Alpha,city,alpha@example.lv\nB2,Beta,novads,\nC3,Gamma,novads,\n"
    load_municipalities(engine, write(tmp_path / "m.csv", registry))
    load_definitions(engine, [write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)])
    engine.dispose()
    return db_url


def test_a_bad_import_in_latvian_names_file_row_and_column(data_db: str, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", BAD)

    code, output = invoke(data_db, "--lang", "lv", "import", str(bad))

    assert code == 1
    assert output == (
        f"Kļūda: {bad}: problēmas: 8, rindas ar problēmām: 8; nekas netika importēts "
        "(derīgās rindas var importēt ar --skip-invalid)\n"
        f"  {bad}, 3. rinda, kolonna municipality: nezināma pašvaldība „ZZ”\n"
        f"  {bad}, 4. rinda, kolonna value: „12,5” nav skaitlis (decimāldaļu atdaliet ar punktu)\n"
        f"  {bad}, 5. rinda: 2. rindas dublikāts (A1, COST, 2021)\n"
        f"  {bad}, 6. rinda, kolonna year: „20x1” nav iespējams gads (1900–{NEXT_YEAR})\n"
        f"  {bad}, 7. rinda, kolonna value: 150 ir ārpus rādītāja SHARE pieļaujamā diapazona "
        "(no 0 līdz 100)\n"
        f"  {bad}, 8. rinda, kolonna indicator: rādītāju COST_PC aprēķina pēc formulas; "
        "importējiet tā sastāvdaļas\n"
        f"  {bad}, 9. rinda, kolonna indicator: nezināms rādītājs „NOPE”\n"
        f"  {bad}, 10. rinda, kolonna value: vērtība ir tukša (ja vērtības nav, ierakstiet -)\n"
    )


def test_the_same_bad_import_in_english_is_as_before(data_db: str, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", BAD)

    code, output = invoke(data_db, "import", str(bad))

    assert code == 1
    assert output.splitlines()[:3] == [
        f"Error: {bad}: 8 problem(s) in 8 row(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)",
        f"  {bad}, row 3, column municipality: unknown municipality 'ZZ'",
        f"  {bad}, row 4, column value: '12,5' is not a number (use a dot as the decimal separator)",
    ]


def test_an_import_says_what_it_did_in_latvian(data_db: str, tmp_path: Path) -> None:
    good = write(
        tmp_path / "v.csv",
        "municipality,indicator,year,value\nA1,POP,2020,1200.5\nB2,POP,2020,20\nC3,POP,2020,x\n",
    )
    env = {"BENCHLEARN_LANG": "lv"}

    dry = invoke(data_db, "import", "--dry-run", "--skip-invalid", str(good), env=env)
    done = invoke(data_db, "import", "--skip-invalid", str(good), env=env)
    again = invoke(data_db, "import", "--skip-invalid", str(good), env=env)
    header = invoke(
        data_db, "import", str(write(tmp_path / "h.csv", "municipality,POP\nA1,1\n")), env=env
    )

    rejected = f"  noraidīts: {good}, 4. rinda, kolonna value: „x” nav skaitlis\n"
    assert dry == (
        0,
        f"{good}: tiktu importēts — rindas: 3; jaunas vērtības: 2, mainītas: 0, nemainītas: 0; "
        f"noraidītas rindas: 1.\n{rejected}",
    )
    assert done[1].startswith(f"{good}: ielāde Nr. ")
    assert done[1].endswith(
        " — rindas: 3; jaunas vērtības: 2, mainītas: 0, nemainītas: 0; noraidītas rindas: 1.\n"
        + rejected
    )
    assert again == (
        0,
        f"{good}: nekas netika mainīts (jau saglabātās vērtības: 2).\n{rejected}",
    )
    batch = re.search(r"ielāde Nr\. (\d+)", done[1]).group(1)  # type: ignore[union-attr]
    listed = invoke(data_db, "--lang", "lv", "batches", env=env)[1]
    reverted = invoke(data_db, "batches", "revert", batch, env=env)[1]
    assert listed.split()[:5] == ["ielāde", "veids", "fails", "sha256", "importēta"]
    assert re.search(rf"{batch} +imports +{good}", listed)
    assert re.fullmatch(
        rf"Ielāde Nr\. {batch} atsaukta ar ielādi Nr\. \d+: atjaunotās vērtības: 0, dzēstās: 2\.\n",
        reverted,
    )
    assert header == (
        1,
        f"Kļūda: {tmp_path / 'h.csv'}: nevar importēt\n"
        f"  {tmp_path / 'h.csv'}, 1. rinda: galvenē nav kolonnas „year”; norādiet --year\n",
    )


def test_registry_loads_speak_latvian(data_db: str, tmp_path: Path) -> None:
    registry = write(tmp_path / "r.csv", "code,name,valid_from\nA1,,x\nA1,Alpha,2020\n")
    crosswalk = write(
        tmp_path / "c.csv", "old_code,new_code,year,weight\nA1,ZZ,2021,1,5\nB2,C3,2021,1.5\n"
    )

    loaded = invoke(data_db, "--lang", "lv", "municipalities", "load", str(registry))
    linked = invoke(data_db, "--lang", "lv", "crosswalk", "load", str(crosswalk))

    assert loaded == (
        1,
        f"Kļūda: {registry}: problēmas: 3; nekas netika ielādēts\n"
        f"  {registry}, 2. rinda, kolonna name: nosaukums ir tukšs\n"
        f"  {registry}, 2. rinda, kolonna valid_from: „x” nav gads\n"
        f"  {registry}, 3. rinda, kolonna code: kods A1 jau ir 2. rindā\n",
    )
    assert linked[1].splitlines()[2:] == [
        f"  {crosswalk}, 3. rinda, kolonna weight: „1.5” nav daļa no 0 līdz 1",
    ]


# --- forms --------------------------------------------------------------------


@pytest.fixture
def t2_round(engine: Engine, db_url: str, tmp_path: Path) -> str:
    """The 43 Latvian municipalities with T2 figures (population included), and a contact."""
    latvian_network(engine, tmp_path, ["T2"])
    contacts = "code,name,contact\nLV-016,Bauskas novads,veseliba@bauska.lv\n"
    load_municipalities(engine, write(tmp_path / "contacts.csv", contacts))
    return db_url


def test_forms_status_counts_only_the_networks_own_indicators(
    engine: Engine, t2_round: str, tmp_path: Path
) -> None:
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
        (path,) = make_forms(connection, "NVPT", 2024, tmp_path, municipalities=["LV-016"])
    fill(path, {"NVPT_COORDINATOR": 1, "NVPT_HEALTH_PLAN": 1, "NVPT_EVENTS": 12})
    assert invoke(t2_round, "import", str(path))[0] == 0

    rows = json.loads(
        invoke(
            t2_round, "forms", "status", "--network", "NVPT", "--year", "2024", "--format", "json"
        )[1]
    )
    csv = invoke(
        t2_round, "--lang", "lv", "forms", "status", "--network", "NVPT", "--year", "2024",
        "--format", "csv",
    )[1]  # fmt: skip
    table = invoke(
        t2_round, "--lang", "lv", "forms", "status", "--network", "NVPT", "--year", "2024"
    )[1]

    assert "POP" not in own_indicators(definitions, definitions.networks["NVPT"])
    status = {r["municipality"]: r for r in rows}
    # Everyone has a population from the T2 round, but only Bauska returned an NVPT form.
    assert sum(r["returned"] for r in rows) == 1
    assert status["LV-016"] | {"received": None, "last_import": None} == {
        "municipality": "LV-016",
        "name": "Bauskas novads",
        "contact": "veseliba@bauska.lv",
        "returned": True,
        "filled": 3,
        "total": 8,
        "completeness": 0.375,
        "received": None,
        "last_import": None,
        "via": ["form"],
        "submitted": None,
        "missing": [
            "Participants in health promotion events",
            "Municipal budget for health promotion",
            "Local health promotion project (ESF 9.2.4.2)",
            "Outdoor exercise sites",
            "Partner organisations in health promotion",
        ],
    }
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:00[+-]\d\d:\d\d", status["LV-016"]["last_import"]
    )
    assert status["LV-016"]["received"] == status["LV-016"]["last_import"]  # one import
    assert (status["LV-002"]["returned"], status["LV-002"]["filled"]) == (False, 0)
    lines = csv.splitlines()
    assert lines[0] == "municipality,name,contact,missing"
    assert len(lines) == 44  # everyone still owes something
    assert lines[1].startswith("LV-002,Aizkraukles novads,,Nodarbināts veselības veicināšanas")
    assert (
        "LV-016,Bauskas novads,veseliba@bauska.lv,Veselības veicināšanas pasākumu dalībnieki;"
        in csv
    )
    assert "Iedzīvotāju skaits" not in csv  # the population is in, from the T2 round
    bauska = next(line for line in table.splitlines() if line.startswith("LV-016"))
    assert re.fullmatch(
        r"LV-016 +Bauskas novads +jā +3 no 8 +38 %( +\d\d\.\d\d\.\d{4} \d\d:\d\d){2} +"
        r"Excel veidlapa",
        bauska,
    )
    assert table.splitlines()[0].split() == [
        "pašvaldība", "nosaukums", "iesniegta", "aizpildīti", "pilnīgums", "saņemta", "pēdējais",
        "imports", "iesniegšanas", "veids",
    ]  # fmt: skip
    assert no_english(table) == []
    assert table.splitlines()[-1].startswith(
        "Iesniegušas 1 no 43; vēl nav iesniegušas: Aizkraukles novads, Alūksnes novads, "
    )


def test_forms_messages_in_latvian(engine: Engine, t2_round: str, tmp_path: Path) -> None:
    with engine.connect() as connection:
        tampered, wrong = make_forms(
            connection, "NVPT", 2024, tmp_path, municipalities=["LV-016", "LV-002"]
        )
    book = load_workbook(tampered)
    book["_benchlearn"]["B1"].value = book["_benchlearn"]["B1"].value.replace("LV-016", "LV-026")
    book.save(tampered)

    code, output = invoke(
        t2_round, "--lang", "lv", "import", "--year", "2023", str(tampered), str(wrong)
    )
    made = invoke(t2_round, "--lang", "lv", "forms", "make", "--network", "NVPT", "--year", "2024",
                  "--municipality", "LV-999", "-o", str(tmp_path / "more"))  # fmt: skip

    assert (code, output) == (
        1,
        f"Kļūda: {tampered}: veidlapas atslēga ir mainīta (paraksts neatbilst); "
        "izmantojiet oriģinālo veidlapu\n"
        f"Kļūda: {wrong}: šo veidlapu nevar importēt\n"
        f"  {wrong}: veidlapa ir par 2024. gadu, nevis par 2023. gadu\n",
    )
    assert made == (1, "Kļūda: 2024. gadā nav tīkla NVPT dalībnieces: LV-999\n")


# --- check --------------------------------------------------------------------

SIZES = """code,name
S1,Small 1
S2,Small 2
S3,Small 3
S4,Small 4
S5,Small 5
S6,Small 6
BIG,Big city
S0,Silent
"""


@pytest.fixture
def sized(engine: Engine, db_url: str, tmp_path: Path) -> str:
    """Seven municipalities, one a big city; S6 spends far more per inhabitant than the rest,
    and S3's population is entered five times too high in 2023; S0 has no figures."""
    load_municipalities(engine, write(tmp_path / "m.csv", SIZES))
    load_definitions(engine, [write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)])
    rows = ["municipality,indicator,year,value"]
    population = {"S1": 1000, "S2": 1100, "S3": 1200, "S4": 1300, "S5": 1400, "S6": 1500}
    population["BIG"] = 600_000
    for year in (2022, 2023):
        for k, (m, pop) in enumerate(population.items(), start=1):
            growth = 1 + 0.01 * k if year == 2023 else 1.0
            rate = (40 if m == "S6" else 10 + 0.1 * k) * (1 + 0.002 * k if year == 2023 else 1)
            stated = pop * growth * (5 if (m == "S3" and year == 2023) else 1)
            rows += [f"{m},POP,{year},{stated:.0f}", f"{m},COST,{year},{pop * growth * rate:.0f}"]
            rows += [f"{m},SHARE,{year},{50 + len(m)}"]
    assert import_file(engine, write(tmp_path / "v.csv", "\n".join(rows) + "\n")).written
    return db_url


def test_check_flags_rates_not_the_size_of_a_municipality(engine: Engine, sized: str) -> None:
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
        found = check(connection, definitions, "T9", 2023)

    assert size_variables(definitions) == {"COST", "POP"}
    flagged = found[["municipality", "indicator", "rule", "severity"]].values.tolist()
    # The big city's population and costs are no outliers; the sixth's cost per inhabitant is,
    # and S3's fivefold population is an unusual change (its costs per inhabitant fall with it).
    assert ["BIG", "POP", "outlier", "warning"] not in flagged
    assert ["BIG", "COST", "outlier", "warning"] not in flagged
    assert ["S6", "COST_PC", "outlier", "warning"] in flagged
    assert ["S3", "POP", "unusual_change", "warning"] in flagged
    assert ["S0", "", "not_returned", "warning"] in flagged
    assert sorted(found["indicator"]) == ["", "COST_PC", "COST_PC", "COST_PC", "POP"]
    assert found.loc[found["rule"] == "not_returned", "message"].tolist() == [
        "form not returned: no figures for T9 in 2023"
    ]


def test_check_in_latvian(sized: str) -> None:
    code, csv = invoke(
        sized, "--lang", "lv", "check", "--network", "T9", "--year", "2023", "--format", "csv"
    )
    table = invoke(sized, "--lang", "lv", "check", "--network", "T9", "--year", "2023")[1]

    lines = csv.splitlines()
    assert code == 0  # warnings only
    assert lines[0] == "municipality,name,indicator,year,rule,severity,value,previous,message"
    assert (
        "S0,Silent,,2023,not_returned,warning,,,veidlapa nav iesniegta: par 2023. gadu nav neviena tīkla T9 rādītāja"
        in lines
    )
    outlier = next(line for line in lines if line.startswith("S6,Small 6,COST_PC"))
    assert re.search(
        r"ir tālu virs visu pašvaldību mediānas [\d,]+ \(par [\d,]+ mediānas absolūtajām novirzēm\)",
        outlier,
    )
    change = next(line for line in lines if line.startswith("S3,Small 3,POP"))
    assert change == (
        'S3,Small 3,POP,2023,unusual_change,warning,6180.0,1200.0,"izmaiņas kopš 2022. gada: +415 %, '
        'daudz lielākas nekā parasti (izmaiņu mediāna: +5 %)"'
    )  # CSV keeps raw numbers; the message is in Latvian
    assert lines[-1] == "Kļūdas: 0, brīdinājumi: 5."
    header = table.splitlines()[0].split()
    assert header == [
        "pašvaldība",
        "nosaukums",
        "kļūdas",
        "brīdinājumi",
        "aizdomīgākās",
        "vērtības",
    ]
    assert "POP 1 200 → 6 180 (+415 %, neparastas izmaiņas)" in table
    assert "izlēcējs" in table and "nav iesniegts" in table
    assert not re.search(r"\d\.\d", table)  # no decimal point in a Latvian number
    assert no_english(table) == []
