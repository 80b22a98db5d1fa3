"""Imports at the same time, and imports killed half-way: no lost revision, nothing half-written.

Eight imports of the same values at once must each record the version it
replaced, so the history holds every version and reverting the last batch
brings back the one before it; on PostgreSQL they used to read the same stored
version and lose all but one. An import killed with SIGKILL at any point leaves
either its whole batch or nothing, and the next import completes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from benchlearn.database import make_engine
from benchlearn.importing import import_file
from benchlearn.importing.history import history, revert
from benchlearn.models import ImportBatch, Observation
from tests.conftest import write

KEYS = [(m, y) for m in ("A1", "B2", "C3") for y in (2020, 2021)]
IMPORTS = 8


def version(n: int) -> str:
    """A file setting every key's COST to a value that says which version it is."""
    rows = "".join(f"{m},COST,{y},{n * 100 + i}\n" for i, (m, y) in enumerate(KEYS))
    return "municipality,indicator,year,value\n" + rows


def test_eight_imports_at_once_keep_every_version(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    import_file(workspace, write(tmp_path / "v0.csv", version(0)))
    files = [write(tmp_path / f"v{n}.csv", version(n)) for n in range(1, IMPORTS + 1)]
    errors: list[BaseException] = []
    start = threading.Barrier(IMPORTS)

    def run(path: Path) -> None:
        engine = make_engine(db_url)  # each its own engine and connection, as processes would
        try:
            start.wait()
            import_file(engine, path)
        except BaseException as error:  # collected: a thread's failure must fail the test
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert errors == []
    with workspace.connect() as connection:
        trails = {key: history(connection, key[0], "COST", key[1]) for key in KEYS}
        last = connection.execute(select(func.max(ImportBatch.id))).scalar_one()
    for i, key in enumerate(KEYS):
        seen = trails[key]["value"].tolist()
        # Every version is in the history once: the first import's, then the eight in the
        # order they got the lock, each recorded as what the next one replaced.
        assert sorted(seen) == [n * 100 + i for n in range(IMPORTS + 1)]
        assert seen[0] == i
        assert trails[key]["replaced_by"].iloc[:-1].notna().all()
    before_last = {key: trails[key]["value"].tolist()[-2] for key in KEYS}

    revert(workspace, last)

    with workspace.connect() as connection:
        now = {key: history(connection, key[0], "COST", key[1])["value"].iloc[-1] for key in KEYS}
    assert now == before_last


def test_the_same_new_file_four_times_at_once_is_written_once(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "new.csv", version(1))
    results: list[object] = []
    start = threading.Barrier(4)

    def run() -> None:
        engine = make_engine(db_url)
        try:
            start.wait()
            results.append(import_file(engine, path))
        except BaseException as error:  # an IntegrityError here was the defect
            results.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert sorted((r.written, r.inserted) for r in results) == [  # type: ignore[attr-defined]
        (False, 0), (False, 0), (False, 0), (True, len(KEYS))
    ]  # fmt: skip


BIG = 30_000  # rows: long enough to be killed in the middle


def big_file(path: Path, n: int) -> Path:
    municipalities = [f"M{i:04d}" for i in range(BIG // 10)]
    lines = ["municipality,indicator,year,value"]
    lines += [f"{m},COST,{2010 + y},{n * 1000 + y}" for m in municipalities for y in range(10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (path.parent / "registry.csv").write_text(
        "code,name\n" + "".join(f"{m},Municipality {m}\n" for m in municipalities),
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("delay", [0.5, 1.5, 2.5, 3.5])
def test_an_import_killed_at_any_point_leaves_all_or_nothing(
    workspace: Engine, db_url: str, tmp_path: Path, delay: float
) -> None:
    from benchlearn.registry.municipalities import load_municipalities

    first = big_file(tmp_path / "v1.csv", 1)
    load_municipalities(workspace, tmp_path / "registry.csv")
    import_file(workspace, first)
    second = big_file(tmp_path / "v2.csv", 2)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    process = subprocess.Popen(
        [sys.executable, "-m", "benchlearn", "--db", db_url, "import", str(second)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)

    def state() -> tuple[int, frozenset[float]]:
        with workspace.connect() as connection:
            batches = connection.execute(select(func.count()).select_from(ImportBatch)).scalar()
            values = connection.execute(select(Observation.value)).scalars().all()
        return int(batches or 0), frozenset(float(v) // 1000 for v in values if v is not None)

    batches, versions = state()
    # Either the killed import did not get to commit (only version 1, one batch) or it did
    # (only version 2, two batches): never a mixture.
    assert (batches, versions) in {(1, frozenset({1.0})), (2, frozenset({2.0}))}
    result = import_file(workspace, big_file(tmp_path / "v3.csv", 3))
    assert result.written and result.updated == BIG
    assert state() == (batches + 1, frozenset({3.0}))


def test_an_import_that_waits_too_long_says_so(
    sqlite_url: str, workspace_files: dict[str, Path], tmp_path: Path
) -> None:
    import sqlite3

    from sqlalchemy import create_engine, event

    from benchlearn.database import upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.errors import BenchlearnError
    from benchlearn.registry.municipalities import load_municipalities

    setup = make_engine(sqlite_url)
    upgrade(setup)
    load_municipalities(setup, workspace_files["municipalities"])
    load_definitions(setup, [workspace_files["definitions"]])
    setup.dispose()
    impatient = create_engine(sqlite_url, connect_args={"timeout": 0.2})
    event.listen(impatient, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=ON"))
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with pytest.raises(BenchlearnError) as caught:
            import_file(impatient, write(tmp_path / "v.csv", version(1)))
    finally:
        holder.rollback()
        holder.close()

    assert caught.value.text("en").endswith(
        "v.csv: the database stayed busy with another import for too long; nothing was "
        "written, import the file again"
    )
    result = import_file(impatient, tmp_path / "v.csv")  # and once free, it goes in
    assert result.written and result.inserted == len(KEYS)
    impatient.dispose()
