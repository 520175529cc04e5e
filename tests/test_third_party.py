"""Who is on the line: the language cues of `third_party.parties` that the red-line patterns cannot see."""

from __future__ import annotations

import pytest

from collection_coach.detectors import detect_red_lines
from collection_coach.third_party import parties
from collection_coach.transcript import Transcript

DISCLOSURE = "他在我们平台借了六千多，三个月没还了。"


def _call(*lines: tuple[str, str]) -> Transcript:
    return Transcript(id="third-party", turns=[{"role": role, "text": text} for role, text in lines])


@pytest.mark.parametrize("lines", [
    pytest.param((("agent", "喂，阿姨您好，请问是乔俊飞的妈妈吗？"), ("debtor", "是啊，你是谁？"), ("agent", DISCLOSURE)),
                 id="yes_to_are_you_his_mother"),
    pytest.param((("agent", "喂，你好，你认识李红霞吧？隔壁开理发店那个。"), ("debtor", "认识啊，咋了？"), ("agent", DISCLOSURE)),
                 id="knows_the_borrower"),
    pytest.param((("agent", "喂，你好，找一下武二虎。"), ("debtor", "二虎下井了，手机放我这儿充电呢。"), ("agent", DISCLOSURE)),
                 id="names_the_borrower_in_the_third_person"),
    pytest.param((("agent", "喂，找一下武二虎。"), ("debtor", "我是他工友，你哪儿的？"), ("agent", DISCLOSURE)),
                 id="workmate"),
    pytest.param((("agent", "喂，曹建平在吗？"), ("debtor", "我爸出去了，手机落家里了。"), ("agent", "你是他儿子啊？"),
                  ("debtor", "嗯，怎么了？"), ("agent", DISCLOSURE)), id="my_dad_is_out_then_yes_to_are_you_his_son"),
    pytest.param((("debtor", "喂，哪个？这里是石桥村村委会。"), ("agent", "喂，您好，我找一下村里管事的。"),
                  ("debtor", "我就是，我村支书，姓覃。"), ("agent", "你们村是不是有个叫韦国强的？"), ("debtor", "有啊，他咋了？"),
                  ("agent", DISCLOSURE)), id="i_am_the_one_in_charge_is_not_the_borrower"),
    pytest.param((("agent", "喂，您好，我找一下周凯。"), ("debtor", "伊不在，出去了。侬是啥人？"), ("agent", "您是周凯的……？"),
                  ("debtor", "我是伊姆妈。"), ("agent", DISCLOSURE)), id="shanghainese_mother"),
])
def test_a_third_party_on_the_line_makes_the_debt_a_disclosure(rubric, lines) -> None:
    call = _call(*lines)
    assert parties(call.turns, rubric).at(len(lines) - 1) == "third_party"
    assert [hit.id for hit in detect_red_lines(call, rubric)] == ["third_party_disclosure"]


@pytest.mark.parametrize("lines", [
    pytest.param((("agent", "请问李永福在家不？"), ("debtor", "你等着啊……永福！电话！"), ("debtor", "喂，我李永福。"),
                  ("agent", DISCLOSURE.replace("他", "您"))), id="handover_and_i_am_him_without_shi"),
    pytest.param((("agent", "请问是武二虎本人吗？"), ("debtor", "我就是武二虎。"), ("agent", DISCLOSURE.replace("他", "您"))),
                 id="names_himself"),
    pytest.param((("agent", "麻烦找一下聂芳女士。"), ("debtor", "聂芳在开会，我叫她。……聂姐，电话。"), ("debtor", "喂，我是聂芳。"),
                  ("agent", DISCLOSURE.replace("他", "您"))), id="asked_for_by_name_with_title"),
    pytest.param((("agent", "为了核实身份，麻烦说一下身份证后四位。"), ("debtor", "后四位是……2615。"),
                  ("agent", DISCLOSURE.replace("他", "您"))), id="id_digits_after_words"),
    pytest.param((("agent", "邢佩佩是吧？我是易通消费金融的。"), ("debtor", "我白天上班不方便接……你说吧。"), ("agent", "后四位？"),
                  ("debtor", "7731。"), ("agent", DISCLOSURE.replace("他", "您")), ("debtor", "别半夜打了，我妈在睡觉。"),
                  ("agent", "那你就想办法把钱弄出来。")), id="bare_last_four_digits_then_my_mum_is_asleep"),
    pytest.param((("agent", "请问是黄志鹏黄先生吗？"), ("debtor", "你打错了吧，我没在你们那借过钱。"),
                  ("agent", "那我跟您核一下手机号，135开头的这个？"), ("debtor", "号是我的……但我真没借过。"),
                  ("agent", DISCLOSURE.replace("他", "您"))), id="wrong_number_then_the_number_is_mine_but_no_loan"),
])
def test_the_borrower_on_the_line_is_not_a_disclosure(rubric, lines) -> None:
    call = _call(*lines)
    assert parties(call.turns, rubric).at(len(lines) - 1) == "borrower"
    assert detect_red_lines(call, rubric) == []


def test_the_institution_named_in_the_greeting_is_not_a_disclosure(rubric) -> None:
    """The greeting names the lender before anyone is identified; the roommate answering does not make it one."""
    call = _call(("debtor", "喂？"), ("agent", "你好，我是甘草分期客服中心的白雪，请问是任嘉琪吗？"),
                 ("debtor", "不是，她在洗澡呢，我是她室友。"), ("agent", "好的，那麻烦你让她方便的时候回个电话。"))
    assert parties(call.turns, rubric).at(1) == "third_party"
    assert detect_red_lines(call, rubric) == []


def test_a_debtor_mentioning_his_boss_is_still_the_borrower(rubric) -> None:
    """"我领导都问我咋回事了" names a boss; it is not a boss answering the phone."""
    call = _call(("agent", "请问是于先生本人吗？"), ("debtor", "是我，咋的？"), ("agent", "您卡逾期58天了。"),
                 ("debtor", "你们天天打，我领导都问我咋回事了！"), ("agent", "您欠款不还，我们打电话提醒是正常的。"))
    assert parties(call.turns, rubric).at(4) == "borrower"
    assert detect_red_lines(call, rubric) == []
