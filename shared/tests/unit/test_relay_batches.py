"""How the outbox relay groups claimed rows into requests: per subscriber, in order, by count and by size."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData

from folkevalgt_shared.events.relay import Claimed, OutboxRelay
from folkevalgt_shared.platform_tables import add_platform_tables
from folkevalgt_shared.settings import EventSettings

OUTBOX = add_platform_tables(MetaData()).outbox


def _relay(**settings: Any) -> OutboxRelay:
    return OutboxRelay(db=None, outbox=OUTBOX, settings=EventSettings(**settings), sender=object())  # type: ignore[arg-type]


def _row(row_id: int, subscriber: str, size: int = 10) -> Claimed:
    return Claimed(row_id, f"e{row_id}", subscriber, f"http://{subscriber}/events", "x" * size, 0)


def _ids(batches: list[list[Claimed]]) -> list[list[int]]:
    return [[row.id for row in batch] for batch in batches]


def test_rows_are_grouped_per_subscriber_in_order_up_to_the_batch_size() -> None:
    rows = [_row(i, "leave" if i % 2 else "access") for i in range(1, 11)]
    assert _ids(_relay(delivery_batch_size=3).batches(rows)) == [[1, 3, 5], [7, 9], [2, 4, 6], [8, 10]]


def test_a_request_stops_short_of_the_byte_limit() -> None:
    rows = [_row(i, "leave", size=99) for i in range(1, 8)]  # 100 bytes each with the separator
    assert _ids(_relay(delivery_batch_size=200, delivery_batch_bytes=300).batches(rows)) == [
        [1, 2, 3],
        [4, 5, 6],
        [7],
    ]


def test_an_event_larger_than_the_byte_limit_goes_alone() -> None:
    rows = [_row(1, "leave"), _row(2, "leave", size=1000), _row(3, "leave")]
    assert _ids(_relay(delivery_batch_bytes=100).batches(rows)) == [[1], [2], [3]]


def test_the_defaults_fill_a_request_to_each_of_four_subscribers() -> None:
    settings = EventSettings()
    assert settings.relay_batch_size == 4 * settings.delivery_batch_size
