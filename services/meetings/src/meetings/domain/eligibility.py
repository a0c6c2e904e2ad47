"""Who may sit in which body (MTG-01): the composition rules that look beyond the body itself.

- Executive committee (seed: "Formannskapets medlemmer velges av og blant kommunestyrets medlemmer"): its
  members hold a seat in the municipal council. Our reading for its deputies: council members or deputies
  (the seed is silent; the administration committee's rules read so for its own deputies).
- Administration committee ("Utvalgets politisk valgte medlemmer skal velges blant formannskapets
  medlemmer. Varamedlemmer velges blant formannskapets medlemmer og varamedlemmer"): a member not
  representing the employees (no `on_behalf_of`) holds a seat in the executive committee; a political
  deputy is an executive committee member or deputy; leader and deputy leader are political members.
- Appeals board ("Utelukket fra valg er kommunestyrets medlemmer og ansatte i kommunen med selvstendig
  budsjett-, personal- og lederansvar"): no council member, and no employee with such responsibility.
  The register must know the second fact: a person of whom it is not recorded is refused.
- Elderly council ("Et flertall av medlemmene skal være alderspensjonister ... Rådet velger selv leder
  og nestleder blant pensjonistene"): at no time more non-pensioners than leave a majority of the seats
  to pensioners; a person whose status is not recorded counts as not a pensioner; leader and deputy
  leader are pensioners.
- Youth council ("Ungdom mellom 13 og 18 år kan velges", "1 personlig vararepresentant pr.
  representant"): representatives and deputies are 13 to 18 years old (until the 19th birthday) on the
  day their term starts, from their recorded date of birth; every deputy is the personal deputy of one
  representative, and a representative has one personal deputy at a time.

A membership is checked on the day its term starts against the other offices the person holds that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from folkevalgt_shared.errors import RuleViolation
from meetings.domain.composition import SEAT_ROLES, Tenure, max_concurrent, overlaps

YOUTH_AGES = (13, 18)
LEADER_ROLES = frozenset({"chair", "vice_chair"})


@dataclass(frozen=True)
class PersonFacts:
    """What the register records of a person for eligibility; None when not recorded."""

    birth_date: date | None = None
    old_age_pensioner: bool | None = None
    employee_with_responsibility: bool | None = None


@dataclass(frozen=True)
class Office:
    """Another membership the person holds: in a body of `body_type`, as `role`, in a period."""

    body_type: str
    role: str
    start: date
    end: date | None

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _refuse(message: str, field: str, reason: str) -> RuleViolation:
    return RuleViolation(message, rule="MTG-01", errors=[{"field": field, "message": reason}])


def _holds(offices: Sequence[Office], day: date, body_type: str, roles: frozenset[str]) -> bool:
    return any(o.body_type == body_type and o.role in roles and o.held_on(day) for o in offices)


def check_eligibility(
    *, body_type: str, candidate: Tenure, on_behalf_of: str | None, facts: PersonFacts, offices: Sequence[Office]
) -> None:
    """MTG-01: refuses a membership the body's composition rules do not allow, naming what is missing."""
    day = candidate.start
    seat = candidate.role in SEAT_ROLES
    deputy = candidate.role == "deputy"
    if body_type == "executive_committee" and (seat or deputy):
        allowed = SEAT_ROLES if seat else SEAT_ROLES | {"deputy"}
        if not _holds(offices, day, "municipal_council", allowed):
            raise _refuse(
                "the executive committee is elected by and among the municipal council's members",
                "person_id",
                "not a member of the municipal council on " + day.isoformat()
                if seat
                else "not a member or deputy of the municipal council on " + day.isoformat(),
            )
    elif body_type == "administration_committee" and (seat or deputy):
        if on_behalf_of is None:
            allowed = SEAT_ROLES if seat else SEAT_ROLES | {"deputy"}
            if not _holds(offices, day, "executive_committee", allowed):
                raise _refuse(
                    "the administration committee's political members are elected among the executive "
                    "committee's members (deputies: its members and deputies)",
                    "person_id",
                    f"not in the executive committee on {day.isoformat()}; an employee representative gives "
                    "on_behalf_of",
                )
        elif candidate.role in LEADER_ROLES:
            raise _refuse(
                "the administration committee's leader and deputy leader are elected among its political members",
                "role",
                "not for an employee representative",
            )
    elif body_type == "appeals_board" and (seat or deputy):
        if _holds(offices, day, "municipal_council", SEAT_ROLES):
            raise _refuse(
                "members of the municipal council are not eligible to the appeals board",
                "person_id",
                f"a council member on {day.isoformat()}",
            )
        if facts.employee_with_responsibility is None:
            raise _refuse(
                "employees with their own budget, personnel and management responsibility are not eligible to the "
                "appeals board: record the fact for the person first",
                "person_id",
                "employee_with_responsibility not recorded",
            )
        if facts.employee_with_responsibility:
            raise _refuse(
                "employees with their own budget, personnel and management responsibility are not eligible to the "
                "appeals board",
                "person_id",
                "an employee with budget, personnel and management responsibility",
            )
    elif body_type == "elderly_council" and candidate.role in LEADER_ROLES and not facts.old_age_pensioner:
        raise _refuse(
            "the elderly council elects its leader and deputy leader among the pensioners",
            "role",
            "not recorded as an old-age pensioner",
        )
    elif body_type == "youth_council" and (seat or deputy):
        low, high = YOUTH_AGES
        if facts.birth_date is None:
            raise _refuse(
                f"youth aged {low} to {high} can be elected to the youth council: record the date of birth first",
                "person_id",
                "birth_date not recorded",
            )
        age = age_on(facts.birth_date, day)
        if not low <= age <= high:
            raise _refuse(
                f"youth aged {low} to {high} can be elected to the youth council",
                "start_date",
                f"{age} years old on {day.isoformat()}",
            )


