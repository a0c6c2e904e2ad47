"""Swagger UI from files the gateway ships (the same copy of the swagger-ui dist the services
serve, `folkevalgt_shared.openapi.ASSETS`), so /docs works without reaching any other host."""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from folkevalgt_shared.errors import NotFound
from folkevalgt_shared.openapi import ASSETS as ASSET_DIR

ASSETS = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon.png": "image/png",
}
ASSETS_PATH = "/docs/assets"


def _load() -> dict[str, tuple[bytes, str, str]]:
    loaded = {}
    for name, media_type in ASSETS.items():
        content = (ASSET_DIR / name).read_bytes()
        loaded[name] = (content, media_type, '"' + hashlib.sha256(content).hexdigest()[:32] + '"')
    return loaded


def docs_router(openapi_url: str, title: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    assets = _load()
    # The asset URLs carry their content's hash: a new Swagger UI is a new URL, so browsers may
    # keep each one for good.
    urls = {name: f"{ASSETS_PATH}/{name}?v={etag.strip(chr(34))[:12]}" for name, (_, _, etag) in assets.items()}
    page = get_swagger_ui_html(
        openapi_url=openapi_url,
        title=title,
        swagger_js_url=urls["swagger-ui-bundle.js"],
        swagger_css_url=urls["swagger-ui.css"],
        swagger_favicon_url=urls["favicon.png"],
        # Swagger UI would send the document to an online validator and show its badge.
        swagger_ui_parameters={"validatorUrl": None},
    ).body

    @router.get("/docs")
    async def docs() -> HTMLResponse:
        return HTMLResponse(page)

    @router.get(ASSETS_PATH + "/{name}")
    async def asset(name: str, request: Request) -> Response:
        found = assets.get(name)
        if found is None:
            raise NotFound(f"no asset {name!r}")
        content, media_type, etag = found
        headers = {"ETag": etag, "Cache-Control": "public, max-age=31536000, immutable"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(content, media_type=media_type, headers=headers)

    return router
