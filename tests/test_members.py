"""A network's members as data: joining and leaving years, set by `benchlearn networks members`.

The leave year is exclusive (a member that left in 2025 is compared in 2024, not in
2025); reloading the definitions leaves the members alone; every comparison, the
workbook cover, the site and the annual report see the members of their year.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from sqlalchemy import Engine, text

from benchlearn.cli import cli
from benchlearn.commands import write_report, write_site, write_workbook
from benchlearn.database import head_revision, upgrade
from benchlearn.definitions.store import load_definitions
from benchlearn.importing import import_file
from benchlearn.registry.members import MemberEntry, change_members, stored_membership
from benchlearn.registry.municipalities import load_municipalities, membership
from tests.conftest import write

#: The schema revision `db upgrade` brings a database to.
HEAD = head_revision()


MUNICIPALITIES = "code,name\nM1,Alpha\nM2,Beta\nM3,Gamma\nM4,Delta\nM5,Epsilon\n"
DEFINITIONS = """indicators:
  - {code: SHARE, name: {en: Share, lv: Daļa}, unit: "%", direction: higher, min: 0, max: 100}
network:
  code: N
  name: {en: Network, lv: Tīkls}
  indicators: [SHARE]
"""
YEARS = (2023, 2024, 2025)


@pytest.fixture
def network(engine: Engine, tmp_path: Path) -> Engine:
    """Five municipalities with a share for 2023–2025, and a network N without members."""
    load_municipalities(engine, write(tmp_path / "m.csv", MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "n.yaml", DEFINITIONS)])
    rows = ["municipality,indicator,year,value"]
    rows += [f"M{i},SHARE,{year},{10 * i + year - 2023}" for year in YEARS for i in range(1, 6)]
    import_file(engine, write(tmp_path / "v.csv", "\n".join(rows) + "\n"))
    return engine


def run(db_url: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", db_url, *args], input=stdin)


def members(engine: Engine) -> list[tuple[str, int | None, int | None]]:
    with engine.connect() as connection:
        frame = stored_membership(connection, "N").frame
    return [
        (str(r.municipality), None if pd.isna(r.joined) else int(r.joined),
         None if pd.isna(r.left) else int(r.left))
        for r in frame.itertuples(index=False)
    ]  # fmt: skip


def ranked(db_url: str, year: int) -> list[str]:
    result = run(db_url, "rank", "--network", "N", "--year", str(year), "--format", "csv")
    assert result.exit_code == 0, result.output
    return sorted(set(pd.read_csv(io.StringIO(result.stdout))["municipality"]))


def test_the_migration_keeps_existing_members_members_in_every_year(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0003")
    with empty_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO municipalities (id, code, name) VALUES (1, 'M1', 'A')")
        )
        connection.execute(
            text(
                "INSERT INTO networks (id, code, all_members, descriptor) "
                "VALUES (1, 'N', false, '{}')"
            )
        )
        connection.execute(text("INSERT INTO network_members VALUES (1, 1)"))

    assert upgrade(empty_engine) == HEAD

    with empty_engine.connect() as connection:
        found = membership(connection, "N")
        rows = connection.execute(text('SELECT joined, "left" FROM network_members')).all()
    assert found is not None
    assert [tuple(r) for r in rows] == [(None, None)]
    assert (found.listed(1990), found.listed(2024), found.listed(None)) == (["M1"], ["M1"], ["M1"])


def test_a_network_without_members_says_how_to_add_them(
    network: Engine, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    listed = run(db_url, "networks", "members", "N")
    english = run(db_url, "rank", "--network", "N", "--year", "2024")
    forms = run(db_url, "forms", "make", "--network", "N", "--year", "2024", "-o", "forms")
    latvian = run(db_url, "--lang", "lv", "rank", "--network", "N", "--year", "2024")

    assert listed.stdout == (
        "Network N has no members yet; add them with: benchlearn networks members N --add CODE ...\n"
    )
    assert (english.exit_code, english.stderr) == (
        1,
        "Error: network N has no members in 2024; add them with: "
        "benchlearn networks members N --add CODE ...\n",
    )
    assert (forms.exit_code, forms.stderr) == (1, english.stderr)
    assert (latvian.exit_code, latvian.stderr) == (
        1,
        "Kļūda: tīklam N 2024. gadā nav dalībnieku; pievienojiet tos ar: "
        "benchlearn networks members N --add KODS ...\n",
    )


def test_add_remove_and_list_members(network: Engine, db_url: str) -> None:
    first = run(
        db_url, "networks", "members", "N", "--add", "M1,M2", "--add", "M3", "--year", "2023"
    )
    second = run(db_url, "networks", "members", "N", "--add", "M4", "--year", "2024")
    again = run(db_url, "networks", "members", "N", "--add", "M4 M1", "--year", "2024")
    removed = run(
        db_url, "--lang", "lv", "networks", "members", "N", "--remove", "M2", "--year", "2025"
    )
    listed = run(db_url, "networks", "members", "N")
    latvian = run(db_url, "networks", "members", "N", "--lang", "lv", "--format", "csv")
    counted = run(db_url, "networks", "--format", "csv")

    assert first.stdout == "Network N in 2023: 3 joined, 0 left, 0 unchanged; 3 members.\n"
    assert second.stdout == "Network N in 2024: 1 joined, 0 left, 3 unchanged; 4 members.\n"
    assert again.stdout == "Network N in 2024: 0 joined, 0 left, 4 unchanged; 4 members.\n"
    assert removed.stdout == (
        "Tīkls N 2025. gadā — pievienojušies: 0, izstājušies: 1, bez izmaiņām: 3; "
        "dalībnieku skaits: 3.\n"
    )
    assert listed.stdout.splitlines() == [
        "municipality  name   joined  left",
        "------------  -----  ------  ----",
        "M1            Alpha    2023",
        "M2            Beta     2023  2025",
        "M3            Gamma    2023",
        "M4            Delta    2024",
    ]
    assert (
        latvian.stdout == "municipality,name,joined,left\nM1,Alpha,2023,\nM2,Beta,2023,2025\n"
        "M3,Gamma,2023,\nM4,Delta,2024,\n"
    )
    assert counted.stdout.splitlines()[1] == "N,Network,1,3,"


def test_several_codes_after_one_option_as_the_issue_writes_them(
    network: Engine, db_url: str
) -> None:
    added = run(db_url, "networks", "members", "N", "--add", "M1", "M2", "M3", "--year", "2023")
    removed = run(db_url, "networks", "members", "N", "--remove", "M2", "M3", "--year", "2024")
    neither = run(db_url, "--lang", "lv", "networks", "members", "N", "M4")
    both = run(db_url, "networks", "members", "N", "--add", "M4", "--remove", "M1", "M5")

    assert added.stdout == "Network N in 2023: 3 joined, 0 left, 0 unchanged; 3 members.\n"
    assert removed.stdout == "Network N in 2024: 0 joined, 2 left, 1 unchanged; 1 members.\n"
    assert (neither.exit_code, neither.output) == (
        1,
        "Kļūda: M4: norādiet, vai tās pievienojas vai izstājas: --add KODS... vai "
        "--remove KODS...\n",
    )
    assert (both.exit_code, both.output) == (
        1,
        "Error: M5: say whether they join or leave: --add CODE... or --remove CODE...\n",
    )
    assert members(network) == [("M1", 2023, None), ("M2", 2023, 2024), ("M3", 2023, 2024)]


def test_the_members_listed_in_latvian(network: Engine, db_url: str) -> None:
    change_members(network, "N", 2023, add=["M1"])
    change_members(network, "N", 2024, remove=["M1"])

    listed = run(db_url, "--lang", "lv", "networks", "members", "N")

    assert listed.stdout.splitlines() == [
        "pašvaldība  nosaukums  pievienojās  izstājās",
        "----------  ---------  -----------  --------",
        "M1          Alpha             2023      2024",
    ]


def test_unknown_codes_are_refused_at_once_and_nothing_is_written(
    network: Engine, db_url: str
) -> None:
    unknown = run(db_url, "networks", "members", "N", "--add", "M1,X9", "--add", "Y8")
    latvian = run(db_url, "--lang", "lv", "networks", "members", "N", "--remove", "X9")
    change_members(network, "N", 2023, add=["M1"])
    not_members = run(db_url, "networks", "members", "N", "--remove", "M1,M5,M4")

    assert (unknown.exit_code, unknown.stderr) == (
        1,
        "Error: unknown municipalities: X9, Y8; nothing was changed "
        "(see `benchlearn municipalities list`)\n",
    )
    assert latvian.stderr == (
        "Kļūda: nezināmas pašvaldības: X9; nekas netika mainīts "
        "(skatiet `benchlearn municipalities list`)\n"
    )
    assert (not_members.exit_code, not_members.stderr) == (
        1,
        "Error: not members of N: M4, M5; nothing was changed\n",
    )
    assert members(network) == [("M1", 2023, None)]


def test_set_the_members_from_a_file_or_standard_input(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    change_members(network, "N", 2023, add=["M1", "M2", "M3"])
    csv = write(tmp_path / "n.csv", "municipality,joined,left\nM1,,\nM4,2022,\nM5,2023,2025\n")

    from_csv = run(db_url, "networks", "members", "N", "--set", str(csv), "--year", "2024")
    after_csv = members(network)
    from_stdin = run(db_url, "--lang", "lv", "networks", "members", "N", "--set", "-",
                     "--year", "2026", stdin="# T2 members\nM1\n\nM2\n")  # fmt: skip

    assert from_csv.stdout == "Network N in 2024: 2 joined, 2 left, 1 unchanged; 3 members.\n"
    assert after_csv == [
        ("M1", 2023, None),
        ("M2", 2023, 2024),
        ("M3", 2023, 2024),
        ("M4", 2022, None),
        ("M5", 2023, 2025),
    ]
    assert from_stdin.stdout == (
        "Tīkls N 2026. gadā — pievienojušies: 1, izstājušies: 1, bez izmaiņām: 1; "
        "dalībnieku skaits: 2.\n"
    )
    # Beta joins again (one period: its leave year is cleared); Delta leaves.
    assert members(network) == [
        ("M1", 2023, None),
        ("M2", 2023, None),
        ("M3", 2023, 2024),
        ("M4", 2022, 2026),
        ("M5", 2023, 2025),
    ]


def test_a_member_file_with_problems_changes_nothing(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    bad = write(tmp_path / "bad.csv", "municipality,joined,left\nM1,soon,\nM1,,\nM2,2024,2024\n")
    no_column = write(tmp_path / "codes.csv", "code,name\nM1,Alpha\n")

    result = run(db_url, "networks", "members", "N", "--set", str(bad))
    missing = run(db_url, "--lang", "lv", "networks", "members", "N", "--set", str(no_column))

    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            f"Error: {bad}: cannot set the members; nothing was changed",
            f"  {bad}, row 2, column joined: 'soon' is not a year",
            f"  {bad}, row 3, column municipality: code M1 already on row 2",
            f"  {bad}, row 4, column left: left 2024 is not after joined 2024",
        ],
    )
    assert missing.stderr.splitlines() == [
        f"Kļūda: {no_column}: dalībniekus nevar iestatīt; nekas netika mainīts",
        f"  {no_column}, 1. rinda: galvenē nav kolonnas „municipality”",
    ]
    assert members(network) == []


def test_every_municipality_as_members(network: Engine, db_url: str) -> None:
    everyone = run(db_url, "networks", "members", "N", "--all", "--year", "2024")
    listed = run(db_url, "--lang", "lv", "networks", "members", "N", "--year", "2024")
    refused = run(db_url, "networks", "members", "N", "--add", "M1")
    both = run(db_url, "networks", "members", "N", "--all", "--remove", "M1")

    assert everyone.stdout == (
        "Network N: every municipality in the registry is a member (5 in 2024).\n"
    )
    assert listed.stdout == "Tīkla N dalībnieki ir visas reģistra pašvaldības (2024. gadā — 5).\n"
    assert (refused.exit_code, refused.stderr) == (
        1,
        "Error: every municipality in the registry is a member of N (members: all); "
        "give its member list with --set FILE first\n",
    )
    assert (both.exit_code, both.stderr) == (
        1,
        "Error: give --set or --all alone, without --add or --remove\n",
    )
    assert ranked(db_url, 2024) == ["M1", "M2", "M3", "M4", "M5"]


def test_comparisons_see_the_members_of_their_year(network: Engine, db_url: str) -> None:
    change_members(network, "N", 2023, add=["M1", "M2", "M3"])
    change_members(network, "N", 2024, add=["M4"])
    change_members(network, "N", 2025, remove=["M2"])

    # Delta joined in 2024: not in 2023's ranking. Beta left in 2025: still in 2024's.
    assert ranked(db_url, 2023) == ["M1", "M2", "M3"]
    assert ranked(db_url, 2024) == ["M1", "M2", "M3", "M4"]
    assert ranked(db_url, 2025) == ["M1", "M3", "M4"]


def test_reloading_the_definitions_keeps_the_members(network: Engine, tmp_path: Path) -> None:
    change_members(network, "N", 2024, members=[MemberEntry("M1", 2023), MemberEntry("M2")])
    listed = DEFINITIONS + "  members: [M3, M4]\n"

    load_definitions(network, [write(tmp_path / "again.yaml", listed)])
    load_definitions(network, [write(tmp_path / "all.yaml", DEFINITIONS + "  members: all\n")])

    assert members(network) == [("M1", 2023, None), ("M2", 2024, None)]
    with network.connect() as connection:
        assert stored_membership(connection, "N").everyone is False


def test_members_in_a_new_definition_are_members_since_always(
    engine: Engine, tmp_path: Path
) -> None:
    load_municipalities(engine, write(tmp_path / "m.csv", MUNICIPALITIES))
    seeded = DEFINITIONS.replace("code: N\n", "code: S\n") + "  members: [M2, M1]\n"

    load_definitions(engine, [write(tmp_path / "s.yaml", seeded)])

    with engine.connect() as connection:
        found = stored_membership(connection, "S")
    assert found.listed(1990) == ["M1", "M2"]
    assert found.changes(2024) == ((), ())


@pytest.fixture
def changed(network: Engine) -> Engine:
    """Alpha, Beta and Gamma since 2023; Delta joins and Gamma leaves in 2024."""
    change_members(network, "N", 2023, add=["M1", "M2", "M3"])
    change_members(network, "N", 2024, add=["M4"], remove=["M3"])
    return network


def test_the_workbook_cover_marks_new_members_and_names_who_left(
    changed: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "n.xlsx"

    write_workbook(changed, "N", 2024, out, draws=20, lang="lv")

    cover = load_workbook(out).worksheets[0]
    cells = [c.value for row in cover.iter_rows() for c in row if c.value is not None]
    assert "Delta (jauns dalībnieks)" in cells
    assert "Alpha" in cells and "Gamma" not in cells
    assert "2024. gadā tīklu atstāja: Gamma (M3)." in cells


def test_the_site_marks_new_members_and_names_who_left(changed: Engine, tmp_path: Path) -> None:
    write_site(changed, "N", 2024, tmp_path / "site", draws=20, workers=1)

    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (
        '<li><a href="members/M4.html">Delta</a> <span class="code">M4</span> '
        '<span class="note">(new member)</span></li>'
    ) in page
    assert '<p class="note">Left the network in 2024: Gamma (M3).</p>' in page


@pytest.fixture
def pdftotext() -> str:
    import shutil

    found = shutil.which("pdftotext")
    if found is None:
        pytest.skip("poppler (pdftotext) is not installed: .ci/run installs it")
    return found


def test_the_annual_report_names_new_members_and_who_left(
    changed: Engine, tmp_path: Path, pdftotext: str
) -> None:
    out = tmp_path / "annual.pdf"

    write_report(changed, "N", 2024, out, annual=True, lang="lv")
    write_report(changed, "N", 2023, tmp_path / "earlier.pdf", annual=True)

    def flat(path: Path) -> str:
        found = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True)
        return " ".join(found.stdout.split())

    assert "Jauni dalībnieki 2024. gadā: Delta (M4). 2024. gadā tīklu atstāja: Gamma (M3)." in flat(
        out
    )
    assert "New members in 2023: Alpha (M1), Beta (M2), Gamma (M3)." in flat(
        tmp_path / "earlier.pdf"
    )


def test_the_meeting_pack_cover_marks_new_members_and_names_who_left(
    changed: Engine, tmp_path: Path, pdftotext: str
) -> None:
    out = tmp_path / "pack.pdf"

    write_report(changed, "N", 2024, out)

    found = subprocess.run([pdftotext, str(out), "-"], capture_output=True, text=True)
    cover = " ".join(found.stdout.split("\f")[1].split())  # after the agenda summary
    assert "Members (3) Alpha M1 Beta M2 Delta (new member) M4" in cover
    assert "Left the network in 2024: Gamma (M3)." in cover
