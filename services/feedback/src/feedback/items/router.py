from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import select

from feedback.deps import (
    CaseWorker,
    ClockDep,
    IfMatch,
    OverdueReader,
    Reader,
    Recorder,
    Rules,
    RulesDep,
    is_administration,
)
from feedback.domain.followup import Status, is_overdue
from feedback.domain.intake import SenderKind
from feedback.domain.routing import guidance_for
from feedback.items import service
from feedback.items.models import Item
from feedback.items.schemas import (
    Attachment,
    Concreteness,
    ForwardIn,
    GuidanceOut,
    GuideIn,
    ItemIn,
    ItemOut,
    ItemPage,
    ItemPatch,
    ItemSummary,
    MeetingIn,
    MemoOut,
    MessageOut,
    NextStepOut,
    OverdueOut,
    OverduePage,
    RegisterIn,
    RouteOut,
    SenderOut,
    StatusChangeOut,
    StatusIn,
)
from feedback.mail.models import MailMessage
from feedback.proxies import service as proxies
from feedback.proxies.schemas import ProxyIn, ProxyOut
from feedback.registry import service as registry
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    RuleViolation,
    problem_responses,
)
from folkevalgt_shared.idempotency import HEADER as IDEMPOTENCY_KEY
from folkevalgt_shared.idempotency import idempotent
from folkevalgt_shared.pagination import PageParams, paginate, paginate_rows
from folkevalgt_shared.preconditions import etag, parse_if_match
from folkevalgt_shared.service import PublisherDep

router = APIRouter(prefix="/items", tags=["input (innspill)"])
JSON = "application/json"
overdue_router = APIRouter(tags=["operations"])
ROUTE_ERRORS = problem_responses(InvalidInput, RuleViolation, Conflict, NotFound, Forbidden, PreconditionFailed)


def item_out(item: Item, rules: Rules, proxy_people: list[uuid.UUID], today: date) -> ItemOut:
    settings = rules.at(item.received_on)
    return ItemOut(
        id=item.id,
        received_by=item.received_by,
        received_on=item.received_on,
        channel=item.channel,
        sender=SenderOut(
            kind=item.sender_kind,
            anonymous=item.anonymous,
            name=item.sender_name,
            email=item.sender_email,
            postal_address=item.sender_address,
        ),
        title=item.title,
        text=item.text,
        unit_key=item.unit_key,
        unit_name=item.unit_name,
        occurred_on=item.occurred_on,
        place=item.place,
        attachments=[Attachment.model_validate(a) for a in item.attachments],
        sensitive=item.sensitive,
        sensitive_categories=item.sensitive_categories,
        concreteness=Concreteness(
            concrete=item.concrete, missing=service.missing_elements(item, settings), questions=item.questions
        ),
        status=item.status,  # type: ignore[arg-type]
        routes=item.routes,
        next_step=NextStepOut(owner=item.owner, due_on=item.due_on, overdue=is_overdue(item.due_on, today)),
        assigned_unit=item.assigned_unit,
        journal_number=item.journal_number,
        forwarded_at=item.forwarded_at,
        sender_informed=item.sender_informed,
        proxy_person_ids=proxy_people,
        version=item.version,
        received_at=item.received_at,
        modified_at=item.modified_at,
    )


