"""The Grade record (design.md "Grade", contract). Grading logic lives in `grading`."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

GradeStatus = Literal["graded", "unscored"]
HitSource = Literal["rules", "llm"]


class Evidence(BaseModel):
    turn: int
    quote: str


class RedLineHit(BaseModel):
    id: str
    turn: int
    quote: str
    source: HitSource
    detail: Optional[str] = None  # which pattern / why, for the report


class CriterionResult(BaseModel):
    id: str
    name: str = ""
    level: Optional[int] = None  # 0/1/2, None = not applicable
    points: float = 0.0
    max_points: float = 0.0
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str = ""
    suggestion: str = ""
    supported: bool = True  # False when the grader's quotes could not be found in the transcript
    source: HitSource = "rules"


class GraderInfo(BaseModel):
    kind: Literal["rules", "llm"]
    model: Optional[str] = None
    temperature: Optional[float] = None
    rubric_version: str
    prompt_version: Optional[str] = None


class CallNoteIssue(BaseModel):
    """A mismatch between the trainee's call record (通话小结) and what was actually said."""

    field: str
    noted: Optional[str] = None
    actual: Optional[str] = None
    message: str


class Grade(BaseModel):
    id: Optional[str] = None
    status: GradeStatus
    total: Optional[float] = None  # None when unscored
    passed: Optional[bool] = None  # None when unscored
    red_lines: list[RedLineHit] = Field(default_factory=list)
    criteria: list[CriterionResult] = Field(default_factory=list)
    grader: GraderInfo
    reason: Optional[str] = None  # why unscored
    notes: list[str] = Field(default_factory=list)  # e.g. injection attempts neutralised
    call_note_issues: list[CallNoteIssue] = Field(default_factory=list)
    usage: dict[str, float] = Field(default_factory=dict)  # prompt_tokens, completion_tokens, latency_s
