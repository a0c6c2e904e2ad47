"""Loads the facts a decision is made from, from this service's own tables only (no call to another service).

Lean Core statements: a listing of a thousand documents decides on one load of the person's facts.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Table, nulls_first, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from access.cases.models import AccessCase, CasePresentation
from access.db import register
from access.declarations.models import Declaration as DeclarationRow
from access.documents.models import AccessDocument
from access.domain.model import (
    Attendance,
    Case,
    Declaration,
    Disqualification,
    DisqualificationSource,
    Document,
    Grant,
    GrantKind,
    GrantStatus,
    JointDemand,
    Presentation,
    Proxy,
    Requester,
    Screening,
    Seat,
)
from access.facts.models import DeputyAttendance, ProxyRow
from access.facts.models import Disqualification as DisqualificationRow
from access.grants.models import Grant as GrantRow
from access.joint_demands.models import JointDemand as JointDemandRow
from access.joint_demands.models import JointDemandSignatory
from access.requests.models import AccessRequest


def _t(model: Any) -> Table:
    table: Table = model.__table__
    return table


CASE, PRESENTATION, DOCUMENT = _t(AccessCase), _t(CasePresentation), _t(AccessDocument)
ATTENDANCE, DISQUALIFICATION, PROXY = _t(DeputyAttendance), _t(DisqualificationRow), _t(ProxyRow)
GRANT, DECLARATION, REQUEST = _t(GrantRow), _t(DeclarationRow), _t(AccessRequest)
DEMAND, SIGNATORY = _t(JointDemandRow), _t(JointDemandSignatory)
M = register.membership

Reader = AsyncSession | AsyncConnection

DOCUMENT_COLUMNS = (
    DOCUMENT.c.id,
    DOCUMENT.c.external_id,
    DOCUMENT.c.case_number,
    DOCUMENT.c.title,
    DOCUMENT.c.public_title,
    DOCUMENT.c.document_date,
    DOCUMENT.c.direction,
    DOCUMENT.c.correspondent,
    DOCUMENT.c.restriction_code,
    DOCUMENT.c.screening_basis,
    DOCUMENT.c.screened_fields,
    DOCUMENT.c.screening_scope,
    DOCUMENT.c.screening_ends_on,
    DOCUMENT.c.presented_exempt,
    DOCUMENT.c.presented_basis,
    DOCUMENT.c.exempt_from_party_access,
)
_SEATS = select(M.c.body_key, M.c.body_type, M.c.role, M.c.start_date, M.c.end_date)
_ATTENDED = select(ATTENDANCE.c.meeting_id, ATTENDANCE.c.body_key)
_DISQUALIFIED = select(
    DISQUALIFICATION.c.case_number,
    DISQUALIFICATION.c.source,
    DISQUALIFICATION.c.overruled_by,
    CASE.c.competition_group,
).select_from(DISQUALIFICATION.outerjoin(CASE, CASE.c.case_number == DISQUALIFICATION.c.case_number))
_PENDING = (
    select(REQUEST.c.case_number, CASE.c.competition_group)
    .select_from(REQUEST.outerjoin(CASE, CASE.c.case_number == REQUEST.c.case_number))
    .where(REQUEST.c.status == "pending", REQUEST.c.disclosure.is_not(None))
)
_PROXIES = select(
    PROXY.c.case_numbers, PROXY.c.power_of_attorney_ref, PROXY.c.valid_from, PROXY.c.valid_to, PROXY.c.revoked_at
)
_DECLARATIONS = select(DECLARATION.c.signed_on, DECLARATION.c.valid_until).where(DECLARATION.c.withdrawn_at.is_(None))
_DEMANDS = (
    select(DEMAND.c.case_numbers, DEMAND.c.demanded_on)
    .select_from(DEMAND.join(SIGNATORY, SIGNATORY.c.demand_id == DEMAND.c.id))
    .where(DEMAND.c.withdrawn_at.is_(None))
)
_GRANTS = select(
    GRANT.c.kind,
    GRANT.c.body_key,
    GRANT.c.decided_on,
    GRANT.c.status,
    GRANT.c.meeting_id,
    GRANT.c.case_number,
    GRANT.c.target_body,
    GRANT.c.case_numbers,
    GRANT.c.document_ids,
).where(GRANT.c.withdrawn_at.is_(None))


async def load_requester(db: Reader, person_id: uuid.UUID, today: date) -> Requester:
    seats = tuple(
        Seat(r.body_key, r.body_type, r.role, r.start_date, r.end_date)
        for r in await db.execute(
            _SEATS.where(
                M.c.person_id == person_id,
                ~M.c.deleted,
                M.c.start_date <= today,
                or_(M.c.end_date.is_(None), M.c.end_date >= today),
            )
        )
    )
    attended = tuple(
        Attendance(str(r.meeting_id), r.body_key)
        for r in await db.execute(_ATTENDED.where(ATTENDANCE.c.person_id == person_id))
    )
    bodies = {s.body_key for s in seats}
    grants: tuple[Grant, ...] = ()
    if bodies:
        grants = tuple(
            Grant(
                kind=GrantKind(r.kind),
                body_key=r.body_key,
                decided_on=r.decided_on,
                status=GrantStatus(r.status),
                meeting_id=None if r.meeting_id is None else str(r.meeting_id),
                case_number=r.case_number,
                target_body=r.target_body,
                case_numbers=frozenset(r.case_numbers or ()),
                document_ids=frozenset(r.document_ids or ()),
            )
            for r in await db.execute(_GRANTS.where(GRANT.c.body_key.in_(sorted(bodies))))
        )
    disqualifications = tuple(
        Disqualification(
            r.case_number, DisqualificationSource(r.source), r.competition_group, overruled=r.overruled_by is not None
        )
        for r in await db.execute(_DISQUALIFIED.where(DISQUALIFICATION.c.person_id == person_id))
    )
    pending_rows = (await db.execute(_PENDING.where(REQUEST.c.person_id == person_id))).all()
    pending = frozenset(r.case_number for r in pending_rows)
    pending_groups = frozenset(r.competition_group for r in pending_rows if r.competition_group is not None)
    proxies = tuple(
        Proxy(frozenset(r.case_numbers), r.power_of_attorney_ref, r.valid_from, r.valid_to, r.revoked_at)
        for r in await db.execute(_PROXIES.where(PROXY.c.person_id == person_id))
    )
    declarations = tuple(
        Declaration(r.signed_on, r.valid_until)
        for r in await db.execute(_DECLARATIONS.where(DECLARATION.c.person_id == person_id))
    )
    demands = tuple(
        JointDemand(frozenset(r.case_numbers), r.demanded_on)
        for r in await db.execute(_DEMANDS.where(SIGNATORY.c.person_id == person_id))
    )
    return Requester(
        person_id=str(person_id),
        seats=seats,
        attended=attended,
        grants=grants,
        disqualifications=disqualifications,
        pending_disclosures=pending,
        pending_groups=pending_groups,
        proxies=proxies,
        declarations=declarations,
        joint_demands=demands,
    )


async def load_case(db: Reader, case_number: str) -> tuple[Any, Case] | None:
    """The case row and its facts, or None if no one has told us of it."""
    row = (await db.execute(select(CASE).where(CASE.c.case_number == case_number))).first()
    if row is None:
        return None
    presentations = (
        await db.execute(
            select(PRESENTATION.c.meeting_id, PRESENTATION.c.body_key, PRESENTATION.c.presented_at).where(
                PRESENTATION.c.case_number == case_number
            )
        )
    ).all()
    return row, to_case(row, presentations)


def to_case(row: Any, presentations: Sequence[Any]) -> Case:
    return Case(
        case_number=row.case_number,
        presentations=tuple(Presentation(str(p.meeting_id), p.body_key, p.presented_at) for p in presentations),
        finished_at=row.finished_at,
        owning_body=row.owning_body,
        remit_areas=frozenset(row.remit_areas or ()),
        competition_group=row.competition_group,
        closed=row.closed,
        closed_basis=row.closed_basis,
        confidential_until=row.confidential_until,
        title_screened=row.title_screened,
        title_basis=row.title_basis,
    )


async def documents_of(db: Reader, case_number: str) -> Sequence[Any]:
    stmt = (
        select(*DOCUMENT_COLUMNS)
        .where(DOCUMENT.c.case_number == case_number)
        .order_by(nulls_first(DOCUMENT.c.document_date), DOCUMENT.c.id)
    )
    return (await db.execute(stmt)).all()


async def document_rows(db: Reader, ids: Sequence[uuid.UUID] = (), external_ids: Sequence[str] = ()) -> Sequence[Any]:
    conditions = []
    if ids:
        conditions.append(DOCUMENT.c.id.in_(list(ids)))
    if external_ids:
        conditions.append(DOCUMENT.c.external_id.in_(list(external_ids)))
    if not conditions:
        return []
    return (await db.execute(select(*DOCUMENT_COLUMNS).where(or_(*conditions)))).all()


def to_document(row: Any) -> Document:
    screening = None
    if row.restriction_code is not None:
        screening = Screening(
            restriction_code=row.restriction_code,
            basis=row.screening_basis,
            screened_fields=frozenset(row.screened_fields or ()),
            partial=row.screening_scope == "partial",
            ends_on=row.screening_ends_on,
        )
    return Document(
        document_id=str(row.id),
        case_number=row.case_number,
        screening=screening,
        presented_exempt=row.presented_exempt,
        presented_basis=row.presented_basis,
        exempt_from_party_access=row.exempt_from_party_access,
    )
