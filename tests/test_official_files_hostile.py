"""Hostile official statistics files and definition files: imported right or refused in a sentence.

Issue 23, part b. Each case is a small file made here (the hostile corpus of
``tests/data/hostile`` is imported without ``--indicator``, which a statistics
file needs): PC-Axis, JSON-stat and PxWeb CSV files with numbers in forms the
value files refuse, unclosed quotes, code pages of no text, keywords and cubes
too large to be real; definition files with a key given twice, a weight of
1e308 or nesting 10,000 deep. The command line must say one sentence naming
the file and where, exit 1 and leave the database as it was, on SQLite and
PostgreSQL. Hypothesis then feeds the readers random JSON-stat and PC-Axis
structures: every outcome is a cube or one :class:`BenchlearnError`.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions import read_files
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.importing.statistics import (
    Cube,
    cube_rows,
    read_cube,
    read_jsonstat,
    read_pcaxis,
)
from tests.test_hostile import FORBIDDEN, stored

PX = """CHARSET="ANSI";
AXIS-VERSION="2013";
CODEPAGE="{codepage}";
LANGUAGE="en";
TITLE="Cost by region and year";
STUB="region";
HEADING="year";
VALUES("region")="Alpha","Beta";
VALUES("year")="2020","2021";
CODES("region")="A1","B2";
NOTE="{note}";
DATA=
{data};
"""


def px(data: str = "10 11\n12 13", codepage: str = "utf-8", note: str = "Test") -> str:
    """A PC-Axis table of COST for A1 and B2 in 2020 and 2021 (DATA= on line 12)."""
    return PX.format(data=data, codepage=codepage, note=note)


def dataset(values: object = (10, 11, 12, 13), **changes: object) -> dict[str, object]:
    """A JSON-stat 2.0 dataset of COST for A1 and B2 in 2020 and 2021."""
    found: dict[str, object] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Cost",
        "id": ["region", "year"],
        "size": [2, 2],
        "role": {"geo": ["region"], "time": ["year"]},
        "dimension": {
            "region": {"label": "region", "category": {"index": ["A1", "B2"]}},
            "year": {"label": "year", "category": {"index": {"2020": 0, "2021": 1}}},
        },
        "value": list(values),  # type: ignore[call-overload]
    }
    found.update(changes)
    return found


def with_dimension(region: object) -> dict[str, object]:
    """The dataset with the region dimension's description replaced."""
    found = dataset()
    found["dimension"] = {**found["dimension"], "region": region}  # type: ignore[dict-item]
    return found


PXWEB = (
    '"Cost by Territorial unit and Time period"\n\n'
    '"Territorial unit","2020","2021"\n'
    '"Alpha",10,11\n'
    '"Beta",{beta}\n'
    "{more}"
)

