"""Reading and checking a file's next chunk while the one before it is written.

Reading and validating are pandas, Arrow and numpy work; writing a chunk is mostly
waiting for the database (on PostgreSQL, its COPY). On two cores they overlap, so a
file takes about as long as the longer of the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from benchlearn.importing.keys import FileKeys
from benchlearn.importing.tables import Chunk
from benchlearn.importing.validate import Excluded, Lookups, Validated, validate_chunk
from benchlearn.phases import phase

__all__ = ["read_ahead", "started"]


def read_ahead(
    chunks: Iterable[Chunk], lookups: Lookups, excluded: Excluded, seen: FileKeys
) -> Iterator[tuple[Chunk, Validated]]:
    """Each chunk with its validation, the next chunk read and validated in a thread meanwhile.

    Reading and validating are pandas and numpy work; writing a chunk is mostly waiting
    for the database (on PostgreSQL, its COPY). On two cores they overlap, so a file takes
    about as long as the longer of the two. One chunk at most waits ready, so memory stays
    bounded. ``excluded`` (values that broke a control rule) must not change until the
    chunks are all read; ``seen`` gathers the file's keys, so a key given twice in
    different chunks is refused. An error of the reader or the checks is raised here,
    where its chunk would have come.
    """
    import queue
    import threading

    ready: queue.Queue[tuple[Chunk, Validated] | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def offer(item: tuple[Chunk, Validated] | BaseException | None) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            reading = iter(chunks)
            while True:
                with phase("read:parse"):
                    chunk = next(reading, None)
                if chunk is None:
                    break
                with phase("read:validate"):
                    checked = validate_chunk(chunk, lookups, excluded, seen)
                if not offer((chunk, checked)):
                    return
        except BaseException as error:  # handed over, raised in the importing thread
            offer(error)
            return
        offer(None)

    thread = threading.Thread(target=produce, name="benchlearn-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            with phase("write:wait for the reading thread"):
                item = ready.get()
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def started(chunks: Iterable[Chunk]) -> Iterator[Chunk]:
    """The chunks, the first of them read in a thread from this call on, not from the first
    ask: an import calls this before it connects, waits for other imports and reads the
    registry and definitions, which it did before the file's first chunk was begun.

    The chunk (or the reader's error, raised where the chunk would have come) waits for
    the first ask; the others are read as they are asked for.
    """
    import threading

    reading = iter(chunks)
    first: list[Chunk | BaseException] = []

    def read_first() -> None:
        try:
            with phase("read:parse"):
                chunk = next(reading, None)
        except BaseException as error:  # raised where the chunk is asked for
            first.append(error)
            return
        if chunk is not None:
            first.append(chunk)

    thread = threading.Thread(target=read_first, name="benchlearn-first-chunk", daemon=True)
    thread.start()

    def chunks_from_the_first() -> Iterator[Chunk]:
        with phase("read:wait for the first chunk"):
            thread.join()
        for item in first:
            if isinstance(item, BaseException):
                raise item
            yield item
        yield from reading

    return chunks_from_the_first()
