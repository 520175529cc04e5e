"""Self-play: an agent policy (good / careless / violating) calls each persona, every call is graded, and
"design checks" say whether the personas behave as designed — after a trainer edits a persona, this is the quick
way to see that a good collector still wins, a careless one still scores lower, and a violating one still fails.

Offline, the agent is `scripted_agent.ScriptedAgent` and the debtor `offline.ScriptedDebtor` (deterministic:
two runs give identical transcripts); with an LLM configured, `llm_agent.LLMAgent` calls `debtor_llm.LLMDebtor`.
Transcripts are written in the contract format (`<out>/<persona>__<policy>.json`) with `<out>/summary.json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Optional, Protocol, Sequence

from .debtor import Debtor, DebtorReply
from .errors import CoachError, InputFileError
from .grade import Grade
from .llm import ChatModel, LLMError
from .llm_agent import AGENT_POLICIES
from .persona_model import Persona
from .personas import PersonaCatalog, load_personas
from .simulate_report import (  # noqa: F401 - re-exported: callers import the report types from here
    THREAT_RED_LINES, DesignCheck, EndedBy, SimulationReport, SimulationRow, design_checks,
)
from .transcript import AGENT, DEBTOR, Transcript, Turn

ALL = "all"


class Agent(Protocol):
    def next_turn(self, turns: Sequence[Turn]) -> Optional[str]:
        """The agent's next line, or None when the agent ends the call."""
        ...


class UnknownPersonaError(CoachError):
    """A persona id or policy given on the command line that does not exist."""


@dataclass
class SimulatedCall:
    transcript: Transcript
    ended_by: EndedBy

    @property
    def hung_up(self) -> bool:
        return self.ended_by == "debtor_hung_up"


def final_reply(debtor: Debtor, turns: Sequence[Turn]) -> DebtorReply:
    reply = DebtorReply()
    for reply in debtor.stream_reply(turns):
        pass
    return reply


def simulate_call(persona: Persona, agent: Agent, debtor: Debtor, *, max_turns: int, policy: str = "") -> SimulatedCall:
    """The debtor picks up, then agent and debtor alternate until the debtor hangs up, the agent ends the call,
    or the agent has spoken `max_turns` times. Raises llm.LLMError from either side."""
    turns = [Turn(role=DEBTOR, text=debtor.opening())]
    ended_by: EndedBy = "max_turns"
    for _ in range(max_turns):
        line = agent.next_turn(list(turns))
        if line is None:
            ended_by = "agent_ended"
            break
        turns.append(Turn(role=AGENT, text=line))
        reply = final_reply(debtor, list(turns))
        if reply.text:
            turns.append(Turn(role=DEBTOR, text=reply.text))
        if reply.hung_up:
            ended_by = "debtor_hung_up"
            break
    call_id = f"{persona.id}__{policy}" if policy else persona.id
    return SimulatedCall(Transcript(id=call_id, persona=persona.id, turns=turns), ended_by)


def resolve_ids(requested: Sequence[str], known: Sequence[str], what: str, catalog: Optional[PersonaCatalog] = None) -> list[str]:
    """`all` → every known id; otherwise each id must be known (error names it and lists the known ones)."""
    if ALL in requested:
        return list(known)
    unknown = [item for item in requested if item not in known]
    if unknown:
        broken = f"; files that failed to load: {'; '.join(map(str, catalog.errors))}" if catalog and catalog.errors else ""
        raise UnknownPersonaError(f"unknown {what} {', '.join(map(repr, unknown))}; known: {', '.join(known) or 'none'}"
                                  f"{broken}")
    return list(dict.fromkeys(requested))


