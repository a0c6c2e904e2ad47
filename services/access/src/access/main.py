"""The access service."""

from __future__ import annotations

from fastapi import FastAPI

from access.config import Settings
from access.db import ALEMBIC_INI, Base, platform, register
from folkevalgt_shared.auth import Scope
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceParts(
            name="access",
            title="Folkevalgt — Document access (innsynsrett)",
            description=(
                "Elected officials' right to see case documents, with confidentiality checks and an audit trail."
            ),
            settings=settings or Settings(),
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[register_router(register, Scope.ACCESS_READ)],
            event_handlers=register_handlers(register),
        )
    )
