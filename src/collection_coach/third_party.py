"""Who is on the phone: the borrower, a third party (家属/同事/"他不在"), or not known yet.

Third-party disclosure depends on context that a single sentence cannot show: "您的欠款5000元已逾期" is a normal
sentence to the borrower and a red line when the person who answered said "我是他老婆". The debtor-side phrases
that show a third party answered are trainer-owned: the `context_cues` of the rubric's red lines (`when: always`
holds even after the borrower was verified, `when: unidentified` only while nobody has been identified). The
words that count as talking about the debt to a third party are the red line's `when: third_party` patterns.
What stays here is language machinery that is not policy: who confirms being the borrower, a phone handed over,
a name the agent asked for (and the debtor naming that person in the third person), a yes to "是X的妈妈吗".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Optional, Sequence

from .amounts import fold
from .cues import asks_identity
from .normalize import normalise, normalised
from .rubric import compiled_unmasker, context_cues, default_rubric
from .rubric_model import Rubric
from .transcript import AGENT, Turn

Party = Literal["unknown", "borrower", "third_party"]

# In the debtor's words: the phone is being handed to someone else (who is then not identified yet).
HANDOVER_CUES = re.compile(
    r"(?:我)?(?:叫|喊|让)(?:一下)?[他她](?:来)?接|[他她](?:来了|回来了|过来了)|你等(?:一)?(?:下|会儿?|等)|稍等(?:一下)?$"
    r"|(?:你|您)?(?:来|过来)?接(?:一下)?电话$|电话(?:找你|找[他她])?(?:[一-鿿]{0,3})$|找你$|^(?:老|小)[一-鿿](?:啊|呀)?$"
)
# In the debtor's words: the borrower is (now) on the phone.
BORROWER_CUES = re.compile(
    r"我就是(?:本人)?|就是我|是我本人|我本人|我是本人|^(?:喂)?(?:嗯|对|是的)?是我|^(?:嗯|对|是的|对的|没错)(?:是我|我是)?$"
    r"|^对是我|^嗯是(?:我|的)?$|^对我是"
)
# In the debtor's words: they dispute the loan as their own ("那不是我借的", "是别人冒用我的身份证", "我借的是五千"),
# or ask how the agent knows their ID ("你怎么知道我身份证号") - the named borrower denying the debt, not a third party. Not when the turn blames "him" ("又不是我借的，他借的你找他").
OWN_LOAN_DISPUTED = re.compile(
    r"(?<!又)(?:那|这)?(?:钱|笔钱|借款|贷款|笔|个)?不是我借的|我(?:真|真的|确实)?(?:从来|根本)?(?:就)?没(?:有)?(?:在[你您]们(?:那|这|那儿|这儿|那里|平台|公司)?)?(?:借|贷)过"
    r"|(?:冒用|盗用|拿|借|偷|用)(?:了)?我的?(?:身份证|名字|名义|身份|手机号)(?:办|借|贷|申请)?|我的?身份证(?:被|丢)"
    r"|我(?:从来|根本)?(?:就)?(?:不|没)欠(?:你们|任何人)?(?:的)?(?:什么)?钱"
    r"|(?:怎么|从哪)(?:知道|查到|弄到|拿到|搞到)我(?:的)?(?:身份证|名字|住址|地址|号码|信息|单位)"
    r"|我(?:是|确实|当时|当初)借(?:了|过)(?![他她给])|我借的(?:是|只有|就)"
)
THIRD_PARTY_DEBT = re.compile(r"[他她](?:借|欠|贷|自己借|自己欠)")
# Answers to an identity question that confirm it: yes, or the last digits of the ID card (maybe with more words).
CONFIRMS = re.compile(r"^(?:嗯|对(?!不)|是|是的|对的|没错|对啊|是啊|我是|就是)|^(?:后四位|尾号|后几位)?(?:是)?(?:[0-9x]{4,6}(?![0-9])|[零一二三四五六七八九幺]{4,6})")
ID_DIGITS = re.compile(r"^(?:后四位|尾号|后几位)?(?:是)?(?:[0-9x]{4,6}(?![0-9])|[零一二三四五六七八九幺]{4,6})")
# Names the agent asks for: "请问是张伟先生吗", "王海涛先生在吗", "我找一下李浩，…", "请问林志鹏在吗".
_ADDRESSED_NAMES = (
    re.compile(r"(?:是|找|叫)(?:一下)?([一-鿿]{2,3}?)(?:先生|女士|小姐|本人)?(?:吗|嘛|么|在吗|在不在|在家吗)"),
    re.compile(r"([一-鿿]{2,3}?)(?:先生|女士|小姐)?(?:在吗|在不在|在家吗|在家不)"),
    re.compile(r"找(?:一下)?([一-鿿]{2,3}?)(?:先生|女士|小姐)?(?=[，。,.！!？?]|$)"),
)
# In the agent's words: asking whether the person on the line is the borrower's relative or acquaintance
# ("请问是乔俊飞的妈妈吗", "你认识李红霞吧") - a yes means a third party, not the borrower.
ASKS_RELATION = re.compile(
    r"(?:是|您是|你是)(?:[一-鿿]{0,4}的|[他她])(?:妈妈|母亲|爸爸|父亲|爱人|老婆|妻子|老公|丈夫|家属|家人|亲戚|同事|朋友|室友"
    r"|舍友|邻居|哥哥|姐姐|弟弟|妹妹|儿子|女儿|领导|老板|房东|工友|同学)(?:吗|吧|么|嘛|是吧|对吧|啊)"
    r"|(?:认识|知道)[一-鿿]{2,4}(?:吗|吧|么|嘛|不)|(?:有个|有没有(?:个)?)叫[一-鿿]{2,3}的"
)
# In the debtor's words: "我就是" followed by a role - the person the agent asked for (村里管事的), not the borrower.
_ROLES = r"(?:村支书|支书|书记|村长|主任|经理|老板|领导|前台|负责人|管事的|财务|人事)"
SPEAKS_AS_ROLE = re.compile(rf"我(?:就)?是(?:这里的?|村里的?|单位的?|公司的?)?{_ROLES}|我就是我?{_ROLES}")
KNOWS_OR_YES = re.compile(r"^(?:认识|知道|嗯|对(?!不)|是|是的|对的|没错|对啊|是啊)")
# A "name" with one of these characters is a phrase caught by the name patterns ("款是忘了吗" → 忘了), not a name.
_FUNCTION_CHARS = re.compile(r"[了的吗么呢吧啊是不没过着在有个这那们我你您他她它还要会能]")
_NOT_NAMES = ("他", "她", "您", "你", "一", "下", "这", "那", "本人", "机主", "请问", "问", "现在", "今天", "家里", "还")
# In the debtor's words: someone asks whether the borrower owes money ("他借你们钱了啊？", "他欠了多少？").
_DEBT_QUESTION = re.compile(
    r"(?:欠|借|贷|钱|账|逾期|催收|还款).{0,8}(?:吗|么|啊|呀|吧|是不是|多少|没有|了$)|(?:是不是|是否|有没有).{0,8}(?:欠|借|贷|钱|账)"
)
# In the agent's reply to such a question: a yes, or talk about how much.
_CONFIRMING_REPLY = re.compile(
    r"^(?:对(?!不起|于|方|此)|是的|是啊|是呀|没错|对的|对啊|嗯对|嗯是的?|差不多)"
    r"|^(?:嗯|啊|哦)?(?:也|倒)?(?:不是很多|不算多|不多|没多少|不少|挺多的?|好几|几千|几万|上万|一点点|小钱)"
)


@dataclass(frozen=True)
class PartyCues:
    """The rubric's context cues, split by when they hold."""

    strong: tuple[re.Pattern[str], ...]  # when: always
    weak: tuple[re.Pattern[str], ...]  # when: unidentified

    @classmethod
    def of(cls, rubric: Optional[Rubric]) -> "PartyCues":
        cues = context_cues(rubric if rubric is not None else default_rubric())
        return cls(tuple(cue.regex for cue in cues if cue.when == "always"),
                   tuple(cue.regex for cue in cues if cue.when == "unidentified"))


