"""A store with emissions but no corpus still serves: search finds nothing, pages answer,
and warming explains its one series ahead of any request."""

from __future__ import annotations

import typing
from pathlib import Path

from fastapi.testclient import TestClient

from carbonnodes.corpus import DOC_TYPES
from carbonnodes.series import ingest_emissions
from carbonnodes.store import open_store
from carbonnodes.web import create_app, open_data
from carbonnodes.web._params import DocType


def test_store_without_corpus(shared: Path, tmp_path: Path) -> None:
    source = shared / "data" / "emissions" / "cm_china_province_daily_2019_2022.csv"
    csv = tmp_path / "tianjin_power.csv"
    with source.open(encoding="utf-8") as rows:
        header = next(rows)
        kept = [r for r in rows if ",Tianjin,Power," in r]
    csv.write_text(header + "".join(kept), encoding="utf-8")
    db = tmp_path / "emissions_only.duckdb"
    with open_store(db) as store:
        ingest_emissions(store, [csv])
    data = open_data(db)
    client = TestClient(create_app(data))
    assert [r["key"] for r in client.get("/api/regions").json()] == ["tianjin"]
    assert client.get("/api/search", params={"q": "碳达峰"}).json()["hits"] == []
    assert client.get("/api/documents").json() == {"total": 0, "documents": []}
    assert client.get("/search", params={"q": "碳达峰"}).status_code == 200
    assert data.warm() == 1, "the one series is explained ahead of any request"
    nodes = client.get("/api/nodes", params={"region": "天津", "sector": "电力"})
    assert nodes.status_code == 200 and all(n["peers_total"] is None for n in nodes.json())
    assert client.get("/api/runs").json()[0]["kind"] == "emissions"
    data.close()


def test_document_type_parameter_lists_the_corpus_types() -> None:
    assert set(typing.get_args(DocType)) == set(DOC_TYPES)
