"""From fitted changes to nodes: kind, date window, effect with a 90 % interval, confidence.

Effects come from each change's own coefficient against the ordinary model (see
:mod:`._effects`): ``level_shift`` the step (%), ``anomaly`` its depth (the deepest level
inside the episode, %), ``trend_change`` the change of growth (% per year) and ``seasonal``
the change of the weekly swing in percentage points of the level; their 90 % intervals are
widened as the calibration file says (``_fit_intervals``). Episodes that overlap or
nearly touch with the same sign are one anomaly (a lockdown that eases in stages; not a
shallow dip just before a fall), and so are a step, the stages of its return and the step
back (a collapse with a slow recovery); a small step on an episode's first days or at its
end belongs to the episode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from carbonnodes.calendar import local_possible
from carbonnodes.detect._calibration import (
    DEFAULT_FALSE_ALARM_RATE,
    Resolution,
    confidence,
    interval_widening,
)
from carbonnodes.detect._effects import EffectScale
from carbonnodes.detect._episodes import episode_shape
from carbonnodes.detect._explain import explaining
from carbonnodes.detect._fit_intervals import widened_se
from carbonnodes.detect._model import Estimate
from carbonnodes.detect._node_confidence import is_reported
from carbonnodes.detect._scores import Family
from carbonnodes.detect._search import SLOPE_WINDOW_DAYS, Component
from carbonnodes.model import Event, Node, NodeKind, Series

#: Date tolerance (± days) by kind: the step of a level shift or the start of an episode can be
#: dated to the week, a slope change only to about two months.
WINDOW_DAYS: dict[NodeKind, int] = {
    "level_shift": 7,
    "anomaly": 7,
    "seasonal": 7,
    "trend_change": SLOPE_WINDOW_DAYS,
}
#: The same for a series with one value per calendar month: its month either side, never
#: reaching the next month's first day.
MONTH_WINDOW_DAYS: dict[NodeKind, int] = {
    "level_shift": 27,
    "anomaly": 27,
    "seasonal": 27,
    "trend_change": 60,
}
KIND_OF: dict[Family, NodeKind] = {
    "step": "level_shift",
    "box": "anomaly",
    "hinge": "trend_change",
    "season": "seasonal",
}
#: Same-sign episodes closer than this merge into one anomaly.
EPISODE_GAP_DAYS = 14
#: A step and a later step back, with episode stages between them, are one anomaly when they
#: lie at most this far apart and the level comes back to within this share of the first step.
#: A step within ``ONSET_DAYS`` of an episode's first day or ``END_DAYS`` of its end, and
#: smaller than this share of its depth, is the episode's own shape (a return that stops a
#: little short or overshoots), not a level shift.
RETURN_SPAN_DAYS = 240
RETURN_SHARE = 1.0 / 3.0
ONSET_DAYS = 7
END_DAYS = 14
#: An episode's depth is the furthest level it holds for this many days.
HELD_DAYS = 3
#: Days of data a daily episode needs after its end to have returned: one that ends closer
#: to the series' last day has not been seen to come back, and is a level shift.
RETURN_SEEN_DAYS = 14


#: A fitted change and its estimate, as the model hands them over.
Item = tuple[Component, Estimate]


@dataclass(frozen=True)
class Change:
    """A change ready to become a node (after episode merging)."""

    kind: NodeKind
    start: int
    end: int | None
    estimate: Estimate


def _dominant(boxes: Sequence[Item]) -> Estimate:
    """The box carrying most of an episode's effect (size × length)."""
    return max(boxes, key=lambda item: abs(item[1].value) * (item[0].end - item[0].start))[1]


def _deepest(profile: NDArray[np.float64], main: Estimate, members: Sequence[Item]) -> Estimate:
    """An episode's depth, the furthest level in ``main``'s direction that its combined
    profile holds for ``HELD_DAYS`` (or its whole span, if shorter), with the standard error
    that keeps its strongest member's t. Pieces that touch or overlap by a day add up on that
    day only; such a day is no level the episode reached."""
    signed = profile * np.sign(main.value)
    days = min(HELD_DAYS, signed.size)
    held = np.lib.stride_tricks.sliding_window_view(signed, days).min(axis=1)
    depth = float(held.max()) * float(np.sign(main.value))
    strongest = max(abs(e.t) for _, e in members)
    return Estimate(depth, abs(depth) / strongest if strongest > 0 else main.se)


