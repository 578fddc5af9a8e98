"""JSON in the DESIGN vocabulary and a self-contained HTML page, from the same content."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import replace
from importlib import resources

import pytest

from carbonnodes.calendar import events
from carbonnodes.errors import InputError
from carbonnodes.model import Document, Event
from carbonnodes.report import Provenance, SectorInput, build_context, render


def test_json_uses_the_node_link_vocabulary_with_iso_dates(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance, heating: Event
) -> None:
    payload = json.loads(render(build_context([sector_input], [seed_document], provenance),
                                "json"))
    assert payload["schema_version"] == "1.0"
    meta = payload["meta"]
    assert meta["generated_at"] == "2026-01-01T00:00:00Z"
    assert meta["corpus"] == {"documents": 1, "snapshot": provenance.corpus_snapshot}
    assert meta["settings"]["attribute"]["lag_days"] == [0, 730]
    report = payload["reports"][0]
    assert (report["city"], report["sector"], report["sector_label"]) == (
        "tianjin", "ground_transport", "地面交通")
    assert report["resolution"] == "day"
    assert report["period"] == {"start": "2019-01-01", "end": "2022-12-31"}
    nodes = {n["date"]: n for n in report["nodes"]}
    after = nodes["2023-03-01"]
    assert after["kind"] == "level_shift" and after["effect_ci"] == [-15.1, -9.6]
    causes = [lk for lk in after["links"] if lk["relation"] == "cause"]
    assert [c["explanation"]["id"] for c in causes] == ["seed-001-5-1", "seed-001-5-3"]
    first = causes[0]
    assert first["components"] == {"time": 0.9, "sector": 1.0, "scope": 1.0, "relevance": 0.62}
    assert first["explanation"]["dates"] == {"signed": "2022-08-25", "published": "2022-09-14"}
    assert first["explanation"]["targets"][0]["year"] == 2025
    assert after["mixes"][0]["measures"] == ["五.1", "五.3"]
    # the link that claimed a cause dated after its node is reported as announced later
    wrong = nodes["2021-06-01"]
    assert wrong["none_found"] is True
    assert [lk["relation"] for lk in wrong["links"]] == ["announced_later"]
    seasonal = nodes["2020-11-16"]
    assert seasonal["shared"] is True
    assert seasonal["links"][0]["explanation"]["type"] == "event"
    assert seasonal["links"][0]["explanation"]["start"] == heating.start.isoformat()


def test_html_is_self_contained_with_chart_markers_and_cjk_fonts(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    html = render(build_context([sector_input], [seed_document], provenance), "html")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in html
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=", html)  # nothing fetched
    assert "Noto Sans CJK SC" in html
    assert html.count('class="node-marker"') == 2  # the 2023 node lies past the series end
    assert html.count('class="node-card"') == 3
    assert 'class="ordinary"' in html and 'class="event"' in html
    assert "语料库中未找到可能造成此节点的政策（" in html
    assert "成文 2022年8月25日；发布 2022年9月14日" in html
    assert "机构" not in html
    english = render(build_context([sector_input], [seed_document], provenance), "html", "en")
    assert '<html lang="en">' in english and "Ground Transport" in english


def test_a_year_long_condition_of_the_data_shades_no_day_of_the_chart(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    """A temperature-driven shape holds on every day: shading it would cover the chart."""
    built = events("tianjin", sector_input.series.start, sector_input.series.end,
                   sector="residential", dataset="carbon_monitor")
    weather = [e for e in built if e.id.startswith("artefact:temperature_shape:")]
    assert len(weather) == 4
    with_weather = replace(sector_input, events=(*sector_input.events, *weather))
    html = render(build_context([with_weather], [seed_document], provenance), "html", "en")
    shaded = re.findall(r'<rect class="event".*?</rect>', html, flags=re.S)
    assert shaded  # the holidays and the heating season still are
    assert not any("temperature-driven" in rect for rect in shaded)


def test_unknown_format_or_language_is_bad_input(
    sector_input: SectorInput, seed_document: Document, provenance: Provenance
) -> None:
    ctx = build_context([sector_input], [seed_document], provenance)
    with pytest.raises(InputError, match="format"):
        render(ctx, "pdf")
    with pytest.raises(InputError, match="language"):
        render(ctx, "md", "fr")


def test_label_catalogs_have_the_same_keys() -> None:
    folder = resources.files("carbonnodes.report").joinpath("locales")
    zh, en = (tomllib.loads(folder.joinpath(f"{lang}.toml").read_text(encoding="utf-8"))
              for lang in ("zh", "en"))
    assert {s: sorted(v) for s, v in zh.items()} == {s: sorted(v) for s, v in en.items()}
    assert zh["kind"]["seasonal"] == "季节性" and en["kind"]["level_shift"] == "level shift"
