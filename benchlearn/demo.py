"""Built-in sample workspaces: loading one into a database, and the demo that shows it.

A sample folder (see :mod:`benchlearn.samples`) holds ``municipalities.csv``,
``indicators.yaml``, ``network.yaml``, ``observations.csv``, optionally
``peers.csv``, its ``sample.yaml`` and the attribution in ``SOURCE.txt``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from sqlalchemy import Engine, func, select

from benchlearn.database import make_engine, upgrade
from benchlearn.definitions.store import load_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.importing import ImportResult, import_file
from benchlearn.models import Indicator, Municipality, Network, Observation, PeerGroup
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.registry.peers import load_peer_groups

if TYPE_CHECKING:
    from benchlearn.site import SiteSummary
    from benchlearn.workbook import WorkbookSummary

DEFAULT_SAMPLE = "uk-asc"
#: Where the demo writes unless told otherwise: a folder of its own (ignored by git), so a
#: first run does not scatter a database, a workbook and a site into the current folder.
DEFAULT_FOLDER = "benchlearn-demo"
#: The demo's steps in order, as its ``step`` callback is told them.
DEMO_STEPS = ("database", "import", "workbook", "site")

#: Told each step's name and the file or folder it makes (for ``import``, the values read);
#: what it returns, if anything, is told that step's progress as (done, total).
DemoStep = Callable[[str, Path], Callable[[int, int], None] | None]


@dataclass(frozen=True)
class SampleInfo:
    """A sample's ``sample.yaml``: name, title, description, default network and year."""

    name: str
    title: str
    description: str
    network: str
    year: int
    path: Path
    peer_groups: dict[str, str]


def sample_info(name: str) -> SampleInfo:
    """Read a built-in sample's metadata; unknown names get the list of samples."""
    from benchlearn.samples import sample_names, sample_path

    if name not in sample_names():
        raise BenchlearnError(f"unknown sample {name!r} (samples: {', '.join(sample_names())})")
    path = sample_path(name)
    meta: dict[str, Any] = yaml.safe_load((path / "sample.yaml").read_text(encoding="utf-8"))
    return SampleInfo(
        name=name,
        title=str(meta["title"]),
        description=str(meta["description"]).strip(),
        network=str(meta["network"]),
        year=int(meta["year"]),
        path=path,
        peer_groups=dict(meta.get("peer_groups") or {}),
    )


def load_sample(engine: Engine, name: str) -> ImportResult:
    """Load a sample's municipalities, definitions, peer groups and values."""
    info = sample_info(name)
    load_municipalities(engine, info.path / "municipalities.csv")
    load_definitions(engine, [info.path / "indicators.yaml", info.path / "network.yaml"])
    if (info.path / "peers.csv").is_file():
        load_peer_groups(engine, info.path / "peers.csv")
    return import_file(engine, info.path / "observations.csv")


@dataclass(frozen=True)
class DemoResult:
    """What the demo built and where."""

    sample: SampleInfo
    database: Path
    counts: dict[str, int]
    workbook: WorkbookSummary
    site: SiteSummary | None = None


def run_demo(
    name: str = DEFAULT_SAMPLE,
    out: str | Path = DEFAULT_FOLDER,
    *,
    site: bool = True,
    step: DemoStep | None = None,
    lang: str = "en",
) -> DemoResult:
    """Build a fresh demo database from a sample in ``out`` (created) and write its meeting
    workbook and, with ``site``, its web report in a folder beside it.

    ``step`` is told each step as it starts (see :data:`DEMO_STEPS`) and may
    return a callback for that step's progress; the library prints nothing
    itself. The workbook and the web report are written in ``lang``.
    """
    from benchlearn.commands import write_site, write_workbook

    def starting(stage: str, path: Path) -> Callable[[int, int], None] | None:
        return step(stage, path) if step is not None else None

    info = sample_info(name)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / f"benchlearn-demo-{name}.db"
    if database.exists():
        database.unlink()
    starting("database", database)
    engine = make_engine(f"sqlite:///{database}")
    try:
        upgrade(engine)
        starting("import", info.path / "observations.csv")
        load_sample(engine, name)
        counts = database_counts(engine)
        path = folder / f"benchlearn-{name}-{info.network}-{info.year}.xlsx"
        summary = write_workbook(
            engine, info.network, info.year, path, lang=lang, progress=starting("workbook", path)
        )
        pages = None
        if site:
            where = path.with_suffix("")
            pages = write_site(
                engine,
                info.network,
                info.year,
                where,
                langs=(lang,),
                progress=starting("site", where),
            )
    finally:
        engine.dispose()
    return DemoResult(info, database, counts, summary, pages)


def database_counts(engine: Engine) -> dict[str, int]:
    """How many municipalities, indicators, networks, peer groups and values are stored,
    keyed ``municipalities``, ``indicators``, ``networks``, ``peer_groups``, ``values``."""
    with engine.connect() as connection:
        return {
            label: int(connection.execute(select(func.count()).select_from(model)).scalar_one())
            for label, model in (
                ("municipalities", Municipality),
                ("indicators", Indicator),
                ("networks", Network),
                ("peer_groups", PeerGroup),
                ("values", Observation),
            )
        }
