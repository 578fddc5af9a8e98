"""Heating-season edges as events for a province, from its heating profile."""

from __future__ import annotations

from functools import cache

from carbonnodes.calendar._tables import heating_edges, heating_profiles
from carbonnodes.model import Event

#: Central heating burns coal and gas in heat-and-power plants and boilers.
HEATING_SECTORS = ("power", "residential")

#: Name suffixes that mark a province's edges as the generic default, not its own dates.
_DEFAULT_EN = {"north_default": " (northern default)"}
_DEFAULT_ZH = {"north_default": "（北方默认）"}


@cache
def heating_events(province: str) -> tuple[Event, ...]:
    """Starts and ends of every heating season the province's profile knows; none in the south."""
    profile = heating_profiles().get(province, "none")
    events = []
    for edge in heating_edges():
        if edge.profile != profile:
            continue
        verb_en, verb_zh = ("starts", "开始") if edge.edge == "start" else ("ends", "结束")
        statutory = edge.statutory_date.strftime("%d %b").lstrip("0")
        events.append(Event(
            id=f"heating_season_{edge.edge}:{province}:{edge.season}",
            kind="heating_season_start" if edge.edge == "start" else "heating_season_end",
            name=(f"Heating season {edge.season} {verb_en}{_DEFAULT_EN.get(profile, '')} "
                  f"(statutory {statutory})"),
            name_zh=(f"{edge.season}采暖季集中供热{verb_zh}{_DEFAULT_ZH.get(profile, '')}"
                     f"（法定{edge.statutory_date.month}月{edge.statutory_date.day}日）"),
            start=edge.date, end=edge.date, scope=province,
            source=f"{edge.source} [confidence: {edge.confidence}]",
            sectors=HEATING_SECTORS, uncertainty_days=edge.uncertainty_days,
        ))
    return tuple(events)
