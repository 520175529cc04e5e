"""What a self-play run reports: one row per simulated call, and the design checks over those rows.

Design checks are observations about the personas, not about the code: for each persona the good agent should
score higher than the careless one, the violating agent should fail, and a persona designed to hang up on threats
(category `angry`) should hang up on the violating agent after its first threat. A check is skipped, never
failed, when the calls it compares were not run, could not be scored, or (hang-up) contained no threat.
"""

from __future__ import annotations

from typing import Literal, Optional, Sequence

from pydantic import BaseModel, Field

from .grade import GraderInfo
from .llm_agent import AGENT_POLICIES
from .persona_model import Persona

EndedBy = Literal["debtor_hung_up", "agent_ended", "max_turns"]
CheckStatus = Literal["passed", "failed", "skipped"]
HANG_UP_CATEGORIES = ("angry",)  # personas designed to hang up on a threat
# Threats as the angry persona's `hangs_up_when` lists them: 坐牢/上门 (threat_intimidation), 曝光/找家人 (a threat
# to tell others is third_party_disclosure in the rubric), posing as a lawyer or court (impersonation).
THREAT_RED_LINES = ("threat_intimidation", "third_party_disclosure", "impersonation")


class SimulationRow(BaseModel):
    persona: str
    policy: str
    turns: int = 0  # agent turns
    hung_up: bool = False
    ended_by: Optional[EndedBy] = None
    status: Literal["graded", "unscored", "error"]
    total: Optional[float] = None
    passed: Optional[bool] = None
    red_lines: list[str] = Field(default_factory=list)  # red-line ids, in order of first occurrence
    red_line_turns: list[int] = Field(default_factory=list)
    transcript_file: Optional[str] = None
    error: Optional[str] = None  # why the call could not be simulated or graded


class DesignCheck(BaseModel):
    id: Literal["good_beats_careless", "violating_fails", "hangs_up_on_threat"]
    persona: str
    status: CheckStatus
    detail: str


class SimulationReport(BaseModel):
    created_at: str
    engine: Literal["offline", "openai"]
    agent: str
    debtor: str
    grader: Optional[GraderInfo] = None
    max_turns: int
    rows: list[SimulationRow] = Field(default_factory=list)
    checks: list[DesignCheck] = Field(default_factory=list)
    persona_errors: list[str] = Field(default_factory=list)  # persona files that failed to load

    @property
    def failed_checks(self) -> list[DesignCheck]:
        return [check for check in self.checks if check.status == "failed"]

    @property
    def crashed_rows(self) -> list[SimulationRow]:
        return [row for row in self.rows if row.status == "error"]


def design_checks(personas: Sequence[Persona], rows: Sequence[SimulationRow],
                  threat_turns: dict[str, list[tuple[int, str]]],
                  hang_up_turns: dict[str, Optional[int]]) -> list[DesignCheck]:
    """Observations about the personas. A check is skipped when the calls it compares were not run or not scored."""
    by_key = {(row.persona, row.policy): row for row in rows}
    checks: list[DesignCheck] = []
    for persona in personas:
        good, careless, violating = (by_key.get((persona.id, policy)) for policy in AGENT_POLICIES)
        if good and careless:
            if good.total is None or careless.total is None:
                checks.append(DesignCheck(id="good_beats_careless", persona=persona.id, status="skipped",
                                          detail="规范或敷衍坐席的通话未评分"))
            else:
                ok = good.total > careless.total
                checks.append(DesignCheck(id="good_beats_careless", persona=persona.id,
                                          status="passed" if ok else "failed",
                                          detail=f"规范 {good.total:g} 分 {'>' if ok else '≤'} 敷衍 {careless.total:g} 分"))
        if violating is None:
            continue
        if violating.passed is None:
            checks.append(DesignCheck(id="violating_fails", persona=persona.id, status="skipped",
                                      detail="违规坐席的通话未评分"))
        else:
            found = "、".join(violating.red_lines) or "无红线"
            checks.append(DesignCheck(id="violating_fails", persona=persona.id,
                                      status="failed" if violating.passed else "passed",
                                      detail=f"违规坐席{'竟然通过' if violating.passed else '未通过'}（{found}）"))
        if persona.category in HANG_UP_CATEGORIES:
            checks.append(_hang_up_check(persona, violating, threat_turns.get(persona.id, []),
                                         hang_up_turns.get(persona.id)))
    return checks


def _hang_up_check(persona: Persona, violating: SimulationRow, threats: list[tuple[int, str]],
                   hang_up_turn: Optional[int]) -> DesignCheck:
    if violating.status == "error":
        return DesignCheck(id="hangs_up_on_threat", persona=persona.id, status="skipped", detail="通话未能完成")
    if not threats:
        return DesignCheck(id="hangs_up_on_threat", persona=persona.id, status="skipped",
                           detail=f"违规坐席这次没有威胁（未检出 {'/'.join(THREAT_RED_LINES)}），无法检验")
    turn, red_line = threats[0]
    if hang_up_turn is not None and hang_up_turn > turn:
        return DesignCheck(id="hangs_up_on_threat", persona=persona.id, status="passed",
                           detail=f"第{turn + 1}轮威胁（{red_line}）后，客户在第{hang_up_turn + 1}轮挂断")
    return DesignCheck(id="hangs_up_on_threat", persona=persona.id, status="failed",
                       detail=f"第{turn + 1}轮威胁（{red_line}）后客户没有挂断（通话结束方式：{violating.ended_by}）")
