"""Input received by a politician: recording it (FBK-01/02), who may see it, the routes (FBK-10..12),
status (FBK-21) and the next step with its due day (FBK-22).

Decisions:
- A politician sees only the items they received and those they are the resident's proxy in while the
  power of attorney is in force; to anyone else an item does not exist (404). The post reception sees all.
- Guidance (FBK-10) opens no case: it closes the item, with what was given recorded.
- Forwarding (FBK-11) keeps the status `received` until the post reception registers the item; that
  registration acknowledges the hand-over (FBK-22) and gives the journal number the sender is told.
- Input with sensitive data (FBK-02) is not sent by email: the recipients get a notice, and the memo is
  read through the API by the post reception.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Select, Uuid, and_, bindparam, exists, func, insert, literal_column, or_, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import configure_mappers

from feedback.db import register
from feedback.deps import Rules, is_administration, person_of, politician
from feedback.domain import followup, intake
from feedback.domain.followup import Route, Status
from feedback.domain.messages import Recorded, guidance_message, memo, sensitive_memo_notice
from feedback.domain.routing import guidance_for, route_refusal
from feedback.domain.settings import FeedbackSettings
from feedback.items.models import Item, RouteAction, StatusChange
from feedback.items.schemas import GuideIn, ItemIn, ItemPatch, MeetingIn, StatusIn
from feedback.mail import service as mail
from feedback.proxies.models import Proxy
from folkevalgt_shared.auth import Principal
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import FeedbackForwardedV1, FeedbackStatusChangedV1
from folkevalgt_shared.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.preconditions import check_version


def proxies_in_force(today: date) -> Any:
    """FBK-13: the proxies that give their politician sight of the item today."""
    return and_(
        Proxy.status == "active",
        Proxy.valid_from <= today,
        or_(Proxy.valid_to.is_(None), Proxy.valid_to >= today),
    )


def visible_to(principal: Principal, today: date) -> Any:
    """The items a caller may see: all for the post reception; a politician's own and those they are
    proxy in (BOLA: an item of another politician is not found)."""
    if is_administration(principal):
        return None
    person = person_of(principal)
    if person is None:
        return Item.id.is_(None)  # sees nothing
    as_proxy = exists().where(Proxy.item_id == Item.id, Proxy.person_id == person, proxies_in_force(today))
    return or_(Item.received_by == person, as_proxy)


async def get_visible(session: AsyncSession, item_id: uuid.UUID, principal: Principal, today: date) -> Item:
    stmt: Select[Any] = select(Item).where(Item.id == item_id)
    condition = visible_to(principal, today)
    if condition is not None:
        stmt = stmt.where(condition)
    item = (await session.scalars(stmt)).first()
    if item is None:
        raise NotFound(f"no feedback item {item_id}")
    return item


async def for_update(session: AsyncSession, item_id: uuid.UUID, principal: Principal, today: date) -> Item:
    """The item, row-locked, if the caller may see it."""
    stmt: Select[Any] = select(Item).where(Item.id == item_id).with_for_update()
    condition = visible_to(principal, today)
    if condition is not None:
        stmt = stmt.where(condition)
    item = (await session.scalars(stmt)).first()
    if item is None:
        raise NotFound(f"no feedback item {item_id}")
    return item


def only_receiver(item: Item, principal: Principal) -> None:
    """Routes are the receiving politician's choice (FBK-10..13); the post reception may act for them."""
    if not is_administration(principal) and person_of(principal) != item.received_by:
        raise Forbidden("only the politician who received the input chooses its route")


async def item_proxies(session: AsyncSession, item: Item, today: date) -> list[uuid.UUID]:
    """The item's proxies in force; an item never routed to a proxy has none (no query)."""
    return await proxy_people(session, item.id, today) if Route.PROXY.value in item.routes else []


