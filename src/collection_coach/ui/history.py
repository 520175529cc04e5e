"""History: a trainee's own sessions (trainers see everyone's), reopened with transcript and stored grade."""

from __future__ import annotations

from datetime import datetime

import gradio as gr

from ..app_context import AppContext
from .chat_view import chat_messages
from .report_view import grade_outputs

COLUMNS = ["会话ID", "学员", "客户", "开始时间", "结束方式", "轮数", "总分", "是否通过"]
OUTCOME_LABELS = {"in_progress": "进行中", "ended_by_agent": "坐席结束", "debtor_hung_up": "对方挂断"}


def local_time(timestamp: str | None) -> str:
    """Stored timestamps are UTC ISO strings; people read local wall-clock time."""
    if not timestamp:
        return ""
    try:
        return datetime.fromisoformat(timestamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return timestamp


def session_rows(context: AppContext, trainee: str | None) -> list[list]:
    titles = {persona_id: persona.title for persona_id, persona in context.personas().personas.items()}
    rows = []
    for summary in context.store.list_sessions(trainee=(trainee or "").strip() or None, limit=200):
        passed = {True: "通过", False: "未通过"}.get(summary.passed, "—")
        total = "未评分" if summary.status == "unscored" else ("—" if summary.total is None else f"{summary.total:g}")
        rows.append([summary.id, summary.trainee, titles.get(summary.persona_id, summary.persona_id),
                     local_time(summary.started_at),
                     OUTCOME_LABELS.get(summary.outcome or "", summary.outcome or ""), summary.n_turns, total, passed])
    return rows


def build_history_tab(context: AppContext) -> None:
    gr.Markdown("输入学员姓名只看自己的记录；留空查看全部（培训师）。点击表格中的一行打开该次通话。")
    with gr.Row():
        who = gr.Textbox(label="学员姓名", scale=3, elem_id="history-trainee")
        refresh = gr.Button("刷新", scale=1, elem_id="history-refresh")
    table = gr.Dataframe(headers=COLUMNS, value=[], interactive=False, elem_id="history-table", wrap=True)
    session_id = gr.Textbox(label="会话ID", elem_id="history-session-id")
    open_button = gr.Button("打开会话", elem_id="history-open")
    # buttons: no "share" (it posts to Hugging Face); transcripts stay on this machine.
    chat = gr.Chatbot(label="通话记录", height=360, feedback_options=None, buttons=["copy"], elem_id="history-chat")
    record = gr.Markdown(elem_id="history-record")
    report = gr.Markdown(elem_id="history-report")
    chart = gr.HTML()
    downloads = gr.File(label="下载评分报告", file_count="multiple", visible=False)

    def on_refresh(name):
        return session_rows(context, name)

    def on_select(event: gr.SelectData, rows):
        row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        return rows.iloc[row, 0] if hasattr(rows, "iloc") else rows[row][0]

    def on_open(identifier):
        identifier = (identifier or "").strip()
        try:
            session = context.store.get_session(identifier)
        except KeyError:
            return [[], f"⚠️ 找不到会话 {identifier!r}", "", "", gr.update(visible=False)]
        note = f"**通话小结**：{session.call_record.as_text()}" if session.call_record else "（未填写通话小结）"
        return [chat_messages(session.turns), note, *grade_outputs(context, identifier, session.grade)]

    refresh.click(on_refresh, inputs=who, outputs=table)
    who.submit(on_refresh, inputs=who, outputs=table)
    table.select(on_select, inputs=table, outputs=session_id)
    open_button.click(on_open, inputs=session_id, outputs=[chat, record, report, chart, downloads])
