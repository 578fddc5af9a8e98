"""Web load benchmark: page and API latency of ``carbonnodes serve`` on the full shared data.

    .venv/bin/python benchmarks/web_load.py                     # builds the full store in /tmp
    .venv/bin/python benchmarks/web_load.py --db carbonnodes.duckdb --requests 300

Builds (unless --db is given) a store with all 26 regions x 5 sectors of the Carbon Monitor
daily file and the 504 documents of dcp_full.jsonl, starts the server on a free 127.0.0.1
port, warms the cache by explaining every region of one sector (the detections of the whole
sector are shared as peers), then sends a bounded number of sequential requests (--requests,
at most --seconds) round-robin over pages and API endpoints and prints median and p95 per
endpoint. Loopback only; the loop stops by itself.
"""

from __future__ import annotations

import argparse
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from _shared import DCP_FULL, SHARED
from carbonnodes.corpus import ingest_policies
from carbonnodes.index import open_index
from carbonnodes.series import ingest_emissions, list_series
from carbonnodes.store import open_store

EMISSIONS = SHARED / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
QUERIES = ("新能源汽车", "碳达峰", "光伏发电", "公共交通", "清洁取暖", "钢铁产能",
           "electric vehicles")
DOCUMENTS = ("dcp-001", "dcp-063", "dcp-181", "dcp-280")

Request = tuple[str, dict[str, str | int]]


def build_store(folder: Path) -> Path:
    db = folder / "full.duckdb"
    started = time.perf_counter()
    with open_store(db) as store:
        ingest_emissions(store, [EMISSIONS])
        ingest_policies(store, [DCP_FULL])
        open_index(store)  # cached in the store, as the CLI's first search leaves it
        series = len(list_series(store))
    print(f"store: {series} series, corpus {DCP_FULL.name}, built in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return db


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [str(Path(sys.executable).with_name("carbonnodes")), "serve", "--db", str(db),
               "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(client: httpx.Client, process: subprocess.Popen[bytes], limit: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise SystemExit("the server exited before answering")
        try:
            if client.get("/api/regions").status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer in time")


def workload(regions: list[str], sector: str) -> Iterator[tuple[str, Request]]:
    """Endpoint name and request, round-robin over pages and API, cycling the parameters."""
    region = itertools.cycle(regions)
    query = itertools.cycle(QUERIES)
    doc = itertools.cycle(DOCUMENTS)
    node = itertools.cycle((1, 2, 3))

    def series() -> dict[str, str | int]:
        return {"region": next(region), "sector": sector}

    makers: list[tuple[str, Callable[[], Request]]] = [
        ("page /", lambda: ("/", {})),
        ("page /series", lambda: ("/series", series())),
        ("page /series?node", lambda: ("/series", {**series(), "node": next(node)})),
        ("page /search", lambda: ("/search", {"q": next(query), "k": 10})),
        ("page /document", lambda: (f"/document/{next(doc)}", {})),
        ("page /documents", lambda: ("/documents", {})),
        ("page /runs", lambda: ("/runs", {})),
        ("api regions", lambda: ("/api/regions", {})),
        ("api series", lambda: ("/api/series", {})),
        ("api series/values", lambda: ("/api/series/values", series())),
        ("api nodes", lambda: ("/api/nodes", series())),
        ("api explanations", lambda: ("/api/explanations", series())),
        ("api search", lambda: ("/api/search", {"q": next(query), "k": 10})),
        ("api documents/{id}", lambda: (f"/api/documents/{next(doc)}", {})),
        ("api download csv", lambda: ("/api/download/explanations.csv", series())),
    ]
    for name, make in itertools.cycle(makers):
        yield name, make()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="An existing store (default: build one).")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--sector", default="ground_transport")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cn-web-load-") as tmp:
        db = args.db or build_store(Path(tmp))
        port = free_port()
        process = start(db, port)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=900.0) as client:
                run(client, process, args.sector, args.requests, args.seconds)
        finally:
            process.terminate()
            process.wait(timeout=20)


def run(client: httpx.Client, process: subprocess.Popen[bytes], sector: str, total: int,
        seconds: float) -> None:
    ready = wait_ready(client, process, 180.0)
    regions = [r["key"] for r in client.get("/api/regions").json()
               if sector in r["sectors"]]
    started = time.perf_counter()
    client.get("/api/explanations", params={"region": regions[0], "sector": sector})
    first_s = time.perf_counter() - started
    for key in regions[1:]:
        client.get("/api/explanations", params={"region": key, "sector": sector})
    warm_s = time.perf_counter() - started
    for path in ("/", "/documents", "/runs", "/search"):  # compile each page template once
        client.get(path)
    print(f"server ready in {ready:.1f} s; first series explained in {first_s:.1f} s; "
          f"{len(regions)} regions of {sector} warmed in {warm_s:.1f} s", file=sys.stderr)

    times: dict[str, list[float]] = {}
    statuses: dict[str, dict[int, int]] = {}
    deadline = time.perf_counter() + seconds
    sent = 0
    for name, (path, params) in workload(regions, sector):
        if sent >= total or time.perf_counter() >= deadline:
            break
        tick = time.perf_counter()
        response = client.get(path, params=params)
        times.setdefault(name, []).append((time.perf_counter() - tick) * 1000)
        counts = statuses.setdefault(name, {})
        counts[response.status_code] = counts.get(response.status_code, 0) + 1
        sent += 1
    report(times, statuses, sent)


def report(times: dict[str, list[float]], statuses: dict[str, dict[int, int]],
           sent: int) -> None:
    print(f"{'endpoint':<22}{'n':>5}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}  status")
    for name, values in times.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        codes = ",".join(f"{c}x{n}" for c, n in sorted(statuses[name].items()))
        print(f"{name:<22}{len(values):>5}{statistics.median(values):>11.1f}{p95:>9.1f}"
              f"{ordered[-1]:>9.1f}  {codes}")
    every = sorted(v for values in times.values() for v in values)
    print(f"{'all':<22}{sent:>5}{statistics.median(every):>11.1f}"
          f"{every[min(len(every) - 1, round(0.95 * (len(every) - 1)))]:>9.1f}{every[-1]:>9.1f}")
    if any(code >= 500 for counts in statuses.values() for code in counts):
        raise SystemExit("server errors during the load run")


if __name__ == "__main__":
    main()
