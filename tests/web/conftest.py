"""A running server over a small real store: three regions' emissions and a real corpus.

The store is filled once per session from ../shared (the emissions CSV filtered to three
regions and written to a temporary folder; dcp_docs.jsonl and the seed documents as they
are), then ``carbonnodes serve`` runs on a free loopback port.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from _webserver import Server, start_server

from carbonnodes.corpus import ingest_policies
from carbonnodes.index import open_index
from carbonnodes.series import ingest_emissions
from carbonnodes.store import open_store

REGIONS = ("Tianjin", "Beijing", "Shandong")


def _emissions(shared: Path, folder: Path) -> Path:
    source = shared / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
    target = folder / "cm_three_regions_daily_2019_2022.csv"
    with source.open(encoding="utf-8") as rows, target.open("w", encoding="utf-8") as out:
        out.write(next(rows))
        out.writelines(line for line in rows if line.split(",", 2)[1] in REGIONS)
    return target


def _corpus(shared: Path) -> list[Path]:
    """dcp_docs.jsonl and the seed texts (two of which are a draft and its final)."""
    seeds = sorted((shared / "seeds").glob("*.txt"))
    return [shared / "data" / "policies" / "dcp_docs.jsonl", *seeds]


@pytest.fixture(scope="session")
def web_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    db = folder / "web.duckdb"
    with open_store(db) as store:
        ingest_emissions(store, [_emissions(shared, folder)])
        ingest_policies(store, _corpus(shared))
        open_index(store)  # builds and caches the index while the store is writable
    return db


@pytest.fixture(scope="session")
def server(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(web_db, tmp_path_factory.mktemp("log") / "server.log")
    yield running
    running.process.terminate()
    try:
        running.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        running.process.kill()
