"""``benchlearn efficiency`` (data envelopment analysis) through the command line, on SQLite
and PostgreSQL: a made-up network whose frontier can be drawn by hand, and Charnes, Cooper &
Rhodes' Program Follow Through schools against independently computed efficiencies.

The made-up network, one input (COST) and one output (PUPILS): LV1 (2, 1), LV2 (4, 3) and
LV3 (6, 4) span the frontier under variable returns; LV4 (5, 2) needs only 3 to teach 2
pupils as the midpoint of LV1 and LV2 does, so its input efficiency is 3/5 = 0.6. Under
constant returns the frontier is LV2's ray (0.75 pupils a unit of cost): LV4's output could
grow by 0.75 / 0.4 = 1.875. LV5 has no COST: left out and named, never scored. On size
(SIZE) LV4 is nearest to LV2 and LV5, so of its reference peers LV2 is its partner.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from tests.conftest import REPO, write

MUNICIPALITIES = """code,name
LV1,Bauskas novads
LV2,Iecavas novads
LV3,Ogres novads
LV4,Cēsu novads
LV5,Tukuma novads
"""
DEFINITIONS = """indicators:
  - {code: COST, name: Cost per pupil, unit: EUR, direction: lower, decimals: 0}
  - {code: PUPILS, name: Pupils, unit: persons, direction: higher, decimals: 0}
  - {code: SIZE, name: Size, unit: persons, direction: neutral, decimals: 0}
networks:
  - code: SCH
    name: Schools
    indicators: [COST, PUPILS]
    members: all
    structural: [SIZE]
"""
VALUES = """municipality,indicator,year,value
LV1,COST,2024,2
LV1,PUPILS,2024,1
LV2,COST,2024,4
LV2,PUPILS,2024,3
LV3,COST,2024,6
LV3,PUPILS,2024,4
LV4,COST,2024,5
LV4,PUPILS,2024,2
LV5,PUPILS,2024,2
LV1,SIZE,2024,10
LV2,SIZE,2024,48
LV3,SIZE,2024,20
LV4,SIZE,2024,50
LV5,SIZE,2024,30
"""
MODEL = ["efficiency", "-n", "SCH", "--year", "2024", "--inputs", "COST", "--outputs", "PUPILS"]


def invoke(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


def load(db: str, folder: Path, municipalities: str, definitions: str, values: str) -> str:
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(write(folder / "m.csv", municipalities))],
        ["definitions", "load", str(write(folder / "d.yaml", definitions))],
        ["import", str(write(folder / "v.csv", values))],
    ):
        code, out, err = invoke(db, *args)
        assert code == 0, out + err
    return db


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> str:
    return load(db_url, tmp_path, MUNICIPALITIES, DEFINITIONS, VALUES)


def test_efficiency_prints_scores_peers_partners_slacks_and_targets(db: str) -> None:
    code, out, err = invoke(db, *MODEL, "-k", "2")

    assert code == 0, err
    assert (
        out
        == """\
Input efficiency, variable returns to scale: inputs COST; outputs PUPILS.
municipality  name            efficiency  rank  peers              partners  slack_COST  target_COST  slack_PUPILS  target_PUPILS
------------  --------------  ----------  ----  -----------------  --------  ----------  -----------  ------------  -------------
LV1           Bauskas novads           1     1  LV1:1.00                              0            2             0              1
LV2           Iecavas novads           1     1  LV2:1.00                              0            4             0              3
LV3           Ogres novads             1     1  LV3:1.00                              0            6             0              4
LV4           Cēsu novads            0.6     4  LV1:0.50;LV2:0.50  LV2                0            3             0              2
Efficiency 0.80: the municipality could do as its reference peers do with 80% of its inputs; slack_ is what is still to be saved or gained beyond that, target_ what it would use or produce matching its peers.
Partners: reference peers that are also among the 2 most similar on the structural variables, whom to learn from first.
"""
    )
    assert err == "Left out, for want of a value (1): LV5 (COST).\n"


def test_output_orientation_under_constant_returns(db: str) -> None:
    code, out, err = invoke(db, *MODEL, "--orientation", "output", "--returns", "crs",
                            "--format", "csv")  # fmt: skip

    assert code == 0, err
    assert (
        out
        == """\
