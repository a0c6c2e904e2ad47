"""Majority elections and appointments (MTG-26) with gender balance (MTG-27) and lots.

Each member taking part hands in one ballot naming at most as many candidates as there are places
(a blank ballot names none, allowed in elections only, MTG-22). The votes cast (avgitte stemmer) are
the ballots: with 31 ballots for 5 places, a candidate named on 16 or more has more than half. A blank
ballot is not a vote cast (our reading; `blank_counts_as_cast` switches it).

Round one elects everyone with more than half of the votes cast, also when that fills only some of the
places. Only when places are left does a new vote follow, for those places, where most votes win; a tie
for the last place is decided by drawing lots in an election, by the chair in an appointment. The
lottery's seed is fixed before the count (the service draws it when the round opens and shows only its
hash until the count), so the draw can be repeated and checked and cannot be chosen after the count.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

GENDERS = ("female", "male")


@dataclass(frozen=True)
class Candidate:
    id: UUID
    gender: str | None


@dataclass(frozen=True)
class Lottery:
    """A recorded draw: who was in it, the seed, and the order it produced."""

    seed: str
    among: tuple[UUID, ...]
    order: tuple[UUID, ...]


def ranked(votes: Mapping[UUID, int]) -> list[UUID]:
    """Candidates by votes, most first (equal votes in a fixed but meaningless order)."""
    return sorted(votes, key=lambda c: (-votes[c], str(c)))


@dataclass(frozen=True)
class BallotCount:
    votes: dict[UUID, int]  # ballots naming each candidate
    ballots: int  # ballots handed in, blank included
    blank: int
    cast: int  # the votes cast (avgitte stemmer): what "more than half" is counted against


def tally_ballots(ballots: Sequence[Sequence[UUID]], places: int, *, blank_counts_as_cast: bool = False) -> BallotCount:
    """MTG-26: one ballot per voter, naming each candidate at most once and at most `places` of them.
    Raises ValueError for a ballot that names too many or the same candidate twice."""
    votes: dict[UUID, int] = {}
    blank = 0
    for n, ballot in enumerate(ballots, start=1):
        if len(set(ballot)) != len(ballot):
            raise ValueError(f"ballot {n} names a candidate more than once")
        if len(ballot) > places:
            raise ValueError(f"ballot {n} names {len(ballot)} candidates for {places} places")
        if not ballot:
            blank += 1
        for candidate in ballot:
            votes[candidate] = votes.get(candidate, 0) + 1
    cast = len(ballots) - (0 if blank_counts_as_cast else blank)
    return BallotCount(votes=votes, ballots=len(ballots), blank=blank, cast=cast)


def first_round(votes: Mapping[UUID, int], *, cast: int) -> list[UUID]:
    """MTG-26: everyone named on more than half of the votes cast (the ballots), most votes first. When
    each ballot names several candidates more of them than places may have it (`majority_round`)."""
    return [c for c in ranked(votes) if 2 * votes[c] > cast]


def commitment(seed: str) -> str:
    """MTG-26: what is shown of a lottery seed before the count; the seed revealed after it must match."""
    return hashlib.sha256(seed.encode()).hexdigest()


def draw_lots(among: Sequence[UUID], seed: str) -> Lottery:
    """MTG-26: a draw anyone can repeat from its seed (e.g. witnesses' words plus the case number)."""
    candidates = tuple(sorted(among, key=str))
    order = list(candidates)
    random.Random(seed).shuffle(order)
    return Lottery(seed=seed, among=candidates, order=tuple(order))


@dataclass(frozen=True)
class RoundResult:
    elected: tuple[UUID, ...]
    tied: tuple[UUID, ...]  # candidates tied for the last place(s), decided by `lottery` or the chair
    lottery: Lottery | None


def plurality_round(
    votes: Mapping[UUID, int], places: int, *, appointment: bool, seed: str | None, chair_pick: Sequence[UUID] = ()
) -> RoundResult:
    """MTG-26, second round: most votes win; ties for the last place(s) are broken by lots
    (election, `seed` required) or by the chair's pick (appointment)."""
    order = ranked(votes)
    if len(order) <= places:
        return RoundResult(tuple(order), (), None)
    boundary = votes[order[places - 1]]
    sure = [c for c in order if votes[c] > boundary]
    tied = [c for c in order if votes[c] == boundary]
    open_places = places - len(sure)
    if len(tied) == open_places:
        return RoundResult(tuple(sure + tied), (), None)
    if appointment:
        picked = [c for c in chair_pick if c in tied][:open_places]
        if len(picked) < open_places:
            raise ValueError("an appointment tie is decided by the chair: pick among the tied candidates")
        return RoundResult(tuple(sure + picked), tuple(tied), None)
    if seed is None:
        raise ValueError("an election tie is decided by drawing lots: a seed is required")
    lottery = draw_lots(tied, seed)
    return RoundResult(tuple(sure + list(lottery.order[:open_places])), tuple(tied), lottery)


def majority_round(
    votes: Mapping[UUID, int],
    places: int,
    *,
    cast: int,
    appointment: bool,
    seed: str | None,
    chair_pick: Sequence[UUID] = (),
) -> RoundResult:
    """MTG-26, round one: everyone with more than half of the votes cast is elected, also when that fills
    only some of the places; should more than `places` have it, most votes win (lots or the chair on a tie)."""
    majority = first_round(votes, cast=cast)
    if len(majority) <= places:
        return RoundResult(tuple(majority), (), None)
    return plurality_round(
        {c: votes[c] for c in majority}, places, appointment=appointment, seed=seed, chair_pick=chair_pick
    )


def minimum_per_gender(places: int) -> int:
    """MTG-27: 4 or more places → each gender at least 40 %; 2 or 3 → both represented."""
    if places >= 4:
        return math.ceil(0.4 * places)
    return 1 if places >= 2 else 0


def gender_balanced(ranking: Sequence[Candidate], places: int) -> list[Candidate]:
    """MTG-27: the first `places` of `ranking`, with candidates of an under-represented gender
    moved up, as far as there are any, in place of the lowest-ranked of the other gender."""
    chosen = list(ranking[:places])
    needed = minimum_per_gender(places)
    for gender in GENDERS:
        other = next(g for g in GENDERS if g != gender)
        waiting = [c for c in ranking[places:] if c.gender == gender]
        while sum(c.gender == gender for c in chosen) < needed and waiting:
            out = next((c for c in reversed(chosen) if c.gender == other), None)
            if out is None or sum(c.gender == other for c in chosen) <= needed:
                break  # moving further would break the other gender's minimum
            chosen.remove(out)
            chosen.append(waiting.pop(0))
    rank = {c.id: i for i, c in enumerate(ranking)}
    return sorted(chosen, key=lambda c: rank[c.id])
