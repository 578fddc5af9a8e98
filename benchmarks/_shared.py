"""What the benchmark scripts share: where ../shared lives, the full corpus, a stopwatch."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SHARED = Path(
    os.environ.get("CARBONNODES_SHARED", Path(__file__).resolve().parents[2] / "shared")
).resolve()
DCP_FULL = SHARED / "data" / "policies" / "dcp_full.jsonl"


def timed(work: Callable[[], T]) -> tuple[T, float]:
    """``work()`` and the seconds it took, so each step is timed the same way."""
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start
