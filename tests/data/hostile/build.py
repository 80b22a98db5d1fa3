"""Writes the hostile value files of this folder and EXPECTED.csv, what importing each must do.

Run: python tests/data/hostile/build.py

The files are imported by ``tests/test_hostile.py`` into the small workspace of
``tests/conftest.py`` (municipalities A1, B2, C3; indicators COST, POP, SHARE
from 0 to 100, and COST_PC computed from a formula). EXPECTED.csv has one line
per file: ``imported`` with the values stored afterwards (``municipality
indicator year value`` separated by ``;``), or ``refused`` with the row and
column the first problem names and a text its message holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
LONG = "municipality,indicator,year,value\n"
WIDE = "municipality,year,COST,SHARE\n"

#: name -> (content, outcome, row, column, says)
CASES: dict[str, tuple[bytes | str | None, str, str, str, str]] = {}


def case(name: str, content: bytes | str | None, outcome: str, *where: str) -> None:
    row, column, says = (*where, "", "", "")[:3] if outcome == "refused" else ("", "", where[0])
    CASES[name] = (content, outcome, row, column, says)


def long_row(value: str, municipality: str = "A1", indicator: str = "COST") -> str:
    return f"{LONG}{municipality},{indicator},2020,{value}\n"


# issue 14, item 1: only numbers in the documented forms are values
case("digit_separator.csv", long_row("1_000"), "refused", "2", "value", "'1_000' is not a number")
case("digit_separator_decimal.csv", long_row("1_2.5"), "refused", "2", "value", "not a number")
case("arabic_indic_digits.csv", long_row("٨٩"), "refused", "2", "value", "'٨٩' is not a number")
case("fullwidth_digits.csv", long_row("８"), "refused", "2", "value", "'８' is not a number")
case("nan.csv", long_row("NaN"), "refused", "2", "value", "'NaN' is not a number")
case("inf.csv", long_row("-Infinity"), "refused", "2", "value", "is not a number")
case("huge_exponent.csv", long_row("1e309"), "refused", "2", "value", "too large a number")
case("four_hundred_digits.csv", long_row("9" * 400), "refused", "2", "value", "too large")
case("negative_zero.csv", long_row("-0"), "imported", "A1 COST 2020 0")
case(
    "number_forms.csv",
    LONG + "A1,COST,2020,+1.5e3\nB2,COST,2020,.5\nC3,COST,2020,5.\n",
    "imported",
    "A1 COST 2020 1500; B2 COST 2020 0.5; C3 COST 2020 5",
)
case(
    "decimal_comma_in_comma_file.csv",
    long_row('"12,5"'),
    "refused",
    "2",
    "value",
    "use a dot as the decimal separator",
)
case(
    "thousands_comma.csv",
    long_row('"1,234.5"'),
    "refused",
    "2",
    "value",
    "without thousands separators",
)
case(
    "thousands_space_semicolon.csv",
    "municipality;indicator;year;value\nA1;COST;2020;1 234,5\n",
    "refused",
    "2",
    "value",
    "without thousands separators",
)
case("text_in_value.csv", long_row("about 5"), "refused", "2", "value", "'about 5' is not a number")
# item 2: rows longer than the header, files that would change nothing
case(
    "trailing_comma_wide.csv",
    "municipality,year,COST\nA1,2020,8.1,\nB2,2020,7,\n",
    "refused",
    "2",
    "",
    "the row has 4 cells but the header 3",
)
case(
    "too_many_cells_middle.csv",
    LONG + "A1,COST,2020,1\nB2,COST,2020,2,3\nC3,COST,2020,4\n",
    "refused",
    "3",
    "",
    "the row has 5 cells but the header 4",
)
case("header_only.csv", LONG, "refused", "2", "", "no data rows")
case("no_values_wide.csv", WIDE + "A1,2020,,\nB2,2020,,\n", "refused", "2", "", "hold no values")
case("fewer_cells.csv", LONG + "A1,COST,2020\n", "refused", "2", "value", "value is empty")
# item 9: encodings, delimiters, long texts
case(
    "cp1257_latvian.csv",
    ("municipality,name,year,COST\nA1,Ādažu novads,2020,3\nB2,Ķekavas novads,2020,4\n").encode(
        "cp1257"
    ),
    "imported",
    "A1 COST 2020 3; B2 COST 2020 4",
)
case(
    "cp1257_semicolon_decimal_comma.csv",
    (
        "municipality;name;year;COST;SHARE\nA1;Rēzeknes novads;2020;12,5;55\n"
        "B2;Līvānu novads;2020;0,25;..\n"
    ).encode("cp1257"),
    "imported",
    "A1 COST 2020 12.5; A1 SHARE 2020 55; B2 COST 2020 0.25; B2 SHARE 2020 ..",
)
case(
    "latin1_norwegian.csv",
    "municipality,name,year,COST\nA1,Tromsø,2020,3\n".encode("latin-1"),
    "refused",
    "2",
    "name",
    "byte 0xF8 is not UTF-8",
)
case(
    "semicolon_decimal_comma.csv",
    "municipality;indicator;year;value\nA1;COST;2020;12,5\n",
    "imported",
    "A1 COST 2020 12.5",
)
case(
    "semicolon_dot.csv",
    "municipality;indicator;year;value\nA1;COST;2020;1.5\n",
    "imported",
    "A1 COST 2020 1.5",
)
case(
    "utf16_tab.csv",
    ("municipality\tindicator\tyear\tvalue\nA1\tCOST\t2020\t2,5\n").encode("utf-16"),
    "imported",
    "A1 COST 2020 2.5",
)
case(
    "tab_separated.tsv",
    "municipality\tyear\tCOST\nA1\t2020\t7,25\n",
    "imported",
    "A1 COST 2020 7.25",
)
case("bom.csv", "\ufeff" + long_row("4"), "imported", "A1 COST 2020 4")
case("crlf.csv", long_row("4").replace("\n", "\r\n"), "imported", "A1 COST 2020 4")
case(
    "cr_only.csv",
    (LONG + "A1,COST,2020,4\nB2,COST,2020,5\n").replace("\n", "\r"),
    "imported",
    "A1 COST 2020 4; B2 COST 2020 5",
)
case("nul_byte.csv", long_row("1\x002"), "refused", "2", "value", "NUL byte")
case("binary_garbage.csv", bytes(range(256)) * 4, "refused", "1", "", "NUL byte")
case(
    "long_value.csv", long_row("7" * 150_000 + "x"), "refused", "2", "value", "(150,001 characters)"
)
case(
    "long_code.csv",
    long_row("1", municipality="M" * 100_000),
    "refused",
    "2",
    "municipality",
    "unknown municipality 'MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM… (100,000 characters)'",
)
case(
    "long_header.csv",
    f"municipality,year,{'X' * 100_000}\nA1,2020,1\n",
    "refused",
    "2",
    "XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX…",
    "(100,000 characters)",
)
case(
    "quoted_newline.csv",
    'municipality,name,year,COST\nA1,"Alpha\ncity",2020,3\n',
    "imported",
    "A1 COST 2020 3",
)
case(
    "quoted_newline_row_number.csv",
    'municipality,name,year,COST\nA1,"Alpha\ncity",2020,3\nB2,Beta,2020,x\n',
    "refused",
    "3",
    "COST",
    "'x' is not a number",
)
# a column name typed with a line break (Alt+Enter) is one column, its lines joined by a space
case(
    "header_line_break.csv",
    'municipality,year,"COST\n"\nA1,2020,3\nB2,2020,4\n',
    "imported",
    "A1 COST 2020 3; B2 COST 2020 4",
)
case(
    "header_line_break_named.csv",
    'municipality,year,"CO\nST"\nA1,2020,3\n',
    "refused",
    "2",
    "CO ST",
    "unknown indicator 'CO ST'",
)
case(
    "header_line_break_long.csv",
    '"munici\npality",indicator,year,value\nA1,COST,2020,3\n',
    "refused",
    "1",
    "",
    "no 'municipality' column",
)
case(
    "header_unclosed_quote.csv",
    'municipality,year,"COST\n' + "A1,2020,3\n" * 30,
    "refused",
    "1",
    "",
    "never closed",
)
case(
    "unclosed_quote.csv",
    LONG + 'A1,COST,2020,1\nB2,"COST,2020,2\n',
    "refused",
    "3",
    "",
    "never closed",
)
case(
    "blank_lines.csv",
    LONG + "A1,COST,2020,1\n\n\nB2,COST,2020,x\n",
    "refused",
    "5",
    "value",
    "'x' is not a number",
)
case("empty.csv", "", "refused", "1", "", "the file is empty")
case("only_whitespace.csv", "   \n", "refused", "1", "", "the first row is empty")
case("empty_first_line.csv", "\n" + long_row("1"), "refused", "1", "", "the first row is empty")
case("header_shape.csv", "foo,bar\n1,2\n", "refused", "1", "", "the header needs")
case(
    "duplicate_columns.csv",
    "municipality,year,COST,COST\nA1,2020,1,2\n",
    "refused",
    "1",
    "",
    "column 'COST' appears twice",
)
case(
    "duplicate_rows.csv",
    long_row("1") + "A1,COST,2020,1\n",
    "refused",
    "3",
    "",
    "duplicate of row 2",
)
case(
    "unknown_indicator.csv",
    long_row("1", indicator="NOPE"),
    "refused",
    "2",
    "indicator",
    "unknown indicator 'NOPE'",
)
case(
    "unknown_municipality.csv",
    long_row("1", municipality="ZZ9"),
    "refused",
    "2",
    "municipality",
    "unknown municipality 'ZZ9'",
)
case(
    "year_too_early.csv",
    f"{LONG}A1,COST,1850,1\n",
    "refused",
    "2",
    "year",
    "'1850' is not a possible year",
)
case(
    "year_far_future.csv",
    f"{LONG}A1,COST,99999,1\n",
    "refused",
    "2",
    "year",
    "is not a possible year",
)
case(
    "year_not_a_number.csv",
    f"{LONG}A1,COST,２０２０,1\n",
    "refused",
    "2",
    "year",
    "is not a possible year",
)
case("spaces_around.csv", f"{LONG} A1 , COST , 2020 , 12.5 \n", "imported", "A1 COST 2020 12.5")
case(
    "formula_looking_name.csv",
    long_row("1", municipality="=cmd|' /C calc'!A0"),
    "refused",
    "2",
    "municipality",
    "unknown municipality",
)
case(
    "derived_indicator.csv",
    long_row("1", indicator="COST_PC"),
    "refused",
    "2",
    "indicator",
    "computed from its formula",
)
case(
    "out_of_range.csv",
    long_row("150", indicator="SHARE"),
    "refused",
    "2",
    "value",
    "outside SHARE's valid range",
)
case(
    "unknown_status.csv",
    "municipality,indicator,year,value,status\nA1,COST,2020,,x\n",
    "refused",
    "2",
    "status",
    "unknown status 'x'",
)
case(
    "status_with_value.csv",
    "municipality,indicator,year,value,status\nA1,COST,2020,5,-\n",
    "refused",
    "2",
    "value",
    "must be empty",
)
case(
    "wide_unnamed_column.csv",
    "municipality,year,,COST\nA1,2020,5,1\n",
    "refused",
    "2",
    "C",
    "the indicator code is empty",
)
case(
    "empty_municipality.csv",
    long_row("1", municipality=""),
    "refused",
    "2",
    "municipality",
    "the municipality code is empty",
)


def zip_bytes() -> bytes:
    path = HERE / "_tmp.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    data = path.read_bytes()
    path.unlink()
    return data


case("zip_named_csv.csv", zip_bytes(), "refused", "", "", "this is a zip archive")
case("zip_not_xlsx.xlsx", zip_bytes(), "refused", "", "", "not an XLSX workbook")
case("text_named_xlsx.xlsx", long_row("1"), "refused", "", "", "not an XLSX workbook")
case(
    "old_xls.xlsx",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "refused",
    "",
    "",
    "old Excel .xls workbook",
)


def workbook(
    name: str,
    outcome: str,
    *where: str,
    sheets: dict[str, list[list[object]]],
    hidden: tuple[str, ...] = (),
    merge: str | None = None,
) -> None:
    """An XLSX case: one sheet per entry (the first is the active one)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    if merge:
        book.worksheets[0].merge_cells(merge)
    book.save(HERE / name)
    case(name, None, outcome, *where)


