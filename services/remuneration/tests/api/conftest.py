"""The remuneration service under test, and how its tests feed it: events from the meetings service
(memberships, attendance, meetings closed) posted to its inbox as signed CloudEvents, and a fixed clock."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Table, func, select

from folkevalgt_shared.calendar import OSLO
from folkevalgt_shared.contracts import AttendanceRecordedV1, EventData, MeetingClosedV1, MembershipChangedV1
from folkevalgt_shared.events.envelope import build_envelope, signed_headers
from folkevalgt_shared.settings import DEV_WEBHOOK_SECRET, Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory
from folkevalgt_shared.types import utcnow

TERM_START = date(2023, 10, 1)


@pytest.fixture
def subscriptions() -> list[Subscription]:
    """Who receives the service's events; a module overrides this to find its events in the outbox."""
    return []


@pytest.fixture
async def rem(service_factory: ServiceFactory, subscriptions: list[Subscription]) -> Harness:
    return await service_factory("remuneration", subscriptions=subscriptions)


def oslo(year: int, month: int, day: int, hour: int = 18, minute: int = 0) -> datetime:
    """A wall-clock time in Oslo, as UTC (winter or summer offset)."""
    return datetime(year, month, day, hour, minute, tzinfo=OSLO).astimezone(UTC)


@dataclass
class Council:
    """Feeds the service what the meetings service would send, and reads what it stored.

    `people` maps names to person ids; `bodies` maps body keys to (id, body type)."""

    h: Harness
    people: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, tuple[str, str]] = field(default_factory=dict)
    attendance_events: dict[tuple[str, str], str] = field(default_factory=dict)  # (meeting, name) -> event id
    memberships: dict[tuple[str, str, str], tuple[uuid.UUID, date]] = field(default_factory=dict)

    oslo = staticmethod(oslo)

    def set_clock(self, moment: datetime) -> None:
        """Fixes the service's now (the day a claim is received decides its deadline, REM-05)."""
        self.h.app.state.clock = lambda: moment

    async def deliver_payload(self, event_id: str, payload: bytes, content_type: str | None = None) -> Any:
        headers = signed_headers(DEV_WEBHOOK_SECRET, event_id, payload, *([content_type] if content_type else []))
        response = await self.h.client.post("/events", content=payload, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    async def deliver(self, data: EventData, *, subject: str = "test") -> str:
        """Posts one event as the meetings service's relay would; returns its id."""
        event_id, payload = build_envelope(data, subject=subject)
        assert (await self.deliver_payload(event_id, payload))["status"] == "processed"
        return event_id

    async def count(self, table: Table) -> int:
        async with self.h.app.state.db.reading() as session:
            return int(await session.scalar(select(func.count()).select_from(table)) or 0)

    async def outbox(self, event_type: str) -> list[dict[str, Any]]:
        """The data of the events of `event_type` in the outbox, oldest first."""
        o = self.h.app.state.platform.outbox
        async with self.h.app.state.db.reading() as session:
            payloads = (
                await session.scalars(select(o.c.payload).where(o.c.event_type == event_type).order_by(o.c.id))
            ).all()
        return [json.loads(p)["data"] for p in payloads]

    async def seat(
        self,
        name: str,
        role: str,
        body_key: str = "municipal-council",
        body_type: str = "municipal_council",
        *,
        party_group: str | None = "Ap",
        start: date = TERM_START,
    ) -> str:
        """`name` holds `role` in the body from `start` (body.membership.changed); returns the person id."""
        person_id = self.people.setdefault(name, str(uuid.uuid4()))
        self.bodies.setdefault(body_key, (str(uuid.uuid4()), body_type))
        membership_id = uuid.uuid4()
        self.memberships[(name, body_key, role)] = (membership_id, start)
        await self.deliver(self._membership(membership_id, name, role, body_key, party_group, start, None, 1))
        return person_id

    async def end(self, name: str, role: str, end: date, body_key: str = "municipal-council") -> None:
        """The membership ends on `end` (a newer version of it)."""
        membership_id, start = self.memberships[(name, body_key, role)]
        await self.deliver(self._membership(membership_id, name, role, body_key, "Ap", start, end, 2))

    def _membership(
        self,
        membership_id: uuid.UUID,
        name: str,
        role: str,
        body_key: str,
        party_group: str | None,
        start: date,
        end: date | None,
        version: int,
    ) -> MembershipChangedV1:
        body_id, body_type = self.bodies[body_key]
        return MembershipChangedV1(
            membership_id=membership_id,
            person_id=uuid.UUID(self.people[name]),
            person_name=name,
            body_id=uuid.UUID(body_id),
            body_key=body_key,
            body_name=body_key,
            body_type=body_type,
            role=role,  # type: ignore[arg-type]
            party_group=party_group,
            voting_right=role != "deputy",
            start_date=start,
            end_date=end,
            version=version,
            changed_at=utcnow(),
        )

    def attendance(
        self,
        meeting_id: str,
        body_key: str,
        name: str,
        starts_at: datetime,
        ends_at: datetime,
        *,
        role: str = "member",
        secretariat_present: bool = True,
        remote: bool = False,
    ) -> AttendanceRecordedV1:
        body_id, body_type = self.bodies[body_key]
        return AttendanceRecordedV1(
            meeting_id=uuid.UUID(meeting_id),
            body_id=uuid.UUID(body_id),
            body_key=body_key,
            body_type=body_type,
            person_id=uuid.UUID(self.people[name]),
            role=role,
            as_deputy=role == "deputy",
            attended_from=starts_at,
            attended_to=ends_at,
            remote=remote,
            secretariat_present=secretariat_present,
        )

    async def meeting(
        self,
        body_key: str,
        starts_at: datetime,
        attendees: list[str],
        *,
        hours: Decimal | int = 3,
        secretariat_present: bool = True,
        remote: bool = False,
    ) -> str:
        """A meeting of the body that `attendees` (names) attended throughout, then meeting.closed."""
        body_id, _ = self.bodies[body_key]
        meeting_id = str(uuid.uuid4())
        ends_at = starts_at + timedelta(seconds=int(Decimal(hours) * 3600))
        for name in attendees:
            data = self.attendance(
                meeting_id, body_key, name, starts_at, ends_at, secretariat_present=secretariat_present, remote=remote
            )
            self.attendance_events[(meeting_id, name)] = await self.deliver(data)
        await self.deliver(
            MeetingClosedV1(
                meeting_id=uuid.UUID(meeting_id),
                body_id=uuid.UUID(body_id),
                body_key=body_key,
                starts_at=starts_at,
                ended_at=ends_at,
                attendances=len(attendees),
            )
        )
        return meeting_id


@pytest.fixture
def council(rem: Harness) -> Council:
    return Council(rem)
