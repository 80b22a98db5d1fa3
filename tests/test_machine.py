"""The machine under a command: a full disk, read-only places, names too long, concurrent
upgrades, a lost or busy database, a run killed half-way, a terminal's escape codes.

Issue 23, items 15, 16, 20 and 21. Each case asserts the one sentence (English and
Latvian), the exit code (3: the machine) and that the output folder or the database is
as it was or whole. The full disk and the read-only file system are small tmpfs mounts
made by the test (root only, as in CI); the lost connection is a private PostgreSQL
cluster the test starts and restarts, never the shared one.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select, text

from benchlearn.cli import cli
from benchlearn.database import make_engine, upgrade
from benchlearn.errors import MachineProblem
from benchlearn.importing import import_file
from benchlearn.messages import say
from benchlearn.models import ImportBatch
from benchlearn.outputs import machine_problem, whole_file, whole_folder
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import REPO, write
from tests.test_hostile import FORBIDDEN, stored

VALUES = """municipality,indicator,year,value,status
A1,COST,2023,110,
A1,POP,2023,10,
B2,COST,2023,310,
B2,POP,2023,20,
C3,COST,2023,130,
C3,POP,2023,30,
A1,SHARE,2023,58.25,
B2,SHARE,2023,61,
C3,SHARE,2023,66.6,
"""
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def invoke(db_url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, *args], env=env)
    return result.exit_code, result.output


def sentence(key: str, **values: object) -> tuple[str, str]:
    """The error line a user reads, in English and in Latvian."""
    return (
        "Error: " + say(key, "en", values) + "\n",
        "Kļūda: " + say(key, "lv", values) + "\n",
    )


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (hidden ones too) and a digest of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def network(workspace: Engine, tmp_path: Path) -> Engine:
    """The small workspace's network T9 with its 2023 values."""
    import_file(workspace, write(tmp_path / "v.csv", VALUES))
    return workspace


