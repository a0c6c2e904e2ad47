"""Proxies (FBK-13): a resident's written power of attorney lets a politician act for them against the
municipality. `proxy.authorized` lets the access service show the politician that case's confidential
documents (ACC-50), and lets meetings record the politician as disqualified when the case comes before a
body they sit in (fvl. § 6 d); `proxy.revoked` ends the access, never the disqualification.

Decisions:
- Recorded on the item the resident brought, by the politician who received it (or the post reception);
  the proxy is that politician unless another one is named, who then sees the item while it is in force.
- One proxy per item at a time; the resident is referred to by an opaque reference, never an identity
  number. A power of attorney that has already ended is not recorded; one that runs out is ended by the
  periodic sweep, which publishes `proxy.revoked` for it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.deps import Rules, is_administration, person_of
from feedback.domain.followup import Route, Status
from feedback.domain.routing import PowerOfAttorney, power_of_attorney_problems, proxy_in_force, route_refusal
from feedback.items import service as items
from feedback.items.models import Item
from feedback.proxies.models import Proxy
from feedback.proxies.schemas import ProxyIn, ProxyOut
from folkevalgt_shared.auth import Principal
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import ProxyAuthorizedV1, ProxyRevokedV1
from folkevalgt_shared.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher


def proxy_out(row: Proxy, today: date, reminder: str | None = None) -> ProxyOut:
    return ProxyOut(
        id=row.id,
        item_id=row.item_id,
        person_id=row.person_id,
        resident_ref=row.resident_ref,
        case_numbers=row.case_numbers,
        power_of_attorney_ref=row.power_of_attorney_ref,
        signed_on=row.signed_on,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        status=row.status,
        in_force=proxy_in_force(row.valid_from, row.valid_to, row.status != "active", today),
        revoked_at=row.revoked_at,
        reminder=reminder,
        version=row.version,
    )


def _snapshot(row: Proxy) -> dict[str, object]:
    return {
        "proxy_id": row.id,
        "person_id": row.person_id,
        "resident_ref": row.resident_ref,
        "case_numbers": row.case_numbers,
        "power_of_attorney_ref": row.power_of_attorney_ref,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "version": row.version,
        "changed_at": row.changed_at,
    }


async def authorize(
    *,
    session: AsyncSession,
    item_id: uuid.UUID,
    data: ProxyIn,
    principal: Principal,
    rules: Rules,
    publisher: EventPublisher,
    now: datetime,
) -> ProxyOut:
    today = oslo_date(now)
    item = await items.for_update(session, item_id, principal, today)
    items.only_receiver(item, principal)
    active = (await session.scalars(select(Proxy.id).where(Proxy.item_id == item.id, Proxy.status == "active"))).first()
    taken = frozenset(Route(r) for r in item.routes if r != Route.PROXY.value or active is not None)
    refusal = route_refusal(Route.PROXY, status=Status(item.status), routes_taken=taken, anonymous=item.anonymous)
    if refusal:
        raise RuleViolation(refusal[1], rule=refusal[0])
    poa = data.power_of_attorney
    problems = power_of_attorney_problems(
        PowerOfAttorney(poa.written, poa.document_ref, tuple(data.case_numbers), data.valid_from, data.valid_to),
        today,
    )
    if problems:
        raise RuleViolation(
            "a proxy needs a written power of attorney, recorded with its reference, covering the resident's "
            "case(s), valid from a day to a day (FBK-13, fvl. § 12)",
            rule="FBK-13",
            errors=[{"field": f, "message": m} for f, m in problems],
        )
    person = data.person_id or item.received_by
    if person != item.received_by and await items.person_name(session, person) is None:
        raise InvalidInput(
            "the proxy must be a politician in the register",
            errors=[{"field": "person_id", "message": "no such person in the register"}],
        )
    settings = rules.at(today)
    row = Proxy(
        id=uuid.uuid4(),
        item_id=item.id,
        person_id=person,
        resident_ref=f"feedback-item:{item.id}",
        case_numbers=list(dict.fromkeys(data.case_numbers)),
        written=True,
        power_of_attorney_ref=poa.document_ref.strip(),
        signed_on=poa.signed_on,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        status="active",
        version=1,
        created_at=now,
        changed_at=now,
    )
    session.add(row)
    item.routes = [*item.routes, Route.PROXY.value]
    if item.status == Status.RECEIVED.value and item.forwarded_at is None:
        items._set_next_step(item, settings, today, proxy_until=data.valid_to)
    items.touch(item, now)
    await session.flush()
    await publisher.publish(session, ProxyAuthorizedV1(**_snapshot(row)), subject=f"feedback/proxies/{row.id}")
    return proxy_out(row, today, settings.proxy_reminder)


async def visible(session: AsyncSession, proxy_id: uuid.UUID, principal: Principal, *, lock: bool = False) -> Proxy:
    """A proxy is seen by the post reception, the proxy and the politician who received the input."""
    stmt = select(Proxy).where(Proxy.id == proxy_id)
    row = (await session.scalars(stmt.with_for_update() if lock else stmt)).first()
    if row is not None and not is_administration(principal):
        person = person_of(principal)
        receiver = await session.scalar(select(Item.received_by).where(Item.id == row.item_id))
        if person not in (row.person_id, receiver):
            row = None
    if row is None:
        raise NotFound(f"no proxy {proxy_id}")
    return row


async def revoke(
    *,
    session: AsyncSession,
    proxy_id: uuid.UUID,
    reason: str | None,
    principal: Principal,
    publisher: EventPublisher,
    now: datetime,
) -> ProxyOut:
    row = await visible(session, proxy_id, principal, lock=True)
    if not principal.has("feedback:write") and not is_administration(principal):
        raise Forbidden("missing scope(s): feedback:write")
    if row.status != "active":
        raise Conflict(f"the proxy is already {row.status}")
    await _end(session, publisher, row, "revoked", principal.subject, reason, now)
    return proxy_out(row, oslo_date(now))


async def _end(
    session: AsyncSession,
    publisher: EventPublisher,
    row: Proxy,
    status: str,
    by: str,
    reason: str | None,
    now: datetime,
) -> None:
    row.status, row.revoked_at, row.revoked_by, row.reason = status, now, by, reason
    row.version += 1
    row.changed_at = now
    await session.flush()
    await publisher.publish(
        session,
        ProxyRevokedV1(**_snapshot(row), revoked_at=now),
        subject=f"feedback/proxies/{row.id}",
    )


async def end_expired(session: AsyncSession, publisher: EventPublisher, now: datetime) -> int:
    """FBK-13: a power of attorney whose last day has passed ends; access goes with it (ACC-50)."""
    today = oslo_date(now)
    stmt = (
        select(Proxy)
        .where(Proxy.status == "active", Proxy.valid_to.is_not(None), Proxy.valid_to < today)
        .with_for_update(skip_locked=True)
    )
    rows = list((await session.scalars(stmt)).all())
    for row in rows:
        await _end(session, publisher, row, "ended", "system", "the power of attorney's last day has passed", now)
    return len(rows)


async def of_item(session: AsyncSession, item_id: uuid.UUID) -> list[Proxy]:
    return list((await session.scalars(select(Proxy).where(Proxy.item_id == item_id).order_by(Proxy.created_at))).all())


def of_person(principal: Principal) -> Select[tuple[Proxy]]:
    """The proxies a caller may list: their own as proxy, or every one for the post reception."""
    stmt = select(Proxy)
    if not is_administration(principal):
        stmt = stmt.where(Proxy.person_id == person_of(principal))
    return stmt
