"""The feedback service. Citizen and employee input that reaches politicians, routed to someone who can act."""

from __future__ import annotations

from fastapi import FastAPI

from feedback.config import Settings
from feedback.db import ALEMBIC_INI, Base, platform, register
from folkevalgt_shared.auth import Scope
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceParts(
            name="feedback",
            title="Folkevalgt — Feedback (innspill og klager)",
            description="Citizen and employee input that reaches politicians, routed to someone who can act.",
            settings=settings or Settings(),
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[register_router(register, Scope.FEEDBACK_READ)],
            event_handlers=register_handlers(register),
        )
    )
