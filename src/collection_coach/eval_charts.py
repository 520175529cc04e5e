"""Inline SVG charts for the HTML eval report: no scripts, no external assets, so the file renders offline
and can be mailed as an attachment. Every text is escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Optional, Sequence

LABEL_WIDTH, BAR_AREA, ROW_HEIGHT, VALUE_WIDTH = 190, 360, 24, 70


@dataclass(frozen=True)
class Bar:
    label: str
    value: Optional[float]
    low: Optional[float] = None  # interval, drawn as a whisker
    high: Optional[float] = None
    threshold: Optional[float] = None  # drawn as a red tick


def bar_chart(title: str, bars: Sequence[Bar], *, domain: tuple[float, float] = (0.0, 1.0), fmt: str = "{:.2f}") -> str:
    """Horizontal bars from a zero baseline (so negative values such as leniency point left)."""
    low_end, high_end = domain
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    height = ROW_HEIGHT * len(bars) + 40

    def x(value: float) -> float:
        clamped = min(max(value, low_end), high_end)
        return LABEL_WIDTH + (clamped - low_end) / (high_end - low_end) * BAR_AREA

    baseline = x(0.0 if low_end <= 0.0 <= high_end else low_end)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>',
        f'<text x="0" y="14" class="chart-title">{escape(title)}</text>',
    ]
    for tick in _ticks(low_end, high_end):
        parts.append(f'<line x1="{x(tick):.1f}" y1="22" x2="{x(tick):.1f}" y2="{height - 14}" class="grid"/>'
                     f'<text x="{x(tick):.1f}" y="{height - 2}" class="tick">{tick:g}</text>')
    for row, bar in enumerate(bars):
        top = 26 + row * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        parts.append(f'<text x="{LABEL_WIDTH - 6}" y="{middle + 4:.1f}" class="label">{escape(bar.label)}</text>')
        if bar.value is None:
            parts.append(f'<text x="{baseline + 4:.1f}" y="{middle + 4:.1f}" class="na">—（无法计算）</text>')
            continue
        start, end = sorted((baseline, x(bar.value)))
        kind = "bar-negative" if bar.value < 0 else "bar"
        parts.append(f'<rect x="{start:.1f}" y="{top + 4}" width="{max(end - start, 1):.1f}" '
                     f'height="{ROW_HEIGHT - 8}" class="{kind}"/>')
        if bar.low is not None and bar.high is not None:
            parts.append(f'<line x1="{x(bar.low):.1f}" y1="{middle:.1f}" x2="{x(bar.high):.1f}" y2="{middle:.1f}" '
                         f'class="whisker"/>')
        if bar.threshold is not None:
            parts.append(f'<line x1="{x(bar.threshold):.1f}" y1="{top + 1}" x2="{x(bar.threshold):.1f}" '
                         f'y2="{top + ROW_HEIGHT - 1}" class="threshold"/>')
        parts.append(f'<text x="{LABEL_WIDTH + BAR_AREA + 6}" y="{middle + 4:.1f}" class="value">'
                     f'{escape(fmt.format(bar.value))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low: float, high: float) -> list[float]:
    step = (high - low) / 4
    return [round(low + step * index, 6) for index in range(5)]


CHART_CSS = """
svg.chart { font: 12px sans-serif; margin: 8px 0 16px; }
svg.chart .chart-title { font-weight: bold; }
svg.chart .label { text-anchor: end; }
svg.chart .tick { text-anchor: middle; fill: #666; font-size: 10px; }
svg.chart .grid { stroke: #ddd; }
svg.chart .bar { fill: #4a7bd0; }
svg.chart .bar-negative { fill: #d08a4a; }
svg.chart .whisker { stroke: #222; stroke-width: 1.5; }
svg.chart .threshold { stroke: #c0392b; stroke-width: 2; }
svg.chart .na { fill: #999; }
"""
