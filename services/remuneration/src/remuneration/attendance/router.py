from __future__ import annotations

import uuid
from collections.abc import Sequence

from fastapi import APIRouter
from sqlalchemy import select

from folkevalgt_shared.deps import ReadSessionDep
from folkevalgt_shared.errors import Forbidden, InvalidInput, problem_responses
from remuneration.attendance.models import RecordedAttendance
from remuneration.attendance.schemas import AttendanceOut
from remuneration.deps import Reader, is_administration, self_or_administration
from remuneration.periods import PeriodQuery

router = APIRouter(tags=["attendance"])


@router.get(
    "/attendance",
    responses=problem_responses(Forbidden, InvalidInput),
    summary="Attendance received from the meetings service (oppmøte), the basis of meeting fees (REM-30)",
)
async def list_attendance(
    period: PeriodQuery, session: ReadSessionDep, principal: Reader, person_id: uuid.UUID | None = None
) -> Sequence[AttendanceOut]:
    """The administration sees everyone's; an official asks for their own (`person_id` = themself)."""
    if person_id is None and not is_administration(principal):
        raise Forbidden("name yourself in person_id: you may read only your own attendance")
    if person_id is not None:
        self_or_administration(principal, person_id)
    a = RecordedAttendance
    stmt = select(a).where(a.held_on.between(period.start, period.end)).order_by(a.held_on, a.attended_from)
    if person_id is not None:
        stmt = stmt.where(a.person_id == person_id)
    return [AttendanceOut.model_validate(row) for row in (await session.scalars(stmt)).all()]