async def proxy_people(session: AsyncSession, item_id: uuid.UUID, today: date) -> list[uuid.UUID]:
    stmt = select(Proxy.person_id).where(Proxy.item_id == item_id, proxies_in_force(today))
    return list((await session.scalars(stmt)).all())


# The busiest statements, compiled once (folkevalgt_shared.hot): intake runs them on every request.
PERSON_NAME = HotQuery(select(register.person.c.name).where(register.person.c.person_id == bindparam("person_id")))
INSERT_ITEM = HotQuery(insert(Item.__table__))
INSERT_STATUS_CHANGE = HotQuery(insert(StatusChange.__table__))
INSERT_ROUTE_ACTION = HotQuery(insert(RouteAction.__table__))
STATUS_CHANGE_COLUMNS = tuple(c.name for c in StatusChange.__table__.columns)


_I, _P = Item.__table__, Proxy.__table__
_PERSON, _TODAY = bindparam("person", type_=Uuid), bindparam("today", type_=Date)
_RP, _RM = register.person, register.membership
ITEM_COLUMNS = tuple(c.key for c in _I.columns)
# The item row-locked, its receiver's name, and whether the caller, as a person, may see it (theirs, or a proxy in
# force: BOLA), in one compiled statement: what `for_update` and `person_name` build and load on every call
# through the ORM (bench/feedback_bench.py).
LOCK_ITEM = HotQuery(
    select(
        *_I.columns,
        # The receiving politician's name as `person_name` finds it (the memo names them, FBK-11).
        func.coalesce(
            select(_RP.c.name).where(_RP.c.person_id == _I.c.received_by).scalar_subquery(),
            select(_RM.c.person_name).where(_RM.c.person_id == _I.c.received_by).limit(1).scalar_subquery(),
        ),
        or_(
            _I.c.received_by == _PERSON,
            exists().where(
                _P.c.item_id == _I.c.id,
                _P.c.person_id == _PERSON,
                _P.c.status == literal_column("'active'"),
                _P.c.valid_from <= _TODAY,
                or_(_P.c.valid_to.is_(None), _P.c.valid_to >= _TODAY),
            ),
        ),
    )
    .where(_I.c.id == bindparam("item_id"))
    .with_for_update(of=_I)
)


class ItemUpdate:
    """The compiled update of some of an item's columns by its id, written from a detached item."""

    def __init__(self, *columns: str) -> None:
        self.columns = columns
        values = {c: bindparam(f"new_{c}", type_=_I.c[c].type) for c in columns}
        self.query = HotQuery(update(_I).where(_I.c.id == bindparam("item_key", type_=Uuid)).values(values))

    async def write(self, session: AsyncSession, item: Item) -> None:
        await self.query.run(session, item_key=item.id, **{f"new_{c}": getattr(item, c) for c in self.columns})


FORWARDED = ItemUpdate(
    "memo_subject", "memo_text", "memo_html", "routes", "forwarded_at", "owner", "due_on", "version", "modified_at"
)
_ITEM_CLASS = sa_inspect(Item).class_manager
_mapped = False


def detached_item(values: dict[str, Any]) -> Item:
    """An item written with compiled statements, never added to a session: its attributes set as they are, without
    the ORM's constructor (a tenth of a millisecond per request on intake and forward)."""
    global _mapped
    if not _mapped:  # the attributes work once the mappers are configured, as the ORM's constructor would do
        configure_mappers()
        _mapped = True
    item: Item = _ITEM_CLASS.new_instance()
    item.__dict__.update(values)
    return item


async def locked_item(
    session: AsyncSession, item_id: uuid.UUID, principal: Principal, today: date
) -> tuple[Item, str | None]:
    """`for_update` without the ORM: the item, locked, as a detached object the caller writes back with
    an `ItemUpdate` (never added to the session), and the name of the politician who received it."""
    rows = await LOCK_ITEM.fetch(session, item_id=item_id, person=person_of(principal), today=today)
    if not rows or not (rows[0][-1] or is_administration(principal)):
        raise NotFound(f"no feedback item {item_id}")
    *values, name, _ = rows[0]
    return detached_item(dict(zip(ITEM_COLUMNS, values, strict=True))), name


