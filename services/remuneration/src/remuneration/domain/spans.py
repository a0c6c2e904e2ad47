"""Spans of days (inclusive date intervals): when an office was held, less leave, within a period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

Span = tuple[date, date]
ONE_DAY = timedelta(days=1)


def clip(start: date, end: date | None, within: Span) -> Span | None:
    """The part of [start, end] (end None: still running) inside `within`."""
    low, high = max(start, within[0]), min(end or within[1], within[1])
    return (low, high) if low <= high else None


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted, merged spans (touching spans join: 31 March and 1 April are one run)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + ONE_DAY:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(spans: Iterable[Span], removed: Iterable[Span]) -> list[Span]:
    """The days of `spans` not in `removed`."""
    cuts = union(removed)
    result: list[Span] = []
    for start, end in union(spans):
        current = start
        for cut_start, cut_end in cuts:
            if cut_end < current or cut_start > end:
                continue
            if cut_start > current:
                result.append((current, cut_start - ONE_DAY))
            current = max(current, cut_end + ONE_DAY)
        if current <= end:
            result.append((current, end))
    return result


def intersect(spans: Iterable[Span], within: Span) -> list[Span]:
    return [s for s in (clip(a, b, within) for a, b in spans) if s is not None]


def days(spans: Iterable[Span]) -> int:
    return sum((end - start).days + 1 for start, end in spans)


def covers(spans: Iterable[Span], day: date) -> bool:
    return any(start <= day <= end for start, end in spans)
