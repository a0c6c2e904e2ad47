"""Who may call what, the clock and preconditions: dependencies the remuneration routers share."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from folkevalgt_shared.auth import Principal, Scope, require_any_scope, require_scopes
from folkevalgt_shared.errors import Forbidden
from folkevalgt_shared.preconditions import IfMatchVersion

# A politician's token carries remuneration:read with their person id as subject; the administration
# (case-management system, payroll office) holds remuneration:write and acts for anyone. Both are
# declared in the OpenAPI document (require_any_scope / require_scopes), not checked by hand.
Reader = Annotated[Principal, Depends(require_any_scope(Scope.REMUNERATION_READ, Scope.REMUNERATION_WRITE))]
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


IfMatch = IfMatchVersion
