"""The Jinja2 environment of the pages and the one function that renders a page."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from carbonnodes.report import Formatter
from carbonnodes.web._labels import WebLabels


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("carbonnodes.web", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def page(request: Request, template: str, lang: str, *, status: int = 200,
         **values: Any) -> HTMLResponse:
    """Render ``template`` in ``lang`` with the labels, the formatter and a language switch."""
    labels = WebLabels(lang)
    other = request.url.include_query_params(lang="en" if lang == "zh" else "zh")
    html = environment().get_template(template).render(
        t=labels,
        f=Formatter(labels.report),
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        switch_url=f"{other.path}?{other.query}",
        path=request.url.path,
        **values,
    )
    return HTMLResponse(html, status_code=status)
