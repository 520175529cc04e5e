"""Heuristic criteria: empathy, active listening, objection handling, consequences and emotion control. Cue
phrases, whether the agent takes up the debtor's words, pressure phrases and the call's red lines decide; these
levels are coarser than the LLM judge's and serve offline grading and as its fallback."""

from __future__ import annotations

import re

from . import cues, debtor_cues
from .criteria_call import Call, quote_of, result
from .grade import CriterionResult
from .normalize import sentences
from .transcript import AGENT, DEBTOR

_PARAPHRASE = re.compile(
    r"(?:您|你)(?:是说|的意思是|刚才说|刚才提到|提到|说的|说)|也就是说|所以您|听您(?:这么)?说|(?:我)?(?:听)?明白了|(?:我)?了解了|我记下"
    r"|(?:对吗|是这样吗|没错吧)$")
# The agent brushes the debtor's words aside instead of listening.
_DISMISSIVE = re.compile(r"是一回事|那是你的事|我不管|又来了|每次都是这套|少(?:来|废话)|别(?:跟我)?(?:扯|找借口)|说这些没用|跟我说没用")
# Frequent two-character words that say nothing about whether the agent took up what the debtor said.
_STOP_BIGRAMS = frozenset(
    "您的 你的 我们 我的 还款 欠款 可以 这个 一下 什么 没有 就是 现在 时候 那个 一个 不是 知道 还是 如果 因为 所以 然后 已经 这样 那么 您好 你好 的话 好的 谢谢".split()
)
_ALTERNATIVE = re.compile(r"分期|先还一部分|先还一点|最低还款|延期|减免|停息|缓|宽限|调整")
_EXPLAINS = re.compile(r"解释|构成|包括|包含|根据合同|合同(?:约定|规定)|明细|核实|核查|查(?:一下|询)|申请|减免|说明一下|是这样的|计算|按照")




def empathy(call: Call) -> CriterionResult:
    suggestion = "针对客户说的困难表达理解：“家里有人住院确实不容易，我理解您的难处，我们一起想想办法。”"
    shown = [(index, quote_of(text, cues.shows_empathy)) for index, text in call.agent() if cues.shows_empathy(text)]
    abusive = [(hit.turn, hit.quote) for hit in call.hits if hit.id in ("insult_abuse", "threat_intimidation")]
    if abusive:
        return result("empathy", 0, abusive[:1], "对客户辱骂或恐吓，谈不上理解和同情。", suggestion)
    if not shown:
        return result("empathy", 0, [], "没有表达对客户处境的理解或同情。", suggestion)
    hardship = [index for index, text in call.debtor() if debtor_cues.mentions_hardship(text)]
    responsive = any(any(h < index for h in hardship) for index, _ in shown)
    if len(shown) >= 2 or (responsive and hardship):
        return result("empathy", 2, shown[:2], "多次或针对客户的具体困难表达了理解。", "")
    return result("empathy", 1, shown[:1], "只有一句套话式的理解，没有回应客户的具体处境。", suggestion)


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    return {chars[i:i + 2] for i in range(len(chars) - 1) if " " not in chars[i:i + 2]} - _STOP_BIGRAMS


def _reflections(call: Call) -> list[tuple[int, str]]:
    """Agent turns that answer the debtor turn right before them by restating it or taking up its words."""
    turns = call.transcript.turns
    found = []
    for index in range(1, len(turns)):
        if turns[index].role != AGENT or turns[index - 1].role != DEBTOR:
            continue
        text = turns[index].text
        shared = _bigrams(turns[index - 1].text) & _bigrams(text)
        if _PARAPHRASE.search(text):
            found.append((index, quote_of(text, _PARAPHRASE.search)))
        elif len(shared) >= 2:
            found.append((index, quote_of(text, lambda sentence: _bigrams(sentence) & shared)))
    return found


