"""A bounded load test of ``benchlearn serve`` on PostgreSQL, beside the static site served
by a plain file server in the same run (issue 26).

Run: python benchmarks/bench_serve_load.py [--postgres URL] [--seconds 60] [--readers 50]
     [--writers 10] [--pause 1.0]

A schema of its own on the PostgreSQL server (``--postgres``, else
BENCHLEARN_TEST_POSTGRES_URL; dropped afterwards) gets the Latvian T2 network
(``tests/latvia.py``), a facilitator, a municipality user for each of the first
``--writers`` members (passwords set by the library) and an API token. Then
(``--writers 0``: reads alone, the member readers signed in as the first member):

1. ``benchlearn serve`` runs as a process of its own (uvicorn) on 127.0.0.1, and
   ``--readers`` sessions read for ``--seconds``: the site's index, member and
   indicator pages in English and Latvian, ``/api/v1/values`` and
   ``/api/v1/rankings``, as the public, as a signed-in municipality user, as the
   facilitator and with the API token; at the same time each writer (one session
   per municipality user) opens its entry form and posts it
   (``/entry/T2/YEAR/CODE`` with its ``csrf_token``), every post a new waiting
   time, remembered here, then reads the page it is sent to, and waits
   ``--pause`` seconds, as a person would before the next change.
2. The server is stopped: its CPU time and peak memory are its process's own
   (``wait4``). Every answer must have been the one expected (200 for a page or
   an answer of the API, 303 for a post) and no request may have failed; every
   figure a writer posted must be stored exactly once: the last one current, one
   revision per change, in the order posted, one batch per post.
3. The same read mix (the static site's same pages; each API call's counterpart is
   the CSV the site writes beside the page: ``index.csv`` for the values,
   ``indicators/CODE.csv`` for a ranking) for as long against ``python -m
   http.server`` serving ``benchlearn site`` of the same network and year.

Printed: requests, errors, the median and 95th percentile latency of each, the server's
as a multiple of the file server's (the baseline measured in the same run on the same
machine), and each server's CPU time and peak memory. The exit status is 1, with each
problem named, when any check fails. Before the clock starts, each audience's index
page is read once (a running server has its editions read); the load's client is one
Python process on the same machine, so on a small machine it takes CPU from the servers.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from timing import schema

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NETWORK, YEAR = "T2", 2024
#: The field each writer changes (a number of days: every post a new one, by hundredths).
CHANGED = "T2_CARE_WAIT_DAYS"
PASSWORD = "load test password, long enough"
FACILITATOR = "facilitator@load.example"
#: How long one request may take before it counts as failed.
TIMEOUT = 120.0


@dataclass
class World:
    """What the load needs to know of the database it set up."""

    url: str
    members: list[str]
    indicators: list[str]
    writers: list[str]  # the municipality codes whose users write
    token: str
    form: dict[str, dict[str, str]]  # code -> the entry form's fields as shown


@dataclass
class Tally:
    """Latencies (seconds) of the answers that were right, and what went wrong."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    #: The latencies of the entry posts alone.
    posts: list[float] = field(default_factory=list)

    def add(self, started: float, status: int, expected: int, what: str, kind: str = "") -> bool:
        """Count one answer; whether it was the one expected."""
        if status != expected:
            self.errors.append(f"{what}: {status}, not {expected}")
            return False
        took = time.perf_counter() - started
        self.latencies.append(took)
        if kind == "post":
            self.posts.append(took)
        return True


