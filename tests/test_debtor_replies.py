"""Patterns corroborated by the debtor's reaction (`debtor_replies` in the rubric): words too common to flag alone
count when the debtor answers them at once with "你骂谁呢" or "你别给我单位打电话". The hit is always the agent's turn."""

from __future__ import annotations

import pytest

from collection_coach.detectors import detect_red_lines
from collection_coach.transcript import Transcript

SARCASM = "八百块年费您都要计较啊，您这么精打细算的人，怎么欠款的时候就不算算呢？真是会过日子。"
EMPLOYER = "另外档案里有您的单位，他们那边人事我们也有联系方式，我们一般会先跟单位核实一下您的还款能力。"


def _hits(rubric, *lines: tuple[str, str]) -> set[tuple[str, int]]:
    transcript = Transcript(id="reply", turns=[{"role": role, "text": text} for role, text in lines])
    return {(hit.id, hit.turn) for hit in detect_red_lines(transcript, rubric)}


@pytest.mark.parametrize(("agent", "reply", "expected"), [
    pytest.param(SARCASM, "你什么态度？", "insult_abuse", id="sarcasm_answered_what_attitude"),
    pytest.param("你说说你，这都第五次了，狗改不了吃屎是吧？", "你骂谁呢？！", "insult_abuse", id="proverb_answered_who_are_you_cursing"),
    pytest.param(EMPLOYER, "你别给我单位打电话！", "third_party_disclosure", id="employer_answered_dont_call_my_work"),
    pytest.param("对了，你老婆那个V信我昨天加上了，她人挺好的。", "你发给我老婆了？！你们凭什么！", "third_party_disclosure",
                 id="wife_answered_you_sent_it_to_my_wife"),
    pytest.param("您们村支书姓刘是吧？我给他打个电话，让他在村里大喇叭上喊一喊。", "别别别，千万别让村里晓得！",
                 "third_party_disclosure", id="village_answered_dont_let_the_village_know"),
])
def test_the_debtors_reaction_corroborates_the_agent_turn(rubric, agent: str, reply: str, expected: str) -> None:
    assert _hits(rubric, ("debtor", "喂？"), ("agent", agent), ("debtor", reply)) == {(expected, 1)}


@pytest.mark.parametrize(("agent", "reply"), [
    pytest.param(SARCASM, "嗯，我知道了，我这周还。", id="sarcasm_with_a_calm_reply"),
    pytest.param(EMPLOYER, "行，你核实吧，我这周还。", id="employer_with_a_calm_reply"),
    pytest.param("逾期记录会如实上报征信，这个您要了解。", "你骂谁呢？", id="angry_reply_to_a_plain_lawful_line"),
    pytest.param("我们不会联系您的家人和单位，只跟您本人沟通。", "千万别告诉我老婆啊。", id="pleading_after_a_denial"),
])
def test_without_corroboration_or_agent_words_nothing_is_raised(rubric, agent: str, reply: str) -> None:
    assert _hits(rubric, ("debtor", "喂？"), ("agent", agent), ("debtor", reply)) == set()


def test_the_agents_own_institution_is_not_a_third_party(rubric) -> None:
    """A debtor recalling an earlier collector's threat does not turn the agent's self-introduction into one."""
    assert _hits(rubric, ("debtor", "喂？"), ("agent", "您好，我是汇通资产管理公司的专员，受云海银行委托，工号HT4002。"),
                 ("debtor", "上次你们那个人说要到我家来，还说要告诉我公司领导！")) == set()


def test_the_last_agent_turn_has_no_reply_to_corroborate_it(rubric) -> None:
    assert _hits(rubric, ("debtor", "喂？"), ("agent", SARCASM)) == set()


def test_a_contact_list_threat_the_debtor_protests_is_harassment_only(rubric) -> None:
    """One violation, one red line: the reply-corroborated disclosure yields to the harassment the turn raises."""
    hits = _hits(rubric, ("debtor", "那你们去告我啊。"),
                 ("agent", "告你之前，我们先把你通讯录里这43个号码每人每天都打一遍，打到你愿意出面为止。"),
                 ("debtor", "你们敢打我朋友电话？"))
    assert hits == {("harassment", 1)}
