"""Hypothesis-driven requests to the HTML pages (not in the OpenAPI schema): odd names,
dates, numbers and ids get a 4xx page with a message, never a 5xx."""

from __future__ import annotations

from urllib.parse import quote

from _webserver import Server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NAMES = st.one_of(
    st.sampled_from(["天津", "Tianjin", "tianjin", "地面交通", "Power", "", " ", "上海"]),
    st.text(max_size=70),
)
NUMBERS = st.one_of(st.integers(-5, 20_000).map(str), st.text(max_size=8))
DATES = st.one_of(st.dates().map(str), st.text(max_size=12))


@st.composite
def page_requests(draw: st.DrawFn) -> tuple[str, dict[str, str]]:
    kind = draw(st.sampled_from(["series", "search", "document", "home"]))
    lang = draw(st.sampled_from(["zh", "en", "fr"]))
    if kind == "series":
        return "/series", {"region": draw(NAMES), "sector": draw(NAMES),
                           "node": draw(NUMBERS), "lang": lang}
    if kind == "search":
        return "/search", {"q": draw(st.text(max_size=40)), "sector": draw(NAMES),
                           "region": draw(NAMES), "after": draw(DATES), "before": draw(DATES),
                           "k": draw(NUMBERS), "lang": lang}
    if kind == "document":
        doc = draw(st.one_of(st.sampled_from(["dcp-063", "..", "%2e%2e", "a/b"]),
                             st.text(min_size=1, max_size=30)))
        return "/document/" + quote(doc, safe=""), {"lang": lang}
    return "/", {"lang": lang}


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(request=page_requests())
def test_pages_never_answer_with_a_server_error(server: Server,
                                                request: tuple[str, dict[str, str]]) -> None:
    path, params = request
    response = server.get(path, **params)
    assert response.status_code < 500, (path, params, response.text[:300])
    assert "Traceback" not in response.text
    if response.status_code >= 400 and "text/html" in response.headers["content-type"]:
        assert 'id="error-message"' in response.text or response.status_code == 404
