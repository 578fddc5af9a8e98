"""What detection returns: the nodes and the ordinary model they were measured against."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.model import Node, Series


@dataclass(frozen=True)
class Detection:
    """Nodes of one series, with the curves a chart or report needs.

    ``ordinary`` is the fitted ordinary model (calendar, cycles, data steps; no nodes) and
    ``fitted`` the same plus the nodes' effects, both in the series' unit and as long as the
    series. ``noise_sd`` is the residual scale on the log scale and ``noise_long_run`` how much
    slower than 1/L the variance of an L-day mean shrinks over months (1 = white noise);
    ``settings`` records the knobs used and the resolution detected at (``day``, or
    ``month`` for a series with one value per calendar month). ``candidates`` holds every
    node found, those under the confidence floor too: what other regions compare against
    (``compare_peers``), since a region whose own evidence for a change fell short of the
    floor still moved.
    """

    series: Series
    nodes: tuple[Node, ...]
    ordinary: NDArray[np.float64]
    fitted: NDArray[np.float64]
    noise_sd: float
    noise_long_run: float
    settings: dict[str, float | int | str]
    candidates: tuple[Node, ...]

    @property
    def expected_false_nodes(self) -> float:
        """Σ (1 − confidence) over the unexplained nodes: how many are likely not real."""
        return float(sum(1.0 - n.confidence for n in self.nodes if not n.explained_by))
