"""The documentation's commands, run as a reader runs them: every `benchlearn` line of the
README's Quick start and guides, then of the facilitators', municipalities' and analysts'
guides, in order, in one fresh folder on one fresh database.

The conventions the pages follow are in docs/development.md: a ```bash line that starts with
`benchlearn ` is a command; `# exits N` in its comment is the exit code it is meant to have; a
block whose first lines hold `# file: NAME` is written to NAME before the commands below it.
`pull` talks to the replay server of tests/replay.py instead of data.stat.gov.lv.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from benchlearn.cli import cli
from tests.conftest import REPO
from tests.replay import PxWebV1, Replay

#: Where the pages' pulls go: PxWeb tables of Statistics Latvia, answered by the replay server.
STAT_LV = "https://data.stat.gov.lv"
IRS031 = "/api/v1/en/OSP_PUB/POP/IR/IRS/IRS031"


@dataclass(frozen=True)
class Step:
    """One thing the reader does: write a file the page shows, or run a command."""

    where: str
    command: str = ""
    file: str = ""
    text: str = ""
    exit_code: int = 0


def readme_guides() -> str:
    """The README from its Quick start to the end of its guides."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return "## Quick start" + text.split("## Quick start", 1)[1].split("## Use from Python", 1)[0]


def page_steps(name: str, text: str) -> list[Step]:
    steps: list[Step] = []
    lines = text.splitlines()
    number = 0
    while number < len(lines):
        fence = re.match(r"(\s*)```(\w*)\s*$", lines[number])
        number += 1
        if not fence:
            continue
        indent, language = len(fence.group(1)), fence.group(2)
        start = number
        while not lines[number].strip().startswith("```"):
            number += 1
        block = [line[indent:] for line in lines[start:number]]
        number += 1
        where = f"{name}:{start}"
        if language == "bash":
            steps.extend(commands(where, block))
            continue
        marker = next(
            (m for m in (re.match(r"# file: (\S+)$", line) for line in block[:2]) if m), None
        )
        if marker:
            kept = [line for line in block if not line.startswith("# file: ")]
            steps.append(Step(where, file=marker.group(1), text="\n".join(kept) + "\n"))
    return steps


def commands(where: str, block: list[str]) -> Iterator[Step]:
    joined = "\n".join(block).replace("\\\n", " ")
    for line in joined.splitlines():
        for part in line.split("&&"):
            part = part.strip()
            if part.startswith("benchlearn "):
                code = re.search(r"#.*\bexits (\d)", part)
                yield Step(where, command=part, exit_code=int(code.group(1)) if code else 0)


def all_steps() -> list[Step]:
    steps = page_steps("README.md", readme_guides())
    for page in ("facilitator.md", "municipalities.md", "analyst.md"):
        steps.extend(page_steps(page, (REPO / "docs" / page).read_text(encoding="utf-8")))
    return steps


def test_the_pages_have_commands_and_files() -> None:
    steps = all_steps()

    assert [s.command for s in steps[:1]] == ["benchlearn demo"]
    assert len([s for s in steps if s.command]) >= 40
    assert {"t2-members.csv", "values-2024.csv", "my-indicators.yaml"} <= {s.file for s in steps}


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[Replay]:
    """The replay server, with every request for data.stat.gov.lv sent to it instead."""
    server = Replay().start()
    table = PxWebV1.irs031()
    server.routes[("GET", IRS031)] = table.route
    server.routes[("POST", IRS031)] = table.route
    request = requests.Session.request

    def to_replay(
        self: requests.Session, method: str, url: str, *args: Any, **kw: Any
    ) -> requests.Response:
        return request(self, method, url.replace(STAT_LV, server.url), *args, **kw)

    monkeypatch.setattr(requests.Session, "request", to_replay)
    yield server
    server.stop()


def run(step: Step, env: dict[str, str]) -> tuple[int, str]:
    words = shlex.split(step.command, comments=True)[1:]
    target = None
    if ">" in words:
        target, words = words[words.index(">") + 1], words[: words.index(">")]
    result = CliRunner().invoke(cli, words, env=env)
    if target:
        Path(target).write_text(result.stdout, encoding="utf-8")
    return result.exit_code, result.output + (f"\n{result.exception!r}" if result.exception else "")


@pytest.mark.slow
def test_every_command_of_the_guides_runs_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replay: Replay
) -> None:
    monkeypatch.chdir(tmp_path)
    env = {
        "BENCHLEARN_DB": f"sqlite:///{tmp_path / 'benchlearn.db'}",
        "BENCHLEARN_CACHE": str(tmp_path / "cache"),
        "BENCHLEARN_LANG": "en",
    }
    ran = []

    for step in all_steps():
        if step.file:
            Path(step.file).write_text(step.text, encoding="utf-8")
            continue
        code, output = run(step, env)
        assert code == step.exit_code, f"{step.where}: {step.command}\n{output}"
        ran.append(step.command)

    assert len(ran) == len([s for s in all_steps() if s.command])
    assert any(r.startswith("benchlearn pull") for r in ran)
    assert replay.calls("POST")
