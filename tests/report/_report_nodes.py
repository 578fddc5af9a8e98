"""Node objects for report tests (a module of its own: test folders share one import path)."""

from __future__ import annotations

import datetime as dt

from carbonnodes.model import Node


def make_node(day: dt.date, kind: str = "level_shift", **extra: object) -> Node:
    return Node(
        city="tianjin", sector="ground_transport", date=day, kind=kind,  # type: ignore[arg-type]
        confidence=0.83, effect_pct=-12.3, effect_ci=(-15.1, -9.6),
        window=(day - dt.timedelta(days=7), day + dt.timedelta(days=7)),
        **extra,  # type: ignore[arg-type]
    )
