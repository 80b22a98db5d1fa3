"""Every benchmark runs: a tiny size of each, so a refactor cannot leave one broken.

The figures are measured by running the benchmarks at full size (see the
README), never asserted here: these machines are shared and noisy.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import POSTGRES_URL, REPO

TINY = {
    "bench_documents.py": ["--municipalities", "3", "--indicators", "301"],
    "bench_import.py": ["--rows", "2000"],
    "bench_import_copy.py": ["--municipalities", "20", "--indicators", "5", "--years", "2"],
    "bench_import_memory.py": ["--rows", "2000"],
    "bench_plan_effects.py": ["--plans", "2"],
    "bench_rank.py": ["--municipalities", "20", "--indicators", "5", "--years", "2"],
    "bench_rank_year.py": [
        "--municipalities",
        "20",
        "--indicators",
        "5",
        "--years",
        "2",
        "--repeat",
        "1",
    ],
    # A meeting network of three indicators: its workbook was most of this run at twenty.
    "bench_scale.py": [
        "--municipalities",
        "12",
        "--indicators",
        "21",
        "--years",
        "2",
        "--meeting",
        "3",
        "--no-site",
    ],
    "bench_site.py": ["--sample", "uk-asc", "--limit", "3"],
    # A second of three readers and two writers; the set-up (PostgreSQL, the site) is most.
    "bench_serve_load.py": ["--seconds", "1", "--readers", "3", "--writers", "2"],
    "bench_similarity.py": ["--rows", "400", "--variables", "4", "--k", "5"],
    "bench_statistics.py": ["--municipalities", "20", "--indicators", "10", "--sample", "200"],
    "bench_workbook.py": [
        "--municipalities",
        "8",
        "--indicators",
        "3",
        "--years",
        "2",
        "--repeat",
        "1",
    ],
}
#: Benchmarks against a PostgreSQL server: given the test server, skipped without one.
ON_POSTGRES = {"bench_import_copy.py", "bench_serve_load.py"}


def test_every_benchmark_is_listed() -> None:
    assert sorted(p.name for p in (REPO / "benchmarks").glob("bench_*.py")) == sorted(TINY)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TINY))
def test_benchmark_runs_and_prints_its_ratio(name: str) -> None:
    server = []
    if name in ON_POSTGRES:
        if not POSTGRES_URL:
            pytest.skip("BENCHLEARN_TEST_POSTGRES_URL is not set")
        server = ["--postgres", POSTGRES_URL]
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / name), *TINY[name], *server],
        capture_output=True,
        text=True,
        cwd=REPO,
    )

    assert result.returncode == 0, result.stderr
    assert "ratio" in result.stdout
