"""Definitions: YAML validated into frozen objects, every problem reported with its path."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from benchlearn.definitions import builtin_paths, read_descriptor, read_files
from benchlearn.definitions.changes import Defined, Difference
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import ValidationError
from tests.conftest import WORKSPACE_DEFINITIONS, write

MINIMAL_INDICATOR = """indicators:
  - code: ASC3
    name: {en: Service users who find it easy to find information, lv: Pakalpojumu saņēmēji}
    unit: "%"
    direction: higher
"""
MINIMAL_NETWORK = """network:
  code: T2
  name: {lv: Sociālā darba un veselības aprūpes pieejamības nodrošināšanas tīkls, en: Social work}
  indicators: [ASC1, ASC3]
  members: all
  structural: [POP, TAXBASE]
"""
MORE_INDICATORS = """indicators:
  - {code: ASC1, name: Carer quality of life, unit: score, direction: higher}
  - {code: POP, name: Population, unit: persons, direction: neutral}
  - {code: TAXBASE, name: Tax base, unit: EUR, direction: neutral}
"""


def test_minimal_forms_load_exactly_as_written(tmp_path: Path) -> None:
    files = [
        write(tmp_path / "a.yaml", MINIMAL_INDICATOR),
        write(tmp_path / "b.yaml", MORE_INDICATORS),
        write(tmp_path / "t2.yaml", MINIMAL_NETWORK),
    ]

    found = read_files(files)

    asc3 = found.indicators["ASC3"]
    assert asc3.label("en") == "Service users who find it easy to find information"
    assert asc3.label("lv") == "Pakalpojumu saņēmēji"
    assert (asc3.unit, asc3.direction) == ("%", "higher")
    t2 = found.networks["T2"]
    assert t2.indicator_codes == ("ASC1", "ASC3")
    assert t2.members == "all"
    assert [s.code for s in t2.structural] == ["POP", "TAXBASE"]
    assert found.indicators["ASC1"].label("lv") == "Carer quality of life"


def test_definitions_are_frozen(tmp_path: Path) -> None:
    found = read_files([write(tmp_path / "a.yaml", MINIMAL_INDICATOR)])

    with pytest.raises(dataclasses.FrozenInstanceError):
        found.indicators["ASC3"].unit = "x"  # type: ignore[misc]


def test_to_descriptor_round_trips(tmp_path: Path) -> None:
    found = read_files([write(tmp_path / "w.yaml", WORKSPACE_DEFINITIONS)])

    for indicator in found.indicators.values():
        again, _, problems = read_descriptor({"indicators": [indicator.to_descriptor()]}, "x")
        assert problems == [] and again == [indicator]
    network = found.networks["T9"]
    _, again_n, problems = read_descriptor({"network": network.to_descriptor()}, "x")
    assert problems == [] and again_n == [network]


def test_units_and_sources_in_several_languages(tmp_path: Path) -> None:
    path = write(
        tmp_path / "lv.yaml",
        """indicators:
  - code: WAIT
    name: {en: Waiting time, lv: Gaidīšanas laiks}
    unit: {en: days, lv: dienas}
    direction: lower
    source: {en: Ministry of Welfare, lv: Labklājības ministrija}
  - {code: POP, name: Population, unit: persons, direction: neutral, source: CSP}
network:
  code: N
  name: Network
  indicators: [WAIT]
  source: {lv: Latvijas Pašvaldību savienība, en: Latvian Association of Local Governments}
""",
    )

    found = read_files([path])

    wait, pop, net = found.indicators["WAIT"], found.indicators["POP"], found.networks["N"]
    assert (wait.unit, wait.unit_label("lv"), wait.unit_label("de")) == ("days", "dienas", "days")
    assert (wait.source, wait.source_label("lv")) == (
        "Ministry of Welfare",
        "Labklājības ministrija",
    )
    assert (pop.unit_label("lv"), pop.source_label("lv"), pop.source_label("en")) == (
        "persons", "CSP", "CSP"
    )  # fmt: skip
    assert net.source_label("lv") == "Latvijas Pašvaldību savienība"
    assert net.source_label("en") == "Latvian Association of Local Governments"
    # Written back as they were read, and read again into equal definitions.
    assert wait.to_descriptor()["source"] == {
        "en": "Ministry of Welfare",
        "lv": "Labklājības ministrija",
    }
    assert pop.to_descriptor()["source"] == "CSP"
    for indicator in (wait, pop):
        again, _, problems = read_descriptor({"indicators": [indicator.to_descriptor()]}, "x")
        assert problems == [] and again == [indicator]
    _, again_n, problems = read_descriptor({"network": net.to_descriptor()}, "x")
    assert problems == [] and again_n == [net]


def test_a_source_in_several_languages_is_checked_like_a_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.yaml",
        """indicators:
  - {code: A, name: A, unit: {en: days, lv: ""}, direction: lower, source: {english: CSP}}
  - {code: B, name: B, unit: days, direction: lower, source: [CSP]}