async def person_name(session: AsyncSession, person_id: uuid.UUID) -> str | None:
    m = register.membership
    found = await PERSON_NAME.fetch(session, person_id=person_id)
    name = found[0][0] if found else None
    if name is None:
        name = await session.scalar(select(m.c.person_name).where(m.c.person_id == person_id).limit(1))
    return str(name) if name is not None else None


def _set_next_step(item: Item, settings: FeedbackSettings, since: date, **known: date | None) -> None:
    step = followup.next_step(
        Status(item.status),
        Route(item.routes[-1]) if item.routes else None,
        since=since,
        days=settings.due_working_days,
        **known,
    )
    item.owner = step.owner.value if step.owner else None
    item.due_on = step.due_on


async def publish_status(
    session: AsyncSession,
    publisher: EventPublisher,
    item: Item,
    previous: str | None,
    now: datetime,
    proxies: list[uuid.UUID] | None = None,
) -> None:
    """FBK-21: the change pushed to the politician and the item's proxies, without confidential content."""
    if not any(FeedbackStatusChangedV1.TYPE in sub.types or "*" in sub.types for sub in publisher.subscriptions):
        return  # nobody receives it: not even built
    if proxies is None:
        proxies = await item_proxies(session, item, oslo_date(now))
    await publisher.publish(
        session,
        FeedbackStatusChangedV1(
            item_id=item.id,
            person_id=item.received_by,
            proxy_person_ids=proxies or [],
            status=item.status,
            previous_status=previous,
            journal_number=item.journal_number,
            unit=item.assigned_unit,
            owner=item.owner,
            due_on=item.due_on,
            version=item.version,
            changed_at=now,
        ),
        subject=f"feedback/items/{item.id}",
    )


def add_status_change(
    session: AsyncSession,
    item: Item,
    previous: str | None,
    by: str,
    now: datetime,
    *,
    note: str | None = None,
    confidential_note: str | None = None,
) -> None:
    session.add(
        StatusChange(
            id=uuid.uuid4(),
            item_id=item.id,
            status=item.status,
            previous_status=previous,
            unit=item.assigned_unit,
            note=note,
            confidential_note=confidential_note,
            due_on=item.due_on,
            changed_by=by,
            changed_at=now,
        )
    )


def touch(item: Item, now: datetime) -> None:
    item.version += 1
    item.modified_at = now


# -- FBK-01/02 intake -------------------------------------------------------------------------------


