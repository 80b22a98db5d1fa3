"""Docs that cannot rot: every command has help with an example, docs/cli.md holds every
command's options as click declares them, the README names the main commands, links resolve,
and the README stays short enough to read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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
def test_the_cli_reference_names_every_command(path: str, command: click.Command) -> None:
    reference = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")

    assert f"`benchlearn {path}" in reference


#: The commands a newcomer runs first; the README shows each and leaves the rest to docs/cli.md.
MAIN_COMMANDS = [
    "demo",
    "db upgrade",
    "municipalities load",
    "networks members",
    "import",
    "similar",
    "forms make",
    "forms status",
    "check",
    "workbook",
    "position",
    "partners",
    "definitions list",
    "definitions schema",
    "rank",
]


@pytest.mark.parametrize("path", MAIN_COMMANDS)
def test_readme_names_the_main_commands(path: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    assert re.search(rf"benchlearn (--db \S+ )?{path}\b", readme), path


def test_the_readme_is_at_most_300_lines() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()

    assert len(lines) <= 300


GENERATED = (
    "<!-- generated: python -m tests.test_docs -->\n",
    "<!-- end of generated -->\n",
)


def cli_reference() -> str:
    """docs/cli.md's section on every command, from what click declares: usage, options with
    their help, and the help's example, so the reference changes when a command does."""
    parts: list[str] = []
    for path, command in COMMANDS:
        ctx = click.Context(command, info_name=f"benchlearn {path}")
        usage = " ".join(command.collect_usage_pieces(ctx))
        parts.append(f"### `benchlearn {path}`\n\n{command.get_short_help_str(limit=300)}\n\n")
        parts.append(f"`benchlearn {path} {usage}`\n\n")
        records = [
            p.get_help_record(ctx)
            for p in command.params
            if isinstance(p, click.Option) and not p.hidden and p.name != "help"
        ]
        if records:
            parts.append("| option | what it does |\n|---|---|\n")
            for names, text in (r for r in records if r):
                cell, name = (x.replace("|", "\\|").replace("\n", " ") for x in (text, names))
                parts.append(f"| `{name}` | {cell} |\n")
            parts.append("\n")
        if isinstance(command, click.Group):
            parts.append("Commands: " + ", ".join(f"`{n}`" for n in sorted(command.commands)))
            parts.append("\n\n")
        example = (command.help or "").split("Example:", 1)[1]
        lines = [line.strip() for line in example.splitlines() if line.strip()]
        parts.append("```text\n" + "\n".join(lines) + "\n```\n\n")
    return GENERATED[0] + "\n" + "".join(parts).rstrip("\n") + "\n\n" + GENERATED[1]


def python_reference() -> str:
    """docs/python.md's table of the Database's methods: each with its parameters (defaults
    included) and the first paragraph of its docstring, so the page changes when the API does."""
    import inspect

    from benchlearn.api import Database

    rows = ["| method | what it does |", "|---|---|"]
    for name, function in inspect.getmembers(Database, inspect.isfunction):
        if name.startswith("_"):
            continue
        signature = inspect.signature(function)
        bare = [
            p.replace(annotation=inspect.Parameter.empty)
            for p in list(signature.parameters.values())[1:]
        ]
        shown = signature.replace(parameters=bare, return_annotation=inspect.Signature.empty)
        summary = " ".join((inspect.getdoc(function) or "").split("\n\n")[0].split())
        rows.append(f"| `db.{name}{shown}` | {summary.replace('``', '`')} |")
    return GENERATED[0] + "\n" + "\n".join(rows) + "\n\n" + GENERATED[1]


#: The generated sections: page -> what writes it.
GENERATED_PAGES = {"cli.md": cli_reference, "python.md": python_reference}


def written(page: str) -> str:
    text = (REPO / "docs" / page).read_text(encoding="utf-8")
    start, end = text.index(GENERATED[0]), text.index(GENERATED[1]) + len(GENERATED[1])
    return text[start:end]


@pytest.mark.parametrize("page", sorted(GENERATED_PAGES))
def test_the_generated_references_are_current(page: str) -> None:
    """docs/cli.md is what click declares and docs/python.md what the Database's methods say;
    after changing either, `python -m tests.test_docs` writes the sections again."""
    assert written(page) == GENERATED_PAGES[page]()


def pages() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


def anchors(page: Path) -> set[str]:
    """The #anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces
    as hyphens, a repeated heading numbered."""
    found: set[str] = set()
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        if in_code or not re.match(r"#{1,6} ", line):
            continue
        slug = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
        number, candidate = 0, slug
        while candidate in found:
            number += 1
            candidate = f"{slug}-{number}"
        found.add(candidate)
    return found


def test_anchors_are_the_ones_github_gives_headings(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# Guide for analysts: adding indicators and networks\n"
        "```bash\n# not a heading\n```\n"
        "### `benchlearn db upgrade`\n"
        "## Similar municipalities: context of the nearest year, partial figures\n"
        "## Līdzīgās pašvaldības\n"
        "## Exit codes\n## Exit codes\n",
        encoding="utf-8",
    )

    assert anchors(page) == {
        "guide-for-analysts-adding-indicators-and-networks",
        "benchlearn-db-upgrade",
        "similar-municipalities-context-of-the-nearest-year-partial-figures",
        "līdzīgās-pašvaldības",
        "exit-codes",
        "exit-codes-1",
    }


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def relative_links() -> list[tuple[str, Path, str]]:
    found = []
    for page in pages():
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in LINK.findall(text):
            if not re.match(r"[a-z]+:", target):
                found.append((f"{page.relative_to(REPO)} -> {target}", page, target))
    return found


@pytest.mark.parametrize(
    ("where", "page", "target"), relative_links(), ids=[w for w, _, _ in relative_links()]
)
def test_every_relative_link_and_anchor_resolves(where: str, page: Path, target: str) -> None:
    path, _, anchor = target.partition("#")
    resolved = (page.parent / path).resolve() if path else page

    assert resolved.exists(), where
    if anchor:
        assert anchor in anchors(resolved), where


def test_the_readme_links_every_page_of_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")

    for page in [*sorted((REPO / "docs").glob("*.md")), REPO / "docs" / "python.ipynb"]:
        assert f"](docs/{page.name})" in readme, page.name


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


if __name__ == "__main__":
    for name, make in GENERATED_PAGES.items():
        path = REPO / "docs" / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(written(name), make()), encoding="utf-8")
