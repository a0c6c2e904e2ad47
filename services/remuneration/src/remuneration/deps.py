"""Who may call what, and the clock: dependencies the remuneration routers share."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from folkevalgt_shared.auth import Principal, Scope, require_scopes
from folkevalgt_shared.errors import Forbidden

_verified = require_scopes()


async def _reader(request: Request) -> Principal:
    principal = await _verified(request)
    if not (principal.has(Scope.REMUNERATION_READ) or principal.has(Scope.REMUNERATION_WRITE)):
        raise Forbidden("missing scope(s): remuneration:read", required_scopes=[Scope.REMUNERATION_READ.value])
    return principal


# A politician's token carries remuneration:read with their person id as subject; the administration
# (case-management system, payroll office) holds remuneration:write and acts for anyone.
Reader = Annotated[Principal, Depends(_reader)]
Writer = Annotated[Principal, Depends(require_scopes(Scope.REMUNERATION_WRITE))]
PayrollReader = Annotated[Principal, Depends(require_scopes(Scope.PAYROLL_READ))]


def is_administration(principal: Principal) -> bool:
    return principal.has(Scope.REMUNERATION_WRITE)


def self_or_administration(principal: Principal, person_id: uuid.UUID) -> None:
    """A politician acts for and reads only themself; the administration acts for anyone."""
    if not is_administration(principal) and principal.subject != str(person_id):
        raise Forbidden("you may read or act only for yourself")


async def _clock(request: Request) -> Callable[[], datetime]:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock


# The time a claim is received decides its deadline (REM-05); one place to read it.
ClockDep = Annotated[Callable[[], datetime], Depends(_clock)]