municipality,name,efficiency,rank,peers,partners,slack_COST,target_COST,slack_PUPILS,target_PUPILS
LV2,Iecavas novads,1.0,1,LV2:1.00,,0.0,4.0,0.0,3.0
LV3,Ogres novads,1.125,2,LV2:1.50,LV2,0.0,6.0,0.0,4.5
LV1,Bauskas novads,1.5,3,LV2:0.50,LV2,0.0,2.0,0.0,1.5
LV4,Cēsu novads,1.875,4,LV2:1.25,LV2,0.0,5.0,0.0,3.75
"""
    )
    assert err.splitlines()[0] == (
        "Output efficiency, constant returns to scale: inputs COST; outputs PUPILS."
    )
    assert err.splitlines()[-1] == "Left out, for want of a value (1): LV5 (COST)."


def test_efficiency_speaks_latvian(db: str) -> None:
    code, out, err = invoke(db, "--lang", "lv", *MODEL, "-k", "2")

    assert code == 0, err
    assert (
        out
        == """\
Uz resursiem orientēta efektivitāte, mainīga apjoma atdeve: resursi COST; rezultāti PUPILS.
pašvaldība  nosaukums       efektivitāte  vieta  etalona pašvaldības  mācīšanās partneri  slack_COST  target_COST  slack_PUPILS  target_PUPILS
----------  --------------  ------------  -----  -------------------  ------------------  ----------  -----------  ------------  -------------
LV1         Bauskas novads             1      1  LV1:1.00                                          0            2             0              1
LV2         Iecavas novads             1      1  LV2:1.00                                          0            4             0              3
LV3         Ogres novads               1      1  LV3:1.00                                          0            6             0              4
LV4         Cēsu novads              0,6      4  LV1:0.50;LV2:0.50    LV2                          0            3             0              2
Efektivitāte 0,80: pašvaldība varētu sasniegt to pašu, ko tās etalona pašvaldības, ar 80 % no saviem resursiem; slack_ ir tas, ko vēl var ietaupīt vai iegūt papildus, target_ – tas, ko tā izmantotu vai sasniegtu, līdzinoties etalona pašvaldībām.
Mācīšanās partneri: etalona pašvaldības, kas ir arī starp 2 pēc struktūras līdzīgākajām pašvaldībām; no tām mācīties vispirms.
"""
    )
    assert err == "Nav novērtētas pašvaldības, kurām trūkst vērtības (1): LV5 (COST).\n"


def test_each_member_is_measured_against_its_own_peer_group(db: str, tmp_path: Path) -> None:
    """With ``--peers group:`` LV4 is compared with LV3 alone: under constant returns it does
    0.4 pupils a unit of cost where LV3 does 2/3, so 0.6 (0.533 against the network)."""
    pairs = write(tmp_path / "pairs.csv", "municipality,peer\nLV4,LV3\n")
    assert invoke(db, "peers", "load", str(pairs), "--name", "pairs")[0] == 0

    code, out, err = invoke(db, *MODEL, "--returns", "crs", "--peers", "group:pairs",
                            "--format", "json")  # fmt: skip

    assert code == 0, err
    found = {r["municipality"]: (r["efficiency"], r["peers"]) for r in json.loads(out)}
    assert found == {
        "LV1": (1.0, "LV1:1.00"),
        "LV2": (1.0, "LV2:1.00"),
        "LV3": (1.0, "LV3:1.00"),
        "LV4": (pytest.approx(0.6, abs=1e-9), "LV3:0.50"),
    }


def test_bootstrap_adds_the_bias_corrected_efficiency_and_its_interval(db: str) -> None:
    asked = [*MODEL, "--orientation", "output", "--returns", "crs", "--format", "json",
             "--bootstrap", "200", "--seed", "7"]  # fmt: skip
    code, out, err = invoke(db, *asked)
    again = invoke(db, *asked)[1]

    assert code == 0, err
    rows = json.loads(out)
    assert list(rows[0])[-3:] == ["efficiency_bc", "ci_low", "ci_high"]
    assert out == again  # the seed repeats the replicates
    for row in rows:  # output efficiency: bias correction raises it, within the interval
        assert row["ci_low"] <= row["efficiency_bc"] <= row["ci_high"]
        assert row["efficiency"] <= row["efficiency_bc"]
    assert err.splitlines()[3] == (
        "Bias-corrected efficiency from 200 bootstrap replicates (Simar & Wilson 1998); "
        "its 95% interval by subsampling, 200 replicates for each subsample size "
        "(m-out-of-n bootstrap, Simar & Wilson 2011); seed 7."
    )


def test_partners_offers_the_similar_reference_peers_for_efficiency(db: str) -> None:
    code, out, err = invoke(db, "partners", "-m", "LV4", "-n", "SCH", "--year", "2024",
                            "--inputs", "COST", "--outputs", "PUPILS", "-k", "2")  # fmt: skip

    assert code == 0, err
    assert (
        out
        == """\
