"""What OParl publishes, in SQL, with each object's `created` and `modified` as the public sees them.

An object's `modified` moves whenever what it shows changes (OParl 1.1 2.8: a sub-object's change moves its
main object): an agenda item with its notice, votes and documents, a meeting with its agenda, a person with
their memberships, a paper and its consultations with every public treatment of the case. Lists are
ordered and filtered by these same stamps, so `modified_since` misses nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, case, func, literal, select, union_all

from meetings.register.models import Membership, Person
from meetings.sittings.models import AgendaDocument, AgendaItem, Meeting
from meetings.voting.models import VoteEvent


def noticed() -> ColumnElement[bool]:
    """MTG-06 (domain.publication.agenda_published): the agenda is public once the notice is out."""
    return Meeting.notice_published_at.is_not(None)


def public_item() -> ColumnElement[bool]:
    """MTG-06/07: a treatment the public may see: its notice is out and it is not behind closed doors.
    Needs Meeting joined."""
    return noticed() & AgendaItem.closed.is_(False)


def later(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    """The later of two times, the second never null (GREATEST on both SQLite and PostgreSQL)."""
    return case((b > a, b), else_=a)


def item_stamps() -> Subquery:
    """Each agenda item's modified: its own, its meeting's notice, its votes (the result), its documents."""
    every = union_all(
        select(AgendaItem.id.label("item_id"), AgendaItem.modified_at.label("modified")),
        select(AgendaItem.id, Meeting.notice_published_at)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(noticed()),
        select(VoteEvent.agenda_item_id, VoteEvent.modified_at),
        select(AgendaDocument.agenda_item_id, AgendaDocument.modified_at),
    ).subquery()
    return (
        select(every.c.item_id, func.max(every.c.modified).label("modified"))
        .group_by(every.c.item_id)
        .subquery("item_stamp")
    )


def meeting_stamps() -> Subquery:
    """Each meeting's modified: its own, and once its agenda is public, its agenda items'."""
    items = item_stamps()
    every = union_all(
        select(Meeting.id.label("meeting_id"), Meeting.modified_at.label("modified")),
        select(AgendaItem.meeting_id, items.c.modified)
        .join(items, items.c.item_id == AgendaItem.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(noticed()),
    ).subquery()
    return (
        select(every.c.meeting_id, func.max(every.c.modified).label("modified"))
        .group_by(every.c.meeting_id)
        .subquery("meeting_stamp")
    )


def person_stamps() -> Subquery:
    """Each person's modified: their own and their memberships' (created, changed, ended or deleted)."""
    every = union_all(
        select(Person.id.label("person_id"), Person.modified_at.label("modified")),
        select(Membership.person_id, Membership.modified_at),
    ).subquery()
    return (
        select(every.c.person_id, func.max(every.c.modified).label("modified"))
        .group_by(every.c.person_id)
        .subquery("person_stamp")
    )


def has_membership() -> ColumnElement[bool]:
    """A person is published once they hold (or held, now deleted: a tombstone) an office; candidates and
    people registered without one are not."""
    return select(Membership.id).where(Membership.person_id == Person.id).exists()


def case_stamps() -> Subquery:
    """Each public case (paper): created with its first public treatment, modified with any of them."""
    items = item_stamps()
    rows = (
        select(AgendaItem.case_number, AgendaItem.created_at.label("created"), items.c.modified)
        .join(items, items.c.item_id == AgendaItem.id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(public_item())
        .subquery()
    )
    return (
        select(
            rows.c.case_number, func.min(rows.c.created).label("created"), func.max(rows.c.modified).label("modified")
        )
        .group_by(rows.c.case_number)
        .subquery("case_stamp")
    )


DOCUMENT, MINUTES = "document", "minutes"


def file_rows() -> Subquery:
    """Every published file: the public documents of public treatments (MTG-06/07) and the published
    minutes (MTG-37), with the time each became public."""
    documents = (
        select(
            AgendaDocument.id.label("file_id"),
            literal(DOCUMENT).label("kind"),
            AgendaDocument.created_at.label("created"),
            later(AgendaDocument.modified_at, Meeting.notice_published_at).label("modified"),
        )
        .join(AgendaItem, AgendaItem.id == AgendaDocument.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(public_item(), AgendaDocument.exempt.is_(False), AgendaDocument.url.is_not(None))
    )
    minutes = select(Meeting.id, literal(MINUTES), Meeting.minutes_published_at, Meeting.minutes_published_at).where(
        Meeting.minutes_published_at.is_not(None)
    )
    return union_all(documents, minutes).subquery("published_file")


def modified_of(stamps: Subquery, key: str, value: Any) -> Select[Any]:
    return select(stamps.c.modified).where(stamps.c[key] == value)
