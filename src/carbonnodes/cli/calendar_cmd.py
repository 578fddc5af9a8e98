"""Commands: calendar."""
from __future__ import annotations
