from __future__ import annotations

import uuid

from fastapi import APIRouter, Request

from feedback.deps import ClockDep, Reader
from feedback.proxies import service
from feedback.proxies.models import Proxy
from feedback.proxies.schemas import ProxyOut, ProxyPage, RevokeIn
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, Forbidden, NotFound, problem_responses
from folkevalgt_shared.pagination import PageParams, paginate
from folkevalgt_shared.service import PublisherDep

router = APIRouter(prefix="/proxies", tags=["proxies (fullmakt)"])


@router.get("", summary="Proxies: a politician's own (as proxy); every proxy for the post reception (cursor-paged)")
async def list_proxies(
    request: Request, session: ReadSessionDep, clock: ClockDep, principal: Reader, page: PageParams
) -> ProxyPage:
    today = oslo_date(clock())
    rows, next_url = await paginate(
        session,
        service.of_person(principal),
        request=request,
        modified_col=Proxy.changed_at,
        key_col=Proxy.id,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    return ProxyPage(items=[service.proxy_out(r[0], today) for r in rows], next=next_url)


@router.get("/{proxy_id:uuid}", responses=problem_responses(NotFound), summary="A proxy")
async def get_proxy(proxy_id: uuid.UUID, session: ReadSessionDep, clock: ClockDep, principal: Reader) -> ProxyOut:
    return service.proxy_out(await service.visible(session, proxy_id, principal), oslo_date(clock()))


@router.post(
    "/{proxy_id:uuid}/revoke",
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
