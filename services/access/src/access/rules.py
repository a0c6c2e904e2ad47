"""The access policy in force on a day, from the municipality's settings file (validated at start-up)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from access.domain.policy import AccessSettings, BodiesSection, Policy, build_policy
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.rules import RuleBook, load_municipality
from folkevalgt_shared.types import utcnow


class AccessRules:
    def __init__(self, path: Path) -> None:
        config = load_municipality(path)
        self.settings = RuleBook(config, "access", AccessSettings)
        self.bodies = RuleBook(config, "meetings", BodiesSection)
        self.at(oslo_date(utcnow()))  # a typo in the file fails at start-up, not in a decision

    def at(self, day: date) -> Policy:
        return _policy(self, day)


@lru_cache(maxsize=64)
def _policy(rules: AccessRules, day: date) -> Policy:
    return build_policy(rules.settings.at(day), rules.bodies.at(day).bodies)


async def _rules(request: Request) -> AccessRules:
    rules: AccessRules = request.app.state.rules
    return rules


RulesDep = Annotated[AccessRules, Depends(_rules)]
