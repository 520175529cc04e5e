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
_PARAPHRASE = re.compile(
    r"(?:您|你)(?:是说|的意思是|刚才说|刚才提到|提到|说的|说)|也就是说|所以您|听您(?:这么)?说|(?:我)?(?:听)?明白了|(?:我)?了解了|我记下"
    r"|(?:对吗|是吧|对吧|是这样吗|没错吧)")
# Frequent two-character words that say nothing about whether the agent took up what the debtor said.
_STOP_BIGRAMS = frozenset(
    "您的 你的 我们 我的 还款 欠款 可以 这个 一下 什么 没有 就是 现在 时候 那个 一个 不是 知道 还是 如果 因为 所以 然后 已经 这样 那么 您好 你好 的话 好的 谢谢".split()
)
_ALTERNATIVE = re.compile(r"分期|先还一部分|先还一点|最低还款|延期|减免|停息|缓|宽限|调整")
_EXPLAINS = re.compile(r"解释|构成|包括|包含|根据合同|合同(?:约定|规定)|明细|核实|核查|查(?:一下|询)|申请|减免|说明一下|是这样的|计算|按照")


@dataclass
class Call:
    """The call seen by the criterion rules: agent and debtor turns with indexes, plus the case file."""

    transcript: Transcript
    case: dict
    hits: tuple = ()  # red-line hits the rules found in this call

    @property
    def red_lines(self) -> frozenset:
        return frozenset(hit.id for hit in self.hits)

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


_GREETING = re.compile(r"您好|你好|早上好|上午好|中午好|下午好|晚上好")
_NAMES_SELF = re.compile(r"我叫|我姓|姓[\u4e00-\u9fff](?:，|,|。|$)|工号|(?:客服|专员|代表|坐席|顾问)(?:小)?[\u4e00-\u9fff]{1,3}(?:，|,|。|$)")


def _introduction_parts(call: Call, text: str) -> tuple[bool, bool, bool]:
    """(greets, names self by name or staff number, names the institution)."""
    return (bool(_GREETING.search(text)), bool(_NAMES_SELF.search(text)),
            cues.names_institution(text, call.case.get("institution")) or cues.names_institution(text))


def opening(call: Call) -> CriterionResult:
    suggestion = f"第一句就自报家门：“您好，我是{call.institution}的客服小李，工号1023。”"
    if "impersonation" in call.red_lines:
        return _result("opening", 0, [], "冒充其他身份开场，没有如实说明自己和所属机构。", suggestion)
    agent = call.agent()
    if not agent:
        return _result("opening", 0, [], "坐席没有发言。", suggestion)
    disclosed = call.first(_discloses_details)
    before_debt = [(i, t) for i, t in agent if disclosed is None or i <= disclosed[0]][:2] or agent[:1]
    intro = next(((i, t) for i, t in before_debt if all(_introduction_parts(call, t)[1:])), None)
    if intro and any(_GREETING.search(t) for i, t in before_debt if i <= intro[0]):
        return _result("opening", 2, [(intro[0], quote_of(intro[1], lambda x: any(_introduction_parts(call, x))))],
                       "通话开始就礼貌问候，并说明了自己的姓名或工号和所属机构。", "")
    partial = next(((i, t) for i, t in agent if any(_introduction_parts(call, t)[1:]) or cues.introduces_self(t)), None)
    if partial or intro:
        found = intro or partial
        return _result("opening", 1, [(found[0], found[1].strip())],
                       "自我介绍不完整或不及时：缺少问候、姓名/工号或机构名称，或在谈欠款之后才说明。", suggestion)
    return _result("opening", 0, [(agent[0][0], agent[0][1].strip())], "开场没有说明自己是谁、代表哪家机构。", suggestion)


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


_DEBT_DETAIL = re.compile(r"最低还款|利息|违约金|罚息|本金|构成|包括|明细|还款日|账单日|到期日|截止|剩余|分期")


def debt_information(call: Call) -> CriterionResult:
    due = [float(call.case[key]) for key in ("amount_due", "principal", "minimum_payment") if call.case.get(key)]
    suggestion = "准确完整地说明欠款：“您本期应还{}元，还款日是X号，已经逾期{}天，其中包括本金和按合同计算的利息。”".format(
        f"{call.case['amount_due']:g}" if call.case.get("amount_due") else "X", call.case.get("overdue_days", "X"))
    stated = call.first(lambda text: bool(cues.mentions_amount(text)))
    if stated and parties(call.transcript.turns).at(stated[0]) == "third_party":
        return _result("debt_information", 0, [stated], "欠款信息说给了借款人以外的人。",
                       "对方不是本人时不谈欠款，只请其转告回电。")
    if stated is None:
        mention = call.first(lambda text: re.search(r"欠款|逾期|账单|未还|欠费", text))
        level = 1 if mention else 0
        reason = "只笼统提到欠款，没有说明金额。" if level else "没有告知欠款金额和逾期情况。"
        return _result("debt_information", level, [mention] if mention else [], reason, suggestion)
    amounts_said = [amount for _, text in call.agent() for amount in cues.mentions_amount(text)]
    if due and not any(abs(amount - target) <= 1 for amount in amounts_said for target in due):
        return _result("debt_information", 0, [stated], "说出的金额与客户档案不符。", suggestion)
    overdue = call.first(lambda text: _OVERDUE_DAYS.search(text) or re.search(r"逾期|过了还款日|还款日", text))
    detail = call.first(lambda text: _DEBT_DETAIL.search(text))
    evidence = list(dict.fromkeys(item for item in (stated, overdue, detail) if item))
    if overdue and detail:
        return _result("debt_information", 2, evidence, "说明了欠款金额、逾期情况和还款日/利息等要点。", "")
    return _result("debt_information", 1, evidence, "说了金额，但缺少逾期天数、还款日或利息费用等要点。", suggestion)


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


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1) if " " not in chars[i:i + 2]} - _STOP_BIGRAMS


