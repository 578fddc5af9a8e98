"""The FastAPI application: routers, bundled static files and the error answers.

Foreseen errors become 4xx answers with a one-line message: an unknown region, sector,
series or document is a 404, any other bad input a 422 (a name two cities share among them:
the request must say which). Pages answer in HTML, /api in JSON;
nothing reaches the client as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from importlib import resources

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from carbonnodes import __version__
from carbonnodes.errors import (
    AmbiguousNameError,
    CarbonNodesError,
    InputError,
    StoreError,
    UnknownNameError,
)
from carbonnodes.web import _api, _downloads, _pages
from carbonnodes.web._data import NotInStore, WebData
from carbonnodes.web._templates import page

log = logging.getLogger("carbonnodes.web")

#: Pages run only the bundled script and load nothing from another origin.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(data: WebData) -> FastAPI:
    """The web view and API over ``data`` (loaded from a store opened read-only)."""
    app = FastAPI(
        title="carbonnodes",
        version=__version__,
        summary="Key nodes in daily CO2 emissions and the policies and events behind them.",
        # Swagger UI and ReDoc load their scripts from a CDN; the bundled /apidocs page
        # lists the same schema (/openapi.json) offline.
        docs_url=None,
        redoc_url=None,
    )
    app.state.data = data
    app.include_router(_api.router)
    app.include_router(_downloads.router)
    app.include_router(_pages.router)
    static = resources.files("carbonnodes.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.add_exception_handler(CarbonNodesError, _foreseen)
    app.add_exception_handler(NotInStore, _not_in_store)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unforeseen)
    app.middleware("http")(_secured)
    return app


async def _secured(request: Request, call_next: Callable[[Request], Awaitable[Response]]
                   ) -> Response:
    response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    return response


def status_of(exc: Exception) -> int:
    if isinstance(exc, AmbiguousNameError):
        return 422
    if isinstance(exc, UnknownNameError | NotInStore):
        return 404
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, StoreError):
        return 503
    return 400


async def _foreseen(request: Request, exc: Exception) -> Response:
    return _answer(request, status_of(exc), " ".join(str(exc).split()))


async def _not_in_store(request: Request, exc: Exception) -> Response:
    return _answer(request, 404, str(exc))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else
                     str(error.get("msg", "invalid")))
    return _answer(request, 422, "; ".join(parts) or "invalid request")


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _answer(request, exc.status_code, str(exc.detail), exc.headers)


async def _unforeseen(request: Request, exc: Exception) -> Response:
    log.exception("unforeseen error on %s", request.url.path)
    return _answer(request, 500, "internal error; the server log has the details")


def _answer(request: Request, status: int, message: str,
            headers: Mapping[str, str] | None = None) -> Response:
    """JSON ``{"detail": message}`` under /api, an HTML error page elsewhere."""
    if request.url.path.startswith(("/api/", "/openapi.json", "/static/")):
        return JSONResponse({"detail": message}, status_code=status, headers=dict(headers or {}))
    lang = "en" if request.query_params.get("lang") == "en" else "zh"
    response: HTMLResponse = page(request, "error.html.j2", lang, status=status,
                                  message=message, code=status)
    if headers:
        response.headers.update(headers)
    return response
