"""Audit: import batches, the revisions of a value, and undoing an import.

Every value records the batch that wrote it, and every replaced value is kept as
a revision with the batch that wrote it and the batch that replaced it. A revert
is itself a batch: it puts back what an import replaced (or removes what it
added) and keeps the reverted values as revisions, so a revert can be reverted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy import null as sa_null
from sqlalchemy.orm import aliased

from benchlearn.access import Audience, in_force
from benchlearn.access.scope import Scope, networks_of, read_scope, withhold
from benchlearn.errors import BenchlearnError
from benchlearn.models import (
    ImportBatch,
    Indicator,
    Municipality,
    Observation,
    ObservationRevision,
)

if TYPE_CHECKING:
    import pandas as pd

BATCH_COLUMNS = [
    "batch", "kind", "file", "sha256", "created_at", "read", "inserted", "updated",
    "unchanged", "rejected", "deleted", "reverted_by",
]  # fmt: skip


def batches(connection: Connection) -> pd.DataFrame:
    """Every batch, newest first. Columns: see :data:`BATCH_COLUMNS`."""
    import pandas as pd

    rows = connection.execute(
        select(
            ImportBatch.id,
            ImportBatch.kind,
            ImportBatch.file_name,
            ImportBatch.sha256,
            ImportBatch.created_at,
            ImportBatch.rows_read,
            ImportBatch.rows_inserted,
            ImportBatch.rows_updated,
            ImportBatch.rows_unchanged,
            ImportBatch.rows_rejected,
            ImportBatch.rows_deleted,
            ImportBatch.reverted_by,
        ).order_by(ImportBatch.id.desc())
    ).all()
    frame = pd.DataFrame(rows, columns=BATCH_COLUMNS)
    frame["sha256"] = frame["sha256"].str[:12]
    frame["reverted_by"] = frame["reverted_by"].astype("Int64")
    return frame


def history(
    connection: Connection,
    municipality: str,
    indicator: str,
    year: int | None = None,
    *,
    show_confidential: bool = False,
    audience: Audience | None = None,
) -> pd.DataFrame:
    """Every revision of a value, oldest first, then the current one.

    Columns: ``year, value, status, batch, file, time, replaced_by, se``
    (``replaced_by`` empty for the current value; ``se`` the standard error the value had,
    empty where none was given). A confidential value (status
    ``..``) has no value here, as everywhere it could be shown, unless
    ``show_confidential``: the database owner's view of what was stored. A value
    (or revision) ``audience`` may not see (default: the audience in force, see
    :mod:`benchlearn.access`) is confidential with no value, whatever
    ``show_confidential`` says; a ``network`` audience is the members of the
    networks the value belongs to.
    """
    import pandas as pd

    ids = _ids(connection, municipality, indicator)
    wrote = aliased(ImportBatch)
    replaced = aliased(ImportBatch)
    past = (
        select(
            ObservationRevision.year,
            ObservationRevision.value,
            ObservationRevision.status,
            ObservationRevision.batch_id,
            wrote.file_name,
            wrote.created_at,
            ObservationRevision.replaced_by,
            ObservationRevision.visibility,
            ObservationRevision.se,
        )
        .outerjoin(wrote, wrote.id == ObservationRevision.batch_id)
        .join(replaced, replaced.id == ObservationRevision.replaced_by)
        .where(
            ObservationRevision.municipality_id == ids[0],
            ObservationRevision.indicator_id == ids[1],
        )
    )
    current = (
        select(
            Observation.year,
            Observation.value,
            Observation.status,
            Observation.batch_id,
            wrote.file_name,
            wrote.created_at,
            sa_null(),
            Observation.visibility,
            Observation.se,
        )
        .outerjoin(wrote, wrote.id == Observation.batch_id)
        .where(Observation.municipality_id == ids[0], Observation.indicator_id == ids[1])
    )
    if year is not None:
        past = past.where(ObservationRevision.year == year)
        current = current.where(Observation.year == year)
    columns = [
        "year",
        "value",
        "status",
        "batch",
        "file",
        "time",
        "replaced_by",
        "visibility",
        "se",
    ]
    rows: list[tuple[object, ...]] = [
        tuple(r) for r in connection.execute(past.order_by(ObservationRevision.id)).all()
    ]
    rows += [tuple(r) for r in connection.execute(current).all()]
    frame = pd.DataFrame(rows, columns=columns)
    frame["value"] = frame["value"].astype(float)
    frame["se"] = frame["se"].astype(float)
    if not show_confidential:
        frame.loc[frame["status"] == "..", "value"] = float("nan")
    # A revision keeps no visibility of its own (an import copies the value, not who may
    # see it): the current value's holds for its earlier revisions too.
    now = frame[frame["replaced_by"].isna()].set_index("year")["visibility"]
    said = frame["visibility"].where(frame["visibility"].notna(), frame["year"].map(now))
    frame = withhold(
        frame.assign(municipality=municipality, indicator=indicator, visibility=said),
        _scope(connection, municipality, indicator, audience or in_force()),
    ).drop(columns=["municipality", "indicator"])
    frame["se"] = frame["se"].where(frame["value"].notna())  # shown only beside its value
    for column in ("batch", "replaced_by"):
        frame[column] = frame[column].astype("Int64")
    # Oldest first within each year; the current value (no replacing batch) last.
    frame["_order"] = frame["replaced_by"].fillna(10**12)
    return (
        frame.sort_values(["year", "_order"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _scope(connection: Connection, municipality: str, indicator: str, audience: Audience) -> Scope:
    """What ``audience`` may see of the value: a network audience is the members of the
    networks the value belongs to (:func:`~benchlearn.access.scope.networks_of`)."""
    from benchlearn.definitions.store import stored_definitions

    definitions = stored_definitions(connection)
    networks = networks_of(connection, definitions, municipality, indicator)
    return read_scope(connection, definitions, audience.within(*networks))


def _ids(connection: Connection, municipality: str, indicator: str) -> tuple[int, int]:
    municipality_id = connection.execute(
        select(Municipality.id).where(Municipality.code == municipality)
    ).scalar()
    if municipality_id is None:
        raise BenchlearnError.of("imp_unknown_municipality", {"code": municipality})
    indicator_id = connection.execute(
        select(Indicator.id).where(Indicator.code == indicator)
    ).scalar()
    if indicator_id is None:
        raise BenchlearnError.of("imp_unknown_indicator", {"code": indicator})
    return municipality_id, indicator_id


@dataclass(frozen=True)
class RevertResult:
    """What reverting a batch did."""

    batch: int
    revert_batch: int
    restored: int
    deleted: int
    kept: int  # values the batch wrote that later imports changed again; left as they are


def revert(engine: Engine, batch: int) -> RevertResult:
    """Undo one batch in one transaction, recording the revert as a batch of its own."""
    with engine.begin() as connection:
        found = connection.execute(
            select(ImportBatch.id, ImportBatch.reverted_by, ImportBatch.file_name).where(
                ImportBatch.id == batch
            )
        ).first()
        if found is None:
            raise BenchlearnError.of("reg_no_batch", {"batch": batch})
        if found.reverted_by is not None:
            raise BenchlearnError.of(
                "reg_reverted_already", {"batch": batch, "by": found.reverted_by}
            )
        revert_id = connection.execute(
            insert(ImportBatch)
            .values(
                file_name=f"revert of batch {batch} ({found.file_name})",
                sha256="",
                kind="revert",
                created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
            )
            .returning(ImportBatch.id)
        ).scalar_one()
        held = connection.execute(
            select(
                Observation.id,
                Observation.municipality_id,
                Observation.indicator_id,
                Observation.year,
                Observation.value,
                Observation.status,
            ).where(Observation.batch_id == batch)
        ).all()
        replaced = {
            (r.municipality_id, r.indicator_id, r.year): r
            for r in connection.execute(
                select(
                    ObservationRevision.municipality_id,
                    ObservationRevision.indicator_id,
                    ObservationRevision.year,
                    ObservationRevision.value,
                    ObservationRevision.status,
                ).where(ObservationRevision.replaced_by == batch)
            )
        }
        written_by_batch = connection.execute(
            select(ObservationRevision.id).where(ObservationRevision.batch_id == batch)
        ).all()
        if held:
            connection.execute(
                insert(ObservationRevision),
                [
                    {
                        "municipality_id": r.municipality_id,
                        "indicator_id": r.indicator_id,
                        "year": r.year,
                        "value": r.value,
                        "status": r.status,
                        "batch_id": batch,
                        "replaced_by": revert_id,
                    }
                    for r in held
                ],
            )
        to_restore = []
        to_delete = []
        for row in held:
            previous = replaced.get((row.municipality_id, row.indicator_id, row.year))
            if previous is None:
                to_delete.append(row.id)
            else:
                to_restore.append(
                    {"oid": row.id, "v": previous.value, "s": previous.status, "b": revert_id}
                )
        if to_restore:
            connection.execute(
                update(Observation)
                .where(Observation.id == bindparam("oid"))
                .values(value=bindparam("v"), status=bindparam("s"), batch_id=bindparam("b")),
                to_restore,
            )
        for start in range(0, len(to_delete), 1000):
            connection.execute(
                delete(Observation).where(Observation.id.in_(to_delete[start : start + 1000]))
            )
        # Values the batch removed (a revert being reverted) come back.
        present = {
            (r.municipality_id, r.indicator_id, r.year)
            for r in connection.execute(
                select(Observation.municipality_id, Observation.indicator_id, Observation.year)
                .join(
                    ObservationRevision,
                    (ObservationRevision.municipality_id == Observation.municipality_id)
                    & (ObservationRevision.indicator_id == Observation.indicator_id)
                    & (ObservationRevision.year == Observation.year),
                )
                .where(ObservationRevision.replaced_by == batch)
            )
        }
        to_insert = [
            {
                "municipality_id": key[0],
                "indicator_id": key[1],
                "year": key[2],
                "value": r.value,
                "status": r.status,
                "batch_id": revert_id,
            }
            for key, r in replaced.items()
            if key not in present
        ]
        if to_insert:
            connection.execute(insert(Observation), to_insert)
        restored, deleted = len(to_restore) + len(to_insert), len(to_delete)
        kept = len(written_by_batch)
        connection.execute(
            update(ImportBatch)
            .where(ImportBatch.id == revert_id)
            .values(rows_read=len(held), rows_updated=restored, rows_deleted=deleted)
        )
        connection.execute(
            update(ImportBatch).where(ImportBatch.id == batch).values(reverted_by=revert_id)
        )
    return RevertResult(batch, revert_id, restored, deleted, kept)
