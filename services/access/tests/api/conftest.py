"""The access service under test, and how its tests feed it: what the meetings and feedback services would
publish, posted to its inbox as signed CloudEvents, and what the case-management system and the secretariat
record through the API."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from folkevalgt_shared.auth import ALL_SCOPES
from folkevalgt_shared.contracts import (
    AttendanceRecordedV1,
    CasePresentedV1,
    DecisionMadeV1,
    DeputySummonedV1,
    EventData,
    MemberDisqualifiedV1,
    MembershipChangedV1,
    PresentedDocument,
    ProxyAuthorizedV1,
    ProxyRevokedV1,
)
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory
from folkevalgt_shared.types import utcnow

TERM_START = date(2023, 10, 1)
SECRETARIAT = "secretariat"
CASE_SYSTEM = "case-management-system"
BODY_TYPES = {
    "municipal-council": "municipal_council",
    "executive-committee": "executive_committee",
    "living-conditions-committee": "standing_committee",
    "planning-transport-committee": "standing_committee",
    "administration-committee": "administration_committee",
    "elderly-council": "elderly_council",
    "control-committee": "control_committee",
}
CONFIDENTIAL = "Offl. § 13 jf. fvl. § 13 (1) nr. 1"
INTERNAL = "Offl. § 14"


@pytest.fixture
def subscriptions() -> list[Subscription]:
    return [
        Subscription(
            name="listener",
            url="http://listener.invalid/events",
            types=[
                "no.folkevalgt.access.access.granted.v1",
                "no.folkevalgt.access.access.denied.v1",
                "no.folkevalgt.access.access.request.overdue.v1",
            ],
        )
    ]


@pytest.fixture
async def acc(service_factory: ServiceFactory, subscriptions: list[Subscription]) -> Harness:
    return await service_factory("access", subscriptions=subscriptions)


def ok(response: httpx.Response, status: int = 200) -> Any:
    """The body of a response with the expected status."""
    assert response.status_code == status, response.text
    return response.json()


def problem(
    response: httpx.Response, status: int, *, rule: str | None = None, field: str | None = None
) -> dict[str, Any]:
    """A 4xx problem+json naming the rule or the field that refused the request."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    if rule is not None:
        assert body.get("rule") == rule, body
    if field is not None:
        assert any(
            e["field"] == field or e["field"].startswith(f"{field}[") or e["field"].endswith(f".{field}")
            for e in body.get("errors", [])
        ), body
    return body


