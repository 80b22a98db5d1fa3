"""Networks and their members: the listing, and who joined and left in which year."""

from __future__ import annotations

from pathlib import Path

import click

from benchlearn.cli.common import (
    cli,
    echo_frame,
    engine_from,
    format_option,
    handles_errors,
    lang_option,
    names_for,
)
from benchlearn.errors import BenchlearnError
from benchlearn.messages import t


@cli.group("networks", invoke_without_command=True)
@lang_option()
@format_option
@click.pass_context
@handles_errors
def networks(ctx: click.Context, lang: str, fmt: str) -> None:
    """List networks with their indicators and members (this year's count).

    \b
    Example:
        benchlearn networks --format csv
        benchlearn networks members T2 --add LV-016 --year 2024
    """
    if ctx.invoked_subcommand is not None:
        return
    import datetime as dt

    from benchlearn.definitions.store import stored_definitions
    from benchlearn.definitions.tables import network_table
    from benchlearn.registry.municipalities import network_members

    year = dt.date.today().year
    with engine_from(ctx).connect() as connection:
        found = stored_definitions(connection)
        counts = {
            code: len(network_members(connection, net, year))
            for code, net in found.networks.items()
        }
    echo_frame(network_table(found, counts, lang), fmt, lang)


def _codes(values: tuple[str, ...]) -> list[str]:
    """Codes from repeated options, each of which may hold several (comma or space between)."""
    return [code for value in values for code in value.replace(",", " ").split()]


@networks.command("members")
@click.argument("network")
@click.argument("more", nargs=-1, metavar="")
@click.option("--add", multiple=True, metavar="CODE...", help="Members joining (in --year).")
@click.option("--remove", multiple=True, metavar="CODE...", help="Members leaving (in --year).")
@click.option(
    "--set",
    "member_file",
    metavar="FILE",
    help="The whole member list: a CSV with municipality[,joined,left] or one code a line; "
    "- reads standard input.",
)
@click.option("--all", "everyone", is_flag=True, help="Every municipality in the registry.")
@click.option("--year", type=int, help="Year of joining or leaving (default: this year).")
@lang_option()
@format_option
@click.pass_context
@handles_errors
def networks_members(
    ctx: click.Context,
    network: str,
    more: tuple[str, ...],
    add: tuple[str, ...],
    remove: tuple[str, ...],
    member_file: str | None,
    everyone: bool,
    year: int | None,
    lang: str,
    fmt: str,
) -> None:
    """List or change a network's members, with the years they joined and left.

    Without options, list every member (former ones too) with its join and leave
    year; an empty join year is a member since always. --add and --remove take
    codes (several after one option, or repeat it, or separate codes by commas)
    joining or leaving in --year,
    this year unless told; a member that left is still compared in the years it
    was a member (the leave year is the first year it is not). --set FILE makes
    the file the member list: new members join in their `joined` year (else
    --year) and members the file leaves out leave in --year. --all makes every
    municipality in the registry a member, as `members: all` does. An unknown
    code changes nothing.

    \b
    Example:
        benchlearn networks members T2
        benchlearn networks members T2 --set t2-members.csv --year 2023
        benchlearn networks members T2 --add LV-016 LV-017 LV-018 --year 2024
        benchlearn networks members T2 --remove LV-016 --year 2026
    """
    import datetime as dt

    from benchlearn.registry.members import change_members, read_member_file, stored_membership
    from benchlearn.registry.municipalities import registry_members

    engine = engine_from(ctx)
    year = dt.date.today().year if year is None else year
    if (member_file is not None or everyone) and (add or remove or (member_file and everyone)):
        raise BenchlearnError.of("reg_members_alone")
    if more:  # `--add A B C`: click gives the option one value, the rest come after the network
        if bool(add) == bool(remove):
            raise BenchlearnError.of("reg_codes_without_option", {"codes": " ".join(more)})
        add, remove = (add + more, remove) if add else (add, remove + more)
    if not (add or remove or member_file is not None or everyone):
        with engine.connect() as connection:
            found = stored_membership(connection, network)
            count = len(registry_members(connection, year))
        if found.everyone:
            click.echo(t("run_members_everyone", lang, network=network, count=count, year=year))
        elif found.frame.empty:
            click.echo(t("run_members_none", lang, network=network))
        else:
            echo_frame(found.frame, fmt, lang, names=names_for(ctx, fmt))
        return
    entries = None
    if member_file is not None:
        if member_file == "-":
            text, name = click.get_text_stream("stdin").read(), "-"
        else:
            name = member_file
            try:
                text = Path(member_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise BenchlearnError.of(
                    "reg_cannot_read", {"file": member_file, "error": str(exc)}
                ) from exc
        entries = read_member_file(text, name)
    change = change_members(
        engine,
        network,
        year,
        add=_codes(add),
        remove=_codes(remove),
        members=entries,
        everyone=everyone,
    )
    if change.everyone:
        click.echo(
            t("run_members_everyone", lang, network=network, count=change.members, year=year)
        )
        return
    click.echo(
        t(
            "run_members_changed",
            lang,
            network=network,
            year=year,
            added=len(change.added),
            left=len(change.removed),
            unchanged=change.unchanged,
            count=change.members,
        )
    )
