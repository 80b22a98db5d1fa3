"""Value files that must not go in wrong without a word (issue 23, part a).

Years written with decimals, columns the importer does not know, a dot in a
decimal-comma file, the same key far apart in a big file, percentage-formatted
cells, a confidential value off its scale, a denominator lowered below a stored
numerator, and files built to make the reader hang. Each case asserts the
exact sentence, the exit code where the command line is used, and that the
database is unchanged; the file cases of the hostile corpus
(``tests/data/hostile``) cover the rest on both backends.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.importing import import_file
from benchlearn.importing.keys import FileKeys, encode
from tests.conftest import write
from tests.test_hostile import stored

LONG = "municipality,indicator,year,value\n"


def invoke(db_url: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, *args])
    return result.exit_code, result.stdout, result.stderr


# item 1: a year is a whole number as written --------------------------------------------------


def test_a_year_with_decimals_is_refused_in_both_languages(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "v.csv", LONG + "A1,COST,2024.0,5\nB2,COST,2024.5,6\n")
    before = stored(workspace)

    code, out, err = invoke(db_url, "import", str(path), "--lang", "lv")

    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"Kļūda: {path}: problēmas: 2, rindas ar problēmām: 2; nekas netika importēts "
        "(derīgās rindas var importēt ar --skip-invalid)",
        f"  {path}, 2. rinda, kolonna year: „2024.0” nav vesels gads "
        "(rakstiet gadu tikai ar cipariem, piemēram, 2024)",
        f"  {path}, 3. rinda, kolonna year: „2024.5” nav vesels gads "
        "(rakstiet gadu tikai ar cipariem, piemēram, 2024)",
    ]
    assert stored(workspace) == before


# item 2: unknown columns are refused; known names forgiven for case and spaces, and said ------


def test_an_unknown_column_is_refused_naming_it_and_the_known_ones(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "v.csv", "municipality,indicator,year,value,stat\nA1,COST,2020,5,..\n")

    code, _out, err = invoke(db_url, "import", str(path))

    assert code == 1
    assert err.splitlines() == [
        f"Error: {path}: cannot import",
        f"  {path}, row 1: unknown column 'stat': a long file's columns are municipality, "
        "indicator, year, value, status, name, visibility, se, ci_low, ci_high; rename or delete it",
    ]
    assert stored(workspace) == ["batches 0"]


def test_known_names_in_another_case_are_read_and_said(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "v.csv", "Municipality,indicator,year, value ,Status\nA1,COST,2020,5,..\n"
    )

    code, out, _err = invoke(db_url, "import", str(path), "--lang", "lv")

    assert code == 0
    assert out.splitlines()[1:] == [
        f"  piezīme: {path}, 1. rinda: kolonnu nosaukumi nolasīti kā zināmie, no kuriem tie "
        "atšķiras tikai ar lielajiem burtiem vai atstarpēm: „Municipality” → municipality, "
        "„ value ” → value, „Status” → status"
    ]
    # the value is confidential, as the Status column said, never a public number
    assert stored(workspace) == ["A1 COST 2020 ..", "batches 1"]


# item 3: a dot in a decimal-comma file ---------------------------------------------------------


def test_a_dot_in_a_decimal_comma_file_is_ambiguous(workspace: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", "municipality;indicator;year;value\nA1;COST;2020;1.234\n")

    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)

    assert [p.line("en") for p in caught.value.problems] == [
        f"{path}, row 2, column value: '1.234' is ambiguous: in a file separated by semicolons "
        "or tabs the decimal separator is the comma, so the dot may separate thousands "
        "(remove thousands separators; write decimals with a comma)"
    ]
    assert [p.line("lv") for p in caught.value.problems] == [
        f"{path}, 2. rinda, kolonna value: „1.234” ir neviennozīmīgs: failā, kurā kolonnas "
        "atdala semikols vai tabulācija, decimāldaļu atdala komats, tāpēc punkts var atdalīt "
        "tūkstošus (izņemiet tūkstošu atdalītājus; decimāldaļu atdaliet ar komatu)"
    ]
    assert stored(workspace) == ["batches 0"]


# item 4: the same key twice in one file, whatever the chunking ---------------------------------


def test_a_key_twice_in_different_chunks_names_both_rows(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchlearn.importing import readers

    monkeypatch.setattr(readers, "CHUNK_ROWS", 3)
    rows = ["A1,COST,2020,1", "B2,COST,2020,2", "C3,COST,2020,3", "A1,POP,2020,4"] * 2
    rows[6] = "A1,COST,2020,9"  # row 8: the key of row 2, two chunks later
    path = write(tmp_path / "v.csv", LONG + "\n".join(rows[:7]) + "\n")

    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 6: duplicate of row 2 (A1, COST, 2020)",
        f"{path}, row 7: duplicate of row 3 (B2, COST, 2020)",
        f"{path}, row 8: duplicate of row 2 (A1, COST, 2020)",
    ]
    assert stored(workspace) == ["batches 0"]


def test_a_key_twice_two_hundred_thousand_rows_apart(tmp_path: Path) -> None:
    """The honest case: rows 8 and 200,008 of a 200,010-row file, in the reader's own chunks
    (100,000 rows each: row 200,008 is in the third). On SQLite only: the first
    chunk is written before the second is read, and the test above covers both backends."""
    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    engine = make_engine(f"sqlite:///{tmp_path / 'big.db'}")
    upgrade(engine)

    registry = write(
        tmp_path / "m.csv", "code,name\n" + "".join(f"M{m},M {m}\n" for m in range(501))
    )
    definitions = write(
        tmp_path / "d.yaml",
        "indicators:\n"
        + "".join(
            f"  - {{code: I{i}, name: I {i}, unit: x, direction: higher}}\n" for i in range(40)
        ),
    )
    load_municipalities(engine, registry)
    load_definitions(engine, [definitions])
    path = tmp_path / "big.csv"
    with path.open("w") as handle:
        handle.write(LONG)
        for n in range(200_008):
            if n == 200_006:
                handle.write("M0,I0,2016,1\n")  # row 200,008: the key of row 8 (n = 6)
            m, rest = divmod(n, 400)
            handle.write(f"M{m},I{rest // 10},{2010 + rest % 10},{n}\n")

    with pytest.raises(ValidationError) as caught:
        import_file(engine, path)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 200008: duplicate of row 8 (M0, I0, 2016)"
    ]
    assert stored(engine) == ["batches 0"]


@pytest.mark.parametrize("largest", [1 << 21, 150])
def test_file_keys_find_the_first_row_of_each_key_across_runs(
    monkeypatch: pytest.MonkeyPatch, largest: int
) -> None:
    import numpy as np

    from benchlearn.importing import keys as module

    monkeypatch.setattr(module, "LARGEST_RUN", largest)
    keys = FileKeys()
    for start in range(0, 1000, 100):
        mid = np.arange(start, start + 100)
        codes = encode(mid, mid % 7, np.full(100, 2020))
        keys.add(codes, mid + 2, np.array(["value"] * 100, dtype=object))

    asked = encode(np.array([5, 999, 1000]), np.array([5, 999 % 7, 0]), np.full(3, 2020))
    assert keys.find(asked).tolist() == [7, 1001, -1]
    assert keys.get((999, 999 % 7, 2020), (None, "x")) == (1001, "value")


@pytest.mark.parametrize("order", ["in key order", "backwards", "shuffled"])
def test_file_keys_merge_runs_alike_whatever_order_the_chunks_come_in(order: str) -> None:
    """A file in key order merges its runs by appending; any other order inserts: the
    same rows are found either way."""
    import numpy as np

    mids = np.arange(1000)
    if order == "backwards":
        mids = mids[::-1]
    elif order == "shuffled":
        mids = np.random.default_rng(24).permutation(mids)
    keys = FileKeys()
    for start in range(0, 1000, 100):
        mid = mids[start : start + 100]
        keys.add(encode(mid, mid % 7, np.full(100, 2020)), mid + 2, np.full(100, "value"))

    found = keys.find(encode(np.arange(1001), np.arange(1001) % 7, np.full(1001, 2020)))
    assert found.tolist() == [*range(2, 1002), -1]


# item 5: percentage-formatted cells --------------------------------------------------------


def percent_book(path: Path, code: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["municipality", "year", code])
    sheet.append(["A1", 2020, 0.55])
    sheet.append(["B2", 2020, 0.125])
    sheet["C2"].number_format = "0%"
    sheet["C3"].number_format = "0.0%"
    book.save(path)
    return path


def test_percentage_cells_of_a_percentage_are_read_as_shown_and_said(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = percent_book(tmp_path / "p.xlsx", "SHARE")

    code, out, _err = invoke(db_url, "import", str(path))

    assert code == 0
    assert out.splitlines()[1:] == [
        f"  note: {path}: 2 percentage-formatted cell(s) read as the percentage shown "
        "(55 % as 55, not 0.55)"
    ]
    assert stored(workspace) == ["A1 SHARE 2020 55", "B2 SHARE 2020 12.5", "batches 1"]


def test_a_percentage_cell_of_another_unit_is_refused(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = percent_book(tmp_path / "p.xlsx", "COST")

    code, _out, err = invoke(db_url, "import", str(path), "--lang", "lv")

    assert code == 1
    assert err.splitlines()[1:] == [
        f"  {path}, 2. rinda, kolonna COST: šūna ir formatēta kā procenti (55 %), bet rādītāja "
        "COST mērvienība nav procenti: ierakstiet skaitli bez procentu formāta",
        f"  {path}, 3. rinda, kolonna COST: šūna ir formatēta kā procenti (12,5 %), bet "
        "rādītāja COST mērvienība nav procenti: ierakstiet skaitli bez procentu formāta",
    ]
    assert stored(workspace) == ["batches 0"]


def test_a_percentage_cell_in_a_long_workbook_is_read_as_shown(
    workspace: Engine, tmp_path: Path
) -> None:
    book = Workbook()
    book.active.append(["municipality", "indicator", "year", "value"])
    book.active.append(["A1", "SHARE", 2020, 0.075])
    book.active.append(["B2", "SHARE", 2020, 40])
    book.active["D2"].number_format = "0.0%"
    path = tmp_path / "long.xlsx"
    book.save(path)

    result = import_file(workspace, path)

    assert [n.line("en") for n in result.notes] == [
        f"{path}: 1 percentage-formatted cell(s) read as the percentage shown (55 % as 55, not 0.55)"
    ]
    assert stored(workspace) == ["A1 SHARE 2020 7.5", "B2 SHARE 2020 40", "batches 1"]


# 9b: a confidential value off its scale; a denominator lowered below its numerator ----------

SCALED = """indicators:
  - code: LEVEL
    name: Level
    unit: level
    direction: higher
    scale: [{value: 1, label: low}, {value: 2, label: high}]
  - {code: SERVED, name: Served, unit: persons, direction: neutral}
  - {code: CLIENTS, name: Clients, unit: persons, direction: neutral}
  - code: SHARE_SERVED
    name: Share served
    unit: "%"
    direction: higher
    statistic: proportion
    numerator: SERVED
    denominator: CLIENTS
    multiplier: 100
