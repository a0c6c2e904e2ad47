"""The proxy hot path: token check, rate limit, forward to the service's pool, stream back.

No routing framework, because every request of every consumer passes here: a request comes as plain
ASGI (`Proxy.__call__`) or straight from the gateway's own protocol (server.py), and both take the
same way through `Proxy.forward`.
"""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Awaitable
from functools import partial
from typing import Any, Protocol

import aiohttp
import orjson
from starlette.types import Receive, Scope, Send

from folkevalgt_shared.auth import Principal, TokenVerifier, bearer_token
from folkevalgt_shared.errors import PROBLEM_JSON, Forbidden, Problem, problem_body
from gateway import metrics as m
from gateway.config import Settings
from gateway.metrics import GatewayMetrics
from gateway.paths import raw_below_prefix, valid_request_id
from gateway.ratelimit import rate_limit
from gateway.server import SEND_WHOLE, SendWhole
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
# Request headers not copied to the service: the gateway frames the body and sets these itself.
SET_BY_GATEWAY = ("x-forwarded-for", "x-forwarded-proto", "x-forwarded-prefix", "x-request-id")
NOT_FORWARDED = frozenset(h.encode() for h in (*HOP_BY_HOP, *REFRAMED, *SET_BY_GATEWAY))
# Response headers that framing decides, that must not be copied back, or that the gateway sets.
SKIP_RESPONSE = frozenset(h.encode() for h in (*HOP_BY_HOP, "content-length", "server", "date", "x-request-id"))
# Methods sent again when a kept-alive connection turns out closed (RFC 9110 9.2.2).
IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# Sent to the client with a refusal that leaves the request body unread: it is not worth reading.
CLOSE = {"Connection": "close"}
PROBLEM_JSON_BYTES = PROBLEM_JSON.encode()


