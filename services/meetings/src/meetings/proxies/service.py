"""A politician who is or has been proxy for a resident in a case is disqualified in it when the case comes
before a body they sit in (fvl § 6 d, ACC-50, FBK-13): recorded through the disqualification of the case
(MTG-14), so a deputy is summoned for the case and member.disqualified is published.

It is applied whenever either side changes: a power of attorney arriving (or changing) while the case is
on an open meeting's agenda, and a case or a person reaching such an agenda while a power of attorney is
known (the notice, a case added after it, a deputy summoned, a membership). A disqualification once
recorded stays: revoking the power of attorney ends the access (ACC-50), not the disqualification.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import EventData, ProxyAuthorizedV1, ProxyRevokedV1
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.register import upsert_newer
from meetings.attendance.service import participants
from meetings.disqualification.schemas import DisqualificationIn
from meetings.disqualification.service import disqualify, of_case
from meetings.domain.disqualification import Ground
from meetings.domain.order import CaseStatus
from meetings.domain.proxies import ProxyTerm, disqualified_by_proxy
from meetings.proxies.models import Proxy, ProxyCase
from meetings.register import repository
from meetings.sittings.models import AgendaItem, Meeting
from meetings.sittings.service import statuses_of

# Disqualification is recorded before or during a meeting (MTG-14); a case decided or postponed is not reopened.
OPEN_MEETINGS = ("notice_published", "in_progress")
OPEN_CASES = (CaseStatus.PENDING, CaseStatus.UNDER_TREATMENT)
EXPLANATION = "Fullmektig for en part i saken (forvaltningsloven § 6 første ledd bokstav d)"


async def record(session: AsyncSession, events: list[ReceivedEvent]) -> None:
    """Idempotent and order-free: the newest version's snapshot wins, whatever the order of arrival, and
    the cases covered are the union over every version received."""
    snapshots, cases = [], set()
    for event in events:
        data = event.data
        assert isinstance(data, ProxyAuthorizedV1 | ProxyRevokedV1)
        snapshot = data.model_dump(exclude={"case_numbers", "revoked_at"})
        snapshots.append(snapshot | {"revoked_at": data.revoked_at if isinstance(data, ProxyRevokedV1) else None})
        cases |= {(data.proxy_id, number) for number in data.case_numbers}
    await upsert_newer(session, Proxy.__table__, "proxy_id", snapshots)  # type: ignore[arg-type]
    if cases:
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        rows = [{"proxy_id": proxy_id, "case_number": number} for proxy_id, number in sorted(cases, key=str)]
        await session.execute(dialect.insert(ProxyCase).on_conflict_do_nothing(), rows)


def _term(proxy: Proxy) -> ProxyTerm:
    return ProxyTerm(proxy.valid_from, proxy.valid_to, oslo_date(proxy.revoked_at) if proxy.revoked_at else None)


async def apply(session: AsyncSession, publisher: EventPublisher, *, meeting_id: uuid.UUID | None = None) -> None:
    """Records every proxy's disqualification that is due in the open meetings (or in one of them)."""
    stmt = (
        select(AgendaItem.meeting_id, AgendaItem.id, Proxy)
        .join(ProxyCase, ProxyCase.case_number == AgendaItem.case_number)
        .join(Proxy, Proxy.proxy_id == ProxyCase.proxy_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.status.in_(OPEN_MEETINGS))
    )
    if meeting_id is not None:
        stmt = stmt.where(Meeting.id == meeting_id)
    found: defaultdict[uuid.UUID, defaultdict[uuid.UUID, list[Proxy]]] = defaultdict(lambda: defaultdict(list))
    for meeting, item, proxy in (await session.execute(stmt)).all():
        found[meeting][item].append(proxy)
    for meeting in sorted(found, key=str):
        await _apply_to_meeting(session, publisher, meeting, found[meeting])


async def _apply_to_meeting(
    session: AsyncSession,
    publisher: EventPublisher,
    meeting_id: uuid.UUID,
    proxies_by_case: dict[uuid.UUID, list[Proxy]],
) -> None:
    meeting = await repository.get(session, Meeting, meeting_id, for_update=True)
    if meeting.status not in OPEN_MEETINGS:
        return
    day = oslo_date(meeting.starts_at)
    expected = {p.person_id for p in await participants(session, meeting) if p.status == "expected"}
    statuses = await statuses_of(session, meeting.id)
    for item_id in sorted(proxies_by_case, key=str):
        if statuses.get(item_id, CaseStatus.PENDING) not in OPEN_CASES:
            continue
        proxies = _disqualified(proxies_by_case[item_id], day)
        already = {d.person_id for d in await of_case(session, item_id)}
        for person_id in sorted(proxies & expected - already, key=str):
            await disqualify(
                session=session,
                meeting_id=meeting.id,
                item_id=item_id,
                data=DisqualificationIn(person_id=person_id, ground=Ground.GUARDIAN_OR_PROXY, explanation=EXPLANATION),
                publisher=publisher,
                passed_over=proxies,  # nor is a deputy who is proxy in the case summoned for it
            )


def _disqualified(proxies: Iterable[Proxy], day: date) -> set[uuid.UUID]:
    return {p.person_id for p in proxies if disqualified_by_proxy(_term(p), day)}


async def on_proxy(session: AsyncSession, events: list[ReceivedEvent], publisher: EventPublisher) -> None:
    """proxy.authorized / proxy.revoked: keep the copy, then record what it disqualifies (fvl § 6 d)."""
    await record(session, events)
    await apply(session, publisher)


def then_apply(handler: Handler) -> Handler:
    """An event handler that may summon deputies, followed by the disqualifications due for them."""

    async def handle(session: AsyncSession, events: list[ReceivedEvent], publisher: EventPublisher) -> None:
        await handler(session, events, publisher)
        await apply(session, publisher)

    return handle


HANDLERS: dict[type[EventData], Handler] = {ProxyAuthorizedV1: on_proxy, ProxyRevokedV1: on_proxy}
