"""The report stage: rendering explained nodes as Markdown, offline HTML or JSON.

``build_context`` gathers the content (a pure function over nodes, links and documents);
``render`` turns it into text in one format and language; ``write_atomic`` puts it on disk.
"""

from __future__ import annotations

from carbonnodes.report._chart import KIND_COLOURS, chart_svg
from carbonnodes.report._context import (
    SectorInput,
    build_context,
    measure_texts,
    with_summaries,
)
from carbonnodes.report._format import Formatter
from carbonnodes.report._json import construction_fields
from carbonnodes.report._labels import Labels
from carbonnodes.report._provenance import InputFile, Provenance, corpus_snapshot, run_time
from carbonnodes.report._render import FORMATS, render
from carbonnodes.report._views import (
    CalendarEntry,
    MeasureEntry,
    NodeReport,
    ReportContext,
    SectorReport,
    SeriesSource,
)
from carbonnodes.report._write import write_atomic

__all__ = [
    "FORMATS",
    "KIND_COLOURS",
    "CalendarEntry",
    "Formatter",
    "InputFile",
    "Labels",
    "MeasureEntry",
    "NodeReport",
    "Provenance",
    "ReportContext",
    "SectorInput",
    "SectorReport",
    "SeriesSource",
    "build_context",
    "chart_svg",
    "construction_fields",
    "corpus_snapshot",
    "measure_texts",
    "render",
    "run_time",
    "with_summaries",
    "write_atomic",
]
