"""Agent-utterance cues shared by the criterion detectors and the offline debtor."""

from __future__ import annotations

import pytest

from collection_coach import cues
from collection_coach.amounts import chinese_number


@pytest.mark.parametrize(
    ("token", "value"),
    [
        pytest.param("两千", 2000, id="liang_qian"),
        pytest.param("三千五", 3500, id="abbreviated_hundreds"),
        pytest.param("一万二", 12000, id="abbreviated_thousands"),
        pytest.param("一千零五十", 1050, id="zero_inside"),
        pytest.param("十五", 15, id="leading_ten"),
        pytest.param("两万零五百", 20500, id="wan_with_zero"),
    ],
)
def test_chinese_number(token: str, value: float) -> None:
    assert chinese_number(token) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("您本期应还¥2,013.55元", [2013.55], id="currency_and_thousands_separator"),
        pytest.param("先还两千块可以吗", [2000.0], id="chinese_numeral_with_kuai"),
        pytest.param("三千五行不行", [3500.0], id="bare_chinese_numeral_with_unit_inside"),
        pytest.param("一万二分12期", [12000.0], id="amount_then_installments"),
        pytest.param("还1.2万", [12000.0], id="arabic_with_wan"),
        pytest.param("先还5000", [5000.0], id="bare_number_after_money_verb"),
        pytest.param("我的工号1023", [], id="staff_number_is_not_money"),
        pytest.param("尾号5621的卡逾期30天", [], id="card_digits_and_days_are_not_money"),
        pytest.param("25号还500元", [500.0], id="date_number_not_money"),
    ],
)
def test_mentions_amount(text: str, expected: list[float]) -> None:
    assert cues.mentions_amount(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("本月25号", id="day_of_month"),
        pytest.param("下周五", id="next_friday"),
        pytest.param("12月5日", id="month_day"),
        pytest.param("三天内", id="within_days"),
        pytest.param("发工资那天", id="payday"),
        pytest.param("月底前", id="month_end"),
    ],
)
def test_mentions_date(text: str) -> None:
    assert cues.mentions_date(text)


def test_mentions_date_false_for_plain_request() -> None:
    assert not cues.mentions_date("请您尽快还款")


def test_introduction_and_institution() -> None:
    line = "您好，我是XX银行信用卡中心的客服小李，工号1023。"
    assert cues.introduces_self(line)
    assert cues.names_institution(line)
    assert cues.names_institution(line, "XX银行信用卡中心")
    assert cues.names_institution("您好，我是XX银行的小李", "XX银行信用卡中心"), "short form of the case institution"
    assert not cues.names_institution("您好，我是小李", "XX银行信用卡中心")
    assert not cues.introduces_self("你欠的钱什么时候还？")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("请问是张三先生本人吗？", True, id="is_it_you"),
        pytest.param("麻烦核对一下您身份证后四位", True, id="id_card_digits"),
        pytest.param("您欠款5000元", False, id="amount_only"),
    ],
)
def test_asks_identity(text: str, expected: bool) -> None:
    assert cues.asks_identity(text) is expected


@pytest.mark.parametrize(
    ("text", "amount", "installments"),
    [
        pytest.param("您看本月25号前先还1500元可以吗？", 1500.0, False, id="amount_and_date"),
        pytest.param("那我们分12期，每期还800元", 800.0, True, id="installments"),
        pytest.param("发工资那天先还两千，行吗", 2000.0, False, id="payday_and_chinese_amount"),
        pytest.param("可以帮您申请账单分期，每月还500元", 500.0, True, id="installment_offer_without_periods"),
        pytest.param("您的消费分期可以再分6期，每期还1000元", 1000.0, True, id="product_name_then_real_offer"),
    ],
)
def test_proposes_plan(text: str, amount: float, installments: bool) -> None:
    plan = cues.proposes_plan(text)
    assert plan is not None
    assert plan.amount == amount
    assert plan.installments is installments


def test_periods_come_from_the_offer_not_the_product_name() -> None:
    plan = cues.proposes_plan("可以申请分期，分6期每期还1000元")
    assert plan is not None and plan.periods == 6


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("建议您尽快还款", id="vague_demand"),
        pytest.param("您的还款日是3月5日，欠款3000元", id="debt_information_not_a_plan"),
        pytest.param("您的门店手机分期目前应还2767.20元", id="product_name_with_installments"),
        pytest.param("您这笔分期已经逾期30天，应还872元", id="existing_installment_loan"),
    ],
)
def test_not_a_plan(text: str) -> None:
    assert cues.proposes_plan(text) is None


def test_other_cues() -> None:
    assert cues.asks_reason("是遇到什么困难了吗？")
    assert cues.shows_empathy("我理解您的难处，失业确实不容易")
    assert not cues.shows_empathy("我不理解你为什么不还")
    assert cues.lawful_consequence("逾期会如实上报征信")
    assert cues.recaps_or_closes("跟您确认一下，25号还1500元")
    assert cues.recaps_or_closes("感谢您的配合，再见")
    assert not cues.recaps_or_closes("你欠了多少钱自己不知道吗")
    assert cues.is_pressure("你到底还不还？")
    assert cues.is_pressure("别找借口了")
    assert not cues.is_pressure("我们一起想想办法")
