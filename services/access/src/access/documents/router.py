from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from access.deps import ClockDep, Writer
from access.documents import service
from access.documents.models import AccessDocument
from access.documents.schemas import DocumentIn, DocumentOut, DocumentPage, DocumentPatch
from access.http import IfMatch, set_etag
from access.rules import RulesDep
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.deps import ReadSessionDep, SessionDep
from folkevalgt_shared.errors import Conflict, InvalidInput, NotFound, PreconditionFailed, problem_responses
from folkevalgt_shared.idempotency import IdempotencyDep
from folkevalgt_shared.pagination import PageParams, paginate_rows
from folkevalgt_shared.preconditions import parse_if_match

router = APIRouter(prefix="/documents", tags=["documents"])
WRITE_ERRORS = problem_responses(InvalidInput, Conflict, NotFound, PreconditionFailed)


@router.post(
    "",
    status_code=201,
    response_model=DocumentOut,
    responses=WRITE_ERRORS,
    summary="Register a document's metadata and screening (Noark 5 skjerming, ACC-65); never the file",
)
async def register_document(
    data: DocumentIn,
    idempotency: IdempotencyDep,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Writer,
) -> Response:
    async def produce() -> DocumentOut:
        now = clock()
        document = await service.register_document(
            session=session, data=data, policy=rules.at(oslo_date(now)), actor=principal.subject, now=now
        )
        return DocumentOut.model_validate(document, from_attributes=True)

    return await idempotency.respond(principal, produce)


@router.get("", response_model=DocumentPage, summary="Documents known to the access service, with their screening")
async def list_documents(
    request: Request, session: ReadSessionDep, _: Writer, page: PageParams, case_number: str | None = None
) -> DocumentPage:
    stmt = select(AccessDocument)
    if case_number is not None:
        stmt = stmt.where(AccessDocument.case_number == case_number)
    documents, next_url = await paginate_rows(session, stmt, request=request, model=AccessDocument, page=page)
    return DocumentPage(items=[DocumentOut.model_validate(d, from_attributes=True) for d in documents], next=next_url)


@router.get("/{document_id}", response_model=DocumentOut, responses=problem_responses(NotFound))
async def get_document(document_id: uuid.UUID, response: Response, session: ReadSessionDep, _: Writer) -> DocumentOut:
    document = await service.get(session, document_id)
    set_etag(response, document.version)
    return DocumentOut.model_validate(document, from_attributes=True)


@router.patch(
    "/{document_id}",
    response_model=DocumentOut,
    responses=WRITE_ERRORS,
    summary="Change a document's metadata or screening (If-Match); audited",
)
async def update_document(
    document_id: uuid.UUID,
    patch: DocumentPatch,
    response: Response,
    session: SessionDep,
    rules: RulesDep,
    clock: ClockDep,
    principal: Writer,
    if_match: IfMatch = None,
) -> DocumentOut:
    now = clock()
    document = await service.update_document(
        session=session,
        document_id=document_id,
        changes=patch.model_dump(exclude_unset=True),
        if_match=parse_if_match(if_match),
        policy=rules.at(oslo_date(now)),
        actor=principal.subject,
        now=now,
    )
    set_etag(response, document.version)
    return DocumentOut.model_validate(document, from_attributes=True)
