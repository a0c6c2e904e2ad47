"""Who takes part in an election in a case: present during the case, with a vote, not left (MTG-22, MTG-16,
MTG-12). Disqualification does not apply to elections to public office (KL 1992 § 40 nr. 3 a, MTG-13/14),
so in an election nobody is left out for it and no deputy sits in for a disqualified member."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.errors import RuleViolation
from meetings.attendance.service import participants
from meetings.domain.participation import taking_part_in
from meetings.domain.quorum import count_for_case, require_quorum
from meetings.register import repository
from meetings.register.models import Body
from meetings.sittings.models import AgendaItem, Meeting
from meetings.treatment.models import CaseTreatment
from meetings.treatment.service import stays, window


async def taking_part_in_election(session: AsyncSession, meeting: Meeting, item: AgendaItem) -> set[uuid.UUID]:
    crew = await participants(session, meeting)
    return taking_part_in(stays(crew), window(item.id, await session.get(CaseTreatment, item.id)))


async def require_quorate(session: AsyncSession, meeting: Meeting, present: set[uuid.UUID]) -> None:
    """MTG-02: an inquorate body cannot elect."""
    body = await repository.get(session, Body, meeting.body_id)
    require_quorum(count_for_case(body.quorum, present, disqualified=set()))


def require_present(present: set[uuid.UUID], demands: dict[str, uuid.UUID | None]) -> None:
    """MTG-28: proportional election and a written ballot are demanded by a member present in the case."""
    for field, person in demands.items():
        if person is not None and person not in present:
            raise RuleViolation(
                "only a member present and taking part in the case may demand proportional election or a "
                "written ballot (MTG-28)",
                rule="MTG-28",
                errors=[{"field": field, "message": "not a member present in this case"}],
            )