"""


@pytest.fixture
def scaled(engine: Engine, workspace_files: dict[str, Path], tmp_path: Path) -> Engine:
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    load_municipalities(engine, workspace_files["municipalities"])
    load_definitions(engine, [write(tmp_path / "scaled.yaml", SCALED)])
    return engine


def test_a_confidential_value_off_its_scale_is_not_shown(scaled: Engine, tmp_path: Path) -> None:
    path = write(tmp_path / "v.csv", LONG[:-1] + ",status\nA1,LEVEL,2020,7,..\n")

    with pytest.raises(ValidationError) as caught:
        import_file(scaled, path)

    assert [p.line("en") for p in caught.value.problems] == [
        f"{path}, row 2, column value: .. is not a level of LEVEL's scale (1, 2)"
    ]
    assert "7" not in caught.value.text("lv").replace(str(path), "")
    assert stored(scaled) == ["batches 0"]


def test_a_denominator_lowered_below_the_numerator_names_the_cell_and_both_figures(
    scaled: Engine, tmp_path: Path
) -> None:
    import_file(scaled, write(tmp_path / "a.csv", LONG + "A1,SERVED,2020,50\nA1,CLIENTS,2020,80\n"))
    before = stored(scaled)
    path = write(tmp_path / "b.csv", "municipality,year,CLIENTS\nA1,2020,40\n")

    with pytest.raises(ValidationError) as caught:
        import_file(scaled, path)

    assert [p.line("en") for p in caught.value.problems] == [
        f"{path}, row 2, column CLIENTS: A1, 2020: the numerator of Share served exceeds its "
        "denominator (CLIENTS = 40, SERVED = 50)"
    ]
    assert stored(scaled) == before


def test_a_rule_over_two_groups_of_indicators_is_reported_once(
    scaled: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules are checked a group of indicators at a time (memory); SERVED and CLIENTS
    in groups of their own both bring the numerator's rule, which is told once."""
    from benchlearn.importing import control

    monkeypatch.setattr(control, "RULE_GROUP", 1)
    path = write(tmp_path / "b.csv", "municipality,year,CLIENTS,SERVED\nA1,2020,40,50\n")

    with pytest.raises(ValidationError) as caught:
        import_file(scaled, path)

    assert [p.line("en") for p in caught.value.problems] == [
        f"{path}, row 2, column SERVED: A1, 2020: the numerator of Share served exceeds its "
        "denominator (CLIENTS = 40, SERVED = 50)"
    ]
    assert stored(scaled) == ["batches 0"]


