"""Benchmark: ingest the 190k-row Carbon Monitor file into a fresh store, several times.

Prints the median and fastest wall time, and the peak memory (measured in a fresh process),
of ``ingest_emissions`` — which also checks every cell, records provenance and hashes each
series — beside a reference that only loads the file: ``pandas.read_csv`` and one DuckDB
insert. Target: under 5 s.

    .venv/bin/python benchmarks/ingest.py [--runs 5] [--file PATH]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd

from carbonnodes.series import ingest_emissions
from carbonnodes.store import open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CARBONNODES_SHARED", REPO.parent / "shared"))
DEFAULT_FILE = SHARED / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"


def carbonnodes_ingest(path: Path, db: Path) -> int:
    with open_store(db) as store:
        (result,) = ingest_emissions(store, [path])
        return result.rows


def pandas_duckdb_reference(path: Path, db: Path) -> int:
    frame = pd.read_csv(path)
    con = duckdb.connect(str(db))
    con.register("frame", frame)
    con.execute("CREATE TABLE emissions AS SELECT * FROM frame")
    rows = con.execute("SELECT count(*) FROM emissions").fetchone()
    con.close()
    return int(rows[0]) if rows else 0


def timed(load: Callable[[Path, Path], int], path: Path, runs: int) -> list[float]:
    """Wall times of ``runs`` loads, each into a fresh store file."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            start = time.perf_counter()
            assert load(path, Path(folder) / f"run{run}.duckdb") > 0
            times.append(time.perf_counter() - start)
    return times


def _high_water_mib() -> float:
    """This process's peak resident memory; VmHWM (Linux) is reset by exec, ru_maxrss is not."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def peak_rss(name: str, path: Path) -> tuple[float, float]:
    """Peak resident memory (MiB) of a fresh process doing one load: total, and above imports."""
    with tempfile.TemporaryDirectory() as folder:
        before = _high_water_mib()
        METHODS[name](path, Path(folder) / "rss.duckdb")
        after = _high_water_mib()
    return after, after - before


METHODS: dict[str, Callable[[Path, Path], int]] = {
    "carbonnodes ingest_emissions": carbonnodes_ingest,
    "pandas.read_csv + duckdb insert": pandas_duckdb_reference,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    rows = sum(1 for _ in args.file.open(encoding="utf-8")) - 1
    print(f"file: {args.file.name} ({rows:,} rows, {args.file.stat().st_size / 2**20:.1f} MiB), "
          f"{args.runs} runs each, fresh store per run")
    print(f"{'method':<34}{'median s':>10}{'min s':>8}{'rows/s':>11}{'peak RSS MiB':>14}"
          f"{'(above imports)':>17}")
    spawn = multiprocessing.get_context("spawn")
    for name, load in METHODS.items():
        times = timed(load, args.file, args.runs)
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
            total, extra = pool.submit(peak_rss, name, args.file).result()
        median = statistics.median(times)
        print(f"{name:<34}{median:>10.2f}{min(times):>8.2f}{rows / median:>11,.0f}"
              f"{total:>14.0f}{extra:>17.0f}")
    print("target: carbonnodes median under 5 s (validation included)")


if __name__ == "__main__":
    main()
