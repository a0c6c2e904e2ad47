"""The register's own sync: a client that keeps a copy with `modified_since` learns of every change,
deletions included, as tombstones (as OParl 1.1 soft delete)."""

from __future__ import annotations

from typing import Any

from folkevalgt_shared.testing import Harness


async def test_a_sync_with_modified_since_gets_deleted_memberships_as_tombstones(meetings: Harness, build: Any) -> None:
    body = await build.body(["chair", "member"], names=["Kari", "Ola"])
    full = (await meetings.client.get(f"/memberships?body_id={body.id}", headers=meetings.headers())).json()["items"]
    ola = next(m for m in full if m["person_id"] == body.people["Ola"])
    since = max(m["modified_at"] for m in full)
    await meetings.client.delete(f"/memberships/{ola['id']}", headers=meetings.headers())
    synced = (
        await meetings.client.get("/memberships", params={"modified_since": since}, headers=meetings.headers())
    ).json()["items"]
    assert [(m["id"], m["deleted"]) for m in synced] == [(ola["id"], True)]
    assert synced[0]["modified_at"] > since and synced[0]["person_id"] == body.people["Ola"]
    # A full read lists what holds.
    now = (await meetings.client.get(f"/memberships?body_id={body.id}", headers=meetings.headers())).json()["items"]
    assert [(m["person_id"], m["deleted"]) for m in now] == [(body.people["Kari"], False)]
