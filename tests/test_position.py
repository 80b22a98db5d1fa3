"""A municipality's position: the table, Oflog-style sentences, partners with practice, workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import position, write_position_workbook
from benchlearn.importing import import_file
from benchlearn.registry.practices import add_practice
from tests.conftest import write

VALUES = """municipality,indicator,year,value
A1,COST,2021,100
A1,POP,2021,10
B2,COST,2021,300
B2,POP,2021,20
C3,COST,2021,600
C3,POP,2021,30
A1,SHARE,2021,80
B2,SHARE,2021,50
C3,SHARE,2021,40
A1,COST,2022,90
A1,POP,2022,10
B2,COST,2022,330
B2,POP,2022,20
C3,COST,2022,450
C3,POP,2022,30
A1,SHARE,2022,82
B2,SHARE,2022,60
C3,SHARE,2022,40
"""


def loaded(workspace: Engine, tmp_path: Path) -> Engine:
    import_file(workspace, write(tmp_path / "v.csv", VALUES))
    add_practice(
        workspace, municipality="A1", network="T9", indicator="SHARE", title="Client panels"
    )
    return workspace


def test_table_and_sentences(workspace: Engine, tmp_path: Path) -> None:
    engine = loaded(workspace, tmp_path)

    found = position(engine, "C3", "T9", 2022)

    # COST_PC 2022: 9, 15, 16.5 (median 15, MAD 1.5); SHARE: 82, 60, 40 (median 60, MAD 20).
    assert found.table.values.tolist() == [
        [
            "COST_PC",
            "Cost per inhabitant",
            "15.00 EUR per inhabitant",
            "2 / 3",
            "broadly similar",
            "↓ −5.00",
            "+1",
        ],
        ["SHARE", "Share of clients satisfied", "40.00%", "3 / 3", "slightly worse", "→ ±0.00",
         "0"],
    ]  # fmt: skip
    # Three members' changes are too few to tell the noise from: no change is judged.
    assert [m.significant for m in found.marks.values()] == [False, False]
    # Partners only where Gamma is behind (SHARE, not COST_PC where it is the median), and
    # only clearly better ones: Alpha's 82 is 1.1 MAD above the median, "slightly better".
    assert found.sentences == [
        "Gamma: cost per inhabitant is 15.00 EUR per inhabitant, close to the median of the "
        "network's members (15.00 EUR per inhabitant).",
        "Gamma: share of clients satisfied is 40.00%, a little worse than the median of the "
        "network's members (60.00%).",
        "Weakest: Share of clients satisfied.",
        "No similar municipality does clearly better where you are behind.",
    ]
    assert (found.strongest, found.weakest) == ([], ["SHARE"])
    assert found.breaks == (2, 3)  # the summary, then whom to learn from


def test_latvian_sentences(workspace: Engine, tmp_path: Path) -> None:
    engine = loaded(workspace, tmp_path)

    found = position(engine, "A1", "T9", 2022, lang="lv")

    assert found.sentences[0] == (
        "Alpha: rādītājs „Izmaksas uz iedzīvotāju” ir 9,00 EUR per inhabitant — daudz labāks "
        "nekā tīkla dalībnieku mediāna (15,00 EUR per inhabitant)."
    )
    assert found.sentences[-1] == (
        "Rādītājos, kuros atpaliekat, neviena līdzīga pašvaldība nav skaidri labāka."
    )


def test_position_command_and_workbook(workspace: Engine, db_url: str, tmp_path: Path) -> None:
    loaded(workspace, tmp_path)
    out = tmp_path / "c3.xlsx"

    result = CliRunner().invoke(
        cli, ["--db", db_url, "position", "C3", "--network", "T9", "--year", "2022", "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Gamma (C3), T9 2022"
    assert lines[1].split() == [
        "indicator", "name", "value", "rank_of_n", "band", "change", "rank_change"
    ]  # fmt: skip
    assert lines[-1] == f"Wrote {out}: Cover, Position C3, Profile C3, COST_PC, SHARE, Definitions."
    book = load_workbook(out)
    assert book.sheetnames == [
        "Cover", "Position C3", "Profile C3", "COST_PC", "SHARE", "Definitions"
    ]  # fmt: skip
    # The workbook says what the command prints: every sentence, word for word.
    printed = [line for line in lines[1:-1] if line.endswith(".")]
    written = {c.value for row in book["Position C3"].iter_rows() for c in row if c.value}
    assert printed and set(printed) <= written
    profile = book["Profile C3"]
    partner_rows = [
        [c.value for c in row[:5]]
        for row in profile.iter_rows(min_row=8)
        if row[1].value == "Alpha"
    ]
    assert partner_rows == []  # nobody clearly better where Gamma is behind
    assert "No similar municipality does clearly better where you are behind." in {
        c.value for row in profile.iter_rows() for c in row
    }


def test_write_position_workbook_returns_summary(workspace: Engine, tmp_path: Path) -> None:
    engine = loaded(workspace, tmp_path)

    summary = write_position_workbook(engine, "B2", "T9", 2022, tmp_path / "b2.xlsx")

    assert summary.profiles == ["B2"]


KINDS = """code,name,kind
N1,Bauskas novads,novads
S1,Jelgava,valstspilsēta
O1,Ogres novads,novads
"""
KIND_VALUES = """municipality,indicator,year,value
N1,COST,2022,100
N1,POP,2022,10
S1,COST,2022,600
S1,POP,2022,30
O1,COST,2022,330
O1,POP,2022,20
N1,SHARE,2022,82
S1,SHARE,2022,40
O1,SHARE,2022,60
"""


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (
            "N1",
            [
                "Bauskas novads: rādītājs „Izmaksas uz iedzīvotāju” ir 10,00 EUR per inhabitant — "
                "labāks nekā tīkla dalībnieku mediāna (16,50 EUR per inhabitant).",
                "Bauskas novads: rādītājs „Share of clients satisfied” ir 82,00 % — nedaudz labāks "
                "nekā tīkla dalībnieku mediāna (60,00 %).",
            ],
        ),
        (
            "S1",
            [
                "Jelgava: rādītājs „Izmaksas uz iedzīvotāju” ir 20,00 EUR per inhabitant — "
                "nedaudz sliktāks nekā tīkla dalībnieku mediāna (16,50 EUR per inhabitant).",
                "Jelgava: rādītājs „Share of clients satisfied” ir 40,00 % — nedaudz sliktāks nekā "
                "tīkla dalībnieku mediāna (60,00 %).",
            ],
        ),
    ],
    ids=["novads", "valstspilseta"],
)
def test_latvian_sentences_need_no_agreement_with_the_kind_of_unit(
    engine: Engine, tmp_path: Path, code: str, expected: list[str]
) -> None:
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities
    from tests.conftest import WORKSPACE_DEFINITIONS

    load_municipalities(engine, write(tmp_path / "m.csv", KINDS))
    load_definitions(engine, [write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)])
    import_file(engine, write(tmp_path / "v.csv", KIND_VALUES))

    latvian = position(engine, code, "T9", 2022, lang="lv")
    english = position(engine, code, "T9", 2022)

    # The name only opens a sentence before a colon; words agree with "rādītājs".
    assert latvian.sentences[:2] == expected
    assert all(s.startswith(f"{english.name}: ") for s in english.sentences[:2])
    about_it = " ".join(s for s in latvian.sentences if s.startswith(latvian.name))
    assert not any(word in about_it for word in ("labāka ", "sliktāka ", "MAD"))
