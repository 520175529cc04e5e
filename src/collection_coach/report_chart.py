"""An inline SVG horizontal bar chart of per-criterion points against their maximum (no scripts, no fonts)."""

from __future__ import annotations

from html import escape
from typing import Optional

from .grade import Grade
from .report_labels import criterion_name, fmt_points, level_label
from .rubric_model import Rubric

LEVEL_COLOURS = {2: "#16a34a", 1: "#f59e0b", 0: "#dc2626", None: "#9ca3af"}
FONT_STACK = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'

_ROW = 30
_BAR_HEIGHT = 18
_LABEL_WIDTH = 190
_BAR_WIDTH = 340
_VALUE_WIDTH = 190  # "10.5 / 10.5 · 完全达到" must fit
_LABEL_CHARS = 13  # longer names are cut in the label; the full name stays in the bar's tooltip


def _short(name: str) -> str:
    return name if len(name) <= _LABEL_CHARS else name[: _LABEL_CHARS - 1] + "…"


def criterion_chart_svg(grade: Grade, *, rubric: Optional[Rubric] = None) -> str:
    """One bar per criterion: a grey track as long as the criterion's maximum (so weights stay visible) and a
    coloured fill for the points earned, coloured by level. Safe to embed in gr.HTML or a report."""
    width = _LABEL_WIDTH + _BAR_WIDTH + _VALUE_WIDTH
    font = f'font-family="{escape(FONT_STACK)}" font-size="13"'
    if not grade.criteria:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="criterion-chart" viewBox="0 0 {width} 40" '
            f'width="100%" role="img" aria-label="各项得分"><text x="{width / 2:g}" y="25" text-anchor="middle" '
            f'fill="#6b7280" {font}>暂无分项得分</text></svg>'
        )
    largest = max((result.max_points for result in grade.criteria), default=0) or 1.0
    scale = _BAR_WIDTH / largest
    height = _ROW * len(grade.criteria) + 10
    rows = []
    for position, result in enumerate(grade.criteria):
        name = criterion_name(result, rubric)
        top = 5 + position * _ROW
        track = max(result.max_points, 0) * scale
        fill = min(max(result.points, 0), max(result.max_points, 0)) * scale
        if result.level is None:
            value = level_label(None)
        else:
            value = f"{fmt_points(result.points)} / {fmt_points(result.max_points)} · {level_label(result.level)}"
        tooltip = f"{name}：{value}"
        rows.append(
            f'<g class="criterion-bar" data-criterion="{escape(result.id)}">'
            f"<title>{escape(tooltip)}</title>"
            f'<text x="{_LABEL_WIDTH - 8}" y="{top + 18}" text-anchor="end" fill="#111827">{escape(_short(name))}</text>'
            f'<rect class="track" x="{_LABEL_WIDTH}" y="{top + 5}" width="{track:.1f}" height="{_BAR_HEIGHT}" '
            f'rx="3" fill="#e5e7eb" stroke="#9ca3af"/>'
            f'<rect class="fill" x="{_LABEL_WIDTH}" y="{top + 5}" width="{fill:.1f}" height="{_BAR_HEIGHT}" '
            f'rx="3" fill="{LEVEL_COLOURS.get(result.level, "#9ca3af")}"/>'
            f'<text x="{_LABEL_WIDTH + _BAR_WIDTH + 8}" y="{top + 18}" fill="#374151">{escape(value)}</text>'
            "</g>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="criterion-chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="各项得分（得分/满分）" {font}>' + "".join(rows) + "</svg>"
    )
