"""Fitting the confidence maps on labelled simulated series (used by ``_calibrate``).

The simulator and its scorer decide what is a hit; this module only runs the detector with
every candidate reported (no confidence floor), hands each node to the scorer with its list
position in the confidence slot (so the scorer's verdicts can be traced back to the node),
and fits the node model (``_node_confidence``), and beside it how much the map's effect
intervals are widened (``_fit_intervals``) from the true effects of the hits of the true
kind. The map being fitted is neutral meanwhile (``_calibrate``): the nodes carry the
model's own intervals, which the widening starts from; the node model is fitted on the
widened ones, as nodes report them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import numpy as np

from carbonnodes.detect._calibration import (
    DEFAULT_FALSE_ALARM_RATE,
    SHORT_MAP_DAYS,
    Resolution,
    at_knob,
    mapped_confidence,
    searched_rate,
)
from carbonnodes.detect._detector import CalendarAwareDetector
from carbonnodes.detect._effects import Z90, coefficient_of, drawn_interval, true_coefficient
from carbonnodes.detect._fit_intervals import NONE, fit_widenings, widened_se
from carbonnodes.detect._knob_confidence import KNOB_RATES, fit_shift
from carbonnodes.detect._node_confidence import (
    FEATURES,
    NODE_TERMS,
    fit_node_model,
    is_reported,
    node_features,
)
from carbonnodes.detect._simulated import simulated_calendar
from carbonnodes.model import Node
from carbonnodes.simulate import (
    MONTH_TOLERANCE_DAYS,
    SECTORS,
    TOLERANCE_DAYS,
    Prediction,
    TrueNode,
    expected_calibration_error,
    matched_truth,
    scenarios,
    score_series,
    simulate_series,
)


def month_scenarios() -> tuple[str, ...]:
    """The scenario families a monthly series can show: a weekly cycle is averaged away."""
    return tuple(s for s in scenarios() if s != "seasonal")


def _draws(count: int, first_seed: int, monthly: bool) -> Iterator[tuple[str, str, int]]:
    families = month_scenarios() if monthly else scenarios()
    for i in range(count):
        sector = SECTORS[(i // len(families)) % len(SECTORS)]
        yield families[i % len(families)], sector, first_seed + i


#: A node, the scorer's verdict, and the planted change it found where it is a hit of the
#: true kind (its effect can be compared).
Labelled = tuple[Node, bool, TrueNode | None]


def labelled_nodes(
    count: int,
    first_seed: int,
    *,
    n_days: int,
    monthly: bool = False,
    false_alarm_rate: float = DEFAULT_FALSE_ALARM_RATE,
) -> list[Labelled]:
    """Every node the detector reports on ``count`` simulated series of ``n_days`` days, with
    the scorer's verdict and the planted change it found (``monthly``: the series averaged by
    month, scored at month tolerance), searched at the knob's ``false_alarm_rate``.

    Every candidate is reported (no confidence floor), as the floor is what the map decides.
    Nodes the scorer treats as neutral (an attributed construction step) are left out, and
    so are series detected at the other resolution (daily series built from monthly totals
    are detected by month, and get the monthly map).
    """
    detector = CalendarAwareDetector(false_alarm_rate=false_alarm_rate, min_confidence=0.0)
    out: list[Labelled] = []
    tolerances = MONTH_TOLERANCE_DAYS if monthly else TOLERANCE_DAYS
    resolution = "month" if monthly else "day"
    for scenario, sector, seed in _draws(count, first_seed, monthly):
        series, truth = simulate_series(
            scenario, seed, sector=sector, by_month=monthly, n_days=n_days
        )
        detection = detector.run(series, simulated_calendar(series))
        if detection.settings["resolution"] != resolution:
            continue
        nodes = detection.nodes
        predictions = [
            Prediction(n.date, float(i), n.kind, bool(n.explained_by)) for i, n in enumerate(nodes)
        ]
        score = score_series(truth, predictions, n_days=len(series), tolerances=tolerances)
        found = dict(matched_truth(truth, predictions, tolerances=tolerances))
        out += [(nodes[int(i)], hit, found.get(int(i)))
                for i, hit in zip(score.confidences, score.hits, strict=True)]
    return out


#: A labelled node (``Labelled``) with the length of its series.
LabelledAt = tuple[Node, bool, TrueNode | None, int]


def _fit(items: list[LabelledAt], terms: tuple[str, ...]) -> dict[str, Any]:
    """The map: first the widening of the effect intervals (``_fit_intervals``) from the
    hits' true effects, then the node model on the widened intervals, as nodes will report
    them."""
    hits = [hit for _, hit, _, _ in items]
    widening = fit_widenings([_hit_terms(n, t) for n, _, t, _ in items if t])
    rows = [node_features(n.kind, n.score, _widened(n, widening), days, bool(n.explained_by))
            for n, _, _, days in items]
    entry = fit_node_model(rows, hits, terms)
    entry["interval"] = widening
    return entry


def _widened(node: Node, widening: dict[str, list[float]]) -> tuple[float, float]:
    """A node's interval as the map's ``widening`` draws it (the node was detected with the
    map neutral, so it carries the model's own interval)."""
    value, se = coefficient_of(node.kind, node.effect_pct, node.effect_ci)
    if not np.isfinite([value, se]).all():
        return node.effect_ci
    return drawn_interval(node.kind, value, widened_se(se, value, widening.get(node.kind, NONE)))


def _hit_terms(node: Node, truth: TrueNode) -> tuple[str, float, float, float]:
    """(kind, coefficient, standard error, true coefficient) of a hit, as its interval was
    drawn (the map being fitted widens nothing)."""
    value, se = coefficient_of(node.kind, node.effect_pct, node.effect_ci)
    return node.kind, value, se, true_coefficient(node.kind, truth.node_effect)


def _held(node: Node, truth: TrueNode, entry: dict[str, Any]) -> bool:
    """Whether a hit's interval, widened by ``entry``, holds its true effect."""
    _, value, se, true = _hit_terms(node, truth)
    widening = entry["interval"].get(node.kind, NONE)
    return bool(abs(value - true) <= Z90 * widened_se(se, value, widening))


def _labelled_at(
    count: int,
    first_seed: int,
    monthly: bool,
    lengths: tuple[int, ...],
    false_alarm_rate: float = DEFAULT_FALSE_ALARM_RATE,
) -> list[LabelledAt]:
    """``labelled_nodes`` of ``count`` series at each of ``lengths``, each length on its own
    block of seeds, with the length beside each node."""
    return [
        (node, hit, truth, n_days)
        for i, n_days in enumerate(lengths)
        for node, hit, truth in labelled_nodes(count, first_seed + i * count, monthly=monthly,
                                               n_days=n_days, false_alarm_rate=false_alarm_rate)
    ]


def map_terms(lengths: tuple[int, ...], monthly: bool = False) -> tuple[str, ...]:
    """The terms of the map fitted on series of ``lengths`` days: the series' length only
    where there are several; whether the calendar explains a node only from the four-year
    map up. On two-year series the unexplained nodes were not overstated without it (mean
    confidence less hit rate −0.009), and with it the benchmark's ECE rose from 0.046 to
    0.063 (docs/detect-history.md, session 24). A series with one value per month shows no
    weekly cycle, so no weekly-cycle term, and no interval width either: held out, the
    model did as well without it (log loss 0.2595 against 0.2618), and slope changes a
    month apart can have intervals thousands of percent a year wide (Jiangxi's Industry,
    autumn 2021), far past the simulated ones, which read as likely real with it."""
    if monthly:
        return tuple(t for t in NODE_TERMS if t not in ("seasonal", "log_interval"))
    if len(lengths) > 1:
        return FEATURES
    if max(lengths) < SHORT_MAP_DAYS:
        return tuple(t for t in NODE_TERMS if t != "explained")
    return NODE_TERMS


def _ece(scored: list[tuple[float, bool]]) -> float:
    """The expected calibration error of held-out (confidence, hit) pairs, rounded for the
    file."""
    return round(expected_calibration_error([p for p, _ in scored], [h for _, h in scored]), 4)


def fit_confidence(
    count: int,
    check: int,
    seed: int,
    check_seed: int,
    *,
    lengths: tuple[int, ...],
    monthly: bool = False,
) -> dict[str, Any]:
    """The node model, fitted on ``count`` series of each of ``lengths`` days (``monthly``:
    averaged by month); prints the held-out ECE at each length. A model fitted on several
    lengths has the series' length as a term.

    Per-kind isotonic maps were tried: on 400 held-out series they calibrated worse (ECE
    0.06–0.07 against 0.044), the kinds' few hundred nodes each being too few for a map of
    their own; the node model takes the kind as one term of its sum instead. Series with one
    value per month kept one isotonic map of |t| until session 33: it calibrated all nodes
    together, but read the policy candidates 0.18 too high and the explained nodes 0.11 too
    low (held out, the floor applied: candidates said 0.85 where 67 % were real, explained
    nodes 0.86 where 97 % were).
    """
    print(f"running the detector on {count} simulated series of each of {lengths} days …",
          file=sys.stderr)
    items = _labelled_at(count, seed, monthly, lengths)
    entry: dict[str, Any] = _fit(items, map_terms(lengths, monthly))
    entry["fitted_on"] = {
        "series": count, "days": list(lengths), "nodes": len(items), "first_seed": seed
    }
    if check:
        held_out = _labelled_at(check, check_seed, monthly, lengths)
        eces = []
        for n_days in lengths:
            scored = [
                (p, hit)
                for n, hit, _, days in held_out
                if days == n_days
                and is_reported(p := mapped_confidence(entry, n.kind, n.score,
                                                       _widened(n, entry["interval"]), days,
                                                       bool(n.explained_by)),
                                bool(n.explained_by))
            ]
            eces.append(_ece(scored))
            print(f"held-out, {n_days} days: {len(scored)} reported nodes on {check} series, "
                  f"ECE {eces[-1]:.3f}", file=sys.stderr)
            held = [_held(n, t, entry) for n, _, t, days in held_out if t and days == n_days]
            if held:
                print(f"  {len(held)} hits of the true kind, widened intervals hold "
                      f"{sum(held) / len(held):.3f} of their true effects", file=sys.stderr)
        entry["fitted_on"]["held_out_series"] = check
        entry["fitted_on"]["held_out_ece"] = eces
    return entry


def fit_knob(
    count: int,
    check: int,
    seed: int,
    check_seed: int,
    *,
    lengths: tuple[int, ...],
    monthly: bool = False,
) -> dict[str, Any]:
    """The shift of one confidence map with the knob (``_knob_confidence``), fitted on the
    nodes of ``count`` series (split over the map's ``lengths``) searched at each of
    ``KNOB_RATES``, each taken as the rate the search makes there (``searched_rate``); the
    map is read unshifted meanwhile, so each node carries its map's probability. Prints the
    held-out ECE of what would be reported at each rate."""
    each, each_check = max(count // len(lengths), 1), max(check // len(lengths), 1)
    print(f"running the detector on {each} simulated series of each of {lengths} days at "
          f"each of {KNOB_RATES} false nodes a year …", file=sys.stderr)
    resolution: Resolution = "month" if monthly else "day"
    rows = [(node.confidence, searched_rate(rate, resolution), hit)
            for rate in KNOB_RATES
            for node, hit, _, _ in _labelled_at(each, seed, monthly, lengths, rate)]
    probabilities, rates, hits = zip(*rows, strict=True)
    entry: dict[str, Any] = fit_shift(probabilities, rates, hits, DEFAULT_FALSE_ALARM_RATE)
    entry["fitted_on"] = {"series": each, "days": list(lengths), "nodes": len(rows),
                          "first_seed": seed, "rates": list(KNOB_RATES)}
    if check:
        eces = []
        for rate in KNOB_RATES:
            scored = [
                (p, hit)
                for node, hit, _, _ in _labelled_at(each_check, check_seed, monthly, lengths, rate)
                if is_reported(p := at_knob(node.confidence, rate, resolution, entry),
                               bool(node.explained_by))
            ]
            eces.append(_ece(scored))
            print(f"held-out at {rate} a year: {len(scored)} reported nodes on {each_check} "
                  f"series of each length, ECE {eces[-1]:.3f}", file=sys.stderr)
        entry["fitted_on"]["held_out_series"] = each_check
        entry["fitted_on"]["held_out_ece"] = eces
    return entry
