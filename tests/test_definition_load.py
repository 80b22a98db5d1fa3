"""Loading definitions never overwrites silently: db upgrade changes the schema only, the
built-ins load with `definitions load --builtin`, a stored definition that a file changes
is refused with its differences unless --replace, and counts count real changes only."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.database import head_revision, make_engine
from benchlearn.definitions import builtin_paths, read_files
from benchlearn.definitions.changes import DefinitionsRefused, Difference, differences
from benchlearn.definitions.store import indicator_count, load_definitions, stored_definitions
from tests.conftest import WORKSPACE_DEFINITIONS, count_statements, write

#: The schema revision `db upgrade` brings a database to.
HEAD = head_revision()


#: Every built-in definition: 87 indicators and 5 networks.
BUILTIN = 92
HINT = (
    "No indicators defined yet: load the built-in definitions with "
    "`benchlearn definitions load --builtin`.\n"
)
#: An analyst's POP: the built-in one renamed, counted in people, without a change limit.
POP_DIFFERENCES = (
    'name.en "Population at the start of the year" → "Inhabitants"; '
    'unit.en "persons" → "people"; max_change 15 → (not set)'
)
USERS = "used by networks HB, NVPT, PUMPURS, T2, T3"


def run(db_url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, *args])


def analysts_pop(tmp_path: Path) -> Path:
    """The built-in POP as an analyst rewrote it, in a file of their own."""
    pop = read_files(builtin_paths()).indicators["POP"].to_descriptor()
    pop["name"]["en"] = "Inhabitants"
    pop["unit"]["en"] = "people"
    del pop["max_change"]
    path = tmp_path / "pop.yaml"
    path.write_text(yaml.safe_dump({"indicators": [pop]}, allow_unicode=True), "utf-8")
    return path


def test_db_upgrade_changes_the_schema_only_and_says_what_to_load(db_url: str) -> None:
    upgraded = run(db_url, "db", "upgrade")

    assert (upgraded.exit_code, upgraded.output) == (0, f"Schema at revision {HEAD}.\n" + HINT)
    engine = make_engine(db_url)
    with engine.connect() as connection:
        assert indicator_count(connection) == 0
    engine.dispose()


def test_db_upgrade_gives_no_hint_once_definitions_are_loaded(db_url: str) -> None:
    assert run(db_url, "definitions", "load", "--builtin").exit_code == 0

    upgraded = run(db_url, "--lang", "lv", "db", "upgrade")

    assert (upgraded.exit_code, upgraded.output) == (0, f"Datubāzes shēmas versija: {HEAD}.\n")


def test_the_builtins_load_on_a_brand_new_file(tmp_path: Path) -> None:
    path = tmp_path / "new" / "bench.db"
    path.parent.mkdir()

    loaded = run(f"sqlite:///{path}", "definitions", "load", "--builtin")

    assert (loaded.exit_code, loaded.output) == (
        0,
        f"Schema at revision {HEAD}.\nDefinitions: {BUILTIN} added, 0 changed, 0 unchanged.\n",
    )


def test_loading_the_builtins_twice_changes_nothing(db_url: str) -> None:
    first = run(db_url, "definitions", "load", "--builtin")

    again = run(db_url, "definitions", "load", "--builtin")
    latvian = run(db_url, "--lang", "lv", "definitions", "load", "--builtin")

    assert first.exit_code == 0, first.output
    assert (again.exit_code, again.output) == (
        0,
        f"Definitions: 0 added, 0 changed, {BUILTIN} unchanged.\n",
    )
    assert (latvian.exit_code, latvian.output) == (
        0,
        f"Definīcijas: pievienotas 0, mainītas 0, nemainītas {BUILTIN}.\n",
    )


def test_an_analysts_pop_over_the_builtin_is_refused_with_its_differences(
    db_url: str, tmp_path: Path
) -> None:
    assert run(db_url, "definitions", "load", "--builtin").exit_code == 0
    pop = analysts_pop(tmp_path)

    refused = run(db_url, "definitions", "load", str(pop))
    checked = run(db_url, "definitions", "validate", str(pop))
    latvian = run(db_url, "--lang", "lv", "definitions", "load", str(pop))

    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == (
        "Error: stored definitions these files would change: 1; nothing was loaded "
        "(to change them, load again with --replace)\n"
        f"  {pop}: indicator POP, {USERS}: {POP_DIFFERENCES}\n"
    )
    assert (checked.exit_code, checked.stderr) == (
        1,
        "Error: stored definitions these files would change: 1; `definitions load` "
        "changes them with --replace only\n"
        f"  {pop}: indicator POP, {USERS}: {POP_DIFFERENCES}\n",
    )
    assert (latvian.exit_code, latvian.stderr) == (
        1,
        "Kļūda: saglabātās definīcijas, ko šie faili mainītu: 1; nekas netika ielādēts "
        "(lai tās mainītu, ielādējiet vēlreiz ar --replace)\n"
        f"  {pop}: rādītājs POP, ko izmanto tīkli HB, NVPT, PUMPURS, T2, T3: "
        'name.en "Population at the start of the year" → "Inhabitants"; '
        'unit.en "persons" → "people"; max_change 15 → (nav norādīts)\n',
    )
    engine = make_engine(db_url)
    with engine.connect() as connection:
        assert stored_definitions(connection).indicators["POP"].label("en") == (
            "Population at the start of the year"
        )
    engine.dispose()


def test_replace_changes_the_builtin_and_the_builtins_then_want_it_back(
    db_url: str, tmp_path: Path
) -> None:
    assert run(db_url, "definitions", "load", "--builtin").exit_code == 0
    pop = analysts_pop(tmp_path)

    replaced = run(db_url, "definitions", "load", "--replace", str(pop))
    same_again = run(db_url, "definitions", "load", str(pop))
    builtins = run(db_url, "definitions", "load", "--builtin")

    assert (replaced.exit_code, replaced.output) == (
        0,
        "Definitions: 0 added, 1 changed, 0 unchanged.\n"
        f"  changed indicator POP, {USERS}: {POP_DIFFERENCES}\n",
    )
    assert (same_again.exit_code, same_again.output) == (
        0,
        "Definitions: 0 added, 0 changed, 1 unchanged.\n",
    )
    assert builtins.exit_code == 1
    assert builtins.stderr.splitlines()[1] == (
        f"  {builtin_paths()[0] / 'context.yaml'}: indicator POP, {USERS}: "
        'name.en "Inhabitants" → "Population at the start of the year"; '
        'unit.en "people" → "persons"; max_change (not set) → 15'
    )


def test_validate_with_replace_says_what_would_change(db_url: str, tmp_path: Path) -> None:
    assert run(db_url, "definitions", "load", "--builtin").exit_code == 0
    pop = analysts_pop(tmp_path)

    checked = run(db_url, "--lang", "lv", "definitions", "validate", "--replace", str(pop))

    assert (checked.exit_code, checked.output) == (
        0,
        "Definīcijas ir derīgas: 1 rādītājs, 0 tīkli.\n"
        "  mainīts: rādītājs POP, ko izmanto tīkli HB, NVPT, PUMPURS, T2, T3: "
        'name.en "Population at the start of the year" → "Inhabitants"; '
        'unit.en "persons" → "people"; max_change 15 → (nav norādīts)\n',
    )


def test_load_needs_files_or_builtin(db_url: str) -> None:
    found = run(db_url, "definitions", "load")

    assert found.exit_code == 2
    assert found.output.splitlines()[-1] == (
        "Error: give definition files or folders, or --builtin for the shipped definitions"
    )


def test_a_refused_load_writes_nothing_and_carries_its_report(
    workspace: Engine, tmp_path: Path
) -> None:
    changed = WORKSPACE_DEFINITIONS.replace("unit: EUR\n", "unit: EUR thousand\n")
    extra = "  - {code: NEW, name: New, unit: x, direction: higher}\n"
    path = write(tmp_path / "w.yaml", changed.replace("\nnetwork:", "\n" + extra + "network:", 1))

    with pytest.raises(DefinitionsRefused) as caught:
        load_definitions(workspace, [path])

    report = caught.value.report
    assert [(c.kind, c.code, c.used_by) for c in report.refused] == [("indicator", "COST", ("T9",))]
    assert report.refused[0].differences == (Difference("unit", "EUR", "EUR thousand"),)
    assert [(d.kind, d.code) for d in report.added] == [("indicator", "NEW")]
    assert (report.changed, len(report.unchanged)) == ((), 4)
    with workspace.connect() as connection:
        assert "NEW" not in stored_definitions(connection).indicators


def test_a_network_whose_members_alone_differ_is_unchanged(
    workspace: Engine, tmp_path: Path
) -> None:
    """Members seed a new network only, so a file listing others changes nothing."""
    listed = WORKSPACE_DEFINITIONS.replace("  members: all\n", "  members: [A1]\n")
    assert listed != WORKSPACE_DEFINITIONS

    report = load_definitions(workspace, [write(tmp_path / "w.yaml", listed)])

    assert (report.added, report.changed, len(report.unchanged)) == ((), (), 5)


def test_differences_open_mappings_and_keep_lists_whole() -> None:
    old = {"code": "N", "name": {"en": "A", "lv": "Ā"}, "unit": {"en": "days"}, "indicators": ["X"]}
    new = {"code": "N", "name": {"en": "B"}, "unit": "days", "indicators": ["X", "Y"], "min": 0.0}

    found = differences(old, new)

    assert [d.text() for d in found] == [
        'name.en "A" → "B"',
        'name.lv "Ā" → (not set)',
        'unit {"en": "days"} → "days"',
        'indicators ["X"] → ["X", "Y"]',
        "min (not set) → 0",
    ]


def test_python_loads_the_builtins_on_a_new_database_and_replaces_on_request(
    tmp_path: Path,
) -> None:
    import benchlearn
    from benchlearn.definitions.changes import Defined

    with benchlearn.open(tmp_path / "new.db") as db:
        first = db.load_definitions()
        with pytest.raises(DefinitionsRefused) as caught:
            db.load_definitions(analysts_pop(tmp_path))
        replaced = db.load_definitions(analysts_pop(tmp_path), replace=True)

    assert (len(first.added), first.count("indicator"), first.count("network")) == (BUILTIN, 87, 5)
    assert [c.code for c in caught.value.report.refused] == ["POP"]
    assert [c.text() for c in replaced.changed] == [f"indicator POP, {USERS}: {POP_DIFFERENCES}"]
    assert Defined("indicator", "POP") not in replaced.unchanged


def test_a_network_asked_for_before_any_is_loaded_says_how_to_load_them(db_url: str) -> None:
    assert run(db_url, "db", "upgrade").exit_code == 0

    found = run(db_url, "rank", "--network", "T2", "--year", "2024")
    latvian = run(db_url, "--lang", "lv", "rank", "--network", "T2", "--year", "2024")

    assert (found.exit_code, found.output) == (
        1,
        "Error: unknown network 'T2' (known: none loaded; "
        "`benchlearn definitions load --builtin` loads the built-in ones)\n",
    )
    assert latvian.output == (
        "Kļūda: nezināms tīkls „T2” (zināmie: neviens nav ielādēts; "
        "iebūvētos ielādē `benchlearn definitions load --builtin`)\n"
    )


def test_builtin_and_files_load_together_on_a_new_database(tmp_path: Path) -> None:
    """A network of one's own on the built-in indicators, both in one load, from nothing."""
    mine = write(
        tmp_path / "mine.yaml",
        "network:\n  code: MINE\n  name: Mine\n  indicators: [T2_GP_PER_10K]\n"
        "  structural: [{code: POP, log: true}, MEDIAN_AGE]\n  population: POP\n",
    )

    loaded = run(f"sqlite:///{tmp_path / 'b.db'}", "definitions", "load", "--builtin", str(mine))

    assert (loaded.exit_code, loaded.output) == (
        0,
        f"Schema at revision {HEAD}.\nDefinitions: {BUILTIN + 1} added, 0 changed, 0 unchanged.\n",
    )


def test_the_builtins_over_themselves_write_nothing(engine: Engine) -> None:
    load_definitions(engine, builtin=True)
    seen = count_statements(engine)

    report = load_definitions(engine, builtin=True)

    assert (report.added, report.changed, len(report.unchanged)) == ((), (), BUILTIN)
    writes = [s for s in seen if s.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