def _episode(boxes: Sequence[Item]) -> Change:
    """One anomaly from overlapping boxes: its span, and its depth where the boxes add up most."""
    first = min(c.start for c, _ in boxes)
    last = max(c.end for c, _ in boxes)
    profile = np.zeros(last - first)
    for c, e in boxes:
        profile += e.value * episode_shape(c.start - first, c.end - first, c.share, last - first)
    return Change("anomaly", first, last, _deepest(profile, _dominant(boxes), boxes))


def _returning(first: Item, items: Sequence[Item]) -> list[Item]:
    """``first`` (a step), the steps that undo it and the stages between them, if any.

    A deep lockdown with a slow return is fitted as a step down, boxes or smaller steps for
    the stages of the return, and a step back up; that is one episode, not several nodes. The
    return ends at the step after which the level is closest to where it began, once it is
    back within ``RETURN_SHARE`` of the first step. Two level shifts with nothing between
    them stay two level shifts.
    """
    (step, est) = first
    later = sorted(
        (item for item in items if step.start < item[0].start <= step.start + RETURN_SPAN_DAYS),
        key=lambda item: item[0].start,
    )
    level, best, back = est.value, RETURN_SHARE * abs(est.value), -1
    for i, (other, value) in enumerate(later):
        if other.family != "step":
            continue
        level += value.value
        if abs(level) <= best:
            best, back = abs(level), i
    if back < 0:
        return []
    end = later[back][0].start
    stages = [
        (c, e)
        for c, e in items
        if (c.family == "step" and step.start < c.start < end)
        or (
            c.family == "box"
            and c.start >= step.start - EPISODE_GAP_DAYS
            and c.end <= end + EPISODE_GAP_DAYS
        )
    ]
    if not stages:
        return []
    return [first, later[back], *stages]


def _returned(group: Sequence[Item]) -> Change:
    """One anomaly from a step, its stages and the step back: the deepest combined level."""
    (step, est), (back, _) = group[0], group[1]
    profile = np.full(back.start - step.start, est.value)
    for c, e in group[2:]:
        shape = episode_shape(c.start - step.start, c.end - step.start, c.share, profile.size)
        profile += e.value * shape
    return Change("anomaly", step.start, back.start, _deepest(profile, est, group))


def _joins(group: Sequence[Item], comp: Component, est: Estimate) -> bool:
    """Whether a box belongs to the episode ``group`` so far: it overlaps it, or starts within
    ``EPISODE_GAP_DAYS`` after it ends as its next stage, of the same sign, the group not so
    shallow beside it that it is only a dip before the fall (under ``RETURN_SHARE`` of its
    depth). A loose knob let a −2 % box on 1–10 January 2020 start Tianjin transport's
    COVID-19 collapse, dated 1 January."""
    end = max(c.end for c, _ in group)
    if comp.start < end:
        return True
    main = _dominant(group).value
    return (
        comp.start <= end + EPISODE_GAP_DAYS
        and np.sign(main) == np.sign(est.value)
        and abs(main) >= RETURN_SHARE * abs(est.value)
    )


def _merge_episodes(items: Sequence[Item]) -> list[Change]:
    """Boxes that overlap, or nearly touch with the same sign, are one episode; so are a step,
    the stages of its return and the step back."""
    rest = sorted(items, key=lambda i: (i[0].start, i[0].family))
    changes: list[Change] = []
    for item in list(rest):
        if item[0].family == "step" and item in rest:
            group = _returning(item, rest)
            if group:
                changes.append(_returned(group))
                rest = [i for i in rest if i not in group]
    changes += [Change(KIND_OF[c.family], c.start, None, e) for c, e in rest if c.family != "box"]
    groups: list[list[Item]] = []
    for comp, est in (i for i in rest if i[0].family == "box"):
        if groups and _joins(groups[-1], comp, est):
            groups[-1].append((comp, est))
        else:
            groups.append([(comp, est)])
    changes += [_episode(g) for g in groups]
    return sorted(_without_edge_steps(changes), key=lambda c: (c.start, c.kind))


