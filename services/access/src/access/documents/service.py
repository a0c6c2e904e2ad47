"""Document metadata from the case-management system (Noark 5, ACC-65). The files stay in the archive."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from access.audit import service as audit
from access.cases.models import AccessCase
from access.documents.models import AccessDocument
from access.documents.schemas import DocumentIn
from access.domain.policy import Policy
from access.domain.vocabulary import ScreeningInput, check_document
from access.http import refuse_nulls
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound
from folkevalgt_shared.preconditions import check_version

SCREENING = ("restriction_code", "screening_basis", "screened_fields", "screening_scope", "screening_ends_on")


def _check(policy: Policy, values: dict[str, Any]) -> None:
    check_document(
        policy,
        direction=values.get("direction"),
        document_date=values.get("document_date"),
        screening=ScreeningInput(
            restriction_code=values.get("restriction_code"),
            basis=values.get("screening_basis"),
            screened_fields=values.get("screened_fields") or [],
            scope=values.get("screening_scope"),
            ends_on=values.get("screening_ends_on"),
        ),
    )


async def get(session: AsyncSession, document_id: uuid.UUID, *, for_update: bool = False) -> AccessDocument:
    stmt = select(AccessDocument).where(AccessDocument.id == document_id)
    document = (await session.scalars(stmt.with_for_update() if for_update else stmt)).first()
    if document is None:
        raise NotFound(f"no document {document_id}")
    return document


async def register_document(
    *, session: AsyncSession, data: DocumentIn, policy: Policy, actor: str, now: datetime
) -> AccessDocument:
    values = data.model_dump()
    _check(policy, values)
    if (await session.get(AccessCase, data.case_number)) is None:
        raise InvalidInput(
            f"case {data.case_number} is not known: register the case first",
            errors=[{"field": "body.case_number", "message": "unknown case"}],
        )
    existing = (
        await session.scalars(select(AccessDocument).where(AccessDocument.external_id == data.external_id))
    ).first()
    if existing is not None and existing.registered:
        raise Conflict(
            f"document {data.external_id} is registered already: change it with PATCH",
            errors=[{"field": "external_id", "message": "registered"}],
        )
    if existing is not None and existing.case_number != data.case_number:
        raise InvalidInput(
            f"the agenda lists document {data.external_id} in case {existing.case_number}",
            errors=[{"field": "case_number", "message": "not the case the document was presented in"}],
        )
    if existing is None:
        document = AccessDocument(**values, registered=True, presented_exempt=False, created_at=now)
        document.modified_at = now
        session.add(document)
    else:
        document = existing
        for name, value in values.items():
            setattr(document, name, value)
        document.registered, document.version, document.modified_at = True, document.version + 1, now
    await session.flush()
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="register_document",
        case_number=document.case_number,
        document_id=document.id,
        details={name: values[name] for name in (*SCREENING, "exempt_from_party_access")},
    )
    return document


async def update_document(
    *,
    session: AsyncSession,
    document_id: uuid.UUID,
    changes: dict[str, Any],
    if_match: int | None,
    policy: Policy,
    actor: str,
    now: datetime,
) -> AccessDocument:
    refuse_nulls(changes, ("title", "screened_fields", "exempt_from_party_access"))
    document = await get(session, document_id, for_update=True)
    check_version(document.version, if_match)
    current = {c.key: getattr(document, c.key) for c in AccessDocument.__table__.columns}
    _check(policy, {**current, **changes})
    for name, value in changes.items():
        setattr(document, name, value)
    document.registered = True
    document.version, document.modified_at = document.version + 1, now
    await session.flush()
    await audit.append(
        session,
        at=now,
        actor=actor,
        action="update_document",
        case_number=document.case_number,
        document_id=document.id,
        details={"changes": {k: v for k, v in changes.items() if k != "title"}, "title_changed": "title" in changes},
    )
    return document
