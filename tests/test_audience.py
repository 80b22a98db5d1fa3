"""Every output is for an audience: restricted values never reach a public output.

A Latvian network of six members gets 1,204 restricted values (four earlier years
of every stored T2 figure, for all 43 municipalities) and a few more in the year
compared, each a recognisable number (975 318 64x xxx) that no real figure
resembles, written in any way a document may write it (975,318,641,204 · 975 318
641 204 · 9.75318641204e+11). Then every public output is built: the tables of
rank, position, partners, similar, index, funnel, impact and history as CSV and JSON, the
workbook, the PDF pack with its handouts, and the site's pages and downloads;
none may hold one. The same outputs for the operator (``--audience all``) hold
them, so the search can find what it looks for.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import insert, select, update

from benchlearn.cli import cli
from benchlearn.database import make_engine
from benchlearn.models import Indicator, Municipality, Observation
from benchlearn.registry.members import MemberEntry, change_members
from tests.test_report import PDFTOTEXT, text_of

pytestmark = pytest.mark.xdist_group("audience")

#: Every restricted value starts with these digits, whatever else it is.
MARK = "97531864"
BASE = 975_318_640_000
MEMBERS = ("LV-002", "LV-007", "LV-011", "LV-015", "LV-016", "LV-022")
STORED = (
    "T2_SOC_WORKERS", "T2_SOC_WORK_CLIENTS", "T2_GMI_RECIPIENTS", "T2_SOCIAL_ASSISTANCE_EUR",
    "T2_HOME_CARE_CLIENTS", "T2_CARE_WAIT_DAYS", "T2_GP_COUNT",
)  # fmt: skip
EARLIER = (2019, 2020, 2021, 2022)
#: Values of the year compared made restricted: (member, indicator, visibility).
THIS_YEAR = (
    ("LV-002", "T2_CARE_WAIT_DAYS", "network"),
    ("LV-007", "T2_CARE_WAIT_DAYS", "own"),
    ("LV-011", "T2_GP_COUNT", "network"),
    ("LV-015", "T2_SOC_WORKERS", "own"),
    ("LV-016", "T2_GMI_RECIPIENTS", "network"),
)


def seed(url: str) -> int:
    """Six members; every stored T2 figure of the earlier years restricted, and a few of
    2024; the number of restricted values."""
    engine = make_engine(url)
    change_members(engine, "T2", 2023, members=[MemberEntry(c) for c in MEMBERS])
    with engine.begin() as connection:
        places = dict(connection.execute(select(Municipality.code, Municipality.id)).all())
        codes = dict(connection.execute(select(Indicator.code, Indicator.id)).all())
        rows = [
            {
                "municipality_id": place,
                "indicator_id": codes[code],
                "year": year,
                "value": float(BASE + number),
                "status": None,
                "visibility": ("network", "own")[number % 2],
            }
            for number, (place, code, year) in enumerate(
                (p, c, y) for p in sorted(places.values()) for c in STORED for y in EARLIER
            )
        ]
        connection.execute(insert(Observation), rows)
        for number, (member, code, visibility) in enumerate(THIS_YEAR, start=len(rows)):
            connection.execute(
                update(Observation)
                .where(
                    Observation.municipality_id == places[member],
                    Observation.indicator_id == codes[code],
                    Observation.year == 2024,
                )
                .values(value=float(BASE + number), visibility=visibility)
            )
        # Standard errors on the waiting times compared, for shrink (values unchanged); small,
        # so that no interval around a restricted one reaches another's digits.
        connection.execute(
            update(Observation)
            .where(Observation.indicator_id == codes["T2_CARE_WAIT_DAYS"], Observation.year == 2024)
            .values(se=0.25)
        )
    engine.dispose()
    return len(rows) + len(THIS_YEAR)


@pytest.fixture(scope="module")
def restricted(
    latvian_database: object, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("audience")
    url = latvian_database(("T2",), folder)  # type: ignore[operator]
    assert seed(url) == 1209
    return url, folder


def invoke(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


def leaks(text: str) -> list[str]:
    """The restricted values in ``text``, however a number was written (separators gone)."""
    flat = re.sub(r"[\s,.'\u00a0\u202f\u2009]", "", text)
    return sorted(set(re.findall(MARK + r"\d{0,4}", flat)))


def shown_this_year(text: str) -> list[str]:
    """Which of the restricted values of the year compared ``text`` holds (a gap or a mean
    computed from them starts with the same digits, and is not one of them)."""
    return [str(BASE + n) for n in range(1204, 1209) if str(BASE + n) in leaks(text)]


def workbook_text(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return "\n".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())


def site_text(folder: Path) -> str:
    parts = []
    for path in sorted(folder.rglob("*")):
        if path.suffix in {".html", ".csv", ".svg", ".json", ".js"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".xlsx":
            parts.append(workbook_text(path))
    return "\n".join(parts)


TABLES = [
    ("rank", "-n", "T2", "--year", "2024"),
    ("rank", "-n", "T2", "--year", "2024", "--since", "2020"),
    ("partners", "-m", "LV-022", "-n", "T2", "--year", "2024", "-k", "5"),
    ("similar", "-n", "T2", "--year", "2024", "-k", "3"),
    ("clusters", "-n", "T2", "--year", "2024", "-k", "2"),
    ("index", "-n", "T2", "--year", "2024", "--draws", "50"),
    ("funnel", "-n", "T2", "--year", "2024", "-i", "T2_GMI_RECIPIENTS_PCT"),
    ("impact", "-n", "T2", "--since", "2023", "-i", "T2_GP_PER_10K"),
    ("history", "-m", "LV-002", "-i", "T2_CARE_WAIT_DAYS"),
    ("history", "-m", "LV-007", "-i", "T2_SOC_WORKERS"),
    # the restricted figures as an input and an output: a target is the peers' own figures
    ("efficiency", "-n", "T2", "--year", "2024", "--inputs", "T2_SOC_WORKERS,T2_GP_COUNT",
     "--outputs", "T2_CARE_WAIT_DAYS,T2_HOME_CARE_CLIENTS"),
    # two restricted waiting times: neither they nor a mean they weigh in is shrunk toward
    ("shrink", "-n", "T2", "--year", "2024", "-i", "T2_CARE_WAIT_DAYS"),
]  # fmt: skip


#: The documents :func:`test_no_public_document_holds_a_restricted_value` builds.
DOCUMENTS = {"workbook", "position", "site", "report", "effect"}


def test_every_command_made_for_an_audience_is_built_here() -> None:
    made_for = {
        name
        for name, command in cli.commands.items()
        if any("--audience" in getattr(p, "opts", ()) for p in command.params)
    }

    assert made_for == {args[0] for args in TABLES} | DOCUMENTS


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_no_public_table_holds_a_restricted_value(restricted: tuple[str, Path], fmt: str) -> None:
    url, _ = restricted
    found = {" ".join(args): leaks(invoke(url, *args, "--format", fmt)) for args in TABLES}
    # position prints its table and sentences as text; effect its result as a table or JSON
    position = invoke(url, "position", "-m", "LV-022", "-n", "T2", "--year", "2024")
    effect = invoke(url, "effect", "-m", "LV-022", "-i", "T2_CARE_WAIT_DAYS", "--start", "2024",
                    "--format", "table" if fmt == "csv" else "json")  # fmt: skip

    assert found == {" ".join(args): [] for args in TABLES}
    assert leaks(position) == []
    assert leaks(effect) == []


def test_the_operator_sees_them_so_the_search_finds_what_it_looks_for(
    restricted: tuple[str, Path],
) -> None:
    url, _ = restricted
    history = invoke(url, "history", "-m", "LV-002", "-i", "T2_CARE_WAIT_DAYS", "--format",
                     "json", "--audience", "all")  # fmt: skip
    rank = invoke(url, "rank", "-n", "T2", "--year", "2024", "--format", "csv", "--audience", "all")

    assert [r["year"] for r in json.loads(history) if str(r["value"]).startswith(MARK)] == [
        2019,
        2020,
        2021,
        2022,
        2024,
    ]
    assert shown_this_year(rank) == [str(BASE + n) for n in range(1204, 1209)]


def test_a_member_sees_the_network_values_and_its_own_not_the_others_own(
    restricted: tuple[str, Path],
) -> None:
    url, _ = restricted
    for_member = invoke(url, "rank", "-n", "T2", "--year", "2024", "--format", "csv",
                        "--audience", "LV-007")  # fmt: skip
    for_members = invoke(url, "rank", "-n", "T2", "--year", "2024", "--format", "csv",
                         "--audience", "network")  # fmt: skip

    # network: LV-002, LV-011, LV-016's; own: LV-007's (its own) but not LV-015's
    assert shown_this_year(for_member) == [str(BASE + n) for n in (1204, 1205, 1206, 1208)]
    assert shown_this_year(for_members) == [str(BASE + n) for n in (1204, 1206, 1208)]


def test_no_public_document_holds_a_restricted_value(restricted: tuple[str, Path]) -> None:
    url, folder = restricted
    invoke(url, "workbook", "-n", "T2", "--year", "2024", "-o", str(folder / "public.xlsx"))
    invoke(url, "position", "-m", "LV-002", "-n", "T2", "--year", "2024",
           "-o", str(folder / "position.xlsx"))  # fmt: skip
    invoke(url, "site", "-n", "T2", "--year", "2024", "--lang", "lv", "-o",
           str(folder / "site"))  # fmt: skip
    texts = {
        "workbook": workbook_text(folder / "public.xlsx"),
        "position": workbook_text(folder / "position.xlsx"),
        "site": site_text(folder / "site"),
    }
    if PDFTOTEXT is not None:
        invoke(url, "report", "-n", "T2", "--year", "2024", "-o", str(folder / "pack.pdf"))
        texts["report"] = "\n".join(text_of(folder / "pack.pdf"))

    assert {name: leaks(text) for name, text in texts.items()} == {n: [] for n in texts}
    assert "Made for" not in texts["workbook"]  # a public document is as it always was


def test_the_members_edition_holds_them_and_says_for_whom(restricted: tuple[str, Path]) -> None:
    url, folder = restricted
    out = folder / "members.xlsx"
    invoke(url, "workbook", "-n", "T2", "--year", "2024", "--audience", "network",
           "--lang", "lv", "-o", str(out))  # fmt: skip
    invoke(url, "site", "-n", "T2", "--year", "2024", "--audience", "network", "-o",
           str(folder / "members"))  # fmt: skip
    text = workbook_text(out)
    page = (folder / "members" / "index.html").read_text(encoding="utf-8")

    assert str(BASE + 1204) in leaks(text)
    assert "Sagatavots tīkla T2 dalībniekiem: ierobežotas pieejamības dati, nepublicēt" in text
    assert (
        '<p class="audience">Made for the members of network T2: restricted figures, '
        "do not publish</p>" in page
    )
