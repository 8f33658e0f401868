"""Server-rendered SVG charts: no script, no external library, readable without colour.

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` (and the page
puts the same figures in a data table next to it). Values are written as text on the
chart, shapes differ where colour would be the only difference (square vs circle
markers, dashed company line), and the palette is safe for colour-blind readers
(viridis for the heatmap, blue/grey/orange for distributions).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from markupsafe import Markup, escape

# Viridis in ten steps (perceptually uniform, readable with every common colour-vision
# deficiency) and, per step, the text colour with the higher contrast on it.
HEAT = (
    ("#440154", "#ffffff"),
    ("#482878", "#ffffff"),
    ("#3e4989", "#ffffff"),
    ("#31688e", "#ffffff"),
    ("#26828e", "#000000"),
    ("#1f9e89", "#000000"),
    ("#35b779", "#000000"),
    ("#6ece58", "#000000"),
    ("#b5de2b", "#000000"),
    ("#fde725", "#000000"),
)
FAVOURABLE, NEUTRAL, UNFAVOURABLE = "#2166ac", "#d9d9d9", "#e08214"
INK, MUTED, GRID = "#1d2430", "#4f5b6b", "#d5dbe3"


def heat_class(score: float | None) -> str:
    """CSS class of a heatmap cell: ``heat-0`` (0-9) ... ``heat-9`` (90-100)."""
    if score is None:
        return "heat-none"
    return f"heat-{min(9, max(0, int(score // 10)))}"


def _fmt(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _short(label: str, size: int) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _svg(
    width: int, height: int, title: str, desc: str, body: list[str], css: str = "chart"
) -> Markup:
    # Ids from the content, not a counter: the same chart renders to the same bytes
    # (a closed cycle's pages never change), and two charts on a page never share one.
    n = hashlib.sha256("\0".join([title, desc, *body]).encode()).hexdigest()[:12]
    # Every interpolated text goes through escape(); numbers are formatted by us.
    return Markup(  # noqa: S704
        f'<svg class="{css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-t{n} chart-d{n}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="13">'
        f'<title id="chart-t{n}">{escape(title)}</title><desc id="chart-d{n}">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _text(
    x: float, y: float, text: str, anchor: str = "start", fill: str = INK, extra: str = ""
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{escape(text)}</text>"
    )


def bar_chart(
    rows: Sequence[tuple[str, float | None, float | None]],
    title: str,
    desc: str,
    compare_label: str | None,
) -> Markup:
    """Horizontal bars on 0-100, one per row, with a dashed marker for the comparison
    value (e.g. the company, or the previous cycle) and both numbers written out. With no
    comparison (``compare_label`` None, or a row without one) only the value is shown."""
    label_w, bar_w, row_h = 250, 330, 30
    width, height = label_w + bar_w + 110, 30 + row_h * len(rows)
    body = [_text(label_w + bar_w, 16, f"┆ {compare_label}", "end", MUTED)] if compare_label else []
    for tick in (0, 50, 100):
        x = label_w + bar_w * tick / 100
        body.append(f'<line x1="{x}" y1="22" x2="{x}" y2="{height}" stroke="{GRID}"/>')
    for i, (label, value, compare) in enumerate(rows):
        y = 26 + i * row_h
        body.append(_text(label_w - 8, y + 17, _short(label, 32), "end"))
        if value is not None:
            body.append(
                f'<rect x="{label_w}" y="{y + 5}" width="{bar_w * value / 100:.1f}" height="16" '
                f'fill="{HEAT[6][0]}" stroke="{INK}" stroke-width=".5"/>'
            )
        if compare is not None:
            x = label_w + bar_w * compare / 100
            body.append(
                f'<line x1="{x:.1f}" y1="{y + 1}" x2="{x:.1f}" y2="{y + 25}" stroke="{INK}" '
                'stroke-width="2" stroke-dasharray="3 2"/>'
            )
        shown = _fmt(value) if compare is None else f"{_fmt(value)} ({_fmt(compare)})"
        body.append(_text(label_w + bar_w + 8, y + 17, shown, fill=INK))
    return _svg(width, height, title, desc, body)


def distribution_chart(
    rows: Sequence[tuple[str, int, int, int]], title: str, desc: str, labels: tuple[str, str, str]
) -> Markup:
    """100% stacked bars: favourable / neutral / unfavourable per row, percentages written
    in the segments wide enough to hold them; a legend names the segments in order."""
    label_w, bar_w, row_h = 90, 460, 26
    width, height = label_w + bar_w + 10, 34 + row_h * len(rows)
    body = []
    x = label_w
    for colour, name in zip((FAVOURABLE, NEUTRAL, UNFAVOURABLE), labels, strict=True):
        body.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}" '
            f'stroke="{INK}" stroke-width=".5"/>'
        )
        body.append(_text(x + 16, 15, name))
        x += 30 + 7 * len(name)
    for i, (label, fav, neutral, unfav) in enumerate(rows):
        y = 26 + i * row_h
        total = fav + neutral + unfav
        body.append(_text(label_w - 8, y + 15, label, "end"))
        if not total:
            body.append(_text(label_w, y + 15, "–", fill=MUTED))
            continue
        x = float(label_w)
        for value, colour, ink in (
            (fav, FAVOURABLE, "#ffffff"),
            (neutral, NEUTRAL, INK),
            (unfav, UNFAVOURABLE, INK),
        ):
            w = bar_w * value / total
            if w <= 0:
                continue
            body.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="18" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="1"/>'
            )
            if w >= 34:
                body.append(_text(x + w / 2, y + 15, f"{value / total * 100:.0f}%", "middle", ink))
            x += w
    return _svg(width, height, title, desc, body)


def trend_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None], bool]],
    title: str,
    desc: str,
) -> Markup:
    """Lines over cycles on 0-100. Each series: (name, values, dashed). Gaps (hidden or
    missing values) break the line; points carry their value as text."""
    left, right, top, plot_h = 40, 20, 30, 200
    step = 150
    width = left + 30 + max(1, len(labels) - 1) * step + 90
    height = top + plot_h + 40
    body = []
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * tick / 100
        body.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, str(tick), "end", MUTED))
    for i, label in enumerate(labels):
        body.append(_text(left + 30 + i * step, height - 12, _short(label, 20), "middle", MUTED))
    x_legend = left
    for s, (name, values, dashed) in enumerate(series):
        colour = HEAT[2][0] if s == 0 else UNFAVOURABLE
        dash = ' stroke-dasharray="6 4"' if dashed else ""
        segment: list[str] = []
        for i, value in enumerate([*values, None]):
            if value is None:
                if len(segment) > 1:
                    body.append(
                        f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" '
                        f'stroke-width="2.5"{dash}/>'
                    )
                segment = []
                continue
            x = left + 30 + i * step
            y = top + plot_h - plot_h * value / 100
            segment.append(f"{x:.1f},{y:.1f}")
            marker = (
                f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
                if s == 0
                else f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'
            )
            body.append(marker)
            # Each value sits on the far side from the other series' point, so close
            # values do not print over each other.
            others = [o[1][i] for k, o in enumerate(series) if k != s and i < len(o[1])]
            other = next((o for o in others if o is not None), None)
            above = other is None or value >= other if s == 0 else other is None or value > other
            body.append(_text(x, y - 9 if above else y + 18, _fmt(value), "middle"))
        body.append(
            f'<line x1="{x_legend}" y1="12" x2="{x_legend + 24}" y2="12" stroke="{colour}" '
            f'stroke-width="2.5"{dash}/>'
        )
        body.append(_text(x_legend + 30, 16, name))
        x_legend += 60 + 7 * len(name)
    return _svg(width, height, title, desc, body)


def scatter_chart(
    points: Sequence[tuple[str, float, float]],
    title: str,
    desc: str,
    x_label: str,
    y_label: str,
) -> Markup:
    """x against y, both 0-100, each point labelled with its name in a tooltip title."""
    left, bottom, size = 50, 40, 300
    width, height = left + size + 20, size + bottom + 20
    body = []
    for tick in (0, 25, 50, 75, 100):
        x = left + size * tick / 100
        y = 10 + size - size * tick / 100
        body.append(f'<line x1="{x}" y1="10" x2="{x}" y2="{10 + size}" stroke="{GRID}"/>')
        body.append(f'<line x1="{left}" y1="{y}" x2="{left + size}" y2="{y}" stroke="{GRID}"/>')
        body.append(_text(x, 10 + size + 16, str(tick), "middle", MUTED))
        body.append(_text(left - 6, y + 4, str(tick), "end", MUTED))
    body.append(_text(left + size / 2, height - 4, x_label, "middle"))
    body.append(
        _text(
            14,
            10 + size / 2,
            y_label,
            "middle",
            extra=f' transform="rotate(-90 14 {10 + size / 2})"',
        )
    )
    for name, xv, yv in points:
        x = left + size * xv / 100
        y = 10 + size - size * yv / 100
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{HEAT[3][0]}" fill-opacity=".8" '
            f'stroke="{INK}"><title>{escape(name)}: {xv:.0f}, {yv:.0f}</title></circle>'
        )
    return _svg(width, height, title, desc, body, "chart chart-small")
