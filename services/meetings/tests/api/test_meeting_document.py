"""GET /meetings/{id} renders its answer straight from the rows, without the response model: here it is held
byte for byte against `MeetingOut` as pydantic renders it from the same meeting (the model the OpenAPI
documents), for both the confidential and the public version (MTG-06/07), on both databases."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.testing import Harness
from meetings.disclosure import screen
from meetings.sittings.models import Meeting
from meetings.sittings.router import _out

# What JSON must escape, and what it must not: quotes, backslash, control characters, and text beyond ASCII.
AWKWARD = 'Søknad om «tilskudd» – "Bådehavn" \\ C:\\sak\n\tlinje 2 \x01\x1f æøå ÆØÅ ✓ 🏛'


def document(name: str, external_id: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "external_id": external_id, **extra}


async def modelled(h: Harness, meeting_id: str, *, confidential: bool) -> bytes:
    """The answer as the response model renders it, from the ORM objects."""
    async with h.app.state.db.reading() as session:
        out = await _out(session, await session.get(Meeting, uuid.UUID(meeting_id)))
    return (out if confidential else screen.meeting(out)).model_dump_json().encode()


async def answers(h: Harness, meeting_id: str) -> list[tuple[bytes, bytes]]:
    got = []
    for scopes, confidential in (((), True), ((Scope.MEETINGS_READ,), False)):
        response = await h.client.get(f"/meetings/{meeting_id}", headers=h.headers(*scopes))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        assert response.headers["etag"] == f'"{response.json()["version"]}"'
        got.append((response.content, await modelled(h, meeting_id, confidential=confidential)))
    return got


@pytest.fixture
async def seated(build: Any) -> Any:
    return await build.council(["mayor", "member", "member", "member", "member"], quorum=3)


async def test_a_meeting_with_every_kind_of_case_reads_as_its_response_model(
    meetings: Harness, build: Any, seated: Any
) -> None:
    agenda = [
        {
            "case_number": "001/26",
            "title": AWKWARD,
            "recommendation": AWKWARD,
            "budget": True,
            "rapporteur_id": seated.voting[1],
            "documents": [
                document(
                    AWKWARD,
                    "2026/1-1",
                    file_name="saksframlegg.pdf",
                    mime_type="application/pdf",
                    document_date="2026-11-30",
                    url="https://sak.example.no/2026/1-1",
                    download_url="https://sak.example.no/2026/1-1/fil",
                ),
                "2026/1-2",
            ],
        },
        {
            "case_number": "002/26",
            "title": "Salg av tomt",
            "documents": [
                document("Saksframlegg", "2026/2-1"),
                document("Takst", "2026/2-2", exempt=True, exempt_basis="Offl. § 23 første ledd"),
            ],
        },
        {
            "case_number": "003/26",
            "title": "Lukket sak",
            "closed": True,
            "closed_basis": "Offl. § 13",
            "documents": ["x"],
        },
        {"case_number": "004/26", "title": "Personalsak", "personnel": True, "documents": []},
        {"case_number": "005/26", "title": "Uten dokumenter"},
    ]
    m = await build.meeting(seated, days_ahead=20, location=AWKWARD, agenda=agenda, constituted=True)
    # A case taken up, and one the body closes during the meeting (MTG-07, MTG-17).
    await meetings.post(f"{m.base}/agenda/{m.items[0]['id']}/take-up", status=200)
    await meetings.post(
        f"{m.base}/agenda/{m.items[4]['id']}/closed-session", {"basis": "KL § 31 nr. 4: personvern"}, 200
    )
    for got, want in await answers(meetings, m.meeting["id"]):
        assert got == want
    public = (await meetings.client.get(m.base, headers=meetings.headers(Scope.MEETINGS_READ))).json()
    statuses = [i["status"] for i in public["agenda"]]
    assert statuses == ["under_treatment", "pending", "pending", "pending", "pending"]
    assert [i["title"] for i in public["agenda"]][2:] == ["Unntatt offentlighet"] * 3
    assert public["agenda"][1]["documents"] == ["Saksframlegg"]


async def test_an_extra_meeting_and_an_empty_agenda_read_as_their_response_model(
    meetings: Harness, build: Any, seated: Any
) -> None:
    meeting = await meetings.post(
        "/meetings",
        {
            "body_id": seated.id,
            "starts_at": "2030-01-15T17:00:00+01:00",
            "extra": True,
            "extra_ground": {"demanded_by": seated.voting[:2]},
        },
    )
    for got, want in await answers(meetings, meeting["id"]):
        assert got == want
    assert (await meetings.client.get(f"/meetings/{meeting['id']}", headers=meetings.headers())).json()["extra_ground"][
        "ground"
    ] == "demand"


async def test_an_unknown_meeting_is_not_found(meetings: Harness) -> None:
    response = await meetings.client.get("/meetings/00000000-0000-4000-8000-000000000000", headers=meetings.headers())
    assert response.status_code == 404
    assert "no meeting with id" in response.json()["detail"]
