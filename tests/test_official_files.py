"""Official statistics files: PC-Axis, JSON-stat and PxWeb CSV exports, read and imported.

Real files: Statistics Sweden's PC-Axis examples from the PxWeb repository
(tests/data/official, see SOURCES.txt), CSP's IRS031 export and SCB's API v2
JSON-stat answer from ../shared/data. Broken files are made here from small
texts, so each test shows the one thing that is wrong.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from benchlearn.cli import cli
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.importing import import_rows
from benchlearn.importing.statistics import (
    Category,
    Cube,
    Dimension,
    cube_rows,
    is_pxweb_csv,
    match_territories,
    read_cube,
    read_jsonstat,
    read_pcaxis,
    read_pxweb_csv,
)
from benchlearn.importing.statistics.load import import_statistics
from benchlearn.importing.statistics.territories import default_match, name_key
from benchlearn.models import ImportBatch, Observation
from tests.conftest import REPO, write

OFFICIAL = REPO / "tests" / "data" / "official"
LV_2021 = REPO / "benchlearn" / "registry" / "builtin" / "lv-2021.csv"
IRS031 = "lv-csb/irs031_annual_average_population_novadi_2012_2025.csv"
TAB638 = "pxweb-fixtures/scb_v2_TAB638_jsonstat2.json"

SWEDISH = pd.DataFrame(
    {
        "code": ["0114", "0115"],
        "name": ["Upplands Väsby", "Vallentuna"],
        "kind": ["kommun", "kommun"],
    }
)


def latvian(shared_data: Path | None = None) -> pd.DataFrame:
    """The built-in lv-2021 registry as a frame, with CSP's codes as ``csb_code`` when given."""
    frame = pd.read_csv(LV_2021, dtype=str, keep_default_na=False)
    frame = frame[["code", "name", "kind"]]
    if shared_data is not None:
        codes = pd.read_csv(shared_data / "lv-csb" / "csb_iso_codes.csv", dtype=str)
        frame = frame.merge(
            codes[["iso_code", "csb_code"]].drop_duplicates("iso_code"),
            left_on="code",
            right_on="iso_code",
            how="left",
        ).drop(columns="iso_code")
    return frame


def rows_of(frame: pd.DataFrame) -> list[list[object]]:
    """municipality, year, value, status of each row, NaN as None."""
    part = frame[["municipality", "year", "value", "status"]].astype(object)
    return part.where(part.notna(), None).values.tolist()


def jsonstat(
    geo: list[tuple[str, str]],
    years: list[str],
    values: list[float | None],
    status: dict[str, str] | None = None,
    extra: dict[str, list[str]] | None = None,
) -> dict[str, object]:
    """A JSON-stat 2.0 dataset: territory, then any extra dimensions, then time."""
    extra = extra or {}
    ids = ["AREA", *extra, "TIME"]
    dimension: dict[str, object] = {
        "AREA": {
            "label": "Teritoriālā vienība",
            "category": {
                "index": [c for c, _ in geo],
                "label": dict(geo),
            },
        },
        "TIME": {"label": "Laika periods", "category": {"index": years}},
    }
    for name, codes in extra.items():
        dimension[name] = {"label": name, "category": {"index": codes}}
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Test",
        "id": ids,
        "size": [len(geo), *(len(v) for v in extra.values()), len(years)],
        "role": {"geo": ["AREA"], "time": ["TIME"]},
        "dimension": dimension,
        "value": values,
        **({"status": status} if status else {}),
    }


# --- PC-Axis ----------------------------------------------------------------


def test_pcaxis_data_symbols_become_statuses_never_numbers() -> None:
    cube = read_cube(OFFICIAL / "BE0101F1datasymbols.px")

    assert cube.title == "Inmigrated by region, age, period and sex"
    assert [(d.code, d.role, len(d.categories)) for d in cube.dimensions] == [
        ("region", "geo", 4),
        ("age", "other", 3),
        ("period", "time", 1),
        ("sex", "other", 2),
    ]
    assert cube.dimensions[0].categories[2] == Category("0114", "0114 Upplands Väsby")
    assert cube.values[:12] == (456.0, None, 613.0, None, 835.0, None) + (
        590.0,
        None,
        771.0,
        None,
        924.0,
        None,
    )
    # "." "..", then "..." to "......", which PC-Axis defines as kinds of missing
    assert cube.statuses[:12] == (None, ".", None, "..", None, "-") + (None, "-") * 3


def test_pcaxis_nil_and_declared_symbols() -> None:
    cube = read_cube(OFFICIAL / "BE0101F1nilSymbol.px")

    assert cube.values[:4] == (1.0, None, 0.0, 327.0)
    assert cube.statuses[:4] == (None, "-", None, None)
    assert cube.statuses[13] == ".."  # row 4, second column: ".."
    assert cube.statuses[17] == "."


