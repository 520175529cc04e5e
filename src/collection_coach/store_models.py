"""Records the store returns (SQL lives in `store`)."""

from __future__ import annotations

import json
from typing import Any, Optional

from pydantic import BaseModel, Field, field_validator

from .call_record import CallRecord
from .errors import CoachError
from .grade import Grade
from .transcript import Transcript, Turn

# Session outcomes. A session is `in_progress` until `Store.end_session`; other callers may add outcomes
# of their own (any non-empty string), these are the ones the product uses.
IN_PROGRESS = "in_progress"
ENDED_BY_AGENT = "ended_by_agent"
DEBTOR_HUNG_UP = "debtor_hung_up"


class StoreError(CoachError):
    """A store operation that cannot be done as asked (e.g. adding a turn to an ended call)."""


class SessionNotFoundError(StoreError, KeyError):
    """Unknown session id. A KeyError for callers that look sessions up like a mapping."""

    def __init__(self, session_id: str):
        self.session_id = session_id
        super().__init__(f"no session with id {session_id!r}")

    def __str__(self) -> str:  # KeyError would print the message wrapped in quotes
        return str(self.args[0])


class SessionSummary(BaseModel):
    """One row of a history list."""

    id: str
    trainee: str
    persona_id: str
    started_at: str
    ended_at: Optional[str] = None
    outcome: str
    n_turns: int
    status: Optional[str] = None  # latest grade's status; None = not graded yet
    total: Optional[float] = None
    passed: Optional[bool] = None


class SessionRecord(BaseModel):
    """A whole session: its columns, the call record, every turn, and the latest grade."""

    id: str
    trainee: str
    persona_id: str
    persona_hash: Optional[str] = None
    engine: str
    model: Optional[str] = None
    started_at: str
    ended_at: Optional[str] = None
    outcome: str
    call_record: Optional[CallRecord] = None
    turns: list[Turn] = Field(default_factory=list)
    grade: Optional[Grade] = None

    @property
    def in_progress(self) -> bool:
        return self.outcome == IN_PROGRESS

    def to_transcript(self) -> Transcript:
        """The contract transcript format (what `coach export` writes and `coach grade` reads)."""
        return Transcript(
            id=self.id,
            persona=self.persona_id,
            turns=[turn.model_copy() for turn in self.turns],
            call_note=self.call_record.as_text() if self.call_record else None,
        )


class EvalRunRecord(BaseModel):
    """One `coach eval` run. `report_json` is the evaluation report as JSON text; a dict or pydantic model
    given here is serialised. `gates_passed` is None when no gates were configured."""

    id: Optional[int] = None  # set by the store
    created_at: Optional[str] = None  # set by the store when empty
    sample_set: str
    grader_kind: str
    model: Optional[str] = None
    rubric_version: Optional[str] = None
    prompt_version: Optional[str] = None
    report_json: str = "{}"
    html_path: Optional[str] = None
    gates_passed: Optional[bool] = None

    @field_validator("report_json", mode="before")
    @classmethod
    def _serialise_report(cls, value: Any) -> Any:
        if isinstance(value, BaseModel):
            return value.model_dump_json()
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, str):
            try:
                json.loads(value)
            except json.JSONDecodeError as error:
                raise ValueError(f"report_json is not valid JSON ({error.msg} at {error.pos})") from error
        return value

    def report(self) -> Any:
        """The report parsed back from JSON."""
        return json.loads(self.report_json)
