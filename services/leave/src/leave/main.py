"""The leave service: employees' leave under the leave regulation, elected officials' leave from office, and
sick-leave statistics."""

from __future__ import annotations

from fastapi import FastAPI

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app
from leave.applications.router import router as applications_router
from leave.config import Settings
from leave.db import ALEMBIC_INI, Base, platform, register
from leave.domain.settings import rule_book
from leave.employees.router import router as employees_router
from leave.office_leaves.router import publication_job
from leave.office_leaves.router import router as office_leaves_router
from leave.sick_leave.router import router as sick_leave_router
from leave.units.router import router as units_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        ServiceParts(
            name="leave",
            title="Folkevalgt — Leave (permisjon)",
            description=(
                "Employees' leave under the leave regulation (LEA-01..50: applications, the manager's decision, "
                "the paid/unpaid split and the yearly pots), elected representatives' leave from office (LEA-60) "
                "and sick-leave statistics (LEA-70). Leave from a meeting and exemption from a case are the "
                "meetings service's."
            ),
            settings=settings,
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[
                applications_router,
                employees_router,
                units_router,
                office_leaves_router,
                sick_leave_router,
                register_router(register, Scope.LEAVE_READ),
            ],
            event_handlers=register_handlers(register),
            jobs=[publication_job(settings.office_leave_job_seconds)],
        )
    )
    # Validated at start-up: a typo in the settings fails here, not in a decision.
    app.state.rules = rule_book(settings.municipality_config)
    return app
