"""Opening the store for the server and running uvicorn on it."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import uvicorn

from carbonnodes.store import open_store
from carbonnodes.web._app import create_app
from carbonnodes.web._data import WebData


def open_data(db: str | Path) -> WebData:
    """The store's content for the server; the store is opened read-only."""
    store = open_store(db, read_only=True)
    return WebData(store, started=dt.datetime.now(dt.UTC))


def serve(
    db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, warm: bool = False
) -> None:
    """Serve the pages and the API until interrupted.

    ``warm`` explains every series in a background thread from the start, so that first
    visits find their results ready (requests are slower while it runs).
    """
    data = open_data(db)
    if warm:
        threading.Thread(target=data.warm, name="carbonnodes-warm", daemon=True).start()
    try:
        uvicorn.run(create_app(data), host=host, port=port, log_level="warning")
    finally:
        data.close()
