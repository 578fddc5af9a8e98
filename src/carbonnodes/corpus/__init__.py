"""The corpus stage: policy documents → cleaned, dated, tagged measures in the store.

Files (txt, html, pdf, docx, JSONL records; UTF-8 or GBK; simplified or traditional) are
cleaned with every character mapped back to the original, split into measures along their
heading tree, given departments, targets and Carbon Monitor sectors, linked draft ↔ final,
and stored in one transaction per batch.
"""

from __future__ import annotations

from carbonnodes.corpus._family import MeasureChange
from carbonnodes.corpus._ingest import IngestReport, ProgressCallback, ingest_policies
from carbonnodes.corpus._load import (
    VersionDiff,
    load_document,
    load_documents,
    load_measures,
    measure_counts,
    version_diff,
)
from carbonnodes.corpus._metadata import DOC_TYPES
from carbonnodes.corpus._parse import PARSER_REVISION, parse_source
from carbonnodes.corpus._read import Skipped, Source, read_sources
from carbonnodes.corpus._sectors import SECTOR_KEYS

__all__ = [
    "DOC_TYPES",
    "IngestReport",
    "MeasureChange",
    "PARSER_REVISION",
    "ProgressCallback",
    "SECTOR_KEYS",
    "Skipped",
    "Source",
    "VersionDiff",
    "ingest_policies",
    "load_document",
    "load_documents",
    "load_measures",
    "measure_counts",
    "parse_source",
    "read_sources",
    "version_diff",
]
