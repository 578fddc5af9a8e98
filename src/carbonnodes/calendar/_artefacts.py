"""Data-construction artefacts of the provincial series, expanded into dated events.

The rules (``data/artefacts.csv``) say on which days a dataset's construction makes the
series jump; this module turns each rule into one event per such day inside a date range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from carbonnodes.calendar._tables import ArtefactRule, artefact_rules
from carbonnodes.model import Event


def artefact_datasets() -> tuple[str, ...]:
    """The datasets that have artefact rules (``carbon_monitor``, ``cui2021``)."""
    return tuple(sorted({rule.dataset for rule in artefact_rules()}))


def artefacts_by_sector(dataset: str) -> bool:
    """Whether every artefact of ``dataset`` belongs to some of its sectors only, so that a
    series of no known sector gets none of them."""
    return all(rule.sectors for rule in artefact_rules() if rule.dataset == dataset)


def artefact_events(
    dataset: str, scopes: frozenset[str], start: dt.date, end: dt.date
) -> list[Event]:
    """Artefacts of ``dataset`` in [start, end] for rules covering every region or ``scopes``."""
    events = []
    for rule in artefact_rules():
        if rule.dataset != dataset:
            continue
        targets = ("national",) if not rule.regions else sorted(scopes & set(rule.regions))
        for scope in targets:
            for first, last, key in _spans(rule, start, end):
                if first <= end and last >= start:
                    events.append(_event(rule, scope, first, last, key))
    return events


def _spans(
    rule: ArtefactRule, start: dt.date, end: dt.date
) -> Iterator[tuple[dt.date, dt.date, str]]:
    """(first day, last day, id suffix) of each occurrence within the rule's years and range."""
    for year in range(max(rule.first_year, start.year), min(rule.last_year, end.year) + 1):
        if rule.pattern == "month_start":
            for month in range(1, 13):
                day = dt.date(year, month, 1)
                yield day, day, day.isoformat()
        elif rule.pattern == "year_start":
            day = dt.date(year, 1, 1)
            yield day, day, day.isoformat()
        elif rule.pattern == "jan_feb":
            yield dt.date(year, 1, 1), dt.date(year, 3, 1) - dt.timedelta(days=1), str(year)
        elif rule.pattern == "summer_edges":
            for day in (dt.date(year, 7, 1), dt.date(year, 9, 1)):
                yield day, day, day.isoformat()
        else:  # year_span
            yield dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)


def _event(rule: ArtefactRule, scope: str, first: dt.date, last: dt.date, key: str) -> Event:
    where = "" if scope == "national" else f"{scope}:"
    return Event(
        id=f"artefact:{rule.rule}:{where}{key}", kind="data_artefact",
        name=rule.name, name_zh=rule.name_zh, start=first, end=last, scope=scope,
        source=f"{rule.dataset}: {rule.source}", sectors=rule.sectors,
        uncertainty_days=rule.uncertainty_days,
    )
