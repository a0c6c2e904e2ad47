"""What the gateway assembles from all services: readiness and one OpenAPI document."""

from __future__ import annotations

import asyncio
import copy
import time
from typing import Any

import aiohttp

REF_PREFIX = "#/components/schemas/"


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


def _rewrite_refs(node: Any, prefix: str) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                REF_PREFIX + prefix + v[len(REF_PREFIX) :]
                if k == "$ref" and isinstance(v, str) and v.startswith(REF_PREFIX)
                else _rewrite_refs(v, prefix)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rewrite_refs(v, prefix) for v in node]
    return node


def merge_openapi(gateway_spec: dict[str, Any], specs: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    """Each service's paths under its prefix; its schemas renamed `<service>__<Name>` so equal
    names in two services cannot collide; operation ids and tags prefixed likewise."""
    merged = copy.deepcopy(gateway_spec)
    paths = merged.setdefault("paths", {})
    schemas = merged.setdefault("components", {}).setdefault("schemas", {})
    merged.setdefault("tags", [])
    unavailable = []
    for service, spec in specs.items():
        if spec is None:
            unavailable.append(service)
            continue
        prefix = f"{service}__"
        for path, item in _rewrite_refs(spec.get("paths", {}), prefix).items():
            if path in ("/events", "/metrics"):
                continue
            for operation in item.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    operation["operationId"] = prefix + operation["operationId"]
                    operation["tags"] = [f"{service}: {t}" for t in operation.get("tags", [])] or [service]
            paths[f"/{service}{path}"] = item
        for name, schema in _rewrite_refs(spec.get("components", {}).get("schemas", {}), prefix).items():
            schemas[prefix + name] = schema
        merged["components"].setdefault("securitySchemes", {}).update(
            spec.get("components", {}).get("securitySchemes", {})
        )
    if unavailable:
        merged["info"]["x-unavailable-services"] = unavailable
    return merged


class OpenAPICache:
    """Service specs change only on deploy: fetch them at most every `ttl` seconds."""

    def __init__(self, ttl: float = 30.0) -> None:
        self.ttl = ttl
        self._value: dict[str, Any] | None = None
        self._at = 0.0
        self._lock = asyncio.Lock()

    async def get(
        self,
        session: aiohttp.ClientSession,
        services: dict[str, str],
        gateway_spec: dict[str, Any],
        timeout_seconds: float,
    ) -> dict[str, Any]:
        async with self._lock:
            if self._value is not None and time.monotonic() - self._at < self.ttl:
                return self._value

            async def fetch(name: str, base: str) -> tuple[str, dict[str, Any] | None]:
                try:
                    async with session.get(
                        f"{base}/openapi.json", timeout=aiohttp.ClientTimeout(total=timeout_seconds)
                    ) as r:
                        return name, (await r.json()) if r.status == 200 else None
                except (aiohttp.ClientError, TimeoutError, ValueError):
                    return name, None

            specs = dict(await asyncio.gather(*(fetch(n, b) for n, b in services.items())))
            value = merge_openapi(gateway_spec, specs)
            if all(s is not None for s in specs.values()):  # don't keep a partial spec
                self._value, self._at = value, time.monotonic()
            return value
