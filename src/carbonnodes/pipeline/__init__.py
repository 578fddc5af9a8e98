"""The explanation pipeline over the store, shared by the ``explain`` command and the web view.

The stages stay pure; this package is the one place that strings them together for a series
in the store, so the CLI and the server cannot drift apart.
"""

from __future__ import annotations

from carbonnodes.pipeline._explain import (
    NATIONAL,
    CorpusView,
    DetectedSeries,
    Panels,
    Relevance,
    detect_region,
    detect_stored,
    explain_detected,
    load_corpus,
    panel_detections,
    peer_detections,
    provenance,
    series_calendar,
)
from carbonnodes.pipeline._ratio import (
    PEERS,
    detect_divided,
    detect_ratio,
    ratio_calendar,
    reference_region,
    reference_series,
    stored_dataset,
)
from carbonnodes.pipeline._sources import input_files, iso_time, series_info, series_source

__all__ = [
    "NATIONAL",
    "PEERS",
    "CorpusView",
    "DetectedSeries",
    "Panels",
    "Relevance",
    "detect_divided",
    "detect_ratio",
    "detect_region",
    "detect_stored",
    "explain_detected",
    "input_files",
    "iso_time",
    "load_corpus",
    "panel_detections",
    "peer_detections",
    "provenance",
    "ratio_calendar",
    "reference_region",
    "reference_series",
    "series_calendar",
    "series_info",
    "series_source",
    "stored_dataset",
]
