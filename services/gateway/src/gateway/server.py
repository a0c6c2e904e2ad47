"""The gateway's HTTP/1.1 server protocol: uvicorn's, with a shorter way through for the common case.

The gateway's own work per request is small, so what the server does around it is a large share of
its cost. Two things here cut it, to about 0.05 ms of CPU per request from 0.066 under plain uvicorn
(bench/gateway_bench.py, in front of nginx):

- An ordinary request for a service that has no body (GET, HEAD, DELETE…: the bulk of what the
  mobile app, the case-management system and the payroll partners send) goes from the parser
  straight to the proxy: no ASGI application call, no middleware, no ASGI messages. The proxy's
  answer is written to the connection in one write, head and body together.
- Every other request goes through ASGI as under plain uvicorn; an answer the proxy holds whole
  still leaves in one write, through the `folkevalgt.send_whole` extension of the scope.

Everything about the connection stays uvicorn's: parsing, keep-alive and its timeout, pipelined
requests (a request that arrives while another is answered waits its turn, through ASGI), flow
control, graceful shutdown, the access log and trusted proxy headers. Which requests are
"ordinary" is decided by the gateway (`Gateway.plain_target`), with the same rules as its ASGI path.

Run the gateway with `uvicorn gateway.main:create_app --factory --http gateway.server:GatewayProtocol`
(or `UVICORN_HTTP=gateway.server:GatewayProtocol`); without it the gateway works the same, slower.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import urllib.parse
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import httptools
from uvicorn.config import Config
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware
from uvicorn.protocols.http.httptools_impl import (
    HEADER_VALUE_RE,
    STATUS_LINE,
    HttpToolsProtocol,
    RequestResponseCycle,
)
from uvicorn.server import ServerState

from gateway.deadline import Deadline
from gateway.paths import raw_below_prefix

if TYPE_CHECKING:
    from gateway.main import Gateway

SEND_WHOLE = "folkevalgt.send_whole"

# send_whole(status, headers, body): `headers` carry the framing (content-length) themselves.
SendWhole = Callable[[int, list[tuple[bytes, bytes]], bytes], Awaitable[None]]

logger = logging.getLogger("gateway.server")

INTERNAL_ERROR_HEADERS = [
    (b"content-type", b"text/plain; charset=utf-8"),
    (b"content-length", b"21"),
    (b"connection", b"close"),
]


class GatewayProtocol(HttpToolsProtocol):
    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.route = _route_of(config)
        self.exchange: DirectExchange | None = None  # the direct request in flight, if any
        # Keep-alive: uvicorn arms a new timer after every answer and cancels it when the next
        # request begins; one Deadline per connection does the same without a timer per request.
        self.idle_deadline = Deadline(self.loop, self.timeout_keep_alive_handler)

    def connection_lost(self, exc: Exception | None) -> None:
        # uvicorn tells the exchange in `self.cycle`; a request pipelined behind a direct one may be there.
        if self.exchange is not None and not self.exchange.response_complete:
            self.exchange.disconnected = True
        super().connection_lost(exc)
        self.idle_deadline.cancel()

    def _unset_keepalive_if_required(self) -> None:
        self.idle_deadline.clear()

    def on_response_complete(self) -> None:
        """uvicorn's, with the keep-alive Deadline."""
        self.server_state.total_requests += 1
        if self.transport.is_closing():
            return
        self.flow.resume_reading()
        if self.pipeline:
            cycle, app = self.pipeline.pop()
            self._start_asgi_task(cycle, app)
        else:
            self.idle_deadline.set(self.loop.time() + self.timeout_keep_alive)

    def on_headers_complete(self) -> None:
        route = self.route
        previous = self.cycle
        if (
            route is None
            or (previous is not None and not previous.response_complete)  # pipelined: it waits its turn
            or self.expect_100_continue
            or self.parser.get_http_version() != "1.1"
            or self.parser.should_upgrade()
            or not _without_body(self.headers)
        ):
            super().on_headers_complete()
            return
        parsed = httptools.parse_url(self.url)
        raw_path: bytes = parsed.path
        path = raw_path.decode("ascii")
        if "%" in path:
            path = urllib.parse.unquote(path)
        target = route.gateway.plain_target(path, raw_path)
        if target is None:
            super().on_headers_complete()
            return
        method = self.parser.get_method().decode("ascii")
        exchange = DirectExchange(self, method, self.url, self.parser.should_keep_alive())
        self.cycle = self.exchange = exchange  # type: ignore[assignment]  # what uvicorn's callbacks look at
        run = route.run(self, exchange, method, path, raw_path, parsed.query or b"", target)
        if self.config.reset_contextvars:
            task = self.loop.create_task(run, context=contextvars.Context())
        else:
            task = self.loop.create_task(run)
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)

    def _start_asgi_task(self, cycle: RequestResponseCycle, app: Any) -> None:
        # Only where nothing between uvicorn and the gateway wraps `send` (as CORS does: its
        # headers would be lost).
        if self.route is not None:
            extensions: dict[str, Any] = cycle.scope.setdefault("extensions", {})
            extensions[SEND_WHOLE] = partial(_send_whole, cycle)
        super()._start_asgi_task(cycle, app)


