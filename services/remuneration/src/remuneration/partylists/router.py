from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import NotFound, problem_responses
from remuneration.deps import Writer
from remuneration.partylists import service
from remuneration.partylists.models import PartyListYear
from remuneration.partylists.schemas import PartyListsIn, PartyListsOut

router = APIRouter(prefix="/party-lists", tags=["party lists"])
Year = Annotated[int, Path(ge=2000, le=2100)]


@router.put("/{year}", summary="The year's approved lists without a council seat (REM-60); audited")
async def put_party_lists(year: Year, data: PartyListsIn, session: SessionDep, principal: Writer) -> PartyListsOut:
    return PartyListsOut.model_validate(await service.put(session=session, year=year, data=data, principal=principal))


@router.get("/{year}", responses=problem_responses(NotFound), summary="The year's lists without a council seat")
async def get_party_lists(year: Year, session: ReadSessionDep, _: Writer) -> PartyListsOut:
    row = await session.get(PartyListYear, year)
    if row is None:
        raise NotFound(f"no party lists are recorded for {year}")
    return PartyListsOut.model_validate(row)
