"""Scripted collectors for self-play: good, careless and violating policies against the offline debtor."""

from __future__ import annotations

from pathlib import Path

import pytest

from collection_coach import cues
from collection_coach.detectors import detect_red_lines
from collection_coach.offline import ScriptedDebtor
from collection_coach.scripted_agent import ScriptedAgent, play_call
from collection_coach.third_party import parties
from collection_coach.transcript import AGENT, Transcript

ROOT = Path(__file__).resolve().parents[1]
PERSONA_IDS = ("angry", "denial", "disputing", "first_overdue", "hardship", "repeat_overdue", "third_party")


def self_play(policy, persona, rubric):
    debtor = ScriptedDebtor(persona, rubric)
    result = play_call(debtor, ScriptedAgent(policy, persona))
    return result, debtor.state_after(result.turns)


def agent_lines(result):
    return [turn.text for turn in result.turns if turn.role == AGENT]


def test_good_agent_reaches_a_plan_with_most_personas_and_never_angers_them_into_hanging_up(personas, rubric):
    agreed = []
    for persona_id in PERSONA_IDS:
        result, state = self_play("good", personas[persona_id], rubric)
        assert not result.hung_up, persona_id
        assert not detect_red_lines(Transcript(turns=result.turns), rubric), persona_id
        if state.agreed:
            agreed.append(persona_id)
            assert state.agreed_amount <= personas[persona_id].hidden.bottom_line.amount
    # The relative and the identity-theft victim owe nothing; every other persona settles on a plan.
    assert sorted(agreed) == ["angry", "disputing", "first_overdue", "hardship", "repeat_overdue"]


def test_good_agent_calms_the_angry_persona(personas, rubric):
    angry = personas["angry"]
    good, good_state = self_play("good", angry, rubric)
    careless, careless_state = self_play("careless", angry, rubric)
    assert not good.hung_up and good_state.anger < angry.offline.start_mood.anger
    assert good_state.anger < careless_state.anger and good_state.trust > careless_state.trust


def test_good_agent_follows_the_five_steps(personas, rubric):
    result, _ = self_play("good", personas["hardship"], rubric)
    lines = agent_lines(result)
    assert cues.introduces_self(lines[0]) and cues.asks_identity(lines[0]) and not cues.mentions_amount(lines[0])
    assert any(cues.shows_empathy(line) for line in lines)
    assert any(cues.asks_reason(line) for line in lines)
    assert any(cues.proposes_plan(line) for line in lines)
    assert cues.recaps(lines[-1]) and cues.closes(lines[-1])


def test_good_agent_starts_at_the_minimum_payment_and_takes_a_counter_offer(personas, rubric):
    persona = personas["repeat_overdue"]  # minimum payment is above what he can pay
    result, state = self_play("good", persona, rubric)
    first_offer = next(cues.proposes_plan(line) for line in agent_lines(result) if cues.proposes_plan(line))
    assert first_offer.amount == persona.case_file.minimum_payment
    assert state.agreed and state.agreed_amount < persona.case_file.minimum_payment


def test_good_agent_does_not_discuss_the_debt_with_a_relative(personas, rubric):
    result, state = self_play("good", personas["third_party"], rubric)
    assert state.party == "third_party" and not result.hung_up
    listener = parties(result.turns)
    for index, turn in enumerate(result.turns):
        if turn.role == AGENT and listener.at(index) == "third_party":
            assert not cues.mentions_amount(turn.text) and "欠" not in turn.text and "逾期" not in turn.text


def test_good_agent_records_a_denial_instead_of_pushing_for_money(personas, rubric):
    persona = personas["denial"]
    result, state = self_play("good", persona, rubric)
    lines = agent_lines(result)
    assert any("申诉" in line for line in lines)
    product = persona.case_file.product.split("（")[0]  # "门店手机分期" names the product, it offers nothing
    assert not any(cues.proposes_plan(line.replace(product, "")) for line in lines)
    assert not state.agreed and not result.hung_up


def test_careless_agent_skips_the_introduction_and_states_the_amount_first(personas, rubric):
    result, _ = self_play("careless", personas["first_overdue"], rubric)
    lines = agent_lines(result)
    assert not cues.introduces_self(lines[0]) and cues.mentions_amount(lines[0]) and not cues.asks_identity(lines[0])
    assert not any(cues.shows_empathy(line) or cues.proposes_plan(line) or cues.recaps(line) for line in lines)


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
def test_violating_agent_triggers_a_hang_up_or_a_red_line(personas, rubric, persona_id):
    result, state = self_play("violating", personas[persona_id], rubric)
    red_lines = detect_red_lines(Transcript(turns=result.turns), rubric)
    assert red_lines or result.hung_up
    assert red_lines  # every violating script crosses a line the detectors know


def test_violating_agent_makes_the_angry_persona_hang_up(personas, rubric):
    result, state = self_play("violating", personas["angry"], rubric)
    assert result.hung_up and state.hung_up


@pytest.mark.parametrize("policy", ["good", "careless", "violating"])
def test_self_play_is_deterministic(personas, rubric, policy):
    for persona_id in PERSONA_IDS:
        first, _ = self_play(policy, personas[persona_id], rubric)
        second, _ = self_play(policy, personas[persona_id], rubric)
        assert first == second, persona_id


def test_agent_ends_the_call_with_none(personas, rubric):
    persona = personas["first_overdue"]
    result, _ = self_play("good", persona, rubric)
    assert ScriptedAgent("good", persona).next_turn(result.turns) is None
    assert ScriptedAgent("careless", persona).next_turn(self_play("careless", persona, rubric)[0].turns) is None


def test_unknown_policy_is_rejected_by_name(personas):
    with pytest.raises(ValueError, match="polite.*good, careless, violating"):
        ScriptedAgent("polite", personas["angry"])  # type: ignore[arg-type]