async def _respond(
    session: Any,
    item: Item,
    rules: RulesDep,
    now_today: date,
    status_code: int = 200,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body = item_out(item, rules, await service.item_proxies(session, item, now_today), now_today)
    if extra:
        content = jsonable_encoder(body) | extra
        return JSONResponse(content, status_code=status_code, headers=etag(item.version))
    return Response(body.model_dump_json(), status_code=status_code, media_type=JSON, headers=etag(item.version))


@router.post(
    "",
    status_code=201,
    response_model=ItemOut,
    responses=problem_responses(InvalidInput, RuleViolation, Forbidden),
    summary="Record input received (FBK-01): who, channel, unit, text, attachments, sensitive data (FBK-02)",
)
async def record_item(
    data: ItemIn,
    request: Request,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Recorder,
) -> Response:
    now = clock()

    async def produce() -> ItemOut:
        item = await service.record(
            session=session, data=data, principal=principal, rules=rules, publisher=publisher, now=now
        )
        return item_out(item, rules, [], oslo_date(now))

    if IDEMPOTENCY_KEY not in request.headers:  # the common case: serialised once, by pydantic
        return Response((await produce()).model_dump_json(), status_code=201, media_type=JSON)
    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


SUMMARY_COLUMNS = [Item.__table__.c[name] for name in ItemSummary.model_fields if name not in ("concrete", "owner")]


@router.get("", summary="Items: a politician's own and those they are proxy in; every item for the post reception")
async def list_items(
    request: Request,
    session: ReadSessionDep,
    principal: Reader,
    clock: ClockDep,
    page: PageParams,
    status: Literal["received", "registered", "assigned", "answered", "closed"] | None = None,
    received_by: uuid.UUID | None = None,
) -> ItemPage:
    today = oslo_date(clock())
    t = Item.__table__
    stmt = select(*SUMMARY_COLUMNS, t.c.concrete, t.c.owner)
    condition = service.visible_to(principal, today)
    if condition is not None:
        stmt = stmt.where(condition)
    if received_by is not None:
        stmt = stmt.where(t.c.received_by == received_by)
    if status is not None:
        stmt = stmt.where(t.c.status == status)
    rows, next_url = await paginate(
        session,
        stmt,
        request=request,
        modified_col=t.c.modified_at,
        key_col=t.c.id,
        limit=page.limit,
        cursor=page.cursor,
        modified_since=page.modified_since,
    )
    return ItemPage(items=[ItemSummary.model_validate(dict(r._mapping)) for r in rows], next=next_url)


@router.get(
    "/{item_id:uuid}",
    response_model=ItemOut,
    responses=problem_responses(NotFound),
    summary="An item, with its concreteness, status and next step (another politician's item is 404)",
)
async def get_item(
    item_id: uuid.UUID, session: ReadSessionDep, rules: RulesDep, clock: ClockDep, principal: Reader
) -> Response:
    today = oslo_date(clock())
    return await _respond(session, await service.get_visible(session, item_id, principal, today), rules, today)


@router.patch(
    "/{item_id:uuid}",
    response_model=ItemOut,
    responses=ROUTE_ERRORS,
    summary="Add what asking back brought (FBK-01): time, place, unit, what happened; judged again",
)
async def amend_item(
    item_id: uuid.UUID,
    data: ItemPatch,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Recorder,
    if_match: IfMatch = None,
) -> Response:
    now = clock()
    item = await service.amend(
        session=session,
        item_id=item_id,
        data=data,
        principal=principal,
        rules=rules,
        now=now,
        if_match=parse_if_match(if_match),
    )
    return await _respond(session, item, rules, oslo_date(now))


@router.get(
    "/{item_id:uuid}/guidance",
    responses=problem_responses(NotFound),
    summary="The guidance for this input (FBK-10): contact the unit, the web form; employees' routines",
)
async def preview_guidance(
    item_id: uuid.UUID, session: ReadSessionDep, rules: RulesDep, clock: ClockDep, principal: Reader
) -> list[GuidanceOut]:
    today = oslo_date(clock())
    item = await service.get_visible(session, item_id, principal, today)
    given = guidance_for(SenderKind(item.sender_kind), item.unit_key, rules.at(today))
    return [GuidanceOut(kind=g.kind, title=g.title, text=g.text, url=g.url, contact=g.contact) for g in given]


@router.post(
    "/{item_id:uuid}/guide",
    response_model=ItemOut,
    responses=ROUTE_ERRORS,
    summary="Guide the person (FBK-10): recorded, no case opened, the item is closed",
)
async def guide(
    item_id: uuid.UUID,
    data: GuideIn,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Recorder,
    if_match: IfMatch = None,
) -> Response:
    now = clock()
    item = await service.guide(
        session=session,
        item_id=item_id,
        data=data,
        principal=principal,
        rules=rules,
        publisher=publisher,
        now=now,
        if_match=parse_if_match(if_match),
    )
    return await _respond(session, item, rules, oslo_date(now))


@router.post(
    "/{item_id:uuid}/forward",
    response_model=ItemOut,
    responses=ROUTE_ERRORS,
    summary="Forward to the mayor and the chief executive (FBK-11): a memo for oral input, sent by email",
)
async def forward(
    item_id: uuid.UUID,
    data: ForwardIn,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Recorder,
    if_match: IfMatch = None,
) -> Response:
    now = clock()
    item = await service.forward(
        session=session,
        item_id=item_id,
        note=data.note,
        principal=principal,
        rules=rules,
        publisher=publisher,
        now=now,
        if_match=parse_if_match(if_match),
    )
    return await _respond(session, item, rules, oslo_date(now))


@router.post(
    "/{item_id:uuid}/meeting",
    response_model=ItemOut,
    responses=ROUTE_ERRORS,
    summary="Record a meeting to clarify the matter (FBK-12): no access to confidential information",
)
async def record_meeting(
    item_id: uuid.UUID,
    data: MeetingIn,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Recorder,
    if_match: IfMatch = None,
) -> Response:
    now = clock()
    item, reminder = await service.meeting(
        session=session,
        item_id=item_id,
        data=data,
        principal=principal,
        rules=rules,
        now=now,
        if_match=parse_if_match(if_match),
    )
    return await _respond(session, item, rules, oslo_date(now), extra={"reminder": reminder})


@router.post(
    "/{item_id:uuid}/proxy",
    status_code=201,
    response_model=ProxyOut,
    responses=ROUTE_ERRORS,
    summary="Record a proxy on the resident's written power of attorney (FBK-13): proxy.authorized",
)
async def authorize_proxy(
    item_id: uuid.UUID,
    data: ProxyIn,
    request: Request,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Recorder,
) -> Response:
    now = clock()

    async def produce() -> ProxyOut:
        return await proxies.authorize(
            session=session, item_id=item_id, data=data, principal=principal, rules=rules, publisher=publisher, now=now
        )

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.get("/{item_id:uuid}/proxies", responses=problem_responses(NotFound), summary="The item's proxies (FBK-13)")
async def item_proxies(
    item_id: uuid.UUID, session: ReadSessionDep, clock: ClockDep, principal: Reader
) -> list[ProxyOut]:
    today = oslo_date(clock())
    item = await service.get_visible(session, item_id, principal, today)
    return [proxies.proxy_out(p, today) for p in await proxies.of_item(session, item.id)]


@router.post(
    "/{item_id:uuid}/register",
    status_code=201,
    responses=ROUTE_ERRORS,
    summary="Register a forwarded item (FBK-20): journal number, the hand-over acknowledged, the sender told",
)
async def register_item(
    item_id: uuid.UUID,
    data: RegisterIn,
    request: Request,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: CaseWorker,
    if_match: IfMatch = None,
) -> Response:
    now = clock()

    async def produce() -> dict[str, Any]:
        item, entry = await registry.register_item(
            session=session,
            item_id=item_id,
            data=data,
            principal=principal,
            rules=rules,
            publisher=publisher,
            now=now,
            if_match=parse_if_match(if_match),
        )
        return registry.export([entry], public=False)[0] | {"item_version": item.version}

    return await idempotent(session, request.app.state.platform.idempotency, request, principal, produce)


@router.post(
    "/{item_id:uuid}/status",
    response_model=ItemOut,
    responses=ROUTE_ERRORS,
    summary="Move an item on (FBK-21): assigned to a unit, answered, closed; each change is published",
)
async def change_status(
    item_id: uuid.UUID,
    data: StatusIn,
    session: SessionDep,
    rules: RulesDep,
    publisher: PublisherDep,
    clock: ClockDep,
    principal: Recorder,
    if_match: IfMatch = None,
) -> Response:
    now = clock()
    item = await service.change_status(
        session=session,
        item_id=item_id,
        data=data,
        principal=principal,
        rules=rules,
        publisher=publisher,
        now=now,
        if_match=parse_if_match(if_match),
    )
    return await _respond(session, item, rules, oslo_date(now))


@router.get(
    "/{item_id:uuid}/history",
    responses=problem_responses(NotFound),
    summary="Each status change (FBK-21); confidential notes only for the resident's proxy and the post",
)
async def status_history(
    item_id: uuid.UUID, session: ReadSessionDep, clock: ClockDep, principal: Reader
) -> list[StatusChangeOut]:
    today = oslo_date(clock())
    item = await service.get_visible(session, item_id, principal, today)
    confidential = service.may_read_confidential(principal, await service.item_proxies(session, item, today))
    return [
        StatusChangeOut(
            status=c.status,
            previous_status=c.previous_status,
            unit=c.unit,
            note=c.note,
            confidential_note=c.confidential_note if confidential else None,
            due_on=c.due_on,
            changed_by=c.changed_by,
            changed_at=c.changed_at,
        )
        for c in await service.history(session, item)
    ]


@router.get("/{item_id:uuid}/routes", responses=problem_responses(NotFound), summary="The routes taken (FBK-10..13)")
async def routes_taken(
    item_id: uuid.UUID, session: ReadSessionDep, clock: ClockDep, principal: Reader
) -> list[RouteOut]:
    item = await service.get_visible(session, item_id, principal, oslo_date(clock()))
    return [
        RouteOut(route=r.route, details=r.details, recorded_at=r.recorded_at)
        for r in await service.routes_of(session, item)
    ]


@router.get(
    "/{item_id:uuid}/memo",
    responses=problem_responses(NotFound),
    summary="The memo or forwarding sent to the mayor and the chief executive (FBK-11): JSON, or HTML / text",
)
async def get_memo(
    item_id: uuid.UUID,
    session: ReadSessionDep,
    clock: ClockDep,
    principal: Reader,
    format: Annotated[Literal["json", "html", "text"], Query()] = "json",
) -> Response:
    item = await service.get_visible(session, item_id, principal, oslo_date(clock()))
    if item.memo_text is None or item.memo_html is None or item.memo_subject is None:
        raise NotFound("the item has not been forwarded: there is no memo")
    if format == "html":
        return Response(item.memo_html, media_type="text/html; charset=utf-8")
    if format == "text":
        return Response(item.memo_text, media_type="text/plain; charset=utf-8")
    return JSONResponse(jsonable_encoder(MemoOut(subject=item.memo_subject, text=item.memo_text, html=item.memo_html)))


@router.get(
    "/{item_id:uuid}/messages",
    responses=problem_responses(NotFound),
    summary="What was sent about the item, and whether it went out",
)
async def item_messages(
    item_id: uuid.UUID, session: ReadSessionDep, clock: ClockDep, principal: Reader
) -> list[MessageOut]:
    item = await service.get_visible(session, item_id, principal, oslo_date(clock()))
    rows = (
        await session.scalars(
            select(MailMessage).where(MailMessage.item_id == item.id).order_by(MailMessage.created_at)
        )
    ).all()
    return [
        MessageOut(
            id=m.id, purpose=m.purpose, recipients=m.recipients, subject=m.subject, status=m.status, sent_at=m.sent_at
        )
        for m in rows
    ]


@overdue_router.get(
    "/overdue",
    summary="Open items past their due day (FBK-22): for operators and the post reception (cursor-paged)",
)
async def overdue(
    request: Request, session: ReadSessionDep, clock: ClockDep, principal: OverdueReader, page: PageParams
) -> OverduePage:
    today = oslo_date(clock())
    stmt = select(Item).where(Item.status != Status.CLOSED.value, Item.due_on < today)
    rows, next_url = await paginate_rows(session, stmt, request=request, model=Item, page=page)
    administration = is_administration(principal)
    return OverduePage(
        items=[
            OverdueOut(
                id=i.id,
                received_by=i.received_by,
                # Operators read no more than the public title (FBK-02).
                title=i.title if administration else service.public_title(i),
                status=i.status,
                owner=i.owner,
                due_on=i.due_on,
                journal_number=i.journal_number,
                assigned_unit=i.assigned_unit,
            )
            for i in rows
        ],
        next=next_url,
    )
