"""What the trainee just said, as the offline debtor hears it: cues → one `OfflineIntent`.

The cue functions (`cues`) and red-line detectors (`detectors`) are the same ones the rules grader uses, so
the scripted debtor reacts to exactly what the grader will credit or punish. A turn can carry several cues
(introduce + verify, empathise + ask why); all of them move the mood (`offline_state`), but the debtor
answers the most important one, chosen here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from . import cues
from .detectors import red_line_hits_in_text
from .normalize import normalised
from .persona_model import OfflineIntent, Persona
from .rubric_model import Rubric
from .third_party import discloses_debt

# Red lines after which nobody stays on the phone.
HANG_UP_RED_LINES = frozenset({"threat_intimidation", "insult_abuse"})

# Engine-specific cues the shared cue set does not cover (they are about negotiation, not grading).
_IMMEDIATE = re.compile(r"今天|马上|立刻|立即|现在就|当天")
_VAGUE_DEMAND = re.compile(
    r"(?:尽快|赶紧|赶快|抓紧|早点|及时)(?:把钱|把欠款)?(?:还|处理|结清)|什么时候(?:能|可以|打算)?(?:还|处理|结清)"
    r"|还不还|打算(?:怎么)?还|把(?:钱|欠款|账)还"
)
_ASKS_CAPACITY = re.compile(r"(?:能|可以|打算|准备)(?:先)?还(?:上)?多少|还多少(?:合适|比较合适|可以)|多少(?:合适|能接受|比较合适)")
_GOODBYE = re.compile(r"再见|拜拜|不打扰|先这样")
_STATES_DEBT = re.compile(r"欠款|欠了|欠我们|逾期|拖欠|账单|应还|最低还款|本金|违约金|罚息")
_INSTITUTION_NAME = re.compile(r"\w{0,8}?(?:贷款|金融)(?:有限)?(?:公司|中心)")


@dataclass(frozen=True)
class AgentCues:
    """Everything the debtor notices in one agent turn."""

    introduces: bool
    asks_identity: bool
    mentions_debt: bool       # states the debt itself: an amount, overdue, the bill
    discloses_debt: bool      # anything a relative should not hear (the grader's third-party test)
    asks_reason: bool
    empathy: bool
    plan: Optional[cues.Plan]
    immediate: bool
    demands_payment: bool
    asks_capacity: bool
    consequence: bool
    closes: bool
    says_goodbye: bool
    pressure: bool
    red_lines: tuple[str, ...]
    fact_indexes: tuple[int, ...]

    @property
    def hangs_up_red_line(self) -> bool:
        return any(red_line in HANG_UP_RED_LINES for red_line in self.red_lines)


def _fact_indexes(norm: str, persona: Persona) -> tuple[int, ...]:
    found = []
    for index, fact in enumerate(persona.hidden.hidden_facts):
        if any(normalised(keyword) and normalised(keyword) in norm for keyword in fact.keywords):
            found.append(index)
    return tuple(found)


def _without_case_names(text: str, persona: Persona) -> str:
    """Naming the institution or the product ("XX小额贷款公司", "门店手机分期") is neither talk about the debt
    nor an installment offer."""
    case = persona.case_file
    for name in (case.institution, case.product, case.product.split("（")[0]):
        if name.strip():
            text = text.replace(name, "")
    return _INSTITUTION_NAME.sub("", text)


def read_cues(text: str, persona: Persona, rubric: Rubric) -> AgentCues:
    norm = normalised(text)
    plain = _without_case_names(text, persona)
    return AgentCues(
        introduces=cues.introduces_self(text) or cues.names_institution(text, persona.case_file.institution),
        asks_identity=cues.asks_identity(text),
        mentions_debt=bool(cues.mentions_amount(text)) or bool(_STATES_DEBT.search(norm)),
        discloses_debt=discloses_debt(plain, rubric=rubric),
        asks_reason=cues.asks_reason(text),
        empathy=cues.shows_empathy(text),
        plan=cues.proposes_plan(plain),
        immediate=bool(_IMMEDIATE.search(norm)),
        demands_payment=bool(_VAGUE_DEMAND.search(norm)),
        asks_capacity=bool(_ASKS_CAPACITY.search(norm)),
        consequence=cues.lawful_consequence(text),
        closes=cues.recaps_or_closes(text),
        says_goodbye=bool(_GOODBYE.search(norm)),
        pressure=cues.is_pressure(text),
        red_lines=tuple(dict.fromkeys(red_line for red_line, _ in red_line_hits_in_text(text, rubric))),
        fact_indexes=_fact_indexes(norm, persona),
    )


def plan_fits_bottom_line(plan: cues.Plan, immediate: bool, persona: Persona) -> bool:
    """Could this debtor really do what the plan asks? Amount within the bottom line (installments count when
    the debtor accepts them), and no "today" demand unless the debtor can pay today."""
    bottom = persona.hidden.bottom_line
    if bottom.amount <= 0 or not persona.hidden.is_borrower:
        return False
    if immediate and "今天" not in bottom.date:
        return False
    if plan.amount is None:
        return plan.installments and bottom.installments
    return plan.amount <= bottom.amount + 0.005


@dataclass(frozen=True)
class Heard:
    """The intent the debtor answers, given what it knew before this turn."""

    intent: OfflineIntent
    before_identity: bool = False  # money talk before anyone was verified


def choose_intent(found: AgentCues, *, introduced: bool, verified: bool, third_party_known: bool,
                  agreed: bool, persona: Persona) -> Heard:
    """The single most important thing in the turn, in the order a real person on the phone would react."""
    introduced_now = introduced or found.introduces
    knows_listener = verified or third_party_known
    if found.red_lines:
        return Heard("red_line")
    if found.pressure:
        return Heard("pressure")
    if (found.mentions_debt or found.plan) and not knows_listener:
        return Heard("debt_info", before_identity=True)
    if not introduced_now:
        return Heard("no_introduction")
    if found.says_goodbye and (agreed or not found.plan):
        return Heard("closing")
    if found.plan is not None:
        fits = plan_fits_bottom_line(found.plan, found.immediate, persona)
        return Heard("plan_acceptable" if fits else "plan_too_high")
    if found.asks_identity and not knows_listener:
        return Heard("identity_check")
    if found.asks_reason:
        return Heard("ask_reason")
    if found.demands_payment or found.asks_capacity:
        return Heard("plan_vague")
    if found.consequence:
        return Heard("lawful_consequence")
    if found.mentions_debt:
        return Heard("debt_info")
    if found.empathy:
        return Heard("empathy")
    if found.closes:
        return Heard("closing")
    if found.introduces and not introduced:
        return Heard("greeting")
    return Heard("small_talk")