DATA = [["municipality", "year", "COST"], ["A1", 2020, 1.5], ["B2", 2020, 2]]
workbook(
    "two_sheets.xlsx",
    "imported",
    "A1 COST 2020 1.5; B2 COST 2020 2; C3 COST 2020 3",
    sheets={"2020 a": DATA, "2020 b": [["municipality", "year", "COST"], ["C3", 2020, 3]]},
)
workbook(
    "two_sheets_bad_second.xlsx",
    "refused",
    "2",
    "COST",
    "[Second]",
    sheets={"First": DATA, "Second": [["municipality", "year", "COST"], ["C3", 2020, "x"]]},
)
workbook(
    "hidden_sheet.xlsx",
    "imported",
    "A1 COST 2020 1.5; B2 COST 2020 2",
    sheets={"Values": DATA, "Key": [["municipality", "year", "COST"], ["C3", 2020, 9]]},
    hidden=("Key",),
)
workbook(
    "data_only_on_hidden_sheet.xlsx",
    "refused",
    "",
    "",
    "no visible sheet holds anything",
    sheets={"Empty": [], "Hidden": DATA},
    hidden=("Hidden",),
)
workbook(
    "notes_sheet.xlsx",
    "refused",
    "1",
    "",
    "[Notes], row 1: the sheet is not a table",
    sheets={"Values": DATA, "Notes": [["These figures are provisional."]]},
)
workbook(
    "blank_extra_sheets.xlsx",
    "refused",
    "2",
    "COST",
    "blank_extra_sheets.xlsx, row 2, column COST: 'x' is not a number",
    sheets={"Sheet1": [DATA[0], ["A1", 2020, "x"]], "Sheet2": [], "Sheet3": []},
)
workbook(
    "empty_workbook.xlsx",
    "refused",
    "",
    "",
    "no visible sheet holds anything",
    sheets={"Sheet1": []},
)
workbook("header_only.xlsx", "refused", "2", "", "no data rows", sheets={"Sheet1": DATA[:1]})
workbook(
    "merged_cells.xlsx",
    "refused",
    "3",
    "municipality",
    "the municipality code is empty",
    sheets={"Sheet1": [*DATA[:2], [None, 2020, 2]]},
    merge="A2:A3",
)
workbook(
    "formula_wide.xlsx",
    "refused",
    "3",
    "COST",
    "a formula whose result was never saved",
    sheets={"Sheet1": [*DATA[:2], ["B2", 2020, "=C2*2"]]},
)
workbook(
    "formula_without_value.xlsx",
    "refused",
    "2",
    "value",
    "a formula whose result was never saved",
    sheets={
        "Sheet1": [["municipality", "indicator", "year", "value"], ["A1", "COST", 2020, "=1+1"]]
    },
)
workbook(
    "error_cell.xlsx",
    "refused",
    "2",
    "COST",
    "'#DIV/0!' is not a number",
    sheets={"Sheet1": [DATA[0], ["A1", 2020, "#DIV/0!"]]},
)
workbook(
    "date_in_value.xlsx",
    "refused",
    "2",
    "COST",
    "'2020-03-31 00:00:00' is not a number",
    sheets={"Sheet1": [DATA[0], ["A1", 2020, dt.datetime(2020, 3, 31)]]},
)
workbook(
    "date_as_year.xlsx",
    "refused",
    "2",
    "year",
    "is not a possible year",
    sheets={"Sheet1": [DATA[0], ["A1", dt.date(2020, 1, 1), 1]]},
)
workbook(
    "bool_in_value.xlsx",
    "refused",
    "2",
    "COST",
    "'True' is not a number",
    sheets={"Sheet1": [DATA[0], ["A1", 2020, True]]},
)
workbook(
    "cell_outside_header.xlsx",
    "refused",
    "2",
    "D",
    "its column has no header",
    sheets={"Sheet1": [DATA[0], ["A1", 2020, 1, 99]]},
)
workbook(
    "digit_separator_text.xlsx",
    "refused",
    "2",
    "COST",
    "'1_000' is not a number",
    sheets={"Sheet1": [DATA[0], ["A1", 2020, "1_000"]]},
)
workbook(
    "numbers.xlsx",
    "imported",
    "A1 COST 2020 0.1; B2 COST 2020 123456789012",
    sheets={"Sheet1": [DATA[0], ["A1", 2020, 0.1], ["B2", 2020, 123456789012]]},
)
workbook(
    "text_numbers.xlsx",
    "imported",
    "A1 COST 2020 12.5; B2 COST 2020 3",
    sheets={"Sheet1": [DATA[0], ["A1", "2020", " 12.5 "], ["B2", 2020, "3"]]},
)