async def record(
    *, session: AsyncSession, data: ItemIn, principal: Principal, rules: Rules, publisher: EventPublisher, now: datetime
) -> Item:
    today = oslo_date(now)
    if is_administration(principal):
        if data.received_by is None:
            raise InvalidInput(
                "name the politician who received the input (FBK-01)",
                errors=[{"field": "received_by", "message": "required when the post reception records input"}],
            )
        receiver = data.received_by
    else:
        receiver = politician(principal)
        if data.received_by is not None and data.received_by != receiver:
            raise Forbidden("a politician records only input they received themself")
    received_on = data.received_on or today
    if received_on > today:
        raise InvalidInput(
            "input cannot be received in the future",
            errors=[{"field": "received_on", "message": f"after today ({today.isoformat()})"}],
        )
    if await person_name(session, receiver) is None:
        raise InvalidInput(
            "the politician is not in the register (FBK-01: which politician received it)",
            errors=[{"field": "received_by", "message": "no such person in the register"}],
        )
    settings = rules.at(received_on)
    refusal = intake.anonymity_refusal(
        anonymous=data.sender.anonymous, channel=data.channel, allowed=settings.anonymous_channels
    )
    if refusal:
        raise RuleViolation(refusal, rule="FBK-01", errors=[{"field": "sender.anonymous", "message": refusal}])
    unit = settings.unit(data.unit_key)
    if data.unit_key is not None and unit is None:
        known = ", ".join(u.key for u in settings.units)
        raise InvalidInput(
            f"unknown unit {data.unit_key!r}; known units: {known} (or give unit_name)",
            errors=[{"field": "unit_key", "message": "not a unit in the settings"}],
        )
    unit_name = unit.name if unit else (data.unit_name.strip() if data.unit_name and data.unit_name.strip() else None)
    concreteness = intake.assess_concreteness(
        text=data.text,
        occurred_on=data.occurred_on,
        unit_known=unit_name is not None,
        place=data.place,
        min_words=settings.concrete_min_words,
        questions=settings.questions,
    )
    if data.occurred_on is not None and data.occurred_on > received_on:
        raise InvalidInput(
            "it cannot have happened after the input was received",
            errors=[{"field": "occurred_on", "message": "after received_on"}],
        )
    values: dict[str, Any] = {
        "id": uuid.uuid4(),
        "received_by": receiver,
        "received_on": received_on,
        "channel": data.channel,
        "sender_kind": data.sender.kind.value,
        "anonymous": data.sender.anonymous,
        "sender_name": data.sender.name.strip() if data.sender.name else None,
        "sender_email": data.sender.email,
        "sender_address": data.sender.postal_address,
        "unit_key": unit.key if unit else None,
        "unit_name": unit_name,
        "occurred_on": data.occurred_on,
        "place": data.place,
        "title": intake.title_of(data.text, data.title),
        "text": data.text,
        "attachments": [a.model_dump() for a in data.attachments],
        "sensitive": intake.sensitive(data.sensitive_categories, data.sensitive),
        "sensitive_categories": sorted({c.value for c in data.sensitive_categories}),
        "concrete": concreteness.concrete,
        "questions": list(concreteness.questions),
        "status": Status.RECEIVED.value,
        "routes": [],
        "overdue_reported_for": None,
        "assigned_unit": None,
        "forwarded_at": None,
        "journal_number": None,
        "memo_subject": None,
        "memo_text": None,
        "memo_html": None,
        "sender_informed": None,
        "version": 1,
        "received_at": now,
        "created_at": now,
        "modified_at": now,
    }
    item = detached_item(values)  # written with one compiled insert, the hot path
    _set_next_step(item, settings, received_on)
    values |= {"owner": item.owner, "due_on": item.due_on}
    await INSERT_ITEM.run(session, **values)
    change = dict.fromkeys(STATUS_CHANGE_COLUMNS) | {
        "id": uuid.uuid4(),
        "item_id": item.id,
        "status": item.status,
        "due_on": item.due_on,
        "changed_by": principal.subject,
        "changed_at": now,
    }
    await INSERT_STATUS_CHANGE.run(session, **change)
    await publish_status(session, publisher, item, None, now, proxies=[])
    return item


