"""Recording and withdrawing an official's lost-earnings rate for buyout (REM-40), audited, and reading the
records in force for a span of days, for the computation.

REM-20 decides what may be recorded: a documented loss whose documentation fits the official's earner
category, and an undocumented loss only for a category allowed it under the model in force on the first
day (never a wage earner). The earner category must be recorded first: it decides both.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.rules import RuleBook
from folkevalgt_shared.types import utcnow
from remuneration.audit import service as audit
from remuneration.domain.model import DocumentationKind, LossBasis, LossBasisKind
from remuneration.domain.settings import RemunerationSettings
from remuneration.loss_bases.models import LossBasisRow as Row
from remuneration.loss_bases.schemas import LossBasisIn
from remuneration.officials.service import earner_category, require_known_person


def _invalid(detail: str, *fields: str) -> InvalidInput:
    return InvalidInput(detail, errors=[{"field": f, "message": detail} for f in fields])


def _refuse(detail: str, field: str) -> RuleViolation:
    return RuleViolation(detail, rule="REM-20", errors=[{"field": field, "message": detail}])


async def _check(session: AsyncSession, rules: RuleBook[RemunerationSettings], data: LossBasisIn) -> None:
    if data.end_date is not None and data.end_date < data.start_date:
        raise _invalid("the last day covered comes before the first", "end_date")
    extra = {
        "documented": ("justification",),
        "undocumented": ("day_loss", "documentation_kind", "documentation_ref"),
        "no_loss": ("day_loss", "documentation_kind", "documentation_ref"),
    }[data.kind]
    for name in extra:
        if getattr(data, name) is not None:
            raise _invalid(f"{name} does not go with a {data.kind.replace('_', ' ')} loss", name)
    if data.kind == "no_loss":
        return
    category = await earner_category(session, data.person_id)
    if category is None:
        raise _invalid(
            "record the official's earner category first (PUT /officials/{person_id}): it decides how a loss is "
            "documented and whether an undocumented one may be paid (REM-20)",
            "earner_category",
        )
    settings = rules.at(data.start_date)
    if data.kind == "documented":
        for name in ("day_loss", "documentation_kind", "documentation_ref"):
            if getattr(data, name) is None:
                raise _invalid(f"{name} is required for a documented loss", name)
        if Decimal(str(data.day_loss)) <= 0:
            raise RuleViolation(
                "compensation is paid only for an actual loss",
                rule="REM-22",
                errors=[{"field": "day_loss", "message": "more than 0"}],
            )
        allowed = settings.documentation.lost_earnings[category]
        if DocumentationKind(str(data.documentation_kind)) not in allowed:
            kinds = ", ".join(sorted(k.value for k in allowed))
            raise _refuse(
                f"a {category.value.replace('_', ' ')}'s loss is documented by {kinds}, "
                f"not by {str(data.documentation_kind).replace('_', ' ')}",
                "documentation_kind",
            )
        return
    if data.justification is None:
        raise _invalid("an undocumented loss is paid on application, with its justification", "justification")
    _, model = settings.model_named(None)
    if category not in model.lost_earnings.undocumented_categories:
        raise _refuse(
            f"undocumented lost earnings are not available to a {category.value.replace('_', ' ')}; "
            "record the documented loss (the employer's statement of pay deduction)",
            "kind",
        )


async def record(
    *, session: AsyncSession, rules: RuleBook[RemunerationSettings], data: LossBasisIn, principal: Principal
) -> Row:
    await require_known_person(session, data.person_id)
    await _check(session, rules, data)
    now = utcnow()
    values = data.model_dump(exclude={"day_loss"})
    day_loss = int(Decimal(data.day_loss) * 100) if data.day_loss is not None else None
    row = Row(id=uuid.uuid4(), **values, day_loss=day_loss, recorded_at=now, recorded_by=principal.subject)
    session.add(row)
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="loss_basis_recorded",
        entity="official",
        entity_id=data.person_id,
        details={"id": str(row.id), **data.model_dump(mode="json")},
    )
    await session.flush()
    return row


async def withdraw(
    *, session: AsyncSession, basis_id: uuid.UUID, principal: Principal, if_match: int | None = None
) -> Row:
    """The buyout is computed again without it at the next batch; an approved payout gets a correction."""
    row = await session.get(Row, basis_id, with_for_update=True)
    if row is None:
        raise NotFound(f"no lost-earnings rate {basis_id}")
    check_version(row.version, if_match, f"lost-earnings rate {basis_id}")
    if row.withdrawn_at is not None:
        raise Conflict(f"lost-earnings rate {basis_id} was withdrawn on {row.withdrawn_at.isoformat()}")
    now = utcnow()
    row.withdrawn_at, row.withdrawn_by = now, principal.subject
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="loss_basis_withdrawn",
        entity="official",
        entity_id=row.person_id,
        details={"id": str(row.id)},
    )
    await session.flush()
    return row


def _describe(row: Row) -> str:
    if row.kind == LossBasisKind.DOCUMENTED:
        return f"{str(row.documentation_kind).replace('_', ' ')} {row.documentation_ref}"
    return row.justification or ""


async def in_force_between(session: AsyncSession, start: date, end: date) -> list[LossBasis]:
    """The records not withdrawn that touch the days, oldest recorded first (a later one replaces it)."""
    stmt = select(Row).where(
        Row.withdrawn_at.is_(None), Row.start_date <= end, or_(Row.end_date.is_(None), Row.end_date >= start)
    )
    rows = (await session.scalars(stmt.order_by(Row.recorded_at, Row.id))).all()
    return [
        LossBasis(
            person_id=r.person_id,
            kind=LossBasisKind(r.kind),
            start_date=r.start_date,
            end_date=r.end_date,
            day_loss=r.day_loss,
            documentation=_describe(r),
            basis_id=r.id,
        )
        for r in rows
    ]
