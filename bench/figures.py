"""One place where each benchmark leaves its figures, for `bench/report.py` to print and chart.

Each benchmark calls `write_figures("<name>", figures, series)`, which writes `bench/out/<name>.json`:

    figures: [{"name", "value", "unit", "goal", "met"}]   met is True/False, or None when no goal applies
    series:  [{"name", "x", "unit", "points": [[x, y], ...]}]   a scaling series, one line of the chart

with the machine's load average at the time, so a reader can tell a quiet run from a busy one.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    goal: str = ""
    met: bool | None = None


@dataclass(frozen=True)
class Series:
    name: str
    x: str  # what grows: "cases", "officials", "lines"
    unit: str
    points: list[tuple[float, float]] = field(default_factory=list)


def verdict(met: bool | None) -> str:
    return "no goal" if met is None else "met" if met else "not met"


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def write_figures(bench: str, figures: Sequence[Figure], series: Sequence[Series] = (), **extra: object) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{bench}.json"
    document = {
        "bench": bench,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_average": load_average()},
        "figures": [asdict(f) for f in figures],
        "series": [asdict(s) for s in series],
        **extra,
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    return path
