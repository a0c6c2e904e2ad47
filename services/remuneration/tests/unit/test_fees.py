"""Meeting fees from attendance: amounts (REM-30), no fees for the mayor (REM-11), the daily caps and
exclusions (REM-31), remote meetings and courses (REM-33), and models 2–4 (REM-34)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from remuneration.domain.claims import ClaimInput, ClaimKind, SameDay, assess_claim
from remuneration.domain.fees import assess_attendances, lapsed_fees, meeting_fees
from remuneration.domain.model import (
    Attendance,
    ClaimedFee,
    DocumentationKind,
    EarnerCategory,
    EquivalentRemuneration,
    ItemType,
    LineStatus,
    Office,
    PayLine,
    Period,
    nok,
)
from remuneration.domain.period import compute_period
from remuneration.domain.rates import RateSource
from remuneration.domain.settings import rule_book

DAY = date(2024, 3, 5)
MP_DAY = date(2012, 6, 5)
BOOK = rule_book()
BODIES = {
    "municipal-council": "municipal_council",
    "executive-committee": "executive_committee",
    "living-conditions-committee": "standing_committee",
    "harbour-board": "harbour_board",
    "elderly-council": "elderly_council",
    "administration-committee": "administration_committee",
    "appeals-board": "appeals_board",
    "dispensation-committee": "dispensation_committee",
}


def fees(
    attendances: list[Attendance],
    offices: list[Office] | None = None,
    earners: dict[UUID, EarnerCategory] | None = None,
    **kw: Any,
) -> list[PayLine]:
    settings_at = kw.pop("settings_at", BOOK.version_at)
    return meeting_fees(attendances, offices or [], settings_at, earners=earners or {}, **kw)


def at_body(kit: Any, person: UUID, body_key: str, **kw: Any) -> Attendance:
    return kit.attendance(person, kw.pop("day", DAY), body_key=body_key, body_type=BODIES[body_key], **kw)


# -- REM-30 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body_key", "amount"),
    [
        ("municipal-council", 400),
        ("executive-committee", 400),
        ("living-conditions-committee", 400),
        ("harbour-board", 400),
        ("elderly-council", 300),
        ("administration-committee", 300),
        ("appeals-board", 300),
        ("dispensation-committee", 300),  # a body with meetings of its own, not a working group
    ],
)
def test_rem30_fee_per_body_type(kit: Any, body_key: str, amount: int) -> None:
    a = at_body(kit, uuid4(), body_key)
    (line,) = fees([a])
    assert (line.amount, line.rule, line.item_type) == (nok(amount), "REM-30", ItemType.MEETING_FEE)
    assert line.sources == (f"attendance:{a.event_id}",)
    assert line.period == Period(2024, 1) and line.earned_on == DAY
    assert line.rate_version == kit.DECISION
    assert f"NOK {amount}.00" in line.explanation and body_key in line.explanation


def test_rem30_attending_deputies_get_the_fee_too(kit: Any) -> None:
    (line,) = fees([at_body(kit, uuid4(), "executive-committee", role="deputy", as_deputy=True)])
    assert line.amount == nok(400) and "attending deputy" in line.explanation


# -- REM-11 -------------------------------------------------------------------------------------


def test_rem11_the_mayor_gets_no_meeting_fees(kit: Any) -> None:
    mayor = uuid4()
    offices = [kit.office(mayor, "mayor")]
    decisions = assess_attendances(
        [at_body(kit, mayor, "municipal-council"), at_body(kit, mayor, "elderly-council", hour=14)],
        offices,
        BOOK.version_at,
        earners={},
    )
    assert all(not d.granted and d.refusal and d.refusal.startswith("REM-11") for d in decisions)


def test_rem11_a_former_mayor_gets_fees_again(kit: Any) -> None:
    person = uuid4()
    offices = [kit.office(person, "mayor", end=date(2024, 3, 1))]
    assert [line.amount for line in fees([at_body(kit, person, "municipal-council")], offices)] == [nok(400)]


def test_rem11_the_deputy_mayor_gets_no_fees_unless_configured(kit: Any) -> None:
    deputy = uuid4()
    offices = [kit.office(deputy, "deputy_mayor")]
    attendance = at_body(kit, deputy, "executive-committee")
    assert fees([attendance], offices) == []
    configured = kit.one_version(lambda s: s["models"]["1"]["fees"].update(deputy_mayor_fees=True))
    assert [line.amount for line in fees([attendance], offices, settings_at=configured)] == [nok(400)]


# -- REM-31 -------------------------------------------------------------------------------------


def test_rem31_at_most_two_fees_a_day_the_highest_kept(kit: Any) -> None:
    person = uuid4()
    elderly = at_body(kit, person, "elderly-council", hour=8)
    council = at_body(kit, person, "municipal-council", hour=12)
    committee = at_body(kit, person, "living-conditions-committee", hour=16)
    decisions = assess_attendances([elderly, council, committee], [], BOOK.version_at, earners={})
    granted = {d.attendance.event_id for d in decisions if d.granted}
    assert granted == {council.event_id, committee.event_id}
    (dropped,) = [d for d in decisions if not d.granted]
    assert dropped.attendance == elderly and dropped.refusal == "REM-31: at most 2 meeting fees per day"


def test_rem31_equal_fees_keep_the_earliest(kit: Any) -> None:
    person = uuid4()
    attendances = [
        at_body(kit, person, "municipal-council", hour=15),
        at_body(kit, person, "executive-committee", hour=9),
        at_body(kit, person, "harbour-board", hour=12),
    ]
    kept = {line.sources[0] for line in fees(attendances)}
    assert kept == {f"attendance:{attendances[1].event_id}", f"attendance:{attendances[2].event_id}"}


def test_rem31_the_same_body_twice_a_day_gives_one_fee(kit: Any) -> None:
    person = uuid4()
    lines = fees(
        [at_body(kit, person, "municipal-council", hour=9), at_body(kit, person, "municipal-council", hour=18)]
    )
    assert [line.amount for line in lines] == [nok(400)]


def test_rem31_the_cap_counts_oslo_days(kit: Any) -> None:
    person = uuid4()
    # 23:30 UTC on 4 March is 00:30 on 5 March in Oslo: three meetings the same Oslo day.
    late = at_body(kit, person, "elderly-council", day=date(2024, 3, 5), hour=0, hours=1)
    assert late.attended_from.date() == date(2024, 3, 4)
    lines = fees(
        [late, at_body(kit, person, "municipal-council"), at_body(kit, person, "executive-committee", hour=14)]
    )
    assert sorted(line.amount for line in lines) == [nok(400), nok(400)]


def test_rem31_no_fee_for_party_group_meetings(kit: Any) -> None:
    (decision,) = assess_attendances(
        [at_body(kit, uuid4(), "municipal-council", kind="group_meeting")], [], BOOK.version_at, earners={}
    )
    assert decision.refusal == "REM-31: no meeting fee for party group meetings"


def test_rem31_short_sub_committee_meetings_can_be_configured_without_fee(kit: Any) -> None:
    attendance = at_body(kit, uuid4(), "dispensation-committee")
    configured = kit.one_version(
        lambda s: s["models"]["1"]["fees"].update(bodies_without_fee=["dispensation-committee"])
    )
    assert fees([attendance], settings_at=configured) == []


def test_rem31_the_fee_lapses_where_equivalent_remuneration_is_paid(kit: Any) -> None:
    attendance = at_body(kit, uuid4(), "municipal-council")
    (decision,) = assess_attendances(
        [attendance], [], BOOK.version_at, earners={}, lapsed={attendance.event_id: "KS board fee"}
    )
    assert decision.refusal == (
        "REM-31: the fee lapses, as equivalent remuneration is paid under law or special agreement: KS board fee"
    )


def test_rem31_a_fee_lapses_for_the_covered_meeting_only(kit: Any) -> None:
    person, other = uuid4(), uuid4()
    covered = at_body(kit, person, "harbour-board")
    next_meeting = at_body(kit, person, "harbour-board", day=date(2024, 3, 12))
    colleague = at_body(kit, other, "harbour-board", meeting=covered.meeting_id)
    record = EquivalentRemuneration(person, "Havnelova § 5, fee from the port company", meeting_id=covered.meeting_id)
    attendances = [covered, next_meeting, colleague]
    lapsed = lapsed_fees(attendances, [record])
    assert lapsed == {covered.event_id: "Havnelova § 5, fee from the port company"}
    decisions = {
        d.attendance.event_id: d
        for d in assess_attendances(attendances, [], BOOK.version_at, earners={}, lapsed=lapsed)
    }
    assert not decisions[covered.event_id].granted
    assert decisions[covered.event_id].refusal == (
        "REM-31: the fee lapses, as equivalent remuneration is paid under law or special agreement: "
        "Havnelova § 5, fee from the port company"
    )
    assert decisions[next_meeting.event_id].granted and decisions[colleague.event_id].granted


def test_rem31_a_body_span_covers_only_the_oslo_days_inside_it(kit: Any) -> None:
    person = uuid4()
    record = EquivalentRemuneration(
        person, "KS agreement", body_key="harbour-board", start_date=date(2024, 3, 5), end_date=date(2024, 3, 20)
    )
    # 00:30 in Oslo on the first day is 23:30 UTC the day before: inside the span.
    first_day = at_body(kit, person, "harbour-board", day=date(2024, 3, 5), hour=0, hours=1)
    assert first_day.attended_from.date() == date(2024, 3, 4)
    last_day = at_body(kit, person, "harbour-board", day=date(2024, 3, 20))
    before = at_body(kit, person, "harbour-board", day=date(2024, 3, 4))
    after = at_body(kit, person, "harbour-board", day=date(2024, 3, 21))
    other_body = at_body(kit, person, "municipal-council", day=date(2024, 3, 12))
    attendances = [first_day, last_day, before, after, other_body]
    assert set(lapsed_fees(attendances, [record])) == {first_day.event_id, last_day.event_id}
    open_ended = replace(record, end_date=None)
    assert set(lapsed_fees(attendances, [open_ended])) == {first_day.event_id, last_day.event_id, after.event_id}


def test_rem31_a_lapsed_fee_does_not_use_up_one_of_the_days_two_fees(kit: Any) -> None:
    person = uuid4()
    harbour = at_body(kit, person, "harbour-board", hour=8)
    council = at_body(kit, person, "municipal-council", hour=12)
    elderly = at_body(kit, person, "elderly-council", hour=16)
    record = EquivalentRemuneration(person, "KS agreement", body_key="harbour-board", start_date=DAY)
    attendances = [harbour, council, elderly]
    lines = fees(attendances, lapsed=lapsed_fees(attendances, [record]))
    # Without the lapse the 300 of the elderly council would be the third fee of the day, and dropped.
    assert sorted((line.sources[0], line.amount) for line in lines) == sorted(
        [(f"attendance:{council.event_id}", nok(400)), (f"attendance:{elderly.event_id}", nok(300))]
    )


def test_rem31_a_lapsed_fee_leaves_the_bodys_other_meeting_that_day_its_fee(kit: Any) -> None:
    person = uuid4()
    morning = at_body(kit, person, "municipal-council", hour=9)
    evening = at_body(kit, person, "municipal-council", hour=18)
    record = EquivalentRemuneration(person, "Special agreement 2024-3", meeting_id=morning.meeting_id)
    (line,) = fees([morning, evening], lapsed=lapsed_fees([morning, evening], [record]))
    assert line.sources == (f"attendance:{evening.event_id}",)


def test_rem31_lost_earnings_are_paid_when_the_fee_lapses(kit: Any) -> None:
    person = uuid4()
    same_day = SameDay(lapsed_bodies={"harbour-board": "KS agreement"})
    claim = ClaimInput(
        kind=ClaimKind.LOST_EARNINGS,
        person_id=person,
        day=DAY,
        claim_id=uuid4(),
        documented=True,
        documentation_kind=DocumentationKind.EMPLOYER_STATEMENT,
        documentation_ref="Lønnstrekk",
        amount_claimed=nok(1800),
    )
    decision, in_force = BOOK.version_at(DAY)
    line = assess_claim(claim, in_force, EarnerCategory.WAGE_EARNER, decision, same_day=same_day)
    assert (line.item_type, line.amount, line.rule) == (ItemType.LOST_EARNINGS, nok(1800), "REM-20")
    # In the quarter, only the fee goes: the attendance still counts for everything else.
    attendance = at_body(kit, person, "harbour-board")
    record = EquivalentRemuneration(person, "KS agreement", body_key="harbour-board", start_date=DAY)
    offices = [kit.office(person, "member", body_key="harbour-board", body_type="harbour_board")]
    args: dict[str, Any] = {"period": Period(2024, 1), "settings_at": BOOK.version_at, "offices": offices}
    args |= {"attendances": [attendance], "meetings": [], "leaves": [], "earners": {}}
    with_fee = compute_period(**args)
    without_fee = compute_period(**args, equivalent=[record])
    assert [line for line in with_fee if line.item_type is not ItemType.MEETING_FEE] == without_fee
    assert [line.item_type for line in with_fee if line not in without_fee] == [ItemType.MEETING_FEE]


def test_rem03_without_a_secretariat_the_official_claims_the_fee(kit: Any) -> None:
    attendance = at_body(kit, uuid4(), "elderly-council")
    unrecorded = replace(attendance, secretariat_present=False)
    (decision,) = assess_attendances([unrecorded], [], BOOK.version_at, earners={})
    assert decision.refusal == "REM-03: no secretariat was present, so the official claims this fee"


# -- REM-33 -------------------------------------------------------------------------------------


def test_rem33_no_fee_for_remote_meetings_or_courses(kit: Any) -> None:
    person = uuid4()
    attendances = [
        at_body(kit, person, "municipal-council", remote=True),
        at_body(kit, person, "elderly-council", kind="course", hour=14),
        at_body(kit, person, "executive-committee", kind="representation", day=date(2024, 3, 6)),
    ]
    decisions = assess_attendances(attendances, [], BOOK.version_at, earners={person: EarnerCategory.WAGE_EARNER})
    assert all(d.refusal and d.refusal.startswith("REM-33") for d in decisions)


def test_rem33_entitled_categories_are_held_as_rate_pending(kit: Any) -> None:
    pensioner = uuid4()
    (line,) = fees(
        [at_body(kit, pensioner, "municipal-council", remote=True)], earners={pensioner: EarnerCategory.PENSIONER}
    )
    assert (line.rule, line.status, line.amount, line.payable) == ("REM-33", LineStatus.RATE_PENDING, 0, False)
    assert "rate pending" in line.explanation


def test_rem33_pending_fees_rank_after_known_amounts_under_the_cap(kit: Any) -> None:
    student = uuid4()
    attendances = [
        at_body(kit, student, "elderly-council", kind="course", hour=8),
        at_body(kit, student, "municipal-council", hour=11),
        at_body(kit, student, "executive-committee", hour=15),
    ]
    lines = fees(attendances, earners={student: EarnerCategory.STUDENT})
    assert sorted(line.amount for line in lines) == [nok(400), nok(400)]
    assert all(line.payable for line in lines)


# -- REM-34: models 2–4 -------------------------------------------------------------------------


def test_rem34_model_2_pays_a_percentage_and_half_for_short_meetings(kit: Any) -> None:
    person = uuid4()
    long = at_body(kit, person, "executive-committee", day=MP_DAY, hours=3)
    short = at_body(kit, person, "elderly-council", day=MP_DAY, hours=Decimal("2.5"), hour=15)
    lines = {line.sources[0]: line for line in fees([long, short], model="2")}
    full = lines[f"attendance:{long.event_id}"]
    assert (full.amount, full.rule) == (162_301, "REM-34")  # 0.2 % of 811 505
    half = lines[f"attendance:{short.event_id}"]
    assert half.amount == 40_576  # half of 0.10 % of 811 505 = half of 811.51, rounded half up
    assert "half of" in half.explanation and "under 3 h" in half.explanation


def test_rem34_the_half_fee_follows_the_meetings_length_not_the_persons_time(kit: Any) -> None:
    early, late = uuid4(), uuid4()
    meeting = uuid4()
    # The executive committee met from 10 to 14; one member came at 12:30 and sat 1.5 hours.
    whole = at_body(kit, early, "executive-committee", day=MP_DAY, hour=10, hours=4, meeting=meeting)
    part = replace(
        at_body(kit, late, "executive-committee", day=MP_DAY, hour=10, hours=4, meeting=meeting),
        attended_from=whole.attended_from + timedelta(hours=2, minutes=30),
    )
    lines = {line.recipient_id: line.amount for line in fees([whole, part], model="2")}
    assert lines == {str(early): 162_301, str(late): 162_301}  # the full fee: the meeting lasted 4 hours
    # A 2.5-hour meeting gives the half fee even to one who sat through all of it.
    short = uuid4()
    (line,) = fees([at_body(kit, short, "executive-committee", day=MP_DAY, hours=Decimal("2.5"))], model="2")
    assert line.amount == 81_151 and "the meeting lasting 2.5 h" in line.explanation


def test_rem34_the_meetings_length_at_the_threshold_is_a_full_fee(kit: Any) -> None:
    meeting = uuid4()
    three = at_body(kit, uuid4(), "executive-committee", day=MP_DAY, hours=3, meeting=meeting)
    (line,) = fees([three], model="2")
    assert line.amount == 162_301
    # The length can be given for a meeting whose other attendances are not at hand (a claim's check).
    (given,) = fees([three], model="2", lengths={meeting: Fraction(179, 60)})
    assert given.amount == 81_151


def test_rem34_model_2_pays_group_meetings_too(kit: Any) -> None:
    (line,) = fees([at_body(kit, uuid4(), "municipal-council", day=MP_DAY, kind="group_meeting", hours=2)], model="2")
    assert line.amount == 81_151  # half of 1 623.01


def test_rem34_model_3_executive_members_are_paid_yearly_and_attending_deputies_per_meeting(kit: Any) -> None:
    member, deputy = uuid4(), uuid4()
    decisions = assess_attendances(
        [
            at_body(kit, member, "executive-committee", day=MP_DAY),
            at_body(kit, deputy, "executive-committee", day=MP_DAY, role="deputy", as_deputy=True),
        ],
        [],
        BOOK.version_at,
        earners={},
        model="3",
    )
    assert decisions[0].refusal and decisions[0].refusal.startswith("REM-34: no meeting fee")
    assert decisions[1].quote and decisions[1].quote.amount == 202_876  # 0.25 % of 811 505


def test_rem34_model_4_committee_leaders_fee_is_in_their_fixed_pay(kit: Any) -> None:
    chair, leader = uuid4(), uuid4()
    lines = fees(
        [
            at_body(kit, chair, "living-conditions-committee", day=MP_DAY, role="chair"),
            at_body(kit, leader, "elderly-council", day=MP_DAY, role="chair"),
        ],
        model="4",
    )
    assert [(line.recipient_id, line.amount) for line in lines] == [(str(leader), 182_301)]  # 0.2 % + 200


def test_rem34_a_percentage_of_an_unknown_mp_pay_is_rate_pending(kit: Any) -> None:
    (line,) = fees([at_body(kit, uuid4(), "municipal-council")], model="2")
    assert line.status is LineStatus.RATE_PENDING and line.amount == 0


def test_rem34_the_same_data_under_another_model_leaves_the_active_one_alone(kit: Any) -> None:
    attendance = at_body(kit, uuid4(), "municipal-council", day=MP_DAY)
    assert fees([attendance])[0].amount == nok(400)
    assert fees([attendance], model="3")[0].amount == 121_726  # 0.15 % of 811 505


def test_one_versions_settings_need_their_decision_reference(kit: Any) -> None:
    attendance = at_body(kit, uuid4(), "municipal-council")
    with pytest.raises(ValueError, match="decision reference"):
        meeting_fees([attendance], [], kit.settings(), earners={})
    (line,) = meeting_fees([attendance], [], kit.settings(), earners={}, decision="KST 1/24")
    assert line.rate_version == "KST 1/24"


def test_rem30_attendances_outside_the_period_are_left_out(kit: Any) -> None:
    inside = at_body(kit, uuid4(), "municipal-council")
    outside = at_body(kit, uuid4(), "municipal-council", day=date(2024, 4, 1))
    assert [line.sources for line in fees([inside, outside], within=Period(2024, 1))] == [
        (f"attendance:{inside.event_id}",)
    ]


# -- REM-31: fees claimed and fees from attendance share the caps -----------------------------------


def claimed_fee(person: UUID, body_key: str, minute: int, day: date = DAY) -> ClaimedFee:
    return ClaimedFee(uuid4(), person, day, body_key, kit_at(day, 20, minute))


def kit_at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def arrived(a: Attendance, hour: int, minute: int = 0) -> Attendance:
    return replace(a, received_at=kit_at(DAY, hour, minute))


def test_rem31_a_claimed_fee_counts_toward_the_two_fees_a_day(kit: Any) -> None:
    person = uuid4()
    claim = claimed_fee(person, "elderly-council", 0)  # claimed at 20:00, before the attendance arrived
    council = arrived(at_body(kit, person, "municipal-council", hour=12), 21)
    executive = arrived(at_body(kit, person, "executive-committee", hour=16), 21)
    decisions = assess_attendances([council, executive], [], BOOK.version_at, earners={}, claimed=[claim])
    assert sum(d.granted for d in decisions) == 1  # 1 claimed + 1 from attendance = 2
    (refused,) = [d for d in decisions if not d.granted]
    assert refused.refusal == f"REM-31: at most 2 meeting fees per day, counting the fees claimed ({claim.claim_id})"
    # On another day the claim does not count.
    other = claimed_fee(person, "elderly-council", 0, day=date(2024, 3, 6))
    assert len(fees([council, executive], claimed=[other])) == 2


def test_rem31_whichever_arrives_first_keeps_its_place(kit: Any) -> None:
    person = uuid4()
    # 08:00 a 300 fee arrives; 09:00 a fee is claimed (and granted against it); 10:00 a 400 fee arrives.
    first = arrived(at_body(kit, person, "elderly-council", hour=8), 8)
    claim = ClaimedFee(uuid4(), person, DAY, "harbour-board", kit_at(DAY, 9))
    later = arrived(at_body(kit, person, "municipal-council", hour=12), 10)
    lines = fees([first, later], claimed=[claim])
    assert [line.sources for line in lines] == [(f"attendance:{first.event_id}",)]  # not the higher, later one
    # Without the claim in between, both fit; with both arriving after the claim, the highest is kept.
    assert len(fees([first, later])) == 2
    both_late = [arrived(first, 10), later]
    assert [line.amount for line in fees(both_late, claimed=[claim])] == [nok(400)]


def test_rem31_one_fee_per_body_holds_across_a_claimed_fee(kit: Any) -> None:
    person = uuid4()
    claim = claimed_fee(person, "municipal-council", 0)
    (decision,) = assess_attendances(
        [arrived(at_body(kit, person, "municipal-council", hour=18), 21)],
        [],
        BOOK.version_at,
        earners={},
        claimed=[claim],
    )
    assert not decision.granted
    assert (
        decision.refusal
        == f"REM-31: one fee per body per day (municipal-council already paid by claim {claim.claim_id})"
    )
    # Another person's claim changes nothing for this one.
    assert len(fees([at_body(kit, uuid4(), "municipal-council")], claimed=[claim])) == 1


def test_rem31_the_quarter_counts_the_claimed_fees(kit: Any) -> None:
    person = uuid4()
    attendances = [
        arrived(at_body(kit, person, "municipal-council", hour=12), 21),
        arrived(at_body(kit, person, "executive-committee", hour=16), 21),
    ]
    claims = [claimed_fee(person, "elderly-council", 0), claimed_fee(person, "harbour-board", 5)]
    args: dict[str, Any] = {"period": Period(2024, 1), "settings_at": BOOK.version_at, "offices": []}
    args |= {"attendances": attendances, "meetings": [], "leaves": [], "earners": {}}
    assert len([line for line in compute_period(**args) if line.item_type is ItemType.MEETING_FEE]) == 2
    assert [line for line in compute_period(**args, claimed=claims) if line.item_type is ItemType.MEETING_FEE] == []


# -- Properties ---------------------------------------------------------------------------------

PEOPLE = [UUID(int=n) for n in range(1, 5)]
MAYOR, PENSIONER = PEOPLE[0], PEOPLE[1]
EARNERS = {PENSIONER: EarnerCategory.PENSIONER}
OFFICES_WITH_MAYOR = [
    Office(MAYOR, "municipal-council", "municipal_council", "mayor", "Ap", date(2023, 10, 1), None),
]


def _uncapped(attendances: list[Attendance], model: str) -> dict[UUID, int]:
    """Each attendance's own price, before the daily caps."""
    source = RateSource(
        lambda day: (
            BOOK.version_at(day)[0],
            BOOK.version_at(day)[1].model_copy(
                update={
                    "models": {
                        name: m.model_copy(
                            update={
                                "fees": m.fees.model_copy(update={"max_per_day": 99, "one_per_body_per_day": False})
                            }
                        )
                        for name, m in BOOK.version_at(day)[1].models.items()
                    }
                }
            ),
        ),
        model,
    )
    decisions = assess_attendances(attendances, OFFICES_WITH_MAYOR, source, earners=EARNERS)
    return {d.attendance.event_id: d.quote.amount or 0 for d in decisions if d.granted and d.quote}


