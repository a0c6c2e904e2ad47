"""The meetings API's answers in their public version, for callers without `meetings:confidential`.

A closed case's title, recommendation, documents and the text of what is proposed and voted on in it,
and every document exempt from public access, reach only the secretariat and the case-management
system (MTG-06/07, ACC-20/23). Elected officials read such documents through the access service,
which decides case by case. What "public" means is domain.publication's, the same as OParl's.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from folkevalgt_shared.auth import Principal, Scope
from meetings.disqualification.schemas import DisqualificationOut, NoticeOut
from meetings.domain.publication import CLOSED_TITLE, document_public, public_text
from meetings.order.schemas import OrderOfBusinessOut
from meetings.remarks.schemas import RemarkOut
from meetings.sittings.models import AgendaItem
from meetings.sittings.schemas import AgendaItemOut, MeetingOut
from meetings.treatment.schemas import ProposalOut
from meetings.voting.schemas import VoteOut

T = TypeVar("T")


def sees_confidential(principal: Principal) -> bool:
    return principal.has(Scope.MEETINGS_CONFIDENTIAL)


def _screened(item: AgendaItemOut) -> bool:
    return item.closed or any(d.exempt for d in item.document_details)


def agenda_item(item: AgendaItemOut) -> AgendaItemOut:
    """MTG-07: of a closed case the title and recommendation go; MTG-06: only public documents stay,
    in `documents` as in `document_details`."""
    if not _screened(item):
        return item
    shown = [d for d in item.document_details if document_public(exempt=d.exempt, case_closed=item.closed)]
    update: dict[str, object] = {"document_details": shown, "documents": [d.name for d in shown]}
    if item.closed:
        update |= {"title": CLOSED_TITLE, "recommendation": None}
    return item.model_copy(update=update)


def meeting(out: MeetingOut) -> MeetingOut:
    # Most agendas have nothing to screen: the meeting is then returned as it is, without a copy.
    if not any(_screened(i) for i in out.agenda):
        return out
    return out.model_copy(update={"agenda": [agenda_item(i) for i in out.agenda]})


def proposals(found: Sequence[ProposalOut], *, closed: bool) -> list[ProposalOut]:
    """MTG-07: who proposed what kind of proposal is procedure; its text is the closed case's content."""
    if not closed:
        return list(found)
    return [p.model_copy(update={"text": public_text(p.text, closed=True), "items": []}) for p in found]


def votes(found: Sequence[VoteOut], *, closed: bool) -> list[VoteOut]:
    """MTG-07: the motion of a closed case is its content; the count and the outcome are not (the
    outcome is published, and the minutes record the votes)."""
    if not closed:
        return list(found)
    return [v.model_copy(update={"motion": {"text": CLOSED_TITLE}}) for v in found]


def disqualifications(found: Sequence[DisqualificationOut], *, closed: bool) -> list[DisqualificationOut]:
    """Who was disqualified and on what ground is recorded openly (MTG-14); why, in a closed case,
    tells the case's content."""
    if not closed:
        return list(found)
    return [d.model_copy(update={"explanation": None}) for d in found]


def notices(found: Sequence[NoticeOut], *, closed: bool, principal: Principal) -> list[NoticeOut]:
    """As disqualifications; the member who gave the notice reads their own words."""
    if not closed:
        return list(found)
    return [
        n if str(n.person_id) == principal.subject else n.model_copy(update={"explanation": CLOSED_TITLE})
        for n in found
    ]


def remarks(found: Sequence[RemarkOut], closed_cases: Collection[uuid.UUID], principal: Principal) -> list[RemarkOut]:
    """A minutes remark on a closed case is left out of the public minutes (MTG-37); here its text and the
    chair's reason are screened, except for the member who asked for it."""
    return [
        r
        if r.agenda_item_id not in closed_cases or str(r.person_id) == principal.subject
        else r.model_copy(update={"text": CLOSED_TITLE, "chair_reason": None})
        for r in found
    ]


def order_of_business(out: OrderOfBusinessOut, closed_cases: Collection[uuid.UUID]) -> OrderOfBusinessOut:
    if not any(c.agenda_item_id in closed_cases for c in out.cases):
        return out
    cases = [c.model_copy(update={"title": CLOSED_TITLE}) if c.agenda_item_id in closed_cases else c for c in out.cases]
    return out.model_copy(update={"cases": cases})


async def closed_cases(session: AsyncSession, meeting_id: uuid.UUID) -> set[uuid.UUID]:
    """The meeting's cases treated behind closed doors (MTG-07)."""
    stmt = select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id, AgendaItem.closed.is_(True))
    return set((await session.scalars(stmt)).all())
