"""Building the report's content from nodes, links and documents (a pure function)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.attribute import NodeExplanation, PolicyMix
from carbonnodes.detect import ConstructionStep
from carbonnodes.model import DocDates, Document, Event, Link, Measure, Node, Series
from carbonnodes.report._provenance import Provenance
from carbonnodes.report._text import excerpt, first_sentence, join_cjk, says_more, squeeze
from carbonnodes.report._views import (
    CalendarEntry,
    MeasureEntry,
    MixEntry,
    NodeReport,
    ReportContext,
    SectorReport,
    SeriesSource,
)

#: 主要内容 is cut after this many characters, at a sentence end when one fits.
EXCERPT_CHARS = 160
#: 具体举措名称/事项 falls back to the first sentence, cut after this many characters.
NAME_CHARS = 60


@dataclass(frozen=True)
class SectorInput:
    """What the pipeline hands over for one series of the city."""

    series: Series
    ordinary: NDArray[np.float64]
    explanations: Sequence[NodeExplanation]
    events: Sequence[Event]
    source: SeriesSource
    resolution: str = "day"  # "month": detected month by month (one value per month)
    construction: tuple[ConstructionStep, ...] = ()  # yearly share steps against the peers
    #: the regions whose sum the series was divided by (a ratio: its own nodes against them)
    divided_by: tuple[str, ...] = ()


def build_context(
    sectors: Sequence[SectorInput],
    documents: Iterable[Document],
    provenance: Provenance,
    *,
    excerpt_chars: int = EXCERPT_CHARS,
) -> ReportContext:
    """The report's content; every measure field is looked up in its own document."""
    by_id = {d.id: d for d in documents}
    sections = tuple(_section(s, by_id, excerpt_chars) for s in sectors)
    region = sectors[0].series.city if sectors else ""
    return ReportContext(region=region, sections=sections, provenance=provenance)


def _section(item: SectorInput, docs: dict[str, Document], limit: int) -> SectorReport:
    series = item.series
    events = tuple(
        sorted(
            (e for e in item.events if e.end >= series.start and e.start <= series.end),
            key=lambda e: (e.start, e.id),
        )
    )
    ordered = sorted(item.explanations, key=lambda x: (x.node.date, x.node.kind))
    nodes = tuple(
        _node(x, i + 1, f"{series.sector}-{i + 1}", docs, events, limit, series.end)
        for i, x in enumerate(ordered)
    )
    ordinary = np.asarray(item.ordinary, dtype=np.float64)
    return SectorReport(series, ordinary, item.source, events, nodes, item.resolution,
                        item.construction, item.divided_by)


def _node(
    x: NodeExplanation,
    number: int,
    anchor: str,
    docs: dict[str, Document],
    events: tuple[Event, ...],
    limit: int,
    series_end: dt.date,
) -> NodeReport:
    causes: list[MeasureEntry] = []
    later: list[MeasureEntry] = []
    for link in (*x.causes, *x.later):
        measure = link.explanation
        if not isinstance(measure, Measure):
            continue
        doc = docs.get(measure.doc_id)
        entry = _measure(link, measure, doc, limit)
        # Causal order is checked here again: a measure made public after its node is
        # never shown as its cause, whatever the link says.
        public = _merge_dates(doc.dates if doc else DocDates(), measure.dates).earliest_public
        if link.relation == "cause" and (public is None or public <= x.node.date):
            causes.append(entry)
        else:
            later.append(dataclasses.replace(entry, relation="announced_later"))
    causes.sort(key=lambda e: -e.score)
    later.sort(key=lambda e: (_first_date(e), e.measure.id))
    kept = {e.measure.id for e in causes}
    mixes = tuple(_mix(m, kept) for m in x.mixes if any(_id(lk) in kept for lk in m.links))
    return NodeReport(
        node=x.node,
        number=number,
        anchor=anchor,
        calendar=_calendar(x.calendar, x.node, events),
        causes=tuple(causes),
        mixes=mixes,
        later=tuple(later),
        undated=x.undated,
        unfit=x.unfit,
        opposite=x.opposite,
        series_end=series_end,
    )