def _without_body(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return False
    return True


class _Route:
    """How the direct path reaches the gateway, for one server configuration."""

    def __init__(self, gateway: Gateway, trust: ProxyHeadersMiddleware | None) -> None:
        self.gateway = gateway
        self.trust = trust

    async def run(
        self,
        protocol: GatewayProtocol,
        exchange: DirectExchange,
        method: str,
        path: str,
        raw_path: bytes,
        query: bytes,
        target: tuple[str, str, str],
    ) -> None:
        client, scheme = protocol.client, protocol.scheme or "http"
        headers = protocol.headers
        if (
            self.trust is not None
            and client is not None
            and any(name.startswith(b"x-forwarded-") for name, _ in headers)
            and client[0] in self.trust.trusted_hosts
        ):
            # uvicorn's own rules for X-Forwarded-For / -Proto from a trusted proxy
            seen: dict[str, Any] = {"type": "http", "client": client, "scheme": scheme, "headers": headers}
            await self.trust(seen, _nothing, _nothing)  # type: ignore[arg-type]
            client, scheme = seen["client"], seen["scheme"]
        exchange.client = client
        prefix, _, rest = target
        proxy, service = self.gateway.proxy, prefix[1:]
        try:
            handling = proxy.forward(
                service,
                rest,
                None,
                method,
                path,
                raw_below_prefix(raw_path),
                query,
                headers,
                client[0] if client else None,
                scheme,
                None,
                exchange,
            )
            await proxy.counted(service, handling)
        except BaseException as exc:
            logger.error("the proxy failed on %s %s", method, path, exc_info=exc)
            if not exchange.started:
                await exchange.whole(500, INTERNAL_ERROR_HEADERS, b"Internal Server Error")
            else:
                protocol.transport.close()
            if isinstance(exc, asyncio.CancelledError):
                raise


async def _nothing(*_: Any) -> None:
    return None


_routes: weakref.WeakKeyDictionary[Config, _Route | None] = weakref.WeakKeyDictionary()


def _route_of(config: Config) -> _Route | None:
    """The gateway behind uvicorn's wrappers; None when something else must see each request
    (CORS, another middleware, a concurrency limit): then every request goes through ASGI."""
    if config not in _routes:
        from gateway.main import Gateway  # uvicorn loads this module before the app

        app = config.loaded_app
        trust = None
        if isinstance(app, ProxyHeadersMiddleware):
            trust = ProxyHeadersMiddleware(_nothing, config.forwarded_allow_ips)
            app = app.app
        plain = isinstance(app, Gateway) and config.limit_concurrency is None
        _routes[config] = _Route(app, trust) if plain else None
    return _routes[config]


class _NoWaiter:
    """uvicorn's protocol wakes an exchange's reader; the direct path has none."""

    def set(self) -> None:
        return None


_NO_WAITER = _NoWaiter()


class DirectExchange:
    """One request on the direct path, in the place of uvicorn's RequestResponseCycle (the
    attributes below are those uvicorn's protocol reads and writes), and the proxy's Answer."""

    __slots__ = (
        "client",
        "disconnected",
        "keep_alive",
        "method",
        "more_body",
        "protocol",
        "response_complete",
        "started",
        "url",
    )

    message_event = _NO_WAITER

    def __init__(self, protocol: GatewayProtocol, method: str, url: bytes, keep_alive: bool) -> None:
        self.protocol = protocol
        self.method = method
        self.url = url
        self.keep_alive = keep_alive
        self.response_complete = False
        self.disconnected = False
        self.more_body = False
        self.started = False
        self.client: tuple[str, int] | None = None

    async def whole(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        if self.protocol.flow.write_paused and not self.disconnected:
            await self.protocol.flow.drain()
        content = self._head(status, headers)
        if content is None:
            return
        if body and self.method != "HEAD":
            content.append(body)
        self.protocol.transport.write(b"".join(content))
        self._complete()

    async def stream(self, status: int, headers: list[tuple[bytes, bytes]], body: AsyncIterator[bytes]) -> None:
        chunked = self.method != "HEAD" and status not in (204, 304)
        if self.protocol.flow.write_paused and not self.disconnected:
            await self.protocol.flow.drain()
        content = self._head(status, [*headers, (b"transfer-encoding", b"chunked")] if chunked else headers)
        if content is None:
            return
        transport, flow = self.protocol.transport, self.protocol.flow
        transport.write(b"".join(content))
        if chunked:
            async for chunk in body:
                if flow.write_paused and not self.disconnected:
                    await flow.drain()
                if self.disconnected:
                    return
                if chunk:
                    transport.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
            transport.write(b"0\r\n\r\n")
        self._complete()

    def _head(self, status: int, headers: list[tuple[bytes, bytes]]) -> list[bytes] | None:
        """The head to write, None when the client has gone (then nothing is written)."""
        self.started = True
        protocol = self.protocol
        if self.disconnected:
            return None
        if protocol.access_log:
            client = self.client
            protocol.access_logger.info(
                '%s - "%s %s HTTP/1.1" %d',
                f"{client[0]}:{client[1]}" if client else "",
                self.method,
                self.url.decode("latin-1"),
                status,
            )
        content, self.keep_alive = render_head(status, protocol.server_state.default_headers, headers, self.keep_alive)
        return content

    def _complete(self) -> None:
        self.response_complete = True
        if not self.keep_alive:
            self.protocol.transport.close()
        self.protocol.on_response_complete()


def render_head(
    status: int,
    default_headers: list[tuple[bytes, bytes]],
    headers: list[tuple[bytes, bytes]],
    keep_alive: bool,
) -> tuple[list[bytes], bool]:
    """An answer's status line and header block, as uvicorn writes them; and whether the
    connection stays open after it.

    The headers are the service's, as the parser accepted them, and the gateway's own: their
    names are tokens already. The values are checked at once for what uvicorn refuses in one
    (control characters, which could split the answer)."""
    if HEADER_VALUE_RE.search(b"".join([value for _, value in headers])):
        raise RuntimeError("a header value holds a control character")
    content = [STATUS_LINE[status]]
    closing = False
    for name, value in (*default_headers, *headers):
        if name == b"connection" and b"close" in value.lower():
            keep_alive = False
            closing = True
        content += (name, b": ", value, b"\r\n")
    if not keep_alive and not closing:
        content.append(b"connection: close\r\n")
    content.append(b"\r\n")
    return content, keep_alive


async def _send_whole(
    cycle: RequestResponseCycle, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    """What `http.response.start` and one final `http.response.body` do in uvicorn, in one write."""
    if cycle.flow.write_paused and not cycle.disconnected:
        await cycle.flow.drain()
    if cycle.disconnected:
        return
    if cycle.response_started:
        raise RuntimeError("send_whole after the answer had begun")
    cycle.response_started = True
    cycle.waiting_for_100_continue = False
    content, cycle.keep_alive = render_head(status, cycle.default_headers, headers, cycle.keep_alive)
    if body and cycle.scope["method"] != "HEAD":
        content.append(body)
    cycle.transport.write(b"".join(content))
    cycle.response_complete = True
    cycle.message_event.set()
    if not cycle.keep_alive:
        cycle.transport.close()
    cycle.on_response()
