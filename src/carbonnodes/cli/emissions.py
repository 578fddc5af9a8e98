"""Commands: ingest emissions, series list, series show."""
from __future__ import annotations
