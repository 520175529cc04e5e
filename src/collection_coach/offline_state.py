"""The offline debtor's state (anger, trust, what it has told, what it agreed to) and how one agent turn moves it.

The state is never stored: `offline.ScriptedDebtor` rebuilds it by replaying the agent turns through `advance`,
so the same conversation always leads to the same state. Mood moves by base amounts scaled by the persona's
difficulty: calming moves shrink and escalating moves grow as difficulty rises. Simulated debtors must be
*less* cooperative than language models naturally are, so agreement needs trust that was earned first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Optional

from .offline_intents import AgentCues, Heard, choose_intent
from .persona_model import Mood, Persona
from .third_party import Party

# (anger, trust) base moves before difficulty scaling.
GREETING = (-3, 8)
NO_INTRODUCTION = (5, -6)
IDENTITY_CONFIRMED = (0, 3)
DEBT_BEFORE_IDENTITY = (10, -8)
DEBT_TO_THIRD_PARTY = (15, -10)
ASK_REASON = (-4, 6)
FACT_SHARED = (-2, 4)
EMPATHY = (-12, 10)
CONSEQUENCE_REPEATED = (6, -3)
PLAN_VAGUE = (6, -3)
PLAN_TOO_HIGH = (4, -1)
PLAN_FITS = (-3, 4)  # a realistic offer builds trust even before the debtor says yes
PLAN_AGREED = (-10, 5)
PRESSURE = (15, -10)
RED_LINE = (45, -30)
MAX_FACTS_PER_TURN = 1
# Nobody confides in someone rude or unknown, nor tacks a story onto a yes or a goodbye.
_KEEPS_FACTS = ("red_line", "pressure", "no_introduction", "closing", "plan_acceptable")


@dataclass(frozen=True)
class DebtorState:
    """What the scripted debtor feels and knows after some agent turns (for the engine, tests and trainers)."""

    anger: int
    trust: int
    introduced: bool = False
    party: Party = "unknown"          # who the agent now knows is on the phone
    identity_asks: int = 0
    reasons_asked: int = 0
    consequences_told: int = 0
    revealed_facts: tuple[int, ...] = ()  # indexes into persona.hidden.hidden_facts
    counter_offers: int = 0
    agreed_amount: Optional[float] = None
    agreed_date: Optional[str] = None
    hung_up: bool = False

    @property
    def verified(self) -> bool:
        return self.party == "borrower"

    @property
    def agreed(self) -> bool:
        return self.agreed_amount is not None

    def mood(self, persona: Persona) -> Mood:
        if self.anger >= min(60, persona.offline.hang_up_anger - 20):
            return "upset"
        if self.anger < 30 and self.trust >= 40:
            return "calm"
        return "neutral"


@dataclass(frozen=True)
class TurnOutcome:
    """How the debtor takes one agent turn: the intent it answers, an engine situation that overrides the
    intent's lines (see `offline_lines.SITUATIONS`), newly revealed facts, the plan figures to quote."""

    intent: str
    state: DebtorState
    situation: Optional[str] = None
    facts: tuple[int, ...] = ()
    amount: Optional[float] = None
    date: Optional[str] = None


def initial_state(persona: Persona) -> DebtorState:
    return DebtorState(anger=persona.offline.start_mood.anger, trust=persona.offline.start_mood.trust)


def agree_trust(persona: Persona) -> int:
    """Trust needed before the debtor agrees to a plan or names a figure of its own."""
    return 30 + 4 * persona.difficulty


def calm_enough(state: DebtorState, persona: Persona) -> bool:
    return state.anger < min(55, persona.offline.hang_up_anger - 20)


def _move(state: DebtorState, persona: Persona, delta: tuple[int, int]) -> DebtorState:
    calming = (7 - persona.difficulty) / 4      # 1.5 at difficulty 1 … 0.5 at 5
    escalating = (3 + persona.difficulty) / 6   # 0.67 at difficulty 1 … 1.33 at 5

    def scaled(value: int, good_when_negative: bool) -> int:
        good = value < 0 if good_when_negative else value > 0
        return round(value * (calming if good else escalating))

    anger = min(100, max(0, state.anger + scaled(delta[0], True)))
    trust = min(100, max(0, state.trust + scaled(delta[1], False)))
    return replace(state, anger=anger, trust=trust)


def _round_offer(amount: float) -> float:
    step = 100 if amount >= 1000 else 10
    return float(max(step, math.floor(amount / step) * step))


def counter_amount(state: DebtorState, persona: Persona) -> float:
    """A harder debtor first counters below what it can really pay, and only then names its bottom line."""
    bottom = persona.hidden.bottom_line.amount
    if persona.difficulty >= 3 and state.counter_offers == 0 and bottom >= 100:
        return min(bottom, _round_offer(bottom * 0.8))
    return bottom


def _identity(state: DebtorState, persona: Persona) -> tuple[DebtorState, Optional[str]]:
    asks = state.identity_asks + 1
    if not persona.hidden.is_borrower:
        return replace(state, identity_asks=asks, party="third_party"), None
    if persona.category == "denial" and asks == 1:
        return replace(state, identity_asks=asks), "cagey_identity"
    return _move(replace(state, identity_asks=asks, party="borrower"), persona, IDENTITY_CONFIRMED), None