def test_pcaxis_languages() -> None:
    path = OFFICIAL / "BE0101F1langensvfiolikacelln.px"

    english = read_cube(path)
    swedish = read_cube(path, lang="sv")
    finnish = read_cube(path, lang="fi")

    assert [d.label for d in english.dimensions] == ["region", "age", "period", "type", "sex"]
    assert [d.label for d in finnish.dimensions] == ["kunta", "ikä", "aika", "tyypi", "sukupuoli"]
    assert [d.code for d in finnish.dimensions] == [d.code for d in english.dimensions]
    assert swedish.title == "Flyttningar efter region, ålder, tid, typ och kön"
    assert [c.label for c in swedish.dimensions[0].categories] == [
        "00 Riket",
        "01 Stockholms län",
        "0114 Upplands Väsby",
        "0115 Vallentuna",
    ]
    assert [c.code for c in finnish.dimensions[0].categories] == ["00", "01", "0114", "0115"]
    assert finnish.values == english.values
    with pytest.raises(BenchlearnError) as error:
        read_cube(path, lang="lv")
    assert str(error.value) == f"{path}: has no language 'lv' (it has en, sv, fi)"


def test_pcaxis_swedish_municipalities_by_code_and_name_with_totals_left_out() -> None:
    cube = read_cube(OFFICIAL / "BE0101F1langensvfiolikacelln.px", lang="sv")
    select = {"ålder": "21", "typ": "Utflyttade", "kön": "KVINNOR"}

    by_code = cube_rows(cube, indicator="OUT", select=select, match=None, municipalities=SWEDISH)
    by_name = cube_rows(cube, indicator="OUT", select=select, match="name", municipalities=SWEDISH)

    assert by_code.problems == []
    assert by_code.frame[["municipality", "year", "value"]].values.tolist() == [
        ["0114", 2003, 57.0],
        ["0115", 2003, 42.0],
    ]
    assert [n.text() for n in by_code.notes] == [
        "left out as totals or regions, not municipalities: 00 Riket, 01 Stockholms län"
    ]
    assert by_name.frame["municipality"].tolist() == ["0114", "0115"]


def test_a_dimension_left_open_lists_the_dimensions_and_their_values() -> None:
    path = OFFICIAL / "BE0101F1langensvfiolikacelln.px"
    cube = read_cube(path)

    found = cube_rows(
        cube, indicator="OUT", select={"sex": "men"}, match=None, municipalities=SWEDISH
    )

    assert [p.line() for p in found.problems] == [
        f"{path}: age: dimension 'age' has several values; choose one with --select "
        "age=VALUE: 20, 21, 22",
        f"{path}: type: dimension 'type' has several values; choose one with --select "
        "type=VALUE: BE0101F1 (Inmigrated), BE0101F2 (Outmigrated)",
    ]
    assert found.frame.empty


def test_unknown_selections_are_listed() -> None:
    cube = read_cube(OFFICIAL / "BE0101F1datasymbols.px")

    found = cube_rows(
        cube,
        indicator="IN",
        select={"age": "99", "colour": "red", "sex": "1"},
        match=None,
        municipalities=SWEDISH,
    )

    assert [p.text() for p in found.problems] == [
        "--select age=99: no such value; the values are 20, 21, 22",
        "--select names 'colour', which is not a dimension: region, age, period, sex",
    ]


def test_monthly_periods_are_not_years_and_a_table_without_territory_is_refused() -> None:
    path = OFFICIAL / "PR0101B3.px"
    cube = read_cube(path)

    found = cube_rows(
        cube, indicator="CPI", select={"Product group": "01"}, match=None, municipalities=SWEDISH
    )

    assert [p.text() for p in found.problems] == [
        "no territory dimension among Product group, period",
        "'period' has periods that are not years: 2006M10, 2006M11, 2006M12, 2007M01, "
        "2007M02, 2007M03, 2007M04, 2007M05, 2007M06, 2007M07, …; benchlearn imports "
        "annual figures only",
    ]


LATVIAN_PX = """CHARSET="ANSI";
AXIS-VERSION="2013";
CODEPAGE="{codepage}";
LANGUAGE="lv";
TITLE="Iedzīvotāju skaits";
STUB="Teritoriālā vienība";
HEADING="Laika periods";
VALUES("Teritoriālā vienība")="Latvija","Kurzemes reģions","Ādažu novads","Cēsu novads";
VALUES("Laika periods")="2023","2024";
TIMEVAL("Laika periods")=TLIST(A1),"2023","2024";
DATA=
1883008 1871882
"..." 234567
23073 ".."
41902 41555;
"""


def test_a_windows_1257_file_that_says_iso_8859_1_is_read_as_windows_1257_with_a_note(
    tmp_path: Path,
) -> None:
    text = LATVIAN_PX.format(codepage="iso-8859-1")
    path = tmp_path / "wrong.px"
    path.write_bytes(text.encode("cp1257"))

    cube = read_cube(path)

    assert [c.label for c in cube.dimensions[0].categories] == [
        "Latvija",
        "Kurzemes reģions",
        "Ādažu novads",
        "Cēsu novads",
    ]
    assert [n.line() for n in cube.notes] == [
        f"{path}: the file says CODEPAGE 'iso-8859-1', which cannot write language 'lv'; "
        "read as Windows-1257"
    ]
    assert [n.text("lv") for n in cube.notes] == [
        "failā norādītā kodu lapa „iso-8859-1” nevar attēlot valodu „lv”; nolasīts kā Windows-1257"
    ]


