from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base


class SpeakersList(Base):
    """The speakers' list of one debate: a case on the agenda, or a question or interpellation (MTG-19/31)."""

    __tablename__ = "speakers_list"
    subject_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # agenda item or question
    meeting_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("meeting.id"), index=True)
    debate: Mapped[str] = mapped_column(String(20))  # case | interpellation | question
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # strek (MTG-19)
    requests: Mapped[int] = mapped_column(Integer, default=0)  # numbers the requests in order


class FloorRequest(Base):
    """A request for the floor (innlegg, replikk, sluttreplikk, bemerkning) and when it was given and ended."""

    __tablename__ = "floor_request"
    __table_args__ = (UniqueConstraint("subject_id", "number"),)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    subject_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("speakers_list.subject_id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # the order of signing up
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    kind: Mapped[str] = mapped_column(String(20))
    reply_to: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    state: Mapped[str] = mapped_column(String(20))  # waiting | speaking | done
    limit_seconds: Mapped[int] = mapped_column(Integer)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    given_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    over_time: Mapped[bool] = mapped_column(Boolean, default=False)
