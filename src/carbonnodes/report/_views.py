"""The report's content, language-neutral: what every format shows, already grounded.

Renderers only choose labels and layout; every value here comes from a node, a link, a
document passage or the store's provenance records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from carbonnodes.detect import ConstructionStep
from carbonnodes.model import Event, Measure, Node, Series, Target
from carbonnodes.report._provenance import Provenance

#: Measures announced later are listed up to this many per node (best scores first) in the
#: Markdown and HTML reports; the JSON report keeps them all.
LATER_SHOWN = 5


@dataclass(frozen=True)
class SeriesSource:
    """Where a series came from: its dataset, file, release and ingest time."""

    dataset: str
    file: str
    release: str = ""
    ingested_at: str = ""


@dataclass(frozen=True)
class MeasureEntry:
    """One measure offered for a node, each field taken from its document.

    ``dates`` are the document's labelled dates (signed / published / effective) that it
    states; ``departments_from`` says whether the departments are the measure's own
    ("measure"), the document's issuers ("issuer") or unknown ("").
    ``file`` is the document's file, ``location`` the measure's heading path inside it.
    ``summary`` is an optional LLM rewrite of ``content``, shown beside it, never instead.
    ``evidence_new`` says whether the evidence quotes words the name and excerpt do not show.
    """

    measure: Measure
    name: str
    dates: tuple[tuple[str, dt.date], ...]
    departments: tuple[str, ...]
    departments_from: str
    content: str
    targets: tuple[Target, ...]
    url: str
    file: str
    location: str
    doc_title: str
    doc_number: str
    score: float
    components: tuple[tuple[str, float], ...]
    lag_days: int | None
    evidence: str
    relation: str
    evidence_new: bool = False
    summary: str = ""


@dataclass(frozen=True)
class CalendarEntry:
    """A calendar event, data artefact or shared shock competing with the measures."""

    event: Event
    relation: str
    score: float | None
    components: tuple[tuple[str, float], ...]
    lag_days: int | None
    evidence: str


@dataclass(frozen=True)
class MixEntry:
    """Measures of one document offered together for a node."""

    doc_id: str
    doc_title: str
    numbers: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class NodeReport:
    node: Node
    number: int
    anchor: str
    calendar: tuple[CalendarEntry, ...]
    causes: tuple[MeasureEntry, ...]
    mixes: tuple[MixEntry, ...]
    later: tuple[MeasureEntry, ...]
    undated: int = 0
    unfit: int = 0  # measures whose action cannot make a node of this kind
    opposite: int = 0  # measures that only cut, where the node is a rise
    series_end: dt.date | None = None  # how far the data reach past the node

    @property
    def none_found(self) -> bool:
        return not self.causes

    @property
    def not_local(self) -> bool:
        """The data could not hold a change of this region's own at the node (every region
        has the national daily shape there): whatever made it acted on the nation."""
        return any(e.relation == "national_shape" for e in self.calendar)

    @property
    def later_shown(self) -> tuple[MeasureEntry, ...]:
        """The best-scoring measures announced later: dozens would bury the report."""
        ranked = sorted(self.later, key=lambda e: (-e.score, e.measure.id))
        return tuple(ranked[:LATER_SHOWN])

    @property
    def later_hidden(self) -> int:
        return len(self.later) - len(self.later_shown)


@dataclass(frozen=True)
class SectorReport:
    """One series of the city with its ordinary model, nodes and calendar events, the
    resolution it was detected at (``month`` for a series with one value per month) and its
    yearly data-construction steps, measured in its share of the regions' sum, or, for a
    ratio, the regions it was divided by."""

    series: Series
    ordinary: NDArray[np.float64]
    source: SeriesSource
    events: tuple[Event, ...]
    nodes: tuple[NodeReport, ...]
    resolution: str = "day"
    construction: tuple[ConstructionStep, ...] = ()
    #: the regions whose sum the series was divided by: a ratio, its nodes its own against them
    divided_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportContext:
    region: str
    sections: tuple[SectorReport, ...]
    provenance: Provenance
