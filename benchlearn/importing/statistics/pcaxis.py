"""PC-Axis files (``.px``) into a :class:`~.cube.Cube`.

A PC-Axis file is a list of ``KEYWORD[lang]("variable")=value;`` entries and
then ``DATA=`` with one cell per combination of the ``STUB`` and ``HEADING``
variables (in that order, the last heading variable varying fastest). It is
read by a small scanner, never evaluated.

Encoding: ``CODEPAGE`` names it, and the PC-Axis default is ISO-8859-1. Real
files often say ISO-8859-1 (or nothing) while being something else, and
ISO-8859-1 decodes any bytes without complaint, so a wrong code page would
pass unseen as garbled names that then match no municipality. So: bytes that
are valid UTF-8 with letters beyond ASCII are UTF-8 whatever the file says
(no ISO-8859-1 or Windows text of real words is also valid UTF-8); a Latvian
or Lithuanian file (``LANGUAGE``) that claims ISO-8859-1, which cannot write
their letters, is read as Windows-1257 and the cube says so in a note; a code
page Python does not know is an error.

Data symbols: PC-Axis writes ``"."`` to ``"......"`` and ``"-"`` (the
meanings the file may redefine with ``DATASYMBOL1``…``DATASYMBOL6``,
``DATASYMBOLNIL`` and ``DATASYMBOLSUM``, whose texts are accepted in the data
too). ``".."`` is confidential, ``"."`` not applicable; ``"-"`` (nil) and the
other dot codes are missing, never a number. A ``DATANOTESUM`` or
``DATANOTE`` marker after a number is a footnote mark and is dropped. Files
with ``KEYS`` (sparse data rows) are refused with a message.

Hostile files: the keywords are scanned by one regular expression that steps
over quoted strings, so ``DATA=`` is found only outside quotes (a ``NOTE``
that contains ``; DATA=`` is a note) and a quote that is never closed is
named with its line. One keyword may hold at most :data:`MAX_ENTRY`
characters (the longest ``VALUES`` of real tables are a few hundred
kilobytes), and the cells the ``VALUES`` declare are checked against the room
after ``DATA=`` before any cell is read: a hostile file is refused in a
fraction of a second, not after gigabytes. Cells are numbers in the strict
form of value files (:func:`.cube.cell_number`). DATA is separated by spaces,
so a number written with digit groups (``1 000``) is two cells: it is found
as a table with more cells than its ``VALUES`` declare, and the message says
so; the same in quotes (``"1 000"``) or with an underscore is refused as a
number with digit groups, naming its line and cell.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.statistics.cube import (
    Category,
    Cube,
    Dimension,
    Role,
    bounded_size,
    cell_number,
    cell_problem,
    duplicate_categories,
    guess_role,
    symbol_status,
)

#: The status of each of PC-Axis's own data symbols.
DOT_STATUS = {
    ".": ".",
    "..": "..",
    "...": "-",
    "....": "-",
    ".....": "-",
    "......": "-",
    "-": "-",
}
#: Languages ISO-8859-1 cannot write, and the code page their files really use.
BALTIC = {"lv": "cp1257", "lt": "cp1257"}
#: The most characters one keyword entry may hold (``TITLE``, a variable's ``VALUES``).
MAX_ENTRY = 1_000_000
#: The most keyword entries before ``DATA=`` (real tables have hundreds).
MAX_ENTRIES = 100_000
#: A keyword's name, language and variable longer than this is no keyword.
MAX_KEY = 1_000

#: One keyword entry up to its ``;``: text and whole quoted strings, read by the regular
#: expression engine without going back (possessive), so a long entry costs no Python loop.
_ENTRY = re.compile(r'(?:[^";]++|"[^"]*+")*+')
#: Quoted texts closed on their own line, then the opening quote of one that is not.
_OPEN_QUOTE = re.compile(r'(?:[^"]*+"[^"\n]*+")*+[^"]*+"')
_DATA_KEYWORD = re.compile(r"\s*DATA\s*=")
#: Two cells that may be one number with a digit group, as ``1 000`` is.
_GROUP_PAIR = re.compile(r"(?<![\d.])[0-9]{1,3}[ \t]+[0-9]{3}(?![\d.])")

_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*(?:\[\s*([^\]]*?)\s*\])?\s*(?:\((.*)\))?\s*$", re.S)
_TOKEN = re.compile(r'"((?:[^"]|"")*)"|(TLIST\s*\([^)]*\))|(,)|([^\s,"]+)', re.S)
_DATA_TOKEN = re.compile(r'"([^"]*)"|([^\s,;"]+)')


@dataclass(frozen=True)
class Entry:
    """One ``KEYWORD[lang]("sub")=value;`` entry: the value's items, quoted strings joined."""

    keyword: str
    lang: str | None
    sub: tuple[str, ...]
    items: tuple[str, ...]


