"""Definition files as a newcomer meets them: the README's examples, the shipped JSON Schema,
and `definitions validate` judging a file as `definitions load` does."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.definitions import builtin_paths, schema_path
from tests.conftest import write

ROOT = Path(__file__).resolve().parent.parent


def yaml_blocks() -> list[tuple[str, str]]:
    """Every ```yaml block of definitions in the README and docs/*.md, as (where, text): a
    plan file's example (``plans:``) is tested as one in tests/test_plan_files.py."""
    found = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for number, block in enumerate(re.findall(r"```yaml\n(.*?)```", text, re.S), 1):
            if not block.startswith("plans:"):
                found.append((f"{page.name} #{number}", block))
    return found


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database set up as the guide sets it up: the schema and the built-in definitions."""
    url = f"sqlite:///{tmp_path_factory.mktemp('defs') / 'b.db'}"
    for step in (["db", "upgrade"], ["definitions", "load", "--builtin"]):
        result = CliRunner().invoke(cli, ["--db", url, *step])
        assert result.exit_code == 0, result.output
    return url


def test_the_readme_has_yaml_examples() -> None:
    assert len(yaml_blocks()) >= 4


@pytest.mark.parametrize("number", range(len(yaml_blocks())), ids=[w for w, _ in yaml_blocks()])
def test_every_yaml_example_validates_as_it_is_written(
    database: str, tmp_path: Path, number: int
) -> None:
    """Each example saved as a file, beside the page's earlier examples that it builds on (the
    network example uses the indicators of the first), as an analyst follows the guide."""
    blocks = yaml_blocks()
    where, _ = blocks[number]
    page = where.split(" #")[0]
    earlier = [b for w, b in blocks[: number + 1] if w.split(" #")[0] == page]
    paths = [str(write(tmp_path / f"example-{i}.yaml", b)) for i, b in enumerate(earlier, 1)]

    # The examples build on the built-ins (POP, AREA_KM2) without redefining them: a plain
    # validate, as the guide runs it, must accept them.
    result = CliRunner().invoke(cli, ["--db", database, "definitions", "validate", *paths])

    assert result.exit_code == 0, f"{where}:\n{result.output}"
    assert result.output.startswith("OK: ")


NETWORK_ON_STORED = """network:
  code: MINE
  name: Mine
  members: all
  indicators: [T2_GP_PER_10K]
  structural: [{code: POP, log: true}, MEDIAN_AGE]
  population: POP
"""


def test_validate_and_load_agree_on_what_the_database_holds(database: str, tmp_path: Path) -> None:
    path = write(tmp_path / "mine.yaml", NETWORK_ON_STORED)
    runner = CliRunner()
    alone = tmp_path / "none.db"  # no database set up: the file is checked on its own

    checked = runner.invoke(cli, ["--db", database, "definitions", "validate", str(path)])
    without = runner.invoke(
        cli, ["--db", f"sqlite:///{alone}", "definitions", "validate", str(path)]
    )
    loaded = runner.invoke(cli, ["--db", database, "definitions", "load", str(path)])

    assert (checked.exit_code, checked.output) == (0, "OK: 0 indicators, 1 network.\n")
    assert loaded.exit_code == 0, loaded.output
    assert without.exit_code == 1
    assert "unknown indicator T2_GP_PER_10K" in without.output
    assert not alone.exists()  # checking created no database


def schema_validator() -> object:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_shipped_schema_accepts_every_built_in_file_and_the_readme_examples() -> None:
    validator = schema_validator()
    files = [(p.name, p.read_text(encoding="utf-8")) for p in builtin_paths_files()]

    for where, text in [*files, *yaml_blocks()]:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(text))]  # type: ignore[attr-defined]
        assert errors == [], where


def builtin_paths_files() -> list[Path]:
    return sorted(p for folder in builtin_paths() for p in Path(folder).glob("*.yaml"))


#: Files the validator refuses, each refused by the schema too (what a schema can say: keys,
#: types and choices). References between definitions and formulas only the validator checks.
REFUSED_BY_BOTH = {
    "unknown key": "indicators:\n  - {code: A, name: A, unit: x, direction: higher, decimal: 1}\n",
    "direction": "indicators:\n  - {code: A, name: A, unit: x, direction: up}\n",
    "missing unit": "indicators:\n  - {code: A, name: A, direction: higher}\n",
    "decimals": "indicators:\n  - {code: A, name: A, unit: x, direction: higher, decimals: 11}\n",
    "comparator": "indicators:\n  - {code: A, name: A, unit: x, direction: higher, "
    "comparator: mean}\n",
    "network key": "network: {code: N, name: N, indicators: [A], colour: red}\n",
    "top level": "indicator:\n  - {code: A, name: A, unit: x, direction: higher}\n",
}


@pytest.mark.parametrize("case", sorted(REFUSED_BY_BOTH))
def test_the_schema_refuses_what_the_validator_refuses(
    database: str, tmp_path: Path, case: str
) -> None:
    text = REFUSED_BY_BOTH[case]
    path = write(tmp_path / "bad.yaml", text)

    result = CliRunner().invoke(cli, ["--db", database, "definitions", "validate", str(path)])
    errors = list(schema_validator().iter_errors(yaml.safe_load(text)))  # type: ignore[attr-defined]

    assert result.exit_code == 1
    assert errors != []
