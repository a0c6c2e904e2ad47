"""The speakers' list (talelista): requesting the floor, replies, and the chair giving the floor.

MTG-19 (council rules §13–14), in a case: speakers get the floor in the order they sign up; first speech 5
minutes, every later one 2 (the rules set no third-speech limit of their own; our reading: as the second);
after each speech replies (replikk) of at most 1 minute, signed up during the speech, aimed at the speech
and not at another reply; then the speaker's closing reply (sluttreplikk) of at most 1 minute. Once the
list is closed (strek) nobody signs up and no reply is taken; a closing reply to replies already taken is
still given (our reading: it answers them). A chair who wants to debate hands the chair to the vice chair
first. While a vote is open there is no debate (MTG-21).

MTG-31 (§18), interpellations: the interpellant, the mayor and the one answering (the mayor, as far as
possible: "I den grad det er mulig, skal ordfører besvare forespørselen selv") speak at most twice,
everyone else once; 5 minutes for the first speech and 2 for the next; as a main rule at most 30 minutes
in all (reported, not refused: a main rule). Questions: the asker and the one answering have one speech
each of at most 5 minutes and one short remark each (including a follow-up question and its answer; its
length is not set: our reading, 1 minute as a reply); nobody else has the floor. Neither has replies.

A time limit is given with the floor (`ends_by`) and a speech that ran over it is recorded so (the chair
stops the speaker; the system cannot): counts, order and who may speak are refused by rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from folkevalgt_shared.errors import Conflict, RuleViolation

MINUTE = 60


class Kind(StrEnum):
    SPEECH = "speech"  # innlegg
    REPLY = "reply"  # replikk
    CLOSING_REPLY = "closing_reply"  # sluttreplikk
    REMARK = "remark"  # a question's short remark (MTG-31)


class Debate(StrEnum):
    CASE = "case"
    INTERPELLATION = "interpellation"
    QUESTION = "question"


class State(StrEnum):
    WAITING = "waiting"
    SPEAKING = "speaking"
    DONE = "done"


@dataclass(frozen=True)
class Limits:
    """Seconds; the municipality's rules (Sør-Varanger's values)."""

    first_speech: int = 5 * MINUTE
    later_speech: int = 2 * MINUTE
    reply: int = 1 * MINUTE
    closing_reply: int = 1 * MINUTE
    question_speech: int = 5 * MINUTE
    question_remark: int = 1 * MINUTE
    interpellation_total: int = 30 * MINUTE


LIMITS = Limits()


@dataclass(frozen=True)
class Turn:
    id: UUID
    person_id: UUID
    kind: Kind
    reply_to: UUID | None
    state: State
    given_at: datetime | None = None
    ended_at: datetime | None = None


@dataclass(frozen=True)
class Floor:
    """Who the debate belongs to: the chair (case debate), and for a question or interpellation the asker and
    the one answering (with the mayor)."""

    debate: Debate
    chair: UUID | None = None
    asker: UUID | None = None
    answerer: UUID | None = None
    mayor: UUID | None = None

    @property
    def principals(self) -> set[UUID]:
        return {p for p in (self.asker, self.answerer, self.mayor) if p is not None}


def _violation(rule: str, message: str, field: str, reason: str) -> RuleViolation:
    return RuleViolation(message, rule=rule, errors=[{"field": field, "message": reason}])


def require_no_vote_open(voting_open: bool) -> None:
    """MTG-21: from the opening of the vote until it is decided, no debate."""
    if voting_open:
        raise _violation("MTG-21", "voting is open: no debate until the vote is decided", "kind", "voting is open")


def request_floor(
    *,
    floor: Floor,
    person: UUID,
    kind: Kind,
    reply_to: Turn | None,
    turns: Sequence[Turn],
    list_closed: bool,
    may_speak: bool,
    voting_open: bool = False,
    limits: Limits = LIMITS,
) -> int:
    """Checks a request for the floor against MTG-19/MTG-21/MTG-31 (and MTG-03: `may_speak`, taking part or
    holding a right to speak); returns the time limit in seconds."""
    require_no_vote_open(voting_open)
    if kind == Kind.SPEECH and any(
        t.person_id == person and t.kind == kind and t.state == State.WAITING for t in turns
    ):
        raise Conflict("the person is already on the speakers' list, waiting for the floor")
    if floor.debate == Debate.CASE:
        return _case(floor, person, kind, reply_to, turns, list_closed, may_speak, limits)
    if floor.debate == Debate.INTERPELLATION:
        return _interpellation(floor, person, kind, turns, list_closed, may_speak, limits)
    return _question(floor, person, kind, turns, limits)


def _case(
    floor: Floor,
    person: UUID,
    kind: Kind,
    reply_to: Turn | None,
    turns: Sequence[Turn],
    list_closed: bool,
    may_speak: bool,
    limits: Limits,
) -> int:
    if not may_speak:
        raise _violation(
            "MTG-03",
            "only members taking part in the case and those with a right to speak in the body have the floor",
            "person_id",
            "neither taking part in the case nor holding a right to speak",
        )
    if person == floor.chair and kind in (Kind.SPEECH, Kind.REPLY):
        raise _violation(
            "MTG-19",
            "a chair who wants to take part in the debate first hands the chair to the vice chair",
            "person_id",
            "the chair of the meeting",
        )
    if kind == Kind.SPEECH:
        if list_closed:
            raise _violation("MTG-19", "the speakers' list is closed (strek)", "kind", "no new speakers")
        earlier = [t for t in turns if t.person_id == person and t.kind == Kind.SPEECH]
        return limits.later_speech if earlier else limits.first_speech
    if kind == Kind.REPLY:
        if list_closed:
            raise _violation("MTG-19", "no replies once the speakers' list is closed (strek)", "kind", "list closed")
        target = _speech(reply_to, "a reply answers a speech, not another reply")
        if target.state != State.SPEAKING:
            raise _violation(
                "MTG-19", "replies are signed up for during the speech they answer", "reply_to", "the speech is not on"
            )
        if target.person_id == person:
            raise _violation("MTG-19", "a speaker does not reply to their own speech", "reply_to", "own speech")
        if any(t.person_id == person and t.kind == Kind.REPLY and t.reply_to == target.id for t in turns):
            raise _violation("MTG-19", "one reply per person to a speech", "reply_to", "already replied")
        return limits.reply
    if kind == Kind.CLOSING_REPLY:
        target = _speech(reply_to, "a closing reply follows the replies to a speech")
        if target.person_id != person:
            raise _violation("MTG-19", "the closing reply is the speaker's own", "reply_to", "not the speaker")
        if not any(t.kind == Kind.REPLY and t.reply_to == target.id for t in turns):
            raise _violation(
                "MTG-19", "a closing reply answers replies; this speech had none", "reply_to", "no replies"
            )
        if any(t.kind == Kind.CLOSING_REPLY and t.reply_to == target.id for t in turns):
            raise _violation("MTG-19", "one closing reply per speech", "reply_to", "already given")
        return limits.closing_reply
    raise _violation("MTG-19", "a remark belongs to a question's treatment (MTG-31)", "kind", "not in a case")


def _speech(turn: Turn | None, message: str) -> Turn:
    if turn is None or turn.kind != Kind.SPEECH:
        raise _violation("MTG-19", message, "reply_to", "must name a speech")
    return turn


def _interpellation(
    floor: Floor, person: UUID, kind: Kind, turns: Sequence[Turn], list_closed: bool, may_speak: bool, limits: Limits
) -> int:
    if kind != Kind.SPEECH:
        raise _violation("MTG-31", "an interpellation is debated in speeches only", "kind", "speech only")
    principal = person in floor.principals
    if not (principal or may_speak):
        raise _violation(
            "MTG-03", "only members present and those with a right to speak have the floor", "person_id", "no right"
        )
    if list_closed:
        raise _violation("MTG-19", "the speakers' list is closed (strek)", "kind", "no new speakers")
    spoken = sum(1 for t in turns if t.person_id == person and t.kind == Kind.SPEECH)
    allowed = 2 if principal else 1
    if spoken >= allowed:
        raise _violation(
            "MTG-31",
            "in an interpellation the interpellant, the mayor and the one answering speak at most twice, others once",
            "person_id",
            f"has spoken {spoken} time(s), {allowed} allowed",
        )
    return limits.later_speech if spoken else limits.first_speech


def _question(floor: Floor, person: UUID, kind: Kind, turns: Sequence[Turn], limits: Limits) -> int:
    if person not in {floor.asker, floor.answerer}:
        raise _violation(
            "MTG-31", "a question is treated by the asker and the one answering; nobody else speaks", "person_id", "no"
        )
    if kind not in (Kind.SPEECH, Kind.REMARK):
        raise _violation("MTG-31", "a question has one speech and one short remark each", "kind", "speech or remark")
    if any(t.person_id == person and t.kind == kind for t in turns):
        raise _violation("MTG-31", f"one {kind.value} each in a question", "kind", f"{kind.value} already given")
    return limits.question_speech if kind == Kind.SPEECH else limits.question_remark


def give_floor(turn: Turn, turns: Sequence[Turn]) -> None:
    """MTG-19: the chair gives the floor in the order of signing up; the replies to a speech and the
    closing reply come before the next speech; one speaker at a time."""
    if turn.state != State.WAITING:
        raise Conflict(f"the request is {turn.state.value}, not waiting for the floor")
    speaking = next((t for t in turns if t.state == State.SPEAKING), None)
    if speaking is not None:
        raise Conflict(f"someone has the floor ({speaking.id}); end that first")
    waiting = [t for t in turns if t.state == State.WAITING]  # in the order of signing up
    replies = [t for t in waiting if t.kind == Kind.REPLY]
    if turn.kind == Kind.SPEECH or turn.kind == Kind.REMARK:
        if replies or any(t.kind == Kind.CLOSING_REPLY for t in waiting):
            raise _violation("MTG-19", "the replies and the closing reply come first", "id", "a reply round is open")
        first = next(t for t in waiting if t.kind == turn.kind)
        if first.id != turn.id:
            raise _violation(
                "MTG-19", "speakers get the floor in the order they signed up", "id", f"{first.id} signed up first"
            )
    elif turn.kind == Kind.REPLY:
        if replies[0].id != turn.id:
            raise _violation("MTG-19", "replies are given in the order signed up", "id", f"{replies[0].id} first")
    elif turn.kind == Kind.CLOSING_REPLY and any(t.reply_to == turn.reply_to for t in replies):
        raise _violation("MTG-19", "the closing reply comes after the replies", "id", "replies are waiting")


def over_time(turn: Turn, limit: int, ended_at: datetime) -> bool:
    return turn.given_at is not None and (ended_at - turn.given_at).total_seconds() > limit


def spoken_seconds(turns: Sequence[Turn], now: datetime) -> int:
    """How long the debate has had the floor: for MTG-31's main rule of 30 minutes per interpellation."""
    return int(sum(((t.ended_at or now) - t.given_at).total_seconds() for t in turns if t.given_at is not None))
