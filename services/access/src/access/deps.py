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

from folkevalgt_shared.auth import Principal, Scope, require_any_scope, require_scopes
from folkevalgt_shared.errors import Forbidden

ANY_ACCESS = (Scope.ACCESS_READ, Scope.ACCESS_DECIDE, Scope.ACCESS_WRITE)

# `require_any_scope`, not a verifier called here: the OpenAPI document then shows each route's bearer
# requirement, its scopes and its 401/403 answers.
_reader = require_any_scope(*ANY_ACCESS)
_decider = require_any_scope(Scope.ACCESS_DECIDE, Scope.ACCESS_WRITE)
_overseer = require_any_scope(Scope.ACCESS_WRITE, Scope.OPS_READ)


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
