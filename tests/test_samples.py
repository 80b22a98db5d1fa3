"""Built-in samples: rebuilt byte for byte from shared/data, consistent, and the demo runs."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.definitions import read_files
from benchlearn.demo import run_demo
from benchlearn.registry.municipalities import BUILTIN_DIR
from benchlearn.samples import SAMPLES_DIR, sample_names


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in {".csv", ".yaml", ".txt"}
    }


def test_shipped_samples_are_what_the_builder_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_data: Path
) -> None:
    from benchlearn.samples import build

    copy = tmp_path / "samples"
    registries = tmp_path / "registries"
    monkeypatch.setattr(build, "SAMPLES", copy)
    monkeypatch.setattr(build, "REGISTRIES", registries)
    copy.mkdir()

    build.main(["--shared", str(shared_data)])

    assert digests(copy) == {k: v for k, v in digests(SAMPLES_DIR).items() if not k.endswith(".py")}
    assert digests(registries) == digests(BUILTIN_DIR)


@pytest.mark.parametrize("name", sample_names())
def test_sample_definitions_and_data_agree(name: str) -> None:
    import pandas as pd

    folder = SAMPLES_DIR / name
    definitions = read_files([folder / "indicators.yaml", folder / "network.yaml"])
    data = pd.read_csv(folder / "observations.csv", dtype=str, keep_default_na=False)
    municipalities = set(pd.read_csv(folder / "municipalities.csv", dtype=str)["code"])

    assert not data.duplicated(["municipality", "indicator", "year"]).any()
    assert set(data["indicator"]) <= {c for c, i in definitions.indicators.items() if not i.formula}
    assert set(data["municipality"]) <= municipalities
    assert (folder / "SOURCE.txt").read_text(encoding="utf-8").strip()


def test_demo_command_builds_the_default_sample(tmp_path: Path) -> None:
    # With the site it is tested in tests/test_site_browser.py, which opens every page.
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path), "--no-site"])

    assert result.exit_code == 0, result.output
    assert "Web report" not in result.output
    assert (
        "Holds: 157 municipalities, 7 indicators, 1 network, 1 peer group, 6376 values."
        in result.output
    )
    assert (tmp_path / "benchlearn-demo-uk-asc.db").is_file()


def test_the_demo_speaks_latvian_and_writes_its_workbook_in_latvian(tmp_path: Path) -> None:
    import openpyxl

    result = CliRunner().invoke(cli, ["--lang", "lv", "demo", "--out", str(tmp_path), "--no-site"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Veido datubāzi {tmp_path / 'benchlearn-demo-uk-asc.db'} …"
    assert (
        "Tajā ir: 157 pašvaldības, 7 rādītāji, 1 tīkls, 1 salīdzināmo grupa, 6376 vērtības."
        in lines
    )
    assert "Tālāk:" in lines
    book = openpyxl.load_workbook(tmp_path / "benchlearn-uk-asc-ASC-2021.xlsx", read_only=True)
    assert book.sheetnames[:3] == ["Titullapa", "Sanāksmes kopsavilkums", "Kopsavilkums"]


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_demo_says_each_step_then_what_it_wrote_into_its_own_folder(
    demo_run: tuple[Path, str, int],
) -> None:
    # Run with no options in a folder of its own (conftest.demo_run), shared with the
    # browser's tests. No terminal there, so no progress bar: the output is exactly the
    # demo's lines.
    tmp_path, output, exit_code = demo_run
    sample = SAMPLES_DIR / "uk-asc"

    assert exit_code == 0, output
    assert output.splitlines() == [
        "Building the database benchlearn-demo/benchlearn-demo-uk-asc.db …",
        f"Importing the sample's values from {sample / 'observations.csv'} …",
        "Writing the meeting workbook benchlearn-demo/benchlearn-uk-asc-ASC-2021.xlsx …",
        "Comparing every member and writing the web report into "
        "benchlearn-demo/benchlearn-uk-asc-ASC-2021 …",
        "English councils' adult social care indicators 2015–2022 (Oflog)",
        "Workbook: benchlearn-demo/benchlearn-uk-asc-ASC-2021.xlsx",
        "  14 sheets for network ASC, 2021, 157 members and 7 indicators: Cover, Meeting "
        "summary, Summary, ASC1, ASC2, ASC3, ASC4, ASC5, ASC6, ASC7, Similar municipalities, "
        "Definitions, Data, Data quality",
        "Web report: benchlearn-demo/benchlearn-uk-asc-ASC-2021, 165 pages",
        "  open benchlearn-demo/benchlearn-uk-asc-ASC-2021/index.html in a browser "
        "(it needs no internet)",
        "Database: benchlearn-demo/benchlearn-demo-uk-asc.db",
        "Holds: 157 municipalities, 7 indicators, 1 network, 1 peer group, 6376 values.",
        f"Source and licence: {sample / 'SOURCE.txt'}",
        "Next:",
        "  benchlearn --db benchlearn-demo/benchlearn-demo-uk-asc.db rank --network ASC "
        "--year 2021",
        "  benchlearn --db benchlearn-demo/benchlearn-demo-uk-asc.db position -m E06000001 "
        "--network ASC --year 2021",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["benchlearn-demo"]
    assert (tmp_path / "benchlearn-demo" / "benchlearn-uk-asc-ASC-2021" / "index.html").is_file()


def test_demo_steps_are_told_in_order(tmp_path: Path) -> None:
    # The first step told in Latvian is checked where the Latvian demo runs anyway
    # (test_the_demo_speaks_latvian_and_writes_its_workbook_in_latvian).
    steps: list[tuple[str, Path]] = []

    run_demo(out=tmp_path, site=False, step=lambda *told: steps.append(told) or None)

    assert [name for name, _ in steps] == ["database", "import", "workbook"]
    assert steps[2][1] == tmp_path / "benchlearn-uk-asc-ASC-2021.xlsx"


def test_demo_rejects_unknown_samples(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["demo", "--dataset", "mars", "--out", str(tmp_path)])

    assert result.exit_code == 1
    assert (
        result.output
        == "Error: unknown sample 'mars' (samples: no-kostra, se-municipalities, uk-asc)\n"
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", ["no-kostra", "se-municipalities"])
def test_demo_workbook_and_position_on_the_other_samples(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    demo = runner.invoke(cli, ["demo", "--dataset", name, "--no-site"])
    # The demo says what to run next; run its position line as a user would.
    suggested = [line.split()[1:] for line in demo.output.splitlines() if " position " in line]
    where = runner.invoke(cli, suggested[0])

    assert demo.exit_code == 0, demo.output
    workbook = next((tmp_path / "benchlearn-demo").glob(f"benchlearn-{name}-*.xlsx"))
    book = load_workbook(workbook)
    assert book.sheetnames[:3] == ["Cover", "Meeting summary", "Summary"]
    assert book.sheetnames[-4:] == ["Similar municipalities", "Definitions", "Data", "Data quality"]
    similar = [row for row in book["Similar municipalities"].iter_rows(values_only=True) if row[0]]
    assert len(similar) > 20  # neighbours from the sample's structural variables
    assert where.exit_code == 0, where.output
    lines = where.output.splitlines()
    assert lines[1].split()[:4] == ["indicator", "name", "value", "rank_of_n"]
    assert any(line.startswith("Strongest: ") for line in lines)
