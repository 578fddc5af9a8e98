"""Benchmark: ``detect`` on every region × sector of the real Carbon Monitor province file.

    .venv/bin/python benchmarks/detect_real.py [--file PATH] [--db STORE] [--skip-cli] [--raw]

Ingests the file into a temporary store (or uses ``--db``), then prints a table of
per-series detection time (CPU seconds of this process, one BLAS thread) by sector, how many
series were refused and why, and the wall time of the whole command
``carbonnodes detect --all --json OUT`` run as a user would (fresh process, start-up and
peer comparison included). Target: the command under 60 s for 26 regions × 5 sectors.

It also prints how far the provinces agree. Carbon Monitor China gives every province the
national daily shape times a provincial share (data README). Ground Transport's and
Residential's shares change only on 1 January, so there a node no other province shows, on a
day that is no share step, cannot be a local event: it is a false node, whatever the
simulator says. Power, Industry and Aviation shares change every month and carry provincial
news month by month, so a node alone there may be local. Last, it counts the short
episodes that sit at a month's first day in Power and Industry: share steps described by
the wrong shape.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

from carbonnodes.calendar import events  # noqa: E402
from carbonnodes.detect import (  # noqa: E402
    Detection,
    compare_peers,
    construction_steps,
    detect,
)
from carbonnodes.errors import SeriesError  # noqa: E402
from carbonnodes.model import Node  # noqa: E402
from carbonnodes.series import (  # noqa: E402
    ingest_emissions,
    list_series,
    load_panel,
    load_series,
)
from carbonnodes.store import open_store  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_FILE = (
    REPO.parent / "shared" / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
)
TARGET_SECONDS = 60.0
#: Sectors whose provincial share changes only on 1 January (data README).
YEARLY_SHARE = ("ground_transport", "residential")
#: Sectors whose daily values are a provincial monthly total spread by the national shape.
MONTHLY_SHARE = ("industry", "power")
#: An episode this short (days) with an end this close (days) to a month's 1st.
SHORT_EPISODE = 14
MONTH_EDGE = 3


def _store(args: argparse.Namespace, folder: Path) -> str:
    if args.db:
        return str(args.db)
    path = folder / "bench.duckdb"
    with open_store(path) as store:
        ingest_emissions(store, [args.file])
    return str(path)


def _time_library(
    db: str, raw: bool
) -> tuple[dict[str, list[float]], Counter[str], dict[str, list[Detection]]]:
    """CPU seconds per series by sector, reasons for refused series, detections by sector.
    Each series is detected as the CLI does it: its yearly construction steps, measured over
    the sector's panel, divided out (``--raw``: not)."""
    seconds: dict[str, list[float]] = defaultdict(list)
    refused: Counter[str] = Counter()
    detections: dict[str, list[Detection]] = defaultdict(list)
    with open_store(db, read_only=True) as store:
        infos = [i for i in list_series(store) if i.frequency == "daily" and i.city != "china"]
        panels = {(i.sector, i.dataset): load_panel(store, i.sector, dataset=i.dataset)
                  for i in infos}
        for info in infos:
            series = load_series(store, info.city, info.sector, dataset=info.dataset)
            found = events(series.city, series.start, series.end, sector=series.sector,
                           dataset=info.dataset)
            began = time.process_time()
            try:
                steps = () if raw else construction_steps(
                    series, panels[(info.sector, info.dataset)], found)
                detections[info.sector].append(detect(series, found, construction=steps))
            except SeriesError as exc:
                refused[str(exc).split(": ", 1)[-1].split(" (")[0]] += 1
                continue
            finally:
                spent = time.process_time() - began
            seconds[info.sector].append(spent)
    return seconds, refused, detections


