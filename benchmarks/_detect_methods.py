"""The detectors benchmarks/detect.py compares, each wrapped to give dated predictions.

Anchors are called the way research note cpd-anchors §3.1 records, so its numbers can be
redone: ruptures at library defaults (``jump=5, min_size=2``) on the z-scored series with
``pen = 3 ln n``; missing days linearly interpolated first (ruptures and MSTL take no NaN);
MSTL (periods 7 and 365) on the log series, PELT on trend + remainder; Rbeast with a harmonic
season of one period, a fixed ``mcmc_seed`` (its default 0 means random), trend change points
reported when ``cpPr ≥ 0.5`` and all of them scored for calibration with ``cpPr`` as the
confidence. Season change points of Rbeast are not used: they mark the cycle, not a node.

A series with one value per calendar month (``benchmarks/detect.py --monthly``) is handed to
the anchors as a careful user would: its 48 monthly values (ruptures with ``jump=1``), MSTL
and Rbeast with a period of 12 months, each change point dated on its month's first day.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect import DEFAULT_FALSE_ALARM_RATE
from carbonnodes.model import Series
from carbonnodes.simulate import Prediction, predictions_from_nodes

Run = Callable[[Series], tuple[Prediction, ...]]
RBEAST_SEED = 4242


@dataclass(frozen=True)
class Method:
    """A detector under test; predictions below ``report_threshold`` count only for ECE."""

    key: str
    label: str
    run: Run
    report_threshold: float = 0.0
    anchor: bool = True
    typed: bool = False  # reports a node kind


def _filled(series: Series) -> NDArray[np.float64]:
    """Missing days linearly interpolated (ends carried), as a careful user would."""
    y = series.values
    ok = ~np.isnan(y)
    x = np.arange(y.shape[0])
    return np.interp(x, x[ok], y[ok])


def _months(series: Series) -> tuple[NDArray[np.float64], NDArray[np.int64]] | None:
    """The monthly values and each month's first day, if every month holds one value."""
    y = _filled(series)
    dates = np.datetime64(series.start, "D") + np.arange(y.size)
    months = dates.astype("datetime64[M]")
    first = np.flatnonzero(np.r_[True, months[1:] != months[:-1]]).astype(np.int64)
    ends = np.append(first[1:], y.size)
    if any(np.ptp(y[a:b]) > 1e-9 * abs(y[a]) for a, b in zip(first, ends, strict=True)):
        return None
    return y[first], first


def _z(y: NDArray[np.float64]) -> NDArray[np.float64]:
    sd = float(y.std())
    centred: NDArray[np.float64] = (y - y.mean()) / (sd if sd > 0 else 1.0)
    return centred


def _at(
    series: Series, indices: list[int], confidences: list[float] | None = None
) -> tuple[Prediction, ...]:
    if confidences is None:
        return tuple(Prediction(series.date_at(i)) for i in indices)
    return tuple(
        Prediction(series.date_at(i), confidence=c)
        for i, c in zip(indices, confidences, strict=True)
    )


def _ruptures(algorithm: str, deseasonalise: bool) -> Run:
    rpt = importlib.import_module("ruptures")
    mstl = importlib.import_module("statsmodels.tsa.seasonal").MSTL if deseasonalise else None

    def run(series: Series) -> tuple[Prediction, ...]:
        monthly = _months(series)
        y, days = (_filled(series), None) if monthly is None else monthly
        if mstl is not None:
            periods = (7, 365) if days is None else (12,)
            fit = mstl(np.log(y), periods=periods).fit()
            y = np.asarray(fit.trend + fit.resid, dtype=np.float64)
        signal = _z(y)
        # by month every month may start a change (the default jump=5 would allow one in five)
        options = {} if days is None else {"jump": 1}
        detector = getattr(rpt, algorithm)(model="l2", **options).fit(signal)
        breaks = [int(b) for b in detector.predict(pen=3 * math.log(len(signal)))[:-1]]
        return _at(series, breaks if days is None else [int(days[b]) for b in breaks])

    return run


def _rbeast(period: float) -> Run:
    rb = importlib.import_module("Rbeast")

    def run(series: Series) -> tuple[Prediction, ...]:
        monthly = _months(series)
        values, days = (series.values, None) if monthly is None else monthly
        out = rb.beast(
            values,
            start=0,
            season="harmonic",
            period=period if days is None else 12.0,
            mcmc_seed=RBEAST_SEED,
            quiet=True,
            print_progress=False,
            print_options=False,
            print_warning=False,
        )
        cps = np.asarray(out.trend.cp, dtype=np.float64).ravel()
        probs = np.asarray(out.trend.cpPr, dtype=np.float64).ravel()
        keep = ~np.isnan(cps) & ~np.isnan(probs)
        indices = [int(round(c)) for c in cps[keep]]
        inside = [i for i, c in enumerate(indices) if 0 < c < len(values)]
        return _at(
            series,
            [indices[i] if days is None else int(days[indices[i]]) for i in inside],
            [float(np.clip(probs[keep][i], 0.0, 1.0)) for i in inside],
        )

    return run


def _carbonnodes(rate: float) -> Run:
    stage = importlib.import_module("carbonnodes.detect")

    def run(series: Series) -> tuple[Prediction, ...]:
        # the calendar is part of carbonnodes' work, so it is built inside the timed call
        events = stage.simulated_calendar(series)
        found = stage.detect(series, events, false_alarm_rate=rate, seed=0)
        return predictions_from_nodes(found.nodes)

    return run


#: (key, label, factory, report threshold, anchor); each factory takes carbonnodes' knob,
#: which the anchors, tuned the way a careful user would, do not read.
_FACTORIES: tuple[tuple[str, str, Callable[[float], Run], float, bool], ...] = (
    ("carbonnodes", "carbonnodes detect", _carbonnodes, 0.0, False),
    ("pelt", "ruptures PELT l2 (raw)", lambda _: _ruptures("Pelt", False), 0.0, True),
    ("binseg", "ruptures Binseg l2 (raw)", lambda _: _ruptures("Binseg", False), 0.0, True),
    ("pelt_mstl", "ruptures PELT l2 after MSTL", lambda _: _ruptures("Pelt", True), 0.0, True),
    ("beast_year", "Rbeast period 365.25", lambda _: _rbeast(365.25), 0.5, True),
    ("beast_week", "Rbeast period 7", lambda _: _rbeast(7.0), 0.5, True),
)

METHOD_KEYS: tuple[str, ...] = tuple(key for key, *_ in _FACTORIES)


def available_methods(
    keys: list[str], rate: float = DEFAULT_FALSE_ALARM_RATE
) -> tuple[list[Method], list[str]]:
    """The requested methods that import here (carbonnodes searching at the knob's
    ``rate``), and a note for each that does not."""
    methods, notes = [], []
    for key, label, factory, threshold, anchor in _FACTORIES:
        if key not in keys:
            continue
        if not anchor and rate != DEFAULT_FALSE_ALARM_RATE:
            label = f"{label} at {rate:g}"
        try:
            methods.append(Method(key, label, factory(rate), threshold, anchor, typed=not anchor))
        except (ImportError, AttributeError) as exc:
            notes.append(f"{label}: not available ({exc})")
    return methods, notes