def test_code_pages_declared_right_utf_8_without_codepage_and_unknown(tmp_path: Path) -> None:
    right = tmp_path / "right.px"
    right.write_bytes(LATVIAN_PX.format(codepage="windows-1257").encode("cp1257"))
    utf8 = tmp_path / "utf8.px"
    utf8.write_bytes(LATVIAN_PX.replace('CODEPAGE="{codepage}";\n', "").encode("utf-8"))
    unknown = tmp_path / "unknown.px"
    unknown.write_bytes(LATVIAN_PX.format(codepage="klingon-1").encode("utf-8"))
    not_utf8 = tmp_path / "not-utf8.px"
    not_utf8.write_bytes(LATVIAN_PX.format(codepage="utf-8").encode("cp1257"))

    assert read_cube(right).dimensions[0].categories[2].label == "Ādažu novads"
    assert read_cube(right).notes == ()
    assert read_cube(utf8).dimensions[0].categories[3].label == "Cēsu novads"
    with pytest.raises(BenchlearnError) as error:
        read_cube(unknown)
    assert str(error.value) == f"{unknown}: unknown CODEPAGE 'klingon-1'"
    with pytest.raises(BenchlearnError) as wrong:
        read_cube(not_utf8)
    assert str(wrong.value).startswith(
        f"{not_utf8}: cannot read as PC-Axis (utf-8): 'utf-8' codec can't decode byte 0xee"
    )


def test_latvian_names_match_across_cases_and_totals_are_noted(tmp_path: Path) -> None:
    path = tmp_path / "lv.px"
    path.write_bytes(LATVIAN_PX.format(codepage="utf-8").encode("utf-8"))

    found = cube_rows(
        read_cube(path), indicator="POP", select={}, match=None, municipalities=latvian()
    )

    assert found.problems == []
    assert [n.text() for n in found.notes] == [
        "left out as totals or regions, not municipalities: Latvija, Kurzemes reģions"
    ]
    assert rows_of(found.frame) == [
        ["LV-011", 2023, 23073.0, None],
        ["LV-011", 2024, None, ".."],
        ["LV-022", 2023, 41902.0, None],
        ["LV-022", 2024, 41555.0, None],
    ]


def test_broken_pcaxis_files_report_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "broken.px"
    text = LATVIAN_PX.format(codepage="utf-8").replace('"..." 234567', '"..." 234567 12')
    text = text.replace("41902 41555", "41902 lots")
    path.write_bytes(text.encode("utf-8"))
    none = tmp_path / "none.px"
    none.write_bytes(b'TITLE="x";\n')

    with pytest.raises(ValidationError) as error:
        read_cube(path)
    with pytest.raises(ValidationError) as empty:
        read_cube(none)

    assert error.value.text() == (
        f"{path}: cannot import this table\n{path}, row 11, column DATA: 9 cells for a table of 8"
    )
    assert empty.value.text() == (
        f"{none}: cannot import this table\n{none}: DATA: no DATA= keyword: not a PC-Axis file"
    )


def test_footnote_marks_are_dropped_and_keyed_files_refused(tmp_path: Path) -> None:
    noted = tmp_path / "noted.px"
    noted.write_bytes(
        LATVIAN_PX.format(codepage="utf-8")
        .replace('TITLE="', 'DATANOTESUM="*";\nTITLE="')
        .replace("41902 41555", '"41902*" 41555')
        .encode("utf-8")
    )
    keyed = tmp_path / "keyed.px"
    keyed.write_bytes(
        LATVIAN_PX.format(codepage="utf-8")
        .replace("DATA=", 'KEYS("Teritoriālā vienība")=VALUES;\nDATA=')
        .encode("utf-8")
    )

    cube = read_cube(noted)
    with pytest.raises(ValidationError) as error:
        read_cube(keyed)

    assert cube.values[-2:] == (41902.0, 41555.0)
    assert [p.line() for p in error.value.problems] == [
        f"{keyed}: KEYS: KEYS (data rows keyed by value) is not supported; save the table "
        "without KEYS"
    ]


# --- JSON-stat ----------------------------------------------------------------


def test_scb_api_v2_answer_is_read_and_its_only_region_is_the_country(
    shared_data: Path,
) -> None:
    cube = read_cube(shared_data / TAB638)

    found = cube_rows(cube, indicator="POP", select={}, match=None, municipalities=SWEDISH)

    assert cube.title == "Folkmängd efter region, civilstånd, ålder, kön och år"
    assert [(d.code, d.role) for d in cube.dimensions] == [
        ("Region", "geo"),
        ("Civilstand", "other"),
        ("Alder", "other"),
        ("Kon", "other"),
        ("ContentsCode", "other"),
        ("Tid", "time"),
    ]
    assert cube.values == (50937.0,)
    assert found.problems == []
    assert found.frame.empty
    assert [n.text() for n in found.notes] == [
        "left out as totals or regions, not municipalities: 00 (Riket)"
    ]


def test_jsonstat_statuses_sparse_values_and_confidential_cells(shared_data: Path) -> None:
    data = jsonstat(
        [("LV", "Latvija"), ("LV003", "Kurzemes reģions"), ("LV0025000", "Bauskas novads")]
        + [("LV0026000", "Cēsu novads")],
        ["2023", "2024"],
        [1.0, 2.0, 3.0, 4.0, 40774.0, 41000.0, 41902.0, None],
        status={"5": "..", "7": "…"},
    )

    found = cube_rows(
        read_jsonstat(json.dumps(data), "api"),
        indicator="POP",
        select={},
        match="csb_code",
        municipalities=latvian(shared_data),
    )

    assert found.problems == []
    assert [n.line() for n in found.notes] == [
        "api: Teritoriālā vienība: left out as totals or regions, not municipalities: "
        "LV (Latvija), LV003 (Kurzemes reģions)"
    ]
    assert rows_of(found.frame) == [
        ["LV-016", 2023, 40774.0, None],
        ["LV-016", 2024, None, ".."],
        ["LV-022", 2023, 41902.0, None],
        ["LV-022", 2024, None, "-"],
    ]


