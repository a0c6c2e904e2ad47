"""The remuneration service. Elected officials' fees, lost earnings, fixed pay and payouts that payroll pulls."""

from __future__ import annotations

from fastapi import FastAPI

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app
from remuneration.config import Settings
from remuneration.db import ALEMBIC_INI, Base, platform, register


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceParts(
            name="remuneration",
            title="Folkevalgt — Remuneration (godtgjøring)",
            description="Elected officials' fees, lost earnings, fixed pay and payouts that payroll pulls.",
            settings=settings or Settings(),
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[register_router(register, Scope.REMUNERATION_READ)],
            event_handlers=register_handlers(register),
        )
    )
