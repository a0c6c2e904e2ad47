"""The pure rules of the feedback service, FBK-01..31, at their boundaries."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.domain import followup, initiatives, intake, journal, messages, routing
from feedback.domain.followup import Owner, Route, Status
from feedback.domain.settings import Channel, rule_book

SETTINGS = rule_book().at(date(2026, 3, 4))
Q = SETTINGS.questions


def assess(
    text: str, *, on: date | None = date(2026, 3, 3), unit: bool = True, place: str | None = None
) -> intake.Concreteness:
    return intake.assess_concreteness(text=text, occurred_on=on, unit_known=unit, place=place, min_words=8, questions=Q)


def test_fbk01_eight_words_say_what_happened_seven_do_not() -> None:
    assert assess("en to tre fire fem seks sju åtte").concrete is True
    seven = assess("en to tre fire fem seks sju")
    assert seven.concrete is False and seven.missing == (intake.Element.WHAT,) and seven.questions == (Q.what,)


def test_fbk01_when_is_needed_and_where_is_the_unit_or_the_place() -> None:
    text = "Bussen kom ikke og ingen ga beskjed om det i går"
    assert assess(text, on=None).missing == (intake.Element.TIME,)
    assert assess(text, unit=False).missing == (intake.Element.UNIT, intake.Element.PLACE)
    assert assess(text, unit=False).concrete is False
    with_place = assess(text, unit=False, place="Hesseng")
    assert with_place.concrete is True and with_place.missing == (intake.Element.UNIT,)
    assert assess(text, unit=False, place="   ").concrete is False


@given(st.text(max_size=80), st.booleans(), st.booleans(), st.one_of(st.none(), st.text(max_size=10)))
def test_fbk01_concrete_exactly_when_what_when_and_where_are_known(
    text: str, known_time: bool, unit: bool, place: str | None
) -> None:
    result = assess(text, on=date(2026, 1, 1) if known_time else None, unit=unit, place=place)
    where = unit or bool(place and place.strip())
    assert result.concrete == (intake.words(text) >= 8 and known_time and where)
    assert len(result.questions) == len(result.missing)
    assert result.concrete or result.questions  # a general statement always comes with questions


def test_fbk01_anonymity_only_on_the_allowed_channels() -> None:
    allowed: list[Channel] = ["letter", "oral"]
    assert intake.anonymity_refusal(anonymous=True, channel="letter", allowed=allowed) is None
    assert intake.anonymity_refusal(anonymous=True, channel="email", allowed=allowed)
    assert intake.anonymity_refusal(anonymous=True, channel="meeting", allowed=allowed)
    assert intake.anonymity_refusal(anonymous=False, channel="email", allowed=allowed) is None


def test_fbk02_a_category_makes_input_sensitive_without_the_mark() -> None:
    assert intake.sensitive([intake.SensitiveCategory.HEALTH], False) is True
    assert intake.sensitive([], True) is True
    assert intake.sensitive([], False) is False


def test_fbk01_the_title_is_the_texts_first_words_cut_at_a_word() -> None:
    assert intake.title_of("kort", None) == "kort"
    long = "ord " * 40
    assert intake.title_of(long, None).endswith(" …") and len(intake.title_of(long, None)) <= 82
    assert intake.title_of(long, " Gitt ") == "Gitt"


def test_fbk10_guidance_follows_the_sender_and_names_the_unit() -> None:
    resident = routing.guidance_for(intake.SenderKind.RESIDENT, "teknisk-drift", SETTINGS)
    assert [g.kind for g in resident] == ["contact_unit", "web_form"]
    assert resident[0].title.endswith("Teknisk drift")
    employee = routing.guidance_for(intake.SenderKind.EMPLOYEE, None, SETTINGS)
    assert [g.kind for g in employee] == ["contact_unit", "whistleblowing", "deviation_system"]
    assert employee[0].contact is None and employee[0].url is None


@pytest.mark.parametrize(
    ("route", "taken", "status", "anonymous", "rule"),
    [
        (Route.GUIDE, {Route.FORWARD}, Status.RECEIVED, False, "FBK-10"),
        (Route.GUIDE, {Route.MEETING}, Status.RECEIVED, False, None),
        (Route.FORWARD, {Route.FORWARD}, Status.RECEIVED, False, "FBK-11"),
        (Route.FORWARD, {Route.PROXY, Route.MEETING}, Status.RECEIVED, False, None),
        (Route.PROXY, set(), Status.RECEIVED, True, "FBK-13"),
        (Route.PROXY, {Route.PROXY}, Status.RECEIVED, False, "FBK-13"),
        (Route.PROXY, {Route.FORWARD}, Status.ASSIGNED, False, None),
        (Route.MEETING, set(), Status.CLOSED, False, "FBK-21"),
    ],
)
def test_fbk10_to_13_which_route_may_be_taken(
    route: Route, taken: set[Route], status: Status, anonymous: bool, rule: str | None
) -> None:
    refusal = routing.route_refusal(route, status=status, routes_taken=frozenset(taken), anonymous=anonymous)
    assert (refusal[0] if refusal else None) == rule


def poa(**kw: object) -> routing.PowerOfAttorney:
    base: dict[str, object] = {
        "written": True,
        "document_ref": "F-1",
        "case_numbers": ("2026/1",),
        "valid_from": date(2026, 3, 1),
        "valid_to": None,
    }
    return routing.PowerOfAttorney(**(base | kw))  # type: ignore[arg-type]


def test_fbk13_a_power_of_attorney_is_written_referenced_scoped_and_in_date() -> None:
    today = date(2026, 3, 4)
    assert routing.power_of_attorney_problems(poa(), today) == []
    assert [f for f, _ in routing.power_of_attorney_problems(poa(written=False), today)] == [
        "power_of_attorney.written"
    ]
    assert [f for f, _ in routing.power_of_attorney_problems(poa(document_ref=""), today)] == [
        "power_of_attorney.document_ref"
    ]
    assert [f for f, _ in routing.power_of_attorney_problems(poa(case_numbers=()), today)] == ["case_numbers"]
    assert [f for f, _ in routing.power_of_attorney_problems(poa(case_numbers=(" ",)), today)] == ["case_numbers"]
    assert routing.power_of_attorney_problems(poa(valid_to=today), today) == []  # ends today: still valid
    assert [f for f, _ in routing.power_of_attorney_problems(poa(valid_to=today - timedelta(1)), today)] == ["valid_to"]


def test_fbk13_in_force_from_the_first_to_the_last_day_unless_revoked() -> None:
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    assert not routing.proxy_in_force(start, end, False, start - timedelta(1))
    assert routing.proxy_in_force(start, end, False, start) and routing.proxy_in_force(start, end, False, end)
    assert not routing.proxy_in_force(start, end, False, end + timedelta(1))
    assert not routing.proxy_in_force(start, None, True, start)
    assert routing.proxy_in_force(start, None, False, date(2099, 1, 1))


ORDER = [Status.RECEIVED, Status.REGISTERED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED]


@pytest.mark.parametrize("current", ORDER)
@pytest.mark.parametrize("target", ORDER)
def test_fbk21_a_forwarded_item_moves_one_step_at_a_time(current: Status, target: Status) -> None:
    allowed = ORDER.index(target) == ORDER.index(current) + 1 or current == target == Status.ASSIGNED
    assert (followup.transition_refusal(current, target, forwarded=True) is None) == allowed


def test_fbk21_input_not_forwarded_can_only_be_closed() -> None:
    assert followup.transition_refusal(Status.RECEIVED, Status.CLOSED, forwarded=False) is None
    assert followup.transition_refusal(Status.RECEIVED, Status.ASSIGNED, forwarded=False)
    assert followup.transition_refusal(Status.CLOSED, Status.CLOSED, forwarded=False)


def test_fbk22_owner_and_due_day_of_each_step() -> None:
    days, wed = SETTINGS.due_working_days, date(2026, 3, 4)

    def step(status: Status, route: Route | None, **kw: date | None) -> tuple[Owner | None, date | None]:
        s = followup.next_step(status, route, since=wed, days=days, **kw)
        return s.owner, s.due_on

    assert step(Status.RECEIVED, None) == (Owner.POLITICIAN, date(2026, 3, 11))
    assert step(Status.RECEIVED, Route.FORWARD) == (Owner.POST_RECEPTION, date(2026, 3, 6))
    assert step(Status.REGISTERED, Route.FORWARD) == (Owner.POST_RECEPTION, date(2026, 3, 9))
    assert step(Status.ASSIGNED, Route.FORWARD) == (Owner.UNIT, date(2026, 3, 25))
    assert step(Status.ANSWERED, Route.FORWARD) == (Owner.POST_RECEPTION, date(2026, 3, 11))
    assert step(Status.CLOSED, Route.GUIDE) == (None, None)
    assert step(Status.RECEIVED, Route.MEETING, meeting_on=date(2026, 3, 20)) == (Owner.POLITICIAN, date(2026, 3, 27))
    assert step(Status.RECEIVED, Route.MEETING, meeting_on=date(2026, 3, 1)) == (Owner.POLITICIAN, date(2026, 3, 11))
    assert step(Status.RECEIVED, Route.PROXY, proxy_until=date(2026, 3, 20)) == (Owner.POLITICIAN, date(2026, 3, 20))


def test_fbk22_overdue_the_day_after_the_due_day_and_no_due_day_in_the_past() -> None:
    due = date(2026, 3, 6)
    assert not followup.is_overdue(due, due) and followup.is_overdue(due, due + timedelta(1))
    assert not followup.is_overdue(None, due)
    assert followup.due_date_refusal(due, due) is None
    assert followup.due_date_refusal(due - timedelta(1), due)


@given(st.integers(min_value=1, max_value=2_000_000))
def test_fbk31_threshold_is_min_of_two_percent_rounded_up_and_300(residents: int) -> None:
    expected = min(math.ceil(residents * 2 / 100), 300)
    assert initiatives.threshold(residents, 2, 300) == expected


def test_fbk31_threshold_boundaries() -> None:
    assert initiatives.threshold(10_100, 2, 300) == 202  # Sør-Varanger
    assert initiatives.threshold(15_000, 2, 300) == 300
    assert initiatives.threshold(15_001, 2, 300) == 300
    assert initiatives.threshold(14_999, 2, 300) == 300
    assert initiatives.threshold(14_951, 2, 300) == 300
    assert initiatives.threshold(14_950, 2, 300) == 299
    assert initiatives.threshold(1, 2, 300) == 1


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2023, 9, 30), date(2019, 10, 1)),
        (date(2023, 10, 1), date(2023, 10, 1)),
        (date(2027, 9, 30), date(2023, 10, 1)),
        (date(2027, 10, 1), date(2027, 10, 1)),
        (date(2026, 3, 4), date(2023, 10, 1)),
    ],
)
def test_fbk31_the_election_period_runs_from_1_october_of_the_election_year(day: date, start: date) -> None:
    assert initiatives.election_period(day) == (start, date(start.year + 4, 9, 30))


def test_fbk31_the_same_content_ignores_case_punctuation_and_spacing_only() -> None:
    a = initiatives.content_key("Lys i løypa!", "Vi vil ha lys.")
    assert a == initiatives.content_key("  LYS  i løypa ", "vi vil HA lys")
    assert a[0] != initiatives.content_key("Lys i løypene", "x")[0]


def test_fbk31_the_signer_key_is_stable_keyed_and_reveals_nothing() -> None:
    one = initiatives.signer_key(b"k1", "12345678901")
    assert one == initiatives.signer_key(b"k1", "12345678901")
    assert one != initiatives.signer_key(b"k2", "12345678901") and "12345678901" not in one


def test_fbk20_a_sensitive_entry_is_screened_and_names_its_basis() -> None:
    main = journal.Document("Notat: Feil medisin", "Notat", "Hoveddokument")
    kwargs: dict[str, object] = {
        "year": 2026,
        "sequence": 7,
        "journal_date": date(2026, 3, 4),
        "title": "Feil medisin",
        "sender_name": "Kari",
        "anonymous": False,
        "screen": False,
        "screening_basis": None,
        "default_basis": "Offl. § 13",
        "unit_name": "Helse og omsorg",
        "main_document": main,
        "attachments": [],
    }
    open_entry = journal.build_entry(sensitive=False, **kwargs)  # type: ignore[arg-type]
    assert (open_entry.number, open_entry.public_title, open_entry.public_sender) == ("2026/7", "Feil medisin", "Kari")
    screened = journal.build_entry(sensitive=True, **kwargs)  # type: ignore[arg-type]
    assert screened.public_title == "Innspill om Helse og omsorg – *****" and screened.public_sender == "*****"
    public = journal.noark_export(screened, item_id="x", public=True)
    assert "medisin" not in str(public) and "Kari" not in str(public)
    assert public["skjerming"]["skjermingshjemmel"] == "Offl. § 13"
    full = journal.noark_export(screened, item_id="x", public=False)
    assert full["tittel"] == "Feil medisin" and full["offentligTittel"] == screened.public_title
    anonymous = journal.build_entry(sensitive=False, **(kwargs | {"anonymous": True}))  # type: ignore[arg-type]
    assert anonymous.sender == "Anonym"


def test_fbk11_the_memo_carries_the_record_and_escapes_it_in_html() -> None:
    recorded = messages.Recorded(
        politician="Aud",
        received_on=date(2026, 3, 4),
        channel="oral",
        sender_kind="resident",
        sender_name="<Kari>",
        anonymous=False,
        unit_name="Helse og omsorg",
        occurred_on=None,
        place=None,
        title="Tittel",
        text="Første linje\nAndre & linje",
        attachments=(),
        sensitive=False,
        concrete=False,
        questions=(Q.time,),
    )
    memo = messages.memo(recorded, ["Ordfører", "Rådmann"])
    assert memo.subject == "Notat: Tittel"
    assert "Til: Ordfører og Rådmann" in memo.text and "Andre & linje" in memo.text and Q.time in memo.text
    assert "&lt;Kari&gt;" in memo.html and "<Kari>" not in memo.html and "Andre &amp; linje" in memo.html
    assert "Når: Ikke kjent" in memo.text
