"""The series stage: emission files in, checked daily series out, with their provenance.

``ingest_emissions`` reads Carbon Monitor files as they really come (long or wide, CSV or
Parquet, UTF-8/BOM/GBK, ISO/YYYYMMDD/DD/MM/YYYY dates, units in the header) into the store in
one transaction; ``list_series``, ``load_series`` and ``load_panel`` read them back;
``read_bare_csv`` reads a ``date,value`` file without a store.
"""

from __future__ import annotations

from carbonnodes.series._bare import read_bare_csv
from carbonnodes.series._chart import plot_series
from carbonnodes.series._ingest import ProgressCallback, ingest_emissions
from carbonnodes.series._layout import USER_DATASET, Said
from carbonnodes.series._query import list_series, load_panel, load_series
from carbonnodes.series._summary import SeriesSummary, summarize_series
from carbonnodes.series._types import Frequency, IngestResult, IngestStatus, SeriesInfo

__all__ = [
    "Frequency",
    "IngestResult",
    "IngestStatus",
    "ProgressCallback",
    "Said",
    "SeriesInfo",
    "SeriesSummary",
    "USER_DATASET",
    "ingest_emissions",
    "list_series",
    "load_panel",
    "load_series",
    "plot_series",
    "read_bare_csv",
    "summarize_series",
]
