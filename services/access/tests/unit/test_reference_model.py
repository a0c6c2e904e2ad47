"""The decision function against an independent reference model written here from the rules digest
(access.md), over more than ten thousand generated cases: not one wrongful allow, not one wrongful denial.

The reference reads the facts directly and states each rule in a line or two; it calls nothing in
`access.domain` but the plain data classes that carry the facts. Legal bases are classified by a table of
the bases the generator uses, not by the settings' patterns, so the settings are checked as well.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from access.domain.decision import decide
from access.domain.model import (
    Attendance,
    Case,
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

NOW = datetime(2026, 3, 10, 22, 30, tzinfo=UTC)  # 23:30 in Oslo: still the 10th there
TODAY = NOW.astimezone(ZoneInfo("Europe/Oslo")).date()
CASE, OTHER = "042/26", "043/26"
DOC, OTHER_DOC = "doc-1", "doc-9"
MEETINGS = ("m1", "m2", "m3")

# The digest's vocabulary, as the generator uses it: which bases and codes mean confidentiality (ACC-20/65).
BASIS_IS_SECRET = {
    "Offl. § 13 jf. fvl. § 13 (1) nr. 1": True,
    "offl. §13 jf. barnevernloven § 6-7": True,
    "Taushetsplikt etter helsepersonelloven § 21": True,
    "Offl. § 14": False,
    "Offl. § 23 første ledd": False,
    "Offl. § 25, kommuneloven § 11-5": False,
}
CODE_IS_SECRET = {"UO": False, "P": False, "KL": True, "XX": True}
REMITS = {  # the unit tests' bodies (conftest): key -> (type, remit)
    "council": ("municipal_council", {"all municipal matters"}),
    "control": ("control_committee", {"supervision"}),
    "exec": ("executive_committee", {"budget", "urgent cases"}),
    "health": ("standing_committee", {"health services", "primary school"}),
    "plan": ("standing_committee", {"roads", "zoning plans"}),
    "admin": ("administration_committee", {"personnel"}),
    "elders": ("elderly_council", {"matters concerning the elderly"}),
}
ADVISORY = {"elderly_council"}
SEATED = {"member", "chair", "vice_chair", "mayor", "deputy_mayor"}


# -- the reference model ----------------------------------------------------------------------------


def reference(req: Requester, case: Case, doc: Document, now: datetime, policy: Policy) -> tuple[str, str, str]:
    """(outcome, scope, the first rule that refuses or "" when allowed), from the digest."""
    today = now.astimezone(ZoneInfo("Europe/Oslo")).date()
    if doc.case_number != case.case_number:
        return "deny", "none", "ACC-10"

    # ACC-60/65: what screens the document today, and how hard (0 public, 1 exempt, 2 confidential).
    s = doc.screening
    lapsed = s is not None and s.ends_on is not None and today >= s.ends_on
    screens = s is not None and not lapsed
    level = (
        (2 if CODE_IS_SECRET[s.restriction_code] or BASIS_IS_SECRET.get(s.basis or "", False) else 1) if screens else 0
    )
    partial = screens and s.partial
    title_hidden = screens and "title" in s.screened_fields
    if doc.presented_exempt and not lapsed:  # MTG-06: exempt on the agenda, secrecy unless the basis says otherwise
        level = max(level, 2 if doc.presented_basis is None or BASIS_IS_SECRET[doc.presented_basis] else 1)
        partial, title_hidden = False, True
    if case.closed and (case.confidential_until is None or today < case.confidential_until):  # ACC-23
        level = max(level, 2 if case.closed_basis is None or BASIS_IS_SECRET[case.closed_basis] else 1)
        partial, title_hidden = False, True
    if level == 0:
        return "allow", "full", ""  # ACC-60: anyone

    # ACC-50: a written power of attorney in force for this case: the party's own access.
    def written(p: Proxy) -> bool:
        return p.power_of_attorney_ref.strip() != ""

    if not doc.exempt_from_party_access and any(
        written(p)
        and case.case_number in p.case_numbers
        and p.valid_from <= today
        and (p.valid_to is None or today <= p.valid_to)
        and (p.revoked_at is None or now < p.revoked_at)
        for p in req.proxies
    ):
        return "allow", "full", ""

    seats = [x for x in req.seats if x.start <= today and (x.end is None or today <= x.end)]
    presented = [p for p in case.presentations if p.presented_at <= now]
    attended = {a.meeting_id for a in req.attended}

    def holds_seat(body: str) -> bool:
        return any(x.body_key == body and x.role in SEATED for x in seats)

    def in_body(g: Grant) -> bool:  # a member, or a deputy of the body at the meeting that decided it
        return holds_seat(g.body_key) or (
            g.meeting_id is not None and g.meeting_id in attended and any(x.body_key == g.body_key for x in seats)
        )

    def effective(g: Grant) -> bool:
        return (
            g.decided_on <= today
            and g.status is not GrantStatus.CONTRADICTED
            and (g.status is GrantStatus.VERIFIED or not policy.grants_need_published_decision)
        )

    mine = [g for g in req.grants if effective(g) and in_body(g)]
    put_before = {p.body_key for p in case.presentations}  # in the remit of where it goes, whenever it goes there
    in_remit = {b for b, (_, areas) in REMITS.items() if areas & case.remit_areas} | put_before
    if case.owning_body:
        in_remit.add(case.owning_body)

    # ACC-01..06: who has a right of access at all.
    council = any(REMITS.get(x.body_key, ("", set()))[0] == "municipal_council" for x in seats)  # ACC-01
    mayor = any(x.role == "mayor" for x in seats)  # ACC-02
    control = any(x.body_key == "control" and x.role in SEATED for x in seats)  # ACC-03
    member = any(  # ACC-04, ACC-06
        x.role in SEATED
        and x.body_key not in ("council", "control")
        and ((x.body_key in put_before) if x.body_type in ADVISORY else (x.body_key in in_remit))
        for x in seats
    )
    deputy = any(  # ACC-04: attending deputies, for the cases of their meetings
        p.meeting_id in attended and any(x.body_key == p.body_key for x in seats) for p in case.presentations
    )
    demanded = any(  # ACC-04: the body's demand outside its remit
        g.kind is GrantKind.BODY_DEMAND and (case.case_number in g.case_numbers or doc.document_id in g.document_ids)
        for g in mine
    )
    third = any(  # ACC-05
        g.kind is GrantKind.THIRD
        and g.target_body in in_remit
        and (not g.case_numbers or case.case_number in g.case_numbers)
        for g in mine
    )
    majority = any(  # ACC-21
        g.kind is GrantKind.MAJORITY
        and g.case_number == case.case_number
        and (not g.document_ids or doc.document_id in g.document_ids)
        for g in mine
    )
    disqualified = any(written(p) and case.case_number in p.case_numbers for p in req.proxies) or any(
        not d.overruled
        and (
            d.case_number == case.case_number
            or (case.competition_group is not None and d.competition_group == case.competition_group)
        )
        for d in req.disqualifications
    )
    declared = any(d.signed_on <= today and (d.valid_until is None or today <= d.valid_until) for d in req.declarations)
    in_time = control or bool(presented) or (case.finished_at is not None and case.finished_at <= now)

    refusal = next(
        (
            rule
            for rule, refuses in (
                ("ACC-40", disqualified),
                (
                    "ACC-42",  # a disclosure awaiting assessment, here or in a parallel case (ACC-41)
                    case.case_number in req.pending_disclosures
                    or (case.competition_group is not None and case.competition_group in req.pending_groups),
                ),
                (
                    "ACC-04" if seats else "ACC-60",
                    not (council or mayor or control or member or deputy or demanded or third),
                ),
                ("ACC-12", not in_time),
                ("ACC-20", level == 2 and not majority),
                ("ACC-22", policy.declaration_required and not declared),
            )
            if refuses
        ),
        "",
    )
    if not refusal:
        return "allow", "full", ""
    if partial:
        return "partial", "redacted", refusal
    return "deny", "none" if title_hidden else "metadata", refusal


# -- what is generated ---------------------------------------------------------------------------------
# Strategies are built once: building one per draw would cost more than the decisions themselves.


@functools.cache
def pick(*values: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


@functools.cache
def subset(*values: Any, min_size: int = 0, max_size: int | None = None) -> st.SearchStrategy[frozenset[Any]]:
    return st.frozensets(st.sampled_from(values), min_size=min_size, max_size=max_size)


@functools.cache
def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


days = pick(-400, -30, -1, 0, 1, 30, 400)
moments = pick(-timedelta(days=30), -timedelta(minutes=1), timedelta(0), timedelta(minutes=1), timedelta(days=3))
bodies = pick(*sorted(REMITS))
secret_or_not = pick(*sorted(BASIS_IS_SECRET))
AREAS = sorted(set().union(*(r for _, r in REMITS.values())))
DQ_CASES = pick(CASE, OTHER)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def maybe_day(draw: Any) -> date | None:
    offset = draw(maybe(days))
    return None if offset is None else day(offset)


@st.composite
def seats(draw: Any) -> Seat:
    body = draw(bodies)
    start, end = draw(pick((-400, None), (-400, None), (-400, None), (-400, -1), (-400, 0), (1, None), (0, 30)))
    role = draw(pick("member", "chair", "deputy", "mayor", "deputy_mayor", "group_leader"))
    return Seat(body, REMITS[body][0], role, day(start), None if end is None else day(end))


@st.composite
def grants(draw: Any, held: tuple[str, ...]) -> Grant:
    return Grant(
        kind=draw(pick(*GrantKind)),
        body_key=draw(pick(*held) if held and draw(st.booleans()) else bodies),
        decided_on=day(draw(pick(-30, 0, 1))),
        status=draw(pick(*GrantStatus)),
        meeting_id=draw(pick(None, *MEETINGS)),
        case_number=draw(pick(CASE, OTHER, None)),
        target_body=draw(maybe(bodies)),
        case_numbers=draw(subset(CASE, OTHER)),
        document_ids=draw(subset(DOC, OTHER_DOC)),
    )


@st.composite
def proxies(draw: Any) -> Proxy:
    revoked = draw(maybe(moments))
    return Proxy(
        case_numbers=draw(subset(CASE, OTHER, min_size=1)),
        power_of_attorney_ref=draw(pick("Fullmakt 2026/77-1", "", "  ")),
        valid_from=day(draw(pick(-30, 0, 1))),
        valid_to=maybe_day(draw),
        revoked_at=None if revoked is None else NOW + revoked,
    )


@st.composite
def disqualifications(draw: Any, group: str | None) -> Disqualification:
    number, in_group = draw(pick((CASE, group), (OTHER, "g1"), (OTHER, "g2"), (OTHER, None)))
    source = draw(pick(*DisqualificationSource))
    overruled = source is DisqualificationSource.ADMINISTRATION and draw(st.booleans())
    return Disqualification(number, source, in_group, overruled=overruled)


@st.composite
def requesters(draw: Any, group: str | None) -> Requester:
    rare = draw(pick(0, 1, 2, 3)) == 0
    held = tuple(draw(st.lists(seats(), min_size=draw(pick(0, 1, 1, 1)), max_size=3)))
    return Requester(
        person_id="p",
        seats=held,
        attended=tuple(Attendance(m) for m in draw(subset(*MEETINGS, max_size=2))),
        grants=tuple(draw(st.lists(grants(tuple(sorted({s.body_key for s in held}))), max_size=3))),
        disqualifications=tuple(draw(st.lists(disqualifications(group), max_size=2))) if rare else (),
        pending_disclosures=draw(pick(*[frozenset()] * 4, frozenset({CASE}), frozenset({OTHER}))),
        pending_groups=draw(pick(*[frozenset()] * 5, frozenset({"g1"}))),
        proxies=tuple(draw(st.lists(proxies(), max_size=2))) if draw(pick(0, 1, 2, 3)) == 0 else (),
        declarations=tuple(
            Declaration(day(draw(pick(-400, -400, 0, 1))), maybe_day(draw)) for _ in range(draw(pick(0, 0, 0, 1, 2)))
        ),
        joint_demands=tuple(
            JointDemand(draw(subset(CASE, OTHER, min_size=1)), day(draw(days))) for _ in range(draw(pick(0, 1)))
        ),
    )


@st.composite
def cases(draw: Any) -> Case:
    meetings = draw(subset(*MEETINGS, max_size=2))
    presentations = tuple(Presentation(m, draw(bodies), NOW + draw(moments)) for m in sorted(meetings))
    finished = draw(maybe(moments))
    closed = draw(st.booleans())
    return Case(
        case_number=CASE,
        presentations=presentations,
        finished_at=None if finished is None else NOW + finished,
        owning_body=draw(maybe(bodies)),
        remit_areas=draw(subset(*AREAS, max_size=2)),
        competition_group=draw(pick(None, "g1")),
        closed=closed,
        closed_basis=draw(maybe(secret_or_not)) if closed else None,
        confidential_until=maybe_day(draw),
        title_screened=draw(st.booleans()),
        title_basis="Offl. § 13",
    )


@st.composite
def documents(draw: Any) -> Document:
    screening = None
    if draw(pick(0, 1, 2, 3)):
        screening = Screening(
            restriction_code=draw(pick(*sorted(CODE_IS_SECRET))),
            basis=draw(secret_or_not),
            screened_fields=draw(subset("title", "correspondent")),
            partial=draw(st.booleans()),
            ends_on=maybe_day(draw),
        )
    exempt = draw(pick(0, 1, 2, 3, 4)) == 0
    return Document(
        document_id=draw(pick(DOC, DOC, DOC, OTHER_DOC)),
        case_number=draw(pick(*[CASE] * 15, OTHER)),
        screening=screening,
        presented_exempt=exempt,
        presented_basis=draw(maybe(secret_or_not)) if exempt else None,
        exempt_from_party_access=draw(pick(0, 1, 2, 3, 4, 5)) == 0,
    )


@st.composite
def situations(draw: Any) -> tuple[Requester, Case, list[Document]]:
    case = draw(cases())
    return draw(requesters(case.competition_group)), case, draw(st.lists(documents(), min_size=16, max_size=16))


FLAGS = [(True, False), (False, False), (True, True), (False, True)]


def test_the_decision_function_agrees_with_the_reference_model_over_ten_thousand_cases(policy: Policy) -> None:
    tally: Counter[str] = Counter()
    policies = [replace(policy, declaration_required=d, grants_need_published_decision=g) for d, g in FLAGS]

    @settings(
        max_examples=170,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(situations())
    def agree(situation: tuple[Requester, Case, list[Document]]) -> None:
        requester, case, docs = situation
        for doc in docs:
            for flagged in policies:
                got = decide(requester, case, doc, now=NOW, policy=flagged)
                outcome, scope, refusal = reference(requester, case, doc, NOW, flagged)
                if got.outcome.value == "allow" and outcome != "allow":
                    tally["wrongful allow"] += 1
                if got.outcome.value != "allow" and outcome == "allow":
                    tally["wrongful denial"] += 1
                assert (got.outcome.value, got.scope.value) == (outcome, scope), (requester, case, doc, flagged, got)
                assert not refusal or refusal in got.rules, (refusal, got)
                tally["cases"] += 1
                tally[outcome] += 1
                tally[f"refused by {refusal}"] += bool(refusal)

    agree()
    assert tally["wrongful allow"] == 0 and tally["wrongful denial"] == 0
    assert tally["cases"] >= 10_000, tally
    # The generator reaches every outcome and every ground of refusal, not one corner of the space.
    assert min(tally["allow"], tally["deny"], tally["partial"]) >= 300, tally
    for rule in ("ACC-40", "ACC-42", "ACC-04", "ACC-60", "ACC-12", "ACC-20", "ACC-22"):
        assert tally[f"refused by {rule}"] >= 50, (rule, tally)


# -- the hard combinations, each by hand, through both ---------------------------------------------------

SEALED = Screening("UO", "Offl. § 13 jf. fvl. § 13 (1) nr. 1", frozenset({"title"}))
EXEMPT = Screening("UO", "Offl. § 14")
PRESENTED = (Presentation("m1", "health", NOW - timedelta(days=2)),)
DECLARED = (Declaration(date(2023, 10, 1)),)
HEALTH_MEMBER = Seat("health", "standing_committee", "member", date(2023, 10, 1))
MAJORITY = Grant(GrantKind.MAJORITY, "health", day(-1), GrantStatus.VERIFIED, "m1", CASE)


def hard(name: str) -> tuple[Requester, Case, Document, tuple[str, str, str]]:
    case = Case(CASE, presentations=PRESENTED)
    secret = Document(DOC, CASE, screening=SEALED)
    if name == "disqualified member of a body holding a majority grant":
        who = Requester(
            "p",
            (HEALTH_MEMBER,),
            grants=(MAJORITY,),
            declarations=DECLARED,
            disqualifications=(Disqualification(CASE, DisqualificationSource.MEETING),),
        )
        return who, case, secret, ("deny", "none", "ACC-40")
    if name == "proxy revoked":
        revoked = Proxy(frozenset({CASE}), "Fullmakt 2026/77-1", day(-30), revoked_at=NOW - timedelta(minutes=1))
        return (
            Requester("p", (HEALTH_MEMBER,), proxies=(revoked,), declarations=DECLARED),
            case,
            secret,
            ("deny", "none", "ACC-40"),
        )
    if name == "proxy in force":
        proxy = Proxy(frozenset({CASE}), "Fullmakt 2026/77-1", day(-30))
        return Requester("p", proxies=(proxy,)), Case(CASE), secret, ("allow", "full", "")
    if name == "screened title without a right":
        return Requester("p"), case, secret, ("deny", "none", "ACC-60")
    if name == "joint demand for confidential material":
        council = Seat("council", "municipal_council", "member", date(2023, 10, 1))
        who = Requester(
            "p", (council,), declarations=DECLARED, joint_demands=(JointDemand(frozenset({CASE}), day(-1)),)
        )
        return who, case, secret, ("deny", "none", "ACC-20")
    if name == "control committee before presentation":
        control = Seat("control", "control_committee", "member", date(2023, 10, 1))
        return (
            Requester("p", (control,), declarations=DECLARED),
            Case(CASE),
            Document(DOC, CASE, screening=EXEMPT),
            ("allow", "full", ""),
        )
    if name == "council member before presentation":
        council = Seat("council", "municipal_council", "member", date(2023, 10, 1))
        return (
            Requester("p", (council,), declarations=DECLARED),
            Case(CASE),
            Document(DOC, CASE, screening=EXEMPT),
            ("deny", "metadata", "ACC-12"),
        )
    if name == "deputy who has not attended":
        deputy = Seat("health", "standing_committee", "deputy", date(2023, 10, 1))
        return (
            Requester("p", (deputy,), declarations=DECLARED),
            case,
            Document(DOC, CASE, screening=EXEMPT),
            ("deny", "metadata", "ACC-04"),
        )
    assert name == "deputy who attended"
    deputy = Seat("health", "standing_committee", "deputy", date(2023, 10, 1))
    who = Requester("p", (deputy,), attended=(Attendance("m1"),), declarations=DECLARED)
    return who, case, Document(DOC, CASE, screening=EXEMPT), ("allow", "full", "")


@pytest.mark.parametrize(
    "name",
    [
        "disqualified member of a body holding a majority grant",
        "proxy revoked",
        "proxy in force",
        "screened title without a right",
        "joint demand for confidential material",
        "control committee before presentation",
        "council member before presentation",
        "deputy who has not attended",
        "deputy who attended",
    ],
)
def test_the_hard_combinations_are_decided_as_the_rules_say(name: str, policy: Policy) -> None:
    requester, case, doc, expected = hard(name)
    assert reference(requester, case, doc, NOW, policy) == expected
    got = decide(requester, case, doc, now=NOW, policy=policy)
    assert (got.outcome.value, got.scope.value) == expected[:2]
    assert not expected[2] or expected[2] in got.rules
