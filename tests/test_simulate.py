"""Self-play: offline runs across every persona, the design checks, the CLI, and the LLM agent against a fake."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from collection_coach.cli import main
from collection_coach.config import load_settings
from collection_coach.debtor import DebtorReply
from collection_coach.grade import GraderInfo
from collection_coach.llm import LLMError
from collection_coach.llm_agent import AGENT_POLICIES, END_MARKER, LLMAgent
from collection_coach.personas import case_file_markdown, load_personas
from collection_coach.prompts import PromptLibrary
from collection_coach.simulate import (
    THREAT_RED_LINES, DesignCheck, SimulationReport, SimulationRow, UnknownPersonaError, run_simulation, simulate_call,
)
from collection_coach.transcript import Turn, load_transcript
from fakes import FakeChatModel
from openai_stub_server import HttpError, Reply

ROOT = Path(__file__).resolve().parents[1]
PERSONA_IDS = sorted(load_personas(ROOT / "personas").personas)


def project_settings(**values):
    values = {"personas_dir": ROOT / "personas", "rubric_dir": ROOT / "rubric", "prompts_dir": ROOT / "prompts",
              **values}
    return load_settings(_env_file=None, **values)


@pytest.fixture(scope="module")
def offline_run(tmp_path_factory):
    """One offline self-play of every persona with every policy (shared: it is the expensive part)."""
    out = tmp_path_factory.mktemp("sim")
    report = run_simulation(project_settings(engine="offline"), ["all"], ["all"], max_turns=16, out_dir=out,
                            offline=True)
    return report, out


@pytest.fixture
def persona():
    return load_personas(ROOT / "personas").get("angry")


@pytest.fixture
def prompts():
    return PromptLibrary(ROOT / "prompts")


def rows_by(report: SimulationReport) -> dict[tuple[str, str], SimulationRow]:
    return {(row.persona, row.policy): row for row in report.rows}


# --- offline self-play ------------------------------------------------------------------------------------------

def test_every_pair_is_simulated_graded_and_written_in_the_contract_format(offline_run):
    report, out = offline_run
    assert len(PERSONA_IDS) >= 5
    assert {(row.persona, row.policy) for row in report.rows} == {
        (persona_id, policy) for persona_id in PERSONA_IDS for policy in AGENT_POLICIES}
    for row in report.rows:
        assert row.status == "graded", row
        path = out / f"{row.persona}__{row.policy}.json"
        assert row.transcript_file == path.name
        transcript = load_transcript(path)
        assert transcript.persona == row.persona and transcript.id == f"{row.persona}__{row.policy}"
        assert transcript.turns[0].role == "debtor"  # the debtor picks up
        roles = [turn.role for turn in transcript.turns]
        assert all(a != b for a, b in zip(roles, roles[1:])), "agent and debtor must alternate"
        assert 1 <= row.turns == len(transcript.agent_turns()) <= 16
        assert row.hung_up == (row.ended_by == "debtor_hung_up")
        raw = path.read_text(encoding="utf-8")
        assert "\\u" not in raw and transcript.turns[0].text in raw  # Chinese is written as Chinese
        assert set(json.loads(raw)) <= {"id", "persona", "turns", "call_note"}


def test_summary_json_holds_rows_and_checks(offline_run):
    report, out = offline_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["engine"] == "offline" and summary["max_turns"] == 16
    assert len(summary["rows"]) == len(PERSONA_IDS) * len(AGENT_POLICIES)
    assert {check["id"] for check in summary["checks"]} == {"good_beats_careless", "violating_fails",
                                                            "hangs_up_on_threat"}
    assert SimulationReport.model_validate(summary).rows == report.rows


def test_careless_agent_scores_lower_than_good_for_most_personas(offline_run):
    report, _ = offline_run
    rows = rows_by(report)
    better = [pid for pid in PERSONA_IDS if rows[pid, "good"].total > rows[pid, "careless"].total]
    assert len(better) > len(PERSONA_IDS) / 2, {pid: (rows[pid, "good"].total, rows[pid, "careless"].total)
                                                for pid in PERSONA_IDS}
    checks = {check.persona: check for check in report.checks if check.id == "good_beats_careless"}
    assert {pid for pid, check in checks.items() if check.status == "passed"} == set(better)


def test_good_agent_passes_without_red_lines_for_most_personas(offline_run):
    report, _ = offline_run
    rows = rows_by(report)
    passing = [pid for pid in PERSONA_IDS if rows[pid, "good"].passed and not rows[pid, "good"].red_lines]
    assert len(passing) > len(PERSONA_IDS) / 2, {pid: rows[pid, "good"] for pid in PERSONA_IDS}


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
def test_violating_agent_fails_with_a_red_line(offline_run, persona_id):
    report, _ = offline_run
    row = rows_by(report)[persona_id, "violating"]
    assert row.passed is False and row.total == 0 and row.red_lines, row
    check = next(c for c in report.checks if c.id == "violating_fails" and c.persona == persona_id)
    assert check.status == "passed"


def test_angry_persona_hangs_up_on_the_violating_agent(offline_run):
    report, out = offline_run
    row = rows_by(report)["angry", "violating"]
    assert set(row.red_lines) & set(THREAT_RED_LINES), row
    assert row.hung_up and row.ended_by == "debtor_hung_up"
    transcript = load_transcript(out / "angry__violating.json")
    assert transcript.turns[-1].role == "debtor"
    check = next(c for c in report.checks if c.id == "hangs_up_on_threat" and c.persona == "angry")
    assert check.status == "passed", check


def test_offline_self_play_is_deterministic(offline_run, tmp_path):
    _, first = offline_run
    run_simulation(project_settings(engine="offline"), ["all"], ["all"], max_turns=16, out_dir=tmp_path,
                   offline=True)
    names = sorted(path.name for path in first.glob("*__*.json"))
    assert names == sorted(path.name for path in tmp_path.glob("*__*.json"))
    for name in names:
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name


@pytest.mark.parametrize("threat, red_line", [
    pytest.param("你要是再不还钱，我们就派人上门，让你坐牢！", "threat_intimidation", id="prison_and_visit"),
    pytest.param("再不还，我们就通知你的单位和家人，让大家都知道你欠钱不还。", "third_party_disclosure",
                 id="threatens_to_tell_family"),
    pytest.param("我是法院的，你再不还就强制执行。", "impersonation", id="poses_as_court"),
])
def test_angry_persona_hangs_up_on_each_kind_of_threat(persona, threat, red_line):
    from collection_coach.grading import build_grader
    from collection_coach.offline import ScriptedDebtor

    grader = build_grader(project_settings(engine="offline"), offline=True)
    agent = LineAgent(["您好，我是XX商业银行信用卡中心的客服小李，工号8023。请问是王*强先生本人吗？", threat, "听见没有？"])
    call = simulate_call(persona, agent, ScriptedDebtor(persona, grader.rubric), max_turns=5, policy="violating")
    assert red_line in {hit.id for hit in grader.grade(call.transcript, persona).red_lines}
    assert call.ended_by == "debtor_hung_up"
    assert call.transcript.agent_turns()[-1][1].text == threat  # it hangs up right after the threat


# --- the call loop and the design checks ------------------------------------------------------------------------

class LineAgent:
    def __init__(self, lines):
        self.lines = list(lines)

    def next_turn(self, turns):
        return self.lines.pop(0) if self.lines else None


class EchoDebtor:
    engine, model_label = "fake", "fake"

    def __init__(self, hang_up_on=None):
        self.hang_up_on = hang_up_on

    def opening(self):
        return "喂？"

    def stream_reply(self, turns):
        last = turns[-1].text
        yield DebtorReply(text="嗯")
        yield DebtorReply(text=f"嗯，{last}", hung_up=last == self.hang_up_on, done=True)


@pytest.mark.parametrize("lines, hang_up_on, max_turns, ended_by, agent_turns", [
    pytest.param(["一", "二", "三"], None, 2, "max_turns", 2, id="stops_at_max_turns"),
    pytest.param(["一", "二"], None, 5, "agent_ended", 2, id="agent_ends_the_call"),
    pytest.param(["一", "二", "三"], "二", 5, "debtor_hung_up", 2, id="debtor_hangs_up"),
])
def test_simulate_call_stops(persona, lines, hang_up_on, max_turns, ended_by, agent_turns):
    call = simulate_call(persona, LineAgent(lines), EchoDebtor(hang_up_on), max_turns=max_turns, policy="good")
    assert call.ended_by == ended_by
    assert len(call.transcript.agent_turns()) == agent_turns
    assert call.transcript.turns[0] == Turn(role="debtor", text="喂？")
    assert call.transcript.turns[2].text == f"嗯，{lines[0]}"  # the debtor's final snapshot is recorded
    assert call.transcript.id == "angry__good" and call.transcript.persona == "angry"


def test_design_checks_report_failures(tmp_path, monkeypatch):
    """Equal scores for good and careless, and a debtor that never hangs up: the checks must say so."""
    import collection_coach.simulate as simulate

    def engines(settings, rubric, offline, roleplay_model, agent_model):
        lines = {"good": ["您好"], "careless": ["您好"], "violating": ["再不还钱就上门找你家里人，让你坐牢"]}
        return (lambda persona, policy: (LineAgent(lines[policy]), EchoDebtor())), "lines", "echo"

    monkeypatch.setattr(simulate, "_engine_factory", engines)
    report = run_simulation(project_settings(engine="offline"), ["angry"], ["all"],
                            max_turns=4, out_dir=tmp_path / "out", offline=True)
    status = {check.id: check.status for check in report.checks}
    assert status == {"good_beats_careless": "failed", "violating_fails": "passed", "hangs_up_on_threat": "failed"}


# --- the CLI ----------------------------------------------------------------------------------------------------

@pytest.fixture
def in_project(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COACH_ENGINE", "offline")


def test_cli_runs_offline_and_prints_table_and_checks(in_project, tmp_path, capsys):
    code = main(["simulate", "--persona", "angry", "--agent", "all", "--turns", "12", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "挂断?" in out and "通过?" in out and "design checks:" in out
    assert "angry" in out and "violating" in out
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "angry__careless.json", "angry__good.json", "angry__violating.json", "summary.json"]


def test_cli_unknown_persona_exits_2_naming_it_and_the_known_ids(in_project, tmp_path, capsys):
    code = main(["simulate", "--persona", "grumpy", "--agent", "good", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert "'grumpy'" in err and all(pid in err for pid in PERSONA_IDS)
    assert not (tmp_path / "out").exists()


def test_cli_unknown_policy_exits_2(in_project, tmp_path, capsys):
    assert main(["simulate", "--persona", "angry", "--agent", "rude", "--out", str(tmp_path)]) == 2
    assert "'rude'" in capsys.readouterr().err


def test_cli_unwritable_output_exits_2_naming_the_path(in_project, tmp_path, capsys):
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert main(["simulate", "--persona", "angry", "--agent", "good", "--out", str(blocker)]) == 2
    assert str(blocker) in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    pytest.param(["--turns", "0"], id="zero_turns"),
    pytest.param(["--turns", "many"], id="not_a_number"),
])
def test_cli_bad_turns_is_a_usage_error(in_project, argv):
    with pytest.raises(SystemExit) as exit_info:
        main(["simulate", *argv])
    assert exit_info.value.code == 2


def fake_report(checks=(), rows=()):
    return SimulationReport(created_at="now", engine="offline", agent="scripted", debtor="scripted",
                            grader=GraderInfo(kind="rules", rubric_version="x"), max_turns=16, rows=list(rows),
                            checks=list(checks))


FAILED_CHECK = DesignCheck(id="violating_fails", persona="angry", status="failed", detail="违规坐席竟然通过")
CRASHED_ROW = SimulationRow(persona="angry", policy="good", status="error", error="timeout: slow")


@pytest.mark.parametrize("report, strict, code", [
    pytest.param(fake_report(), True, 0, id="all_good_strict"),
    pytest.param(fake_report([FAILED_CHECK]), False, 0, id="failed_check_is_an_observation"),
    pytest.param(fake_report([FAILED_CHECK]), True, 1, id="failed_check_with_strict"),
    pytest.param(fake_report(rows=[CRASHED_ROW]), False, 1, id="crashed_call"),
])
def test_cli_exit_codes(in_project, tmp_path, monkeypatch, capsys, report, strict, code):
    import collection_coach.simulate as simulate

    monkeypatch.setattr(simulate, "run_simulation", lambda *args, **kwargs: report)
    argv = ["simulate", "--out", str(tmp_path)] + (["--strict"] if strict else [])
    assert main(argv) == code
    if report.checks:
        assert "FAIL" in capsys.readouterr().out


# --- the LLM agent ----------------------------------------------------------------------------------------------

def test_llm_agent_sees_the_case_file_but_not_the_hidden_profile(persona, prompts):
    model = FakeChatModel().enqueue("您好，我是XX商业银行信用卡中心的小李。")
    agent = LLMAgent("good", persona, model, prompts, temperature=0.7)
    line = agent.next_turn([Turn(role="debtor", text="喂！谁啊？")])
    assert line == "您好，我是XX商业银行信用卡中心的小李。"
    system = model.calls[0].messages[0]
    assert system["role"] == "system"
    assert case_file_markdown(persona).strip() in system["content"]
    for secret in (persona.hidden.situation, persona.hidden.bottom_line.description, persona.hidden.personality):
        assert secret not in system["content"]
    assert model.calls[0].temperature == 0.7


def test_llm_agent_maps_agent_to_assistant_and_debtor_to_user(persona, prompts):
    model = FakeChatModel().enqueue("请问您是王志强先生本人吗？")
    turns = [Turn(role="debtor", text="喂！谁啊？"), Turn(role="agent", text="您好，我是小李。"),
             Turn(role="debtor", text="什么事？")]
    LLMAgent("good", persona, model, prompts, temperature=0.7).next_turn(turns)
    sent = model.calls[0].messages[1:]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert [m["content"] for m in sent] == [turn.text for turn in turns]


@pytest.mark.parametrize("policy, instruction", [
    pytest.param("good", "核实接电话的是不是借款人本人", id="good_follows_five_steps"),
    pytest.param("careless", "不做自我介绍", id="careless_skips_introduction"),
    pytest.param("violating", "威胁", id="violating_commits_a_red_line"),
])
def test_llm_agent_prompt_follows_the_policy(persona, prompts, policy, instruction):
    model = FakeChatModel().enqueue("喂。")
    LLMAgent(policy, persona, model, prompts, temperature=0.7).next_turn([Turn(role="debtor", text="喂？")])
    system = model.calls[0].messages[0]["content"]
    assert instruction in system and END_MARKER in system
    others = {"good": "核实接电话的是不是借款人本人", "careless": "不做自我介绍", "violating": "说一句明显违规的话"}
    assert all(text not in system for key, text in others.items() if key != policy)


def test_llm_agent_unknown_policy_is_an_error(persona, prompts):
    with pytest.raises(ValueError, match="rude"):
        LLMAgent("rude", persona, FakeChatModel(), prompts, temperature=0.7)


@pytest.mark.parametrize("reply, first, calls_model_again", [
    pytest.param("好的，那就这样，感谢您的配合，再见。[结束通话]", "好的，那就这样，感谢您的配合，再见。", False,
                 id="farewell_then_hang_up"),
    pytest.param("[结束通话]", None, False, id="marker_alone_ends_at_once"),
    pytest.param("坐席：再见。[结束通话]多余的话", "再见。", False, id="label_and_trailing_text_dropped"),
])
def test_llm_agent_end_marker_ends_the_call(persona, prompts, reply, first, calls_model_again):
    model = FakeChatModel().enqueue(reply)
    agent = LLMAgent("good", persona, model, prompts, temperature=0.7)
    turns = [Turn(role="debtor", text="喂？")]
    assert agent.next_turn(turns) == first
    if first is not None:
        turns += [Turn(role="agent", text=first), Turn(role="debtor", text="嗯，再见。")]
        assert agent.next_turn(turns) is None
    assert len(model.calls) == 1
    model.assert_complete()


def test_llm_agent_empty_reply_is_an_llm_error(persona, prompts):
    agent = LLMAgent("good", persona, FakeChatModel().enqueue("  "), prompts, temperature=0.7)
    with pytest.raises(LLMError) as error:
        agent.next_turn([Turn(role="debtor", text="喂？")])
    assert error.value.kind == "empty"


def test_llm_self_play_records_failures_and_goes_on(tmp_path):
    """LLM mode end to end with fakes: one call completes (ended by the agent, judge down → unscored), the other's
    agent model fails → an error row; nothing crashes and the transcript of the finished call is written."""
    agent_model = FakeChatModel().enqueue(
        "您好，我是XX商业银行信用卡中心的小李，请问是王志强先生本人吗？", f"好的，感谢接听，再见。{END_MARKER}",
        LLMError("timeout", "agent model too slow"))
    debtor_model = FakeChatModel().enqueue("是我，什么事？", "嗯，再见。")
    grader_model = FakeChatModel().enqueue(LLMError("timeout", "judge down"))
    settings = project_settings(engine="openai", roleplay_model="fake", openai_base_url="http://127.0.0.1:9/v1")
    report = run_simulation(settings, ["angry"], ["good", "careless"], max_turns=8, out_dir=tmp_path, offline=False,
                            roleplay_model=debtor_model, agent_model=agent_model, grader_model=grader_model)
    good, careless = report.rows
    assert (good.status, good.ended_by, good.turns, good.hung_up) == ("unscored", "agent_ended", 2, False)
    assert "judge down" in good.error and good.total is None
    assert careless.status == "error" and "agent model too slow" in careless.error
    transcript = load_transcript(tmp_path / "angry__good.json")
    assert [turn.text for turn in transcript.turns] == [
        "喂！谁啊？", "您好，我是XX商业银行信用卡中心的小李，请问是王志强先生本人吗？", "是我，什么事？",
        "好的，感谢接听，再见。", "嗯，再见。"]
    assert not (tmp_path / "angry__careless.json").exists()
    assert [check.status for check in report.checks] == ["skipped"]
    assert report.engine == "openai" and report.agent == "fake-model"
    for model in (agent_model, debtor_model, grader_model):
        model.assert_complete()


def test_unknown_ids_raise_before_anything_is_written(tmp_path):
    with pytest.raises(UnknownPersonaError, match="'nobody'"):
        run_simulation(project_settings(engine="offline"), ["nobody"], ["good"], max_turns=4, out_dir=tmp_path / "o",
                       offline=True)
    assert not (tmp_path / "o").exists()


def test_cli_llm_mode_over_the_wire(openai_stub, tmp_path, monkeypatch, capsys):
    """The real SDK against a local OpenAI-compatible server: the agent and the debtor share the role-play model;
    a judge that is refused (401) leaves the call unscored, which is an observation, not a crash (exit 0)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("COACH_ROLEPLAY_MODEL", "stub-model")
    monkeypatch.setenv("COACH_MAX_RETRIES", "0")
    openai_stub.enqueue(
        Reply("您好，我是XX商业银行信用卡中心的小李，请问是王志强先生本人吗？"),  # agent
        Reply("是我，什么事？"),                                                 # debtor (streamed)
        Reply(f"好的，打扰您了，再见。{END_MARKER}"),                              # agent ends the call
        Reply("嗯，再见。"),                                                     # debtor
        HttpError(401, "bad key", error_type="authentication_error"),           # judge
    )
    code = main(["simulate", "--persona", "angry", "--agent", "good", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "未评分" in out
    transcript = load_transcript(tmp_path / "angry__good.json")
    assert [turn.role for turn in transcript.turns] == ["debtor", "agent", "debtor", "agent", "debtor"]
    assert transcript.turns[3].text == "好的，打扰您了，再见。"
    bodies = [request.body for request in openai_stub.requests]
    assert [bool(body.get("stream")) for body in bodies[:4]] == [False, True, False, True]
    assert case_file_markdown(load_personas(ROOT / "personas").get("angry")).strip() in bodies[0]["messages"][0]["content"]
