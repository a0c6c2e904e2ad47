"""MTG-19/MTG-31/MTG-03 as pure rules: limits, counts and the order of the floor; MTG-18's turn."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from folkevalgt_shared.errors import Conflict, RuleViolation
from meetings.domain.debate import (
    Debate,
    Floor,
    Kind,
    State,
    Turn,
    give_floor,
    over_time,
    request_floor,
    spoken_seconds,
)
from meetings.domain.rapporteurs import next_in_turn
from meetings.domain.rights import Rights, rights_of

A, B, C, CHAIR, MAYOR = (uuid.uuid4() for _ in range(5))
CASE = Floor(Debate.CASE, chair=CHAIR)
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def turn(person: uuid.UUID, kind: Kind = Kind.SPEECH, state: State = State.DONE, **more: object) -> Turn:
    return Turn(uuid.uuid4(), person, kind, more.pop("reply_to", None), state, **more)  # type: ignore[arg-type]


def ask(floor: Floor, person: uuid.UUID, turns: list[Turn], kind: Kind = Kind.SPEECH, **more: object) -> int:
    return request_floor(
        floor=floor,
        person=person,
        kind=kind,
        reply_to=more.pop("reply_to", None),  # type: ignore[arg-type]
        turns=turns,
        list_closed=bool(more.pop("closed", False)),
        may_speak=bool(more.pop("may_speak", True)),
        voting_open=bool(more.pop("voting_open", False)),
    )


def refused(rule: str, call: object) -> None:
    with pytest.raises(RuleViolation) as caught:
        call()  # type: ignore[operator]
    assert caught.value.rule == rule


def test_mtg19_five_minutes_first_then_two() -> None:
    assert ask(CASE, A, []) == 300
    assert ask(CASE, A, [turn(A)]) == 120
    assert ask(CASE, A, [turn(A), turn(A)]) == 120
    assert ask(CASE, A, [turn(B), turn(B)]) == 300  # someone else's speeches do not count


def test_mtg19_replies_during_the_speech_to_the_speech_once_and_not_after_the_list_is_closed() -> None:
    on = turn(A, state=State.SPEAKING)
    assert ask(CASE, B, [on], Kind.REPLY, reply_to=on) == 60
    refused("MTG-19", lambda: ask(CASE, B, [on], Kind.REPLY, reply_to=turn(A)))  # the speech is over
    refused("MTG-19", lambda: ask(CASE, B, [on], Kind.REPLY, reply_to=on, closed=True))
    reply = turn(C, Kind.REPLY, State.SPEAKING, reply_to=on.id)
    refused("MTG-19", lambda: ask(CASE, B, [on, reply], Kind.REPLY, reply_to=reply))
    mine = turn(B, Kind.REPLY, State.WAITING, reply_to=on.id)
    refused("MTG-19", lambda: ask(CASE, B, [on, mine], Kind.REPLY, reply_to=on))
    refused("MTG-19", lambda: ask(CASE, A, [on], Kind.REPLY, reply_to=on))


def test_mtg19_closing_reply_is_the_speakers_after_replies_once() -> None:
    speech = turn(A)
    reply = turn(B, Kind.REPLY, reply_to=speech.id)
    refused("MTG-19", lambda: ask(CASE, A, [speech], Kind.CLOSING_REPLY, reply_to=speech))  # no replies
    refused("MTG-19", lambda: ask(CASE, B, [speech, reply], Kind.CLOSING_REPLY, reply_to=speech))  # not B's
    assert ask(CASE, A, [speech, reply], Kind.CLOSING_REPLY, reply_to=speech, closed=True) == 60
    closing = turn(A, Kind.CLOSING_REPLY, reply_to=speech.id)
    refused("MTG-19", lambda: ask(CASE, A, [speech, reply, closing], Kind.CLOSING_REPLY, reply_to=speech))


def test_mtg19_the_chair_hands_over_before_debating_and_mtg21_no_debate_while_voting() -> None:
    refused("MTG-19", lambda: ask(CASE, CHAIR, []))
    refused("MTG-21", lambda: ask(CASE, A, [], voting_open=True))
    refused("MTG-19", lambda: ask(CASE, A, [], closed=True))


def test_mtg03_only_those_taking_part_or_with_a_right_to_speak() -> None:
    refused("MTG-03", lambda: ask(CASE, A, [], may_speak=False))


def test_mtg31_interpellation_counts() -> None:
    floor = Floor(Debate.INTERPELLATION, asker=A, answerer=MAYOR, mayor=MAYOR)
    assert ask(floor, A, []) == 300 and ask(floor, A, [turn(A)]) == 120
    refused("MTG-31", lambda: ask(floor, A, [turn(A), turn(A)]))
    assert ask(floor, B, []) == 300
    refused("MTG-31", lambda: ask(floor, B, [turn(B)]))
    assert ask(floor, MAYOR, [turn(MAYOR)], may_speak=False) == 120
    refused("MTG-31", lambda: ask(floor, B, [turn(A, state=State.SPEAKING)], Kind.REPLY, reply_to=turn(A)))
    refused("MTG-03", lambda: ask(floor, C, [], may_speak=False))


def test_mtg31_question_nobody_else() -> None:
    floor = Floor(Debate.QUESTION, asker=A, answerer=MAYOR, mayor=MAYOR)
    assert ask(floor, A, []) == 300 and ask(floor, A, [turn(A)], Kind.REMARK) == 60
    refused("MTG-31", lambda: ask(floor, A, [turn(A)]))
    refused("MTG-31", lambda: ask(floor, A, [turn(A, Kind.REMARK)], Kind.REMARK))
    refused("MTG-31", lambda: ask(floor, B, [], may_speak=True))


def test_mtg19_the_floor_in_order_one_at_a_time_replies_first() -> None:
    first, second = turn(A, state=State.WAITING), turn(B, state=State.WAITING)
    refused("MTG-19", lambda: give_floor(second, [first, second]))
    give_floor(first, [first, second])
    with pytest.raises(Conflict):
        give_floor(second, [turn(A, state=State.SPEAKING), second])
    reply = turn(C, Kind.REPLY, State.WAITING)
    refused("MTG-19", lambda: give_floor(second, [turn(A), reply, second]))
    give_floor(reply, [turn(A), reply, second])
    with pytest.raises(Conflict):
        give_floor(turn(A), [])


def test_mtg19_mtg31_over_time_and_the_thirty_minutes() -> None:
    given = turn(A, State.SPEAKING, given_at=NOW)
    assert not over_time(given, 300, NOW + timedelta(seconds=300))
    assert over_time(given, 300, NOW + timedelta(seconds=301))
    spoken = [turn(A, given_at=NOW, ended_at=NOW + timedelta(minutes=20)), turn(B, State.SPEAKING, given_at=NOW)]
    assert spoken_seconds(spoken, NOW + timedelta(minutes=11)) == 31 * 60


def test_mtg18_turn_goes_to_the_fewest_then_the_longest_ago_then_the_register() -> None:
    assert next_in_turn([], []) is None
    assert next_in_turn([A, B, C], []) == A
    assert next_in_turn([A, B, C], [(A, NOW)]) == B
    assert next_in_turn([A, B, C], [(A, NOW), (B, NOW), (C, NOW - timedelta(days=1))]) == C
    assert next_in_turn([A, B], [(A, NOW), (B, NOW - timedelta(days=1)), (C, NOW)]) == B  # C is no member


@pytest.mark.parametrize(
    ("capacity", "body_type", "key", "rights"),
    [
        ("chief_executive", "municipal_council", "council", Rights(attend=True, speak=True, duty_to_attend=True)),
        ("chief_executive", "appeals_board", "klage", Rights(speak=True)),
        ("mayor", "appeals_board", "klage", Rights(speak=True)),
        ("mayor", "youth_council", "ung", Rights(attend=True, speak=True, propose=True)),
        ("youth_council_leader", "standing_committee", "living-conditions-committee", Rights(attend=True, speak=True)),
        ("disability_council_leader", "standing_committee", "planning", Rights(attend=True, speak=True)),
    ],
)
def test_mtg03_the_rules_rights_per_body(capacity: str, body_type: str, key: str, rights: Rights) -> None:
    assert rights_of(capacity, body_type, key, None, None) == rights


@pytest.mark.parametrize(
    ("capacity", "body_type", "key"),
    [
        ("mayor", "municipal_council", "council"),
        ("youth_council_leader", "standing_committee", "planning"),
        ("elderly_council_leader", "executive_committee", "fsk"),
    ],
)
def test_mtg03_no_right_the_rules_do_not_give(capacity: str, body_type: str, key: str) -> None:
    refused("MTG-03", lambda: rights_of(capacity, body_type, key, None, None))
