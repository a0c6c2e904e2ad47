"""The gateway's HTTP/1.1 client for the services: a pool of kept-alive connections per service.

Every request of every consumer passes here, so it is an asyncio protocol on the same parser as
the server side (httptools) rather than a general-purpose client: one write per small request,
no cookie jar, no redirects, no decompression, no per-request helper objects. It costs about a
tenth of aiohttp's CPU per request (bench/gateway_bench.py), and keeps the rules the gateway
needs of a client:

- A connection is reused only after a complete answer that was not a server error and did not
  ask to close: a service that fails a request closes the connection without saying so.
- An idle connection is dropped before the service's own keep-alive runs out.
- A request that finds its kept-alive connection closed before any byte of an answer arrived is
  sent again on a new one when that is harmless (`retry_allowed`, RFC 9110 9.2.2).
- One deadline covers the whole exchange, answer body included.
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from typing import cast
from urllib.parse import urlsplit

import httptools

from gateway.deadline import Deadline

# An answer body is buffered up to this many bytes before reading from the service pauses.
READ_HIGH_WATER = 256 * 1024


class UpstreamError(Exception):
    """The service could not be asked or did not answer completely."""


class Unreachable(UpstreamError):
    """No connection could be opened."""


class Disconnected(UpstreamError):
    """The connection closed before the answer was complete."""

    def __init__(self, message: str, *, answered: bool) -> None:
        super().__init__(message)
        self.answered = answered  # some of an answer had arrived: never send the request again


class _Connection(asyncio.Protocol):
    """One kept-alive connection; carries one exchange at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self.idle_since = time.monotonic()
        self._parser: httptools.HttpResponseParser | None = None
        self._head_only = False
        self._keep_alive = False
        self._until_close = False
        self._headers: list[tuple[bytes, bytes]] = []
        # The answer's declared length; -1 when it is chunked (or its length is not a plain number).
        self.content_length: int | None = None
        self._head: asyncio.Future[None] | None = None
        self._chunks: deque[bytes] = deque()
        self._buffered = 0
        self._reading_paused = False
        self._data: asyncio.Future[None] | None = None
        self._writable: asyncio.Future[None] | None = None
        self.received = False
        self.complete = False
        self.error: BaseException | None = None
        self._deadline: Deadline | None = None

    # -- the exchange ------------------------------------------------------------------------
    def begin(self, head_only: bool, loop: asyncio.AbstractEventLoop, deadline_at: float) -> None:
        """A new exchange, to be over by `deadline_at` (the loop's clock) or failed with a TimeoutError."""
        if self._parser is None or self._head_only:
            # The parser carries on to the next answer, but not after a HEAD's: it expects that one's body.
            self._parser = httptools.HttpResponseParser(self)
        self._head_only = head_only
        self._headers = []
        self.content_length = None
        self._head = loop.create_future()
        self._chunks.clear()
        self._buffered = 0
        self._until_close = False
        self.received = self.complete = False
        self.error = None
        if self._deadline is None:
            self._deadline = Deadline(loop, self._too_late)
        self._deadline.set(deadline_at)

    def end(self) -> None:
        """The exchange is over (answered, or given up): its deadline no longer applies."""
        if self._deadline is not None:
            self._deadline.clear()

    def _too_late(self) -> None:
        self.fail(TimeoutError("the service did not answer in time"))

    def write(self, data: bytes) -> None:
        if self.closed or self.transport is None:
            raise self._lost()
        self.transport.write(data)

    async def drain(self) -> None:
        if self._writable is not None:
            await self._writable
        if self.closed:
            raise self._lost()

    def head_arrived(self) -> asyncio.Future[None]:
        assert self._head is not None
        return self._head

    def head(self) -> tuple[int, list[tuple[bytes, bytes]], bool]:
        assert self._parser is not None
        return self._parser.get_status_code(), self._headers, self._keep_alive

    async def chunk(self) -> bytes | None:
        """The next piece of the body, None at its end."""
        while not self._chunks:
            if self.complete:
                return None
            if self.error is not None:
                raise self.error
            self._data = asyncio.get_running_loop().create_future()
            try:
                await self._data
            finally:
                self._data = None
        piece = self._chunks.popleft()
        self._buffered -= len(piece)
        if self._reading_paused and self._buffered < READ_HIGH_WATER // 2 and self.transport is not None:
            self._reading_paused = False
            self.transport.resume_reading()
        return piece

    def take_all(self) -> bytes:
        """The whole body, once the answer is complete."""
        body = self._chunks[0] if len(self._chunks) == 1 else b"".join(self._chunks)
        self._chunks.clear()
        self._buffered = 0
        return body

    def fail(self, error: BaseException) -> None:
        """Ends the exchange with `error` (a deadline passed): the connection is not kept."""
        if self.error is None:
            self.error = error
        self.close()
        self._wake()

    def close(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        if not self.closed:
            self.closed = True
            if self.transport is not None:
                self.transport.close()

    def _lost(self) -> BaseException:
        return self.error or Disconnected("the service closed the connection", answered=self.received)

    def _wake(self) -> None:
        if self._head is not None and not self._head.done():
            self._head.set_exception(self._lost())
        if self._data is not None and not self._data.done():
            self._data.set_result(None)
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)

    # -- asyncio.Protocol --------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        if self._parser is None or self.complete:
            self.fail(Disconnected("the service sent bytes that answer no request", answered=True))
            return
        self.received = True
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self.fail(Disconnected(f"the service's answer is not valid HTTP: {exc}", answered=True))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._until_close and exc is None and self._head is not None and self._head.done():
            self.complete = True
        if not self.complete and self.error is None:
            self.error = Disconnected("the service closed the connection", answered=self.received)
        self._wake()

    def pause_writing(self) -> None:
        if self._writable is None or self._writable.done():
            self._writable = asyncio.get_running_loop().create_future()

    def resume_writing(self) -> None:
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)
        self._writable = None

    # -- httptools callbacks -----------------------------------------------------------------
    def on_header(self, name: bytes, value: bytes) -> None:
        name = name.lower()
        if name == b"content-length":
            self.content_length = int(value) if value.isdigit() and self.content_length != -1 else -1
        elif name == b"transfer-encoding":
            self.content_length = -1
        self._headers.append((name, value))

    def on_headers_complete(self) -> None:
        assert self._parser is not None
        status = self._parser.get_status_code()
        if 100 <= status < 200:  # an interim answer: the final one follows
            self._headers = []
            self.content_length = None
            return
        self._keep_alive = self._parser.should_keep_alive()  # read now: the parser forgets it once the body is in
        # An old-style answer without a length ends when the service closes the connection.
        self._until_close = self.content_length is None and status not in (204, 304) and not self._head_only
        if self._head is not None and not self._head.done():
            self._head.set_result(None)
        if self._head_only:  # an answer to HEAD has no body, whatever its headers say
            self.on_message_complete()

    def on_body(self, body: bytes) -> None:
        self._chunks.append(body)
        self._buffered += len(body)
        if self._buffered > READ_HIGH_WATER and not self._reading_paused and self.transport is not None:
            self._reading_paused = True
            self.transport.pause_reading()
        if self._data is not None and not self._data.done():
            self._data.set_result(None)

    def on_message_complete(self) -> None:
        assert self._parser is not None
        if 100 <= self._parser.get_status_code() < 200 or self.complete:
            return
        self.complete = True
        if self._data is not None and not self._data.done():
            self._data.set_result(None)


