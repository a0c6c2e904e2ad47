"""Exception handlers that render every error as RFC 9457 problem+json."""

from __future__ import annotations

import re
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path
from starlette.types import Scope

from folkevalgt_shared.errors import PROBLEM_JSON, Problem, problem_body

log = structlog.get_logger()


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], headers=headers, media_type=PROBLEM_JSON)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {"field": ".".join(str(p) for p in err["loc"]), "message": err["msg"], "code": err["type"]}
        for err in exc.errors()
    ]


_UNPARSABLE_BODY = "There was an error parsing the body"


class _AllowedMethods:
    """The methods of every route whose path matches: Starlette's 405 names only those of the first
    route that matched the path, and a resource's GET and PATCH are often two routes."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._routes: list[tuple[re.Pattern[str], frozenset[str]]] | None = None

    def methods(self, scope: Scope) -> str:
        if self._routes is None:
            from folkevalgt_shared.openapi import api_routes  # built on first use: all routes are in by then

            self._routes = [(compile_path(r.path)[0], frozenset(r.methods or ())) for r in api_routes(self.app)]
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        found: set[str] = set()
        for pattern, methods in self._routes:
            if pattern.match(path):
                found |= methods
        return ", ".join(sorted(found))


def install_problem_handlers(app: FastAPI) -> None:
    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, Problem)
        return problem_response(exc.body(request.url.path), exc.headers)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _field_errors(exc)
        fields = ", ".join(e["field"] for e in errors)
        return problem_response(
            problem_body(
                422,
                "invalid-input",
                "The request is not valid",
                f"Invalid fields: {fields}",
                request.url.path,
                errors=errors,
            )
        )

    allowed = _AllowedMethods(app)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
            # FastAPI's answer to a body it cannot decode (not UTF-8, nested too deep): the same 422
            # as any other body that is not the JSON the route takes.
            return problem_response(
                problem_body(
                    422,
                    "invalid-input",
                    "The request is not valid",
                    "Invalid fields: body",
                    request.url.path,
                    errors=[{"field": "body", "message": "not a JSON document in UTF-8", "code": "json_invalid"}],
                )
            )
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed.methods(request.scope) or headers.get("Allow", "")
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return problem_response(
            problem_body(exc.status_code, slug, str(exc.detail), str(exc.detail), request.url.path), headers
        )

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", path=request.url.path)
        return problem_response(
            problem_body(
                500, "internal", "Internal error", "An unexpected error occurred; it has been logged.", request.url.path
            )
        )

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