def write_json(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise InputFileError(path, f"cannot write file ({error.strerror or error})") from error


def row_for(persona: Persona, policy: str, call: SimulatedCall, grade: Grade, file_name: str) -> SimulationRow:
    ids = list(dict.fromkeys(hit.id for hit in grade.red_lines))
    return SimulationRow(
        persona=persona.id, policy=policy, turns=len(call.transcript.agent_turns()), hung_up=call.hung_up,
        ended_by=call.ended_by, status=grade.status, total=grade.total, passed=grade.passed, red_lines=ids,
        red_line_turns=sorted({hit.turn for hit in grade.red_lines}), transcript_file=file_name,
        error=grade.reason if grade.status == "unscored" else None,
    )


EngineFactory = Callable[[Persona, str], tuple[Agent, Debtor]]


def run_simulation(settings, persona_ids: Sequence[str], policies: Sequence[str], *, max_turns: int, out_dir: Path,
                   offline: bool, roleplay_model: Optional[ChatModel] = None, agent_model: Optional[ChatModel] = None,
                   grader_model: Optional[ChatModel] = None,
                   progress: Optional[Callable[[SimulationRow], None]] = None) -> SimulationReport:
    """Simulate and grade every (persona, policy) pair; ids and policies may be `all`. Writes transcripts as they
    finish, then summary.json. An LLM failure in one call is recorded in its row and the others go on."""
    from .grading import build_grader

    if max_turns < 1:
        raise CoachError(f"--turns must be at least 1, got {max_turns}")
    catalog = load_personas(settings.personas_dir)
    chosen = resolve_ids(persona_ids, list(catalog.personas), "persona", catalog)
    policies = resolve_ids(policies, AGENT_POLICIES, "agent policy")
    offline = offline or settings.engine == "offline"
    grader = build_grader(settings, model=grader_model, offline=offline)
    engines, agent_label, debtor_label = _engine_factory(settings, grader.rubric, offline, roleplay_model, agent_model)
    report = SimulationReport(
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), engine="offline" if offline else "openai",
        agent=agent_label, debtor=debtor_label, grader=grader.info(), max_turns=max_turns,
        persona_errors=[str(error) for error in catalog.errors],
    )
    threat_turns: dict[str, list[tuple[int, str]]] = {}
    hang_up_turns: dict[str, Optional[int]] = {}
    for persona_id in chosen:
        persona = catalog.personas[persona_id]
        for policy in policies:
            agent, debtor = engines(persona, policy)
            try:
                call = simulate_call(persona, agent, debtor, max_turns=max_turns, policy=policy)
            except LLMError as error:
                row = SimulationRow(persona=persona_id, policy=policy, status="error",
                                    error=f"{error.kind}: {error.detail[:300]}")
            else:
                file_name = f"{call.transcript.id}.json"
                write_json(Path(out_dir) / file_name, call.transcript.model_dump_json(indent=2, exclude_none=True))
                grade = grader.grade(call.transcript, persona)
                row = row_for(persona, policy, call, grade, file_name)
                if policy == "violating":
                    threat_turns[persona_id] = sorted((hit.turn, hit.id) for hit in grade.red_lines
                                                     if hit.id in THREAT_RED_LINES)
                    hang_up_turns[persona_id] = len(call.transcript.turns) - 1 if call.hung_up else None
            report.rows.append(row)
            if progress is not None:
                progress(row)
    report.checks = design_checks([catalog.personas[pid] for pid in chosen], report.rows, threat_turns, hang_up_turns)
    write_json(Path(out_dir) / "summary.json", report.model_dump_json(indent=2, exclude_none=True))
    return report


def _engine_factory(settings, rubric, offline: bool, roleplay_model: Optional[ChatModel],
                    agent_model: Optional[ChatModel]) -> tuple[EngineFactory, str, str]:
    """(persona, policy) → fresh (agent, debtor) for one call, plus labels for the summary."""
    if offline:
        from .offline import MODEL_LABEL, ScriptedDebtor
        from .scripted_agent import ScriptedAgent

        return (lambda persona, policy: (ScriptedAgent(policy, persona, rubric=rubric), ScriptedDebtor(persona, rubric)),
                "scripted", MODEL_LABEL)
    from .debtor_llm import LLMDebtor
    from .llm_agent import LLMAgent
    from .openai_model import build_chat_model
    from .prompts import PromptLibrary

    debtor_model = roleplay_model or build_chat_model(settings, "roleplay")
    caller_model = agent_model or debtor_model
    prompts = PromptLibrary(settings.prompts_dir)

    def engines(persona: Persona, policy: str) -> tuple[Agent, Debtor]:
        agent = LLMAgent(policy, persona, caller_model, prompts, temperature=settings.roleplay_temperature,
                         token_budget=settings.history_token_budget)
        debtor = LLMDebtor(persona, debtor_model, prompts, temperature=settings.roleplay_temperature,
                           token_budget=settings.history_token_budget)
        return agent, debtor

    return engines, caller_model.model_name, debtor_model.model_name
