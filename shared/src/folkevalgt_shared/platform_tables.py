"""Tables every service has besides its own: outbox, inbox, idempotency keys.

Each service adds them to its own MetaData (one database per service), so the relay, the
inbox and the idempotency support work the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

from folkevalgt_shared.types import BigIntPK, UTCDateTime


@dataclass(frozen=True)
class PlatformTables:
    outbox: Table
    inbox: Table
    idempotency: Table


def add_platform_tables(metadata: MetaData) -> PlatformTables:
    outbox = Table(
        "outbox",
        metadata,
        Column("id", BigIntPK, primary_key=True, autoincrement=True),
        Column("event_id", String(36), nullable=False),
        Column("event_type", String(200), nullable=False),
        Column("subscriber", String(100), nullable=False),
        Column("target_url", String(500), nullable=False),
        Column("payload", Text, nullable=False),
        # pending -> delivered | dead; a dead row goes back to pending when replayed.
        Column("status", String(16), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", UTCDateTime, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("delivered_at", UTCDateTime),
        Column("last_error", Text),
        UniqueConstraint("event_id", "subscriber"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )
    inbox = Table(
        "inbox",
        metadata,
        Column("event_id", String(36), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("source", String(200), nullable=False),
        Column("received_at", UTCDateTime, nullable=False),
    )
    idempotency = Table(
        "idempotency_key",
        metadata,
        Column("principal", String(200), primary_key=True),
        Column("key", String(200), primary_key=True),
        Column("request_hash", String(64), nullable=False),
        Column("status_code", Integer, nullable=False),
        Column("response_body", Text, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
    )
    return PlatformTables(outbox=outbox, inbox=inbox, idempotency=idempotency)
