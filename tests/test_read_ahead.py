"""The first chunk of a file is begun as the import starts, before the database is read.

:func:`benchlearn.importing.ahead.started` reads it in a thread from the moment it is
called; what the import asks for afterwards must be what the reader gives, in order,
and a reader's error must come where its chunk would have.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pandas as pd
import pytest

from benchlearn.errors import BenchlearnError
from benchlearn.importing.ahead import started
from benchlearn.importing.tables import Chunk


def chunk(name: str) -> Chunk:
    return Chunk(name, pd.DataFrame({"row": [2]}))


def test_the_first_chunk_is_read_before_it_is_asked_for_and_the_rest_after() -> None:
    asked: list[str] = []
    first_read = threading.Event()

    def reader() -> Iterator[Chunk]:
        asked.append("first")
        first_read.set()
        yield chunk("first")
        asked.append("second")
        yield chunk("second")

    chunks = started(reader())

    assert first_read.wait(timeout=10)
    assert asked == ["first"]
    assert [c.file for c in chunks] == ["first", "second"]
    assert asked == ["first", "second"]


def test_a_readers_error_comes_where_its_first_chunk_would_have() -> None:
    def reader() -> Iterator[Chunk]:
        raise BenchlearnError.of("imp_no_such_file", {"file": "v.csv"})
        yield chunk("never")

    chunks = started(reader())

    with pytest.raises(BenchlearnError) as caught:
        next(chunks)
    assert caught.value.key == "imp_no_such_file"


def test_a_reader_with_no_chunk_gives_none() -> None:
    assert list(started(iter([]))) == []