async def amend(
    *,
    session: AsyncSession,
    item_id: uuid.UUID,
    data: ItemPatch,
    principal: Principal,
    rules: Rules,
    now: datetime,
    if_match: int | None,
) -> Item:
    """FBK-01: the politician adds what asking back brought; concreteness is judged again."""
    item = await for_update(session, item_id, principal, oslo_date(now))
    only_receiver(item, principal)
    check_version(item.version, if_match, "the item")
    if item.forwarded_at is not None or item.status == Status.CLOSED.value:
        raise RuleViolation(
            "the input has been forwarded or closed: record what came later as new input", rule="FBK-01"
        )
    changes = data.model_dump(exclude_unset=True)
    for name in ("text",):
        if name in changes and changes[name] is None:
            raise InvalidInput("the text cannot be removed", errors=[{"field": name, "message": "required"}])
    settings = rules.at(item.received_on)
    if "unit_key" in changes:
        unit = settings.unit(changes["unit_key"])
        if changes["unit_key"] is not None and unit is None:
            raise InvalidInput(
                f"unknown unit {changes['unit_key']!r}",
                errors=[{"field": "unit_key", "message": "not a unit in the settings"}],
            )
        item.unit_key, item.unit_name = (unit.key, unit.name) if unit else (None, None)
    if "unit_name" in changes and item.unit_key is None:
        item.unit_name = (changes["unit_name"] or "").strip() or None
    if "occurred_on" in changes:
        if changes["occurred_on"] is not None and changes["occurred_on"] > item.received_on:
            raise InvalidInput(
                "it cannot have happened after the input was received",
                errors=[{"field": "occurred_on", "message": "after received_on"}],
            )
        item.occurred_on = changes["occurred_on"]
    if "place" in changes:
        item.place = changes["place"]
    if data.text is not None:
        item.text = data.text
    if "title" in changes or data.text is not None:
        item.title = intake.title_of(item.text, changes.get("title", None) if "title" in changes else None)
    if data.attachments is not None:
        item.attachments = [a.model_dump() for a in data.attachments]
    if data.sensitive_categories is not None:
        item.sensitive_categories = sorted({c.value for c in data.sensitive_categories})
    if data.sensitive is not None or data.sensitive_categories is not None:
        # FBK-02: a mark is never taken off by adding categories; it is taken off only explicitly.
        marked = data.sensitive if data.sensitive is not None else item.sensitive
        item.sensitive = intake.sensitive([intake.SensitiveCategory(c) for c in item.sensitive_categories], marked)
    judged = intake.assess_concreteness(
        text=item.text,
        occurred_on=item.occurred_on,
        unit_known=item.unit_name is not None,
        place=item.place,
        min_words=settings.concrete_min_words,
        questions=settings.questions,
    )
    item.concrete, item.questions = judged.concrete, list(judged.questions)
    touch(item, now)
    await session.flush()
    return item


def missing_elements(item: Item, settings: FeedbackSettings) -> list[str]:
    return [
        e.value
        for e in intake.assess_concreteness(
            text=item.text,
            occurred_on=item.occurred_on,
            unit_known=item.unit_name is not None,
            place=item.place,
            min_words=settings.concrete_min_words,
            questions=settings.questions,
        ).missing
    ]


# -- FBK-10 guidance --------------------------------------------------------------------------------


def _refuse_route(item: Item, route: Route) -> None:
    refusal = route_refusal(
        route,
        status=Status(item.status),
        routes_taken=frozenset(Route(r) for r in item.routes),
        anonymous=item.anonymous,
    )
    if refusal:
        rule, reason = refusal
        raise RuleViolation(reason, rule=rule)


async def guide(
    *,
    session: AsyncSession,
    item_id: uuid.UUID,
    data: GuideIn,
    principal: Principal,
    rules: Rules,
    publisher: EventPublisher,
    now: datetime,
    if_match: int | None,
) -> Item:
    today = oslo_date(now)
    item = await for_update(session, item_id, principal, today)
    only_receiver(item, principal)
    check_version(item.version, if_match, "the item")
    _refuse_route(item, Route.GUIDE)
    settings = rules.at(today)
    given = guidance_for(intake.SenderKind(item.sender_kind), item.unit_key, settings)
    if data.given_as == "email":
        if not item.sender_email:
            raise InvalidInput(
                "the sender has no email address: give the guidance orally or by letter",
                errors=[{"field": "given_as", "message": "no email address recorded for the sender"}],
            )
        name = await person_name(session, item.received_by) or "Politiker"
        message = guidance_message(sender_name=item.sender_name, politician=name, items=given)
        await mail.queue(
            session, purpose="guidance", recipients=[item.sender_email], message=message, item_id=item.id, now=now
        )
    session.add(
        RouteAction(
            id=uuid.uuid4(),
            item_id=item.id,
            route=Route.GUIDE.value,
            details={
                "given_as": data.given_as,
                "note": data.note,
                "guidance": [{"kind": g.kind, "title": g.title, "url": g.url, "contact": g.contact} for g in given],
            },
            recorded_by=principal.subject,
            recorded_at=now,
        )
    )
    previous = item.status
    item.routes = [*item.routes, Route.GUIDE.value]
    item.status = Status.CLOSED.value  # FBK-10: no case is opened
    _set_next_step(item, settings, today)
    touch(item, now)
    add_status_change(session, item, previous, principal.subject, now, note="Veiledning gitt; ingen sak opprettet")
    await session.flush()
    await publish_status(session, publisher, item, previous, now)
    return item


