"""Feeds the pure domain from this service's tables: the register copy (offices), the attendance and
meetings received, the leaves from office received (REM-81), the officials' earner categories, the
equivalent remuneration recorded (REM-31), the fees granted on claims (REM-31), the officials'
lost-earnings rates for buyout (REM-40); and the rule book in force (REM-01).

Used by batches (store what the period owes) and what-if (compute without storing, REM-34).
"""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Request
from sqlalchemy import DateTime, Uuid, cast, or_, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.rules import RuleBook
from remuneration.attendance.models import MeetingHeldRow, RecordedAttendance
from remuneration.claims.models import Claim
from remuneration.db import register
from remuneration.domain.fees import lapse_reason, lapsed_fees
from remuneration.domain.fixed import SeveranceCase
from remuneration.domain.model import (
    Attendance,
    ClaimedFee,
    EarnerCategory,
    EquivalentRemuneration,
    LeaveFromOffice,
    LossBasis,
    MeetingHeld,
    Office,
    PayLine,
    Period,
)
from remuneration.domain.period import compute_period
from remuneration.domain.settings import RemunerationSettings
from remuneration.domain.support import PartyLists
from remuneration.equivalent_remuneration.service import in_force_between as equivalent_between
from remuneration.loss_bases.service import in_force_between as loss_bases_between
from remuneration.office_leave.service import leaves_between
from remuneration.officials.service import earner_categories
from remuneration.partylists.service import for_year as party_lists_for
from remuneration.severance.service import cases as severance_cases

Rules = RuleBook[RemunerationSettings]
_pauses = 0


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """For computing a period: it makes hundreds of thousands of objects (attendances, decisions, lines) and none
    in a cycle, yet as they are made the cycle collector walks the whole heap again and again, a quarter of a
    batch's CPU (bench/remuneration_batch_bench.py). Counted, so that overlapping computations resume it only
    when the last one ends; left alone when something else has turned it off."""
    global _pauses
    if _pauses == 0 and not gc.isenabled():
        yield
        return
    _pauses += 1
    gc.disable()
    try:
        yield
    finally:
        _pauses -= 1
        if _pauses == 0:
            gc.enable()


GRANTED = ("assessed", "approved", "paid")  # a claim's amount counts against the day's caps (REM-20, REM-31)


def _rules(request: Request) -> Rules:
    rules: Rules = request.app.state.rules
    return rules


RulesDep = Annotated[Rules, Depends(_rules)]


def active_model(rules: Rules, period: Period) -> str:
    """The model in force at the start of the period (a version may change it within; lines follow their day)."""
    return rules.at(period.start).model


async def offices_between(session: AsyncSession, start: date, end: date) -> list[Office]:
    m = register.membership
    stmt = select(m.c.person_id, m.c.body_key, m.c.body_type, m.c.role, m.c.party_group, m.c.start_date, m.c.end_date)
    stmt = stmt.where(~m.c.deleted, m.c.start_date <= end, or_(m.c.end_date.is_(None), m.c.end_date >= start))
    return [Office(*row) for row in (await session.execute(stmt)).all()]


AWARE = DateTime(timezone=True)


def as_read(session: AsyncSession, column: Any) -> Any:
    """A timestamp column read without UTCDateTime's conversion on PostgreSQL, where asyncpg already returns
    timestamptz as aware UTC: tens of thousands of attendances a quarter make the no-op conversion count."""
    if session.get_bind().dialect.name == "postgresql":
        return type_coerce(column, AWARE).label(column.name)
    return column


def _attendance_select(session: AsyncSession) -> Any:
    a = RecordedAttendance.__table__.c
    # On PostgreSQL the driver makes the event id a UUID as it reads the row, cheaper than parsing its text here.
    event_id = cast(a.event_id, Uuid) if session.get_bind().dialect.name == "postgresql" else a.event_id
    # In Attendance's field order, so that a row unpacks straight into it.
    return select(
        event_id,
        a.meeting_id,
        a.body_key,
        a.body_type,
        a.person_id,
        a.role,
        a.as_deputy,
        as_read(session, a.attended_from),
        as_read(session, a.attended_to),
        a.remote,
        a.secretariat_present,
        as_read(session, a.received_at),
        a.held_on,
    )


async def attendances_on_days(session: AsyncSession, start: date, end: date) -> list[tuple[date, Attendance]]:
    """The attendances of the days with the day each was held on (Europe/Oslo), in the order the domain reads
    them: one query, plain rows, no ORM objects."""
    a = RecordedAttendance.__table__.c
    stmt = _attendance_select(session).where(a.held_on.between(start, end)).order_by(a.attended_from, a.event_id)
    return [
        (
            held_on,
            Attendance(
                event_id if isinstance(event_id, UUID) else UUID(event_id),
                meeting,
                key,
                kind,
                person,
                role,
                deputy,
                begun,
                ended,
                remote,
                sec,
                "meeting",
                received,
            ),
        )
        for event_id, meeting, key, kind, person, role, deputy, begun, ended, remote, sec, received, held_on in (
            await session.execute(stmt)
        ).all()
    ]


async def attendances_between(session: AsyncSession, start: date, end: date) -> list[Attendance]:
    return [attendance for _, attendance in await attendances_on_days(session, start, end)]