class UpstreamResponse:
    """An answer on its way back. `release()` (or `async with`) gives the connection back."""

    def __init__(
        self,
        pool: UpstreamPool,
        connection: _Connection,
        status: int,
        headers: list[tuple[bytes, bytes]],
        keep_alive: bool,
    ) -> None:
        self._pool = pool
        self._connection: _Connection | None = connection
        self.status = status
        self.headers = headers
        self._keep_alive = keep_alive and status < 500  # a service closes after a server error
        length = connection.content_length
        self.content_length: int | None = length if length is not None and length >= 0 else None

    def arrived_body(self) -> bytes | None:
        """The whole body when all of it has arrived (as it usually has with the head), else None."""
        connection = self._connection
        assert connection is not None
        return connection.take_all() if connection.complete and connection.error is None else None

    async def read(self) -> bytes:
        if (body := self.arrived_body()) is not None:
            return body
        parts = [piece async for piece in self.iter_chunks()]
        return parts[0] if len(parts) == 1 else b"".join(parts)

    async def iter_chunks(self) -> AsyncIterator[bytes]:
        connection = self._connection
        assert connection is not None
        while (piece := await connection.chunk()) is not None:
            yield piece

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        connection.end()
        self._pool.give_back(connection, reuse=self._keep_alive and connection.complete and connection.error is None)

    async def __aenter__(self) -> UpstreamResponse:
        return self

    async def __aexit__(self, *_: object) -> None:
        self.release()


