"""End to end in headless Chromium: choose region → choose sector → click a node on the
chart → read its explanation; the page's screenshot is saved for a person to look at."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _webserver import Server
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

from _browser import BROWSER_MARKS, headless_chromium

pytestmark = BROWSER_MARKS


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    with headless_chromium(tmp_path, "1400,1600") as driver:
        driver.set_page_load_timeout(90)
        yield driver


def test_choose_series_click_node_read_explanation(
    browser: webdriver.Chrome, server: Server, tmp_path: Path
) -> None:
    wait = WebDriverWait(browser, 90)
    browser.get(server.url + "/")
    Select(browser.find_element(By.ID, "region")).select_by_visible_text("天津市")
    Select(browser.find_element(By.ID, "sector")).select_by_value("ground_transport")
    browser.find_element(By.ID, "show").click()

    chart = wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
    assert "天津市 · 地面交通" in browser.find_element(By.TAG_NAME, "h1").text
    assert chart.size["width"] > 600 and chart.size["height"] > 150
    assert browser.find_element(By.CSS_SELECTOR, "svg.chart path.ordinary").get_attribute("d")
    markers = browser.find_elements(By.CSS_SELECTOR, "svg.chart .node-marker")
    assert markers, "the chart marks the nodes"
    assert not browser.find_elements(By.CSS_SELECTOR, "section.explanation")

    # the node whose explanations include the most policy measures, per the API
    explained = server.get("/api/explanations", region="tianjin",
                           sector="ground_transport").json()
    best = max(explained, key=lambda n: sum(x["explanation"]["type"] == "measure"
                                            for x in n["links"]))
    number = str(best["number"])
    anchor = f"ground_transport-{number}"
    marker = next(m for m in markers if m.get_attribute("data-node") == anchor)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", marker)
    marker.click()
    panel = wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "section.explanation")))
    assert panel.get_attribute("data-node") == number
    assert browser.current_url.endswith(f"node={number}#node")
    text = panel.text
    assert f"节点 {number}：" in text
    assert "可信度" in text and "效应" in text
    assert "相关政策与举措" in text
    assert "日历与数据因素" in text or "语料库中未找到" in text or "主要内容" in text
    cards = panel.find_elements(By.CSS_SELECTOR, "li.measure-card")
    assert cards, "the node is offered policy measures (as causes or announced later)"
    card = cards[0].text
    assert "证据原文" in card and "颁布/实施时间" in card and "主管单位" in card
    assert "得分" in card and "数据来源链接" in card
    assert cards[0].find_elements(By.CSS_SELECTOR, "blockquote.evidence")
    assert cards[0].find_elements(By.CSS_SELECTOR, "ul.components li")
    link = cards[0].find_element(By.CSS_SELECTOR, "a.doc-link")
    assert (link.get_attribute("href") or "").startswith(server.url + "/document/")

    shot = Path(os.environ.get("CARBONNODES_SCREENSHOTS", tmp_path)) / "web-node.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000

    browser.find_element(By.ID, "lang-switch").click()
    wait.until(ready.text_to_be_present_in_element((By.CSS_SELECTOR, "section.explanation"),
                                                   f"Node {number}"))
    assert "Confidence" in browser.find_element(By.CSS_SELECTOR, "section.explanation").text


def test_choose_a_ratio_and_open_one_of_its_nodes(
    browser: webdriver.Chrome, server: Server
) -> None:
    """Tianjin's transport divided by Beijing's: the chooser keeps the choice, the page says
    what the series is, and a node opened from the chart is the ratio's, its step named as
    Beijing's too."""
    wait = WebDriverWait(browser, 90)
    browser.get(server.url + "/")
    Select(browser.find_element(By.ID, "region")).select_by_value("tianjin")
    Select(browser.find_element(By.ID, "sector")).select_by_value("ground_transport")
    Select(browser.find_element(By.ID, "divided_by")).select_by_visible_text("除以北京市")
    browser.find_element(By.ID, "show").click()

    wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "svg.chart")))
    assert "本序列为天津市除以北京市同部门序列之比" in browser.find_element(By.CSS_SELECTOR,
                                                                    "dl.meta").text
    chooser = Select(browser.find_element(By.ID, "divided_by"))
    assert chooser.first_selected_option.get_attribute("value") == "beijing"
    marker = browser.find_elements(By.CSS_SELECTOR, "svg.chart .node-marker")[0]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", marker)
    marker.click()
    panel = wait.until(ready.presence_of_element_located((By.CSS_SELECTOR, "section.explanation")))
    assert "divided_by=beijing" in browser.current_url
    assert "比值序列：参照地区已除去" in panel.text
    assert "（参照序列北京市）" in panel.text
