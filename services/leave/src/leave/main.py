"""The leave service."""

from __future__ import annotations

from fastapi import FastAPI

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app
from leave.config import Settings
from leave.db import ALEMBIC_INI, Base, platform, register


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceParts(
            name="leave",
            title="Folkevalgt — Leave (permisjon)",
            description=("Employees' leave and elected officials' leave from office, from a meeting and from a case."),
            settings=settings or Settings(),
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[register_router(register, Scope.LEAVE_READ)],
            event_handlers=register_handlers(register),
        )
    )
