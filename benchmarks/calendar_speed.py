"""Calendar speed: what the detector pays per call, cold (first parse) and warm (cached).

The detector asks for the events and day types of a 4-year range for every series of a
panel, so both must stay far below a millisecond once the CSVs are parsed.
Run: ``.venv/bin/python benchmarks/calendar_speed.py``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from rich.console import Console
from rich.table import Table

from carbonnodes.calendar import day_types, events

START, END = dt.date(2019, 1, 1), dt.date(2022, 12, 31)
REPEATS = 200


def _timed(call: Callable[[], object], repeats: int) -> float:
    """Mean seconds per call."""
    began = time.perf_counter()
    for _ in range(repeats):
        call()
    return (time.perf_counter() - began) / repeats


def main() -> None:
    cases: list[tuple[str, Callable[[], object]]] = [
        ("events 天津 2019–2022 (all)", lambda: events("天津", START, END)),
        (
            "events 天津 2019–2022 power + carbon_monitor",
            lambda: events("天津", START, END, sector="power", dataset="carbon_monitor"),
        ),
        ("day_types 2019–2022", lambda: day_types(START, END)),
    ]
    table = Table(title="carbonnodes.calendar timings")
    for column in ("call", "cold (ms)", "warm (µs/call)", "result size"):
        table.add_column(column, justify="left" if column == "call" else "right")
    for label, call in cases:
        cold = _timed(call, 1)
        warm = _timed(call, REPEATS)
        result = call()
        size = len(result) if hasattr(result, "__len__") else 0
        table.add_row(label, f"{cold * 1e3:.1f}", f"{warm * 1e6:.0f}", str(size))
    Console().print(table)


if __name__ == "__main__":
    main()
