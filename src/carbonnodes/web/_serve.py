"""Opening the store for the server and running uvicorn on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import uvicorn

from carbonnodes.store import open_store
from carbonnodes.web._app import create_app
from carbonnodes.web._data import WebData


def open_data(db: str | Path) -> WebData:
    """The store's content for the server; the store is opened read-only."""
    store = open_store(db, read_only=True)
    return WebData(store, started=dt.datetime.now(dt.UTC))


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the pages and the API until interrupted."""
    app = create_app(open_data(db))
    uvicorn.run(app, host=host, port=port, log_level="warning")
