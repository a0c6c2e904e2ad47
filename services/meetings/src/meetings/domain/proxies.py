"""A politician who is or has been proxy (fullmektig) for a party in a case is disqualified in it
(fvl § 6 first paragraph d, ACC-50, FBK-13): "er eller har vært ... fullmektig for en part i saken
etter at saken begynte". A proxy names the resident's case by its case number, which exists only once
the case has begun, so having been proxy in that case is having been proxy after it began; and having
been stays true after the power of attorney ends or is revoked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ProxyTerm:
    """When a power of attorney was in force: from `valid_from`, to `valid_to` (its last day) or until revoked."""

    valid_from: date
    valid_to: date | None = None
    revoked_on: date | None = None

    def ever_in_force(self) -> bool:
        """A power of attorney revoked, or ending, before its first day never made anyone proxy."""
        ends = [d for d in (self.valid_to, self.revoked_on) if d is not None]
        return all(end >= self.valid_from for end in ends)


def disqualified_by_proxy(term: ProxyTerm, day: date) -> bool:
    """fvl § 6 d: on `day` (the meeting's) the politician is or has been proxy in the case."""
    return term.ever_in_force() and term.valid_from <= day
