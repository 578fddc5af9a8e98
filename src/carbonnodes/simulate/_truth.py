"""What a simulated series really contains: the nodes planted in it, and its artefacts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from carbonnodes.model import NodeKind

SCENARIOS: tuple[str, ...] = (
    "anomaly",
    "construction_steps",
    "level_shift",
    "mixture",
    "no_change",
    "seasonal",
    "trend_change",
)

SECTORS: tuple[str, ...] = ("ground_transport", "industry", "power", "residential")


@dataclass(frozen=True)
class TrueNode:
    """An entry of a simulated series' truth: a planted change, or what is not a node.

    ``effect_pct`` is the level change for ``level_shift`` and artefacts, the depth for an
    ``anomaly`` (negative), the slope change in % per year for ``trend_change`` and the change
    of the weekly-cycle amplitude for ``seasonal``. ``end`` is the day an anomaly has fully
    recovered, or the last day of a calendar effect's span.

    Two kinds of entries are not nodes and are never scored as a hit or a miss: ``artefact``
    marks a data-construction step (a provincial share changing on 1 January or the 1st of a
    month); ``calendar`` names the ordinary calendar effect whose span ``date``…``end`` this
    is (``spring_festival``, ``public_holiday``, ``heating_season_start``,
    ``heating_season_end``). A detector may report a node there only with its cause attached
    (``_scores`` has the rules).
    """

    date: dt.date
    kind: NodeKind
    effect_pct: float
    end: dt.date | None = None
    artefact: bool = False
    calendar: str = ""
    #: a weekly-cycle change's change of the weekly swing (highest minus lowest weekday, log
    #: scale) in percentage points over its first four weeks: the unit a node reports it in
    swing_points: float | None = None
    #: an episode's depth as a series of monthly means shows it: its deepest month's mean
    month_depth: float | None = None

    @property
    def is_node(self) -> bool:
        """A planted change a detector should find, not an artefact or a calendar effect."""
        return not self.artefact and not self.calendar

    @property
    def node_effect(self) -> float:
        """The effect in the unit a node states it in: ``swing_points`` for a weekly-cycle
        change where known, ``effect_pct`` otherwise."""
        return self.swing_points if self.swing_points is not None else self.effect_pct
