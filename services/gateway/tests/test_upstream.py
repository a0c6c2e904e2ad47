"""The gateway's client for the services, against servers that answer in ways uvicorn never does:
an answer framed by closing the connection, an interim 100, bytes that are not HTTP, no answer."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
import uvloop

from gateway.upstream import Disconnected, Unreachable, UpstreamPool

Reply = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def serve(reply: Reply) -> tuple[asyncio.Server, UpstreamPool]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        await reply(reader, writer)

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    pool = UpstreamPool(
        f"http://127.0.0.1:{port}", max_connections=2, keepalive_seconds=4, connect_timeout=1, timeout=1
    )
    return server, pool


async def get(pool: UpstreamPool) -> tuple[int, bytes]:
    async with await pool.request("GET", "/x", [], None, retry_allowed=False) as response:
        return response.status, await response.read()


def test_an_answer_without_a_length_ends_when_the_service_closes() -> None:
    async def reply(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nall of it")
        await writer.drain()
        writer.close()

    async def run() -> tuple[int, bytes]:
        server, pool = await serve(reply)
        async with server:
            return await get(pool)

    assert asyncio.run(run()) == (200, b"all of it")


def test_an_interim_100_is_passed_over_for_the_final_answer() -> None:
    async def reply(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\nok")
        await writer.drain()

    async def run() -> tuple[int, bytes]:
        server, pool = await serve(reply)
        async with server:
            return await get(pool)

    assert asyncio.run(run()) == (201, b"ok")


@pytest.mark.parametrize(
    "answer",
    [b"SSH-2.0-OpenSSH\r\n\r\n", b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort", b""],
    ids=["not http", "cut short", "closed at once"],
)
def test_a_broken_answer_is_a_disconnection_and_the_connection_is_not_kept(answer: bytes) -> None:
    async def reply(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(answer)
        await writer.drain()
        writer.close()

    async def run() -> int:
        server, pool = await serve(reply)
        async with server:
            with pytest.raises(Disconnected):
                await get(pool)
            return len(pool._idle) + pool._in_use

    assert asyncio.run(run()) == 0  # nothing pooled, no slot held


def test_a_silent_service_times_out_and_frees_its_slot() -> None:
    async def reply(reader: asyncio.StreamReader, _: asyncio.StreamWriter) -> None:
        await reader.read()  # never answers

    async def run() -> int:
        server, pool = await serve(reply)
        async with server:
            for _ in range(3):  # more than max_connections: each slot came back
                with pytest.raises(TimeoutError):
                    await get(pool)
            return pool._in_use

    assert asyncio.run(run()) == 0


def test_a_kept_alive_connection_gives_each_exchange_its_own_full_time() -> None:
    """The first exchange's deadline must neither cut the second one short nor let it run on."""
    answered = 0

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal answered
        while await reader.readuntil(b"\r\n\r\n"):
            if answered:
                await reader.read()  # the second request on this connection is never answered
                return
            answered += 1
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
            await writer.drain()

    async def run() -> tuple[int, float]:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        pool = UpstreamPool(
            f"http://127.0.0.1:{port}", max_connections=1, keepalive_seconds=4, connect_timeout=1, timeout=0.5
        )
        async with server:
            assert await get(pool) == (200, b"ok")
            await asyncio.sleep(0.3)  # the first exchange's deadline passes while the second runs
            began = asyncio.get_running_loop().time()
            with pytest.raises(TimeoutError):
                await get(pool)
            return answered, asyncio.get_running_loop().time() - began

    answered_once, waited = uvloop.run(run())
    assert answered_once == 1  # the same connection carried both
    assert 0.49 <= waited < 0.8


def test_no_service_listening_is_unreachable() -> None:
    async def run() -> None:
        server, pool = await serve(lambda r, w: asyncio.sleep(0))
        server.close()
        await server.wait_closed()
        await get(pool)

    with pytest.raises(Unreachable):
        asyncio.run(run())
