"""The `coach eval` report, schema version 1. `eval/report.schema.json` is generated from these models
(`write_report_schema`) and a test keeps the two identical, so the published schema cannot drift.

Compatibility: add optional fields freely; renaming or removing a field, or changing its meaning, needs
SCHEMA_VERSION + 1. A metric that is undefined for the data (see `metrics`) is null, never 0.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
Rate = Optional[float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Interval(_Model):
    """Percentile bootstrap interval (resampling whole sample dialogues)."""

    low: float
    high: float


class RunInfo(_Model):
    started_at: str = Field(description="UTC, ISO 8601")
    duration_s: float
    paths: list[str] = Field(description="PATH arguments as given")
    sample_set: str = Field(description="identity of the sample set (hash of the sorted sample ids); runs with "
                                        "the same value are compared")
    samples_found: int
    samples_loaded: int
    repeat: int = Field(ge=1)
    concurrency: int = Field(ge=1)
    offline: bool
    config_file: Optional[str] = None
    bootstrap: Optional[str] = Field(default=None, description="how intervals were computed, or why not")


class GraderSummary(_Model):
    kind: Optional[str] = None
    model: Optional[str] = None
    rubric_version: Optional[str] = None
    prompt_version: Optional[str] = None
    temperature: Optional[float] = None
    mixed: list[str] = Field(default_factory=list, description="fields whose value differed between grades")


class SampleError(_Model):
    path: str
    stage: Literal["load", "grade"]
    message: str
    repeat: Optional[int] = None


class CriterionAgreement(_Model):
    id: str
    name: str = ""
    n: int = Field(description="pairs compared: human label and grade both present and not N/A")
    na_mismatch: int = Field(description="one side N/A, the other scored")
    exact_agreement: Rate = None
    within_one_agreement: Rate = None
    weighted_kappa: Rate = Field(default=None, description="quadratic-weighted Cohen's kappa")
    kappa: Rate = Field(default=None, description="unweighted Cohen's kappa")
    mean_absolute_error: Rate = None
    mean_signed_error: Rate = Field(default=None, description="grader minus human; > 0 = lenient grader")
    exact_agreement_ci: Optional[Interval] = None
    weighted_kappa_ci: Optional[Interval] = None


class DetectionCounts(_Model):
    tp: int
    fp: int
    fn: int
    precision: Rate = None
    recall: Rate = None
    f1: Rate = None
    precision_ci: Optional[Interval] = None
    recall_ci: Optional[Interval] = None


class RedLineAgreement(DetectionCounts):
    id: str
    turn_checked: int = Field(0, description="true positives whose labelled turn is known")
    turn_correct: int = Field(0, description="... of which the grader flagged one of the labelled turns")
    turn_accuracy: Rate = None


class RedLineSummary(_Model):
    overall: RedLineAgreement
    per_red_line: list[RedLineAgreement]


class PassFailAgreement(DetectionCounts):
    positive_class: Literal["failed"] = "failed"
    n: int
    accuracy: Rate = None


class EvidenceSummary(_Model):
    cited: int = Field(description="criterion results that cited evidence (kept or dropped as unverifiable)")
    verified: int = Field(description="... whose evidence was found in the transcript (supported)")
    rate: Rate = None


class UnscoredSummary(_Model):
    attempts: int
    unscored: int
    crashed: int = Field(description="grader raised instead of returning a grade")
    rate: Rate = Field(default=None, description="(unscored + crashed) / attempts")
    reasons: dict[str, int] = Field(default_factory=dict)


class Consistency(_Model):
    repeat: int
    samples: int = Field(description="samples with at least two scored repeats")
    criterion_mean_spread: Rate = Field(default=None, description="mean of max-min level per sample and criterion")
    criterion_unstable_share: Rate = Field(default=None, description="share of sample×criterion whose level varied")
    per_criterion_mean_spread: dict[str, float] = Field(default_factory=dict)
    total_mean_spread: Rate = None
    total_max_spread: Rate = None
    pass_fail_flips: int = 0
    red_line_flips: int = 0
    flipped_samples: list[str] = Field(default_factory=list)


class UsageSummary(_Model):
    grades: int
    prompt_tokens: int
    completion_tokens: int
    tokens_per_grade: Rate = None
    latency_mean_s: Rate = None
    latency_p50_s: Rate = None
    latency_p95_s: Rate = None
    latency_max_s: Rate = None
    cost_total: Rate = Field(default=None, description="USD from the config's price table; null when unknown")
    cost_per_grade: Rate = None
    cost_note: Optional[str] = None


class Difference(_Model):
    kind: Literal["criterion", "na", "red_line_missed", "red_line_false", "red_line_turn", "passed", "unscored"]
    id: Optional[str] = None
    human: Any = None
    grader: Any = None
    message: str


class Disagreement(_Model):
    path: str
    sample_id: str
    repeat: int
    severity: float
    differences: list[Difference]


class Headline(_Model):
    """The run's key numbers: compared with the previous run and usable in `max_drop` gates."""

    overall_exact_agreement: Rate = None
    overall_within_one_agreement: Rate = None
    mean_weighted_kappa: Rate = None
    red_line_recall: Rate = None
    red_line_precision: Rate = None
    red_line_f1: Rate = None
    pass_fail_precision: Rate = None
    pass_fail_recall: Rate = None
    evidence_verification_rate: Rate = None
    unscored_rate: Rate = None


class Delta(_Model):
    metric: str
    previous: Rate = None
    current: Rate = None
    change: Rate = Field(default=None, description="current - previous")


class Comparison(_Model):
    previous_run_id: int
    previous_created_at: Optional[str] = None
    previous_grader: dict[str, Optional[str]] = Field(default_factory=dict)
    deltas: list[Delta]


class GateResult(_Model):
    name: str
    status: Literal["pass", "fail", "skipped"]
    value: Rate = None
    threshold: float
    message: str


class EvalReport(_Model):
    schema_version: Literal[1] = SCHEMA_VERSION
    run: RunInfo
    grader: GraderSummary
    headline: Headline
    criteria: list[CriterionAgreement]
    red_lines: RedLineSummary
    pass_fail: PassFailAgreement
    evidence: EvidenceSummary
    unscored: UnscoredSummary
    consistency: Optional[Consistency] = None
    usage: UsageSummary
    disagreements: list[Disagreement]
    errors: list[SampleError]
    comparison: Optional[Comparison] = None
    gates: list[GateResult] = Field(default_factory=list)
    gates_passed: Optional[bool] = Field(default=None, description="null when no gates were configured")
    history_run_id: Optional[int] = None


def report_json_schema() -> dict[str, Any]:
    schema = EvalReport.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Collection Coach evaluation report"
    schema["description"] = "Output of `coach eval` (report.json), schema_version 1. See docs/evaluation.md."
    return schema


def write_report_schema(path: Path | str) -> None:
    Path(path).write_text(json.dumps(report_json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
