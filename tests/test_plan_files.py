"""Plan files (CSV, XLSX, YAML) read into drafts; every problem named by file, row and column."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.plans.files import COLUMNS, read_plan_file, table_plans
from benchlearn.plans.model import Place
from tests.conftest import REPO, write

TWO_PLANS = (
    "municipality,network,title,title_lv,start,end,status,indicator,target,target_year,"
    "baseline_year,learned_from\n"
    "LV-016,T2,Home care,Aprūpe mājās,2019,2022,active,T2_CARE_WAIT_DAYS,30,2022,,LV-022:3 LV-113\n"
    "LV-016,T2,Home care,Aprūpe mājās,,,,T2_GP_PER_10K,8.5,,2018,\n"
    "LV-022,T2,,Sociālais darbs,2020,2023,,,,,,\n"
)


def summary(drafts: tuple) -> list[tuple]:
    return [
        (d.municipality, d.network, dict(d.title), d.start, d.end, d.status,
         [(t.indicator, t.value, t.year, t.baseline_year, t.place) for t in d.targets],
         [(s.municipality, s.practice) for s in d.sources])
        for d in drafts
    ]  # fmt: skip


def test_a_csv_plan_takes_several_rows(tmp_path: Path) -> None:
    path = write(tmp_path / "plans.csv", TWO_PLANS)
    file = str(path)

    found = read_plan_file(path)

    assert summary(found) == [
        ("LV-016", "T2", {"en": "Home care", "lv": "Aprūpe mājās"}, 2019, 2022, "active",
         [("T2_CARE_WAIT_DAYS", 30.0, 2022, None, Place(file, 2, "indicator")),
          ("T2_GP_PER_10K", 8.5, None, 2018, Place(file, 3, "indicator"))],
         [("LV-022", 3), ("LV-113", None)]),
        ("LV-022", "T2", {"lv": "Sociālais darbs"}, 2020, 2023, "planned", [], []),
    ]  # fmt: skip
    assert found[0].place("start") == Place(file, 2, "start")


def test_a_semicolon_csv_may_write_decimal_commas(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plans.csv",
        "municipality;network;title;start;end;indicator;target\nA;N;T;2020;2022;X;8,5\n",
    )

    assert read_plan_file(path)[0].targets[0].value == 8.5


def test_an_xlsx_plan_reads_as_its_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(TWO_PLANS)):
        sheet.append([int(c) if c.isdigit() else (float(c) if c == "8.5" else c) for c in row])
    path = tmp_path / "plans.xlsx"
    book.save(path)
    csv_path = write(tmp_path / "plans.csv", TWO_PLANS)

    from_xlsx = summary(read_plan_file(path))
    from_csv = summary(read_plan_file(csv_path))

    assert [p[:6] + (p[7],) for p in from_xlsx] == [p[:6] + (p[7],) for p in from_csv]
    assert [[t[:4] for t in p[6]] for p in from_xlsx] == [[t[:4] for t in p[6]] for p in from_csv]


def test_a_yaml_plan(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plans.yaml",
        """plans:
  - municipality: LV-016
    network: T2
    title: {en: Home care, lv: Aprūpe mājās}
    description: Visits within a week.
    start: 2019
    end: 2022
    status: active
    targets:
      - {indicator: T2_CARE_WAIT_DAYS, value: 30, year: 2022}
      - {indicator: T2_GP_PER_10K, value: 8.5, baseline_year: 2018}
    learned_from: [LV-022:3, {municipality: LV-113}]
""",
    )

    found = read_plan_file(path)

    assert summary(found) == [
        ("LV-016", "T2", {"en": "Home care", "lv": "Aprūpe mājās"}, 2019, 2022, "active",
         [("T2_CARE_WAIT_DAYS", 30.0, 2022, None, Place(str(path), 10, "plans[0].targets[0]")),
          ("T2_GP_PER_10K", 8.5, None, 2018, Place(str(path), 11, "plans[0].targets[1]"))],
         [("LV-022", 3), ("LV-113", None)]),
    ]  # fmt: skip
    assert dict(found[0].description) == {"en": "Visits within a week."}


def test_every_problem_of_a_table_is_named(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plans.csv",
        "municipality,network,title,start,end,status,indicator,target,target_year,colour\n"
        "A,N,T,2020,2022,,X,1 000,,\n"
        "A,N,T,2021,,,,,2024,\n",
    )

    with pytest.raises(ValidationError) as caught:
        read_plan_file(path)

    assert caught.value.text() == (
        f"{path} was not imported; nothing was stored\n"
        f"{path}, row 1: unknown column 'colour': a plan file's columns are municipality, "
        "network, start, end, title, title_lv, description, description_lv, status, indicator, "
        "target, target_year, baseline_year, learned_from"
    )
    path.write_text(
        "municipality,network,title,start,end,status,indicator,target,target_year\n"
        "A,N,T,2020,2022,,X,1 000,\n"
        "A,N,T,2021,,,,,2024\n"
        "B,N,U,2020,2022,someday,Y,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        read_plan_file(path)
    assert [p.line() for p in caught.value.problems] == [
        f"{path}, row 2, column target: '1 000' is not a number (write it without thousands "
        "separators)",
        f"{path}, row 3, column start: '2021' differs from the plan's first row (row 2): leave "
        "it blank or write the same",
        f"{path}, row 3, column target_year: a target needs its indicator in the same row",
        f"{path}, row 4, column target: the indicator has no target value",
    ]


def test_every_problem_of_a_yaml_file_is_named_with_its_line_and_key(tmp_path: Path) -> None:
    path = write(
        tmp_path / "plans.yaml",
        """plans:
  - municipality: A
    network: N
    title: T
    start: 20x0
    targets:
      - {indicator: X, value: lots, colour: red}