""",
    )

    with pytest.raises(ValidationError) as caught:
        read_files([path])

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 2, column 41: indicators[0].unit.lv: must be a non-empty string",
        f"{path}, row 2, column 77: indicators[0].source.english: is not a language code such as en or lv",
        f"{path}, row 3, column 54: indicators[1].source: must be a string or a mapping of language to string, "
        "e.g. {en: ..., lv: ...}",
    ]


def test_every_problem_is_reported_with_file_and_path(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        """indicators:
  - code: 1BAD
    name: ""
    unit: "%"
    direction: up
    colour: red
  - code: OK
    name: {en: Fine, xx1: nope}
    unit: "%"
    direction: higher
    min: 10
    max: 5
    formula: OK * 2
  - code: F
    name: F
    unit: x
    direction: neutral
    formula: "__import__('os')"
network:
  code: N
  name: Net
  indicators: [OK, MISSING, OK]
  normalisation: fancy
""",
    )

    with pytest.raises(ValidationError) as caught:
        read_files([bad])

    assert [str(p) for p in caught.value.problems] == [
        f"{bad}, row 6, column 5: indicators[0].colour: unknown key (allowed: aggregation, code, comparator, decimals, "
        "denominator, description, direction, formula, max, max_change, min, multiplier, name, "
        "numerator, pull, required, rules, scale, source, standard_error, statistic, suppress_below, "
        "topic, unit, visibility, "
        "weight)",
        f"{bad}, row 2, column 5: indicators[0].code: '1BAD' is not a valid code (a letter, then letters, digits or _)",
        f"{bad}, row 3, column 5: indicators[0].name: must be a string or a mapping of language to string, "
        "e.g. {en: ..., lv: ...}",
        f"{bad}, row 5, column 5: indicators[0].direction: 'up' is not one of higher, lower, neutral",
        f"{bad}, row 8, column 22: indicators[1].name.xx1: is not a language code such as en or lv",
        f"{bad}, row 12, column 5: indicators[1].max: 5 is below min 10",
        f"{bad}, row 13, column 5: indicators[1].formula: refers to the indicator itself",
        f"{bad}, row 18, column 5: indicators[2].formula: \"__import__('os')\": unknown function '__import__' "
        "(allowed: abs, log, max, min, sqrt)",
        f"{bad}, row 22, column 3: network.indicators: OK is listed more than once",
        f"{bad}, row 23, column 3: network.normalisation: 'fancy' is not one of minmax, zscore, rank, grade",
    ]


def test_cross_file_references_are_checked(tmp_path: Path) -> None:
    a = write(
        tmp_path / "a.yaml",
        """indicators:
  - {code: A, name: A, unit: x, direction: neutral, formula: B + C}
  - {code: B, name: B, unit: x, direction: neutral, formula: A * 2}
