"""Tables describing what is stored (indicators, networks) and what is wrong (a problem
report), for listing commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from benchlearn.definitions import Definitions
from benchlearn.errors import Problem

if TYPE_CHECKING:
    import pandas as pd


def indicator_table(
    definitions: Definitions, network: str | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Columns: ``code, name, unit, direction, formula``."""
    import pandas as pd

    codes = (
        list(definitions.network(network).indicator_codes)
        if network
        else sorted(definitions.indicators)
    )
    rows = [
        (
            c,
            definitions.indicators[c].label(lang),
            definitions.indicators[c].unit_label(lang),
            definitions.indicators[c].direction,
            definitions.indicators[c].expression or "",
        )
        for c in codes
    ]
    return pd.DataFrame(rows, columns=["code", "name", "unit", "direction", "formula"])


#: The columns of ``definitions models``: one efficiency model a row, its lists joined by commas.
MODEL_COLUMNS = [
    "network", "model", "name", "inputs", "outputs", "orientation", "returns", "context",
]  # fmt: skip


def model_table(
    definitions: Definitions, network: str | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Columns: :data:`MODEL_COLUMNS`, networks and their models in definition order."""
    import pandas as pd

    codes = [network] if network else sorted(definitions.networks)
    rows = [
        (
            code,
            model.code,
            model.label(lang),
            ",".join(model.inputs),
            ",".join(model.outputs),
            model.orientation,
            model.returns,
            ",".join(model.context),
        )
        for code in codes
        for model in definitions.network(code).efficiency.values()
    ]
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)


def kinds_in(frame: pd.DataFrame, lang: str = "en", fmt: str = "table") -> pd.DataFrame:
    """Municipalities with each ``kind`` in the reader's words (valstspilsēta, state city)
    in a table; a kind the catalogue does not know stays as the registry has it. CSV and
    JSON (``fmt``) keep the registry's codes: they are an interface."""
    from benchlearn.messages import MESSAGES, t

    if fmt != "table":
        return frame

    def word(kind: object) -> object:
        key = f"reg_kind_{kind}"
        return t(key, lang) if isinstance(kind, str) and key in MESSAGES else kind

    return frame.assign(kind=frame["kind"].map(word))


#: The columns of a problem report (``definitions validate --format csv|json|xlsx``).
PROBLEM_COLUMNS = ["file", "row", "column", "path", "message"]


def problem_table(problems: Sequence[Problem], lang: str = "en") -> pd.DataFrame:
    """Columns: ``file, row, column, path, message``: one problem a row, its message in
    ``lang``, what a municipality gets back to correct its file."""
    import pandas as pd

    rows = [(p.file, p.row, p.column or "", p.path or "", p.text(lang)) for p in problems]
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS).astype({"row": "Int64"})
