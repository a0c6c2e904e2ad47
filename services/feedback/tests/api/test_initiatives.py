"""FBK-31: citizen initiatives — one signature per resident, withdrawals until the threshold,
min(2 % of the residents, 300), duplicates of the same election period refused."""

from __future__ import annotations

from feedback_api_support import RESIDENTS, World, oslo
from sqlalchemy import select

from feedback.initiatives.models import Initiative, Signature

REACHED = "no.folkevalgt.feedback.citizen_initiative.threshold_reached.v1"
PID = "12345678901"  # an ID-porten subject (pid): never stored as such


def proposal(**fields: str) -> dict[str, str]:
    return {
        "title": "Lys i lysløypa på Prestøya",
        "proposal": "Kommunestyret ber om at lysløypa på Prestøya får lys hele vinteren.",
        "contact": "initiativ@example.no",
    } | fields


async def start(world: World, status: int = 201, **fields: str) -> dict[str, object]:
    result: dict[str, object] = await world.call(
        "POST", "/initiatives", world.as_resident(PID), proposal(**fields), status
    )
    return result


async def sign(world: World, initiative: object, pid: str, status: int = 201) -> object:
    return await world.call("POST", f"/initiatives/{initiative}/signatures", world.as_resident(pid), None, status)


async def test_fbk31_the_threshold_is_two_percent_of_the_residents_rounded_up(world: World) -> None:
    initiative = await start(world)
    assert (initiative["threshold"], initiative["population"], RESIDENTS) == (3, 150, 150)
    assert initiative["status"] == "collecting" and initiative["signatures"] == 0
    assert initiative["election_period"] == ["2023-10-01", "2027-09-30"]
    listed = await world.call("GET", "/initiatives", world.as_resident(PID), params={"status": "collecting"})
    assert [i["id"] for i in listed["items"]] == [initiative["id"]] and listed["next"] is None


async def test_fbk31_a_resident_signs_once(world: World) -> None:
    initiative = await start(world)
    await sign(world, initiative["id"], "01010100001")
    problem = await sign(world, initiative["id"], "01010100001", 409)
    assert problem["rule"] == "FBK-31"
    got = await world.call("GET", f"/initiatives/{initiative['id']}", world.as_resident("01010100001"))
    assert got["signatures"] == 1 and got["signed_by_me"] is True
    assert (await world.call("GET", f"/initiatives/{initiative['id']}", world.as_resident("02020200002")))[
        "signed_by_me"
    ] is False


async def test_fbk31_the_signer_is_kept_as_a_keyed_hash_not_the_identity_number(world: World) -> None:
    initiative = await start(world)
    await sign(world, initiative["id"], "01010100001")
    async with world.h.app.state.db.reading() as session:
        signers = (await session.scalars(select(Signature.signer))).all()
        starters = (await session.scalars(select(Initiative.started_by))).all()
    assert len(signers) == 1 and len(signers[0]) == 64
    assert "01010100001" not in signers[0] and PID not in starters[0]


async def test_fbk31_only_residents_of_the_municipality_sign(world: World) -> None:
    initiative = await start(world)
    for claim in ("5601", None):
        headers = world.as_resident("03030300003", municipality=claim)
        problem = await world.call("POST", f"/initiatives/{initiative['id']}/signatures", headers, None, 403)
        assert problem["rule"] == "FBK-31"
    assert await world.count(Signature) == 0


async def test_fbk31_a_signature_may_be_withdrawn_and_given_again_until_the_threshold(world: World) -> None:
    initiative = await start(world)
    iid = initiative["id"]
    await sign(world, iid, "01010100001")
    await sign(world, iid, "02020200002")
    await world.call("DELETE", f"/initiatives/{iid}/signatures/mine", world.as_resident("02020200002"), status=204)
    await world.call("DELETE", f"/initiatives/{iid}/signatures/mine", world.as_resident("02020200002"), status=404)
    assert (await world.call("GET", f"/initiatives/{iid}", world.as_resident(PID)))["signatures"] == 1
    await sign(world, iid, "02020200002")
    assert await world.events(REACHED) == []
    reached = await sign(world, iid, "03030300003")
    assert reached["status"] == "put_forward" and reached["signatures"] == 3
    problem = await world.call(
        "DELETE", f"/initiatives/{iid}/signatures/mine", world.as_resident("01010100001"), status=422
    )
    assert problem["rule"] == "FBK-31"
    assert (await sign(world, iid, "04040400004", 422))["rule"] == "FBK-31"