async def claimed_fees_between(
    session: AsyncSession,
    start: date,
    end: date,
    *,
    person_id: uuid.UUID | None = None,
    exclude: uuid.UUID | None = None,
) -> list[ClaimedFee]:
    """REM-31: the meeting fees granted on claims for days from `start` to `end`, which count under the caps."""
    stmt = select(Claim.id, Claim.person_id, Claim.concerns_on, Claim.details, Claim.received_at).where(
        Claim.kind == "meeting_fee", Claim.status.in_(GRANTED), Claim.concerns_on.between(start, end)
    )
    if person_id is not None:
        stmt = stmt.where(Claim.person_id == person_id)
    if exclude is not None:
        stmt = stmt.where(Claim.id != exclude)
    return [
        ClaimedFee(claim_id, person, day, str(details.get("body_key") or ""), received_at)
        for claim_id, person, day, details, received_at in (await session.execute(stmt)).all()
    ]


async def meetings_between(session: AsyncSession, start: date, end: date) -> list[MeetingHeld]:
    """Meetings closed in the span; the body type comes from their attendance or the register."""
    mh, a, m = MeetingHeldRow.__table__, RecordedAttendance.__table__, register.membership
    # In the order of the (meeting, person) unique index: without an order, PostgreSQL scans the attendance
    # table for each meeting until it meets one of the meeting's rows.
    by_attendance = (
        select(a.c.body_type)
        .where(a.c.meeting_id == mh.c.meeting_id)
        .order_by(a.c.meeting_id, a.c.person_id)
        .limit(1)
        .scalar_subquery()
    )
    by_register = select(m.c.body_type).where(m.c.body_id == mh.c.body_id).limit(1).scalar_subquery()
    stmt = select(mh.c.meeting_id, mh.c.body_key, by_attendance, by_register, mh.c.held_on).where(
        mh.c.held_on.between(start, end)
    )
    return [
        MeetingHeld(meeting_id=r[0], body_key=r[1], body_type=r[2] or r[3] or "other", held_on=r[4])
        for r in (await session.execute(stmt.order_by(mh.c.held_on))).all()
    ]


@dataclass(frozen=True)
class PeriodInputs:
    """What the domain computes a period from, loaded once: the year up to the period's end where the rules
    look back (REM-80), the period itself for the rest."""

    period: Period
    offices: list[Office]
    attendances: list[tuple[date, Attendance]]  # with the day each was held on
    equivalent: list[EquivalentRemuneration]
    meetings: list[MeetingHeld]
    leaves: list[LeaveFromOffice]
    earners: dict[uuid.UUID, EarnerCategory]
    party_lists: PartyLists
    severances: list[SeveranceCase]
    claimed: list[ClaimedFee]
    bases: list[LossBasis]

    def period_attendances(self) -> list[Attendance]:
        start, end = self.period.start, self.period.end
        return [attendance for day, attendance in self.attendances if start <= day <= end]


async def period_inputs(session: AsyncSession, period: Period) -> PeriodInputs:
    year_start = date(period.year, 1, 1)
    return PeriodInputs(
        period=period,
        offices=await offices_between(session, year_start, period.end),
        attendances=await attendances_on_days(session, year_start, period.end),
        equivalent=await equivalent_between(session, period.start, period.end),
        meetings=await meetings_between(session, year_start, period.end),
        leaves=await leaves_between(session, year_start, period.end),
        earners=await earner_categories(session),
        party_lists=await party_lists_for(session, period.year),
        severances=await severance_cases(session),
        claimed=await claimed_fees_between(session, period.start, period.end),
        bases=await loss_bases_between(session, period.start, period.end),
    )


def compute_lines(inputs: PeriodInputs, rules: Rules, model: str | None) -> list[PayLine]:
    return compute_period(
        period=inputs.period,
        settings_at=rules.version_at,
        offices=inputs.offices,
        attendances=[attendance for _, attendance in inputs.attendances],
        equivalent=inputs.equivalent,
        meetings=inputs.meetings,
        leaves=inputs.leaves,
        earners=inputs.earners,
        party_lists=inputs.party_lists,
        severances=inputs.severances,
        claimed=inputs.claimed,
        bases=inputs.bases,
        model=model,
    )


async def period_lines(session: AsyncSession, period: Period, rules: Rules, model: str | None) -> list[PayLine]:
    """The lines the administration computes for the period (REM-03), under `model` or the one in force.

    The year up to the period's end is loaded: the fourth quarter's attendance reductions (REM-80) look at
    the whole calendar year. Attendances without the secretariat are passed too: they count as attendance,
    and the domain leaves their fees to the official's claim (REM-03)."""
    return compute_lines(await period_inputs(session, period), rules, model)


def lapsed_from(inputs: PeriodInputs) -> dict[str, str]:
    """REM-31: why the period's fees that lapse are not paid, by their source ("attendance:<event id>"), so a
    correction taking back a fee already paid can say why."""
    lapsed = lapsed_fees(inputs.period_attendances(), inputs.equivalent)
    return {f"attendance:{event_id}": f"REM-31: {lapse_reason(basis)}" for event_id, basis in lapsed.items()}


def split_pending(lines: Sequence[PayLine]) -> tuple[list[PayLine], list[PayLine]]:
    """(payable, rate pending): REM-33 amounts whose rate is not set are shown, never paid as 0."""
    payable = [line for line in lines if line.payable]
    return payable, [line for line in lines if not line.payable]
