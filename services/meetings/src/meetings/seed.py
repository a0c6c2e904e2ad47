"""Loads the municipality's bodies (MTG-01, from config) and, on request, a fictional demo
population: council members per party with ordered deputies, mayor, deputy mayor, group
leaders, the executive committee, standing committees and the councils.

Everything goes through the register's use cases, so the same rules apply and the same events
reach the other services' read models. Running it twice changes nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.db import Database
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.rules import RuleBook, load_municipality
from meetings.config import Settings
from meetings.db import platform
from meetings.register import repository, service
from meetings.register.models import Body, Person
from meetings.register.schemas import BodyIn, MembershipIn, PersonIn

TERM_START, TERM_END = date(2023, 10, 1), date(2027, 9, 30)
# Fictional council of 25: seats per party group.
COUNCIL_SEATS = {"Ap": 9, "H": 5, "FrP": 4, "SV": 2, "Sp": 2, "V": 1, "KrF": 1, "R": 1}
EXECUTIVE_SEATS = {"Ap": 3, "H": 2, "FrP": 2, "SV": 1, "Sp": 1}
FIRST_NAMES = {
    "female": [
        "Anne",
        "Berit",
        "Ingrid",
        "Kari",
        "Liv",
        "Marit",
        "Nina",
        "Ragnhild",
        "Sigrid",
        "Tone",
        "Hanne",
        "Elin",
        "Silje",
        "Maja",
        "Ida",
        "Sara",
    ],
    "male": [
        "Arne",
        "Bjørn",
        "Einar",
        "Geir",
        "Hans",
        "Jon",
        "Knut",
        "Lars",
        "Odd",
        "Per",
        "Rune",
        "Svein",
        "Tor",
        "Jonas",
        "Emil",
        "Aksel",
    ],
}
SURNAMES = [
    "Aas",
    "Berg",
    "Dahl",
    "Eriksen",
    "Hansen",
    "Haugen",
    "Jakobsen",
    "Johansen",
    "Karlsen",
    "Larsen",
    "Lie",
    "Mikkelsen",
    "Nilsen",
    "Olsen",
    "Pedersen",
    "Persen",
    "Rasmussen",
    "Solberg",
    "Strand",
    "Vik",
]


class BodyTemplate(BodyIn):
    parent: str | None = None


class LegislativeTerm(BaseModel):
    key: str
    name: str
    start_date: date
    end_date: date


class MeetingsRules(BaseModel):
    model_config = ConfigDict(extra="ignore")
    bodies: list[BodyTemplate]
    legislative_terms: list[LegislativeTerm] = []


async def seed_bodies(session: AsyncSession, templates: list[BodyTemplate]) -> dict[str, Body]:
    bodies: dict[str, Body] = {}
    for template in templates:  # parents are listed before their sub-bodies
        existing = await repository.body_by_key(session, template.key)
        if existing is None:
            data = template.model_dump(exclude={"parent"})
            data["parent_id"] = bodies[template.parent].id if template.parent else None
            existing = await service.create_body(session=session, data=BodyIn(**data))
        bodies[template.key] = existing
    return bodies


@dataclass
class Population:
    """Builds fictional people and their memberships through the register's use cases."""

    session: AsyncSession
    publisher: EventPublisher
    bodies: dict[str, Body]
    rng: random.Random = field(default_factory=lambda: random.Random(2023))
    genders: Any = field(default_factory=lambda: itertools.cycle(["female", "male"]))

    async def person(self, gender: str | None = None, **facts: Any) -> Person:
        """A fictional person; `facts` are what a body's composition needs to know of them (MTG-01)."""
        gender = gender or next(self.genders)
        name = f"{self.rng.choice(FIRST_NAMES[gender])} {self.rng.choice(SURNAMES)}"
        return await service.create_person(
            session=self.session,
            publisher=self.publisher,
            data=PersonIn(
                name=name,
                gender=gender,  # type: ignore[arg-type]
                email=None,
                **facts,
            ),
        )

    async def seat(self, body: str, person: Person, role: str = "member", **extra: Any) -> None:
        await service.create_membership(
            session=self.session,
            publisher=self.publisher,
            data=MembershipIn(
                body_id=self.bodies[body].id,
                person_id=person.id,
                role=role,  # type: ignore[arg-type]
                start_date=TERM_START,
                end_date=TERM_END,
                **extra,
            ),
        )

    async def build(self) -> None:
        council: dict[str, list[Person]] = {}
        for party, seats in COUNCIL_SEATS.items():
            council[party] = [await self.person() for _ in range(seats)]
            for order in range(1, seats + 4):  # MTG-10: deputies in the order they were elected
                await self.seat(
                    "municipal-council", await self.person(), "deputy", party_group=party, deputy_order=order
                )
        mayor, deputy_mayor = council["Ap"][0], council["H"][0]
        for party, members in council.items():
            for person in members:
                role = "mayor" if person is mayor else "deputy_mayor" if person is deputy_mayor else "member"
                await self.seat("municipal-council", person, role, party_group=party)
            leader = next(p for p in members if p is not mayor)
            await self.seat("municipal-council", leader, "group_leader", party_group=party)

        # Executive committee: elected among the council's members, with deputies per list.
        free = {party: [p for p in members if p not in (mayor, deputy_mayor)] for party, members in council.items()}
        executive: list[Person] = []
        for party, seats in EXECUTIVE_SEATS.items():
            chosen = [mayor] if party == "Ap" else [deputy_mayor] if party == "H" else []
            chosen += free[party][: seats - len(chosen)]
            for person in chosen:
                role = "mayor" if person is mayor else "deputy_mayor" if person is deputy_mayor else "member"
                await self.seat("executive-committee", person, role, party_group=party)
            remaining = [p for p in council[party] if p not in chosen]
            for order, person in enumerate(remaining[:2], start=1):
                await self.seat("executive-committee", person, "deputy", party_group=party, deputy_order=order)
            executive += chosen

        # Standing committees: 5 council members each, chair and vice chair among them.
        pool = [p for p in itertools.chain(*council.values()) if p not in executive]
        party_of = {p.id: party for party, members in council.items() for p in members}
        committees = ["living-conditions-committee", "environment-business-committee", "planning-transport-committee"]
        for index, key in enumerate(committees):
            members = pool[index * 5 : (index + 1) * 5] if len(pool) >= (index + 1) * 5 else pool[:5]
            for position, person in enumerate(members):
                role = ["chair", "vice_chair"][position] if position < 2 else "member"
                await self.seat(key, person, role, party_group=party_of[person.id])
        environment = pool[5:10]
        for position, person in enumerate(environment[:3]):
            await self.seat(
                "dispensation-committee",
                person,
                "chair" if position == 0 else "member",
                party_group=party_of[person.id],
            )

        # Administration committee: 3 political from the executive committee + 2 for the employees.
        for position, person in enumerate(executive[:3]):
            await self.seat(
                "administration-committee",
                person,
                "chair" if position == 0 else "member",
                party_group=party_of[person.id],
            )
        for _ in range(2):
            await self.seat("administration-committee", await self.person(), on_behalf_of="employees")
        # Appeals board: council members and employees with budget, personnel and management responsibility
        # are not eligible.
        for position in range(5):
            await self.seat(
                "appeals-board",
                await self.person(employee_with_responsibility=False),
                "chair" if position == 0 else "member",
            )
        # Advisory councils: political members and user representatives.
        await self.seat("elderly-council", pool[-1], party_group=party_of[pool[-1].id])
        for position in range(6):
            await self.seat(
                "elderly-council",
                await self.person(old_age_pensioner=True),  # a majority, the leader among them
                "chair" if position == 0 else "member",
                on_behalf_of="pensioners",
            )
        for person in pool[-4:-1]:
            await self.seat("disability-council", person, party_group=party_of[person.id])
        for position in range(3):
            await self.seat(
                "disability-council",
                await self.person(),
                "chair" if position == 0 else "member",
                on_behalf_of="user organisations",
            )
        for position in range(7):  # aged 13 to 18 when elected
            youth = await self.person(birth_date=date(2006 + position % 4, 1 + position, 10))
            await self.seat("youth-council", youth, "chair" if position == 0 else "member", on_behalf_of="pupils")


async def seed(settings: Settings, *, demo: bool) -> dict[str, int]:
    rules = RuleBook(load_municipality(settings.municipality_config), "meetings", MeetingsRules)
    templates = rules.at(TERM_START).bodies
    db = Database(settings.database_url)
    publisher = EventPublisher(platform.outbox, settings.events.subscriptions, "/meetings")
    try:
        async with db.transaction() as session:
            bodies = await seed_bodies(session, templates)
            people = await session.scalar(select(func.count()).select_from(Person)) or 0
            if demo and people == 0:
                await Population(session, publisher, bodies).build()
            people = await session.scalar(select(func.count()).select_from(Person)) or 0
        return {"bodies": len(bodies), "people": people}
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description="Load the municipality's bodies and a demo population")
    parser.add_argument("--demo", action="store_true", help="also create the fictional demo population")
    args = parser.parse_args()
    print(asyncio.run(seed(Settings(), demo=args.demo)))


if __name__ == "__main__":
    main()
