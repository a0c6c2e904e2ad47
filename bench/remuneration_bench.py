"""`make bench`, remuneration part: computing a whole quarter.

1,000 officials in 40 bodies, 60 meetings in Q1 with every member attending (60,000 attendances,
2–3 meetings a day so the 2-fees-per-day cap bites), a fee claimed by every tenth official on a
meeting day (the caps count claimed fees and fees from attendance together, REM-31), and a
recorded lost-earnings rate for every official (buyout at each one's own rate, REM-40), computed
under each of the models 1–4 with the rules in `remuneration.domain`: the work the batch and
what-if endpoints do after loading their rows, with the cycle collector paused as they run it (with it
running, once each, for comparison). Goal: ≤ 2 s at 4,000 officials. The payroll pull has its own
benchmark, remuneration_payroll_bench.py.
"""

from __future__ import annotations

import random
import sys
import time
import uuid
from contextlib import nullcontext
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import Figure, Series, load_average, verdict, write_figures

from remuneration.computation import cycle_collection_paused
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


def quarter_data(seed: int = 7, officials: int = OFFICIALS) -> Data:
    """A municipality far larger than Sør-Varanger, so the numbers say something about scale."""
    rng = random.Random(seed)
    people = [uuid.UUID(int=rng.getrandbits(128)) for _ in range(officials)]
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
        # Everyone attends every meeting: officials × 60 attendances, the worst case for the caps.
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


def _compute(data: Data, model: str, *, collector: bool = False) -> tuple[int, int, float, float]:
    """As the batch and what-if endpoints run it: with the cycle collector paused (`cycle_collection_paused`),
    or with it running (`collector`), for comparison."""
    offices, attendances, meetings, earners, claimed, bases = data
    pause = nullcontext() if collector else cycle_collection_paused()
    with pause:
        return _timed(offices, attendances, meetings, earners, claimed, bases, model)


def _timed(
    offices: list[Office],
    attendances: list[Attendance],
    meetings: list[MeetingHeld],
    earners: dict[uuid.UUID, EarnerCategory],
    claimed: list[ClaimedFee],
    bases: list[LossBasis],
    model: str,
) -> tuple[int, int, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    lines = compute_period(
        period=PERIOD,
        settings_at=rule_book().version_at,
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
    return len(lines), sum(line.amount for line in lines if line.payable), wall, cpu


GOAL_SECONDS = 2.0
GOAL_OFFICIALS = 4_000
SERIES = (250, 1_000, 4_000, 8_000)
MODELS = ("1", "2", "3", "4")


RUNS = 3


def quarter_benchmark(runs: int = RUNS) -> dict[str, object]:
    """The quarter for each model at 250 / 1,000 / 4,000 / 8,000 officials: CPU seconds (the median of `runs`),
    and how the cost grows (per official, against the 250 run). Goal: ≤ 2 s at 4,000 for every model, growing
    linearly."""
    print(
        f"\nRemuneration: a quarter of {MEETINGS} meetings, everyone attending; CPU s per model (median of {runs}), "
        "cycle collector paused as the batch and what-if endpoints run it"
    )
    print(f"{'officials':>9} {'attendances':>11} " + " ".join(f"{'model ' + m:>9}" for m in MODELS) + "  µs/attendance")
    results: dict[int, dict[str, float]] = {}
    every: dict[int, dict[str, list[float]]] = {}
    collecting: dict[int, dict[str, float]] = {}
    loads: dict[int, list[float]] = {}
    for officials in SERIES:
        data = quarter_data(officials=officials)
        loads[officials] = load_average()
        every[officials] = {model: sorted(_compute(data, model)[3] for _ in range(runs)) for model in MODELS}
        collecting[officials] = {model: _compute(data, model, collector=True)[3] for model in MODELS}
        results[officials] = {model: times[len(times) // 2] for model, times in every[officials].items()}
        worst = max(results[officials].values())
        per = worst / len(data[1]) * 1e6
        row = " ".join(f"{results[officials][m]:>9.2f}" for m in MODELS)
        print(f"{officials:>9,} {len(data[1]):>11,} {row}  {per:>6.1f}   load {loads[officials]}")
        row = " ".join(f"{collecting[officials][m]:>9.2f}" for m in MODELS)
        print(f"{'':>9} {'collector on':>11} {row}  (one run each, for comparison)")
    slowest = {m: max(every[GOAL_OFFICIALS][m]) for m in MODELS}
    at_goal = max(slowest.values())
    base = max(results[SERIES[0]].values()) / SERIES[0]
    growth = {n: round(max(r.values()) / n / base, 2) for n, r in results.items()}
    met = at_goal <= GOAL_SECONDS
    print(
        f"4,000 officials, slowest model and run: {at_goal:.2f} s (goal ≤ {GOAL_SECONDS} s): {verdict(met)}; "
        f"runs per model: { {m: [round(t, 2) for t in every[GOAL_OFFICIALS][m]] for m in MODELS} }"
    )
    print(f"cost per official against the 250 run (1.0 = linear): {growth}")
    write_figures(
        "remuneration",
        [
            Figure(
                f"quarter of {GOAL_OFFICIALS:,} officials × {MEETINGS} meetings, model {m}, CPU "
                f"(slowest of {runs}; collector paused as the service runs it)",
                round(slowest[m], 3),
                "s",
                f"≤ {GOAL_SECONDS} s",
                slowest[m] <= GOAL_SECONDS,
            )
            for m in MODELS
        ]
        + [
            Figure(
                "cost per official at 8,000 against 250 (1.0 = linear)",
                growth[SERIES[-1]],
                "×",
                "linear",
                None,
            )
        ],
        [
            Series(
                f"quarter, model {m}, CPU (median of {runs})",
                "officials",
                "s",
                [(n, round(results[n][m], 3)) for n in SERIES],
            )
            for m in MODELS
        ],
        runs={n: {m: [round(t, 3) for t in times] for m, times in every[n].items()} for n in SERIES},
        collector_on={n: {m: round(t, 3) for m, t in collecting[n].items()} for n in SERIES},
        load_average_per_size=loads,
        computed="in memory (remuneration.domain), after loading: the work of the batch and what-if endpoints",
    )
    return {"seconds": results, "at_goal": at_goal, "met": met, "per_official_growth": growth}


def main() -> None:
    quarter_benchmark()


if __name__ == "__main__":
    main()
