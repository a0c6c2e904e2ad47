"""The audit trail's hash chain (ACC-70): each entry's hash covers the previous hash and the entry,
so changing or removing any entry breaks every hash after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
# The fields an entry's hash covers, in the stored form.
FIELDS = (
    "seq",
    "at",
    "actor",
    "action",
    "person_id",
    "case_number",
    "document_id",
    "outcome",
    "rules",
    "reason",
    "details",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value if value is None or isinstance(value, str | int | bool | list | dict) else str(value)


def canonical(entry: Mapping[str, Any]) -> bytes:
    body = {name: _plain(entry.get(name)) for name in FIELDS}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(previous: str, entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + canonical(entry)).hexdigest()


@dataclass(frozen=True, slots=True)
class Verification:
    valid: bool
    entries: int
    head: str
    broken_at: int | None = None
    problem: str | None = None


class ChainVerifier:
    """Walks the entries in sequence order, in batches, and reports the first one that does not hold."""

    def __init__(self) -> None:
        self.previous = GENESIS
        self.expected_seq = 1
        self.count = 0
        self.failure: Verification | None = None

    def feed(self, entries: Iterable[Mapping[str, Any]]) -> bool:
        """False once a break is found (the caller can stop reading)."""
        for entry in entries:
            if self.failure is not None:
                return False
            seq = entry["seq"]
            if seq != self.expected_seq:
                self.failure = self._broken(seq, f"entry {self.expected_seq} is missing")
            elif entry["prev_hash"] != self.previous:
                self.failure = self._broken(seq, "its link to the previous entry does not hold")
            elif chain_hash(self.previous, entry) != entry["hash"]:
                self.failure = self._broken(seq, "its content does not match its hash: it was altered")
            else:
                self.previous, self.expected_seq, self.count = entry["hash"], seq + 1, self.count + 1
        return self.failure is None

    def result(self) -> Verification:
        return self.failure or Verification(True, self.count, self.previous)

    def _broken(self, seq: int, problem: str) -> Verification:
        return Verification(False, self.count, self.previous, broken_at=seq, problem=problem)