#: name -> (file content, the English output of ``import FILE -i COST``; {f} is the file)
CASES: dict[str, tuple[str, str]] = {
    # item 6: numbers in the strict form of value files, NaN, duplicates
    "digit_group.px": (
        px("10 11\n1 000 13"),
        "Error: {f}: cannot import this table\n"
        "  {f}, row 12, column DATA: 5 cells for a table of 4: DATA is separated by spaces, "
        "so a number written with digit groups (1 000) counts as two cells; write numbers "
        "without separators",
    ),
    "digit_group_quoted.px": (
        px('10 11\n"1 000" 13'),
        "Error: {f}: cannot import this table\n"
        "  {f}, row 14, column DATA: cell 3: '1 000' is not a number "
        "(write it without thousands separators)",
    ),
    "underscore.px": (
        px("10 11\n1_000 13"),
        "Error: {f}: cannot import this table\n"
        "  {f}, row 14, column DATA: cell 3: '1_000' is not a number "
        "(write it without thousands separators)",
    ),
    "nan.px": (
        px("10 NaN\n12 13"),
        "Error: {f}: cannot import this table\n"
        "  {f}, row 13, column DATA: cell 2: 'NaN' is neither a number nor a data symbol",
    ),
    "infinity.px": (
        px("10 11\n12 1e999"),
        "Error: {f}: cannot import this table\n"
        "  {f}, row 14, column DATA: cell 4: '1e999' is too large a number",
    ),
    "underscore.json": (
        json.dumps(dataset([10, 11, "1_000", 13])),
        "Error: {f}: cannot import this table\n"
        "  {f}: value: cell 3: '1_000' is not a number (write it without thousands separators)",
    ),
    "nan.json": (
        json.dumps(dataset([10, 11, 12, float("nan")])),
        "Error: {f}: cannot import this table\n"
        "  {f}: value: cell 4: 'NaN' is neither a number nor a data symbol",
    ),
    "infinity.json": (
        json.dumps(dataset([10, float("-inf"), 12, 13])),
        "Error: {f}: cannot import this table\n"
        "  {f}: value: cell 2: '-Infinity' is neither a number nor a data symbol",
    ),
    "same_row_twice.csv": (
        PXWEB.format(beta="12,13", more='"Alpha",10,14\n'),
        "Error: {f}: cannot import this table\n  {f}, row 6: the same row as row 4 (Alpha)",
    ),
    "digit_group.csv": (
        PXWEB.format(beta='12,"1 000"', more=""),
        "Error: {f}: cannot import this table\n"
        "  {f}, row 5, column 2021: '1 000' is not a number (write it without thousands "
        "separators)",
    ),
    # item 9b and 12: quotes, DATA= inside a text, code pages of no text
    "unclosed_quote.px": (
        px().replace('VALUES("region")=', 'VALUES("region)='),
        "Error: {f}: cannot import this table\n"
        '  {f}: VALUES("region): a quote opened at line 8 is never closed',
    ),
    "note_with_data.px": (px(note="See ; DATA= 1 2 3 4 in the notes"), "imported"),
    "base64.px": (
        px(codepage="base64"),
        "Error: {f}: CODEPAGE 'base64' is not a code page of text (use UTF-8 or ISO-8859-1)",
    ),
    "role_list.json": (
        json.dumps(dataset(role=["region", "year"])),
        "Error: {f}: cannot import this table\n"
        '  {f}: role: must be an object ({{"geo": ["region"], "time": ["year"]}})',
    ),
    "category_list.json": (
        json.dumps(with_dimension({"label": "region", "category": ["A1", "B2"]})),
        "Error: {f}: cannot import this table\n"
        '  {f}: dimension.region.category: must be an object ({{"index": ["A", "B"], '
        '"label": {{"A": "…"}}}})',
    ),
    "index_not_whole.json": (
        json.dumps(
            with_dimension({"label": "region", "category": {"index": {"A1": 0, "B2": "one"}}})
        ),
        "Error: {f}: cannot import this table\n"
        "  {f}: dimension.region.category.index: 'B2' has position 'one'; positions must be "
        "the whole numbers 0 to 1, each once",
    ),
    "deep.json": (
        '{"class": "dataset", "extension": ' + "[" * 10_000 + "]" * 10_000 + "}",
        "Error: {f}: the JSON is nested deeper than 1000 levels; not a JSON-stat dataset",
    ),
    # item 18: a cube that declares more cells than the file can hold
    "huge_cube.px": (
        px().replace(
            'VALUES("year")="2020","2021";',
            'VALUES("year")=' + ",".join(f'"{y}"' for y in range(1000, 3000)) + ";",
        ),
        "Error: {f}: cannot import this table\n"
        "  {f}, row 12, column DATA: the VALUES declare more cells than the 7 that DATA has "
        "room for",
    ),
}


