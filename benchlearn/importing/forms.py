"""Annual monitoring forms: one XLSX per municipality, filled in Excel, read back without guessing.

Like the Healthy Municipalities Network's yearly forms, each form shows the
municipality's earlier values for reference and has one input cell per
indicator (with data validation: a number in the valid range, a Jā/Nē drop-down
for yes/no questions, read back as 1/0, a drop-down for ordinal scales, a drop-down
for the status codes). Every other cell is locked.
A hidden sheet holds a machine-readable key (network, year, municipality, the
indicator of every input row) signed with HMAC-SHA256 under this database's
secret (see :mod:`benchlearn.importing.signing`): a form edited by hand, forged
for another municipality, year or network, or made by another database is
refused with the reason, as is a form whose columns were moved (the key signs the
header row too). A form of the unsigned first version is refused too. Reading a
returned form is :mod:`benchlearn.importing.returned_forms`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from benchlearn.definitions import Definitions, NetworkDefinition, pick_text
from benchlearn.definitions.matrix import Matrix, matrix_of
from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.filenames import file_names
from benchlearn.importing.form_sheet import FIRST_ROW, cell_text
from benchlearn.importing.matrix_form import write_matrix
from benchlearn.importing.signing import SigningKey, current_key, signing_keys
from benchlearn.messages import LANGUAGES, general, t
from benchlearn.outputs import whole_files
from benchlearn.registry.municipalities import network_members
from benchlearn.rules import asked_indicators

if TYPE_CHECKING:
    import pandas as pd

KEY_SHEET = "_benchlearn"
#: 2: signed with the database's secret (1 had a plain SHA-256 that anyone could recompute).
#: Signing the header row too (``FormKey.header``) kept the version: a key without it is
#: still a valid version-2 key, of a form sent out before, and is read as one.
FORM_VERSION = 2
COLUMNS = ("code", "indicator", "unit", "definition")
HISTORY_YEARS = 3


def due_date(year: int) -> dt.date:
    """Forms for ``year`` are due on 31 March of the next year: the deadline a form states
    unless told another, and the one the agenda and the annual report judge returns by."""
    return dt.date(year + 1, 3, 31)


def _label(key: str, lang: str, **values: Any) -> str:
    return t(f"form_{key}", lang, **values)


@dataclass(frozen=True)
class FormKey:
    """What a form is for, and which indicator each input row holds."""

    network: str
    year: int
    municipality: str
    rows: tuple[tuple[str, int], ...]  # (indicator code, spreadsheet row)
    version: int = FORM_VERSION
    #: A matrix form's column of each row's cell (1-based); empty in a list form, whose
    #: values all sit in one column.
    columns: tuple[int, ...] = ()
    #: The header row's texts from column A on, as the form was made: signed, so that a
    #: column inserted or deleted is seen (:func:`.form_sheet.check_columns`). Empty in a
    #: form made before they were signed (issue 23).
    header: tuple[str, ...] = ()

    def canonical(self) -> str:
        data = {
            "network": self.network,
            "year": self.year,
            "municipality": self.municipality,
            "rows": [list(r) for r in self.rows],
            "version": self.version,
        }
        if self.columns:  # a list form's key stays as it was, so its signatures still hold
            data["columns"] = list(self.columns)
        if self.header:  # so does the key of a form made before the header was signed
            data["header"] = list(self.header)
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def signed_text(self, value_column: int) -> str:
        """What the signature covers: the canonical key and the column the values are read from."""
        return f"benchlearn-form\n{self.canonical()}\n{value_column}"

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.rows)


def form_file_name(network: str, year: int, municipality: str, name: str | None = None) -> str:
    """One form's file name, such as ``NVPT-2024-LV-016-Bauskas-novads.xlsx``: see
    :func:`form_file_names`, of which it is the case of a single form."""
    return form_file_names(network, year, {municipality: name})[municipality]


def form_file_names(network: str, year: int, names: Mapping[str, str | None]) -> dict[str, str]:
    """The forms' file names by municipality code (``names``: code → name or None).

    The municipality's name tells a facilitator's folder of returned forms apart at a
    glance; its Latvian letters are kept (every current system stores UTF-8 names), while
    spaces and the characters a file system refuses become hyphens. The names are those of
    :func:`benchlearn.filenames.file_names`: a code that loses a character there (``A/1``),
    a reserved or overlong name, and names that would be one file where case does not
    count take a short hash of the code, so no form overwrites another. The import never
    reads the name: a form is recognised by its signed hidden key.
    """
    wanted = {
        code: "-".join(part.strip() for part in (network, str(year), code, name or "") if part)
        for code, name in names.items()
    }
    return file_names(wanted, ".xlsx")


def yes_no_words(value: int) -> set[str]:
    """The words a yes/no drop-down offers for ``value`` (1 yes, 0 no) in every language,
    casefolded, as :func:`read_form` reads them back."""
    return {t("form_yes" if value else "form_no", lang).casefold() for lang in LANGUAGES}


def form_members(
    connection: Connection, network: str, year: int, municipalities: Sequence[str] | None
) -> tuple[Definitions, NetworkDefinition, list[str]]:
    """The definitions, the network and the members a form is made for: ``municipalities``
    (each a member valid in ``year``, else one sentence naming those that are not) or every
    member. Monitoring forms and plan forms ask the same."""
    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    members = network_members(connection, chosen, year)
    if not members:
        raise BenchlearnError.of("reg_network_no_members", {"network": network, "year": year})
    wanted = list(dict.fromkeys(municipalities)) if municipalities else members
    unknown = [m for m in wanted if m not in members]
    if unknown:
        raise BenchlearnError.of(
            "form_not_members", {"network": network, "year": year, "codes": unknown}
        )
    return definitions, chosen, wanted


def make_forms(
    connection: Connection,
    network: str,
    year: int,
    out: str | Path,
    *,
    municipalities: Sequence[str] | None = None,
    deadline: dt.date | None = None,
    contact: str | None = None,
    lang: str = "lv",
) -> list[Path]:
    """Write one form per municipality (default: every member valid in ``year``)."""
    from benchlearn.registry.municipalities import municipality_names
    from benchlearn.values import values

    definitions, chosen, wanted = form_members(connection, network, year, municipalities)
    asked = asked_indicators(definitions, chosen)
    signer = current_key(signing_keys(connection))
    names = municipality_names(connection)
    earlier = list(range(year - HISTORY_YEARS, year))
    history = values(connection, definitions, asked, earlier, wanted)
    files = form_file_names(network, year, {code: names.get(code) for code in wanted})
    folder = Path(out)
    deadline = deadline or due_date(year)
    written = []
    # all forms or none: written beside the folder, moved in when the last is done
    with whole_files(folder) as partial:
        for municipality in wanted:
            mine = history[history["municipality"] == municipality]
            name = names.get(municipality)
            _write_form(
                partial / files[municipality],
                definitions,
                chosen,
                year,
                municipality,
                name or municipality,
                asked,
                mine,
                earlier,
                deadline,
                contact,
                lang,
                signer,
            )
            written.append(folder / files[municipality])
    return written


def _write_form(path: Path, *args: Any) -> None:
    """One member's form: zipped in memory (see :func:`benchlearn.frames.write_sheets`),
    then written in one go, a list form and a matrix form alike."""
    buffer = io.BytesIO()
    _form_book(buffer, *args)
    path.write_bytes(buffer.getvalue())


def _form_book(
    buffer: io.BytesIO,
    definitions: Definitions,
    network: NetworkDefinition,
    year: int,
    municipality: str,
    name: str,
    asked: list[str],
    history: pd.DataFrame,
    earlier: list[int],
    deadline: dt.date,
    contact: str | None,
    lang: str,
    signer: SigningKey,
) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        ws = book.add_worksheet(_label("sheet", lang))
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14, "font_color": "#1F4E78"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        header = book.add_format(
            {
                "bold": True,
                "bg_color": "#1F4E78",
                "font_color": "white",
                "text_wrap": True,
                "valign": "top",
                "border": 1,
            }
        )
        unlocked = book.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1})
        number = book.add_format({"num_format": "#,##0.##", "valign": "top"})
        ws.write_string(0, 0, _label("title", lang, network=network.label(lang)), title)
        # The deadline is a date cell, so Excel shows it as a date (31.03.2026 in Latvian).
        day = book.add_format(
            {"num_format": "dd.mm.yyyy" if lang == "lv" else "yyyy-mm-dd", "align": "left"}
        )
        cover: list[tuple[str, str | dt.date]] = [
            ("network", f"{network.code}"),
            ("year", str(year)),
            ("municipality", municipality),
            ("deadline", deadline),
            ("contact", contact or ""),
        ]
        for i, (label_key, value) in enumerate(cover, start=1):
            ws.write_string(i, 0, _label(label_key, lang), bold)
            if isinstance(value, dt.date):
                ws.write_datetime(i, 1, dt.datetime.combine(value, dt.time()), day)
            else:
                ws.write_string(i, 1, value)
        ws.write_string(1, 2, network.label(lang))
        ws.write_string(3, 2, name)
        matrix = matrix_of([definitions.indicators[c] for c in asked], lang)
        if matrix is not None and set(matrix.codes.values()) == set(asked):
            _write_matrix_form(book, ws, definitions, network, year, municipality, asked,
                               matrix, history, earlier, lang, signer)  # fmt: skip
            return
        ws.set_row(6, 45)
        ws.merge_range(6, 0, 6, 6, _label("help", lang), wrap)
        value_col = 4 + len(earlier)
        labels = [_label(k, lang) for k in COLUMNS] + [str(y) for y in earlier]
        labels += [_label("value", lang, year=year), _label("status", lang)]
        ws.set_row(FIRST_ROW - 2, 30)
        for col, label in enumerate(labels):
            ws.write_string(FIRST_ROW - 2, col, label, header)
        known = {
            (code, int(y)): (value, status)
            for code, y, value, status in zip(
                history["indicator"],
                history["year"],
                history["value"],
                history["status"],
                strict=True,
            )
        }
        rows = []
        for i, code in enumerate(asked):
            row = FIRST_ROW - 1 + i  # 0-based
            ind = definitions.indicators[code]
            definition = pick_text(ind.description, lang)
            if ind.scale and not ind.yes_no:  # a yes/no question offers Jā/Nē instead
                levels = "; ".join(f"{s.value:g} = {pick_text(s.label, lang)}" for s in ind.scale)
                definition = f"{definition} ({levels})" if definition else levels
            ws.write_string(row, 0, code)
            ws.write_string(row, 1, ind.label(lang), wrap)
            # A yes/no question's unit ("jā = 1, nē = 0") is what the Jā/Nē drop-down hides.
            ws.write_string(row, 2, "" if ind.yes_no else ind.unit_label(lang), wrap)
            ws.write_string(row, 3, definition, wrap)
            ws.set_row(row, max(30, 15 * (len(definition) // 60 + 1)))
            for j, y in enumerate(earlier):
                value, status = known.get((code, y), (None, None))
                if status == "..":
                    ws.write_string(row, 4 + j, "..")
                elif status:
                    ws.write_string(row, 4 + j, str(status))
                elif value is not None and value == value and ind.yes_no and value in (0, 1):
                    ws.write_string(row, 4 + j, _label("yes" if value else "no", lang))
                elif value is not None and value == value:
                    ws.write_number(row, 4 + j, float(value), number)
            ws.write_blank(row, value_col, None, unlocked)
            ws.write_blank(row, value_col + 1, None, unlocked)
            _validate(ws, row, value_col, ind, lang)
            ws.data_validation(
                row,
                value_col + 1,
                row,
                value_col + 1,
                {
                    "validate": "list",
                    "source": ["-", ".", ".."],
                    "input_title": _label("status", lang),
                    "input_message": _label("status_help", lang),
                },
            )
            rows.append((code, row + 1))
        ws.set_column(0, 0, 16)
        ws.set_column(1, 1, 34)
        ws.set_column(2, 2, 14)
        ws.set_column(3, 3, 50)
        ws.set_column(4, 3 + len(earlier), 10)
        ws.set_column(value_col, value_col + 1, 14)
        ws.freeze_panes(FIRST_ROW - 1, 2)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(FIRST_ROW - 2)
        key = FormKey(
            network.code,
            year,
            municipality,
            tuple(rows),
            header=tuple(cell_text(label) for label in labels),
        )
        _write_key(book, key, signer, value_col + 1)
    finally:
        book.close()


def _write_key(book: Any, key: FormKey, signer: SigningKey, value_column: int) -> None:
    """The hidden sheet: the form's key, its signature and the column values are read from."""
    hidden = book.add_worksheet(KEY_SHEET)
    hidden.write_string(0, 0, "key")
    hidden.write_string(0, 1, key.canonical())
    hidden.write_string(1, 0, "signature")
    signature = signer.sign(key.signed_text(value_column))
    hidden.write_string(1, 1, f"{signer.key_id}:{signature}")
    hidden.write_string(2, 0, "value_column")
    hidden.write_number(2, 1, value_column)
    hidden.protect()
    hidden.very_hidden()


