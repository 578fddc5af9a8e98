"""The detect stage: key nodes of a daily series, typed, dated, sized, with calibrated confidence.

``detect(series, events)`` fits a robust model of the ordinary (weekly and yearly cycles,
Spring Festival, holidays, 调休, heating season, data-construction steps) on log values, searches
what it leaves for level shifts, anomalies, trend changes and weekly-cycle changes at a chosen
false-alarm rate, and reports each as a :class:`~carbonnodes.model.Node` with the calendar
events it coincides with; a daily node with none, a policy candidate, only where its
confidence reaches ``MIN_CONFIDENCE``. Effects are percent against the counterfactual,
percentage points of the level for the weekly swing of ``seasonal`` nodes, and percent of the
typical level where the counterfactual is near zero (see ``_effects``). ``compare_peers``
says whether other regions show the same node; ``relative_to`` builds the ratio series that
finds local nodes; ``construction_steps`` measures a dataset's yearly share steps in a
region's share of the regions' sum, where they are exact, and ``detect(...,
construction=steps)`` divides them out before detection. ``simulated_calendar`` is the
calendar the calibration hands simulated series, for benchmarks to hand the same.
"""

from __future__ import annotations

from carbonnodes.detect._calibration import DEFAULT_FALSE_ALARM_RATE
from carbonnodes.detect._construction import ConstructionStep, construction_steps
from carbonnodes.detect._detection import Detection
from carbonnodes.detect._detector import CalendarAwareDetector, Detector, detect
from carbonnodes.detect._node_confidence import MIN_CONFIDENCE
from carbonnodes.detect._peers import RATIO_UNIT, compare_peers, relative_to
from carbonnodes.detect._simulated import simulated_calendar
from carbonnodes.detect._validate import MAX_MISSING_SHARE, MIN_DAYS

__all__ = [
    "DEFAULT_FALSE_ALARM_RATE",
    "CalendarAwareDetector",
    "ConstructionStep",
    "Detection",
    "Detector",
    "MAX_MISSING_SHARE",
    "MIN_CONFIDENCE",
    "MIN_DAYS",
    "RATIO_UNIT",
    "compare_peers",
    "construction_steps",
    "detect",
    "relative_to",
    "simulated_calendar",
]