def _print_agreement(detections: dict[str, list[Detection]]) -> None:
    """Per sector: nodes most other provinces show, nodes more show than chance gives (partly
    shared), and nodes no other province shows, split by whether they fall on a share step
    (a data artefact) or not."""
    print(f"\n{'sector':<18}{'nodes':>7}{'shared':>8}{'partly':>8}{'alone':>7}{'on a step':>11}"
          f"{'elsewhere':>11}")
    false: list[Node] = []
    for sector in sorted(detections):
        panel = detections[sector]
        nodes = [n for d in panel for n in compare_peers(d, panel)]
        alone = [n for n in nodes if n.peers_same == 0]
        off_step = [n for n in alone if not any(e.startswith("artefact:") for e in n.explained_by)]
        if sector in YEARLY_SHARE:
            false += off_step
        on_step = len(alone) - len(off_step)
        shared = sum(n.reach == "shared" for n in nodes)
        partly = sum(n.reach == "partly_shared" for n in nodes)
        verdict = "cannot be local" if sector in YEARLY_SHARE else "may be local"
        print(f"{sector:<18}{len(nodes):>7}{shared:>8}{partly:>8}{len(alone):>7}{on_step:>11}"
              f"{len(off_step):>11}  {verdict}")
    print("shared: shown by at least half of the other provinces; partly: by fewer, but more "
          "than chance gives; alone: by none.\nWhere the share changes only on 1 January, a "
          "node alone off a share step cannot be local: count it as false.")
    for n in false:
        print(f"  false: {n.city} {n.sector} {n.date} {n.kind} {n.effect_pct:+.1f} "
              f"(confidence {n.confidence:.2f})")


def _near_month_start(day: dt.date) -> bool:
    following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return min(day.day - 1, (following - day).days) <= MONTH_EDGE


def _print_month_edge_episodes(detections: dict[str, list[Detection]]) -> None:
    """Short episodes that begin or end at a month's 1st in the monthly-share sectors.

    There each month's level is the province's own total and the days inside it follow the
    national shape, so a step on the 1st is the month's news; an episode of a few days
    beside it describes a share step by the wrong shape (docs/detect.md, step 8).
    """
    print(f"\n{'sector':<18}{'episodes':>9}{'short at a 1st':>16}")
    for sector in MONTHLY_SHARE:
        episodes = [n for d in detections.get(sector, []) for n in d.nodes if n.end is not None]
        edge = [
            n for n in episodes
            if n.end is not None
            and (n.end - n.date).days <= SHORT_EPISODE
            and (_near_month_start(n.date) or _near_month_start(n.end))
        ]
        print(f"{sector:<18}{len(episodes):>9}{len(edge):>16}")
        for n in sorted(edge, key=lambda n: -abs(n.effect_pct))[:3]:
            print(f"  e.g. {n.city} {n.date} to {n.end}: {n.effect_pct:+.1f} % "
                  f"(confidence {n.confidence:.2f})")
    print(f"short: at most {SHORT_EPISODE} days; at a 1st: starting or ending within "
          f"{MONTH_EDGE} days of one.")


def _time_cli(db: str, folder: Path) -> float:
    command = [str(REPO / ".venv" / "bin" / "carbonnodes"), "detect", "--all", "--db", db,
               "--json", str(folder / "all.json")]
    began = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description="detect on all real series")
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--db", type=Path, default=None, help="an already filled store")
    parser.add_argument("--skip-cli", action="store_true", help="library timing only")
    parser.add_argument("--raw", action="store_true",
                        help="detect without dividing out the yearly construction steps")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = _store(args, folder)
        seconds, refused, detections = _time_library(db, args.raw)
        nodes = sum(len(d.nodes) for panel in detections.values() for d in panel)
        everything = [s for values in seconds.values() for s in values]
        print(f"{'sector':<18}{'series':>7}{'median ms':>11}{'max ms':>9}{'total s':>9}")
        for sector in sorted(seconds):
            values = seconds[sector]
            print(f"{sector:<18}{len(values):>7}{1000 * statistics.median(values):>11.1f}"
                  f"{1000 * max(values):>9.1f}{sum(values):>9.2f}")
        print(f"{'all':<18}{len(everything):>7}{1000 * statistics.median(everything):>11.1f}"
              f"{1000 * max(everything):>9.1f}{sum(everything):>9.2f}")
        print(f"nodes found: {nodes}; refused series: {sum(refused.values())}")
        for reason, count in refused.most_common():
            print(f"  {count:>3} × {reason}")
        _print_agreement(detections)
        _print_month_edge_episodes(detections)
        if not args.skip_cli:
            wall = _time_cli(db, folder)
            verdict = "meets" if wall < TARGET_SECONDS else "misses"
            print(f"carbonnodes detect --all (wall, fresh process, peers included): {wall:.1f} s"
                  f" — {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
