"""Lists set as a whole (the minutes' signatories, the administration attending) take If-Match like
every other update: a secretariat working from a stale copy gets 412 instead of overwriting."""

from __future__ import annotations

from typing import Any

from folkevalgt_shared.testing import Harness


async def _meeting(build: Any) -> tuple[str, list[str]]:
    seated = await build.body(["chair", "member", "member", "member"], name="Utvalget")
    m = await build.meeting(seated, agenda=[{"case_number": "040/26", "title": "Budsjett"}])
    return m.base, seated.members


async def _put(h: Harness, path: str, body: Any, if_match: str | None) -> Any:
    headers = h.headers() if if_match is None else {**h.headers(), "If-Match": if_match}
    return await h.client.put(path, json=body, headers=headers)


async def test_the_administration_is_updated_only_from_its_current_etag(meetings: Harness, build: Any) -> None:
    base, _ = await _meeting(build)
    first = await meetings.client.get(f"{base}/administration", headers=meetings.headers())
    assert first.status_code == 200 and first.json() == {"secretary": None, "attendees": []}
    etag = first.headers["ETag"]
    siri = {"secretary": {"name": "Siri Sekretær", "title": "Politisk sekretariat"}, "attendees": []}
    stored = await _put(meetings, f"{base}/administration", siri, etag)
    assert stored.status_code == 200 and stored.headers["ETag"] != etag

    rune = {"secretary": {"name": "Rune Rådmann"}, "attendees": []}
    stale = await _put(meetings, f"{base}/administration", rune, etag)  # the copy read before Siri was stored
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    now = await meetings.client.get(f"{base}/administration", headers=meetings.headers())
    assert now.json()["secretary"]["name"] == "Siri Sekretær" and now.headers["ETag"] == stored.headers["ETag"]

    assert (await _put(meetings, f"{base}/administration", rune, now.headers["ETag"])).status_code == 200
    assert (await _put(meetings, f"{base}/administration", siri, None)).status_code == 200  # no precondition


async def test_the_signatories_are_appointed_only_from_the_current_list(meetings: Harness, build: Any) -> None:
    base, (chair, a, b, c) = await _meeting(build)
    before = await meetings.client.get(f"{base}/minutes/approvals", headers=meetings.headers())
    stale = before.headers["ETag"]
    await meetings.post(
        f"{base}/roll-call",
        {"present": [chair, a, b, c], "notice_approved": True, "agenda_approved": True, "signatories": [a, b]},
        200,
    )
    refused = await _put(meetings, f"{base}/signatories", {"person_ids": [b, c]}, stale)
    assert refused.status_code == 412
    current = await meetings.client.get(f"{base}/minutes/approvals", headers=meetings.headers())
    assert {x["person_id"] for x in current.json() if x["capacity"] == "signatory"} == {a, b}

    changed = await _put(meetings, f"{base}/signatories", {"person_ids": [b, c]}, current.headers["ETag"])
    assert changed.status_code == 200, changed.text
    assert {x["person_id"] for x in changed.json() if x["capacity"] == "signatory"} == {b, c}
    again = await meetings.client.get(f"{base}/minutes/approvals", headers=meetings.headers())
    assert again.headers["ETag"] == changed.headers["ETag"] != current.headers["ETag"]


async def test_if_match_on_an_unknown_meeting_is_404(meetings: Harness) -> None:
    missing = "/meetings/00000000-0000-4000-8000-000000000000"
    for path in ("signatories", "administration"):
        body = {"person_ids": []} if path == "signatories" else {"secretary": None, "attendees": []}
        assert (await _put(meetings, f"{missing}/{path}", body, '"x"')).status_code == 404
