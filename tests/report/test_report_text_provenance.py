"""Extraction-only shortening, the reproducibility stamp and the atomic writer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carbonnodes.errors import InputError
from carbonnodes.model import Document
from carbonnodes.report import corpus_snapshot, run_time, write_atomic
from carbonnodes.report._text import excerpt, first_sentence

NOW = dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC)


def test_excerpt_keeps_whole_sentences_then_cuts_with_an_ellipsis(
    seed_document: Document,
) -> None:
    text = seed_document.measures[0].text
    short = excerpt(text, 200)
    assert short.endswith("。…") and short[:-1] in text and len(short) <= 201
    # a short heading sentence is followed by the start of the next one, cut at the limit
    cut = excerpt(text, 40)
    assert cut.startswith("推动运输工具装备低碳转型。加快") and cut.endswith("…")
    assert len(cut) == 41 and cut[:-1] in text
    assert excerpt("第一句。第二句。", 100) == "第一句。第二句。"
    assert excerpt("一二三四五六七八九十", 4) == "一二三四…"
    assert first_sentence("（二）建设绿色交通基础设施。实施改造。", 60) == "建设绿色交通基础设施"


def test_corpus_snapshot_depends_on_ids_and_hashes_not_order(seed_document: Document) -> None:
    from dataclasses import replace

    other = replace(seed_document, id="seed-002", sha256="0" * 64)
    assert corpus_snapshot([seed_document, other]) == corpus_snapshot([other, seed_document])
    changed = replace(other, sha256="1" * 64)
    assert corpus_snapshot([seed_document, other]) != corpus_snapshot([seed_document, changed])


def test_run_time_prefers_fixed_time_then_source_date_epoch() -> None:
    assert run_time(None, {}, NOW) == "2026-05-01T08:30:00Z"
    assert run_time(None, {"SOURCE_DATE_EPOCH": "0"}, NOW) == "1970-01-01T00:00:00Z"
    assert run_time("2024-02-03T04:05:06", {"SOURCE_DATE_EPOCH": "0"}, NOW) == (
        "2024-02-03T04:05:06Z")
    with pytest.raises(InputError, match="fixed-time"):
        run_time("yesterday", {}, NOW)
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        run_time(None, {"SOURCE_DATE_EPOCH": "soon"}, NOW)


def test_write_atomic_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    write_atomic(target, "旧")
    write_atomic(target, "天津市 地面交通\n")
    assert target.read_text(encoding="utf-8") == "天津市 地面交通\n"
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]
    assert target.stat().st_mode & 0o777 == 0o644
