"""CloudEvents 1.0 structured JSON envelopes: build, read, and refuse what is not one of ours."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from unittest import mock
from uuid import UUID

import pytest

from folkevalgt_shared.contracts import CONTRACTS, MembershipChangedV1, PersonChangedV1
from folkevalgt_shared.errors import InvalidInput
from folkevalgt_shared.events import envelope
from folkevalgt_shared.events.envelope import CONTENT_TYPE, build_envelope, read_envelope

MEMBERSHIP = MembershipChangedV1(
    membership_id=UUID("6f1c1f0e-0000-4000-8000-000000000001"),
    person_id=UUID("6f1c1f0e-0000-4000-8000-000000000002"),
    person_name="Kari Nordmann",
    body_id=UUID("6f1c1f0e-0000-4000-8000-000000000003"),
    body_key="municipal-council",
    body_name="Kommunestyret",
    body_type="municipal_council",
    role="deputy",
    deputy_order=2,
    party_group="Ap",
    voting_right=True,
    start_date=date(2023, 10, 1),
    end_date=date(2027, 9, 30),
    version=3,
    changed_at=datetime(2024, 2, 29, 12, 30, tzinfo=UTC),
)
SUBJECT = "memberships/6f1c1f0e-0000-4000-8000-000000000001"


def _envelope() -> tuple[str, dict[str, Any]]:
    event_id, body = build_envelope(MEMBERSHIP, subject=SUBJECT)
    return event_id, json.loads(body)


def test_content_type_is_structured_cloudevents_json() -> None:
    assert CONTENT_TYPE == "application/cloudevents+json"


def test_build_envelope_sets_the_cloudevents_attributes() -> None:
    event_id, document = _envelope()
    assert document["specversion"] == "1.0"
    assert document["type"] == "no.folkevalgt.meetings.body.membership.changed.v1"
    assert document["source"] == "/meetings"
    assert document["subject"] == SUBJECT
    assert document["id"] == event_id
    assert UUID(event_id)
    assert document["datacontenttype"] == "application/json"
    assert document["data"] == MEMBERSHIP.model_dump(mode="json")
    assert document["data"]["start_date"] == "2023-10-01"


def test_build_envelope_gives_each_event_its_own_id() -> None:
    assert _envelope()[0] != _envelope()[0]


def test_build_envelope_with_another_source() -> None:
    _, body = build_envelope(MEMBERSHIP, subject=SUBJECT, source="/meetings/replay")
    assert json.loads(body)["source"] == "/meetings/replay"


def test_envelope_roundtrip() -> None:
    event_id, body = build_envelope(MEMBERSHIP, subject=SUBJECT)
    received = read_envelope(body)
    assert received.id == event_id
    assert received.type == MembershipChangedV1.TYPE
    assert received.source == "/meetings"
    assert received.subject == SUBJECT
    assert received.time is not None and received.time.tzinfo is not None
    assert isinstance(received.data, MembershipChangedV1)
    assert received.data == MEMBERSHIP


def test_envelope_roundtrip_of_another_contract() -> None:
    person = PersonChangedV1(person_id=UUID(int=7), name="Ola", version=1, changed_at=datetime(2024, 1, 1, tzinfo=UTC))
    received = read_envelope(build_envelope(person, subject="people/7")[1])
    assert received.data == person
    assert received.source == "/meetings"


def test_contracts_are_keyed_by_type() -> None:
    assert CONTRACTS[MembershipChangedV1.TYPE] is MembershipChangedV1
    assert CONTRACTS[PersonChangedV1.TYPE] is PersonChangedV1


@pytest.mark.parametrize("body", [b"not json", b"", b"{", b"[1, 2]", b"null", b'"a string"', b"42"])
def test_read_envelope_rejects_what_is_not_a_json_object(body: bytes) -> None:
    with pytest.raises(InvalidInput, match="CloudEvents"):
        read_envelope(body)


def _mutated(change: Callable[[dict[str, Any]], object]) -> bytes:
    _, document = _envelope()
    change(document)
    return json.dumps(document).encode()


@pytest.mark.parametrize("attribute", ["id", "source", "type", "specversion"])
def test_read_envelope_rejects_a_missing_required_attribute(attribute: str) -> None:
    with pytest.raises(InvalidInput, match=attribute):
        read_envelope(_mutated(lambda d: d.pop(attribute)))


@pytest.mark.parametrize("attribute", ["id", "source", "type"])
def test_read_envelope_rejects_an_empty_required_attribute(attribute: str) -> None:
    with pytest.raises(InvalidInput):
        read_envelope(_mutated(lambda d: d.update({attribute: ""})))


def test_read_envelope_rejects_another_specversion() -> None:
    with pytest.raises(InvalidInput, match="specversion"):
        read_envelope(_mutated(lambda d: d.update(specversion="0.3")))


def test_read_envelope_rejects_an_unsupported_type() -> None:
    with pytest.raises(InvalidInput, match="unsupported") as caught:
        read_envelope(_mutated(lambda d: d.update(type="no.folkevalgt.meetings.unknown.v9")))
    assert caught.value.extra["event_type"] == "no.folkevalgt.meetings.unknown.v9"


def test_read_envelope_rejects_a_type_the_receiver_did_not_subscribe_to() -> None:
    _, body = build_envelope(MEMBERSHIP, subject=SUBJECT)
    with pytest.raises(InvalidInput, match="unsupported"):
        read_envelope(body, {PersonChangedV1.TYPE: PersonChangedV1})


def _data_errors(change: Callable[[dict[str, Any]], object]) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        read_envelope(_mutated(change))
    assert caught.value.status == 422
    assert caught.value.errors
    return {e["field"]: e["message"] for e in caught.value.errors}


def test_read_envelope_names_a_missing_data_field() -> None:
    assert set(_data_errors(lambda d: d["data"].pop("person_id"))) == {"data.person_id"}


def test_read_envelope_names_data_fields_of_the_wrong_type() -> None:
    def change(d: dict[str, Any]) -> None:
        d["data"].update(version="three", start_date="not a date")

    assert set(_data_errors(change)) == {"data.version", "data.start_date"}


def test_read_envelope_names_a_value_outside_the_contract() -> None:
    assert set(_data_errors(lambda d: d["data"].update(role="emperor"))) == {"data.role"}


def test_read_envelope_rejects_an_unknown_data_field() -> None:
    assert set(_data_errors(lambda d: d["data"].update(national_id="01010112345"))) == {"data.national_id"}


@pytest.mark.parametrize("data", [None, [1, 2], "text"])
def test_read_envelope_rejects_data_that_is_not_an_object(data: object) -> None:
    def change(d: dict[str, Any]) -> None:
        d["data"] = data

    assert set(_data_errors(change)) == {"data"}


def _through_the_sdk(body: bytes) -> Any:
    # The SDK's reading of the same event: what read_envelope gave before it read plain events itself.
    with mock.patch.object(envelope, "_plain_event", return_value=None):
        return read_envelope(body)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: None,
        lambda d: d.update(time="2024-02-29T12:30:00+01:00"),
        lambda d: d.update(time="2024-02-29T12:30:00.5-02:30"),
        lambda d: d.update(requestid="req-1", traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        lambda d: d.update(traceparent="not a trace context"),
        lambda d: d.update(tracestate="vendor=1", dataschema="https://example.org/schema"),
        lambda d: d.pop("subject"),
        lambda d: d.pop("datacontenttype"),
    ],
)
def test_a_plain_event_reads_as_the_sdk_reads_it(change: Callable[[dict[str, Any]], object]) -> None:
    body = _mutated(change)
    assert read_envelope(body) == _through_the_sdk(body)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(time="2024-02-29T12:30:00.1234567Z"),  # more digits than fromisoformat takes
        lambda d: d.update(time="2024-02-29 12:30:00Z"),
        lambda d: d.update(requestid=7, othervendor=True),
        lambda d: d.update(requestid=""),
        lambda d: d.update(traceparent=None),
    ],
)
def test_an_unusual_event_is_read_by_the_sdk(change: Callable[[dict[str, Any]], object]) -> None:
    body = _mutated(change)
    assert envelope._plain_event(json.loads(body)) is None
    assert read_envelope(body) == _through_the_sdk(body)


def test_an_event_without_time_gets_the_time_it_is_read() -> None:
    before = datetime.now(UTC)
    received = read_envelope(_mutated(lambda d: d.pop("time")))
    assert received.time is not None and before <= received.time <= datetime.now(UTC)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(time="2024-02-30T12:30:00Z"),
        lambda d: d.update(time="yesterday"),
        lambda d: d.update(subject=""),
        lambda d: d.update(id=7),
        lambda d: d.update(Bad_Name="x"),
        lambda d: d.pop("data") and d.update(data_base64="e30="),
    ],
)
def test_what_the_sdk_refuses_is_refused(change: Callable[[dict[str, Any]], object]) -> None:
    with pytest.raises(InvalidInput, match=r"CloudEvents|does not match"):
        read_envelope(_mutated(change))