@dataclass
class World:
    """Feeds the service the facts a decision rests on, and asks it as officials and as the administration."""

    h: Harness
    people: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    memberships: dict[tuple[str, str, str], str] = field(default_factory=dict)
    now: datetime = field(default_factory=utcnow)

    CONFIDENTIAL = CONFIDENTIAL
    INTERNAL = INTERNAL

    @staticmethod
    def doc(
        name: str, *, exempt: bool = False, basis: str | None = None, external_id: str | None = None
    ) -> PresentedDocument:
        """A document as an agenda lists it (case.presented)."""
        return PresentedDocument(
            document_id=uuid.uuid4(), external_id=external_id, name=name, exempt=exempt, exempt_basis=basis
        )

    # -- tokens ---------------------------------------------------------------------------------

    def official(self, name: str) -> dict[str, str]:
        return self.h.headers("access:read", sub=self.person(name))

    @property
    def secretariat(self) -> dict[str, str]:
        return self.h.headers("access:write", "access:read", sub=SECRETARIAT)

    @property
    def case_system(self) -> dict[str, str]:
        return self.h.headers("access:decide", "access:write", sub=CASE_SYSTEM)

    @property
    def auditor(self) -> dict[str, str]:
        return self.h.headers("access:audit", sub="control-committee-secretary")

    @property
    def admin(self) -> dict[str, str]:
        return self.h.headers(*ALL_SCOPES, sub="operator")

    def person(self, name: str) -> str:
        return self.people.setdefault(name, str(uuid.uuid4()))

    def body_id(self, key: str) -> uuid.UUID:
        return uuid.UUID(self.bodies.setdefault(key, str(uuid.uuid4())))

    def set_clock(self, moment: datetime) -> None:
        self.now = moment
        self.h.app.state.clock = lambda: moment

    # -- events ---------------------------------------------------------------------------------

    async def deliver(self, data: EventData, *, subject: str = "test", status: str = "processed") -> str:
        event_id, payload = build_envelope(data, subject=subject)
        headers = signed_headers(DEV_WEBHOOK_SECRET, event_id, payload)
        body = ok(await self.h.client.post("/events", content=payload, headers=headers))
        assert body["status"] == status, body
        return event_id

    async def seat(
        self,
        name: str,
        role: str = "member",
        body: str = "municipal-council",
        *,
        start: date = TERM_START,
        end: date | None = None,
        version: int = 1,
    ) -> str:
        key = (name, body, role)
        membership_id = self.memberships.setdefault(key, str(uuid.uuid4()))
        await self.deliver(
            MembershipChangedV1(
                membership_id=uuid.UUID(membership_id),
                person_id=uuid.UUID(self.person(name)),
                person_name=name,
                body_id=self.body_id(body),
                body_key=body,
                body_name=body,
                body_type=BODY_TYPES.get(body, "other"),
                role=role,  # type: ignore[arg-type]
                deputy_order=1 if role == "deputy" else None,
                voting_right=role != "deputy",
                start_date=start,
                end_date=end,
                version=version,
                changed_at=utcnow(),
            )
        )
        return self.person(name)

    async def present(
        self,
        case_number: str,
        body: str,
        documents: list[PresentedDocument] | None = None,
        *,
        closed: bool = False,
        closed_basis: str | None = None,
        meeting_id: uuid.UUID | None = None,
        at: datetime | None = None,
        title: str = "Sak",
    ) -> uuid.UUID:
        meeting_id = meeting_id or uuid.uuid4()
        await self.deliver(
            CasePresentedV1(
                case_number=case_number,
                title=title,
                meeting_id=meeting_id,
                body_id=self.body_id(body),
                body_key=body,
                agenda_item_id=uuid.uuid4(),
                closed=closed,
                closed_basis=closed_basis,
                documents=documents or [],
                presented_at=at or (self.now - timedelta(hours=1)),
            ),
            subject=case_number,
        )
        return meeting_id

    async def disqualify(
        self,
        name: str,
        case_number: str,
        body: str,
        meeting_id: uuid.UUID | None = None,
        substitute: str | None = None,
        agenda_item_id: uuid.UUID | None = None,
    ) -> None:
        await self.deliver(
            MemberDisqualifiedV1(
                meeting_id=meeting_id or uuid.uuid4(),
                body_id=self.body_id(body),
                agenda_item_id=agenda_item_id or uuid.uuid4(),
                case_number=case_number,
                person_id=uuid.UUID(self.person(name)),
                ground="fvl_6_a",
                substitute_person_id=uuid.UUID(self.person(substitute)) if substitute else None,
                decided_at=self.now - timedelta(minutes=30),
            )
        )

    async def summon(self, name: str, body: str, meeting_id: uuid.UUID) -> None:
        await self.deliver(
            DeputySummonedV1(
                meeting_id=meeting_id,
                body_id=self.body_id(body),
                body_key=body,
                starts_at=self.now + timedelta(days=3),
                deputy_person_id=uuid.UUID(self.person(name)),
                in_place_of_person_id=uuid.uuid4(),
                party_group="Ap",
                deputy_order=1,
                passed_over=[],
                summoned_at=self.now - timedelta(hours=2),
            )
        )

    async def attend(self, name: str, body: str, meeting_id: uuid.UUID, *, as_deputy: bool = True) -> None:
        await self.deliver(
            AttendanceRecordedV1(
                meeting_id=meeting_id,
                body_id=self.body_id(body),
                body_key=body,
                body_type=BODY_TYPES.get(body, "other"),
                person_id=uuid.UUID(self.person(name)),
                role="deputy" if as_deputy else "member",
                as_deputy=as_deputy,
                attended_from=self.now - timedelta(hours=3),
                attended_to=self.now - timedelta(hours=1),
                remote=False,
                secretariat_present=True,
            )
        )

    async def decision(
        self,
        body: str,
        meeting_id: uuid.UUID,
        case_number: str,
        *,
        adopted: bool = True,
        votes_for: int = 5,
        votes_against: int = 0,
        body_seats: int | None = None,
    ) -> uuid.UUID:
        vote = uuid.uuid4()
        await self.deliver(
            DecisionMadeV1(
                meeting_id=meeting_id,
                body_id=self.body_id(body),
                body_key=body,
                agenda_item_id=uuid.uuid4(),
                case_number=case_number,
                vote_event_id=vote,
                motion="Utvalget krever innsyn",
                adopted=adopted,
                votes_for=votes_for,
                votes_against=votes_against,
                casting_vote=False,
                decided_at=self.now - timedelta(minutes=10),
                body_seats=body_seats,
            )
        )
        return vote

    def proxy_event(
        self,
        name: str,
        cases: list[str],
        *,
        proxy_id: uuid.UUID | None = None,
        version: int = 1,
        ref: str = "Fullmakt 2026/77-1",
        revoked_at: datetime | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
    ) -> ProxyAuthorizedV1 | ProxyRevokedV1:
        values: dict[str, Any] = {
            "proxy_id": proxy_id or uuid.uuid4(),
            "person_id": uuid.UUID(self.person(name)),
            "resident_ref": "resident-17",
            "case_numbers": cases,
            "power_of_attorney_ref": ref,
            "valid_from": valid_from or (self.now.date() - timedelta(days=10)),
            "valid_to": valid_to,
            "version": version,
            "changed_at": utcnow(),
        }
        if revoked_at is not None:
            return ProxyRevokedV1(**values, revoked_at=revoked_at)
        return ProxyAuthorizedV1(**values)

    # -- the API ----------------------------------------------------------------------------------

    async def register_case(self, case_number: str, **fields: Any) -> dict[str, Any]:
        body = {"case_number": case_number, "title": fields.pop("title", f"Sak {case_number}"), **fields}
        return dict(ok(await self.h.client.post("/cases", json=body, headers=self.case_system), 201))

    async def register_document(self, case_number: str, external_id: str, **fields: Any) -> dict[str, Any]:
        body = {
            "case_number": case_number,
            "external_id": external_id,
            "title": fields.pop("title", external_id),
            **fields,
        }
        return dict(ok(await self.h.client.post("/documents", json=body, headers=self.case_system), 201))

    async def declare(self, name: str, signed_on: date | None = None) -> dict[str, Any]:
        body = {"person_id": self.person(name), "signed_on": (signed_on or TERM_START).isoformat()}
        return dict(ok(await self.h.client.post("/declarations", json=body, headers=self.secretariat), 201))

    async def listing(self, name: str, case_number: str) -> dict[str, Any]:
        return dict(ok(await self.h.client.get(f"/cases/{case_number}/documents", headers=self.official(name))))

    async def decide(self, name: str, document_id: str) -> dict[str, Any]:
        response = await self.h.client.get(
            "/decisions", params={"person": self.person(name), "document": document_id}, headers=self.case_system
        )
        return dict(ok(response)["decision"])

    async def ask(self, name: str, status: int = 201, **body: Any) -> dict[str, Any]:
        return dict(ok(await self.h.client.post("/requests", json=body, headers=self.official(name)), status))

    ok = staticmethod(ok)
    problem = staticmethod(problem)

    async def count(self, model: Any) -> int:
        async with self.h.app.state.db.reading() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        o = self.h.app.state.platform.outbox
        async with self.h.app.state.db.reading() as session:
            payloads = (
                await session.scalars(select(o.c.payload).where(o.c.event_type == event_type).order_by(o.c.id))
            ).all()
        return [json.loads(p)["data"] for p in payloads]


@pytest.fixture
def world(acc: Harness) -> World:
    return World(acc)
