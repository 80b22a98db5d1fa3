"""``import --map`` / ``--map-file``: files with other column names, and the leading-zeros hint."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from sqlalchemy import select

from benchlearn.cli import cli
from benchlearn.database import make_engine
from benchlearn.errors import BenchlearnError
from benchlearn.importing.mapping import ColumnMap, column_map
from benchlearn.models import Indicator, Municipality, Observation
from tests.conftest import WORKSPACE_DEFINITIONS, WORKSPACE_MUNICIPALITIES, write

KOLADA = "kommun,kpi,ar,varde\nA1,POP,2020,10\nB2,POP,2020,20\nC3,SHARE,2020,55.5\n"
KOLADA_MAP = ["--map", "kommun=municipality", "--map", "kpi=indicator"]
KOLADA_MAP += ["--map", "ar=year", "--map", "varde=value"]
SWEDISH = "code,name\n0114,Upplands Väsby\n0115,Vallentuna\n1280,Malmö\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli_db(db_url: str, runner: CliRunner, tmp_path: Path) -> str:
    """The small workspace (A1, B2, C3; COST, POP, COST_PC, SHARE), set up through the CLI."""
    municipalities = write(tmp_path / "m.csv", WORKSPACE_MUNICIPALITIES)
    definitions = write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(municipalities)],
        ["definitions", "load", str(definitions)],
    ):
        result = runner.invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
    return db_url


def _stored(url: str) -> list[tuple[object, ...]]:
    """Every stored value as (municipality, indicator, year, value, status)."""
    engine = make_engine(url)
    query = (
        select(Municipality.code, Indicator.code, Observation.year, Observation.value)
        .add_columns(Observation.status)
        .join(Municipality, Municipality.id == Observation.municipality_id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .order_by(Municipality.code, Indicator.code, Observation.year)
    )
    with engine.connect() as connection:
        found = [tuple(row) for row in connection.execute(query)]
    engine.dispose()
    return found


def test_kolada_file_imports_with_map(cli_db: str, runner: CliRunner, tmp_path: Path) -> None:
    kolada = write(tmp_path / "kolada.csv", KOLADA)

    real = runner.invoke(cli, ["--db", cli_db, "import", str(kolada), *KOLADA_MAP])
    dry = runner.invoke(cli, ["--db", cli_db, "import", str(kolada), *KOLADA_MAP, "--dry-run"])

    assert real.exit_code == 0
    assert real.output == (
        f"{kolada}: imported 3 rows as batch 1: 3 new, 0 changed, 0 unchanged, 0 rejected.\n"
    )
    assert dry.exit_code == 0
    assert dry.output == (
        f"{kolada}: columns read as kommun → municipality, kpi → indicator, ar → year, "
        "varde → value.\n"
        f"{kolada}: would import 3 rows: 0 new, 0 changed, 3 unchanged, 0 rejected.\n"
    )


def test_map_file_maps_a_semicolon_file_and_an_xlsx_in_one_folder(
    cli_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    mapping = write(tmp_path / "columns.csv", "source;target\nPašvaldība;municipality\nGads;year\n")
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.csv", "Pašvaldība;Gads;POP;SHARE\nA1;2021;1000;12,5\n")
    book = Workbook()
    book.active.append(["Pašvaldība", "Gads", "POP"])
    book.active.append(["B2", 2021, 2000])
    book.save(folder / "b.xlsx")

    result = runner.invoke(cli, ["--db", cli_db, "import", str(folder), "--map-file", str(mapping)])

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{folder / 'a.csv'}: imported 1 rows as batch 1: 2 new, 0 changed, 0 unchanged, "
        "0 rejected.\n"
        f"{folder / 'b.xlsx'}: imported 1 rows as batch 2: 1 new, 0 changed, 0 unchanged, "
        "0 rejected.\n"
    )


def test_problems_name_the_files_own_columns(
    cli_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    bad = write(
        tmp_path / "bad.csv",
        "kommun;Gads;Iedzīvotāji\nXX;2021;10\nA1;1800;11\nB2;2021;daudz\n",
    )
    maps = ["--map", "kommun=municipality", "--map", "Gads=year", "--map", "Iedzīvotāji=POP"]
    next_year = dt.date.today().year + 1

    result = runner.invoke(cli, ["--db", cli_db, "import", str(bad), *maps])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad}: 3 problem(s) in 3 row(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)\n"
        f"  {bad}, row 2, column kommun: unknown municipality 'XX'\n"
        f"  {bad}, row 3, column Gads: '1800' is not a possible year (1900–{next_year})\n"
        f"  {bad}, row 4, column Iedzīvotāji: 'daudz' is not a number\n"
    )


@pytest.mark.parametrize(
    ("maps", "said"),
    [
        (
            ["--map", "kommun=kommune"],
            "Error: --map kommun=kommune: 'kommune' is neither a column (municipality, "
            "indicator, year, value, status, name) nor a stored indicator code\n",
        ),
        (
            ["--map", "kommun=municipality", "--map", "kpi=municipality"],
            "Error: --map: columns 'kommun' and 'kpi' are both mapped to 'municipality'\n",
        ),
        (
            ["--map", "kommun=municipality", "--map", "kommun=indicator"],
            "Error: --map: column 'kommun' is mapped twice\n",
        ),
        (
            ["--map", "kommun"],
            "Error: --map 'kommun': write SOURCE=TARGET, e.g. kommun=municipality\n",
        ),
        (
            [*KOLADA_MAP, "--indicator", "POP"],
            "Error: --map renames the columns of CSV and XLSX value files; it cannot be used "
            "with --indicator\n",
        ),
    ],
)
def test_a_wrong_mapping_is_refused_before_reading(
    cli_db: str, runner: CliRunner, tmp_path: Path, maps: list[str], said: str
) -> None:
    kolada = write(tmp_path / "kolada.csv", KOLADA)

    result = runner.invoke(cli, ["--db", cli_db, "import", str(kolada), *maps])

    assert result.exit_code == 1
    assert result.output == said


def test_a_source_the_file_lacks_is_refused_per_file(
    cli_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    kolada = write(tmp_path / "kolada.csv", KOLADA.replace("kommun", "kommunkod"))

    result = runner.invoke(cli, ["--db", cli_db, "import", str(kolada), *KOLADA_MAP])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {kolada}: cannot import\n"
        f"  {kolada}, row 1: the header has no column 'kommun' to read as 'municipality'\n"
    )


def test_a_target_the_file_has_already_is_refused(
    cli_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    values = write(
        tmp_path / "v.csv", "municipality,kommun,indicator,year,value\nA1,B2,POP,2020,1\n"
    )

    result = runner.invoke(
        cli, ["--db", cli_db, "import", str(values), "--map", "kommun=municipality"]
    )

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {values}: cannot import\n"
        f"  {values}, row 1: column 'kommun' is mapped to 'municipality', but the file has a "
        "'municipality' column already\n"
    )


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("from,to\nkommun,municipality\n", "{file}: a mapping file needs the header source,target"),
        ("source,target\nkommun,\n", "{file}, row 2: a mapping row needs a source and a target"),
    ],
)
def test_a_wrong_mapping_file_is_refused(
    cli_db: str, runner: CliRunner, tmp_path: Path, content: str, said: str
) -> None:
    kolada = write(tmp_path / "kolada.csv", KOLADA)
    mapping = write(tmp_path / "map.csv", content)

    result = runner.invoke(cli, ["--db", cli_db, "import", str(kolada), "--map-file", str(mapping)])

    assert result.exit_code == 1
    assert result.output == "Error: " + said.format(file=mapping) + "\n"


def test_refusal_in_latvian(cli_db: str, runner: CliRunner, tmp_path: Path) -> None:
    kolada = write(tmp_path / "kolada.csv", KOLADA)
    maps = ["--map", "kommun=municipality", "--map", "kpi=municipality"]

    result = runner.invoke(cli, ["--db", cli_db, "--lang", "lv", "import", str(kolada), *maps])

    assert result.exit_code == 1
    assert result.output == (
        "Kļūda: --map: kolonnas „kommun” un „kpi” abas ir pārdēvētas par „municipality”\n"
    )


@pytest.fixture
def swedish_db(db_url: str, runner: CliRunner, tmp_path: Path) -> str:
    """Swedish-style four-digit codes with a leading zero, and the POP indicator."""
    municipalities = write(tmp_path / "se.csv", SWEDISH)
    definitions = write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(municipalities)],
        ["definitions", "load", str(definitions)],
    ):
        result = runner.invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
    return db_url


def test_lost_leading_zeros_are_hinted_not_imported(
    swedish_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    values = write(
        tmp_path / "se-values.csv",
        "kommun,kpi,ar,varde\n0114,POP,2020,1\n114,POP,2021,2\n115.0,POP,2020,3\n280,POP,2020,4\n",
    )
    book = Workbook()
    book.active.append(["municipality", "indicator", "year", "value"])
    book.active.append([114, "POP", 2022, 5])
    book.save(tmp_path / "excel.xlsx")

    result = runner.invoke(cli, ["--db", swedish_db, "import", str(values), *KOLADA_MAP])
    excel = runner.invoke(cli, ["--db", swedish_db, "import", str(tmp_path / "excel.xlsx")])
    latvian = runner.invoke(
        cli, ["--db", swedish_db, "--lang", "lv", "import", str(tmp_path / "excel.xlsx")]
    )

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {values}: 3 problem(s) in 3 row(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)\n"
        f"  {values}, row 3, column kommun: unknown municipality '114' — did you mean 0114?\n"
        f"  {values}, row 4, column kommun: unknown municipality '115.0' — did you mean 0115?\n"
        f"  {values}, row 5, column kommun: unknown municipality '280'\n"
    )
    book_file = tmp_path / "excel.xlsx"
    assert excel.output.splitlines()[1] == (
        f"  {book_file}, row 2, column municipality: unknown municipality '114' — did you mean 0114?"
    )
    assert latvian.output.splitlines()[1] == (
        f"  {book_file}, 2. rinda, kolonna municipality: nezināma pašvaldība „114” — "
        "vai domājāt 0114?"
    )


def test_no_hint_when_the_zeros_are_ambiguous(
    swedish_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    extra = write(tmp_path / "extra.csv", "code,name\n00114,Somewhere else\n")
    loaded = runner.invoke(cli, ["--db", swedish_db, "municipalities", "load", str(extra)])
    values = write(tmp_path / "v.csv", "municipality,indicator,year,value\n114,POP,2020,1\n")

    result = runner.invoke(cli, ["--db", swedish_db, "import", str(values)])

    assert loaded.exit_code == 0
    assert result.output.splitlines()[1] == (
        f"  {values}, row 2, column municipality: unknown municipality '114'"
    )


def test_column_map_reads_file_rows_then_options(tmp_path: Path) -> None:
    mapping = write(tmp_path / "m.csv", "source\ttarget\n\nkommun\tmunicipality\n")

    found = column_map(["ar=year"], mapping)

    assert found == ColumnMap((("kommun", "municipality"), ("ar", "year")))
    with pytest.raises(BenchlearnError, match="column 'ar' is mapped twice"):
        column_map(["ar=year"], write(tmp_path / "n.csv", "source,target\nar,year\n"))


LONG = ("municipality", "indicator", "year", "value", "status")
ROWS = [
    ("A1", "POP", "2020", "10", ""),
    ("B2", "SHARE", "2021", "", "-"),
    ("C3", "COST", "2020", "7.5", ""),
]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    order=st.permutations(range(len(LONG))),
    names=st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzāčēšž_", min_size=1, max_size=8),
        min_size=len(LONG),
        max_size=len(LONG),
        unique=True,
    ),
)
def test_any_renamed_permutation_imports_the_same_values(
    sqlite_url: str, tmp_path_factory: pytest.TempPathFactory, order: list[int], names: list[str]
) -> None:
    runner = CliRunner()
    folder = tmp_path_factory.mktemp("perm")
    original = write(
        folder / "original.csv",
        ",".join(LONG) + "\n" + "".join(",".join(row) + "\n" for row in ROWS),
    )
    renamed = write(
        folder / "renamed.csv",
        ",".join(names[i] for i in order)
        + "\n"
        + "".join(",".join(row[i] for i in order) + "\n" for row in ROWS),
    )
    maps = [arg for i in order for arg in ("--map", f"{names[i]}={LONG[i]}")]
    first, second = (f"sqlite:///{folder / name}.db" for name in ("a", "b"))
    for db in (first, second):
        setup(runner, db, folder)

    plain = runner.invoke(cli, ["--db", first, "import", str(original)])
    mapped = runner.invoke(cli, ["--db", second, "import", str(renamed), *maps])

    assert plain.exit_code == 0, plain.output
    assert mapped.exit_code == 0, mapped.output
    assert (
        _stored(second)
        == _stored(first)
        == [
            ("A1", "POP", 2020, 10.0, None),
            ("B2", "SHARE", 2021, None, "-"),
            ("C3", "COST", 2020, 7.5, None),
        ]
    )


def setup(runner: CliRunner, db: str, folder: Path) -> None:
    """The small workspace in database ``db``."""
    municipalities = write(folder / "m.csv", WORKSPACE_MUNICIPALITIES)
    definitions = write(folder / "d.yaml", WORKSPACE_DEFINITIONS)
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(municipalities)],
        ["definitions", "load", str(definitions)],
    ):
        result = runner.invoke(cli, ["--db", db, *args])
        assert result.exit_code == 0, result.output
