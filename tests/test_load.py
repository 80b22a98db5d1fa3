"""Many users on one server: eight processes importing and reading on PostgreSQL at once.

Each process stands for a municipality's analyst: it imports new versions of
its own values and, after each import, ranks the network as a facilitator
would. All eight start at one moment, so their imports queue for the import
lock while the others rank. Nothing may fail, no row may be lost, every version
must be in the history, and the test prints the throughput it reached (see
docs/performance.md for the figures of a run).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from benchlearn.database import make_engine
from benchlearn.importing import import_file
from benchlearn.models import ImportBatch, Observation, ObservationRevision

PROCESSES = 8
#: Versions each process imports: three rounds keep all eight queued on the lock at once
#: (the first version is an insert, the later ones revisions) in about five seconds; a fixed
#: time of 15 s did no more than repeat the same rounds.
ROUNDS = 3
PLACES = 40  # municipalities each process owns
YEARS = range(2010, 2020)


def places(worker: int) -> list[str]:
    return [f"W{worker}M{m:03d}" for m in range(PLACES)]


def version_file(folder: Path, worker: int, n: int) -> Path:
    """Version ``n`` of a process's values: COST and SHARE of its places over ten years."""
    lines = ["municipality,year,COST,SHARE"]
    lines += [f"{m},{y},{n * 1000 + y - 2000},{n % 100}" for m in places(worker) for y in YEARS]
    path = folder / f"w{worker}-v{n}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def work(url: str, worker: int, folder: str, start: Any, out: Any) -> None:
    """One process: import a new version, then rank the network, ``ROUNDS`` times."""
    from benchlearn.commands import rank

    engine = make_engine(url)
    imports = reads = 0
    errors: list[str] = []
    start.wait()
    began = time.monotonic()
    while imports < ROUNDS:
        try:
            result = import_file(engine, version_file(Path(folder), worker, imports + 1))
            assert result.written and result.changed == PLACES * len(YEARS) * 2, result
            imports += 1
            ranked = rank(engine, "T9", 2015)
            assert len(ranked) > 0
            reads += 1
        except BaseException as error:  # reported to the test, which fails on any
            errors.append(f"{type(error).__name__}: {error}")
            break
    out.put((worker, imports, reads, time.monotonic() - began, errors))
    engine.dispose()


@pytest.fixture
def server(postgres_url: str, workspace_files: dict[str, Path]) -> Iterator[Engine]:
    """The small workspace on PostgreSQL only: this is about many users of one server."""
    from benchlearn.database import upgrade
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    engine = make_engine(postgres_url)
    upgrade(engine)
    load_municipalities(engine, workspace_files["municipalities"])
    load_definitions(engine, [workspace_files["definitions"]])
    yield engine
    engine.dispose()


@pytest.mark.slow
def test_eight_processes_import_and_read_at_once_and_lose_nothing(
    server: Engine, postgres_url: str, tmp_path: Path
) -> None:
    from benchlearn.registry.municipalities import load_municipalities

    workspace = server
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "code,name\n" + "".join(f"{m},Place {m}\n" for w in range(PROCESSES) for m in places(w)),
        encoding="utf-8",
    )
    load_municipalities(workspace, registry)
    spawn = multiprocessing.get_context("spawn")
    start, out = spawn.Barrier(PROCESSES), spawn.Queue()
    processes = [
        spawn.Process(target=work, args=(postgres_url, w, str(tmp_path), start, out))
        for w in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    reports = [out.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)

    assert [r[4] for r in reports] == [[]] * PROCESSES
    imports = {worker: count for worker, count, *_ in reports}
    assert sorted(imports.items()) == [(w, ROUNDS) for w in range(PROCESSES)]
    assert [r[2] for r in reports] == [ROUNDS] * PROCESSES  # and as many rankings
    per_file = PLACES * len(YEARS) * 2
    with workspace.connect() as connection:
        stored = connection.execute(select(func.count()).select_from(Observation)).scalar_one()
        revisions = connection.execute(
            select(func.count()).select_from(ObservationRevision)
        ).scalar_one()
        batches = connection.execute(select(func.count()).select_from(ImportBatch)).scalar_one()
        latest = dict(
            connection.execute(
                text(
                    "SELECT m.code, max(o.value) FROM observations o JOIN municipalities m "
                    "ON m.id = o.municipality_id JOIN indicators i ON i.id = o.indicator_id "
                    "WHERE i.code = 'COST' GROUP BY m.code"
                )
            ).all()
        )
    assert stored == PROCESSES * per_file  # every row of every process is there, once
    assert revisions == sum(n - 1 for n in imports.values()) * per_file  # every version kept
    assert batches == sum(imports.values())
    for worker, count in imports.items():  # and what is current is each process's last version
        assert {latest[m] for m in places(worker)} == {count * 1000.0 + 2019 - 2000}
    elapsed = max(r[3] for r in reports)
    rows = sum(imports.values()) * per_file
    print(
        f"\n{PROCESSES} processes for {elapsed:.1f} s: {sum(imports.values())} imports "
        f"({rows / elapsed:,.0f} rows/s) and {sum(r[2] for r in reports)} rankings "
        f"({sum(r[2] for r in reports) / elapsed:.1f}/s), no errors, no lost rows"
    )