def set_up(url: str, folder: Path, writers: int) -> World:
    """The T2 network with its figures, the users with their passwords, an API token."""
    from sqlalchemy import select

    from benchlearn.accounts import add_user, make_api_token, set_password
    from benchlearn.database import make_engine, upgrade
    from benchlearn.definitions.store import stored_definitions
    from benchlearn.entry import entry_sheet
    from benchlearn.models import Municipality
    from tests.latvia import latvian_network

    engine = make_engine(url)
    upgrade(engine)
    latvian_network(engine, folder, [NETWORK], years=(YEAR - 1, YEAR))
    with engine.connect() as connection:
        network = stored_definitions(connection).network(NETWORK)
        members = sorted(connection.execute(select(Municipality.code)).scalars())
    chosen = members[:writers]
    add_user(engine, FACILITATOR, "facilitator", networks=[NETWORK], actor="bench")
    set_password(engine, FACILITATOR, PASSWORD, actor="bench")
    form = {}
    for code in chosen:
        email = f"{code.lower()}@load.example"
        add_user(engine, email, "municipality", municipality=code, networks=[NETWORK],
                 actor="bench")  # fmt: skip
        set_password(engine, email, PASSWORD, actor="bench")
        sheet = entry_sheet(engine, NETWORK, YEAR, code, "en")
        form[code] = {f.code: f.value for f in sheet.fields}
    token, _ = make_api_token(engine, FACILITATOR, name="load", actor="bench")
    engine.dispose()
    indicators = [i.code for i in network.indicators if not i.code.startswith("POP")]
    return World(url, members, indicators, chosen, token, form)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A server process, its output to ``log``."""
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=REPO)


def wait_for(base: str, path: str, process: subprocess.Popen[bytes]) -> None:
    """Until the server answers ``path`` (it is stopped and the run fails after a minute)."""
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"the server at {base} ended at its start (status {process.returncode})"
            )
        try:
            if httpx.get(base + path, timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server at {base} did not answer {path} within a minute")


def stop(process: subprocess.Popen[bytes]) -> tuple[float, float]:
    """Stop a server; its CPU seconds (``wait4``) and peak memory in MB.

    The peak is the kernel's ``VmHWM`` of the running server, read before it stops:
    ``wait4``'s ``ru_maxrss`` would be this process's own when it was forked (Linux keeps
    the larger across ``exec``), and this one holds pandas and the database's data."""
    status = Path(f"/proc/{process.pid}/status")
    peak = re.search(r"^VmHWM:\s+(\d+) kB", status.read_text(), flags=re.MULTILINE)
    process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 30
    while True:
        pid, _, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            process.kill()
            _, _, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.1)
    process.returncode = 0
    return usage.ru_utime + usage.ru_stime, int(peak.group(1)) / 1024 if peak else float("nan")


def read_plan(world: World, rng: random.Random) -> tuple[str, str]:
    """One read: the server's address and its counterpart on the static site."""
    lang = rng.choice(["", "lv/"])
    kind = rng.choices(["index", "member", "indicator", "values", "ranking"], [1, 3, 2, 2, 2])[0]
    if kind == "index":
        page = f"{lang}index.html"
    elif kind == "member":
        page = f"{lang}members/{rng.choice(world.members)}.html"
    elif kind == "indicator":
        page = f"{lang}indicators/{rng.choice(world.indicators)}.html"
    elif kind == "values":
        return f"/api/v1/values?network={NETWORK}&year={YEAR}", "/index.csv"
    else:
        code = rng.choice(world.indicators)
        return f"/api/v1/rankings/{NETWORK}/{YEAR}?indicator={code}", f"/indicators/{code}.csv"
    return f"/sites/{NETWORK}/{YEAR}/{page}", f"/{page}"


async def reader(
    base: str, world: World, n: int, deadline: float, tally: Tally, static: bool,
    headers: dict[str, str], cookies: dict[str, str],
) -> None:  # fmt: skip
    """One session reading until the deadline, the next address always chosen the same way
    for reader ``n`` (the static run reads the same addresses' counterparts)."""
    import httpx

    rng = random.Random(n)
    async with httpx.AsyncClient(base_url=base, headers=headers, cookies=cookies,
                                 timeout=TIMEOUT, follow_redirects=False) as client:  # fmt: skip
        while time.perf_counter() < deadline:
            served, counterpart = read_plan(world, rng)
            path = counterpart if static else served
            started = time.perf_counter()
            try:
                answer = await client.get(path)
                await answer.aread()
            except httpx.HTTPError as error:
                tally.errors.append(f"GET {path}: {type(error).__name__}")
                continue
            tally.add(started, answer.status_code, 200, f"GET {path}")


