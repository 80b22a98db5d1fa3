"""Errors that benchlearn reports to its users, as data that can be told in any language.

Every error a user can cause derives from :class:`BenchlearnError`; the CLI turns
it into a one-line message (or a list of problems) and a non-zero exit code, so a
user never sees a traceback.

An error or a problem made with ``of`` carries a key of the message catalogue
(:mod:`benchlearn.messages`) and the values of its placeholders, as
frictionless-py reports errors as data: ``message`` (and ``str()``) is the
English text, ``text(lang)`` the same in another language. Without a key (a
formula's complaint, a rule's message as its author wrote it) the English
text is all there is, and every language gets it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from benchlearn.messages import say, visible

E = TypeVar("E", bound="BenchlearnError")


class BenchlearnError(Exception):
    """Base class of every error benchlearn reports to a user.

    ``key`` and ``values``, when set, say the same as the English message in the
    catalogue's words, so :meth:`text` can tell it in another language.
    """

    def __init__(
        self, *args: Any, key: str | None = None, values: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(*args)
        self.key = key
        self.values: Mapping[str, object] = dict(values or {})

    @classmethod
    def of(cls: type[E], key: str, values: Mapping[str, object] | None = None) -> E:
        """The error the catalogue's message ``key`` describes, filled with ``values``."""
        return cls(say(key, "en", values), key=key, values=values)

    def text(self, lang: str = "en") -> str:
        """The error in ``lang`` (English when it has no catalogue key), its control
        characters shown escaped (:func:`benchlearn.messages.visible`)."""
        if self.key is None or lang == "en":
            return visible(str(self))
        return say(self.key, lang, self.values)


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is and what is wrong.

    ``row`` is the 1-based line number as a spreadsheet or editor shows it
    (the header is row 1); ``column`` is a column name or a key path.
    A definition file's problem found in its YAML has ``row`` and ``column``
    as an editor counts them and the key path in ``path``, so a reader finds
    both the line and the key (``indicators[57].decimals``).
    ``message`` is the English text; ``key`` and ``values`` (a catalogue key
    and its placeholders) let :meth:`text` and :meth:`line` say it in
    another language. Two problems are equal when their English texts are.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    key: str | None = field(default=None, compare=False, repr=False)
    values: Mapping[str, object] = field(default_factory=dict, compare=False, repr=False)
    path: str | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(
        cls,
        file: str,
        key: str,
        values: Mapping[str, object] | None = None,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> Problem:
        """The problem the catalogue's message ``key`` describes, filled with ``values``."""
        values = values or {}
        return cls(file, say(key, "en", values), row, column, key, values)

    def text(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` (the English ``message`` when there is no key)."""
        if self.key is None or lang == "en":
            return self.message
        return say(self.key, lang, self.values)

    def line(self, lang: str = "en") -> str:
        """Where and what, in ``lang``: ``file, row 3, column value: ...``."""
        where = visible(self.file)
        if self.row is not None:
            where += ", " + say("prob_row", lang, {"row": self.row})
        if self.column:
            if self.row is not None:
                where += ", " + say("prob_column", lang, {"column": self.column})
            else:
                where += f": {visible(self.column)}"
        if self.path:
            where += f": {visible(self.path)}"
        return f"{where}: {visible(self.text(lang))}"

    def __str__(self) -> str:
        return self.line("en")


class ValidationError(BenchlearnError):
    """A file has problems; all of them are listed, not just the first."""

    def __init__(
        self,
        problems: Iterable[Problem],
        summary: str | None = None,
        *,
        key: str | None = None,
        values: Mapping[str, object] | None = None,
    ) -> None:
        self.problems = list(problems)
        if key is None and summary is None:
            key, values = "prob_found", {"count": len(self.problems)}
        if key is not None and summary is None:
            summary = say(key, "en", values)
        self.summary = str(summary)
        super().__init__(self.summary, key=key, values=values)

    def summary_text(self, lang: str = "en") -> str:
        """The one-line summary in ``lang``."""
        if self.key is None or lang == "en":
            return self.summary
        return say(self.key, lang, self.values)

    def text(self, lang: str = "en") -> str:
        """The summary and every problem, one a line, in ``lang``."""
        return "\n".join([self.summary_text(lang), *(p.line(lang) for p in self.problems)])

    def __str__(self) -> str:
        return self.text("en")


class MachineProblem(BenchlearnError):
    """The machine, not the input, stopped a command: a full disk, a read-only place, a
    name too long for the file system, a lost or busy database.

    The user's files were fine, so the CLI exits 3 (the environment) rather than 1, and
    the sentence says what happened and that nothing was written, so the user knows that
    fixing the machine and running the command again is all there is to do.
    """
