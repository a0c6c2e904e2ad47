"""Each rule of the access regulation, attacked at its edges: the wrong person, the wrong day, the body
that did not decide, the grant that does not cover (ACC-01..71). Decisions are read the way a client reads
them: the outcome, the scope, the rule ids, and what would change it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from access.domain.decision import CaseDecider, decide
from access.domain.model import (
    Attendance,
    Case,
    Decision,
    Declaration,
    Disqualification,
    DisqualificationSource,
    Document,
    Grant,
    GrantKind,
    GrantStatus,
    JointDemand,
    Presentation,
    Proxy,
    Requester,
    Screening,
    Seat,
)
from access.domain.policy import Policy

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)
TERM = date(2023, 10, 1)
SECRET = "Offl. § 13 jf. fvl. § 13 (1) nr. 1"
EXEMPT = Screening("UO", "Offl. § 14")
CONFIDENTIAL = Screening("UO", SECRET, frozenset({"title"}))
SIGNED = (Declaration(TERM),)


def seat(body: str, role: str = "member", body_type: str = "standing_committee", **dates: Any) -> Seat:
    return Seat(body, body_type, role, dates.get("start", TERM), dates.get("end"))


COUNCIL = seat("council", body_type="municipal_council")
HEALTH = seat("health")
PLAN = seat("plan")


def person(*seats: Seat, **facts: Any) -> Requester:
    return Requester("p", tuple(seats), declarations=facts.pop("declarations", SIGNED), **facts)


def presented(body: str = "health", *, meeting: str = "m1", at: datetime = NOW - timedelta(days=1), **kw: Any) -> Case:
    return Case(kw.pop("case_number", "042/26"), presentations=(Presentation(meeting, body, at),), **kw)


def document(screening: Screening | None = EXEMPT, case_number: str = "042/26", **kw: Any) -> Document:
    return Document(kw.pop("document_id", "d1"), case_number, screening=screening, **kw)


def check(d: Decision, outcome: str, scope: str, *rules: str) -> None:
    assert (d.outcome.value, d.scope.value) == (outcome, scope), d
    for rule in rules:
        assert rule in d.rules, (rule, d)


# -- ACC-01 council members and deputies ---------------------------------------------------------------


def test_acc01_a_council_member_sees_exempt_documents_of_any_remit_once_presented(policy: Policy) -> None:
    d = decide(person(COUNCIL), presented("plan"), document(), now=NOW, policy=policy)
    check(d, "allow", "full", "ACC-01", "ACC-10", "ACC-22")
    assert "municipal council" in d.reason


def test_acc01_a_council_deputy_has_the_same_right_without_attending_any_meeting(policy: Policy) -> None:
    deputy = seat("council", "deputy", "municipal_council")
    check(decide(person(deputy), presented("plan"), document(), now=NOW, policy=policy), "allow", "full", "ACC-01")


def test_acc01_the_right_ends_with_the_seat_the_day_after_its_last_day(policy: Policy) -> None:
    ends_today = seat("council", body_type="municipal_council", end=TODAY)
    ended = seat("council", body_type="municipal_council", end=TODAY - timedelta(days=1))
    check(decide(person(ends_today), presented(), document(), now=NOW, policy=policy), "allow", "full", "ACC-01")
    check(decide(person(ended), presented(), document(), now=NOW, policy=policy), "deny", "metadata", "ACC-60")


def test_acc01_a_joint_demand_is_a_basis_but_never_opens_confidential_information(policy: Policy) -> None:
    demand = JointDemand(frozenset({"042/26"}), TODAY)
    who = person(COUNCIL, joint_demands=(demand,))
    allowed = decide(who, presented(), document(), now=NOW, policy=policy)
    check(allowed, "allow", "full", "ACC-01")
    assert "joint demand" in allowed.reason
    refused = decide(who, presented(), document(CONFIDENTIAL), now=NOW, policy=policy)
    check(refused, "deny", "none", "ACC-20")
    assert any("ACC-21" in change for change in refused.would_change)


# -- ACC-02 the mayor -----------------------------------------------------------------------------------


def test_acc02_the_mayor_sees_all_documents_on_the_council_members_timing(policy: Policy) -> None:
    mayor = seat("exec", "mayor", "executive_committee")
    check(decide(person(mayor), presented("plan"), document(), now=NOW, policy=policy), "allow", "full", "ACC-02")
    before = decide(person(mayor), Case("042/26"), document(), now=NOW, policy=policy)
    check(before, "deny", "metadata", "ACC-12")


# -- ACC-03 the control committee ----------------------------------------------------------------------


def test_acc03_a_control_committee_member_sees_a_case_still_under_preparation(policy: Policy) -> None:
    control = seat("control", body_type="control_committee")
    d = decide(person(control), Case("042/26"), document(), now=NOW, policy=policy)
    check(d, "allow", "full", "ACC-03")
    assert "ACC-10" not in d.rules and "ACC-11" not in d.rules


def test_acc03_not_a_deputy_of_the_control_committee_and_never_confidential_information(policy: Policy) -> None:
    deputy = seat("control", "deputy", "control_committee")
    check(decide(person(deputy), Case("042/26"), document(), now=NOW, policy=policy), "deny", "metadata", "ACC-04")
    control = seat("control", body_type="control_committee")
    check(
        decide(person(control), Case("042/26"), document(CONFIDENTIAL), now=NOW, policy=policy),
        "deny",
        "none",
        "ACC-20",
    )


# -- ACC-04 members and attending deputies of other bodies ----------------------------------------------


def test_acc04_a_committee_member_sees_what_lies_in_the_committees_remit(policy: Policy) -> None:
    by_owner = Case("042/26", owning_body="health", finished_at=NOW - timedelta(days=1))
    by_area = Case("042/26", remit_areas=frozenset({"primary school"}), finished_at=NOW - timedelta(days=1))
    for case in (by_owner, by_area, presented("health")):
        check(decide(person(HEALTH), case, document(), now=NOW, policy=policy), "allow", "full", "ACC-04")


def test_acc04_outside_the_remit_is_refused_and_says_what_would_change_it(policy: Policy) -> None:
    d = decide(person(HEALTH), presented("plan"), document(), now=NOW, policy=policy)
    check(d, "deny", "metadata", "ACC-04")
    assert any("ACC-04" in c for c in d.would_change) and any("ACC-05" in c for c in d.would_change)


def test_acc04_a_deputy_sees_only_the_cases_of_the_meeting_they_were_summoned_to(policy: Policy) -> None:
    deputy = seat("health", "deputy")
    absent = decide(person(deputy), presented("health", meeting="m1"), document(), now=NOW, policy=policy)
    check(absent, "deny", "metadata", "ACC-04")
    assert any("summoned" in c for c in absent.would_change)
    summoned = person(deputy, attended=(Attendance("m1"),))
    check(
        decide(summoned, presented("health", meeting="m1"), document(), now=NOW, policy=policy),
        "allow",
        "full",
        "ACC-04",
    )
    elsewhere = person(deputy, attended=(Attendance("m2"),))
    check(decide(elsewhere, presented("health", meeting="m1"), document(), now=NOW, policy=policy), "deny", "metadata")
    # A summons to the meeting of a body the person is no deputy of gives nothing.
    stranger = person(seat("plan", "deputy"), attended=(Attendance("m1"),))
    check(decide(stranger, presented("health", meeting="m1"), document(), now=NOW, policy=policy), "deny", "metadata")


def test_acc04_a_bodys_demand_opens_documents_outside_its_remit_to_its_members_only(policy: Policy) -> None:
    demand = Grant(
        GrantKind.BODY_DEMAND,
        "health",
        TODAY,
        GrantStatus.VERIFIED,
        case_number="007/26",
        case_numbers=frozenset({"042/26"}),
    )
    case = presented("plan")
    check(decide(person(HEALTH, grants=(demand,)), case, document(), now=NOW, policy=policy), "allow", "full", "ACC-04")
    check(
        decide(
            person(PLAN.__class__("exec", "executive_committee", "member", TERM), grants=(demand,)),
            case,
            document(),
            now=NOW,
            policy=policy,
        ),
        "deny",
        "metadata",
    )
    only_d2 = replace(demand, case_numbers=frozenset(), document_ids=frozenset({"d2"}))
    check(decide(person(HEALTH, grants=(only_d2,)), case, document(), now=NOW, policy=policy), "deny", "metadata")
    check(
        decide(person(HEALTH, grants=(only_d2,)), case, document(document_id="d2"), now=NOW, policy=policy),
        "allow",
        "full",
        "ACC-04",
    )


# -- ACC-05 a third of a body's members -------------------------------------------------------------------


def test_acc05_a_thirds_decision_opens_another_bodys_documents_for_the_deciding_body(policy: Policy) -> None:
    third = Grant(GrantKind.THIRD, "health", TODAY, GrantStatus.VERIFIED, target_body="plan")
    check(
        decide(person(HEALTH, grants=(third,)), presented("plan"), document(), now=NOW, policy=policy),
        "allow",
        "full",
        "ACC-05",
    )
    limited = replace(third, case_numbers=frozenset({"099/26"}))
    check(
        decide(person(HEALTH, grants=(limited,)), presented("plan"), document(), now=NOW, policy=policy),
        "deny",
        "metadata",
    )
    # Never confidential information: that needs the majority (ACC-21).
    check(
        decide(person(HEALTH, grants=(third,)), presented("plan"), document(CONFIDENTIAL), now=NOW, policy=policy),
        "deny",
        "none",
        "ACC-20",
    )
    # Not before the other body's case is presented (ACC-10).
    early = Case("042/26", owning_body="plan")
    check(
        decide(person(HEALTH, grants=(third,)), early, document(), now=NOW, policy=policy), "deny", "metadata", "ACC-12"
    )


# -- ACC-06 joint committees and advisory councils ---------------------------------------------------------


def test_acc06_an_employee_representative_in_a_joint_committee_has_the_committees_remit(policy: Policy) -> None:
    representative = seat("admin", body_type="administration_committee")
    case = Case("042/26", remit_areas=frozenset({"personnel"}), finished_at=NOW - timedelta(hours=1))
    check(decide(person(representative), case, document(), now=NOW, policy=policy), "allow", "full", "ACC-04", "ACC-06")


def test_acc06_an_advisory_council_only_for_the_cases_put_before_it_for_a_statement(policy: Policy) -> None:
    elder = seat("elders", body_type="elderly_council")
    in_remit = Case("042/26", owning_body="elders", finished_at=NOW - timedelta(days=1))
    check(decide(person(elder), in_remit, document(), now=NOW, policy=policy), "deny", "metadata", "ACC-04")
    check(decide(person(elder), presented("elders"), document(), now=NOW, policy=policy), "allow", "full", "ACC-06")


# -- ACC-10..12 when -----------------------------------------------------------------------------------


def test_acc10_the_right_arises_when_the_case_is_presented_not_a_moment_before(policy: Policy) -> None:
    at = NOW - timedelta(seconds=1)
    check(decide(person(HEALTH), presented(at=at), document(), now=NOW, policy=policy), "allow", "full", "ACC-10")
    check(decide(person(HEALTH), presented(at=NOW), document(), now=NOW, policy=policy), "allow", "full", "ACC-10")
    later = decide(person(HEALTH), presented(at=NOW + timedelta(seconds=1)), document(), now=NOW, policy=policy)
    check(later, "deny", "metadata", "ACC-12")


def test_acc11_an_administrative_case_opens_when_finished(policy: Policy) -> None:
    finished = Case("042/26", owning_body="health", finished_at=NOW - timedelta(minutes=1))
    check(decide(person(HEALTH), finished, document(), now=NOW, policy=policy), "allow", "full", "ACC-11")
    pending = replace(finished, finished_at=NOW + timedelta(minutes=1))
    check(decide(person(HEALTH), pending, document(), now=NOW, policy=policy), "deny", "metadata", "ACC-12")


def test_acc12_before_then_only_what_the_public_has_and_the_answer_points_to_acc31(policy: Policy) -> None:
    d = decide(person(COUNCIL), Case("042/26"), document(), now=NOW, policy=policy)
    check(d, "deny", "metadata", "ACC-10", "ACC-12")
    assert any("ACC-31" in c for c in d.would_change)
    check(decide(person(COUNCIL), Case("042/26"), document(None), now=NOW, policy=policy), "allow", "full", "ACC-60")


# -- ACC-20/21 confidential information ------------------------------------------------------------------

MAJORITY = Grant(GrantKind.MAJORITY, "health", TODAY, GrantStatus.VERIFIED, "m1", "042/26")


def test_acc20_confidential_information_is_not_part_of_the_right_by_default(policy: Policy) -> None:
    for who in (person(COUNCIL), person(seat("exec", "mayor", "executive_committee")), person(HEALTH)):
        check(decide(who, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "deny", "none", "ACC-20")


def test_acc21_a_majority_grant_opens_that_case_to_that_bodys_members_only(policy: Policy) -> None:
    granted = person(HEALTH, grants=(MAJORITY,))
    check(
        decide(granted, presented(), document(CONFIDENTIAL), now=NOW, policy=policy),
        "allow",
        "full",
        "ACC-21",
        "ACC-22",
    )
    other_case = presented(case_number="043/26")
    check(decide(granted, other_case, document(CONFIDENTIAL, "043/26"), now=NOW, policy=policy), "deny", "none")
    # A council member, not in the health committee, holding the health committee's grant: not theirs.
    council = person(COUNCIL, grants=(MAJORITY,))
    check(decide(council, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "deny", "none", "ACC-20")


def test_acc21_a_grant_for_some_documents_covers_only_those(policy: Policy) -> None:
    some = person(HEALTH, grants=(replace(MAJORITY, document_ids=frozenset({"d2"})),))
    check(decide(some, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "deny", "none", "ACC-20")
    check(decide(some, presented(), document(CONFIDENTIAL, document_id="d2"), now=NOW, policy=policy), "allow", "full")


def test_acc21_a_grant_the_published_decision_contradicts_has_no_effect(policy: Policy) -> None:
    contradicted = person(HEALTH, grants=(replace(MAJORITY, status=GrantStatus.CONTRADICTED),))
    check(decide(contradicted, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "deny", "none", "ACC-20")
    unverified = person(HEALTH, grants=(replace(MAJORITY, status=GrantStatus.UNVERIFIED),))
    check(decide(unverified, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "allow", "full")
    strict = replace(policy, grants_need_published_decision=True)
    check(decide(unverified, presented(), document(CONFIDENTIAL), now=NOW, policy=strict), "deny", "none", "ACC-20")
    tomorrow = person(HEALTH, grants=(replace(MAJORITY, decided_on=TODAY + timedelta(days=1)),))
    check(decide(tomorrow, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "deny", "none")


def test_acc21_a_deputy_benefits_from_the_grant_of_the_meeting_they_sat_in(policy: Policy) -> None:
    deputy = seat("health", "deputy")
    sat = person(deputy, attended=(Attendance("m1"),), grants=(MAJORITY,))
    check(decide(sat, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "allow", "full", "ACC-21")
    absent = person(deputy, attended=(Attendance("m7"),), grants=(MAJORITY,))
    check(decide(absent, presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "deny", "none")


# -- ACC-22 the confidentiality declaration ----------------------------------------------------------------


def test_acc22_without_a_signed_declaration_no_exempt_material(policy: Policy) -> None:
    unsigned = person(HEALTH, declarations=())
    d = decide(unsigned, presented(), document(), now=NOW, policy=policy)
    check(d, "deny", "metadata", "ACC-22")
    assert d.would_change == ("sign the confidentiality declaration (ACC-22)",)
    check(decide(unsigned, presented(), document(None), now=NOW, policy=policy), "allow", "full", "ACC-60")
    relaxed = replace(policy, declaration_required=False)
    d = decide(unsigned, presented(), document(), now=NOW, policy=relaxed)
    check(d, "allow", "full", "ACC-04")
    assert "ACC-22" not in d.rules


def test_acc22_a_declaration_counts_from_the_day_signed_to_its_last_day(policy: Policy) -> None:
    for declaration, outcome in (
        (Declaration(TODAY), "allow"),
        (Declaration(TODAY + timedelta(days=1)), "deny"),
        (Declaration(TERM, TODAY), "allow"),
        (Declaration(TERM, TODAY - timedelta(days=1)), "deny"),
    ):
        who = person(HEALTH, declarations=(declaration,))
        assert decide(who, presented(), document(), now=NOW, policy=policy).outcome.value == outcome, declaration


# -- ACC-23 closed-session material ---------------------------------------------------------------------------


def test_acc23_closed_session_material_is_screened_by_the_closing_basis_until_the_day_set(policy: Policy) -> None:
    secret = presented(closed=True, closed_basis="Offl. § 13 jf. fvl. § 13 (1) nr. 1")
    appointment = presented(closed=True, closed_basis="Offl. § 25, kommuneloven § 11-5")
    public_doc = document(None)
    check(decide(person(), secret, public_doc, now=NOW, policy=policy), "deny", "none", "ACC-60")
    check(decide(person(HEALTH), secret, public_doc, now=NOW, policy=policy), "deny", "none", "ACC-20", "ACC-23")
    check(decide(person(HEALTH), appointment, public_doc, now=NOW, policy=policy), "allow", "full", "ACC-23")
    lifted = replace(secret, confidential_until=TODAY)
    check(decide(person(), lifted, public_doc, now=NOW, policy=policy), "allow", "full", "ACC-60")
    still = replace(secret, confidential_until=TODAY + timedelta(days=1))
    check(decide(person(), still, public_doc, now=NOW, policy=policy), "deny", "none")


# -- ACC-40..42 disqualification -----------------------------------------------------------------------------


def test_acc40_a_disqualified_member_is_refused_despite_a_grant_and_a_declaration(policy: Policy) -> None:
    ruled = Disqualification("042/26", DisqualificationSource.MEETING)
    who = person(HEALTH, COUNCIL, grants=(MAJORITY,), disqualifications=(ruled,))
    for screening in (EXEMPT, CONFIDENTIAL):
        d = decide(who, presented(), document(screening), now=NOW, policy=policy)
        assert d.outcome.value == "deny" and d.rules[0] == "ACC-40", d
    # ACC-40 takes only the regulation's right: what the public may see stays open (ACC-60).
    check(decide(who, presented(), document(None), now=NOW, policy=policy), "allow", "full", "ACC-60")


def test_acc41_parallel_cases_of_the_same_competition_group_are_refused_too(policy: Policy) -> None:
    ruled = Disqualification("041/26", DisqualificationSource.MEETING, competition_group="tomt-kirkenes")
    who = person(COUNCIL, disqualifications=(ruled,))
    same = presented(competition_group="tomt-kirkenes")
    check(decide(who, same, document(), now=NOW, policy=policy), "deny", "metadata", "ACC-40", "ACC-41")
    check(
        decide(who, presented(competition_group="tomt-bugoynes"), document(), now=NOW, policy=policy), "allow", "full"
    )
    check(decide(who, presented(), document(), now=NOW, policy=policy), "allow", "full")


def test_acc42_a_disclosure_awaiting_assessment_suspends_access_to_the_case(policy: Policy) -> None:
    d = decide(
        person(COUNCIL, pending_disclosures=frozenset({"042/26"})), presented(), document(), now=NOW, policy=policy
    )
    check(d, "deny", "metadata", "ACC-42")


def test_acc42_acc41_a_pending_disclosure_suspends_the_parallel_cases_too(policy: Policy) -> None:
    who = person(COUNCIL, pending_disclosures=frozenset({"041/26"}), pending_groups=frozenset({"tomt-kirkenes"}))
    check(
        decide(who, presented(competition_group="tomt-kirkenes"), document(), now=NOW, policy=policy),
        "deny",
        "metadata",
        "ACC-42",
    )
    check(
        decide(who, presented(competition_group="tomt-bugoynes"), document(), now=NOW, policy=policy), "allow", "full"
    )


def test_acc42_the_administrations_assessment_points_to_the_mayor_and_the_mayor_can_lift_it(policy: Policy) -> None:
    assessed = Disqualification("042/26", DisqualificationSource.ADMINISTRATION)
    d = decide(person(COUNCIL, disqualifications=(assessed,)), presented(), document(), now=NOW, policy=policy)
    check(d, "deny", "metadata", "ACC-40", "ACC-42")
    assert any("mayor" in c for c in d.would_change)
    lifted = replace(assessed, overruled=True)
    check(
        decide(person(COUNCIL, disqualifications=(lifted,)), presented(), document(), now=NOW, policy=policy),
        "allow",
        "full",
    )


# -- ACC-50/51 proxy ---------------------------------------------------------------------------------------------

PROXY = Proxy(frozenset({"042/26"}), "Fullmakt 2026/77-1", TODAY - timedelta(days=30))


def test_acc50_a_proxy_sees_the_confidential_documents_of_the_residents_case_only(policy: Policy) -> None:
    who = person(proxies=(PROXY,), declarations=())
    early = Case("042/26")  # a party's own access does not wait for the presentation
    check(decide(who, early, document(CONFIDENTIAL), now=NOW, policy=policy), "allow", "full", "ACC-50")
    check(decide(who, Case("043/26"), document(CONFIDENTIAL, "043/26"), now=NOW, policy=policy), "deny", "none")
    hidden = document(CONFIDENTIAL, exempt_from_party_access=True)
    check(decide(who, early, hidden, now=NOW, policy=policy), "deny", "none", "ACC-40", "ACC-50")


def test_acc50_revoking_the_proxy_ends_the_access_and_the_disqualification_stays(policy: Policy) -> None:
    revoked = replace(PROXY, revoked_at=NOW)
    council = person(COUNCIL, proxies=(revoked,))
    d = decide(council, presented(), document(), now=NOW, policy=policy)
    check(d, "deny", "metadata", "ACC-40", "ACC-50")
    still = replace(PROXY, revoked_at=NOW + timedelta(seconds=1))
    check(
        decide(person(proxies=(still,)), presented(), document(CONFIDENTIAL), now=NOW, policy=policy), "allow", "full"
    )


def test_acc50_the_proxy_runs_from_its_first_to_its_last_day(policy: Policy) -> None:
    for proxy, outcome in (
        (replace(PROXY, valid_to=TODAY), "allow"),
        (replace(PROXY, valid_to=TODAY - timedelta(days=1)), "deny"),
        (replace(PROXY, valid_from=TODAY), "allow"),
        (replace(PROXY, valid_from=TODAY + timedelta(days=1)), "deny"),
    ):
        assert (
            decide(person(proxies=(proxy,)), presented(), document(), now=NOW, policy=policy).outcome.value == outcome
        )


def test_acc51_without_a_written_power_of_attorney_a_politician_gets_nothing_and_is_not_disqualified(
    policy: Policy,
) -> None:
    contact = replace(PROXY, power_of_attorney_ref=" ")
    d = decide(person(proxies=(contact,)), presented(), document(CONFIDENTIAL), now=NOW, policy=policy)
    check(d, "deny", "none", "ACC-51")
    council = person(COUNCIL, proxies=(contact,))
    check(decide(council, presented(), document(), now=NOW, policy=policy), "allow", "full", "ACC-01")


# -- ACC-60/65 the public and the screening --------------------------------------------------------------------------


def test_acc60_a_document_not_exempt_is_open_to_anyone(policy: Policy) -> None:
    check(decide(person(), Case("042/26"), document(None), now=NOW, policy=policy), "allow", "full", "ACC-60")


def test_acc60_partly_screened_documents_give_the_redacted_version_to_those_without_a_right(policy: Policy) -> None:
    partly = document(Screening("UO", SECRET, partial=True))
    check(decide(person(), presented(), partly, now=NOW, policy=policy), "partial", "redacted", "ACC-60")
    check(decide(person(COUNCIL), presented(), partly, now=NOW, policy=policy), "partial", "redacted", "ACC-20")
    check(decide(person(HEALTH, grants=(MAJORITY,)), presented(), partly, now=NOW, policy=policy), "allow", "full")


def test_acc65_a_screening_ends_on_its_end_day_in_oslo_time(policy: Policy) -> None:
    ends = Screening("UO", SECRET, frozenset({"title"}), ends_on=date(2026, 3, 10))
    before_midnight_oslo = datetime(2026, 3, 9, 22, 59, tzinfo=UTC)
    after_midnight_oslo = datetime(2026, 3, 9, 23, 0, tzinfo=UTC)
    check(decide(person(), Case("042/26"), document(ends), now=before_midnight_oslo, policy=policy), "deny", "none")
    d = decide(person(), Case("042/26"), document(ends), now=after_midnight_oslo, policy=policy)
    check(d, "allow", "full", "ACC-60", "ACC-65")


@pytest.mark.parametrize(
    ("screening", "confidential"),
    [
        (Screening("UO", "Offl. § 13 jf. fvl. § 13 (1) nr. 1"), True),
        (Screening("UO", "Offl. § 14"), False),
        (Screening("KL", "Offl. § 14"), True),  # a client case's code means secrecy whatever the basis says
        (Screening("XX", "Offl. § 23 første ledd"), True),  # temporarily blocked, not yet assessed
        (Screening("P", "Offl. § 25"), False),
        (Screening("UO", "bvl. § 6-7"), True),
    ],
)
def test_acc65_the_legal_basis_or_the_code_decides_confidential_or_exempt(
    screening: Screening, confidential: bool, policy: Policy
) -> None:
    d = decide(person(COUNCIL), presented(), document(screening), now=NOW, policy=policy)
    assert (d.outcome.value == "deny" and "ACC-20" in d.rules) is confidential, d
    assert (d.outcome.value == "allow") is not confidential, d


def test_acc65_an_agenda_document_marked_exempt_without_a_basis_is_treated_as_confidential(policy: Policy) -> None:
    marked = Document("d1", "042/26", presented_exempt=True)
    check(decide(person(COUNCIL), presented(), marked, now=NOW, policy=policy), "deny", "none", "ACC-20")
    internal = replace(marked, presented_basis="Offl. § 14")
    check(decide(person(COUNCIL), presented(), internal, now=NOW, policy=policy), "allow", "full")


# -- ACC-70/71 what a decision says and shows --------------------------------------------------------------------------


def test_acc70_every_decision_names_its_rules_a_reason_and_for_a_refusal_what_would_change_it(policy: Policy) -> None:
    d = decide(person(HEALTH, declarations=()), presented(), document(), now=NOW, policy=policy)
    assert d.rules and d.reason.endswith(".") and d.would_change
    allowed = decide(person(HEALTH), presented(), document(), now=NOW, policy=policy)
    assert allowed.rules == ("ACC-04", "ACC-10", "ACC-22") and allowed.would_change == ()


def test_acc71_a_refused_document_with_a_screened_title_is_not_even_listed(policy: Policy) -> None:
    assert not decide(person(COUNCIL), presented(), document(CONFIDENTIAL), now=NOW, policy=policy).listed
    assert decide(person(COUNCIL), presented(), document(Screening("UO", SECRET)), now=NOW, policy=policy).listed


def test_acc71_the_case_title_is_shown_only_to_whom_it_is_not_screened_from(policy: Policy) -> None:
    case = presented(title_screened=True, title_basis=SECRET)
    assert CaseDecider(person(COUNCIL), case, now=NOW, policy=policy).decide_case_title().outcome.value == "deny"
    granted = CaseDecider(person(HEALTH, grants=(MAJORITY,)), case, now=NOW, policy=policy)
    assert granted.decide_case_title().outcome.value == "allow"
    open_case = CaseDecider(person(), presented(), now=NOW, policy=policy)
    assert open_case.decide_case_title().outcome.value == "allow"


def test_a_document_of_another_case_is_never_decided_under_this_one(policy: Policy) -> None:
    d = decide(person(COUNCIL), presented(), document(None, "099/26"), now=NOW, policy=policy)
    check(d, "deny", "none")
