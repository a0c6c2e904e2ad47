from __future__ import annotations

import uuid

from fastapi import APIRouter

from feedback.deps import ClockDep, Reader
from feedback.proxies import service
from feedback.proxies.schemas import ProxyOut, RevokeIn
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, NotFound, problem_responses
from folkevalgt_shared.service import PublisherDep

router = APIRouter(prefix="/proxies", tags=["proxies (fullmakt)"])


@router.get("", summary="Proxies: a politician's own (as proxy); every proxy for the post reception")
async def list_proxies(session: ReadSessionDep, clock: ClockDep, principal: Reader) -> list[ProxyOut]:
    today = oslo_date(clock())
    return [service.proxy_out(p, today) for p in await service.of_person(session, principal)]


@router.get("/{proxy_id}", responses=problem_responses(NotFound), summary="A proxy")
async def get_proxy(proxy_id: uuid.UUID, session: ReadSessionDep, clock: ClockDep, principal: Reader) -> ProxyOut:
    return service.proxy_out(await service.visible(session, proxy_id, principal), oslo_date(clock()))


@router.post(
    "/{proxy_id}/revoke",
    responses=problem_responses(NotFound, Conflict, Forbidden),
    summary="Revoke a power of attorney (FBK-13): proxy.revoked ends access, not the disqualification",
)
async def revoke_proxy(
    proxy_id: uuid.UUID,
    data: RevokeIn,
    session: SessionDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Reader,
) -> ProxyOut:
    return await service.revoke(
        session=session, proxy_id=proxy_id, reason=data.reason, principal=principal, publisher=publisher, now=clock()
    )