@dataclass(frozen=True)
class PartyAtTurn:
    """Who the agent was talking to at each turn index, as best the debtor's words reveal."""

    parties: tuple[Party, ...]

    def at(self, index: int) -> Party:
        return self.parties[index]


def _cue(norm: str, state: Party, names: tuple[str, ...], cues: PartyCues) -> Optional[tuple[Party, bool]]:
    """(party, settled) revealed by one debtor turn (normalised, evasions restored), or None when it reveals
    nothing. `settled` is False for a weak cue, which a later "是我" may still overturn (the borrower dodging
    with 打错了 / 他不在)."""
    if any(cue.search(norm) for cue in cues.strong) or SPEAKS_AS_ROLE.search(norm):
        return "third_party", True
    if any(name and re.search(f"我(?:就)?(?:是)?{name}|^(?:喂)?{name}$", norm) for name in names):
        return "borrower", True
    if BORROWER_CUES.search(norm):
        return "borrower", True
    if state != "borrower" and any(cue.search(norm) for cue in cues.weak):
        return "third_party", False
    if state != "borrower" and any(_speaks_of(name, norm) for name in names):
        return "third_party", False  # "二虎下井了": the borrower, named in the third person
    return None


def _speaks_of(name: str, norm: str) -> bool:
    """The debtor's words name the borrower (full name, or the given name of a three-character name) without
    saying it is them."""
    if not name:
        return False
    given = name[1:] if len(name) == 3 else name
    return (name in norm or given in norm) and not re.search(f"我(?:就)?(?:是)?(?:{name}|{given})", norm)