""",
    )
    net = write(
        tmp_path / "n.yaml",
        "network: {code: N, name: N, indicators: [A, Q], structural: [Z], population: P}\n",
    )

    with pytest.raises(ValidationError) as caught:
        read_files([a, net])

    assert [str(p) for p in caught.value.problems] == [
        f"{a}, row 2, column 53: indicators[0].formula: A: formula uses unknown indicator C",
        f"{a}, row 2, column 53: indicators[0].formula: formulas refer to each other in a circle: A → B → A",
        f"{net}, row 1, column 45: network.indicators[1]: unknown indicator Q",
        f"{net}, row 1, column 62: network.structural[0]: unknown indicator Z",
        f"{net}, row 1, column 66: network.population: unknown indicator P",
    ]


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    broken = write(tmp_path / "broken.yaml", "indicators:\n  - code: [A\n")

    with pytest.raises(ValidationError) as caught:
        read_files([broken])

    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{broken}, row 3, column 1: ")


def test_unsafe_yaml_tags_are_refused(tmp_path: Path) -> None:
    evil = write(tmp_path / "evil.yaml", "indicators: !!python/object/apply:os.system ['true']\n")

    with pytest.raises(ValidationError, match="1 problem"):
        read_files([evil])


def test_duplicate_codes_across_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", MINIMAL_INDICATOR)
    b = write(tmp_path / "b.yaml", MINIMAL_INDICATOR)

    with pytest.raises(ValidationError) as caught:
        read_files([a, b])

    assert [str(p) for p in caught.value.problems] == [
        f"{b}, row 1, column 1: indicators: indicator ASC3 is already defined in {a}"
    ]


def test_folders_expand_to_their_yaml_files(tmp_path: Path) -> None:
    write(tmp_path / "one.yaml", MINIMAL_INDICATOR)
    write(tmp_path / "two.yml", MORE_INDICATORS)
    write(tmp_path / "notes.txt", "not a definition")

    found = read_files([tmp_path])

    assert sorted(found.indicators) == ["ASC1", "ASC3", "POP", "TAXBASE"]


def test_load_upserts_in_one_transaction(engine: Engine, tmp_path: Path) -> None:
    first = write(tmp_path / "w.yaml", WORKSPACE_DEFINITIONS)
    report = load_definitions(engine, [first])
    changed = write(
        tmp_path / "w2.yaml",
        WORKSPACE_DEFINITIONS.replace("unit: EUR\n", "unit: EUR thousand\n"),
    )
    broken = write(tmp_path / "x.yaml", "network: {code: T9, name: X, indicators: [NOPE]}\n")

    again = load_definitions(engine, [changed], replace=True)
    with pytest.raises(ValidationError):
        load_definitions(engine, [broken])

    assert (report.count("indicator"), report.count("network"), len(report.added)) == (4, 1, 5)
    assert [(c.kind, c.code, c.differences) for c in again.changed] == [
        ("indicator", "COST", (Difference("unit", "EUR", "EUR thousand"),))
    ]
    assert (again.added, len(again.unchanged)) == ((), 4)
    with engine.connect() as connection:
        stored = stored_definitions(connection)
    assert stored.indicators["COST"].unit == "EUR thousand"
    assert stored.networks["T9"].indicators[1].weight == 2.0
    assert stored.networks["T9"].indicator_codes == ("COST_PC", "SHARE")


def test_network_may_use_indicators_already_stored(engine: Engine, tmp_path: Path) -> None:
    load_definitions(engine, [write(tmp_path / "i.yaml", MORE_INDICATORS + MINIMAL_INDICATOR[12:])])

    report = load_definitions(engine, [write(tmp_path / "n.yaml", MINIMAL_NETWORK)])

    assert report.added == (Defined("network", "T2"),)


def test_listed_members_must_exist(engine: Engine, tmp_path: Path) -> None:
    load_definitions(engine, [write(tmp_path / "i.yaml", MORE_INDICATORS)])
    net = write(
        tmp_path / "n.yaml", "network: {code: N, name: N, indicators: [ASC1], members: [X1]}\n"
    )

    with pytest.raises(ValidationError) as caught:
        load_definitions(engine, [net])

    assert [str(p) for p in caught.value.problems] == [
        f"{net}: network.members: network N: unknown municipalities X1 "
        "(load them with `benchlearn municipalities load` first)"
    ]


def test_builtin_definitions_validate() -> None:
    found = read_files(builtin_paths())

    assert {"T2", "T3", "NVPT", "PUMPURS", "HB"} <= set(found.networks)
    for indicator in found.indicators.values():
        assert indicator.label("lv") and indicator.label("en") and indicator.description
    hb = found.networks["HB"]
    scaled = [found.indicators[c] for c in hb.indicator_codes if found.indicators[c].scale]
    assert len(scaled) == 20


def test_builtin_files_are_plain_safe_yaml() -> None:
    for folder in builtin_paths():
        for path in folder.glob("*.yaml"):
            assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path


def _marks(node: yaml.Node | None) -> list[tuple[str, int, int]]:
    """Every node's tag, row and column, in document order."""
    found: list[tuple[str, int, int]] = []
    stack = [node] if node is not None else []
    while stack:
        here = stack.pop()
        found.append((here.tag, here.start_mark.line, here.start_mark.column))
        if isinstance(here, yaml.MappingNode):
            stack.extend(part for pair in reversed(here.value) for part in reversed(pair))
        elif isinstance(here, yaml.SequenceNode):
            stack.extend(reversed(here.value))
    return found


@pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML without libyaml")
def test_libyaml_reads_the_builtins_as_the_pure_loader_does() -> None:
    from benchlearn.definitions.files import _load_fast, _load_pure, definition_files

    files = definition_files(builtin_paths())
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast, pure = _load_fast(text, str(path)), _load_pure(text, str(path))
        assert fast is not None
        assert fast[0] == pure[0] and fast[2] == pure[2] == []
        assert _marks(fast[1]) == _marks(pure[1])


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("indicators:\n  - code: [A\n", "row 3, column 1: expected ',' or ']', but got '<stream end>'"),
        ("a: 1\nb: 2\na: 3\n", "row 3, column 1: key 'a' is given twice in one mapping, at lines 1 and 3; keep one"),
        ("[" * 51 + "]" * 51 + "\n", "row 1, column 51: nested more than 50 levels deep; a definition file needs a few"),
        ("a: 1\n---\nb: 2\n", "row 2, column 1: but found another document"),
    ],
    ids=["syntax", "key twice", "51 deep", "two documents"],
)  # fmt: skip
def test_a_problem_is_told_in_the_pure_loaders_words_at_its_row_and_column(
    text: str, said: str
) -> None:
    """libyaml says "did not find expected ',' or ']'" at row 3 for the first file: a file
    with a problem is read again by the pure loader, whose words the users have."""
    from benchlearn.definitions.files import _load_fast, load_yaml

    assert _load_fast(text, "f.yaml") is None
    data, _root, problems = load_yaml(text, "f.yaml")
    assert data is None and [str(problem) for problem in problems] == [f"f.yaml, {said}"]


def test_fifty_levels_deep_are_read() -> None:
    from benchlearn.definitions.files import load_yaml

    data, _root, problems = load_yaml("[" * 50 + "]" * 50 + "\n", "f.yaml")
    assert problems == [] and data is not None
