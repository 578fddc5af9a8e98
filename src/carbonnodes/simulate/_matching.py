"""One-to-one matching of reported dates to true dates within a tolerance.

The rule of van den Burg & Williams (2020, research note cpd-anchors Appendix B), on days
instead of indices and with a tolerance per true node: true nodes are visited in ascending
order and each takes the closest still-unused prediction within its tolerance (ties: the
earlier prediction). True nodes with the tightest tolerance go first, so a trend change's
wide ±60-day window cannot take the prediction that sits on a level shift next to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from carbonnodes.model import NodeKind

TOLERANCE_DAYS: dict[NodeKind, int] = {
    "anomaly": 7,
    "level_shift": 7,
    "seasonal": 7,
    "trend_change": 60,
}


def match_days(
    truth: Sequence[int], tolerances: Sequence[int], predicted: Sequence[int]
) -> list[tuple[int, int]]:
    """Pairs (index into ``truth``, index into ``predicted``) of a one-to-one matching."""
    order = sorted(range(len(truth)), key=lambda i: (tolerances[i], truth[i], i))
    used: set[int] = set()
    pairs = []
    for i in order:
        candidates = [
            (abs(p - truth[i]), p, j)
            for j, p in enumerate(predicted)
            if j not in used and abs(p - truth[i]) <= tolerances[i]
        ]
        if candidates:
            j = min(candidates)[2]
            used.add(j)
            pairs.append((i, j))
    return sorted(pairs)