def _without_edge_steps(changes: Sequence[Change]) -> list[Change]:
    """Drop the small steps that sit on an episode's first days or its end (see
    ``RETURN_SHARE``)."""
    episodes = [c for c in changes if c.kind == "anomaly"]

    def at_edge(step: Change) -> bool:
        return step.kind == "level_shift" and any(
            (
                abs(step.start - e.start) <= ONSET_DAYS
                or (e.end is not None and abs(step.start - e.end) <= END_DAYS)
            )
            and abs(step.estimate.value) <= RETURN_SHARE * abs(e.estimate.value)
            for e in episodes
        )

    return [c for c in changes if not at_edge(c)]


def _unreturned(change: Change, n: int) -> Change:
    """An episode that ends within ``RETURN_SEEN_DAYS`` of the series' last day as the level
    shift it is as far as the data go: Tianjin's transport fell about 13 % from 25 November
    2022 and stayed there to 31 December, which an episode "to 21 December" misstated."""
    if change.kind != "anomaly" or change.end is None or change.end < n - RETURN_SEEN_DAYS:
        return change
    return Change("level_shift", change.start, None, change.estimate)


def _node(
    series: Series,
    change: Change,
    events: Sequence[Event],
    scale: EffectScale,
    resolution: Resolution,
    false_alarm_rate: float,
) -> Node:
    day = series.date_at(change.start)
    widths = WINDOW_DAYS if resolution == "day" else MONTH_WINDOW_DAYS
    pad = dt.timedelta(days=widths[change.kind])
    window = (max(series.start, day - pad), min(series.end, day + pad))
    est = change.estimate
    se = widened_se(est.se, est.value, interval_widening(change.kind, len(series), resolution))
    effect, (low, high) = scale.effect(change.kind, change.start, change.end, est.value, se)
    interval = (round(low, 2), round(high, 2))
    score = round(abs(change.estimate.t), 3)
    node = Node(
        city=series.city,
        sector=series.sector,
        date=day,
        kind=change.kind,
        confidence=0.0,
        effect_pct=round(effect, 2),
        effect_ci=interval,
        window=window,
        end=series.date_at(change.end) if change.end is not None and change.end < len(series)
        else (series.end if change.end is not None else None),
        score=score,
        data_end=series.end,
    )
    causes = explaining(node, events, local=local_possible(node, events))
    chance = confidence(change.kind, score, interval, len(series), bool(causes), resolution,
                        false_alarm_rate)
    return replace(node, explained_by=causes, confidence=round(chance, 4))


def change_nodes(
    series: Series,
    components: Sequence[Item],
    events: Sequence[Event],
    scale: EffectScale,
    *,
    min_t2: float,
    resolution: Resolution = "day",
    false_alarm_rate: float = DEFAULT_FALSE_ALARM_RATE,
) -> list[Node]:
    """Nodes for the searched changes that stay significant in the final joint fit, less
    those that only mark a sector switched off by data construction; their confidence is
    read at the knob's ``false_alarm_rate``, which the search was run at. Which of them are
    reported is ``reported``'s to say."""
    kept = [(c, e) for c, e in components if e.t**2 >= min_t2]
    changes = _merge_episodes(kept)
    if resolution == "day":
        changes = [_unreturned(c, len(series)) for c in changes]
    nodes = []
    for change in changes:
        node = _node(series, change, events, scale, resolution, false_alarm_rate)
        if not scale.is_zero_switch(change.start, change.end, node.explained_by):
            nodes.append(node)
    return nodes


def reported(candidates: Sequence[Node], min_confidence: float) -> tuple[Node, ...]:
    """The candidates a detection reports: less unexplained ones below ``min_confidence``
    (policy candidates more likely noise than real)."""
    return tuple(
        n for n in candidates if is_reported(n.confidence, bool(n.explained_by), min_confidence)
    )