async def signed_in(client: Any, email: str) -> str:
    """Sign in through the login form; the session cookie's value."""
    form = await client.get("/login")
    token = csrf_of(form.text)
    answer = await client.post("/login", data={"email": email, "password": PASSWORD,
                                               "csrf_token": token})  # fmt: skip
    if answer.status_code != 303:
        raise SystemExit(f"signing in as {email} answered {answer.status_code}, not 303")
    return str(client.cookies["benchlearn_session"])


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if found is None:
        raise SystemExit("a form without its csrf_token")
    return found.group(1)


@dataclass
class Clock:
    """When the timed load ends (set when it starts: the writers sign in before)."""

    started: asyncio.Event = field(default_factory=asyncio.Event)
    deadline: float = 0.0


async def writer(
    base: str, world: World, code: str, clock: Clock, pause: float, tally: Tally,
    sent: list[str], sessions: dict[str, str],
) -> None:  # fmt: skip
    """One municipality user entering a new waiting time, post after post, until the
    deadline; every figure the server took (303) is added to ``sent``."""
    import httpx

    path = f"/entry/{NETWORK}/{YEAR}/{code}"
    base_value = float(world.form[code][CHANGED])
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, follow_redirects=False) as client:
        sessions[code] = await signed_in(client, f"{code.lower()}@load.example")
        await clock.started.wait()
        # The connection that signed in has idled past uvicorn's keep-alive (5 s) while
        # the editions were read: a browser opens a new one, so does this writer.
        await client.aclose()
    cookies = {"benchlearn_session": sessions[code]}
    async with httpx.AsyncClient(
        base_url=base, cookies=cookies, timeout=TIMEOUT, follow_redirects=False
    ) as client:
        while time.perf_counter() < clock.deadline:
            try:
                started = time.perf_counter()
                shown = await client.get(f"{path}?lang=en")
                if tally.add(started, shown.status_code, 200, f"GET {path}"):
                    figure = f"{base_value + (len(sent) + 1) / 100:.2f}"
                    fields = {**world.form[code], CHANGED: figure,
                              "csrf_token": csrf_of(shown.text)}  # fmt: skip
                    started = time.perf_counter()
                    posted = await client.post(f"{path}?lang=en", data=fields)
                    if tally.add(started, posted.status_code, 303, f"POST {path}", "post"):
                        sent.append(figure)
                        started = time.perf_counter()
                        saved = await client.get(posted.headers["location"])
                        tally.add(started, saved.status_code, 200, f"GET {path}?saved=1")
            except httpx.HTTPError as error:
                tally.errors.append(f"{path}: {type(error).__name__}")
            await asyncio.sleep(pause)


