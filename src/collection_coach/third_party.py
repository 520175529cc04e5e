"""Who is on the phone: the borrower, a third party (家属/同事/"他不在"), or not known yet.

Third-party disclosure depends on context that a single-sentence pattern cannot see: "您的欠款5000元已逾期"
is a normal sentence to the borrower and a red line when the person who answered said "我是他老婆". The
rubric format has no field for "only after a cue in the debtor's words", so the cues live here; the
disclosure words they arm are in `DISCLOSURE` and the lawful exceptions still come from the rubric file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Sequence

from .amounts import amounts
from .normalize import normalised
from .transcript import AGENT, Turn

Party = Literal["unknown", "borrower", "third_party"]

_RELATIVE = (
    r"(?:老婆|妻子|媳妇|爱人|老公|丈夫|对象|男朋友|女朋友|妈妈?|爸爸?|母亲|父亲|儿子|女儿|哥哥?|姐姐?|弟弟?|妹妹?|"
    r"家人|家属|亲戚|同事|朋友|室友|舍友|邻居|领导|老板|同学|房东|保姆)"
)
# In the debtor's words: the person on the phone is not the borrower.
THIRD_PARTY_CUES = re.compile("|".join((
    rf"我是[他她](?:的)?{_RELATIVE}",
    rf"我是{_RELATIVE}(?:啊|呀)?$",
    r"[他她](?:现在|今天|这会儿?|人)?(?:不在|没在|出去了|出门了|上班去了|出差|住院|睡了|在忙|不方便接)",
    r"我不是(?:[他她]|本人|借款人|你(?:要|们)?找的|那个人)",
    r"(?:你|你们)找[他她](?:干嘛|干什么|做什么|什么事|有什么事|有啥事|啥事)",
    rf"(?:找|问)我{_RELATIVE}(?:干嘛|干什么|什么事|有什么事|啥事)?",
    rf"我{_RELATIVE}(?:[他她])?(?:不在|出去|上班|出差|住院|怎么了|的手机)",
    r"(?:这是|这个是)[他她]的?(?:手机|电话|号码)|[他她]的?手机(?:在我这|放家里|落家里)|(?:替|帮)[他她]接",
    r"不认识(?:这个人|[他她])|打错了",
)))
# In the debtor's words: the borrower is (now) on the phone.
BORROWER_CUES = re.compile(
    r"我就是(?:本人)?|就是我|是我本人|我本人|我是本人|^是我|^对是我|^嗯是我|^对我是|^是的是我|我是[^他她]{2,3}本人|我接了"
)
# In the agent's words, once the listener is a third party: any mention of the debt.
DISCLOSURE = re.compile(
    r"欠款|欠了|欠我们|欠的|欠费|所欠|逾期|拖欠|未还|没还|还款|还钱|还清|还上|账单|借款|贷款|催收|最低还|应还|本金|利息|违约金"
)


@dataclass(frozen=True)
class PartyAtTurn:
    """Who the agent was talking to at each turn index, as best the debtor's words reveal."""

    parties: tuple[Party, ...]

    def at(self, index: int) -> Party:
        return self.parties[index]


def debtor_party_cue(text: str) -> Party:
    """What one debtor turn reveals about who is speaking."""
    norm = normalised(text)
    if THIRD_PARTY_CUES.search(norm):
        return "third_party"
    if BORROWER_CUES.search(norm):
        return "borrower"
    return "unknown"


def parties(turns: Sequence[Turn]) -> PartyAtTurn:
    """The listener at every turn. Agent turns spoken before anyone was identified take the identity revealed
    next (an agent who disclosed before verifying and then heard "我是他老婆" did disclose to a third party)."""
    result: list[Party] = []
    state: Party = "unknown"
    pending: list[int] = []
    for index, turn in enumerate(turns):
        if turn.role == AGENT:
            result.append(state)
            if state == "unknown":
                pending.append(index)
            continue
        cue = debtor_party_cue(turn.text)
        if cue != "unknown":
            state = cue
            for earlier in pending:
                result[earlier] = cue
            pending = []
        result.append(state)
    return PartyAtTurn(tuple(result))


def discloses_debt(text: str) -> bool:
    """The agent mentions the debt (words such as 欠款/逾期/还款 or a money amount)."""
    return bool(DISCLOSURE.search(normalised(text))) or bool(amounts(text))
