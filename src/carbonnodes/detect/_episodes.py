"""Episodes (anomalies): a level that drops or jumps and comes back, at once or linearly.

A lockdown drops within days and returns over weeks. Judged by generalised least squares,
evidence sits at a change's sharp edges, so a box that ends at once (the return as a step)
misfits such an episode badly; a candidate whose last half returns linearly fits it.
A linear return from a to b is [slope(a) − slope(b)] / (b − a), so an episode is a step and
two slope changes, and all its inner products come from those of ``_filtered``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect._filtered import FilteredColumns, inverse, off_baseline
from carbonnodes.detect._robust import Noise

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
#: Positions of candidates: index arrays, or slices for a whole length of the grid.
Index = IntArray | slice

#: Episode lengths tried (days), a quarter apart from seven weeks on; an episode's end is
#: refined to the day (within a sixth of its length) after it is chosen.
BOX_LENGTHS: IntArray = np.array(
    [3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 21, 24, 28, 32, 36, 42, 49, 61, 76, 95, 119,
     149, 186, 240],
    dtype=np.int64,
)
#: Shares of an episode's span taken by its linear return (0: it ends at once), each tried
#: on episodes at least so many days long (a week's hold before a return of three weeks or
#: more; shorter episodes are holidays and end at once).
RETURN_SHARES = {0.0: 3, 0.5: 14, 0.8: 28}
#: The episodes scored at every start: (return share, lengths).
EPISODE_SHAPES: tuple[tuple[float, IntArray], ...] = tuple(
    (share, BOX_LENGTHS[BOX_LENGTHS >= shortest]) for share, shortest in RETURN_SHARES.items()
)
#: (return share, length) of each column of the episode scores.
EPISODE_COLUMNS: tuple[tuple[float, int], ...] = tuple(
    (share, int(length)) for share, lengths in EPISODE_SHAPES for length in lengths
)


def episode_shape(start: int, end: int, share: float, n: int) -> FloatArray:
    """1 from ``start``, a linear return over the last ``share`` of the span, 0 from ``end``."""
    t = np.arange(n, dtype=np.float64)
    back = int(np.rint((end - start) * share))
    turn = end - back
    column = ((t >= start) & (t < turn)).astype(np.float64)
    if back > 0:
        column += np.where((t >= turn) & (t < end), 1.0 - (t - turn) / back, 0.0)
    return column


class EpisodeScorer:
    """Variances of every episode candidate and their inner products with residuals."""

    def __init__(
        self,
        filtered: FilteredColumns,
        baseline: FloatArray,
        gram_inv: FloatArray,
        observed: NDArray[np.bool_],
        noise: Noise,
    ) -> None:
        f = self.filtered = filtered
        self.n = filtered.n
        self.gram_inv = gram_inv
        self.noise = noise
        self.shortest = max(f.p, 2)
        self.step_sq = f.step_cross(0)
        self.overlaps = [f.step_cross(lag) for lag in range(f.p + 1)]
        self.step_base = np.column_stack([f.step(b) for b in baseline.T])
        self.slope_base = np.column_stack([f.hinge(b) for b in baseline.T])
        self.slope_m = f.hinge(f.mask)
        self.slope_tm = f.hinge(f.t * f.mask)
        self.slope_sq = f.hinge_norm()
        self.count = np.concatenate([[0.0], np.cumsum(observed.astype(np.float64))])
        # the grid is scored in single precision: it only has to rank candidates (the chosen
        # one's score is recomputed in double precision) and it is the search's hottest loop
        self.inv_by_column = np.concatenate(
            [self._grid_inverse(lengths, share) for share, lengths in EPISODE_SHAPES]
        ).astype(np.float32)
        self.grid = [
            (share, int(length), int(length - np.rint(length * share)))
            for share, lengths in EPISODE_SHAPES
            for length in lengths
        ]

    def _bounds(
        self, starts: IntArray, lengths: IntArray, share: float
    ) -> tuple[IntArray, IntArray, FloatArray, NDArray[np.bool_]]:
        """Where the return starts and ends, 1 / its length, and whether the shape is valid
        (hold and return each at least ``shortest`` days, inside the series)."""
        starts, lengths = np.broadcast_arrays(starts, lengths)
        back = np.rint(lengths * share).astype(np.int64)
        ok = starts + lengths < self.n
        if share > 0.0:
            ok &= (back >= self.shortest) & (lengths - back >= self.shortest)
        turn = np.minimum(starts + lengths - back, self.n)
        end = np.minimum(starts + lengths, self.n)
        return turn, end, 1.0 / np.maximum(back, 1), ok

    def _overlap(self, lengths: int | IntArray, end: Index) -> FloatArray:
        """The overlap term of the two steps of episodes ``lengths`` days long ending at
        ``end`` (every length ≥ p shares one)."""
        p = self.filtered.p
        if isinstance(lengths, int):
            return np.asarray(self.overlaps[min(lengths, p)][end])
        overlap = np.asarray(self.overlaps[p][end])
        for lag in range(p):
            pick = lengths == lag
            overlap[pick] = self.overlaps[lag][np.asarray(end)[pick]]
        return overlap

    def _parts(
        self,
        head: Index,
        turn: Index,
        end: Index,
        turn_day: FloatArray | IntArray,
        inv_back: float | FloatArray,
        lengths: int | IntArray,
        share: float,
    ) -> tuple[FloatArray, FloatArray]:
        """Squared norms and baseline inner products of filtered episodes starting at
        ``head``, returning from ``turn`` (day ``turn_day``) to ``end``; the positions are
        index arrays or, for a whole length of the grid at once, slices."""
        if share == 0.0:
            norm = self.step_sq[head] + self.step_sq[end] - 2.0 * self._overlap(lengths, end)
            return norm, self.step_base[head] - self.step_base[end]
        c, d = self.filtered.level, self.filtered.d
        between = c * self.slope_tm[end] - (c * turn_day + d) * self.slope_m[end]
        norm = (
            self.step_sq[head]
            - 2.0 * inv_back * c * (self.slope_m[turn] - self.slope_m[end])
            + (self.slope_sq[turn] - 2.0 * between + self.slope_sq[end]) * inv_back**2
        )
        cross = self.step_base[head] - (
            self.slope_base[turn] - self.slope_base[end]
        ) * np.asarray(inv_back)[..., None]
        return norm, cross

    def _grid_inverse(self, lengths: IntArray, share: float) -> FloatArray:
        """1 / variance of every episode of each length (rows) at every start (0 where
        invalid), one length at a time: what each needs are shifted views of the step and
        slope arrays."""
        n = self.n
        tau = np.arange(n, dtype=np.float64)
        factors = self.noise.factor(lengths.astype(np.float64)) * self.noise.sigma**2
        out = np.zeros((lengths.size, n))
        for j, length in enumerate(int(x) for x in lengths):
            rows = n - length
            back = int(np.rint(length * share))
            if rows <= 0 or (share > 0.0 and min(back, length - back) < self.shortest):
                continue
            first = length - back
            norm, cross = self._parts(
                slice(0, rows),
                slice(first, first + rows),
                slice(length, length + rows),
                tau[:rows] + first,
                1.0 / max(back, 1),
                length,
                share,
            )
            norm = off_baseline(norm, cross, self.gram_inv)
            enough = self.count[length : length + rows] - self.count[:rows] >= 3
            out[j, :rows] = np.where(enough, inverse(norm * factors[j]), 0.0)
        return out

    def grid_z2(self, step: FloatArray, slope: FloatArray) -> NDArray[np.float32]:
        """z² of the whole grid (starts × ``EPISODE_COLUMNS``), from the residual's step and
        slope inner products (``FilteredColumns.step`` and ``.hinge``)."""
        n = self.n
        steps = np.concatenate([step, np.zeros(n)]).astype(np.float32)
        slopes = np.concatenate([slope, np.zeros(n)]).astype(np.float32)
        head = steps[:n]
        out = np.empty((len(self.grid), n), dtype=np.float32)
        for k, (share, length, turn) in enumerate(self.grid):
            row = out[k]
            if share == 0.0:
                np.subtract(head, steps[length : length + n], out=row)
            else:
                np.subtract(slopes[turn : turn + n], slopes[length : length + n], out=row)
                row *= np.float32(1.0 / (length - turn))
                np.subtract(head, row, out=row)
        np.square(out, out=out)
        out *= self.inv_by_column
        return np.ascontiguousarray(out.T)

    def z2(
        self, step: FloatArray, slope: FloatArray, starts: IntArray, ends: IntArray,
        share: float,
    ) -> FloatArray:
        """z² of episodes [start, end) of any length."""
        lengths = ends - starts
        turn, end, inv_back, ok = self._bounds(starts, lengths, share)
        if share == 0.0:
            num = step[starts] - step[end]
        else:
            num = step[starts] - (slope[turn] - slope[end]) * inv_back
        norm, cross = self._parts(starts, turn, end, turn, inv_back, lengths, share)
        norm = off_baseline(norm, cross, self.gram_inv)
        factor = self.noise.factor(lengths.astype(np.float64)) * self.noise.sigma**2
        return np.where(ok & (lengths >= 3), num**2 * inverse(norm * factor), 0.0)
