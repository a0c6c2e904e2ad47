from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from meetings.db import Base
from meetings.register.models import Versioned


class BodyRight(Versioned, Base):
    """A right to attend, speak or propose in a body without a vote, or a duty to attend (MTG-03)."""

    __tablename__ = "body_right"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    body_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("body.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    capacity: Mapped[str] = mapped_column(String(40))  # chief_executive | mayor | ..._leader | other
    attend: Mapped[bool] = mapped_column(Boolean)
    speak: Mapped[bool] = mapped_column(Boolean)
    propose: Mapped[bool] = mapped_column(Boolean)
    duty_to_attend: Mapped[bool] = mapped_column(Boolean)
    basis: Mapped[str | None] = mapped_column(String(300))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
