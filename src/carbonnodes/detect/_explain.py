"""Which calendar events and data artefacts a node coincides with.

A node is explained by an event of a kind that can make such a change, whose span (widened
by its own date uncertainty) meets the node's date window: ``carbonnodes.calendar.explains``,
the rule attribution uses too. Such nodes stay in the output with the event ids attached:
never dropped silently, never passed off as a policy candidate. The one exception is a
change at a near-zero stretch the calendar lists as a sector switched off (see
``_effects``): that is the artefact itself, not a node.
"""

from __future__ import annotations

from collections.abc import Sequence

from carbonnodes.calendar import explains, local_action
from carbonnodes.model import Event, Node


def explaining(node: Node, events: Sequence[Event], *, local: bool) -> tuple[str, ...]:
    """Ids of the events that explain the node, sorted; where the region's data cannot hold
    a change of its own (``local`` false), none of its own lockdowns or COVID-19 responses
    (``local_action``)."""
    return tuple(sorted({
        e.id for e in events if explains(e, node) and (local or not local_action(e))
    }))
