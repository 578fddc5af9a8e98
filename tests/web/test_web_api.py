"""The JSON API against the running server: catalogue, series, nodes, explanations,
downloads, corpus, search, runs, and 4xx answers with a message for every bad parameter."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io

from _webserver import Server

SERIES = {"region": "天津", "sector": "地面交通"}


def test_regions_and_sectors_in_both_languages(server: Server) -> None:
    regions = server.get("/api/regions").json()
    assert [r["key"] for r in regions] == ["beijing", "shandong", "tianjin"]
    tianjin = regions[2]
    assert tianjin["label"] == tianjin["zh"] and tianjin["en"] == "Tianjin"
    assert "ground_transport" in tianjin["sectors"]
    sectors = {s["key"]: s for s in server.get("/api/sectors", lang="en").json()}
    assert sectors["ground_transport"]["label"] == "Ground Transport"
    assert sectors["ground_transport"]["zh"] == "地面交通"


def test_series_catalogue_resolves_any_spelling(server: Server) -> None:
    by_chinese = server.get("/api/series", region="天津市").json()
    by_english = server.get("/api/series", region="Tianjin").json()
    assert by_chinese == by_english
    assert len(by_chinese) == 5
    assert {s["start"] for s in by_chinese} == {"2019-01-01"}
    only = server.get("/api/series", region="Tianjin", sector="Ground Transport").json()
    assert [s["sector"] for s in only] == ["ground_transport"]


def test_series_values_with_a_date_range(server: Server) -> None:
    answer = server.get("/api/series/values", **SERIES, start="2020-01-01", end="2020-03-31")
    assert answer.status_code == 200
    body = answer.json()
    assert body["dates"][0] == "2020-01-01" and body["dates"][-1] == "2020-03-31"
    assert len(body["dates"]) == len(body["values"]) == len(body["ordinary"]) == 91
    assert all(v is None or v > 0 for v in body["values"])
    reversed_range = server.get("/api/series/values", **SERIES, start="2020-03-01",
                                end="2020-01-01")
    assert reversed_range.status_code == 422
    assert "before" in reversed_range.json()["detail"]


def test_nodes_and_their_filters(server: Server) -> None:
    nodes = server.get("/api/nodes", **SERIES).json()
    assert nodes, "the Tianjin ground-transport series has key nodes"
    assert [n["number"] for n in nodes] == list(range(1, len(nodes) + 1))
    for n in nodes:
        assert n["city"] == "tianjin" and n["sector"] == "ground_transport"
        assert 0.0 <= n["confidence"] <= 1.0
        assert n["effect_ci"][0] <= n["effect_pct"] <= n["effect_ci"][1]
        assert "links" not in n
        assert n["peers_total"] == 2  # Beijing and Shandong
    kind = nodes[0]["kind"]
    same_kind = server.get("/api/nodes", **SERIES, kind=kind).json()
    assert same_kind and {n["kind"] for n in same_kind} == {kind}
    assert server.get("/api/nodes", **SERIES, node=1).json() == [nodes[0]]
    later = server.get("/api/nodes", **SERIES, after="2021-01-01").json()
    assert all(n["date"] >= "2021-01-01" for n in later)
    assert len(later) == sum(n["date"] >= "2021-01-01" for n in nodes)


def test_explanations_keep_causal_order_and_evidence(server: Server) -> None:
    explained = server.get("/api/explanations", **SERIES).json()
    assert [n["number"] for n in explained] == [
        n["number"] for n in server.get("/api/nodes", **SERIES).json()
    ]
    measures = 0
    for node in explained:
        for link in node["links"]:
            x = link["explanation"]
            assert link["relation"] in (
                "cause", "announced_later", "calendar", "shared_shock", "national_shape"
            )
            if x["type"] != "measure":
                continue
            measures += 1
            assert x["doc_id"] and x["text"]
            public = [x["dates"][k] for k in ("published", "signed") if k in x["dates"]]
            if link["relation"] == "cause" and public:
                assert min(public) <= node["date"], "a cause dated after its node"
            assert set(link["components"]) <= {"kind", "demotion_calendar", "demotion_shared",
                                                "demotion_unfit", "demotion_opposite",
                                                "temporal", "time", "sector", "scope", "text",
                                                "relevance", "calendar", "prior"}
    assert measures > 0, "the corpus offers measures for some node"


def test_downloads_match_the_listings(server: Server) -> None:
    nodes = server.get("/api/nodes", **SERIES).json()
    answer = server.get("/api/download/nodes.csv", **SERIES)
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="nodes-tianjin-ground_transport-carbon_monitor.csv"' in (
        answer.headers["content-disposition"])
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["date"] for r in rows] == [n["date"] for n in nodes]
    assert float(rows[0]["effect_pct"]) == nodes[0]["effect_pct"]
    assert [r["reach"] for r in rows] == [n["reach"] or "" for n in nodes]
    as_file = server.get("/api/download/nodes.json", **SERIES, node=1).json()
    assert as_file["nodes"] == nodes[:1] and as_file["region"] == "tianjin"
    links = list(csv.DictReader(io.StringIO(
        server.get("/api/download/explanations.csv", **SERIES).text)))
    explained = server.get("/api/explanations", **SERIES).json()
    assert len(links) == sum(len(n["links"]) for n in explained)
    assert {r["type"] for r in links} <= {"measure", "event"}
    kind = nodes[0]["kind"]
    filtered = server.get("/api/download/explanations.json", **SERIES, kind=kind).json()
    assert {n["kind"] for n in filtered["nodes"]} == {kind}


def test_search_applies_the_cli_filters(server: Server) -> None:
    body = server.get("/api/search", q="新能源汽车", sector="Ground Transport", k=3).json()
    hits = body["hits"]
    assert 0 < len(hits) <= 3
    assert all("ground_transport" in h["measure"]["sectors"] for h in hits)
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert all(h["passage"] in h["measure"]["text"] for h in hits)
    early = server.get("/api/search", q="碳达峰", before="2021-06-01", k=20).json()["hits"]
    assert all(h["measure"]["dates"]["earliest_public"] < "2021-06-01" for h in early)
    scoped = server.get("/api/search", q="碳达峰", scope="national", k=20).json()["hits"]
    assert scoped and {h["measure"]["scope"] for h in scoped} == {"national"}


def test_documents_measures_and_versions(server: Server) -> None:
    listing = server.get("/api/documents", limit=500).json()
    assert listing["total"] == len(listing["documents"]) >= 25
    drafts = [d for d in listing["documents"] if d["family"] and d["family"] != d["id"]]
    assert drafts, "the corpus holds a draft linked to its final"
    draft = server.get(f"/api/documents/{drafts[0]['id']}").json()
    assert draft["versions"], "the draft is compared with its final"
    version = draft["versions"][0]
    assert (version["draft_id"], version["final_id"]) == (draft["id"], draft["family"])
    assert sum(version["counts"].values()) == len(version["changes"])
    for m in draft["measure_list"]:
        start, end = m["span"]
        assert 0 <= start < end <= len(draft["text"])
    measures = server.get("/api/measures", doc_id=draft["id"], limit=5).json()
    assert measures["total"] == draft["measures"] and len(measures["measures"]) <= 5


def test_runs_list_every_ingest_with_provenance(server: Server) -> None:
    runs = server.get("/api/runs").json()
    kinds = {r["kind"] for r in runs}
    assert kinds == {"emissions", "policies"}
    emissions = next(r for r in runs if r["kind"] == "emissions")
    assert emissions["file"].endswith("cm_three_regions_daily_2019_2022.csv")
    assert len(emissions["sha256"]) == 64 and emissions["rows"] > 0
    assert dt.datetime.fromisoformat(emissions["ingested_at"])


def test_bad_parameters_get_4xx_with_a_message(server: Server) -> None:
    cases = [
        ("/api/nodes", {"region": "Atlantis", "sector": "Power"}, 404, "Atlantis"),
        ("/api/nodes", {"region": "Tianjin", "sector": "Shipping"}, 404, "Shipping"),
        ("/api/nodes", {"region": "Shanghai", "sector": "Power"}, 404, "shanghai"),
        ("/api/nodes", {**SERIES, "after": "2020-02-30"}, 422, "after"),
        ("/api/nodes", {**SERIES, "kind": "earthquake"}, 422, "kind"),
        ("/api/nodes", {**SERIES, "node": 999}, 200, ""),
        ("/api/search", {"q": "碳", "k": 1000}, 422, "k"),
        ("/api/search", {"q": ""}, 422, "q"),
        ("/api/search", {"q": "碳", "region": "Gotham"}, 404, "Gotham"),
        ("/api/nodes", {"region": "Suzhou", "sector": "Power"}, 422, "宿州"),
        ("/api/documents/no-such-doc", {}, 404, "no-such-doc"),
        ("/api/documents/..%2F..%2Fetc%2Fpasswd", {}, 404, ""),
        ("/api/series/values", {**SERIES, "dataset": "../x"}, 422, "dataset"),
        ("/api/nodes", {**SERIES, "lang": "fr"}, 422, "lang"),
        ("/api/nodes", {**SERIES, "divided_by": "天津市"}, 422, "divided by itself"),
        ("/api/nodes", {**SERIES, "divided_by": "Atlantis"}, 404, "Atlantis"),
    ]
    for path, params, status, needle in cases:
        answer = server.get(path, **params)
        assert answer.status_code == status, (path, params, answer.text)
        if status >= 400:
            detail = answer.json()["detail"]
            assert isinstance(detail, str) and needle in detail, (path, detail)
            assert "Traceback" not in answer.text


def test_a_series_divided_by_its_peers_or_by_one_region(server: Server) -> None:
    """Tianjin's transport over the other two regions' sum is that ratio, day by day; over
    Beijing's, what is left steps on 1 January only, each step named Beijing's too."""
    own, *others = (server.get("/api/series/values", region=r, sector="地面交通",
                               start="2021-03-01", end="2021-03-03").json()
                    for r in ("天津", "北京", "山东"))
    ratio = server.get("/api/series/values", **SERIES, divided_by="peers", start="2021-03-01",
                       end="2021-03-03").json()
    assert (ratio["unit"], ratio["divided_by"]) == ("ratio", ["beijing", "shandong"])
    for day, value in enumerate(ratio["values"]):
        expected = own["values"][day] / sum(o["values"][day] for o in others)
        assert abs(value - expected) < 1e-9 * expected
    nodes = server.get("/api/nodes", **SERIES, divided_by="Beijing").json()
    assert nodes and all(n["date"].endswith("-01-01") for n in nodes)
    assert all(any(i.startswith("reference:artefact:") for i in n["explained_by"])
               for n in nodes)
    assert all(n["reach"] is None for n in nodes)  # a ratio is its own comparison
    download = server.get("/api/download/nodes.json", **SERIES, divided_by="北京")
    assert 'nodes-tianjin-ground_transport-carbon_monitor-over-beijing.json"' in \
        download.headers["content-disposition"]
    assert download.json()["divided_by"] == "beijing"
    assert [n["date"] for n in download.json()["nodes"]] == [n["date"] for n in nodes]
    plain = server.get("/api/nodes", **SERIES).json()
    assert [n["date"] for n in plain] != [n["date"] for n in nodes]  # cached apart


def test_the_store_is_left_as_it_was(server: Server) -> None:
    before = hashlib.sha256(server.db.read_bytes()).hexdigest()
    assert server.get("/api/runs").status_code == 200
    assert server.get("/api/search", q="碳达峰").status_code == 200
    assert server.get("/api/documents/dcp-063").status_code == 200
    assert server.get("/api/nodes", **SERIES).status_code == 200
    assert hashlib.sha256(server.db.read_bytes()).hexdigest() == before
