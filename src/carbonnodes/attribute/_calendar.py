"""Competing explanations: calendar events, data artefacts, the shared national shock, and
the national daily shape that keeps a region's data from holding a local change off its
share-step days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from carbonnodes.attribute._match import covers, sectors_meet
from carbonnodes.attribute._settings import AttributionSettings
from carbonnodes.calendar import condition, explains, local_action, local_possible, widened
from carbonnodes.model import Event, Link, Node

#: Node kinds that change the series for good, not for a few days.
LASTING = frozenset({"level_shift", "trend_change"})


def _gap(day: dt.date, first: dt.date, last: dt.date) -> int:
    return max((first - day).days, (day - last).days, 0)


def proximity(event: Event, node: Node, settings: AttributionSettings) -> float:
    """1 when the node's date falls on the event, falling linearly to ``window_only_factor``
    at the far edge of the node's window.

    For a lasting change (level shift, trend change) only the event's edges count, each
    widened by its uncertainty: a step coincides with the onset or the end of an episode, not
    with its fortieth day. A year-long state of the data (``condition``) has no edges that
    matter: it holds on every day of it.
    """
    if condition(event):
        return 1.0
    slack = dt.timedelta(days=event.uncertainty_days)
    if node.kind in LASTING:
        gap = min(
            _gap(node.date, event.start - slack, event.start + slack),
            _gap(node.date, event.end - slack, event.end + slack),
        )
    else:
        gap = _gap(node.date, *widened(event))
    if gap == 0:
        return 1.0
    half_width = max((node.window[1] - node.window[0]).days / 2, 1.0)
    return 1.0 - (1.0 - settings.window_only_factor) * min(gap / half_width, 1.0)


def _applies(event: Event, node: Node) -> bool:
    in_sector = not event.sectors or any(sectors_meet(node.sector, s) for s in event.sectors)
    return in_sector and covers(event.scope, node.city)


def prior_of(event: Event, settings: AttributionSettings) -> float:
    """The event kind's prior; a data artefact's rule (``artefact:<rule>:…``, the calendar
    stage's ids) may carry its own."""
    prior = settings.calendar_priors.get(event.kind, settings.unknown_event_prior)
    if event.kind == "data_artefact" and event.id.startswith("artefact:"):
        rule = event.id.split(":")[1]
        prior = settings.artefact_priors.get(rule, prior)
    return prior


def _event_link(event: Event, node: Node, settings: AttributionSettings) -> Link:
    prior = prior_of(event, settings)
    near = proximity(event, node, settings)
    return Link(
        node=node,
        explanation=event,
        score=prior * near,
        components={
            "prior": prior,
            "proximity": near,
            "attached": 1.0 if event.id in node.explained_by else 0.0,
        },
        lag_days=0 if condition(event) else (node.date - event.start).days,
        evidence=event.name_zh or event.name,
        relation="calendar",
    )


def shared_shock(node: Node) -> Link | None:
    """A link to the shock the node shares with other regions: a national one when most show
    it, a regional one when more do than chance would give (``Node.reach``)."""
    reach = node.reach
    if reach not in ("shared", "partly_shared") or not node.peers_total:
        return None
    same, total = node.peers_same or 0, node.peers_total
    share = same / total
    if reach == "shared":
        name = f"Shared shock: {same} of {total} regions show this node"
        name_zh = f"全国性冲击：{total}个地区中有{same}个同时出现该节点"
    else:
        expected = node.peers_expected or 0.0
        chance = f"{expected:.1f}" if expected >= 0.05 else ""
        name = (f"Regional shock: {same} of {total} regions show this node "
                f"(chance: {f'about {chance}' if chance else 'under 0.1'})")
        name_zh = (f"多地区共有冲击：{total}个地区中有{same}个同时出现该节点"
                   f"（偶然{f'约{chance}个' if chance else '不足0.1个'}）")
    event = Event(
        id=f"shared_shock:{node.sector}:{node.date.isoformat()}",
        kind="shared_shock",
        name=name,
        name_zh=name_zh,
        start=node.window[0],
        end=node.window[1],
        scope="national",
        source="peer comparison of the same sector",
        sectors=(node.sector,),
    )
    return Link(
        node=node,
        explanation=event,
        score=0.5 + 0.5 * share,
        components={"peer_share": share},
        lag_days=0,
        evidence=event.name_zh,
        relation="shared_shock",
    )


#: Id prefix of the explanation that data built on the national daily shape hold no local change.
NATIONAL_SHAPE = "artefact:national_shape:"


def national_shape(
    node: Node, events: Sequence[Event], settings: AttributionSettings
) -> Link | None:
    """A link saying the node is not local: the dataset gives every region the national daily
    shape and lets them part only where a share steps, and no such day falls in the node's
    window or episode. Whatever caused the node acted on the nation, not on this region.
    """
    if local_possible(node, events):
        return None
    event = Event(
        id=f"{NATIONAL_SHAPE}{node.city}:{node.date.isoformat()}",
        kind="data_artefact",
        name="Every region of these data has the national daily shape and differs only where "
        "its share steps: not a local change",
        name_zh="该数据各地区逐日形状均为全国曲线、仅在份额跳变日不同：不是本地变化",
        start=node.window[0],
        end=node.window[1],
        scope=node.city,
        source="dataset construction (the calendar's share-step days)",
        sectors=(node.sector,),
    )
    prior = prior_of(event, settings)
    return Link(
        node=node,
        explanation=event,
        score=prior,
        components={"prior": prior},
        lag_days=0,
        evidence=event.name_zh,
        relation="national_shape",
    )


def seen_alone(node: Node) -> bool:
    """No other region shows the node (when others were compared)."""
    return bool(node.peers_total) and node.peers_same == 0


def competing(
    node: Node, events: Sequence[Event], settings: AttributionSettings
) -> tuple[Link, ...]:
    """Calendar and shared-shock links, best first, then the national-shape link if any.

    An event qualifies when the detector attached it to the node (``explained_by``) or when it
    reaches the node's region and sector, overlaps the node's window and can make a change of
    the node's kind (``explains``, the detector's own rule: no holiday bends growth for
    months, no share step changes a weekly cycle). Where the data cannot hold a change of the
    region's own (a national-shape link), the region's own lockdowns and COVID-19 responses
    do not qualify (``local_action``), as its own measures do not.
    """
    shape = national_shape(node, events, settings)
    links: list[Link] = []
    seen: set[str] = set()
    for event in sorted(events, key=lambda e: e.id):
        if event.id in seen or (shape is not None and local_action(event)):
            continue
        if event.id in node.explained_by or (
            explains(event, node) and _applies(event, node)
        ):
            seen.add(event.id)
            links.append(_event_link(event, node, settings))
    shock = shared_shock(node)
    if shock is not None:
        links.append(shock)
    links.sort(key=lambda link: (-link.score, link.explanation.id))
    # last: it says where the change can come from (the nation), not what made it
    return (*links, shape) if shape is not None else tuple(links)
