"""The remuneration service. Elected officials' fees, lost earnings, fixed pay and payouts that payroll pulls."""

from __future__ import annotations

from fastapi import FastAPI

from folkevalgt_shared.auth import Scope
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app
from folkevalgt_shared.types import utcnow
from remuneration.attendance.router import router as attendance_router
from remuneration.attendance.service import HANDLERS as ATTENDANCE_HANDLERS
from remuneration.audit.router import router as audit_router
from remuneration.batches.router import router as batches_router
from remuneration.claims.router import router as claims_router
from remuneration.config import Settings
from remuneration.db import ALEMBIC_INI, Base, platform, register
from remuneration.domain.settings import rule_book
from remuneration.equivalent_remuneration.router import router as equivalent_remuneration_router
from remuneration.loss_bases.router import router as loss_bases_router
from remuneration.office_leave.service import HANDLERS as OFFICE_LEAVE_HANDLERS
from remuneration.officials.router import router as officials_router
from remuneration.partylists.router import router as party_lists_router
from remuneration.payroll.router import router as payroll_router
from remuneration.rates.router import router as rates_router
from remuneration.severance.router import router as severance_router
from remuneration.whatif.router import router as whatif_router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        ServiceParts(
            name="remuneration",
            title="Folkevalgt — Remuneration (godtgjøring)",
            description="Elected officials' fees, lost earnings, fixed pay and payouts that payroll pulls.",
            settings=settings,
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[
                register_router(register, Scope.REMUNERATION_READ),
                rates_router,
                officials_router,
                severance_router,
                equivalent_remuneration_router,
                loss_bases_router,
                party_lists_router,
                attendance_router,
                claims_router,
                batches_router,
                payroll_router,
                whatif_router,
                audit_router,
            ],
            event_handlers={**register_handlers(register), **ATTENDANCE_HANDLERS, **OFFICE_LEAVE_HANDLERS},
        )
    )
    # Validated at start-up: a typo in a rate fails here, not in a payout (REM-01).
    app.state.rules = rule_book(settings.municipality_config)
    app.state.clock = utcnow
    return app
