"""Registering forwarded input (FBK-20): the post reception acknowledges the hand-over (FBK-22), the
journal post gets the next number of the year, and the sender is told (FBK-11).

The sequence comes from one counter row per year, incremented by an upsert that holds the row's lock
until the transaction ends: two registrations at once get consecutive numbers, and a registration that
fails gives its number back with the rollback, so a year's numbers have no gaps.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.deps import Rules
from feedback.domain import journal
from feedback.domain.followup import Route, Status
from feedback.domain.messages import sender_notice
from feedback.items import service as items
from feedback.items.models import Item
from feedback.items.schemas import RegisterIn
from feedback.mail import service as mail
from feedback.registry.models import JournalCounter, JournalEntry
from folkevalgt_shared.auth import Principal
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import FeedbackLetterRequestedV1, FeedbackRegisteredV1
from folkevalgt_shared.errors import Conflict, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.preconditions import check_version

DOCUMENT_TYPES = {"oral": "Notat", "meeting": "Notat", "email": "E-post", "letter": "Brev"}


async def next_sequence(session: AsyncSession, year: int) -> int:
    """FBK-20: the next journal sequence number of `year`, without gaps (see the module's note)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    table = JournalCounter.__table__
    stmt = dialect.insert(table).values(year=year, last_sequence=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["year"], set_={"last_sequence": table.c.last_sequence + 1}
    ).returning(table.c.last_sequence)
    return int((await session.execute(stmt)).scalar_one())


def entry_of(row: JournalEntry) -> journal.Entry:
    return journal.Entry(
        year=row.year,
        sequence=row.sequence,
        journal_date=row.journal_date,
        title=row.title,
        public_title=row.public_title,
        sender=row.sender,
        public_sender=row.public_sender,
        screened_fields=tuple(row.screened_fields),
        screening_basis=row.screening_basis,
        access_code=row.access_code,
        documents=tuple(journal.Document(**d) for d in row.documents),
    )


async def register_item(
    *,
    session: AsyncSession,
    item_id: uuid.UUID,
    data: RegisterIn,
    principal: Principal,
    rules: Rules,
    publisher: EventPublisher,
    now: datetime,
    if_match: int | None,
) -> tuple[Item, JournalEntry]:
    today = oslo_date(now)
    item = await items.for_update(session, item_id, principal, today)
    check_version(item.version, if_match, "the item")
    if Route.FORWARD.value not in item.routes:
        raise RuleViolation(
            "only input forwarded to the municipality is registered (FBK-20); this item was not forwarded",
            rule="FBK-20",
        )
    if item.status != Status.RECEIVED.value or item.journal_number is not None:
        raise Conflict(f"the item is already registered as {item.journal_number}")
    settings = rules.at(today)
    main = journal.Document(
        title=item.memo_subject or item.title, document_type=DOCUMENT_TYPES[item.channel], role="Hoveddokument"
    )
    attachments = [
        journal.Document(title=a["name"], document_type="Vedlegg", role="Vedlegg", reference=a["ref"])
        for a in item.attachments
    ]
    sequence = await next_sequence(session, today.year)
    entry = journal.build_entry(
        year=today.year,
        sequence=sequence,
        journal_date=today,
        title=item.title,
        sender_name=item.sender_name,
        anonymous=item.anonymous,
        sensitive=item.sensitive,
        screen=data.screen,
        screening_basis=data.screening_basis,
        default_basis=settings.sensitive_screening_basis,
        unit_name=item.unit_name,
        main_document=main,
        attachments=attachments,
    )
    row = JournalEntry(
        id=uuid.uuid4(),
        item_id=item.id,
        year=entry.year,
        sequence=entry.sequence,
        journal_number=entry.number,
        journal_date=entry.journal_date,
        title=entry.title,
        public_title=entry.public_title,
        sender=entry.sender,
        public_sender=entry.public_sender,
        screened_fields=list(entry.screened_fields),
        screening_basis=entry.screening_basis,
        access_code=entry.access_code,
        documents=[
            {"title": d.title, "document_type": d.document_type, "role": d.role, "reference": d.reference}
            for d in entry.documents
        ],
        description=data.description,
        registered_by=principal.subject,
        registered_at=now,
        modified_at=now,
    )
    session.add(row)
    previous = item.status
    item.status = Status.REGISTERED.value
    item.journal_number = entry.number
    items._set_next_step(item, settings, today)
    items.touch(item, now)
    await _inform_sender(session, publisher, item, now)
    items.add_status_change(session, item, previous, principal.subject, now, note=f"Journalført {entry.number}")
    await session.flush()
    await publisher.publish(
        session,
        FeedbackRegisteredV1(
            item_id=item.id,
            person_id=item.received_by,
            journal_number=entry.number,
            journal_year=entry.year,
            journal_sequence=entry.sequence,
            journal_date=entry.journal_date,
            direction="incoming",
            title=entry.public_title,
            sender=entry.public_sender,
            screening_basis=entry.screening_basis,
            documents=[entry.public_document_title(d) for d in entry.documents],
            registered_at=now,
        ),
        subject=f"feedback/items/{item.id}",
    )
    await items.publish_status(session, publisher, item, previous, now)
    return item, row


async def _inform_sender(session: AsyncSession, publisher: EventPublisher, item: Item, now: datetime) -> None:
    """FBK-11: the sender is told the input was forwarded, with its journal number: by email, else by a
    letter the case-management system posts; an anonymous sender, or one without an address, cannot be."""
    if item.anonymous or not (item.sender_email or item.sender_address):
        item.sender_informed = "not_possible"
        return
    name = await items.person_name(session, item.received_by) or "Politiker"
    assert item.journal_number is not None
    message = sender_notice(
        sender_name=item.sender_name, politician=name, journal_number=item.journal_number, received_on=item.received_on
    )
    if item.sender_email:
        await mail.queue(
            session, purpose="sender_notice", recipients=[item.sender_email], message=message, item_id=item.id, now=now
        )
        item.sender_informed = "email"
        return
    assert item.sender_address is not None
    await publisher.publish(
        session,
        FeedbackLetterRequestedV1(
            letter_id=uuid.uuid4(),
            item_id=item.id,
            journal_number=item.journal_number,
            recipient_name=item.sender_name or "",
            recipient_address=item.sender_address,
            subject=message.subject,
            text=message.text,
            requested_at=now,
        ),
        subject=f"feedback/items/{item.id}",
    )
    item.sender_informed = "letter"


async def entries(session: AsyncSession, year: int) -> list[JournalEntry]:
    stmt = select(JournalEntry).where(JournalEntry.year == year).order_by(JournalEntry.sequence)
    return list((await session.scalars(stmt)).all())


def export(rows: list[JournalEntry], *, public: bool) -> list[dict[str, Any]]:
    return [journal.noark_export(entry_of(r), item_id=str(r.item_id), public=public) for r in rows]
