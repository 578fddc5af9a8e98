"""Episodes that are steps: the simpler reading of a pick, judged by the robust refit.

The search scores each candidate against an ordinary curve fitted without it. A step late in
a series bends that curve (the trend and the yearly terms take its last months), so what is
left looks like an episode: +15 % planted into Tianjin's Residential from 20 July 2022 came
out as an episode to 13 November. And the look-ahead prefers a pick that leaves another
strong one, so a large step can come out as a two-week episode and the same step a week
later (−12 % planted on 13 July 2022: an episode from 13 to 27 July and a step on 22 July),
which the backfitting sweep keeps, each given the other. Refitted with the ordinary columns,
the step alone leaves no bend, and costs one change instead of two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._scores import Family
from carbonnodes.detect._search import Component

State = TypeVar("State")
#: A reading's misfit (z² units) and its refit, warm from the refit of the reading before.
Misfit = Callable[[list[Component], State], tuple[float, State]]
#: Each component's t² in the refit of a reading (in its order), and the refit.
Strength = Callable[[list[Component], State], tuple[NDArray[np.float64], State]]

#: Episodes shorter than this (days) are holidays: never read as a step on their own.
SHORTEST_STEPLIKE = 14


def consolidated(
    comps: list[Component],
    state: State,
    *,
    misfit: Misfit[State],
    strength: Strength[State],
    n: int,
    factor: Callable[[int], float],
    thresholds: dict[Family, float],
    min_t2: float,
    known_days: NDArray[np.int64],
    festivals: Sequence[NDArray[np.bool_]],
) -> tuple[list[Component], State]:
    """``comps`` with each episode made a step where that reads the data more simply.

    An episode with a step that starts inside it or on its last day becomes one step where
    the misfit that adds, over the noise's variance inflation at the episode's length
    (``factor``), is below the episode's threshold, which the one step saves. An episode
    alone becomes a step where, refitted beside a step from its first day, it is no longer
    worth keeping (t² below ``min_t2``, what a node must reach) and the step is. Episodes
    are visited latest first, so a step that one becomes can absorb the one before it.
    """
    current: float | None = None  # the present reading's misfit, once a fit needs it
    for box in sorted((c for c in comps if c.family == "box"), key=lambda c: -c.start):
        simpler = _simpler(box, comps, n, thresholds, known_days, festivals)
        if simpler is None:
            continue
        trial, saved = simpler
        if saved is None:
            i = comps.index(box)
            t2, both = strength([*comps, trial[i]], state)
            if t2[i] < min_t2 <= t2[-1]:
                comps = trial
                current, state = misfit(comps, both)
            continue
        if current is None:
            current, _ = misfit(comps, state)
        value, refit = misfit(trial, state)
        if (value - current) / factor(box.end - box.start) < saved:
            comps, current, state = trial, value, refit
    return comps, state


def _simpler(
    box: Component,
    comps: list[Component],
    n: int,
    thresholds: dict[Family, float],
    known_days: NDArray[np.int64],
    festivals: Sequence[NDArray[np.bool_]],
) -> tuple[list[Component], float | None] | None:
    """``comps`` with ``box`` read as a step, and the threshold that saves where the two
    readings are weighed by their fit (None: by the refit's t² beside the step), or None
    where ``box`` is no step.

    With a step that starts inside the episode or on its last day, the two become one step:
    on the episode's first day, or on its last where the step starts with the episode (a
    step up and an episode down that cancels it until its end); the episode's threshold is
    saved. Otherwise the episode alone may be a step from its first day: if long enough not
    to be a holiday, chained to no other change, and outside every Spring Festival window
    (an episode there holds the year's festival depth fixed, which a step would set free).
    A step on a data-construction day keeps its day and does not chain: the episode and it
    span the same columns as two steps (exactly, where the episode ends there at once), so
    the two readings are weighed by their fit, the episode's end and return worth what the
    thresholds say a scan over them finds in noise.
    """
    step = _step_within(box, comps)
    known = step is not None and step.start in known_days
    if step is not None and not known:
        day = box.start if step.start > box.start else box.end
        if day >= n:
            return None
        rest = [c for c in comps if c is not box]
        return [replace(step, start=day) if c is step else c for c in rest], thresholds["box"]
    others = [c for c in comps if c is not step]
    if (
        box.end - box.start < SHORTEST_STEPLIKE
        or _chained(box, others)
        or any(mask[box.start : box.end].any() for mask in festivals)
    ):
        return None
    trial = [Component("step", box.start, n, box.z2) if c is box else c for c in comps]
    return trial, (thresholds["box"] - thresholds["step"] if known else None)


def _step_within(box: Component, comps: list[Component]) -> Component | None:
    return next(
        (c for c in comps if c.family == "step" and box.start <= c.start <= box.end), None
    )


def _chained(box: Component, comps: list[Component]) -> bool:
    """Another change starts within the episode, or another episode overlaps it: where
    episodes chain, one of them made a step can fit better only because the next one's
    sign flips to undo it."""
    return any(
        c is not box
        and (
            box.start <= c.start <= box.end
            or (c.family == "box" and c.start < box.start < c.end)
        )
        for c in comps
    )
