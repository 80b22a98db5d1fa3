"""Column names mapped onto the ones a value file needs, so a file imports as it was sent.

Kolada writes ``kommun,kpi,ar,varde``, a Latvian export ``Pašvaldība;Gads;...``:
instead of editing such a file, ``benchlearn import --map kommun=municipality``
(or a mapping file) says what each of its columns is. A mapping is a value,
checked before any file is read: a target must be a column of the long layout
(``municipality, indicator, year, value, status``), a wide file's ``name``, or
a stored indicator code (a wide file's column), and no two sources may land on
one target. Whether each source is in a file is checked per file, with the
file's header problems.

A mapping file is a CSV with the header ``source,target`` (comma, semicolon or
tab), chosen over YAML because the people who send such files edit CSV in a
spreadsheet, and its rows read in the same order as ``--map`` options.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchlearn.errors import BenchlearnError, Problem

#: The delimiters a CSV file (a value file or a mapping file) may use; a tie goes to the first.
DELIMITERS = (",", ";", "\t")
#: Targets every mapping may name whatever the file's shape; others must be indicator codes.
COLUMN_TARGETS = ("municipality", "indicator", "year", "value", "status", "name")


@dataclass(frozen=True)
class ColumnMap:
    """Source column names and the names they are read as, in the order given.

    ``pairs`` holds ``(source, target)``; an empty map changes nothing.
    """

    pairs: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def targets(self) -> dict[str, str]:
        """Source name -> target name."""
        return dict(self.pairs)

    def sources(self) -> dict[str, str]:
        """Target name -> the file's own name, so problems can name the column the user sees."""
        return {target: source for source, target in self.pairs}

    def line(self) -> str:
        """The mapping as ``--dry-run`` shows it: ``kommun → municipality, kpi → indicator``."""
        return ", ".join(f"{source} → {target}" for source, target in self.pairs)

    def check_targets(self, codes: Collection[str]) -> None:
        """Refuse a target that is neither a known column nor one of ``codes`` (stored
        indicator codes), and two sources onto one target, naming them."""
        seen: dict[str, str] = {}
        for source, target in self.pairs:
            if target not in COLUMN_TARGETS and target not in codes:
                known = ", ".join(COLUMN_TARGETS)
                values = {"source": source, "target": target, "known": known}
                raise BenchlearnError.of("imp_map_unknown_target", values)
            if target in seen:
                values = {"first": seen[target], "second": source, "target": target}
                raise BenchlearnError.of("imp_map_target_twice", values)
            seen[target] = source

    def header(self, file: str, header: list[str]) -> tuple[list[str], list[Problem]]:
        """A file's header with the mapped names, and the problems of mapping it.

        A source the header lacks, or a target the file already has as another
        column, is a problem in row 1 (the column would otherwise be read twice
        or not at all).
        """
        if not self.pairs:
            return header, []
        targets = self.targets()
        problems = [
            Problem.of(file, "imp_map_no_source", {"source": source, "target": target}, row=1)
            for source, target in self.pairs
            if source not in header
        ]
        problems += [
            Problem.of(file, "imp_map_onto_existing", {"source": source, "target": target}, row=1)
            for source, target in self.pairs
            if source in header and target in header and target not in targets
        ]
        return [targets.get(name, name) for name in header], problems


def _normal(name: str) -> str:
    """A column name as a header is read: runs of spaces and line breaks made one space."""
    return " ".join(name.split())


def _pair(text: str) -> tuple[str, str]:
    # The last "=" splits, so a source column whose name holds one still maps.
    source, equals, target = text.rpartition("=")
    if not equals or not source.strip() or not target.strip():
        raise BenchlearnError.of("imp_map_format", {"text": text})
    return _normal(source), _normal(target)


def _column_map(pairs: list[tuple[str, str]]) -> ColumnMap:
    seen: set[str] = set()
    for source, _target in pairs:
        if source in seen:
            raise BenchlearnError.of("imp_map_source_twice", {"source": source})
        seen.add(source)
    return ColumnMap(tuple(pairs))


def read_map_file(path: str | Path) -> list[tuple[str, str]]:
    """The ``(source, target)`` rows of a mapping CSV with the header ``source,target``."""
    file = str(path)
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        values = {"file": file, "kind": "CSV", "error": str(exc)}
        raise BenchlearnError.of("imp_cannot_read", values) from exc
    first = text.splitlines()[0] if text.strip() else ""
    sep = max(DELIMITERS, key=first.count)
    read = csv.reader(text.splitlines(), delimiter=sep)
    rows = [(n, [_normal(cell) for cell in row]) for n, row in enumerate(read, start=1)]
    rows = [(n, row) for n, row in rows if any(row)]
    if not rows or rows[0][1][:2] != ["source", "target"] or any(rows[0][1][2:]):
        raise BenchlearnError.of("imp_map_file_header", {"file": file})
    pairs = []
    for number, row in rows[1:]:
        if len(row) < 2 or not row[0] or not row[1] or any(row[2:]):
            raise BenchlearnError.of("imp_map_file_row", {"file": file, "row": number})
        pairs.append((row[0], row[1]))
    return pairs


def column_map(texts: Sequence[str], map_file: str | Path | None = None) -> ColumnMap:
    """The mapping of ``--map-file`` rows followed by ``--map`` options."""
    pairs = read_map_file(map_file) if map_file is not None else []
    return _column_map(pairs + [_pair(text) for text in texts])
