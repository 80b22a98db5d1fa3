"""The database schema: one table per stored concept.

The schema changes only through Alembic revisions in ``migrations/``; a test
checks that these models and the migrations agree. Definitions keep their whole
validated descriptor as JSON so that new optional keys need no migration, while
the columns that queries filter on are real columns.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from benchlearn.limits import LENGTHS

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations name constraints alike."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON}


class Municipality(Base):
    """A municipality or other local unit, valid from one year to another."""

    __tablename__ = "municipalities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(LENGTHS["municipalities.code"]), unique=True)
    name: Mapped[str] = mapped_column(String(LENGTHS["municipalities.name"]))
    kind: Mapped[str | None] = mapped_column(String(LENGTHS["municipalities.kind"]))
    valid_from: Mapped[int | None] = mapped_column(Integer)
    valid_to: Mapped[int | None] = mapped_column(Integer)


class MunicipalityAttribute(Base):
    """A free named attribute of a municipality, e.g. region or an official peer group."""

    __tablename__ = "municipality_attributes"
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(
        String(LENGTHS["municipality_attributes.name"]), primary_key=True
    )
    value: Mapped[str] = mapped_column(String(LENGTHS["municipality_attributes.value"]))


class Indicator(Base):
    """An indicator definition; ``descriptor`` holds the validated YAML mapping."""

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(LENGTHS["indicators.code"]), unique=True)
    unit: Mapped[str] = mapped_column(String(LENGTHS["indicators.unit"]))
    direction: Mapped[str] = mapped_column(String(LENGTHS["indicators.direction"]))
    formula: Mapped[str | None] = mapped_column(Text)
    descriptor: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_file: Mapped[str | None] = mapped_column(Text)


class Network(Base):
    """A thematic network; members and indicators live in their own tables."""

    __tablename__ = "networks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(LENGTHS["networks.code"]), unique=True)
    all_members: Mapped[bool] = mapped_column(Boolean, default=False)
    descriptor: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_file: Mapped[str | None] = mapped_column(Text)


class NetworkIndicator(Base):
    """An indicator compared in a network, with its weight in the composite index."""

    __tablename__ = "network_indicators"
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class NetworkStructural(Base):
    """A structural variable of a network, used for similarity."""

    __tablename__ = "network_structural"
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    log: Mapped[bool] = mapped_column(Boolean, default=False)
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class NetworkMember(Base):
    """A member of a network that lists its members explicitly, and the years it belongs.

    ``joined`` is the first year it is a member (NULL: since always); ``left`` the
    first year it is no longer one (NULL: a member still). The leave year is
    exclusive, so a member that left in 2025 is still compared in 2024. One
    period per municipality and network: joining again clears the leave year.
    """

    __tablename__ = "network_members"
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    joined: Mapped[int | None] = mapped_column(Integer)
    left: Mapped[int | None] = mapped_column(Integer)


class ImportBatch(Base):
    """One import (or revert) of one file, with what it did."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(LENGTHS["import_batches.sha256"]))
    kind: Mapped[str] = mapped_column(String(LENGTHS["import_batches.kind"]), default="import")
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_inserted: Mapped[int] = mapped_column(Integer, default=0)
    rows_updated: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_deleted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    reverted_by: Mapped[int | None] = mapped_column(Integer)


class PullRecord(Base):
    """What the last successful `pull` of one indicator from one source saw, so that
    `pull --since-last` asks only for what is newer: when (``pulled_at``, UTC), the
    source's own stamp of its last change (``updated``: a PxWeb table's ``updated``;
    NULL where the source gives none) and the years the source had (``years``)."""

    __tablename__ = "pull_records"
    indicator: Mapped[str] = mapped_column(
        String(LENGTHS["pull_records.indicator"]), primary_key=True
    )
    source: Mapped[str] = mapped_column(Text, primary_key=True)
    pulled_at: Mapped[datetime] = mapped_column(DateTime)
    updated: Mapped[str | None] = mapped_column(String(LENGTHS["pull_records.updated"]))
    years: Mapped[list[int]] = mapped_column(JSON)


