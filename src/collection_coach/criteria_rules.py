"""Criterion levels that rules can judge, each with evidence (turn, quote), a reason and a concrete suggestion.

Strong where the rubric item is checkable (opening, identity before amount, accurate debt figures, a concrete
plan, a recap at the end); heuristic elsewhere (empathy, listening, objections, consequences, emotion). These
levels are the whole grade in offline mode and the fallback when the LLM judge's evidence does not hold up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from . import cues, debtor_cues
from .grade import CriterionResult, Evidence
from .normalize import sentences
from .rubric_model import Rubric
from .third_party import parties
from .transcript import AGENT, DEBTOR, Transcript

_OVERDUE_DAYS = re.compile(r"逾期(?:了)?(?:已经)?(\d+|[一二两三四五六七八九十百]+)(?:天|日)")
_PARAPHRASE = re.compile(r"(?:您|你)(?:是说|的意思是|刚才说|提到|说的)|也就是说|我听明白了|我明白了|我了解了|(?:对吗|是吧|对吧|是这样吗)")
_EXPLAINS = re.compile(r"解释|构成|包括|包含|根据合同|合同(?:约定|规定)|明细|核实|核查|查(?:一下|询)|申请|减免|说明一下|是这样的|计算|按照")


@dataclass
class Call:
    """The call seen by the criterion rules: agent and debtor turns with indexes, plus the case file."""

    transcript: Transcript
    case: dict

    def agent(self) -> list[tuple[int, str]]:
        return [(index, turn.text) for index, turn in enumerate(self.transcript.turns) if turn.role == AGENT]

    def debtor(self) -> list[tuple[int, str]]:
        return [(index, turn.text) for index, turn in enumerate(self.transcript.turns) if turn.role == DEBTOR]

    def first(self, test: Callable[[str], object], after: int = -1) -> Optional[tuple[int, str]]:
        """First agent turn after `after` where `test` is truthy, quoted at the sentence that triggered it."""
        for index, text in self.agent():
            if index > after and test(text):
                return index, quote_of(text, test)
        return None

    @property
    def institution(self) -> str:
        return str(self.case.get("institution") or "XX银行信用卡中心")


def quote_of(text: str, test: Callable[[str], object]) -> str:
    for _, sentence in sentences(text):
        if test(sentence):
            return sentence.strip()
    return text.strip()


def _result(criterion_id: str, level: Optional[int], evidence: list[tuple[int, str]], reason: str, suggestion: str):
    return CriterionResult(
        id=criterion_id, level=level, evidence=[Evidence(turn=turn, quote=quote) for turn, quote in evidence],
        reason=reason, suggestion=suggestion if level != 2 else "", source="rules",
    )


def _discloses_details(text: str) -> bool:
    return bool(cues.mentions_amount(text)) or bool(_OVERDUE_DAYS.search(text))


def opening(call: Call) -> CriterionResult:
    suggestion = f"第一句就自报家门：“您好，我是{call.institution}的客服小李，工号1023。”"
    agent = call.agent()
    if not agent:
        return _result("opening", 0, [], "坐席没有发言。", suggestion)
    index, text = agent[0]
    intro, institution = cues.introduces_self(text), cues.names_institution(text, call.case.get("institution"))
    if intro and institution:
        return _result("opening", 2, [(index, text)], "第一句话说明了自己的身份和所属机构。", "")
    later = call.first(lambda t: cues.introduces_self(t) and cues.names_institution(t, call.case.get("institution")))
    if intro or institution or later:
        evidence = [(index, text)] + ([later] if later and later[0] != index else [])
        return _result("opening", 1, evidence, "自我介绍不完整：缺少姓名/工号或机构名称，或没有在第一句话说明。", suggestion)
    return _result("opening", 0, [(index, text)], "开场没有说明自己是谁、代表哪家机构。", suggestion)


def identity_verification(call: Call) -> CriterionResult:
    suggestion = f"先核实身份再谈欠款：“请问是{call.case.get('customer_name') or '张先生'}本人吗？麻烦核对一下您身份证后四位。”"
    asked = call.first(cues.asks_identity)
    disclosed = call.first(_discloses_details)
    listener = parties(call.transcript.turns)
    if disclosed and listener.at(disclosed[0]) == "third_party":
        return _result("identity_verification", 0, [disclosed], "对方不是借款人本人，坐席却说出了欠款信息。",
                       "对方不是本人时只请其转告回电：“麻烦您转告他回个电话，谢谢。”")
    if asked is None:
        evidence = [disclosed] if disclosed else []
        return _result("identity_verification", 0, evidence, "通话中没有核实对方是否为借款人本人。", suggestion)
    if disclosed and disclosed[0] <= asked[0]:
        reason = "核实身份与说出欠款在同一句话里，没有等对方确认。" if disclosed[0] == asked[0] else "先说了欠款金额，之后才核实身份。"
        return _result("identity_verification", 1, [asked, disclosed], reason, suggestion)
    return _result("identity_verification", 2, [asked], "在透露欠款信息之前先核实了对方身份。", "")


def debt_information(call: Call) -> CriterionResult:
    due = [float(call.case[key]) for key in ("amount_due", "principal", "minimum_payment") if call.case.get(key)]
    suggestion = "准确说明欠款：“您这期应还{}元，已经逾期{}天了。”".format(
        f"{call.case['amount_due']:g}" if call.case.get("amount_due") else "X", call.case.get("overdue_days", "X"))
    stated = call.first(lambda text: bool(cues.mentions_amount(text)))
    days = call.first(lambda text: bool(_OVERDUE_DAYS.search(text)))
    if stated is None:
        mention = call.first(lambda text: re.search(r"欠款|逾期|账单|未还|欠费", text))
        level = 1 if mention else 0
        reason = "只笼统提到欠款，没有说明金额。" if mention else "没有告知欠款金额和逾期情况。"
        return _result("debt_information", level, [mention] if mention else [], reason, suggestion)
    amounts_said = [amount for _, text in call.agent() for amount in cues.mentions_amount(text)]
    if due and not any(abs(amount - target) <= 1 for amount in amounts_said for target in due):
        return _result("debt_information", 0, [stated], "说出的金额与客户档案不符。", suggestion)
    if days or call.first(lambda text: re.search(r"还款日|到期|截止", text)):
        evidence = [stated] + ([days] if days and days[0] != stated[0] else [])
        return _result("debt_information", 2, evidence, "说明了欠款金额和逾期情况。", "")
    return _result("debt_information", 1, [stated], "说了金额，但没有说明逾期天数或还款期限。", suggestion)


def empathy(call: Call) -> CriterionResult:
    suggestion = "针对客户说的困难表达理解：“家里有人住院确实不容易，我理解您的难处，我们一起想想办法。”"
    shown = [(index, quote_of(text, cues.shows_empathy)) for index, text in call.agent() if cues.shows_empathy(text)]
    if not shown:
        return _result("empathy", 0, [], "没有表达对客户处境的理解或同情。", suggestion)
    hardship = [index for index, text in call.debtor() if debtor_cues.mentions_hardship(text)]
    responsive = any(any(h < index for h in hardship) for index, _ in shown)
    if len(shown) >= 2 or (responsive and hardship):
        return _result("empathy", 2, shown[:2], "多次或针对客户的具体困难表达了理解。", "")
    return _result("empathy", 1, shown[:1], "只有一句套话式的理解，没有回应客户的具体处境。", suggestion)


def active_listening(call: Call) -> CriterionResult:
    suggestion = "先问原因并复述确认：“您是说这个月工资要到25号才发，对吗？那我们按这个时间来安排。”"
    asked = call.first(cues.asks_reason)
    reflected = call.first(lambda text: _PARAPHRASE.search(text), after=min([i for i, _ in call.debtor()] or [0]))
    evidence = [item for item in (asked, reflected) if item]
    if asked and reflected:
        return _result("active_listening", 2, evidence, "主动了解原因，并复述确认了客户的意思。", "")
    if asked or reflected:
        reason = "问了原因，但没有复述确认客户的意思。" if asked else "有回应确认，但没有主动了解逾期原因。"
        return _result("active_listening", 1, evidence, reason, suggestion)
    return _result("active_listening", 0, [], "没有询问逾期原因，也没有回应确认客户说的话。", suggestion)


def objection_handling(call: Call) -> CriterionResult:
    objections = [(index, text) for index, text in call.debtor() if debtor_cues.raises_objection(text)]
    if not objections:
        return _result("objection_handling", None, [], "客户没有提出异议，本项不适用。", "")
    first = objections[0][0]
    suggestion = "先确认顾虑再解释：“我明白您觉得费用高，这笔金额包括本金和合同约定的利息，我把明细给您说一下，也可以帮您申请核查。”"
    replies = [(index, text) for index, text in call.agent() if index > first]
    explained = next(((i, quote_of(t, _EXPLAINS.search)) for i, t in replies if _EXPLAINS.search(t)), None)
    acknowledged = next(((i, quote_of(t, cues.shows_empathy)) for i, t in replies if cues.shows_empathy(t) or _PARAPHRASE.search(t)), None)
    pushed = next(((i, t) for i, t in replies[:2] if cues.is_pressure(t)), None)
    evidence = [(objections[0][0], objections[0][1])] + [item for item in (acknowledged, explained) if item]
    if pushed:
        return _result("objection_handling", 0, [pushed], "客户提出异议后，坐席用催逼的话压服客户。", suggestion)
    if explained and acknowledged:
        return _result("objection_handling", 2, evidence, "先确认了客户的顾虑，再做了具体解释。", "")
    if explained or acknowledged:
        return _result("objection_handling", 1, evidence, "回应了异议，但解释笼统或没有先确认客户的顾虑。", suggestion)
    return _result("objection_handling", 0, evidence[:1], "客户提出的异议没有得到回应。", suggestion)


def solution(call: Call) -> CriterionResult:
    suggestion = "提出具体方案并请客户确认：“您看这样行不行：本月25号发工资后先还1500元，剩下的分3期，每月还1000元？”"
    plan = call.first(lambda text: cues.proposes_plan(text) is not None)
    if plan is None:
        vague = call.first(lambda text: re.search(r"分期|先还一部分|先还一点|最低还款|方案|尽快还|还款计划", text))
        level = 1 if vague and re.search(r"分期|一部分|一点|最低|方案|计划", vague[1]) else 0
        reason = "提到了还款方向，但没有具体金额和日期。" if level else "没有提出具体的还款方案，只是催促还款。"
        return _result("solution", level, [vague] if vague else [], reason, suggestion)
    agreed = next(((index, text) for index, text in call.debtor() if index > plan[0] and debtor_cues.agrees(text)), None)
    if agreed:
        return _result("solution", 2, [plan, agreed], "提出了有金额和日期的具体方案，客户明确答应。", "")
    return _result("solution", 1, [plan], "提出了具体方案，但没有得到客户的明确答复。", "方案提出后请客户明确确认：“那就按25号还1500元，您看可以吗？”")


def consequences(call: Call, rubric: Rubric) -> CriterionResult:
    from .detectors import red_line_hits_in_text

    suggestion = "冷静如实说明后果并引回方案：“逾期会如实上报征信，可能影响您以后办贷款，我们还是先把还款计划定下来。”"
    needed = any(debtor_cues.refuses_or_delays(text) for _, text in call.debtor())
    stated = call.first(cues.lawful_consequence)
    if stated is None:
        if needed:
            return _result("consequences", 0, [], "客户拒绝或拖延还款，坐席没有说明逾期的真实后果。", suggestion)
        return _result("consequences", None, [], "客户配合还款，无需说明后果，本项不适用。", "")
    full_text = call.transcript.turns[stated[0]].text
    if red_line_hits_in_text(full_text, rubric) or cues.is_pressure(full_text):
        return _result("consequences", 0 if red_line_hits_in_text(full_text, rubric) else 1, [stated],
                       "说明后果时带有恐吓或催逼的语气。", suggestion)
    return _result("consequences", 2, [stated], "冷静、如实地说明了逾期后果。", "")


def emotion_control(call: Call, rubric: Rubric) -> CriterionResult:
    from .detectors import red_line_hits_in_text

    suggestion = "把催逼的话换成积极的说法：把“你到底还不还”换成“我们一起看看怎么安排还款最合适”。"
    abusive = [(index, text) for index, text in call.agent()
               if any(rid in ("insult_abuse", "threat_intimidation") for rid, _ in red_line_hits_in_text(text, rubric))]
    pressure = [(index, quote_of(text, cues.is_pressure)) for index, text in call.agent() if cues.is_pressure(text)]
    if abusive or len(pressure) >= 2:
        return _result("emotion_control", 0, (abusive + pressure)[:2], "出现辱骂、恐吓或多次催逼的语言。", suggestion)
    if pressure:
        return _result("emotion_control", 1, pressure, "总体克制，但有语气生硬、催逼的说法。", suggestion)
    upset = any(debtor_cues.is_upset(text) for _, text in call.debtor())
    calmed = call.first(cues.shows_empathy)
    if upset and not calmed:
        return _result("emotion_control", 1, [], "客户情绪激动时没有安抚。", "客户激动时先安抚：“我理解您的担忧，我们可以一起找到解决的办法。”")
    return _result("emotion_control", 2, [calmed] if calmed else [], "全程语气平和，没有负面、催逼的语言。", "")


def closing(call: Call) -> CriterionResult:
    suggestion = "结束前复述约定并致谢：“跟您确认一下，您25号前还1500元，到时我会提前提醒您。感谢您的配合，再见！”"
    tail = call.agent()[-2:]
    recap = next(((index, quote_of(text, cues.recaps)) for index, text in tail
                  if cues.recaps(text) and (cues.mentions_amount(text) or cues.mentions_date(text))), None)
    close = next(((index, quote_of(text, cues.closes)) for index, text in tail if cues.closes(text)), None)
    evidence = [item for item in (recap, close) if item]
    if recap and close:
        return _result("closing", 2, evidence, "结束前复述确认了约定，并礼貌道别。", "")
    if recap or close:
        reason = "复述了约定，但没有礼貌道别。" if recap else "有礼貌道别，但没有复述约定的金额和日期。"
        return _result("closing", 1, evidence, reason, suggestion)
    return _result("closing", 0, [], "通话结束时没有确认约定，也没有结束语。", suggestion)


def judge_criteria(transcript: Transcript, rubric: Rubric, persona_case: Optional[dict] = None) -> list[CriterionResult]:
    """All rubric criteria, in rubric order, with names from the rubric."""
    call = Call(transcript, dict(persona_case or {}))
    judged = {
        "opening": opening(call), "identity_verification": identity_verification(call),
        "debt_information": debt_information(call), "empathy": empathy(call),
        "active_listening": active_listening(call), "objection_handling": objection_handling(call),
        "solution": solution(call), "consequences": consequences(call, rubric),
        "emotion_control": emotion_control(call, rubric), "closing": closing(call),
    }
    results = []
    for criterion in rubric.criteria:
        result = judged[criterion.id]
        if result.level is None and not criterion.may_be_na:
            result = result.model_copy(update={"level": 0})
        results.append(result.model_copy(update={"name": criterion.name}))
    return results
