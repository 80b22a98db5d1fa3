"""The Python front door: ``benchlearn.open`` and the :class:`benchlearn.api.Database` facade.

Each method on both backends, with exact values on the small workspace
(three municipalities; COST_PC = COST / POP is lower-better, SHARE higher-better).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest
import yaml
from sqlalchemy import Engine

import benchlearn
from benchlearn.api import Database
from benchlearn.database import head_revision
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.frames import NAMED
from benchlearn.importing import ImportRejected
from tests.conftest import REPO, WORKSPACE_DEFINITIONS, WORKSPACE_MUNICIPALITIES

#: The schema revision `db upgrade` brings a database to.
HEAD = head_revision()


#: The workspace's 2023 figures, wide, as an analyst would hold them in pandas.
WIDE = pd.DataFrame(
    {
        "municipality": ["A1", "B2", "C3"],
        "name": ["Alpha", "Beta", "Gamma"],
        "COST": [1000, 2000, 1500],
        "POP": [100, 400, 200],
        "SHARE": [100, 60, 70.5],
    }
)


@pytest.fixture
def db(workspace: Engine) -> Database:
    """The workspace with its 2023 figures, imported from a DataFrame."""
    found = Database(workspace)
    found.import_frame(WIDE, year=2023)
    return found


def test_version_is_the_package_metadata() -> None:
    assert benchlearn.__version__ == version("benchlearn")


def test_import_benchlearn_loads_no_pandas_scipy_or_sqlalchemy() -> None:
    code = (
        "import sys, benchlearn\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'scipy', 'sqlalchemy'}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )

    assert found.stdout.strip() == "[]"


def test_the_package_shows_its_front_door() -> None:
    assert dir(benchlearn) == [
        "BenchlearnError",
        "Database",
        "Problem",
        "ValidationError",
        "__version__",
        "make_engine",
        "open",
        "upgrade",
    ]
    assert benchlearn.open is benchlearn.api.open


def test_open_takes_a_path_a_url_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BENCHLEARN_DB", f"sqlite:///{tmp_path / 'env.db'}")

    by_path = benchlearn.open(tmp_path / "a.db")
    by_url = benchlearn.open(f"sqlite:///{tmp_path / 'b.db'}")
    by_env = benchlearn.open()

    assert str(by_path.engine.url) == f"sqlite:///{tmp_path / 'a.db'}"
    assert str(by_url.engine.url) == f"sqlite:///{tmp_path / 'b.db'}"
    assert str(by_env.engine.url) == f"sqlite:///{tmp_path / 'env.db'}"
    assert repr(by_path) == f"<benchlearn.Database sqlite:///{tmp_path / 'a.db'}>"


def test_a_database_without_schema_says_so(tmp_path: Path) -> None:
    with benchlearn.open(tmp_path / "new.db") as db, pytest.raises(BenchlearnError) as caught:
        db.rank("T9", 2023)

    assert str(caught.value) == (
        f"database sqlite:///{tmp_path / 'new.db'} has no benchlearn schema yet: "
        "run `benchlearn db upgrade` first"
    )


def test_set_up_from_python(engine: Engine, tmp_path: Path) -> None:
    registry = tmp_path / "municipalities.csv"
    registry.write_text(WORKSPACE_MUNICIPALITIES, encoding="utf-8")
    db = Database(engine)

    loaded = db.load_municipalities(registry)
    report = db.load_definitions(yaml.safe_load(WORKSPACE_DEFINITIONS), name="workspace")
    again = db.load_definitions(_definitions_file(tmp_path))

    assert (loaded.added, loaded.updated, loaded.attributes) == (3, 0, ("region",))
    assert (report.count("indicator"), report.count("network"), len(report.added)) == (4, 1, 5)
    assert (again.added, again.changed, len(again.unchanged)) == ((), (), 5)  # the same, as a file
    assert db.networks().to_dict("records") == [
        {"code": "T9", "name": "Test network", "indicators": 2, "members": 3, "structural": "POP"}
    ]
    assert db.municipalities()[["code", "name", "region"]].to_dict("records") == [
        {"code": "A1", "name": "Alpha", "region": "North"},
        {"code": "B2", "name": "Beta", "region": "South"},
        {"code": "C3", "name": "Gamma", "region": "South"},
    ]


def _definitions_file(tmp_path: Path) -> Path:
    path = tmp_path / "definitions.yaml"
    path.write_text(WORKSPACE_DEFINITIONS, encoding="utf-8")
    return path


def test_upgrade_gives_the_revision(empty_engine: Engine) -> None:
    assert Database(empty_engine).upgrade() == HEAD


def test_a_mapping_with_problems_names_them_all(workspace: Engine) -> None:
    bad = {
        "indicators": [
            {"code": "X", "name": "x", "unit": "u", "direction": "up"},
            {"code": "Y", "name": "y", "unit": "u", "direction": "lower", "formula": "X / Z"},
        ]
    }

    with pytest.raises(ValidationError) as caught:
        Database(workspace).load_definitions(bad, name="mine")

    assert [p.line() for p in caught.value.problems] == [
        "mine: indicators[0].direction: 'up' is not one of higher, lower, neutral",
        "mine: indicators[1].formula: Y: formula uses unknown indicator X",
        "mine: indicators[1].formula: Y: formula uses unknown indicator Z",
    ]


def test_definitions_come_from_files_or_mappings_only(workspace: Engine) -> None:
    with pytest.raises(BenchlearnError) as caught:
        Database(workspace).load_definitions(5)  # type: ignore[arg-type]

    assert str(caught.value) == (
        "definitions come from a YAML file or folder, a list of them, "
        "or a mapping like a file's content (given: int)"
    )


def test_values_are_tidy_with_names(db: Database) -> None:
    found = db.values(network="T9")

    assert list(found.columns) == ["municipality", "name", "indicator", "year", "value", "status"]
    assert found[["name", "indicator", "value"]].values.tolist() == [
        ["Alpha", "COST_PC", 10.0],
        ["Beta", "COST_PC", 5.0],
        ["Gamma", "COST_PC", 7.5],
        ["Alpha", "SHARE", 100.0],
        ["Beta", "SHARE", 60.0],
        ["Gamma", "SHARE", 70.5],
    ]
    assert found["status"].tolist() == [None] * 6


def test_values_by_indicator_year_and_municipality(db: Database) -> None:
    one = db.values("POP", 2023, "B2")
    none = db.values(["COST"], [2022])

    assert one.to_dict("records") == [
        {
            "municipality": "B2",
            "name": "Beta",
            "indicator": "POP",
            "year": 2023,
            "value": 400.0,
            "status": None,
        }
    ]
    assert none.empty


def test_values_of_an_unknown_indicator_say_so(db: Database) -> None:
    with pytest.raises(BenchlearnError) as caught:
        db.values("NOPE")

    assert str(caught.value) == "unknown indicator 'NOPE'"


def test_rank(db: Database) -> None:
    found = db.rank("T9", 2023)

    assert list(found.columns[:4]) == ["municipality", "name", "indicator", "year"]
    assert found[["municipality", "name", "indicator", "rank", "n"]].values.tolist() == [
        ["A1", "Alpha", "COST_PC", 3, 3],
        ["B2", "Beta", "COST_PC", 1, 3],
        ["C3", "Gamma", "COST_PC", 2, 3],
        ["A1", "Alpha", "SHARE", 1, 3],
        ["B2", "Beta", "SHARE", 3, 3],
        ["C3", "Gamma", "SHARE", 2, 3],
    ]


def test_rank_of_an_unknown_network_says_so(db: Database) -> None:
    with pytest.raises(BenchlearnError) as caught:
        db.rank("NOPE", 2023)

    assert str(caught.value) == "unknown network 'NOPE' (known: T9)"


def test_similar(db: Database) -> None:
    everyone = db.similar("T9", 2023, k=1)
    one = db.similar("T9", 2023, "A1", k=2, variables="POP:log")

    assert everyone[["municipality", "name", "neighbour", "neighbour_name"]].values.tolist() == [
        ["A1", "Alpha", "C3", "Gamma"],
        ["B2", "Beta", "C3", "Gamma"],
        ["C3", "Gamma", "A1", "Alpha"],
    ]
    assert one[["neighbour", "neighbour_name", "order", "similarity"]].values.tolist() == [
        ["C3", "Gamma", 1, 0.5],
        ["B2", "Beta", 2, 0.0],
    ]
    assert one.attrs == {"variables": ("POP",), "dropped": (), "excluded": ()}


def test_index(db: Database) -> None:
    found = db.index("T9", 2023, draws=0)

    assert list(found.columns[:4]) == ["municipality", "name", "score", "rank"]
    assert found[["municipality", "name", "rank"]].values.tolist() == [
        ["A1", "Alpha", 1],
        ["C3", "Gamma", 2],
        ["B2", "Beta", 3],
    ]
    assert found.attrs["min_coverage"] == 0.75


def test_partners(db: Database) -> None:
    found = db.partners("B2", "T9", 2023)

    assert found[["indicator", "partner", "partner_name", "partner_value"]].values.tolist() == [
        ["SHARE", "A1", "Alpha", 100.0]
    ]


def test_position(db: Database) -> None:
    found = db.position("B2", "T9", 2023)

    assert found.name == "Beta"
    assert found.table[["indicator", "rank_of_n"]].values.tolist() == [
        ["COST_PC", "1 / 3"],
        ["SHARE", "3 / 3"],
    ]
    assert found.partners[["partner", "partner_name"]].values.tolist() == [["A1", "Alpha"]]
    assert found.weakest == ["SHARE"]


def test_a_non_member_has_no_position(db: Database) -> None:
    with pytest.raises(BenchlearnError) as caught:
        db.partners("Z9", "T9", 2023)

    assert str(caught.value) == "Z9 is not a member of network T9 in 2023"


def test_import_frame_long(workspace: Engine) -> None:
    db = Database(workspace)
    long = pd.DataFrame(
        {
            "municipality": ["A1", "B2", "C3"],
            "indicator": ["COST", "COST", "COST"],
            "year": [2024, 2024, 2024],
            "value": [1.5, None, 3],
            "status": ["", "-", ""],
        }
    )

    result = db.import_frame(long, name="costs 2024")
    again = db.import_frame(long, name="costs 2024")

    assert (result.file, result.inserted, result.written) == ("costs 2024", 3, True)
    assert (again.inserted, again.unchanged, again.written) == (0, 3, False)
    assert db.values("COST", 2024)[["municipality", "value", "status"]].values.tolist() == [
        ["A1", 1.5, None],
        ["B2", pytest.approx(float("nan"), nan_ok=True), "-"],
        ["C3", 3.0, None],
    ]


def test_import_frame_wide_with_its_year_column(workspace: Engine) -> None:
    db = Database(workspace)
    wide = pd.DataFrame({"municipality": ["A1", "C3"], "year": [2022, 2022], "SHARE": [50, 75.25]})

    result = db.import_frame(wide, dry_run=True)
    stored = db.import_frame(wide)

    assert (result.inserted, result.written, result.dry_run) == (2, False, True)
    assert (stored.file, stored.inserted) == ("DataFrame", 2)
    assert db.values("SHARE", 2022)["value"].tolist() == [50.0, 75.25]


def test_a_bad_frame_names_every_problem_by_row_and_column(workspace: Engine) -> None:
    bad = pd.DataFrame(
        {
            "municipality": ["A1", "Z9", "C3"],
            "indicator": ["COST", "COST", "NOPE"],
            "year": [2024, 2024, "20x4"],
            "value": ["12", "abc", 3],
        }
    )

    with pytest.raises(ImportRejected) as caught:
        Database(workspace).import_frame(bad, name="bad frame")

    assert str(caught.value) == (
        "bad frame: 4 problem(s) in 2 row(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)\n"
        "bad frame, row 3, column municipality: unknown municipality 'Z9'\n"
        "bad frame, row 3, column value: 'abc' is not a number\n"
        "bad frame, row 4, column indicator: unknown indicator 'NOPE'\n"
        "bad frame, row 4, column year: '20x4' is not a possible year (1900–2027)"
    )
    assert Database(workspace).values("COST").empty


def test_a_wide_frame_names_the_indicator_column(workspace: Engine) -> None:
    wide = pd.DataFrame({"municipality": ["A1", "B2"], "SHARE": [None, 101]})

    with pytest.raises(ImportRejected) as caught:
        Database(workspace).import_frame(wide, year=2024)

    assert [p.line() for p in caught.value.problems] == [
        "DataFrame, row 3, column SHARE: 101 is outside SHARE's valid range 0 to 100"
    ]


def test_a_frame_of_neither_shape_is_refused_at_once(workspace: Engine) -> None:
    with pytest.raises(ValidationError) as caught:
        Database(workspace).import_frame(pd.DataFrame({"code": ["A1"], "y": [1]}))

    assert str(caught.value) == (
        "DataFrame: cannot import\n"
        "DataFrame, row 1: the header needs municipality,indicator,year,value (long) "
        "or municipality,year,<indicator codes> (wide)\n"
        "DataFrame, row 1: the header has no 'year' column; give --year"
    )


def test_an_empty_frame_is_refused(workspace: Engine) -> None:
    empty = pd.DataFrame(columns=["municipality", "indicator", "year", "value"])

    with pytest.raises(ValidationError) as caught:
        Database(workspace).import_frame(empty)

    assert [p.line() for p in caught.value.problems] == [
        "DataFrame, row 2: the file has a header but no data rows"
    ]


def run_cells(sources: list[str]) -> list[object]:
    """Run code cells in order in one namespace; return the value of each cell's last expression
    (None for a cell that ends in a statement), as a notebook shows it under the cell."""
    namespace: dict[str, object] = {"__name__": "__main__"}
    shown: list[object] = []
    for number, source in enumerate(sources):
        tree = ast.parse(source)
        last = tree.body[-1] if tree.body else None
        body = tree.body[:-1] if isinstance(last, ast.Expr) else tree.body
        exec(compile(ast.Module(body, type_ignores=[]), f"cell {number}", "exec"), namespace)
        if isinstance(last, ast.Expr):
            expression = ast.Expression(last.value)
            shown.append(eval(compile(expression, f"cell {number}", "eval"), namespace))
        else:
            shown.append(None)
    return shown


def assert_named(frame: pd.DataFrame) -> None:
    """A name column right after every code column, filled for every row."""
    for code, name in NAMED.items():
        if code in frame.columns:
            where = list(frame.columns).index(code)
            assert frame.columns[where + 1] == name
            assert frame[name].ne("").all()


def test_the_notebook_runs_and_shows_dataframes_with_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = json.loads((REPO / "docs" / "python.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    monkeypatch.chdir(tmp_path)

    shown = run_cells(sources)

    assert notebook["nbformat"] == 4
    assert [type(v).__name__ for v in shown] == [
        "NoneType", "DataFrame", "tuple", "tuple", "NoneType", "DataFrame", "DataFrame",
        "DataFrame", "DataFrame", "DataFrame", "DataFrame", "DataFrame",
    ]  # fmt: skip
    frames = [v for v in shown if isinstance(v, pd.DataFrame)]
    for frame in frames:
        assert_named(frame)
    rank, index, similar, position, partners = frames[1:6]
    assert list(rank.columns[:2]) == ["municipality", "name"]
    assert list(index.columns[:2]) == ["municipality", "name"]
    assert similar[["name", "neighbour_name"]].values.tolist()[0] == ["Hartlepool", "Dudley"]
    assert position["indicator"].tolist() == ["ASC1", "ASC4"]
    assert partners["partner_name"].tolist()[:3] == ["Thurrock", "County Durham", "Bromley"]
    assert shown[2] == (6376, True)
    assert (tmp_path / "asc.db").is_file()


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use from Python", 1)[1].split("\n## ", 1)[0]
    block = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)

    run_cells([block])

    assert 15 <= len(section.strip().splitlines()) <= 30
    assert (tmp_path / "demo.db").is_file()