partner  partner_name    weight  similarity  partner_efficiency
-------  --------------  ------  ----------  ------------------
LV2      Iecavas novads     0.5        0.95                   1
"""
    )


@pytest.mark.parametrize(
    ("inputs", "outputs", "message"),
    [
        ("COST", "COST", "Error: COST cannot be both an input and an output.\n"),
        ("COST,NOPE", "PUPILS", "Error: No indicator is defined with the code NOPE.\n"),
    ],
)
def test_a_model_that_cannot_be_measured_is_one_sentence(
    db: str, inputs: str, outputs: str, message: str
) -> None:
    code, out, err = invoke(
        db, "efficiency", "-n", "SCH", "--year", "2024", "--inputs", inputs, "--outputs", outputs
    )

    assert (code, out, err) == (1, "", message)


def test_a_negative_value_is_named(db: str, tmp_path: Path) -> None:
    minus = write(tmp_path / "minus.csv", "municipality,indicator,year,value\nLV3,COST,2024,-6\n")
    assert invoke(db, "import", str(minus))[0] == 0

    code, out, err = invoke(db, *MODEL)

    assert (code, out) == (1, "")
    assert err == ("Error: LV3 has -6 for COST in 2024; efficiency needs values of 0 or more.\n")


# --- Charnes, Cooper & Rhodes (1981), Program Follow Through -----------------

CHARNES = REPO / "tests" / "data" / "charnes1981"
SCHOOL_VARIABLES = ("x1", "x2", "x3", "x4", "x5", "y1", "y2", "y3")


@pytest.fixture
def schools(db_url: str, tmp_path: Path) -> str:
    """The 70 school sites as municipalities S01–S70 of network PFT, imported as a long CSV."""
    with (CHARNES / "charnes1981.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    municipalities = "code,name\n" + "".join(f"S{int(r['firm']):02d},{r['name']}\n" for r in rows)
    indicators = "".join(
        f"  - {{code: {v.upper()}, name: {v}, unit: points, direction: neutral, decimals: 2}}\n"
        for v in SCHOOL_VARIABLES
    )
    definitions = (
        f"indicators:\n{indicators}networks:\n  - code: PFT\n    name: Program Follow Through\n"
        f"    indicators: [{', '.join(v.upper() for v in SCHOOL_VARIABLES)}]\n    members: all\n"
    )
    values = "municipality,indicator,year,value\n" + "".join(
        f"S{int(r['firm']):02d},{v.upper()},1981,{r[v]}\n" for r in rows for v in SCHOOL_VARIABLES
    )
    return load(db_url, tmp_path, municipalities, definitions, values)


def test_charnes_cooper_rhodes_1981_efficiencies_match_an_independent_solver(schools: str) -> None:
    """Every school's input- and output-oriented efficiency, VRS and CRS, within 1e-6 of the
    figures PuLP/CBC computed one school at a time (``tests/data/charnes1981/REFERENCE.txt``;
    the data: Charnes, Cooper & Rhodes 1981, *Management Science* 27:668, as R's
    Benchmarking ships it): 280 comparisons."""
    with (CHARNES / "reference.csv").open(encoding="utf-8") as file:
        reference = {f"S{int(r['firm']):02d}": r for r in csv.DictReader(file)}
    compared = 0
    for orientation in ("input", "output"):
        for returns in ("vrs", "crs"):
            code, out, err = invoke(
                schools, "efficiency", "-n", "PFT", "--year", "1981",
                "--inputs", "X1,X2,X3,X4,X5", "--outputs", "Y1,Y2,Y3",
                "--orientation", orientation, "--returns", returns, "--format", "json",
            )  # fmt: skip
            assert code == 0, err
            found = {r["municipality"]: r["efficiency"] for r in json.loads(out)}
            assert sorted(found) == sorted(reference)
            for school, efficiency in found.items():
                expected = float(reference[school][f"{orientation}_{returns}"])
                assert efficiency == pytest.approx(expected, abs=1e-6), (school, orientation)
                compared += 1
    assert compared == 280


def test_the_efficiency_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/efficiency.md's files and commands, in order, on a fresh SQLite database."""
    from tests.test_doc_commands import page_steps, run

    monkeypatch.chdir(tmp_path)
    page = (REPO / "docs" / "efficiency.md").read_text(encoding="utf-8")
    steps = page_steps("efficiency.md", page)
    ran = []

    for step in steps:
        if step.file:
            Path(step.file).write_text(step.text, encoding="utf-8")
            continue
        code, output = run(step, {"BENCHLEARN_LANG": "en"})
        assert code == step.exit_code, f"{step.where}: {step.command}\n{output}"
        ran.append(output)

    assert len(ran) == 13
    # The KOSTRA models: the network's potential in money, and the Latvian handout written.
    assert "about 7,480,000,000 NOK could be saved, 31.7% of the members' total." in ran[11]
    assert Path("sandnes.pdf").stat().st_size > 0
    assert "LV4           Cēsu novads            0.6     4  LV1:0.50;LV2:0.50  LV2" in ran[4]


