"""How long a stored name or text may be: one table for the schema and for every input.

PostgreSQL refuses a ``VARCHAR(200)`` value of 201 characters with an SQL error,
while SQLite stores it, so a 10,000-character municipality name loaded on one
backend and crashed on the other. The schema (:mod:`benchlearn.models`) takes its
lengths from :data:`LENGTHS`, and every reader that lets a user's name or code
in (the registry, definitions, peer files) checks it here first, so both
backends refuse the same text the same way: as a problem naming the file, row
and column, before anything is written.
"""

from __future__ import annotations

from benchlearn.errors import Problem

#: ``table.column`` -> the most characters it holds (the ``String(n)`` of the schema).
LENGTHS: dict[str, int] = {
    "municipalities.code": 32,
    "municipalities.name": 200,
    "municipalities.kind": 64,
    "municipality_attributes.name": 64,
    "municipality_attributes.value": 200,
    "indicators.code": 64,
    "indicators.unit": 64,
    "indicators.direction": 8,
    "networks.code": 64,
    "import_batches.sha256": 64,
    "import_batches.kind": 16,
    "pull_records.indicator": 64,
    "pull_records.updated": 64,
    "observations.status": 2,
    "observation_revisions.status": 2,
    "observations.visibility": 8,
    "observation_revisions.visibility": 8,
    "peer_groups.name": 64,
    "plans.status": 8,
    "database_identity.id": 32,
    "users.email": 254,
    "users.role": 16,
    "users.password_hash": 255,
    "user_tokens.kind": 8,
    "user_tokens.token_hash": 64,
    "user_tokens.name": 100,
    "sessions.token_hash": 64,
    "login_attempts.email": 254,
    "login_attempts.address": 64,
    "audit_log.actor": 254,
    "audit_log.action": 32,
    "audit_log.subject": 254,
    "audit_log.address": 64,
    "entry_rounds.closed_by": 254,
    "entry_submissions.submitted_by": 254,
}


def too_long(
    text: str, stored_as: str, file: str, *, row: int | None = None, column: str | None = None
) -> Problem | None:
    """The problem with ``text`` when it is longer than the column ``stored_as``
    (``table.column`` of :data:`LENGTHS`) holds, else None; the problem names the
    length and the limit, never the text itself (it may fill a screen)."""
    limit = LENGTHS[stored_as]
    if len(text) <= limit:
        return None
    values = {"limit": limit, "length": len(text)}
    return Problem.of(file, "lim_too_long", values, row=row, column=column)


__all__ = ["LENGTHS", "too_long"]