def active_listening(call: Call) -> CriterionResult:
    suggestion = "先问原因并复述确认：“您是说这个月工资要到25号才发，对吗？那我们按这个时间来安排。”"
    dismissed = call.first(_DISMISSIVE.search)
    if dismissed or call.red_lines & {"threat_intimidation", "insult_abuse", "harassment"}:
        evidence = [dismissed] if dismissed else [(hit.turn, hit.quote) for hit in call.hits[:1]]
        return result("active_listening", 0, evidence, "没有听客户说什么，而是打断、否定或施压。", suggestion)
    asked = call.first(cues.asks_reason)
    reflected = _reflections(call)
    evidence = ([asked] if asked else []) + reflected[:2]
    if (asked and reflected) or len(reflected) >= 2:
        return result("active_listening", 2, evidence, "了解了客户的情况，并多次复述或回应客户说的话。", "")
    if asked or reflected:
        reason = "问了原因，但没有复述确认客户的意思。" if asked else "有回应，但没有深入了解客户的情况。"
        return result("active_listening", 1, evidence, reason, suggestion)
    return result("active_listening", 0, [], "没有询问逾期原因，也没有回应确认客户说的话。", suggestion)


def objection_handling(call: Call) -> CriterionResult:
    objections = [(index, text) for index, text in call.debtor()
                  if debtor_cues.raises_objection(text) or debtor_cues.refuses_or_delays(text)]
    if not objections:
        return result("objection_handling", None, [], "客户没有提出异议，本项不适用。", "")
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
        return result("objection_handling", 0, [pushed], "客户提出异议后，坐席用催逼的话压服客户。", suggestion)
    if explained and acknowledged:
        return result("objection_handling", 2, evidence, "先确认了客户的顾虑，再做了具体解释。", "")
    if explained or acknowledged:
        return result("objection_handling", 1, evidence, "回应了异议，但解释笼统或没有先确认客户的顾虑。", suggestion)
    return result("objection_handling", 0, evidence[:1], "客户提出的异议没有得到回应。", suggestion)


def consequences(call: Call) -> CriterionResult:
    suggestion = "冷静如实说明后果并引回方案：“逾期会如实上报征信，可能影响您以后办贷款，我们还是先把还款计划定下来。”"
    if call.red_lines & {"false_consequence", "threat_intimidation"}:
        return result("consequences", 0, [], "用虚构、夸大或恐吓的方式说后果。", suggestion)
    stated = call.first(cues.lawful_consequence)
    if stated is None:
        if any(debtor_cues.refuses_flatly(text) for _, text in call.debtor()):
            return result("consequences", 0, [], "客户拒绝还款，坐席没有说明逾期的真实后果。", suggestion)
        return result("consequences", None, [], "没有必要说明后果，本项不适用。", "")
    sentence_pressure = any(cues.is_pressure(sentence) for _, sentence in sentences(call.transcript.turns[stated[0]].text))
    if sentence_pressure:
        return result("consequences", 1, [stated], "提到了后果，但语气生硬、带有催逼。", suggestion)
    return result("consequences", 2, [stated], "冷静、如实地说明了逾期后果。", "")


def emotion_control(call: Call) -> CriterionResult:
    suggestion = "把催逼的话换成积极的说法：把“你到底还不还”换成“我们一起看看怎么安排还款最合适”。"
    abusive = [(hit.turn, hit.quote) for hit in call.hits if hit.id in ("insult_abuse", "threat_intimidation")]
    pressure = [(index, sentence.strip()) for index, text in call.agent() for _, sentence in sentences(text)
                if cues.is_pressure(sentence)]
    if abusive or len(pressure) >= 2:
        return result("emotion_control", 0, (abusive + pressure)[:2], "出现辱骂、恐吓或多次催逼的语言。", suggestion)
    if pressure or call.red_lines:
        reason = "总体克制，但有语气生硬、催逼的说法。" if pressure else "语气不激烈，但用违规手段施压。"
        return result("emotion_control", 1, pressure, reason, suggestion)
    upset = any(debtor_cues.is_upset(text) for _, text in call.debtor())
    calmed = call.first(cues.shows_empathy)
    if upset and not calmed:
        return result("emotion_control", 1, [], "客户情绪激动时没有安抚。", "客户激动时先安抚：“我理解您的担忧，我们可以一起找到解决的办法。”")
    return result("emotion_control", 2, [calmed] if calmed else [], "全程语气平和，没有负面、催逼的语言。", "")
