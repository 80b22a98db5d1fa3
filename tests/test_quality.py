"""Lint and types are part of the suite, so CI holds every change to them."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed")
def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "benchlearn", "tests", "benchmarks", "migrations")

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_nothing() -> None:
    pytest.importorskip("mypy")

    result = run(sys.executable, "-m", "mypy")

    assert result.returncode == 0, result.stdout + result.stderr
