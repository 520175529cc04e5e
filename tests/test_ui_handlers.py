"""The practice loop through the real UI: the launched Gradio app, driven event by event like a browser.

Each test fires the page's own events (page load, 开始通话, 发送 / Enter, 结束通话, 保存小结并评分, history) through
Gradio's queue and checks what the page would show and what the store keeps. The debtor is a fake model behind
the ChatModel interface; grading is the offline rules grader.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import FakeChatModel
from ui_harness import ROOT, chat_texts, interactive, running_app, ui_settings, value_of

from collection_coach.app_context import AppContext
from collection_coach.personas import load_personas

PERSONA = "angry"
RECORD_FIELDS = ["record-outcome", "record-amount", "record-date", "record-follow-up", "record-notes"]
FIRST = "您好，我是XX银行信用卡中心的客服小李，请问是王志强先生吗？"
SECOND = "王先生，打扰您了，理解您生意上的难处。我们看看能不能先还一部分、剩下的办分期？"
QUESTION = "王先生，能说说最近为什么没还上吗？"
REPLY_1 = "是我！怎么了？又催？"
REPLY_2 = "……你这话说得还像个人话。月底开发商结了款，我先还五千。"


@dataclass
class SlowModel(FakeChatModel):
    """A fake model that can pause between chunks, like a real model streaming tokens."""

    pause_s: float = 0.0

    def stream(self, messages, *, temperature):
        for chunk in super().stream(messages, temperature=temperature):
            time.sleep(self.pause_s)
            yield chunk


@pytest.fixture(scope="module")
def shared_model():
    return SlowModel(chunk_size=3)


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    return ui_settings(tmp_path_factory.mktemp("ui"))


@pytest.fixture(scope="module")
def app(settings, shared_model):
    """One server for the module, like production: tests are separate trainees with separate page sessions."""
    context = AppContext.create(settings, roleplay_model=shared_model)
    with running_app(context) as running:
        yield running


@pytest.fixture
def model(shared_model):
    shared_model.queue.clear()
    shared_model.calls.clear()
    shared_model.pause_s = 0.0
    yield shared_model
    shared_model.assert_complete()


_names = itertools.count(1)


@pytest.fixture
def trainee():
    """A trainee name of this test's own, so its sessions are told apart from other tests' on the shared store."""
    return f"学员{next(_names):03d}"


@pytest.fixture
def page(app):
    page = app.session()
    page.load_page()
    return page


def start_call(page, name, persona=PERSONA):
    [update] = page.trigger("start-call", **{"trainee-name": name, "persona-picker": persona})
    return update


def stored_texts(app, session_id):
    return [(turn.role, turn.text) for turn in app.context.store.turns(session_id)]


def sessions_of(app, trainee):
    return app.context.store.list_sessions(trainee=trainee)


def only_session(app, trainee):
    sessions = sessions_of(app, trainee)
    assert len(sessions) == 1, sessions
    return sessions[0]


def test_page_load_offers_every_persona_and_shows_the_case_file_not_the_hidden_profile(app, settings):
    catalog = load_personas(settings.personas_dir)
    loaded = app.session().load_page()
    picker = loaded["persona-picker"]
    assert [value for _, value in picker["choices"]] == list(catalog.personas)
    assert picker["value"] == next(iter(catalog.personas))
    first = catalog.personas[picker["value"]]
    case_file = value_of(loaded["case-file"])
    assert first.case_file.customer_name in case_file
    assert first.hidden.situation not in case_file
    assert first.hidden.bottom_line.description not in case_file
    assert loaded["persona-errors"] == ""  # all shipped persona files load


def test_picking_a_persona_shows_its_case_file(page, settings):
    hardship = load_personas(settings.personas_dir).get("hardship")
    [update] = page.trigger("persona-picker", "change", **{"persona-picker": "hardship"})
    assert hardship.case_file.customer_name in value_of(update["case-file"])


def test_a_whole_call_through_the_page_is_stored_and_graded(app, page, model, settings, trainee):
    opening = load_personas(settings.personas_dir).get(PERSONA).opening_line
    model.enqueue(REPLY_1, REPLY_2)

    started = start_call(page, trainee)
    assert chat_texts(started["chat"]) == [("assistant", opening)]
    assert "通话中" in started["call-status"]
    assert interactive(started["send"]) and interactive(started["end-call"]) and not interactive(started["retry"])

    first = page.trigger("send", message=FIRST)
    assert value_of(first[0]["message"]) == ""  # the box is cleared once the message is stored
    assert chat_texts(first[-1]["chat"])[-2:] == [("user", FIRST), ("assistant", REPLY_1)]
    second = page.trigger("message", "submit", message=SECOND)  # pressing Enter sends too
    assert chat_texts(second[-1]["chat"]) == [
        ("assistant", opening), ("user", FIRST), ("assistant", REPLY_1), ("user", SECOND), ("assistant", REPLY_2),
    ]
    session = only_session(app, trainee)
    assert stored_texts(app, session.id) == [
        ("debtor", opening), ("agent", FIRST), ("debtor", REPLY_1), ("agent", SECOND), ("debtor", REPLY_2),
    ]

    [ended] = page.trigger("end-call")
    assert "通话已结束" in ended["call-status"]
    assert ended["record-panel"]["visible"] is True
    assert not interactive(ended["send"]) and not interactive(ended["message"])
    assert app.context.store.get_session(session.id).outcome == "ended_by_agent"

    [saved] = page.trigger("save-record", **{
        "record-outcome": "部分还款承诺", "record-amount": 5000, "record-date": "本月30号",
        "record-follow-up": "下月1日上午", "record-notes": "客户情绪已缓和",
    })
    assert "通话小结已保存" in saved["call-status"]
    assert "总分" in saved["report"]
    assert saved["report-downloads"]["visible"] is True
    stored = app.context.store.get_session(session.id)
    assert stored.persona_id == PERSONA
    assert stored.call_record.outcome == "部分还款承诺" and stored.call_record.promised_amount == 5000
    assert stored.call_record.promised_date == "本月30号" and stored.call_record.next_follow_up == "下月1日上午"
    grade = app.context.store.latest_grade(session.id)
    assert grade is not None and grade.grader.kind == "rules"


def test_the_history_tab_finds_and_reopens_the_call(app, page, model, trainee):
    model.enqueue(REPLY_1)
    start_call(page, trainee)
    page.trigger("send", message=FIRST)
    page.trigger("end-call")
    session_id = only_session(app, trainee).id

    [listed] = page.trigger("history-refresh", **{"history-trainee": trainee})
    assert [row[0] for row in listed["history-table"]["data"]] == [session_id]
    [opened] = page.trigger("history-open", **{"history-session-id": session_id})
    assert ("user", FIRST) in chat_texts(opened["history-chat"])
    assert ("assistant", REPLY_1) in chat_texts(opened["history-chat"])


def test_a_streamed_reply_reaches_the_page_in_several_growing_updates(app, page, model, trainee):
    reply = "我跟你说，开发商拖了我十几万工程款，说月底才结一部分，不是我不想还！"
    model.chunk_size, model.pause_s = 6, 0.15  # five chunks after the early role check, 150 ms apart
    model.enqueue(reply)
    start_call(page, trainee)
    try:
        updates = page.trigger("send", message=QUESTION)
    finally:
        model.chunk_size = 3

    shown = [chat_texts(update["chat"])[-1] for update in updates]
    partials = [text for role, text in shown[1:-1] if role == "assistant"]
    assert len(partials) >= 3, shown
    assert all(len(a) < len(b) for a, b in zip(partials, partials[1:])), partials  # growing
    assert all(reply.startswith(text) for text in partials), partials
    assert shown[-1] == ("assistant", reply)
    assert all("正在回复" in update["call-status"] for update in updates[:-1])
    waiting = updates[:-1]  # while the reply streams, nothing can be sent, retried or ended
    assert not any(interactive(update[name]) for update in waiting for name in ("message", "send", "retry", "end-call"))
    assert interactive(updates[-1]["send"]) and interactive(updates[-1]["end-call"])
    assert not interactive(updates[-1]["retry"])
    assert [role for role, _ in stored_texts(app, only_session(app, trainee).id)] == ["debtor", "agent", "debtor"]
    assert stored_texts(app, only_session(app, trainee).id)[-1] == ("debtor", reply)  # stored once, complete


def test_an_over_long_message_is_refused_with_a_message_and_not_stored(app, page, model, settings, trainee):
    start_call(page, trainee)
    too_long = "请" * (settings.max_message_chars + 1)
    [refused] = page.trigger("send", message=too_long)
    assert "消息过长" in refused["call-status"] and "未发送" in refused["call-status"]
    assert str(settings.max_message_chars) in refused["call-status"]
    assert "value" not in refused["message"]  # the text stays in the box for the trainee to shorten
    assert [role for role, _ in chat_texts(refused["chat"])] == ["assistant"]
    assert [role for role, _ in stored_texts(app, only_session(app, trainee).id)] == ["debtor"]
    assert model.calls == []  # the model was never asked
    assert interactive(refused["send"])  # the call goes on


def test_a_message_of_exactly_the_limit_is_accepted(app, page, model, settings, trainee):
    model.enqueue(REPLY_1)
    start_call(page, trainee)
    longest = "请" * settings.max_message_chars
    updates = page.trigger("send", message=longest)
    assert ("user", longest) in chat_texts(updates[-1]["chat"])
    assert ("agent", longest) in stored_texts(app, only_session(app, trainee).id)


@pytest.mark.parametrize("name, persona, expected", [
    pytest.param("", PERSONA, "请先填写学员姓名", id="no_trainee_name"),
    pytest.param("   ", PERSONA, "请先填写学员姓名", id="blank_trainee_name"),
    pytest.param("own", None, "请先选择一位客户", id="no_persona"),
])
def test_start_is_refused_without_what_it_needs_and_nothing_is_stored(app, page, trainee, name, persona, expected):
    before = len(app.context.store.list_sessions(limit=10_000))
    update = start_call(page, trainee if name == "own" else name, persona)
    assert expected in update["call-status"]
    assert not interactive(update["send"])
    assert len(app.context.store.list_sessions(limit=10_000)) == before


@pytest.mark.parametrize("text", [
    pytest.param("", id="empty_message"),
    pytest.param("  \n ", id="whitespace_message"),
])
def test_an_empty_message_is_refused(app, page, model, trainee, text):
    start_call(page, trainee)
    [refused] = page.trigger("send", message=text)
    assert "请输入要说的话" in refused["call-status"]
    assert len(app.context.store.turns(only_session(app, trainee).id)) == 1 and model.calls == []


def test_sending_before_a_call_is_started_is_refused(app, page, model):
    before = len(app.context.store.list_sessions(limit=10_000))
    [refused] = page.trigger("send", message=FIRST)
    assert "通话未开始" in refused["call-status"]
    assert len(app.context.store.list_sessions(limit=10_000)) == before and model.calls == []


def test_the_call_record_cannot_be_saved_during_the_call(app, page, trainee):
    start_call(page, trainee)
    [refused] = page.trigger("save-record", **{
        "record-outcome": "需再跟进", "record-amount": None, "record-date": "", "record-follow-up": "",
        "record-notes": "",
    })
    assert "请先结束通话" in refused["call-status"]
    assert app.context.store.get_session(only_session(app, trainee).id).call_record is None


def test_a_hang_up_ends_the_call_opens_the_record_and_refuses_more_messages(app, page, model, trainee):
    model.enqueue("你们再这样我就去投诉！别打了！[挂断]")
    start_call(page, trainee)
    updates = page.trigger("send", message="你再不还钱，我们就去你单位找你。")
    final = updates[-1]
    assert chat_texts(final["chat"])[-1] == ("assistant", "你们再这样我就去投诉！别打了！")
    assert not any("[挂" in text for update in updates for _, text in chat_texts(update["chat"]))
    assert "挂断" in final["call-status"]
    assert final["record-panel"]["visible"] is True  # the trainee can write the call record right away
    assert not interactive(final["send"]) and not interactive(final["end-call"])
    session_id = only_session(app, trainee).id
    assert app.context.store.get_session(session_id).outcome == "debtor_hung_up"

    [refused] = page.trigger("send", message="喂？喂？")
    assert "对方已挂断" in refused["call-status"]
    assert ("agent", "喂？喂？") not in stored_texts(app, session_id)

    [saved] = page.trigger("save-record", **{
        "record-outcome": "对方挂断", "record-amount": None, "record-date": "", "record-follow-up": "明天上午",
        "record-notes": "",
    })
    assert "总分" in saved["report"]
    assert app.context.store.get_session(session_id).call_record.outcome == "对方挂断"


def test_two_trainees_on_the_same_server_have_separate_calls(app, model, trainee):
    other = trainee + "乙"
    model.enqueue(REPLY_1)
    first, second = app.session(), app.session()
    first.load_page()
    second.load_page()
    start_call(first, trainee, persona="angry")
    start_call(second, other, persona="hardship")
    updates = first.trigger("send", message=FIRST)
    assert ("user", FIRST) in chat_texts(updates[-1]["chat"])
    [ended] = second.trigger("end-call")
    assert "通话已结束" in ended["call-status"]
    mine, theirs = only_session(app, trainee), only_session(app, other)
    assert (mine.persona_id, mine.n_turns, mine.outcome) == ("angry", 3, "in_progress")
    assert (theirs.persona_id, theirs.n_turns, theirs.outcome) == ("hardship", 1, "ended_by_agent")


def test_new_call_clears_the_page_for_the_next_call(app, page, model, trainee):
    model.enqueue(REPLY_1)
    start_call(page, trainee)
    page.trigger("send", message=FIRST)
    [fresh] = page.trigger("new-call")
    assert fresh["chat"] == []
    assert "开始通话" in fresh["call-status"]
    assert not interactive(fresh["send"])
    start_call(page, trainee, persona="hardship")
    assert [summary.persona_id for summary in sessions_of(app, trainee)] in (["hardship", "angry"],
                                                                             ["angry", "hardship"])


@pytest.mark.parametrize("amount, stored", [
    pytest.param(0, None, id="amount_left_empty_browser_sends_0"),
    pytest.param(None, None, id="amount_none"),
    pytest.param(1500.5, 1500.5, id="amount_given"),
])
def test_the_promised_amount_is_stored_only_when_one_was_given(app, page, trainee, amount, stored):
    start_call(page, trainee)
    page.trigger("end-call")
    page.trigger("save-record", **{
        "record-outcome": "需再跟进", "record-amount": amount, "record-date": "", "record-follow-up": "",
        "record-notes": "",
    })
    record = app.context.store.get_session(only_session(app, trainee).id).call_record
    assert record.promised_amount == stored
    assert record.promised_date is None and record.next_follow_up is None


def test_starting_again_during_a_call_is_refused_and_keeps_the_call(app, page, model, trainee):
    model.enqueue(REPLY_1)
    start_call(page, trainee)
    page.trigger("send", message=FIRST)
    again = start_call(page, trainee, persona="hardship")
    assert "请先点击“结束通话”" in again["call-status"]
    assert interactive(again["send"])  # the call in progress goes on
    [session] = sessions_of(app, trainee)
    assert (session.persona_id, session.n_turns) == (PERSONA, 3)


def test_a_new_call_starts_with_an_empty_call_record(app, page, trainee):
    start_call(page, trainee)
    page.trigger("end-call")
    page.trigger("save-record", **{
        "record-outcome": "承诺还款", "record-amount": 800, "record-date": "周五", "record-follow-up": "下周一",
        "record-notes": "备注",
    })
    [fresh] = page.trigger("new-call")
    assert [value_of(fresh[field]) for field in RECORD_FIELDS] == ["需再跟进", None, "", "", ""]
    started = start_call(page, trainee)
    assert [value_of(started[field]) for field in RECORD_FIELDS] == ["需再跟进", None, "", "", ""]


def test_report_downloads_work_when_the_database_is_outside_the_working_and_temp_directories(
    tmp_path, monkeypatch
):
    """Deployments keep the database in e.g. /srv/coach; Gradio serves only allowed folders."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "system-temp"))  # tmp_path no longer counts as temp
    (tmp_path / "system-temp").mkdir()
    settings = ui_settings(tmp_path, database_url=f"sqlite:///{tmp_path / 'srv' / 'coach.db'}")
    with running_app(AppContext.create(settings)) as app:  # the offline engine
        page = app.session()
        page.load_page()
        start_call(page, "部署检查")
        page.trigger("send", message=FIRST)
        page.trigger("end-call")
        [saved] = page.trigger("save-record", **{
            "record-outcome": "需再跟进", "record-amount": None, "record-date": "", "record-follow-up": "",
            "record-notes": "",
        })
    assert "总分" in saved["report"]
    assert sorted(Path(item["orig_name"]).suffix for item in saved["report-downloads"]["value"]) == [".html", ".md"]


def test_a_broken_rubric_edit_keeps_the_call_record_and_says_why_grading_failed(tmp_path):
    rubric_dir = tmp_path / "rubric"
    shutil.copytree(ROOT / "rubric", rubric_dir)
    settings = ui_settings(tmp_path, rubric_dir=rubric_dir)
    with running_app(AppContext.create(settings)) as app:
        page = app.session()
        page.load_page()
        start_call(page, "评分失败检查")
        page.trigger("send", message=FIRST)
        page.trigger("end-call")
        (rubric_dir / "courseware.yaml").write_text("name: [unclosed\n", encoding="utf-8")  # a trainer's typo
        [saved] = page.trigger("save-record", **{
            "record-outcome": "需再跟进", "record-amount": None, "record-date": "", "record-follow-up": "",
            "record-notes": "",
        })
        session = only_session(app, "评分失败检查")
        assert "评分失败" in saved["call-status"] and "courseware.yaml" in saved["call-status"]
        assert app.context.store.get_session(session.id).call_record.outcome == "需再跟进"
