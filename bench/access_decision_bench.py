"""`make bench`, access part 1: the decision function in-process (the goal: ≥ 20,000 decisions/s).

Two ways it is used: one decision at a time, as `GET /decisions` makes it (every call works out the person's
and the case's facts afresh), and a listing, where the person's and the case's facts are worked out once for
the case's thousand documents (`CaseDecider`). Measured in CPU time of the process, so that other work on a
shared machine does not count against it; the median of five rounds."""

from __future__ import annotations

import gc
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from access_fixture import NOW, case, documents, requester

from access.domain.decision import CaseDecider, decide
from access.rules import AccessRules
from folkevalgt_shared.settings import REPO_ROOT

ROUNDS = 5


def best_rate(run: object, decisions: int) -> float:
    rates = []
    for _ in range(ROUNDS):
        gc.collect()
        started = time.process_time()
        run()  # type: ignore[operator]
        rates.append(decisions / (time.process_time() - started))
    return sorted(rates)[ROUNDS // 2]  # the median round


def main() -> None:
    policy = AccessRules(REPO_ROOT / "config" / "sor-varanger.yaml").at(NOW.date())
    who, the_case, docs = requester(), case(), documents(1000)
    outcomes = Counter(decide(who, the_case, d, now=NOW, policy=policy).outcome.value for d in docs)

    def one_at_a_time() -> None:
        for d in docs:
            decide(who, the_case, d, now=NOW, policy=policy)

    def listing() -> None:
        decider = CaseDecider(who, the_case, now=NOW, policy=policy)
        for d in docs:
            decider.decide(d)

    single = best_rate(one_at_a_time, len(docs))
    listed = best_rate(listing, len(docs))
    print(
        f"\nAccess decision function in-process (median of {ROUNDS} rounds of {len(docs)} documents; {dict(outcomes)})"
    )
    print(f"{'one decision at a time (GET /decisions)':44} {single:>12,.0f} decisions/s")
    print(f"{'a listing of the case (CaseDecider)':44} {listed:>12,.0f} decisions/s")
    print("goal: ≥ 20,000 decisions/s")


if __name__ == "__main__":
    main()
