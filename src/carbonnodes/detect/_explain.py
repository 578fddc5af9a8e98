"""Which calendar events and data artefacts a node coincides with.

A node is explained by an event when the node's date window meets the event's span widened
by the event's own date uncertainty. Such nodes stay in the output with the event ids attached:
never dropped silently, never passed off as a policy candidate. The one exception is a change at
a near-zero stretch the calendar lists as a sector switched off (see ``_effects``): that is the
artefact itself, not a node.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from carbonnodes.model import Event


def explaining(window: tuple[dt.date, dt.date], events: Sequence[Event]) -> tuple[str, ...]:
    """Ids of the events whose (uncertainty-widened) span meets ``window``, sorted."""
    first, last = window
    found = []
    for e in events:
        pad = dt.timedelta(days=e.uncertainty_days)
        if e.start - pad <= last and e.end + pad >= first:
            found.append(e.id)
    return tuple(sorted(set(found)))