def read_pcaxis(data: bytes, source: str, lang: str | None = None) -> Cube:
    """A PC-Axis file as a cube, its names in ``lang`` (the file's own ``LANGUAGE`` when None).

    Raises :class:`~benchlearn.errors.BenchlearnError` for an unknown code page
    or language and :class:`~benchlearn.errors.ValidationError` with every
    problem for a file that is not a usable PC-Axis file.
    """
    text, notes = _decode(data, source)
    spans, data_start = _scan(text, source)
    if data_start is None:
        raise _unusable(source, [Problem.of(source, "stat_px_no_data", column="DATA")])
    entries = [e for e in (_entry(text[a:b]) for a, b in spans) if e is not None]
    problems: list[Problem] = []
    px = _Keywords(entries)
    default = px.text("LANGUAGE") or None
    languages = [default or "", *(x for x in px.items("LANGUAGES") if x != default)]
    if lang and lang != default and lang not in languages:
        raise BenchlearnError.of(
            "stat_px_language",
            {"file": source, "language": lang, "languages": [x for x in languages if x] or ["–"]},
        )
    want = None if lang == default else lang
    dimensions = _dimensions(px, want, source, problems)
    for dimension, code in duplicate_categories(dimensions):
        problems.append(
            Problem.of(
                source,
                "stat_duplicate_category",
                {"dimension": dimension, "code": code},
            )
        )
    declared = _declared_symbols(px)
    if any(entry.keyword == "KEYS" for entry in entries):
        raise _unusable(source, [Problem.of(source, "stat_px_keys", column="KEYS")])
    body = text[data_start:]
    data_line = text.count("\n", 0, data_start) + 1
    room = (len(body) + 1) // 2  # a cell is at least one character and a separator
    size = bounded_size([len(d.categories) for d in dimensions], room)
    values: tuple[float | None, ...] = ()
    statuses: tuple[str | None, ...] = ()
    if size is None:
        problems.append(
            Problem.of(source, "stat_px_size", {"room": room}, row=data_line, column="DATA")
        )
    else:
        markers = _note_markers(px)
        values, statuses = _data(body, data_line, size, declared, markers, source, problems)
    if problems:
        # quotes that pair up across line ends hide where one was left open: that comes first
        opened = _open_quote(text, spans, data_start)
        if opened is not None:
            problems = [_at(source, text, *opened, "stat_px_unclosed")]
        raise _unusable(source, problems)
    title = px.text("TITLE", want) or px.text("TITLE") or px.text("DESCRIPTION", want)
    return Cube(source, tuple(dimensions), values, statuses, title, notes=notes)


