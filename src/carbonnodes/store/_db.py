"""Opening the store, its schema and its one way to write: a transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import duckdb

from carbonnodes.errors import StoreError

DEFAULT_DB = "carbonnodes.duckdb"
SCHEMA_VERSION = 1


class Store:
    """A DuckDB connection with the project's schema applied."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:
        self.con = con
        self.path = path

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing writes: commit on success, roll back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _schema_sql() -> str:
    return resources.files("carbonnodes.store").joinpath("schema.sql").read_text(encoding="utf-8")


def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> Store:
    """Open (or create) the store file and make sure its schema is current."""
    path = str(path)
    if read_only and path != ":memory:" and not Path(path).exists():
        raise StoreError(f"{path}: no store here yet; run 'carbonnodes ingest emissions' first")
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from exc
    if not read_only:
        con.execute(_schema_sql())
        con.execute(
            "INSERT INTO meta SELECT 'schema_version', ? WHERE NOT EXISTS "
            "(SELECT 1 FROM meta WHERE key = 'schema_version')",
            [str(SCHEMA_VERSION)],
        )
    return Store(con, path)
