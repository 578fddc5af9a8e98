"""The monthly tables of ``calibration.json`` (key ``monthly``), refitted by ``_calibrate``.

The same fits as for daily series, on simulated series averaged by month
(``simulate_series(..., by_month=True)``), the way Carbon Monitor builds its monthly
provincial series. Here: each family's largest z² on series without change, and the seeds
and count of the other such series on which ``_calibrate`` counts the false nodes of the
whole monthly detector (for the knob's scale). The confidence map comes from
``_fit_confidence`` with ``monthly=True``.
"""

from __future__ import annotations

import sys
from typing import Any

from carbonnodes.detect._budget_fit import null_table
from carbonnodes.detect._monthly import MonthSearch
from carbonnodes.detect._months import month_grid
from carbonnodes.detect._scores import Family
from carbonnodes.detect._simulated import simulated_calendar
from carbonnodes.simulate import SECTORS, simulate_series

#: Series per sector and length behind the null tables: a monthly fit is cheap, and the
#: rarest tail (0.002) wants a few hundred maxima.
NULL_DRAWS = 150
NULL_SEED = 40_000_000
#: Series without change per sector on which the knob's scale is fitted, and their seeds.
KNOB_SERIES = 150
KNOB_SEED = 50_000


def null_thresholds(sizes: tuple[int, ...], tails: tuple[float, ...]) -> dict[str, Any]:
    """Tail quantiles of each family's largest z² on monthly series without change."""
    per_size: list[dict[Family, list[float]]] = []
    for n in sizes:
        maxima: dict[Family, list[float]] = {}
        for k, sector in enumerate(SECTORS):
            for i in range(NULL_DRAWS):
                series, _ = simulate_series(
                    "no_change", NULL_SEED + 1000 * k + i, n_days=n, sector=sector, by_month=True
                )
                grid = month_grid(series)
                if grid is None:
                    raise RuntimeError(f"{series.source}: not one value per month")
                search = MonthSearch.of(grid, series, simulated_calendar(series))
                for f, z2 in search.first_maxima().items():
                    maxima.setdefault(f, []).append(z2)
        per_size.append(maxima)
        print(f"  monthly null thresholds: {n} days done", file=sys.stderr)
    return null_table(per_size, sizes, tails, NULL_DRAWS * len(SECTORS))