# -- FBK-11 forward ---------------------------------------------------------------------------------


def recorded(item: Item, politician_name: str) -> Recorded:
    return Recorded(
        politician=politician_name,
        received_on=item.received_on,
        channel=item.channel,
        sender_kind=item.sender_kind,
        sender_name=item.sender_name,
        anonymous=item.anonymous,
        unit_name=item.unit_name,
        occurred_on=item.occurred_on,
        place=item.place,
        title=item.title,
        text=item.text,
        attachments=tuple(f"{a['name']} ({a['ref']})" for a in item.attachments),
        sensitive=item.sensitive,
        concrete=item.concrete,
        questions=tuple(item.questions),
    )


def public_title(item: Item) -> str:
    """FBK-02: what others than the receiver, the proxy and the post reception may read as the title."""
    if item.sensitive:
        return f"Innspill om {item.unit_name}" if item.unit_name else "Innspill"
    return item.title


async def forward(
    *,
    session: AsyncSession,
    item_id: uuid.UUID,
    note: str | None,
    principal: Principal,
    rules: Rules,
    publisher: EventPublisher,
    now: datetime,
    if_match: int | None,
) -> Item:
    today = oslo_date(now)
    item, receiver = await locked_item(session, item_id, principal, today)
    only_receiver(item, principal)
    check_version(item.version, if_match, "the item")
    _refuse_route(item, Route.FORWARD)
    settings = rules.at(today)
    name = receiver or "Politiker"
    roles = [r.role for r in settings.recipients]
    written = memo(recorded(item, name), roles, note)
    item.memo_subject, item.memo_text, item.memo_html = written.subject, written.text, written.html
    outgoing = sensitive_memo_notice(recorded(item, name), roles, str(item.id)) if item.sensitive else written
    addresses = [r.email for r in settings.recipients] + [settings.post_reception.email]
    await mail.queue(session, purpose="memo", recipients=addresses, message=outgoing, item_id=item.id, now=now)
    await INSERT_ROUTE_ACTION.run(
        session,
        id=uuid.uuid4(),
        item_id=item.id,
        route=Route.FORWARD.value,
        details={"recipients": roles, "note": note, "memo": item.channel in ("oral", "meeting")},
        recorded_by=principal.subject,
        recorded_at=now,
    )
    item.routes = [*item.routes, Route.FORWARD.value]
    item.forwarded_at = now
    _set_next_step(item, settings, today)
    touch(item, now)
    await FORWARDED.write(session, item)
    assert item.due_on is not None
    await publisher.publish(
        session,
        FeedbackForwardedV1(
            item_id=item.id,
            person_id=item.received_by,
            channel=item.channel,
            sender_kind=item.sender_kind,
            unit_key=item.unit_key,
            title=public_title(item),
            sensitive=item.sensitive,
            memo=item.channel in ("oral", "meeting"),
            recipients=roles,
            forwarded_at=now,
            due_on=item.due_on,
        ),
        subject=f"feedback/items/{item.id}",
    )
    return item


# -- FBK-12 meeting ---------------------------------------------------------------------------------


