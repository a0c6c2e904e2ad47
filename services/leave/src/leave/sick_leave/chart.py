"""The path of sick leave against the target (LEA-70) as an SVG a manager can open in a browser."""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from leave.sick_leave.schemas import PathPoint

WIDTH, HEIGHT = 760, 380
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 56, 64
ACTUAL, TARGET = "#1f5fa8", "#d9822b"


def render(title: str, points: list[PathPoint]) -> str:
    values = [Decimal(p.percent) for p in points if p.percent is not None] + [Decimal(p.target_percent) for p in points]
    top = max(values, default=Decimal(10))
    step = 5 if top > 20 else 2
    y_max = (int(top) // step + 1) * step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (plot_w * i / max(1, len(points) - 1))

    def y(value: Decimal) -> float:
        return TOP + plot_h - float(value) * plot_h / y_max

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    for tick in range(0, y_max + 1, step):
        ty = y(Decimal(tick))
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end">{tick} %</text>')
    every = max(1, len(points) // 12)
    for i, p in enumerate(points):
        if i % every == 0 or i == len(points) - 1:
            out.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{escape(p.half_year)}</text>'
            )
    target = " ".join(f"{x(i):.1f},{y(Decimal(p.target_percent)):.1f}" for i, p in enumerate(points))
    out.append(f'<polyline points="{target}" fill="none" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>')
    run: list[str] = []
    for i, p in enumerate([*points, PathPoint(half_year="", last_day="", percent=None, target_percent="0.0")]):
        if p.percent is None:
            if len(run) > 1:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{ACTUAL}" stroke-width="2.5"/>')
            run = []
            continue
        px, py = x(i), y(Decimal(p.percent))
        run.append(f"{px:.1f},{py:.1f}")
        out.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{ACTUAL}">'
            f"<title>{escape(p.half_year)}: {escape(p.percent)} % "
            f"(target {escape(p.target_percent)} %)</title></circle>"
        )
    legend_y = HEIGHT - 18
    out += [
        f'<line x1="{LEFT}" y1="{legend_y}" x2="{LEFT + 28}" y2="{legend_y}" stroke="{ACTUAL}" stroke-width="2.5"/>',
        f'<text x="{LEFT + 34}" y="{legend_y + 4}">Sykefravær (sick leave)</text>',
        f'<line x1="{LEFT + 220}" y1="{legend_y}" x2="{LEFT + 248}" y2="{legend_y}" stroke="{TARGET}" '
        'stroke-width="2" stroke-dasharray="6 4"/>',
        f'<text x="{LEFT + 254}" y="{legend_y + 4}">Målsetting (target path)</text>',
        "</svg>",
    ]
    return "\n".join(out)
