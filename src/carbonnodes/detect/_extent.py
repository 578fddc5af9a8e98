"""How long an episode lasts: its end read by ordinary least squares, not after prewhitening.

Prewhitened, a slow return carries little evidence when the day-to-day noise is persistent:
Tianjin's transport came back over March and April 2020, and the search ended the COVID-19
episode in late February. Whether the level stays away from the usual one is a question
about means over weeks, which least squares with the noise's long-run variance answers; so
once the search has placed an episode, its end is moved later while that fits better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._episodes import BOX_LENGTHS
from carbonnodes.detect._robust import Noise
from carbonnodes.detect._search import Component, project_out, regressor

FloatArray = NDArray[np.float64]

#: An episode may grow to this many days.
LONGEST = int(BOX_LENGTHS[-1])


def _fits(r: FloatArray, m: FloatArray, start: int, ends: NDArray[np.int64], share: float,
          noise: Noise) -> FloatArray:
    """z² of the episode from ``start`` to each of ``ends`` (linear return over the last
    ``share``) on residual ``r`` (zero where ``m`` is 0), with the long-run variance."""
    t = np.arange(r.size, dtype=np.float64)
    cr, cm = np.cumsum(np.concatenate([[0.0], r])), np.cumsum(np.concatenate([[0.0], m]))
    ctr = np.cumsum(np.concatenate([[0.0], t * r]))
    ctm = np.cumsum(np.concatenate([[0.0], t * m]))
    cttm = np.cumsum(np.concatenate([[0.0], t * t * m]))
    back = np.rint((ends - start) * share)
    turn = (ends - back).astype(np.int64)
    inv = 1.0 / np.maximum(back, 1.0)
    # the return x_t = 1 − (t − turn)/back on [turn, end): written with sums of r, t r, …
    u = turn.astype(np.float64)
    tail_r = cr[ends] - cr[turn]
    tail_tr = ctr[ends] - ctr[turn]
    num = (cr[ends] - cr[start]) - inv * (tail_tr - u * tail_r)
    sm, stm, sttm = cm[ends] - cm[turn], ctm[ends] - ctm[turn], cttm[ends] - cttm[turn]
    ramp = sm - 2.0 * inv * (stm - u * sm) + inv**2 * (sttm - 2.0 * u * stm + u * u * sm)
    norm = (cm[turn] - cm[start]) + ramp
    variance = norm * noise.sigma**2 * noise.factor((ends - start).astype(np.float64))
    return np.where(norm > 0, num**2 / np.maximum(variance, 1e-12), 0.0)


def extended_episodes(
    residual: FloatArray, weekly: FloatArray, comps: Sequence[Component], noise: Noise
) -> list[Component]:
    """``comps`` with each episode's end moved later, up to ``LONGEST`` days from its start,
    where the standardised ``residual`` (NaN = missing) given the other changes fits it
    better; ``noise`` is the residual's own (not whitened)."""
    n = residual.size
    m = np.isfinite(residual).astype(np.float64)
    r0 = np.where(m > 0, residual, 0.0)
    t = np.arange(n, dtype=np.float64) / n
    out = list(comps)
    columns = [regressor(c, n, weekly) * m for c in out]
    base = np.column_stack([np.ones(n), t, weekly]) * m[:, None]
    for i, c in enumerate(out):
        if c.family != "box" or c.end >= n - 1:
            continue
        r = project_out(r0, np.column_stack([base, *columns[:i], *columns[i + 1 :]]), m)
        ends = np.arange(c.end, max(c.end, min(n - 1, c.start + LONGEST)) + 1)
        fits = _fits(r, m, c.start, ends, c.share, noise)
        best = int(np.argmax(fits))
        if fits[best] > fits[0]:
            out[i] = replace(c, end=int(ends[best]))
            columns[i] = regressor(out[i], n, weekly) * m
    return out