def problem_answer(
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str,
    headers: dict[str, str] | None = None,
    request_id: str | None = None,
    **extra: Any,
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """A refusal as (status, headers, body), framed with its length."""
    body = orjson.dumps(problem_body(status, slug, title, detail, instance, **extra))
    raw = [(b"content-type", PROBLEM_JSON_BYTES), (b"content-length", b"%d" % len(body))]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    if request_id is not None:
        raw.append((b"x-request-id", request_id.encode()))
    return status, raw, body


def problem_of(
    exc: Problem, instance: str, request_id: str | None = None
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """A refusal (problem_answer) for a Problem raised by a check."""
    return problem_answer(exc.status, exc.slug, exc.title, exc.detail, instance, exc.headers, request_id)


class Answer(Protocol):
    """Where the proxy sends its answer: the ASGI server (AsgiAnswer), or the gateway's own
    protocol, which writes to the connection (server.py). `started` once any of it is sent."""

    started: bool

    async def whole(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        """An answer held whole; `headers` carry its framing (content-length)."""

    async def stream(self, status: int, headers: list[tuple[bytes, bytes]], body: AsyncIterator[bytes]) -> None:
        """An answer whose length is not known, or too large to hold."""


class AsgiAnswer:
    __slots__ = ("send", "send_whole", "started")

    def __init__(self, send: Send, send_whole: SendWhole | None = None) -> None:
        self.send = send
        self.send_whole = send_whole
        self.started = False

    async def whole(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.started = True
        if self.send_whole is not None:
            await self.send_whole(status, headers, body)
            return
        await self.send({"type": "http.response.start", "status": status, "headers": headers})
        await self.send({"type": "http.response.body", "body": body})

    async def stream(self, status: int, headers: list[tuple[bytes, bytes]], body: AsyncIterator[bytes]) -> None:
        self.started = True
        await self.send({"type": "http.response.start", "status": status, "headers": headers})
        async for chunk in body:
            await self.send({"type": "http.response.body", "body": chunk, "more_body": True})
        await self.send({"type": "http.response.body", "body": b""})


def request_id_of(scope: Scope) -> str:
    """The client's X-Request-ID when it is a plain token, else a new one."""
    for key, value in scope["headers"]:
        if key == b"x-request-id":
            candidate: str = value.decode("latin-1")
            if valid_request_id(candidate):
                return candidate
            break
    return new_request_id()


_random = bytearray()


def new_request_id() -> str:
    """As random as uuid4().hex; the random bytes are drawn 4 KiB at a time, not with a system
    call per request."""
    global _random
    if len(_random) < 16:
        _random = bytearray(os.urandom(4096))
    piece = _random[-16:]
    del _random[-16:]
    return piece.hex()


class BodyTooLarge(Exception):
    pass


class Proxy:
    def __init__(self, settings: Settings, verifier: TokenVerifier, metrics: GatewayMetrics) -> None:
        self.settings = settings
        self.upstreams = {f"/{name}": url.rstrip("/") for name, url in settings.services.items()}
        self.verifier = verifier
        self.metrics = metrics
        self.public = tuple(settings.public_paths)
        self.prefix_values = {name: f"/{name}".encode() for name in settings.services}
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

    async def refuse_ops(self, authorization: str | None, answer: Answer, instance: str, service: str) -> int | None:
        """With ops_access=scope: None for a valid token holding the ops scope, else the status of
        the refusal sent (401, 403)."""
        scope = self.settings.ops_scope
        try:
            principal = await self.verifier.verify(bearer_token(authorization))
            if scope not in principal.scopes:
                raise Forbidden(f"missing scope(s): {scope}", required_scopes=[scope])
        except Problem as exc:
            reason = m.UNAUTHORIZED if exc.status == 401 else m.FORBIDDEN
            return await self._refuse(answer, service, reason, problem_of(exc, instance))
        return None

    async def _refuse(
        self, answer: Answer, service: str, reason: str, refusal: tuple[int, list[tuple[bytes, bytes]], bytes]
    ) -> int:
        """Sends `refusal` (problem_answer) and counts it; its status."""
        self.metrics.refused(service, reason)
        await answer.whole(*refusal)
        return refusal[0]

    async def __call__(
        self, scope: Scope, receive: Receive, send: Send, prefix: str, base: str, rest: str, ops: str | None = None
    ) -> None:
        """A request that came through ASGI. `ops`: None for an ordinary path; for an operator's path
        how it is reached ("open", "scope" or "listener", the latter only ever on the operators' listener)."""
        client = scope.get("client")
        extensions = scope.get("extensions") or {}
        service = prefix[1:]
        handling = self.forward(
            service,
            rest,
            ops,
            scope["method"],
            scope["path"],
            _raw_rest(scope, rest),
            scope["query_string"],
            scope["headers"],
            client[0] if client else None,
            scope.get("scheme", "http"),
            receive,
            AsgiAnswer(send, extensions.get(SEND_WHOLE)),
        )
        await self.counted(service, handling)

    async def counted(self, service: str, handling: Awaitable[int]) -> None:
        """Awaits `handling` (forward(...)) with the metrics of a request for `service` around it."""
        started = time.perf_counter()
        metrics = self.metrics
        metrics.started(service)
        try:
            status = await handling
        finally:
            metrics.finished(service)
        metrics.answered(service, status, time.perf_counter() - started)

    async def forward(
        self,
        service: str,
        rest: str,
        ops: str | None,
        method: str,
        path: str,
        raw_rest: str,
        query: bytes,
        headers: list[tuple[bytes, bytes]],
        client: str | None,
        scheme: str,
        receive: Receive | None,
        answer: Answer,
    ) -> int:
        """Checks, forwards and answers one request for `service`; returns the status answered.
        `rest` is the path below the prefix, `raw_rest` the same as the client encoded it; `headers`
        with lower-case names; `receive` None when the request has no body."""
        fields = dict(headers)
        if len(fields) != len(headers):  # a field on several lines is one list (RFC 9110 5.3)
            fields = {}
            for name, value in headers:
                fields[name] = fields[name] + b", " + value if name in fields else value
        raw_id = fields.get(b"x-request-id")
        request_id = raw_id.decode("latin-1") if raw_id is not None else None
        if request_id is None or not valid_request_id(request_id):
            request_id = new_request_id()
        raw_authorization = fields.get(b"authorization")
        authorization = raw_authorization.decode("latin-1") if raw_authorization is not None else None

        # Token check before forwarding; the services check again (no trust in the network).
        client_key: str
        if ops is not None and ops != "open":
            if ops == "scope" and (refused := await self.refuse_ops(authorization, answer, path, service)) is not None:
                return refused
            client_key = client or "anonymous"
        elif ops == "open" or (method in ("GET", "HEAD") and rest.startswith(self.public)):
            client_key = client or "anonymous"
        else:
            try:
                token = bearer_token(authorization)
                principal: Principal = self.verifier.remembered(token) or await self.verifier.verify(token)
            except Problem as exc:
                return await self._refuse(answer, service, m.UNAUTHORIZED, problem_of(exc, path, request_id))
            client_key = principal.subject

        if (retry_after := await self.rate_limit.hit(client_key)) is not None:
            limit = f"the limit is {self.settings.rate_limit} per client"
            refusal = problem_answer(
                429, "rate-limited", "Too many requests", limit, path, {"Retry-After": str(retry_after)}, request_id
            )
            return await self._refuse(answer, service, m.RATE_LIMITED, refusal)

        raw_length = fields.get(b"content-length")
        length = raw_length.decode("latin-1") if raw_length is not None else None
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return await self._too_large(answer, service, path, request_id)
        try:
            body = await self._request_body(receive, fields, length)
        except BodyTooLarge:
            return await self._too_large(answer, service, path, request_id)

        upstream_headers = self._upstream_headers(fields, client, scheme, service, request_id)
        target = raw_rest + ("?" + query.decode("latin-1") if query else "")
        # A method that may be sent twice (RFC 9110 9.2.2), or a key that makes a second delivery one.
        retry_allowed = method in IDEMPOTENT or b"idempotency-key" in fields
        sent_at = time.perf_counter()
        try:
            response = await self.pools[service].request(
                method, target, upstream_headers, body, retry_allowed=retry_allowed
            )
            try:
                self.metrics.upstream_answered(service, time.perf_counter() - sent_at)
                await self._respond(answer, response, request_id, head_only=method == "HEAD")
                return response.status
            finally:
                response.release()
        except BodyTooLarge:
            if answer.started:
                raise
            return await self._too_large(answer, service, path, request_id)
        except (UpstreamError, TimeoutError) as exc:
            if answer.started:  # the upstream broke off mid-response: nothing better to do than close
                raise
            return await self._upstream_failed(answer, service, path, exc, request_id)

    async def _too_large(self, answer: Answer, service: str, path: str, request_id: str) -> int:
        detail = f"the request body is larger than {self.max_body} bytes"
        refusal = problem_answer(
            413, "content-too-large", "Content too large", detail, path, CLOSE, request_id, max_bytes=self.max_body
        )
        return await self._refuse(answer, service, m.TOO_LARGE, refusal)

    async def _upstream_failed(self, answer: Answer, service: str, path: str, exc: Exception, request_id: str) -> int:
        if isinstance(exc, Unreachable):
            self.metrics.upstream_failed(service, m.UNREACHABLE)
            status, slug, title = 503, "service-unavailable", "Service unavailable"
            detail, headers = f"the {service} service cannot be reached", {"Retry-After": "5"}
        elif isinstance(exc, TimeoutError):
            self.metrics.upstream_failed(service, m.TIMEOUT)
            status, slug, title = 504, "gateway-timeout", "Gateway timeout"
            detail, headers = f"the {service} service did not answer in time", None
        else:
            self.metrics.upstream_failed(service, m.DISCONNECTED)
            status, slug, title = 502, "bad-gateway", "Bad gateway"
            detail, headers = f"the {service} service failed: {type(exc).__name__}", None
        await answer.whole(*problem_answer(status, slug, title, detail, path, headers, request_id))
        return status

    def _upstream_headers(
        self, fields: dict[bytes, bytes], client: str | None, scheme: str, service: str, request_id: str
    ) -> list[tuple[bytes, bytes]]:
        connection = fields.get(b"connection")
        named = {h.strip().lower() for h in connection.split(b",") if h.strip()} if connection else ()
        out = [(k, v) for k, v in fields.items() if k not in NOT_FORWARDED and k not in named]
        forwarded_for = fields.get(b"x-forwarded-for")
        if client:
            peer = client.encode()
            out.append((b"x-forwarded-for", forwarded_for + b", " + peer if forwarded_for else peer))
        elif forwarded_for is not None:
            out.append((b"x-forwarded-for", forwarded_for))
        out.append((b"x-forwarded-proto", scheme.encode()))
        out.append((b"x-forwarded-prefix", self.prefix_values[service]))
        out.append((b"x-request-id", request_id.encode()))
        return out

    async def _request_body(
        self, receive: Receive | None, fields: dict[bytes, bytes], length: str | None
    ) -> bytes | AsyncIterator[bytes] | None:
        """The body in one piece when it is small, else a stream; BodyTooLarge past max_body."""
        chunked = b"chunked" in fields.get(b"transfer-encoding", b"")
        if receive is None or (not chunked and (length is None or length == "0")):
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

    async def _respond(self, answer: Answer, response: UpstreamResponse, request_id: str, *, head_only: bool) -> None:
        raw = [(k, v) for k, v in response.headers if k not in SKIP_RESPONSE]
        raw.append((b"x-request-id", request_id.encode()))
        length = response.content_length
        if head_only:  # the length a GET would have, and no body
            if length is not None:
                raw.append((b"content-length", b"%d" % length))
            await answer.whole(response.status, raw, b"")
        elif length is not None and length <= self.settings.buffer_limit_bytes:
            body = response.arrived_body()
            if body is None:
                body = await response.read()
            raw.append((b"content-length", b"%d" % len(body)))
            await answer.whole(response.status, raw, body)
        else:
            await answer.stream(response.status, raw, response.iter_chunks())


def _raw_rest(scope: Scope, rest: str) -> str:
    raw: bytes | None = scope.get("raw_path")
    return rest if raw is None else raw_below_prefix(raw)
