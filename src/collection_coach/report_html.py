"""A Grade as one self-contained HTML page (or a `<div>` for gr.HTML): inline CSS scoped to `.coach-report`, an
inline SVG chart, no external fonts or scripts, so it opens on an air-gapped PC. Every text from a person or a
model is passed through html.escape.
"""

from __future__ import annotations

from html import escape
from typing import Optional

from .grade import CriterionResult, Grade
from .report_chart import FONT_STACK, criterion_chart_svg
from .report_labels import (
    HIT_SOURCE_LABELS, ROLE_LABELS, TITLE, UNSUPPORTED_NOTE, criterion_name, fmt_points, grader_text, level_label,
    max_total, pass_mark_text, red_line_name, red_line_summary, turn_number, unscored_text, verdict,
)
from .rubric_model import Rubric
from .transcript import Transcript

_CSS = f"""
.coach-report {{ font-family: {FONT_STACK}; color: #111827; max-width: 860px; margin: 0 auto; line-height: 1.6; }}
.coach-report h1 {{ font-size: 1.5em; margin: .4em 0; }}
.coach-report h2 {{ font-size: 1.15em; border-bottom: 1px solid #e5e7eb; padding-bottom: .2em; margin-top: 1.4em; }}
.coach-report h3 {{ font-size: 1em; margin: .2em 0; }}
.coach-report .meta, .coach-report footer {{ color: #6b7280; font-size: .9em; }}
.coach-report .summary {{ padding: .8em 1em; border-radius: 8px; background: #f3f4f6; }}
.coach-report .summary.passed {{ background: #ecfdf5; }} .coach-report .summary.failed {{ background: #fef2f2; }}
.coach-report .total {{ font-size: 2em; font-weight: bold; }} .coach-report .total small {{ font-size: .5em; }}
.coach-report .verdict {{ font-weight: bold; margin-left: .6em; }}
.coach-report .red-lines {{ border: 2px solid #dc2626; border-radius: 8px; padding: .2em 1em; background: #fff5f5; }}
.coach-report .red-lines h2 {{ color: #b91c1c; border: 0; }}
.coach-report blockquote {{ margin: .3em 0; padding: .2em .8em; border-left: 3px solid #d1d5db; color: #374151; }}
.coach-report .criterion {{ border: 1px solid #e5e7eb; border-radius: 8px; padding: .5em 1em; margin: .6em 0; }}
.coach-report .level {{ font-weight: normal; padding: 0 .5em; border-radius: 4px; background: #e5e7eb; }}
.coach-report .level-2 .level {{ background: #dcfce7; }} .coach-report .level-1 .level {{ background: #fef3c7; }}
.coach-report .level-0 .level {{ background: #fee2e2; }}
.coach-report .warning {{ color: #b45309; }} .coach-report .suggestion {{ background: #eff6ff; padding: .3em .6em; }}
.coach-report .transcript ol {{ list-style: none; padding: 0; }}
.coach-report .turn {{ margin: .3em 0; padding: .3em .6em; border-radius: 6px; background: #f9fafb; }}
.coach-report .turn.agent {{ background: #eef2ff; }} .coach-report .turn.flagged {{ outline: 2px solid #dc2626; }}
.coach-report .turn .who {{ font-weight: bold; margin-right: .5em; }} .coach-report .turn p {{ margin: 0; white-space: pre-wrap; }}
"""


def _turn_ref(index: int, transcript: Optional[Transcript]) -> str:
    label = f"第{turn_number(index)}轮"
    if transcript is not None and 0 <= index < len(transcript.turns):
        return f'<a href="#turn-{turn_number(index)}">{label}</a>'
    return label


def _html_summary(grade: Grade, rubric: Optional[Rubric]) -> str:
    if grade.status == "unscored" or grade.total is None:
        return f'<section class="summary unscored"><div class="total">{escape(unscored_text(grade))}</div></section>'
    state = "passed" if grade.passed else "failed"
    mark = pass_mark_text(rubric)
    return (
        f'<section class="summary {state}"><span class="total">总分 {fmt_points(grade.total)}'
        f"<small> / {fmt_points(max_total(grade))}</small></span>"
        f'<span class="verdict">{verdict(grade)}</span>' + (f"<p>{escape(mark)}</p>" if mark else "") + "</section>"
    )