def _mood_moves(state: DebtorState, found: AgentCues, heard: Heard, persona: Persona) -> DebtorState:
    if found.red_lines:
        state = _move(state, persona, RED_LINE)
    if found.pressure:
        state = _move(state, persona, PRESSURE)
    if found.introduces and not state.introduced:
        state = _move(replace(state, introduced=True), persona, GREETING)
    elif not state.introduced:
        state = _move(state, persona, NO_INTRODUCTION)
    if heard.before_identity:
        state = _move(state, persona, DEBT_BEFORE_IDENTITY)
    elif found.discloses_debt and state.party == "third_party" and "third_party_disclosure" not in found.red_lines:
        state = _move(state, persona, DEBT_TO_THIRD_PARTY)
    if found.asks_reason and state.introduced:
        if state.reasons_asked == 0:
            state = _move(state, persona, ASK_REASON)
        state = replace(state, reasons_asked=state.reasons_asked + 1)
    if found.empathy and not (found.red_lines or found.pressure):
        state = _move(state, persona, EMPATHY)
    if found.consequence and not (found.red_lines or found.pressure):
        if state.consequences_told:  # told calmly once it worries; repeated it feels like pressure
            state = _move(state, persona, CONSEQUENCE_REPEATED)
        state = replace(state, consequences_told=state.consequences_told + 1)
    if heard.intent == "plan_vague" and found.demands_payment:
        state = _move(state, persona, PLAN_VAGUE)
    return state


def _reveal(
    state: DebtorState, found: AgentCues, heard: Heard, persona: Persona
) -> tuple[DebtorState, tuple[int, ...]]:
    """Hidden facts come out only when asked about (a keyword in the agent's turn), once each, and only to
    someone who said who they are and is not being rude."""
    if not state.introduced or heard.before_identity or heard.intent in _KEEPS_FACTS:
        return state, ()
    new = tuple(index for index in found.fact_indexes if index not in state.revealed_facts)[:MAX_FACTS_PER_TURN]
    for _ in new:
        state = _move(state, persona, FACT_SHARED)
    return replace(state, revealed_facts=state.revealed_facts + new), new


def _negotiate(state: DebtorState, found: AgentCues, heard: Heard, persona: Persona) -> TurnOutcome:
    bottom = persona.hidden.bottom_line
    trusted = state.trust >= agree_trust(persona) and calm_enough(state, persona)
    plan = found.plan
    if heard.intent == "plan_acceptable" and plan is not None:
        amount = plan.amount if plan.amount is not None else bottom.amount
        if state.agreed:
            state = replace(state, agreed_amount=amount)
            return TurnOutcome(heard.intent, state, "plan_repeat", amount=amount, date=bottom.date)
        if not trusted:
            return TurnOutcome(heard.intent, _move(state, persona, PLAN_FITS), "plan_hesitant")
        state = _move(replace(state, agreed_amount=amount, agreed_date=bottom.date), persona, PLAN_AGREED)
        return TurnOutcome(heard.intent, state, "agree", amount=amount, date=bottom.date)
    can_counter = trusted and bottom.amount > 0 and persona.hidden.is_borrower and not state.agreed
    if heard.intent == "plan_too_high":
        state = _move(state, persona, PLAN_TOO_HIGH)
    elif not found.asks_capacity:  # a vague demand
        return TurnOutcome(heard.intent, state)
    if can_counter:
        amount = counter_amount(state, persona)
        state = replace(state, counter_offers=state.counter_offers + 1)
        return TurnOutcome(heard.intent, state, "counter_offer", amount=amount, date=bottom.date)
    if heard.intent == "plan_vague":  # asked what they can pay, before trust: no figure yet
        return TurnOutcome(heard.intent, state, "plan_hesitant")
    return TurnOutcome(heard.intent, state)


def _closing(state: DebtorState, persona: Persona) -> TurnOutcome:
    if state.agreed:
        return TurnOutcome("closing", state, "closing_agreed", amount=state.agreed_amount, date=state.agreed_date)
    agree_line = persona.offline.agree_line or ""
    no_money_deal = persona.hidden.bottom_line.amount <= 0 and "{" not in agree_line
    if agree_line and no_money_deal and state.trust >= agree_trust(persona) and calm_enough(state, persona):
        return TurnOutcome("closing", state, "agree")  # e.g. "我会让他回电话" / "我去提交申诉材料"
    return TurnOutcome("closing", state)


def advance(state: DebtorState, found: AgentCues, persona: Persona) -> TurnOutcome:
    """How one agent turn changes the debtor, and what the debtor answers."""
    if state.hung_up:
        return TurnOutcome("small_talk", state)
    heard = choose_intent(found, introduced=state.introduced, verified=state.verified,
                          third_party_known=state.party == "third_party", agreed=state.agreed, persona=persona)
    state = _mood_moves(state, found, heard, persona)
    situation = "debt_before_identity" if heard.before_identity else None
    if heard.intent == "identity_check":
        state, situation = _identity(state, persona)
    state, facts = _reveal(state, found, heard, persona)
    if heard.intent in ("plan_acceptable", "plan_too_high", "plan_vague"):
        outcome = _negotiate(state, found, heard, persona)
    elif heard.intent == "closing":
        outcome = _closing(state, persona)
    else:
        outcome = TurnOutcome(heard.intent, state, situation)
    state = outcome.state
    if found.hangs_up_red_line or state.anger >= persona.offline.hang_up_anger:
        state = replace(state, hung_up=True)
    return replace(outcome, state=state, facts=facts)
