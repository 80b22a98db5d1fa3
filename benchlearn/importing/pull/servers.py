"""What each statistics server allows: calls per period and values per call, as data by host.

The limits come from ``servers.json`` beside this module: the 30 PxWeb servers
that rOpenGov's pxweb package lists (Statistics Latvia: 100 calls per 10 s,
3,800 values per call), plus Kolada. A host that is not listed gets
:data:`DEFAULT`, a cautious guess, rather than no limit at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class ServerLimits:
    """One server's published limits, and how its territory codes meet the registry."""

    host: str
    calls_per_period: int = 10
    period_seconds: float = 10.0
    max_values: int = 1000
    #: The registry attribute (or ``code``/``name``) its territories are matched by.
    match: str = "code"


DEFAULT = ServerLimits("")


@cache
def _known() -> dict[str, ServerLimits]:
    data = json.loads((Path(__file__).with_name("servers.json")).read_text(encoding="utf-8"))
    return {
        host: ServerLimits(
            host,
            int(entry["calls_per_period"]),
            float(entry["period_in_seconds"]),
            int(entry["max_values"]),
            entry.get("match", "code"),
        )
        for host, entry in data["servers"].items()
    }


def limits_for(url: str) -> ServerLimits:
    """The limits of the server ``url`` points at (:data:`DEFAULT` for an unknown host)."""
    host = (urlsplit(url).hostname or "").lower()
    found = _known().get(host)
    return found if found is not None else replace(DEFAULT, host=host)


def known_hosts() -> list[str]:
    """Every host with published limits, sorted."""
    return sorted(_known())
