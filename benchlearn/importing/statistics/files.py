"""Which reader a statistics file needs, from its name and its first bytes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from benchlearn.errors import BenchlearnError
from benchlearn.importing.statistics.pxweb_csv import is_pxweb_csv, read_pxweb_csv

if TYPE_CHECKING:
    from benchlearn.importing.statistics.cube import Cube

#: Suffixes that are always official statistics files.
STATISTICS_SUFFIXES = (".px", ".json")


def is_statistics_file(path: Path) -> bool:
    """A PC-Axis or JSON-stat file, or a CSV laid out as a PxWeb export."""
    suffix = path.suffix.lower()
    if suffix in STATISTICS_SUFFIXES:
        return True
    if suffix == ".csv" and path.is_file():
        with path.open("rb") as handle:
            return is_pxweb_csv(handle.read(4000))
    return False


def read_cube(path: Path, *, lang: str | None = None) -> Cube:
    """Read a ``.px``, ``.json`` (JSON-stat) or PxWeb ``.csv`` export as a cube.

    ``lang`` chooses one of a PC-Axis file's languages. Raises
    :class:`~benchlearn.errors.BenchlearnError` for another kind of file.
    """
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BenchlearnError.of("imp_no_such_file", {"file": source}) from exc
    suffix = path.suffix.lower()
    # each reader loaded when its kind of file comes: a plain CSV's import loads neither
    if suffix == ".px":
        from benchlearn.importing.statistics.pcaxis import read_pcaxis

        return read_pcaxis(data, source, lang)
    if suffix == ".json":
        from benchlearn.importing.statistics.jsonstat import read_jsonstat

        return read_jsonstat(data, source)
    if suffix == ".csv" and is_pxweb_csv(data):
        return read_pxweb_csv(data, source)
    raise BenchlearnError.of("stat_file_type", {"file": source, "suffix": suffix})