def mount_tmpfs(folder: Path, options: str) -> None:
    if not ROOT:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root: the tmpfs for the full disk cannot be mounted")
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    folder.mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], check=True)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 kB tmpfs filled to its last byte by one file."""
    disk = tmp_path / "disk"
    mount_tmpfs(disk, "size=256k")
    try:
        with (disk / "filler").open("wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError as error:
                assert error.errno == errno.ENOSPC
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs mounted read-only, holding one folder ``out`` with one file."""
    disk = tmp_path / "ro"
    mount_tmpfs(disk, "size=256k")
    try:
        (disk / "out").mkdir()
        (disk / "out" / "kept.txt").write_text("kept", encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


# --- 15. a full disk, a read-only place, a name too long ----------------------------

OUTPUTS = [
    ("site", "site"),
    ("workbook", "meeting.xlsx"),
    ("report", "pack.pdf"),
    ("rank", "rank.csv"),
    ("forms make", "forms"),
]


@SQLITE_ONLY
@pytest.mark.parametrize(("command", "name"), OUTPUTS)
def test_a_full_disk_writes_nothing_and_says_so(
    network: Engine, db_url: str, full_disk: Path, command: str, name: str
) -> None:
    before = tree(full_disk)
    target = full_disk / name
    english, latvian = sentence("out_disk_full", path=str(target))

    args = [*command.split(), "-n", "T9", "--year", "2023", "-o", str(target)]

    assert invoke(db_url, *args) == (3, english)
    if command in ("site", "rank"):  # the same sentence in Latvian (one path for all)
        assert invoke(db_url, "--lang", "lv", *args) == (3, latvian)
    assert tree(full_disk) == before
    assert not any(word in english + latvian for word in FORBIDDEN[:4])


@SQLITE_ONLY
@pytest.mark.parametrize(("command", "name"), OUTPUTS)
def test_a_read_only_folder_writes_nothing_and_says_so(
    network: Engine, db_url: str, read_only_disk: Path, command: str, name: str
) -> None:
    before = tree(read_only_disk)
    target = read_only_disk / "out" / name

    code, output = invoke(db_url, *command.split(), "-n", "T9", "--year", "2023", "-o", str(target))

    assert (code, output) == (3, sentence("out_read_only", path=str(target))[0])
    assert tree(read_only_disk) == before


@SQLITE_ONLY
def test_a_file_name_too_long_writes_nothing_and_says_so(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    target = tmp_path / ("r" * 300 + ".csv")

    code, output = invoke(db_url, "rank", "-n", "T9", "--year", "2023", "-o", str(target))

    assert (code, output) == (3, sentence("out_name_too_long", path=str(target))[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test.db", "v.csv", "workspace"]


def test_a_name_too_long_inside_a_folder_is_named_where_it_would_be(tmp_path: Path) -> None:
    target = tmp_path / "site"
    long_name = "m" * 300 + ".html"
    with pytest.raises(MachineProblem) as raised, whole_folder(target) as folder:
        (folder / "index.html").write_text("whole", encoding="utf-8")
        (folder / long_name).write_text("never", encoding="utf-8")

    assert raised.value.text("lv") == say(
        "out_name_too_long", "lv", {"path": str(target / long_name)}
    )
    assert list(tmp_path.iterdir()) == []


def test_a_folder_one_may_not_write_in_is_told() -> None:
    """Root may write anywhere, so the refusal (EACCES, EPERM) is given to the helper."""
    target = Path("/srv/out.xlsx")
    for code in (errno.EACCES, errno.EPERM):
        problem = machine_problem(OSError(code, os.strerror(code), str(target)), target)
        assert problem is not None
        assert (problem.text("en"), problem.text("lv")) == (
            say("out_not_allowed", "en", {"path": str(target)}),
            say("out_not_allowed", "lv", {"path": str(target)}),
        )
    assert machine_problem(OSError(errno.ENOENT, "gone"), target) is None


def test_xlsxwriters_file_create_error_is_the_disk_it_wraps(tmp_path: Path) -> None:
    from xlsxwriter.exceptions import FileCreateError

    target = tmp_path / "book.xlsx"
    with pytest.raises(MachineProblem) as raised, whole_file(target):
        raise FileCreateError(OSError(errno.ENOSPC, "No space left on device"))

    assert raised.value.key == "out_disk_full"
    assert list(tmp_path.iterdir()) == []


@SQLITE_ONLY
def test_a_read_only_sqlite_database_is_told_without_sql(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    disk = tmp_path / "dbdisk"
    mount_tmpfs(disk, "size=8m")
    try:
        database = disk / "ro.db"
        shutil.copy(tmp_path / "test.db", database)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        url = f"sqlite:///{database}"
        before = stored(make_engine(url))
        change = write(tmp_path / "change.csv", VALUES.replace("110", "111"))

        code, output = invoke(url, "import", str(change))

        assert (code, output) == (3, sentence("db_read_only", database=str(database))[0])
        assert stored(make_engine(url)) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_two_upgrades_at_once_wait_for_each_other(db_url: str) -> None:
    engines = [make_engine(db_url) for _ in range(2)]
    start = threading.Barrier(2)
    found: list[object] = []

    def run(engine: Engine) -> None:
        start.wait()
        try:
            found.append(upgrade(engine))
        except Exception as error:  # pragma: no cover - what the test is about
            found.append(error)

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    head = found[0]
    assert found == [head, head] and isinstance(head, str) and head != "base"
    with engines[0].connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    code, output = invoke(db_url, "db", "upgrade")
    assert code == 0 and output.startswith(say("run_schema", "en", {"revision": head}))
    for engine in engines:
        engine.dispose()


# --- 15. PostgreSQL restarted under an import (a private cluster) ---------------------


def postgres_binaries() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent if candidates else None


def as_postgres(command: list[str]) -> list[str]:
    """``command`` as the postgres user when run as root (initdb and pg_ctl refuse root)."""
    if not ROOT:
        return command
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in command)]


@pytest.fixture
def private_cluster() -> Iterator[tuple[str, Path]]:
    """A throwaway PostgreSQL cluster of this test's own: its URL and its folder (in /tmp,
    which the postgres user can reach, unlike pytest's folders of root's own)."""
    import socket
    import tempfile

    binaries = postgres_binaries()
    if binaries is None:
        if os.environ.get("CI"):
            pytest.fail("CI has PostgreSQL: initdb was not found")
        pytest.skip("the PostgreSQL binaries (initdb, pg_ctl) are not installed")
    folder = Path(tempfile.mkdtemp(prefix="benchlearn-test-pg-"))
    if ROOT:
        subprocess.run(["id", "postgres"], check=True, capture_output=True)
        shutil.chown(folder, "postgres")
        folder.chmod(0o755)
    data = folder / "data"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(
        as_postgres([str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w"]
    # the server would keep captured pipes open: its output goes to the log, ours nowhere
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "timeout": 60}
    subprocess.run(as_postgres([*pg_ctl, "-o", options, "start"]), check=True, **quiet)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", folder
    finally:
        subprocess.run(as_postgres([*pg_ctl, "-m", "immediate", "stop"]), **quiet)
        shutil.rmtree(folder, ignore_errors=True)


def test_a_server_restarted_under_an_import_writes_nothing_of_it(
    private_cluster: tuple[str, Path], workspace_files: dict[str, Path], tmp_path: Path
) -> None:
    from benchlearn.definitions.store import load_definitions

    url, folder = private_cluster
    binaries = postgres_binaries()
    assert binaries is not None
    engine = make_engine(url)
    upgrade(engine)
    load_municipalities(engine, workspace_files["municipalities"])
    load_definitions(engine, [workspace_files["definitions"]])
    import_file(engine, write(tmp_path / "first.csv", VALUES))
    before = stored(engine)
    pg_ctl = [str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-w", "-m", "fast"]

    def restart(_rows: int) -> None:
        subprocess.run(
            as_postgres([*pg_ctl, "restart"]),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    change = write(tmp_path / "change.csv", VALUES.replace("110", "111"))
    with pytest.raises(MachineProblem) as raised:
        import_file(engine, change, progress=restart)

    assert raised.value.text("en") == say("imp_connection_lost", "en", {"file": str(change)})
    assert raised.value.text("lv") == say("imp_connection_lost", "lv", {"file": str(change)})
    assert stored(engine) == before
    with engine.connect() as connection:
        batches = connection.execute(select(func.count()).select_from(ImportBatch)).scalar()
    assert batches == 1
    engine.dispose()


# --- 16. a run killed half-way leaves the old output whole ---------------------------

KILL_HALF_WAY = """
import os, signal, sys
from benchlearn.commands import write_site
from benchlearn.database import make_engine

def halt(done, total):
    if done >= 3:
        os.kill(os.getpid(), signal.SIGKILL)

write_site(make_engine(sys.argv[1]), "T9", 2023, sys.argv[2], workers=1, progress=halt)
"""


def killed_site(db_url: str, target: Path) -> int:
    """Run ``site`` in a process that is killed (SIGKILL) after its third page."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.run(
        [sys.executable, "-c", KILL_HALF_WAY, db_url, str(target)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    return process.returncode


@SQLITE_ONLY
def test_a_site_killed_half_way_leaves_the_old_site_whole(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    parent = tmp_path / "web"
    parent.mkdir()
    target = parent / "site"

    assert killed_site(db_url, target) == -signal.SIGKILL
    assert not target.exists()  # a first build killed: no site, not a partial one
    left = [p.name for p in parent.iterdir()]
    assert len(left) == 1 and left[0].startswith(".benchlearn-") and left[0].endswith(".partial")

    assert invoke(db_url, "site", "-n", "T9", "--year", "2023", "-o", str(target))[0] == 0
    assert [p.name for p in parent.iterdir()] == ["site"]  # the next run cleaned up
    whole = tree(target)
    assert "index.html" in whole and len(whole) > 4

    import_file(network, write(tmp_path / "new.csv", VALUES.replace("110", "115")))
    assert killed_site(db_url, target) == -signal.SIGKILL
    assert tree(target) == whole  # a rebuild killed: the old site, every page of it

    assert invoke(db_url, "site", "-n", "T9", "--year", "2023", "-o", str(target))[0] == 0
    assert [p.name for p in parent.iterdir()] == ["site"]
    assert tree(target) != whole and set(tree(target)) == set(whole)


# --- 20. a reader behind a stuck writer waits seconds, then says so -----------------


@SQLITE_ONLY
def test_a_reader_behind_a_stuck_sqlite_writer_says_the_database_is_busy(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    import sqlite3

    database = tmp_path / "test.db"
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        began = time.monotonic()
        code, output = invoke(
            db_url, "rank", "-n", "T9", "--year", "2023", env={"BENCHLEARN_DB_WAIT": "1"}
        )
        waited = time.monotonic() - began
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert (code, output) == (3, sentence("db_busy_sqlite", database=str(database), seconds=1)[0])
    assert waited < 10


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_reader_behind_a_postgresql_lock_says_the_database_is_busy(
    network: Engine, db_url: str
) -> None:
    with network.connect() as holder:
        holder.execute(text("LOCK TABLE observations IN ACCESS EXCLUSIVE MODE"))
        began = time.monotonic()
        code, output = invoke(
            db_url, "rank", "-n", "T9", "--year", "2023", env={"BENCHLEARN_DB_WAIT": "1"}
        )
        waited = time.monotonic() - began
        holder.rollback()
    server = network.url.set(query={}).render_as_string(hide_password=True)

    assert (code, output) == (3, sentence("db_busy_postgresql", database=server, seconds=1)[0])
    assert waited < 10


# --- 21. a terminal's escape codes are shown, not obeyed ----------------------------

ESCAPE = "\x1b[2J\x1b[32mOK"


@SQLITE_ONLY
def test_a_file_named_with_escape_codes_is_shown_escaped(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = write(tmp_path / f"v{ESCAPE}.csv", "municipality,indicator,year,value\nZZ,COST,2023,1\n")

    code, output = invoke(db_url, "import", str(path))

    assert code == 1
    assert "\x1b" not in output
    shown = str(path).replace("\x1b", "\\x1b")
    assert output.splitlines()[1].startswith(f"  {shown}, row 2, column municipality: ")


@SQLITE_ONLY
def test_a_municipality_named_with_escape_codes_is_shown_escaped(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    load_municipalities(network, write(tmp_path / "m.csv", f'code,name\nB2,"Beta{ESCAPE}"\n'))

    code, output = invoke(db_url, "rank", "-n", "T9", "--year", "2023", "-i", "SHARE")

    assert code == 0
    assert "\x1b" not in output
    assert "Beta\\x1b[2J\\x1b[32mOK" in output
