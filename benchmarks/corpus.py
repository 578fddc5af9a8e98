"""Corpus benchmark: extraction quality on the hand-labelled set, and ingest speed at scale.

    .venv/bin/python benchmarks/corpus.py                 # (a) quality, (b) speed
    .venv/bin/python benchmarks/corpus.py --skip-speed

(a) Parses the documents of ``corpus_labels.toml`` (labels and how they were chosen are in
    that file) and scores measure segmentation (found / expected), departments (exact set per
    labelled measure, and per name), targets (year + value + unit matched, precision and
    recall) and sector tags (precision and recall per Carbon Monitor key).
(b) Ingests all of dcp_full.jsonl (504 documents) into a fresh store and times it, then times
    ``load_measures`` over the result. Target: under 60 s on the 2-core CI box.
"""

from __future__ import annotations

import argparse
import tempfile
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from _shared import DCP_FULL, SHARED, timed
from carbonnodes.corpus import (
    SECTOR_KEYS,
    Source,
    ingest_policies,
    load_measures,
    parse_source,
    read_sources,
)
from carbonnodes.model import Document, Measure
from carbonnodes.store import open_store

HERE = Path(__file__).resolve().parent
LABELS = HERE / "corpus_labels.toml"


def _parse(path: Path, doc_id: str) -> Document:
    for source in read_sources([path]):
        if isinstance(source, Source) and source.doc_id == doc_id:
            return parse_source(source)
    raise SystemExit(f"{doc_id} not found in {path}")


def _by_number(document: Document) -> dict[str, Measure]:
    found: dict[str, Measure] = {}
    for measure in document.measures:
        found.setdefault(measure.number, measure)
    return found


def _target_key(year: Any, value: Any, unit: str) -> tuple[int, float, str]:
    return (int(year), round(float(value), 2), unit)


def _score(labels: list[dict[str, Any]], documents: dict[str, Document]) -> dict[str, Any]:
    seg_rows = []
    dept = Counter[str]()
    targets = Counter[str]()
    sectors = {
        group: {key: Counter[str]() for key in SECTOR_KEYS} for group in ("tuned", "held-out")
    }
    for label in labels:
        document = documents[label["id"]]
        measures = _by_number(document)
        seg_rows.append((label["id"], len(document.measures), label["measures"]))
        if label.get("no_departments"):
            dept["fp_names"] += sum(len(m.departments) for m in document.measures)
        for number, names in label.get("departments", {}).items():
            found = measures[number].departments if number in measures else ()
            dept["measures"] += 1
            dept["exact"] += tuple(found) == tuple(names)
            dept["tp_names"] += len(set(found) & set(names))
            dept["fp_names"] += len(set(found) - set(names))
            dept["fn_names"] += len(set(names) - set(found))
        if label.get("no_targets"):
            targets["fp"] += sum(len(m.targets) for m in document.measures)
        for number, expected in label.get("targets", {}).items():
            found_keys = Counter(
                _target_key(t.year, t.value, t.unit)
                for t in (measures[number].targets if number in measures else ())
                if t.year is not None
            )
            want = Counter(_target_key(*t) for t in expected)
            matched = sum((found_keys & want).values())
            targets["tp"] += matched
            targets["fp"] += sum(found_keys.values()) - matched
            targets["fn"] += sum(want.values()) - matched
        group = sectors["held-out" if label.get("sectors_held_out") else "tuned"]
        for number, keys in label.get("sectors", {}).items():
            found_sectors = set(measures[number].sectors) if number in measures else set()
            for key in SECTOR_KEYS:
                truth, guess = key in keys, key in found_sectors
                group[key]["tp"] += truth and guess
                group[key]["fp"] += guess and not truth
                group[key]["fn"] += truth and not guess
    return {"segmentation": seg_rows, "departments": dept, "targets": targets, "sectors": sectors}


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:6.1%}" if denominator else "     —"


def _print_quality(result: dict[str, Any]) -> None:
    print("(a) extraction quality on benchmarks/corpus_labels.toml\n")
    print(f"{'document':24s} {'found':>6s} {'expected':>8s}")
    exact = 0
    for doc_id, found, expected in result["segmentation"]:
        exact += found == expected
        print(f"{doc_id:24s} {found:6d} {expected:8d}")
    print(f"{'exact':24s} {exact:6d} {len(result['segmentation']):8d}\n")

    d = result["departments"]
    print(f"departments: exact set {d['exact']}/{d['measures']} measures "
          f"({_ratio(d['exact'], d['measures']).strip()}); names precision "
          f"{_ratio(d['tp_names'], d['tp_names'] + d['fp_names']).strip()}, recall "
          f"{_ratio(d['tp_names'], d['tp_names'] + d['fn_names']).strip()}")
    t = result["targets"]
    print(f"targets (year, value, unit): {t['tp']} matched, {t['fp']} spurious, {t['fn']} missed;"
          f" precision {_ratio(t['tp'], t['tp'] + t['fp']).strip()}, recall "
          f"{_ratio(t['tp'], t['tp'] + t['fn']).strip()}\n")

    for group, by_key in result["sectors"].items():
        what = "001, 002, 004: keyword lists adjusted on these" if group == "tuned" else "dcp-219"
        print(f"sector tags, {group} ({what})")
        print(f"{'sector':18s} {'tp':>4s} {'fp':>4s} {'fn':>4s} {'precision':>10s} {'recall':>8s}")
        total = Counter[str]()
        for key, counts in by_key.items():
            total.update(counts)
            print(f"{key:18s} {counts['tp']:4d} {counts['fp']:4d} {counts['fn']:4d} "
                  f"{_ratio(counts['tp'], counts['tp'] + counts['fp']):>10s} "
                  f"{_ratio(counts['tp'], counts['tp'] + counts['fn']):>8s}")
        print(f"{'micro':18s} {total['tp']:4d} {total['fp']:4d} {total['fn']:4d} "
              f"{_ratio(total['tp'], total['tp'] + total['fp']):>10s} "
              f"{_ratio(total['tp'], total['tp'] + total['fn']):>8s}\n")


def _speed() -> None:
    print(f"(b) ingest speed: {DCP_FULL.name} ({DCP_FULL.stat().st_size / 1e6:.1f} MB)\n")
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.duckdb")
        report, ingest_s = timed(lambda: ingest_policies(store, [DCP_FULL]))
        measures, load_s = timed(lambda: load_measures(store))
        again, again_s = timed(lambda: ingest_policies(store, [DCP_FULL]))
        store.close()
    print(f"{'step':28s} {'seconds':>8s}  result")
    print(f"{'ingest (parse + store)':28s} {ingest_s:8.2f}  {report.documents} documents, "
          f"{report.measures} measures, {len(report.skipped)} skipped, "
          f"{len(report.warnings)} warnings")
    print(f"{'load_measures':28s} {load_s:8.2f}  {len(measures)} measures")
    print(f"{'re-ingest (no-op)':28s} {again_s:8.2f}  {len(again.unchanged)} unchanged")
    verdict = "meets" if ingest_s < 60 else "MISSES"
    print(f"\n{verdict} the 60 s target ({report.documents / ingest_s:.0f} documents/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-speed", action="store_true", help="quality only")
    args = parser.parse_args()
    labels = tomllib.loads(LABELS.read_text(encoding="utf-8"))["document"]
    documents = {label["id"]: _parse(SHARED / label["path"], label["id"]) for label in labels}
    _print_quality(_score(labels, documents))
    if not args.skip_speed:
        _speed()


if __name__ == "__main__":
    main()
