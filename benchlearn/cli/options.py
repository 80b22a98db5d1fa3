"""The options every command spells the same way, and the old spellings kept for a release.

One idea, one spelling: ``-m/--municipality CODE``, ``-i/--indicator CODE``,
``-n/--network CODE``, ``--year``, ``-k``, ``--lang``, and ``--format
table|csv|json|xlsx`` with ``-o/--out FILE`` wherever a table comes out. The
spellings of earlier releases (``--k``, ``--years``, a municipality given as the
first argument) still work but are not shown in ``--help``:
:class:`AliasOption` hides an option's old names, :class:`HiddenArgument` a
positional argument that :func:`positional_alias` folds into its option.

``-o/--out`` and ``--excel`` are processed before ``--format`` (they are eager),
so ``--format`` can be inferred from the file's suffix; where they went is kept
in ``ctx.meta`` under :data:`OUTPUT` for :func:`benchlearn.cli.common.echo_frame`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from benchlearn.cli.output import FORMATS
from benchlearn.messages import t

F = TypeVar("F", bound=Callable[..., Any])

#: ``ctx.meta`` key of the :class:`Output` a command's table goes to.
OUTPUT = "benchlearn.output"
#: ``ctx.meta`` key of ``-q``/``-v``: -1 quiet, 0 normal, 1 verbose, 2 debug.
VERBOSITY = "benchlearn.verbosity"
#: The format each suffix of ``-o FILE`` stands for when ``--format`` is not given.
SUFFIXES = {".csv": "csv", ".json": "json", ".xlsx": "xlsx", ".txt": "table"}


class AliasOption(click.Option):
    """An option whose old spellings (``aliases``) still work but are not shown in help.

    click shows every name of an option; the old ones are left out of the help
    record here, so a reader learns one spelling while scripts that use the old
    one keep working for a release.
    """

    def __init__(
        self, param_decls: Sequence[str], *, aliases: Sequence[str] = (), **attrs: Any
    ) -> None:
        super().__init__([*param_decls, *aliases], **attrs)
        self.aliases = tuple(aliases)

    @property
    def visible_opts(self) -> list[str]:
        """The names ``--help`` shows: every name but the old ones."""
        return [name for name in self.opts if name not in self.aliases]

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        every = self.opts
        self.opts = self.visible_opts
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = every


class HiddenArgument(click.Argument):
    """A positional argument kept as an alias of an option: accepted, never in the usage line."""

    def get_usage_pieces(self, ctx: click.Context) -> list[str]:
        return []


def positional_alias(dest: str, *, required: bool = True) -> Callable[[F], F]:
    """Accept the option ``dest`` also as a positional argument (its old spelling).

    Both given and different is a usage error; neither given, when ``required``,
    is the option's "Missing option". Apply it above the option's own decorator.
    """
    alias = f"{dest}_given_as_argument"

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            ctx = click.get_current_context()
            given, positional = kwargs.get(dest), kwargs.pop(alias, None)
            option = next(p for p in ctx.command.params if p.name == dest)
            if given is not None and positional is not None and given != positional:
                lang = _language(ctx)
                raise click.UsageError(
                    t(
                        "click_alias_differs",
                        lang,
                        name=option.opts[-1],
                        given=given,
                        positional=positional,
                    ),  # fmt: skip
                    ctx,
                )
            kwargs[dest] = given if given is not None else positional
            if required and kwargs[dest] is None:
                raise click.MissingParameter(ctx=ctx, param=option)
            return function(*args, **kwargs)

        return click.argument(alias, required=False, cls=HiddenArgument)(wrapper)  # type: ignore[return-value]

    return decorate


def municipality_option(
    *, required: bool = False, multiple: bool = False, help: str = "Municipality code."
) -> Callable[[F], F]:
    """``-m/--municipality CODE`` (repeatable when ``multiple``)."""
    return click.option(
        "-m",
        "--municipality",
        "municipalities" if multiple else "municipality",
        required=required,
        multiple=multiple,
        metavar="CODE",
        help=help,
    )


def indicator_option(
    *, required: bool = False, multiple: bool = False, help: str = "Indicator code."
) -> Callable[[F], F]:
    """``-i/--indicator CODE`` (repeatable when ``multiple``)."""
    return click.option(
        "-i",
        "--indicator",
        "indicators" if multiple else "indicator",
        required=required,
        multiple=multiple,
        metavar="CODE",
        help=help,
    )


def k_option(default: int | None, help: str) -> Callable[[F], F]:
    """``-k N`` (``--k`` still works, unshown)."""
    return click.option(
        "-k",
        "k",
        cls=AliasOption,
        aliases=["--k"],
        type=int,
        default=default,
        show_default=default is not None,
        metavar="N",
        help=help,
    )


def years_option(help: str) -> Callable[[F], F]:
    """``--year`` given once or more, each a year or a range (``2019-2024``); ``--years``
    still works, unshown. The command gets the texts joined by commas (``2015-2019,2024``)."""

    def join(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> str | None:
        return ",".join(value) if value else None

    return click.option(
        "--year",
        "years",
        cls=AliasOption,
        aliases=["--years"],
        multiple=True,
        metavar="YEAR|Y0-Y1",
        callback=join,
        help=help,
    )


def _language(ctx: click.Context) -> str:
    """The language of a usage error raised here: the command's ``--lang``, else the global."""
    return str(ctx.meta.get("benchlearn.lang") or ctx.find_root().params.get("lang") or "en")


