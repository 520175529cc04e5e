"""Labels and numbers shared by the Markdown, HTML and SVG renderings of a Grade (no markup here).

Turn numbers shown to people are 1-based: turn index 0 of the transcript is 第1轮, and HTML anchors use the same
number (`#turn-1`), so what a trainee reads and where a link lands always agree.
"""

from __future__ import annotations

from typing import Optional

from .grade import CriterionResult, Grade
from .rubric_model import Rubric

LEVEL_LABELS: dict[Optional[int], str] = {2: "完全达到", 1: "部分达到", 0: "未达到", None: "不适用"}
HIT_SOURCE_LABELS = {"rules": "规则检测", "llm": "大模型判定"}
GRADER_KIND_LABELS = {"rules": "规则评分", "llm": "大模型评分"}
ROLE_LABELS = {"agent": "坐席（学员）", "debtor": "客户"}
TITLE = "通话评分报告"
UNSUPPORTED_NOTE = "评分给出的引文在通话中找不到，本项按证据不足处理。"

# Red-line names are part of the contract (design.md); used when no rubric is at hand, since a red-line hit
# carries only its id and "threat_intimidation" means nothing to a trainee.
RED_LINE_NAMES = {
    "threat_intimidation": "威胁恐吓",
    "insult_abuse": "侮辱谩骂",
    "impersonation": "冒充公检法/政府/律师",
    "false_consequence": "虚构或夸大后果",
    "third_party_disclosure": "向第三方透露或威胁透露欠款",
    "improper_payment": "要求转入个人账户/额外收费/诱导以贷还贷",
    "harassment": "骚扰",
}


def fmt_points(value: Optional[float]) -> str:
    """72.5 → "72.5", 5.0 → "5"."""
    if value is None:
        return "—"
    return f"{round(value, 1):g}"


def turn_number(index: int) -> int:
    return index + 1


def criterion_name(result: CriterionResult, rubric: Optional[Rubric] = None) -> str:
    if result.name:
        return result.name
    if rubric is not None:
        try:
            return rubric.criterion(result.id).name
        except KeyError:
            pass
    return result.id


def red_line_name(red_line_id: str, rubric: Optional[Rubric] = None) -> str:
    if rubric is not None:
        try:
            return rubric.red_line(red_line_id).name
        except KeyError:
            pass
    return RED_LINE_NAMES.get(red_line_id, red_line_id)


def level_label(level: Optional[int]) -> str:
    return LEVEL_LABELS.get(level, str(level))


def max_total(grade: Grade) -> float:
    """Points available; 100 with the default rubric. Falls back to 100 when no criterion carries a maximum."""
    available = sum(result.max_points for result in grade.criteria)
    return available if available > 0 else 100.0


def verdict(grade: Grade) -> str:
    if grade.status == "unscored" or grade.passed is None:
        return "未评分"
    return "通过" if grade.passed else "未通过"


def unscored_text(grade: Grade) -> str:
    return f"未评分（原因：{grade.reason or '评分未能完成'}）"


def pass_mark_text(rubric: Optional[Rubric]) -> Optional[str]:
    return f"及格线 {fmt_points(rubric.pass_mark)} 分" if rubric is not None else None


def red_line_summary(grade: Grade) -> str:
    return f"触发 {len(grade.red_lines)} 处合规红线，本次通话不合格。"


def grader_text(grade: Grade) -> str:
    info = grade.grader
    parts = [f"评分方式：{GRADER_KIND_LABELS.get(info.kind, info.kind)}"]
    if info.model:
        parts.append(f"模型：{info.model}")
    if info.temperature is not None:
        parts.append(f"温度：{fmt_points(info.temperature)}")
    parts.append(f"评分标准版本：{info.rubric_version}")
    if info.prompt_version:
        parts.append(f"提示词版本：{info.prompt_version}")
    return " · ".join(parts)