class UpstreamPool:
    """Kept-alive connections to one service, at most `max_connections` in use at once."""

    def __init__(
        self,
        base_url: str,
        *,
        max_connections: int,
        keepalive_seconds: float,
        connect_timeout: float,
        timeout: float,
        on_retry: Callable[[], None] | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        self.ssl: ssl.SSLContext | None = ssl.create_default_context() if parts.scheme == "https" else None
        self.host_header = parts.netloc.rsplit("@", 1)[-1].encode("latin-1")
        self.max_connections = max_connections
        self.keepalive = keepalive_seconds
        self.connect_timeout = connect_timeout
        self.timeout = timeout
        self.on_retry = on_retry
        self._idle: list[_Connection] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._in_use = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def request(
        self,
        method: str,
        target: str,
        headers: list[tuple[bytes, bytes]],
        body: bytes | AsyncIterator[bytes] | None,
        *,
        retry_allowed: bool,
    ) -> UpstreamResponse:
        """Sends the request and waits for the answer's head. `retry_allowed`: sending it again
        after a kept-alive connection turned out closed is harmless (an idempotent method, or a
        key that makes a second delivery one). A streamed body is never sent twice."""
        if self._in_use < self.max_connections and not self._waiting:
            self._in_use += 1
        else:
            await self._slot()
        try:
            loop = self._loop
            if loop is None or loop.is_closed():
                # Asked once: asyncio's get_running_loop() makes a system call (getpid) each time.
                loop = self._loop = asyncio.get_running_loop()
            deadline_at = loop.time() + self.timeout
            retry_allowed = retry_allowed and (body is None or isinstance(body, bytes))  # a stream is sent once
            while True:
                connection, reused = self._idle_connection() or await self._new_connection(deadline_at)
                try:
                    connection.begin(method == "HEAD", loop, deadline_at)
                    await self._send(connection, method, target, headers, body)
                    await connection.head_arrived()
                    status, response_headers, keep_alive = connection.head()
                except Disconnected as exc:
                    connection.close()
                    if reused and retry_allowed and not exc.answered:
                        retry_allowed = False
                        if self.on_retry is not None:
                            self.on_retry()
                        continue
                    raise
                except BaseException:
                    connection.close()
                    raise
                return UpstreamResponse(self, connection, status, response_headers, keep_alive)
        except BaseException:
            self._free_slot()
            raise

    async def close(self) -> None:
        for connection in self._idle:
            connection.close()
        self._idle.clear()

    def give_back(self, connection: _Connection, *, reuse: bool) -> None:
        if reuse and not connection.closed:
            connection.idle_since = time.monotonic()
            self._idle.append(connection)
        else:
            connection.close()
        self._free_slot()

    # -- connections ---------------------------------------------------------------------------
    async def _slot(self) -> None:
        if self._in_use < self.max_connections and not self._waiting:
            self._in_use += 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            await waiter  # the slot is handed over by _free_slot
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self._free_slot()  # handed over just as the wait was given up: pass it on
            else:
                self._waiting.remove(waiter)
            raise

    def _free_slot(self) -> None:
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._in_use -= 1

    def _idle_connection(self) -> tuple[_Connection, bool] | None:
        if not self._idle:
            return None
        fresh_after = time.monotonic() - self.keepalive
        while self._idle:
            connection = self._idle.pop()  # the most recently used: the least likely to be closing
            if not connection.closed and connection.idle_since > fresh_after:
                return connection, True
            connection.close()
        return None

    async def _new_connection(self, deadline_at: float) -> tuple[_Connection, bool]:
        loop = asyncio.get_running_loop()
        timeout = min(self.connect_timeout, max(deadline_at - loop.time(), 0.0))
        try:
            async with asyncio.timeout(timeout):
                _, connection = await loop.create_connection(
                    _Connection, self.host, self.port, ssl=self.ssl, server_hostname=self.host if self.ssl else None
                )
        except TimeoutError:
            raise Unreachable(f"no connection to {self.host}:{self.port} within {timeout:g} s") from None
        except OSError as exc:
            raise Unreachable(f"no connection to {self.host}:{self.port}: {exc.strerror or exc}") from exc
        return connection, False

    async def _send(
        self,
        connection: _Connection,
        method: str,
        target: str,
        headers: list[tuple[bytes, bytes]],
        body: bytes | AsyncIterator[bytes] | None,
    ) -> None:
        head = [f"{method} {target} HTTP/1.1\r\n".encode("latin-1")]
        has_host = False
        for name, value in headers:
            if name == b"host":
                has_host = True
            head += (name, b": ", value, b"\r\n")
        if not has_host:
            head.append(b"host: " + self.host_header + b"\r\n")
        if isinstance(body, bytes):
            head.append(b"content-length: %d\r\n\r\n" % len(body))
            connection.write(b"".join(head) + body)
            return
        if body is None:
            if method in ("POST", "PUT", "PATCH"):
                head.append(b"content-length: 0\r\n")
            connection.write(b"".join(head) + b"\r\n")
            return
        head.append(b"transfer-encoding: chunked\r\n\r\n")
        connection.write(b"".join(head))
        async for piece in body:
            if piece:
                connection.write(b"%x\r\n%b\r\n" % (len(piece), piece))
                await connection.drain()
        connection.write(b"0\r\n\r\n")
