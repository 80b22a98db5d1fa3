"""Official statistics files in: PC-Axis, JSON-stat and PxWeb CSV exports.

* :mod:`.cube`: the table every format is read into, and the data symbols;
* :mod:`.pcaxis`, :mod:`.jsonstat`, :mod:`.pxweb_csv`: one reader per format;
* :mod:`.files`: which reader a file needs;
* :mod:`.territories`: territories matched to the registry, totals left out;
* :mod:`.rows`: a cube's cells as benchlearn's long rows;
* :mod:`.load`: a file imported through :mod:`benchlearn.importing.write`.

The readers and the matching need no database; only :mod:`.load` does.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchlearn.importing.statistics.cube import Category, Cube, Dimension
    from benchlearn.importing.statistics.files import is_statistics_file, read_cube
    from benchlearn.importing.statistics.jsonstat import read_jsonstat
    from benchlearn.importing.statistics.pcaxis import read_pcaxis
    from benchlearn.importing.statistics.pxweb_csv import is_pxweb_csv, read_pxweb_csv
    from benchlearn.importing.statistics.rows import CubeRows, cube_rows
    from benchlearn.importing.statistics.territories import TerritoryMatch, match_territories

#: Where each name lives: the package loads a reader when it is asked for, so that
#: ``benchlearn import`` of a plain CSV, which asks only whether it is a PxWeb export
#: (:mod:`.pxweb_csv`, through :mod:`.files`), loads no PC-Axis or JSON-stat reader.
_HOME = {
    "Category": "cube",
    "Cube": "cube",
    "Dimension": "cube",
    "is_statistics_file": "files",
    "read_cube": "files",
    "read_jsonstat": "jsonstat",
    "read_pcaxis": "pcaxis",
    "is_pxweb_csv": "pxweb_csv",
    "read_pxweb_csv": "pxweb_csv",
    "CubeRows": "rows",
    "cube_rows": "rows",
    "TerritoryMatch": "territories",
    "match_territories": "territories",
}

__all__ = [
    "Category",
    "Cube",
    "CubeRows",
    "Dimension",
    "TerritoryMatch",
    "cube_rows",
    "is_pxweb_csv",
    "is_statistics_file",
    "match_territories",
    "read_cube",
    "read_jsonstat",
    "read_pcaxis",
    "read_pxweb_csv",
]


def __getattr__(name: str) -> object:
    if name in _HOME:
        return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(name)
