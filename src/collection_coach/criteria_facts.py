"""Criteria that rules can check well: opening, identity before the amount, accurate debt information, a
concrete plan the debtor accepts, and a recap at the end. Each returns a level with evidence and, below level
2, a concrete suggestion (a line the trainee could have said)."""

from __future__ import annotations

import re

from . import cues, debtor_cues
from .criteria_call import OVERDUE_DAYS, Call, discloses_details, quote_of, result
from .grade import CriterionResult

_GREETING = re.compile(r"您好|你好|早上好|上午好|中午好|下午好|晚上好")
_NAMES_SELF = re.compile(r"我叫|我姓|姓[\u4e00-\u9fff](?:，|,|。|$)|工号|(?:客服|专员|代表|坐席|顾问)(?:小)?[\u4e00-\u9fff]{1,3}(?:，|,|。|$)")


def _introduction_parts(call: Call, text: str) -> tuple[bool, bool, bool]:
    """(greets, names self by name or staff number, names the institution)."""
    return (bool(_GREETING.search(text)), bool(_NAMES_SELF.search(text)),
            cues.names_institution(text, call.case.get("institution")) or cues.names_institution(text))


def opening(call: Call) -> CriterionResult:
    suggestion = f"第一句就自报家门：“您好，我是{call.institution}的客服小李，工号1023。”"
    agent = call.agent()
    opening_turns = {index for index, _ in agent[:2]}
    posing = [hit for hit in call.hits if hit.id == "impersonation" and hit.turn in opening_turns]
    if posing:  # a false identity later in the call is a red line, not a bad opening
        return result("opening", 0, [(posing[0].turn, posing[0].quote)], "冒充其他身份开场，没有如实说明自己和所属机构。",
                      suggestion)
    if not agent:
        return result("opening", 0, [], "坐席没有发言。", suggestion)
    disclosed = call.first(discloses_details)
    before_debt = [(i, t) for i, t in agent if disclosed is None or i <= disclosed[0]][:2] or agent[:1]
    intro = next(((i, t) for i, t in before_debt if all(_introduction_parts(call, t)[1:])), None)
    if intro and any(_GREETING.search(t) for i, t in before_debt if i <= intro[0]):
        return result("opening", 2, [(intro[0], quote_of(intro[1], lambda x: any(_introduction_parts(call, x))))],
                       "通话开始就礼貌问候，并说明了自己的姓名或工号和所属机构。", "")
    partial = next(((i, t) for i, t in agent if any(_introduction_parts(call, t)[1:]) or cues.introduces_self(t)), None)
    if partial or intro:
        found = intro or partial
        return result("opening", 1, [(found[0], found[1].strip())],
                       "自我介绍不完整或不及时：缺少问候、姓名/工号或机构名称，或在谈欠款之后才说明。", suggestion)
    return result("opening", 0, [(agent[0][0], agent[0][1].strip())], "开场没有说明自己是谁、代表哪家机构。", suggestion)


def identity_verification(call: Call) -> CriterionResult:
    suggestion = f"先核实身份再谈欠款：“请问是{call.case.get('customer_name') or '张先生'}本人吗？麻烦核对一下您身份证后四位。”"
    asked = call.first(cues.asks_identity)
    disclosed = call.first(discloses_details)
    if disclosed and call.listener.at(disclosed[0]) == "third_party":
        return result("identity_verification", 0, [disclosed], "对方不是借款人本人，坐席却说出了欠款信息。",
                       "对方不是本人时只请其转告回电：“麻烦您转告他回个电话，谢谢。”")
    if asked is None:
        evidence = [disclosed] if disclosed else []
        return result("identity_verification", 0, evidence, "通话中没有核实对方是否为借款人本人。", suggestion)
    if disclosed and disclosed[0] <= asked[0]:
        reason = "核实身份与说出欠款在同一句话里，没有等对方确认。" if disclosed[0] == asked[0] else "先说了欠款金额，之后才核实身份。"
        return result("identity_verification", 1, [asked, disclosed], reason, suggestion)
    return result("identity_verification", 2, [asked], "在透露欠款信息之前先核实了对方身份。", "")


