"""Command: serve — the web view and JSON API over the store, read-only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from carbonnodes.cli._app import DbOption, app, err, handles_errors
from carbonnodes.errors import StoreError
from carbonnodes.store import DEFAULT_DB


@app.command("serve")
@handles_errors
def serve_command(
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; loopback unless you say otherwise.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
    warm: Annotated[
        bool, typer.Option("--warm", help="Explain every series in the background from the "
                           "start (default: each on its first request).")
    ] = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Serve the pages and the /api JSON API; the store is opened read-only."""
    from carbonnodes.web import serve  # the server's imports are only paid for when serving

    if db != ":memory:" and not Path(db).exists():
        raise StoreError(f"{db}: no store here yet; run 'carbonnodes ingest emissions' first")
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: binding to {host} makes the pages reachable from other machines")
    err.print(f"serving {db} on http://{host}:{port} (read-only; Ctrl-C stops)", markup=False)
    serve(db, host=host, port=port, warm=warm)
