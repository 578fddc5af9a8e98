"""Commands: ingest policies, search, corpus list, corpus show."""
from __future__ import annotations
