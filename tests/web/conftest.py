"""A running server over a small real store: three regions' emissions and a real corpus.

The store is filled once per session from ../shared (a filtered copy of the emissions CSV
and the seed documents, dcp_docs.jsonl and one draft/final pair of dcp_full.jsonl, all
written to a temporary folder), then ``carbonnodes serve`` runs on a free loopback port.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from carbonnodes.corpus import ingest_policies
from carbonnodes.index import open_index
from carbonnodes.series import ingest_emissions
from carbonnodes.store import open_store

REGIONS = ("Tianjin", "Beijing", "Shandong")
#: A draft (征求意见稿) and its final version, so the document page has differences to show.
FAMILY = ("dcp-181", "dcp-280")
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Server:
    url: str
    db: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str, **params: object) -> httpx.Response:
        return httpx.get(self.url + path, params=params, timeout=60.0)  # type: ignore[arg-type]


def _emissions(shared: Path, folder: Path) -> Path:
    source = shared / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
    target = folder / "cm_three_regions_daily_2019_2022.csv"
    with source.open(encoding="utf-8") as rows, target.open("w", encoding="utf-8") as out:
        out.write(next(rows))
        out.writelines(line for line in rows if line.split(",", 2)[1] in REGIONS)
    return target


def _corpus(shared: Path, folder: Path) -> list[Path]:
    policies = shared / "data" / "policies"
    target = folder / "dcp_small.jsonl"
    lines = (policies / "dcp_docs.jsonl").read_text(encoding="utf-8").splitlines()
    known = {json.loads(line)["id"] for line in lines}
    for line in (policies / "dcp_full.jsonl").read_text(encoding="utf-8").splitlines():
        if json.loads(line)["id"] in FAMILY and json.loads(line)["id"] not in known:
            lines.append(line)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seeds = sorted((shared / "seeds").glob("*.txt"))
    return [target, *seeds]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, log: Path) -> Server:
    """``carbonnodes serve`` on a free loopback port, once it answers."""
    port = _free_port()
    command = [str(Path(sys.executable).with_name("carbonnodes")), "serve", "--db", str(db),
               "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", db, process)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(encoding='utf-8')}")
        try:
            if server.get("/api/regions").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("server did not answer in time")


@pytest.fixture(scope="session")
def web_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    db = folder / "web.duckdb"
    with open_store(db) as store:
        ingest_emissions(store, [_emissions(shared, folder)])
        ingest_policies(store, _corpus(shared, folder))
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
