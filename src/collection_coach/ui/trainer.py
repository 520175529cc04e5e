"""Trainer tab: which persona files loaded (and which failed), and the grader-evaluation runs with their reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import gradio as gr

from ..app_context import AppContext
from ..eval_history import list_eval_runs
from .persona_picker import load_errors_markdown
from .report_view import reports_folder

PERSONA_COLUMNS = ["ID", "类型", "难度", "标题", "文件指纹"]
RUN_COLUMNS = ["运行ID", "时间", "样本集", "评分器", "模型", "评分标准版本", "提示词版本", "红线召回", "红线精确",
               "加权kappa均值", "未评分率", "门禁", "未通过的门禁"]


def persona_rows(context: AppContext) -> tuple[list[list], str]:
    catalog = context.personas()
    rows = [
        [persona.id, persona.category_label, "★" * persona.difficulty, persona.title, catalog.file_hash(persona_id)]
        for persona_id, persona in catalog.personas.items()
    ]
    return rows, load_errors_markdown(catalog) or "全部客户文件加载成功。"


def _rate(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def run_rows(context: AppContext) -> list[list]:
    rows = []
    for run in list_eval_runs(context.store, limit=100):
        headline = run.headline
        gates = {True: "通过", False: "未通过", None: "未配置"}[run.gates_passed]
        rows.append([
            run.id, run.created_at, run.sample_set, run.grader_kind, run.model or "—", run.rubric_version or "—",
            run.prompt_version or "—", _rate(headline.get("red_line_recall")), _rate(headline.get("red_line_precision")),
            _rate(headline.get("mean_weighted_kappa")), _rate(headline.get("unscored_rate")), gates,
            "、".join(run.failed_gates) or "—",
        ])
    return rows


def run_report_file(context: AppContext, run_id) -> str | None:
    """A servable copy of the run's HTML report: `coach eval --out` may have written it anywhere, and Gradio only
    serves files from the working directory, the temp directory and the reports folder allowed at launch."""
    for run in list_eval_runs(context.store, limit=500):
        if str(run.id) == str(run_id).strip() and run.html_path and Path(run.html_path).is_file():
            folder = reports_folder(context.settings)
            folder.mkdir(parents=True, exist_ok=True)
            copy = folder / f"eval-run-{run.id}.html"
            shutil.copyfile(run.html_path, copy)
            return str(copy)
    return None


def build_trainer_tab(context: AppContext) -> dict:
    gr.Markdown("### 客户文件（personas/）\n编辑文件后刷新页面即可生效，无需重启。")
    persona_status = gr.Markdown(elem_id="trainer-persona-status")
    personas = gr.Dataframe(headers=PERSONA_COLUMNS, value=[], interactive=False, elem_id="trainer-personas")
    gr.Markdown("### 评分器评测记录（coach eval）")
    refresh = gr.Button("刷新评测记录", elem_id="trainer-refresh")
    runs = gr.Dataframe(headers=RUN_COLUMNS, value=[], interactive=False, elem_id="trainer-runs", wrap=True)
    run_id = gr.Textbox(label="运行ID（点击表格行选择）", elem_id="trainer-run-id")
    report_file = gr.File(label="该次评测的 HTML 报告", elem_id="trainer-run-report")
    missing = gr.Markdown()

    def on_load():
        rows, status = persona_rows(context)
        return rows, status, run_rows(context)

    def on_select(event: gr.SelectData, table):
        row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        return str(table.iloc[row, 0]) if hasattr(table, "iloc") else str(table[row][0])

    def on_pick_run(identifier):
        path = run_report_file(context, identifier)
        if path is None:
            return None, "找不到该次评测的 HTML 报告文件。" if identifier else ""
        return path, ""

    refresh.click(lambda: run_rows(context), outputs=runs)
    runs.select(on_select, inputs=runs, outputs=run_id)
    run_id.change(on_pick_run, inputs=run_id, outputs=[report_file, missing])
    return dict(fn=on_load, outputs=[personas, persona_status, runs])
