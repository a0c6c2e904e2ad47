"""The meetings service: the register of bodies and members, and the procedure of their meetings."""

from __future__ import annotations

from fastapi import FastAPI

from folkevalgt_shared.service import ServiceParts, create_service_app
from meetings.appeals.router import router as appeals_router
from meetings.attendance.router import router as attendance_router
from meetings.attendance.service import HANDLERS as office_leave_handlers
from meetings.citizens.router import router as citizens_router
from meetings.citizens.service import HANDLERS as initiative_handlers
from meetings.config import Settings
from meetings.db import ALEMBIC_INI, Base, platform
from meetings.debate.router import router as debate_router
from meetings.disqualification.router import notices_router as disqualification_notices_router
from meetings.disqualification.router import router as disqualification_router
from meetings.elections.router import router as elections_router
from meetings.minutes.router import router as minutes_router
from meetings.oparl.router import router as oparl_router
from meetings.opening.router import router as opening_router
from meetings.order.router import router as order_router
from meetings.proxies.service import HANDLERS as proxy_handlers
from meetings.proxies.service import then_apply
from meetings.questions.router import router as questions_router
from meetings.register.router import router as register_router
from meetings.remarks.router import router as remarks_router
from meetings.rights.router import router as rights_router
from meetings.sittings.router import router as sittings_router
from meetings.treatment.router import router as treatment_router
from meetings.voting.router import router as voting_router


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        ServiceParts(
            name="meetings",
            title="Folkevalgt — meetings",
            description="Bodies, members and deputies (folkevalgte organer, medlemmer og varamedlemmer).",
            settings=settings or Settings(),
            metadata=Base.metadata,
            platform=platform,
            alembic_ini=ALEMBIC_INI,
            # Routes are tried in order, a few microseconds each: the busiest write and the most
            # read document of a meeting first.
            routers=[
                voting_router,
                sittings_router,
                register_router,
                rights_router,
                attendance_router,
                opening_router,
                disqualification_router,
                disqualification_notices_router,
                treatment_router,
                debate_router,
                order_router,
                questions_router,
                appeals_router,
                elections_router,
                citizens_router,
                remarks_router,
                minutes_router,
                oparl_router,
            ],
            event_handlers={
                # A leave from office may summon a deputy who is proxy in a case on the agenda (fvl § 6 d).
                **{contract: then_apply(handler) for contract, handler in office_leave_handlers.items()},
                **proxy_handlers,
                **initiative_handlers,
            },
        )
    )
