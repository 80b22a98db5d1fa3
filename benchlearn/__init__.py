"""benchlearn: benchmarking to learn, for municipalities and their networks.

The public API is small: open a database with :func:`make_engine`, set it up
with :func:`upgrade`, load definitions, municipalities and values, then compare.
"""

from benchlearn.errors import BenchlearnError, Problem, ValidationError

__all__ = [
    "BenchlearnError",
    "Problem",
    "ValidationError",
    "make_engine",
    "upgrade",
]


def __getattr__(name: str) -> object:
    # Lazy so that importing benchlearn (and `benchlearn --help`) stays fast.
    if name in {"make_engine", "upgrade"}:
        from benchlearn import database

        return getattr(database, name)
    raise AttributeError(name)
