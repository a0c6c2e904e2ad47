"""Who may call what, the rule book and the clock: dependencies the feedback routers share.

- A politician (mobile app, ID-porten): `feedback:write`, the token's subject is their person id in the
  register. Records input, chooses routes, follows the items they received or are proxy in.
- The post reception / case-management system: `feedback:case`. Registers, assigns, answers, closes,
  reads every item and memo, exports the journal.
- A resident (ID-porten): `feedback:sign`. Starts, signs and withdraws from citizen initiatives.
- Operators: `ops:read` for overdue items.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, TypeAlias

from fastapi import Depends, Header, Request

from feedback.domain.settings import FeedbackSettings
from folkevalgt_shared.auth import Principal, Scope, require_any_scope, require_scopes
from folkevalgt_shared.errors import Forbidden
from folkevalgt_shared.rules import RuleBook

# One of several scopes, declared in the OpenAPI document like require_scopes (bearer token, 401/403).
_reader = require_any_scope(Scope.FEEDBACK_READ, Scope.FEEDBACK_WRITE, Scope.FEEDBACK_CASE)
_initiative_reader = require_any_scope(Scope.FEEDBACK_READ, Scope.FEEDBACK_SIGN, Scope.FEEDBACK_CASE)
_recorder = require_any_scope(Scope.FEEDBACK_WRITE, Scope.FEEDBACK_CASE)
_overdue_reader = require_any_scope(Scope.OPS_READ, Scope.FEEDBACK_CASE)


Reader = Annotated[Principal, Depends(_reader)]
Writer = Annotated[Principal, Depends(require_scopes(Scope.FEEDBACK_WRITE))]
# A politician acting on their own items, or the post reception acting for one.
Recorder = Annotated[Principal, Depends(_recorder)]
CaseWorker = Annotated[Principal, Depends(require_scopes(Scope.FEEDBACK_CASE))]
Resident = Annotated[Principal, Depends(require_scopes(Scope.FEEDBACK_SIGN))]
InitiativeReader = Annotated[Principal, Depends(_initiative_reader)]
OverdueReader = Annotated[Principal, Depends(_overdue_reader)]


def is_administration(principal: Principal) -> bool:
    return principal.has(Scope.FEEDBACK_CASE)


def person_of(principal: Principal) -> uuid.UUID | None:
    """The politician's person id: the token's subject, when it is one."""
    try:
        return uuid.UUID(principal.subject)
    except ValueError:
        return None


def politician(principal: Principal) -> uuid.UUID:
    person = person_of(principal)
    if person is None:
        raise Forbidden("the token's subject is not a person in the register: only a politician does this")
    return person


Rules: TypeAlias = RuleBook[FeedbackSettings]


async def _rules(request: Request) -> Rules:
    rules: Rules = request.app.state.rules
    return rules


RulesDep = Annotated[Rules, Depends(_rules)]


async def _clock(request: Request) -> Callable[[], datetime]:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock


ClockDep = Annotated[Callable[[], datetime], Depends(_clock)]


IfMatch = Annotated[str | None, Header(description="ETag from a GET; the update fails with 412 if it changed")]
