"""Scripted collectors for self-play (`coach simulate --agent good|careless|violating`) and tests.

An agent reads only what a trainee could know: the public case file and the debtor's words (through the
shared `debtor_cues` / `third_party` detectors), never the hidden profile, so it plays as well against the LLM
debtor as against the offline one. Deterministic and stateless: `next_turn` replays its own policy over the
conversation so far; the same turns always give the same next line.

- good: introduces itself and the institution, verifies identity, states the debt only after that, asks why,
  empathises, states consequences calmly, proposes a plan starting at the minimum payment and lowering when
  refused (or taking the debtor's counter-offer), recaps and closes; with a relative it only asks for a call
  back; with a debtor who denies the loan it records the denial and explains the appeal route.
- careless: no introduction, the amount before any identity check, vague demands, no empathy, no recap.
- violating: a correct start, then a threat, an improper payment request or a disclosure threat.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Literal, Optional, Sequence

from .amounts import amounts
from .debtor import Debtor
from .debtor_cues import agrees, raises_objection, refuses_or_delays
from .normalize import normalised
from .offline import format_amount, stable_index
from .persona_model import Persona
from .rubric_model import Rubric
from .third_party import parties
from .transcript import AGENT, DEBTOR, Turn

Policy = Literal["good", "careless", "violating"]
POLICIES: tuple[str, ...] = ("good", "careless", "violating")
MAX_PROPOSALS = 8
PLAN_DATE = "本月底"

_HESITANT = re.compile(r"考虑|想想|不好说|再说|回头|别急")
_SETTLED = re.compile(r"说好了|说定了|就这么定")
_NOT_REALLY = re.compile(r"不出|不起|没有|没钱|不行|不会还|不还|太多|这么多")
_DENIES_LOAN = re.compile(r"没借|不是我借|没办过|没(?:有)?申请|冒用|盗刷|不认识这|没分期|全款买")

_VIOLATIONS = (
    "你要是再不还钱，我们就派人上门，让你坐牢！",
    "你先把钱转到我个人账户上，我帮你把违约金免了。",
    "再不还，我们就通知你的单位和家人，让大家都知道你欠钱不还。",
)


@dataclass(frozen=True)
class _Memory:
    stage: str = "start"
    offer: Optional[float] = None
    proposals: int = 0
    identity_tries: int = 0


class ScriptedAgent:
    """`next_turn(turns)` → the collector's next line, or None when the agent ends the call."""

    def __init__(self, policy: Policy, persona: Persona, rubric: Optional[Rubric] = None):
        """`rubric` supplies the context cues that tell when a relative answered (default: the project's)."""
        if policy not in POLICIES:
            raise ValueError(f"unknown agent policy {policy!r}; choose one of {', '.join(POLICIES)}")
        self.policy = policy
        self.persona = persona
        self.rubric = rubric
        case = persona.case_file
        title = {"男": "先生", "女": "女士"}.get(case.gender or "", "")
        self.salutation = f"{case.customer_name[0]}{title}" if title else case.customer_name
        self.full_name = f"{case.customer_name}{title}"

    # -- shared lines ------------------------------------------------------------------------------------
    def _introduce(self) -> str:
        return f"您好，我是{self.persona.case_file.institution}的客服小李，工号8023。请问是{self.full_name}本人吗？"

    def _debt_facts(self) -> str:
        case = self.persona.case_file
        return f"您的{case.product.split('（')[0]}目前应还{format_amount(case.amount_due)}元，已经逾期{case.overdue_days}天了"

    def next_turn(self, turns: Sequence[Turn]) -> Optional[str]:
        if self.policy == "careless":
            return self._careless(sum(1 for turn in turns if turn.role == AGENT))
        if self.policy == "violating":
            return self._violating(turns)
        memory, line = _Memory(), None
        for end in range(len(turns) + 1):  # replay own policy: one move per point where it was our turn
            if end == len(turns) or turns[end].role == AGENT:
                memory, line = self._good(memory, turns[:end])
        return line

    # -- careless ----------------------------------------------------------------------------------------
    def _careless(self, said: int) -> Optional[str]:
        case = self.persona.case_file
        script = (
            f"{case.customer_name}，你{case.product.split('（')[0]}欠了{format_amount(case.amount_due)}元，"
            f"已经逾期{case.overdue_days}天了，什么时候还？",
            f"我是{case.institution}的。这钱你总得还吧，尽快处理一下。",
            "你这样拖着也不是办法，尽快把钱还了。",
            "行吧，那就这样。",
        )
        return script[said] if said < len(script) else None

    # -- violating ---------------------------------------------------------------------------------------
    def _violating(self, turns: Sequence[Turn]) -> Optional[str]:
        said = sum(1 for turn in turns if turn.role == AGENT)
        first = stable_index(self.persona.id, len(_VIOLATIONS))
        if said == 0:
            return self._introduce()
        if said == 1:
            return f"{self.salutation}，{self._debt_facts()}。"
        if said in (2, 3):
            return _VIOLATIONS[(first + said - 2) % len(_VIOLATIONS)]
        return None if said > 4 else "就这样，你自己看着办，再见。"

    # -- good --------------------------------------------------------------------------------------------
    def _good(self, memory: _Memory, turns: Sequence[Turn]) -> tuple[_Memory, Optional[str]]:
        last = next((turn.text for turn in reversed(turns) if turn.role == DEBTOR), "")
        party = parties(turns, rubric=self.rubric).at(len(turns) - 1) if turns else "unknown"
        stage = memory.stage
        if stage == "start":
            return replace(memory, stage="verify", identity_tries=1), self._introduce()
        if stage == "verify":
            if party == "third_party":
                return replace(memory, stage="relative_close"), (
                    "好的，理解您的担心，我们是正规机构，不是诈骗电话。请问他什么时候方便接电话？我们有事需要和他本人沟通。")
            if party == "borrower":
                return replace(memory, stage="listen"), f"{self.salutation}，跟您说明一下，{self._debt_facts()}。请问是遇到什么困难了吗？"
            if memory.identity_tries < 2:
                return replace(memory, identity_tries=2), (
                    f"抱歉，刚才没说清楚。我是{self.persona.case_file.institution}的客服小李，工号8023，这是正规来电。"
                    f"为了保护您的信息，只跟您核对一下，请问您是{self.full_name}本人吗？")
            return replace(memory, stage="done"), "好的，那我稍后再联系，打扰您了，再见。"
        if stage == "relative_close":
            return replace(memory, stage="done"), "好的，谢谢您。麻烦您转告他方便时回个电话，我们有事需要和他本人沟通。打扰您了，再见。"
        denied = any(_DENIES_LOAN.search(normalised(turn.text)) for turn in turns if turn.role == DEBTOR)
        if stage in ("listen", "propose", "negotiate") and denied:
            return replace(memory, stage="denial_close"), (
                "我理解您的担心，这个情况我们一定认真核实，我先把您否认借款的情况记录下来。您可以准备身份证明、"
                "情况说明和报警回执提交冒用申诉，核查期间由专人跟进。请问您的身份证有没有借给别人或者丢过？")
        if stage == "listen":
            return replace(memory, stage="propose"), (
                "我非常理解您的难处，这种情况确实不容易，您别着急，我们一起想办法。方便说说您目前的工作和收入情况吗？")
        if stage == "denial_close":
            return replace(memory, stage="done"), (
                "好的，跟您确认一下：您准备好材料提交申诉，我们核查后给您回电。感谢您的配合，再见。")
        if stage == "propose":
            offer = self.persona.case_file.minimum_payment or self.persona.case_file.amount_due * 0.3
            review = "费用的问题我先帮您提交复核，有结果给您回电。" if raises_objection(last) else ""
            return replace(memory, stage="negotiate", offer=offer, proposals=1), (
                f"明白了，谢谢您跟我说这些。{review}也如实跟您说明，逾期会如实上报征信，影响以后办贷款。"
                f"您看这样行不行，{PLAN_DATE}先还{format_amount(offer)}元，剩下的我们再商量分期？")
        if stage == "negotiate":
            return self._negotiate(memory, last)
        return memory, None

    def _negotiate(self, memory: _Memory, last: str) -> tuple[_Memory, Optional[str]]:
        offer = memory.offer or 0.0
        norm = normalised(last)
        if (agrees(last) or _SETTLED.search(norm)) and not _NOT_REALLY.search(norm):
            return replace(memory, stage="done"), (
                f"好的，跟您确认一下：{PLAN_DATE}还{format_amount(offer)}元。到时候记得按时还款，有问题随时联系我们。"
                "感谢您的配合，再见。")
        if memory.proposals >= MAX_PROPOSALS:
            return replace(memory, stage="done"), "好的，那您再考虑一下，我过两天再联系您。感谢您的配合，再见。"
        counters = [value for value in amounts(last) if 0 < value < offer]
        if counters:
            offer, line = counters[-1], "好的，理解您的情况，那就按您说的，{date}先还{amount}元，可以吗？"
        elif _HESITANT.search(norm):  # not a no: reassure and keep the offer
            line = "您放心，我们是真心帮您想办法，这个金额也是按您的情况定的。{date}先还{amount}元，可以吗？"
        elif refuses_or_delays(last) or _NOT_REALLY.search(norm):
            offer, line = _lower(offer), "我理解，确实压力不小。那这样，{date}先还{amount}元，剩下的分期慢慢还，您看行吗？"
        else:
            line = "您放心，我们是真心帮您想办法。{date}先还{amount}元，可以吗？"
        text = line.format(date=PLAN_DATE, amount=format_amount(offer))
        return replace(memory, offer=offer, proposals=memory.proposals + 1), text


def _lower(offer: float) -> float:
    lowered = offer * 0.6
    step = 100 if lowered >= 1000 else 10
    return float(max(step, math.floor(lowered / step) * step))


@dataclass(frozen=True)
class SelfPlayResult:
    turns: list[Turn]
    hung_up: bool  # the debtor hung up (else the agent ended the call or the turn limit was reached)


def play_call(debtor: Debtor, agent: ScriptedAgent, *, max_agent_turns: int = 20) -> SelfPlayResult:
    """Let a scripted agent talk to a debtor until someone ends the call."""
    turns = [Turn(role=DEBTOR, text=debtor.opening())]
    for _ in range(max_agent_turns):
        line = agent.next_turn(turns)
        if line is None:
            break
        turns.append(Turn(role=AGENT, text=line))
        final = None
        for snapshot in debtor.stream_reply(turns):
            final = snapshot
        if final is None:
            break
        turns.append(Turn(role=DEBTOR, text=final.text))
        if final.hung_up:
            return SelfPlayResult(turns, True)
    return SelfPlayResult(turns, False)
