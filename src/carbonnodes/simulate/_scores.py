"""Scoring reported nodes against the truth of one simulated series, and over many.

How each reported node counts:

- it matches a planted node (one-to-one, ±7 days; trend changes ±60; kind not required,
  since generic detectors report no kind) → a hit, whether or not it names an explanation;
- otherwise, if it names an explanation (``explained``) and lies within 7 days of an entry
  that is not a node — a construction step, or the span of an ordinary calendar effect
  (Spring Festival, a statutory holiday, a heating-season edge) → neutral: a change that is
  really there, reported with a cause, as the issue asks; neither a hit nor a false node;
- otherwise → a false node. One sitting unexplained on a step or a calendar effect (passed
  off as a policy candidate) is counted as such too; so is one that names a cause but lies
  where the simulator put no such effect.

A planted node no prediction matched is a miss; a step or a calendar effect never is.
The tolerances (7 and 60 days) are those of a daily series; one with a value per month is
scored with ``MONTH_TOLERANCE_DAYS`` (27 and 60).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from carbonnodes.model import Node, NodeKind
from carbonnodes.simulate._matching import TOLERANCE_DAYS, match_days
from carbonnodes.simulate._truth import TrueNode


@dataclass(frozen=True)
class Prediction:
    """A reported node as the scorer sees it; ``kind`` and ``confidence`` may be unknown."""

    date: dt.date
    confidence: float | None = None
    kind: str | None = None
    explained: bool = False
    #: the effect's 90 % interval, in the unit ``TrueNode.node_effect`` is in
    interval: tuple[float, float] | None = None


def predictions_from_nodes(nodes: Iterable[Node]) -> tuple[Prediction, ...]:
    """carbonnodes' nodes as predictions (``explained`` = it names an event or artefact)."""
    return tuple(
        Prediction(n.date, n.confidence, n.kind, bool(n.explained_by), n.effect_ci) for n in nodes
    )


@dataclass(frozen=True)
class SeriesScore:
    """The counts of one series; ``confidences``/``hits`` list every scored prediction."""

    true_positives: int
    false_positives: int
    false_negatives: int
    false_explained: int  # false nodes that named a cause the simulator did not put there
    neutral: int  # nodes reported with their cause on a step or a calendar effect
    passed_off: int  # false nodes sitting unexplained on a step or a calendar effect
    artefacts: int  # construction steps in the truth
    artefacts_attributed: int  # steps with a node reported with its cause
    kinds_agreeing: int  # hits whose reported kind is the true kind
    series_years: float
    confidences: tuple[float, ...]
    hits: tuple[bool, ...]
    #: (kind, whether its interval holds the true effect) of each hit of the true kind that
    #: states an interval
    covered: tuple[tuple[str, bool], ...] = ()


def _days(dates: Iterable[dt.date], origin: dt.date) -> list[int]:
    return [(d - origin).days for d in dates]


def _near(day: dt.date, entry: TrueNode, tolerance: int) -> bool:
    """Within ``tolerance`` days of an entry's span (its date to its end)."""
    last = entry.end or entry.date
    return (entry.date - day).days <= tolerance and (day - last).days <= tolerance


def score_series(
    truth: Sequence[TrueNode],
    predicted: Sequence[Prediction],
    *,
    n_days: int,
    tolerances: Mapping[NodeKind, int] = TOLERANCE_DAYS,
) -> SeriesScore:
    """Match ``predicted`` to ``truth`` by the rules in this module's docstring, within
    ``tolerances`` days by true kind (a step or calendar effect: the level shift's)."""
    real = [t for t in truth if t.is_node]
    zones = [t for t in truth if not t.is_node]
    pairs = _pairs(real, predicted, tolerances)
    hit_index = {j for _, j in pairs}
    rest = [p for j, p in enumerate(predicted) if j not in hit_index]
    zone = tolerances["level_shift"]
    on_zone = [any(_near(p.date, z, zone) for z in zones) for p in rest]
    neutral = [p for p, near in zip(rest, on_zone, strict=True) if near and p.explained]
    false = [p for p, near in zip(rest, on_zone, strict=True) if not (near and p.explained)]
    steps = [z for z in zones if z.artefact]
    scored = sorted(
        [(predicted[j], True) for _, j in pairs] + [(p, False) for p in false],
        key=lambda item: item[0].date,
    )
    return SeriesScore(
        true_positives=len(pairs),
        false_positives=len(false),
        false_negatives=len(real) - len(pairs),
        false_explained=sum(p.explained for p in false),
        neutral=len(neutral),
        passed_off=sum(near and not p.explained for p, near in zip(rest, on_zone, strict=True)),
        artefacts=len(steps),
        artefacts_attributed=sum(any(_near(p.date, z, zone) for p in neutral) for z in steps),
        kinds_agreeing=sum(predicted[j].kind == real[i].kind for i, j in pairs),
        series_years=n_days / 365.25,
        confidences=tuple(p.confidence for p, _ in scored if p.confidence is not None),
        hits=tuple(hit for p, hit in scored if p.confidence is not None),
        covered=tuple(
            (t.kind, p.interval[0] <= t.node_effect <= p.interval[1])
            for j, t in _of_true_kind(real, predicted, pairs)
            if (p := predicted[j]).interval is not None
        ),
    )


def _pairs(
    real: Sequence[TrueNode], predicted: Sequence[Prediction], tolerances: Mapping[NodeKind, int]
) -> list[tuple[int, int]]:
    origin = dt.date(2000, 1, 1)
    return match_days(
        _days((t.date for t in real), origin),
        [tolerances[t.kind] for t in real],
        _days((p.date for p in predicted), origin),
    )


def matched_truth(
    truth: Sequence[TrueNode],
    predicted: Sequence[Prediction],
    *,
    tolerances: Mapping[NodeKind, int] = TOLERANCE_DAYS,
) -> list[tuple[int, TrueNode]]:
    """(index into ``predicted``, the planted node it found) for each hit of the true kind:
    the pairs whose effects can be compared."""
    real = [t for t in truth if t.is_node]
    return _of_true_kind(real, predicted, _pairs(real, predicted, tolerances))


def _of_true_kind(
    real: Sequence[TrueNode], predicted: Sequence[Prediction], pairs: list[tuple[int, int]]
) -> list[tuple[int, TrueNode]]:
    return [(j, real[i]) for i, j in pairs if predicted[j].kind == real[i].kind]


def interval_coverage(scores: Iterable[SeriesScore]) -> dict[str, tuple[int, float]]:
    """Per kind, and over all (``"all"``): how many hits of the true kind stated an interval,
    and the share whose interval held the true effect (NaN where none did)."""
    flags: dict[str, list[bool]] = {}
    for s in scores:
        for kind, inside in s.covered:
            flags.setdefault(kind, []).append(inside)
            flags.setdefault("all", []).append(inside)
    return {k: (len(v), sum(v) / len(v)) for k, v in sorted(flags.items())}


def precision_recall_f1(scores: Iterable[SeriesScore]) -> tuple[float, float, float]:
    """Micro-averaged over series. No predictions: precision 1; no truth: recall 1."""
    tp = fp = fn = 0
    for s in scores:
        tp, fp, fn = tp + s.true_positives, fp + s.false_positives, fn + s.false_negatives
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def false_nodes_per_year(scores: Iterable[SeriesScore]) -> float:
    """False nodes per series-year (meant for series with no true node)."""
    listed = list(scores)
    years = sum(s.series_years for s in listed)
    return sum(s.false_positives for s in listed) / years if years else 0.0
