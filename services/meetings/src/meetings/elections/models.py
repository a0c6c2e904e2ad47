from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from folkevalgt_shared.types import UTCDateTime
from meetings.db import Base
from meetings.register.models import Versioned


class ElectionRound(Versioned, Base):
    """One round of an election or appointment (MTG-26): opened with its lottery seed fixed (only the hash
    shown until the count), then counted once from the ballots of those taking part in the case."""

    __tablename__ = "election_round"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # election | appointment
    round: Mapped[int] = mapped_column(Integer)
    places: Mapped[int] = mapped_column(Integer)
    votes: Mapped[dict[str, int]] = mapped_column(JSON)
    blank: Mapped[int] = mapped_column(Integer)
    elected: Mapped[list[str]] = mapped_column(JSON)
    moved_up: Mapped[list[str]] = mapped_column(JSON)  # MTG-27
    new_round_needed: Mapped[bool] = mapped_column(Boolean)
    lottery: Mapped[dict[str, object] | None] = mapped_column(JSON)
    written_ballot_demanded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))  # MTG-28
    status: Mapped[str] = mapped_column(String(20), default="counted")  # open | counted
    follows_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("election_round.id"))  # round 2 after round 1
    elects_to_body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("body.id"))
    office: Mapped[str] = mapped_column(String(20), default="members")
    witnesses: Mapped[list[str]] = mapped_column(JSON, default=list)
    lottery_seed: Mapped[str | None] = mapped_column(String(64))  # revealed once counted
    lottery_commitment: Mapped[str | None] = mapped_column(String(64))  # sha256 of the seed, shown from the opening
    ballots: Mapped[int | None] = mapped_column(Integer)  # ballots handed in, blank included
    votes_cast: Mapped[int | None] = mapped_column(Integer)
    voters: Mapped[list[str] | None] = mapped_column(JSON)
    taking_part: Mapped[int | None] = mapped_column(Integer)  # MTG-02: counted toward quorum at the count
    counted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProportionalElection(Versioned, Base):
    """Forholdsvalg of a body's members in a case (MTG-28), held because a member demanded it."""

    __tablename__ = "proportional_election"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    agenda_item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    elects_to: Mapped[str] = mapped_column(String(200))  # the body or office the members are elected to
    places: Mapped[int] = mapped_column(Integer)
    demanded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))  # none: always proportional
    written_ballot_demanded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"))
    elects_to_body_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("body.id"))
    lottery_seed: Mapped[str | None] = mapped_column(String(64))  # MTG-26: fixed at the start, revealed once counted
    lottery_commitment: Mapped[str | None] = mapped_column(String(64))
    council_members_only: Mapped[bool] = mapped_column(Boolean)  # list gender rule "as far as possible"
    status: Mapped[str] = mapped_column(String(20))  # open | counted
    result: Mapped[dict[str, object] | None] = mapped_column(JSON)


class ElectionList(Versioned, Base):
    """Listeforslag (possibly a joint list of several groups): candidates in list order."""

    __tablename__ = "election_list"
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    election_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proportional_election.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    groups: Mapped[list[str]] = mapped_column(JSON)
    candidates: Mapped[list[str]] = mapped_column(JSON)
    gender_shortfall: Mapped[dict[str, int]] = mapped_column(JSON)  # accepted only "as far as possible"
