"""Helpers for the `coach eval` tests: a tiny synthetic labelled sample folder, scripted graders and a
minimal report. Independent of samples/ (those files are written and tuned by other people)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from collection_coach.eval_report_model import (
    CriterionAgreement, EvalReport, EvidenceSummary, GraderSummary, Headline, PassFailAgreement, RedLineAgreement,
    RedLineSummary, RunInfo, UnscoredSummary, UsageSummary,
)
from collection_coach.grade import CriterionResult, Evidence, Grade, GraderInfo, RedLineHit
from collection_coach.transcript import Transcript

GOOD_CALL = [
    ("debtor", "喂？"),
    ("agent", "您好，我是安信银行信用卡中心的客服专员，我姓林，工号3721。请问是陈晓梅陈女士本人吗？"),
    ("debtor", "我是，什么事？"),
    ("agent", "为了保护您的信息安全，麻烦核对一下您身份证号后四位。"),
    ("debtor", "0428。"),
    ("agent", "核对无误。您尾号6612的信用卡本期账单4860元，已经逾期三天了，是遇到什么不方便了吗？"),
    ("debtor", "出差忙忘了，我今天中午就还。"),
    ("agent", "理解。跟您确认一下：今天中午12点前通过手机银行还款4860元，对吧？感谢配合，再见。"),
]
PERSONAL_ACCOUNT_CALL = GOOD_CALL[:5] + [
    ("agent", "您尾号6612的信用卡欠款4860元。这样吧，你直接转到我个人微信，我帮你处理，比较快。"),
    ("debtor", "转给你个人？这不太好吧。"),
    ("agent", "没事的，今天转过来就行，再见。"),
]


def turns(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"role": role, "text": text} for role, text in pairs]


def write_sample(folder: Path, name: str, sample_turns: list[tuple[str, str]], labels: dict, **extra) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = {"id": Path(name).stem, "turns": turns(sample_turns), "labels": labels, **extra}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def labels(levels: dict[str, Optional[int]], red_lines: dict[str, list[int]] | None = None,
           passed: Optional[bool] = True) -> dict:
    red_lines = red_lines or {}
    return {"criteria": levels, "red_lines": list(red_lines), "red_line_turns": red_lines, "passed": passed}


def grade(transcript_id: str, levels: dict[str, Optional[int]], *, red_lines: dict[str, int] | None = None,
          passed: Optional[bool] = True, status: str = "graded", model: Optional[str] = None,
          usage: dict[str, float] | None = None, unsupported: tuple[str, ...] = (), reason: str | None = None,
          kind: str = "rules") -> Grade:
    """A grade as a grader would return it; every scored criterion cites turn 1 unless marked unsupported."""
    criteria = [
        CriterionResult(id=cid, level=level, supported=cid not in unsupported,
                        evidence=[] if cid in unsupported or level is None else [Evidence(turn=1, quote="您好")])
        for cid, level in levels.items()
    ]
    hits = [RedLineHit(id=rid, turn=turn, quote="…", source="rules") for rid, turn in (red_lines or {}).items()]
    scored = status == "graded"
    return Grade(id=transcript_id, status=status, total=80.0 if scored else None, passed=passed if scored else None,
                 red_lines=hits, criteria=criteria, reason=reason, usage=usage or {},
                 grader=GraderInfo(kind=kind, model=model, rubric_version="rubric-v1", prompt_version=None))


class ScriptedGrader:
    """grade_fn returning a prepared Grade per transcript id (a list: one per repeat, in call order)."""

    def __init__(self, grades: dict[str, list[Grade] | Grade]):
        self.grades = {key: value if isinstance(value, list) else [value] for key, value in grades.items()}
        self.calls: dict[str, int] = {}

    def __call__(self, transcript: Transcript) -> Grade:
        count = self.calls.get(transcript.id, 0)
        self.calls[transcript.id] = count + 1
        prepared = self.grades[transcript.id]
        return prepared[min(count, len(prepared) - 1)]


def minimal_report(**sections) -> EvalReport:
    """A schema-valid report with neutral values; pass sections (e.g. red_lines=...) to override."""
    parts = dict(
        run=RunInfo(started_at="2025-01-01T00:00:00+00:00", duration_s=0.1, paths=["x"], sample_set="samples-test",
                    samples_found=10, samples_loaded=10, repeat=1, concurrency=1, offline=True),
        grader=GraderSummary(kind="rules"), headline=Headline(),
        criteria=[CriterionAgreement(id="opening", n=10, na_mismatch=0, weighted_kappa=0.6)],
        red_lines=RedLineSummary(overall=RedLineAgreement(id="all", tp=9, fp=1, fn=1, precision=0.9, recall=0.9),
                                 per_red_line=[]),
        pass_fail=PassFailAgreement(n=10, tp=0, fp=0, fn=0),
        evidence=EvidenceSummary(cited=0, verified=0),
        unscored=UnscoredSummary(attempts=10, unscored=0, crashed=0, rate=0.0),
        usage=UsageSummary(grades=10, prompt_tokens=0, completion_tokens=0), disagreements=[], errors=[],
    )
    parts.update(sections)
    return EvalReport(**parts)