async def test_fbk31_at_the_threshold_meetings_is_told_and_the_initiators_informed(world: World) -> None:
    initiative = await start(world)
    for n in range(3):
        await sign(world, initiative["id"], f"0{n + 1}0{n + 1}0{n + 1}0000{n + 1}")
    [event] = await world.events(REACHED)
    assert event == {
        "initiative_id": initiative["id"],
        "body_key": "municipal-council",
        "title": "Lys i lysløypa på Prestøya",
        "proposal": "Kommunestyret ber om at lysløypa på Prestøya får lys hele vinteren.",
        "contact": "initiativ@example.no",
        "signatures": 3,
        "population": 150,
        "threshold": 3,
        "reached_at": event["reached_at"],
    }
    assert await world.send_mail() == 1
    [notice] = world.sink.to("initiativ@example.no")
    assert "fremmet for kommunestyret" in notice["Subject"]
    assert "seks måneder" in notice.get_body(("plain",)).get_content()


async def test_fbk31_the_same_content_is_refused_within_the_election_period_and_not_after(world: World) -> None:
    first = await start(world)
    problem = await start(world, 422, title="  LYS i lysløypa på Prestøya! ", proposal="Noe annet")
    assert problem["rule"] == "FBK-31" and problem["errors"][0]["field"] == "title"
    assert problem["same_as"] == first["id"]
    problem = await start(world, 422, title="Annen tittel", proposal=proposal()["proposal"].upper())
    assert problem["errors"][0]["field"] == "proposal"
    assert await world.count(Initiative) == 1
    world.set_clock(oslo(2027, 10, 1))  # the next council's term
    await start(world)


async def test_fbk31_a_new_initiative_needs_title_proposal_and_contact(world: World) -> None:
    problem = await world.call("POST", "/initiatives", world.as_resident(PID), {"title": " ", "proposal": "x"}, 422)
    assert {e["field"] for e in problem["errors"]} == {"body.title", "body.contact"}
    await world.call(
        "POST",
        "/initiatives",
        world.as_politician("Aud Politiker") if "Aud Politiker" in world.people else {},
        proposal(),
        403,
    )
    assert await world.count(Initiative) == 0


async def test_fbk31_a_withdrawal_with_if_match_goes_through_only_while_the_initiative_is_as_seen(world: World) -> None:
    initiative = await start(world)
    iid = initiative["id"]
    await sign(world, iid, "01010100001")
    seen = await world.h.client.get(f"/initiatives/{iid}", headers=world.as_resident("01010100001"))
    assert seen.status_code == 200 and seen.headers["ETag"] == f'"{seen.json()["version"]}"'
    await sign(world, iid, "02020200002")  # the initiative changes after it was seen
    mine = world.as_resident("01010100001")
    stale = await world.call(
        "DELETE", f"/initiatives/{iid}/signatures/mine", {**mine, "If-Match": seen.headers["ETag"]}, status=412
    )
    assert stale["status"] == 412
    assert (await world.call("GET", f"/initiatives/{iid}", mine))["signatures"] == 2  # nothing withdrawn
    fresh = await world.h.client.get(f"/initiatives/{iid}", headers=mine)
    await world.call(
        "DELETE", f"/initiatives/{iid}/signatures/mine", {**mine, "If-Match": fresh.headers["ETag"]}, status=204
    )
    assert (await world.call("GET", f"/initiatives/{iid}", mine))["signatures"] == 1
