"""Importing indicator values: validation, revisions and one transaction per file.

Files are read by :mod:`benchlearn.importing.readers` (long or wide CSV and XLSX). Every
problem in a file is collected with its row and column. Each file is one
transaction: without ``skip_invalid`` a file with any rejected row writes
nothing; a value that changes keeps the old one as a revision; re-importing the
same file changes nothing and records no batch. Files are streamed in chunks, so
memory does not grow with the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, insert, select, tuple_, update

from benchlearn.definitions.expressions import parse
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.readers import STATUS_CODES, Chunk, read_chunks
from benchlearn.models import ImportBatch, Indicator, Municipality, Network, Observation

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FIRST_YEAR = 1900
Progress = Callable[[int], None]


@dataclass
class ImportResult:
    """What importing one file did (or, for a dry run or a rejected file, would do)."""

    file: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    batch_id: int | None = None
    dry_run: bool = False
    written: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # year -> (indicator ids, municipality ids) written for indicators that have control rules
    touched: dict[int, tuple[set[int], set[int]]] = field(default_factory=dict, repr=False)

    @property
    def changed(self) -> int:
        """Values inserted or updated."""
        return self.inserted + self.updated


class ImportRejected(ValidationError):
    """A file had problems and nothing of it was written."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        # Broken control rules are about values together, not one row: they add no rows.
        rows = f" in {result.rejected} row(s)" if result.rejected else ""
        super().__init__(
            result.problems,
            f"{result.file}: {len(result.problems)} problem(s){rows}; "
            "nothing was imported (use --skip-invalid to import the valid rows)",
        )


@dataclass(frozen=True)
class _Lookups:
    """Code → id maps and per-indicator checks, as arrays for vectorised validation."""

    municipality_codes: pd.Index
    municipality_ids: np.ndarray
    valid_from: np.ndarray
    valid_to: np.ndarray
    indicator_codes: pd.Index
    indicator_ids: np.ndarray
    low: np.ndarray
    high: np.ndarray
    derived: np.ndarray
    ruled: np.ndarray
    scales: dict[int, frozenset[float]]


def _lookups(connection: Connection) -> _Lookups:
    import numpy as np
    import pandas as pd

    munis = connection.execute(
        select(Municipality.code, Municipality.id, Municipality.valid_from, Municipality.valid_to)
    ).all()
    inds = connection.execute(
        select(Indicator.code, Indicator.id, Indicator.formula, Indicator.descriptor)
    ).all()
    in_network_rules: set[str] = set()
    for (descriptor,) in connection.execute(select(Network.descriptor)):
        for rule in descriptor.get("rules", []):
            text = rule if isinstance(rule, str) else rule.get("rule", "")
            in_network_rules |= parse(text).names

    def bound(value: Any, default: float) -> float:
        return default if value is None else float(value)

    scales = {
        pos: frozenset(float(level["value"]) for level in row.descriptor.get("scale", []))
        for pos, row in enumerate(inds)
        if row.descriptor.get("scale")
    }
    # Each array ends with a sentinel entry that unknown codes (position -1) point to.
    return _Lookups(
        municipality_codes=pd.Index([m.code for m in munis], dtype=object),
        municipality_ids=np.array([*(m.id for m in munis), -1], dtype=np.int64),
        valid_from=np.array([*(bound(m.valid_from, -np.inf) for m in munis), -np.inf]),
        valid_to=np.array([*(bound(m.valid_to, np.inf) for m in munis), np.inf]),
        indicator_codes=pd.Index([i.code for i in inds], dtype=object),
        indicator_ids=np.array([*(i.id for i in inds), -1], dtype=np.int64),
        low=np.array([*(bound(i.descriptor.get("min"), -np.inf) for i in inds), -np.inf]),
        high=np.array([*(bound(i.descriptor.get("max"), np.inf) for i in inds), np.inf]),
        derived=np.array([*(bool(i.formula) for i in inds), False], dtype=bool),
        ruled=np.array(
            [
                *(
                    bool(i.descriptor.get("rules") or i.descriptor.get("max_change"))
                    or i.code in in_network_rules
                    for i in inds
                ),
                False,
            ],
            dtype=bool,
        ),
        scales=scales,
    )


