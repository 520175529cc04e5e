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
from .cues import asks_identity
from .normalize import normalised
from .transcript import AGENT, Turn

Party = Literal["unknown", "borrower", "third_party"]

_RELATIVE = (
    r"(?:老婆|妻子|媳妇|爱人|老公|丈夫|对象|男朋友|女朋友|妈妈?|爸爸?|母亲|父亲|儿子|女儿|哥哥?|姐姐?|弟弟?|妹妹?|"
    r"家人|家属|亲戚|同事|朋友|室友|舍友|邻居|领导|老板|同学|房东|保姆)"
)
# In the debtor's words: the person on the phone is not the borrower. Strong cues hold even after the
# borrower was verified (the phone changed hands); weak cues only count while nobody has been identified,
# because the borrower, too, may say "他不在家" about someone else.
STRONG_THIRD_PARTY_CUES = re.compile("|".join((
    rf"我是[他她](?:的)?{_RELATIVE}",
    r"我不是(?:[他她]|本人|借款人|你(?:要|们)?找的|那个人)|^不是我?(?:是)?我是",
    r"(?:这是|这个是)[他她]的?(?:手机|电话|号码)|[他她]的?手机(?:在我这|落我这|放家里|落家里)|(?:替|帮)[他她]接",
    r"不认识(?:这个人|[他她])|打错了",
)))
WEAK_THIRD_PARTY_CUES = re.compile("|".join((
    rf"^(?:我是)?{_RELATIVE}(?:啊|呀)?$",
    r"[他她](?:现在|今天|这会儿?|人)?(?:不在|没在|出去了|出门了|上班去了|出差|住院|睡了|在忙|不方便接)",
    r"(?:你|你们)找[他她](?:干嘛|干什么|做什么|什么事|有什么事|有啥事|啥事)",
    rf"找我{_RELATIVE}(?:干嘛|干什么|什么事|有什么事|啥事)",
)))
# In the debtor's words: the phone is being handed to someone else (who is then not identified yet).
HANDOVER_CUES = re.compile(r"(?:我)?(?:叫|喊|让)[他她](?:来)?接|[他她]来了|你等(?:一)?下|电话$|找你$|接电话")
# In the debtor's words: the borrower is (now) on the phone.
BORROWER_CUES = re.compile(
    r"我就是(?:本人)?|就是我|是我本人|我本人|我是本人|^(?:喂)?是我|^(?:嗯|对|是的|对的|没错)(?:是我|我是)?$|^对是我|^嗯是(?:我|的)?$|^对我是"
)
# Answers to an identity question that confirm it: yes, or the last digits of the ID card.
CONFIRMS = re.compile(r"^(?:嗯|对|是|是的|对的|没错|对啊|是啊|我是|就是)|^[0-9x]{4,6}$|^[零一二三四五六七八九幺]{4,6}$")
_ADDRESSED_NAME = re.compile(r"(?:是|找)([一-鿿]{2,3}?)(?:先生|女士|小姐|本人)?(?:吗|嘛|么)")

# In the agent's words, once the listener is a third party: any mention of the debt.
DISCLOSURE = re.compile(
    r"欠款|欠了|欠我们|欠的|欠费|所欠|逾期|拖欠|未还|没还|还款|还钱|还清|还上|账单|借款|贷款|催收|最低还|应还|本金|利息|违约金"
    r"|(?:的|那笔|这笔|欠)账|拖(?:了|着|欠)|别再拖|征信"
)


@dataclass(frozen=True)
class PartyAtTurn:
    """Who the agent was talking to at each turn index, as best the debtor's words reveal."""

    parties: tuple[Party, ...]

    def at(self, index: int) -> Party:
        return self.parties[index]


def debtor_party_cue(text: str, state: Party = "unknown", names: tuple[str, ...] = ()) -> Party:
    """What one debtor turn reveals about who is speaking, given who was speaking before."""
    norm = normalised(text)
    if STRONG_THIRD_PARTY_CUES.search(norm):
        return "third_party"
    if any(name and (f"我是{name}" in norm or f"我就是{name}" in norm) for name in names):
        return "borrower"
    if BORROWER_CUES.search(norm):
        return "borrower"
    if state != "borrower" and WEAK_THIRD_PARTY_CUES.search(norm):
        return "third_party"
    return state


def _addressed_names(turns: Sequence[Turn]) -> tuple[str, ...]:
    """Names the agent asked for ("请问是张伟先生吗" → 张伟), to recognise "喂，我是张伟" after a handover."""
    names = []
    for turn in turns:
        if turn.role == AGENT:
            names.extend(match.group(1) for match in _ADDRESSED_NAME.finditer(normalised(turn.text)))
    return tuple(name for name in dict.fromkeys(names) if not name.startswith(("他", "她", "您", "你")))


def parties(turns: Sequence[Turn]) -> PartyAtTurn:
    """The listener at every turn. Agent turns spoken before anyone was identified take the identity revealed
    next (an agent who disclosed before verifying and then heard "我是他老婆" did disclose to a third party)."""
    names = _addressed_names(turns)
    result: list[Party] = []
    state: Party = "unknown"
    pending: list[int] = []
    asked_identity = False
    for index, turn in enumerate(turns):
        if turn.role != AGENT and index > 0 and turns[index - 1].role != AGENT:
            state, pending = "unknown", []  # two debtor turns in a row: the phone changed hands
        if turn.role == AGENT:
            result.append(state)
            if state == "unknown":
                pending.append(index)
            asked_identity = asks_identity(turn.text)
            continue
        cue = debtor_party_cue(turn.text, state, names)
        if cue == state and asked_identity and state != "third_party" and CONFIRMS.search(normalised(turn.text)):
            cue = "borrower"
        if cue != state and cue != "unknown":
            for earlier in pending:
                result[earlier] = cue
            pending = []
        state = cue
        result.append(state)
        if HANDOVER_CUES.search(normalised(turn.text)):
            state, pending = "unknown", []  # someone else takes the phone; not identified yet
    return PartyAtTurn(tuple(result))


def discloses_debt(text: str) -> bool:
    """The agent mentions the debt (words such as 欠款/逾期/还款 or a money amount)."""
    return bool(DISCLOSURE.search(normalised(text))) or bool(amounts(text))
