"""The meetings service under test, and what most of its API tests start from: a body with its members,
and a meeting of that body with cases on the agenda, the notice published and the roll call taken."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from folkevalgt_shared import clock
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.settings import Subscription
from folkevalgt_shared.testing import Harness, ServiceFactory

TERM_START = "2023-10-01"
ONE_CASE = ({"case_number": "001/26", "title": "Sak"},)


@pytest.fixture
def subscriptions() -> list[Subscription]:
    """Who receives the service's events; a test module overrides this to find its events in the outbox."""
    return []


@dataclass
class MeetingsHarness(Harness):
    """The service, with its clock at hand. The procedure of a meeting happens on its day and not before its
    start (MTG-15): a roll call posted here is taken at the meeting's start — the service's clock is set to it
    first, unless it already shows the meeting's day after the start. `post_now` posts without that."""

    clock: pytest.MonkeyPatch | None = None

    def set_clock(self, moment: datetime) -> None:
        assert self.clock is not None
        self.clock.setattr(clock, "_offset", moment - datetime.now(UTC))

    async def to_start(self, meeting_path: str) -> None:
        response = await self.client.get(meeting_path, headers=self.headers())
        if response.status_code != 200:
            return
        starts = datetime.fromisoformat(response.json()["starts_at"])
        now = clock.now()
        if now < starts or oslo_date(now) != oslo_date(starts):
            self.set_clock(starts)

    async def post(
        self, path: str, body: Any = None, status: int = 201, *, headers: dict[str, str] | None = None
    ) -> Any:
        if path.endswith("/roll-call"):
            await self.to_start(path.removesuffix("/roll-call"))
        return await super().post(path, body, status, headers=headers)

    async def post_now(
        self, path: str, body: Any = None, status: int = 201, *, headers: dict[str, str] | None = None
    ) -> Any:
        return await super().post(path, body, status, headers=headers)


@pytest.fixture
async def meetings(
    service_factory: ServiceFactory, subscriptions: list[Subscription], monkeypatch: pytest.MonkeyPatch
) -> Harness:
    h = await service_factory("meetings", subscriptions=subscriptions)
    return MeetingsHarness(**{f.name: getattr(h, f.name) for f in fields(h)}, clock=monkeypatch)


@dataclass
class SeatedBody:
    body: dict[str, Any]
    members: list[str]
    """Person ids in the order of the roles given, deputies included."""
    people: dict[str, str]
    """Person id by name."""
    voting: list[str]
    """The members holding a seat (everyone but the deputies): those present at a full roll call."""

    @property
    def id(self) -> str:
        return str(self.body["id"])


@dataclass
class PreparedMeeting:
    body: SeatedBody
    meeting: dict[str, Any]
    items: list[dict[str, Any]]

    @property
    def base(self) -> str:
        return f"/meetings/{self.meeting['id']}"


class Builder:
    """Builds the usual starting point through the API, as an administrator would."""

    def __init__(self, h: Harness) -> None:
        self.h = h

    async def body(
        self,
        roles: Sequence[str],
        *,
        key: str = "board",
        name: str = "Styret",
        body_type: str = "other",
        seats: int | None = None,
        quorum: int | None = None,
        notice_days: int = 7,
        names: Sequence[str] | None = None,
        parties: Sequence[str] | None = None,
        people: Sequence[str | None] | None = None,
        facts: Mapping[str, Any] | None = None,
        extras: Sequence[Mapping[str, Any]] | None = None,
        **settings: Any,
    ) -> SeatedBody:
        """A body with one person per role. Seats default to the members who are not deputies, the quorum to half
        of the seats (MTG-02); deputies are numbered in the order given within their party group (MTG-10).
        `settings` go to the body as they are. `people` seats existing persons (None: a new one), `facts` are
        recorded for the new ones (MTG-01), `extras` go to each membership."""
        voting_roles = [r for r in roles if r != "deputy"]
        seats = len(voting_roles) if seats is None else seats
        quorum = (seats + 1) // 2 if quorum is None else quorum
        body = await self.h.post(
            "/bodies",
            {
                "key": key,
                "name": name,
                "body_type": body_type,
                "seats": seats,
                "quorum": quorum,
                "notice_days": notice_days,
                **settings,
            },
        )
        names = names or [f"Medlem {i}" for i in range(len(roles))]
        seated = SeatedBody(body=body, members=[], people={}, voting=[])
        deputies: dict[str | None, int] = {}
        for i, (role, person_name) in enumerate(zip(roles, names, strict=True)):
            person_id = people[i] if people else None
            if person_id is None:
                person_id = (await self.h.post("/people", {"name": person_name, **(facts or {})}))["id"]
            membership: dict[str, Any] = {
                "body_id": body["id"],
                "person_id": person_id,
                "role": role,
                "start_date": TERM_START,
                **(extras[i] if extras else {}),
            }
            party = parties[i] if parties else None
            if party is not None:
                membership["party_group"] = party
            if role == "deputy":
                deputies[party] = membership["deputy_order"] = deputies.get(party, 0) + 1
            else:
                seated.voting.append(person_id)
            await self.h.post("/memberships", membership)
            seated.members.append(person_id)
            seated.people[person_name] = person_id
        return seated

    async def council(self, roles: Sequence[str] = (), **details: Any) -> SeatedBody:
        """The municipal council (Kommunestyret), with its ten days' notice (MTG-06)."""
        defaults = {"key": "council", "name": "Kommunestyret", "body_type": "municipal_council", "notice_days": 10}
        return await self.body(roles, **{**defaults, **details})

    async def meeting(
        self,
        body: SeatedBody,
        *,
        days_ahead: float = 10,
        location: str | None = None,
        agenda: Sequence[Mapping[str, Any]] = ONE_CASE,
        notice: bool = True,
        constituted: bool = False,
    ) -> PreparedMeeting:
        """A meeting of `body` with `agenda` as its cases; the notice published unless `notice` is false, and
        constituted with every seated member present (MTG-15) when `constituted`."""
        starts = (clock.now() + timedelta(days=days_ahead)).isoformat()  # by the service's clock
        planned: dict[str, Any] = {"body_id": body.id, "starts_at": starts}
        if location is not None:
            planned["location"] = location
        meeting = await self.h.post("/meetings", planned)
        prepared = PreparedMeeting(body=body, meeting=meeting, items=[])
        for item in agenda:
            prepared.items.append(await self.h.post(f"{prepared.base}/agenda", dict(item)))
        if notice or constituted:
            await self.h.post(f"{prepared.base}/notice", status=200)
        if constituted:
            await self.h.post(
                f"{prepared.base}/roll-call",
                {"notice_approved": True, "agenda_approved": True, "present": body.voting},
                200,
            )
        return prepared


@pytest.fixture
def build(meetings: Harness) -> Builder:
    return Builder(meetings)
