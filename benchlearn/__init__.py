"""benchlearn: benchmarking to learn, for municipalities and their networks.

From Python, open a database and ask it what the CLI asks::

    import benchlearn

    db = benchlearn.open("benchlearn.db")  # a file path or a database URL
    db.upgrade()
    db.load_sample("uk-asc")
    db.rank("ASC", 2021)

:func:`open` returns a :class:`~benchlearn.api.Database`; the functions behind
it are in :mod:`benchlearn.commands`. Importing benchlearn loads neither pandas
nor SQLAlchemy: ``open`` and the others are looked up when first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchlearn.errors import BenchlearnError, Problem, ValidationError

if TYPE_CHECKING:
    from benchlearn.api import Database, open
    from benchlearn.database import make_engine, upgrade

    __version__: str

__all__ = [
    "BenchlearnError",
    "Database",
    "Problem",
    "ValidationError",
    "__version__",
    "make_engine",
    "open",
    "upgrade",
]


def _version() -> str:
    """The installed package's version; in a source checkout that is not installed,
    pyproject.toml's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("benchlearn")
    except PackageNotFoundError:
        import tomllib
        from pathlib import Path

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        with pyproject.open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])


def __getattr__(name: str) -> object:
    # Lazy so that importing benchlearn (and `benchlearn --help`) stays fast.
    if name == "__version__":
        return _version()
    if name in {"make_engine", "upgrade"}:
        from benchlearn import database

        return getattr(database, name)
    if name in {"open", "Database"}:
        from benchlearn import api

        return getattr(api, name)
    raise AttributeError(name)


def __dir__() -> list[str]:
    return sorted(__all__)
