"""What every request must be before any route sees it, checked once for all five services.

- A body larger than `max_body_bytes`: 413, decided from Content-Length before a byte is read, or
  as soon as a chunked body passes the limit (never buffering more).
- A body that is not JSON (`application/json` or `application/*+json`, e.g. CloudEvents): 415 —
  unless the route declares that media type for its request body in its OpenAPI (`openapi_extra`,
  e.g. `text/csv` for HR's bulk imports); such a body is text, and a NUL byte in it is refused too.
- A NUL character anywhere in the text of a request — a JSON string or key, a query parameter, the
  path — 422 naming the field. PostgreSQL cannot store NUL in text (a 500) and SQLite stores it
  silently; neither is acceptable. JSON strings with lone UTF-16 surrogates (`"\\ud800"`) are refused
  the same way: they cannot be encoded as UTF-8 for the database either.

The body is read here and handed to the application whole, as Starlette would have read it anyway;
the checks cost a substring search unless the body has an escape that needs a closer look.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from folkevalgt_shared.errors import PROBLEM_JSON, problem_body

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_METHODS_WITHOUT_BODY = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


# (method, path below the service's root) -> the other media types that route's body may have.
OtherMediaTypes = Callable[[str, str], frozenset[bytes]]


def declared_media_types(app: FastAPI) -> OtherMediaTypes:
    """The non-JSON request bodies routes declare in the service's OpenAPI document (e.g. `text/csv`
    through `openapi_extra`): the guard lets exactly those media types through, to exactly those
    operations. Read from the document at the first body that is not JSON, when every router is in."""
    table: list[tuple[re.Pattern[str], str, frozenset[bytes]]] | None = None

    def lookup(method: str, path: str) -> frozenset[bytes]:
        nonlocal table
        if table is None:
            table = []
            for template, operations in app.openapi().get("paths", {}).items():
                regex = re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
                for verb, operation in operations.items():
                    content = (operation.get("requestBody") or {}).get("content") or {}
                    media = frozenset(m.lower().encode() for m in content if not _is_json(m.encode()))
                    if media:
                        table.append((regex, verb.upper(), media))
        for regex, verb, media in table:
            if verb == method and regex.match(path):
                return media
        return frozenset()

    return lookup


def _no_other_media_types(method: str, path: str) -> frozenset[bytes]:
    return frozenset()


def _route_path(scope: Scope) -> str:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _media(content_type: bytes) -> bytes:
    return content_type.split(b";", 1)[0].strip().lower()


def _is_json(content_type: bytes) -> bool:
    media = content_type.split(b";", 1)[0].strip().lower()
    if not media.startswith(b"application/"):
        return False
    subtype = media[len(b"application/") :]
    return subtype == b"json" or subtype.endswith(b"+json")


def _bad_strings(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """(field, why) of every key or string in a JSON document that the database cannot store."""
    if isinstance(value, str):
        if "\x00" in value:
            yield path, "contains a NUL character"
        elif not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                yield path, "contains a lone UTF-16 surrogate (not valid Unicode text)"
    elif isinstance(value, dict):
        for key, item in value.items():
            field = f"{path}.{key}"
            yield from _bad_strings(key, field)
            yield from _bad_strings(item, field)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _bad_strings(item, f"{path}.{index}")


class RequestGuardMiddleware:
    def __init__(
        self, app: ASGIApp, max_body_bytes: int, other_media_types: OtherMediaTypes = _no_other_media_types
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.other_media_types = other_media_types

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"]:
            await self._refuse(scope, send, 422, [("path", "contains a NUL character")])
            return
        if b"%00" in scope["query_string"]:
            fields = [
                (f"query.{name}", "contains a NUL character")
                for name, value in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
                if "\x00" in name or "\x00" in value
            ]
            await self._refuse(scope, send, 422, fields or [("query", "contains a NUL character")])
            return
        length: int | None = None
        content_type: bytes | None = None
        chunked = False
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = None
            elif name == b"content-type":
                content_type = value
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
        if length is None and not chunked and scope["method"] in _METHODS_WITHOUT_BODY:
            await self.app(scope, receive, send)
            return
        if length is not None and length > self.max_body_bytes:
            await self._too_large(scope, send)
            return
        text = False
        if (length or chunked) and (content_type is None or not _is_json(content_type)):
            allowed = self.other_media_types(scope["method"], _route_path(scope))
            text = content_type is not None and _media(content_type) in allowed
            if not text:
                sent = "no Content-Type" if content_type is None else content_type.decode("latin-1")[:100]
                also = "".join(f" or {m.decode()}" for m in sorted(allowed))
                detail = f"the body must be JSON (application/json){also}, not {sent}"
                await self._refuse(scope, send, 415, [("header.content-type", detail)])
                return
        body = await self._read(receive)
        if body is None:
            await self._too_large(scope, send)
            return
        if text and b"\x00" in body:
            await self._refuse(scope, send, 422, [("body", "contains a NUL character")])
            return
        if b"\\u0000" in body or (b"\\u" in body and _SURROGATE_ESCAPE.search(body)):
            try:
                document = json.loads(body)
            except ValueError:
                document = None  # not JSON: the route's own parsing says so
            bad = list(_bad_strings(document, "body"))
            if bad:
                await self._refuse(scope, send, 422, bad)
                return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it passes the limit."""
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            return b""
        body: bytes = message.get("body", b"")
        if len(body) > self.max_body_bytes:
            return None
        if not message.get("more_body", False):
            return body  # the usual case: one message
        chunks = [body]
        size = len(body)
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        await self._respond(
            scope,
            send,
            problem_body(
                413,
                "content-too-large",
                "The request body is too large",
                f"the body may be at most {self.max_body_bytes} bytes",
                scope["path"],
            ),
        )

    async def _refuse(self, scope: Scope, send: Send, status: int, fields: list[tuple[str, str]]) -> None:
        if status == 415:
            slug, title, detail, code = "unsupported-media-type", "Unsupported media type", fields[0][1], "media_type"
        else:
            slug, title, code = "invalid-input", "The request is not valid", "string_not_storable"
            detail = f"Invalid fields: {', '.join(field for field, _ in fields)}"
        errors = [{"field": field, "message": why, "code": code} for field, why in fields]
        await self._respond(scope, send, problem_body(status, slug, title, detail, scope["path"], errors=errors))

    @staticmethod
    async def _respond(scope: Scope, send: Send, body: dict[str, Any]) -> None:
        content = json.dumps(body).encode()
        headers = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(content)).encode())]
        if body["status"] == 413:
            headers.append((b"connection", b"close"))  # the unread rest of the body is not worth reading
        await send({"type": "http.response.start", "status": body["status"], "headers": headers})
        await send({"type": "http.response.body", "body": content})


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()  # after the body: disconnects
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
