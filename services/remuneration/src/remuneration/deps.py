"""Who may call what, the clock and preconditions: dependencies the remuneration routers share."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Request

from folkevalgt_shared.auth import Principal, Scope, require_any_scope, require_scopes
from folkevalgt_shared.errors import Forbidden, InvalidInput, PreconditionFailed

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


async def _if_match(
    value: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=100,
            description="The ETag from a GET: the change fails with 412 if the resource has changed since",
        ),
    ] = None,
) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip().removeprefix("W/").strip('"'))
    except ValueError as exc:
        raise InvalidInput(
            "If-Match must be an ETag from this API", errors=[{"field": "If-Match", "message": "not an ETag"}]
        ) from exc


# The version an If-Match names, or None when the client sent none (as in the other services: optional).
IfMatch = Annotated[int | None, Depends(_if_match)]


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def check_version(what: str, version: int | None, if_match: int | None) -> None:
    """412 when If-Match names another version than the current one, or when there is nothing yet to match."""
    if if_match is None or if_match == version:
        return
    if version is None:
        raise PreconditionFailed(f"{what} does not exist yet, so it has no version {if_match}")
    raise PreconditionFailed(f"{what} is at version {version}, not {if_match}", current_version=version)
