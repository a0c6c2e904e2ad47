from __future__ import annotations

from typing import Any


async def test_smoke(world: Any) -> None:
    await world.seat("Kari", "member", "living-conditions-committee")
    await world.declare("Kari")
    await world.present(
        "010/26",
        "living-conditions-committee",
        [world.doc("Saksframlegg"), world.doc("Legeerklæring", exempt=True, basis=world.CONFIDENTIAL)],
    )
    listing = await world.listing("Kari", "010/26")
    print(listing)
    assert listing["count"] == 1