def file_sha256(path: Path) -> str:
    """The file's SHA-256, recorded with its batch."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    engine: Engine,
    path: str | Path,
    *,
    year: int | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one CSV or XLSX file as one transaction.

    Raises :class:`ImportRejected` (with every problem) when a row is invalid
    and ``skip_invalid`` is false; nothing is written then. With ``dry_run``
    everything is checked and counted, and then rolled back.
    """
    path = Path(path)
    if not path.is_file():
        raise BenchlearnError(f"{path}: no such file")
    result = ImportResult(file=str(path), dry_run=dry_run)
    sha = file_sha256(path)
    from benchlearn.importing.forms import is_form, read_form

    form = read_form(path) if is_form(path) else None
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Every id written was looked up in this transaction, so SQLite's
            # per-row foreign-key checks would only cost time on big files.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        transaction = connection.begin()
        try:
            lookups = _lookups(connection)
            if form is not None:
                from benchlearn.importing.forms import check_form_context

                unusable = check_form_context(connection, form, year)
                if unusable:
                    raise ValidationError(unusable, f"{path}: this form cannot be imported")
            batch_id = connection.execute(
                insert(ImportBatch)
                .values(
                    file_name=str(path),
                    sha256=sha,
                    kind="form" if form is not None else "import",
                    created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                )
                .returning(ImportBatch.id)
            ).scalar_one()
            # With skip_invalid, rows that break a control rule of severity error are
            # rejected like any invalid row: the file is written again without them
            # (from a savepoint) until no rule error points at a row it holds.
            excluded: dict[tuple[int, int, int], str] = {}
            while True:
                attempt = connection.begin_nested()
                result = ImportResult(file=str(path), dry_run=dry_run)
                chunks = (
                    [Chunk(str(path), form.frame)]
                    if form is not None
                    else read_chunks(path, year=year)
                )
                for chunk in chunks:
                    _import_chunk(connection, chunk, lookups, batch_id, result, excluded)
                    if progress and not excluded:  # a second pass is not shown again
                        progress(len(chunk.frame))
                result.rejected = len({(p.row, p.file) for p in result.problems})
                broken = _apply_control_rules(connection, lookups, result, skip_invalid)
                fresh = {key: text for key, text in broken.items() if key not in excluded}
                if not (skip_invalid and fresh):
                    attempt.commit()
                    break
                attempt.rollback()
                excluded.update(fresh)
            keep = not dry_run and result.changed > 0 and (skip_invalid or not result.problems)
            if keep:
                connection.execute(
                    update(ImportBatch)
                    .where(ImportBatch.id == batch_id)
                    .values(
                        rows_read=result.rows_read,
                        rows_inserted=result.inserted,
                        rows_updated=result.updated,
                        rows_unchanged=result.unchanged,
                        rows_rejected=result.rejected,
                    )
                )
                transaction.commit()
                result.batch_id, result.written = batch_id, True
            else:
                transaction.rollback()
        except BaseException:
            transaction.rollback()
            raise
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
    if result.problems and not skip_invalid:
        raise ImportRejected(result)
    return result