class ValueColumns:
    """One value of an indicator for a municipality and year, and the batch that wrote it.

    Shared by the current value and its revisions, so both always have the same shape.
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str | None] = mapped_column(String(LENGTHS["observations.status"]))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    #: Who may see it (``public``, ``network``, ``own``: :mod:`benchlearn.access`); NULL:
    #: as its indicator's or network's definition says, else public.
    visibility: Mapped[str | None] = mapped_column(String(LENGTHS["observations.visibility"]))
    #: The value's standard error (NULL: no uncertainty known, never invented); a file's
    #: interval is stored as the standard error it implies (:mod:`.importing.uncertainty`).
    se: Mapped[float | None] = mapped_column(Float)


class Observation(ValueColumns, Base):
    """The current value of an indicator for a municipality and year.

    ``status`` is empty for a normal value or one of Kolada's codes: ``-``
    missing, ``.`` not applicable, ``..`` confidential (value kept but hidden).
    """

    __tablename__ = "observations"
    __table_args__ = (
        UniqueConstraint("municipality_id", "indicator_id", "year"),
        Index(None, "indicator_id", "year"),
        # Only restricted values are indexed: whether any exists is one probe, and the
        # millions of values that say nothing cost an import nothing here.
        Index(
            None,
            "visibility",
            sqlite_where=text("visibility IS NOT NULL"),
            postgresql_where=text("visibility IS NOT NULL"),
        ),
        # Only values with a standard error: a ranking asks for them (rank sets), and
        # where none has one the answer is one probe, not a second read of the values.
        Index(
            "ix_observations_se",
            "indicator_id",
            "year",
            sqlite_where=text("se IS NOT NULL"),
            postgresql_where=text("se IS NOT NULL"),
        ),
    )


class ObservationRevision(ValueColumns, Base):
    """A value that an import replaced, kept with the batch that wrote and that replaced it."""

    __tablename__ = "observation_revisions"
    __table_args__ = (Index(None, "municipality_id", "indicator_id", "year"),)
    replaced_by: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))


class PeerGroup(Base):
    """A named explicit peer list such as CIPFA nearest neighbours."""

    __tablename__ = "peer_groups"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(LENGTHS["peer_groups.name"]), unique=True)
    source_file: Mapped[str | None] = mapped_column(Text)


class PeerLink(Base):
    """One municipality's peer within a peer group (asymmetric)."""

    __tablename__ = "peer_links"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("peer_groups.id", ondelete="CASCADE"), primary_key=True
    )
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    peer_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)


class Practice(Base):
    """A good-practice example a municipality shares with its network."""

    __tablename__ = "practices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("indicators.id"))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Plan(Base):
    """A municipality's improvement plan in a network: what it means to reach, and when.

    ``title`` and ``description`` hold a text per language (``{"en": ..., "lv":
    ...}``), as definitions hold their names; ``status`` is one of planned,
    active, done, dropped. Times are UTC.
    """

    __tablename__ = "plans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    title: Mapped[dict[str, Any]] = mapped_column(JSON)
    description: Mapped[dict[str, Any]] = mapped_column(JSON)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(LENGTHS["plans.status"]))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class PlanTarget(Base):
    """A plan's target on one indicator: the baseline the database held when the plan was
    made (kept, so a later correction of that year does not move the goalposts), the value
    to reach and the year to reach it by."""

    __tablename__ = "plan_targets"
    __table_args__ = (UniqueConstraint("plan_id", "indicator_id", "target_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id"))
    baseline_year: Mapped[int] = mapped_column(Integer)
    baseline_value: Mapped[float] = mapped_column(Float)
    target_value: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)


class PlanSource(Base):
    """What a plan learned from: a partner municipality and, if one, its good-practice entry
    (emptied when the entry is removed; the partner stays)."""

    __tablename__ = "plan_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"))
    practice_id: Mapped[int | None] = mapped_column(ForeignKey("practices.id", ondelete="SET NULL"))