def check_pensioner_majority(
    *, seats: int, candidate: Tenure, pensioner: bool, others: Sequence[tuple[Tenure, bool]]
) -> None:
    """MTG-01: a majority of the elderly council's seats are held by old-age pensioners; a member who is not
    one is refused when, in some part of the period, fewer seats than a majority would be left to them."""
    if pensioner or candidate.role not in SEAT_ROLES or not candidate.voting_right:
        return
    allowed = seats - (seats // 2 + 1)
    # The most non-pensioners seated on any day of the candidate's period, the candidate included.
    seated = [
        (max(t.start, candidate.start), _earlier(t.end, candidate.end))
        for t, is_pensioner in others
        if not is_pensioner and t.role in SEAT_ROLES and t.voting_right and overlaps(t, candidate)
    ]
    if max_concurrent([*seated, (candidate.start, candidate.end)]) > allowed:
        raise _refuse(
            f"a majority of the elderly council's {seats} seats are held by old-age pensioners: at most {allowed} "
            "members who are not (or are not recorded as) pensioners",
            "person_id",
            "not recorded as an old-age pensioner, and the other seats are needed for the majority",
        )


def _earlier(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def check_personal_deputy(
    *, body_type: str, candidate: Tenure, personal_deputy_for: UUID | None, others: Sequence[tuple[Tenure, UUID | None]]
) -> None:
    """MTG-01: in the youth council each representative has one personal deputy; elsewhere deputies follow
    the list's order (MTG-10) and a personal deputy is not recorded."""
    if personal_deputy_for is None:
        if body_type == "youth_council" and candidate.role == "deputy":
            raise _refuse(
                "every deputy of the youth council is the personal deputy of one representative",
                "personal_deputy_for",
                "required: the representative's person id",
            )
        return
    if candidate.role != "deputy":
        raise _refuse("only a deputy is someone's personal deputy", "personal_deputy_for", "only for role deputy")
    if body_type != "youth_council":
        raise _refuse(
            "personal deputies are the youth council's; other bodies summon deputies in the list's order (MTG-10)",
            "personal_deputy_for",
            f"not for a {body_type}",
        )
    represented = [
        t
        for t, _ in others
        if t.person_id == personal_deputy_for
        and t.role in SEAT_ROLES
        and t.start <= candidate.start
        and (t.end is None or (candidate.end is not None and candidate.end <= t.end))
    ]
    if not represented:
        raise _refuse(
            "a personal deputy stands in for a representative of the body for the whole period",
            "personal_deputy_for",
            "not a representative of the body throughout the period",
        )
    taken = next((t for t, of in others if of == personal_deputy_for and overlaps(t, candidate)), None)
    if taken is not None:
        raise _refuse(
            "a representative has one personal deputy at a time",
            "personal_deputy_for",
            "the representative already has a personal deputy in this period",
        )
