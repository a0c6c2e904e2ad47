"""How screened a document is on a given day (ACC-20, ACC-23, ACC-60, ACC-65).

A document is screened by its own Noark 5 `skjerming` (as the case-management system registered it),
by being marked exempt on the agenda (MTG-06), and by its case being treated behind closed doors
(ACC-23). Where these disagree the strictest wins: a wrong allow leaks, a wrong deny only delays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from access.domain.model import Case, Document, Level
from access.domain.policy import Policy


@dataclass(frozen=True, slots=True)
class Classified:
    level: Level
    partial: bool  # only parts are screened: the rest is public (ACC-60)
    title_hidden: bool  # the title itself is screened (ACC-71)
    closure: bool  # the case's closed session screens it (ACC-23)
    lapsed: bool  # its own screening has ended (skjermingOpphoererDato, ACC-65)


PUBLIC = Classified(Level.PUBLIC, False, False, False, False)
LAPSED = Classified(Level.PUBLIC, False, False, False, True)


def closure_active(case: Case, today: date) -> bool:
    """ACC-23: closed-session material stays screened for the duration the body set, or until lifted."""
    return case.closed and (case.confidential_until is None or today < case.confidential_until)


def classify(document: Document, case: Case, today: date, policy: Policy) -> Classified:
    level, partial, title_hidden, lapsed = Level.PUBLIC, False, False, False
    screening = document.screening
    if screening is not None:
        if screening.ends_on is not None and today >= screening.ends_on:
            lapsed = True  # ACC-65: a screening that has lapsed no longer screens
        else:
            secret = screening.restriction_code in policy.confidential_codes or policy.is_secrecy(screening.basis)
            level = Level.CONFIDENTIAL if secret else Level.EXEMPT
            partial = screening.partial
            title_hidden = "title" in screening.screened_fields
    if document.presented_exempt and not lapsed:
        # MTG-06: the agenda says only "exempt"; with no basis given, secrecy cannot be ruled out. The
        # archive's end of screening (when it registered one) ends the agenda's mark too.
        secret = document.presented_basis is None or policy.is_secrecy(document.presented_basis)
        level = max(level, Level.CONFIDENTIAL if secret else Level.EXEMPT)
        partial = False
        title_hidden = True  # the meetings service withholds an exempt document's name from the public
    closure = closure_active(case, today)
    if closure:
        secret = case.closed_basis is None or policy.is_secrecy(case.closed_basis)
        level = max(level, Level.CONFIDENTIAL if secret else Level.EXEMPT)
        partial = False  # the whole of the closed-session material
        title_hidden = True
    if level is Level.PUBLIC:
        return LAPSED if lapsed else PUBLIC
    return Classified(level, partial, title_hidden, closure, lapsed)
