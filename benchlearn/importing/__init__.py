"""Values in: files read, validated, and written as one transaction per file.

* :mod:`.readers`: CSV and XLSX files (long or wide) into chunks of text rows;
* :mod:`.statistics`: official statistics files (PC-Axis, JSON-stat, PxWeb CSV) into long rows;
* :mod:`.lookups`: what an import reads from the database (codes, bounds, stored values);
* :mod:`.validate`: pure checks, frames in, rows and problems out, no database;
* :mod:`.write`: one transaction per file, revisions and control rules;
* :mod:`.dataframes`: a pandas DataFrame imported as a file would be;
* :mod:`.forms`: the yearly monitoring forms, made and read back;
* :mod:`.status`: who has returned a year's figures for a network (``forms status``);
* :mod:`.history`: import batches, revisions of a value, undoing an import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchlearn.importing.dataframes import import_frame
    from benchlearn.importing.write import ImportRejected, ImportResult, import_file, import_rows

__all__ = ["ImportRejected", "ImportResult", "import_file", "import_frame", "import_rows"]


def __getattr__(name: str) -> object:
    # Lazy, so that the pure modules (readers, validate) load without the database layer.
    if name == "import_frame":
        from benchlearn.importing import dataframes

        return dataframes.import_frame
    if name in __all__:
        from benchlearn.importing import write

        return getattr(write, name)
    raise AttributeError(name)