def _write_matrix_form(
    book: Any,
    ws: Any,
    definitions: Definitions,
    network: NetworkDefinition,
    year: int,
    municipality: str,
    asked: list[str],
    matrix: Matrix,
    history: pd.DataFrame,
    earlier: list[int],
    lang: str,
    signer: SigningKey,
) -> None:
    """A self-assessment's form as its matrix (:mod:`benchlearn.importing.matrix_form`):
    areas down, stages across, a drop-down per cell, last year's levels under it."""
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    ws.set_row(6, 30)
    ws.merge_range(6, 0, 6, len(matrix.stages), t("mx_form_help", lang), wrap)
    known = history[(history["status"].isna()) & history["value"].notna()]
    last = int(known["year"].max()) if len(known) else None
    before = known[known["year"] == last]
    levels = dict(zip(before["indicator"], before["value"].astype(float), strict=True))
    cells = write_matrix(book, ws, matrix, definitions.indicators, FIRST_ROW, levels, last, lang)
    order = {code: i for i, code in enumerate(asked)}
    cells.sort(key=lambda cell: order[cell[0]])
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    key = FormKey(
        network.code,
        year,
        municipality,
        tuple((code, row) for code, row, _ in cells),
        columns=tuple(column for _, _, column in cells),
        header=tuple(cell_text(text) for text in (t("wb_area", lang), *matrix.stages)),
    )
    _write_key(book, key, signer, cells[0][2])


