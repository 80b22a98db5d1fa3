"""Docs that cannot rot: every command has help with an example, and the README names it."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from benchlearn.cli import cli
from tests.conftest import REPO


def all_commands(group: click.Group = cli, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        found.append((path, command))
        if isinstance(command, click.Group):
            found.extend(all_commands(command, f"{path} "))
    return found


COMMANDS = all_commands()


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path: str, command: click.Command) -> None:
    assert command.help, f"{path} has no help"
    assert "Example:" in command.help, f"{path}'s help has no example"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_readme_names_every_command(path: str, command: click.Command) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    assert f"benchlearn {path}" in readme


def test_readme_quick_start_has_exactly_two_lines() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1]

    lines = [line for line in block.splitlines()[1:] if line.strip()]

    assert len(lines) == 2
    assert "benchlearn demo" in lines[0]
    assert "pytest" in lines[1]


def test_readme_first_screen_says_which_python_and_what_to_open() -> None:
    import tomllib

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("## Concepts", 1)[0]
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert project["requires-python"] == ">=3.11"
    assert "Python 3.11 or newer" in first_screen
    assert "`benchlearn-demo/benchlearn-uk-asc-ASC-2021/index.html`" in first_screen
    assert "/benchlearn-demo/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_help_starts_without_pandas_or_scipy() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from benchlearn.cli import cli\n"
        "result = CliRunner().invoke(cli, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = sorted(m for m in ('pandas', 'scipy', 'xlsxwriter', 'sqlalchemy') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout.strip() == ""


def test_help_lists_every_top_level_command() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--help"])

    for name in cli.commands:
        assert f"  {name} " in result.output or f"  {name}\n" in result.output
