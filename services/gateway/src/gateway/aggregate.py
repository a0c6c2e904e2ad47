"""What the gateway assembles from all services: readiness and one OpenAPI document."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp
import orjson

from folkevalgt_shared.types import utcnow
from gateway.openapi import ServiceDocument, merge_openapi


async def readiness(session: aiohttp.ClientSession, services: dict[str, str], timeout_seconds: float) -> dict[str, Any]:
    async def one(name: str, base: str) -> tuple[str, dict[str, Any]]:
        try:
            async with session.get(f"{base}/health/ready", timeout=aiohttp.ClientTimeout(total=timeout_seconds)) as r:
                body = await r.json(content_type=None)
                return name, {"ok": r.status == 200, "status": r.status, "checks": body.get("checks")}
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            return name, {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}

    results = dict(await asyncio.gather(*(one(n, b) for n, b in services.items())))
    return {"status": "ready" if all(r["ok"] for r in results.values()) else "not ready", "services": results}


class ServiceDocuments:
    """The OpenAPI document of each service, fetched at most every `refresh_seconds` while it
    answers and every `retry_seconds` while it does not; the last one that arrived is kept."""

    def __init__(self, services: dict[str, str], refresh_seconds: float, retry_seconds: float) -> None:
        self.services = services
        self.refresh_seconds = refresh_seconds
        self.retry_seconds = retry_seconds
        self._known: dict[str, ServiceDocument] = {
            name: ServiceDocument("unavailable", error="not asked yet") for name in services
        }
        self._asked_at: dict[str, float] = {}
        self._lock = asyncio.Lock()

    async def _fetch(
        self, session: aiohttp.ClientSession, name: str, timeout_seconds: float
    ) -> tuple[str, dict[str, Any] | str]:
        try:
            async with session.get(
                f"{self.services[name]}/openapi.json", timeout=aiohttp.ClientTimeout(total=timeout_seconds)
            ) as r:
                if r.status != 200:
                    return name, f"it answered {r.status}"
                document = orjson.loads(await r.read())
                if not isinstance(document, dict) or not isinstance(document.get("paths"), dict):
                    return name, "its answer is not an OpenAPI document"
                return name, document
        except (aiohttp.ClientError, TimeoutError) as exc:
            return name, f"{type(exc).__name__}: {exc}"[:200] if str(exc) else type(exc).__name__
        except orjson.JSONDecodeError:
            return name, "its answer is not JSON"

    def _record(self, name: str, result: dict[str, Any] | str) -> None:
        if isinstance(result, dict):
            self._known[name] = ServiceDocument("current", result, utcnow())
            return
        last = self._known[name]
        if last.document is not None:
            self._known[name] = ServiceDocument("stale", last.document, last.fetched_at, result)
        else:
            self._known[name] = ServiceDocument("unavailable", error=result)

    async def current(self, session: aiohttp.ClientSession, timeout_seconds: float) -> dict[str, ServiceDocument]:
        async with self._lock:
            now = time.monotonic()
            due = [
                name
                for name, known in self._known.items()
                if name not in self._asked_at
                or now - self._asked_at[name]
                >= (self.refresh_seconds if known.status == "current" else self.retry_seconds)
            ]
            if due:
                for name, result in await asyncio.gather(*(self._fetch(session, n, timeout_seconds) for n in due)):
                    self._asked_at[name] = now
                    self._record(name, result)
            return dict(self._known)

    async def prefetch(self, session: aiohttp.ClientSession, timeout_seconds: float) -> None:
        """At start: keep what arrives, and count nothing as failed (the services may be starting)."""
        async with self._lock:
            for name, result in await asyncio.gather(
                *(self._fetch(session, n, timeout_seconds) for n in self.services)
            ):
                if isinstance(result, dict):
                    self._asked_at[name] = time.monotonic()
                    self._record(name, result)


class MergedOpenAPI:
    """The merged document as bytes, made again only when a service's document changed state."""

    def __init__(self, documents: ServiceDocuments, public_paths: tuple[str, ...]) -> None:
        self.documents = documents
        self.public_paths = public_paths
        self._key: tuple[Any, ...] | None = None
        self._body = b""

    async def body(self, session: aiohttp.ClientSession, gateway_spec: dict[str, Any], timeout_seconds: float) -> bytes:
        services = await self.documents.current(session, timeout_seconds)
        key = tuple((n, s.status, s.fetched_at, s.error) for n, s in services.items())
        if key != self._key:
            self._body = orjson.dumps(merge_openapi(gateway_spec, services, self.public_paths))
            self._key = key
        return self._body
