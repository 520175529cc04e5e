"""The practice tab: pick a debtor, read the case file, call, end, write the call record, get the report."""

from __future__ import annotations

import gradio as gr

from ..app_context import AppContext
from ..errors import CoachError
from ..call_record import CALL_OUTCOMES, CallRecord
from ..roleplay import CallError, CallState, CallUpdate
from .chat_view import chat_messages, throttled
from .persona_picker import case_file_panel, load_errors_markdown, persona_choices
from .report_view import grade_outputs, empty_report_outputs

STATUS_IDLE = "选择客户后点击 **开始通话**。对方会先接起电话。"
STATUS_IN_CALL = "📞 通话中……"
STATUS_REPLYING = "📞 通话中……对方正在回复"
DEFAULT_OUTCOME = "需再跟进"


def _status_for(state: CallState, message: str | None = None) -> str:
    if message:
        return message
    return {
        "idle": STATUS_IDLE,
        "in_call": STATUS_IN_CALL,
        "hung_up": "☎️ 对方已挂断电话，本次通话结束。请填写通话小结。",
        "ended": "通话已结束。请填写通话小结，然后点击 **保存小结并评分**。",
    }[state.status]


def build_practice_tab(context: AppContext) -> dict:
    state = gr.State(CallState())
    with gr.Row():
        with gr.Column(scale=2, min_width=300):
            trainee = gr.Textbox(label="学员姓名", placeholder="例如：张三", elem_id="trainee-name")
            picker = gr.Dropdown(label="选择客户（类型 · 难度 · 标题）", choices=[], elem_id="persona-picker")
            start = gr.Button("开始通话", variant="primary", elem_id="start-call")  # next to the picker, not below a long file
            load_errors = gr.Markdown(elem_id="persona-errors")
            case_file = gr.Markdown("请选择一位客户，查看客户档案。", elem_id="case-file", label="客户档案")
        with gr.Column(scale=3, min_width=400):
            status = gr.Markdown(STATUS_IDLE, elem_id="call-status")
            chat = gr.Chatbot(label="通话", height=460, elem_id="chat", feedback_options=None,
                              buttons=["copy"], placeholder="还没有开始通话")
            with gr.Row():
                message = gr.Textbox(label="你说", placeholder="输入你要说的话，回车发送", scale=5,
                                     max_lines=4, elem_id="message", interactive=False)
                send = gr.Button("发送", variant="primary", scale=1, elem_id="send", interactive=False)
            with gr.Row():
                retry = gr.Button("重试上一轮", elem_id="retry", interactive=False)
                end = gr.Button("结束通话", variant="stop", elem_id="end-call", interactive=False)
                new_call = gr.Button("新通话", elem_id="new-call")
            with gr.Group(visible=False, elem_id="record-panel") as record_panel:
                gr.Markdown("### 通话小结")
                with gr.Row():
                    outcome = gr.Dropdown(label="通话结果", choices=list(CALL_OUTCOMES), value=DEFAULT_OUTCOME,
                                          elem_id="record-outcome")
                    amount = gr.Number(label="承诺还款金额（元）", value=None, minimum=0, elem_id="record-amount")
                    promised_date = gr.Textbox(label="承诺还款日期", placeholder="如 本月25号 / 2026-12-05",
                                               elem_id="record-date")
                    follow_up = gr.Textbox(label="下次跟进时间", placeholder="如 12月6日上午", elem_id="record-follow-up")
                notes = gr.Textbox(label="备注", lines=2, elem_id="record-notes")
                save_record = gr.Button("保存小结并评分", variant="primary", elem_id="save-record")
    report_outputs = build_report_area()

    call_controls = [message, send, retry, end]
    record_fields = [outcome, amount, promised_date, follow_up, notes]

    def blank_record():
        """A new call starts with an empty call record, not the previous call's."""
        return [DEFAULT_OUTCOME, None, "", "", ""]

    def controls(call: CallState, *, can_retry: bool = False, clear_box: bool = False, replying: bool = False):
        """Updates for [message, send, retry, end]. While the debtor replies everything waits: a second send or an
        end-call would race the reply (stale state, a turn added to an ended call). Retry only after a failure."""
        talking = call.status == "in_call" and not replying
        box = gr.update(interactive=talking, value="") if clear_box else gr.update(interactive=talking)
        return [box, gr.update(interactive=talking), gr.update(interactive=talking and can_retry),
                gr.update(interactive=talking)]

    def on_load():
        catalog = context.personas()
        choices = persona_choices(catalog)
        first = choices[0][1] if choices else None
        return gr.update(choices=choices, value=first), load_errors_markdown(catalog), case_file_panel(catalog, first)

    def on_pick(persona_id):
        return case_file_panel(context.personas(), persona_id)

    def on_start(name, persona_id, call):
        try:
            if call.status == "in_call":  # a second start would silently abandon the call in progress
                raise CallError("当前通话还没有结束，请先点击“结束通话”。")
            if not persona_id:
                raise CallError("请先选择一位客户。")
            catalog = context.personas()
            persona = catalog.get(persona_id)
            call = context.calls.start(name or "", persona_id, catalog.file_hash(persona_id), context.debtor_for(persona))
        except (CallError, KeyError) as error:
            return [call, gr.update(), f"⚠️ {error}", gr.update(), *controls(call, can_retry=call.awaiting_reply),
                    *[gr.update()] * len(record_fields), *[gr.update()] * len(report_outputs)]
        return [call, chat_messages(call.turns), _status_for(call), gr.update(visible=False), *controls(call),
                *blank_record(), *empty_report_outputs()]

    def record_panel_update(call: CallState):
        # After a hang-up the end button is disabled, so the record panel must open from the streamed update itself.
        return gr.update(visible=call.status in ("hung_up", "ended"))

    def stream(call: CallState, updates):
        """Turn CallUpdates into UI updates: (state, chat, status, record panel, *controls). A refused message
        stays in the box."""
        try:
            for update in throttled(updates, lambda u: u.partial is None):
                yield _render(update)
        except CallError as error:
            yield [call, chat_messages(call.turns), f"⚠️ {error}", record_panel_update(call),
                   *controls(call, can_retry=call.awaiting_reply)]

    def _render(update: CallUpdate):
        call = update.state
        if update.error:
            text = f"⚠️ {update.error}"
        elif update.notice:
            text = update.notice
        elif call.awaiting_reply:
            text = STATUS_REPLYING
        else:
            text = _status_for(call)
        replying = call.awaiting_reply and not update.error  # the debtor's reply is on its way
        accepted = replying and update.partial is None  # the trainee's message has just been stored
        return [call, chat_messages(call.turns, update.partial), text, record_panel_update(call),
                *controls(call, can_retry=bool(update.error), clear_box=accepted, replying=replying)]

    def on_send(text, call):
        persona = context.personas().get(call.persona_id) if call.persona_id else None
        debtor = context.debtor_for(persona) if persona else None
        yield from stream(call, context.calls.send(call, text or "", debtor))

    def on_retry(call):
        persona = context.personas().get(call.persona_id) if call.persona_id else None
        yield from stream(call, context.calls.retry(call, context.debtor_for(persona) if persona else None))

    def on_end(call):
        try:
            call = context.calls.end(call)
        except CallError as error:
            return [call, f"⚠️ {error}", gr.update(), *controls(call)]
        return [call, _status_for(call), gr.update(visible=True), *controls(call)]

    def on_save_record(outcome_value, amount_value, date_value, follow_up_value, notes_value, call):
        try:
            record = CallRecord(
                # gr.Number shows and sends 0 when left empty; a promise of 0 yuan is no promise.
                outcome=outcome_value, promised_amount=(amount_value or None), promised_date=(date_value or None),
                next_follow_up=(follow_up_value or None), notes=notes_value or "",
            )
            call = context.calls.save_record(call, record)
        except (CallError, ValueError) as error:
            return [call, f"⚠️ 通话小结未保存：{error}", *empty_report_outputs()]
        try:
            grade = context.grade_session(call.session_id)
        except CoachError as error:  # e.g. a trainer's broken rubric edit: the call and its record are kept
            return [call, f"⚠️ 通话小结已保存，但评分失败：{error}。修复后再次点击“保存小结并评分”即可重新评分。",
                    *empty_report_outputs()]
        return [call, "✅ 通话小结已保存，评分报告见下方。", *grade_outputs(context, call.session_id, grade)]

    def on_new(call):
        fresh = CallState(trainee=call.trainee)
        return [fresh, [], STATUS_IDLE, gr.update(visible=False), *controls(fresh), *blank_record(),
                *empty_report_outputs()]

    limit = context.settings.concurrency_limit
    stream_outputs = [state, chat, status, record_panel, *call_controls]  # call_controls starts with the message box
    page_load = dict(fn=on_load, outputs=[picker, load_errors, case_file])
    picker.change(on_pick, inputs=picker, outputs=case_file)
    start.click(on_start, inputs=[trainee, picker, state],
                outputs=[state, chat, status, record_panel, *call_controls, *record_fields, *report_outputs],
                concurrency_limit=limit)
    for trigger in (send.click, message.submit):
        trigger(on_send, inputs=[message, state], outputs=stream_outputs, concurrency_limit=limit)
    retry.click(on_retry, inputs=state, outputs=stream_outputs, concurrency_limit=limit)
    end.click(on_end, inputs=state, outputs=[state, status, record_panel, *call_controls])
    save_record.click(on_save_record, inputs=[outcome, amount, promised_date, follow_up, notes, state],
                      outputs=[state, status, *report_outputs], concurrency_limit=limit)
    new_call.click(on_new, inputs=state,
                   outputs=[state, chat, status, record_panel, *call_controls, *record_fields, *report_outputs])
    return page_load


def build_report_area():
    from .report_view import build_report_components

    return build_report_components()