class CrosswalkLink(Base):
    """Part of an old unit that went to a new one in a territorial reform."""

    __tablename__ = "crosswalk"
    old_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    new_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class Publication(Base):
    """A facilitator's approval that a network's restricted values of a year become public.

    They do on ``released_on``: the network's ``release:`` date for the year, or the
    day of approval when that date has passed or the network sets none. Rows are
    never changed, so the table is the history of what was published and when.
    """

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("network_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    approved_at: Mapped[datetime] = mapped_column(DateTime)
    approved_by: Mapped[str | None] = mapped_column(Text)
    released_on: Mapped[date] = mapped_column(Date)


class EntryRound(Base):
    """A network's data round of a year, closed by a facilitator: online entry then refuses
    to save or submit. A round without a row is open; reopening clears ``closed_at`` (the
    audit log keeps every closing and reopening)."""

    __tablename__ = "entry_rounds"
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(LENGTHS["entry_rounds.closed_by"]))


class EntrySubmission(Base):
    """A municipality's online entry of a round, submitted: who vouched for the figures, and
    when (UTC). A save that changes a figure afterwards removes the row: a submission
    always stands for the figures as they are."""

    __tablename__ = "entry_submissions"
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipalities.id"), primary_key=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    submitted_by: Mapped[str] = mapped_column(String(LENGTHS["entry_submissions.submitted_by"]))


class FormSecret(Base):
    """A key this database signs monitoring forms with; only the newest unretired derived
    one signs.

    Since revision 0007 a key is derived from the secret kept outside the database
    (:mod:`benchlearn.secret`) and this row's random ``salt``, so a copy of the database
    alone cannot sign a form. A row with ``secret`` and no ``salt`` is a key stored by an
    earlier benchlearn: it still verifies the forms it signed, and never signs again. A
    retired key is kept so that a form it signed is refused with a reason.
    """

    __tablename__ = "form_secrets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    secret: Mapped[bytes | None] = mapped_column(LargeBinary)
    salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)


class DatabaseIdentity(Base):
    """The database's random name (one row): what the secret file a laptop keeps for it
    is called, so that moving or renaming the database file keeps its secret."""

    __tablename__ = "database_identity"
    id: Mapped[str] = mapped_column(String(LENGTHS["database_identity.id"]), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class User(Base):
    """A person who signs in to the network's server: a facilitator, a municipality's
    contact or an analyst. ``password_hash`` is an argon2id hash, empty until the person
    sets a password; a disabled user keeps its row (the audit log names it)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(LENGTHS["users.email"]), unique=True)
    role: Mapped[str] = mapped_column(String(LENGTHS["users.role"]))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    password_hash: Mapped[str | None] = mapped_column(String(LENGTHS["users.password_hash"]))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime)


class UserNetwork(Base):
    """A network a user works in."""

    __tablename__ = "user_networks"
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )


class UserToken(Base):
    """A token given to a user once and kept only as its SHA-256: an API token for scripts
    (kind ``api``) or a one-time link to set a password (kind ``password``)."""

    __tablename__ = "user_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(LENGTHS["user_tokens.kind"]))
    token_hash: Mapped[str] = mapped_column(String(LENGTHS["user_tokens.token_hash"]), unique=True)
    name: Mapped[str | None] = mapped_column(String(LENGTHS["user_tokens.name"]))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class LoginSession(Base):
    """A signed-in browser: the SHA-256 of its session token, until it expires or ends."""

    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(LENGTHS["sessions.token_hash"]), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)


class LoginAttempt(Base):
    """One try to sign in, kept for throttling: the email as typed (lower case), the
    address it came from, when, and whether it succeeded."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index(None, "email", "at"),
        Index(None, "address", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(LENGTHS["login_attempts.email"]))
    address: Mapped[str | None] = mapped_column(String(LENGTHS["login_attempts.address"]))
    at: Mapped[datetime] = mapped_column(DateTime)
    succeeded: Mapped[bool] = mapped_column(Boolean)


class AuditEntry(Base):
    """One line of the audit log: who did what to what, when, and from where."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(LENGTHS["audit_log.actor"]))
    action: Mapped[str] = mapped_column(String(LENGTHS["audit_log.action"]))
    subject: Mapped[str] = mapped_column(String(LENGTHS["audit_log.subject"]))
    detail: Mapped[str] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(LENGTHS["audit_log.address"]))