def _measure(link: Link, measure: Measure, doc: Document | None, limit: int) -> MeasureEntry:
    dates = _merge_dates(doc.dates if doc else DocDates(), measure.dates)
    if measure.departments:
        departments, origin = measure.departments, "measure"
    elif doc is not None and doc.issuers:
        departments, origin = doc.issuers, "issuer"
    else:
        departments, origin = (), ""
    title = squeeze(measure.title)
    name = join_cjk(title) or first_sentence(measure.text, NAME_CHARS)
    content = excerpt(measure.text, limit, heading=title or name)
    evidence = join_cjk(squeeze(link.evidence))
    url = doc.url if doc is not None else ""
    source_file, _, heading = measure.source.partition("#")
    if source_file.startswith(("http://", "https://")):
        source_file = ""
    file = doc.file if doc is not None and doc.file else source_file
    return MeasureEntry(
        measure=measure,
        name=name,
        dates=tuple((label, day) for label, day in _labelled(dates) if day is not None),
        departments=departments,
        departments_from=origin,
        content=content,
        targets=measure.targets,
        url=url,
        file=file,
        location=heading or measure.number,
        doc_title=doc.title if doc is not None else "",
        doc_number=doc.number if doc is not None else "",
        score=link.score,
        components=tuple(link.components.items()),
        lag_days=link.lag_days,
        evidence=evidence,
        relation=link.relation,
        evidence_new=says_more(evidence, name + content),
    )


def _merge_dates(doc: DocDates, own: DocDates) -> DocDates:
    """The document's dates, completed by the measure's where the document states none."""
    return DocDates(
        signed=doc.signed or own.signed,
        published=doc.published or own.published,
        effective=doc.effective or own.effective,
    )


def _labelled(dates: DocDates) -> tuple[tuple[str, dt.date | None], ...]:
    return (("signed", dates.signed), ("published", dates.published),
            ("effective", dates.effective))


def _first_date(entry: MeasureEntry) -> dt.date:
    return min((d for _, d in entry.dates), default=dt.date.max)


def _id(link: Link) -> str:
    return link.explanation.id


def _mix(mix: PolicyMix, kept: set[str]) -> MixEntry:
    links = [lk for lk in mix.links if _id(lk) in kept]
    numbers = tuple(
        lk.explanation.number or lk.explanation.id
        for lk in links
        if isinstance(lk.explanation, Measure)
    )
    return MixEntry(doc_id=mix.doc_id, doc_title=mix.doc_title, numbers=numbers, score=mix.score)


def _calendar(
    links: Sequence[Link], node: Node, events: tuple[Event, ...]
) -> tuple[CalendarEntry, ...]:
    """The attribution's calendar links, plus events detection attached that it left out."""
    entries = [
        CalendarEntry(
            event=link.explanation,
            relation=link.relation,
            score=link.score,
            components=tuple(link.components.items()),
            lag_days=link.lag_days,
            evidence=squeeze(link.evidence),
        )
        for link in links
        if isinstance(link.explanation, Event)
    ]
    offered = {e.event.id for e in entries}
    by_id = {e.id: e for e in events}
    for event_id in node.explained_by:
        event = by_id.get(event_id)
        if event is not None and event_id not in offered:
            lag = (node.date - event.start).days
            entries.append(CalendarEntry(event, "calendar", None, (), lag, ""))
    return tuple(entries)


def with_summaries(ctx: ReportContext, summaries: Mapping[str, str]) -> ReportContext:
    """The same report with LLM summaries (by measure id) set beside the extracted content."""

    def entries(items: tuple[MeasureEntry, ...]) -> tuple[MeasureEntry, ...]:
        return tuple(dataclasses.replace(e, summary=summaries.get(e.measure.id, e.summary))
                     for e in items)

    sections = tuple(
        dataclasses.replace(s, nodes=tuple(
            dataclasses.replace(n, causes=entries(n.causes), later=entries(n.later))
            for n in s.nodes))
        for s in ctx.sections
    )
    return dataclasses.replace(ctx, sections=sections)


def measure_texts(ctx: ReportContext) -> dict[str, str]:
    """Each measure the report shows, by id, with its full text (what a summary may shorten)."""
    return {
        e.measure.id: e.measure.text
        for s in ctx.sections for n in s.nodes for e in (*n.causes, *n.later)
    }
