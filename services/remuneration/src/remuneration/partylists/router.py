from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import NotFound, PreconditionFailed, problem_responses
from folkevalgt_shared.preconditions import etag
from remuneration.deps import IfMatch, Writer
from remuneration.partylists import service
from remuneration.partylists.models import PartyListYear
from remuneration.partylists.schemas import PartyListsIn, PartyListsOut

router = APIRouter(prefix="/party-lists", tags=["party lists"])
Year = Annotated[int, Path(ge=2000, le=2100)]


@router.put(
    "/{year}",
    responses=problem_responses(PreconditionFailed),
    summary="The year's approved lists without a council seat (REM-60); audited; If-Match",
)
async def put_party_lists(
    year: Year, data: PartyListsIn, response: Response, session: SessionDep, principal: Writer, if_match: IfMatch
) -> PartyListsOut:
    row = await service.put(session=session, year=year, data=data, principal=principal, if_match=if_match)
    response.headers.update(etag(row.version))
    return PartyListsOut.model_validate(row)


@router.get("/{year}", responses=problem_responses(NotFound), summary="The year's lists without a council seat")
async def get_party_lists(year: Year, response: Response, session: ReadSessionDep, _: Writer) -> PartyListsOut:
    """The ETag is the year's version, for If-Match on PUT."""
    row = await session.get(PartyListYear, year)
    if row is None:
        raise NotFound(f"no party lists are recorded for {year}")
    response.headers.update(etag(row.version))
    return PartyListsOut.model_validate(row)
