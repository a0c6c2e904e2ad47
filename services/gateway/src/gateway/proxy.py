"""The proxy hot path: token check, rate limit, forward to the service's pool, stream back.

Kept as plain ASGI (no routing framework) because every request of every consumer passes here.
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import aiohttp
import orjson
from starlette.types import Message, Receive, Scope, Send

from folkevalgt_shared.auth import Principal, TokenVerifier, bearer_token
from folkevalgt_shared.errors import PROBLEM_JSON, Forbidden, Problem, problem_body
from gateway import metrics as m
from gateway.config import Settings
from gateway.metrics import GatewayMetrics
from gateway.paths import valid_request_id
from gateway.ratelimit import rate_limit
from gateway.upstream import Unreachable, UpstreamError, UpstreamPool, UpstreamResponse

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
# Request headers the gateway frames anew: the body is sent whole with its own length, or chunked.
REFRAMED = frozenset({"content-length", "expect"})
# Response headers that framing decides, that must not be copied back, or that the gateway sets.
SKIP_RESPONSE = frozenset(h.encode() for h in (*HOP_BY_HOP, "content-length", "server", "date", "x-request-id"))
# Methods sent again when a kept-alive connection turns out closed (RFC 9110 9.2.2).
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# Sent to the client with a refusal that leaves the request body unread: it is not worth reading.
CLOSE = {"Connection": "close"}


async def send_problem(
    send: Send,
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str,
    headers: dict[str, str] | None = None,
    request_id: str | None = None,
    **extra: Any,
) -> None:
    body = orjson.dumps(problem_body(status, slug, title, detail, instance, **extra))
    raw = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if request_id is not None:
        raw.append((b"x-request-id", request_id.encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def send_problem_from(send: Send, exc: Problem, instance: str, request_id: str | None = None) -> None:
    await send_problem(send, exc.status, exc.slug, exc.title, exc.detail, instance, exc.headers, request_id)


def request_id_of(scope: Scope) -> str:
    """The client's X-Request-ID when it is a plain token, else a new one."""
    for key, value in scope["headers"]:
        if key == b"x-request-id":
            candidate: str = value.decode("latin-1")
            if valid_request_id(candidate):
                return candidate
            break
    return new_request_id()


def new_request_id() -> str:
    return os.urandom(16).hex()  # as random as uuid4().hex, at a third of its cost


class BodyTooLarge(Exception):
    pass


