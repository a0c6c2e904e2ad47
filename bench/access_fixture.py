"""The case the access benchmarks decide: a council case of 1,000 documents, screened as a real one is, and
an official with the facts an active politician has (seats, a deputy's meetings, grants, a declaration)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from access.domain.model import (
    Attendance,
    Case,
    Declaration,
    Disqualification,
    DisqualificationSource,
    Document,
    Grant,
    GrantKind,
    GrantStatus,
    JointDemand,
    Presentation,
    Proxy,
    Requester,
    Screening,
    Seat,
)

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)
CASE = "2026/1000"
TERM = date(2023, 10, 1)
BASES = ("Offl. § 13 jf. fvl. § 13 (1) nr. 1", "Offl. § 14", "Offl. § 23 første ledd", "Offl. § 25")


def screening_of(n: int) -> dict[str, object] | None:
    """Half public; the rest exempt or confidential, some partly, some with the title screened, some lapsed."""
    if n % 2 == 0:
        return None
    return {
        "restriction_code": ("UO", "P", "KL", "UO")[n % 4],
        "basis": BASES[(n // 2) % 4],
        "screened_fields": ["title"] if n % 5 == 0 else [],
        "partial": n % 7 == 0,
        "ends_on": date(2026, 1, 1) if n % 11 == 0 else None,
    }


def documents(count: int = 1000) -> list[Document]:
    out = []
    for n in range(count):
        s = screening_of(n)
        screening = None
        if s is not None:
            screening = Screening(
                str(s["restriction_code"]),
                str(s["basis"]),
                frozenset(s["screened_fields"]),  # type: ignore[arg-type]
                bool(s["partial"]),
                s["ends_on"],  # type: ignore[arg-type]
            )
        out.append(Document(f"d{n}", CASE, screening=screening, presented_exempt=n % 13 == 0))
    return out


def case() -> Case:
    return Case(
        CASE,
        presentations=(
            Presentation("m1", "living-conditions-committee", NOW - timedelta(days=3)),
            Presentation("m2", "municipal-council", NOW - timedelta(days=1)),
        ),
        owning_body="living-conditions-committee",
        remit_areas=frozenset({"kindergartens"}),
        competition_group="g1",
    )


def requester() -> Requester:
    return Requester(
        "p",
        seats=(
            Seat("municipal-council", "municipal_council", "member", TERM),
            Seat("living-conditions-committee", "standing_committee", "chair", TERM),
            Seat("executive-committee", "executive_committee", "deputy", TERM),
        ),
        attended=(Attendance("m9"),),
        grants=(
            Grant(
                GrantKind.MAJORITY,
                "living-conditions-committee",
                date(2026, 3, 9),
                GrantStatus.VERIFIED,
                "m1",
                CASE,
                document_ids=frozenset({f"d{n}" for n in range(0, 1000, 3)}),
            ),
            Grant(
                GrantKind.THIRD,
                "executive-committee",
                date(2026, 1, 9),
                GrantStatus.UNVERIFIED,
                target_body="planning-transport-committee",
            ),
        ),
        disqualifications=(Disqualification("2026/7", DisqualificationSource.MEETING, "g2"),),
        proxies=(Proxy(frozenset({"2026/55"}), "Fullmakt 2026/55-2", date(2026, 1, 1)),),
        declarations=(Declaration(TERM),),
        joint_demands=(JointDemand(frozenset({"2026/900"}), date(2026, 2, 1)),),
    )
