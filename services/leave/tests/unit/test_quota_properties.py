"""Properties of the quota arithmetic over many applications (LEA-01, LEA-16, LEA-17, LEA-30): the pots never go
below zero, paid + unpaid (+ statutory) is what was asked, and a part-time employee gets exactly their share."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from leave.domain.model import FULL_POSITION, Employment, Extent, Hours
from leave.domain.quota import History, Split, pot_size, split
from leave.domain.reasons import BY_CODE, REASONS, Source

REASON_CODES = sorted(r.code for r in REASONS if r.code not in ("municipal_office", "full_time_office"))
START = date(2026, 10, 1)

applications = st.lists(
    st.tuples(
        st.sampled_from(REASON_CODES),
        st.integers(min_value=0, max_value=200),  # days after START
        st.integers(min_value=0, max_value=12),  # calendar days more
        st.sampled_from([None, "a", "b"]),  # the occasion
    ),
    min_size=1,
    max_size=25,
)


def replay(kit: Any, employment: Employment, apps: list[tuple[str, int, int, str | None]]) -> list[Split]:
    """Applications granted one after the other, each seeing what the earlier ones took, as the service does."""
    regulation = kit.regulation()
    used: dict[tuple[str, int], Hours] = {}
    occasions: dict[tuple[str, str], Hours] = {}
    out = []
    for code, offset, length, occasion in apps:
        start = START + timedelta(days=offset)
        extent = Extent(start, start + timedelta(days=length))
        history = History(
            pot_used=dict(used), occasion_used=occasions.get((code, occasion or ""), 0) if occasion else 0
        )
        result = split(BY_CODE[code], regulation, employment, extent, history)
        for key, amount in result.drawn().items():
            used[key] = used.get(key, 0) + amount
        if occasion:
            occasions[(code, occasion)] = occasions.get((code, occasion), 0) + result.requested
        out.append(result)
        for (pot, _year), amount in used.items():
            assert 0 <= amount <= pot_size(regulation, pot, employment), "a pot went below zero"
    return out


@settings(max_examples=150, deadline=None)
@given(apps=applications, position=st.integers(min_value=100, max_value=FULL_POSITION))
def test_lea16_pots_never_negative_and_paid_plus_unpaid_is_what_was_asked(
    kit: Any, apps: list[tuple[str, int, int, str | None]], position: int
) -> None:
    employment = Employment(position, 7_500_000, True, date(2000, 1, 1))
    for (code, _, _, _), result in zip(apps, replay(kit, employment, apps), strict=True):
        asked = (
            sum(1 for _ in Extent(result.parts[0].first, result.parts[-1].last).working_days()) if result.parts else 0
        )
        assert result.paid + result.unpaid + result.statutory == result.requested
        assert result.requested == asked * employment.day
        assert all(p.hours > 0 for p in result.parts)
        if BY_CODE[code].source is Source.STATUTORY:
            assert result.paid == result.unpaid == 0
        # LEA-16: within a year the paid days come first; nothing is paid after a cap has bitten.
        for year in {p.year for p in result.parts}:
            pays = [p.pay for p in result.parts if p.year == year and p.pay != "statutory"]
            assert pays == sorted(pays, key=lambda pay: pay != "paid")


@settings(max_examples=120, deadline=None)
@given(apps=applications, percent=st.integers(min_value=1, max_value=100))
def test_lea01_a_part_time_employee_gets_exactly_the_share_of_their_position(
    kit: Any, apps: list[tuple[str, int, int, str | None]], percent: int
) -> None:
    full = replay(kit, Employment(FULL_POSITION, 7_500_000, True, date(2000, 1, 1)), apps)
    part = replay(kit, Employment(percent * 100, 7_500_000, True, date(2000, 1, 1)), apps)
    for f, p in zip(full, part, strict=True):
        assert p.paid * 100 == f.paid * percent
        assert p.unpaid * 100 == f.unpaid * percent
        assert p.drawn() == {k: v * percent // 100 for k, v in f.drawn().items()}
