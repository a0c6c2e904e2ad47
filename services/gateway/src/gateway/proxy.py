"""The proxy hot path: token check, rate limit, forward with aiohttp, stream back.

Kept as plain ASGI (no routing framework) because every request of every consumer passes here.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import orjson
from limits import parse
from limits.aio.storage import MemoryStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from limits.storage import storage_from_string
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import Message, Receive, Scope, Send

from folkevalgt_shared.auth import Principal, TokenVerifier, bearer_token
from folkevalgt_shared.errors import PROBLEM_JSON, Problem, problem_body
from gateway.config import Settings

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
# Response headers aiohttp computes itself or that must not be copied back.
SKIP_RESPONSE = HOP_BY_HOP | {"content-length", "server", "date"}


async def send_problem(
    send: Send,
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> None:
    body = orjson.dumps(problem_body(status, slug, title, detail, instance, **extra))
    raw = [(b"content-type", PROBLEM_JSON.encode()), (b"content-length", str(len(body)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class Proxy:
    def __init__(self, settings: Settings, verifier: TokenVerifier, registry: CollectorRegistry) -> None:
        self.settings = settings
        self.upstreams = {f"/{name}": url.rstrip("/") for name, url in settings.services.items()}
        self.verifier = verifier
        self.public = tuple(settings.public_paths)
        self.rate = parse(settings.rate_limit)
        storage: Storage = MemoryStorage()
        if settings.redis_url:  # limits wants the async flavour: async+redis://...
            storage = storage_from_string("async+" + settings.redis_url.removeprefix("async+"))
        self.limiter = FixedWindowRateLimiter(storage)
        self.session: aiohttp.ClientSession | None = None
        self.requests = Counter("gateway_requests_total", "Proxied requests", ["service", "status"], registry=registry)
        self.latency = Histogram(
            "gateway_request_duration_seconds", "Proxied request latency", ["service"], registry=registry
        )

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(limit=512, limit_per_host=256, keepalive_timeout=60, ttl_dns_cache=300)
        timeout = aiohttp.ClientTimeout(
            total=self.settings.upstream_timeout_seconds, connect=self.settings.connect_timeout_seconds
        )
        self.session = aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding"),
        )

    async def stop(self) -> None:
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

    async def __call__(self, scope: Scope, receive: Receive, send: Send, prefix: str, base: str, rest: str) -> None:
        started = time.perf_counter()
        status = await self._handle(scope, receive, send, prefix, base, rest)
        service = prefix[1:]
        self.requests.labels(service, str(status)).inc()
        self.latency.labels(service).observe(time.perf_counter() - started)

    async def _handle(self, scope: Scope, receive: Receive, send: Send, prefix: str, base: str, rest: str) -> int:
        path = scope["path"]
        headers: dict[str, str] = {}
        for raw_key, raw_value in scope["headers"]:
            key = raw_key.decode("latin-1")
            if key in headers:
                headers[key] += ", " + raw_value.decode("latin-1")
            else:
                headers[key] = raw_value.decode("latin-1")

        # Token check before forwarding; the services check again (no trust in the network).
        client_key: str
        if rest.startswith(self.public) and scope["method"] in ("GET", "HEAD"):
            client = scope.get("client")
            client_key = client[0] if client else "anonymous"
        else:
            try:
                principal: Principal = await self.verifier.verify(bearer_token(headers.get("authorization")))
            except Problem as exc:
                await send_problem(send, exc.status, exc.slug, exc.title, exc.detail, path, exc.headers)
                return exc.status
            client_key = principal.subject

        if not await self.limiter.hit(self.rate, client_key):
            stats = await self.limiter.get_window_stats(self.rate, client_key)
            retry_after = max(1, int(stats.reset_time - time.time()) + 1)
            await send_problem(
                send,
                429,
                "rate-limited",
                "Too many requests",
                f"the limit is {self.settings.rate_limit} per client",
                path,
                {"Retry-After": str(retry_after)},
            )
            return 429

        request_id = headers.get("x-request-id") or uuid.uuid4().hex
        upstream_headers = self._upstream_headers(headers, scope, prefix, request_id)
        url = base + rest + ("?" + scope["query_string"].decode("latin-1") if scope["query_string"] else "")
        body = await self._request_body(receive, headers)
        assert self.session is not None
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            async with self.session.request(
                scope["method"], url, headers=upstream_headers, data=body, allow_redirects=False
            ) as response:
                await self._respond(tracking_send, response, request_id)
                return response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            if started:  # the upstream broke off mid-response: nothing better to do than close
                raise
            return await self._upstream_failed(send, prefix, path, exc)

    async def _upstream_failed(self, send: Send, prefix: str, path: str, exc: Exception) -> int:
        if isinstance(exc, aiohttp.ClientConnectorError):
            await send_problem(
                send,
                503,
                "service-unavailable",
                "Service unavailable",
                f"the {prefix[1:]} service cannot be reached",
                path,
                {"Retry-After": "5"},
            )
            return 503
        if isinstance(exc, TimeoutError):
            await send_problem(
                send,
                504,
                "gateway-timeout",
                "Gateway timeout",
                f"the {prefix[1:]} service did not answer in time",
                path,
            )
            return 504
        await send_problem(
            send, 502, "bad-gateway", "Bad gateway", f"the {prefix[1:]} service failed: {type(exc).__name__}", path
        )
        return 502

    def _upstream_headers(self, headers: dict[str, str], scope: Scope, prefix: str, request_id: str) -> dict[str, str]:
        connection_named = {h.strip().lower() for h in headers.get("connection", "").split(",") if h.strip()}
        out = {k: v for k, v in headers.items() if k not in HOP_BY_HOP and k not in connection_named}
        client = scope.get("client")
        if client:
            forwarded_for = headers.get("x-forwarded-for")
            out["x-forwarded-for"] = f"{forwarded_for}, {client[0]}" if forwarded_for else client[0]
        out["x-forwarded-proto"] = scope.get("scheme", "http")
        out["x-forwarded-prefix"] = prefix
        out["x-request-id"] = request_id
        return out

    async def _request_body(self, receive: Receive, headers: dict[str, str]) -> bytes | AsyncIterator[bytes] | None:
        length = headers.get("content-length")
        chunked = "chunked" in headers.get("transfer-encoding", "")
        if not chunked and (length is None or length == "0"):
            return None
        if not chunked and length is not None and length.isdigit() and int(length) <= self.settings.buffer_limit_bytes:
            chunks = []
            more = True
            while more:
                message = await receive()
                chunks.append(message.get("body", b""))
                more = message.get("more_body", False)
            return b"".join(chunks)

        async def stream() -> AsyncIterator[bytes]:
            more = True
            while more:
                message = await receive()
                if message.get("body"):
                    yield message["body"]
                more = message.get("more_body", False)

        return stream()

    async def _respond(self, send: Send, response: aiohttp.ClientResponse, request_id: str) -> None:
        raw = [
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in response.headers.items()
            if k.lower() not in SKIP_RESPONSE
        ]
        if not any(k == b"x-request-id" for k, _ in raw):
            raw.append((b"x-request-id", request_id.encode()))
        length = response.content_length
        if length is not None and length <= self.settings.buffer_limit_bytes:
            body = await response.read()
            raw.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": response.status, "headers": raw})
            await send({"type": "http.response.body", "body": body})
            return
        await send({"type": "http.response.start", "status": response.status, "headers": raw})
        async for chunk in response.content.iter_any():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
