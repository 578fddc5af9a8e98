"""Local or shared: the same node in other regions, and the ratio series that isolates local ones.

A national shock (COVID, a holiday the model missed) shows in most regions of a sector; a local
policy in one. ``compare_peers`` counts, for each node, the other regions whose detection has a
node of the same kind (a level shift and an episode alike) and direction with an overlapping
date window, and how many would by coincidence: a node is local while no more regions show it
than chance gives (``Node.reach``). ``relative_to`` divides a series by a reference (the
national series, or the sum of the other regions) so that what all regions share cancels and
a local node stands out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from carbonnodes.detect._detection import Detection
from carbonnodes.errors import SeriesError
from carbonnodes.model import Node, Series

#: The unit of a series divided by its peers; the detector reads it to drop shared calendar
#: effects from the ordinary model.
RATIO_UNIT = "ratio"


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


#: Kinds that are one change as peers show it: an episode starts with a level shift, and
#: whether a region's level came back before its series ends is not the shock's nature.
_LEVEL_KINDS = frozenset({"level_shift", "anomaly"})


def _alike(a: Node, b: Node) -> bool:
    """Alike kinds, one direction: a rise in one region and a fall in another are two things."""
    kinds = a.kind == b.kind or {a.kind, b.kind} <= _LEVEL_KINDS
    return kinds and (a.effect_pct > 0.0) == (b.effect_pct > 0.0)


def _days(window: tuple[dt.date, dt.date]) -> int:
    return (window[1] - window[0]).days + 1


#: Nodes of the kind each peer is taken to hold before its own are counted: a peer that shows
#: no other slope change has not shown that it never would, and one region's coincidence
#: must not pass for a shared shock where no rate could be measured.
PRIOR_NODES = 0.5


def _chance(node: Node, peer: Detection) -> float:
    """Probability that ``peer`` shows a node like this one in its window by coincidence: its
    other such nodes (those in the window left out) and ``PRIOR_NODES`` more, each placed
    anywhere at random."""
    span = max(len(peer.series), 1)
    width = _days(node.window)
    miss = math.pow(1.0 - min(1.0, (2 * width - 1) / span), PRIOR_NODES)
    for n in peer.candidates:
        if _alike(n, node) and not _overlap(n.window, node.window):
            miss *= 1.0 - min(1.0, (width + _days(n.window) - 1) / span)
    return 1.0 - miss


def compare_peers(
    nodes: Sequence[Node] | Detection, peers: Sequence[Detection]
) -> list[Node]:
    """The nodes with ``peers_same``/``peers_total`` filled from other regions' detections
    (``peers_showing``: which), and ``peers_expected``: how many of them would show such a
    node there by chance. A peer is read by its candidates, those under the confidence floor
    too: the floor says how sure one region alone can be, not whether its series moved.

    Peers of the same region as the node are ignored, so a caller may pass the whole panel.
    """
    own = list(nodes.nodes if isinstance(nodes, Detection) else nodes)
    out = []
    for node in own:
        others = [p for p in peers if p.series.city != node.city]
        showing = sorted(
            p.series.city for p in others
            if any(_alike(n, node) and _overlap(n.window, node.window) for n in p.candidates)
        )
        expected = round(sum(_chance(node, p) for p in others), 3)
        out.append(replace(node, peers_same=len(showing), peers_total=len(others),
                           peers_expected=expected, peers_showing=tuple(showing)))
    return out


def _sum_of(series: Series, reference: Sequence[Series]) -> Series:
    others = [r for r in reference if r.city != series.city]
    if not others:
        raise SeriesError("no other region to compare with", file=series.source or None)
    start = min(r.start for r in others)
    end = max(r.end for r in others)
    total = np.zeros((end - start).days + 1)
    for r in others:
        first = (r.start - start).days
        total[first : first + len(r)] += np.asarray(r.values, dtype=np.float64)
    return Series(
        city="peers",
        sector=series.sector,
        start=start,
        values=total,
        unit=series.unit,
        source=f"sum of {len(others)} other regions",
    )


def relative_to(series: Series, reference: Series | Sequence[Series]) -> Series:
    """``series`` ÷ ``reference`` on their common days (a sequence is summed, own region left
    out). Days where the reference is missing or not positive become missing."""
    ref = reference if isinstance(reference, Series) else _sum_of(series, reference)
    start = max(series.start, ref.start)
    end = min(series.end, ref.end)
    if end < start:
        raise SeriesError("the series and its reference share no day", file=series.source or None)
    n = (end - start).days + 1
    own = np.asarray(series.values, dtype=np.float64)[series.index_of(start) :][:n]
    base = np.asarray(ref.values, dtype=np.float64)[ref.index_of(start) :][:n]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(np.isfinite(base) & (base > 0), own / base, np.nan)
    return Series(
        city=series.city,
        sector=series.sector,
        start=start,
        values=ratio,
        unit=RATIO_UNIT,
        source=f"{series.source or series.city} ÷ {ref.source or ref.city}",
    )
