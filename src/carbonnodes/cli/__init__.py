"""The ``carbonnodes`` command: one module per stage registers its commands on the app."""

from __future__ import annotations

import os

# The stages do many small matrix operations; BLAS thread pools only add contention on the
# small machines this runs on. Set before numpy loads; an explicit user setting wins.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from carbonnodes.cli import (  # noqa: E402, F401  (importing registers the commands)
    calendar_cmd,
    detect,
    emissions,
    explain,
    policies,
    search,
    serve,
)
from carbonnodes.cli._app import app  # noqa: E402


def main() -> None:
    app()


__all__ = ["app", "main"]