def test_hostile_statistics_files_are_refused_in_a_sentence(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    """Every case on one database per backend (a fresh workspace per case costs a second)."""
    before = stored(workspace)
    runner = CliRunner()

    for name, (content, expected) in sorted(CASES.items()):
        if expected == "imported":
            continue
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result = runner.invoke(cli, ["--db", db_url, "import", str(path), "-i", "COST"])
        latvian = runner.invoke(
            cli, ["--db", db_url, "--lang", "lv", "import", str(path), "-i", "COST"]
        )

        assert (result.exit_code, result.output) == (1, expected.format(f=path) + "\n"), name
        assert (latvian.exit_code, latvian.output[:7]) == (1, "Kļūda: "), name
        for text in (result.output, latvian.output):
            assert not any(word in text for word in FORBIDDEN[:-1]), text
    assert stored(workspace) == before


def test_a_note_holding_data_is_a_note_and_the_table_imports(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "note_with_data.px"
    path.write_text(CASES["note_with_data.px"][0], encoding="utf-8")

    result = CliRunner().invoke(cli, ["--db", db_url, "import", str(path), "-i", "COST"])

    assert result.exit_code == 0, result.output
    assert stored(workspace) == [
        "A1 COST 2020 10",
        "A1 COST 2021 11",
        "B2 COST 2020 12",
        "B2 COST 2021 13",
        "batches 1",
    ]


def test_the_latvian_sentences_read_as_latvian(tmp_path: Path) -> None:
    quote = tmp_path / "q.px"
    quote.write_text(CASES["unclosed_quote.px"][0], encoding="utf-8")
    group = tmp_path / "g.px"
    group.write_text(CASES["digit_group.px"][0], encoding="utf-8")
    index = tmp_path / "i.json"
    index.write_text(CASES["index_not_whole.json"][0], encoding="utf-8")

    said = []
    for path in (quote, group, index):
        with pytest.raises(ValidationError) as error:
            read_cube(path)
        said.append(error.value.problems[0].line("lv"))

    assert said == [
        f'{quote}: VALUES("region): 8. rindā atvērtās pēdiņas nekur netiek aizvērtas',
        f"{group}, 12. rinda, kolonna DATA: 5 šūnas tabulai ar 4 šūnām: DATA vērtības atdala "
        "atstarpes, tāpēc skaitlis ar ciparu grupām (1 000) tiek skaitīts kā divas šūnas; "
        "rakstiet skaitļus bez atdalītājiem",
        f"{index}: dimension.region.category.index: „B2” pozīcija ir „one”; pozīcijām jābūt "
        "veseliem skaitļiem no 0 līdz 1, katram vienreiz",
    ]


def test_a_title_of_twenty_megabytes_is_refused_in_under_a_second(tmp_path: Path) -> None:
    path = tmp_path / "title.px"
    path.write_text(px().replace('"Cost by region and year"', '"' + "x" * 20_000_000 + '"'))

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ValidationError) as error:
        read_cube(path)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert error.value.problems[0].line() == (
        f"{path}: TITLE: the keyword at line 5 holds more than 1,000,000 characters; "
        "no PC-Axis table has one so long"
    )
    assert seconds < 1.0
    assert peak < 100_000_000  # the bytes and their text, nothing per character


def test_a_list_of_a_million_values_or_keywords_is_refused_in_under_a_second(
    tmp_path: Path,
) -> None:
    values = tmp_path / "values.px"
    listed = 'VALUES("year")=' + '"1",' * 1_000_000 + '"2";'
    values.write_text(px().replace('VALUES("year")="2020","2021";', listed), encoding="utf-8")
    keywords = tmp_path / "keywords.px"
    keywords.write_text(px().replace("TITLE=", "NOTE=1;" * 200_000 + "TITLE="), encoding="utf-8")

    said = []
    started = time.perf_counter()
    for path in (values, keywords):
        with pytest.raises(ValidationError) as error:
            read_cube(path)
        said.append(error.value.problems[0].line())
        latvian = error.value.problems[0].line("lv")

    assert time.perf_counter() - started < 2.0  # two files, each under a second
    assert latvian == (
        f"{keywords}: NOTE: pirms DATA ir vairāk nekā 100 000 atslēgvārdu (5. rindā — jau par "
        "daudz); nevienā PC-Axis tabulā to nav tik daudz"
    )
    assert said == [
        f'{values}: VALUES("year"): the keyword at line 9 holds more than 1,000,000 '
        "characters; no PC-Axis table has one so long",
        f"{keywords}: NOTE: more than 100,000 keywords before DATA (the one at line 5 is too "
        "many); no PC-Axis table has so many",
    ]


def test_a_sparse_jsonstat_cube_larger_than_its_file_is_refused_before_any_cell(
    tmp_path: Path,
) -> None:
    wide = [str(i) for i in range(2000)]
    found = dataset({"0": 1}, size=[2000, 2000])
    found["dimension"] = {
        "region": {"label": "region", "category": {"index": wide}},
        "year": {"label": "year", "category": {"index": wide}},
    }
    path = tmp_path / "sparse.json"
    path.write_text(json.dumps(found), encoding="utf-8")
    limit = path.stat().st_size

    started = time.perf_counter()
    with pytest.raises(ValidationError) as error:
        read_cube(path)

    assert time.perf_counter() - started < 1.0
    assert [p.line() for p in error.value.problems] == [
        f"{path}: size: the dimensions declare more than {limit} cells, more than the file can hold"
    ]


def test_a_category_listed_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.px"
    path.write_text(px().replace('"A1","B2"', '"A1","A1"'), encoding="utf-8")

    with pytest.raises(ValidationError) as error:
        read_cube(path)

    assert [p.line() for p in error.value.problems] == [
        f"{path}: dimension 'region' lists 'A1' twice, so two cells would have one key"
    ]


# --- definitions: keys twice, numbers out of range, deep nesting, safe loading only ----------

INDICATOR = """indicators:
  - code: COST
    name: Cost
    unit: EUR
    direction: lower
"""


def definitions_error(tmp_path: Path, text: str) -> list[str]:
    """The English and Latvian lines of every problem reading ``text`` as a definition file."""
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_files([path])
    return [line.replace(str(path), "d.yaml") for line in error.value.text("lv").splitlines()[1:]]


def test_a_key_given_twice_names_both_lines(tmp_path: Path) -> None:
    said = definitions_error(tmp_path, INDICATOR + "    min: 0\n    max: 9\n    min: 5\n")

    assert said == [
        "d.yaml, 8. rinda, kolonna 5: atslēga „min” vienā kartējumā norādīta divreiz — 6. un "
        "8. rindā; atstājiet vienu"
    ]


def test_a_key_given_twice_in_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(INDICATOR + "    min: 0\n    min: 5\n", encoding="utf-8")

    result = CliRunner().invoke(cli, ["definitions", "validate", str(path)])

    assert (result.exit_code, result.output) == (
        1,
        "Error: 1 problem(s) in definitions\n"
        f"  {path}, row 7, column 5: key 'min' is given twice in one mapping, at lines 6 and 7; "
        "keep one\n",
    )


def test_weights_and_bounds_must_be_finite_and_in_range(tmp_path: Path) -> None:
    text = (
        INDICATOR
        + "    max: 1.0e+308\n"
        + "network:\n  code: N\n  name: N\n  members: all\n"
        + "  indicators: [{code: COST, weight: 1.0e+308}, {code: COST, weight: .nan}]\n"
    )
    said = definitions_error(tmp_path, text)

    assert said == [
        "d.yaml, 6. rinda, kolonna 5: indicators[0].max: 1e+308 ir ārpus pieļaujamā: robeža, "
        "līmenis vai slieksnis pēc absolūtās vērtības nedrīkst pārsniegt 10^15",
        "d.yaml, 11. rinda, kolonna 29: network.indicators[0].weight: 1e+308 ir ārpus "
        "pieļaujamā: svars nedrīkst pārsniegt 1 000 000",
        "d.yaml, 11. rinda, kolonna 61: network.indicators[1].weight: „nan” nav skaitlis",
    ]


def test_the_largest_weight_and_bound_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    text = INDICATOR + "    min: -1.0e+15\n    max: 1.0e+15\n"
    text += "network:\n  code: N\n  name: N\n  members: all\n"
    path.write_text(text + "  indicators: [{code: COST, weight: 1000000}]\n", encoding="utf-8")

    found = read_files([path])

    assert (found.indicators["COST"].min, found.indicators["COST"].max) == (-1e15, 1e15)
    assert found.networks["N"].indicators[0].weight == 1_000_000


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: " + "[" * 10_000 + "]" * 10_000 + "\n", "1. rinda, kolonna 53"),
        ("a:\n  " + "- " * 10_000 + "x\n", "2. rinda, kolonna 101"),
    ],
    ids=["flow", "block"],
)
def test_nesting_ten_thousand_deep_is_one_sentence(tmp_path: Path, text: str, where: str) -> None:
    said = definitions_error(tmp_path, text)

    assert said == [
        f"d.yaml, {where}: ligzdojums ir dziļāks par 50 līmeņiem; definīciju failam pietiek ar "
        "dažiem"
    ]


