"""``benchlearn import``: values from CSV and XLSX files, returned forms and official
statistics files, one transaction per file; what it did, as lines or as a report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from benchlearn.cli.common import (
    cli,
    echo_frame,
    engine_from,
    fail,
    message_language,
    output_options,
    report,
)
from benchlearn.cli.files import expand, progress_bar
from benchlearn.cli.options import indicator_option
from benchlearn.errors import BenchlearnError, MachineProblem
from benchlearn.messages import t

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from benchlearn.importing import ImportResult


def _existing(
    ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """Files and folders that exist, and built-in dataset names as their files."""
    from benchlearn.importing.datasets import dataset_names, dataset_path

    found = []
    for value in values:
        if Path(value).exists():
            found.append(value)
        elif value in dataset_names():
            found.append(str(dataset_path(value)))
        else:
            known = ", ".join(dataset_names())
            said = t("click_no_dataset", message_language(ctx), value=value, known=known)
            raise click.BadParameter(said, param_hint="'FILE|DATASET...'")
    return tuple(found)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, metavar="FILE|DATASET...", callback=_existing)
@click.option(
    "--year",
    type=int,
    help="Year of a wide file without a year column (or of forms); of a statistics file, "
    "the one year to import.",
)
@indicator_option(
    help="The indicator an official statistics file (.px, JSON-stat .json, PxWeb CSV) holds."
)
@click.option(
    "--select",
    "selects",
    multiple=True,
    metavar="VARIABLE=VALUE",
    help="Fix a dimension of a statistics file to one value (code or label); repeatable.",
)
@click.option(
    "--se-select",
    "se_selects",
    multiple=True,
    metavar="VARIABLE=VALUE",
    help="The value of a statistics file's dimension (its content, say) whose cells are the "
    "standard errors of the --select ones: stored as their se; repeatable.",
)
@click.option(
    "--match",
    help="Match territories by code, name or a registry attribute such as csb_code "
    "(default: the code or attribute that matches most territories, else name).",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="SOURCE=TARGET",
    help="Read the file's column SOURCE as TARGET (municipality, indicator, year, value, "
    "status, name, or an indicator code of a wide file); repeatable.",
)
@click.option(
    "--map-file",
    type=click.Path(exists=True, dir_okay=False),
    help="A CSV with columns source,target: the --map pairs of a recurring file.",
)
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@click.option(
    "--visibility",
    type=click.Choice(["public", "network", "own"]),
    help="Who may see the file's values, for a file without a visibility column "
    "(default: as the definitions say, else public).",
)
@click.option(
    "--ci-level",
    type=click.FloatRange(0, 100, min_open=True, max_open=True),
    default=95.0,
    show_default=True,
    help="The confidence level in percent of a long file's ci_low and ci_high columns, "
    "each stored as the standard error it implies.",
)
@click.option(
    "--skip-invalid", is_flag=True, help="Import the valid rows and list the rejected ones."
)
@output_options(
    help="How to tell what was done: lines (table, default), or one record per file as csv, "
    "json or xlsx (needs -o)."
)
@click.pass_context
def import_(
    ctx: click.Context,
    files: tuple[str, ...],
    year: int | None,
    indicator: str | None,
    selects: tuple[str, ...],
    se_selects: tuple[str, ...],
    match: str | None,
    maps: tuple[str, ...],
    map_file: str | None,
    dry_run: bool,
    visibility: str | None,
    ci_level: float,
    skip_invalid: bool,
    fmt: str,
) -> None:
    """Import values from CSV or XLSX files, or official statistics files, one transaction
    per file.

    A FILE may be the name of a built-in dataset (lv-population: the Central
    Statistical Bureau of Latvia's population figures; lv-context: area,
    density and median age of Latvia's 43 units). FILES may be folders:
    their CSV and XLSX files are imported one by one, so
    a folder of returned monitoring forms imports in one command (forms are
    recognised by their hidden key and checked against it).

    Long files have columns municipality,indicator,year,value[,status]; wide
    files have municipality, year (or --year) and one column per indicator.
    Either may have a visibility column (public, network or own per row), or
    --visibility says it for the whole file. A long file may give each value's
    standard error (se), or an interval (ci_low, ci_high) at --ci-level percent,
    stored as the standard error of its wider half.
    Status codes: - missing, . not applicable, .. confidential. An empty cell is
    no data. Declared control rules run on what a file writes: warnings are
    shown, errors count as bad rows. A file with any bad row is not imported;
    with --skip-invalid its valid rows are, and the bad ones (a broken rule's
    every value) are listed.

    With --indicator, PC-Axis (.px), JSON-stat (.json) and PxWeb CSV exports are
    imported as that indicator: territories are matched to municipalities
    (--match), the time gives the year, and every other dimension with several
    values needs --select VARIABLE=VALUE. Totals and regions are left out with a
    note; data symbols (.. - … and the file's own) become statuses. --se-select
    VARIABLE=VALUE names the cells that hold the values' standard errors (a
    content dimension's "Standard error", say): each becomes its value's se.

    With --map (or --map-file) a file's own column names are read as the ones
    above, before anything is checked, for every file and sheet; problems still
    name the file's columns, and --dry-run shows the mapping.

    With --format csv, json or xlsx, what was done is one record per file
    instead of lines: file, batch, rows, new, changed, unchanged, rejected,
    written, error, problems, warnings, notes (the last three lists: arrays in
    JSON, joined by "; " in CSV), the exit code as without it.

    \b
    Example:
        benchlearn import values-2023.csv
        benchlearn import lv-population lv-context
        benchlearn import --year 2023 --dry-run survey.xlsx
        benchlearn import IRS031.csv --indicator POP
        benchlearn import IRS031.csv --indicator POP --year 2024
        benchlearn import BE0101F1.px --indicator IN_MIGR --select age=21 --select sex=women
        benchlearn import survey.px --indicator SATISFIED --select contents=Percent \\
            --se-select contents="Standard error"
        benchlearn import kolada.csv --map kommun=municipality --map kpi=indicator \\
            --map ar=year --map varde=value
        benchlearn import exports/ --map-file columns.csv --dry-run
    """
    from benchlearn.importing import import_file
    from benchlearn.importing.lookups import check_column_map
    from benchlearn.importing.mapping import column_map

    lang = message_language(ctx)
    try:
        engine = engine_from(ctx)
        chosen = _selections(selects, indicator, match)
        errors = _selections(se_selects, indicator, None)
        columns = column_map(maps, map_file)
        if columns and indicator is not None:
            raise BenchlearnError.of("imp_map_statistics")
        if columns:
            check_column_map(engine, columns)
    except BenchlearnError as error:
        fail(error, lang)
    failed = 0  # the exit code: 1 a file refused, 3 the machine stopped one (a full disk)
    records: list[dict[str, object]] = []
    lines = fmt == "table"
    for file in expand(files, statistics=indicator is not None):
        try:
            if indicator is not None or (_is_statistics(file) and not columns):
                result = _import_statistics(
                    engine, file, indicator, chosen, match, year, dry_run, skip_invalid, errors
                )
            else:
                if dry_run and columns and lines:
                    click.echo(t("run_column_map", lang, file=file, mapping=columns.line()))
                with progress_bar(Path(file), lang) as progress:
                    result = import_file(
                        engine,
                        file,
                        year=year,
                        dry_run=dry_run,
                        skip_invalid=skip_invalid,
                        progress=progress,
                        columns=columns,
                        visibility=visibility,
                        ci_level=ci_level,
                    )
        except BenchlearnError as error:  # this file is refused; the others go on
            failed = max(failed, 3 if isinstance(error, MachineProblem) else 1)
            if lines:
                report(error, lang)
            else:
                records.append(_refused(file, error, lang))
            continue
        if not dry_run and result.batch_id is not None:
            from benchlearn.accounts.audit import record_done

            record_done(engine, "imported", file, detail=f"batch {result.batch_id}")
        if lines:
            _echo_result(result, dry_run, lang)
        else:
            records.append(_record(result, lang))
    if not lines:
        import pandas as pd

        counts = dict.fromkeys(
            ["batch", "rows", "new", "changed", "unchanged", "rejected"], "Int64"
        )
        echo_frame(pd.DataFrame(records, columns=REPORT_COLUMNS).astype(counts), fmt, lang)
    if failed:
        raise SystemExit(failed)


#: The columns of ``import --format csv|json|xlsx``: one record per file.
REPORT_COLUMNS = [
    "file", "batch", "rows", "new", "changed", "unchanged", "rejected", "written",
    "error", "problems", "warnings", "notes",
]  # fmt: skip


def _record(result: ImportResult, lang: str) -> dict[str, object]:
    """What importing one file did, as a record of the report."""
    return {
        "file": result.file,
        "batch": result.batch_id,
        "rows": result.rows_read,
        "new": result.inserted,
        "changed": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "written": bool(result.written),
        "error": "",
        "problems": [p.line(lang) for p in result.problems],
        "warnings": [w.line(lang) for w in result.warnings],
        "notes": [n.line(lang) for n in result.notes],
    }


def _refused(file: str, error: BenchlearnError, lang: str) -> dict[str, object]:
    """A file refused as a whole, as a record of the report: the error and its problems."""
    from benchlearn.errors import ValidationError

    problems = error.problems if isinstance(error, ValidationError) else []
    summary = error.summary_text(lang) if isinstance(error, ValidationError) else error.text(lang)
    return dict.fromkeys(REPORT_COLUMNS) | {
        "file": file,
        "written": False,
        "error": summary,
        "problems": [p.line(lang) for p in problems],
        "warnings": [],
        "notes": [],
    }


def _selections(
    selects: tuple[str, ...], indicator: str | None, match: str | None
) -> dict[str, str]:
    """``--select VARIABLE=VALUE`` options as a mapping; they need ``--indicator``."""
    if (selects or match) and indicator is None:
        raise BenchlearnError.of("stat_options_need_indicator")
    chosen: dict[str, str] = {}
    for text in selects:
        name, equals, value = text.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise BenchlearnError.of("stat_select_format", {"text": text})
        chosen[name.strip()] = value.strip()
    return chosen


def _is_statistics(file: str) -> bool:
    from benchlearn.importing.statistics import is_statistics_file

    return is_statistics_file(Path(file))


def _import_statistics(
    engine: Engine,
    file: str,
    indicator: str | None,
    chosen: dict[str, str],
    match: str | None,
    year: int | None,
    dry_run: bool,
    skip_invalid: bool,
    errors: dict[str, str] | None = None,
) -> ImportResult:
    """An official statistics file imported as ``indicator``; without one, an error.
    ``errors``: the ``--se-select`` cells, the values' standard errors."""
    from benchlearn.importing.statistics.load import import_statistics

    if indicator is None:
        raise BenchlearnError.of("stat_need_indicator", {"file": file})
    return import_statistics(
        engine,
        file,
        indicator=indicator,
        select=chosen,
        match=match,
        year=year,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        se_select=errors or None,
    )


def _echo_result(result: ImportResult, dry_run: bool, lang: str) -> None:
    """What importing a file did, its notes, rejected rows and warnings."""
    file = result.file
    counts = {
        "file": file,
        "rows": result.rows_read,
        "new": result.inserted,
        "changed": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
    }
    if dry_run:
        click.echo(t("run_would_import", lang, **counts))
    elif not result.written:
        click.echo(t("run_nothing_changed", lang, file=file, count=result.unchanged))
    else:
        click.echo(t("run_imported", lang, batch=result.batch_id, **counts))
    if result.visibility_set:
        click.echo(t("aud_visibility_set", lang, count=result.visibility_set))
    for note in result.notes:
        click.echo(t("stat_run_note", lang, problem=note.line(lang)))
    for problem in result.problems:
        click.echo(t("run_rejected", lang, problem=problem.line(lang)), err=True)
    for warning in result.warnings:
        click.echo(t("run_warning", lang, problem=warning.line(lang)), err=True)
