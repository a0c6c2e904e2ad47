"""Consumes what other services publish that access decides by (no synchronous calls on the decision path):
case.presented (ACC-10, ACC-23), member.disqualified (ACC-40), decision.made (ACC-05/21),
attendance.recorded and deputy.summoned (attending deputies, ACC-04), proxy.authorized/revoked (ACC-50).

Every handler is idempotent and order-free: facts are keyed (a second delivery adds nothing), a case only
ever becomes more screened from events, and a proxy keeps its newest version.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.cases.models import AccessCase, CasePresentation
from access.documents.models import AccessDocument
from access.facts.models import DeputyAttendance, Disqualification, ProxyRow, PublishedDecision
from access.grants import service as grants
from access.rules import AccessRules
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import (
    AttendanceRecordedV1,
    CasePresentedV1,
    DecisionMadeV1,
    DeputySummonedV1,
    EventData,
    MemberDisqualifiedV1,
    ProxyAuthorizedV1,
    ProxyRevokedV1,
)
from folkevalgt_shared.events.envelope import ReceivedEvent
from folkevalgt_shared.events.inbox import Handler
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.register import upsert_newer
from folkevalgt_shared.types import utcnow

EVENTS = "events"  # the actor of what events told


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


async def insert_new(session: AsyncSession, model: Any, rows: Sequence[dict[str, Any]], keys: Sequence[str]) -> int:
    """Inserts the rows not there yet (by `keys`); returns how many were new."""
    if not rows:
        return 0
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(_table(model)).values(list(rows)).on_conflict_do_nothing(index_elements=list(keys))
    result: Any = await session.execute(stmt)
    return int(result.rowcount or 0)


async def on_case_presented(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    now = utcnow()
    for event in events:
        data = event.data
        assert isinstance(data, CasePresentedV1)
        await insert_new(
            session,
            AccessCase,
            [
                {
                    "case_number": data.case_number,
                    "title": data.title,
                    "title_screened": False,
                    "remit_areas": [],
                    "closed": data.closed,
                    "closed_basis": data.closed_basis,
                    "presented_at": data.presented_at,
                    "registered": False,
                    "version": 1,
                    "created_at": now,
                    "modified_at": now,
                }
            ],
            ["case_number"],
        )
        case = (
            await session.scalars(
                select(AccessCase).where(AccessCase.case_number == data.case_number).with_for_update()
            )
        ).one()
        # ACC-23: closed once on any agenda, closed for access until the secretariat records the end.
        case.closed = case.closed or data.closed
        case.closed_basis = case.closed_basis or data.closed_basis
        if case.presented_at is None or data.presented_at < case.presented_at:
            case.presented_at = data.presented_at  # ACC-10: the first presentation
        case.title = case.title or data.title
        case.version, case.modified_at = case.version + 1, now
        await insert_new(
            session,
            CasePresentation,
            [
                {
                    "id": uuid.uuid4(),
                    "case_number": data.case_number,
                    "meeting_id": data.meeting_id,
                    "agenda_item_id": data.agenda_item_id,
                    "body_id": data.body_id,
                    "body_key": data.body_key,
                    "closed": data.closed,
                    "closed_basis": data.closed_basis,
                    "presented_at": data.presented_at,
                    "event_id": event.id,
                }
            ],
            ["case_number", "agenda_item_id"],
        )
        for document in data.documents:
            await _merge_document(session, data.case_number, document, now)
        await audit.append(
            session,
            at=now,
            actor=EVENTS,
            action="case_presented",
            case_number=data.case_number,
            details={
                "meeting_id": data.meeting_id,
                "body_key": data.body_key,
                "closed": data.closed,
                "closed_basis": data.closed_basis,
                "documents": [d.document_id for d in data.documents],
                "event_id": event.id,
            },
        )


async def _merge_document(session: AsyncSession, case_number: str, document: Any, now: datetime) -> None:
    """One document per archive id: the agenda's mark of exemption adds to, never lifts, the archive's screening."""
    conditions = [AccessDocument.meetings_document_id == document.document_id]
    if document.external_id:
        conditions.append(AccessDocument.external_id == document.external_id)
    existing = (await session.scalars(select(AccessDocument).where(or_(*conditions)).with_for_update())).first()
    if existing is None:
        session.add(
            AccessDocument(
                meetings_document_id=document.document_id,
                external_id=document.external_id,
                case_number=case_number,
                title=document.name,
                presented_exempt=document.exempt,
                presented_basis=document.exempt_basis,
                registered=False,
                screened_fields=[],
                exempt_from_party_access=False,
                created_at=now,
                modified_at=now,
            )
        )
        await session.flush()
        return
    existing.presented_exempt = existing.presented_exempt or document.exempt
    existing.presented_basis = existing.presented_basis or document.exempt_basis
    existing.meetings_document_id = existing.meetings_document_id or document.document_id
    existing.external_id = existing.external_id or document.external_id
    existing.version, existing.modified_at = existing.version + 1, now
    await session.flush()


async def on_member_disqualified(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    now = utcnow()
    for event in events:
        data = event.data
        assert isinstance(data, MemberDisqualifiedV1)
        new = await insert_new(
            session,
            Disqualification,
            [
                {
                    "id": uuid.uuid4(),
                    "person_id": data.person_id,
                    "case_number": data.case_number,
                    "source": "meeting",
                    "origin": str(data.agenda_item_id),
                    "ground": data.ground,
                    "meeting_id": data.meeting_id,
                    "decided_at": data.decided_at,
                    "decided_by": str(data.body_id),
                }
            ],
            ["person_id", "case_number", "source", "origin"],
        )
        if data.substitute_person_id is not None:
            await _attending(session, data.substitute_person_id, data.meeting_id, data.body_id, None, "substitute", now)
        if new:
            await audit.append(
                session,
                at=now,
                actor=EVENTS,
                action="disqualified",
                person_id=data.person_id,
                case_number=data.case_number,
                rules=["ACC-40"],
                reason=f"the body ruled the member disqualified ({data.ground})",
                details={"meeting_id": data.meeting_id, "agenda_item_id": data.agenda_item_id, "event_id": event.id},
            )


async def _attending(
    session: AsyncSession,
    person_id: uuid.UUID,
    meeting_id: uuid.UUID,
    body_id: uuid.UUID | None,
    body_key: str | None,
    source: str,
    now: datetime,
) -> None:
    row = {
        "person_id": person_id,
        "meeting_id": meeting_id,
        "body_id": body_id,
        "body_key": body_key,
        "source": source,
        "recorded_at": now,
    }
    await insert_new(session, DeputyAttendance, [row], ["person_id", "meeting_id"])


async def on_deputy_summoned(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    now = utcnow()
    for event in events:
        data = event.data
        assert isinstance(data, DeputySummonedV1)
        await _attending(session, data.deputy_person_id, data.meeting_id, data.body_id, data.body_key, "summoned", now)


async def on_attendance_recorded(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
    now = utcnow()
    for event in events:
        data = event.data
        assert isinstance(data, AttendanceRecordedV1)
        if data.as_deputy:
            await _attending(session, data.person_id, data.meeting_id, data.body_id, data.body_key, "attended", now)


def handlers(rules: AccessRules) -> dict[type[EventData], Handler]:
    async def on_decision_made(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
        now = utcnow()
        for event in events:
            data = event.data
            assert isinstance(data, DecisionMadeV1)
            row = {
                k: getattr(data, k)
                for k in (
                    "vote_event_id",
                    "meeting_id",
                    "body_id",
                    "body_key",
                    "agenda_item_id",
                    "case_number",
                    "motion",
                    "adopted",
                    "votes_for",
                    "votes_against",
                    "body_seats",
                    "decided_at",
                )
            }
            if await insert_new(session, PublishedDecision, [row], ["vote_event_id"]):
                await grants.reverify(
                    session,
                    meeting_id=data.meeting_id,
                    case_number=data.case_number,
                    policy=rules.at(oslo_date(now)),
                    now=now,
                )

    async def on_proxy(session: AsyncSession, events: list[ReceivedEvent], _: EventPublisher) -> None:
        now = utcnow()
        rows = []
        for event in events:
            data = event.data
            assert isinstance(data, ProxyAuthorizedV1 | ProxyRevokedV1)
            revoked_at = data.revoked_at if isinstance(data, ProxyRevokedV1) else None
            rows.append({**data.model_dump(exclude={"revoked_at"}), "revoked_at": revoked_at})
            if data.power_of_attorney_ref.strip():
                # ACC-50 (fvl § 6 d): disqualified in the resident's case from now on, after the proxy too.
                await insert_new(
                    session,
                    Disqualification,
                    [
                        {
                            "id": uuid.uuid4(),
                            "person_id": data.person_id,
                            "case_number": number,
                            "source": "proxy",
                            "origin": str(data.proxy_id),
                            "ground": "fvl § 6 første ledd bokstav d: fullmektig for en part",
                            "meeting_id": None,
                            "decided_at": data.changed_at,
                            "decided_by": None,
                        }
                        for number in data.case_numbers
                    ],
                    ["person_id", "case_number", "source", "origin"],
                )
            await audit.append(
                session,
                at=now,
                actor=EVENTS,
                action="proxy_revoked" if revoked_at else "proxy_authorized",
                person_id=data.person_id,
                rules=["ACC-50"] if data.power_of_attorney_ref.strip() else ["ACC-51"],
                details={
                    "proxy_id": data.proxy_id,
                    "case_numbers": data.case_numbers,
                    "power_of_attorney_ref": data.power_of_attorney_ref,
                    "valid_from": data.valid_from,
                    "valid_to": data.valid_to,
                    "revoked_at": revoked_at,
                    "version": data.version,
                    "event_id": event.id,
                },
            )
        await upsert_newer(session, _table(ProxyRow), "proxy_id", rows)

    return {
        CasePresentedV1: on_case_presented,
        MemberDisqualifiedV1: on_member_disqualified,
        DecisionMadeV1: on_decision_made,
        AttendanceRecordedV1: on_attendance_recorded,
        DeputySummonedV1: on_deputy_summoned,
        ProxyAuthorizedV1: on_proxy,
        ProxyRevokedV1: on_proxy,
    }
