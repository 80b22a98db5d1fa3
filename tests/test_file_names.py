"""Output file names safe on every system and never two the same (issue 23, item 11).

``forms make`` for municipalities ``A/1`` and ``A-1`` wrote one file over the
other and said "Wrote 2 forms"; the site's pages ``a1.html`` and ``A1.html``
are one file on Windows and macOS, and ``CON.html`` cannot be opened on
Windows; a long name made a file name longer than a file system holds. One
function (:func:`benchlearn.filenames.file_names`) now names the forms and the
site's pages, before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import write_site
from benchlearn.database import make_engine, upgrade
from benchlearn.definitions.store import load_definitions
from benchlearn.filenames import NAME_BYTES, RESERVED, digest, file_names
from benchlearn.importing import import_file
from benchlearn.importing.forms import form_file_names
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import write

LONG = "Ļ" * 150  # 300 bytes of UTF-8
#: Codes that meet where a file name cannot hold a slash, where case does not count, or
#: where Windows reserves a name.
MUNICIPALITIES = f"""code,name,kind,region
A/1,Alpha,city,North
A-1,Alpha,city,North
a1,Alpha,city,North
CON,Con,city,North
LONG,{LONG},city,North
"""


def folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def test_names_that_would_meet_take_a_hash_of_their_code() -> None:
    forms = form_file_names("T9", 2024, {"A/1": "Alpha", "A-1": "Alpha", "a1": None, "A1": None})
    pages = file_names(
        {c: c for c in ("a1", "A1", "CON", "LV-016", "Ā b")}, ".html", ascii_only=True
    )

    assert forms == {
        "A/1": f"T9-2024-A-1-Alpha-{digest('A/1')}.xlsx",  # the slash is lost: hashed
        "A-1": "T9-2024-A-1-Alpha.xlsx",
        "a1": f"T9-2024-a1-{digest('a1')}.xlsx",  # a1 and A1 are one file on Windows
        "A1": f"T9-2024-A1-{digest('A1')}.xlsx",
    }
    assert pages == {
        "a1": "a1-f29bc91b.html",
        "A1": "A1-1ffd4ba3.html",
        "CON": "CON-7679a072.html",
        "LV-016": "LV-016.html",
        "Ā b": "__b-1ff9770b.html",  # the site's scheme as it always was
    }


def test_reserved_names_are_not_reserved_with_an_extension_or_in_any_case() -> None:
    names = file_names(
        {"con.x": "con.x", "Lpt9": "Lpt9", "NUL ": "NUL ", "COM10": "COM10"}, ".xlsx"
    )

    assert names == {
        "con.x": f"con-{digest('con.x')}.x.xlsx",  # Windows reads the name before the dot
        "Lpt9": f"Lpt9-{digest('Lpt9')}.xlsx",
        "NUL ": f"NUL-{digest('NUL ')}.xlsx",
        "COM10": "COM10.xlsx",  # not a device
    }


def test_a_name_too_long_for_a_file_system_is_cut_between_letters_and_stays_unique() -> None:
    names = form_file_names("T9", 2024, {"L1": LONG, "L2": LONG})
    code = "X" * 300
    page = file_names({code: code}, ".html", ascii_only=True)[code]

    assert page == "X" * 186 + f"-{digest(code)}.html"
    assert len(page) == NAME_BYTES

    for code, name in names.items():
        assert len(name.encode("utf-8")) == NAME_BYTES - 1  # Ļ is two bytes: one is left over
        assert name == f"T9-2024-{code}-" + "Ļ" * 87 + f"-{digest(code)}.xlsx"


@given(
    st.lists(
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=150),
        max_size=8,
    ),
    st.booleans(),
)
def test_every_name_is_safe_short_and_unique_where_case_does_not_count(
    codes: list[str], ascii_only: bool
) -> None:
    names = file_names({code: f"N-{code}" for code in codes}, ".html", ascii_only=ascii_only)

    assert len({folded(name) for name in names.values()}) == len(names) == len(set(codes))
    for name in names.values():
        stem = name.removesuffix(".html")
        assert len(name.encode("utf-8")) <= NAME_BYTES
        assert not re.search(r'[\x00-\x1f\x7f/\\:*?"<>|]', name)
        assert stem.partition(".")[0].rstrip(" ").upper() not in RESERVED
        assert stem and stem[-1] not in ". "
        if ascii_only:
            assert re.fullmatch(r"[A-Za-z0-9_-]+\.html", name)


def test_forms_make_writes_one_form_per_member_whatever_their_codes(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    load_municipalities(workspace, write(tmp_path / "more.csv", MUNICIPALITIES))
    out = tmp_path / "forms"

    result = CliRunner().invoke(cli, ["--db", db_url, "forms", "make", "-n", "T9", "--year",
                                      "2024", "-o", str(out)])  # fmt: skip

    assert (result.exit_code, result.output) == (0, f"Wrote 8 forms to {out}.\n")
    written = {
        path.name: load_workbook(path, read_only=True)["_benchlearn"]["B1"].value
        for path in out.iterdir()
    }
    assert sorted(written) == sorted([
        f"T9-2024-A-1-Alpha-{digest('A/1')}.xlsx",
        "T9-2024-A-1-Alpha.xlsx",
        f"T9-2024-A1-Alpha-{digest('A1')}.xlsx",
        f"T9-2024-a1-Alpha-{digest('a1')}.xlsx",
        "T9-2024-B2-Beta.xlsx",
        "T9-2024-C3-Gamma.xlsx",
        "T9-2024-CON-Con.xlsx",
        f"T9-2024-LONG-{'Ļ' * 86}-{digest('LONG')}.xlsx",
    ])  # fmt: skip
    # Each file holds its own member's form.
    municipality = {name: re.search(r'"municipality":"([^"]*)"', str(key)).group(1)  # type: ignore[union-attr]
                    for name, key in written.items()}  # fmt: skip
    assert municipality[f"T9-2024-A-1-Alpha-{digest('A/1')}.xlsx"] == "A/1"
    assert municipality["T9-2024-A-1-Alpha.xlsx"] == "A-1"
    assert municipality[f"T9-2024-a1-Alpha-{digest('a1')}.xlsx"] == "a1"
    assert municipality[f"T9-2024-A1-Alpha-{digest('A1')}.xlsx"] == "A1"


def test_site_pages_never_meet_where_case_does_not_count_nor_take_a_reserved_name(
    workspace_files: dict[str, Path], tmp_path: Path
) -> None:
    # The names come from the codes alone: one backend is enough.
    workspace = make_engine(f"sqlite:///{tmp_path / 'site.db'}")
    upgrade(workspace)
    load_definitions(workspace, [workspace_files["definitions"]])
    load_municipalities(workspace, workspace_files["municipalities"])
    load_municipalities(workspace, write(tmp_path / "more.csv", MUNICIPALITIES))
    rows = [
        f"{code},{indicator},2023,{value + i},"
        for i, code in enumerate(["A1", "a1", "CON", "A/1", "A-1", "B2", "C3"])
        for indicator, value in (("COST", 100), ("POP", 10), ("SHARE", 50))
    ]
    import_file(workspace, write(tmp_path / "v.csv", "municipality,indicator,year,value,status\n"
                                 + "\n".join(rows) + "\n"))  # fmt: skip
    out = tmp_path / "site"

    write_site(workspace, "T9", 2023, out, langs=("en",), draws=0, workers=1)

    members = sorted(path.name for path in (out / "members").glob("*.html"))
    assert members == sorted([
        f"A1-{digest('A1')}.html", f"a1-{digest('a1')}.html", f"CON-{digest('CON')}.html",
        f"A_1-{digest('A/1')}.html", "A-1.html", "B2.html", "C3.html", "LONG.html",
    ])  # fmt: skip
    for page in out.rglob("*.html"):  # every link leads to a page that is there
        for link in re.findall(r'href="([^"#]*)', page.read_text(encoding="utf-8")):
            if link and not link.startswith(("data:", "http:", "https:", "mailto:")):
                assert (page.parent / link).is_file(), (page, link)
