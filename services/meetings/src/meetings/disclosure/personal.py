"""Personal data in the meetings API: a person's email, gender and eligibility facts (MTG-01), and the
reasons members give for their absence or ask leave with, are shown to the person themself (the token's
subject is their person id) and to the secretariat (meetings:write), never to other politicians. OParl
publishes none of it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from folkevalgt_shared.auth import Principal, Scope
from meetings.attendance.schemas import ParticipantOut
from meetings.register.schemas import PersonOut


def sees_personal_data(principal: Principal, person_id: uuid.UUID) -> bool:
    return principal.has(Scope.MEETINGS_WRITE) or principal.subject == str(person_id)


PERSONAL_FIELDS = ("email", "gender", "birth_date", "old_age_pensioner", "employee_with_responsibility")


def person(out: PersonOut, principal: Principal) -> PersonOut:
    """MTG-01's eligibility facts (date of birth, pensioner, employee's responsibility) as email and gender."""
    if sees_personal_data(principal, out.id) or all(getattr(out, f) is None for f in PERSONAL_FIELDS):
        return out
    return out.model_copy(update=dict.fromkeys(PERSONAL_FIELDS))


def participants(found: Sequence[ParticipantOut], principal: Principal) -> list[ParticipantOut]:
    """Who is absent is part of the record (MTG-35); why is the member's own."""
    return [
        p
        if p.absence_reason is None or sees_personal_data(principal, p.person_id)
        else p.model_copy(update={"absence_reason": None})
        for p in found
    ]