_DEBT_DETAIL = re.compile(r"最低还款|利息|违约金|罚息|本金|构成|包括|明细|还款日|账单日|到期日|截止|剩余|分期")


def debt_information(call: Call) -> CriterionResult:
    due = [float(call.case[key]) for key in ("amount_due", "principal", "minimum_payment") if call.case.get(key)]
    suggestion = "准确完整地说明欠款：“您本期应还{}元，还款日是X号，已经逾期{}天，其中包括本金和按合同计算的利息。”".format(
        f"{call.case['amount_due']:g}" if call.case.get("amount_due") else "X", call.case.get("overdue_days", "X"))
    stated = call.first(lambda text: bool(cues.mentions_amount(text)))
    if stated and call.listener.at(stated[0]) == "third_party":
        return result("debt_information", 0, [stated], "欠款信息说给了借款人以外的人。",
                       "对方不是本人时不谈欠款，只请其转告回电。")
    if stated is None:
        mention = call.first(lambda text: re.search(r"欠款|逾期|账单|未还|欠费", text))
        level = 1 if mention else 0
        reason = "只笼统提到欠款，没有说明金额。" if level else "没有告知欠款金额和逾期情况。"
        return result("debt_information", level, [mention] if mention else [], reason, suggestion)
    amounts_said = [amount for _, text in call.agent() for amount in cues.mentions_amount(text)]
    if due and not any(abs(amount - target) <= 1 for amount in amounts_said for target in due):
        return result("debt_information", 0, [stated], "说出的金额与客户档案不符。", suggestion)
    overdue = call.first(lambda text: OVERDUE_DAYS.search(text) or re.search(r"逾期|过了还款日|还款日", text))
    detail = call.first(lambda text: _DEBT_DETAIL.search(text))
    evidence = list(dict.fromkeys(item for item in (stated, overdue, detail) if item))
    if overdue and detail:
        return result("debt_information", 2, evidence, "说明了欠款金额、逾期情况和还款日/利息等要点。", "")
    return result("debt_information", 1, evidence, "说了金额，但缺少逾期天数、还款日或利息费用等要点。", suggestion)


def solution(call: Call) -> CriterionResult:
    suggestion = "提出具体方案并请客户确认：“您看这样行不行：本月25号发工资后先还1500元，剩下的分3期，每月还1000元？”"
    plan = call.first(lambda text: cues.proposes_plan(text) is not None)
    if plan is None:
        vague = call.first(lambda text: re.search(r"分期|先还一部分|先还一点|最低还款|方案|尽快还|还款计划", text))
        level = 1 if vague and re.search(r"分期|一部分|一点|最低|方案|计划", vague[1]) else 0
        reason = "提到了还款方向，但没有具体金额和日期。" if level else "没有提出具体的还款方案，只是催促还款。"
        return result("solution", level, [vague] if vague else [], reason, suggestion)
    agreed = next(((index, text) for index, text in call.debtor() if index > plan[0] and debtor_cues.agrees(text)), None)
    if agreed:
        return result("solution", 2, [plan, agreed], "提出了有金额和日期的具体方案，客户明确答应。", "")
    return result("solution", 1, [plan], "提出了具体方案，但没有得到客户的明确答复。", "方案提出后请客户明确确认：“那就按25号还1500元，您看可以吗？”")


def closing(call: Call) -> CriterionResult:
    suggestion = "结束前复述约定并致谢：“跟您确认一下，您25号前还1500元，到时我会提前提醒您。感谢您的配合，再见！”"
    tail = call.agent()[-2:]
    recap = next(((index, quote_of(text, cues.recaps)) for index, text in tail
                  if cues.recaps(text) and (cues.mentions_amount(text) or cues.mentions_date(text))), None)
    close = next(((index, quote_of(text, cues.closes)) for index, text in tail if cues.closes(text)), None)
    evidence = [item for item in (recap, close) if item]
    if recap and close:
        return result("closing", 2, evidence, "结束前复述确认了约定，并礼貌道别。", "")
    if recap or close:
        reason = "复述了约定，但没有礼貌道别。" if recap else "有礼貌道别，但没有复述约定的金额和日期。"
        return result("closing", 1, evidence, reason, suggestion)
    return result("closing", 0, [], "通话结束时没有确认约定，也没有结束语。", suggestion)
