"""A Grade as a report for the trainee: Markdown (UI panel, download) and self-contained HTML (`report_html`).

Every piece of text that came from a person or a model (turns, quotes, reasons, names) is escaped: a trainee who
types `<script>` or Markdown into the call gets that text shown, not run or formatted.
"""

from __future__ import annotations

import re
from html import escape
from typing import Optional

from .grade import CriterionResult, Grade
from .report_chart import criterion_chart_svg
from .report_html import grade_html
from .report_labels import (
    HIT_SOURCE_LABELS, ROLE_LABELS, TITLE, UNSUPPORTED_NOTE, criterion_name, fmt_points, grader_text, level_label,
    max_total, pass_mark_text, red_line_name, red_line_summary, turn_number, unscored_text, verdict,
)
from .rubric_model import Rubric
from .transcript import Transcript

__all__ = ["grade_markdown", "grade_html", "criterion_chart_svg"]


# -- Markdown ---------------------------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def _md(text: str) -> str:
    """Inline Markdown text: one line; HTML as entities (every Markdown flavour passes those through, while not
    all honour a backslash before `<`), Markdown punctuation backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", escape(" ".join(text.split()), quote=False))


def _md_score_line(grade: Grade, rubric: Optional[Rubric]) -> str:
    if grade.status == "unscored" or grade.total is None:
        return f"## {_md(unscored_text(grade))}"
    line = f"## 总分：{fmt_points(grade.total)} / {fmt_points(max_total(grade))} · {verdict(grade)}"
    mark = pass_mark_text(rubric)
    return f"{line}（{mark}）" if mark else line


def _md_criterion(result: CriterionResult, rubric: Optional[Rubric]) -> list[str]:
    score = "" if result.level is None else f" · {fmt_points(result.points)} / {fmt_points(result.max_points)}"
    lines = [f"### {_md(criterion_name(result, rubric))} · {level_label(result.level)}{score}", ""]
    if result.evidence:
        quotes = "；".join(f"第{turn_number(e.turn)}轮“{_md(e.quote)}”" for e in result.evidence)
        lines.append(f"- 证据：{quotes}")
    if not result.supported:
        lines.append(f"- 注意：{UNSUPPORTED_NOTE}")
    if result.reason:
        lines.append(f"- 理由：{_md(result.reason)}")
    if result.suggestion:
        lines.append(f"- 建议：{_md(result.suggestion)}")
    return [*lines, ""]


def grade_markdown(grade: Grade, *, transcript: Optional[Transcript] = None, rubric: Optional[Rubric] = None,
                   persona_title: Optional[str] = None) -> str:
    lines = [f"# {TITLE}", ""]
    if persona_title:
        lines.append(f"- 客户：{_md(persona_title)}")
    if grade.id:
        lines.append(f"- 会话编号：{_md(grade.id)}")
    lines += ["", _md_score_line(grade, rubric), ""]
    if grade.red_lines:
        lines += ["## 红线警告", "", red_line_summary(grade), ""]
        for hit in grade.red_lines:
            detail = f"（{_md(hit.detail)}）" if hit.detail else ""
            lines.append(f"- **{_md(red_line_name(hit.id, rubric))}** · 第{turn_number(hit.turn)}轮 · "
                         f"{HIT_SOURCE_LABELS.get(hit.source, hit.source)}：“{_md(hit.quote)}”{detail}")
        lines.append("")
    if grade.criteria:
        lines += ["## 各项得分", "", "| 项目 | 等级 | 得分 |", "| --- | --- | --- |"]
        for result in grade.criteria:
            score = "—" if result.level is None else f"{fmt_points(result.points)} / {fmt_points(result.max_points)}"
            lines.append(f"| {_md(criterion_name(result, rubric))} | {level_label(result.level)} | {score} |")
        lines += ["", "## 逐项反馈", ""]
        for result in grade.criteria:
            lines += _md_criterion(result, rubric)
    if grade.call_note_issues:
        lines += ["## 通话小结核对", ""]
        for issue in grade.call_note_issues:
            lines.append(f"- {_md(issue.message)}（小结中：{_md(issue.noted or '未填写')}；"
                         f"通话中：{_md(issue.actual or '未提及')}）")
        lines.append("")
    if grade.notes:
        lines += ["## 评分备注", "", *(f"- {_md(note)}" for note in grade.notes), ""]
    if transcript is not None:
        lines += ["## 通话记录", ""]
        for index, turn in enumerate(transcript.turns):
            lines.append(f"- **第{turn_number(index)}轮 · {ROLE_LABELS[turn.role]}**：{_md(turn.text)}")
        if transcript.call_note:
            lines += ["", f"通话小结：{_md(transcript.call_note)}"]
        lines.append("")
    lines += ["---", "", _md(grader_text(grade)), ""]
    return "\n".join(lines)
