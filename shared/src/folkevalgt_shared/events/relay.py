"""The outbox relay: claims due rows, delivers them signed, retries, parks dead letters.

Claiming pushes `next_attempt_at` forward by a lease and commits at once, so no row lock is
held while sending; several replicas can relay side by side (`FOR UPDATE SKIP LOCKED` on
PostgreSQL). A relay that dies mid-batch loses nothing: its leased rows fall due again when
the lease runs out, and the receivers' inboxes drop the duplicates.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import aiohttp
import httpx
import structlog
from sqlalchemy import Integer, Table, bindparam, select, update

from folkevalgt_shared.db import Database
from folkevalgt_shared.events.envelope import BATCH_CONTENT_TYPE, CONTENT_TYPE, build_batch, signed_headers
from folkevalgt_shared.observability import EventMetrics
from folkevalgt_shared.settings import EventSettings
from folkevalgt_shared.types import utcnow

log = structlog.get_logger()


class Sender(Protocol):
    """Sends one signed POST; answers (status, body text) or raises a transport error."""

    async def post(self, url: str, payload: str, headers: dict[str, str]) -> tuple[int, str]: ...

    async def close(self) -> None: ...


class AiohttpSender:
    """The default: aiohttp costs a tenth of httpx's CPU per request (see bench/)."""

    def __init__(self, timeout_seconds: float) -> None:
        self.timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._session: aiohttp.ClientSession | None = None

    async def post(self, url: str, payload: str, headers: dict[str, str]) -> tuple[int, str]:
        if self._session is None:  # created on first use, inside the running event loop
            self._session = aiohttp.ClientSession(timeout=self.timeout)
        async with self._session.post(url, data=payload.encode(), headers=headers) as response:
            return response.status, await response.text()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class HttpxSender:
    """Sends through an httpx client, e.g. one mounted on ASGI apps in tests."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(self, url: str, payload: str, headers: dict[str, str]) -> tuple[int, str]:
        response = await self.client.post(url, content=payload, headers=headers)
        return response.status_code, response.text

    async def close(self) -> None:
        await self.client.aclose()


@dataclass(frozen=True)
class Claimed:
    id: int
    event_id: str
    subscriber: str
    target_url: str
    payload: str
    attempts: int
    created_at: datetime | None = None


def backoff_seconds(attempts: int, base: float, cap: float) -> float:
    """Exponential backoff with jitter (half fixed, half random) after `attempts` failures."""
    delay = min(cap, base * 2.0 ** min(max(attempts - 1, 0), 60))  # capped exponent: no overflow
    return delay / 2 + random.uniform(0, delay / 2)


class _RelayStatements:
    """The relay's statements, built once: building them cost more than SQLite takes to run them."""

    def __init__(self, o: Table) -> None:
        due = (
            select(o.c.id)
            .where(o.c.status == "pending", o.c.next_attempt_at <= bindparam("now", type_=o.c.next_attempt_at.type))
            .order_by(o.c.id)
            .limit(bindparam("limit", type_=Integer))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        self.claim = (
            update(o)
            .where(o.c.id.in_(due))
            .values(next_attempt_at=bindparam("lease_until", type_=o.c.next_attempt_at.type))
            .returning(o.c.id, o.c.event_id, o.c.subscriber, o.c.target_url, o.c.payload, o.c.attempts, o.c.created_at)
        )
        self.delivered = (
            update(o)
            .where(o.c.id.in_(bindparam("ids", expanding=True)))
            .values(
                status="delivered",
                delivered_at=bindparam("now", type_=o.c.delivered_at.type),
                attempts=o.c.attempts + 1,
                last_error=None,
            )
        )
        self.failed = (
            update(o)
            .where(o.c.id == bindparam("row_id"))
            .values(
                attempts=bindparam("new_attempts"),
                status=bindparam("new_status"),
                next_attempt_at=bindparam("due"),
                last_error=bindparam("error"),
            )
        )


class OutboxRelay:
    def __init__(
        self,
        db: Database,
        outbox: Table,
        settings: EventSettings,
        sender: Sender | None = None,
        metrics: EventMetrics | None = None,
    ) -> None:
        self.db = db
        self.metrics = metrics
        self.outbox = outbox
        self.settings = settings
        self.sender = sender or AiohttpSender(settings.delivery_timeout_seconds)
        self._secrets = {s.name: s.secret for s in settings.subscriptions}
        self._statements = _RelayStatements(outbox)
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self, grace_seconds: float = 5.0) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, grace_seconds)
            except TimeoutError:
                pass  # cancelled mid-batch: the leased rows fall due again later
        await self.sender.close()

    def wake(self) -> None:
        """Called after a commit that wrote outbox rows: deliver now rather than at the next poll."""
        self._wake.set()

    async def _run(self) -> None:
        while not self._stopping:
            try:
                delivered = await self.drain_once()
            except Exception:
                log.exception("outbox relay failed; retrying")
                delivered = 0
            if delivered == 0 and not self._stopping:
                try:
                    await asyncio.wait_for(self._wake.wait(), self.settings.relay_poll_seconds)
                except TimeoutError:
                    pass
                self._wake.clear()

    # -- one batch -----------------------------------------------------------------------------
    async def drain_once(self) -> int:
        claimed = await self.claim()
        if not claimed:
            return 0
        limit = asyncio.Semaphore(self.settings.relay_concurrency)

        async def send(batch: list[Claimed]) -> list[tuple[Claimed, str | None]]:
            async with limit:
                error = await self.deliver_batch(batch)
                if error is not None and len(batch) > 1 and error.startswith("HTTP 4"):
                    # The receiver refused the batch: deliver one by one so only the event it
                    # refuses stays behind.
                    return [(row, await self.deliver(row)) for row in batch]
                return [(row, error) for row in batch]

        results = await asyncio.gather(*(send(batch) for batch in self.batches(claimed)))
        await self.record([outcome for result in results for outcome in result])
        return len(claimed)

    def batches(self, claimed: list[Claimed]) -> list[list[Claimed]]:
        """Claimed rows grouped per subscriber, in order, at most `delivery_batch_size` a request and, but for
        a single event larger than that, at most `delivery_batch_bytes` of events (under the receivers'
        body limit)."""
        size = max(1, self.settings.delivery_batch_size)
        limit = self.settings.delivery_batch_bytes
        per_subscriber: dict[str, list[list[Claimed]]] = {}
        used: dict[str, int] = {}
        for row in claimed:
            batches = per_subscriber.setdefault(row.subscriber, [[]])
            length = len(row.payload) + 1  # bytes: the envelope is ASCII JSON; 1 for the comma or bracket
            if len(batches[-1]) >= size or (batches[-1] and used[row.subscriber] + length > limit):
                batches.append([])
                used[row.subscriber] = 0
            batches[-1].append(row)
            used[row.subscriber] = used.get(row.subscriber, 0) + length
        return [batch for batches in per_subscriber.values() for batch in batches]

    async def claim(self) -> list[Claimed]:
        now = utcnow()
        params = {
            "now": now,
            "lease_until": now + timedelta(seconds=self.settings.relay_lease_seconds),
            "limit": self.settings.relay_batch_size,
        }
        async with self.db.transaction() as session:
            rows = (await session.execute(self._statements.claim, params)).all()
        return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)

    async def deliver(self, row: Claimed) -> str | None:
        """POSTs one event (structured mode); returns None on success, else why it failed."""
        return await self._post(row, row.event_id, row.payload, CONTENT_TYPE)

    async def deliver_batch(self, rows: list[Claimed]) -> str | None:
        """POSTs several events to one subscriber in one request (batch mode)."""
        if len(rows) == 1:
            return await self.deliver(rows[0])
        message_id = f"batch-{rows[0].event_id}-{len(rows)}"
        return await self._post(rows[0], message_id, build_batch([r.payload for r in rows]), BATCH_CONTENT_TYPE)

    async def _post(self, row: Claimed, message_id: str, payload: str, content_type: str) -> str | None:
        secret = self._secrets.get(row.subscriber)
        if secret is None:
            return f"no subscription named {row.subscriber!r} is configured"
        headers = signed_headers(secret, message_id, payload, content_type)
        try:
            status, text = await self.sender.post(row.target_url, payload, headers)
        except (OSError, TimeoutError, aiohttp.ClientError, httpx.HTTPError) as exc:
            return f"{type(exc).__name__}: {exc}"
        if 200 <= status < 300:
            return None
        return f"HTTP {status}: {text[:500]}"

    async def record(self, outcomes: list[tuple[Claimed, str | None]]) -> None:
        now = utcnow()
        delivered = [row.id for row, error in outcomes if error is None]
        failed: list[dict[str, Any]] = []
        failures: dict[tuple[str, str], list[tuple[Claimed, int, bool]]] = {}
        for row, error in outcomes:
            if error is None:
                continue
            attempts = row.attempts + 1
            dead = attempts >= self.settings.max_attempts
            delay = backoff_seconds(attempts, self.settings.backoff_base_seconds, self.settings.backoff_max_seconds)
            failed.append(
                {
                    "row_id": row.id,
                    "new_attempts": attempts,
                    "new_status": "dead" if dead else "pending",
                    "due": now + timedelta(seconds=delay),
                    "error": error,
                }
            )
            failures.setdefault((row.subscriber, error), []).append((row, attempts, dead))
        for (subscriber, error), rows in failures.items():
            # One line per subscriber and error, not per event: a subscriber that is down fails every
            # event waiting for it, and a line each cost the relay more than the attempt itself.
            log.warning(
                "event delivery failed",
                subscriber=subscriber,
                events=len(rows),
                event_id=rows[0][0].event_id,
                last_event_id=rows[-1][0].event_id,
                attempts=max(attempts for _, attempts, _ in rows),
                dead=[row.event_id for row, _, dead in rows if dead],
                error=error,
            )
        if self.metrics is not None:
            self._count(outcomes, failed)
        async with self.db.transaction() as session:
            if delivered:
                await session.execute(self._statements.delivered, {"ids": delivered, "now": now})
            if failed:
                await session.execute(self._statements.failed, failed)

    def _count(self, outcomes: list[tuple[Claimed, str | None]], failed: list[dict[str, Any]]) -> None:
        assert self.metrics is not None
        delivered: dict[str, list[Claimed]] = {}
        for row, error in outcomes:
            if error is None:
                delivered.setdefault(row.subscriber, []).append(row)
        for subscriber, rows in delivered.items():
            oldest = min((r.created_at for r in rows if r.created_at is not None), default=None)
            self.metrics.delivered(subscriber, len(rows), oldest)
        subscriber_of = {row.id: row.subscriber for row, _ in outcomes}
        for failure in failed:
            self.metrics.failed(subscriber_of[failure["row_id"]], dead=failure["new_status"] == "dead")
