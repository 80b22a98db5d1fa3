"""The built-in context for Latvia (``lv-context``) and similarity on it, as the guide runs it.

Area (2021 borders), CSP's median age and the population give every one of the
43 units of the 2021 division a context; similarity for 2024 takes each
variable from its nearest year, compares a unit with gaps on what it has and
takes in the seven state cities.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import write_workbook
from benchlearn.definitions import builtin_paths, read_files
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing import import_file
from benchlearn.importing.datasets import DATASETS_DIR, dataset_path
from benchlearn.importing.pull.pxweb import Table, Variable, plan_queries
from benchlearn.registry.municipalities import load_municipalities, resolve_registry
from benchlearn.values import values
from tests.conftest import write
from tests.latvia import latvian_network

CITIES = ["LV-DGV", "LV-JEL", "LV-JUR", "LV-LPX", "LV-REZ", "LV-RIX", "LV-VEN"]


def test_the_context_imports_onto_lv_2021_with_its_years(engine: Engine) -> None:
    load_definitions(engine)
    load_municipalities(engine, "lv-2021")

    result = import_file(engine, dataset_path("lv-context"))

    with engine.connect() as connection:
        frame = values(
            connection, stored_definitions(connection), ["AREA_KM2", "MEDIAN_AGE", "DENSITY"]
        )
    frame = frame[frame["status"].isna()]  # a derived value without a component is missing
    counts = frame.groupby(["indicator", "year"]).size().to_dict()
    by = frame.set_index(["indicator", "year", "municipality"])["value"]
    assert (result.inserted, result.rejected) == (483, 0)
    assert counts == {
        **{("AREA_KM2", y): 43 for y in range(2021, 2025)},
        ("AREA_KM2", 2025): 41,
        ("AREA_KM2", 2026): 41,
        ("DENSITY", 2026): 41,  # POP 2026 over the area; the merged Madona has no area
        ("MEDIAN_AGE", 2024): 2,  # Madona and Varakļāni on 1 January 2025
        ("MEDIAN_AGE", 2026): 41,
    }
    assert by["AREA_KM2", 2021, "LV-016"] == 2174.91
    assert by["MEDIAN_AGE", 2026, "LV-016"] == 44
    assert by["DENSITY", 2026, "LV-016"] == pytest.approx(40006 / 2174.91)
    assert by["DENSITY", 2026, "LV-RIX"] == pytest.approx(588911 / 304)
    assert (by["MEDIAN_AGE", 2024, "LV-059"], by["MEDIAN_AGE", 2024, "LV-102"]) == (47, 48)
    source = (DATASETS_DIR / "lv-context" / "SOURCE.txt").read_text(encoding="utf-8")
    for credit in ("CC BY 4.0", "CC BY-SA 4.0", "dokumenti.dobele.lv", "www.olaine.lv", "IRD031"):
        assert credit in source


GUIDE_STDOUT = [
    "municipality  name            neighbour  neighbour_name    order  distance  similarity",
    "------------  --------------  ---------  ----------------  -----  --------  ----------",
    "LV-016        Bauskas novads  LV-099     Tukuma novads         1     0.115       0.982",
    "LV-016        Bauskas novads  LV-022     Cēsu novads           2     0.331       0.949",
    "LV-016        Bauskas novads  LV-113     Valmieras novads      3     0.355       0.946",
    "LV-016        Bauskas novads  LV-041     Jelgavas novads       4     0.486       0.926",
    "LV-016        Bauskas novads  LV-042     Jēkabpils novads      5     0.664       0.899",
]


def test_the_guide_gives_bauska_its_neighbours_among_all_43(db_url: str, tmp_path: Path) -> None:
    """docs/facilitator.md, step 1, on a fresh database: the 43 units of the 2021
    registry join T2 in 2023 from a member file, as the guide sets them."""
    codes = pd.read_csv(resolve_registry("lv-2021"), dtype=str)["code"]
    members = tmp_path / "t2-members.csv"
    members.write_text("municipality\n" + "\n".join(codes) + "\n", "utf-8")
    runner = CliRunner()
    steps = [
        ["db", "upgrade"],
        ["definitions", "load", "--builtin"],
        ["municipalities", "load", "lv-2021"],
        ["crosswalk", "load", "lv-2025-reform"],
        ["networks", "members", "T2", "--set", str(members), "--year", "2023"],
        ["import", "lv-population"],
        ["import", "lv-context"],
    ]
    done = [runner.invoke(cli, ["--db", db_url, *step]) for step in steps]
    similar = ["similar", "--network", "T2", "--year", "2024", "--municipality", "LV-016"]

    found = runner.invoke(cli, ["--db", db_url, *similar, "--k", "5"])
    everyone = runner.invoke(cli, ["--db", db_url, *similar, "--k", "42", "--format", "csv"])
    latvian = runner.invoke(cli, ["--db", db_url, "--lang", "lv", *similar, "--k", "5"])

    assert [d.exit_code for d in done] == [0] * 7, [d.output for d in done]
    assert done[6].stdout == (
        f"{dataset_path('lv-context')}: imported 483 rows as batch 2: 297 new, 0 changed, "
        "186 unchanged, 0 rejected.\n"
    )
    assert found.exit_code == 0, found.output
    assert found.stdout.splitlines() == GUIDE_STDOUT
    assert found.stderr.splitlines() == [
        "Structural variables used, each from the nearest year in 2021–2027: POP 2026, "
        "POP_AVG 2024, DENSITY 2026, MEDIAN_AGE 2024–2026.",
        "Compared on the variables they have (9): LV-059 (without POP, DENSITY); "
        "LV-102 (without POP, DENSITY); LV-DGV (without POP_AVG); LV-JEL (without POP_AVG); "
        "LV-JUR (without POP_AVG); LV-LPX (without POP_AVG); LV-REZ (without POP_AVG); "
        "LV-RIX (without POP_AVG); LV-VEN (without POP_AVG)",
    ]
    # Every other unit of the 43 is a neighbour, the state cities included.
    neighbours = [line.split(",")[2] for line in everyone.stdout.splitlines()[1:]]
    assert len(neighbours) == 42 and set(CITIES) <= set(neighbours)
    assert [line.split()[3] for line in latvian.stdout.splitlines()[2:]] == [
        "LV-099", "LV-022", "LV-113", "LV-041", "LV-042"
    ]  # fmt: skip
    assert latvian.stderr.splitlines() == [
        "Izmantotie strukturālie mainīgie, katrs no tuvākā gada laikposmā 2021–2027: POP 2026, "
        "POP_AVG 2024, DENSITY 2026, MEDIAN_AGE 2024–2026.",
        "Salīdzinātas pēc tiem mainīgajiem, kas tām ir (9): LV-059 (bez POP, DENSITY); "
        "LV-102 (bez POP, DENSITY); LV-DGV (bez POP_AVG); LV-JEL (bez POP_AVG); "
        "LV-JUR (bez POP_AVG); LV-LPX (bez POP_AVG); LV-REZ (bez POP_AVG); "
        "LV-RIX (bez POP_AVG); LV-VEN (bez POP_AVG)",
    ]


def test_a_narrow_window_says_what_it_leaves_out(db_url: str) -> None:
    runner = CliRunner()
    for step in (
        ["definitions", "load", "--builtin"],
        ["municipalities", "load", "lv-2021"],
        ["networks", "members", "T2", "--all"],
        ["import", "lv-context"],
    ):
        assert runner.invoke(cli, ["--db", db_url, *step]).exit_code == 0

    found = runner.invoke(
        cli,
        ["--db", db_url, "clusters", "--network", "T2", "--year", "2024", "--k", "3"]
        + ["--window", "1", "--format", "csv"],
    )

    assert found.exit_code == 0, found.output
    assert len(found.stdout.splitlines()) == 1 + 36  # the novadi: POP_AVG of 2024 alone
    assert found.stderr.splitlines() == [
        "Structural variables used, each from the nearest year in 2023–2025: POP_AVG 2024.",
        "Left out, no figures for most members in 2023–2025: POP, DENSITY, MEDIAN_AGE.",
        "Left out for missing values (7): LV-DGV (POP_AVG); LV-JEL (POP_AVG); "
        "LV-JUR (POP_AVG); LV-LPX (POP_AVG); LV-REZ (POP_AVG); LV-RIX (POP_AVG); "
        "LV-VEN (POP_AVG)",
    ]


def test_the_context_tables_have_pull_definitions_and_queries() -> None:
    definitions = read_files(builtin_paths()).indicators
    median = definitions["MEDIAN_AGE"].pull
    # IRD031 as CSP describes it: sex, territory, contents, time.
    table = Table(
        "https://data.stat.gov.lv/api/v1/en/OSP_PUB/POP/IR/IRD/IRD031",
        "v1",
        "IRD031",
        (
            Variable("SEX", "Sex", ("T", "M", "F"), ("Total", "Males", "Females")),
            Variable(
                "AREA",
                "Territorial unit",
                ("LV", "LV0001000", "LV0025000"),
                ("Latvia", "Riga", "Bauskas novads"),
            ),  # fmt: skip
            Variable("ContentsCode", "Indicator", ("IRD0311",), ("Median age",)),
            Variable("TIME", "Time period", ("2025", "2026"), ("2025", "2026"), True),
        ),
    )

    assert median is not None
    assert (median.kind, median.location, dict(median.select)) == (
        "pxweb",
        "https://data.stat.gov.lv/api/v1/en/OSP_PUB/POP/IR/IRD/IRD031",
        {"SEX": "T", "ContentsCode": "IRD0311"},
    )
    assert plan_queries(table, median.select, [2026], 3800, ["LV0001000", "LV0025000"]) == (
        "AREA",
        [
            {
                "SEX": ["T"],
                "ContentsCode": ["IRD0311"],
                "AREA": ["LV0001000", "LV0025000"],
                "TIME": ["2026"],
            }
        ],
    )
    assert definitions["AREA_KM2"].pull is None  # CSP's area table: id not established
    assert definitions["DENSITY"].formula is not None


def test_the_workbook_says_the_years_and_who_is_compared_on_fewer(
    engine: Engine, tmp_path: Path
) -> None:
    latvian_network(engine, tmp_path, ["T2"])
    gap = "municipality,indicator,year,value,status\n"
    gap += "LV-RIX,MEDIAN_AGE,2023,,-\nLV-RIX,MEDIAN_AGE,2024,,-\n"
    import_file(engine, write(tmp_path / "gap.csv", gap))

    write_workbook(engine, "T2", 2024, tmp_path / "t2.xlsx", draws=20)

    sheet = load_workbook(tmp_path / "t2.xlsx")["Similar municipalities"]
    assert [sheet["A1"].value, sheet["B1"].value] == [
        "Variables used",
        "Population at the start of the year (POP, log, × 0.5, 2024); "
        "Annual average population (POP_AVG, log, × 0.5, 2024); "
        "Population density (DENSITY, log, 2024); Median age of residents (MEDIAN_AGE, 2024)",
    ]
    assert [sheet["A3"].value, sheet["B3"].value] == [
        "Compared on the variables they have",
        "Rīga (LV-RIX: without MEDIAN_AGE)",
    ]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert len(rows) == 43 and rows["LV-RIX"][3] is not None  # Rīga has its neighbours


def test_a_reform_is_a_change_of_territory_for_both_sides(engine: Engine) -> None:
    from benchlearn.registry.crosswalk import load_crosswalk, territory_changes

    load_municipalities(engine, "lv-2021")
    load_crosswalk(engine, "lv-2025-reform")  # 43 links; only Varakļāni → Madona joins two

    with engine.connect() as connection:
        changes = territory_changes(connection)

    assert changes.values.tolist() == [["LV-059", 2025], ["LV-102", 2025]]


def test_a_network_may_declare_its_window_and_the_command_overrides_it(
    db_url: str, tmp_path: Path
) -> None:
    import yaml

    from benchlearn.definitions import read_descriptor

    t2 = read_files(builtin_paths()).networks["T2"].to_descriptor()
    _, _, bad = read_descriptor({"network": t2 | {"structural_window": -1}}, "t2.yaml")
    narrow = tmp_path / "t2.yaml"
    narrow.write_text(yaml.safe_dump({"network": t2 | {"structural_window": 1}}), "utf-8")
    runner = CliRunner()
    for step in (
        ["definitions", "load", "--builtin"],
        ["definitions", "load", "--replace", str(narrow)],
        ["municipalities", "load", "lv-2021"],
        ["networks", "members", "T2", "--all"],
        ["import", "lv-context"],
    ):
        assert runner.invoke(cli, ["--db", db_url, *step]).exit_code == 0
    similar = ["--db", db_url, "similar", "--network", "T2", "--year", "2024", "--k", "1"]

    declared = runner.invoke(cli, similar)
    overridden = runner.invoke(cli, [*similar, "--window", "3"])
    negative = runner.invoke(cli, ["--lang", "lv", *similar, "--window", "-1"])

    assert [(p.column, p.message) for p in bad] == [
        ("network.structural_window", "must be a whole number of years, 0 or more")
    ]
    assert (negative.exit_code, negative.output) == (
        1,
        "Kļūda: --window -1: norādiet gadu skaitu, kas nav mazāks par 0\n",
    )
    assert declared.stderr.splitlines()[0] == (
        "Structural variables used, each from the nearest year in 2023–2025: POP_AVG 2024."
    )
    assert overridden.stderr.splitlines()[0] == (
        "Structural variables used, each from the nearest year in 2021–2027: POP 2026, "
        "POP_AVG 2024, DENSITY 2026, MEDIAN_AGE 2024–2026."
    )