@dataclass(frozen=True)
class Output:
    """Where a command's table goes: ``path`` (None: standard output) and whether CSV on
    standard output starts with a byte-order mark (``--excel``)."""

    path: Path | None = None
    excel: bool = False


def _output(ctx: click.Context) -> Output:
    found = ctx.meta.get(OUTPUT)
    return found if isinstance(found, Output) else Output()


def output_of(ctx: click.Context | None) -> Output:
    """The :class:`Output` of the running command (standard output when it has none)."""
    return Output() if ctx is None else _output(ctx)


def _keep_out(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta[OUTPUT] = Output(Path(value), _output(ctx).excel)


def _keep_excel(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.meta[OUTPUT] = Output(_output(ctx).path, True)


def _resolve_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    """The format asked for, else the one ``-o FILE``'s suffix stands for, else a table;
    ``xlsx`` needs ``-o FILE``."""
    path = _output(ctx).path
    if value is None:
        value = SUFFIXES.get(path.suffix.lower(), "table") if path is not None else "table"
    if value == "xlsx" and path is None:
        lang = _language(ctx)
        raise click.BadParameter(t("click_xlsx_needs_out", lang), ctx, param)
    return value


def output_options(*, out: bool = True, help: str | None = None) -> Callable[[F], F]:
    """``--format table|csv|json|xlsx``, ``-o/--out FILE`` and ``--excel``, for every command
    that prints a table. ``out=False`` for a command whose ``-o`` already means something
    else (``funnel`` draws its plot there); it then gets only ``--format``.

    CSV written to a file starts with a UTF-8 byte-order mark, so Excel reads "Sociālā"
    right; on standard output it does with ``--excel``.
    """

    def decorate(function: F) -> F:
        function = click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            default=None,
            callback=_resolve_format,
            help=help
            or "table (default), csv, json records, or xlsx (needs -o); -o FILE.csv|.json|.xlsx "
            "alone picks it.",
        )(function)
        if not out:
            return function
        function = click.option(
            "--excel",
            is_flag=True,
            is_eager=True,
            expose_value=False,
            callback=_keep_excel,
            help="CSV on standard output with a byte-order mark for Excel (files always have it).",
        )(function)
        return click.option(
            "-o",
            "--out",
            "output_path",
            metavar="FILE",
            type=click.Path(dir_okay=False),
            is_eager=True,
            expose_value=False,
            callback=_keep_out,
            help="Write the table to FILE instead of standard output.",
        )(function)

    return decorate
