"""What the feedback API tests share: an SMTP server that keeps what it receives, and `World`, which
feeds the service and speaks to it as each of its users (politicians, the post reception, residents,
operators). The fixtures that build them are in conftest.py."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Table, func, select

from folkevalgt_shared.auth import Scope, mint_dev_token
from folkevalgt_shared.calendar import OSLO
from folkevalgt_shared.contracts import EventData, PersonChangedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET
from folkevalgt_shared.testing import Harness

RESIDENTS = 150  # 2 % of 150 is 3 signatures: thresholds reachable in a test
MUNICIPALITY_NUMBER = "5605"
A, B, C = "Aud Politiker", "Bjørn Politiker", "Cecilie Politiker"


class Sink:
    """An SMTP server that keeps each message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return "451 Try again later"
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


def oslo(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=OSLO).astimezone(UTC)


@dataclass
class World:
    """Feeds the service and speaks to it as each of its users."""

    h: Harness
    sink: Sink
    people: dict[str, uuid.UUID] = field(default_factory=dict)

    def set_clock(self, moment: datetime) -> None:
        self.h.app.state.clock = lambda: moment

    def today(self) -> date:
        return self.h.app.state.clock().astimezone(OSLO).date()

    async def deliver(self, data: EventData) -> None:
        event_id, payload = build_envelope(data, subject="test")
        response = await self.h.client.post(
            "/events", content=payload, headers=signed_headers(DEV_WEBHOOK_SECRET, event_id, payload)
        )
        assert response.status_code == 200, response.text

    async def politician(self, name: str) -> uuid.UUID:
        """A person in the register copy, as meetings' person.changed puts them there."""
        person = self.people.setdefault(name, uuid.uuid4())
        await self.deliver(
            PersonChangedV1(person_id=person, name=name, version=1, changed_at=datetime(2026, 1, 1, tzinfo=UTC))
        )
        return person

    def as_politician(self, name: str) -> dict[str, str]:
        token = mint_dev_token(self.h.auth, str(self.people[name]), [Scope.FEEDBACK_WRITE, Scope.FEEDBACK_READ])
        return {"Authorization": f"Bearer {token}"}

    def as_post(self) -> dict[str, str]:
        token = mint_dev_token(self.h.auth, "case-management", [Scope.FEEDBACK_CASE])
        return {"Authorization": f"Bearer {token}"}

    def as_ops(self) -> dict[str, str]:
        token = mint_dev_token(self.h.auth, "operator", [Scope.OPS_READ, Scope.OPS_WRITE])
        return {"Authorization": f"Bearer {token}"}

    def as_resident(self, pid: str, municipality: str | None = MUNICIPALITY_NUMBER) -> dict[str, str]:
        claims = {"kommunenummer": municipality} if municipality else {}
        token = mint_dev_token(self.h.auth, pid, [Scope.FEEDBACK_SIGN], extra_claims=claims)
        return {"Authorization": f"Bearer {token}"}

    async def call(
        self, method: str, path: str, headers: dict[str, str], body: Any = None, status: int = 200, **kw: Any
    ) -> Any:
        response = await self.h.client.request(method, path, json=body, headers=headers, **kw)
        assert response.status_code == status, response.text
        if status >= 400:
            assert response.headers["content-type"] == "application/problem+json"
        return response.json() if response.content and "json" in response.headers.get("content-type", "") else None

    async def record(self, name: str, status: int = 201, **fields: Any) -> Any:
        body = {
            "channel": "oral",
            "sender": {"kind": "resident", "name": "Kari Nordmann", "email": "kari@example.no"},
            "text": "Hjemmetjenesten kom ikke til min mor på tirsdag, og ingen ga beskjed om det.",
            "unit_key": "helse-og-omsorg",
            "occurred_on": "2026-03-03",
        } | fields
        return await self.call("POST", "/items", self.as_politician(name), body, status)

    async def forward(self, name: str, item_id: str, status: int = 200) -> Any:
        return await self.call("POST", f"/items/{item_id}/forward", self.as_politician(name), {}, status)

    async def register(self, item_id: str, status: int = 201, **fields: Any) -> Any:
        return await self.call("POST", f"/items/{item_id}/register", self.as_post(), fields, status)

    async def send_mail(self) -> int:
        done = await self.call("POST", "/ops/jobs/send-mail/run", self.as_ops())
        return int(done["done"])

    async def sweep(self) -> int:
        return int((await self.call("POST", "/ops/jobs/overdue-sweep/run", self.as_ops()))["done"])

    async def count(self, table: Table | Any) -> int:
        table = getattr(table, "__table__", table)
        async with self.h.app.state.db.reading() as session:
            return int(await session.scalar(select(func.count()).select_from(table)) or 0)

    async def events(self, event_type: str) -> list[dict[str, Any]]:
        """The data of the published events of a type, oldest first."""
        o = self.h.app.state.platform.outbox
        async with self.h.app.state.db.reading() as session:
            payloads = (
                await session.scalars(select(o.c.payload).where(o.c.event_type == event_type).order_by(o.c.id))
            ).all()
        return [json.loads(p)["data"] for p in payloads]
