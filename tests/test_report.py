"""The PDF reports read back: the meeting pack, a municipality's report, the annual report.

Each PDF is turned back into text with poppler's ``pdftotext`` (``.ci/run``
installs it; missing, these tests are skipped with that reason, and fail under
CI) and checked for what a reader finds there: titles, names, values written
as the language writes numbers, the position sentences word for word, the
forms returned, confidential values only as ``..``, a bounded number of
pages, and in Latvian no English word of the catalogue and no decimal point.
Every test runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import meeting, write_report
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing import import_file
from benchlearn.messages import number
from benchlearn.position import describe
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.registry.practices import add_practice
from benchlearn.rules import own_indicators
from tests.conftest import strict
from tests.latvia import figures, set_members
from tests.test_latvian_round import decimal_points, english_words, words

PDFTOTEXT = shutil.which("pdftotext")
YEAR = 2024
BAUSKA = "LV-016"
ADAZI = "LV-011"  # returns no NVPT form
CESIS = "LV-022"  # its waiting time is confidential
PRACTICE = "Mobilā sociālā darba komanda & <ciemi>"


@pytest.fixture
def pdftotext() -> None:
    """poppler's pdftotext, or a skip with the reason (a failure under CI, which installs it)."""
    if PDFTOTEXT is None:
        message = "poppler (pdftotext) is not installed: .ci/run installs it"
        if strict():
            pytest.fail(message)
        pytest.skip(message)


def text_of(path: Path, *, layout: bool = False) -> list[str]:
    """The text of each page of a PDF."""
    args = [str(PDFTOTEXT), *(["-layout"] if layout else []), str(path), "-"]
    found = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return found.split("\f")[:-1]


def flat(text: str) -> str:
    """Text with every run of white space as one space (lines joined)."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def latvia(module_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """T2 and NVPT for 2023 and 2024; Ādaži returns no NVPT form for 2024, Cēsis's waiting
    time is confidential, and two good practices are recorded.

    Built once a backend for the module: its tests only read it (a report writes a PDF,
    nothing into the database).
    """
    engine = module_engine
    load_municipalities(engine, "lv-2021")
    load_definitions(engine)
    set_members(engine, 2023)
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
    own = set(own_indicators(definitions, definitions.networks["NVPT"]))
    rows = pd.read_csv(io.StringIO(figures(engine, ["T2", "NVPT"])))
    rows = rows[
        ~((rows["municipality"] == ADAZI) & (rows["year"] == YEAR) & rows["indicator"].isin(own))
    ].copy()
    rows["status"] = ""
    secret = (
        (rows["municipality"] == CESIS)
        & (rows["year"] == YEAR)
        & (rows["indicator"] == "T2_CARE_WAIT_DAYS")
    )
    rows["value"] = rows["value"].astype(object)
    rows.loc[secret, ["value", "status"]] = ["", ".."]
    path = tmp_path_factory.mktemp("latvia") / "figures.csv"
    rows.to_csv(path, index=False)
    # Ādaži's missing required NVPT figures are reported, not a reason to refuse the rest.
    result = import_file(engine, path, skip_invalid=True)
    assert result.written
    assert {p.row for p in result.problems} <= {None} or len(result.problems) == 2
    add_practice(engine, municipality="LV-113", network="T2", title=PRACTICE,
                 indicator="T2_SOC_WORKERS_PER_1000", url="https://example.lv/prakse", year=YEAR)  # fmt: skip
    add_practice(engine, municipality="LV-JUR", network="NVPT", title="Veselības nedēļa skolās",
                 text="Katru rudeni skolās notiek veselības nedēļa.", year=YEAR)  # fmt: skip
    return engine


def run(db_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def latvian_problems(pages: list[str]) -> tuple[list[str], list[str]]:
    """The catalogue's English words and the numbers with a decimal point in a Latvian text."""
    text = "\n".join(pages)
    return sorted(words(text) & english_words()), sorted(set(decimal_points(text)))