def test_a_jsonstat_1_bundle_as_pxweb_api_v1_answers() -> None:
    bundle = {
        "dataset": {
            "dimension": {
                "Region": {
                    "label": "region",
                    "category": {
                        "index": {"0114": 0, "0115": 1},
                        "label": {"0114": "Upplands Väsby", "0115": "Vallentuna"},
                    },
                },
                "Tid": {"label": "year", "category": {"index": {"2016": 0, "2017": 1}}},
                "id": ["Region", "Tid"],
                "size": [2, 2],
                "role": {"time": ["Tid"]},
            },
            "label": "Population by region and year",
            "value": [44779, 45543, 32413, 33050],
        }
    }

    found = cube_rows(
        read_jsonstat(bundle, "v1"), indicator="POP", select={}, match=None, municipalities=SWEDISH
    )

    assert rows_of(found.frame) == [
        ["0114", 2016, 44779.0, None],
        ["0114", 2017, 45543.0, None],
        ["0115", 2016, 32413.0, None],
        ["0115", 2017, 33050.0, None],
    ]


def test_unknown_territories_are_all_listed(shared_data: Path) -> None:
    data = jsonstat(
        [("LV0025000", "Bauskas novads"), ("LV0099000", "Atlantīdas novads")]
        + [("LV0098000", "Lemūrijas novads")],
        ["2024"],
        [1.0, 2.0, 3.0],
    )

    found = cube_rows(
        read_jsonstat(data, "api"),
        indicator="POP",
        select={},
        match="csb_code",
        municipalities=latvian(shared_data),
    )

    assert [p.line() for p in found.problems] == [
        "api: Teritoriālā vienība: territory 'LV0099000 (Atlantīdas novads)' of "
        "'Teritoriālā vienība' matches no municipality (by csb_code)",
        "api: Teritoriālā vienība: territory 'LV0098000 (Lemūrijas novads)' of "
        "'Teritoriālā vienība' matches no municipality (by csb_code)",
    ]
    assert found.frame.empty


def test_without_match_the_codes_find_the_attribute_that_holds_them(shared_data: Path) -> None:
    csp = [Category("LV0025000", "Bauskas novads"), Category("LV", "Latvija")]
    iso = [Category("LV-016", "Bauskas novads")]
    unknown = [Category("X1", "Bauskas novads")]
    registry = latvian(shared_data)

    assert default_match(csp, registry) == "csb_code"
    assert default_match(iso, registry) == "code"
    assert default_match(unknown, registry) == "name"
    assert default_match([Category("Bauska", "Bauska")], registry) == "name"


def test_a_registry_without_the_attribute_is_an_error() -> None:
    with pytest.raises(BenchlearnError) as error:
        match_territories([Category("LV0025000", "Bauska")], SWEDISH, "csb_code")

    assert str(error.value) == (
        "--match 'csb_code': the registry has no such attribute (use one of code, name)"
    )


def test_broken_jsonstat_is_refused_with_every_problem() -> None:
    data = jsonstat([("A", "A")], ["2024"], [1.0, 2.0, 3.0])
    data["dimension"]["TIME"]["category"]["index"] = ["2024", "2025"]  # type: ignore[index]

    with pytest.raises(ValidationError) as error:
        read_jsonstat(data, "api")
    with pytest.raises(BenchlearnError) as not_json:
        read_jsonstat(b"<html>", "api")

    assert error.value.text() == (
        "api: cannot import this table\n"
        "api: dimension.TIME: dimension 'TIME' has size 1 but 2 categories\n"
        "api: value: 3 cells for a table of 2"
    )
    assert str(not_json.value).startswith("api: cannot read as JSON-stat: Expecting value")


# --- PxWeb CSV exports ----------------------------------------------------------


def test_csp_irs031_export_matches_every_novads_by_its_english_name(shared_data: Path) -> None:
    path = shared_data / IRS031
    expected = pd.read_csv(shared_data / "lv-csb" / "irs031_names_iso_codes.csv", dtype=str)

    cube = read_pxweb_csv(path.read_bytes(), str(path))
    found = cube_rows(cube, indicator="POP", select={}, match=None, municipalities=latvian())

    assert [(d.label, d.role, len(d.categories)) for d in cube.dimensions] == [
        ("Indicator", "other", 1),
        ("Territorial unit", "geo", 36),
        ("Time period", "time", 14),
    ]
    assert found.problems == []
    assert found.notes == []
    assert found.territories is not None
    assert found.territories.codes == dict(
        zip(expected["irs031_name"], expected["iso_code"], strict=True)
    )
    adazi = rows_of(found.frame[found.frame["municipality"] == "LV-011"])
    assert adazi[0] == ["LV-011", 2012, 16073.0, None]
    assert adazi[-2:] == [["LV-011", 2024, 23456.0, None], ["LV-011", 2025, None, "-"]]
    assert found.frame["status"].eq("-").sum() == 36  # 2025: "…", not yet published
    assert found.frame["value"].sum() == pytest.approx(found.frame["value"].sum())


