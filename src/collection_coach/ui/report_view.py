"""The graded report on the page: Markdown, the per-criterion chart, Markdown/HTML downloads."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from ..app_context import AppContext
from ..grade import Grade
from ..report import criterion_chart_svg, grade_html, grade_markdown


def build_report_components() -> list:
    with gr.Group(visible=True, elem_id="report-panel"):
        chart = gr.HTML(elem_id="report-chart")  # the overview first, the detailed report below it
        report = gr.Markdown(elem_id="report")
        downloads = gr.File(label="下载评分报告", file_count="multiple", visible=False, elem_id="report-downloads")
    return [report, chart, downloads]


def empty_report_outputs() -> list:
    return ["", "", gr.update(value=None, visible=False)]


def reports_folder(settings) -> Path:
    """Reports are written next to the database so they survive restarts and can be re-downloaded. Gradio serves
    files only from the working directory, the temp directory and `allowed_paths`: launch() allows this folder."""
    return Path(settings.database_path).parent / "reports"


def write_report_files(context: AppContext, session_id: str, grade: Grade) -> list[str]:
    record = context.store.get_session(session_id)
    transcript = context.store.export_transcript(session_id)
    folder = reports_folder(context.settings)
    folder.mkdir(parents=True, exist_ok=True)
    title = _persona_title(context, record.persona_id)
    markdown_path = folder / f"{session_id}.md"
    html_path = folder / f"{session_id}.html"
    markdown_path.write_text(grade_markdown(grade, transcript=transcript, persona_title=title), encoding="utf-8")
    html_path.write_text(grade_html(grade, transcript=transcript, persona_title=title), encoding="utf-8")
    return [str(markdown_path), str(html_path)]


def _persona_title(context: AppContext, persona_id: str) -> str | None:
    persona = context.personas().personas.get(persona_id)
    return persona.title if persona else persona_id


def grade_outputs(context: AppContext, session_id: str, grade: Grade | None) -> list:
    if grade is None:
        return ["本次通话还没有评分。", "", gr.update(value=None, visible=False)]
    transcript = context.store.export_transcript(session_id)
    title = _persona_title(context, context.store.get_session(session_id).persona_id)
    files = write_report_files(context, session_id, grade)
    return [
        grade_markdown(grade, transcript=transcript, persona_title=title),
        f"<h3>各项得分</h3>{criterion_chart_svg(grade)}" if grade.status == "graded" else "",
        gr.update(value=files, visible=True),
    ]
