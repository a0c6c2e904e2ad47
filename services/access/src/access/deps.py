"""Who may call what, and the clock: dependencies the access routers share.

A politician's token carries `access:read` with their person id as subject, and acts only for
themself. The case-management system asks for anyone (`access:decide`) and, with the secretariat,
records (`access:write`). The audit trail has its own scope (`access:audit`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.errors import Forbidden

_verified = require_scopes()
ANY_ACCESS = (Scope.ACCESS_READ, Scope.ACCESS_DECIDE, Scope.ACCESS_WRITE)


async def _reader(request: Request) -> Principal:
    principal = await _verified(request)
    if not any(principal.has(s) for s in ANY_ACCESS):
        raise Forbidden("missing scope(s): access:read", required_scopes=[Scope.ACCESS_READ.value])
    return principal


async def _decider(request: Request) -> Principal:
    principal = await _verified(request)
    if not (principal.has(Scope.ACCESS_DECIDE) or principal.has(Scope.ACCESS_WRITE)):
        raise Forbidden("missing scope(s): access:decide", required_scopes=[Scope.ACCESS_DECIDE.value])
    return principal


async def _overseer(request: Request) -> Principal:
    principal = await _verified(request)
    if not (principal.has(Scope.ACCESS_WRITE) or principal.has(Scope.OPS_READ)):
        raise Forbidden("missing scope(s): access:write or ops:read", required_scopes=[Scope.OPS_READ.value])
    return principal


Reader = Annotated[Principal, Depends(_reader)]
Decider = Annotated[Principal, Depends(_decider)]
Writer = Annotated[Principal, Depends(require_scopes(Scope.ACCESS_WRITE))]
Auditor = Annotated[Principal, Depends(require_scopes(Scope.ACCESS_AUDIT))]
Overseer = Annotated[Principal, Depends(_overseer)]  # operators: overdue requests, without their content


def acts_for_anyone(principal: Principal) -> bool:
    return principal.has(Scope.ACCESS_DECIDE) or principal.has(Scope.ACCESS_WRITE)


def caller_person(principal: Principal) -> uuid.UUID:
    try:
        return uuid.UUID(principal.subject)
    except ValueError as exc:
        raise Forbidden("the token does not name a person: give the person whose access is asked about") from exc


def person_for(principal: Principal, person_id: uuid.UUID | None) -> uuid.UUID:
    """The person a call is about: the caller, or anyone for the case-management system and secretariat."""
    if person_id is None:
        return caller_person(principal)
    if not acts_for_anyone(principal) and principal.subject != str(person_id):
        raise Forbidden("you may ask only about your own access")
    return person_id


async def _clock(request: Request) -> Callable[[], datetime]:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock


# The time a request is received decides its due time (ACC-30), and every decision is made "now".
ClockDep = Annotated[Callable[[], datetime], Depends(_clock)]
