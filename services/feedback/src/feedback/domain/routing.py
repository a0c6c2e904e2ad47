"""The routes the politician chooses among (FBK-10..13); the system guides.

"Dette kan gjøres ved å veilede innbygger/ansatt … Alternativt kan politiker henvende seg til kommunen
v/ordfører og rådmannen … Møter … Politiker som representant for part i saken."
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from feedback.domain.followup import Route, Status
from feedback.domain.intake import SenderKind
from feedback.domain.settings import FeedbackSettings, GuidanceKind


@dataclass(frozen=True)
class GuidanceItem:
    kind: GuidanceKind
    title: str
    text: str
    url: str | None
    contact: str | None  # the unit's email and phone, for contact_unit


def guidance_for(sender: SenderKind, unit_key: str | None, settings: FeedbackSettings) -> list[GuidanceItem]:
    """FBK-10: (a) contact the unit directly, (b) the complaint and input form on the website, and for
    employees (c) the whistleblowing routines and the deviation system. An employee is not sent to the
    residents' web form: what an employee sees at work goes through the employer's own routines."""
    kinds: list[GuidanceKind] = ["contact_unit"]
    kinds += ["whistleblowing", "deviation_system"] if sender is SenderKind.EMPLOYEE else ["web_form"]
    unit = settings.unit(unit_key)
    out = []
    for kind in kinds:
        g = settings.guidance[kind]
        url, contact, title = (str(g.url) if g.url else None), None, g.title
        if kind == "contact_unit" and unit is not None:
            title = f"{g.title}: {unit.name}"
            url = str(unit.url) if unit.url else url
            contact = " · ".join(c for c in (unit.email, unit.phone) if c) or None
        out.append(GuidanceItem(kind, title, g.text, url, contact))
    return out


def route_refusal(
    route: Route,
    *,
    status: Status,
    routes_taken: frozenset[Route],
    anonymous: bool,
) -> tuple[str, str] | None:
    """Why the route cannot be taken now, as (rule, reason), or None.

    - Guidance opens no case (FBK-10): not once the item is forwarded, and it ends the item.
    - Forwarding happens once (FBK-11); a meeting or a proxy may come before or after it.
    - A proxy needs a named person who signs a power of attorney (FBK-13): not for anonymous input; one
      proxy at a time per item.
    """
    if status is Status.CLOSED:
        return "FBK-21", "the item is closed"
    if route is Route.GUIDE and Route.FORWARD in routes_taken:
        return "FBK-10", "the item has been forwarded to the municipality: guidance opens no case and cannot replace it"
    if route is Route.FORWARD and Route.FORWARD in routes_taken:
        return "FBK-11", "the item has already been forwarded"
    if route is Route.PROXY and anonymous:
        return "FBK-13", "a proxy needs a power of attorney from a named resident; this input is anonymous"
    if route is Route.PROXY and Route.PROXY in routes_taken:
        return "FBK-13", "a proxy is already recorded for this item; revoke it before recording another"
    return None


@dataclass(frozen=True)
class PowerOfAttorney:
    written: bool
    document_ref: str | None
    case_numbers: tuple[str, ...]
    valid_from: date
    valid_to: date | None


def power_of_attorney_problems(poa: PowerOfAttorney, today: date) -> list[tuple[str, str]]:
    """FBK-13 (fvl. § 12): a proxy acts on a written power of attorney, recorded with its document
    reference; its scope is the resident's case or cases; it is valid from a day to a day. Returns
    (field, message) for each defect."""
    problems: list[tuple[str, str]] = []
    if not poa.written:
        problems.append(("power_of_attorney.written", "the power of attorney must be written (fvl. § 12)"))
    if not (poa.document_ref and poa.document_ref.strip()):
        problems.append(("power_of_attorney.document_ref", "the written power of attorney's document reference"))
    if not poa.case_numbers or any(not c.strip() for c in poa.case_numbers):
        problems.append(("case_numbers", "name the resident's case or cases the power of attorney covers"))
    if poa.valid_to is not None and poa.valid_to < poa.valid_from:
        problems.append(("valid_to", "ends before it starts"))
    if poa.valid_to is not None and poa.valid_to < today:
        problems.append(("valid_to", "a power of attorney that has already ended cannot be recorded"))
    return problems


def proxy_in_force(valid_from: date, valid_to: date | None, revoked: bool, today: date) -> bool:
    """FBK-13: the proxy may see the resident's confidential information only while the power of
    attorney is in force; its disqualification outlives it (meetings keeps that)."""
    return not revoked and valid_from <= today and (valid_to is None or today <= valid_to)
