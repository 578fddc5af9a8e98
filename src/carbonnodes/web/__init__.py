"""The web view and HTTP API (``carbonnodes serve``): pages for analysts, JSON under /api.

An edge like the CLI: it reads a store opened read-only, calls the stages through
:mod:`carbonnodes.pipeline` and keeps each series' results in memory for fast answers.
"""

from __future__ import annotations

from carbonnodes.web._app import create_app
from carbonnodes.web._data import WebData
from carbonnodes.web._serve import open_data, serve

__all__ = ["WebData", "create_app", "open_data", "serve"]