def test_only_safe_loading(tmp_path: Path) -> None:
    said = definitions_error(tmp_path, "a: !!python/object/apply:os.system [echo hi]\n")

    assert said == [
        "d.yaml, 1. rinda, kolonna 4: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'"
    ]


def test_aliases_of_aliases_do_not_grow_the_walk(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    started = time.perf_counter()

    said = definitions_error(tmp_path, "\n".join(lines) + "\n")

    assert time.perf_counter() - started < 2.0
    assert said[0].startswith("d.yaml, 1. rinda, kolonna 1: ")


# --- random structures: a cube or one BenchlearnError, in bounded time and memory -------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["..", ".", "-", "1_000", "1 000", "NaN", "A1", "2020", "", "x"]),
    st.text(max_size=6),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)
#: Territories (codes, sometimes twice or unknown) and times (years, sometimes a month).
REGIONS = st.lists(st.sampled_from(["A1", "B2", "A1", "C3", "x"]), max_size=3)
YEARS = st.lists(st.sampled_from(["2020", "2021", "2020M01"]), max_size=3)
NUMBERS = st.one_of(st.integers(0, 10**6), st.floats(-1e6, 1e6), SCALARS)
NAMES = {"A1": "Alpha", "B2": "Beta"}


@st.composite
def cells(draw: st.DrawFn, count: int, cell: st.SearchStrategy[object]) -> list[object]:
    """One cell per position most of the time, any number of cells otherwise."""
    if draw(st.integers(0, 3)):
        return draw(st.lists(cell, min_size=count, max_size=count))
    return draw(st.lists(cell, max_size=count + 2))