class Proxy:
    def __init__(self, settings: Settings, verifier: TokenVerifier, metrics: GatewayMetrics) -> None:
        self.settings = settings
        self.upstreams = {f"/{name}": url.rstrip("/") for name, url in settings.services.items()}
        self.verifier = verifier
        self.metrics = metrics
        self.public = tuple(settings.public_paths)
        self.rate_limit = rate_limit(settings.rate_limit, settings.redis_url)
        self.max_body = settings.max_body_bytes
        self.buffer_limit = min(settings.buffer_limit_bytes, settings.max_body_bytes)
        # The requests of consumers go through these pools; the session only fetches the services'
        # documents and readiness, where a general-purpose client costs nothing that matters.
        self.pools = {
            name: UpstreamPool(
                url,
                max_connections=settings.upstream_connections_per_service,
                keepalive_seconds=settings.upstream_keepalive_seconds,
                connect_timeout=settings.connect_timeout_seconds,
                timeout=settings.upstream_timeout_seconds,
                on_retry=partial(metrics.retried, name),
            )
            for name, url in settings.services.items()
        }
        self.session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(
            limit=512,
            limit_per_host=self.settings.upstream_connections_per_service,
            keepalive_timeout=self.settings.upstream_keepalive_seconds,
            ttl_dns_cache=300,
        )
        timeout = aiohttp.ClientTimeout(
            total=self.settings.upstream_timeout_seconds, connect=self.settings.connect_timeout_seconds
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding"),
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def stop(self) -> None:
        for pool in self.pools.values():
            await pool.close()
        if self.session is not None:
            await self.session.close()

    def match(self, path: str) -> tuple[str, str, str] | None:
        """(service prefix, upstream base, path below the prefix) or None."""
        end = path.find("/", 1)
        prefix = path if end == -1 else path[:end]
        base = self.upstreams.get(prefix)
        if base is None:
            return None
        return prefix, base, path[len(prefix) :] or "/"

    async def refuse_ops(self, headers: dict[str, str], send: Send, instance: str, service: str) -> int | None:
        """With ops_access=scope: None for a valid token holding the ops scope, else the status of
        the refusal sent (401, 403)."""
        scope = self.settings.ops_scope
        try:
            principal = await self.verifier.verify(bearer_token(headers.get("authorization")))
            if scope not in principal.scopes:
                raise Forbidden(f"missing scope(s): {scope}", required_scopes=[scope])
        except Problem as exc:
            self.metrics.refused(service, m.UNAUTHORIZED if exc.status == 401 else m.FORBIDDEN)
            await send_problem_from(send, exc, instance)
            return int(exc.status)
        return None

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, prefix: str, base: str, rest: str, ops: str | None = None
    ) -> None:
        """`ops`: None for an ordinary path; for an operator's path how it is reached ("open",
        "scope" or "listener", the latter only ever on the operators' listener)."""
        started = time.perf_counter()
        service = prefix[1:]
        metrics = self.metrics
        metrics.started(service)
        try:
            status = await self._handle(scope, receive, send, service, base, rest, ops)
        finally:
            metrics.finished(service)
        metrics.answered(service, status, time.perf_counter() - started)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, service: str, base: str, rest: str, ops: str | None
    ) -> int:
        path = scope["path"]
        headers: dict[str, str] = {}
        for raw_key, raw_value in scope["headers"]:
            key = raw_key.decode("latin-1")
            if key in headers:
                headers[key] += ", " + raw_value.decode("latin-1")
            else:
                headers[key] = raw_value.decode("latin-1")
        request_id = headers.get("x-request-id")
        if not valid_request_id(request_id):
            request_id = new_request_id()
        assert request_id is not None

        # Token check before forwarding; the services check again (no trust in the network).
        client_key: str
        method = scope["method"]
        if ops is not None and ops != "open":
            if ops == "scope" and (refused := await self.refuse_ops(headers, send, path, service)) is not None:
                return refused
            client = scope.get("client")
            client_key = client[0] if client else "anonymous"
        elif ops == "open" or (method in ("GET", "HEAD") and rest.startswith(self.public)):
            client = scope.get("client")
            client_key = client[0] if client else "anonymous"
        else:
            try:
                principal: Principal = await self.verifier.verify(bearer_token(headers.get("authorization")))
            except Problem as exc:
                self.metrics.refused(service, m.UNAUTHORIZED)
                await send_problem_from(send, exc, path, request_id)
                return int(exc.status)
            client_key = principal.subject

        if (retry_after := await self.rate_limit.hit(client_key)) is not None:
            self.metrics.refused(service, m.RATE_LIMITED)
            await send_problem(
                send,
                429,
                "rate-limited",
                "Too many requests",
                f"the limit is {self.settings.rate_limit} per client",
                path,
                {"Retry-After": str(retry_after)},
                request_id,
            )
            return 429

        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return await self._too_large(send, service, path, request_id)
        try:
            body = await self._request_body(receive, headers, length)
        except BodyTooLarge:
            return await self._too_large(send, service, path, request_id)

        upstream_headers = self._upstream_headers(headers, scope, service, request_id)
        query = scope["query_string"]
        target = _raw_rest(scope, rest) + ("?" + query.decode("latin-1") if query else "")
        # A method that may be sent twice (RFC 9110 9.2.2), or a key that makes a second delivery one.
        retry_allowed = method in IDEMPOTENT or "idempotency-key" in headers
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        sent_at = time.perf_counter()
        try:
            async with await self.pools[service].request(
                method, target, upstream_headers, body, retry_allowed=retry_allowed
            ) as response:
                self.metrics.upstream_answered(service, time.perf_counter() - sent_at)
                await self._respond(tracking_send, response, request_id, head_only=method == "HEAD")
                return response.status
        except BodyTooLarge:
            if started:
                raise
            return await self._too_large(send, service, path, request_id)
        except (UpstreamError, TimeoutError) as exc:
            if started:  # the upstream broke off mid-response: nothing better to do than close
                raise
            return await self._upstream_failed(send, service, path, exc, request_id)

    async def _too_large(self, send: Send, service: str, path: str, request_id: str) -> int:
        self.metrics.refused(service, m.TOO_LARGE)
        await send_problem(
            send,
            413,
            "content-too-large",
            "Content too large",
            f"the request body is larger than {self.max_body} bytes",
            path,
            CLOSE,
            request_id,
            max_bytes=self.max_body,
        )
        return 413

    async def _upstream_failed(self, send: Send, service: str, path: str, exc: Exception, request_id: str) -> int:
        if isinstance(exc, Unreachable):
            self.metrics.upstream_failed(service, m.UNREACHABLE)
            await send_problem(
                send,
                503,
                "service-unavailable",
                "Service unavailable",
                f"the {service} service cannot be reached",
                path,
                {"Retry-After": "5"},
                request_id,
            )
            return 503
        if isinstance(exc, TimeoutError):
            self.metrics.upstream_failed(service, m.TIMEOUT)
            await send_problem(
                send,
                504,
                "gateway-timeout",
                "Gateway timeout",
                f"the {service} service did not answer in time",
                path,
                None,
                request_id,
            )
            return 504
        self.metrics.upstream_failed(service, m.DISCONNECTED)
        await send_problem(
            send,
            502,
            "bad-gateway",
            "Bad gateway",
            f"the {service} service failed: {type(exc).__name__}",
            path,
            None,
            request_id,
        )
        return 502

    def _upstream_headers(self, headers: dict[str, str], scope: Scope, service: str, request_id: str) -> dict[str, str]:
        connection_named = {h.strip().lower() for h in headers.get("connection", "").split(",") if h.strip()}
        out = {
            k: v for k, v in headers.items() if k not in HOP_BY_HOP and k not in REFRAMED and k not in connection_named
        }
        client = scope.get("client")
        if client:
            forwarded_for = headers.get("x-forwarded-for")
            out["x-forwarded-for"] = f"{forwarded_for}, {client[0]}" if forwarded_for else client[0]
        out["x-forwarded-proto"] = scope.get("scheme", "http")
        out["x-forwarded-prefix"] = "/" + service
        out["x-request-id"] = request_id
        return out

    async def _request_body(
        self, receive: Receive, headers: dict[str, str], length: str | None
    ) -> bytes | AsyncIterator[bytes] | None:
        """The body in one piece when it is small, else a stream; BodyTooLarge past max_body."""
        chunked = "chunked" in headers.get("transfer-encoding", "")
        if not chunked and (length is None or length == "0"):
            return None
        chunks: list[bytes] = []
        size = 0
        more = True
        # A small declared length, or a chunked body until it proves larger than the buffer.
        if chunked or (length is not None and length.isdigit() and int(length) <= self.buffer_limit):
            while more:
                message = await receive()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body:
                    raise BodyTooLarge
                chunks.append(chunk)
                more = message.get("more_body", False)
                if more and size > self.buffer_limit:
                    break
            if not more:
                return b"".join(chunks)
        max_body = self.max_body

        async def stream() -> AsyncIterator[bytes]:
            nonlocal size, more
            for chunk in chunks:
                yield chunk
            while more:
                message = await receive()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > max_body:
                    raise BodyTooLarge
                if chunk:
                    yield chunk
                more = message.get("more_body", False)

        return stream()

    async def _respond(self, send: Send, response: UpstreamResponse, request_id: str, *, head_only: bool) -> None:
        raw = [(k, v) for k, v in response.headers if k not in SKIP_RESPONSE]
        raw.append((b"x-request-id", request_id.encode()))
        length = response.content_length
        if head_only:  # the length a GET would have, and no body
            if length is not None:
                raw.append((b"content-length", str(length).encode()))
            await send({"type": "http.response.start", "status": response.status, "headers": raw})
            await send({"type": "http.response.body", "body": b""})
            return
        if length is not None and length <= self.settings.buffer_limit_bytes:
            body = await response.read()
            raw.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": response.status, "headers": raw})
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": response.status, "headers": raw})
        async for chunk in response.iter_chunks():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})


def _raw_rest(scope: Scope, rest: str) -> str:
    """The path below the prefix as the client encoded it: the service decodes it exactly as the
    gateway did (the gateway refused every path where that could differ), and nothing between
    them re-encodes or normalises it."""
    raw: bytes | None = scope.get("raw_path")
    if raw is None:
        return rest
    end = raw.find(b"/", 1)
    return raw[end:].decode("latin-1") if end != -1 else "/"
