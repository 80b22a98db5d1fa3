"""Who may see the values a file brings: its ``visibility`` column, or ``--visibility``.

A long or wide file may have a ``visibility`` column (``public``, ``network`` or
``own`` per row; empty: as the definitions say); ``import --visibility WORD``
gives every row of a file without one that word (:func:`with_visibility`). Each
chunk's words are stored on the values it holds once the chunk is written
(:func:`mark_visibility`), the unchanged values too. A word not understood
rejects its row like any invalid cell (:func:`checked_visibility`), so a typing
error never publishes what was meant to be restricted.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection, and_, bindparam, select, update

from benchlearn.access import VISIBILITIES
from benchlearn.errors import Problem
from benchlearn.importing.result import ImportResult
from benchlearn.importing.tables import Chunk
from benchlearn.importing.validate import Validated
from benchlearn.models import Observation

if TYPE_CHECKING:
    import pandas as pd


def with_visibility(chunks: Iterable[Chunk], visibility: str | None) -> Iterator[Chunk]:
    """The chunks, each row of a file without a ``visibility`` column given ``visibility``."""
    for chunk in chunks:
        if visibility is None or "visibility" in chunk.frame:
            yield chunk
        else:
            yield replace(chunk, frame=chunk.frame.assign(visibility=visibility))


def checked_visibility(chunk: Chunk, checked: Validated) -> Validated:
    """``checked`` without the rows whose ``visibility`` word is not understood, each such
    row a problem at its cell: it is rejected like any invalid row, never written as
    public by mistake. A chunk without the column is returned as it is."""
    if "visibility" not in chunk.frame:
        return checked
    words = _words(chunk)
    wrong = (words != "") & ~words.isin(VISIBILITIES)
    if not wrong.any():
        return checked
    cells = chunk.frame.drop_duplicates("row").set_index("row")["visibility"]
    problems = [
        Problem.of(
            chunk.file,
            "aud_bad_visibility_cell",
            {"value": str(cells[row]), "choices": ", ".join(VISIBILITIES)},
            row=int(row),
            column=chunk.names.get("visibility", "visibility"),
        )
        for row in words.index[wrong.to_numpy()]
    ]
    bad = set(words.index[wrong.to_numpy()])
    rows = checked.rows[~checked.rows["row"].isin(bad)].reset_index(drop=True)
    return replace(checked, rows=rows, problems=[*checked.problems, *problems])


def said_visibility(chunk: Chunk, rows: pd.DataFrame) -> pd.DataFrame | None:
    """What the chunk's rows say of who may see them (``rows``: its validated rows, with
    ``municipality_id, indicator_id, year, row``), as ``municipality_id, indicator_id,
    year, word`` (None: as the definitions say); None for a chunk without the column.

    Kept apart from :func:`mark_visibility` because a big first import streams every
    chunk through one COPY, and nothing else may be sent until it ends: the words are
    gathered while it runs and stored after."""
    if "visibility" not in chunk.frame or rows.empty:
        return None
    import pandas as pd

    words = _words(chunk).reindex(rows["row"].to_numpy()).fillna("")
    keys = rows[["municipality_id", "indicator_id", "year"]].reset_index(drop=True)
    return keys.assign(word=pd.Series([w or None for w in words.tolist()], dtype=object))


def mark_visibility(connection: Connection, said: pd.DataFrame, result: ImportResult) -> None:
    """Store the visibility ``said`` (:func:`said_visibility`) on the values the file
    wrote, counting in ``result`` the values whose visibility changed."""
    said = _changed(connection, said)
    statement = (
        update(Observation)
        .where(
            and_(
                Observation.municipality_id == bindparam("m"),
                Observation.indicator_id == bindparam("i"),
                Observation.year == bindparam("y"),
            )
        )
        .values(visibility=bindparam("v"))
    )
    keys = said[["municipality_id", "indicator_id", "year", "word"]].itertuples(index=False)
    params = [
        {"m": int(m), "i": int(i), "y": int(y), "v": w if isinstance(w, str) else None}
        for m, i, y, w in keys
    ]
    if params:
        connection.execute(statement, params)
    result.visibility_set += len(params)


def _words(chunk: Chunk) -> pd.Series:
    """Each file row's visibility word, trimmed and in lower case, by row number."""
    cells = chunk.frame.drop_duplicates("row").set_index("row")["visibility"]
    return cells.fillna("").astype(str).str.strip().str.lower()


def _changed(connection: Connection, said: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``said`` whose ``word`` is not the visibility stored now (read at once)."""
    stored = connection.execute(
        select(
            Observation.municipality_id,
            Observation.indicator_id,
            Observation.year,
            Observation.visibility,
        ).where(
            Observation.indicator_id.in_(sorted({int(i) for i in said["indicator_id"]})),
            Observation.year.in_(sorted({int(y) for y in said["year"]})),
            Observation.visibility.is_not(None),
        )
    ).all()
    keys = ["municipality_id", "indicator_id", "year"]
    now = {(int(m), int(i), int(y)): v for m, i, y, v in stored}
    held = [now.get(k) for k in zip(*(said[c].astype(int) for c in keys), strict=True)]
    word = [w if isinstance(w, str) else None for w in said["word"].tolist()]
    return said[[h != w for h, w in zip(held, word, strict=True)]]
