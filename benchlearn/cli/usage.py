"""click's own usage errors in the reader's language.

click words its errors in English ("Missing option '--year'.", "No such command
'rnak'."); under ``--lang lv`` (or ``BENCHLEARN_LANG=lv``) the root group
:class:`LocalisedGroup` catches each usage error on its way out and tells it
from the message catalogue (``click_`` keys): the usage line, the help hint and
the error. The known forms are read from the exception's own fields where it
has them (the option's name, the value, the choices), else from click's
English text; a form not known here stays as click says it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import IO, Any

import click

from benchlearn.messages import t

#: click's inner texts of a bad value, as pattern → catalogue key (groups: value, then more).
_BAD_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<value>.+) is not one of (?P<choices>.+)\.$", re.S), "click_not_one_of"),
    (re.compile(r"^(?P<value>.+) is not (?P<choices>'[^']*')\.$", re.S), "click_not_one_of"),
    (re.compile(r"^(?P<value>.+) is not a valid integer\.$", re.S), "click_not_integer"),
    (re.compile(r"^(?P<value>.+) is not a valid float\.$", re.S), "click_not_float"),
    (
        re.compile(r"^(?P<kind>File|Directory|Path) (?P<path>.+) does not exist\.$", re.S),
        "click_no_such_path",
    ),
)
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Option (?P<name>.+) requires an argument\.$", re.S), "click_requires_argument"),
    (
        re.compile(r"^Got unexpected extra arguments? \((?P<args>.*)\)$", re.S),
        "click_extra_arguments",
    ),
    (re.compile(r"^Missing command\.$"), "click_missing_command"),
)

_NO_SUCH_COMMAND = re.compile(
    r"^No such command (?P<name>'[^']*')\.(?: Did you mean (?P<possibility>.+)\?"
    r"| \(Did you mean one of: (?P<possibilities>.+)\?\))?$",
    re.S,
)


def requested_language(args: Sequence[str]) -> str:
    """The language asked for on a command line click could not parse: ``--lang X`` or
    ``--lang=X`` on it, else ``BENCHLEARN_LANG``, else English."""
    for position, arg in enumerate(args):
        if arg == "--lang" and position + 1 < len(args):
            return args[position + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return os.environ.get("BENCHLEARN_LANG") or "en"


def translate(error: click.UsageError, lang: str) -> str:
    """What ``error`` says, in ``lang``; click's English where the form is not known here."""
    if isinstance(error, click.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        hint = error.param_hint
        if hint is None and error.param is not None:
            hint = error.param.get_error_hint(error.ctx)
        if kind in {"option", "argument", "parameter"} and isinstance(hint, str):
            return t(f"click_missing_{kind}", lang, name=hint)
    elif isinstance(error, click.NoSuchOption):
        said = t("click_no_such_option", lang, name=repr(error.option_name))
        if error.possibilities and len(error.possibilities) == 1:
            said += " " + t("click_did_you_mean", lang, possibility=error.possibilities[0])
        elif error.possibilities:
            possibilities = ", ".join(sorted(error.possibilities))
            said += " " + t("click_possible_options", lang, possibilities=possibilities)
        return said
    elif isinstance(error, click.BadParameter):
        hint = error.param_hint
        if hint is None and error.param is not None:
            hint = error.param.get_error_hint(error.ctx)
        if isinstance(hint, str):
            return t("click_invalid_value", lang, name=hint, message=_bad_value(error, lang))
    message = error.format_message()
    unknown = _NO_SUCH_COMMAND.match(message)
    if unknown:
        said = t("click_no_such_command", lang, name=unknown["name"])
        if unknown["possibility"]:
            said += " " + t("click_did_you_mean", lang, possibility=unknown["possibility"])
        elif unknown["possibilities"]:  # click lists several close names in brackets
            said += " " + t(
                "click_did_you_mean_one_of", lang, possibilities=unknown["possibilities"]
            )
        return said
    for pattern, key in _MESSAGES:
        found = pattern.match(message)
        if found:
            return t(key, lang, **found.groupdict())
    return message


def _bad_value(error: click.BadParameter, lang: str) -> str:
    for pattern, key in _BAD_VALUES:
        found = pattern.match(error.message)
        if found:
            values = found.groupdict()
            if "kind" in values:
                values["kind"] = t(f"click_kind_{values['kind']}", lang)
            return t(key, lang, **values)
    return error.message


class LocalisedUsageError(click.UsageError):
    """A usage error told in ``lang``: the usage line, the help hint and the message."""

    def __init__(self, error: click.UsageError, lang: str) -> None:
        super().__init__(translate(error, lang), error.ctx)
        self.exit_code = error.exit_code
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        """Print as click does (usage, hint, blank line, error), in the reader's language."""
        lang, ctx = self.lang, self.ctx
        if ctx is not None:
            pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
            pieces = pieces.replace("COMMAND [ARGS]...", t("click_command_metavar", lang))
            pieces = pieces.replace("[OPTIONS]", t("click_options_metavar", lang))
            click.echo(f"{t('click_usage', lang)} {ctx.command_path} {pieces}", file=file, err=True)
            if ctx.command.get_help_option(ctx) is not None:
                names = ctx.command.get_help_option_names(ctx)
                command = f"{ctx.command_path} {max(names, key=len)}"
                click.echo(t("click_try_help", lang, command=command), file=file, err=True)
            click.echo("", file=file, err=True)
        click.echo(t("run_error", lang, message=self.message), file=file, err=True)


def localised(error: click.UsageError, lang: str) -> click.UsageError:
    """``error`` as the reader of ``lang`` should see it (English: as it is)."""
    if lang == "en" or isinstance(error, LocalisedUsageError):
        return error
    return LocalisedUsageError(error, lang)


class LocalisedGroup(click.Group):
    """The root group: click's usage errors, its own and its commands', in ``--lang``."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        lang = requested_language(args)  # before click consumes the arguments
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            raise localised(error, lang) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise localised(error, str(ctx.params.get("lang") or "en")) from None
