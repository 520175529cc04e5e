"""通话小结: the trainee's call record, written after the call (courseware 05/06: 记录与跟进)."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

CallOutcome = Literal["承诺还款", "部分还款承诺", "拒绝还款", "非本人接听", "对欠款有异议", "对方挂断", "需再跟进", "其他"]
CALL_OUTCOMES: tuple[str, ...] = CallOutcome.__args__  # type: ignore[attr-defined]


class CallRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: CallOutcome
    promised_amount: Optional[float] = Field(default=None, ge=0, description="承诺还款金额（元）")
    promised_date: Optional[str] = Field(default=None, description="承诺还款日期，如 2026-12-05 或 本月25号")
    next_follow_up: Optional[str] = Field(default=None, description="下次跟进时间")
    notes: str = Field(default="", max_length=2000)

    def as_text(self) -> str:
        """The call_note of the transcript format."""
        parts = [f"结果：{self.outcome}"]
        if self.promised_amount is not None:
            parts.append(f"承诺还款金额：{self.promised_amount:g}元")
        if self.promised_date:
            parts.append(f"承诺还款日期：{self.promised_date}")
        if self.next_follow_up:
            parts.append(f"下次跟进：{self.next_follow_up}")
        if self.notes:
            parts.append(f"备注：{self.notes}")
        return "；".join(parts)
