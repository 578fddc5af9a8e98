"""Where the seed documents are, for tests that pass paths rather than parsed documents."""

from __future__ import annotations

from pathlib import Path

SEED_NUMBERS = ("001", "002", "003", "004")


def seed_path(shared: Path, number: str) -> Path:
    """The seed file whose name starts with ``number`` (001 … 004)."""
    (path,) = sorted((shared / "seeds").glob(f"{number}_*.txt"))
    return path
