"""A hot query gives the same rows as SQLAlchemy's own execution, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import MetaData, bindparam, insert, select, update
from sqlalchemy.exc import DBAPIError

from folkevalgt_shared.db import Database
from folkevalgt_shared.hot import HotQuery
from folkevalgt_shared.register import add_register_tables
from folkevalgt_shared.testing import ServiceFactory

# The remuneration service's copy of the register: UUIDs, dates, a nullable column and UTC times.
MEMBERSHIP = add_register_tables(MetaData()).membership
BY_BODY = HotQuery(
    select(MEMBERSHIP.c.person_id, MEMBERSHIP.c.role, MEMBERSHIP.c.end_date, MEMBERSHIP.c.changed_at)
    .where(MEMBERSHIP.c.body_key == bindparam("body_key"), MEMBERSHIP.c.deleted.is_(False))
    .order_by(MEMBERSHIP.c.role)
)


async def test_hot_query_rows_match_sqlalchemy_execution(service_factory: ServiceFactory) -> None:
    h = await service_factory("remuneration")
    db: Database = h.app.state.db
    person = uuid.uuid4()
    changed = datetime(2026, 3, 1, 11, 30, tzinfo=UTC)
    common = {
        "person_id": person,
        "person_name": "Liv Strand",
        "body_id": uuid.uuid4(),
        "body_key": "municipal-council",
        "body_name": "Kommunestyret",
        "body_type": "municipal_council",
        "voting_right": True,
        "start_date": date(2023, 10, 1),
        "deleted": False,
        "version": 1,
        "changed_at": changed,
    }
    async with db.transaction() as session:
        await session.execute(
            insert(MEMBERSHIP),
            [
                {**common, "membership_id": uuid.uuid4(), "role": "member", "end_date": date(2027, 9, 30)},
                {**common, "membership_id": uuid.uuid4(), "role": "group_leader", "end_date": None},
                {
                    **common,
                    "membership_id": uuid.uuid4(),
                    "role": "deputy",
                    "body_key": "executive-committee",
                    "end_date": None,
                },
            ],
        )
    async with db.read_connection() as connection:
        hot = await BY_BODY.fetch(connection, body_key="municipal-council")
        again = await BY_BODY.fetch(connection, body_key="municipal-council")  # compiled once, reused
        plain = (await connection.execute(BY_BODY.statement, {"body_key": "municipal-council"})).all()
    assert [tuple(row) for row in hot] == [tuple(row) for row in again] == [tuple(row) for row in plain]
    assert [(row[0], row[1], row[2]) for row in hot] == [
        (person, "group_leader", None),
        (person, "member", date(2027, 9, 30)),
    ]
    assert all(row[3] == changed and row[3].utcoffset() is not None for row in hot)
    # Inside a unit of work it runs on the session's own connection, and sees its uncommitted rows.
    async with db.transaction() as session:
        await session.execute(
            insert(MEMBERSHIP), [{**common, "membership_id": uuid.uuid4(), "role": "chair", "end_date": None}]
        )
        roles = [row[1] for row in await BY_BODY.fetch(session, body_key="municipal-council")]
        await session.rollback()
    assert roles == ["chair", "group_leader", "member"]


LOCK_ROW = HotQuery(
    select(MEMBERSHIP.c.membership_id)
    .where(MEMBERSHIP.c.membership_id == bindparam("membership_id"))
    .with_for_update(nowait=True)
)


async def test_hot_query_opening_a_unit_of_work_runs_inside_it(service_factory: ServiceFactory) -> None:
    """Run first in a transaction, a hot query must still be part of it: a row it locks stays locked."""
    h = await service_factory("remuneration")
    db: Database = h.app.state.db
    if db.engine.dialect.name != "postgresql":
        return  # SQLite locks the whole database; row locks are PostgreSQL's
    membership = uuid.uuid4()
    async with db.transaction() as session:
        await session.execute(
            insert(MEMBERSHIP),
            [
                {
                    "membership_id": membership,
                    "person_id": uuid.uuid4(),
                    "person_name": "Liv Strand",
                    "body_id": uuid.uuid4(),
                    "body_key": "municipal-council",
                    "body_name": "Kommunestyret",
                    "body_type": "municipal_council",
                    "role": "member",
                    "voting_right": True,
                    "start_date": date(2023, 10, 1),
                    "deleted": False,
                    "version": 1,
                    "changed_at": datetime(2026, 3, 1, tzinfo=UTC),
                }
            ],
        )
    async with db.transaction() as holder:
        assert len(await LOCK_ROW.fetch(holder, membership_id=membership)) == 1
        async with db.transaction() as other:
            with pytest.raises(DBAPIError, match="could not obtain lock"):
                await other.execute(LOCK_ROW.statement, {"membership_id": membership})


INSERT_MEMBERSHIP = HotQuery(insert(MEMBERSHIP))


async def test_hot_insert_writes_what_sqlalchemy_reads_back(service_factory: ServiceFactory) -> None:
    """An insert on the driver applies the columns' bind processing: UUIDs, dates, NULLs and UTC times."""
    h = await service_factory("remuneration")
    db: Database = h.app.state.db
    row = {
        "membership_id": uuid.uuid4(),
        "person_id": uuid.uuid4(),
        "person_name": "Liv Strand",
        "body_id": uuid.uuid4(),
        "body_key": "municipal-council",
        "body_name": "Kommunestyret",
        "body_type": "municipal_council",
        "role": "member",
        "deputy_order": None,
        "party_group": "Ap",
        "voting_right": True,
        "on_behalf_of": None,
        "start_date": date(2023, 10, 1),
        "end_date": None,
        "deleted": False,
        "version": 1,
        "changed_at": datetime(2026, 3, 1, 11, 30, tzinfo=UTC),
    }
    async with db.transaction() as session:
        await session.execute(select(MEMBERSHIP.c.membership_id).limit(1))  # BEGIN sent: the insert runs on the driver
        await INSERT_MEMBERSHIP.run(session, **row)
    async with db.read_connection() as connection:
        stored = (await connection.execute(select(MEMBERSHIP))).mappings().one()
    assert {key: stored[key] for key in row} == row


