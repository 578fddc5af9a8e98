"""Ingesting into the store: round trip, re-ingest as a no-op, draft ↔ final families."""

from __future__ import annotations

from pathlib import Path

from carbonnodes.corpus import (
    PARSER_REVISION,
    ingest_policies,
    load_document,
    load_documents,
    load_measures,
    measure_counts,
    version_diff,
)
from carbonnodes.store import Store, open_store
from corpus._files import seed_path


def test_measures_round_trip_through_the_store(seed_store: Store) -> None:
    measures = load_measures(seed_store)
    assert len(measures) == sum(measure_counts(seed_store).values())
    document = load_document(seed_store, "001_9dd9838cf756847a")
    assert [m.id for m in document.measures] == [
        m.id for m in measures if m.doc_id == document.id
    ]
    transport = next(m for m in document.measures if m.number == "二、（五）1.")
    assert "市交通运输委" in transport.departments
    assert any(t.year == 2030 and t.value == 50.0 for t in transport.targets)
    start, end = transport.span
    assert document.text[start:end].startswith("1. 推动运输工具装备低碳转型")


def test_load_measures_of_one_document(seed_store: Store) -> None:
    measures = load_measures(seed_store, doc_id="004_f9eb803d73e354f4")
    assert len(measures) == 18
    assert {m.doc_id for m in measures} == {"004_f9eb803d73e354f4"}


def test_draft_is_linked_to_its_final_with_measure_7_added(seed_store: Store) -> None:
    documents = {d.id: d for d in load_documents(seed_store)}
    final, draft = "002_77abe22b6e50ebe1", "003_f517017784e72d4b"
    assert documents[final].family == documents[draft].family == final
    assert documents["001_9dd9838cf756847a"].family == ""
    (diff,) = version_diff(seed_store, draft)
    assert (diff.draft_id, diff.final_id) == (draft, final)
    added = [c.final.number for c in diff.changes if c.status == "added" and c.final]
    assert "二、（三）7." in added
    assert "二、（六）17." in added
    changed = {c.final.number: c for c in diff.changes if c.final}
    assert changed["二、（三）5."].status == "same"
    # Numbering shifts by one after the added measure: final 8 is draft 7.
    assert changed["二、（四）8."].draft is not None
    assert changed["二、（四）8."].draft.number == "二、（四）7."
    assert changed["二、（九）24."].status == "reworded"
    assert version_diff(seed_store, final) == [diff]
    assert version_diff(seed_store, "001_9dd9838cf756847a") == []


def test_reingest_of_the_same_files_is_a_no_op(shared: Path, seed_store: Store) -> None:
    before = seed_store.con.execute("SELECT count(*) FROM ingests").fetchone()
    report = ingest_policies(seed_store, [seed_path(shared, "001"), seed_path(shared, "002")])
    assert report.documents == 0
    assert sorted(report.unchanged) == ["001_9dd9838cf756847a", "002_77abe22b6e50ebe1"]
    after = seed_store.con.execute("SELECT count(*) FROM ingests").fetchone()
    assert before == after


def test_force_reparses_and_replaces_unchanged_documents(shared: Path, store: Store) -> None:
    ingest_policies(store, [seed_path(shared, "004")])
    report = ingest_policies(store, [seed_path(shared, "004")], force=True)
    assert report.stored == ("004_f9eb803d73e354f4",) and report.unchanged == ()
    assert len(load_measures(store)) == 18
    assert store.con.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_documents_read_by_an_older_parser_are_read_again(shared: Path, tmp_path: Path) -> None:
    """A store made before the parser's revision was kept (the column added as NULL when the
    store is next opened) or by an older revision re-reads a document on the next ingest of
    its file, instead of keeping its old measures as "unchanged"."""
    path = tmp_path / "old.duckdb"
    with open_store(path) as store:
        ingest_policies(store, [seed_path(shared, "004")])
        store.con.execute("ALTER TABLE documents DROP COLUMN parser")
    with open_store(path) as store:
        report = ingest_policies(store, [seed_path(shared, "004")])
        assert report.stored == ("004_f9eb803d73e354f4",) and report.unchanged == ()
        store.con.execute("UPDATE documents SET parser = ?", [PARSER_REVISION - 1])
        assert ingest_policies(store, [seed_path(shared, "004")]).unchanged == ()
        assert store.con.execute("SELECT DISTINCT parser FROM documents").fetchall() == [
            (PARSER_REVISION,)
        ]
        again = ingest_policies(store, [seed_path(shared, "004")])
        assert again.unchanged == ("004_f9eb803d73e354f4",)
        assert len(load_measures(store)) == 18


def test_ingests_record_provenance(seed_store: Store) -> None:
    rows = seed_store.con.execute(
        "SELECT kind, file, rows, layout FROM ingests ORDER BY file"
    ).fetchall()
    assert len(rows) == 4
    assert all(kind == "policies" and n == 1 and layout == "txt" for kind, _, n, layout in rows)
    assert rows[0][1].endswith("001_9dd9838cf756847a.txt")


def test_changed_content_replaces_the_document(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "plan.txt"
    head = "天津市测试方案\n2022年1月5日\n一、重点任务\n（一）推广新能源汽车。\n"
    path.write_text(head, encoding="utf-8")
    ingest_policies(store, [path])
    path.write_text(head + "（二）建设充电桩。\n", encoding="utf-8")
    report = ingest_policies(store, [path])
    assert report.stored == ("plan",)
    assert [m.number for m in load_measures(store)] == ["一、（一）", "一、（二）"]
    assert len(load_documents(store)) == 1


def test_same_input_gives_identical_measures(shared: Path, tmp_path: Path) -> None:
    stores = []
    for name in ("a", "b"):
        store = open_store(tmp_path / f"{name}.duckdb")
        ingest_policies(store, [seed_path(shared, "003"), seed_path(shared, "002")])
        stores.append(store)
    first, second = (load_measures(s) for s in stores)
    assert first == second and len(first) == 26 + 23
    assert load_documents(stores[0]) == load_documents(stores[1])
    for store in stores:
        store.close()
