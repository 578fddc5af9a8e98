"""The words the corpus commands print (Chinese by default, English with --lang en) and
the JSON shapes of documents, measures and version differences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from carbonnodes.cli._app import bilingual
from carbonnodes.corpus import IngestReport, MeasureChange, VersionDiff
from carbonnodes.model import DocDates, Document, Measure, Target
from carbonnodes.names import region_label, sector_label

_TEXT: dict[str, tuple[str, str]] = {
    "reading": ("读取与解析", "reading and parsing"),
    "stored": ("已入库文件", "documents stored"),
    "measures": ("举措", "measures"),
    "unchanged": ("未变（此前已入库）", "unchanged (ingested before)"),
    "skipped": ("跳过", "skipped"),
    "more_warnings": (
        "……另有 {n} 条警告（见 corpus show）",
        "… and {n} more warnings (see corpus show)",
    ),
    "warnings": ("警告", "warnings"),
    "list_title": ("政策文件", "Policy documents"),
    "id": ("编号", "id"),
    "title": ("标题", "title"),
    "number": ("文号", "number"),
    "issuers": ("发文机关", "issuers"),
    "dates": ("日期", "dates"),
    "place": ("范围", "scope"),
    "type": ("类型", "type"),
    "family": ("版本组", "family"),
    "signed": ("成文", "signed"),
    "published": ("发布", "published"),
    "effective": ("施行", "effective"),
    "undated": ("无日期", "undated"),
    "abridged": ("本文有删减", "abridged publication"),
    "departments": ("责任单位", "departments"),
    "targets": ("目标", "targets"),
    "sectors": ("领域", "sectors"),
    "url": ("来源", "source"),
    "versions": ("版本差异", "Version differences"),
    "draft_vs_final": ("征求意见稿 {draft} → 正式稿 {final}", "draft {draft} → final {final}"),
    "empty": ("库中还没有政策文件；先运行 carbonnodes ingest policies。",
              "no policy documents in the store yet; run 'carbonnodes ingest policies' first."),
    "same": ("未变", "same"),
    "reworded": ("改写", "reworded"),
    "added": ("新增", "added"),
    "removed": ("删除", "removed"),
    "general": ("总体要求", "general"),
    "safeguard": ("保障措施", "safeguard"),
    "action": ("举措", "action"),
    "national": ("国家", "national"),
    "province": ("省级", "province"),
    "city": ("市级", "city"),
    "cross_cutting": ("跨领域", "Cross-cutting"),
    "draft": ("征求意见稿", "draft"),
    "regulation": ("法规规章", "regulation"),
    "plan": ("规划", "plan"),
    "implementation_plan": ("实施方案", "implementation plan"),
    "opinion": ("意见", "opinion"),
    "catalogue": ("目录", "catalogue"),
    "notice": ("通知公告", "notice"),
    "other": ("其他", "other"),
}


def text(key: str, lang: str) -> str:
    return bilingual(_TEXT[key], lang)


def sector_name(key: str, lang: str) -> str:
    return text(key, lang) if key == "cross_cutting" else sector_label(key, lang)


def dates_line(dates: DocDates, lang: str, separator: str = " · ") -> str:
    """成文 2022-08-25 · 发布 2022-09-14 (each date labelled by what it is)."""
    parts = [
        f"{text(label, lang)} {day.isoformat()}"
        for label, day in (
            ("signed", dates.signed),
            ("published", dates.published),
            ("effective", dates.effective),
        )
        if day is not None
    ]
    return separator.join(parts) or text("undated", lang)


def place(document: Document | Measure, lang: str) -> str:
    region = region_label(document.region, lang) if document.region else "?"
    return f"{text(document.scope, lang)} {region}"


def target_line(target: Target) -> str:
    year = f"{target.year}: " if target.year else ""
    qualifier = f" ({target.qualifier})" if target.qualifier else ""
    return f"{year}{target.indicator} {target.value:g}{target.unit}{qualifier}"


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def dates_payload(dates: DocDates) -> dict[str, str | None]:
    return {
        "signed": _iso(dates.signed),
        "published": _iso(dates.published),
        "effective": _iso(dates.effective),
    }


def document_payload(document: Document, measure_count: int) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "number": document.number,
        "issuers": list(document.issuers),
        "dates": dates_payload(document.dates),
        "scope": document.scope,
        "region": document.region,
        "doc_type": document.doc_type,
        "abridged": document.abridged,
        "measures": measure_count,
        "family": document.family,
        "url": document.url,
        "file": document.file,
        "sha256": document.sha256,
        "warnings": list(document.warnings),
    }


def measure_payload(measure: Measure, original: str) -> dict[str, Any]:
    start, end = measure.span
    return {
        "id": measure.id,
        "number": measure.number,
        "title": measure.title,
        "kind": measure.kind,
        "text": measure.text,
        "quote": original[start:end],
        "departments": list(measure.departments),
        "sectors": list(measure.sectors),
        "targets": [
            {
                "year": t.year,
                "indicator": t.indicator,
                "value": t.value,
                "unit": t.unit,
                "qualifier": t.qualifier,
                "text": t.text,
            }
            for t in measure.targets
        ],
        "dates": dates_payload(measure.dates),
        "scope": measure.scope,
        "region": measure.region,
        "source": measure.source,
        "span": [start, end],
    }


def _change_payload(change: MeasureChange) -> dict[str, Any]:
    return {
        "status": change.status,
        "similarity": change.similarity,
        "draft": change.draft.number if change.draft else None,
        "final": change.final.number if change.final else None,
        "draft_title": change.draft.title if change.draft else None,
        "final_title": change.final.title if change.final else None,
    }


def diff_payload(diff: VersionDiff) -> dict[str, Any]:
    return {
        "family": diff.family,
        "draft": diff.draft_id,
        "final": diff.final_id,
        "counts": {s: diff.count(s) for s in ("same", "reworded", "added", "removed")},
        "changes": [_change_payload(c) for c in diff.changes],
    }


def report_payload(report: IngestReport) -> dict[str, Any]:
    return {
        "documents": report.documents,
        "measures": report.measures,
        "stored": list(report.stored),
        "unchanged": list(report.unchanged),
        "skipped": list(report.skipped),
        "warnings": list(report.warnings),
    }