def _html_red_lines(grade: Grade, transcript: Optional[Transcript], rubric: Optional[Rubric]) -> str:
    items = []
    for hit in grade.red_lines:
        detail = f'<p class="detail">{escape(hit.detail)}</p>' if hit.detail else ""
        items.append(
            f"<li><strong>{escape(red_line_name(hit.id, rubric))}</strong> · {_turn_ref(hit.turn, transcript)} · "
            f"{escape(HIT_SOURCE_LABELS.get(hit.source, hit.source))}<blockquote>{escape(hit.quote)}</blockquote>"
            f"{detail}</li>"
        )
    return (f'<section class="red-lines"><h2>红线警告</h2><p>{escape(red_line_summary(grade))}</p>'
            f"<ul>{''.join(items)}</ul></section>")


def _html_criterion(result: CriterionResult, transcript: Optional[Transcript], rubric: Optional[Rubric]) -> str:
    level_class = "na" if result.level is None else str(result.level)
    score = "" if result.level is None else (
        f' <span class="points">{fmt_points(result.points)} / {fmt_points(result.max_points)}</span>')
    parts = [f'<article class="criterion level-{level_class}" data-criterion="{escape(result.id)}">'
             f"<h3>{escape(criterion_name(result, rubric))} "
             f'<span class="level">{level_label(result.level)}</span>{score}</h3>']
    if result.evidence:
        quotes = "".join(f"<li>{_turn_ref(e.turn, transcript)}<blockquote>{escape(e.quote)}</blockquote></li>"
                         for e in result.evidence)
        parts.append(f'<ul class="evidence">{quotes}</ul>')
    if not result.supported:
        parts.append(f'<p class="warning">{UNSUPPORTED_NOTE}</p>')
    if result.reason:
        parts.append(f"<p><b>理由：</b>{escape(result.reason)}</p>")
    if result.suggestion:
        parts.append(f'<p class="suggestion"><b>建议：</b>{escape(result.suggestion)}</p>')
    return "".join(parts) + "</article>"


def _html_transcript(transcript: Transcript, grade: Grade) -> str:
    flagged = {hit.turn for hit in grade.red_lines}
    items = []
    for index, turn in enumerate(transcript.turns):
        classes = f"turn {turn.role}" + (" flagged" if index in flagged else "")
        items.append(
            f'<li id="turn-{turn_number(index)}" class="{classes}"><span class="who">第{turn_number(index)}轮 · '
            f"{ROLE_LABELS[turn.role]}</span><p>{escape(turn.text)}</p></li>"
        )
    note = f"<p><b>通话小结：</b>{escape(transcript.call_note)}</p>" if transcript.call_note else ""
    return f'<section class="transcript"><h2>通话记录</h2><ol>{"".join(items)}</ol>{note}</section>'


def grade_html(grade: Grade, *, transcript: Optional[Transcript] = None, rubric: Optional[Rubric] = None,
               persona_title: Optional[str] = None, full_document: bool = True) -> str:
    """The report as HTML: a whole page by default, or (full_document=False) a `<div>` for gr.HTML."""
    meta = [f"客户：{escape(persona_title)}" if persona_title else "", f"会话编号：{escape(grade.id)}" if grade.id else ""]
    parts = [f'<div class="coach-report"><style>{_CSS}</style><h1>{TITLE}</h1>',
             f'<p class="meta">{" · ".join(m for m in meta if m)}</p>', _html_summary(grade, rubric)]
    if grade.red_lines:
        parts.append(_html_red_lines(grade, transcript, rubric))
    if grade.criteria:
        parts.append(f'<section class="chart"><h2>各项得分</h2>{criterion_chart_svg(grade, rubric=rubric)}</section>')
        parts.append('<section class="criteria"><h2>逐项反馈</h2>'
                     + "".join(_html_criterion(result, transcript, rubric) for result in grade.criteria) + "</section>")
    if grade.call_note_issues:
        issues = "".join(
            f"<li>{escape(issue.message)}（小结中：{escape(issue.noted or '未填写')}；"
            f"通话中：{escape(issue.actual or '未提及')}）</li>" for issue in grade.call_note_issues)
        parts.append(f'<section class="call-note-issues"><h2>通话小结核对</h2><ul>{issues}</ul></section>')
    if grade.notes:
        notes = "".join(f"<li>{escape(note)}</li>" for note in grade.notes)
        parts.append(f'<section class="notes"><h2>评分备注</h2><ul>{notes}</ul></section>')
    if transcript is not None:
        parts.append(_html_transcript(transcript, grade))
    parts.append(f"<footer>{escape(grader_text(grade))}</footer></div>")
    body = "".join(parts)
    if not full_document:
        return body
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{TITLE}</title></head><body>{body}</body></html>\n")