def _validate(ws: Any, row: int, col: int, ind: Any, lang: str) -> None:
    """Data validation for an input cell: Jā/Nē, scale levels, or a number in the valid
    range, its message saying the range in words (never Excel's stand-in for no bound)."""
    if ind.yes_no:
        ws.data_validation(
            row,
            col,
            row,
            col,
            {
                "validate": "list",
                "source": [_label("yes", lang), _label("no", lang)],
                "error_message": _label("yes_no_error", lang),
            },
        )
        return
    if ind.scale:
        ws.data_validation(
            row,
            col,
            row,
            col,
            {
                "validate": "list",
                "source": [f"{s.value:g}" for s in ind.scale],
                "error_message": _label("scale_error", lang),
            },
        )
        return
    low, high = _bound(ind.min), _bound(ind.max)
    rule: dict[str, Any] = {"validate": "decimal", "input_title": _label("range_title", lang)}
    if low is not None and high is not None:
        rule.update(criteria="between", minimum=low, maximum=high)
        message = _label("range_error", lang, low=general(low, lang), high=general(high, lang))
    elif low is not None:
        rule.update(criteria=">=", value=low)
        message = (
            _label("range_not_negative", lang)
            if low == 0
            else _label("range_at_least", lang, low=general(low, lang))
        )
    elif high is not None:
        rule.update(criteria="<=", value=high)
        message = _label("range_at_most", lang, high=general(high, lang))
    else:  # any number, but a number: Excel's rule needs bounds, the message does not
        rule.update(criteria="between", minimum=-1e307, maximum=1e307)
        message = _label("range_any", lang)
    ws.data_validation(row, col, row, col, {**rule, "error_message": message})


def _bound(value: float | None) -> float | int | None:
    """A bound as Excel's rule writes it: 0, not 0.0."""
    return int(value) if value is not None and float(value).is_integer() else value
