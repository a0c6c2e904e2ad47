"""Events the feedback service publishes that other services act on.

A power of attorney lets the politician read the resident's confidential case documents (access,
ACC-50) and disqualifies the politician when the case comes before a body they sit in (meetings,
fvl § 6 d) — the disqualification outlives the proxy, the access does not.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from folkevalgt_shared.contracts.base import EventData


class _Proxy(EventData):
    """A power of attorney (fullmakt, fvl § 12) by which a resident lets a politician act for them against
    the municipality (FBK-13). A full snapshot, so a consumer needs no earlier event; `version` increases
    with every change, older versions are ignored."""

    SOURCE: ClassVar[str] = "/feedback"
    proxy_id: UUID
    person_id: UUID  # the politician acting as proxy (fullmektig)
    resident_ref: str  # an opaque reference to the resident; never a national identity number
    case_numbers: list[str]  # the resident's case(s) it covers (saksnummer), its whole scope
    power_of_attorney_ref: str  # the written power of attorney's document reference
    valid_from: date
    valid_to: date | None = None  # the last day it is valid; none: until revoked
    version: int
    changed_at: datetime


class ProxyAuthorizedV1(_Proxy):
    """A written power of attorney was recorded: the proxy may see the resident's case (ACC-50)."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.proxy.authorized.v1"


class ProxyRevokedV1(_Proxy):
    """The power of attorney was revoked or ended: access ends, disqualification stays (ACC-50)."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.proxy.revoked.v1"
    revoked_at: datetime


class CitizenInitiativeThresholdReachedV1(EventData):
    """A citizen initiative (innbyggerinitiativ) has the signatures it needs, min(2 % of the residents,
    300) (FBK-31): the council must treat it (MTG-33). `initiative_id` identifies it in both services,
    so a redelivery creates nothing twice."""

    TYPE: ClassVar[str] = "no.folkevalgt.feedback.citizen_initiative.threshold_reached.v1"
    SOURCE: ClassVar[str] = "/feedback"
    initiative_id: UUID
    body_key: str  # the municipal council's key in the register
    title: str
    proposal: str
    contact: str  # whom to inform of decisions and measures (the initiators)
    signatures: int
    population: int
    threshold: int
    reached_at: datetime
