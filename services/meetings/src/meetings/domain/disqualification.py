"""Disqualification (inhabilitet) in a case: the grounds of MTG-13 and who takes part (MTG-14)."""

from __future__ import annotations

from collections.abc import Set
from enum import StrEnum
from uuid import UUID


class Ground(StrEnum):
    """fvl § 6 first paragraph a–e, the second paragraph, and KL § 40 nr. 3 and nr. 4."""

    PARTY = "fvl_6_a"  # party to the case
    RELATED = "fvl_6_b"  # related to a party in direct line or as close as siblings
    SPOUSE = "fvl_6_c"  # married, engaged, foster relation
    GUARDIAN_OR_PROXY = "fvl_6_d"  # guardian or proxy for a party (also earlier in the case; ACC-50)
    COMPANY_ROLE = "fvl_6_e"  # leader or board member of a company, association, bank, foundation that is a party
    SPECIAL_CIRCUMSTANCES = "fvl_6_2"  # special circumstances weakening trust
    PREPARED_THE_CASE = "kl_40_3"  # employee who prepared the case, or made/prepared the appealed decision
    EXEMPTION = "kl_40_4"  # exempted on request for weighty personal reasons


def taking_part(present: Set[UUID], disqualified: Set[UUID], substitutes: Set[UUID]) -> set[UUID]:
    """MTG-14: those who take part in a case (vote and count toward its quorum): the present
    who are not disqualified in it, and the deputies summoned for this case who have come."""
    return (set(present) - set(disqualified)) | set(substitutes)
