"""The offline scripted debtor: reacts to what the trainee said, keeps a mood, hangs up, is deterministic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from collection_coach.amounts import amounts
from collection_coach.normalize import normalised
from collection_coach.offline import MODEL_LABEL, ScriptedDebtor
from collection_coach.offline_lines import GENERIC_HANG_UP
from collection_coach.offline_state import agree_trust
from collection_coach.persona_model import Persona
from collection_coach.third_party import debtor_party_cue
from collection_coach.transcript import AGENT, DEBTOR, Turn

ROOT = Path(__file__).resolve().parents[1]

ANGRY_INTRO = "您好，我是XX商业银行信用卡中心的客服小李，工号8023。请问是王*强先生本人吗？"
ANGRY_GOOD = [
    ANGRY_INTRO,
    "王先生，跟您说明一下，您的信用卡目前应还49876.35元，已经逾期65天了。请问是遇到什么困难了吗？",
    "我非常理解您的难处，这种情况确实不容易，您别着急，我们一起想办法。",
]
ANGRY_CARELESS = [
    "王*强，你信用卡欠了49876.35元，已经逾期65天了，什么时候还？",
    "我是银行的。这钱你总得还吧，尽快处理一下。",
    "你这样拖着也不是办法。",
]


def inline_persona(**changes) -> Persona:
    """A small persona for edge cases; `changes` are dotted paths such as `offline.start_mood.trust`."""
    data = {
        "id": "inline", "category": "first_overdue", "difficulty": 2, "title": "测试客户", "summary": "测试用",
        "case_file": {
            "customer_name": "陈*明", "gender": "男", "phone": "138****0000", "institution": "XX银行信用卡中心",
            "product": "信用卡", "principal": 3000, "amount_due": 3200, "minimum_payment": 320, "overdue_days": 20,
            "repayment_history": "首次逾期",
        },
        "hidden": {
            "situation": "刚换工作，工资下月才发。", "personality": "随和", "speaking_style": "简短",
            "bottom_line": {"amount": 1000, "date": "下月5号", "installments": False, "description": "最多先还1000"},
            "hidden_facts": [{"topic": "工作", "keywords": ["工作", "上班"], "fact": "我上个月刚换了工作，工资下月才发。"}],
            "calms_down_when": ["被理解"], "escalates_when": ["被催"], "hangs_up_when": ["被威胁"],
        },
        "opening_line": "喂？",
    }
    for path, value in changes.items():
        node = data
        *parents, leaf = path.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    return Persona.model_validate(data)


def talk(debtor: ScriptedDebtor, lines: list[str]) -> list[Turn]:
    """Play the agent lines against the debtor, stopping if it hangs up."""
    turns = [Turn(role=DEBTOR, text=debtor.opening())]
    for line in lines:
        turns.append(Turn(role=AGENT, text=line))
        final = list(debtor.stream_reply(turns))[-1]
        turns.append(Turn(role=DEBTOR, text=final.text))
        if final.hung_up:
            break
    return turns


def last_reply(debtor: ScriptedDebtor, lines: list[str]):
    turns = talk(debtor, lines[:-1]) + [Turn(role=AGENT, text=lines[-1])]
    return list(debtor.stream_reply(turns))[-1], debtor.state_after(turns)


# --- mood: the same persona responds to good and bad handling ----------------------------------------------------

def test_good_handling_calms_the_angry_persona(personas, rubric):
    angry = personas["angry"]
    debtor = ScriptedDebtor(angry, rubric)
    good = debtor.state_after(talk(debtor, ANGRY_GOOD))
    careless = debtor.state_after(talk(debtor, ANGRY_CARELESS))
    start = angry.offline.start_mood
    assert good.anger < start.anger and good.trust > start.trust
    assert careless.anger > start.anger and careless.trust <= start.trust
    assert good.anger < careless.anger and good.trust > careless.trust


@pytest.mark.parametrize("line, anger_moves", [
    pytest.param("我非常理解您的难处，您别着急，我们一起想办法。", -1, id="empathy_lowers_anger"),
    pytest.param("你到底还不还？别找借口！", 1, id="pressure_raises_anger"),
    pytest.param("也跟您说明一下，逾期会如实上报征信。", 0, id="calm_lawful_consequence_worries_not_angers"),
])
def test_mood_moves_with_what_the_agent_said(personas, rubric, line, anger_moves):
    debtor = ScriptedDebtor(personas["repeat_overdue"], rubric)
    intro = ["您好，我是XX银行个人贷款中心的客服小李，工号8023。请问是赵*伟先生本人吗？"]
    before = debtor.state_after(talk(debtor, intro))
    after = debtor.state_after(talk(debtor, intro + [line]))
    difference = after.anger - before.anger
    assert (difference > 0) - (difference < 0) == anger_moves


def test_lawful_consequence_gets_a_worried_reply_not_a_hang_up(personas, rubric):
    persona = personas["first_overdue"]
    reply, state = last_reply(ScriptedDebtor(persona, rubric), [
        "您好，我是XX银行信用卡中心的客服小李。请问是林*琳女士本人吗？", "逾期会如实上报征信，影响您以后办贷款。"])
    assert not reply.hung_up and state.anger <= persona.offline.start_mood.anger
    assert any(reply.text.startswith(line) for line in persona.offline.lines["lawful_consequence"])


# --- hang-ups --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("threat", [
    pytest.param("你要是再不还钱，我们就派人上门，让你坐牢！", id="prison_and_visit"),
    pytest.param("你信不信我找人收拾你。", id="paraphrased_violence"),
    pytest.param("不还钱你就等着瞧，后果自负！", id="veiled_threat"),
])
def test_a_threat_makes_the_debtor_hang_up(personas, rubric, threat):
    persona = personas["first_overdue"]  # the calmest persona still hangs up on a threat
    reply, state = last_reply(ScriptedDebtor(persona, rubric), [
        "您好，我是XX银行信用卡中心的客服小李。请问是林*琳女士本人吗？", threat])
    assert reply.hung_up and reply.done and state.hung_up
    assert reply.text.endswith(persona.offline.hang_up_line)


@pytest.mark.parametrize("insult", [
    pytest.param("你这个老赖，真不要脸！", id="laolai"),
    pytest.param("你是不是脑子有病啊，借钱不还？", id="mockery"),
])
def test_an_insult_makes_the_debtor_hang_up(personas, rubric, insult):
    persona = personas["hardship"]
    reply, state = last_reply(ScriptedDebtor(persona, rubric), [
        "您好，我是XX农村商业银行的客服小李。请问是张*梅女士本人吗？", insult])
    assert reply.hung_up and state.hung_up


def test_anger_reaching_the_limit_hangs_up_without_a_red_line(rubric):
    persona = inline_persona(**{"offline.start_mood.anger": 70, "offline.hang_up_anger": 80})
    debtor = ScriptedDebtor(persona, rubric)
    turns = talk(debtor, ["陈*明，你到底还不还？", "别找借口，赶紧还！", "听清楚了，马上还！"])
    assert debtor.state_after(turns).hung_up
    assert turns[-1].text == GENERIC_HANG_UP  # the inline persona has no hang_up_line of its own


def test_after_hanging_up_the_line_is_dead(personas, rubric):
    debtor = ScriptedDebtor(personas["angry"], rubric)
    turns = talk(debtor, [ANGRY_INTRO, "你再不还钱，我们就派人上门，让你坐牢！"])
    turns.append(Turn(role=AGENT, text="喂？喂？"))
    final = list(debtor.stream_reply(turns))[-1]
    assert final.hung_up and final.text == ""


# --- who is on the phone ---------------------------------------------------------------------------------------

def test_third_party_persona_says_it_is_not_the_borrower(personas, rubric):
    persona = personas["third_party"]
    debtor = ScriptedDebtor(persona, rubric)
    turns = talk(debtor, ["您好，我是XX汽车金融有限公司的客服小李。请问是孙*明先生本人吗？"])
    assert debtor_party_cue(turns[-1].text) == "third_party"
    assert debtor.state_after(turns).party == "third_party"
    # Even a perfectly affordable plan is not hers to agree to.
    turns = talk(debtor, ["您好，我是XX汽车金融有限公司的客服小李。请问是孙*明先生本人吗？",
                          "我非常理解您，您放心。", "那本月底先还100元，可以吗？"])
    assert not debtor.state_after(turns).agreed


def test_denial_persona_is_cagey_at_the_first_identity_check(personas, rubric):
    debtor = ScriptedDebtor(personas["denial"], rubric)
    ask = "您好，我是XX消费金融有限公司的客服小李，工号8023。请问是吴*杰先生本人吗？"
    once = talk(debtor, [ask])
    assert debtor.state_after(once).party == "unknown"
    assert debtor_party_cue(once[-1].text) == "unknown"
    twice = talk(debtor, [ask, "为了保护您的信息，只跟您核对一下，请问您是吴*杰先生本人吗？"])
    assert debtor.state_after(twice).party == "borrower"
    assert debtor_party_cue(twice[-1].text) == "borrower"


def test_without_an_introduction_the_debtor_is_suspicious(personas, rubric):
    persona = personas["repeat_overdue"]
    reply, state = last_reply(ScriptedDebtor(persona, rubric), ["喂，请问是赵*伟先生本人吗？"])
    assert normalised(reply.text) in {normalised(line) for line in persona.offline.lines["no_introduction"]}
    assert state.party == "unknown" and state.trust < persona.offline.start_mood.trust


def test_stating_the_amount_before_identity_irritates(personas, rubric):
    persona = personas["repeat_overdue"]
    debtor = ScriptedDebtor(persona, rubric)
    intro = "您好，我是XX银行个人贷款中心的客服小李，工号8023。"
    early = debtor.state_after(talk(debtor, [intro + "您的贷款应还3912.80元，已经逾期47天了。"]))
    verified = debtor.state_after(talk(debtor, [intro + "请问是赵*伟先生本人吗？", "您的贷款应还3912.80元，已经逾期47天了。"]))
    assert early.anger > verified.anger
    assert early.anger > persona.offline.start_mood.anger


# --- hidden facts ----------------------------------------------------------------------------------------------

def test_hidden_fact_is_revealed_only_after_its_keyword_and_only_once(rubric):
    persona = inline_persona()
    fact = persona.hidden.hidden_facts[0].fact
    debtor = ScriptedDebtor(persona, rubric)
    opening = ["您好，我是XX银行信用卡中心的客服小李。请问是陈*明先生本人吗？", "我理解您，您别着急。"]
    without = talk(debtor, opening)
    assert all(fact not in turn.text for turn in without) and debtor.state_after(without).revealed_facts == ()
    asked = talk(debtor, opening + ["方便说说您现在的工作情况吗？"])
    assert fact in asked[-1].text and debtor.state_after(asked).revealed_facts == (0,)
    again = talk(debtor, opening + ["方便说说您现在的工作情况吗？", "那您现在还在上班吗？"])
    assert fact not in again[-1].text


def test_rude_agent_hears_no_hidden_fact(rubric):
    persona = inline_persona()
    debtor = ScriptedDebtor(persona, rubric)
    turns = talk(debtor, ["您好，我是XX银行信用卡中心的客服小李。请问是陈*明先生本人吗？", "你到底还不还？工作找了没有？"])
    assert persona.hidden.hidden_facts[0].fact not in turns[-1].text


# --- negotiation -----------------------------------------------------------------------------------------------

TRUSTING = {"offline.start_mood.trust": 80, "offline.start_mood.anger": 10}
VERIFY = "您好，我是XX银行信用卡中心的客服小李。请问是陈*明先生本人吗？"


@pytest.mark.parametrize("plan, agreed", [
    pytest.param("下月5号先还800元，可以吗？", True, id="within_bottom_line"),
    pytest.param("下月5号先还1000元，可以吗？", True, id="exactly_bottom_line"),
    pytest.param("下月5号还清3200元，可以吗？", False, id="above_bottom_line"),
    pytest.param("今天先还800元，可以吗？", False, id="affordable_but_not_today"),
])
def test_acceptable_plan_is_agreed_and_excessive_one_refused(rubric, plan, agreed):
    persona = inline_persona(**TRUSTING)
    reply, state = last_reply(ScriptedDebtor(persona, rubric), [VERIFY, plan])
    assert state.agreed is agreed
    if agreed:
        assert state.agreed_amount == amounts(plan)[-1]
        assert format(state.agreed_amount, "g") in reply.text and "下月5号" in reply.text


def test_installments_count_when_the_debtor_accepts_them(rubric):
    plan = "可以分6期还，每期500元，下月开始，您看行吗？"
    accepting = inline_persona(**TRUSTING, **{"hidden.bottom_line.installments": True})
    refusing = inline_persona(**TRUSTING, **{"hidden.bottom_line.amount": 300})
    assert last_reply(ScriptedDebtor(accepting, rubric), [VERIFY, plan])[1].agreed
    assert not last_reply(ScriptedDebtor(refusing, rubric), [VERIFY, plan])[1].agreed


def test_agree_line_is_formatted_with_amount_and_date(rubric):
    persona = inline_persona(**TRUSTING, **{"offline.agree_line": "好，{date}还{amount}元。"})
    reply, _ = last_reply(ScriptedDebtor(persona, rubric), [VERIFY, "下月5号先还800元，可以吗？"])
    assert reply.text == "好，下月5号还800元。"


def test_debtor_never_volunteers_its_bottom_line_before_trust(personas, rubric):
    """Low trust: an excessive demand is refused without a figure; once trust is earned it counters near the
    bottom line (a harder persona first counters below it)."""
    persona = personas["repeat_overdue"]
    bottom = persona.hidden.bottom_line.amount
    debtor = ScriptedDebtor(persona, rubric)
    intro = "您好，我是XX银行个人贷款中心的客服小李，工号8023。请问是赵*伟先生本人吗？"
    cold = talk(debtor, [intro, "本月底还清3912.80元，可以吗？"])
    assert debtor.state_after(cold).trust < agree_trust(persona)
    assert not [value for value in amounts(cold[-1].text) if value <= bottom]
    warm_lines = [intro, "我非常理解您的难处，您别着急。", "确实不容易，我们一起想办法。", "本月底还清3912.80元，可以吗？"]
    warm = talk(debtor, warm_lines)
    assert debtor.state_after(warm).trust >= agree_trust(persona)
    counter = [value for value in amounts(warm[-1].text) if value <= bottom]
    assert counter and bottom * 0.7 <= counter[0] <= bottom
    again = talk(debtor, warm_lines + ["本月底还3000元，可以吗？"])
    assert bottom in amounts(again[-1].text)


def test_closing_after_an_agreement_confirms_it(rubric):
    persona = inline_persona(**TRUSTING)
    debtor = ScriptedDebtor(persona, rubric)
    turns = talk(debtor, [VERIFY, "下月5号先还800元，可以吗？", "好的，跟您确认一下，下月5号还800元。感谢您的配合，再见。"])
    assert "800" in turns[-1].text and "再见" in turns[-1].text
    state = debtor.state_after(turns)
    assert (state.agreed_amount, state.agreed_date) == (800, "下月5号")


# --- lines, streaming, determinism -----------------------------------------------------------------------------

def test_persona_without_scripted_lines_falls_back_to_built_in_lines(rubric):
    debtor = ScriptedDebtor(inline_persona(), rubric)
    turns = talk(debtor, ["你好", VERIFY, "您的信用卡应还3200元，已经逾期20天了。", "嗯", "下月5号先还5000元，可以吗？"])
    replies = [turn.text for turn in turns[2::2]]
    assert len(replies) == 5 and all(reply and "{" not in reply for reply in replies)


def test_a_line_is_not_repeated_while_unused_variants_remain(personas, rubric):
    debtor = ScriptedDebtor(personas["angry"], rubric)
    turns = talk(debtor, [ANGRY_INTRO] + ["嗯"] * 3)
    small_talk = [turn.text for turn in turns[4::2]]
    assert len(set(small_talk)) == len(small_talk) == 3


def test_reply_streams_in_growing_snapshots(personas, rubric):
    debtor = ScriptedDebtor(personas["angry"], rubric)
    turns = [Turn(role=DEBTOR, text=debtor.opening()), Turn(role=AGENT, text=ANGRY_GOOD[0])]
    snapshots = list(debtor.stream_reply(turns))
    assert 2 <= len(snapshots) <= 4
    assert [snapshot.done for snapshot in snapshots] == [False] * (len(snapshots) - 1) + [True]
    for earlier, later in zip(snapshots, snapshots[1:]):
        assert later.text.startswith(earlier.text) and len(later.text) > len(earlier.text)


def test_interface_basics(personas, rubric):
    persona = personas["angry"]
    debtor = ScriptedDebtor(persona, rubric)
    assert (debtor.engine, debtor.model_label) == ("offline", MODEL_LABEL)
    assert debtor.opening() == persona.opening_line


def test_same_conversation_gets_identical_replies(personas, rubric):
    for persona in personas.values():
        first = talk(ScriptedDebtor(persona, rubric), ANGRY_GOOD)
        second = talk(ScriptedDebtor(persona, rubric), ANGRY_GOOD)
        assert first == second, persona.id
        retry = list(ScriptedDebtor(persona, rubric).stream_reply(first[:-1]))[-1].text
        assert retry == first[-1].text


def test_replies_do_not_depend_on_the_process_hash_seed():
    """Variant choice uses sha256, not Python's per-process randomised hash()."""
    script = (
        "import json, sys\n"
        "from collection_coach.personas import load_personas\n"
        "from collection_coach.rubric import load_rubric\n"
        "from collection_coach.offline import ScriptedDebtor\n"
        "from collection_coach.transcript import Turn\n"
        "rubric = load_rubric('rubric')\n"
        "out = []\n"
        "for persona in load_personas('personas').personas.values():\n"
        "    debtor = ScriptedDebtor(persona, rubric)\n"
        "    turns = [Turn(role='debtor', text=debtor.opening())]\n"
        "    for line in json.loads(sys.argv[1]):\n"
        "        turns.append(Turn(role='agent', text=line))\n"
        "        turns.append(Turn(role='debtor', text=list(debtor.stream_reply(turns))[-1].text))\n"
        "    out.append([turn.text for turn in turns])\n"
        "print(json.dumps(out, ensure_ascii=False))\n"
    )
    lines = json.dumps(ANGRY_GOOD + ["嗯", "嗯"], ensure_ascii=False)
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, lines], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=60, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].strip()
