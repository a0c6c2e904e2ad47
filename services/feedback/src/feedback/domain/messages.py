"""What the service writes (FBK-10, FBK-11, FBK-31): the memo to the mayor and the chief executive, the
forwarding of a letter or an email, the notice to the sender, guidance, and the initiators' notice.

"E-poster/brev videresendes til ordfører og rådmannen, med informasjon til innmelder om at dette blir
gjort. Videreformidle muntlige innspill, helst skriftlig som notat til ordfører og rådmannen." Each
message has a plain-text and an HTML body carrying the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from feedback.domain.routing import GuidanceItem

CHANNEL_WORDS = {"email": "e-post", "letter": "brev", "oral": "muntlig", "meeting": "i møte"}
SENDER_WORDS = {"resident": "innbygger", "employee": "ansatt"}


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Recorded:
    """What the memo is drafted from: the record of the input (FBK-01)."""

    politician: str
    received_on: date
    channel: str
    sender_kind: str
    sender_name: str | None
    anonymous: bool
    unit_name: str | None
    occurred_on: date | None
    place: str | None
    title: str
    text: str
    attachments: tuple[str, ...]
    sensitive: bool
    concrete: bool
    questions: tuple[str, ...]


def _page(title: str, blocks: list[str]) -> str:
    body = "\n".join(blocks)
    return (
        '<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n{body}\n</body></html>\n"
    )


def _facts(r: Recorded) -> list[tuple[str, str]]:
    who = "Anonym" if r.anonymous else (r.sender_name or "Ikke oppgitt")
    return [
        ("Mottatt av", f"{r.politician}, {r.received_on:%d.%m.%Y} ({CHANNEL_WORDS.get(r.channel, r.channel)})"),
        ("Fra", f"{who} ({SENDER_WORDS.get(r.sender_kind, r.sender_kind)})"),
        ("Virksomhet", r.unit_name or "Ikke kjent"),
        ("Når", f"{r.occurred_on:%d.%m.%Y}" if r.occurred_on else "Ikke kjent"),
        ("Hvor", r.place or "Ikke kjent"),
    ]


def memo(r: Recorded, recipients: list[str], note: str | None = None) -> Message:
    """FBK-11: the written memo drafted from oral input (or input given in a meeting), addressed to the
    mayor and the chief executive; for a letter or an email the same text forwards the original."""
    oral = r.channel in ("oral", "meeting")
    kind = "Notat" if oral else "Videresendt henvendelse"
    subject = f"{kind}: {r.title}"
    to = " og ".join(recipients)
    facts = _facts(r)
    lines = [f"{kind.upper()}", f"Til: {to}", f"Fra: {r.politician}", ""]
    lines += [f"{label}: {value}" for label, value in facts]
    lines += ["", "Innspillet:" if oral else "Henvendelsen slik den ble mottatt:", r.text]
    if r.attachments:
        lines += ["", "Vedlegg:", *(f"- {a}" for a in r.attachments)]
    if not r.concrete:
        lines += ["", "Innspillet er generelt. Spørsmål å stille tilbake:", *(f"- {q}" for q in r.questions)]
    if r.sensitive:
        lines += ["", "Inneholder sensitive personopplysninger: skjermes ved journalføring (offl. § 13)."]
    if note:
        lines += ["", f"Merknad fra {r.politician}: {note}"]
    text = "\n".join(lines) + "\n"
    blocks = [
        f"<h1>{escape(kind)}</h1>",
        f"<p><strong>Til:</strong> {escape(to)}<br><strong>Fra:</strong> {escape(r.politician)}</p>",
        "<table>" + "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts) + "</table>",
        f"<h2>{'Innspillet' if oral else 'Henvendelsen slik den ble mottatt'}</h2>",
        "".join(f"<p>{escape(p)}</p>" for p in r.text.split("\n") if p.strip()),
    ]
    if r.attachments:
        blocks.append("<h2>Vedlegg</h2><ul>" + "".join(f"<li>{escape(a)}</li>" for a in r.attachments) + "</ul>")
    if not r.concrete:
        blocks.append(
            "<h2>Innspillet er generelt</h2><p>Spørsmål å stille tilbake:</p><ul>"
            + "".join(f"<li>{escape(q)}</li>" for q in r.questions)
            + "</ul>"
        )
    if r.sensitive:
        blocks.append(
            "<p><em>Inneholder sensitive personopplysninger: skjermes ved journalføring (offl. § 13).</em></p>"
        )
    if note:
        blocks.append(f"<p><strong>Merknad fra {escape(r.politician)}:</strong> {escape(note)}</p>")
    return Message(subject, text, _page(subject, blocks))


def sensitive_memo_notice(r: Recorded, recipients: list[str], item_id: str) -> Message:
    """FBK-02: input with sensitive data is not sent by email; the recipients are told where to read it."""
    subject = f"Notat med sensitive opplysninger fra {r.politician}"
    text = (
        f"Til: {' og '.join(recipients)}\n\n{r.politician} har videresendt et innspill mottatt "
        f"{r.received_on:%d.%m.%Y}. Det inneholder sensitive personopplysninger og sendes ikke med e-post. "
        f"Notatet ligger i saksbehandlingssystemet (innspill {item_id}).\n"
    )
    html = _page(subject, [f"<p>{escape(line)}</p>" for line in text.strip().split("\n") if line.strip()])
    return Message(subject, text, html)


def sender_notice(*, sender_name: str | None, politician: str, journal_number: str, received_on: date) -> Message:
    """FBK-11: the sender is told that the input has been forwarded to the mayor and the chief executive,
    with the journal number the municipality registered it under (FBK-20)."""
    greeting = f"Hei {sender_name}," if sender_name else "Hei,"
    subject = f"Innspillet ditt er sendt videre til kommunen ({journal_number})"
    paragraphs = [
        greeting,
        f"Innspillet du ga {politician} {received_on:%d.%m.%Y} er sendt videre til ordfører og rådmann, "
        f"og kommunen har journalført det med journalnummer {journal_number}.",
        "Oppgi journalnummeret hvis du kontakter kommunen om saken.",
        f"Vennlig hilsen\n{politician}",
    ]
    text = "\n\n".join(paragraphs) + "\n"
    html = _page(subject, [f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs])
    return Message(subject, text, html)


def guidance_message(*, sender_name: str | None, politician: str, items: list[GuidanceItem]) -> Message:
    """FBK-10: the guidance given, in writing, for a sender with an email address."""
    subject = "Hvor du kan ta saken videre"
    lines = [f"Hei {sender_name}," if sender_name else "Hei,", ""]
    blocks = [f"<p>{escape(lines[0])}</p>"]
    for g in items:
        extra = [x for x in (g.contact, g.url) if x]
        lines += [g.title, g.text, *extra, ""]
        blocks.append(
            f"<h2>{escape(g.title)}</h2><p>{escape(g.text)}</p>" + "".join(f"<p>{escape(x)}</p>" for x in extra)
        )
    lines.append(f"Vennlig hilsen\n{politician}")
    blocks.append(f"<p>Vennlig hilsen<br>{escape(politician)}</p>")
    return Message(subject, "\n".join(lines) + "\n", _page(subject, blocks))


def initiative_notice(*, title: str, signatures: int, threshold: int) -> Message:
    """FBK-31: the initiators are told the proposal has the signatures it needs and goes to the council,
    which must decide within six months (MTG-33)."""
    subject = f"Innbyggerinitiativet «{title}» er fremmet for kommunestyret"
    paragraphs = [
        f"Innbyggerinitiativet «{title}» har {signatures} underskrifter; {threshold} var nødvendig.",
        "Forslaget er fremmet for kommunestyret, som skal ta stilling til det senest seks måneder etter at det "
        "ble fremmet, med mindre det henvises til en pågående plansak etter plan- og bygningsloven.",
        "Initiativtakerne informeres om vedtaket og om tiltakene som gjennomføres.",
    ]
    text = "\n\n".join(paragraphs) + "\n"
    return Message(subject, text, _page(subject, [f"<p>{escape(p)}</p>" for p in paragraphs]))