def _import_chunk(
    connection: Connection,
    chunk: Chunk,
    lookups: _Lookups,
    batch_id: int,
    result: ImportResult,
    excluded: Mapping[tuple[int, int, int], str],
) -> None:
    """Validate one chunk, then insert new values and revise changed ones.

    ``excluded``: (municipality id, indicator id, year) of values that broke a
    control rule, rejected with the rule's message.
    """
    import numpy as np
    import pandas as pd

    frame = chunk.frame
    file = chunk.file
    result.rows_read += int(frame["row"].nunique()) if len(frame) else 0
    mpos, muni_text = _positions(frame["municipality"], lookups.municipality_codes)
    ipos, ind_text = _positions(frame["indicator"], lookups.indicator_codes)
    year_codes, year_labels = _factorised(frame["year"])
    year = pd.to_numeric(pd.Series(year_labels), errors="coerce").to_numpy(dtype=float)[year_codes]
    year_text = np.asarray(year_labels, dtype=object)[year_codes]
    status_codes, status_labels = _factorised(frame["status"])
    status = np.asarray(status_labels, dtype=object)[status_codes]
    value, value_text, value_is_status = _parse_values(frame["value"])
    status = np.where((status == "") & value_is_status, value_text, status)

    bad = np.zeros(len(frame), dtype=bool)
    messages: list[tuple[np.ndarray, str, Callable[[int], str]]] = []

    def flag(mask: np.ndarray, column: str, message: Callable[[int], str]) -> None:
        nonlocal bad
        mask = mask & ~bad if column == "" else mask
        messages.append((mask, column, message))
        bad = bad | mask

    rows = frame["row"].to_numpy()
    value_columns = frame["value_column"].to_numpy(dtype=object)
    this_year = dt.date.today().year
    flag(mpos < 0, "municipality", lambda i: f"unknown municipality {muni_text[i]!r}")
    flag(ipos < 0, "indicator", lambda i: f"unknown indicator {ind_text[i]!r}")
    flag(
        lookups.derived[ipos],
        "indicator",
        lambda i: f"{ind_text[i]} is computed from its formula; import its components instead",
    )
    bad_year = (
        np.isnan(year) | (year != np.floor(year)) | (year < FIRST_YEAR) | (year > this_year + 1)
    )
    flag(
        bad_year,
        "year",
        lambda i: f"{year_text[i]!r} is not a possible year ({FIRST_YEAR}–{this_year + 1})",
    )
    known_status = pd.Series(status).isin(["", *STATUS_CODES]).to_numpy()
    flag(
        ~known_status,
        "status",
        lambda i: (
            f"unknown status {status[i]!r} (use - missing, . not applicable, .. confidential)"
        ),
    )
    has_text = (value_text != "") & ~value_is_status
    not_number = has_text & np.isnan(value)
    flag(not_number, "value", lambda i: f"{value_text[i]!r} is not a number" + _hint(value_text[i]))
    flag(
        (status != "") & (status != "..") & ~np.isnan(value),
        "value",
        lambda i: (
            f"a value with status {status[i]!r} ({STATUS_CODES.get(status[i], '?')}) must be empty"
        ),
    )
    flag(
        (status == "") & (value_text == ""),
        "value",
        lambda _i: "value is empty (write - for a missing value)",
    )
    low, high = lookups.low[ipos], lookups.high[ipos]
    out_of_range = ~np.isnan(value) & ((value < low) | (value > high))
    flag(
        out_of_range,
        "value",
        lambda i: f"{value[i]:g} is outside {ind_text[i]}'s valid range {_range(low[i], high[i])}",
    )
    for pos, levels in lookups.scales.items():
        off_scale = (ipos == pos) & ~np.isnan(value) & ~np.isin(value, list(levels))
        flag(
            off_scale,
            "value",
            lambda i: (
                f"{value[i]:g} is not a level of {ind_text[i]}'s scale "
                f"({', '.join(f'{v:g}' for v in sorted(lookups.scales[int(ipos[i])]))})"
            ),
        )
    vfrom, vto = lookups.valid_from[mpos], lookups.valid_to[mpos]
    invalid_unit = (mpos >= 0) & ~bad_year & ((year < vfrom) | (year > vto))
    flag(
        invalid_unit,
        "year",
        lambda i: f"{muni_text[i]} existed {_years(vfrom[i], vto[i])}, not in {int(year[i])}",
    )

    mid, iid = lookups.municipality_ids[mpos], lookups.indicator_ids[ipos]
    yr = np.where(bad_year, -1, np.nan_to_num(year, nan=-1)).astype(np.int64)
    keys = pd.DataFrame({"mid": mid, "iid": iid, "year": yr})
    dup_in_chunk = keys.duplicated(keep="first").to_numpy() & ~bad
    first_row_of = keys.assign(row=rows).groupby(["mid", "iid", "year"])["row"].transform("min")
    first_rows = first_row_of.to_numpy()
    flag(
        dup_in_chunk,
        "",
        lambda i: (
            f"duplicate of row {first_rows[i]} ({muni_text[i]}, {ind_text[i]}, {int(year[i])})"
        ),
    )

    if excluded:
        keyed = zip(mid.tolist(), iid.tolist(), yr.tolist(), strict=True)
        broke = np.fromiter((key in excluded for key in keyed), dtype=bool, count=len(frame))
        broke &= ~bad
        flag(broke, "value", lambda i: excluded[(int(mid[i]), int(iid[i]), int(yr[i]))])

    good = ~bad
    ruled = good & lookups.ruled[ipos]
    if ruled.any():
        for year_value in np.unique(yr[ruled]).tolist():
            here = ruled & (yr == year_value)
            codes, places = result.touched.setdefault(int(year_value), (set(), set()))
            codes.update(np.unique(iid[here]).tolist())
            places.update(np.unique(mid[here]).tolist())
    new = pd.DataFrame(
        {
            "municipality_id": mid[good],
            "indicator_id": iid[good],
            "year": yr[good],
            "value": value[good],
            "status": pd.Series(status[good], dtype=object)
            .replace("", None)
            .to_numpy(dtype=object),
            "row": rows[good],
        }
    )
    existing = _existing(connection, new)
    merged = new.merge(
        existing,
        on=["municipality_id", "indicator_id", "year"],
        how="left",
        suffixes=("", "_old"),
        indicator=True,
    )
    found = (merged["_merge"] == "both").to_numpy()
    same_batch = found & (merged["batch_id_old"].to_numpy() == batch_id)
    if same_batch.any():
        for i in np.flatnonzero(same_batch):
            r = merged.iloc[i]
            result.problems.append(
                Problem(
                    file,
                    f"duplicate of an earlier row for ({_code(lookups, r)}, {int(r['year'])})",
                    row=int(r["row"]),
                )
            )
    both_nan = np.isnan(merged["value"].to_numpy(dtype=float)) & np.isnan(
        merged["value_old"].to_numpy(dtype=float)
    )
    same_value = (
        merged["value"].to_numpy(dtype=float) == merged["value_old"].to_numpy(dtype=float)
    ) | both_nan
    same_status = (
        merged["status"].fillna("").to_numpy() == merged["status_old"].fillna("").to_numpy()
    )
    unchanged = found & ~same_batch & same_value & same_status
    changed = found & ~same_batch & ~unchanged
    inserted = ~found
    _write(connection, merged, inserted, changed, batch_id)
    result.inserted += int(inserted.sum())
    result.updated += int(changed.sum())
    result.unchanged += int(unchanged.sum())
    for mask, column, message in messages:
        for i in np.flatnonzero(mask):
            result.problems.append(
                Problem(
                    file,
                    message(int(i)),
                    row=int(rows[i]),
                    column=_cell_column(column, value_columns[i]),
                )
            )
    result.problems.sort(key=lambda p: (p.row or 0, p.column or ""))


