"""The last step of `make bench`: every figure the benchmarks left in bench/out/, with its goal and
whether it was met, then the scaling series as tables and as one SVG chart (bench/out/scaling.svg).

    .venv/bin/python bench/report.py
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from figures import OUT, verdict

PANEL_W, PANEL_H, MARGIN = 360, 220, 48
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def load() -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(OUT.glob("*.json"))]


def figures_table(documents: list[dict[str, Any]]) -> str:
    lines = [f"{'benchmark':20} {'figure':86} {'value':>20} {'goal':>18}  verdict"]
    for doc in documents:
        for f in doc["figures"]:
            value = f"{number(f['value'])} {f['unit']}"
            lines.append(f"{doc['bench']:20} {f['name'][:86]:86} {value:>20} {f['goal']:>18}  {verdict(f['met'])}")
    met = [f["met"] for doc in documents for f in doc["figures"] if f["met"] is not None]
    lines.append(f"\n{sum(met)} of {len(met)} goals met")
    for doc in documents:
        load = doc["machine"].get("load_average") or ["?"]
        lines.append(f"  {doc['bench']}: measured {doc['measured_at']}, load average {load[0]} at the end")
    return "\n".join(lines)


def number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def series_tables(documents: list[dict[str, Any]]) -> str:
    out = []
    for doc in documents:
        for s in doc["series"]:
            out.append(f"{s['name']} ({s['unit']})")
            out.append("  " + "  ".join(f"{x:>10,.0f}" for x, _ in s["points"]) + f"   {s['x']}")
            out.append("  " + "  ".join(f"{number(y):>10}" for _, y in s["points"]))
    return "\n".join(out)


def _ticks(top: float) -> list[float]:
    step = 10 ** (len(str(int(top))) - 1) if top >= 1 else 0.1
    while top / step > 5:
        step *= 2
    return [step * i for i in range(int(top / step) + 1)]


def panel(x0: float, y0: float, title: str, x_label: str, unit: str, lines: list[dict[str, Any]]) -> list[str]:
    points = [p for line in lines for p in line["points"]]
    x_max = max(x for x, _ in points) or 1
    y_max = (max(y for _, y in points) or 1) * 1.1
    w, h = PANEL_W - MARGIN - 34, PANEL_H - MARGIN - 24  # room for the last x label

    def sx(x: float) -> float:
        return x0 + MARGIN + x / x_max * w

    def sy(y: float) -> float:
        return y0 + 24 + h - y / y_max * h

    svg = [f'<text x="{x0 + MARGIN}" y="{y0 + 14}" font-size="12" font-weight="bold">{escape(title)}</text>']
    svg.append(f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(x_max)}" y2="{sy(0)}" stroke="#444"/>')
    svg.append(f'<line x1="{sx(0)}" y1="{sy(0)}" x2="{sx(0)}" y2="{sy(y_max)}" stroke="#444"/>')
    for tick in _ticks(y_max):
        svg.append(f'<text x="{sx(0) - 4}" y="{sy(tick) + 4}" font-size="9" text-anchor="end">{tick:g}</text>')
    for x in sorted({x for x, _ in points}):
        svg.append(f'<text x="{sx(x)}" y="{sy(0) + 12}" font-size="9" text-anchor="middle">{x:,.0f}</text>')
    svg.append(
        f'<text x="{sx(x_max / 2)}" y="{sy(0) + 24}" font-size="10" text-anchor="middle">{escape(x_label)}</text>'
    )
    svg.append(
        f'<text x="{x0 + 10}" y="{sy(y_max / 2)}" font-size="10" text-anchor="middle" '
        f'transform="rotate(-90 {x0 + 10} {sy(y_max / 2)})">{escape(unit)}</text>'
    )
    for i, line in enumerate(lines):
        colour = COLOURS[i % len(COLOURS)]
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in line["points"])
        svg.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        svg.extend(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>' for x, y in line["points"])
        svg.append(
            f'<text x="{sx(0) + 6}" y="{y0 + 36 + 12 * i}" font-size="9" fill="{colour}">{escape(line["label"])}</text>'
        )
    return svg


def chart(documents: list[dict[str, Any]]) -> str | None:
    """One panel per benchmark and unit, a line per series."""
    panels: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for doc in documents:
        for s in doc["series"]:
            if s["points"]:
                panels.setdefault((doc["bench"], s["x"], s["unit"]), []).append({"label": s["name"], **s})
    if not panels:
        return None
    columns = 2
    rows = (len(panels) + columns - 1) // columns
    width, height = columns * PANEL_W, rows * PANEL_H
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    for i, ((bench, x_label, unit), lines) in enumerate(sorted(panels.items())):
        svg.extend(panel((i % columns) * PANEL_W, (i // columns) * PANEL_H, f"{bench}", x_label, unit, lines))
    svg.append("</svg>")
    return "\n".join(svg)


def main() -> None:
    documents = load()
    if not documents:
        print(f"no figures in {OUT}: run the benchmarks first (make bench)")
        return
    print("\n== Every figure against its goal ==")
    print(figures_table(documents))
    tables = series_tables(documents)
    if tables:
        print("\n== Scaling series ==")
        print(tables)
    svg = chart(documents)
    if svg is not None:
        path = Path(OUT) / "scaling.svg"
        path.write_text(svg + "\n", encoding="utf-8")
        print(f"\nchart: {path.relative_to(Path(__file__).resolve().parent.parent)}")


if __name__ == "__main__":
    main()
