"""Fitting the confidence maps on labelled simulated series (used by ``_calibrate``).

The simulator and its scorer decide what is a hit; this module only runs the detector with
neutral confidence maps, hands each node to the scorer with its list position in the
confidence slot (so the scorer's verdicts can be traced back to the node and its raw score),
and fits one isotonic map per node kind and a pooled one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from carbonnodes.calendar import events
from carbonnodes.detect._detector import detect
from carbonnodes.model import NODE_KINDS, Node
from carbonnodes.simulate import (
    SECTORS,
    Prediction,
    expected_calibration_error,
    scenarios,
    score_series,
    simulate_series,
)

#: The dataset whose construction steps the simulated series imitate.
SIMULATED_DATASET = "carbon_monitor"
#: Kinds with fewer labelled nodes than this fall back to the pooled map.
MIN_NODES_PER_KIND = 80
#: Fewest nodes behind one step of a map.
MIN_BLOCK = 20


def _draws(count: int, first_seed: int) -> Iterator[tuple[str, str, int]]:
    families = scenarios()
    for i in range(count):
        sector = SECTORS[(i // len(families)) % len(SECTORS)]
        yield families[i % len(families)], sector, first_seed + i


def labelled_nodes(count: int, first_seed: int) -> list[tuple[Node, bool]]:
    """Every node the detector reports on ``count`` simulated series, with the scorer's verdict.

    Nodes the scorer treats as neutral (an attributed construction step) are left out.
    """
    out: list[tuple[Node, bool]] = []
    for scenario, sector, seed in _draws(count, first_seed):
        series, truth = simulate_series(scenario, seed, sector=sector)
        known = events(
            "tianjin", series.start, series.end, sector=sector, dataset=SIMULATED_DATASET
        )
        nodes = detect(series, known).nodes
        predictions = [
            Prediction(n.date, float(i), n.kind, bool(n.explained_by)) for i, n in enumerate(nodes)
        ]
        score = score_series(truth, predictions, n_days=len(series))
        out += [(nodes[int(i)], hit) for i, hit in zip(score.confidences, score.hits, strict=True)]
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


def _fit(items: list[tuple[Node, bool]]) -> dict[str, list[float]]:
    xs, ys = isotonic([n.score for n, _ in items], [hit for _, hit in items])
    return {"score": xs, "probability": ys}


def _apply(maps: dict[str, Any], node: Node) -> float:
    entry = maps.get(node.kind, maps["pooled"])
    return float(np.interp(node.score, entry["score"], entry["probability"]))


def fit_confidence(count: int, check: int, seed: int, check_seed: int) -> dict[str, Any]:
    """Isotonic maps from raw score to hit rate; prints the held-out ECE per kind."""
    print(f"running the detector on {count} simulated series …", file=sys.stderr)
    items = labelled_nodes(count, seed)
    maps: dict[str, Any] = {"pooled": _fit(items)}
    for kind in NODE_KINDS:
        mine = [item for item in items if item[0].kind == kind]
        if len(mine) >= MIN_NODES_PER_KIND:
            maps[kind] = _fit(mine)
    maps["fitted_on"] = {"series": count, "nodes": len(items), "first_seed": seed}
    if check:
        held = labelled_nodes(check, check_seed)
        conf = [_apply(maps, n) for n, _ in held]
        hits = [h for _, h in held]
        ece = expected_calibration_error(conf, hits)
        print(f"held-out: {len(held)} nodes on {check} series, ECE {ece:.3f}", file=sys.stderr)
        maps["fitted_on"]["held_out_ece"] = round(ece, 4)
    return maps