def test_selecting_a_year_or_a_territory_keeps_those_cells(shared_data: Path) -> None:
    path = shared_data / IRS031
    cube = read_pxweb_csv(path.read_bytes(), str(path))

    year = cube_rows(
        cube,
        indicator="POP",
        select={"time period": "2024"},
        match=None,
        municipalities=latvian(),
    )
    place = cube_rows(
        cube,
        indicator="POP",
        select={"Territorial unit": "ādaži MUNICIPALITY"},
        match=None,
        municipalities=latvian(),
    )

    assert (len(year.frame), set(year.frame["year"])) == (36, {2024})
    assert (len(place.frame), set(place.frame["municipality"])) == (14, {"LV-011"})


def test_pxweb_csv_layout_is_told_from_a_plain_csv(shared_data: Path, tmp_path: Path) -> None:
    plain = write(tmp_path / "plain.csv", "municipality,indicator,year,value\nA1,POP,2020,1\n")

    assert is_pxweb_csv((shared_data / IRS031).read_bytes())
    assert not is_pxweb_csv(plain.read_bytes())
    with pytest.raises(BenchlearnError) as error:
        read_cube(plain)
    assert str(error.value) == (
        f"{plain}: not an official statistics file '.csv' (use .px, .json or a PxWeb CSV export)"
    )


def test_a_broken_pxweb_csv_names_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(
        b'\xef\xbb\xbf"Population by Territorial unit and Time period"\r\n\r\n'
        b'"Territorial unit","2023","2024"\r\n'
        b'"Bauska municipality",41272,many\r\n'
        b'"Cesis municipality",41902\r\n'
    )

    with pytest.raises(ValidationError) as error:
        read_cube(path)

    assert error.value.text() == (
        f"{path}: cannot import this table\n"
        f"{path}, row 4, column 2024: 'many' is neither a number nor a data symbol\n"
        f"{path}, row 5: 2 cells where the header has 3"
    )


# --- names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "registry_name"),
    [
        ("Ādaži municipality", "Ādažu novads"),
        ("Cēsis municipality", "Cēsu novads"),
        ("Tukums municipality", "Tukuma novads"),
        ("Saldus municipality", "Saldus novads"),
        ("Jēkabpils municipality", "Jēkabpils novads"),
        ("ADAZU NOVADS", "Ādažu novads"),
        ("Riga", "Rīga"),
        ("Rīgas valstspilsēta", "Rīga"),
    ],
)
def test_names_match_across_languages_cases_and_diacritics(label: str, registry_name: str) -> None:
    assert name_key(label)[0] == name_key(registry_name)[0]


def test_a_city_and_a_municipality_of_one_name_are_told_apart_by_the_kind_named() -> None:
    places = [
        Category("1", "Jelgava"),
        Category("2", "Jelgava municipality"),
        Category("3", "Jelgavas valstspilsēta"),
        Category("4", "Ventspils novads"),
        Category("5", "Ventspils state city"),
        Category("6", "Kurzeme region"),
        Category("7", "Atlantis"),
    ]

    found = match_territories(places, latvian(), "name")

    assert found.codes == {
        "1": "LV-JEL",
        "2": "LV-041",
        "3": "LV-JEL",
        "4": "LV-106",
        "5": "LV-VEN",
    }
    assert found.totals == [Category("6", "Kurzeme region")]
    assert found.unmatched == [Category("7", "Atlantis")]


# --- round trips ------------------------------------------------------------------

SYMBOLS = {"..": "..", ".": ".", "-": "-"}


def to_pcaxis(cube: Cube) -> str:
    """A cube written as PC-Axis text: the first dimension in the stub, the rest in the heading."""

    def quoted(items: list[str]) -> str:
        return ",".join(f'"{x}"' for x in items)

    names = [d.code for d in cube.dimensions]
    lines = [
        'CHARSET="ANSI";',
        'CODEPAGE="utf-8";',
        f'TITLE="{cube.title}";',
        f"STUB={quoted(names[:1])};",
        f"HEADING={quoted(names[1:])};",
    ]
    for dimension in cube.dimensions:
        lines.append(
            f'VALUES("{dimension.code}")={quoted([c.label for c in dimension.categories])};'
        )
        lines.append(f'CODES("{dimension.code}")={quoted([c.code for c in dimension.categories])};')
        if dimension.role == "geo":
            lines.append(f'VARIABLE-TYPE("{dimension.code}")="G";')
        if dimension.role == "time":
            lines.append(f'TIMEVAL("{dimension.code}")=TLIST(A1);')
    cells = [
        f'"{s}"' if s is not None else repr(v)
        for v, s in zip(cube.values, cube.statuses, strict=True)
    ]
    lines.append("DATA=")
    lines.append(" ".join(cells) + ";")
    return "\n".join(lines) + "\n"


