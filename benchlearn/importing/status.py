"""Who has returned a year's figures for a network: the data round's status and reminder list.

A network's status counts only its **own** indicators
(:func:`benchlearn.rules.own_indicators`): those its form asks that no other
network's form asks. The population, which the T2, T3 and NVPT forms all ask,
is stored once whichever form brings it, so it cannot tell which form came
back: a municipality that returned only its T2 form has not returned its NVPT
form, however many shared values it has. (Telling forms apart by the batch
that wrote a value does not work either: a shared value that a second form
repeats unchanged keeps the batch of the first, and a re-import records no
batch at all.) ``benchlearn check`` uses the same rule for its "form not
returned" lines.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from benchlearn.definitions.store import stored_definitions
from benchlearn.models import (
    ImportBatch,
    Indicator,
    Municipality,
    Observation,
)
from benchlearn.registry.municipalities import contacts as _contacts
from benchlearn.registry.municipalities import municipality_names, network_members
from benchlearn.rules import asked_indicators, own_indicators

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = [
    "municipality",
    "name",
    "contact",
    "returned",
    "filled",
    "total",
    "completeness",
    "last_import",
    "missing",
]


def form_status(
    connection: Connection, network: str, year: int, *, lang: str = "en"
) -> pd.DataFrame:
    """Who has returned the year's figures for ``network``, how complete, and what is missing.

    One row per member, by code. Columns: ``municipality, name, contact,
    returned, filled, total, completeness, last_import, missing``:

    * ``contact``: the member's ``contact`` (else ``email``) attribute in the
      registry, else empty;
    * ``filled`` of ``total``: the network's own indicators with a value or a
      status in ``year``; ``returned``: at least one; ``completeness``:
      ``filled / total`` (0 to 1, three decimals);
    * ``last_import``: when the latest of those values was imported, in the
      machine's local time zone (an aware datetime, to the minute), else None;
    * ``missing``: the names (in ``lang``) of the own indicators without a value,
      then of the shared ones nobody has supplied yet, joined by ``"; "``.
    """
    import pandas as pd

    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    asked = asked_indicators(definitions, chosen)
    own = own_indicators(definitions, chosen)
    members = network_members(connection, chosen, year)
    found: dict[str, dict[str, dt.datetime | None]] = {}
    for code, indicator, when in connection.execute(
        select(Municipality.code, Indicator.code, ImportBatch.created_at)
        .join(Observation, Observation.municipality_id == Municipality.id)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .outerjoin(ImportBatch, ImportBatch.id == Observation.batch_id)
        .where(Observation.year == year, Indicator.code.in_(asked), Municipality.code.in_(members))
    ):
        found.setdefault(code, {})[indicator] = when
    names = municipality_names(connection)
    contacts = _contacts(connection)
    labels = {code: definitions.indicators[code].label(lang) for code in asked}
    rows = []
    for member in members:
        held = found.get(member, {})
        mine = [code for code in own if code in held]
        times = [at for code in mine if (at := held[code]) is not None]
        missing = [code for code in own if code not in held]
        missing += [code for code in asked if code not in own and code not in held]
        rows.append(
            (
                member,
                names.get(member, member),
                contacts.get(member, ""),
                bool(mine),
                len(mine),
                len(own),
                round(len(mine) / len(own), 3) if own else 0.0,
                _local(max(times)) if times else None,
                "; ".join(labels[code] for code in missing),
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _local(when: dt.datetime) -> dt.datetime:
    """A stored time (naive UTC) in the machine's local time zone, to the minute."""
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return aware.astimezone().replace(second=0, microsecond=0)
