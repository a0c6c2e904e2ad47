"""The access decision: may this person see this document now, and why (ACC-01..71).

Deny by default. In order:
1. A document not screened from the public is open to anyone (ACC-60).
2. A proxy with a written power of attorney sees the resident's case as the party would (ACC-50).
3. Otherwise only the regulation gives access, and it is refused, in this order, to
   a disqualified official (ACC-40, parallel cases ACC-41, a proxy's case ACC-50), an official whose
   disclosure awaits assessment (ACC-42), one without a basis (ACC-01..06), before the case is
   presented or finished (ACC-10..12, not for the control committee ACC-03), for confidential
   information without the body's majority decision (ACC-20/21), and without a signed
   confidentiality declaration (ACC-22).
4. A refusal of a partly screened document still gives its redacted version (ACC-60); a refusal of a
   document whose title is screened does not even reveal that it exists (ACC-71).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from access.domain.classification import Classified, classify
from access.domain.model import (
    SEAT_ROLES,
    Case,
    Decision,
    Disqualification,
    DisqualificationSource,
    Document,
    Grant,
    GrantKind,
    GrantStatus,
    Level,
    Outcome,
    Proxy,
    Requester,
    Scope,
    Screening,
    Seat,
)
from access.domain.policy import Policy
from folkevalgt_shared.calendar import oslo_date


@dataclass(frozen=True, slots=True)
class _Basis:
    """A ground of access under the regulation."""

    rules: tuple[str, ...]
    why: str
    timing_exempt: bool = False  # ACC-03: the control committee's access "in any case"


@dataclass(frozen=True, slots=True)
class _Block:
    rules: tuple[str, ...]
    reason: str
    would_change: tuple[str, ...]


ASK_ABOUT_PROCEDURE = "you may ask the administration about the case's procedure and timeline (ACC-31)"
NOTHING_UNDER_THE_REGULATION = (
    "nothing under this regulation: you keep the rights of a party and of the public (forvaltningsloven, offentleglova)"
)


def decide(requester: Requester, case: Case, document: Document, *, now: datetime, policy: Policy) -> Decision:
    """The decision for one document of `case`, at `now` (timezone-aware)."""
    return CaseDecider(requester, case, now=now, policy=policy).decide(document)


class CaseDecider:
    """Decides one person's access to the documents of one case; what depends only on the person and the
    case is worked out once, so a listing of a thousand documents costs little more than one decision."""

    __slots__ = (
        "_bases",
        "_block_all",
        "_declared",
        "_demands_by_document",
        "_majority",
        "_proxy",
        "_ready",
        "_timing",
        "case",
        "now",
        "policy",
        "requester",
        "today",
    )

    def __init__(self, requester: Requester, case: Case, *, now: datetime, policy: Policy) -> None:
        self.requester, self.case, self.now, self.policy = requester, case, now, policy
        self.today: date = oslo_date(now)
        self._ready = False  # the person's grounds are worked out at the first screened document

    def _prepare(self) -> None:
        requester, case, now = self.requester, self.case, self.now
        seats = tuple(s for s in requester.seats if s.active_on(self.today))
        number = case.case_number
        self._proxy: Proxy | None = next(
            (p for p in requester.proxies if number in p.case_numbers and p.active(self.today, now)), None
        )
        self._timing = self._timing_rule()
        self._declared = any(d.in_force(self.today) for d in requester.declarations)
        grants = [g for g in requester.grants if self._effective(g) and self._sits_in(seats, g)]
        self._majority = [g for g in grants if g.kind is GrantKind.MAJORITY and g.case_number == number]
        self._demands_by_document = [g for g in grants if g.kind is GrantKind.BODY_DEMAND and g.document_ids]
        self._bases = self._case_bases(seats, grants)
        self._block_all = self._disqualified() or self._pending_disclosure()
        self._ready = True

    # -- the decision ---------------------------------------------------------------------------

    def decide(self, document: Document) -> Decision:
        if document.case_number != self.case.case_number:
            return Decision(Outcome.DENY, Scope.NONE, ("ACC-10",), "The document is not one of this case's documents.")
        c = classify(document, self.case, self.today, self.policy)
        if c.level is Level.PUBLIC:
            return _public(c)
        if not self._ready:
            self._prepare()
        if self._proxy is not None and not document.exempt_from_party_access:
            return Decision(
                Outcome.ALLOW,
                Scope.FULL,
                ("ACC-50",),
                f"You act as proxy (fullmektig) for a party in this case under the written power of attorney "
                f"{self._proxy.power_of_attorney_ref}: you see what the party may see (fvl § 18), and you owe "
                "everyone else, other politicians too, confidentiality.",
            )
        bases = self._bases + self._document_bases(document)
        block = self._block(document, c, bases)
        if block is None:
            return self._allow(c, bases)
        if c.partial:
            return Decision(
                Outcome.PARTIAL,
                Scope.REDACTED,
                _unique(("ACC-60", *block.rules)),
                f"{block.reason} Only the screened parts are withheld: you may see the redacted version, "
                "as anyone may (ACC-60).",
                block.would_change,
            )
        return Decision(
            Outcome.DENY,
            Scope.NONE if c.title_hidden else Scope.METADATA,
            block.rules,
            block.reason,
            block.would_change,
        )

    def decide_case_title(self) -> Decision:
        """Whether the case's own title may be shown: decided as a document carrying the title's screening."""
        case = self.case
        screening = (
            Screening(restriction_code="", basis=case.title_basis, screened_fields=frozenset({"title"}))
            if case.title_screened
            else None
        )
        return self.decide(
            Document(document_id=f"case:{case.case_number}", case_number=case.case_number, screening=screening)
        )

    # -- what refuses ---------------------------------------------------------------------------

    def _block(self, document: Document, c: Classified, bases: tuple[_Basis, ...]) -> _Block | None:
        if self._block_all is not None:
            return self._block_all
        if not bases:
            return self._no_basis()
        if self._timing is None and not any(b.timing_exempt for b in bases):
            return _Block(
                ("ACC-10", "ACC-11", "ACC-12"),
                "The case has not been presented for political treatment, nor finished by the administration: "
                "until then the regulation gives no access to it.",
                (
                    "the case is presented for political treatment (ACC-10) or finished by the administration (ACC-11)",
                    ASK_ABOUT_PROCEDURE,
                ),
            )
        if c.level is Level.CONFIDENTIAL and not self._majority_covers(document):
            rules = ("ACC-20", "ACC-23") if c.closure else ("ACC-20",)
            return _Block(
                rules,
                "The document holds confidential information (taushetsbelagte opplysninger): the right of access "
                "does not include it.",
                ("a majority decision of a body you sit in, demanding it for its treatment of this case (ACC-21)",),
            )
        if self.policy.declaration_required and not self._declared:
            return _Block(
                ("ACC-22",),
                "You have no signed confidentiality declaration in force: exempt and confidential material is "
                "shown only to officials who have signed one.",
                ("sign the confidentiality declaration (ACC-22)",),
            )
        return None

    def _disqualified(self) -> _Block | None:
        number, group = self.case.case_number, self.case.competition_group
        if any(p.written and number in p.case_numbers for p in self.requester.proxies):
            return _Block(
                ("ACC-40", "ACC-50"),
                "You have been proxy for a party in this case: you are disqualified, and stay so after the proxy "
                "ends; only the proxy itself, while it lasts, gives access to the party's case.",
                (NOTHING_UNDER_THE_REGULATION,),
            )
        own: Disqualification | None = None
        parallel: Disqualification | None = None
        for d in self.requester.disqualifications:
            if d.overruled:
                continue
            if d.case_number == number:
                own = own or d
            elif group is not None and d.competition_group == group:
                parallel = parallel or d
        found = own or parallel
        if found is None:
            return None
        rules: tuple[str, ...] = ("ACC-40",) if found is own else ("ACC-40", "ACC-41")
        if found.source is DisqualificationSource.PROXY:
            rules += ("ACC-50",)
        where = (
            "in this case"
            if found is own
            else f"in case {found.case_number}, a parallel case competing for the same good"
        )
        change: tuple[str, ...] = (NOTHING_UNDER_THE_REGULATION,)
        if found.source is DisqualificationSource.ADMINISTRATION:
            rules += ("ACC-42",)
            change = ("if you disagree with the administration's assessment, the mayor decides the question (ACC-42)",)
        return _Block(
            rules,
            f"You are disqualified {where} ({_SOURCE[found.source]}): the right of access under the regulation lapses.",
            change,
        )

    def _pending_disclosure(self) -> _Block | None:
        case, requester = self.case, self.requester
        if case.case_number in requester.pending_disclosures:
            where = "in this case"
        elif case.competition_group is not None and case.competition_group in requester.pending_groups:
            where = "in a parallel case competing for the same good (ACC-41)"
        else:
            return None
        return _Block(
            ("ACC-42",),
            f"You disclosed circumstances that may disqualify you {where}; access waits for the assessment.",
            ("the administration's assessment, or the mayor's decision if you disagree with it (ACC-42)",),
        )

    def _no_basis(self) -> _Block:
        rules: tuple[str, ...] = ("ACC-04",)
        change: tuple[str, ...] = (
            "a body you sit in demands it for its treatment of a concrete case (ACC-04)",
            "a body you sit in decides access for its use by a third of its members (ACC-05)",
        )
        if any(s.role == "deputy" for s in self.requester.seats if s.active_on(self.today)):
            change = ("being summoned to or attending a meeting where the case is treated (ACC-04)", *change)
        seats = [s for s in self.requester.seats if s.active_on(self.today)]
        seated = bool(seats)
        if any(s.role in SEAT_ROLES for s in seats):
            reason = "The case is outside the remit of the bodies you sit in, and no decision of theirs widens it."
        elif seated:
            reason = "As a deputy you have access only to the cases of the meetings you are summoned to or attend."
        else:
            reason = "The document is exempt from public access, and you hold no office that gives a right of access."

        if not seated:
            rules, change = ("ACC-60",), ()
        if any(not p.written and self.case.case_number in p.case_numbers for p in self.requester.proxies):
            rules += ("ACC-51",)
            reason += " Meeting a resident without a written power of attorney gives no access."
        return _Block(rules, reason, change)

    # -- what allows ----------------------------------------------------------------------------

    def _allow(self, c: Classified, bases: tuple[_Basis, ...]) -> Decision:
        rules: list[str] = [r for b in bases for r in b.rules]
        if self._timing is not None:
            rules.append(self._timing)
        if c.closure:
            rules.append("ACC-23")
        if c.level is Level.CONFIDENTIAL:
            rules.append("ACC-21")
        if self.policy.declaration_required:
            rules.append("ACC-22")
        why = "; ".join(dict.fromkeys(b.why for b in bases))
        reason = f"You have a right of access as {why}."
        if c.level is Level.CONFIDENTIAL:
            reason += " The body's majority decision gives you the confidential information of this case."
        reason += " You must keep exempt and confidential content to yourself."
        return Decision(Outcome.ALLOW, Scope.FULL, _unique(sorted(rules)), reason)

    def _case_bases(self, seats: tuple[Seat, ...], grants: list[Grant]) -> tuple[_Basis, ...]:
        case, policy = self.case, self.policy
        bases: list[_Basis] = []
        in_council = [s for s in seats if s.body_type in policy.council_types]
        if in_council:
            what = "a member" if any(s.role != "deputy" for s in in_council) else "a deputy"
            bases.append(_Basis(("ACC-01",), f"{what} of the municipal council"))
            if any(
                case.case_number in d.case_numbers and d.demanded_on <= self.today for d in self.requester.joint_demands
            ):
                bases.append(_Basis(("ACC-01",), "a signatory of a joint demand by council members"))
        if any(s.role == "mayor" for s in seats):
            bases.append(_Basis(("ACC-02",), "the mayor"))
        if any(s.body_type in policy.control_types and s.role in SEAT_ROLES for s in seats):
            bases.append(_Basis(("ACC-03",), "a member of the control committee", timing_exempt=True))
        # Where the case is put before a body is part of its remit whenever that happens; when the right
        # arises is the timing rule's question (ACC-10), asked separately.
        remit = self._remit_bodies()
        presented_to = {p.body_key for p in case.presentations}
        for seat in seats:
            if seat.role not in SEAT_ROLES or seat.body_type in policy.own_right_types:
                continue
            advisory = seat.body_type in policy.advisory_types
            if (seat.body_key in presented_to) if advisory else (seat.body_key in remit):
                bases.append(_Basis(self._acc04(seat.body_type), f"a member of {seat.body_key}, within its remit"))
        meetings = {p.meeting_id: p.body_key for p in case.presentations}
        for attendance in self.requester.attended:
            body = meetings.get(attendance.meeting_id)
            held = next((s for s in seats if s.body_key == body), None) if body else None
            if held is not None:
                bases.append(_Basis(self._acc04(held.body_type), f"a deputy summoned to {body}'s meeting on the case"))
        for g in grants:
            if g.kind is GrantKind.BODY_DEMAND and case.case_number in g.case_numbers:
                bases.append(_Basis(("ACC-04",), f"a member of {g.body_key}, which demanded the case's documents"))
            elif (
                g.kind is GrantKind.THIRD
                and g.target_body is not None
                and (g.target_body in remit or g.target_body in presented_to)
                and (not g.case_numbers or case.case_number in g.case_numbers)
            ):
                bases.append(
                    _Basis(
                        ("ACC-05",), f"a member of {g.body_key}, which decided access to {g.target_body}'s documents"
                    )
                )
        return tuple(bases)

    def _document_bases(self, document: Document) -> tuple[_Basis, ...]:
        return tuple(
            _Basis(("ACC-04",), f"a member of {g.body_key}, which demanded this document")
            for g in self._demands_by_document
            if document.document_id in g.document_ids
        )

    def _acc04(self, body_type: str) -> tuple[str, ...]:
        policy = self.policy
        return ("ACC-04", "ACC-06") if body_type in policy.acc06_types else ("ACC-04",)

    def _remit_bodies(self) -> frozenset[str]:
        """ACC-04: the bodies whose remit the case lies in, by its owner, its areas and where it was put forward."""
        case = self.case
        bodies = set(self.policy.bodies_for_areas(case.remit_areas)) if case.remit_areas else set()
        if case.owning_body:
            bodies.add(case.owning_body)
        bodies.update(p.body_key for p in case.presentations)
        return frozenset(bodies)

    def _majority_covers(self, document: Document) -> bool:
        return any(not g.document_ids or document.document_id in g.document_ids for g in self._majority)

    def _effective(self, grant: Grant) -> bool:
        if grant.decided_on > self.today or grant.status is GrantStatus.CONTRADICTED:
            return False
        return grant.status is GrantStatus.VERIFIED or not self.policy.grants_need_published_decision

    def _sits_in(self, seats: tuple[Seat, ...], grant: Grant) -> bool:
        """A member of the body, or a deputy of it summoned to the meeting that decided the grant."""
        body = grant.body_key
        if any(s.body_key == body and s.role in SEAT_ROLES for s in seats):
            return True
        return (
            grant.meeting_id is not None
            and any(a.meeting_id == grant.meeting_id for a in self.requester.attended)
            and any(s.body_key == body for s in seats)
        )

    def _timing_rule(self) -> str | None:
        """ACC-10/11: the right arises when the case is presented, or, decided by the administration, finished."""
        if any(p.presented_at <= self.now for p in self.case.presentations):
            return "ACC-10"
        if self.case.finished_at is not None and self.case.finished_at <= self.now:
            return "ACC-11"
        return None


_SOURCE = {
    DisqualificationSource.MEETING: "the body's ruling",
    DisqualificationSource.PROXY: "proxy for a party",
    DisqualificationSource.ADMINISTRATION: "the administration's assessment of your disclosure",
    DisqualificationSource.DISPUTE: "the mayor's decision",
}


def _public(c: Classified) -> Decision:
    if c.lapsed:
        return Decision(
            Outcome.ALLOW,
            Scope.FULL,
            ("ACC-60", "ACC-65"),
            "Its screening has ended: it is no longer exempt from public access, and anyone may see it.",
        )
    return Decision(Outcome.ALLOW, Scope.FULL, ("ACC-60",), "It is not exempt from public access: anyone may see it.")


def _unique(rules: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rules))