def test_a_model_needs_inputs_and_outputs(db: str) -> None:
    code, out, err = invoke(db, "efficiency", "-n", "SCH", "--year", "2024", "--inputs", "COST")

    assert (code, out) == (1, "")
    assert err == (
        "Error: Efficiency needs at least one input (--inputs) and one output (--outputs).\n"
    )


def test_python_gets_the_table_the_command_prints(db: str) -> None:
    import benchlearn

    with benchlearn.open(db) as database:
        table = database.efficiency("SCH", 2024, ["COST"], ["PUPILS"], returns="crs")

    code, out, err = invoke(db, *MODEL, "--returns", "crs", "--format", "json")
    assert code == 0, err
    printed = json.loads(out)
    assert list(table.columns[:5]) == ["municipality", "name", "efficiency", "rank", "peers"]
    assert table["municipality"].tolist() == [r["municipality"] for r in printed]
    assert table["efficiency"].tolist() == [r["efficiency"] for r in printed]


def test_a_member_that_produces_nothing_has_no_output_efficiency(db: str, tmp_path: Path) -> None:
    zero = write(tmp_path / "zero.csv", "municipality,indicator,year,value\nLV3,PUPILS,2024,0\n")
    assert invoke(db, "import", str(zero))[0] == 0

    code, out, err = invoke(db, *MODEL, "--orientation", "output")

    assert (code, out) == (1, "")
    assert err == (
        "Error: LV3 has 0 for every output (PUPILS) in 2024, so how far its outputs could grow "
        "has no bound; use --orientation input.\n"
    )
    assert invoke(db, *MODEL)[0] == 0  # input orientation measures it: 0 pupils need no cost
