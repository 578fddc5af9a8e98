"""The corpus commands: ingest policies, corpus list and corpus show, in text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carbonnodes.cli import app
from corpus._files import SEED_NUMBERS, seed_path


@pytest.fixture(scope="module")
def db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "corpus.duckdb")
    seeds = [str(seed_path(shared, n)) for n in SEED_NUMBERS]
    result = CliRunner().invoke(app, ["ingest", "policies", *seeds, "--db", path, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 4 and report["measures"] == 56 + 26 + 23 + 18
    return path


def test_ingest_prints_a_summary_and_is_a_no_op_the_second_time(shared: Path, db: str) -> None:
    result = CliRunner().invoke(app, ["ingest", "policies", str(seed_path(shared, "001")),
                                      "--db", db, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "documents stored 0" in result.stdout
    assert "unchanged (ingested before) 1" in result.stdout


def test_ingest_of_a_missing_path_fails_with_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ingest", "policies", str(tmp_path / "nope"), "--db", str(tmp_path / "x.duckdb")]
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


def test_corpus_list_json(db: str) -> None:
    result = CliRunner().invoke(app, ["corpus", "list", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    documents = {d["id"]: d for d in json.loads(result.stdout)}
    first = documents["001_9dd9838cf756847a"]
    assert first["number"] == "津政发〔2022〕18号"
    assert first["dates"] == {"signed": "2022-08-25", "published": "2022-09-14", "effective": None}
    assert first["measures"] == 56 and first["abridged"] is True
    assert documents["003_f517017784e72d4b"]["family"] == "002_77abe22b6e50ebe1"


def test_corpus_list_text_shows_labelled_dates(db: str) -> None:
    result = CliRunner().invoke(app, ["corpus", "list", "--db", db])
    assert result.exit_code == 0, result.output
    assert "津政发〔2022〕18号" in result.stdout
    assert "成文 2022-08-25" in result.stdout and "发布 2022-09-14" in result.stdout


def test_corpus_show_json_has_measures_quotes_and_version_changes(db: str) -> None:
    result = CliRunner().invoke(app, ["corpus", "show", "002_77abe22b6e50ebe1", "--db", db,
                                      "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert len(shown["measures"]) == 26
    seventh = next(m for m in shown["measures"] if m["number"] == "二、（三）7.")
    assert seventh["quote"].startswith("7.探索配額分配激勵機制")  # the document's own script
    (versions,) = shown["versions"]
    assert versions["draft"] == "003_f517017784e72d4b"
    assert versions["counts"]["added"] == 3
    added = [c["final"] for c in versions["changes"] if c["status"] == "added"]
    assert "二、（三）7." in added


def test_corpus_show_text_in_english(db: str) -> None:
    result = CliRunner().invoke(app, ["corpus", "show", "001_9dd9838cf756847a", "--db", db,
                                      "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "二、（五）1. 推动运输工具装备低碳转型" in result.stdout
    assert "Ground Transport" in result.stdout
    assert "2025: 新能源汽车新车销售量达到汽车新车销售总量 25% (左右)" in result.stdout


def test_corpus_show_unknown_document(db: str) -> None:
    result = CliRunner().invoke(app, ["corpus", "show", "nope", "--db", db])
    assert result.exit_code == 2
    assert "no document 'nope'" in result.stderr
