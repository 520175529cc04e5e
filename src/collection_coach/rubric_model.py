"""The rubric file format (rubric/*.yaml). Loading lives in `rubric`.

Criterion and red-line ids are a contract (design.md). Red-line detector patterns live in the file so that
trainers can extend them without code.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

CRITERION_IDS = (
    "opening", "identity_verification", "debt_information", "empathy", "active_listening",
    "objection_handling", "solution", "consequences", "emotion_control", "closing",
)
RED_LINE_IDS = (
    "threat_intimidation", "insult_abuse", "impersonation", "false_consequence",
    "third_party_disclosure", "improper_payment", "harassment",
)

CriterionId = Literal[
    "opening", "identity_verification", "debt_information", "empathy", "active_listening",
    "objection_handling", "solution", "consequences", "emotion_control", "closing",
]
RedLineId = Literal[
    "threat_intimidation", "insult_abuse", "impersonation", "false_consequence",
    "third_party_disclosure", "improper_payment", "harassment",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LevelAnchors(_Strict):
    """Anchored descriptions of each level (0 absent/bad, 1 partly, 2 fully met)."""

    level_0: str = Field(alias="0")
    level_1: str = Field(alias="1")
    level_2: str = Field(alias="2")

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def for_level(self, level: int) -> str:
        return (self.level_0, self.level_1, self.level_2)[level]


class Criterion(_Strict):
    id: CriterionId
    name: str
    weight: float = Field(gt=0)
    description: str
    levels: LevelAnchors
    may_be_na: bool = False
    na_when: Optional[str] = Field(default=None, description="何时不适用（may_be_na 为真时必填）")
    source: str = Field(description="出自课件哪一节")


class DetectorPattern(_Strict):
    """A regex matched against the *normalised* agent turn (no spaces/punctuation, simplified, half-width)."""

    pattern: str
    note: Optional[str] = Field(default=None, description="这条规则抓的是什么，报告里展示")


class RedLine(_Strict):
    id: RedLineId
    name: str
    description: str
    rule: str = Field(description="依据的规定（见 compliance-rules.md）")
    patterns: list[DetectorPattern] = Field(min_length=1)
    exceptions: list[DetectorPattern] = Field(
        default_factory=list, description="合法表述：命中这些的句子不算违规（如 如实上报征信）"
    )


class Rubric(_Strict):
    name: str
    description: Optional[str] = None
    pass_mark: float = Field(ge=0, le=100)
    criteria: list[Criterion]
    red_lines: list[RedLine]

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def red_line(self, red_line_id: str) -> RedLine:
        for red_line in self.red_lines:
            if red_line.id == red_line_id:
                return red_line
        raise KeyError(red_line_id)
