"""One practice call: turns, hang-up, guards, and persistence of every turn the moment it exists.

`CallState` is plain data (it lives in gr.State, which deep-copies it per browser session); the debtor engine and
the store are passed in, never kept in module globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Literal, Optional

from pydantic import BaseModel, Field

from .call_record import CallRecord
from .debtor import Debtor
from .llm import LLMError
from .transcript import AGENT, DEBTOR, Turn

CallStatus = Literal["idle", "in_call", "hung_up", "ended"]

OUTCOME_IN_PROGRESS = "in_progress"
OUTCOME_ENDED_BY_AGENT = "ended_by_agent"
OUTCOME_DEBTOR_HUNG_UP = "debtor_hung_up"


class CallState(BaseModel):
    session_id: Optional[str] = None
    persona_id: Optional[str] = None
    trainee: str = ""
    engine: str = ""
    model_label: str = ""
    turns: list[Turn] = Field(default_factory=list)
    status: CallStatus = "idle"
    awaiting_reply: bool = False  # the last agent turn got no debtor reply (failed LLM call): retry is possible
    record: Optional[CallRecord] = None

    @property
    def can_talk(self) -> bool:
        return self.status == "in_call"


@dataclass
class CallUpdate:
    """One step of a turn, for the UI: streaming text, a finished reply, or a message to show."""

    state: CallState
    partial: Optional[str] = None  # debtor reply so far (not yet persisted)
    error: Optional[str] = None    # Chinese, safe to show
    notice: Optional[str] = None   # e.g. "对方已挂断电话"


class CallError(Exception):
    """A request the call cannot accept in its current state (message shown to the trainee)."""


class CallService:
    def __init__(self, store, *, max_message_chars: int):
        self.store = store
        self.max_message_chars = max_message_chars

    def start(self, trainee: str, persona_id: str, persona_hash: str, debtor: Debtor) -> CallState:
        trainee = trainee.strip()
        if not trainee:
            raise CallError("请先填写学员姓名。")
        session_id = self.store.create_session(trainee, persona_id, persona_hash, debtor.engine, debtor.model_label)
        opening = debtor.opening()
        self.store.add_turn(session_id, DEBTOR, opening)
        return CallState(
            session_id=session_id, persona_id=persona_id, trainee=trainee, engine=debtor.engine,
            model_label=debtor.model_label, turns=[Turn(role=DEBTOR, text=opening)], status="in_call",
        )

    def check_message(self, state: CallState, text: str) -> str:
        if not state.can_talk:
            if state.status == "hung_up":
                raise CallError("对方已挂断电话，本次通话已结束。请填写通话小结，或点击“新通话”。")
            raise CallError("通话未开始或已结束，请先选择客户并点击“开始通话”。")
        text = text.strip()
        if not text:
            raise CallError("请输入要说的话。")
        if len(text) > self.max_message_chars:
            raise CallError(f"消息过长（{len(text)} 字），单条不能超过 {self.max_message_chars} 字，未发送。")
        return text

    def send(self, state: CallState, text: str, debtor: Debtor) -> Iterator[CallUpdate]:
        """Persist the agent's turn first, then stream the debtor's reply."""
        text = self.check_message(state, text)
        self.store.add_turn(state.session_id, AGENT, text)
        state = state.model_copy(update={"turns": [*state.turns, Turn(role=AGENT, text=text)], "awaiting_reply": True})
        yield CallUpdate(state=state)
        yield from self._reply(state, debtor)

    def retry(self, state: CallState, debtor: Debtor) -> Iterator[CallUpdate]:
        """Ask the debtor again for the last agent turn (after a failed call). Nothing said is lost or repeated."""
        if not state.awaiting_reply or not state.can_talk:
            raise CallError("没有需要重试的回合。")
        yield from self._reply(state, debtor)

    def _reply(self, state: CallState, debtor: Debtor) -> Iterator[CallUpdate]:
        try:
            final = None
            for snapshot in debtor.stream_reply(state.turns):
                if snapshot.done:
                    final = snapshot
                else:
                    yield CallUpdate(state=state, partial=snapshot.text)
        except LLMError as error:
            yield CallUpdate(state=state, error=error.user_message)
            return
        if final is None:
            yield CallUpdate(state=state, error=LLMError("empty").user_message)
            return
        self.store.add_turn(state.session_id, DEBTOR, final.text)
        update = {"turns": [*state.turns, Turn(role=DEBTOR, text=final.text)], "awaiting_reply": False}
        notice = None
        if final.hung_up:
            self.store.end_session(state.session_id, OUTCOME_DEBTOR_HUNG_UP)
            update["status"] = "hung_up"
            notice = "对方已挂断电话，本次通话结束。请填写通话小结。"
        yield CallUpdate(state=state.model_copy(update=update), notice=notice)

    def end(self, state: CallState) -> CallState:
        if state.status == "in_call":
            self.store.end_session(state.session_id, OUTCOME_ENDED_BY_AGENT)
            return state.model_copy(update={"status": "ended", "awaiting_reply": False})
        if state.status in ("hung_up", "ended"):
            return state
        raise CallError("还没有开始通话。")

    def save_record(self, state: CallState, record: CallRecord) -> CallState:
        if state.session_id is None or state.status in ("idle", "in_call"):
            raise CallError("请先结束通话，再填写通话小结。")
        self.store.save_call_record(state.session_id, record)
        return state.model_copy(update={"record": record})
