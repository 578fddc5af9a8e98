"""``carbonnodes serve`` refuses a missing store with one line and exit code 3."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from carbonnodes.cli import app


def test_serve_needs_an_existing_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(app, ["serve", "--db", str(missing)])
    assert result.exit_code == 3
    assert "no store here yet" in result.output
    assert not missing.exists(), "serving never creates a store"


def test_serve_binds_to_loopback_by_default() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output
