"""Fixtures of the series tests: real Tianjin rows, a store holding the shared files, snapshots."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from carbonnodes.series import ingest_emissions
from carbonnodes.store import Store, open_store

Row = tuple[str, str, str, str]
Snapshot = dict[str, list[tuple[object, ...]]]
TABLES = ("ingests", "emission_series", "emission_values")


@pytest.fixture(scope="session")
def emissions_dir(shared: Path) -> Path:
    return shared / "data" / "emissions"


@pytest.fixture(scope="session")
def tianjin_rows(emissions_dir: Path) -> list[Row]:
    """Real rows (date, state, sector, value) of Tianjin Power and Ground Transport, Q1 2020."""
    rows: list[Row] = []
    with open(emissions_dir / "cm_china_province_daily_2019_2022.csv", encoding="utf-8") as f:
        for date, state, sector, value in csv.reader(f):
            if (
                state == "Tianjin"
                and sector in ("Power", "Ground Transport")
                and "2020-01-01" <= date <= "2020-03-31"
            ):
                rows.append((date, state, sector, value))
    assert len(rows) == 2 * 91
    return rows


@pytest.fixture(scope="session")
def shared_store(
    tmp_path_factory: pytest.TempPathFactory, emissions_dir: Path
) -> Iterator[Store]:
    """One store with all three shared emission files, ingested once for the session."""
    store = open_store(tmp_path_factory.mktemp("shared_store") / "shared.duckdb")
    ingest_emissions(store, sorted(emissions_dir.glob("*.csv")))
    yield store
    store.close()


def snapshot_of(store: Store) -> Snapshot:
    """Every row of the series tables, to compare a store before and after."""
    return {
        table: store.con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
        for table in TABLES
    }


@pytest.fixture
def snapshot() -> Callable[[Store], Snapshot]:
    return snapshot_of


@pytest.fixture
def write_rows(tmp_path: Path) -> Callable[..., Path]:
    """Write a header and rows as a CSV file in tmp_path (UTF-8 unless told)."""

    def write(
        name: str,
        header: str,
        rows: list[tuple[str, ...]] | list[Row],
        *,
        encoding: str = "utf-8",
        newline: str = "\n",
    ) -> Path:
        path = tmp_path / name
        text = newline.join([header, *(",".join(row) for row in rows)]) + newline
        path.write_bytes(text.encode(encoding))
        return path

    return write