""",
    )

    with pytest.raises(ValidationError) as caught:
        read_plan_file(path)

    assert [p.line() for p in caught.value.problems] == [
        f"{path}, row 2, column plans[0]: the key 'end' is missing",
        f"{path}, row 5, column plans[0].start: '20x0' is not a year from 1900 to 2200",
        f"{path}, row 7, column plans[0].targets[0].colour: unknown key 'colour': known keys "
        "here are indicator, value, year, baseline_year",
        f"{path}, row 7, column plans[0].targets[0].value: 'lots' is not a number",
    ]


def test_another_kind_of_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BenchlearnError, match=r"unsupported file type '\.json'"):
        read_plan_file(write(tmp_path / "plans.json", "{}"))


CELL = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=0, max_size=16), min_size=0, max_size=6))
def test_any_table_gives_plans_or_problems_each_with_its_place(rows: list[list[str]]) -> None:
    header = list(COLUMNS[:9])

    drafts, problems = table_plans([header, *rows], "t.csv")

    assert all(p.file == "t.csv" and p.row is not None for p in problems)
    assert all(p.column for p in problems if p.row and p.row > 1)
    if not problems:
        assert all(1900 <= d.start <= 2200 and 1900 <= d.end <= 2200 for d in drafts)


YEAR = st.integers(1900, 2200)
CODE = st.from_regex(r"[A-Z][A-Z0-9_]{0,9}", fullmatch=True)
TARGET = st.tuples(CODE, st.floats(-1e9, 1e9, allow_nan=False), st.one_of(st.none(), YEAR))


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(CODE, st.text("abc āčē", min_size=1, max_size=8).map(str.strip).filter(bool),
                  YEAR, YEAR, st.lists(TARGET, max_size=3)),
        min_size=1, max_size=4, unique_by=lambda p: (p[0], p[1]),
    )
)  # fmt: skip
def test_a_table_written_from_plans_reads_back_as_them(
    plans: list[tuple[str, str, int, int, list[tuple[str, float, int | None]]]],
) -> None:
    rows = [["municipality", "network", "title", "start", "end", "indicator", "target",
             "target_year"]]  # fmt: skip
    for code, title, start, end, targets in plans:
        first = [code, "N", title, str(start), str(end)]
        for i, (indicator, value, year) in enumerate(targets or [("", 0.0, None)]):
            cells = first if i == 0 else [code, "N", title, "", ""]
            target = [indicator, repr(value), "" if year is None else str(year)]
            rows.append(cells + (target if indicator else ["", "", ""]))

    drafts, problems = table_plans(rows, "t.csv")

    assert problems == []
    assert [(d.municipality, d.title["en"], d.start, d.end,
             [(t.indicator, t.value, t.year) for t in d.targets]) for d in drafts] == [
        (code, title, start, end, [(i, v, y) for i, v, y in targets])
        for code, title, start, end, targets in plans
    ]  # fmt: skip


def test_the_guide_plan_examples_read_as_the_same_plan(tmp_path: Path) -> None:
    import re

    page = (REPO / "docs" / "plans.md").read_text(encoding="utf-8")
    (table,) = re.findall(r"```csv\n(.*?)```", page, re.S)
    (yaml_text,) = [
        b for b in re.findall(r"```yaml\n(.*?)```", page, re.S) if b.startswith("plans:")
    ]

    from_table = read_plan_file(write(tmp_path / "plans.csv", table))
    from_yaml = read_plan_file(write(tmp_path / "plans.yaml", yaml_text))

    assert [s[:6] + (s[7],) for s in summary(from_table)] == [
        s[:6] + (s[7],) for s in summary(from_yaml)
    ]
    assert [[t[:3] for t in s[6]] for s in summary(from_table)] == [
        [("T2_CARE_WAIT_DAYS", 7.0, 2026), ("T2_SOC_WORKERS_PER_1000", 3.0, 2026)]
    ]


def test_a_standard_error_names_a_known_indicator(tmp_path: Path) -> None:
    from benchlearn.definitions import read_files

    good = write(
        tmp_path / "good.yaml",
        "indicators:\n  - {code: S, name: S, unit: x, direction: higher, standard_error: S_SE}\n"
        "  - {code: S_SE, name: S SE, unit: x, direction: neutral}\n",
    )
    bad = write(
        tmp_path / "bad.yaml",
        "indicators:\n  - {code: S, name: S, unit: x, direction: higher, standard_error: NOPE}\n",
    )

    assert read_files([good]).indicators["S"].standard_error == "S_SE"
    assert read_files([good]).indicators["S"].to_descriptor()["standard_error"] == "S_SE"
    with pytest.raises(ValidationError) as caught:
        read_files([bad])
    assert [p.line() for p in caught.value.problems] == [
        f"{bad}, row 2, column 52: indicators[0].standard_error: S: unknown standard_error "
        "indicator NOPE"
    ]
