"""The calendar a simulated series is handed over with.

One statement for the calibration (``_calibrate``, ``_fit_confidence``) and the benchmarks,
so that the detector is measured against the calendar it was fitted with.
"""

from __future__ import annotations

from carbonnodes.calendar import events
from carbonnodes.model import Event, Series

#: Every simulated series is handed over as Carbon Monitor China data, as real input is, so
#: the detector may expect its construction steps; only the simulator's
#: ``construction_steps`` family has them, and the detector is not told the family.
SIMULATED_DATASET = "carbon_monitor"


def simulated_calendar(series: Series) -> list[Event]:
    """The series' city calendar and its dataset's construction steps, without the dataset's
    year-long conditions: the simulator plants changes in Residential, where Carbon Monitor's
    is the national temperature-driven shape, which could hold none."""
    return events(series.city, series.start, series.end, sector=series.sector,
                  dataset=SIMULATED_DATASET, conditions=False)