def _decode(data: bytes, source: str) -> tuple[str, tuple[Problem, ...]]:
    """The file's text, decoded as its code page says unless that cannot be right (module doc)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), ()
    ascii_head = data[:4000].decode("latin-1")
    found = re.search(r'CODEPAGE\s*=\s*"([^"]*)"', ascii_head)
    declared = found.group(1).strip() if found else "iso-8859-1"
    try:
        codec = codecs.lookup(declared).name
    except LookupError as exc:
        raise BenchlearnError.of(
            "stat_px_codepage", {"file": source, "codepage": declared}
        ) from exc
    try:
        "a".encode(codec)  # base64, rot13 and the like are codecs, but not of text
    except LookupError as exc:
        raise BenchlearnError.of(
            "stat_px_codepage_not_text", {"file": source, "codepage": declared}
        ) from exc
    if not data.isascii():
        try:
            return data.decode("utf-8"), ()
        except UnicodeDecodeError:
            pass
    language = re.search(r'LANGUAGE\s*=\s*"([^"]*)"', ascii_head)
    baltic = BALTIC.get(language.group(1).strip().lower()) if language else None
    if baltic and codec in {"latin-1", "iso8859-1", "cp1252", "ascii"} and not data.isascii():
        note = Problem.of(
            source,
            "stat_px_codepage_guess",
            {
                "codepage": declared,
                "language": language.group(1) if language else "",
                "used": "Windows-1257",
            },
        )
        return data.decode(baltic, errors="replace"), (note,)
    try:
        return data.decode(codec), ()
    except UnicodeDecodeError as exc:
        raise BenchlearnError.of(
            "stat_cannot_read", {"file": source, "kind": f"PC-Axis ({declared})", "error": str(exc)}
        ) from exc


def _scan(text: str, source: str) -> tuple[list[tuple[int, int]], int | None]:
    """Where each keyword entry lies before ``DATA=`` and where the cells begin (None: no
    ``DATA=``), split at ``;`` outside quotes.

    A keyword longer than :data:`MAX_ENTRY`, or more than :data:`MAX_ENTRIES` of
    them, is refused, naming the line. So is a quote that is never closed: PC-Axis
    closes every quoted text on its line (a long text is several quoted parts),
    so when the quotes do not pair up, or pair up so that ``DATA=`` is hidden,
    the first quoted text that runs over a line end is where a quote was left
    open (:func:`_open_quote`).
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        found = _DATA_KEYWORD.match(text, start)
        if found:
            return spans, found.end()
        # read no further than one character past the longest entry allowed
        limit = min(len(text), start + MAX_ENTRY + 1)
        end = _ENTRY.match(text, start, limit).end()  # type: ignore[union-attr]  # empty matches
        crossing = end < limit and text[end] == '"' and text.find('"', end + 1) >= limit
        if (end == limit and limit < len(text)) or crossing:
            raise _unusable(source, [_at(source, text, start, start, "stat_px_entry_too_long")])
        if end == len(text):
            break
        if text[end] == '"':
            opened = _open_quote(text, [*spans, (start, end)], len(text)) or (start, end)
            raise _unusable(source, [_at(source, text, *opened, "stat_px_unclosed")])
        spans.append((start, end))
        if len(spans) > MAX_ENTRIES:
            raise _unusable(source, [_at(source, text, start, start, "stat_px_too_many")])
        start = end + 1
    left_open = _open_quote(text, [*spans, (start, len(text))], len(text))
    if left_open is not None:
        raise _unusable(source, [_at(source, text, *left_open, "stat_px_unclosed")])
    return spans, None


def _open_quote(text: str, spans: list[tuple[int, int]], end: int) -> tuple[int, int] | None:
    """(start of its entry, position) of the first quote before ``end`` that is not closed on
    its line, or None when every quoted text there is closed where it opens."""
    found = _OPEN_QUOTE.match(text, 0, end)
    if found is None:
        return None
    position = found.end() - 1
    entry = bisect.bisect_right([a for a, _ in spans], position) - 1
    return (spans[entry][0] if entry >= 0 else 0), position