def _apply_control_rules(
    connection: Connection, lookups: _Lookups, result: ImportResult, skip_invalid: bool
) -> dict[tuple[int, int, int], str]:
    """Run the declared control rules on what this file wrote (inside its transaction).

    Broken rules of severity error block the file unless ``skip_invalid``, in
    which case they are reported with the warnings (values the file does not
    hold, such as a required one it lacks, cannot be rejected). Returns the
    values behind each error, (municipality id, indicator id, year) → message:
    every indicator a broken rule names. Statistical flags are left to
    ``benchlearn check``, which sees the whole year.
    """
    broken: dict[tuple[int, int, int], str] = {}
    if not result.touched:
        return broken
    from benchlearn.definitions.store import stored_definitions
    from benchlearn.rules import check_values

    definitions = stored_definitions(connection)
    code_of = dict(zip(lookups.indicator_ids.tolist(), lookups.indicator_codes, strict=False))
    id_of = {code: i for i, code in code_of.items()}
    place_of = dict(
        zip(lookups.municipality_ids.tolist(), lookups.municipality_codes, strict=False)
    )
    where = {code: i for i, code in place_of.items()}
    for year, (indicator_ids, municipality_ids) in sorted(result.touched.items()):
        codes = sorted(code_of[i] for i in indicator_ids)
        network_rules = [
            rule
            for network in definitions.networks.values()
            for rule in network.rules
            if parse(rule.expression).names & set(codes)
        ]
        found = check_values(
            connection,
            definitions,
            codes,
            year,
            sorted(place_of[m] for m in municipality_ids),
            extra_rules=network_rules,
            statistical=False,
        )
        for row in found.itertuples(index=False):
            problem = Problem(
                result.file,
                f"{row.municipality}, {row.year}: {row.message}",
                column=str(row.indicator),
            )
            blocking = row.severity == "error" and not skip_invalid
            (result.problems if blocking else result.warnings).append(problem)
            if row.severity == "error":
                named = _rule_names(str(row.rule), str(row.indicator))
                for code in named & id_of.keys():
                    key = (where[str(row.municipality)], id_of[code], year)
                    broken.setdefault(key, f"breaks a control rule: {row.message}")
    return broken


