"""Which calendar events and data artefacts can make which kind of change.

One rule for the two stages that name calendar causes: detection attaches events to a node
(``explained_by``) and attribution lets them compete with the policy measures. A report that
offered a holiday as the cause of a months-long bend in growth, or a share step as the cause
of a changed weekly cycle, would repeat the prototype's seasonal node "explained" by an
unrelated regulation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from carbonnodes.model import Event, EventKind, Node
from carbonnodes.names import region_label

#: Id prefix of the artefact that marks a sector switched off (zero) by data construction.
ZERO_ARTEFACT = "artefact:residential_zero:"
#: Id prefix of the artefact that says Residential's daily shape is the national
#: temperature-driven curve (Carbon Monitor China): every change off a share step is weather.
TEMPERATURE_SHAPE = "artefact:temperature_shape:"
#: Id prefix of the steps of the national daily shape itself (Residential's 1 July and
#: 1 September): every region steps alike, so no region's share changes there.
NATIONAL_STEP = "artefact:summer_step:"
#: Id prefix of the step a dataset built month by month puts on every month's first day.
MONTH_STEP = "artefact:month_step:"
#: Id prefix of January and February sharing one total, split between them by working days.
JAN_FEB = "artefact:jan_feb_shared:"
#: Id prefix of a step of the series a ratio was divided by (``detect --relative-to``): it
#: explains a node of the ratio, but says nothing of the days on which the divided series'
#: own region can differ from the others.
REFERENCE_STEP = "reference:"


def as_reference_step(event: Event, region: str) -> Event:
    """A one-day data artefact of ``region``'s series, the reference, as its ratio's calendar
    holds it: named as the reference's, since the ratio's own region may step that day too."""
    return dataclasses.replace(
        event,
        id=REFERENCE_STEP + event.id,
        name=f"{event.name}, in {region_label(region, 'en')}'s series (the reference)",
        name_zh=f"{event.name_zh or event.name}（参照序列{region_label(region, 'zh')}）",
    )


def condition(event: Event) -> bool:
    """A data artefact that holds for a whole year (a sector recorded as zero, a
    temperature-driven shape): a state of the data on every day of it, not a dated step."""
    return event.kind == "data_artefact" and (event.end - event.start).days >= 364


#: Id prefixes of the artefacts of a province's share of the national curve.
_SHARE_RULES = ("artefact:month_step:", "artefact:year_step:", "artefact:jan_feb_shared:")


def provincial_share(event: Event) -> bool:
    """An artefact of a province's share of the national curve: the national series itself
    has none (its own artefacts are the curve's: Residential's summer steps, its shape)."""
    return event.id.startswith(_SHARE_RULES)


def share_step(event: Event) -> bool:
    """A one-day data artefact on which a region's share of the national shape changes."""
    return (event.kind == "data_artefact" and event.start == event.end
            and not event.id.startswith((NATIONAL_STEP, REFERENCE_STEP)))


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
#: How far an episode a few-day event makes may reach beyond the event's own days: travel
#: on the eves before it, the return after it.
EVE_DAYS = 3
RETURN_DAYS = 3


def widened(event: Event) -> tuple[dt.date, dt.date]:
    """The event's span widened by its own date uncertainty."""
    slack = dt.timedelta(days=event.uncertainty_days)
    return event.start - slack, event.end + slack


def explains(event: Event, node: Node) -> bool:
    """Whether the event can make the node's change (``can_explain``) and its widened span
    meets the node's date window."""
    first, last = widened(event)
    return can_explain(event, node) and first <= node.window[1] and last >= node.window[0]


def can_explain(event: Event, node: Node) -> bool:
    """Whether an event of this kind can make a change of the node's kind, where it is.

    A slope change only by ``SLOPE_CAUSES``; a share step scales every day of a region alike
    and leaves its weekly cycle as it was, so of the data artefacts only a sector switched
    off explains a weekly-cycle change; a holiday or make-up workday only an episode of its
    own days (``within_its_days``); a month's share step only a change dated to the week: a
    node dated only to the month meets one in every month, and is the region's change from
    one month's value to the next, which the step carries (Industry's fall of October 2021,
    the autumn of power rationing, read as eight provinces' "share steps"); January and
    February's shared total only what its split can make (``_within_the_split``); a
    temperature-driven daily shape any change."""
    if event.id.startswith(TEMPERATURE_SHAPE):
        return True
    if node.kind == "trend_change":
        return event.kind in SLOPE_CAUSES
    if event.kind in FEW_DAYS:
        return within_its_days(event, node)
    rule = event.id.removeprefix(REFERENCE_STEP)
    if rule.startswith(MONTH_STEP):
        return _week_dated(node)
    if rule.startswith(JAN_FEB):
        return _within_the_split(event, node)
    if node.kind == "seasonal" and event.kind == "data_artefact":
        return event.id.startswith(ZERO_ARTEFACT)
    return True


def within_its_days(event: Event, node: Node) -> bool:
    """Whether a holiday or make-up workday can have made the node: an episode dated to the
    week that may start with the event's days (its date window meets them, from ``EVE_DAYS``
    before) and is over within ``RETURN_DAYS`` of their end. The window, not the point date:
    Tianjin's transport dipped from 25 April to 6 May 2020, its start dated by a weekend
    that 2020's deep weekly cycle made as low as the Labour Day break (1–5 May) itself.

    Its effect ends with it, so it makes no lasting shift of the level or the weekly cycle,
    and cannot start an episode after it is over: Beijing's Residential rose 24 % from
    10 to 23 October 2021, three days after the National Day holiday (in 11 of 16
    provinces, an early cold spell), and was "explained" by it.
    """
    if node.kind != "anomaly" or not _week_dated(node):
        return False
    first, last = widened(event)
    end = node.end or node.date
    return (node.window[0] <= last + dt.timedelta(days=1)
            and node.window[1] >= first - dt.timedelta(days=EVE_DAYS)
            and end <= last + dt.timedelta(days=RETURN_DAYS))


def _within_the_split(event: Event, node: Node) -> bool:
    """Whether January and February's one total, split between them by working days, can
    have made the node: a step on 1 February (dated to the week), or one month against the
    other (an episode of January or of February alone). The two months' sum is the
    region's own, so a change that outlasts February is not the split's: every province's
    COVID-19 collapse of February and March 2020 was named by it first."""
    february = dt.date(event.start.year, 2, 1)
    if _week_dated(node):
        return node.window[0] <= february <= node.window[1]
    return (node.kind == "anomaly" and node.date in (event.start, february)
            and node.end is not None and node.end <= event.end + dt.timedelta(days=1))


def _week_dated(node: Node) -> bool:
    return (node.window[1] - node.window[0]).days <= WEEK_DATED_DAYS


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
