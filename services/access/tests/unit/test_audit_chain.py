"""The audit trail's hash chain (ACC-70): any change, removal or reordering of an entry is found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from access.domain.audit import GENESIS, ChainVerifier, chain_hash


def chain(n: int) -> list[dict[str, Any]]:
    entries, previous = [], GENESIS
    for seq in range(1, n + 1):
        entry: dict[str, Any] = {
            "seq": seq,
            "at": datetime(2026, 3, 10, tzinfo=UTC) + timedelta(seconds=seq),
            "actor": "p1",
            "action": "decide",
            "person_id": "p1",
            "case_number": "042/26",
            "document_id": f"d{seq}",
            "outcome": "deny",
            "rules": ["ACC-20"],
            "reason": "Konfidensielt",
            "details": {"scope": "none", "ids": [1, 2]},
            "prev_hash": previous,
        }
        entry["hash"] = previous = chain_hash(previous, entry)
        entries.append(entry)
    return entries


def verify(entries: list[dict[str, Any]], batch: int = 3) -> Any:
    verifier = ChainVerifier()
    for start in range(0, len(entries), batch):
        if not verifier.feed(entries[start : start + batch]):
            break
    return verifier.result()


def test_acc70_an_untouched_trail_verifies_and_its_head_is_the_last_hash() -> None:
    entries = chain(10)
    result = verify(entries)
    assert result.valid and result.entries == 10 and result.head == entries[-1]["hash"]
    assert verify([]).valid and verify([]).head == GENESIS


def test_acc70_an_altered_entry_is_found_even_in_a_nested_detail_or_the_time() -> None:
    for field, value in (
        ("outcome", "allow"),
        ("details", {"scope": "full", "ids": [1, 2]}),
        ("at", datetime(2026, 3, 10, tzinfo=UTC)),
        ("rules", ["ACC-01"]),
    ):
        entries = chain(6)
        entries[3] = {**entries[3], field: value}
        result = verify(entries)
        assert (result.valid, result.broken_at, result.entries) == (False, 4, 3), field
        assert "altered" in (result.problem or "")


def test_acc70_a_removed_entry_is_found() -> None:
    entries = chain(6)
    del entries[2]
    result = verify(entries)
    assert (result.valid, result.broken_at) == (False, 4) and "missing" in (result.problem or "")


def test_acc70_an_entry_rewritten_with_a_fresh_hash_breaks_the_next_link() -> None:
    entries = chain(6)
    forged = {**entries[2], "outcome": "allow"}
    forged["hash"] = chain_hash(forged["prev_hash"], forged)
    entries[2] = forged
    result = verify(entries)
    assert (result.valid, result.broken_at) == (False, 4) and "link" in (result.problem or "")


def test_acc70_renumbered_entries_are_found() -> None:
    entries = chain(4)
    entries[1], entries[2] = entries[2], entries[1]
    assert verify(entries).broken_at == 3