def _takes_up(call: Call) -> Optional[tuple[int, str]]:
    """An agent turn that picks up at least two content words of the debtor turn right before it."""
    turns = call.transcript.turns
    for index in range(1, len(turns)):
        if turns[index].role == AGENT and turns[index - 1].role == DEBTOR:
            shared = _bigrams(turns[index - 1].text) & _bigrams(turns[index].text)
            if len(shared) >= 2:
                return index, quote_of(turns[index].text, lambda sentence: _bigrams(sentence) & shared)
    return None


def active_listening(call: Call) -> CriterionResult:
    suggestion = "先问原因并复述确认：“您是说这个月工资要到25号才发，对吗？那我们按这个时间来安排。”"
    asked = call.first(cues.asks_reason)
    first_debtor = min([i for i, _ in call.debtor()] or [0])
    reflected = call.first(lambda text: _PARAPHRASE.search(text), after=first_debtor) or _takes_up(call)
    evidence = [item for item in (asked, reflected) if item]
    if asked and reflected:
        return _result("active_listening", 2, evidence, "主动了解原因，并复述确认了客户的意思。", "")
    if asked or reflected:
        reason = "问了原因，但没有复述确认客户的意思。" if asked else "有回应确认，但没有主动了解逾期原因。"
        return _result("active_listening", 1, evidence, reason, suggestion)
    return _result("active_listening", 0, [], "没有询问逾期原因，也没有回应确认客户说的话。", suggestion)


def objection_handling(call: Call) -> CriterionResult:
    objections = [(index, text) for index, text in call.debtor()
                  if debtor_cues.raises_objection(text) or debtor_cues.refuses_or_delays(text)]
    if not objections:
        return _result("objection_handling", None, [], "客户没有提出异议，本项不适用。", "")
    first = objections[0][0]
    suggestion = "先确认顾虑再解释：“我明白您觉得费用高，这笔金额包括本金和合同约定的利息，我把明细给您说一下，也可以帮您申请核查。”"
    replies = [(index, text) for index, text in call.agent() if index > first]
    explained = next(((i, quote_of(t, _EXPLAINS.search)) for i, t in replies
                      if _EXPLAINS.search(t) or cues.proposes_plan(t) or _ALTERNATIVE.search(t)), None)
    acknowledged = next(((i, quote_of(t, cues.shows_empathy)) for i, t in replies if cues.shows_empathy(t) or _PARAPHRASE.search(t)), None)
    coerced = [hit for hit in call.hits if hit.turn > first and hit.id != "third_party_disclosure"]
    pushed = next(((i, t) for i, t in replies[:2] if cues.is_pressure(t)), None) or (
        (coerced[0].turn, coerced[0].quote) if coerced else None)
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


def consequences(call: Call) -> CriterionResult:
    suggestion = "冷静如实说明后果并引回方案：“逾期会如实上报征信，可能影响您以后办贷款，我们还是先把还款计划定下来。”"
    if call.red_lines & {"false_consequence", "threat_intimidation"}:
        return _result("consequences", 0, [], "用虚构、夸大或恐吓的方式说后果。", suggestion)
    stated = call.first(cues.lawful_consequence)
    if stated is None:
        if any(debtor_cues.refuses_flatly(text) for _, text in call.debtor()):
            return _result("consequences", 0, [], "客户拒绝还款，坐席没有说明逾期的真实后果。", suggestion)
        return _result("consequences", None, [], "没有必要说明后果，本项不适用。", "")
    sentence_pressure = any(cues.is_pressure(sentence) for _, sentence in sentences(call.transcript.turns[stated[0]].text))
    if sentence_pressure:
        return _result("consequences", 1, [stated], "提到了后果，但语气生硬、带有催逼。", suggestion)
    return _result("consequences", 2, [stated], "冷静、如实地说明了逾期后果。", "")


def emotion_control(call: Call) -> CriterionResult:
    suggestion = "把催逼的话换成积极的说法：把“你到底还不还”换成“我们一起看看怎么安排还款最合适”。"
    abusive = [(hit.turn, hit.quote) for hit in call.hits if hit.id in ("insult_abuse", "threat_intimidation")]
    pressure = [(index, sentence.strip()) for index, text in call.agent() for _, sentence in sentences(text)
                if cues.is_pressure(sentence)]
    if abusive or len(pressure) >= 2:
        return _result("emotion_control", 0, (abusive + pressure)[:2], "出现辱骂、恐吓或多次催逼的语言。", suggestion)
    if pressure or call.red_lines:
        reason = "总体克制，但有语气生硬、催逼的说法。" if pressure else "语气不激烈，但用违规手段施压。"
        return _result("emotion_control", 1, pressure, reason, suggestion)
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
    from .detectors import detect_red_lines

    call = Call(transcript, dict(persona_case or {}), tuple(detect_red_lines(transcript, rubric)))
    judged = {
        "opening": opening(call), "identity_verification": identity_verification(call),
        "debt_information": debt_information(call), "empathy": empathy(call),
        "active_listening": active_listening(call), "objection_handling": objection_handling(call),
        "solution": solution(call), "consequences": consequences(call),
        "emotion_control": emotion_control(call), "closing": closing(call),
    }
    results = []
    for criterion in rubric.criteria:
        result = judged[criterion.id]
        if result.level is None and not criterion.may_be_na:
            result = result.model_copy(update={"level": 0})
        results.append(result.model_copy(update={"name": criterion.name}))
    return results
