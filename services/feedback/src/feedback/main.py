"""The feedback service. Citizen and employee input that reaches politicians, routed to someone who can act."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI

from feedback.config import Settings
from feedback.db import ALEMBIC_INI, Base, platform, register
from feedback.domain.settings import rule_book
from feedback.initiatives.router import router as initiatives_router
from feedback.items import sweep
from feedback.items.router import overdue_router
from feedback.items.router import router as items_router
from feedback.mail.service import sender_job
from feedback.proxies.router import router as proxies_router
from feedback.registry.router import router as registry_router
from folkevalgt_shared.auth import Scope
from folkevalgt_shared.calendar import oslo_date
from folkevalgt_shared.jobs import PeriodicJob
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app
from folkevalgt_shared.types import utcnow


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # Validated at start-up: a typo in an address or a missing guidance text fails here, not in a route.
    rules = rule_book(settings.municipality_config)
    sender = rules.at(oslo_date(utcnow())).sender_address

    def now() -> datetime:
        clock: Callable[[], datetime] = app.state.clock
        return clock()

    app = create_service_app(
        ServiceParts(
            name="feedback",
            title="Folkevalgt — Feedback (innspill og klager)",
            description="Citizen and employee input that reaches politicians, routed to someone who can act.",
            settings=settings,
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[
                items_router,
                proxies_router,
                registry_router,
                initiatives_router,
                overdue_router,
                register_router(register, Scope.FEEDBACK_READ),
            ],
            event_handlers=register_handlers(register),
            jobs=[
                # The jobs read the app's clock when they run, so a test that sets it moves them too.
                PeriodicJob("send-mail", settings.smtp.poll_seconds, sender_job(settings.smtp, sender, now)),
                PeriodicJob("overdue-sweep", settings.sweep_interval_seconds, sweep.job(now)),
            ],
        )
    )
    app.state.rules = rules
    app.state.clock = utcnow
    return app
