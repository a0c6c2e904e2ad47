"""Party and representative support (§9, REM-60), paid to organisations.

- Each party group represented in the council: the yearly party support for the days it held at
  least one seat.
- Representative support: the yearly amount per council representative for the days the seat
  was held, paid to the representative's group (one line per group). An independent
  representative (a seat without a party group) gets it as a person: there is no group to pay.
  Reporting (decision): support to a group or list is outside the a-melding (REM-90: paid to an
  organisation); paid to a person it is that person's income for the office and reportable like
  other remuneration (REM-02), under the payroll setting `support_to_a_person`.
- Approved lists not represented in the council: the support in the year of a municipal and
  county election, paid once, in the quarter the settings name (elections are held in
  September). The lists are an input: they come from the election, not from the register.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from uuid import UUID

from folkevalgt_shared.errors import InvalidInput
from remuneration.domain.lines import held_by, make_line, office_source
from remuneration.domain.model import ItemType, Office, PayLine, Period, RecipientKind
from remuneration.domain.rates import RateSource, nok_text, year_share
from remuneration.domain.spans import Span, intersect, union

# REM-60 ("gjelder også uavhengige representanter") with REM-02 and REM-90: why the line is reported.
INDEPENDENT_REPORTING = (
    "paid to the representative as a person, since there is no group to pay it to, so it is reported as "
    "that person's income for the office (REM-02: all remuneration is reportable; REM-90 leaves only "
    "support paid to organisations outside the a-melding)"
)
FIRST_ELECTION_YEAR = 2023  # municipal and county elections every four years (valgloven §9-2): 2023, 2027 …


def is_election_year(year: int) -> bool:
    return (year - FIRST_ELECTION_YEAR) % 4 == 0


@dataclass(frozen=True)
class PartyLists:
    """Inputs about parties that the register does not hold (REM-40, REM-60)."""

    unrepresented: Sequence[str] = ()  # approved lists at the year's election without a council seat
    election_year: bool | None = None  # None: by the four-year election cycle
    group_sizes: Mapping[str, int] | None = None  # REM-40; None: counted from the council seats held


def party_support(period: Period, source: RateSource, offices: Sequence[Office], lists: PartyLists) -> list[PayLine]:
    """REM-60: party support, support to unrepresented lists, representative support."""
    lines: list[PayLine] = []
    spans = source.spans(period.start, period.end)
    first_rates = spans[0][2]
    support = first_rates.settings.party_support
    seats = {
        key: value
        for key, value in held_by(offices, (period.start, period.end)).items()
        if key[2] in support.council_body_types and key[3] in support.seat_roles
    }
    by_person: dict[tuple[str | None, UUID], tuple[list[Span], list[str]]] = {}
    for (person, _, _, _), (held, held_offices) in seats.items():
        group = held_offices[0].party_group
        entry = by_person.setdefault((group, person), ([], []))
        entry[0].extend(held)
        entry[1].extend(office_source(o) for o in held_offices)
    for start, end, rates in spans:
        ps = rates.settings.party_support
        groups: dict[str, list[tuple[list[Span], list[str]]]] = defaultdict(list)
        for (group, person), (held, sources) in by_person.items():
            mine = intersect(union(held), (start, end))
            if not mine:
                continue
            if group is None:
                amount = sum(year_share(ps.per_representative, a, b, "day") for a, b in mine)
                text = (
                    "Representative support to an independent representative: "
                    f"{nok_text(ps.per_representative)} a year for the seat = {nok_text(amount)}; "
                    f"{INDEPENDENT_REPORTING}"
                )
                lines.append(
                    make_line(
                        person, period, ItemType.REPRESENTATIVE_SUPPORT, amount, "REM-60", rates, text, sources, start
                    )
                )
            else:
                groups[group].append((mine, sources))
        for group, members in sorted(groups.items()):
            represented = union(s for mine, _ in members for s in mine)
            party = sum(year_share(ps.per_group, a, b, "day") for a, b in represented)
            text = (
                f"Party support to {group}, represented in the council: "
                f"{nok_text(ps.per_group)} a year = {nok_text(party)}"
            )
            lines.append(
                make_line(
                    group,
                    period,
                    ItemType.PARTY_SUPPORT,
                    party,
                    "REM-60",
                    rates,
                    text,
                    [s for _, member_sources in members for s in member_sources],
                    start,
                    RecipientKind.ORGANISATION,
                )
            )
            per_rep = sum(year_share(ps.per_representative, a, b, "day") for mine, _ in members for a, b in mine)
            text = (
                f"Representative support to {group}: {nok_text(ps.per_representative)} a year for each of "
                f"{len(members)} council representative{'' if len(members) == 1 else 's'}, "
                f"by the days each held the seat = {nok_text(per_rep)}"
            )
            sources = [s for _, member_sources in members for s in member_sources]
            lines.append(
                make_line(
                    group,
                    period,
                    ItemType.REPRESENTATIVE_SUPPORT,
                    per_rep,
                    "REM-60",
                    rates,
                    text,
                    sources,
                    start,
                    RecipientKind.ORGANISATION,
                )
            )
    election = lists.election_year if lists.election_year is not None else is_election_year(period.year)
    if lists.unrepresented and election and period.quarter == support.unrepresented_paid_in_quarter:
        represented_groups = {group for group, _ in by_person if group}
        for name in lists.unrepresented:
            if name in represented_groups:
                raise InvalidInput(
                    f"{name} holds seats in the council, so it is not an unrepresented list",
                    errors=[{"field": "party_lists.unrepresented", "message": f"{name} is represented"}],
                )
            amount = support.unrepresented_list_election_year
            text = (
                f"Support to {name}, an approved list not represented in the council, "
                f"in the election year {period.year}: {nok_text(amount)}"
            )
            lines.append(
                make_line(
                    name,
                    period,
                    ItemType.PARTY_SUPPORT,
                    amount,
                    "REM-60",
                    first_rates,
                    text,
                    [f"list:{name}"],
                    period.start,
                    RecipientKind.ORGANISATION,
                )
            )
    return lines
