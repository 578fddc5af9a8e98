"""Linking drafts to finals by text: titles and bodies alike, years equal, numbers ignored."""

from __future__ import annotations

from carbonnodes.corpus._family import Version, align_measures, link_versions
from carbonnodes.model import Document

BODIES = {
    "final": "推广新能源汽车，建设充电桩，优化货物运输结构，推进公转铁。",
    "draft": "推广新能源汽车，建设充电桩，优化运输结构，推进公转铁。",
    "other": "开展碳排放报告核查，组织履约，注销配额。",
}


def test_a_draft_joins_the_final_it_drafts() -> None:
    versions = [
        Version("final", "天津市绿色交通实施方案", False),
        Version("draft", "天津市绿色交通实施方案（征求意见稿）", True),
        Version("other", "天津市碳市场实施方案", False),
    ]
    rows = link_versions(versions, BODIES.__getitem__)
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("final", "final", "final"),
        ("draft", "final", "draft"),
    ]


def test_same_title_of_another_year_is_another_document() -> None:
    versions = [
        Version("final", "2022年度绿色交通工作要点", False),
        Version("draft", "2021年度绿色交通工作要点（征求意见稿）", True),
    ]
    assert link_versions(versions, BODIES.__getitem__) == []


def test_alike_titles_with_unlike_bodies_are_not_versions() -> None:
    versions = [
        Version("other", "天津市绿色交通实施方案", False),
        Version("draft", "天津市绿色交通实施方案（征求意见稿）", True),
    ]
    assert link_versions(versions, BODIES.__getitem__) == []


def test_alignment_reports_every_measure_once(seeds: dict[str, Document]) -> None:
    draft, final = seeds["003"].measures, seeds["002"].measures
    changes = align_measures(draft, final)
    assert [c.final for c in changes if c.final] == list(final)
    assert sorted(m.id for c in changes if (m := c.draft)) == sorted(m.id for m in draft)
    assert {c.status for c in changes} == {"same", "reworded", "added"}
