"""Feedback's demo data for `make run`, entered through the running API as its users would: input two of
the demo council's politicians received — one forwarded as a memo and registered (its messages are in
var/mail/), one general statement waiting for a route, one guided — and a citizen initiative with a few
signatures. Loaded once: skipped when the service already has items."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from folkevalgt_devstack.topology import Topology
from folkevalgt_shared.auth import mint_dev_token
from folkevalgt_shared.settings import AuthSettings

RESIDENCE = {"kommunenummer": "5605"}


def _token(key: Path, subject: str, scopes: list[str], **claims: str) -> dict[str, str]:
    token = mint_dev_token(AuthSettings(dev_key_file=key), subject, scopes, extra_claims=claims or None)
    return {"Authorization": f"Bearer {token}"}


def _council(meetings: httpx.Client) -> list[dict[str, object]]:
    bodies = meetings.get("/bodies", params={"limit": 100}).json()["items"]
    council = next(b for b in bodies if b["key"] == "municipal-council")
    members = meetings.get(f"/bodies/{council['id']}/members").json()
    return [m for m in members if m["role"] in ("mayor", "member")]


def _wait_for_register(feedback: httpx.Client, person_id: str, timeout: float = 30.0) -> None:
    """The politicians reach feedback's register copy by events from meetings."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if feedback.get(f"/register/people/{person_id}/roles").json():
            return
        time.sleep(0.2)
    raise TimeoutError("the demo politicians did not reach the feedback service's register copy")


def load(topology: Topology) -> int:
    """Returns the number of items created (0 when the demo data is already there)."""
    key = topology.var_dir / "dev-signing-key.pem"
    admin = _token(key, "dev-admin", ["meetings:read", "feedback:read", "feedback:case", "ops:write"])
    base = topology.url("gateway")
    with (
        httpx.Client(base_url=f"{base}/meetings", headers=admin, timeout=15) as meetings,
        httpx.Client(base_url=f"{base}/feedback", headers=admin, timeout=15) as feedback,
    ):
        if feedback.get("/items", params={"limit": 1}).json()["items"]:
            return 0
        council = _council(meetings)
        first, second = str(council[0]["person_id"]), str(council[1]["person_id"])
        _wait_for_register(feedback, second)
        today = datetime.now(UTC).date()
        as_first = _token(key, first, ["feedback:write", "feedback:read"])
        oral = (
            feedback.post(
                "/items",
                headers=as_first,
                json={
                    "channel": "oral",
                    "sender": {"kind": "resident", "name": "Kari Nordmann (demo)", "email": "kari.demo@example.no"},
                    "text": "Brøytebilen har ikke vært i Gjøkvegen på Hesseng siden snøfallet, og hjemmetjenesten kom "
                    "ikke fram til naboen min.",
                    "unit_key": "teknisk-drift",
                    "place": "Gjøkvegen, Hesseng",
                    "occurred_on": (today - timedelta(days=1)).isoformat(),
                },
            )
            .raise_for_status()
            .json()
        )
        feedback.post(f"/items/{oral['id']}/forward", headers=as_first, json={}).raise_for_status()
        feedback.post(f"/items/{oral['id']}/register", json={}).raise_for_status()
        feedback.post(
            f"/items/{oral['id']}/status", json={"status": "assigned", "unit": "Teknisk drift, vei"}
        ).raise_for_status()
        feedback.post(
            "/items",
            headers=as_first,
            json={"channel": "meeting", "sender": {"kind": "resident", "name": "Ola (demo)"}, "text": "Alt er dårlig."},
        ).raise_for_status()
        as_second = _token(key, second, ["feedback:write", "feedback:read"])
        employee = (
            feedback.post(
                "/items",
                headers=as_second,
                json={
                    "channel": "email",
                    "sender": {"kind": "employee", "name": "Per Ansatt (demo)", "email": "per.demo@example.no"},
                    "text": "Vaktplanen på sykehjemmet ble endret uten drøfting med de tillitsvalgte forrige uke.",
                    "unit_key": "helse-og-omsorg",
                },
            )
            .raise_for_status()
            .json()
        )
        feedback.post(
            f"/items/{employee['id']}/guide", headers=as_second, json={"given_as": "email"}
        ).raise_for_status()
        starter = _token(key, "demo-resident-1", ["feedback:sign"], **RESIDENCE)
        initiative = (
            feedback.post(
                "/initiatives",
                headers=starter,
                json={
                    "title": "Lys i lysløypa på Prestøya hele vinteren (demo)",
                    "proposal": "Kommunestyret ber rådmannen sørge for lys i lysløypa på Prestøya fra november "
                    "til april.",
                    "contact": "initiativ.demo@example.no",
                },
            )
            .raise_for_status()
            .json()
        )
        for n in range(1, 6):
            signer = _token(key, f"demo-resident-{n}", ["feedback:sign"], **RESIDENCE)
            feedback.post(f"/initiatives/{initiative['id']}/signatures", headers=signer).raise_for_status()
        return 3