def _rule_names(rule: str, indicator: str) -> set[str]:
    """The indicators a reported rule is about: a declared rule's names, else its own indicator."""
    if rule in {"required", "range", "max_change"}:
        return {indicator}
    return set(parse(rule).names)


def _factorised(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes and stripped distinct labels: text work happens once per distinct value."""
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=False)
    return codes, [str(u).strip() for u in uniques]


def _positions(series: pd.Series, known: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's position in ``known`` (-1 when unknown) and its stripped text."""
    import numpy as np
    import pandas as pd

    codes, labels = _factorised(series)
    found = known.get_indexer(pd.Index(labels, dtype=object))
    return found[codes], np.asarray(labels, dtype=object)[codes]


def _parse_values(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers, the stripped cell texts, and which cells hold a status code instead.

    Clean numeric columns take a fast path; anything else (status codes, empty
    or bad cells) goes through pandas' lenient parser, and bad cells become NaN
    so the caller can report them.
    """
    import numpy as np
    import pandas as pd

    raw = series.to_numpy(dtype=object)
    try:
        numbers = raw.astype(float)
    except (ValueError, TypeError):
        pass
    else:
        if np.isfinite(numbers).all():
            return numbers, raw, np.zeros(len(raw), dtype=bool)
    text = series.astype(str).str.strip()
    is_status = text.isin(list(STATUS_CODES)).to_numpy()
    numbers = pd.to_numeric(text.where(~is_status, ""), errors="coerce").to_numpy(dtype=float)
    numbers = np.where(np.isfinite(numbers), numbers, np.nan)
    return numbers, text.to_numpy(dtype=object), is_status


def _cell_column(column: str, value_column: str) -> str | None:
    """The column a problem points at; in a wide file the indicator is its column header."""
    if column == "value" or (column == "indicator" and value_column != "value"):
        return value_column
    return column or None


def _code(lookups: _Lookups, row: Any) -> str:
    import numpy as np

    m = lookups.municipality_codes[
        int(np.flatnonzero(lookups.municipality_ids == row["municipality_id"])[0])
    ]
    i = lookups.indicator_codes[
        int(np.flatnonzero(lookups.indicator_ids == row["indicator_id"])[0])
    ]
    return f"{m}, {i}"


def _hint(text: str) -> str:
    if "," in text and "." not in text:
        return " (use a dot as the decimal separator)"
    return ""


def _years(first: float, last: float) -> str:
    """A validity period in words."""
    if first == float("-inf"):
        return f"until {last:g}"
    if last == float("inf"):
        return f"from {first:g}"
    return f"{first:g}–{last:g}"


def _range(low: float, high: float, sep: str = " to ") -> str:
    """A range in words: both ends, or 'at least'/'at most' when one end is open."""
    if low == float("-inf"):
        return f"at most {high:g}"
    if high == float("inf"):
        return f"at least {low:g}"
    return f"{low:g}{sep}{high:g}"


def _existing(connection: Connection, new: pd.DataFrame) -> pd.DataFrame:
    """Stored observations for the chunk's (indicator, year) partitions."""
    import pandas as pd

    columns = ["municipality_id", "indicator_id", "year", "value_old", "status_old", "batch_id_old"]
    pairs = list(new[["indicator_id", "year"]].drop_duplicates().itertuples(index=False, name=None))
    frames = []
    for start in range(0, len(pairs), 400):
        part = [(int(a), int(b)) for a, b in pairs[start : start + 400]]
        rows = connection.execute(
            select(
                Observation.municipality_id,
                Observation.indicator_id,
                Observation.year,
                Observation.value,
                Observation.status,
                Observation.batch_id,
            ).where(tuple_(Observation.indicator_id, Observation.year).in_(part))
        ).all()
        if rows:
            frames.append(pd.DataFrame(rows, columns=columns))
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}).astype(
            {
                "municipality_id": "int64",
                "indicator_id": "int64",
                "year": "int64",
                "status_old": object,
            }
        )
    existing = pd.concat(frames, ignore_index=True)
    existing["value_old"] = existing["value_old"].astype(float)
    return existing


