"""Cases registered by the case-management system (ACC-11, ACC-41, ACC-23), merged with what case.presented
told (ACC-10). A case the meetings service put forward first is adopted by a later registration."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.cases.models import AccessCase, CasePresentation
from access.cases.schemas import CaseIn
from access.domain.policy import Policy
from access.domain.vocabulary import check_case
from access.http import refuse_nulls
from folkevalgt_shared.errors import Conflict, NotFound
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.register import RegisterTables


async def known_bodies(session: AsyncSession, register: RegisterTables) -> set[str]:
    return set((await session.scalars(select(register.membership.c.body_key).distinct())).all())


def _check(policy: Policy, values: dict[str, Any], bodies: set[str]) -> None:
    check_case(
        policy,
        owning_body=values.get("owning_body"),
        remit_areas=values.get("remit_areas") or [],
        closed=bool(values.get("closed")),
        closed_basis=values.get("closed_basis"),
        title_screened=bool(values.get("title_screened")),
        title_basis=values.get("title_basis"),
        known_bodies=bodies,
    )


async def get(session: AsyncSession, case_number: str, *, for_update: bool = False) -> AccessCase:
    stmt = select(AccessCase).where(AccessCase.case_number == case_number)
    if for_update:
        stmt = stmt.with_for_update()
    case = (await session.scalars(stmt)).first()
    if case is None:
        raise NotFound(f"no case {case_number!r} is known to the access service")
    return case


async def presentations(session: AsyncSession, case_number: str) -> list[CasePresentation]:
    return (await presentations_of(session, [case_number])).get(case_number, [])


async def presentations_of(session: AsyncSession, case_numbers: list[str]) -> dict[str, list[CasePresentation]]:
    """The presentations of several cases in one query (a page of cases: not one query per case)."""
    if not case_numbers:
        return {}
    stmt = select(CasePresentation).where(CasePresentation.case_number.in_(case_numbers))
    shown: dict[str, list[CasePresentation]] = {}
    for p in (await session.scalars(stmt.order_by(CasePresentation.presented_at, CasePresentation.id))).all():
        shown.setdefault(p.case_number, []).append(p)
    return shown


async def register_case(
    *, session: AsyncSession, data: CaseIn, policy: Policy, bodies: set[str], actor: str, now: datetime
) -> AccessCase:
    values = data.model_dump(exclude={"case_number"})
    existing = (await session.scalars(select(AccessCase).where(AccessCase.case_number == data.case_number))).first()
    if existing is not None and existing.registered:
        raise Conflict(
            f"case {data.case_number} is registered already: change it with PATCH",
            errors=[{"field": "case_number", "message": "registered"}],
        )
    _check(
        policy,
        {
            **values,
            "closed": existing.closed if existing else False,
            "closed_basis": existing.closed_basis if existing else None,
        },
        bodies,
    )
    if existing is None:
        case = AccessCase(case_number=data.case_number, registered=True, closed=False, created_at=now, **values)
        case.modified_at = now
        session.add(case)
    else:
        case = existing
        for name, value in values.items():
            if name == "title" and value is None:
                continue  # keep the agenda's title if the registration has none
            setattr(case, name, value)
        case.registered, case.version, case.modified_at = True, case.version + 1, now
    await session.flush()
    await audit.append(
        session, at=now, actor=actor, action="register_case", case_number=case.case_number, details=_audited(case)
    )
    return case


async def update_case(
    *,
    session: AsyncSession,
    case_number: str,
    changes: dict[str, Any],
    if_match: int | None,
    policy: Policy,
    bodies: set[str],
    actor: str,
    now: datetime,
) -> AccessCase:
    refuse_nulls(changes, ("title_screened", "remit_areas"))
    case = await get(session, case_number, for_update=True)
    check_version(case.version, if_match)
    merged = {**_audited(case), **changes, "closed": case.closed, "closed_basis": case.closed_basis}
    _check(policy, merged, bodies)
    for name, value in changes.items():
        setattr(case, name, value)
    case.version, case.modified_at = case.version + 1, now
    await session.flush()
    await audit.append(
        session, at=now, actor=actor, action="update_case", case_number=case.case_number, details={"changes": changes}
    )
    return case


def _audited(case: AccessCase) -> dict[str, Any]:
    # The screening-relevant facts; the title itself is not copied into the trail.
    return {
        "owning_body": case.owning_body,
        "remit_areas": list(case.remit_areas or []),
        "competition_group": case.competition_group,
        "title_screened": case.title_screened,
        "title_basis": case.title_basis,
        "finished_at": case.finished_at,
        "confidential_until": case.confidential_until,
    }