def _at(source: str, text: str, entry: int, position: int, key: str) -> Problem:
    """A problem of the keyword entry starting at ``entry``, naming the line of ``position``."""
    start = text[entry : entry + 200]
    keyword = re.match(r'\s*([^=;"(]{0,60}(?:\("?[^"=;)]{0,60}"?\)?)?)', start)
    position = max(position, entry + len(start) - len(start.lstrip()))
    limit = MAX_ENTRIES if key == "stat_px_too_many" else MAX_ENTRY
    grouped = {"en": f"{limit:,}", "lv": f"{limit:,}".replace(",", " ")}
    values = {"line": text.count("\n", 0, position) + 1, "limit": grouped}
    name = keyword.group(1).strip() if keyword else ""
    return Problem.of(source, key, values, column=name or None)


def _entry(text: str) -> Entry | None:
    """One entry's keyword, language, variable names and value items."""
    key, equals, value = _partition_unquoted(text, "=")
    found = _KEY.match(key) if equals and len(key) <= MAX_KEY else None
    if found is None:
        return None
    sub = tuple(m.group(1) for m in re.finditer(r'"((?:[^"]|"")*)"', found.group(3) or ""))
    return Entry(found.group(1).upper(), found.group(2) or None, sub, _items(value))


def _partition_unquoted(text: str, separator: str) -> tuple[str, str, str]:
    for match in re.finditer(f'"[^"]*"|{re.escape(separator)}', text):
        if match.group() == separator:
            return text[: match.start()], separator, text[match.end() :]
    return text, "", ""


def _items(value: str) -> tuple[str, ...]:
    """A value's items: quoted strings side by side (a long text over lines) are one item."""
    items: list[str] = []
    joining = False
    for match in _TOKEN.finditer(value):
        quoted, tlist, comma, bare = match.groups()
        if comma:
            joining = False
        elif quoted is not None:
            if joining and items:
                items[-1] += quoted
            else:
                items.append(quoted)
            joining = True
        else:
            items.append(tlist or bare)
            joining = False
    return tuple(items)


class _Keywords:
    """Look-ups over a file's entries: a keyword in a language, for a variable."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries

    def items(self, keyword: str, lang: str | None = None, sub: str | None = None) -> list[str]:
        for entry in self.entries:
            same = entry.keyword == keyword and entry.lang == lang
            if same and (sub is None or (entry.sub and entry.sub[0] == sub)):
                return list(entry.items)
        return []

    def text(self, keyword: str, lang: str | None = None, sub: str | None = None) -> str:
        return "".join(self.items(keyword, lang, sub))

    def has(self, keyword: str, sub: str) -> bool:
        return any(e.keyword == keyword and e.sub and e.sub[0] == sub for e in self.entries)


def _dimensions(
    px: _Keywords, lang: str | None, source: str, problems: list[Problem]
) -> list[Dimension]:
    """STUB then HEADING variables, with codes (``CODES``) and labels in ``lang``."""
    names = px.items("STUB") + px.items("HEADING")
    shown = (px.items("STUB", lang) + px.items("HEADING", lang)) if lang else names
    if not names:
        problems.append(Problem.of(source, "stat_px_no_variables", column="STUB, HEADING"))
    if len(shown) != len(names):
        problems.append(Problem.of(source, "stat_px_translation", {"language": lang or ""}))
        shown = names
    found: list[Dimension] = []
    for name, label in zip(names, shown, strict=True):
        labels = px.items("VALUES", lang, label) if lang else px.items("VALUES", None, name)
        if not labels:
            labels = px.items("VALUES", None, name)
        if not labels:
            problems.append(Problem.of(source, "stat_px_no_values", {"variable": name}))
        codes = px.items("CODES", None, name) or px.items("CODES", lang, label) or labels
        if len(codes) != len(labels):
            problems.append(
                Problem.of(
                    source,
                    "stat_px_codes",
                    {"variable": name, "codes": len(codes), "values": len(labels)},
                )
            )
            codes = labels
        kind = px.text("VARIABLE-TYPE", None, name).strip().upper()
        role: Role
        if kind == "G":
            role = "geo"
        elif kind == "T" or px.has("TIMEVAL", name):
            role = "time"
        else:
            role = guess_role(name, label)
        categories = tuple(Category(c, v) for c, v in zip(codes, labels, strict=True))
        found.append(Dimension(name, label, role, categories))
    return _one_of_each(found)


def _one_of_each(dimensions: list[Dimension]) -> list[Dimension]:
    """A declared role wins over a guessed one; a second guess of the same role is no role."""
    taken: set[str] = set()
    result = []
    for dimension in dimensions:
        role = dimension.role
        if role != "other" and role in taken:
            role = "other"
        taken.add(role)
        result.append(Dimension(dimension.code, dimension.label, role, dimension.categories))
    return result


def _declared_symbols(px: _Keywords) -> dict[str, str]:
    """The file's own texts for its data symbols (``DATASYMBOL1``…, ``DATASYMBOLNIL``)."""
    declared = dict(DOT_STATUS)
    for number in range(1, 7):
        text = px.text(f"DATASYMBOL{number}").strip()
        if text:
            declared.setdefault(text, DOT_STATUS["." * number])
    nil = px.text("DATASYMBOLNIL").strip()
    if nil:
        declared.setdefault(nil, "-")
    total = px.text("DATASYMBOLSUM").strip()
    if total:
        declared.setdefault(total, "-")
    return declared


