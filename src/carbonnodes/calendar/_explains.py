"""Which calendar events and data artefacts can make which kind of change.

One rule for the two stages that name calendar causes: detection attaches events to a node
(``explained_by``) and attribution lets them compete with the policy measures. A report that
offered a holiday as the cause of a months-long bend in growth, or a share step as the cause
of a changed weekly cycle, would repeat the prototype's seasonal node "explained" by an
unrelated regulation.
"""

from __future__ import annotations

from carbonnodes.model import Event, EventKind, NodeKind

#: Id prefix of the artefact that marks a sector switched off (zero) by data construction.
ZERO_ARTEFACT = "artefact:residential_zero:"

#: What can bend a series' growth for months: a holiday, a make-up workday, the Spring
#: Festival or a share step lasts days or shifts the level, and a slope change's ±60-day
#: window would meet one of them almost everywhere (a slope change in May "explained" by
#: the May Day holiday and two make-up workdays).
SLOPE_CAUSES: frozenset[EventKind] = frozenset(
    {"heating_season_start", "heating_season_end", "lockdown", "covid"}
)


def can_explain(event: Event, kind: NodeKind) -> bool:
    """Whether an event of this kind can make a change of that kind. Besides slope changes
    (``SLOPE_CAUSES``): a share step scales every day of a region alike and leaves its weekly
    cycle as it was, so of the data artefacts only a sector switched off explains a
    weekly-cycle change."""
    if kind == "trend_change":
        return event.kind in SLOPE_CAUSES
    if kind == "seasonal" and event.kind == "data_artefact":
        return event.id.startswith(ZERO_ARTEFACT)
    return True
