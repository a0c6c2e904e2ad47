from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.deps import SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, RuleViolation, problem_responses
from meetings.elections import proportional, service
from meetings.elections.schemas import (
    CountIn,
    ElectionListIn,
    ElectionListOut,
    ProportionalElectionIn,
    ProportionalElectionOut,
    RoundCountIn,
    RoundOpenIn,
    RoundOut,
)

router = APIRouter(prefix="/meetings/{meeting_id}/agenda/{item_id}/elections", tags=["elections"])
Writer = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_WRITE))]
Reader = Annotated[Principal, Depends(require_scopes(Scope.MEETINGS_READ))]


@router.post(
    "/rounds",
    status_code=201,
    responses=problem_responses(InvalidInput, RuleViolation, Conflict, NotFound),
    summary="Open a round of an election or appointment: quorum checked, the lottery seed fixed, its hash shown "
    "(MTG-26, MTG-02)",
)
async def open_round(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: RoundOpenIn, session: SessionDep, _: Writer
) -> RoundOut:
    return await service.open_round(session=session, meeting_id=meeting_id, item_id=item_id, data=data)


@router.post(
    "/rounds/{round_id}/count",
    responses=problem_responses(InvalidInput, RuleViolation, Conflict, NotFound),
    summary="Count the round from one ballot per member taking part (MTG-22, MTG-26, gender balance MTG-27, lots)",
)
async def count_round(
    meeting_id: uuid.UUID, item_id: uuid.UUID, round_id: uuid.UUID, data: RoundCountIn, session: SessionDep, _: Writer
) -> RoundOut:
    return await service.count_round(
        session=session, meeting_id=meeting_id, item_id=item_id, round_id=round_id, data=data
    )


@router.get("/rounds", responses=problem_responses(NotFound), summary="The rounds of the elections in the case")
async def list_rounds(meeting_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, _: Reader) -> list[RoundOut]:
    return await service.list_rounds(session=session, meeting_id=meeting_id, item_id=item_id)


@router.get(
    "/rounds/{round_id}",
    responses=problem_responses(NotFound),
    summary="A round: ballots, votes cast, the draw and its seed (once counted), the outcome",
)
async def get_round(
    meeting_id: uuid.UUID, item_id: uuid.UUID, round_id: uuid.UUID, session: SessionDep, _: Reader
) -> RoundOut:
    return await service.get_round(session=session, meeting_id=meeting_id, item_id=item_id, round_id=round_id)


@router.post(
    "/proportional",
    status_code=201,
    responses=problem_responses(InvalidInput, RuleViolation, Conflict, NotFound),
    summary="Hold the election of members as proportional election (forholdsvalg), demanded by a member (MTG-28)",
)
async def start_proportional(
    meeting_id: uuid.UUID, item_id: uuid.UUID, data: ProportionalElectionIn, session: SessionDep, _: Writer
) -> ProportionalElectionOut:
    return await proportional.start(session=session, meeting_id=meeting_id, item_id=item_id, data=data)


@router.post(
    "/proportional/{election_id}/lists",
    status_code=201,
    responses=problem_responses(InvalidInput, RuleViolation, Conflict, NotFound),
    summary="Put forward a list (listeforslag, possibly a joint list); each list holds both genders (MTG-27)",
)
async def add_list(
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    election_id: uuid.UUID,
    data: ElectionListIn,
    session: SessionDep,
    _: Writer,
) -> ElectionListOut:
    return await proportional.add_list(
        session=session, meeting_id=meeting_id, item_id=item_id, election_id=election_id, data=data
    )


@router.post(
    "/proportional/{election_id}/count",
    responses=problem_responses(InvalidInput, Conflict, NotFound),
    summary="Count the list ballots: places by d'Hondt, members and deputies per list (MTG-28, MTG-27)",
)
async def count_proportional(
    meeting_id: uuid.UUID, item_id: uuid.UUID, election_id: uuid.UUID, data: CountIn, session: SessionDep, _: Writer
) -> ProportionalElectionOut:
    return await proportional.count(
        session=session, meeting_id=meeting_id, item_id=item_id, election_id=election_id, data=data
    )


@router.get("/proportional/{election_id}", responses=problem_responses(NotFound), summary="A proportional election")
async def get_proportional(
    meeting_id: uuid.UUID, item_id: uuid.UUID, election_id: uuid.UUID, session: SessionDep, _: Reader
) -> ProportionalElectionOut:
    return await proportional.get(session=session, meeting_id=meeting_id, item_id=item_id, election_id=election_id)
