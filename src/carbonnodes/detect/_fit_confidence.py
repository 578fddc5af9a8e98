"""Fitting the confidence maps on labelled simulated series (used by ``_calibrate``).

The simulator and its scorer decide what is a hit; this module only runs the detector with
every candidate reported (no confidence floor), hands each node to the scorer with its list
position in the confidence slot (so the scorer's verdicts can be traced back to the node),
and fits the daily node model (``_node_confidence``) or, for monthly series, an isotonic map
from raw score to hit rate, and beside either how much the map's effect intervals are widened
(``_fit_intervals``) from the true effects of the hits of the true kind. The map being fitted
is neutral meanwhile (``_calibrate``): the nodes carry the model's own intervals, which the
widening starts from; the node model is fitted on the widened ones, as nodes report them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from carbonnodes.detect._calibration import (
    DEFAULT_FALSE_ALARM_RATE,
    SHORT_MAP_DAYS,
    Resolution,
    mapped_confidence,
)
from carbonnodes.detect._detector import CalendarAwareDetector
from carbonnodes.detect._effects import Z90, coefficient_of, drawn_interval, true_coefficient
from carbonnodes.detect._fit_intervals import NONE, fit_widenings, widened_se
from carbonnodes.detect._knob_confidence import KNOB_RATES, at_rate, fit_shift
from carbonnodes.detect._node_confidence import (
    FEATURES,
    MIN_CONFIDENCE,
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

#: Fewest nodes behind one step of the map.
MIN_BLOCK = 60


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


def _pooled(blocks: list[list[float]]) -> list[list[float]]:
    """Adjacent isotonic blocks merged until each holds ``MIN_BLOCK`` nodes: a rate from a
    handful of nodes is noise, and merging neighbours keeps the map non-decreasing."""
    merged: list[list[float]] = []
    for block in blocks:
        if merged and merged[-1][1] < MIN_BLOCK:
            last = merged[-1]
            merged[-1] = [last[0] + block[0], last[1] + block[1], last[2], block[3]]
        else:
            merged.append(list(block))
    if len(merged) > 1 and merged[-1][1] < MIN_BLOCK:
        tail = merged.pop()
        last = merged[-1]
        merged[-1] = [last[0] + tail[0], last[1] + tail[1], last[2], tail[3]]
    return merged


def isotonic(scores: Sequence[float], hits: Sequence[bool]) -> tuple[list[float], list[float]]:
    """Pool-adjacent-violators: a non-decreasing step map from score to hit rate, as knots."""
    order = np.argsort(np.asarray(scores, dtype=np.float64), kind="stable")
    xs = np.asarray(scores, dtype=np.float64)[order]
    ys = np.asarray(hits, dtype=np.float64)[order]
    blocks: list[list[float]] = []  # [sum of hits, count, lowest score, highest score]
    for x, y in zip(xs, ys, strict=True):
        blocks.append([y, 1.0, x, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            s, c, _, hi = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += c
            blocks[-1][3] = hi
    knots_x: list[float] = []
    knots_y: list[float] = []
    for s, c, lo, hi in _pooled(blocks):
        rate = round(float(s / c), 4)
        knots_x += [round(float(lo), 4), round(float(hi), 4)]
        knots_y += [rate, rate]
    return knots_x, knots_y


#: A labelled node (``Labelled``) with the length of its series.
LabelledAt = tuple[Node, bool, TrueNode | None, int]


def _fit(
    items: list[LabelledAt], resolution: Resolution, terms: tuple[str, ...]
) -> dict[str, Any]:
    """The map: first the widening of the effect intervals (``_fit_intervals``) from the
    hits' true effects, then the node model (daily) on the widened intervals, as nodes will
    report them, or the isotonic map of |t| (monthly)."""
    hits = [hit for _, hit, _, _ in items]
    widening = fit_widenings([_hit_terms(n, t) for n, _, t, _ in items if t])
    entry: dict[str, Any]
    if resolution == "day":
        rows = [node_features(n.kind, n.score, _widened(n, widening), days,
                              bool(n.explained_by))
                for n, _, _, days in items]
        entry = fit_node_model(rows, hits, terms)
    else:
        xs, ys = isotonic([n.score for n, _, _, _ in items], hits)
        entry = {"score": xs, "probability": ys}
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


def map_terms(lengths: tuple[int, ...]) -> tuple[str, ...]:
    """The terms of the daily map fitted on series of ``lengths`` days: the series' length
    only where there are several; whether the calendar explains a node only from the
    four-year map up. On two-year series the unexplained nodes were not overstated without
    it (mean confidence less hit rate −0.009), and with it the benchmark's ECE rose from
    0.046 to 0.063 (docs/detect-history.md, session 24)."""
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
    """The daily node model, or for monthly series one isotonic map from raw score to hit
    rate for all kinds, fitted on ``count`` series of each of ``lengths`` days; prints the
    held-out ECE at each length. A model fitted on several lengths has the series' length as
    a term.

    Per-kind isotonic maps were tried: on 400 held-out series they calibrated worse (ECE
    0.06–0.07 against 0.044), the kinds' few hundred nodes each being too few for a map of
    their own; the node model takes the kind as one term of its sum instead.
    """
    print(f"running the detector on {count} simulated series of each of {lengths} days …",
          file=sys.stderr)
    items = _labelled_at(count, seed, monthly, lengths)
    terms = map_terms(lengths)
    entry: dict[str, Any] = _fit(items, "month" if monthly else "day", terms)
    entry["fitted_on"] = {
        "series": count, "days": list(lengths), "nodes": len(items), "first_seed": seed
    }
    if check:
        floor = 0.0 if monthly else MIN_CONFIDENCE
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
                                bool(n.explained_by), floor)
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
    ``KNOB_RATES``; the map is read unshifted meanwhile, so each node carries its map's
    probability. Prints the held-out ECE of what would be reported at each rate."""
    each, each_check = max(count // len(lengths), 1), max(check // len(lengths), 1)
    print(f"running the detector on {each} simulated series of each of {lengths} days at "
          f"each of {KNOB_RATES} false nodes a year …", file=sys.stderr)
    rows = [(node.confidence, rate, hit)
            for rate in KNOB_RATES
            for node, hit, _, _ in _labelled_at(each, seed, monthly, lengths, rate)]
    probabilities, rates, hits = zip(*rows, strict=True)
    entry: dict[str, Any] = fit_shift(probabilities, rates, hits, DEFAULT_FALSE_ALARM_RATE)
    entry["fitted_on"] = {"series": each, "days": list(lengths), "nodes": len(rows),
                          "first_seed": seed, "rates": list(KNOB_RATES)}
    if check:
        floor = 0.0 if monthly else MIN_CONFIDENCE
        eces = []
        for rate in KNOB_RATES:
            scored = [
                (p, hit)
                for node, hit, _, _ in _labelled_at(each_check, check_seed, monthly, lengths, rate)
                if is_reported(p := at_rate(node.confidence, rate, DEFAULT_FALSE_ALARM_RATE,
                                            entry), bool(node.explained_by), floor)
            ]
            eces.append(_ece(scored))
            print(f"held-out at {rate} a year: {len(scored)} reported nodes on {each_check} "
                  f"series of each length, ECE {eces[-1]:.3f}", file=sys.stderr)
        entry["fitted_on"]["held_out_series"] = each_check
        entry["fitted_on"]["held_out_ece"] = eces
    return entry
