"""Figures fetched from statistics servers: PxWeb tables and Kolada, for `benchlearn pull`.

* :mod:`.servers`: each server's published limits, as data keyed by host;
* :mod:`.http`: one polite client: retries with back-off, a rate limit, a disk cache;
* :mod:`.pxweb`: PxWeb API v1 and v2 metadata, queries split to the server's limit;
* :mod:`.kolada`: Kolada's v2 API, page by page;
* :mod:`.pull`: which indicators to fetch, one batch per source.
"""
