"""LEA-04: what a grant means for wage seniority, the holiday-pay basis and pension membership."""

from __future__ import annotations

from datetime import date
from typing import Any

from leave.domain.consequences import consequences
from leave.domain.model import Extent
from leave.domain.quota import History, split
from leave.domain.reasons import BY_CODE


def decide(kit: Any, reason: str, start: date, end: date, *, used_days: int = 0, **more: Any) -> Any:
    regulation, employment = kit.regulation(), kit.employment()
    extent = Extent(start, end)
    history = History(pot_used={("welfare", start.year): used_days * employment.day})
    result = split(BY_CODE[reason], regulation, employment, extent, history)
    return consequences(BY_CODE[reason], result, employment, regulation.consequences, extent, **more)


def test_lea04_paid_leave_keeps_seniority_and_pension_and_counts_for_holiday_pay(kit: Any) -> None:
    c = decide(kit, "death", date(2026, 3, 2), date(2026, 3, 4))
    assert not c.seniority_interrupted and c.pension_reported_out_from is None
    assert any("does not interrupt wage seniority" in s for s in c.statements)
    assert any("keeps the pension membership" in s for s in c.statements)
    assert any("holiday-pay basis (up to 3 months" in s for s in c.statements)


def test_lea04_unpaid_days_interrupt_seniority_but_not_for_public_office(kit: Any) -> None:
    assert decide(kit, "moving", date(2026, 3, 2), date(2026, 3, 2)).seniority_interrupted
    office = decide(kit, "municipal_office", date(2026, 3, 2), date(2026, 6, 30))
    assert not office.seniority_interrupted
    assert any("public office or union office counts" in s for s in office.statements)


def test_lea04_unpaid_leave_of_exactly_one_month_keeps_the_pension_a_day_more_ends_it(kit: Any) -> None:
    # Thursday 15 January to Saturday 14 February 2026 is one month; to Sunday 15 February it is more.
    month = decide(kit, "other_welfare", date(2026, 1, 15), date(2026, 2, 14))
    assert month.pension_reported_out_from is None
    more = decide(kit, "other_welfare", date(2026, 1, 15), date(2026, 2, 15))
    assert more.pension_reported_out_from == date(2026, 1, 15)
    assert any("reported out of the pension scheme" in s and "voluntary membership" in s for s in more.statements)


def test_lea04_only_the_unpaid_run_counts_toward_the_month(kit: Any) -> None:
    # Six weeks of serious illness with the pot nearly spent: paid days first, then an unpaid run under a month.
    c = decide(kit, "serious_illness", date(2026, 3, 2), date(2026, 3, 27), used_days=10)
    assert c.pension_reported_out_from is None


def test_lea04_paid_leave_beyond_three_months_counts_unless_decided_otherwise(kit: Any) -> None:
    exchange = decide(kit, "municipal_exchange", date(2026, 1, 5), date(2026, 6, 30))
    assert exchange.holiday_pay_beyond_three_months
    assert any("first 3 months; the pay beyond them counts too" in s for s in exchange.statements)
    otherwise = decide(kit, "municipal_exchange", date(2026, 1, 5), date(2026, 6, 30), holiday_pay_beyond=False)
    assert not otherwise.holiday_pay_beyond_three_months
    assert any("does not count, as decided" in s for s in otherwise.statements)
    three = decide(kit, "municipal_exchange", date(2026, 1, 5), date(2026, 4, 4), holiday_pay_beyond=False)
    assert three.holiday_pay_beyond_three_months  # three months exactly: nothing beyond them


def test_lea04_statutory_leave_refers_to_its_legal_basis(kit: Any) -> None:
    c = decide(kit, "military_service", date(2026, 1, 5), date(2026, 6, 30))
    assert not c.seniority_interrupted and c.pension_reported_out_from is None
    assert "HTA kap. 1 § 9" in c.statements[0] and "ferieloven § 10" in c.statements[0]
