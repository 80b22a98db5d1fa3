"""DataFrames in: a frame laid out as an import file, imported exactly as that file would be.

A frame is read as ``frame.to_csv(index=False)`` would write it, without
writing it: its column names are the header (row 1), its rows are rows 2, 3,
... and each cell becomes the text a spreadsheet cell gives (whole floats lose
their ``.0``, NaN and None are empty). From there it takes the file's path:
the header checks and the long or wide shape of :mod:`.readers`, the checks of
:mod:`.validate` and the one transaction of :mod:`.write`. So a frame's problems
name the batch, a row and a column, as a file's do, and no temporary file or
SHA-256 is asked of the caller.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from benchlearn.errors import Problem, ValidationError
from benchlearn.importing.headers import forgiven, header_problems
from benchlearn.importing.readers import CHUNK_ROWS, Chunk, cell_text, to_long
from benchlearn.importing.result import ImportResult
from benchlearn.importing.write import import_batch

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine


def frame_chunks(frame: pd.DataFrame, name: str, *, year: int | None = None) -> Iterator[Chunk]:
    """The frame's rows in long shape, chunk by chunk, as its CSV file would give them.

    A header that is neither shape, a frame without rows or one whose rows hold
    no value is an error with every problem, as for a file.
    """
    written = [str(c) for c in frame.columns]
    header, notes = forgiven(name, written, [" ".join(c.split()) for c in written], ())
    shape, problems = header_problems(name, header, year)
    if not problems and frame.empty:
        problems = [Problem.of(name, "imp_no_rows", row=2)]
    if problems:
        raise _cannot_import(name, problems)
    cells = frame.astype(object)
    text = cells.where(cells.notna(), None).map(cell_text)
    text.columns = header
    values = 0
    for start in range(0, len(text), CHUNK_ROWS):
        part = text.iloc[start : start + CHUNK_ROWS].reset_index(drop=True)
        long, _ = to_long(part, shape, year, start + 2)
        values += len(long)
        if len(long):
            yield Chunk(name, long, notes=tuple(notes))
            notes = []
    if values == 0:
        raise _cannot_import(name, [Problem.of(name, "imp_no_values", row=2)])


def import_frame(
    engine: Engine,
    frame: pd.DataFrame,
    *,
    name: str = "DataFrame",
    year: int | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> ImportResult:
    """Import a DataFrame laid out as a CSV file (long or wide) as one batch named ``name``.

    ``year`` is the year of a wide frame without a ``year`` column. The batch's
    SHA-256 is that of the frame's CSV text. Validation, control rules,
    revisions, ``dry_run``, ``skip_invalid`` and the
    :class:`~benchlearn.importing.ImportRejected` that lists every problem are
    those of :func:`~benchlearn.importing.import_file`.
    """
    chunks = list(frame_chunks(frame, name, year=year))
    digest = hashlib.sha256(frame.to_csv(index=False).encode("utf-8")).hexdigest()
    return import_batch(
        engine,
        name,
        digest,
        lambda: chunks,
        form=None,
        year=year,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        progress=None,
    )


def _cannot_import(name: str, problems: list[Problem]) -> ValidationError:
    """A frame whose header (or emptiness) stops it from being imported at all."""
    return ValidationError(problems, key="imp_cannot_import", values={"file": name})
