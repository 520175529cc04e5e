"""The LLM debtor against the fake model: prompt content, streaming, staying in character, hanging up."""

import pytest

from collection_coach.debtor_llm import LLMDebtor
from collection_coach.llm import LLMError
from collection_coach.personas import case_file_markdown, load_personas
from collection_coach.prompts import PromptLibrary
from collection_coach.transcript import Turn
from fakes import FakeChatModel


@pytest.fixture
def persona(project_root):
    return load_personas(project_root / "personas").get("angry")


@pytest.fixture
def prompts(project_root):
    return PromptLibrary(project_root / "prompts")


def debtor(persona, prompts, model, budget=3000):
    return LLMDebtor(persona, model, prompts, temperature=0.8, token_budget=budget)


CALL = [Turn(role="debtor", text="喂？"), Turn(role="agent", text="您好，我是XX银行信用卡中心的小李")]


def test_system_prompt_carries_the_hidden_profile_and_history_maps_roles(persona, prompts):
    model = FakeChatModel().enqueue("你谁啊？")
    list(debtor(persona, prompts, model).stream_reply(CALL))
    sent = model.calls[0].messages
    assert sent[0]["role"] == "system"
    assert persona.hidden.situation in sent[0]["content"]
    assert persona.hidden.bottom_line.description in sent[0]["content"]
    assert [m["role"] for m in sent[1:]] == ["assistant", "user"]  # the model *is* the debtor
    assert persona.hidden.situation not in case_file_markdown(persona)


def test_reply_streams_in_several_growing_snapshots(persona, prompts):
    model = FakeChatModel(chunk_size=3).enqueue("你谁啊？又是催钱的吧，我现在很忙。")
    snapshots = list(debtor(persona, prompts, model).stream_reply(CALL))
    partial = [s.text for s in snapshots if not s.done]
    assert len(partial) >= 2 and all(b.startswith(a) for a, b in zip(partial, partial[1:]))
    assert snapshots[-1].done and snapshots[-1].text == "你谁啊？又是催钱的吧，我现在很忙。"


def test_hang_up_marker_is_hidden_and_ends_the_call(persona, prompts):
    model = FakeChatModel(chunk_size=2).enqueue("你再威胁我试试！我挂了。[挂断]")
    snapshots = list(debtor(persona, prompts, model).stream_reply(CALL))
    assert all("[挂" not in s.text for s in snapshots)
    assert snapshots[-1].hung_up and snapshots[-1].text == "你再威胁我试试！我挂了。"


@pytest.mark.parametrize("slip", [
    pytest.param("作为一个AI助手，我不能扮演欠款人。", id="assistant_voice"),
    pytest.param("坐席：您好，请问您什么时候方便还款呢？", id="collector_voice"),
])
def test_role_slip_is_regenerated_with_a_reminder(persona, prompts, slip):
    model = FakeChatModel().enqueue(slip, "少来这套，你到底是谁？")
    final = list(debtor(persona, prompts, model).stream_reply(CALL))[-1]
    assert final.text == "少来这套，你到底是谁？"
    assert final.notes and "跳出角色" in final.notes[0]
    reminder = model.calls[1].messages[-1]
    assert reminder["role"] == "system" and "不是坐席" in reminder["content"]
    model.assert_complete()


def test_persistent_role_slip_falls_back_to_an_in_character_line(persona, prompts):
    model = FakeChatModel().enqueue("作为AI我无法回答。", "作为一个语言模型，我不能继续。")
    final = list(debtor(persona, prompts, model).stream_reply(CALL))[-1]
    assert "AI" not in final.text and "语言模型" not in final.text and final.done


def test_history_is_trimmed_to_the_token_budget_keeping_the_opening_and_latest(persona, prompts):
    long_call = [Turn(role="debtor", text="喂？")]
    for index in range(60):
        long_call.append(Turn(role="agent", text=f"第{index}次说明：您的欠款需要尽快处理，请您理解。"))
        long_call.append(Turn(role="debtor", text=f"第{index}次回答：我知道了，别催了，我在想办法。"))
    long_call.append(Turn(role="agent", text="最后一句：那您本周五能先还两千吗？"))
    model = FakeChatModel().enqueue("周五不行。")
    list(debtor(persona, prompts, model, budget=1500).stream_reply(long_call))
    sent = model.calls[0].messages
    assert len(sent) < len(long_call) + 1
    assert sent[1]["content"] == "喂？" and sent[-1]["content"] == "最后一句：那您本周五能先还两千吗？"


def test_llm_errors_propagate_for_the_call_service(persona, prompts):
    model = FakeChatModel().enqueue(LLMError("timeout", "read timed out"))
    with pytest.raises(LLMError) as raised:
        list(debtor(persona, prompts, model).stream_reply(CALL))
    assert "超时" in raised.value.user_message
