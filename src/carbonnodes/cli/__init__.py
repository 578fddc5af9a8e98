"""The ``carbonnodes`` command: one module per stage registers its commands on the app."""

from __future__ import annotations

from carbonnodes.cli import (  # noqa: F401  (importing registers the commands)
    calendar_cmd,
    detect,
    emissions,
    explain,
    policies,
    search,
    serve,
)
from carbonnodes.cli._app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
