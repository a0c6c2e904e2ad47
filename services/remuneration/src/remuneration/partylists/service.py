from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal
from folkevalgt_shared.preconditions import check_version
from folkevalgt_shared.types import utcnow
from remuneration.audit import service as audit
from remuneration.domain.support import PartyLists
from remuneration.partylists.models import PartyListYear
from remuneration.partylists.schemas import PartyListsIn


async def put(
    *, session: AsyncSession, year: int, data: PartyListsIn, principal: Principal, if_match: int | None = None
) -> PartyListYear:
    now = utcnow()
    row = await session.get(PartyListYear, year, with_for_update=True)
    check_version(row.version if row else None, if_match, f"the party lists of {year}")
    before = None if row is None else {"unrepresented": row.unrepresented, "election_year": row.election_year}
    if row is None:
        row = PartyListYear(year=year, version=1, **data.model_dump(), modified_at=now, modified_by=principal.subject)
        session.add(row)
    else:
        row.unrepresented, row.election_year = data.unrepresented, data.election_year
        row.version, row.modified_at, row.modified_by = row.version + 1, now, principal.subject
    await audit.record(
        session,
        at=now,
        actor=principal.subject,
        action="party_lists_set",
        entity="party_lists",
        entity_id=year,
        details={"from": before, "to": data.model_dump()},
    )
    await session.flush()
    return row


async def for_year(session: AsyncSession, year: int) -> PartyLists:
    row = await session.get(PartyListYear, year)
    if row is None:
        return PartyLists()
    return PartyLists(unrepresented=tuple(row.unrepresented), election_year=row.election_year)
