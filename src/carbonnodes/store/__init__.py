"""The embedded DuckDB store: one file holds emissions, provenance, corpus and results.

Only this package (and the CLI/web edges that open it) touch DuckDB. Every write runs inside
:meth:`Store.transaction`, so a failed ingest leaves the file exactly as it was.
"""

from __future__ import annotations

from carbonnodes.store._db import DEFAULT_DB, Store, open_store

__all__ = ["DEFAULT_DB", "Store", "open_store"]