def attendances_of(kit: Any, raw: list[tuple[Any, ...]]) -> list[Attendance]:
    return [
        kit.attendance(
            person,
            date(2024, 3, day),
            body_key=body,
            body_type=BODIES[body],
            hour=hour,
            hours=hours,
            remote=remote,
            kind=kind,
        )
        for person, day, body, hour, hours, remote, kind in raw
    ]


raw_attendances = st.lists(
    st.tuples(
        st.sampled_from(PEOPLE),
        st.integers(min_value=4, max_value=6),
        st.sampled_from(sorted(BODIES)),
        st.integers(min_value=0, max_value=22),
        st.sampled_from([1, 2.5, 4, 6]),
        st.booleans(),
        st.sampled_from(["meeting", "meeting", "meeting", "group_meeting", "course"]),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(raw_attendances)
def test_rem31_properties_of_the_daily_caps(kit: Any, raw: list[tuple[Any, ...]]) -> None:
    attendances = attendances_of(kit, raw)
    lines = fees(attendances, OFFICES_WITH_MAYOR, EARNERS)
    by_event = {a.event_id: a for a in attendances}
    paid = [by_event[UUID(line.sources[0].removeprefix("attendance:"))] for line in lines]
    per_day = Counter((a.person_id, line.earned_on) for a, line in zip(paid, lines, strict=True))
    per_body = Counter((a.person_id, line.earned_on, a.body_key) for a, line in zip(paid, lines, strict=True))
    assert all(n <= 2 for n in per_day.values())  # never more than 2 fees per person per day
    assert all(n == 1 for n in per_body.values())  # never two for one body per day
    assert all(a.person_id != MAYOR for a in paid)  # the mayor never gets a fee
    uncapped = _uncapped(attendances, "1")
    assert sum(line.amount for line in lines) <= sum(uncapped.values())
    for a, line in zip(paid, lines, strict=True):
        assert line.amount == uncapped[a.event_id]  # the cap drops fees, never changes one


@settings(max_examples=60, deadline=None)
@given(raw_attendances, st.randoms(use_true_random=False))
def test_rem31_which_fees_survive_does_not_depend_on_input_order(
    kit: Any, raw: list[tuple[Any, ...]], rng: random.Random
) -> None:
    attendances = attendances_of(kit, raw)
    shuffled = list(attendances)
    rng.shuffle(shuffled)
    first = {(line.sources, line.amount) for line in fees(attendances, OFFICES_WITH_MAYOR, EARNERS)}
    again = {(line.sources, line.amount) for line in fees(shuffled, OFFICES_WITH_MAYOR, EARNERS)}
    assert first == again


@settings(max_examples=60, deadline=None)
@given(raw_attendances)
def test_rem31_the_survivors_are_the_most_valuable(kit: Any, raw: list[tuple[Any, ...]]) -> None:
    attendances = attendances_of(kit, raw)
    decisions = assess_attendances(attendances, OFFICES_WITH_MAYOR, BOOK.version_at, earners=EARNERS)
    by_day: dict[tuple[UUID, date], list[Any]] = defaultdict(list)
    for d in decisions:
        if d.quote is not None:
            by_day[(d.attendance.person_id, d.day)].append(d)
    for day_decisions in by_day.values():
        kept = [d.quote.amount or 0 for d in day_decisions if d.granted]
        dropped = [d.quote.amount or 0 for d in day_decisions if not d.granted and d.refusal and "at most" in d.refusal]
        if kept and dropped:
            assert min(kept) >= max(dropped)


@settings(max_examples=40, deadline=None)
@given(raw_attendances)
def test_rem11_the_deputy_mayor_never_gets_a_fee_by_default(kit: Any, raw: list[tuple[Any, ...]]) -> None:
    deputy = PEOPLE[2]
    offices = [Office(deputy, "municipal-council", "municipal_council", "deputy_mayor", "H", date(2023, 10, 1), None)]
    assert all(line.recipient_id != str(deputy) for line in fees(attendances_of(kit, raw), offices, EARNERS))


START = datetime(2024, 3, 1, tzinfo=UTC)


@settings(max_examples=80, deadline=None)
@given(
    raw_attendances,
    st.lists(
        st.tuples(st.sampled_from(PEOPLE[1:]), st.integers(min_value=4, max_value=6), st.sampled_from(sorted(BODIES))),
        max_size=4,
        unique_by=lambda c: (c[0], c[1], c[2]),
    ),
    st.lists(st.integers(min_value=0, max_value=1439), min_size=30, max_size=30),
)
def test_rem31_the_caps_hold_across_claimed_fees_and_attendance(
    kit: Any, raw: list[tuple[Any, ...]], raw_claims: list[tuple[Any, ...]], minutes: list[int]
) -> None:
    # Fees claimed as the domain grants them: at most two a day and one per body, before the attendance.
    per_day: Counter[tuple[UUID, int]] = Counter()
    claims = []
    for person, day, body in raw_claims:
        if per_day[(person, day)] < 2:
            per_day[(person, day)] += 1
            claims.append(
                ClaimedFee(
                    uuid4(), person, date(2024, 3, day), body, START + timedelta(minutes=minutes[-1 - len(claims)])
                )
            )
    attendances = [
        replace(a, received_at=START + timedelta(minutes=m))
        for a, m in zip(attendances_of(kit, raw), minutes, strict=False)
    ]
    lines = fees(attendances, OFFICES_WITH_MAYOR, EARNERS, claimed=claims)
    by_event = {a.event_id: a for a in attendances}
    paid = [(by_event[UUID(line.sources[0].removeprefix("attendance:"))], line.earned_on) for line in lines]
    day_total = Counter((a.person_id, day) for a, day in paid) + Counter((c.person_id, c.day) for c in claims)
    body_total = Counter((a.person_id, day, a.body_key) for a, day in paid)
    body_total += Counter((c.person_id, c.day, c.body_key) for c in claims)
    assert all(n <= 2 for n in day_total.values())
    assert all(n == 1 for n in body_total.values())
