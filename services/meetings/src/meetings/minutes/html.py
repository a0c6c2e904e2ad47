"""A readable HTML rendering of the minutes (the JSON is the source)."""

from __future__ import annotations

from html import escape
from typing import Any


def render(minutes: dict[str, Any]) -> str:
    def e(value: Any) -> str:
        return escape("" if value is None else str(value))

    present = "".join(
        f"<li>{e(p['name'])} ({e(p['role'])}{', for ' + e(p['in_place_of']) if p['in_place_of'] else ''})</li>"
        for p in minutes["present"]
    )
    absent = "".join(f"<li>{e(a['name'])}</li>" for a in minutes["absent"])
    arrivals = "".join(
        f"<li>{e(a['name'])} kom {e(a['at'])}{', deltok fra sak ' + e(a['joins_from']) if a['joins_from'] else ''}</li>"
        for a in minutes.get("arrivals", [])
    )
    leaves = "".join(
        f"<li>{e(a['name'])} fikk permisjon {e(a['at'])}{': ' + e(a['application']) if a['application'] else ''}</li>"
        for a in minutes.get("leaves", [])
    )
    moves = f"<h2>Møtt etter opprop og permisjoner</h2><ul>{arrivals}{leaves}</ul>" if arrivals or leaves else ""
    cases = []
    for c in minutes["cases"]:
        votes = "".join(
            f"<li>{e(v['motion'])}: {e(v['result'])} ({v['for']}–{v['against']}"
            f"{', the chair’s casting vote' if v['casting_vote'] else ''})</li>"
            for v in c.get("votes", [])
        )
        proposals = "".join(
            f"<li>{e(p['proposer'])} ({e(p['kind'])}): {e(p['text'])}{' – trukket' if p['withdrawn'] else ''}</li>"
            for p in c.get("proposals", [])
        )
        taking_part = f"<p>Deltok i saken: {e(', '.join(c['taking_part']))}</p>" if c.get("taking_part") else ""
        closed = f"<p>Behandlet for lukkede dører ({e(c['closed_basis'])})</p>" if c["closed"] else ""
        cases.append(
            f"<section><h2>Sak {e(c['case_number'])}: {e(c['title'])}</h2>{closed}"
            f"{taking_part}{'<h3>Forslag</h3><ul>' + proposals + '</ul>' if proposals else ''}"
            f"{_outcome(c)}<ul>{votes}</ul>{_remarks(c.get('remarks', []))}</section>"
        )
    return (
        f'<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Protokoll – {e(minutes["body"])}'
        f"</title></head><body><h1>Protokoll – {e(minutes['body'])}</h1>"
        f"<p>Sted: {e(minutes['place'])}. Tid: {e(minutes['starts_at'])}. Møteleder: {e(minutes['chair'])}.</p>"
        f"<h2>Til stede</h2><ul>{present}</ul><h2>Forfall</h2><ul>{absent}</ul>{moves}{_opening(minutes)}"
        f"{_order_changes(minutes)}{''.join(cases)}{_questions(minutes)}{_remarks(minutes.get('remarks', []))}"
        "</body></html>"
    )


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _opening(minutes: dict[str, Any]) -> str:
    """MTG-35: administration present, secretary, approval of notice and agenda, the signatories."""
    staff = "".join(
        f"<li>{_e(a['name'])}{', ' + _e(a['title']) if a['title'] else ''}</li>"
        for a in minutes.get("administration", [])
    )
    secretary = minutes.get("secretary")
    parts = [f"<h2>Fra administrasjonen</h2><ul>{staff}</ul>" if staff else ""]
    if secretary:
        parts.append(f"<p>Møtesekretær: {_e(secretary['name'])}</p>")
    opening = minutes.get("opening")
    if opening:
        approved = opening["notice_approved"] and opening["agenda_approved"]
        how = " uten merknader" if opening["tacit"] else ""
        parts.append(
            f"<p>Innkalling og saksliste: {'godkjent' + how if approved else 'ikke godkjent'}."
            f"{' ' + _e(opening['note']) if opening['note'] else ''}</p>"
        )
    signatories = [s for s in minutes.get("signatories", []) if s["capacity"] == "signatory"]
    if signatories:
        names = ", ".join(_e(s["name"]) for s in signatories)
        parts.append(f"<p>Valgt til å godkjenne protokollen sammen med møteleder: {names}.</p>")
    return "".join(parts)


def _outcome(case: dict[str, Any]) -> str:
    """MTG-17: a case postponed by decision is not decided in the meeting."""
    if case.get("status") == "postponed":
        return "<p>Saken ble utsatt.</p>"
    return f"<p>Vedtak: {_e(case['decision'])}</p>"


def _order_changes(minutes: dict[str, Any]) -> str:
    """MTG-17: the order of the cases changed by a majority."""
    changes = "".join(
        f"<li>Sakene behandles i rekkefølgen {_e(', '.join(str(n) for n in c['order']))} "
        f"({c['for']}–{c['against']}{', møteleders dobbeltstemme' if c['casting_vote'] else ''})</li>"
        for c in minutes.get("order_changes", [])
    )
    return f"<h2>Endret rekkefølge</h2><ul>{changes}</ul>" if changes else ""


def _questions(minutes: dict[str, Any]) -> str:
    """MTG-17/MTG-35: questions and interpellations after the other cases."""
    kinds = {"question": "Spørsmål", "interpellation": "Interpellasjon"}
    asked = "".join(
        f"<li>{_e(kinds.get(q['kind'], q['kind']))} fra {_e(q['asker'])}: {_e(q['text'])}</li>"
        for q in minutes.get("questions", [])
    )
    return f"<h2>Spørsmål og interpellasjoner</h2><ul>{asked}</ul>" if asked else ""


def _remarks(remarks: list[dict[str, Any]]) -> str:
    """MTG-36: the allowed minutes remarks (protokolltilførsler)."""
    if not remarks:
        return ""
    items = "".join(f"<li>{_e(r['by'])}: {_e(r['text'])}</li>" for r in remarks)
    return f"<h3>Protokolltilførsler</h3><ul>{items}</ul>"
