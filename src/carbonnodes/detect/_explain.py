"""Which calendar events and data artefacts a node coincides with.

A node is explained by an event when the node's date window meets the event's span widened
by the event's own date uncertainty, and the event is of a kind that can make such a change
(``carbonnodes.calendar.can_explain``, the rule attribution uses too). Such nodes stay in
the output with the event ids attached: never dropped silently, never passed off as a
policy candidate. The one exception is a change at a near-zero stretch the
calendar lists as a sector switched off (see ``_effects``): that is the artefact itself, not
a node.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from carbonnodes.calendar import can_explain
from carbonnodes.model import Event, NodeKind


def explaining(
    window: tuple[dt.date, dt.date], kind: NodeKind, events: Sequence[Event]
) -> tuple[str, ...]:
    """Ids of the events that can make a ``kind`` change and whose (uncertainty-widened)
    span meets ``window``, sorted."""
    first, last = window
    found = []
    for e in events:
        pad = dt.timedelta(days=e.uncertainty_days)
        if can_explain(e, kind, window) and e.start - pad <= last and e.end + pad >= first:
            found.append(e.id)
    return tuple(sorted(set(found)))
