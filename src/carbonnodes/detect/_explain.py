"""Which calendar events and data artefacts a node coincides with.

A node is explained by an event when the node's date window meets the event's span widened
by the event's own date uncertainty, and the event is of a kind that can make such a change.
Such nodes stay in the output with the event ids attached: never dropped silently, never
passed off as a policy candidate. The one exception is a change at a near-zero stretch the
calendar lists as a sector switched off (see ``_effects``): that is the artefact itself, not
a node.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from carbonnodes.detect._effects import ZERO_ARTEFACT
from carbonnodes.model import Event, EventKind, NodeKind

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


def explaining(
    window: tuple[dt.date, dt.date], kind: NodeKind, events: Sequence[Event]
) -> tuple[str, ...]:
    """Ids of the events that can make a ``kind`` change and whose (uncertainty-widened)
    span meets ``window``, sorted."""
    first, last = window
    found = []
    for e in events:
        pad = dt.timedelta(days=e.uncertainty_days)
        if can_explain(e, kind) and e.start - pad <= last and e.end + pad >= first:
            found.append(e.id)
    return tuple(sorted(set(found)))