SET_END = HotQuery(
    update(MEMBERSHIP)
    .where(MEMBERSHIP.c.membership_id == bindparam("key"))
    .values(end_date=bindparam("new_end"), changed_at=bindparam("new_changed"), version=bindparam("new_version"))
)


async def test_a_hot_update_changes_only_its_row_with_the_columns_types_applied(
    service_factory: ServiceFactory,
) -> None:
    h = await service_factory("remuneration")
    db: Database = h.app.state.db
    row = {"person_id": uuid.uuid4(), "person_name": "Liv Strand", "body_id": uuid.uuid4(),
           "body_key": "municipal-council", "body_name": "Kommunestyret", "body_type": "municipal_council",
           "role": "member", "voting_right": True, "start_date": date(2023, 10, 1), "end_date": None,
           "deleted": False, "version": 1, "changed_at": datetime(2026, 3, 1, tzinfo=UTC)}  # fmt: skip
    mine, other = uuid.uuid4(), uuid.uuid4()
    async with db.transaction() as session:
        await session.execute(insert(MEMBERSHIP), [{**row, "membership_id": mine}, {**row, "membership_id": other}])
    changed = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    async with db.transaction() as session:
        # First statement of the unit of work (BEGIN still to be sent) and a later one (run on the driver).
        await SET_END.run(session, key=mine, new_end=date(2027, 9, 30), new_changed=changed, new_version=2)
        await SET_END.run(session, key=mine, new_end=date(2027, 9, 29), new_changed=changed, new_version=3)
    columns = (MEMBERSHIP.c.membership_id, MEMBERSHIP.c.end_date, MEMBERSHIP.c.version, MEMBERSHIP.c.changed_at)
    async with db.read_connection() as connection:
        rows = {r.membership_id: r for r in (await connection.execute(select(*columns))).all()}
    assert (rows[mine].end_date, rows[mine].version, rows[mine].changed_at) == (date(2027, 9, 29), 3, changed)
    assert (rows[other].end_date, rows[other].version) == (None, 1)


FIRST_OF_BODY = HotQuery(
    select(MEMBERSHIP.c.role).where(MEMBERSHIP.c.body_key == bindparam("body_key")).order_by(MEMBERSHIP.c.role).limit(1)
)


async def test_a_value_the_statement_carries_itself_is_sent_on_the_driver_too(service_factory: ServiceFactory) -> None:
    """`.limit(1)` binds its own value: inside a unit of work already begun (where the statement runs on the
    driver connection on PostgreSQL) the caller does not pass it, and the statement still runs."""
    h = await service_factory("remuneration")
    db: Database = h.app.state.db
    row = {
        "person_id": uuid.uuid4(),
        "person_name": "Liv Strand",
        "body_id": uuid.uuid4(),
        "body_key": "municipal-council",
        "body_name": "Kommunestyret",
        "body_type": "municipal_council",
        "voting_right": True,
        "start_date": date(2023, 10, 1),
        "deleted": False,
        "version": 1,
        "changed_at": datetime(2026, 3, 1, tzinfo=UTC),
    }
    async with db.transaction() as session:
        await session.execute(
            insert(MEMBERSHIP),
            [{**row, "membership_id": uuid.uuid4(), "role": role, "end_date": None} for role in ("member", "chair")],
        )
        # The unit of work has begun (its first statement sent BEGIN): the hot path is the driver's.
        first = await FIRST_OF_BODY.fetch(session, body_key="municipal-council")
        twice = await FIRST_OF_BODY.fetch(session, body_key="municipal-council")
    assert [tuple(r) for r in first] == [tuple(r) for r in twice] == [("chair",)]
