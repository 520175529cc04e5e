"""The call service: every turn persisted the moment it exists; failures keep the transcript; hang-up ends it."""

import pytest

from collection_coach.call_record import CallRecord
from collection_coach.debtor import DebtorReply
from collection_coach.llm import LLMError
from collection_coach.roleplay import CallError, CallService
from collection_coach.store import Store


class ScriptedTestDebtor:
    """A debtor whose replies (or failures) are given by the test."""

    engine = "test"
    model_label = "scripted-test"

    def __init__(self, *replies):
        self.replies = list(replies)

    def opening(self):
        return "喂？"

    def stream_reply(self, turns):
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        text, hung_up = reply if isinstance(reply, tuple) else (reply, False)
        yield DebtorReply(text=text[:2])
        yield DebtorReply(text=text, hung_up=hung_up, done=True)


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "coach.db")


def run(updates):
    return list(updates)


def test_start_persists_the_opening_line(store):
    service = CallService(store, max_message_chars=1000)
    call = service.start("张三", "angry", "abc123", ScriptedTestDebtor())
    assert [turn.text for turn in store.turns(call.session_id)] == ["喂？"]
    assert call.status == "in_call"


def test_a_turn_streams_and_both_sides_are_persisted(store):
    service = CallService(store, max_message_chars=1000)
    debtor = ScriptedTestDebtor("你谁啊？")
    call = service.start("张三", "angry", "h", debtor)
    updates = run(service.send(call, "您好，我是XX银行的小李", debtor))
    partials = [update.partial for update in updates if update.partial]
    assert partials == ["你谁"]
    final = updates[-1].state
    assert [turn.role for turn in final.turns] == ["debtor", "agent", "debtor"]
    assert [turn.text for turn in store.turns(call.session_id)] == ["喂？", "您好，我是XX银行的小李", "你谁啊？"]


def test_failed_llm_call_keeps_the_agent_turn_and_retry_completes_it(store):
    service = CallService(store, max_message_chars=1000)
    debtor = ScriptedTestDebtor(LLMError("rate_limit", "429"), "哦，什么事？")
    call = service.start("张三", "angry", "h", debtor)
    updates = run(service.send(call, "您好，我是XX银行的小李", debtor))
    assert "429" in updates[-1].error and updates[-1].state.awaiting_reply
    assert [turn.role for turn in store.turns(call.session_id)] == ["debtor", "agent"]  # nothing lost
    retried = run(service.retry(updates[-1].state, debtor))
    assert retried[-1].state.awaiting_reply is False
    assert [turn.text for turn in store.turns(call.session_id)][-2:] == ["您好，我是XX银行的小李", "哦，什么事？"]


def test_hang_up_ends_the_call_and_refuses_further_messages(store):
    service = CallService(store, max_message_chars=1000)
    debtor = ScriptedTestDebtor(("别再打了！", True))
    call = service.start("张三", "angry", "h", debtor)
    final = run(service.send(call, "你再不还钱我们就上门", debtor))[-1]
    assert final.state.status == "hung_up" and "挂断" in final.notice
    assert store.get_session(call.session_id).outcome == "debtor_hung_up"
    with pytest.raises(CallError, match="挂断"):
        run(service.send(final.state, "喂？", debtor))


@pytest.mark.parametrize("text, message", [
    pytest.param("   ", "请输入", id="empty_message"),
    pytest.param("好" * 1001, "1001 字", id="over_size_limit"),
])
def test_bad_messages_are_refused_and_not_sent(store, text, message):
    service = CallService(store, max_message_chars=1000)
    debtor = ScriptedTestDebtor("不该被调用")
    call = service.start("张三", "angry", "h", debtor)
    with pytest.raises(CallError, match=message):
        run(service.send(call, text, debtor))
    assert len(store.turns(call.session_id)) == 1
    assert debtor.replies == ["不该被调用"]


def test_trainee_name_is_required(store):
    with pytest.raises(CallError, match="学员姓名"):
        CallService(store, max_message_chars=1000).start("  ", "angry", "h", ScriptedTestDebtor())


def test_call_record_only_after_the_call_and_saved_with_the_session(store):
    service = CallService(store, max_message_chars=1000)
    call = service.start("张三", "angry", "h", ScriptedTestDebtor())
    record = CallRecord(outcome="承诺还款", promised_amount=3000, promised_date="本月25号", next_follow_up="26号上午")
    with pytest.raises(CallError):
        service.save_record(call, record)
    ended = service.end(call)
    service.save_record(ended, record)
    session = store.get_session(call.session_id)
    assert session.outcome == "ended_by_agent" and session.call_record.promised_amount == 3000
