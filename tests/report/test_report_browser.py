"""The HTML report in headless Chromium: the chart draws, and a click opens a node's panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from _browser import BROWSER_MARKS, headless_chromium
from carbonnodes.model import Document
from carbonnodes.report import Provenance, SectorInput, build_context, render

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    with headless_chromium(tmp_path, "1440,1100") as driver:
        yield driver


def test_chart_nodes_and_panel_in_headless_chromium(
    browser: webdriver.Chrome, tmp_path: Path, sector_input: SectorInput,
    seed_document: Document, provenance: Provenance
) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(build_context([sector_input], [seed_document], provenance), "html"),
                    encoding="utf-8")
    browser.get(page.as_uri())

    chart = browser.find_element(By.CSS_SELECTOR, "svg.chart")
    assert chart.size["width"] > 600 and chart.size["height"] > 150
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart path.series").get_attribute("d")
    markers = browser.find_elements(By.CSS_SELECTOR, "svg.chart .node-marker")
    # the 2023 node lies after the series ends and is listed, not drawn
    assert [m.get_attribute("data-node") for m in markers] == ["ground_transport-1",
                                                               "ground_transport-2"]

    panel = browser.find_element(By.CSS_SELECTOR, ".panel")
    assert panel.get_attribute("data-node") == "ground_transport-1"  # opens on the first node
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", markers[1])
    markers[1].click()
    assert panel.get_attribute("data-node") == "ground_transport-2"
    assert "2021年6月1日" in panel.text and "趋势转折" in panel.text
    assert "语料库中未找到可能造成此节点的政策" in panel.text
    assert "推动运输工具装备低碳转型" in panel.text  # listed under 后续出台, with its dates
    assert "node-marker active" in (markers[1].get_attribute("class") or "")
    assert "active" not in (markers[0].get_attribute("class") or "")
    markers[0].click()
    assert "2020年11月16日" in panel.text and "供暖季开始" in panel.text

    browser.execute_script("window.scrollTo(0, 0);")
    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000