def audiences(world: World, readers: int, facilitator: str, sessions: dict[str, str]) -> list[
    tuple[dict[str, str], dict[str, str]]
]:  # fmt: skip
    """Each reader's headers and cookies: the public (two in five), a signed-in municipality
    user, the facilitator, a script with the API token, in turn."""
    who: list[tuple[dict[str, str], dict[str, str]]] = []
    for n in range(readers):
        role = n % 5
        if role < 2:
            who.append(({}, {}))
        elif role == 2:
            who.append(
                ({}, {"benchlearn_session": sessions[world.writers[n // 5 % len(sessions)]]})
            )
        elif role == 3:
            who.append(({}, {"benchlearn_session": facilitator}))
        else:
            who.append(({"authorization": f"Bearer {world.token}"}, {}))
    return who


async def served_load(
    base: str, world: World, args: argparse.Namespace
) -> tuple[Tally, Tally, dict[str, list[str]], float]:
    """The readers and writers against ``benchlearn serve``: the reads' tally, the
    writes' tally, the figures each writer's posts stored, and the seconds it took."""
    import httpx

    clock, sessions = Clock(), {}
    read_tally, write_tally = Tally(), Tally()
    active = world.writers[: args.writers]
    sent: dict[str, list[str]] = {code: [] for code in active}
    writers = [
        asyncio.create_task(
            writer(base, world, code, clock, args.pause, write_tally, sent[code], sessions)
        )  # fmt: skip
        for code in active
    ]
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:
        facilitator = await signed_in(client, FACILITATOR)
    if not active:  # reads alone: the member readers are the first user's
        async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:
            code = world.writers[0]
            sessions[code] = await signed_in(client, f"{code.lower()}@load.example")
    while len(sessions) < len(world.writers):
        await asyncio.sleep(0.05)
        for task in writers:
            if task.done():
                task.result()  # a writer that could not sign in ends the run
    who = audiences(world, args.readers, facilitator, sessions)
    # Each audience's edition read once, as on a server that has been running.
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as warm:
        index = f"/sites/{NETWORK}/{YEAR}/index.html"
        kinds = {(tuple(h.items()), tuple(c.items())) for h, c in who}
        await asyncio.gather(*(warm.get(index, headers=dict(h), cookies=dict(c)) for h, c in kinds))
    began = time.perf_counter()
    clock.deadline = began + args.seconds
    clock.started.set()
    readers = [
        reader(base, world, n, clock.deadline, read_tally, False, *who[n])
        for n in range(args.readers)
    ]
    await asyncio.gather(*readers, *writers)
    return read_tally, write_tally, sent, time.perf_counter() - began


async def static_load(base: str, world: World, args: argparse.Namespace) -> tuple[Tally, float]:
    """The same readers against the file server, for as long."""
    tally = Tally()
    began = time.perf_counter()
    deadline = began + args.seconds
    await asyncio.gather(
        *(reader(base, world, n, deadline, tally, True, {}, {}) for n in range(args.readers))
    )
    return tally, time.perf_counter() - began


def stored_once(url: str, world: World, sent: dict[str, list[str]]) -> list[str]:
    """What is wrong with the stored entries: each writer's figures must be its batches,
    one a post, each replacing the one before (a revision), the last one current."""
    from sqlalchemy import text

    from benchlearn.database import make_engine
    from benchlearn.entry import entry_source

    problems = []
    engine = make_engine(url)
    with engine.connect() as connection:
        for code in sent:
            batches = connection.execute(
                text("SELECT id, rows_updated, rows_inserted FROM import_batches "
                     "WHERE file_name = :f ORDER BY id"),
                {"f": entry_source(NETWORK, YEAR, code)},
            ).all()  # fmt: skip
            where = ("FROM {} v JOIN municipalities m ON m.id = v.municipality_id "
                     "JOIN indicators i ON i.id = v.indicator_id "
                     "WHERE m.code = :m AND i.code = :i AND v.year = :y")  # fmt: skip
            keys = {"m": code, "i": CHANGED, "y": YEAR}
            revisions = connection.execute(
                text(f"SELECT v.value, v.replaced_by {where.format('observation_revisions')} "
                     "ORDER BY v.replaced_by"), keys,
            ).all()  # fmt: skip
            current = connection.execute(
                text(f"SELECT v.value, v.batch_id {where.format('observations')}"), keys
            ).one()
            figures = sent[code]
            ids = [b.id for b in batches]
            stored = [f"{r.value:.2f}" for r in revisions[1:]] + [f"{current.value:.2f}"]
            if len(batches) != len(figures):
                problems.append(f"{code}: {len(figures)} posts stored as {len(batches)} batches")
            if any(b.rows_updated != 1 or b.rows_inserted != 0 for b in batches):
                problems.append(f"{code}: a batch that did not change exactly one figure")
            if figures and stored != figures:
                problems.append(f"{code}: stored {stored[:3]}…, posted {figures[:3]}…")
            if [r.replaced_by for r in revisions] != ids:
                problems.append(f"{code}: {len(revisions)} revisions for {len(ids)} batches")
            if figures and current.batch_id != ids[-1]:
                problems.append(f"{code}: the current figure is not the last batch's")
    engine.dispose()
    return problems


def summary(name: str, tally: Tally, seconds: float) -> tuple[float, float]:
    """One line of a tally: its requests, errors, rate, median and 95th percentile."""
    times = sorted(tally.latencies)
    if len(times) >= 2:
        median, p95 = statistics.median(times), statistics.quantiles(times, n=20)[-1]
    else:
        median = p95 = times[0] if times else float("nan")
    print(f"{name:34s} {len(times) + len(tally.errors):7d} requests {len(tally.errors):5d} "
          f"errors {len(times) / seconds:7.1f}/s   median {median * 1000:8.1f} ms   "
          f"p95 {p95 * 1000:8.1f} ms")  # fmt: skip
    return median, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", help="the server (a database to use)")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument(
        "--pause", type=float, default=1.0, help="Seconds a writer waits after each save."
    )
    args = parser.parse_args()
    server = args.postgres or os.environ.get("BENCHLEARN_TEST_POSTGRES_URL")
    if not server:
        parser.error("--postgres URL is needed (or BENCHLEARN_TEST_POSTGRES_URL)")
    if not 0 <= args.writers <= 43 or args.readers < 1:
        parser.error("--writers runs from 0 to 43 (T2's members), --readers from 1")

    env = {**os.environ, "PYTHONPATH": str(REPO), "BENCHLEARN_SECRET": secrets.token_hex(32)}
    with tempfile.TemporaryDirectory() as tmp, schema(server) as url:
        folder = Path(tmp)
        ready = time.perf_counter()
        world = set_up(url, folder, max(args.writers, 1))
        site = folder / "site"
        subprocess.run([sys.executable, "-m", "benchlearn", "-q", "--db", url, "site", "-n",
                        NETWORK, "--year", str(YEAR), "--lang", "en,lv", "-o", str(site)],
                       check=True, env=env, cwd=REPO, stdout=subprocess.DEVNULL)  # fmt: skip
        ready = time.perf_counter() - ready

        port = free_port()
        serve = start([sys.executable, "-m", "benchlearn", "--db", url, "serve", "--port",
                       str(port)], folder / "serve.log", env)  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base, "/health", serve)
            reads, writes, sent, took = asyncio.run(served_load(base, world, args))
        finally:
            serve_cpu, serve_memory = stop(serve)
        log = (folder / "serve.log").read_text(errors="replace")
        failures = re.findall(r"^(?:ERROR|Traceback).*$", log, flags=re.MULTILINE)

        port = free_port()
        files = start([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                       "--directory", str(site)], folder / "files.log", env)  # fmt: skip
        try:
            wait_for(f"http://127.0.0.1:{port}", "/index.html", files)
            plain, plain_took = asyncio.run(static_load(f"http://127.0.0.1:{port}", world, args))
        finally:
            files_cpu, files_memory = stop(files)
        problems = stored_once(url, world, sent)

    posts = sum(len(figures) for figures in sent.values())
    print(f"{NETWORK} {YEAR} on PostgreSQL: {len(world.members)} members; {args.readers} "
          f"readers, {args.writers} writers (a {args.pause:g} s pause after each save) for "
          f"{args.seconds:g} s; set up in {ready:.0f} s")  # fmt: skip
    median, p95 = summary("benchlearn serve, reads", reads, took)
    if args.writers:
        summary("benchlearn serve, entry (all)", writes, took)
        summary("benchlearn serve, entry posts", Tally(writes.posts), took)
        print(f"entries saved: {posts} posts, each stored once with its revision: "
              f"{'yes' if not problems else 'NO'}")  # fmt: skip
    base_median, base_p95 = summary("static site, http.server (baseline)", plain, plain_took)
    print(f"ratio: median {median / base_median:.1f}×, p95 {p95 / base_p95:.1f}× the file server")
    print(f"benchlearn serve: CPU {serve_cpu:.1f} s, peak memory {serve_memory:.0f} MB; "
          f"file server: CPU {files_cpu:.1f} s, peak memory {files_memory:.0f} MB")  # fmt: skip

    errors = reads.errors + writes.errors + plain.errors
    if failures:
        kept = Path(tempfile.gettempdir()) / "benchlearn-serve-load.log"
        kept.write_text(log)  # the whole log, to read the tracebacks in
        errors.append(f"the server logged {len(failures)} errors (its log: {kept})")
    for problem in [*errors[:20], *problems]:
        print(f"problem: {problem}", file=sys.stderr)
    if errors or problems:
        raise SystemExit(
            f"the load test failed: {len(errors)} errors, {len(problems)} stored-entry problems"
        )


if __name__ == "__main__":
    main()
