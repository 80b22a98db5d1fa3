"""Figures fetched from statistics servers: PxWeb tables and Kolada, for `benchlearn pull`.

* :mod:`.servers`: each server's published limits, as data keyed by host;
* :mod:`.http`: one polite, wary client: retries with back-off, a rate limit, and limits on
  size, time, waits, redirects that a hostile server meets;
* :mod:`.cache`: the disk cache that honours the server's headers, expires, and finds
  damaged answers;
* :mod:`.pxweb`: PxWeb API v1 and v2 metadata, queries split to the server's limit;
* :mod:`.kolada`: Kolada's API v3 (v2 still selectable), page by page;
* :mod:`.records`: each indicator's last successful pull, for ``pull --since-last``;
* :mod:`.pull`: which indicators to fetch, one batch per source.
"""
