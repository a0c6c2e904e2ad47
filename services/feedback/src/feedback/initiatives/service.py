"""Citizen initiatives (FBK-31): started and signed by residents signed in with ID-porten.

Decisions:
- A signer is kept as a keyed hash (HMAC-SHA256) of the ID-porten subject, so a second signature is found
  and no identity number is stored. Residence is shown by a claim the identity broker adds from the
  population register (the settings name it and the municipality number); without it, no signature.
- Signing ends when the threshold is reached: the proposal is put forward to the council, the event goes
  to meetings (which creates the initiative it treats within six months, MTG-33) and the initiators are
  told by email. Until then a resident may withdraw, and sign again.
- "The same content" is the same title or the same proposal once case, punctuation and spacing are set
  aside; such a duplicate of an initiative of the same election period is refused.
- The threshold is fixed when the initiative is started, from the residents in the settings of that day.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from feedback.deps import Rules
from feedback.domain import initiatives as rules_of
from feedback.domain.messages import initiative_notice
from feedback.domain.settings import Initiatives
from feedback.initiatives.models import Initiative, Signature
from feedback.initiatives.schemas import InitiativeIn, InitiativeOut, SignatureOut
from feedback.mail import service as mail
from folkevalgt_shared.auth import Principal
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.contracts import CitizenInitiativeThresholdReachedV1
from folkevalgt_shared.errors import Conflict, Forbidden, NotFound, PreconditionFailed, RuleViolation
from folkevalgt_shared.events.outbox import EventPublisher


def check_residence(principal: Principal, settings: Initiatives) -> None:
    """FBK-31: one signature per resident of the municipality."""
    if settings.residence_claim is None:
        return
    value = principal.claims.get(settings.residence_claim)
    if str(value) != settings.municipality_number:
        raise Forbidden(
            f"only residents of the municipality ({settings.municipality_number}) sign its citizen initiatives",
            rule="FBK-31",
        )


def out(row: Initiative, signed: bool | None = None) -> InitiativeOut:
    return InitiativeOut(
        id=row.id,
        title=row.title,
        proposal=row.proposal,
        status=row.status,  # type: ignore[arg-type]
        signatures=row.signatures,
        threshold=row.threshold,
        population=row.population,
        election_period=rules_of.election_period(row.period_start),
        reached_at=row.reached_at,
        signed_by_me=signed,
        version=row.version,
    )


async def start(
    *, session: AsyncSession, data: InitiativeIn, principal: Principal, rules: Rules, secret: bytes, now: datetime
) -> InitiativeOut:
    today = oslo_date(now)
    settings = rules.at(today).initiatives
    check_residence(principal, settings)
    period_start, _ = rules_of.election_period(today)
    title_key, proposal_key = rules_of.content_key(data.title, data.proposal)
    earlier = (
        await session.execute(
            select(Initiative.id, Initiative.title_key).where(
                Initiative.period_start == period_start,
                or_(Initiative.title_key == title_key, Initiative.proposal_key == proposal_key),
            )
        )
    ).first()
    if earlier is not None:
        field = "title" if earlier.title_key == title_key else "proposal"
        raise RuleViolation(
            f"an initiative with the same content was started in this election period ({earlier.id}): "
            "it cannot be put forward again (FBK-31)",
            rule="FBK-31",
            errors=[{"field": field, "message": "same content as an initiative of this election period"}],
            same_as=str(earlier.id),
        )
    row = Initiative(
        id=uuid.uuid4(),
        title=data.title,
        proposal=data.proposal,
        contact=data.contact,
        title_key=title_key,
        proposal_key=proposal_key,
        period_start=period_start,
        population=settings.residents,
        threshold=rules_of.threshold(settings.residents, settings.share_percent, settings.always_enough),
        signatures=0,
        status="collecting",
        started_by=rules_of.signer_key(secret, principal.subject),
        version=1,
        created_at=now,
        modified_at=now,
    )
    session.add(row)
    await session.flush()
    return out(row, False)


async def _locked(session: AsyncSession, initiative_id: uuid.UUID) -> Initiative:
    row = (await session.scalars(select(Initiative).where(Initiative.id == initiative_id).with_for_update())).first()
    if row is None:
        raise NotFound(f"no citizen initiative {initiative_id}")
    return row


async def sign(
    *,
    session: AsyncSession,
    initiative_id: uuid.UUID,
    principal: Principal,
    rules: Rules,
    secret: bytes,
    publisher: EventPublisher,
    now: datetime,
) -> SignatureOut:
    settings = rules.at(oslo_date(now))
    check_residence(principal, settings.initiatives)
    row = await _locked(session, initiative_id)  # signatures of one initiative one at a time
    if row.status != "collecting":
        raise RuleViolation(
            "the initiative has reached its threshold and been put forward to the council (FBK-31)", rule="FBK-31"
        )
    signer = rules_of.signer_key(secret, principal.subject)
    existing = (
        await session.scalars(select(Signature).where(Signature.initiative_id == row.id, Signature.signer == signer))
    ).first()
    if existing is not None and existing.withdrawn_at is None:
        raise Conflict(
            "you have already signed this initiative: one signature per resident (FBK-31)",
            rule="FBK-31",
            errors=[{"field": "signature", "message": "already signed"}],
        )
    if existing is None:
        session.add(Signature(id=uuid.uuid4(), initiative_id=row.id, signer=signer, signed_at=now))
    else:
        existing.signed_at, existing.withdrawn_at = now, None
    row.signatures += 1
    row.version += 1
    row.modified_at = now
    if row.signatures >= row.threshold:
        await _put_forward(session, publisher, row, settings.initiatives, now)
    await session.flush()
    return SignatureOut(
        initiative_id=row.id, signed_at=now, signatures=row.signatures, threshold=row.threshold, status=row.status
    )


async def _put_forward(
    session: AsyncSession, publisher: EventPublisher, row: Initiative, settings: Initiatives, now: datetime
) -> None:
    """FBK-31: the threshold is reached — to meetings (MTG-33), and the initiators are told."""
    row.status, row.reached_at = "put_forward", now
    await publisher.publish(
        session,
        CitizenInitiativeThresholdReachedV1(
            initiative_id=row.id,
            body_key=settings.council_body_key,
            title=row.title,
            proposal=row.proposal,
            contact=row.contact,
            signatures=row.signatures,
            population=row.population,
            threshold=row.threshold,
            reached_at=now,
        ),
        subject=f"feedback/initiatives/{row.id}",
    )
    message = initiative_notice(title=row.title, signatures=row.signatures, threshold=row.threshold)
    await mail.queue(
        session,
        purpose="initiative_put_forward",
        recipients=[row.contact],
        message=message,
        initiative_id=row.id,
        now=now,
    )


async def withdraw(
    *,
    session: AsyncSession,
    initiative_id: uuid.UUID,
    principal: Principal,
    secret: bytes,
    now: datetime,
    if_match: int | None = None,
) -> None:
    row = await _locked(session, initiative_id)
    if if_match is not None and if_match != row.version:
        raise PreconditionFailed(
            f"the initiative is at version {row.version}, not {if_match}", current_version=row.version
        )
    refusal = rules_of.withdrawal_refusal(row.status != "collecting")
    if refusal:
        raise RuleViolation(refusal, rule="FBK-31")
    signer = rules_of.signer_key(secret, principal.subject)
    existing = (
        await session.scalars(
            select(Signature).where(
                Signature.initiative_id == row.id, Signature.signer == signer, Signature.withdrawn_at.is_(None)
            )
        )
    ).first()
    if existing is None:
        raise NotFound("you have not signed this initiative")
    existing.withdrawn_at = now
    row.signatures -= 1
    row.version += 1
    row.modified_at = now
    await session.flush()


async def get(session: AsyncSession, initiative_id: uuid.UUID) -> Initiative:
    row = await session.get(Initiative, initiative_id)
    if row is None:
        raise NotFound(f"no citizen initiative {initiative_id}")
    return row


async def has_signed(session: AsyncSession, initiative_id: uuid.UUID, secret: bytes, subject: str) -> bool:
    signer = rules_of.signer_key(secret, subject)
    found = await session.scalar(
        select(Signature.id).where(
            Signature.initiative_id == initiative_id, Signature.signer == signer, Signature.withdrawn_at.is_(None)
        )
    )
    return found is not None


def period_of(day: date) -> date:
    return rules_of.election_period(day)[0]
