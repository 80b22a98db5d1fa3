"""Reading value files (long or wide CSV, XLSX) into chunks of raw text rows.

Files come in two shapes:

* **long**: columns ``municipality,indicator,year,value`` and optionally
  ``status`` (one row per value);
* **wide**: a ``municipality`` column, a ``year`` column (or a year given by the
  caller), optionally ``name``, and one column per indicator code.

Either way the importer receives the same long chunks with spreadsheet row
numbers, so every problem can name its row and column. Reading is streamed.

What a file may look like is decided here, once, so that nothing is guessed
later: a CSV file is UTF-8 (with or without a byte-order mark), UTF-16 with a
byte-order mark (Excel's "Unicode text"), or Windows-1257 when its bytes are
not UTF-8 and every letter beyond ASCII is Latvian; its delimiter is the comma,
semicolon or tab that splits its header into the most columns, and a file
separated by semicolons or tabs (as Latvian Excel saves it) may write decimal
commas. A row with more cells than the header is an error, not a shifted row.
An XLSX workbook is read sheet by sheet: every visible sheet with content is a
table of values; hidden sheets are never read.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.headers import STATUS_CODES, column_letter, header_problems, shortened
from benchlearn.importing.mapping import DELIMITERS, ColumnMap
from benchlearn.importing.tables import (
    Chunk,
    arrow_installed,
    cannot_import,
    cell_text,
    read_header,
    to_long,
    unreadable,
)
from benchlearn.importing.xlsx import xlsx_chunks
from benchlearn.phases import phase

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHUNK_ROWS",
    "STATUS_CODES",
    "Chunk",
    "cell_text",
    "header_problems",
    "read_chunks",
    "shortened",
    "to_long",
]

#: Rows read, checked and written at a time. Up to three chunks are alive at once (one
#: written, one waiting, one being read): 100,000 rows keep a 7.68-million-row import
#: under half a gigabyte (benchmarks/bench_import_memory.py).
CHUNK_ROWS = 100_000
#: Bytes of the file Arrow's CSV reader parses at a time (a few tens of thousands of rows).
ARROW_BLOCK = 1 << 20
#: Letters and signs a Windows-1257 file may hold beyond ASCII for it to be read as Latvian.
LATVIAN = frozenset("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ\u00a0“”„«»‘’–—…€°§")


def read_chunks(
    path: Path, *, year: int | None = None, columns: ColumnMap | None = None
) -> Iterator[Chunk]:
    """Yield the file's rows in long shape, chunk by chunk, its columns renamed by ``columns``.

    A file with no data rows, or whose data rows hold no value at all, is an
    error: it would otherwise "change nothing" without saying why.
    """
    suffix = path.suffix.lower()
    columns = columns or ColumnMap()
    if suffix in {".xlsx", ".xlsm"}:
        chunks = xlsx_chunks(path, year, columns, CHUNK_ROWS)
    elif suffix in {".csv", ".txt", ".tsv"}:
        chunks = _csv_chunks(path, year, columns)
    else:
        raise BenchlearnError.of("imp_file_type", {"file": str(path), "suffix": suffix})
    first_data_row: tuple[str, int] | None = None
    values = 0
    for chunk, first in chunks:
        if first_data_row is None and first is not None:
            first_data_row = (chunk.file, first)
        values += len(chunk.frame)
        if len(chunk.frame):
            yield chunk
    if first_data_row is None:
        raise cannot_import(str(path), [Problem.of(str(path), "imp_no_rows", row=2)])
    if values == 0:
        file, row = first_data_row
        raise cannot_import(str(path), [Problem.of(file, "imp_no_values", row=row)])


def _csv_chunks(
    path: Path, year: int | None, columns: ColumnMap
) -> Iterator[tuple[Chunk, int | None]]:
    import pandas as pd

    file = str(path)
    tab = path.suffix.lower() == ".tsv"
    with phase("read:check encoding"):
        encoding = _csv_encoding(path, tab)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            first_line = _first_record(handle)
    except OSError as exc:
        raise unreadable(file, "CSV", exc) from exc
    if not first_line.strip():
        key = "imp_empty_file" if not first_line else "imp_empty_header"
        raise cannot_import(file, [Problem.of(file, key, row=1)])
    sep = "\t" if tab else _delimiter(first_line)
    if first_line.count('"') % 2:
        raise cannot_import(file, [Problem.of(file, "imp_open_quote", row=1)])
    try:
        raw_header = _header_cells(first_line, sep)
    except csv.Error as exc:
        problem = Problem.of(file, "imp_bad_line", {"error": str(exc)}, row=1)
        raise cannot_import(file, [problem]) from None
    header, shape, notes, problems = read_header(file, raw_header, year, columns)
    if problems:
        raise cannot_import(file, problems)
    read = 0  # data records given out, so a fallback to pandas goes on after them
    if encoding == "utf-8-sig" and arrow_installed():  # the [scale] extra
        try:
            for raw in _arrow_records(path, sep, len(header)):
                raw.columns = header
                long, first = to_long(raw, shape, year, 2 + read)
                yield Chunk(file, long, sep != ",", names=columns.sources(), notes=notes), first
                notes = ()
                read += len(raw)
            return
        except _NotPlain:
            pass
    try:
        reader = pd.read_csv(
            path,
            sep=sep,
            header=None,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            chunksize=CHUNK_ROWS,
            encoding=encoding,
            skipinitialspace=True,
            engine="c",
        )
        skip = 1 + read  # the header, and the records Arrow gave out
        first_row = 2 + read
        for raw in reader:
            if skip:
                dropped = min(skip, len(raw))
                raw, skip = raw.iloc[dropped:], skip - dropped
                if not len(raw):
                    continue
            raw = raw.reindex(columns=range(len(header)), fill_value="")
            raw.columns = header
            long, first = to_long(raw, shape, year, first_row)
            said, notes = notes, ()
            chunk = Chunk(file, long, sep != ",", names=columns.sources(), notes=said)
            yield chunk, first
            first_row += len(raw)
    except pd.errors.ParserError as exc:
        raise _misshapen(path, encoding, sep, len(header), str(exc)) from None


class _NotPlain(Exception):
    """Arrow met a record the pandas reader reads differently (a short row, a space before a
    cell): the pandas reader takes over from there."""


def _arrow_records(path: Path, sep: str, width: int) -> Iterator[pd.DataFrame]:
    """A UTF-8 file's data records in chunks of :data:`CHUNK_ROWS`, all cells text, read by
    Arrow's CSV reader (in C++, off the GIL: a million rows in a third of pandas' time;
    with pyarrow, the ``[scale]`` extra, installed).

    Only while every record has ``width`` cells and no cell starts with a space or a tab
    (which ``skipinitialspace`` drops, and before a quote changes the cell): else
    :class:`_NotPlain` is raised before the chunk holding such a record is given out.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as arrow_csv

    names = [str(i) for i in range(width)]
    try:
        reader = arrow_csv.open_csv(
            path,
            read_options=arrow_csv.ReadOptions(column_names=names, block_size=ARROW_BLOCK),
            parse_options=arrow_csv.ParseOptions(
                delimiter=sep, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        pending: list[pa.RecordBatch] = []
        held, header = 0, True
        for batch in itertools.chain(reader, [None]):
            if batch is not None:
                if header:
                    batch, header = batch.slice(1), False
                for column in batch.columns:  # two prefix tests: a quarter of a regex's time
                    if any(pc.any(pc.starts_with(column, space)).as_py() for space in " \t"):
                        raise _NotPlain
                pending.append(batch)
                held += batch.num_rows
            while held >= CHUNK_ROWS or (batch is None and held):
                table = pa.Table.from_batches(pending)
                yield table.slice(0, CHUNK_ROWS).to_pandas()
                rest = table.slice(CHUNK_ROWS)
                pending, held = rest.to_batches(), rest.num_rows
                del table
                pa.default_memory_pool().release_unused()  # not kept for the next chunk
    except pa.ArrowInvalid:
        raise _NotPlain from None


def _csv_encoding(path: Path, tab: bool) -> str:
    """The encoding to read a CSV file with, or an error naming the row of a bad byte.

    UTF-8 (byte-order mark or not) and UTF-16 with a byte-order mark; a file that
    is not UTF-8 is read as Windows-1257 when every letter beyond ASCII it holds is
    Latvian there, as Latvian Windows saves "CSV (comma delimited)".
    """
    file = str(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
            if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            if start.startswith(b"PK\x03\x04"):
                raise BenchlearnError.of("imp_csv_is_zip", {"file": file})
            if start.startswith(b"\xd0\xcf\x11\xe0"):
                raise BenchlearnError.of("imp_xls_file", {"file": file})
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            utf8 = True
            for block in iter(lambda: handle.read(1 << 20), b""):
                if b"\x00" in block:
                    raise _bad_text(path, tab, "imp_nul_byte")
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    except OSError as exc:
        raise unreadable(file, "CSV", exc) from exc
    if utf8:
        return "utf-8-sig"
    if _looks_latvian(path):
        return "cp1257"
    raise _bad_text(path, tab, "imp_not_utf8")


def _looks_latvian(path: Path) -> bool:
    """Every byte decodes as Windows-1257 and every character beyond ASCII is Latvian."""
    decoder = codecs.getincrementaldecoder("cp1257")()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError:
                return False
            if not {c for c in text if ord(c) > 127} <= LATVIAN:
                return False
    return True


def _bad_text(path: Path, tab: bool, key: str) -> ValidationError:
    """The first cell holding a NUL or a byte that is not UTF-8, as a problem.

    The file is read as UTF-8 with each undecodable byte kept as a lone surrogate
    (and a NUL as one of its own), so the row and column are a spreadsheet's.
    """
    file = str(path)
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        lines = (line.replace("\x00", "\udc00") for line in handle)
        first_line = _first_record(lines)
        sep = "\t" if tab else _delimiter(first_line)
        try:
            header = [" ".join(c.split()) for c in _header_cells(first_line, sep)]
        except csv.Error:
            header = []
        row = 0
        try:
            records = csv.reader(itertools.chain([first_line], lines), delimiter=sep)
            for row, record in enumerate(records, start=1):
                for index, cell in enumerate(record):
                    found = _found_byte(cell)
                    if found:
                        column = header[index] if index < len(header) else column_letter(index)
                        problem = Problem.of(
                            file, key, {"byte": found}, row=row, column=str(shortened(column))
                        )
                        return cannot_import(file, [problem])
        except csv.Error:
            pass
    return cannot_import(file, [Problem.of(file, key, {"byte": "?"}, row=row or None)])


#: Physical lines a header row may span (a column name with a line break typed into it).
HEADER_LINES = 20


def _first_record(lines: Iterator[str]) -> str:
    """The text of a CSV file's first record, which may span lines inside quotes.

    A column name typed with a line break (Alt+Enter in Excel) is quoted over two
    lines; reading only the first line would cut the header there. A quote left
    open for more than ``HEADER_LINES`` lines is left for the header's reader to
    report.
    """
    text = ""
    for count, line in enumerate(lines, start=1):
        text += line
        if text.count('"') % 2 == 0 or count >= HEADER_LINES:
            break
    return text


def _header_cells(record: str, sep: str) -> list[str]:
    """Column names of a header record as written (line breaks and spaces are made one
    space by :func:`_read_header`)."""
    return next(csv.reader([record.rstrip("\r\n")], delimiter=sep, strict=True), [])


def _found_byte(cell: str) -> str | None:
    """The first undecodable byte of a cell (kept as a lone surrogate), in hex."""
    for char in cell:
        if "\udc00" <= char <= "\udcff":
            return f"{ord(char) - 0xDC00:02X}"
    return None


#: Characters of a header line beyond which its delimiter is found by counting.
LONG_HEADER = 1 << 20


def _delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most columns (a comma on a tie).

    A header line of more than :data:`LONG_HEADER` characters is judged by counting
    (a header that long is refused as too wide anyway, and parsing it three times
    would take seconds).
    """
    if len(first_line) > LONG_HEADER:
        return max(DELIMITERS, key=first_line.count)

    def width(sep: str) -> int:
        try:
            return len(next(csv.reader([first_line], delimiter=sep), []))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=width)


def _misshapen(path: Path, encoding: str, sep: str, width: int, error: str) -> BenchlearnError:
    """Why pandas could not split the file: every row with more cells than the header, or
    the row where a quoted cell is never closed."""
    file = str(path)
    opened = re.search(r"EOF inside string starting at row (\d+)", error)
    if opened:
        problem = Problem.of(file, "imp_open_quote", row=int(opened.group(1)) + 1)
        return cannot_import(file, [problem])
    problems = []
    row = 0
    with path.open(encoding=encoding, newline="") as handle:
        try:
            for row, record in enumerate(csv.reader(handle, delimiter=sep), start=1):
                if len(record) > width:
                    values = {"count": len(record), "width": width}
                    problems.append(Problem.of(file, "imp_too_many_cells", values, row=row))
        except csv.Error as exc:
            problems.append(Problem.of(file, "imp_bad_line", {"error": str(exc)}, row=row + 1))
    if problems:
        return cannot_import(file, problems)
    return unreadable(file, "CSV", ValueError(error))
