"""Tables of stored definitions, for what people read: the CLI's listings and the Python API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from benchlearn.definitions.model import Definitions

if TYPE_CHECKING:
    import pandas as pd


def network_table(
    definitions: Definitions, members: Mapping[str, int], lang: str = "en"
) -> pd.DataFrame:
    """Columns: ``code, name, indicators, members, structural``; ``members`` the count given."""
    import pandas as pd

    rows = [
        (
            n.code,
            n.label(lang),
            len(n.indicators),
            members.get(n.code, 0),
            ", ".join(s.code for s in n.structural),
        )
        for n in sorted(definitions.networks.values(), key=lambda n: n.code)
    ]
    return pd.DataFrame(rows, columns=["code", "name", "indicators", "members", "structural"])
