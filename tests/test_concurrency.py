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


def impatient_workspace(sqlite_url: str, workspace_files: dict[str, Path], wait: float) -> Engine:
    """The small workspace on SQLite, through an engine that waits ``wait`` s for a lock."""
    from sqlalchemy import create_engine, event

    from benchlearn.database import upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    setup = make_engine(sqlite_url)
    upgrade(setup)
    load_municipalities(setup, workspace_files["municipalities"])
    load_definitions(setup, [workspace_files["definitions"]])
    setup.dispose()
    impatient = create_engine(sqlite_url, connect_args={"timeout": wait})
    event.listen(impatient, "connect", lambda c, _r: c.execute("PRAGMA foreign_keys=ON"))
    return impatient


def test_an_import_that_waits_too_long_says_so(
    sqlite_url: str,
    workspace_files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sqlite3

    import benchlearn.database
    from benchlearn.errors import BenchlearnError

    impatient = impatient_workspace(sqlite_url, workspace_files, 0.2)
    # An import waits SQLITE_WAIT (five minutes) for the write lock, whatever the engine's
    # own timeout: here it gives up after 0.2 s, as it would after five minutes.
    monkeypatch.setattr(benchlearn.database, "SQLITE_WAIT", 0.2)
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


def test_an_import_that_changes_nothing_never_takes_the_write_lock(
    sqlite_url: str, workspace_files: dict[str, Path], tmp_path: Path
) -> None:
    import sqlite3

    impatient = impatient_workspace(sqlite_url, workspace_files, 0.2)
    import_file(impatient, write(tmp_path / "v1.csv", version(1)))
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN IMMEDIATE")  # another import is writing
    try:
        started = time.monotonic()
        result = import_file(impatient, tmp_path / "v1.csv")
        took = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert (result.written, result.unchanged, result.changed) == (False, len(KEYS), 0)
    assert took < 0.2  # it never waited for the lock, let alone gave up on it
    impatient.dispose()


def test_an_import_that_meets_a_writer_at_its_first_write_starts_again_after_it(
    sqlite_url: str, workspace_files: dict[str, Path], tmp_path: Path
) -> None:
    """The values it read may be stale once the writer commits: it reads them again.

    Just as the import is about to write its first row, another connection
    changes A1's 2020 value and commits a moment later. The import must wait
    and then record that value, not the one it read before, as the revision
    it replaces.
    """
    import sqlite3

    from sqlalchemy import event

    impatient = impatient_workspace(sqlite_url, workspace_files, 10)
    import_file(impatient, write(tmp_path / "v1.csv", version(1)))
    holder = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), check_same_thread=False)
    batches: list[str] = []

    def meddle(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("INSERT INTO import_batches"):
            batches.append(statement)
            if len(batches) == 1:
                holder.execute("BEGIN IMMEDIATE")
                holder.execute(
                    "UPDATE observations SET value = 150 WHERE year = 2020 AND municipality_id ="
                    " (SELECT id FROM municipalities WHERE code = 'A1')"
                )
                threading.Timer(0.3, holder.commit).start()

    event.listen(impatient, "before_cursor_execute", meddle)
    result = import_file(impatient, write(tmp_path / "v2.csv", version(2)))
    holder.close()

    assert len(batches) == 2  # the first attempt gave way, the second waited and wrote
    assert result.written and result.updated == len(KEYS)
    with impatient.connect() as connection:
        versions = history(connection, "A1", "COST", 2020)["value"].tolist()
    # the raw update kept no revision of 100; had the import written from its stale
    # read, it would have recorded 100 here and 150 would be lost
    assert versions == [150.0, 200.0]
    impatient.dispose()


def test_a_full_disk_says_so_and_writes_nothing(
    sqlite_url: str, workspace_files: dict[str, Path], tmp_path: Path
) -> None:
    """SQLite's own "database or disk is full", from a database that may not grow."""
    from sqlalchemy import event, text

    from benchlearn.errors import BenchlearnError

    engine = impatient_workspace(sqlite_url, workspace_files, 1)
    import_file(engine, write(tmp_path / "v1.csv", version(1)))
    with engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar_one()
        before = connection.execute(text("SELECT count(*) FROM observations")).scalar_one()
    event.listen(engine, "connect", lambda c, _r: c.execute(f"PRAGMA max_page_count={pages}"))
    engine.dispose()  # new connections may not grow the file: the disk is full
    rows = "".join(
        f"{m},{y},{y},{y % 90},{y}\n" for m in ("A1", "B2", "C3") for y in range(1990, 2025)
    )
    big = write(tmp_path / "big.csv", "municipality,year,COST,SHARE,POP\n" + rows)

    with pytest.raises(BenchlearnError) as caught:
        import_file(engine, big)

    assert caught.value.text("en") == (
        f"{big}: the disk is full; nothing was written. Free some space and import the file again"
    )
    assert caught.value.text("lv") == (
        f"{big}: disks ir pilns; nekas netika ierakstīts. Atbrīvojiet vietu un importējiet "
        "failu vēlreiz"
    )
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM observations")).scalar_one() == before
    engine.dispose()
