"""Which calendar events and data artefacts can make which kind of change.

One rule for the two stages that name calendar causes: detection attaches events to a node
(``explained_by``) and attribution lets them compete with the policy measures. A report that
offered a holiday as the cause of a months-long bend in growth, or a share step as the cause
of a changed weekly cycle, would repeat the prototype's seasonal node "explained" by an
unrelated regulation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from carbonnodes.model import Event, EventKind, Node, NodeKind

#: Id prefix of the artefact that marks a sector switched off (zero) by data construction.
ZERO_ARTEFACT = "artefact:residential_zero:"
#: Id prefix of the steps of the national daily shape itself (Residential's 1 July and
#: 1 September): every region steps alike, so no region's share changes there.
NATIONAL_STEP = "artefact:summer_step:"


def share_step(event: Event) -> bool:
    """A one-day data artefact on which a region's share of the national shape changes."""
    return (event.kind == "data_artefact" and event.start == event.end
            and not event.id.startswith(NATIONAL_STEP))


#: What can bend a series' growth for months: a holiday, a make-up workday, the Spring
#: Festival or a share step lasts days or shifts the level, and a slope change's ±60-day
#: window would meet one of them almost everywhere (a slope change in May "explained" by
#: the May Day holiday and two make-up workdays).
SLOPE_CAUSES: frozenset[EventKind] = frozenset(
    {"heating_season_start", "heating_season_end", "lockdown", "covid"}
)


#: Events of a few days. They can make a change dated to the week, not one dated only to the
#: month: a month's window holds a holiday or a make-up workday almost every time.
FEW_DAYS: frozenset[EventKind] = frozenset({"public_holiday", "makeup_workday"})
#: The widest node window (days from first to last) that still dates a change to the week.
WEEK_DATED_DAYS = 15


def widened(event: Event) -> tuple[dt.date, dt.date]:
    """The event's span widened by its own date uncertainty."""
    slack = dt.timedelta(days=event.uncertainty_days)
    return event.start - slack, event.end + slack


def explains(event: Event, kind: NodeKind, window: tuple[dt.date, dt.date]) -> bool:
    """Whether the event can make a ``kind`` change (``can_explain``) and its widened span
    meets the node's ``window``."""
    first, last = widened(event)
    return can_explain(event, kind, window) and first <= window[1] and last >= window[0]


def can_explain(event: Event, kind: NodeKind, window: tuple[dt.date, dt.date]) -> bool:
    """Whether an event of this kind can make a change of that kind, dated to ``window``.

    A slope change only by ``SLOPE_CAUSES``; a holiday or make-up workday only a change dated
    to the week; a share step scales every day of a region alike and leaves its weekly cycle
    as it was, so of the data artefacts only a sector switched off explains a weekly-cycle
    change."""
    if kind == "trend_change":
        return event.kind in SLOPE_CAUSES
    if event.kind in FEW_DAYS and (window[1] - window[0]).days > WEEK_DATED_DAYS:
        return False
    if kind == "seasonal" and event.kind == "data_artefact":
        return event.id.startswith(ZERO_ARTEFACT)
    return True


#: Calendar kinds that are a region's own actions when scoped to a region.
LOCAL_ACTIONS: frozenset[EventKind] = frozenset({"lockdown", "covid"})


def local_action(event: Event) -> bool:
    """A region's own lockdown or COVID-19 response, not a national one. Where the data
    cannot hold a change of the region's own (``region_can_differ``), such an event cannot
    have made the node either: Tianjin's move from level-one to level-two response was
    attached to Tianjin's transport node of 1 May 2020, which every province shows alike."""
    return event.kind in LOCAL_ACTIONS and event.scope != "national"


def region_can_differ(
    events: Sequence[Event], sector: str, first: dt.date, last: dt.date
) -> bool:
    """Whether a region's series can hold a change of its own between ``first`` and ``last``.

    A dataset that builds each region as the national daily shape times a share (Carbon
    Monitor China: a share a year for Ground Transport and Residential, a month for Power,
    Industry and Aviation) lets a region depart from the others only where its share steps,
    and the calendar lists those days as one-day data artefacts (``share_step``). A region's
    own data, with no such artefacts, can change on any day.
    """
    steps = [
        e.start for e in events if share_step(e) and (not e.sectors or sector in e.sectors)
    ]
    return not steps or any(first <= day <= last for day in steps)


def local_possible(node: Node, events: Sequence[Event]) -> bool:
    """``region_can_differ`` over the node's window, and over its episode to its end: whether
    the node's region could hold the change on its own, or only the nation could."""
    last = max(node.window[1], node.end or node.window[1])
    return region_can_differ(events, node.sector, node.window[0], last)