def to_jsonstat(cube: Cube) -> str:
    """A cube written as a JSON-stat 2.0 dataset, statuses as a sparse object."""
    roles: dict[str, list[str]] = {"geo": [], "time": []}
    for dimension in cube.dimensions:
        if dimension.role in roles:
            roles[dimension.role].append(dimension.code)
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "label": cube.title,
            "id": [d.code for d in cube.dimensions],
            "size": [len(d.categories) for d in cube.dimensions],
            "role": roles,
            "dimension": {
                d.code: {
                    "label": d.label,
                    "category": {
                        "index": {c.code: i for i, c in enumerate(d.categories)},
                        "label": {c.code: c.label for c in d.categories},
                    },
                }
                for d in cube.dimensions
            },
            "value": list(cube.values),
            "status": {str(i): s for i, s in enumerate(cube.statuses) if s is not None},
        },
        ensure_ascii=False,
    )


label_text = (
    st.text(
        alphabet=st.characters(blacklist_characters='"\\;=', blacklist_categories=("Cc", "Cs")),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def cubes(draw: st.DrawFn) -> Cube:
    """Small cubes: a territory, another dimension and years; numbers or symbols in the cells."""

    def categories(size: int, prefix: str) -> tuple[Category, ...]:
        labels = draw(st.lists(label_text, min_size=size, max_size=size))
        return tuple(Category(f"{prefix}{i}", label) for i, label in enumerate(labels))

    places, kinds = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    years = draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=3, unique=True))
    dimensions = (
        Dimension("AREA", "Area", "geo", categories(places, "A")),
        Dimension("SEX", "Sex", "other", categories(kinds, "S")),
        Dimension("TIME", "Time", "time", tuple(Category(str(y), str(y)) for y in sorted(years))),
    )
    size = places * kinds * len(years)
    cells = draw(
        st.lists(
            st.one_of(
                st.floats(-1e9, 1e9, allow_nan=False).map(lambda v: (v, None)),
                st.sampled_from(list(SYMBOLS)).map(lambda s: (None, s)),
            ),
            min_size=size,
            max_size=size,
        )
    )
    return Cube(
        source="generated",
        dimensions=dimensions,
        values=tuple(v for v, _ in cells),
        statuses=tuple(s for _, s in cells),
        title=draw(label_text),
    )


@settings(max_examples=60, deadline=None)
@given(cubes())
def test_a_cube_written_as_pcaxis_reads_back_the_same(cube: Cube) -> None:
    back = read_pcaxis(to_pcaxis(cube).encode("utf-8"), "generated")

    # PC-Axis names a variable by its label alone
    named = tuple(Dimension(d.code, d.code, d.role, d.categories) for d in cube.dimensions)
    assert back == Cube("generated", named, cube.values, cube.statuses, cube.title)


@settings(max_examples=60, deadline=None)
@given(cubes())
def test_a_cube_written_as_jsonstat_reads_back_the_same(cube: Cube) -> None:
    back = read_jsonstat(to_jsonstat(cube), "generated")

    assert back == Cube("generated", cube.dimensions, cube.values, cube.statuses, cube.title)


# --- importing through the common path (SQLite and PostgreSQL) ----------------------

DEFINITIONS = """indicators:
  - code: POP
    name: {en: Population, lv: Iedzīvotāji}
    unit: persons
    direction: neutral
  - code: SHARE
    name: Share
    unit: "%"
    direction: higher
    min: 0
    max: 100
"""


@pytest.fixture
def latvia(engine: Engine, shared_data: Path, tmp_path: Path) -> Engine:
    """The lv-2021 municipalities with CSP's codes as the attribute csb_code, and two indicators."""
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    registry = tmp_path / "lv-2021-csb.csv"
    latvian(shared_data).to_csv(registry, index=False)
    load_municipalities(engine, registry)
    load_definitions(engine, [write(tmp_path / "definitions.yaml", DEFINITIONS)])
    return engine


def stored(engine: Engine) -> list[tuple[object, ...]]:
    from benchlearn.models import Indicator, Municipality

    with engine.connect() as connection:
        rows = connection.execute(
            select(Municipality.code, Indicator.code, Observation.year, Observation.value)
            .add_columns(Observation.status)
            .join(Municipality, Municipality.id == Observation.municipality_id)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .order_by(Municipality.code, Indicator.code, Observation.year)
        ).all()
    return [tuple(r) for r in rows]


def test_irs031_imports_as_one_batch_and_again_changes_nothing(
    latvia: Engine, shared_data: Path
) -> None:
    path = shared_data / IRS031

    first = import_statistics(latvia, path, indicator="POP")
    again = import_statistics(latvia, path, indicator="POP")

    values = stored(latvia)
    assert (first.rows_read, first.inserted, first.written) == (504, 504, True)
    assert (again.unchanged, again.written) == (504, False)
    assert len(values) == 504
    assert ("LV-011", "POP", 2024, 23456.0, None) in values
    assert ("LV-011", "POP", 2025, None, "-") in values
    assert sum(1 for v in values if v[4] == "-") == 36
    with latvia.connect() as connection:
        batches = connection.execute(select(ImportBatch.file_name, ImportBatch.sha256)).all()
    assert [tuple(b) for b in batches] == [
        (str(path), hashlib.sha256(path.read_bytes()).hexdigest())
    ]


