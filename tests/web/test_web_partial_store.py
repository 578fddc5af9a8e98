"""Stores the full data does not show: no corpus (search finds nothing, pages answer,
warming explains the one series) and a series the detector cannot analyse."""

from __future__ import annotations

import datetime as dt
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


def test_a_series_the_detector_cannot_analyse_says_why(tmp_path: Path) -> None:
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(400)]
    csv = tmp_path / "zeros.csv"
    csv.write_text("date,state,sector,value\n"
                   + "".join(f"{d},Tianjin,Power,0.0\n" for d in days), encoding="utf-8")
    db = tmp_path / "zeros.duckdb"
    with open_store(db) as store:
        ingest_emissions(store, [csv])
    data = open_data(db)
    client = TestClient(create_app(data))
    page = client.get("/series", params={"region": "tianjin", "sector": "power"})
    assert page.status_code == 422
    assert 'id="choose"' in page.text and 'id="error-message"' in page.text
    assert "天津市 · 电力" in page.text
    api = client.get("/api/nodes", params={"region": "tianjin", "sector": "power"})
    assert api.status_code == 422 and "zero" in api.json()["detail"]
    assert data.warm() == 0
    data.close()
