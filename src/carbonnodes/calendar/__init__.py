"""The calendar stage: known non-policy drivers of emissions, as dated events with a scope.

Statutory holidays and 调休 make-up workdays, Spring Festival, heating seasons, COVID-19
events and the data-construction artefacts of the provincial series. All of it lives in
``data/*.csv`` with a source on every row; ``_build`` regenerates the holiday files from the
``chinesecalendar`` and ``holidays`` packages, so run time depends on neither.
"""

from __future__ import annotations

from carbonnodes.calendar._artefacts import artefact_datasets, artefacts_by_sector
from carbonnodes.calendar._days import DayType, day_types, spring_festival
from carbonnodes.calendar._events import events, kind_label
from carbonnodes.calendar._explains import (
    TEMPERATURE_SHAPE,
    ZERO_ARTEFACT,
    as_reference_step,
    condition,
    explains,
    local_action,
    local_possible,
    provincial_share,
    region_can_differ,
    share_step,
    widened,
)
from carbonnodes.calendar._tables import SpringFestival

__all__ = [
    "TEMPERATURE_SHAPE",
    "ZERO_ARTEFACT",
    "DayType",
    "SpringFestival",
    "artefact_datasets",
    "artefacts_by_sector",
    "as_reference_step",
    "condition",
    "explains",
    "day_types",
    "events",
    "kind_label",
    "local_action",
    "local_possible",
    "provincial_share",
    "region_can_differ",
    "share_step",
    "spring_festival",
    "widened",
]