# item 18: files built to make the reader hang ------------------------------------------------


def shared_strings_bomb(path: Path, entries: int) -> Path:
    """A small workbook whose table of texts holds ``entries`` entries (compressed ~1000:1)."""
    base = path.with_suffix(".base.xlsx")
    book = Workbook()
    book.active.append(["municipality", "year", "COST"])
    book.active.append(["A1", 2020, 1])
    book.save(base)
    strings = b"<si><t>A1</t></si>" * entries
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    b"</Relationships>",
                )
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        out.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + strings
            + b"</sst>",
            compress_type=zipfile.ZIP_DEFLATED,
            compresslevel=9,
        )
    base.unlink()
    return path


def test_a_workbook_declaring_millions_of_texts_is_refused_at_once(
    workspace: Engine, tmp_path: Path
) -> None:
    path = shared_strings_bomb(tmp_path / "bomb.xlsx", 3_000_000)
    size = path.stat().st_size
    assert size < 200_000

    start = time.perf_counter()
    with pytest.raises(BenchlearnError) as caught:
        import_file(workspace, path)
    elapsed = time.perf_counter() - start

    assert caught.value.text("en") == (
        f"{path}: the workbook's table of texts holds more than {size + 10_000:,} entries, too "
        f"many for a file of {size:,} bytes; open it in Excel or LibreOffice and save it again"
    )
    assert elapsed < 1.5
    assert stored(workspace) == ["batches 0"]


