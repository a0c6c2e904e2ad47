"""Events the access service publishes.

They carry ids, rule ids and outcomes, never a document's or a case's title: a screened title must not
travel to services that have no right to it (ACC-71).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from folkevalgt_shared.contracts.base import EventData


class _RequestDecided(EventData):
    """A request for access (innsynskrav) was decided, at once or after an assessment (ACC-30, ACC-70)."""

    SOURCE: ClassVar[str] = "/access"
    request_id: UUID
    person_id: UUID  # the elected official who asked
    case_number: str  # saksnummer
    document_ids: list[UUID]  # the access service's ids of the documents decided (only those the person may know of)
    outcome: Literal["allow", "deny", "partial"]
    scope: Literal["full", "redacted", "metadata", "none"]
    rules: list[str]  # the rule ids that decided it, e.g. ["ACC-04", "ACC-10", "ACC-22"]
    reason: str
    decided_at: datetime


class AccessGrantedV1(_RequestDecided):
    """Access was given, in full or to a redacted version (outcome allow or partial)."""

    TYPE: ClassVar[str] = "no.folkevalgt.access.access.granted.v1"


class AccessDeniedV1(_RequestDecided):
    """Access was refused; `rules` and `reason` say why."""

    TYPE: ClassVar[str] = "no.folkevalgt.access.access.denied.v1"


class AccessRequestOverdueV1(EventData):
    """A request a person must handle was not handled by its due time (ACC-30: "uten ugrunnet opphold")."""

    TYPE: ClassVar[str] = "no.folkevalgt.access.access.request.overdue.v1"
    SOURCE: ClassVar[str] = "/access"
    request_id: UUID
    person_id: UUID
    case_number: str
    kind: Literal["documents", "question"]
    awaiting: Literal["assessment", "mayor", "answer"]
    received_at: datetime
    due_at: datetime
    detected_at: datetime
