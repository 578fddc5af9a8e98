"""The detector: a template whose public method validates, and the calendar-aware implementation.

``Detector.run`` is final: every implementation gets the same input checks (see
:mod:`._validate`) and the same event filtering, then its own ``_detect``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import replace
from typing import final

import numpy as np

from carbonnodes.calendar import condition
from carbonnodes.detect._calibration import (
    DEFAULT_FALSE_ALARM_RATE,
    family_thresholds,
    known_date_threshold,
    single_test_threshold,
)
from carbonnodes.detect._construction import ConstructionStep, divided_out
from carbonnodes.detect._design import build_design
from carbonnodes.detect._detection import Detection
from carbonnodes.detect._effects import EffectScale
from carbonnodes.detect._model import fit_model
from carbonnodes.detect._monthly import monthly_detection
from carbonnodes.detect._months import month_grid, monthly_totals
from carbonnodes.detect._node_confidence import MIN_CONFIDENCE
from carbonnodes.detect._nodes import change_nodes, reported
from carbonnodes.detect._peers import RATIO_UNIT
from carbonnodes.detect._search import KnownSteps
from carbonnodes.detect._validate import validate
from carbonnodes.errors import InputError
from carbonnodes.model import Event, Series


class Detector(ABC):
    """Template method: ``run`` checks the series, keeps the events of its sector, detects."""

    @final
    def run(self, series: Series, events: Sequence[Event]) -> Detection:
        validate(series)
        return self._detect(series, _relevant(series, events))

    @abstractmethod
    def _detect(self, series: Series, events: Sequence[Event]) -> Detection:
        """Detect on a series that passed validation."""


def _relevant(series: Series, events: Sequence[Event]) -> list[Event]:
    """The events of the series' sector. A ratio to other regions (``relative_to``) has what
    the regions share divided out, so a year-long condition of their data (Residential's
    temperature-driven shape) explains none of its nodes."""
    ratio = series.unit == RATIO_UNIT
    return [e for e in events
            if (not e.sectors or series.sector in e.sectors) and not (ratio and condition(e))]


def _shaping(series: Series, events: Sequence[Event]) -> Sequence[Event]:
    """The events that shape the ordinary model. A ratio to other regions (``relative_to``)
    has the calendar the regions share divided out: festival, holiday and heating columns
    would only fit its steps, so only data-construction days remain."""
    if series.unit != RATIO_UNIT:
        return events
    return [e for e in events if e.kind == "data_artefact"]


class CalendarAwareDetector(Detector):
    """Robust ordinary model on log values + greedy change search with calibrated thresholds.

    A series with one value per calendar month is detected month by month (``_monthly``).

    ``false_alarm_rate`` is the one sensitivity knob: the expected number of nodes that noise
    alone produces per series-year. ``min_confidence``: a node with no calendar or data
    cause is reported only this likely real (``_node_confidence``; calibration sets it
    to 0 to see every candidate). ``by_sector``: a daily series of a sector quieter than
    the others is judged by lower thresholds (``_calibration.SECTOR_WEIGHT``; calibration
    turns it off to fit the knob). ``seed`` is recorded in the settings; the method itself
    draws no random numbers, so equal input gives equal output.
    """

    def __init__(
        self,
        *,
        false_alarm_rate: float = DEFAULT_FALSE_ALARM_RATE,
        seed: int = 0,
        min_confidence: float = MIN_CONFIDENCE,
        by_sector: bool = True,
    ):
        if not 0.0 < false_alarm_rate < 1.0:
            raise InputError(
                f"false-alarm rate must lie between 0 and 1, not {false_alarm_rate}",
                field="false_alarm_rate",
            )
        self.false_alarm_rate = false_alarm_rate
        self.seed = seed
        self.min_confidence = min_confidence
        self.by_sector = by_sector

    def _detect(self, series: Series, events: Sequence[Event]) -> Detection:
        settings: dict[str, float | int | str] = {
            "false_alarm_rate": self.false_alarm_rate,
            "seed": self.seed,
        }
        grid = month_grid(series) or monthly_totals(series)
        if grid is not None:
            settings["resolution"] = "month"
            return monthly_detection(series, grid, _shaping(series, events), events, settings,
                                     min_confidence=self.min_confidence)
        settings["resolution"] = "day"
        n = len(series)
        values = np.asarray(series.values, dtype=np.float64)
        obs = np.isfinite(values) & (values > 0)
        y = np.log(np.where(obs, values, 1.0))
        design = build_design(series.start, n, _shaping(series, events))
        sector = series.sector if self.by_sector else ""
        thresholds = family_thresholds(n, self.false_alarm_rate, sector=sector)
        days = design.artefact_days
        on_known_days = known_date_threshold(self.false_alarm_rate, n, days.size)
        known = KnownSteps(days=days, threshold=min(thresholds["step"], on_known_days))
        single = single_test_threshold(self.false_alarm_rate, n)
        fit = fit_model(design, y, obs, thresholds, known, min_t2=single)
        scale = EffectScale.of(values, fit.ordinary, fit.weekly)
        candidates = change_nodes(series, fit.components, events, scale, min_t2=single,
                                  false_alarm_rate=self.false_alarm_rate)
        return Detection(
            series=series,
            nodes=reported(candidates, self.min_confidence),
            ordinary=np.exp(fit.ordinary),
            fitted=np.exp(fit.fitted),
            noise_sd=fit.noise.sigma,
            noise_long_run=fit.noise.long_run,
            settings=settings,
            candidates=tuple(candidates),
        )


def detect(
    series: Series,
    events: Sequence[Event],
    *,
    false_alarm_rate: float = DEFAULT_FALSE_ALARM_RATE,
    seed: int = 0,
    construction: Sequence[ConstructionStep] = (),
) -> Detection:
    """Key nodes of ``series`` given the calendar ``events`` that touch it.

    ``construction``: the series' yearly data-construction steps (``construction_steps``),
    divided out before detection, so that a region built as the national curve times a
    yearly share is detected as that curve (26 provinces' transport then share every node);
    the curves are put back on the series' own scale. The steps' artefact events go with
    them: a day whose step is gone gets no lower bar and names no node (kept, Tianjin's
    transport got a +11.2 % level shift on 1 January 2021 named as its +0.57 % share step).
    """
    detector = CalendarAwareDetector(false_alarm_rate=false_alarm_rate, seed=seed)
    if not construction:
        return detector.run(series, events)
    adjusted, factor = divided_out(series, construction)
    divided = {step.event for step in construction}
    found = detector.run(adjusted, [e for e in events if e.id not in divided])
    settings = {**found.settings, "construction_steps": len(construction)}
    return replace(found, series=series, ordinary=found.ordinary * factor,
                   fitted=found.fitted * factor, settings=settings)
