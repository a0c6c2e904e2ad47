"""Proportional election (forholdsvalg) of a body's members (MTG-28), with gender balance (MTG-27).

MTG-28: members of a committee are elected proportionally when at least one member demands it,
otherwise by majority election (`domain.elections`); the chair and vice chair are always elected
by majority election, so a proportional election of them is refused.

Our reading of the general municipal law the seed was written under (kommuneloven 1992 §§ 36–37,
checked against Ot.prp. nr. 96 (2005–2006) 6.1.1.1, NOU 2016: 4 ch. 13.2.1.1 and Prop. 46 L
(2017–2018) 14.2.1, which describe those sections as the law then in force):

- The election is held on list proposals (listeforslag) put forward by party groups; several groups
  may put forward one joint list (fellesliste), which counts as one list. Each ballot is a vote for
  one list.
- § 36 nr. 2: every list must itself hold both genders, in numbers fixed by how many members are to
  be elected (not by how many names the list has): 2–3 → each gender represented; 4–5 → at least 2
  of each; 6–8 → at least 3; 9 → at least 4; more than 9 → at least 40 %. For bodies that by law
  consist of council members only (the executive committee), "as far as possible": reported, not
  refused.
- § 37: the places are distributed among the lists by d'Hondt's method: each list's votes are divided
  by 1, 2, 3, … and the places go to the largest quotients. A list gets no more places than it has
  candidates; a list without votes gets none. Equal quotients competing for the last place(s) are
  decided by drawing lots (the reproducible, recorded draw of MTG-26).
- Within a list the candidates are elected in the order of the list as counted. KL 1992 allowed
  members to alter their ballot (NOU 2016: 4 proposed to abolish it); where that happened the
  counters report each list in the order the count produced, and that order is what we take.
- § 37 gender balance: if the result gives one gender fewer than MTG-27 requires of the whole body
  (4 or more places → 40 %, 2–3 → both), candidates of that gender move up within their own lists,
  each list keeping its number of places: one move per list per pass, starting with the list with
  the most votes, for as long as a list has such a candidate to move up and the other gender stays
  at or above its own minimum ("as far as possible").
- Deputies (varamedlemmer) per list that won a place: the list's candidates not elected, in list
  order, as many as the list's members plus 2. A list without a place has no member for deputies to
  stand in for, so it gets none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from uuid import UUID

from meetings.domain.elections import GENDERS, Candidate, Lottery, draw_lots, minimum_per_gender

DEPUTIES_BEYOND_MEMBERS = 2
MAJORITY_ONLY_OFFICES = ("chair", "vice_chair")


@dataclass(frozen=True)
class CandidateList:
    """A list proposal: its candidates in list order (several groups may stand behind it)."""

    id: UUID
    candidates: tuple[Candidate, ...]


def must_be_majority_election(office: str) -> bool:
    """MTG-28: leader and deputy leader are always elected by majority election."""
    return office in MAJORITY_ONLY_OFFICES


def list_minimum_per_gender(places: int) -> int:
    """KL 1992 § 36 nr. 2: how many of each gender every list must hold, by places to be elected."""
    if places <= 1:
        return 0
    if places <= 3:
        return 1
    if places <= 5:
        return 2
    if places <= 8:
        return 3
    if places == 9:
        return 4
    return (2 * places + 4) // 5  # at least 40 %, rounded up


def list_gender_shortfall(candidates: Sequence[Candidate], places: int) -> dict[str, int]:
    """MTG-27 on a list proposal: per gender, how many names are missing (empty when the list is valid)."""
    needed = list_minimum_per_gender(places)
    return {g: needed - n for g in GENDERS if (n := sum(c.gender == g for c in candidates)) < needed}


@dataclass(frozen=True)
class SeatDistribution:
    seats: dict[UUID, int]
    tied: tuple[UUID, ...]  # lists whose equal quotients competed for the last place(s)
    lottery: Lottery | None
    unfilled: int  # places no list had a candidate left for


def distribute_seats(
    votes: Mapping[UUID, int], capacity: Mapping[UUID, int], places: int, *, seed: str | None
) -> SeatDistribution:
    """MTG-28, KL 1992 § 37: d'Hondt (divisors 1, 2, 3, …); lots decide equal quotients at the boundary.

    `capacity` is each list's number of candidates. Raises ValueError when a tie needs a draw and no
    seed is given."""
    quotients = sorted(
        (
            (Fraction(v, divisor), list_id)
            for list_id, v in votes.items()
            if v > 0
            for divisor in range(1, min(capacity.get(list_id, 0), places) + 1)
        ),
        key=lambda q: (-q[0], str(q[1])),
    )
    seats = dict.fromkeys(votes, 0)
    if len(quotients) <= places:
        for _, list_id in quotients:
            seats[list_id] += 1
        return SeatDistribution(seats, (), None, places - len(quotients))
    boundary = quotients[places - 1][0]
    for value, list_id in quotients:
        if value > boundary:
            seats[list_id] += 1
    tied = [list_id for value, list_id in quotients if value == boundary]  # one quotient per list at a value
    open_places = places - sum(seats.values())
    if len(tied) == open_places:
        winners: Sequence[UUID] = tied
        lottery = None
    else:
        if seed is None:
            raise ValueError("equal quotients compete for the last place: drawing lots needs a seed")
        lottery = draw_lots(tied, seed)
        winners = lottery.order[:open_places]
    for list_id in winners:
        seats[list_id] += 1
    return SeatDistribution(seats, tuple(sorted(tied, key=str)), lottery, 0)


@dataclass(frozen=True)
class ListResult:
    list_id: UUID
    votes: int
    seats: int
    members: tuple[UUID, ...]  # in list order
    deputies: tuple[UUID, ...]  # in the order they are summoned
    moved_up: tuple[UUID, ...]  # MTG-27


@dataclass(frozen=True)
class ProportionalResult:
    lists: tuple[ListResult, ...]
    distribution: SeatDistribution
    balanced: bool  # MTG-27 met for the body as a whole

    @property
    def members(self) -> list[UUID]:
        return [m for r in self.lists for m in r.members]


def _balance(
    lists: Sequence[CandidateList], votes: Mapping[UUID, int], elected: dict[UUID, list[Candidate]], places: int
) -> None:
    needed = minimum_per_gender(places)
    by_votes = sorted(lists, key=lambda cl: -votes.get(cl.id, 0))  # stable: equal votes keep list order
    for gender in GENDERS:
        other = next(g for g in GENDERS if g != gender)

        def count(g: str) -> int:
            return sum(c.gender == g for chosen in elected.values() for c in chosen)

        moved = True
        while count(gender) < needed and moved:
            moved = False
            for cl in by_votes:
                chosen = elected[cl.id]
                if count(gender) >= needed or count(other) <= needed:
                    break
                out = next((c for c in reversed(chosen) if c.gender == other), None)
                waiting = next((c for c in cl.candidates if c.gender == gender and c not in chosen), None)
                if out is None or waiting is None:
                    continue
                chosen.remove(out)
                chosen.append(waiting)
                moved = True


def elect(
    lists: Sequence[CandidateList], votes: Mapping[UUID, int], places: int, *, seed: str | None = None
) -> ProportionalResult:
    """MTG-28 count: places per list, members in list order, MTG-27 moving up, deputies per list."""
    known = {cl.id for cl in lists}
    if set(votes) - known:
        raise ValueError("votes were given for a list that is not in the election")
    distribution = distribute_seats(
        {cl.id: votes.get(cl.id, 0) for cl in lists}, {cl.id: len(cl.candidates) for cl in lists}, places, seed=seed
    )
    elected = {cl.id: list(cl.candidates[: distribution.seats[cl.id]]) for cl in lists}
    _balance(lists, votes, elected, places)
    results = []
    for cl in lists:
        chosen = {c.id for c in elected[cl.id]}
        seats = distribution.seats[cl.id]
        in_order = [c.id for c in cl.candidates if c.id in chosen]
        rest = [c.id for c in cl.candidates if c.id not in chosen]
        deputies = rest[: seats + DEPUTIES_BEYOND_MEMBERS] if seats else []
        moved_up = [c.id for c in cl.candidates[seats:] if c.id in chosen]
        results.append(ListResult(cl.id, votes.get(cl.id, 0), seats, tuple(in_order), tuple(deputies), tuple(moved_up)))
    all_elected = [c for chosen in elected.values() for c in chosen]
    needed = minimum_per_gender(places)
    balanced = all(sum(c.gender == g for c in all_elected) >= needed for g in GENDERS)
    return ProportionalResult(tuple(results), distribution, balanced)
