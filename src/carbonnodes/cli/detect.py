"""Commands: detect."""
from __future__ import annotations
