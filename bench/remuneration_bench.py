"""`make bench`, remuneration part: computing a whole quarter.

1,000 officials in 40 bodies, 60 meetings in Q1 with every member attending (60,000 attendances,
2–3 meetings a day so the 2-fees-per-day cap bites), a fee claimed by every tenth official on a
meeting day (the caps count claimed fees and fees from attendance together, REM-31), and a
recorded lost-earnings rate for every official (buyout at each one's own rate, REM-40), computed
under each of the models 1–4 with the rules in `remuneration.domain`: the work the batch and
what-if endpoints do after loading their rows. Goal: ≤ 2 s. The payroll pull has its own
benchmark, remuneration_payroll_bench.py.
"""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

from remuneration.domain.model import (
    Attendance,
    ClaimedFee,
    EarnerCategory,
    LossBasis,
    LossBasisKind,
    MeetingHeld,
    Office,
    Period,
)
from remuneration.domain.period import compute_period
from remuneration.domain.settings import rule_book

OFFICIALS, BODIES, MEETINGS = 1_000, 40, 60
PERIOD = Period(2026, 1)
BODY_TYPES = ["municipal_council", "executive_committee", "standing_committee", "appeals_board", "elderly_council"]


Data = tuple[
    list[Office],
    list[Attendance],
    list[MeetingHeld],
    dict[uuid.UUID, EarnerCategory],
    list[ClaimedFee],
    list[LossBasis],
]


def quarter_data(seed: int = 7) -> Data:
    """A municipality far larger than Sør-Varanger, so the numbers say something about scale."""
    rng = random.Random(seed)
    people = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(OFFICIALS)]
    bodies = [(f"body-{n}", BODY_TYPES[n % len(BODY_TYPES)]) for n in range(BODIES)]
    members: dict[str, list[uuid.UUID]] = {key: [] for key, _ in bodies}
    offices = []
    for index, person in enumerate(people):
        key, body_type = bodies[index % BODIES]
        role = "mayor" if index == 0 else "chair" if index < BODIES else "member"
        offices.append(Office(person, key, body_type, role, f"P{index % 8}", date(2023, 10, 1), date(2027, 9, 30)))
        members[key].append(person)
        if index % 10 == 0:  # every tenth leads a party group in the council
            offices.append(
                Office(person, "body-0", "municipal_council", "group_leader", f"P{index % 8}", date(2023, 10, 1), None)
            )
    meetings, attendances = [], []
    days = [PERIOD.start + timedelta(days=d) for d in range(90) if (PERIOD.start + timedelta(days=d)).weekday() < 5]
    for n in range(MEETINGS):
        key, body_type = bodies[n % BODIES]
        day = days[n // 3 * 2 % len(days)]
        start = datetime(day.year, day.month, day.day, 9 + (n % 3) * 3, tzinfo=UTC)
        meeting = MeetingHeld(uuid.uuid4(), key, body_type, day)
        meetings.append(meeting)
        # Everyone attends every meeting: 1,000 × 60 attendances, the worst case for the caps.
        for person in people:
            attendances.append(
                Attendance(
                    event_id=uuid.uuid4(),
                    meeting_id=meeting.meeting_id,
                    body_key=key,
                    body_type=body_type,
                    person_id=person,
                    role="member",
                    as_deputy=person not in members[key],
                    attended_from=start,
                    attended_to=start + timedelta(hours=2, minutes=30),
                    remote=False,
                    secretariat_present=True,
                    received_at=start + timedelta(hours=8),
                )
            )
    earners = {p: list(EarnerCategory)[i % len(EarnerCategory)] for i, p in enumerate(people)}
    meeting_days = sorted({m.held_on for m in meetings})
    claimed = [
        ClaimedFee(
            uuid.uuid4(), person, day, "body-without-secretariat", datetime(day.year, day.month, day.day, tzinfo=UTC)
        )
        for index, person in enumerate(people[::10])
        for day in meeting_days[index % 3 :: 3]
    ]
    bases = [
        LossBasis(person, LossBasisKind.DOCUMENTED, date(2026, 1, 1), None, 180_000 + index * 100, "employer statement")
        for index, person in enumerate(people)
    ]
    return offices, attendances, meetings, earners, claimed, bases


def quarter_benchmark() -> None:
    offices, attendances, meetings, earners, claimed, bases = quarter_data()
    book = rule_book()
    print(
        f"\nRemuneration: a quarter of {OFFICIALS:,} officials, {MEETINGS} meetings, {len(attendances):,} attendances,"
        f" {len(claimed):,} claimed fees"
    )
    print(f"{'model':>6} {'lines':>8} {'payable NOK':>16} {'wall s':>8} {'CPU s':>7}   goal ≤ 2 s")
    for model in ("1", "2", "3", "4"):
        wall, cpu = time.perf_counter(), time.process_time()
        lines = compute_period(
            period=PERIOD,
            settings_at=book.version_at,
            offices=offices,
            attendances=attendances,
            meetings=meetings,
            leaves=[],
            earners=earners,
            claimed=claimed,
            bases=bases,
            model=model,
        )
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        total = sum(line.amount for line in lines if line.payable)
        print(f"{model:>6} {len(lines):>8,} {total / 100:>16,.2f} {wall:>8.2f} {cpu:>7.2f}")


def main() -> None:
    quarter_benchmark()


if __name__ == "__main__":
    main()