@pytest.mark.usefixtures("pdftotext")
def test_the_t2_meeting_pack_in_latvian(latvia: Engine, module_db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "t2.pdf"

    code, printed = run(module_db_url, "report", "--network", "T2", "--year", str(YEAR),
                        "--lang", "lv", "-o", str(out))  # fmt: skip

    pages = text_of(out)
    assert code == 0
    assert printed == f"Saglabāts {out}; lappušu skaits: {len(pages)}.\n"
    # The meeting's summary first (tests/test_agenda.py reads it), then the cover.
    assert flat(pages[0]).startswith(
        "Sociālā darba un veselības aprūpes pieejamības nodrošināšanas tīkls · 2024 "
        "Sociālā darba un veselības aprūpes pieejamības nodrošināšanas tīkls: sanāksmes "
        "kopsavilkums, 2024 Iesniegtās veidlapas"
    )
    assert flat(pages[1]).startswith(
        "Sociālā darba un veselības aprūpes pieejamības nodrošināšanas tīkls · 2024 "
        "Sociālā darba un veselības aprūpes pieejamības nodrošināšanas tīkls: sanāksmes "
        "materiāli, 2024"
    )
    assert "Dalībnieki (43)" in pages[1]
    assert all(f"{i}. lappuse no {len(pages)}" in page for i, page in enumerate(pages, start=1))
    # The summary, with Bauska's rate written as a Latvian reader writes it; Cēsis's
    # confidential waiting time only as "..".
    data = meeting(latvia, "T2", YEAR, draws=0, with_similarity=False)
    mine = data.ranked.set_index(["municipality", "indicator"])
    rate = float(mine.loc[(BAUSKA, "T2_SOC_WORKERS_PER_1000"), "value"])
    first = next(i for i, p in enumerate(pages) if "Kopsavilkums" in p)
    last = next(i for i, p in enumerate(pages) if "Labāk: " in p)
    summary = "".join(text_of(out, layout=True)[first:last])
    rows: dict[str, list[str]] = {}
    for found in re.findall(r"^\s*(\S.*?) (LV-\w+)\s+(.*)$", summary, re.M):
        rows.setdefault(found[1], found[2].split())  # the first table: the first indicators
    assert len(rows) == 43  # one row per member, each with its values
    # Each value with its change since last year beside it: the arrow and the figure.
    change = float(mine.loc[(BAUSKA, "T2_SOC_WORKERS_PER_1000"), "value_change"])
    arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
    assert rows[BAUSKA][:3] == [number(rate, "lv", 2), arrow,
                                ("+" if change > 0 else "−" if change < 0 else "±")
                                + number(abs(change), "lv", 2)]  # fmt: skip
    assert ".." in rows[CESIS]
    # A page per indicator, and a second for the funnel plot where it does not fit below.
    indicators = [p for p in pages if "Labāk: " in p]
    assert len(indicators) == len(data.codes)
    assert 3 + len(data.codes) + 1 <= len(pages) <= 3 + 2 + 2 * len(data.codes) + 2
    assert any("Līdzīgās pašvaldības" in p and "Izmantotie mainīgie" in p for p in pages)
    assert latvian_problems(pages) == ([], [])


@pytest.mark.usefixtures("pdftotext")
def test_a_municipality_report_says_what_position_prints(
    latvia: Engine, module_db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "bauska.pdf"

    code, printed = run(module_db_url, "report", "--network", "T2", "--year", str(YEAR),
                        "--municipality", BAUSKA, "--lang", "lv", "-o", str(out))  # fmt: skip

    pages = text_of(out)
    text = flat(" ".join(pages))
    assert code == 0
    assert printed == f"Saglabāts {out}; lappušu skaits: {len(pages)}.\n"
    assert 2 <= len(pages) <= 5
    assert text.startswith(
        "Bauskas novads · Sociālā darba un veselības aprūpes pieejamības nodrošināšanas tīkls · "
        "2024 Bauskas novads (LV-016) salīdzināmo vidū"
    )
    data = meeting(latvia, "T2", YEAR, municipalities=[BAUSKA], draws=0, with_similarity=False)
    position = describe(data, BAUSKA, "lv")
    assert len(position.sentences) > 5
    assert [s for s in position.sentences if flat(s) not in text] == []
    assert "Mācīšanās partneri" in text
    assert latvian_problems(pages) == ([], [])


@pytest.mark.usefixtures("pdftotext")
def test_the_nvpt_annual_report(latvia: Engine, module_db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "nvpt.pdf"

    code, printed = run(module_db_url, "report", "--network", "NVPT", "--year", str(YEAR),
                        "--annual", "--lang", "lv", "-o", str(out))  # fmt: skip

    pages = text_of(out, layout=True)
    text = "\n".join(pages)
    # pdftotext joins "2 %" to "2%" when a single digit stands before the sign; the PDF holds
    # the space (the decimal-point check below reads the text as it is).
    spaced = re.sub(r"(\d)%", r"\1 %", text)
    lines = [re.split(r"\s{2,}", line.strip()) for line in spaced.splitlines()]
    assert code == 0
    assert printed == f"Saglabāts {out}; lappušu skaits: {len(pages)}.\n"
    assert "Nacionālais veselīgo pašvaldību tīkls 2024. gada pārskats" in flat(pages[0])
    assert ["Veidlapu iesniegšanas termiņš", "31.03.2025"] in lines
    assert ["Dalībnieku skaits", "43"] in lines
    assert ["Iesniegtās veidlapas", "42", "98 %"] in lines
    assert ["Iesniegtas līdz termiņam (31.03.2025)", "0", "0 %"] in lines  # imported today
    assert ["Neiesniegtās veidlapas", "1", "2 %"] in lines
    assert "Veidlapa nav iesniegta: Ādažu novads (LV-011)." in flat(text)
    assert ["Ādažu novads LV-011", "nē", "0 no 8", "0 %"] in lines
    # Completeness per indicator: 42 of 43 members have the coordinator answer (with a value,
    # confidential, not applicable, without a value, share answered).
    coordinator = next(line for line in lines if line[0].startswith("Nodarbināts veselības"))
    assert coordinator[-5:] == ["42", "0", "0", "1", "98 %"]
    # The good practice, NVPT's own only, its text as typed.
    assert "Veselības nedēļa skolās — Katru rudeni skolās notiek veselības nedēļa." in flat(text)
    assert PRACTICE not in text  # a T2 practice
    # The front pages and the chapters, then an annex page per member (43).
    assert 4 + 43 <= len(pages) <= 12 + 43
    assert latvian_problems(pages) == ([], [])


@pytest.mark.usefixtures("pdftotext")
def test_english_pages_and_practice_text_with_markup_characters(
    latvia: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "valmiera.pdf"

    found = write_report(latvia, "T2", YEAR, out, municipality="LV-JUR", lang="en")

    pages = text_of(out)
    assert found.pages == len(pages)
    assert all(f"Page {i} of {len(pages)}" in p for i, p in enumerate(pages, start=1))
    assert "Jūrmala (LV-JUR) among its peers" in flat(pages[0])
    # A practice whose title holds & and < reaches the page as typed (escaped, not markup).
    annual = tmp_path / "t2-annual.pdf"
    write_report(latvia, "T2", YEAR, annual, annual=True, lang="en")
    assert PRACTICE + " (https://example.lv/prakse)" in flat(" ".join(text_of(annual)))


@pytest.mark.usefixtures("pdftotext")
def test_the_english_demo_pack_stays_readable_at_152_members(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    from benchlearn.demo import load_sample

    load_sample(engine, "uk-asc")
    out = tmp_path / "asc.pdf"

    code, printed = run(db_url, "report", "--network", "ASC", "--year", "2021", "-o", str(out))

    pages = text_of(out)
    assert code == 0
    assert printed == f"Wrote {out}: {len(pages)} pages.\n"
    data = meeting(engine, "ASC", 2021, draws=0, with_similarity=False)
    # One page per indicator: the ten best and worst named under unnamed bars.
    indicator_pages = [p for p in pages if "Better: " in p]
    assert len(indicator_pages) == len(data.codes)
    ends = [("The best ten" in p and "The worst ten" in p)
            or ("The ten highest values" in p and "The ten lowest values" in p)
            for p in indicator_pages]  # fmt: skip
    assert all(ends)
    summary = [p for p in pages if "Municipality" in p and "Composite" in p]
    assert 2 <= len(summary) <= -(-len(data.members) // 30)
    assert len(pages) <= 2 + len(summary) + 2 * len(data.codes) + 3
    assert "Hartlepool" in " ".join(summary)


def test_bad_input_is_one_clean_line(latvia: Engine, module_db_url: str, tmp_path: Path) -> None:
    base = ["report", "--network", "T2", "--year", str(YEAR)]

    unknown = run(module_db_url, *base, "--municipality", "LV-999", "-o", str(tmp_path / "x.pdf"))
    both = run(
        module_db_url, *base, "--annual", "--municipality", BAUSKA, "-o", str(tmp_path / "y.pdf")
    )
    latvian = run(module_db_url, *base, "--lang", "lv", "--municipality", "LV-999", "-o",
                  str(tmp_path / "z.pdf"))  # fmt: skip
    not_pdf = run(module_db_url, *base, "-o", str(tmp_path / "pack.xlsx"))

    assert unknown == (1, "Error: LV-999 is not a member of T2 in 2024\n")
    assert both == (1, "Error: --annual reports on the whole network: leave out --municipality\n")
    assert latvian == (1, "Kļūda: LV-999 nav starp tīkla T2 dalībniekiem 2024. gadā\n")
    assert not_pdf == (1, f"Error: {tmp_path / 'pack.xlsx'}: a report is written as a .pdf file\n")
    assert not list(tmp_path.glob("*.pdf"))


def test_report_tells_its_layout_progress_up_to_the_total(latvia: Engine, tmp_path: Path) -> None:
    told: list[tuple[int, int]] = []

    write_report(latvia, "T2", YEAR, tmp_path / "t2.pdf", progress=lambda *n: told.append(n))

    total = told[0][1]
    assert told[0] == (0, total) and told[-1] == (total, total)
    assert {seen for _, seen in told} == {total}
    counts = [done for done, _ in told]
    assert counts == sorted(set(counts))  # each count once, never going back
