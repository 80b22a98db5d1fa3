"""Latvia built in: registries with CSP codes, the 2021 and 2025 reforms, CSP population figures.

The registries ``lv-2021`` and ``lv-2025``, the crosswalks ``lv-2021-reform`` and
``lv-2025-reform`` and the dataset ``lv-population`` are rebuilt byte for byte
from ``shared/data``; on a fresh database they give similar municipalities, and
the LPS project's years on today's units, with the units that a split novads
went into left without figures rather than with a guess.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.importing import import_file
from benchlearn.importing.datasets import DATASETS_DIR, dataset_names, dataset_path
from benchlearn.registry.crosswalk import (
    crosswalk,
    crosswalk_names,
    load_crosswalk,
    unapportioned,
    unapportioned_notes,
)
from benchlearn.registry.members import change_members
from benchlearn.registry.municipalities import (
    BUILTIN_DIR,
    load_municipalities,
    municipalities_frame,
    read_registry,
)
from benchlearn.values import values
from tests.conftest import write

#: Where a split novads went (Aglonas LV-001, Inčukalna LV-037): no figure of theirs is apportioned.
SPLIT_INTO = ["LV-047", "LV-073", "LV-080", "LV-091"]


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in {".csv", ".txt"}
    }


def test_shipped_registries_crosswalks_and_dataset_are_what_the_builder_makes(
    tmp_path: Path, shared_data: Path
) -> None:
    from benchlearn.samples.build.datasets import build_lv_context, build_lv_population
    from benchlearn.samples.build.registries import build_registries

    counts = build_registries(shared_data, tmp_path / "registries")
    rows = build_lv_population(shared_data, tmp_path / "datasets")
    context_rows = build_lv_context(shared_data, tmp_path / "datasets")

    assert counts == {
        "lv-2009": 119,
        "lv-2021": 43,
        "lv-2025": 42,
        "lv-2021-reform": 121,
        "lv-2025-reform": 43,
    }
    assert rows == 36 * 4 + 42
    # areas: 41 units 2021-2026 and Madona, Varakļāni 2021-2024; 43 median ages; the population
    assert context_rows == 41 * 6 + 2 * 4 + 43 + rows
    assert digests(tmp_path / "registries") == digests(BUILTIN_DIR)
    assert digests(tmp_path / "datasets") == digests(DATASETS_DIR)


def test_registries_carry_csp_codes_kinds_and_validity() -> None:
    in_2021 = {r.code: r for r in read_registry(BUILTIN_DIR / "lv-2021.csv")}
    in_2025 = {r.code: r for r in read_registry(BUILTIN_DIR / "lv-2025.csv")}

    assert len(in_2021) == 43 and len(in_2025) == 42
    assert sorted({r.kind for r in in_2021.values()}) == ["city", "novads"]
    assert sum(r.kind == "city" for r in in_2021.values()) == 7
    assert in_2021["LV-016"].attributes == {"csb_code": "LV0025000"}
    assert in_2021["LV-RIX"].attributes == {"csb_code": "LV0001000"}
    assert in_2021["LV-059"].attributes == {"csb_code": "LV0038000"}
    assert (in_2021["LV-102"].valid_from, in_2021["LV-102"].valid_to) == (2021, 2024)
    assert (in_2021["LV-059"].valid_from, in_2021["LV-059"].valid_to) == (2021, None)
    assert set(in_2021) - set(in_2025) == {"LV-102"}
    assert in_2025["LV-059"].attributes == {"csb_code": "LV0038001"}
    assert (in_2025["LV-059"].valid_from, in_2025["LV-059"].valid_to) == (2025, None)
    assert all(in_2025[c].attributes == in_2021[c].attributes for c in in_2025 if c != "LV-059")


def test_lv_2025_after_lv_2021(engine: Engine) -> None:
    load_municipalities(engine, "lv-2021")
    loaded = load_municipalities(engine, "lv-2025")

    with engine.connect() as connection:
        rows = municipalities_frame(connection).set_index("code")
    ends = rows["valid_to"].fillna(9999).astype(int)
    rows["valid_to"] = rows["valid_to"].astype(object).where(rows["valid_to"].notna(), None)
    valid = {y: set(rows.index[(rows["valid_from"] <= y) & (ends >= y)]) for y in (2024, 2025)}
    assert (loaded.added, loaded.updated, loaded.attributes) == (0, 42, ("csb_code",))
    assert rows.loc["LV-059", "csb_code"] == "LV0038001"
    assert (rows.loc["LV-059", "valid_from"], rows.loc["LV-059", "valid_to"]) == (2021, None)
    assert (rows.loc["LV-102", "valid_from"], rows.loc["LV-102", "valid_to"]) == (2021, 2024)
    assert (len(valid[2024]), len(valid[2025])) == (43, 42)
    assert valid[2024] - valid[2025] == {"LV-102"}


def test_builtin_crosswalks_by_name_and_unknown_names(engine: Engine) -> None:
    load_municipalities(engine, "lv-2009")
    load_municipalities(engine, "lv-2021")
    load_municipalities(engine, "lv-2025")

    assert crosswalk_names() == ["lv-2021-reform", "lv-2025-reform"]
    assert load_crosswalk(engine, "lv-2021-reform") == 121
    assert load_crosswalk(engine, "lv-2025-reform") == 43
    with pytest.raises(BenchlearnError) as caught:
        load_crosswalk(engine, "lv-1990-reform")
    assert str(caught.value) == (
        "lv-1990-reform: no such file or built-in crosswalk "
        "(built-in: lv-2021-reform, lv-2025-reform)"
    )


def test_a_part_of_unknown_share_needs_room(engine: Engine, tmp_path: Path) -> None:
    load_municipalities(engine, write(tmp_path / "m.csv", "code,name\nA,A\nB,B\nC,C\n"))
    good = write(tmp_path / "good.csv", "old_code,new_code,year,weight\nA,B,2021,-\nA,C,2021,-\n")
    bad = write(tmp_path / "bad.csv", "old_code,new_code,year,weight\nA,B,2021,1\nA,C,2021,-\n")

    assert load_crosswalk(engine, good) == 2
    with pytest.raises(ValidationError) as caught:
        load_crosswalk(engine, bad)
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}: the shares of A in 2021 add up to 1, leaving nothing for its parts "
        "of unknown share (-)"
    ]
    with engine.connect() as connection:
        links = crosswalk(connection, 2021)
    assert links["weight"].isna().tolist() == [True, True]


@pytest.fixture
def reformed(engine: Engine, tmp_path: Path) -> Engine:
    """Every registry and both reforms loaded; each 2009 unit has POP and social workers for
    2014–2016 (POP 1000 + its row number, workers 1), each 2021 unit for 2023 (POP 500)."""
    load_definitions(engine)
    for name in ("lv-2009", "lv-2021", "lv-2025"):
        load_municipalities(engine, name)
    # The units in force each year are T2's members, as `members: all` says.
    change_members(engine, "T2", 2014, everyone=True)
    old = [r.code for r in read_registry(BUILTIN_DIR / "lv-2009.csv")]
    new = [r.code for r in read_registry(BUILTIN_DIR / "lv-2021.csv")]
    lines = ["municipality,indicator,year,value"]
    for year in (2014, 2015, 2016):
        for number, code in enumerate(old):
            lines += [f"{code},POP,{year},{1000 + number}", f"{code},T2_SOC_WORKERS,{year},1"]
    lines += [f"{code},POP,2023,500" for code in new]
    import_file(engine, write(tmp_path / "figures.csv", "\n".join(lines) + "\n"))
    load_crosswalk(engine, "lv-2021-reform")
    load_crosswalk(engine, "lv-2025-reform")
    return engine


def on_boundaries(engine: Engine, year: int, boundaries: int) -> dict[str, tuple[object, ...]]:
    with engine.connect() as connection:
        frame = values(
            connection,
            stored_definitions(connection),
            ["POP"],
            years=[year],
            boundaries=boundaries,
        )
    return {
        r.municipality: (None if r.value != r.value else r.value, r.status)
        for r in frame.itertuples(index=False)
    }


def test_the_lps_years_on_the_units_of_2021(reformed: Engine) -> None:
    found = on_boundaries(reformed, 2015, 2021)
    with reformed.connect() as connection:
        parts = unapportioned(connection, 2021)
        notes = unapportioned_notes(connection, 2021)
        in_latvian = unapportioned_notes(connection, 2021, "lv")

    # Bauskas novads of 2021: Bauskas (row 15), Iecavas (33), Rundāles (82), Vecumnieku (104).
    assert found["LV-016"] == (4000 + 15 + 33 + 82 + 104, None)
    # Madonas novads of 2021: Cesvaines (20), Ērgļu (29), Lubānas (56), Madonas (58).
    assert found["LV-059"] == (4000 + 20 + 29 + 56 + 58, None)
    assert found["LV-102"] == (1101, None)  # Varakļānu novads, unchanged in 2021
    assert {code: found[code] for code in SPLIT_INTO} == dict.fromkeys(SPLIT_INTO, (None, "-"))
    assert len(found) == 43  # every old unit is in the crosswalk: nothing is left on old units
    assert [tuple(r) for r in parts.itertuples(index=False)] == [
        ("LV-047", "LV-001", 2021),
        ("LV-073", "LV-001", 2021),
        ("LV-080", "LV-037", 2021),
        ("LV-091", "LV-037", 2021),
    ]
    assert notes[0] == (
        "Krāslavas novads (LV-047): figures before 2021 are not rebuilt on these boundaries, "
        "because part of Aglonas novads (LV-001) went into it and the size of that part is not known"
    )
    assert in_latvian[3] == (
        "Siguldas novads (LV-091): skaitļi pirms 2021. gada šajās robežās nav apkopoti, jo tajā "
        "iekļauta daļa no bijušās pašvaldības „Inčukalna novads (LV-037)” un šīs daļas lielums "
        "nav zināms"
    )
    assert len(notes) == 4


def test_older_years_on_the_units_of_2025(reformed: Engine) -> None:
    lps = on_boundaries(reformed, 2015, 2025)
    recent = on_boundaries(reformed, 2023, 2025)
    on_2021 = on_boundaries(reformed, 2023, 2021)
    with reformed.connect() as connection:
        links = crosswalk(connection, 2025).set_index("old")

    # Madonas novads of 2025: the four of 2021 and Varakļānu novads (101).
    assert lps["LV-059"] == (4000 + 20 + 29 + 56 + 58 + 1000 + 101, None)
    assert "LV-102" not in lps and "LV-102" not in recent
    assert recent["LV-059"] == (1000.0, None)
    assert recent["LV-016"] == (500.0, None)
    assert on_2021["LV-059"] == on_2021["LV-102"] == (500.0, None)
    assert {code: lps[code] for code in SPLIT_INTO} == dict.fromkeys(SPLIT_INTO, (None, "-"))
    assert links.loc["LV-021"].tolist() == ["LV-059", 2021, 1.0]  # Cesvaine, via 2021 Madona
    assert links.loc["LV-102"].tolist() == ["LV-059", 2025, 1.0]
    assert links.loc["LV-059"].tolist() == ["LV-059", 2025, 1.0]


def test_rank_and_workbook_leave_split_units_without_figures(
    reformed: Engine, db_url: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    runner = CliRunner()
    ranked = runner.invoke(
        cli,
        ["--db", db_url, "rank", "--network", "T2", "--year", "2015", "--boundaries", "2021"]
        + ["--indicator", "T2_SOC_WORKERS_PER_1000", "--format", "csv"],
    )
    where = runner.invoke(
        cli,
        ["--db", db_url, "position", "LV-047", "--network", "T2", "--year", "2015"]
        + ["--boundaries", "2021"],
    )
    out = tmp_path / "t2.xlsx"
    wrote = runner.invoke(
        cli,
        ["--db", db_url, "workbook", "--network", "T2", "--year", "2015"]
        + ["--boundaries", "2021", "-o", str(out)],
    )

    assert ranked.exit_code == 0, ranked.output
    by_code = {r["municipality"]: r for r in csv.DictReader(io.StringIO(ranked.stdout))}
    assert len(by_code) == 43
    assert [(c, by_code[c]["value"], by_code[c]["status"]) for c in SPLIT_INTO] == [
        (c, "", "-") for c in SPLIT_INTO
    ]
    assert float(by_code["LV-016"]["numerator"]) == 4
    assert float(by_code["LV-016"]["denominator"]) == 4000 + 15 + 33 + 82 + 104
    assert where.exit_code == 0, where.output
    assert where.stdout.splitlines()[3].split() == [
        "T2_SOC_WORKERS_PER_1000",
        "Social",
        "work",
        "specialists",
        "per",
        "1,000",
        "inhabitants",
        "not",
        "compared",
    ]
    assert wrote.exit_code == 0, wrote.output
    summary = load_workbook(out)["Summary"]
    texts = [c for row in summary.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert (
        "No figures for 2015 (4): Krāslavas novads (LV-047), Preiļu novads (LV-073), "
        "Ropažu novads (LV-080), Siguldas novads (LV-091)." in texts
    )
    # Why, on the cover and in the position text: not a guessed sum.
    cover = load_workbook(out)["Cover"]
    notes = [c for row in cover.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    why = (
        "Krāslavas novads (LV-047): figures before 2021 are not rebuilt on these boundaries, "
        "because part of Aglonas novads (LV-001) went into it and the size of that part is "
        "not known"
    )
    assert why in notes
    assert where.stdout.rstrip().endswith(why + ".")


def test_dataset_names_and_paths() -> None:
    assert dataset_names() == ["lv-context", "lv-population"]
    assert dataset_path("lv-population") == DATASETS_DIR / "lv-population" / "lv-population.csv"
    assert "Central Statistical Bureau of Latvia" in (
        DATASETS_DIR / "lv-population" / "SOURCE.txt"
    ).read_text(encoding="utf-8")
    with pytest.raises(BenchlearnError) as caught:
        dataset_path("lv-area")
    assert str(caught.value) == (
        "no built-in dataset 'lv-area' (built-in: lv-context, lv-population)"
    )


def test_the_population_dataset_imports_onto_lv_2021(engine: Engine) -> None:
    load_definitions(engine)
    load_municipalities(engine, "lv-2021")

    result = import_file(engine, dataset_path("lv-population"))

    with engine.connect() as connection:
        frame = values(connection, stored_definitions(connection), ["POP", "POP_AVG"])
    counts = frame.groupby(["indicator", "year"]).size().to_dict()
    assert (result.inserted, result.rejected) == (186, 0)
    assert counts == {
        ("POP", 2026): 42,
        ("POP_AVG", 2021): 36,
        ("POP_AVG", 2022): 36,
        ("POP_AVG", 2023): 36,
        ("POP_AVG", 2024): 36,
    }
    pop = frame[frame["indicator"] == "POP"].set_index("municipality")["value"]
    average = frame[(frame["indicator"] == "POP_AVG") & (frame["year"] == 2024)]
    assert pop.sum() == 1_845_096
    assert pop["LV-059"] == 29466  # Madona with Varakļāni, 1 January 2026
    assert "LV-102" not in pop
    by_code = average.set_index("municipality")["value"]
    assert by_code["LV-016"] == 40774  # "Bauska municipality", 2024
    assert not average["municipality"].isin(["LV-RIX", "LV-DGV"]).any()


def test_similar_municipalities_from_the_builtin_data_alone(db_url: str) -> None:
    runner = CliRunner()
    steps = [
        runner.invoke(cli, ["--db", db_url, "definitions", "load", "--builtin"]),
        runner.invoke(cli, ["--db", db_url, "municipalities", "load", "lv-2021"]),
        runner.invoke(cli, ["--db", db_url, "networks", "members", "T2", "--all"]),
    ]
    imported = runner.invoke(cli, ["--db", db_url, "import", "lv-population"])
    similar = runner.invoke(
        cli,
        ["--db", db_url, "similar", "--network", "T2", "--year", "2024"]
        + ["--municipality", "LV-016", "--k", "5"],
    )

    assert [s.exit_code for s in steps] == [0, 0, 0], [s.output for s in steps]
    assert (
        steps[1].stdout == "Loaded 43 municipalities (43 added, 0 updated); attributes: csb_code.\n"
    )
    assert imported.exit_code == 0, imported.output
    assert imported.stdout == (
        f"{dataset_path('lv-population')}: imported 186 rows as batch 1: 186 new, 0 changed, "
        "0 unchanged, 0 rejected.\n"
    )
    assert similar.exit_code == 0, similar.output
    # Size alone (POP of 2026, the nearest year, and POP_AVG): Mārupe is as big as Bauska,
    # which is why lv-context (density, median age) is the guide's next step.
    assert similar.stdout.splitlines() == [
        "municipality  name            neighbour  neighbour_name    order  distance  similarity",
        "------------  --------------  ---------  ----------------  -----  --------  ----------",
        "LV-016        Bauskas novads  LV-022     Cēsu novads           1     0.033       0.995",
        "LV-016        Bauskas novads  LV-042     Jēkabpils novads      2     0.069       0.989",
        "LV-016        Bauskas novads  LV-099     Tukuma novads         3     0.112       0.982",
        "LV-016        Bauskas novads  LV-062     Mārupes novads        4     0.124        0.98",
        "LV-016        Bauskas novads  LV-080     Ropažu novads         5      0.22       0.965",
    ]
    assert similar.stderr.splitlines() == [
        "Structural variables used, each from the nearest year in 2021–2027: POP 2026, "
        "POP_AVG 2024.",
        "Left out, no figures for most members in 2021–2027: DENSITY, MEDIAN_AGE.",
        "Compared on the variables they have (8): LV-102 (without POP); LV-DGV (without POP_AVG); "
        "LV-JEL (without POP_AVG); LV-JUR (without POP_AVG); LV-LPX (without POP_AVG); "
        "LV-REZ (without POP_AVG); LV-RIX (without POP_AVG); LV-VEN (without POP_AVG)",
    ]
