"""Sending mail (FBK-10, FBK-11, FBK-31): written to the mail outbox in the transaction that decides it,
sent by a periodic job through SMTP (aiosmtplib), retried with backoff, never lost with a rollback and
never sent for something that was rolled back."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import aiosmtplib
import structlog
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.config import SmtpSettings
from feedback.domain.messages import Message
from feedback.mail.models import MailMessage
from folkevalgt_shared.events.outbox import EventPublisher
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.jobs import JobRun

log = structlog.get_logger()
BATCH = 20
LEASE_SECONDS = 60.0


INSERT_MAIL = HotQuery(insert(MailMessage.__table__))


async def queue(
    session: AsyncSession,
    *,
    purpose: str,
    recipients: Sequence[str],
    message: Message,
    item_id: uuid.UUID | None = None,
    initiative_id: uuid.UUID | None = None,
    now: datetime,
) -> None:
    await INSERT_MAIL.run(
        session,
        id=uuid.uuid4(),
        item_id=item_id,
        initiative_id=initiative_id,
        purpose=purpose,
        recipients=list(recipients),
        subject=message.subject,
        text=message.text,
        html=message.html,
        status="pending",
        attempts=0,
        next_attempt_at=now,
        last_error=None,
        message_id=make_msgid(domain="folkevalgt.no"),
        sent_at=None,
        created_at=now,
    )


def email_of(row: MailMessage, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = ", ".join(row.recipients)
    mail["Subject"] = row.subject
    mail["Date"] = format_datetime(row.created_at)
    mail["Message-ID"] = row.message_id
    mail["X-Folkevalgt-Purpose"] = row.purpose
    if row.item_id is not None:
        mail["X-Folkevalgt-Item"] = str(row.item_id)
    mail.set_content(row.text)
    mail.add_alternative(row.html, subtype="html")
    return mail


def _backoff(attempts: int, smtp: SmtpSettings) -> float:
    delay = min(smtp.backoff_max_seconds, smtp.backoff_base_seconds * 2.0 ** min(attempts - 1, 30))
    return delay / 2 + random.uniform(0, delay / 2)


def sender_job(smtp: SmtpSettings, sender: str, clock: Callable[[], datetime]) -> JobRun:
    """The periodic job that sends what is due. The messages are claimed for a lease in a short transaction
    (FOR UPDATE SKIP LOCKED on PostgreSQL, so each replica takes its own), sent with no database lock held —
    a slow mail server must not hold up the service — and their outcome written afterwards. A process that
    dies while sending leaves its messages to come due again when the lease ends: sent at least once, each
    with its own Message-ID."""

    async def run(session: AsyncSession, _: EventPublisher) -> int:
        now = clock()
        stmt = (
            select(MailMessage)
            .where(MailMessage.status == "pending", MailMessage.next_attempt_at <= now)
            .order_by(MailMessage.created_at)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
        rows = list((await session.scalars(stmt)).all())
        if not rows:
            return 0
        lease = now + timedelta(seconds=LEASE_SECONDS + smtp.timeout_seconds * len(rows))
        for row in rows:
            row.next_attempt_at = lease
        await session.commit()
        sent = 0
        for row in rows:
            try:
                await aiosmtplib.send(
                    email_of(row, sender),
                    hostname=smtp.host,
                    port=smtp.port,
                    username=smtp.username,
                    password=smtp.password,
                    use_tls=smtp.use_tls,
                    start_tls=smtp.start_tls,
                    timeout=smtp.timeout_seconds,
                )
            except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
                row.attempts += 1
                row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                dead = row.attempts >= smtp.max_attempts
                row.status = "dead" if dead else "pending"
                row.next_attempt_at = clock() + timedelta(seconds=_backoff(row.attempts, smtp))
                log.warning(
                    "mail not sent", mail_id=str(row.id), attempts=row.attempts, dead=dead, error=row.last_error
                )
                continue
            row.attempts += 1
            row.status, row.sent_at, row.last_error = "sent", clock(), None
            sent += 1
        return sent

    return run
