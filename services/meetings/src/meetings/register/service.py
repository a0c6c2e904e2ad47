"""Use cases of the register: validate with the domain rules, write, publish, in one transaction."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.contracts import MembershipChangedV1, PersonChangedV1
from folkevalgt_shared.errors import Conflict, InvalidInput, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from meetings.domain.composition import SEAT_ROLES, Tenure, check_tenure, max_concurrent
from meetings.domain.eligibility import (
    Office,
    PersonFacts,
    check_eligibility,
    check_pensioner_majority,
    check_personal_deputy,
)
from meetings.domain.quorum import check_quorum_setting
from meetings.register import repository
from meetings.register.models import Body, Membership, Person
from meetings.register.schemas import BodyIn, MembershipIn, PersonIn


def _touch(row: Body | Person | Membership) -> None:
    row.version += 1
    row.modified_at = utcnow()


# -- bodies -----------------------------------------------------------------------------------


async def create_body(*, session: AsyncSession, data: BodyIn) -> Body:
    if await repository.body_by_key(session, data.key) is not None:
        raise Conflict(f"a body with key {data.key!r} exists", errors=[{"field": "key", "message": "taken"}])
    if data.parent_id is not None:
        await repository.get(session, Body, data.parent_id, field="body.parent_id")
    check_quorum_setting(data.seats, data.quorum, data.body_type)  # MTG-02
    body = Body(**data.model_dump())
    session.add(body)
    await session.flush()
    return body


async def update_body(
    *,
    session: AsyncSession,
    body_id: uuid.UUID,
    changes: dict[str, Any],
    if_match: int | None,
    publisher: EventPublisher,
) -> Body:
    body = await repository.get(session, Body, body_id, for_update=True)
    check_version(body.version, if_match)
    if changes.get("parent_id") is not None:
        if changes["parent_id"] == body.id:
            raise InvalidInput("a body cannot be its own parent", errors=[{"field": "parent_id", "message": "self"}])
        await repository.get(session, Body, changes["parent_id"], field="body.parent_id")
    seats = changes.get("seats", body.seats)
    check_quorum_setting(seats, changes.get("quorum", body.quorum), body.body_type)  # MTG-02
    members = await repository.memberships_of_body(session, body.id)
    if seats < body.seats:
        seated = [(m.start_date, m.end_date) for m in members if m.role in SEAT_ROLES and m.voting_right]
        if max_concurrent(seated) > seats:
            raise RuleViolation(
                f"{seats} seats is fewer than the voting members already registered",
                rule="MTG-01",
                errors=[{"field": "seats", "message": "below current members"}],
            )
    for field, value in changes.items():
        setattr(body, field, value)
    _touch(body)
    await session.flush()
    # Memberships carry the body's name and type: consumers get the new snapshot.
    for membership in members:
        _touch(membership)
        await _publish_membership(session, publisher, membership)
    return body


# -- people -----------------------------------------------------------------------------------


async def create_person(*, session: AsyncSession, data: PersonIn, publisher: EventPublisher) -> Person:
    person = Person(**data.model_dump())
    session.add(person)
    await session.flush()
    await _publish_person(session, publisher, person)
    return person


async def update_person(
    *,
    session: AsyncSession,
    person_id: uuid.UUID,
    changes: dict[str, Any],
    if_match: int | None,
    publisher: EventPublisher,
) -> Person:
    person = await repository.get(session, Person, person_id, for_update=True)
    check_version(person.version, if_match)
    for field, value in changes.items():
        setattr(person, field, value)
    _touch(person)
    await session.flush()
    await _publish_person(session, publisher, person)
    return person


async def _publish_person(session: AsyncSession, publisher: EventPublisher, person: Person) -> None:
    await publisher.publish(
        session,
        PersonChangedV1(
            person_id=person.id,
            name=person.name,
            email=person.email,
            version=person.version,
            changed_at=person.modified_at,
        ),
        subject=str(person.id),
    )


# -- memberships ------------------------------------------------------------------------------


def _tenure(m: Membership | MembershipIn, membership_id: uuid.UUID) -> Tenure:
    return Tenure(
        id=membership_id,
        person_id=m.person_id,
        role=m.role,
        start=m.start_date,
        end=m.end_date,
        voting_right=bool(m.voting_right),
        deputy_order=m.deputy_order,
        party_group=m.party_group,
        joint_list=m.joint_list,
    )


async def _validate(session: AsyncSession, body: Body, membership: Membership) -> None:
    candidate = _tenure(membership, membership.id)
    rows = [m for m in await repository.memberships_of_body(session, body.id) if m.id != membership.id]
    others = [_tenure(m, m.id) for m in rows]
    check_tenure(body.seats, candidate, others)
    # MTG-01: the composition rules that look at the person's other offices and recorded facts.
    person = await repository.get(session, Person, membership.person_id)
    facts = _facts(person)
    check_eligibility(
        body_type=body.body_type,
        candidate=candidate,
        on_behalf_of=membership.on_behalf_of,
        facts=facts,
        offices=[
            Office(body_type, m.role, m.start_date, m.end_date)
            for m, body_type in await repository.offices_of_person(session, membership.person_id)
            if m.id != membership.id
        ],
    )
    check_personal_deputy(
        body_type=body.body_type,
        candidate=candidate,
        personal_deputy_for=membership.personal_deputy_for,
        others=[(t, m.personal_deputy_for) for t, m in zip(others, rows, strict=True)],
    )
    if body.body_type == "elderly_council":
        people = {p.id: p for p in await repository.people(session, {m.person_id for m in rows})}
        check_pensioner_majority(
            seats=body.seats,
            candidate=candidate,
            pensioner=bool(facts.old_age_pensioner),
            others=[(t, bool(people[t.person_id].old_age_pensioner)) for t in others],
        )


def _facts(person: Person) -> PersonFacts:
    return PersonFacts(
        birth_date=person.birth_date,
        old_age_pensioner=person.old_age_pensioner,
        employee_with_responsibility=person.employee_with_responsibility,
    )


async def create_membership(*, session: AsyncSession, data: MembershipIn, publisher: EventPublisher) -> Membership:
    # Lock the body: two concurrent elections must not both take the last seat.
    body = await repository.get(session, Body, data.body_id, for_update=True, field="body.body_id")
    await repository.get(session, Person, data.person_id, field="body.person_id")
    values = data.model_dump()
    if values["voting_right"] is None:
        values["voting_right"] = data.role in SEAT_ROLES
    membership = Membership(id=uuid.uuid4(), **values)
    await _validate(session, body, membership)
    session.add(membership)
    await session.flush()
    await _publish_membership(session, publisher, membership)
    return membership


async def update_membership(
    *,
    session: AsyncSession,
    membership_id: uuid.UUID,
    changes: dict[str, Any],
    if_match: int | None,
    publisher: EventPublisher,
) -> Membership:
    membership = await repository.get(session, Membership, membership_id)
    body = await repository.get(session, Body, membership.body_id, for_update=True)
    check_version(membership.version, if_match)
    for field, value in changes.items():
        setattr(membership, field, value)
    if membership.role != "deputy" and "role" in changes and "deputy_order" not in changes:
        membership.deputy_order = None
    with session.no_autoflush:  # the changed row reaches the database only once it is valid
        await _validate(session, body, membership)
    _touch(membership)
    await session.flush()
    await _publish_membership(session, publisher, membership)
    return membership


async def delete_membership(
    *, session: AsyncSession, membership_id: uuid.UUID, if_match: int | None, publisher: EventPublisher
) -> None:
    """Removes a membership registered by mistake (an ended one keeps its end_date instead)."""
    membership = await repository.get(session, Membership, membership_id, for_update=True)
    check_version(membership.version, if_match)
    membership.deleted = True
    _touch(membership)
    await session.flush()
    await _publish_membership(session, publisher, membership)


async def _publish_membership(session: AsyncSession, publisher: EventPublisher, m: Membership) -> None:
    body = await session.get(Body, m.body_id)
    person = await session.get(Person, m.person_id)
    assert body is not None and person is not None
    await publisher.publish(
        session,
        MembershipChangedV1(
            membership_id=m.id,
            person_id=m.person_id,
            person_name=person.name,
            body_id=body.id,
            body_key=body.key,
            body_name=body.name,
            body_type=body.body_type,
            role=m.role,  # type: ignore[arg-type]
            deputy_order=m.deputy_order,
            party_group=m.party_group,
            voting_right=m.voting_right,
            on_behalf_of=m.on_behalf_of,
            start_date=m.start_date,
            end_date=m.end_date,
            deleted=m.deleted,
            version=m.version,
            changed_at=m.modified_at,
        ),
        subject=str(m.id),
    )
