"""Each service's OpenAPI document, finished in one place, and the pages that show it.

- Security: an operation that depends on `require_scopes` needs a bearer token (`security: bearer`,
  with 401 and 403 documented and the scopes listed in `x-required-scopes`); a route on a router
  declared public (`dependencies=[PUBLIC]`, e.g. OParl, and health) says `security: []`, so a
  merged document's global requirement does not claim it either.
- Errors: every operation documents 404, 409, 412, 413, 415 and 422 as `application/problem+json`
  with the `Problem` schema (FastAPI's own 422 schema describes a body this platform never sends).
- `/docs` and `/redoc` load Swagger UI and ReDoc from the `fastapi-offline` package's files, served
  by the service itself, so they work without the internet; `/openapi.json`, `/docs` and `/redoc`
  are public, need `ops:read`, or are off, by setting (`ops.docs`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, Depends, FastAPI, Request, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.routing import APIRoute

from folkevalgt_shared.auth import SCOPES_ATTRIBUTE, Scope, require_scopes
from folkevalgt_shared.errors import PROBLEM_JSON, NotFound
from folkevalgt_shared.idempotency import HEADER, KEY_PARAMETER, OWN_IDEMPOTENCY
from folkevalgt_shared.settings import OpsAccess

BEARER = "bearer"
ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSET_TYPES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "rule": {"type": "string", "description": "The municipal rule that refused the request, e.g. MTG-01"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}, "code": {"type": "string"}},
            },
        },
    },
}
_ERRORS = {
    "401": "Authentication required: no valid bearer token",
    "403": "Not allowed: the token lacks a scope, or the caller may not act on this resource",
    "404": "Not found",
    "409": "Conflict with the resource's current state",
    "412": "The resource has changed since the ETag sent in If-Match",
    "413": "The request body is too large",
    "415": "The request body is not JSON",
    "422": "The request is not valid: `errors` names the fields, `rule` the municipal rule",
}
_SECURED_ONLY = ("401", "403")


async def public_access() -> None:
    """Marks the routes of a router as public: `APIRouter(..., dependencies=[PUBLIC])`."""


PUBLIC = Depends(public_access)


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def api_routes(app: FastAPI) -> Iterator[Any]:
    """Every API route of the app with its effective path and dependencies (those of the routers that
    include it too): FastAPI keeps included routers whole, so `app.routes` alone does not list them."""
    for route in routing.iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute):
            yield route


def route_access(route: Any) -> tuple[str, tuple[str, ...]]:
    """("bearer", scopes), ("public", ()) or ("none", ()) — a route that neither asks for a token nor is
    declared public (its own authentication, like the signed `/events`, or a mistake)."""
    scopes: list[str] = []
    secured = public = False
    for call in _calls(route.dependant):
        if call is public_access:
            public = True
        required = getattr(call, SCOPES_ATTRIBUTE, None)
        if required is not None:
            secured = True
            scopes.extend(s for s in required if s not in scopes)
    if secured:
        return "bearer", tuple(scopes)
    return ("public", ()) if public else ("none", ())


def finish_openapi(app: FastAPI, schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    schemes = components.setdefault("securitySchemes", {})
    schemes[BEARER] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token from the identity provider; each operation lists the scopes it "
        "needs in `x-required-scopes`.",
    }
    problem = {"content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for route in api_routes(app):
        if not route.include_in_schema:
            continue
        access, scopes = route_access(route)
        for method in route.methods or ():
            operation = schema.get("paths", {}).get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            if access == "bearer":
                operation["security"] = [{BEARER: []}]
                operation["x-required-scopes"] = list(scopes)
            elif access == "public":
                operation["security"] = []
            for required in operation.get("security", []):
                schemes.update({name: _OTHER_SCHEMES[name] for name in required if name in _OTHER_SCHEMES})
            if method == "POST" and access == "bearer" and not route.path_format.startswith(OWN_IDEMPOTENCY):
                parameters = operation.setdefault("parameters", [])
                if not any(p.get("name") == HEADER and p.get("in") == "header" for p in parameters):
                    parameters.append(KEY_PARAMETER)  # honoured by IdempotencyMiddleware
            responses = operation.setdefault("responses", {})
            for status, description in _ERRORS.items():
                if status in _SECURED_ONLY and not operation.get("security"):
                    continue
                existing = responses.get(status) or {}
                if PROBLEM_JSON not in existing.get("content", {}):  # absent, or FastAPI's 422 that never happens
                    responses[status] = {"description": description, **problem}
                elif not existing["content"][PROBLEM_JSON].get("schema"):  # problem_responses(): no schema
                    responses[status] = {"description": existing.get("description") or description, **problem}
            operation["responses"] = dict(sorted(responses.items()))
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    return schema


_OTHER_SCHEMES: dict[str, dict[str, Any]] = {
    "standardWebhooks": {
        "type": "apiKey",
        "in": "header",
        "name": "webhook-signature",
        "description": "Standard Webhooks signature (with webhook-id and webhook-timestamp) by the sender's secret",
    }
}


def install_openapi(app: FastAPI) -> None:
    """Replaces `app.openapi` with the finished document (built once, on first use)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = finish_openapi(app, build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def docs_router(app: FastAPI, access: OpsAccess) -> APIRouter:
    """`/openapi.json`, `/docs`, `/redoc` and their assets (none of it in the document itself)."""
    router = APIRouter(include_in_schema=False)
    if access == "off":
        return router
    dependencies = [Depends(require_scopes(Scope.OPS_READ))] if access == "ops-scope" else []

    @router.get("/openapi.json", dependencies=dependencies)
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    @router.get("/docs", dependencies=dependencies)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}/openapi.json",
            title=f"{app.title} — API",
            swagger_js_url=f"{root}/docs/assets/swagger-ui-bundle.js",
            swagger_css_url=f"{root}/docs/assets/swagger-ui.css",
            swagger_favicon_url=f"{root}/docs/assets/favicon.png",
        )

    @router.get("/redoc", dependencies=dependencies)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}/openapi.json",
            title=f"{app.title} — API",
            redoc_js_url=f"{root}/docs/assets/redoc.standalone.js",
            redoc_favicon_url=f"{root}/docs/assets/favicon.png",
            with_google_fonts=False,
        )

    # The assets are the public Swagger UI and ReDoc files: no token, so a browser can load them.
    @router.get("/docs/assets/{name}")
    async def asset(name: str) -> FileResponse:
        media_type = ASSET_TYPES.get(name)
        if media_type is None:
            raise NotFound(f"no documentation asset named {name!r}")
        return FileResponse(ASSETS / name, media_type=media_type, headers={"Cache-Control": "max-age=86400"})

    return router
