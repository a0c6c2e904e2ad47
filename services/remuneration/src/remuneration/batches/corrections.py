"""What a batch must contain, given what the period should pay now and what approved batches already paid.

Approved lines are never edited (REM-90): an amount that changed gets a correction line with the difference,
referencing the line it corrects; an amount no longer owed gets a correction that takes it back, naming the
rule that now withholds it where one does (REM-91; e.g. REM-31, a fee that lapsed).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from remuneration.domain.model import PayLine, format_nok


@dataclass(frozen=True)
class PaidLine:
    """A line of an approved batch of the period, as the comparison needs it."""

    id: uuid.UUID
    line_key: str
    amount: int
    sequence: int
    line: PayLine
    claim_id: uuid.UUID | None = None


@dataclass(frozen=True)
class BatchLine:
    line: PayLine
    line_key: str
    claim_id: uuid.UUID | None = None
    corrects: uuid.UUID | None = None


def line_key(line: PayLine, claim_id: uuid.UUID | None = None) -> str:
    """A claim is itself; a computed amount is the recipient's item under one rule on one day (or period)."""
    if claim_id is not None:
        return f"claim:{claim_id}"
    day = line.earned_on.isoformat() if line.earned_on else ""
    return f"{line.recipient_kind.value}:{line.recipient_id}|{line.item_type.value}|{line.rule}|{day}"


def batch_lines(
    wanted: Iterable[BatchLine], paid: Sequence[PaidLine], withheld: Mapping[str, str] | None = None
) -> list[BatchLine]:
    """`withheld` maps a source ("attendance:<event id>") to the rule and reason its amount is no longer paid."""
    withheld = withheld or {}
    wanted_by_key: dict[str, list[BatchLine]] = defaultdict(list)
    for w in wanted:
        wanted_by_key[w.line_key].append(w)
    paid_by_key: dict[str, list[PaidLine]] = defaultdict(list)
    for p in paid:
        paid_by_key[p.line_key].append(p)

    out: list[BatchLine] = []
    for key, lines in wanted_by_key.items():
        before = paid_by_key.get(key)
        if not before:
            out.extend(lines)  # never paid: the lines as computed, each with its own sources
            continue
        now_total = sum(w.line.amount for w in lines)
        paid_total = sum(p.amount for p in before)
        if now_total != paid_total:
            out.append(_correction(before, now_total - paid_total, lines, withheld))
    for key, before in paid_by_key.items():
        if key not in wanted_by_key and sum(p.amount for p in before) != 0:
            out.append(_correction(before, -sum(p.amount for p in before), [], withheld))
    return out


def _correction(
    before: list[PaidLine], difference: int, now: list[BatchLine], withheld: Mapping[str, str]
) -> BatchLine:
    latest = max(before, key=lambda p: p.sequence)
    paid_total = sum(p.amount for p in before)
    basis = now[0].line if now else latest.line
    sources: list[str] = []
    for w in now:
        sources.extend(s for s in w.line.sources if s not in sources)
    reasons = list(dict.fromkeys(withheld[s] for p in before for s in p.line.sources if s in withheld))
    if now:
        why = "; ".join(w.line.explanation for w in now)
        no_longer = f". No longer paid: {'; '.join(reasons)}" if reasons and difference < 0 else ""
        explanation = (
            f"Correction of line {latest.id}: paid {format_nok(paid_total)}, "
            f"now {format_nok(paid_total + difference)}, difference {format_nok(difference)}. Now: {why}{no_longer}"
        )
    else:
        why = "; ".join(reasons) or "its basis was changed or withdrawn"
        explanation = (
            f"Correction of line {latest.id}: paid {format_nok(paid_total)} is no longer owed ({why}); "
            "taken back in full"
        )
    line = replace(basis, amount=difference, explanation=explanation, sources=tuple(sources or basis.sources))
    claim_id = now[0].claim_id if now else latest.claim_id
    return BatchLine(line=line, line_key=latest.line_key, claim_id=claim_id, corrects=latest.id)
