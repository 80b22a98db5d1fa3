"""benchlearn.xlsx writes the workbook xlsxwriter writes: every part, byte for byte.

The reference is xlsxwriter itself (frames._xlsxwriter_bytes, the writer the site used
before): the same tables are written both ways and every part of the two packages is
compared, with the one difference xlsxwriter makes between any two runs, the creation
time in docProps/core.xml, set equal."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from benchlearn.commands import write_site
from benchlearn.frames import _xlsxwriter_bytes, write_tables
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.xlsx import workbook_bytes
from tests.conftest import write

_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _parts(data: bytes) -> list[tuple[str, tuple[Any, ...], bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            (info.filename,
             (info.date_time, info.compress_type, info.external_attr, info.create_system,
              info.flag_bits),
             _TIME.sub(b"TIME", archive.read(info)))
            for info in archive.infolist()
        ]  # fmt: skip


def _both(sheets: list[Any]) -> tuple[bytes | None, bytes]:
    return workbook_bytes(sheets), _xlsxwriter_bytes(sheets)


def _sheet(name: str | None, columns: list[str], rows: list[list[Any]]) -> Any:
    widths = [len(c) for c in columns]
    for row in rows:
        for k, cell in enumerate(row):
            if isinstance(cell, str):
                widths[k] = max(widths[k], len(cell))
    return (name, columns, rows, [min(60, max(8, w + 2)) for w in widths])


CASES = {
    "texts and numbers": [
        _sheet(
            "Where it stands",
            ["Indicator", "Value", "Rank"],
            [["Rēzekne", 1.5, 3], ["Ādaži", None, 12], ["Ogre", 1e20, -0.0]],
        ),
    ],  # fmt: skip
    "escapes and spaces": [
        _sheet(
            "A & B",
            ["a<b>", ' "quoted" ', "x"],
            [
                ["\x01 control", "_x0041_ literal", "tab\there"],
                [" lead", "trail ", "a\nb"],
                ["&amp;", "\ufffe", ""],
            ],
        ),
    ],  # fmt: skip
    "many rows, gaps, spans": [
        _sheet(
            "Rows",
            [f"c{k}" for k in range(30)],
            [[None] * (k % 5) + [k, f"t{k % 7}", True, False][: 1 + k % 4] for k in range(70)]
            + [[None] * 30, [None] * 29 + ["last"]],
        ),
    ],  # fmt: skip
    "a header alone, one column": [_sheet("Only", ["Header"], [])],
    "several sheets sharing texts": [
        _sheet("One", ["Name", "Value"], [["Riga", 1], ["Jelgava", 2.25]]),
        _sheet(None, ["Name", "Other"], [["Riga", 0.1], ["Cēsis", 123456789012345678]]),
        _sheet("Three", ["Name"], [["Jelgava"], [None], ["Riga"]]),
    ],  # fmt: skip
}


@pytest.mark.parametrize("case", list(CASES))
def test_workbook_bytes_equals_xlsxwriter_part_for_part(case: str) -> None:
    ours, theirs = _both(CASES[case])
    assert ours is not None
    assert _parts(ours) == _parts(theirs)


def test_what_is_not_written_here_goes_to_xlsxwriter(tmp_path: Path) -> None:
    rich = [_sheet("S", ["a"], [["<r>x</r>"]])]
    long = [_sheet("S", ["a"], [["x" * 16384]])]
    wide = [("S", ["a"], [[1, 2]], [8])]
    infinite = [_sheet("S", ["a"], [[float("inf")]])]
    assert [workbook_bytes(s) for s in (rich, long, wide, infinite)] == [None] * 4
    write_tables([("S", ["a"], [["<r>x</r>"], ["x" * 40000]])], tmp_path / "t.xlsx")
    from openpyxl import load_workbook

    cells = [c.value for c in load_workbook(tmp_path / "t.xlsx")["S"]["A"]]
    # xlsxwriter reads "<r>…</r>" as rich-text markup (an empty run here) and cuts a long
    # text to Excel's 32,767 characters, as the site's downloads always were.
    assert [len(c) for c in cells] == [1, 0, 32767]


def test_a_site_s_downloads_equal_xlsxwriter_s(
    workspace: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page's workbook of a small site (a name that is markup among its texts): its
    tables written both ways."""
    import benchlearn.xlsx as module
    from tests.test_site import EVIL, VALUES

    load_municipalities(workspace, write(tmp_path / "evil.csv", f'code,name\nB2,"{EVIL}"\n'))
    import_file(workspace, write(tmp_path / "values.csv", VALUES))
    seen: list[tuple[bytes | None, bytes]] = []
    real = module.workbook_bytes

    def both(sheets: Any) -> bytes | None:
        seen.append((real(sheets), _xlsxwriter_bytes(sheets)))
        return seen[-1][0]

    monkeypatch.setattr(module, "workbook_bytes", both)
    write_site(workspace, "T9", 2023, tmp_path / "site", langs=("lv", "en"), draws=0, workers=1)
    assert len(seen) == 2 * 6  # the network, three members, two indicators; two languages
    assert all(ours is not None and _parts(ours) == _parts(theirs) for ours, theirs in seen)
