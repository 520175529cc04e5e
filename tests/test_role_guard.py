import pytest

from collection_coach.role_guard import (
    HANG_UP_MARKER, role_slip_reason, split_hang_up, strip_speaker_label, visible_while_streaming,
)


@pytest.mark.parametrize("text", [
    pytest.param("作为一个AI语言模型，我无法扮演欠款人。", id="assistant_disclaimer"),
    pytest.param("坐席：您好，请问您什么时候还款？", id="collector_label"),
    pytest.param("您好，我是招商银行信用卡中心的客服，请问您什么时候能还款？", id="speaks_as_collector"),
    pytest.param("以下是我作为债务人的回复：好的", id="meta_commentary"),
])
def test_role_slips_are_detected(text):
    assert role_slip_reason(text) is not None


@pytest.mark.parametrize("text", [
    pytest.param("你谁啊？又是催债的？", id="suspicious_debtor"),
    pytest.param("我现在真没钱，下个月发工资再说吧。", id="stalling_debtor"),
    pytest.param("银行的？我不是都说了下周还吗！", id="mentions_bank_in_character"),
])
def test_in_character_replies_pass(text):
    assert role_slip_reason(text) is None


def test_speaker_label_is_stripped_but_collector_label_kept():
    assert strip_speaker_label("王强：你谁啊") == "你谁啊"
    assert strip_speaker_label("坐席：您好").startswith("坐席")


def test_hang_up_marker_ends_the_reply():
    text, hung_up = split_hang_up(f"别再打了！{HANG_UP_MARKER}")
    assert (text, hung_up) == ("别再打了！", True)
    assert split_hang_up("好吧。") == ("好吧。", False)


def test_partial_marker_is_hidden_while_streaming():
    assert visible_while_streaming("别再打了！[挂") == "别再打了！"
    assert visible_while_streaming("一共[三]次") == "一共[三]次"
