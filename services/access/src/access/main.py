"""The access service: elected officials' right to see case documents, decided by the municipality's rules
(ACC-01..71), with confidentiality, disqualification, proxies and a tamper-evident audit trail."""

from __future__ import annotations

from fastapi import FastAPI

from access.audit.router import router as audit_router
from access.cases.router import router as cases_router
from access.config import Settings
from access.db import ALEMBIC_INI, Base, platform, register
from access.decisions.router import router as decisions_router
from access.declarations.router import router as declarations_router
from access.disputes.router import router as disputes_router
from access.documents.router import router as documents_router
from access.facts.handlers import handlers
from access.grants.router import router as grants_router
from access.joint_demands.router import router as joint_demands_router
from access.requests.jobs import overdue_job
from access.requests.router import router as requests_router
from access.rules import AccessRules
from folkevalgt_shared.auth import Scope
from folkevalgt_shared.register import register_handlers, register_router
from folkevalgt_shared.service import ServiceParts, create_service_app
from folkevalgt_shared.types import utcnow


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # Validated at start-up: a typo in the settings fails here, not in a decision.
    rules = AccessRules(settings.municipality_config)
    app = create_service_app(
        ServiceParts(
            name="access",
            title="Folkevalgt — Document access (innsynsrett)",
            description=(
                "Elected officials' right to see case documents (Reglement for folkevalgtes innsynsrett, "
                "KL § 40 nr. 5): every decision names the rules that made it, says what would change it, and is "
                "kept in an append-only, hash-chained audit trail."
            ),
            settings=settings,
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            routers=[
                decisions_router,
                cases_router,
                documents_router,
                requests_router,
                grants_router,
                declarations_router,
                joint_demands_router,
                disputes_router,
                audit_router,
                register_router(register, Scope.ACCESS_READ),
            ],
            event_handlers={**register_handlers(register), **handlers(rules)},
            jobs=[overdue_job(settings.overdue_sweep_seconds)],
        )
    )
    app.state.rules = rules
    app.state.clock = utcnow
    return app