@st.composite
def jsonstat_documents(draw: st.DrawFn) -> object:
    """Datasets near the real shape, with any part swapped for any JSON value."""
    regions, years = draw(REGIONS), draw(YEARS)
    values = draw(cells(len(regions) * len(years), NUMBERS))
    document: dict[str, object] = dataset(values, size=[len(regions), len(years)])
    document["dimension"] = {
        "region": {"category": {"index": regions}},
        "year": {"category": {"index": {y: i for i, y in enumerate(years)}}},
    }
    if draw(st.booleans()):
        document["status"] = draw(st.one_of(SCALARS, st.lists(SCALARS, max_size=6), JSON))
    if not draw(st.integers(0, 2)):
        for key in draw(st.lists(st.sampled_from(sorted(document)), min_size=1, max_size=2)):
            document[key] = draw(JSON)
    if not draw(st.integers(0, 3)):
        region = draw(st.one_of(JSON, st.fixed_dictionaries({"category": JSON})))
        described = document["dimension"]
        document["dimension"] = {
            **(described if isinstance(described, dict) else {}),
            "region": region,
        }
    return document


PX_PIECES = st.one_of(
    st.sampled_from(
        ['"', ";", "DATA=", '""', ",", "\n", " ", "NaN", "1_000", '"1 000"', '".."', "1e999"]
    ),
    st.text(alphabet='A1B2" ;,=()\n.-', max_size=8),
)
CODE_PAGES = st.sampled_from(["utf-8"] * 5 + ["base64", "rot13", "klingon", "cp1257"])
PX_CELLS = st.sampled_from(["1", "2.5", "..", '"-"', "x", "1_000", "NaN", "-0"])


@st.composite
def pcaxis_texts(draw: st.DrawFn) -> bytes:
    """PC-Axis tables near the real shape, with hostile pieces put anywhere."""
    regions, years = draw(REGIONS), draw(YEARS)
    names = [NAMES.get(code, code) for code in regions]
    lines = [
        f'CODEPAGE="{draw(CODE_PAGES)}";',
        'STUB="region";',
        'HEADING="year";',
        'VALUES("region")=' + ",".join(f'"{name}"' for name in names) + ";",
        'CODES("region")=' + ",".join(f'"{code}"' for code in regions) + ";",
        'VALUES("year")=' + ",".join(f'"{year}"' for year in years) + ";",
        "DATA=",
        " ".join(map(str, draw(cells(len(regions) * len(years), PX_CELLS)))) + ";",
    ]
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(PX_PIECES))
    return "\n".join(lines).encode("utf-8")


#: The registry the random cubes' territories are matched against.
MEMBERS = pd.DataFrame({"code": ["A1", "B2"], "name": ["Alpha", "Beta"], "kind": ["novads"] * 2})


def bounded(read: Callable[[], Cube]) -> None:
    """``read`` gives a consistent cube or one BenchlearnError, fast and in little memory."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        cube = read()
    except BenchlearnError as error:
        for lang in ("en", "lv"):
            text = error.text(lang)
            assert text and not any(word in text for word in FORBIDDEN), text
    else:
        size = 1
        for count in cube.shape:
            size *= count
        assert len(cube.values) == len(cube.statuses) == size
        assert all(v is None or v == v for v in cube.values)  # never NaN
        rows = cube_rows(cube, indicator="COST", select={}, match=None, municipalities=MEMBERS)
        assert rows.problems or set(rows.frame["municipality"]) <= {"A1", "B2"}
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 20_000_000


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jsonstat_documents())
def test_random_jsonstat_is_read_or_refused_in_a_sentence(document: object) -> None:
    text = json.dumps(document)

    bounded(lambda: read_jsonstat(text.encode("utf-8"), "random.json"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pcaxis_texts())
def test_random_pcaxis_is_read_or_refused_in_a_sentence(data: bytes) -> None:
    bounded(lambda: read_pcaxis(data, "random.px"))