def _note_markers(px: _Keywords) -> tuple[str, ...]:
    """Markers a cell may carry after its number (``DATANOTESUM``, ``DATANOTE``): not part of it."""
    return tuple(m for m in (px.text("DATANOTESUM").strip(), px.text("DATANOTE").strip()) if m)


def _data(
    body: str,
    line: int,
    size: int,
    declared: dict[str, str],
    markers: tuple[str, ...],
    source: str,
    problems: list[Problem],
) -> tuple[tuple[float | None, ...], tuple[str | None, ...]]:
    """The cells after ``DATA=`` (its first line is ``line``): numbers, or symbols that
    become statuses."""
    end = body.rfind(";")
    cells = body[: end if end >= 0 else len(body)]
    tokens = _DATA_TOKEN.findall(cells)
    if len(tokens) != size:
        grouped = len(tokens) > size and _GROUP_PAIR.search(cells) is not None
        key = "stat_px_cell_count_grouping" if grouped else "stat_cell_count"
        counts = {"count": len(tokens), "size": size}
        problems.append(Problem.of(source, key, counts, row=line, column="DATA"))
        return (), ()
    values: list[float | None] = []
    statuses: list[str | None] = []
    bad: list[tuple[int, str, str]] = []  # (cell index, text, why it is no number)
    for index, (quoted, bare) in enumerate(tokens):
        text = (quoted if bare == "" else bare).strip()
        status = symbol_status(text, declared)
        if status is not None:
            values.append(None)
            statuses.append(status)
            continue
        for marker in markers:
            text = text.removesuffix(marker).strip()
        number = cell_number(text)
        if isinstance(number, str):
            bad.append((index, text, number))
        values.append(number if isinstance(number, float) else None)
        statuses.append(None)
    lines = _token_lines(cells, line, [index for index, _, _ in bad])
    for (index, text, why), where in zip(bad, lines, strict=True):
        problems.append(cell_problem(source, text, why, index + 1, row=where, column="DATA"))
    return tuple(values), tuple(statuses)


def _token_lines(cells: str, line: int, indexes: list[int]) -> list[int]:
    """The line of each cell at ``indexes`` (ascending), in one pass over the cells."""
    found: list[int] = []
    wanted = iter(indexes)
    target = next(wanted, None)
    counted = 0
    for position, match in enumerate(_DATA_TOKEN.finditer(cells)):
        if target is None:
            break
        if position == target:
            line += cells.count("\n", counted, match.start())
            counted = match.start()
            found.append(line)
            target = next(wanted, None)
    return found


def _unusable(source: str, problems: list[Problem]) -> ValidationError:
    return ValidationError(problems, key="stat_cannot_use", values={"file": source})
