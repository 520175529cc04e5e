"""Compare the trainee's call record (通话小结) with what the debtor actually agreed to in the call.

Courseware 05/06: every call is recorded accurately for follow-up. A noted promise-to-pay that the debtor never
agreed to (or a different amount or day) misleads whoever calls next, so the report shows the mismatch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .amounts import amounts, chinese_number
from .grade import CallNoteIssue
from .normalize import normalised
from .transcript import AGENT, DEBTOR, Transcript

_AGREES = re.compile(r"(好的?|行|可以|没问题|成|那就这样|就这么定|一定还|我会还|尽量|答应)")
_REFUSES = re.compile(r"(不行|不可以|不可能|没钱|还不了|拿不出|做不到|不同意|不还|别想)")
_NOTE_AMOUNT = re.compile(r"承诺还款金额[:：]\s*([0-9.,]+)")
_NOTE_DATE = re.compile(r"承诺还款日期[:：]\s*([^；;]+)")
_DAY = re.compile(r"([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*[号日]")
_NO_PROMISE_OUTCOMES = ("拒绝还款", "非本人接听", "对方挂断")


@dataclass
class Agreement:
    amount: Optional[float]
    context: str  # the agent offer and the debtor's yes, for dates and for the message


def agreed_plan(transcript: Transcript) -> Optional[Agreement]:
    """The last amount the debtor said yes to: an agent offer with an amount, answered by an agreeing debtor turn,
    or a debtor's own offer with an amount that the debtor states as a commitment."""
    found = None
    turns = transcript.turns
    for index, turn in enumerate(turns):
        if turn.role != DEBTOR:
            continue
        answer = normalised(turn.text)
        if not _AGREES.search(answer) or _REFUSES.search(answer):
            continue
        own = amounts(turn.text)
        if own:
            found = Agreement(own[-1], turn.text)
            continue
        previous = next((turns[i] for i in range(index - 1, -1, -1) if turns[i].role == AGENT), None)
        offered = amounts(previous.text) if previous else []
        if offered:
            found = Agreement(offered[-1], f"{previous.text} / {turn.text}")
    return found


def _days(text: str) -> set[int]:
    days = set()
    for match in _DAY.finditer(text):
        raw = match.group(1)
        value = int(raw) if raw.isdigit() else chinese_number(raw)
        if value:
            days.add(int(value))
    return days


def _noted(note: str) -> tuple[Optional[float], Optional[str]]:
    amount_match = _NOTE_AMOUNT.search(note)
    date_match = _NOTE_DATE.search(note)
    amount = float(amount_match.group(1).replace(",", "")) if amount_match else None
    if amount is None and "承诺" in note:
        listed = amounts(note)
        amount = listed[0] if listed else None
    return amount, date_match.group(1).strip() if date_match else None


def check_call_note(transcript: Transcript) -> list[CallNoteIssue]:
    note = (transcript.call_note or "").strip()
    if not note:
        return []
    noted_amount, noted_date = _noted(note)
    agreement = agreed_plan(transcript)
    issues: list[CallNoteIssue] = []
    if noted_amount is not None and agreement is None:
        issues.append(CallNoteIssue(field="promised_amount", noted=f"{noted_amount:g}", actual=None,
                                    message=f"小结记录承诺还款 {noted_amount:g} 元，但通话中对方没有明确同意任何还款金额。"))
    elif noted_amount is not None and agreement.amount is not None and abs(noted_amount - agreement.amount) > 0.5:
        issues.append(CallNoteIssue(field="promised_amount", noted=f"{noted_amount:g}", actual=f"{agreement.amount:g}",
                                    message=f"小结金额 {noted_amount:g} 元与通话中对方同意的 {agreement.amount:g} 元不一致。"))
    elif noted_amount is None and agreement is not None and agreement.amount is not None \
            and not any(outcome in note for outcome in _NO_PROMISE_OUTCOMES):
        issues.append(CallNoteIssue(field="promised_amount", noted=None, actual=f"{agreement.amount:g}",
                                    message=f"通话中对方同意还款 {agreement.amount:g} 元，小结中没有记录承诺金额。"))
    if noted_date and agreement is not None:
        noted_days, actual_days = _days(noted_date), _days(agreement.context)
        if noted_days and actual_days and not noted_days & actual_days:
            issues.append(CallNoteIssue(
                field="promised_date", noted=noted_date, actual="、".join(f"{day}号" for day in sorted(actual_days)),
                message=f"小结日期“{noted_date}”与通话中约定的日期不一致。"))
    return issues