def test_a_confidential_cell_is_stored_as_a_status_never_a_number(
    latvia: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "pop.json"
    path.write_text(
        json.dumps(
            jsonstat(
                [("LV", "Latvija"), ("LV0025000", "Bauskas novads")],
                ["2024"],
                [1871882, 999],
                status={"1": ".."},
            )
        ),
        encoding="utf-8",
    )

    result = import_statistics(latvia, path, indicator="POP", match="csb_code")

    assert stored(latvia) == [("LV-016", "POP", 2024, None, "..")]
    assert [n.text("lv") for n in result.notes] == [
        "izlaists kā kopsummas vai reģioni, nevis pašvaldības: LV (Latvija)"
    ]


def test_a_bad_file_writes_nothing_and_names_every_territory(
    latvia: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "pop.json"
    path.write_text(
        json.dumps(
            jsonstat(
                [("LV0025000", "Bauskas novads"), ("X1", "Atlantis"), ("X2", "Lemuria")],
                ["2024"],
                [1.0, 2.0, 3.0],
            )
        ),
        encoding="utf-8",
    )

    with pytest.raises(ValidationError) as error:
        import_statistics(latvia, path, indicator="POP", match="csb_code")

    assert [p.text() for p in error.value.problems] == [
        "territory 'X1 (Atlantis)' of 'Teritoriālā vienība' matches no municipality (by csb_code)",
        "territory 'X2 (Lemuria)' of 'Teritoriālā vienība' matches no municipality (by csb_code)",
    ]
    assert stored(latvia) == []


def test_values_go_through_the_common_validation_and_dry_run(
    latvia: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "share.json"
    path.write_text(
        json.dumps(
            jsonstat(
                [("LV0025000", "Bauskas novads"), ("LV0026000", "Cēsu novads")],
                ["2023", "2024"],
                [50.0, 120.0, 60.0, 70.0],
            )
        ),
        encoding="utf-8",
    )

    dry = import_statistics(
        latvia, path, indicator="SHARE", match="csb_code", dry_run=True, skip_invalid=True
    )
    with pytest.raises(ValidationError) as error:
        import_statistics(latvia, path, indicator="SHARE", match="csb_code")

    assert (dry.inserted, dry.rejected, dry.written) == (3, 1, False)
    assert [p.line() for p in error.value.problems] == [
        f"{path}, row 2, column Bauskas novads, 2024: 120 is outside SHARE's valid range 0 to 100"
    ]
    assert stored(latvia) == []


def test_one_year_of_a_series(latvia: Engine, shared_data: Path) -> None:
    path = shared_data / IRS031

    result = import_statistics(latvia, path, indicator="POP", year=2024)
    with pytest.raises(ValidationError) as error:
        import_statistics(latvia, path, indicator="POP", year=2030)

    assert (result.inserted, {v[2] for v in stored(latvia)}) == (36, {2024})
    assert [p.text() for p in error.value.problems] == [
        "--year 2030: the table has no such year (it has 2012, 2013, 2014, 2015, 2016, 2017, "
        "2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025)"
    ]


def test_a_revised_figure_keeps_the_old_one_as_a_revision(latvia: Engine, tmp_path: Path) -> None:
    from benchlearn.importing.history import history

    path = tmp_path / "pop.json"
    places = [("LV0025000", "Bauskas novads"), ("LV0026000", "Cēsu novads")]
    path.write_text(json.dumps(jsonstat(places, ["2024"], [40774, 41555])), encoding="utf-8")
    first = import_statistics(latvia, path, indicator="POP", match="csb_code")
    path.write_text(json.dumps(jsonstat(places, ["2024"], [40775, 41555])), encoding="utf-8")

    second = import_statistics(latvia, path, indicator="POP", match="csb_code")

    assert (second.inserted, second.updated, second.unchanged) == (0, 1, 1)
    with latvia.connect() as connection:
        found = history(connection, "LV-016", "POP", 2024)
    assert found["value"].tolist() == [40774.0, 40775.0]  # oldest first
    assert found["batch"].tolist() == [first.batch_id, second.batch_id]


def test_the_builtin_registry_finds_csp_codes_without_match(engine: Engine, tmp_path: Path) -> None:
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    load_municipalities(engine, "lv-2021")
    load_definitions(engine, [write(tmp_path / "definitions.yaml", DEFINITIONS)])
    path = tmp_path / "pop.json"
    places = [("LV", "Latvija"), ("LV0001000", "Rīga"), ("LV0025000", "Bauskas novads")]
    path.write_text(json.dumps(jsonstat(places, ["2025"], [1, 591882, 40219])), "utf-8")

    result = import_statistics(engine, path, indicator="POP")

    assert result.inserted == 2
    assert stored(engine) == [
        ("LV-016", "POP", 2025, 40219.0, None),
        ("LV-RIX", "POP", 2025, 591882.0, None),
    ]


def test_import_rows_is_one_batch_like_a_file(latvia: Engine) -> None:
    rows = pd.DataFrame(
        {
            "municipality": ["LV-016", "LV-022"],
            "indicator": ["POP", "POP"],
            "year": [2024, 2024],
            "value": [40774.0, math.nan],
            "status": [None, ".."],
        }
    )

    result = import_rows(latvia, rows, source="https://example.org/api", sha256="ab" * 32)

    assert (result.inserted, result.written, result.batch_id) == (2, True, 1)
    assert stored(latvia) == [
        ("LV-016", "POP", 2024, 40774.0, None),
        ("LV-022", "POP", 2024, None, ".."),
    ]


# --- the command line ---------------------------------------------------------------


@pytest.fixture
def cli_latvia(db_url: str, shared_data: Path, tmp_path: Path) -> str:
    """A database set up through the CLI: lv-2021 with csb_code, POP and SHARE."""
    registry = tmp_path / "lv-2021-csb.csv"
    latvian(shared_data).to_csv(registry, index=False)
    definitions = write(tmp_path / "definitions.yaml", DEFINITIONS)
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(registry)],
        ["definitions", "load", str(definitions)],
    ):
        result = CliRunner().invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
    return db_url


def test_cli_imports_the_irs031_export(cli_latvia: str, shared_data: Path) -> None:
    path = shared_data / IRS031

    result = CliRunner().invoke(
        cli, ["--db", cli_latvia, "import", str(path), "--indicator", "POP"]
    )

    assert result.exit_code == 0
    assert result.output == (
        f"{path}: imported 504 rows as batch 1: 504 new, 0 changed, 0 unchanged, 0 rejected.\n"
    )


def test_cli_notes_totals_in_the_chosen_language(cli_latvia: str, tmp_path: Path) -> None:
    path = tmp_path / "pop.json"
    path.write_text(
        json.dumps(jsonstat([("LV", "Latvija"), ("LV0025000", "Bauska")], ["2024"], [2, 1])),
        encoding="utf-8",
    )
    args = ["import", str(path), "--indicator", "POP", "--match", "csb_code", "--dry-run"]

    english = CliRunner().invoke(cli, ["--db", cli_latvia, *args])
    latvian_ = CliRunner().invoke(cli, ["--db", cli_latvia, "--lang", "lv", *args])

    assert english.exit_code == 0
    assert english.output == (
        f"{path}: would import 1 rows: 1 new, 0 changed, 0 unchanged, 0 rejected.\n"
        f"  note: {path}: Teritoriālā vienība: left out as totals or regions, not "
        "municipalities: LV (Latvija)\n"
    )
    assert latvian_.output.splitlines()[1] == (
        f"  piezīme: {path}: Teritoriālā vienība: izlaists kā kopsummas vai reģioni, nevis "
        "pašvaldības: LV (Latvija)"
    )


def test_cli_asks_for_what_a_statistics_file_needs(cli_latvia: str, shared_data: Path) -> None:
    path = OFFICIAL / "BE0101F1datasymbols.px"
    runner = CliRunner()

    no_indicator = runner.invoke(cli, ["--db", cli_latvia, "import", str(path)])
    export = runner.invoke(cli, ["--db", cli_latvia, "import", str(shared_data / IRS031)])
    open_dimensions = runner.invoke(
        cli, ["--db", cli_latvia, "import", str(path), "--indicator", "POP", "--match", "name"]
    )
    bad_select = runner.invoke(
        cli, ["--db", cli_latvia, "import", str(path), "--indicator", "POP", "--select", "sex"]
    )

    assert no_indicator.exit_code == 1
    assert no_indicator.output == (
        f"Error: {path}: an official statistics file needs --indicator CODE: the indicator "
        "its values are\n"
    )
    assert export.output == (
        f"Error: {shared_data / IRS031}: an official statistics file needs --indicator CODE: "
        "the indicator its values are\n"
    )
    assert open_dimensions.exit_code == 1
    assert open_dimensions.output == (
        f"Error: {path}: cannot import this table\n"
        f"  {path}: age: dimension 'age' has several values; choose one with --select "
        "age=VALUE: 20, 21, 22\n"
        f"  {path}: sex: dimension 'sex' has several values; choose one with --select "
        "sex=VALUE: 1 (men), 2 (women)\n"
        f"  {path}: region: territory '0114 Upplands Väsby' of 'region' matches no "
        "municipality (by name)\n"
        f"  {path}: region: territory '0115 Vallentuna' of 'region' matches no "
        "municipality (by name)\n"
    )
    assert bad_select.exit_code == 1
    assert bad_select.output == "Error: --select 'sex' is not VARIABLE=VALUE\n"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(label_text.filter(lambda t: not t[0].isdigit()), min_size=1, max_size=5, unique=True),
    st.lists(st.integers(1990, 2030), min_size=1, max_size=4, unique=True),
    st.data(),
)
def test_a_pxweb_csv_export_reads_back_its_cells(
    places: list[str], years: list[int], data: st.DataObject
) -> None:
    cells = data.draw(
        st.lists(
            st.one_of(st.integers(-(10**9), 10**9).map(str), st.sampled_from(["..", "…", "-"])),
            min_size=len(places) * len(years),
            max_size=len(places) * len(years),
        )
    )
    header = ",".join(f'"{h}"' for h in ["Territorial unit", *map(str, years)])
    lines = [
        f'"{place.replace(chr(34), "")}",' + ",".join(cells[i * len(years) : (i + 1) * len(years)])
        for i, place in enumerate(places)
    ]
    text = '\ufeff"Figures by Territorial unit and Time period"\r\n\r\n' + header + "\r\n"
    text += "\r\n".join(lines) + "\r\n"

    cube = read_pxweb_csv(text.encode("utf-8"), "export.csv")

    assert [c.label for c in cube.dimensions[0].categories] == places
    assert [c.code for c in cube.dimensions[1].categories] == [str(y) for y in years]
    assert cube.values == tuple(None if c in {"..", "…", "-"} else float(c) for c in cells)
    assert cube.statuses == tuple({"..": "..", "…": "-", "-": "-"}.get(c) for c in cells)