def debtor_party_cue(text: str, state: Party = "unknown", names: tuple[str, ...] = (),
                     rubric: Optional[Rubric] = None) -> Party:
    """What one debtor turn reveals about who is speaking, given who was speaking before."""
    found = _cue(_plain(text, rubric), state, names, PartyCues.of(rubric))
    return found[0] if found else state


def _plain(text: str, rubric: Optional[Rubric]) -> str:
    """The debtor's words normalised with the rubric's evasions and dialect words restored (伊不在 → 他不在)."""
    return compiled_unmasker(rubric if rubric is not None else default_rubric()).unmask(normalise(text)).text


def _addressed_names(turns: Sequence[Turn]) -> tuple[str, ...]:
    """Names the agent asked for ("请问是张伟先生吗" → 张伟), to recognise "喂，我是张伟" after a handover."""
    names = []
    for turn in turns:
        if turn.role == AGENT:
            text = fold(turn.text)
            for pattern in _ADDRESSED_NAMES:
                names.extend(match.group(1) for match in pattern.finditer(text))
    return tuple(name for name in dict.fromkeys(names)
                 if not name.startswith(_NOT_NAMES) and not _FUNCTION_CHARS.search(name))


class _Tracker:
    """Replays the call: agent turns spoken while the listener is unknown or only weakly identified wait in
    `pending` and take the identity that is settled next (an agent who disclosed before verifying and then heard
    "我是他老婆" did disclose to a third party; one who then heard "……是我" spoke to the borrower)."""

    def __init__(self, size: int):
        self.result: list[Party] = ["unknown"] * size
        self.state: Party = "unknown"
        self.settled = False
        self.pending: list[int] = []

    def agent(self, index: int) -> None:
        self.result[index] = self.state
        if not self.settled:
            self.pending.append(index)

    def settle(self, party: Party, settled: bool) -> None:
        if settled and party != "unknown":
            for earlier in self.pending:
                self.result[earlier] = party
            self.pending = []
        self.state, self.settled = party, settled

    def new_speaker(self) -> None:
        """The phone changed hands: whatever was pending keeps the identity it had."""
        for earlier in self.pending:
            self.result[earlier] = self.state
        self.pending, self.state, self.settled = [], "unknown", False


def parties(turns: Sequence[Turn], rubric: Optional[Rubric] = None) -> PartyAtTurn:
    """The listener at every turn (debtor turns: who was speaking)."""
    cues = PartyCues.of(rubric)
    names = _addressed_names(turns)
    tracker = _Tracker(len(turns))
    asked_identity = asked_relation = False
    for index, turn in enumerate(turns):
        if turn.role != AGENT and index > 0 and turns[index - 1].role != AGENT:
            tracker.new_speaker()  # two debtor turns in a row: the phone changed hands
        if turn.role == AGENT:
            tracker.agent(index)
            asked_identity = asks_identity(turn.text)
            asked_relation = bool(ASKS_RELATION.search(normalised(turn.text)))
            continue
        norm = _plain(turn.text, rubric)
        found = _cue(norm, tracker.state, names, cues)
        if found is None and asked_relation and KNOWS_OR_YES.search(norm):
            found = ("third_party", True)  # "是啊" to "请问是X的妈妈吗", "认识啊" to "你认识X吧"
        if found is None and asked_identity and CONFIRMS.search(norm) and (
                tracker.state != "third_party" or not tracker.settled or ID_DIGITS.search(norm)):
            found = ("borrower", True)  # "嗯" / "6603" answering "请问是X本人吗 / 身份证后四位"
        if (found is None or not found[1]) and not (tracker.state == "third_party" and tracker.settled) and \
                OWN_LOAN_DISPUTED.search(norm) and not THIRD_PARTY_DEBT.search(norm):
            found = ("borrower", True)  # the named borrower disputing the loan (a denial call, not a third party)
        if found is not None:
            tracker.settle(*found)
        tracker.result[index] = tracker.state
        if HANDOVER_CUES.search(norm):
            tracker.new_speaker()  # someone else takes the phone; not identified yet
    tracker.new_speaker()
    return PartyAtTurn(tuple(tracker.result))


def discloses_debt(text: str, rubric: Optional[Rubric] = None) -> bool:
    """The agent mentions the debt in words that would be a disclosure to a third party (the red lines'
    `when: third_party` patterns: 欠款/逾期/还款, an amount…)."""
    rubric = rubric if rubric is not None else default_rubric()
    from .detectors import scan_text  # imported here: the detectors use this module for the listener

    return any(hit.red_line_id == "third_party_disclosure" for hit in scan_text(text, rubric, listener="third_party"))


def confirms_debt_question(debtor_text: str, agent_text: str) -> bool:
    """The agent answers a third party's question about the debt with a yes or with how much ("他借你们钱了？"
    → "嗯，也不是很多"): a disclosure without any debt word."""
    return bool(_DEBT_QUESTION.search(normalised(debtor_text))) and bool(_CONFIRMING_REPLY.search(normalised(agent_text)))