async def meeting(
    *,
    session: AsyncSession,
    item_id: uuid.UUID,
    data: MeetingIn,
    principal: Principal,
    rules: Rules,
    now: datetime,
    if_match: int | None,
) -> tuple[Item, str]:
    today = oslo_date(now)
    item = await for_update(session, item_id, principal, today)
    only_receiver(item, principal)
    check_version(item.version, if_match, "the item")
    _refuse_route(item, Route.MEETING)
    settings = rules.at(today)
    session.add(
        RouteAction(
            id=uuid.uuid4(),
            item_id=item.id,
            route=Route.MEETING.value,
            # FBK-12: a meeting gives the politician no access to confidential information; nothing is
            # published to the access service, and the record says so.
            details={
                "meeting_on": data.meeting_on.isoformat(),
                "participants": data.participants,
                "purpose": data.purpose,
                "outcome": data.outcome,
                "confidential_access": False,
            },
            recorded_by=principal.subject,
            recorded_at=now,
        )
    )
    item.routes = [*item.routes, Route.MEETING.value]
    if item.status == Status.RECEIVED.value and item.forwarded_at is None:
        _set_next_step(item, settings, today, meeting_on=data.meeting_on)
    touch(item, now)
    await session.flush()
    return item, settings.meeting_reminder


# -- FBK-21 status ----------------------------------------------------------------------------------


async def change_status(
    *,
    session: AsyncSession,
    item_id: uuid.UUID,
    data: StatusIn,
    principal: Principal,
    rules: Rules,
    publisher: EventPublisher,
    now: datetime,
    if_match: int | None,
) -> Item:
    today = oslo_date(now)
    item = await for_update(session, item_id, principal, today)
    admin = is_administration(principal)
    forwarded = item.forwarded_at is not None
    if not admin:
        only_receiver(item, principal)
        if forwarded:
            raise RuleViolation(
                "the item is with the municipality: the post reception moves it on (FBK-21)", rule="FBK-21"
            )
    check_version(item.version, if_match, "the item")
    target = Status(data.status)
    refusal = followup.transition_refusal(Status(item.status), target, forwarded=forwarded)
    if refusal:
        raise RuleViolation(refusal, rule="FBK-21", errors=[{"field": "status", "message": refusal}])
    if target is Status.ASSIGNED and not (data.unit and data.unit.strip()):
        raise InvalidInput(
            "name the unit the item is assigned to", errors=[{"field": "unit", "message": "required for assigned"}]
        )
    if data.due_on is not None:
        if target is Status.CLOSED:
            raise InvalidInput(
                "a closed item has no due date", errors=[{"field": "due_on", "message": "not for closed"}]
            )
        past = followup.due_date_refusal(data.due_on, today)
        if past:
            raise RuleViolation(past, rule="FBK-22", errors=[{"field": "due_on", "message": past}])
    if data.confidential_note and not admin:
        raise InvalidInput(
            "only the administration writes confidential notes",
            errors=[{"field": "confidential_note", "message": "not for a politician"}],
        )
    previous = item.status
    item.status = target.value
    if target is Status.ASSIGNED:
        item.assigned_unit = data.unit.strip() if data.unit else None
    _set_next_step(item, rules.at(today), today)
    if data.due_on is not None:
        item.due_on = data.due_on
    touch(item, now)
    add_status_change(
        session,
        item,
        previous,
        principal.subject,
        now,
        note=data.note,
        confidential_note=data.confidential_note,
    )
    await session.flush()
    await publish_status(session, publisher, item, previous, now)
    return item


async def history(session: AsyncSession, item: Item) -> list[StatusChange]:
    stmt = select(StatusChange).where(StatusChange.item_id == item.id).order_by(StatusChange.changed_at)
    return list((await session.scalars(stmt)).all())


async def routes_of(session: AsyncSession, item: Item) -> list[RouteAction]:
    stmt = select(RouteAction).where(RouteAction.item_id == item.id).order_by(RouteAction.recorded_at)
    return list((await session.scalars(stmt)).all())


def may_read_confidential(principal: Principal, proxies: list[uuid.UUID]) -> bool:
    """FBK-21: confidential notes only for the administration and the resident's proxy in force."""
    return is_administration(principal) or person_of(principal) in proxies
