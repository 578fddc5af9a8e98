"""Attribution: for each node, the measures that plausibly caused it and what competes."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from carbonnodes.attribute._action import Mismatch, mismatch
from carbonnodes.attribute._calendar import competing, seen_alone
from carbonnodes.attribute._evidence import measure_evidence
from carbonnodes.attribute._match import is_national, scope_score, sector_score
from carbonnodes.attribute._mix import policy_mixes
from carbonnodes.attribute._result import NodeExplanation
from carbonnodes.attribute._settings import AttributionSettings
from carbonnodes.attribute._timing import place, time_plausibility
from carbonnodes.calendar import TEMPERATURE_SHAPE
from carbonnodes.index import sector_query
from carbonnodes.model import Event, Link, Measure, Node

Relevance = Callable[[str, str], float]
DEFAULT_SETTINGS = AttributionSettings()


def weighted_product(components: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Π cᵢ^wᵢ over the components present (weight 1 when not given); 0 if one component is 0."""
    if any(value <= 0 for value in components.values()):
        return 0.0
    return math.exp(sum(weights.get(n, 1.0) * math.log(c) for n, c in components.items()))


def _shared_factor(node: Node, settings: AttributionSettings) -> float:
    """What a local measure keeps of its score where other regions show the node too: the
    full ``shared_demotion`` from half of them on, less for fewer (two of 25 regions leave a
    measure of the region's own almost all of its score), none where chance gives as many."""
    if node.reach not in ("shared", "partly_shared") or not node.peers_total:
        return 1.0
    share = min(1.0, (node.peers_same or 0) / node.peers_total / 0.5)
    return 1.0 - (1.0 - settings.shared_demotion) * share


def node_query(node: Node) -> str:
    """The index's standard query for the node's sector and the direction of its effect."""
    return sector_query(node.sector, "down" if node.effect_pct < 0 else "up")


def _components(
    measure: Measure,
    sector: float,
    scope: float,
    relevance: Relevance | None,
    query: str,
    settings: AttributionSettings,
) -> dict[str, float]:
    text_fit = settings.neutral_relevance
    if relevance is not None:
        text_fit = 0.5 + 0.5 * min(max(relevance(measure.id, query), 0.0), 1.0)
    return {
        "sector": sector,
        "scope": scope,
        "relevance": text_fit,
        "kind": settings.kind_factors.get(measure.kind, settings.unknown_kind_factor),
    }


def _explain(
    node: Node,
    measures: Sequence[Measure],
    events: Sequence[Event],
    relevance: Relevance | None,
    doc_titles: Mapping[str, str],
    settings: AttributionSettings,
) -> NodeExplanation:
    calendar = competing(node, events, settings)
    # the data cannot carry this region's own change here: no local measure can explain it
    not_local = any(c.relation == "national_shape" for c in calendar)
    # nor any measure where, off its share steps, the data's daily shape is the weather's
    weather = not_local and any(c.explanation.id.startswith(TEMPERATURE_SHAPE) for c in calendar)
    # and if no other region shows it either, the node stands at the threshold's edge: no
    # measure, national or local, explains it better than noise
    competitors = ("calendar", "national_shape") if seen_alone(node) else ("calendar",)
    best_calendar = max((c.score for c in calendar if c.relation in competitors), default=0.0)
    competition = 1.0 - settings.calendar_competition * best_calendar
    query = node_query(node)
    shared = _shared_factor(node, settings)
    causes: list[Link] = []
    later: list[Link] = []
    undated = 0
    left_out: Counter[Mismatch] = Counter()
    for measure in measures:
        sector = sector_score(node.sector, measure, settings)
        scope = scope_score(node.city, measure, settings)
        if sector is None or scope is None:
            continue
        placement = place(measure, node.date, settings)
        if placement.timing == "undated":
            undated += 1
            continue
        if placement.timing == "outside" or placement.lag_days is None:
            continue
        components = _components(measure, sector, scope, relevance, query, settings)
        if placement.timing == "later":
            if -placement.lag_days > settings.max_lag_days:
                continue
            # The bar of a cause, time and locality aside: shown for the record, never as a cause.
            offered = _offered(weighted_product(components, settings.weights), components,
                               node, measure, settings, left_out)
            if offered is not None:
                later.append(
                    _link(node, measure, offered, components, placement.lag_days, "announced_later")
                )
            continue
        if weather or (not_local and not is_national(measure)):
            continue
        components["time"] = time_plausibility(placement.lag_days, settings)
        score = weighted_product(components, settings.weights)
        if competition < 1.0:
            components["demotion_calendar"] = competition
            score *= competition
        if shared < 1.0 and not is_national(measure):
            components["demotion_shared"] = shared
            score *= shared
        offered = _offered(score, components, node, measure, settings, left_out)
        if offered is not None:
            causes.append(_link(node, measure, offered, components, placement.lag_days, "cause"))
    causes.sort(key=_rank)
    later.sort(key=_rank)
    mixes = policy_mixes(causes, doc_titles)
    return NodeExplanation(
        node=node,
        causes=tuple(causes[: settings.max_causes]),
        calendar=calendar,
        later=tuple(later[: settings.max_later]),
        mixes=mixes[: settings.max_causes],
        undated=undated,
        unfit=left_out["unfit"],
        opposite=left_out["opposite"],
    )


def _offered(
    score: float,
    components: dict[str, float],
    node: Node,
    measure: Measure,
    settings: AttributionSettings,
    left_out: Counter[Mismatch],
) -> float | None:
    """The score at which a measure is offered, or None below the bar. A measure whose action
    cannot make the node is demoted first (asked only of a measure over the bar: most are
    not), and counted in ``left_out`` where that keeps it out."""
    if score < settings.min_score:
        return None
    misfit = mismatch(node, measure)
    if misfit is not None:
        components[f"demotion_{misfit}"] = settings.action_mismatch
        score *= settings.action_mismatch
        if score < settings.min_score:
            left_out[misfit] += 1
            return None
    return score


def _rank(link: Link) -> tuple[float, str]:
    return (-link.score, link.explanation.id)


def _link(
    node: Node,
    measure: Measure,
    score: float,
    components: dict[str, float],
    lag_days: int,
    relation: Literal["cause", "announced_later"],
) -> Link:
    return Link(
        node=node,
        explanation=measure,
        score=score,
        components=components,
        lag_days=lag_days,
        evidence=measure_evidence(measure),
        relation=relation,
    )


def attribute(
    nodes: Sequence[Node],
    measures: Sequence[Measure],
    events: Sequence[Event],
    *,
    relevance: Relevance | None = None,
    settings: AttributionSettings = DEFAULT_SETTINGS,
    doc_titles: Mapping[str, str] | None = None,
) -> tuple[NodeExplanation, ...]:
    """Explain every node, in the order given.

    ``relevance(measure_id, query)`` is the index's text relevance in [0, 1] (values outside
    are clipped; without it every measure gets the neutral value). ``doc_titles`` maps
    document ids to titles for the policy mixes. Pure: same inputs, same output, ties broken
    by ids.
    """
    titles = doc_titles if doc_titles is not None else {}
    return tuple(_explain(node, measures, events, relevance, titles, settings) for node in nodes)
