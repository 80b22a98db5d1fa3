"""Every output is written whole or not at all: beside its target, then moved into place.

A file (a workbook, a PDF, a CSV from ``-o``, a form) is written under a temporary
name in the target's own folder and renamed over the target only when it is complete;
a folder (a site) is written as a sibling folder and swapped in as a whole (the old
one renamed away, the new one renamed in, the old one removed). A reader therefore
sees the old version or the new one, never a mix, and a run that is killed leaves the
old output as it was and at most a hidden temporary sibling, which the next run of the
same output removes.

The machine's refusals on the way (a full disk, a read-only file system, a folder one
may not write in, a name too long) become one :class:`MachineProblem` sentence that
names the target, and what was begun is removed, so nothing half-written stays.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchlearn.errors import MachineProblem

#: What a temporary sibling's name ends with: one being written, and an old folder
#: renamed away while a new one is swapped in.
PARTIAL, OLD = ".partial", ".old"

#: The message each refusal of the machine is told with.
REFUSALS = {
    errno.ENOSPC: "out_disk_full",
    errno.EDQUOT: "out_disk_full",
    errno.EROFS: "out_read_only",
    errno.EACCES: "out_not_allowed",
    errno.EPERM: "out_not_allowed",
    errno.ENAMETOOLONG: "out_name_too_long",
}


def _stem(target: Path) -> str:
    """The hidden name every temporary sibling of ``target`` starts with: short whatever the
    target's name, so a name near the system's limit still has room for its temporary."""
    digest = hashlib.sha1(target.name.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return f".benchlearn-{digest}-"


def _sibling(target: Path, ending: str) -> Path:
    target = target if target.name else target.resolve()  # "." has no name of its own
    return target.with_name(f"{_stem(target)}{os.getpid()}{ending}")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (its temporary may still be being written)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clean_leftovers(target: Path) -> None:
    """Remove the temporaries of ``target`` that a killed run left (their process is gone).

    An old folder renamed away by a run killed before the new one was renamed in is put
    back when the target is missing, so the last whole version is what a reader finds.
    """
    target = target if target.name else target.resolve()
    if not target.parent.is_dir():
        return
    stem = _stem(target)
    for path in sorted(target.parent.glob(f"{stem}*")):
        pid_text, _, ending = path.name.removeprefix(stem).partition(".")
        if not pid_text.isdigit() or _alive(int(pid_text)) and int(pid_text) != os.getpid():
            continue
        if "." + ending == OLD and not target.exists():
            path.rename(target)
        else:
            _remove(path)


def machine_problem(
    error: BaseException, target: Path, partial: Path | None = None
) -> MachineProblem | None:
    """The sentence for the machine's refusal in ``error`` (or the exception it wraps, as
    xlsxwriter's ``FileCreateError`` wraps an ``OSError``), naming ``target``; None when
    ``error`` is not such a refusal.

    A name too long is told with the name that was: a page inside the folder being
    written in ``partial`` is named where it would have been in ``target``.
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in REFUSALS:
            path = str(target)
            inner = str(current.filename or "")
            if current.errno == errno.ENAMETOOLONG and partial and inner.startswith(f"{partial}/"):
                path = str(target / inner.removeprefix(f"{partial}/"))
            return MachineProblem.of(REFUSALS[current.errno], {"path": path})
        wrapped = next((a for a in current.args if isinstance(a, BaseException)), None)
        current = wrapped or current.__cause__ or current.__context__
    return None


@contextmanager
def whole_file(target: str | Path) -> Iterator[Path]:
    """A temporary path beside ``target`` to write; moved over ``target`` when the block
    ends without an error, removed when it does not.

    The temporary keeps the target's suffix (``.xlsx``, ``.pdf``) for the writers that
    read it; the machine's refusals become a :class:`MachineProblem` naming ``target``.
    """
    target = Path(target)
    partial = _sibling(target, PARTIAL + target.suffix)
    try:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            clean_leftovers(target)
            yield partial
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    except Exception as error:
        problem = machine_problem(error, target)
        if problem is None:
            raise
        raise problem from error


@contextmanager
def whole_folder(target: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``target`` to write into; swapped in for ``target`` as a
    whole when the block ends without an error, removed when it does not.

    The swap renames the old folder away, the new one in, and then removes the old one;
    only between the two renames is neither there, and a run killed exactly then has its
    old folder put back by the next (:func:`clean_leftovers`).
    """
    target = Path(target)
    partial = _sibling(target, PARTIAL)
    try:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            clean_leftovers(target)
            partial.mkdir()
            yield partial
            _swap(partial, target if target.name else target.resolve())  # "." too
        finally:
            _remove(partial)
    except Exception as error:
        problem = machine_problem(error, target, partial)
        if problem is None:
            raise
        raise problem from error


@contextmanager
def whole_files(folder: str | Path) -> Iterator[Path]:
    """A temporary folder beside ``folder`` to write several files into (a network's forms);
    each is moved into ``folder`` when the block ends without an error, and none when it
    does not. Other files in ``folder`` (forms sent back, notes) are kept.
    """
    folder = Path(folder)
    partial = _sibling(folder, PARTIAL)
    try:
        try:
            partial.parent.mkdir(parents=True, exist_ok=True)
            clean_leftovers(folder)
            partial.mkdir()
            yield partial
            folder.mkdir(exist_ok=True)
            for path in sorted(partial.iterdir()):
                os.replace(path, folder / path.name)
        finally:
            _remove(partial)
    except Exception as error:
        problem = machine_problem(error, folder, partial)
        if problem is None:
            raise
        raise problem from error


def _swap(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    old = _sibling(target, OLD)
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    _remove(old)
