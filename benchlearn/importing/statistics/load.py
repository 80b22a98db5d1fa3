"""Importing an official statistics file: read, match, and write through the common path.

This is what ``benchlearn import FILE --indicator CODE`` runs. The cube's
territories are matched against the stored registry, and its rows go through
:func:`benchlearn.importing.write.import_rows`: the same validation, control
rules, revisions and batch as any other file. A file whose territories,
dimensions or times are wrong is refused with every problem, before anything
is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import Engine

from benchlearn.errors import Problem, ValidationError
from benchlearn.importing.statistics.files import read_cube
from benchlearn.importing.statistics.rows import cube_rows
from benchlearn.importing.write import ImportResult, file_sha256, import_rows


def import_statistics(
    engine: Engine,
    path: str | Path,
    *,
    indicator: str,
    select: Mapping[str, str] | None = None,
    match: str | None = None,
    year: int | None = None,
    lang: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    se_select: Mapping[str, str] | None = None,
) -> ImportResult:
    """Import one PC-Axis, JSON-stat or PxWeb CSV file as one batch of ``indicator``.

    ``select`` fixes the dimensions other than territory and time
    (variable → value, by code or label); ``match`` says how territories are
    matched (``code``, ``name`` or a registry attribute; see
    :func:`~benchlearn.importing.statistics.rows.cube_rows`); ``year`` keeps
    that year alone, so one year of a long series can be imported. Raises
    :class:`~benchlearn.errors.ValidationError` with every problem, naming
    the file, when the file cannot be imported; the result's ``notes`` say
    which totals were left out.

    ``se_select`` (variable → value, typically of the content dimension: ``contents=
    "Standard error"``) names the cells that hold the values' standard errors: the cube
    is read once more with ``select`` overridden by it, and each value gets the standard
    error of its municipality and year as ``se``, stored and revised with it as a long
    file's ``se`` column is (:mod:`benchlearn.importing.uncertainty`).
    """
    from benchlearn.registry.municipalities import municipalities_frame

    path = Path(path)
    cube = read_cube(path, lang=lang)
    with engine.connect() as connection:
        municipalities = municipalities_frame(connection)
    found = cube_rows(
        cube, indicator=indicator, select=select or {}, match=match, municipalities=municipalities
    )
    frame = found.frame
    if se_select and not found.problems:
        errors = cube_rows(
            cube, indicator=indicator, select={**(select or {}), **se_select}, match=match,
            municipalities=municipalities,
        )  # fmt: skip
        found.problems += errors.problems
        keys = ["municipality", "year"]
        se = errors.frame.drop_duplicates(keys).set_index(keys)["value"]
        frame = frame.assign(se=se.reindex(frame.set_index(keys).index).to_numpy(float))
    if year is not None and not found.problems:
        years = sorted(set(frame["year"].tolist()))
        if year not in years:
            found.problems.append(
                Problem.of(str(path), "stat_year_absent", {"year": year, "years": years or ["–"]})
            )
        frame = frame[frame["year"] == year]
    if found.problems:
        raise ValidationError(found.problems, key="stat_cannot_use", values={"file": str(path)})
    return import_rows(
        engine,
        frame,
        source=str(path),
        sha256=file_sha256(path),
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        notes=found.notes,
    )