def _placeholders(connection: Connection, count: int) -> str:
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([mark] * count)


def _write(
    connection: Connection,
    merged: pd.DataFrame,
    inserted: np.ndarray,
    changed: np.ndarray,
    batch_id: int,
) -> None:
    """Set-based writes: one executemany each for new values, revisions and updates."""

    def column(mask: np.ndarray, name: str) -> list[Any]:
        data = merged[name].to_numpy()[mask]
        if data.dtype.kind == "f":
            return [None if v != v else float(v) for v in data.tolist()]
        return [None if v is None or v != v else v for v in data.tolist()]

    if inserted.any():
        ids = [
            column(inserted, c)
            for c in ("municipality_id", "indicator_id", "year", "value", "status")
        ]
        params = list(zip(*ids, [batch_id] * int(inserted.sum()), strict=True))
        connection.exec_driver_sql(
            "INSERT INTO observations "
            "(municipality_id, indicator_id, year, value, status, batch_id) "
            f"VALUES ({_placeholders(connection, 6)})",
            params,
        )
    if changed.any():
        keys = [column(changed, c) for c in ("municipality_id", "indicator_id", "year")]
        old = [column(changed, c) for c in ("value_old", "status_old", "batch_id_old")]
        count = int(changed.sum())
        connection.exec_driver_sql(
            "INSERT INTO observation_revisions "
            "(municipality_id, indicator_id, year, value, status, batch_id, replaced_by) "
            f"VALUES ({_placeholders(connection, 7)})",
            list(zip(*keys, *old, [batch_id] * count, strict=True)),
        )
        new_values = [column(changed, c) for c in ("value", "status")]
        connection.exec_driver_sql(
            "UPDATE observations SET value = {0}, status = {0}, batch_id = {0} "
            "WHERE municipality_id = {0} AND indicator_id = {0} AND year = {0}".format(
                "?" if connection.dialect.paramstyle == "qmark" else "%s"
            ),
            list(zip(*new_values, [batch_id] * count, *keys, strict=True)),
        )