def test_a_header_of_a_million_columns_is_refused_at_once(
    workspace: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["municipality", "year", *map(str, range(1_000_000))]) + "\nA1,2020\n")

    start = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)
    elapsed = time.perf_counter() - start

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 1: the header has 1,000,002 columns, more than the 16,384 a value file may "
        "have (Excel's limit)"
    ]
    assert caught.value.problems[0].text("lv") == (
        "kolonnu skaits galvenē ir 1 000 002, bet vērtību failā drīkst būt ne vairāk kā 16 384 "
        "(Excel ierobežojums)"
    )
    assert elapsed < 1.5
    assert stored(workspace) == ["batches 0"]


def test_a_row_of_a_million_cells_is_refused_at_once(workspace: Engine, tmp_path: Path) -> None:
    path = tmp_path / "row.csv"
    path.write_text(LONG + "A1,COST,2020,1\n" + ",".join(["1"] * 1_000_000) + "\n")

    start = time.perf_counter()
    with pytest.raises(ValidationError) as caught:
        import_file(workspace, path)
    elapsed = time.perf_counter() - start

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 3: the row has 1000000 cells but the header 4 "
        "(a delimiter at the end of the row?)"
    ]
    assert elapsed < 1.5
    assert stored(workspace) == ["batches 0"]