# issue 23, part a: CSV and XLSX value files (years, columns, dots, duplicates, percentages)
case("year_point_zero.csv", LONG + "A1,COST,2020.0,5\n", "refused", "2", "year", "not a whole year")
case(
    "year_half.csv", LONG + "A1,COST,2020.5,5\n", "refused", "2", "year", "'2020.5' is not a whole"
)
workbook(
    "year_float_cell.xlsx",
    "imported",
    "A1 COST 2020 5",
    sheets={"Sheet1": [["municipality", "indicator", "year", "value"], ["A1", "COST", 2020.0, 5]]},
)
workbook(
    "year_half_cell.xlsx",
    "refused",
    "2",
    "year",
    "'2020.5' is not a whole year",
    sheets={"Sheet1": [["municipality", "indicator", "year", "value"], ["A1", "COST", 2020.5, 5]]},
)
workbook(
    "year_text_cell.xlsx",
    "refused",
    "2",
    "year",
    "'2020.0' is not a whole year",
    sheets={
        "Sheet1": [["municipality", "indicator", "year", "value"], ["A1", "COST", "2020.0", 5]]
    },
)
case(
    "status_capital.csv",
    "municipality,indicator,year,value,Status\nA1,COST,2020,,..\n",
    "imported",
    "A1 COST 2020 ..",
)
case(
    "value_spaces.csv",
    "municipality,indicator,year, value \nA1,COST,2020,5\n",
    "imported",
    "A1 COST 2020 5",
)
case(
    "stat_column.csv",
    "municipality,indicator,year,value,stat\nA1,COST,2020,5,..\n",
    "refused",
    "1",
    "",
    "unknown column 'stat': a long file's columns are municipality, indicator, year, value, status, name",
)
case(
    "status_two_ways.csv",
    "municipality,indicator,year,value,status,Status\nA1,COST,2020,5,,..\n",
    "refused",
    "1",
    "",
    "unknown column 'Status'",
)
case(
    "unknown_columns.csv",
    "municipality,indicator,year,value,foo,se,visibility\nA1,COST,2020,5,1,0.2,public\n",
    "refused",
    "1",
    "",
    "unknown column 'foo'",
)
case(
    "wide_capitals.csv",
    "Municipality,YEAR,COST\nA1,2020,5\n",
    "imported",
    "A1 COST 2020 5",
)
case(
    "dot_thousands_semicolon.csv",
    "municipality;indicator;year;value\nA1;COST;2020;1.234\n",
    "refused",
    "2",
    "value",
    "'1.234' is ambiguous",
)
case(
    "dot_beside_commas_semicolon.csv",
    "municipality;indicator;year;value\nA1;COST;2020;12,5\nB2;COST;2020;1.5\n",
    "refused",
    "3",
    "value",
    "remove thousands separators",
)
case(
    "dot_decimal_semicolon.csv",
    "municipality;indicator;year;value\nA1;COST;2020;1.5\nB2;COST;2020;0.25\n",
    "imported",
    "A1 COST 2020 1.5; B2 COST 2020 0.25",
)
case(
    "duplicate_far_apart.csv",
    LONG + "A1,COST,2020,1\nB2,COST,2020,2\nC3,COST,2020,3\nA1,COST,2020,4\n",
    "refused",
    "5",
    "",
    "duplicate of row 2 (A1, COST, 2020)",
)


def percent_workbook(name: str, outcome: str, *where: str, code: str, value: float) -> None:
    """A wide workbook whose value cell is formatted as a percentage (0.55 shown as 55 %)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["municipality", "year", code])
    sheet.append(["A1", 2020, value])
    sheet["C2"].number_format = "0%"
    book.save(HERE / name)
    case(name, None, outcome, *where)


percent_workbook(
    "percent_cell_share.xlsx", "imported", "A1 SHARE 2020 55", code="SHARE", value=0.55
)
percent_workbook(
    "percent_cell_cost.xlsx",
    "refused",
    "2",
    "COST",
    "formatted as a percentage (55 %), but COST's unit is not a percentage",
    code="COST",
    value=0.55,
)


def main() -> None:
    for name, (content, *_rest) in CASES.items():
        if isinstance(content, str):
            (HERE / name).write_bytes(content.encode("utf-8"))
        elif isinstance(content, bytes):
            (HERE / name).write_bytes(content)
    with (HERE / "EXPECTED.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "outcome", "row", "column", "says"])
        for name, (_content, outcome, row, column, says) in sorted(CASES.items()):
            writer.writerow([name, outcome, row, column, says])


if __name__ == "__main__":
    main()
