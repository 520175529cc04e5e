"""The LLM role-play debtor: renders the persona into a system prompt, streams the reply, stays in character."""

from __future__ import annotations

from typing import Iterator, Sequence

from .debtor import DebtorReply
from .llm import ChatModel, Message
from .persona_model import Persona
from .prompts import PromptLibrary
from .role_guard import (
    HANG_UP_MARKER, role_slip_reason, split_hang_up, strip_speaker_label, visible_while_streaming,
)
from .tokens import trim_history
from .transcript import AGENT, Turn

SYSTEM_TEMPLATE = "debtor_system"
REMINDER_TEMPLATE = "debtor_reminder"
# Checked before anything is shown: most role slips announce themselves in the first few characters.
EARLY_CHECK_CHARS = 12
MAX_REGENERATIONS = 1


def render_system_prompt(prompts: PromptLibrary, persona: Persona) -> str:
    return prompts.render(
        SYSTEM_TEMPLATE,
        case_file=persona.case_file,
        hidden=persona.hidden,
        category_label=persona.category_label,
        difficulty=persona.difficulty,
        hang_up_marker=HANG_UP_MARKER,
    )


def history_messages(turns: Sequence[Turn]) -> list[Message]:
    """Agent → user, debtor → assistant: from the model's point of view it *is* the debtor."""
    return [{"role": "user" if turn.role == AGENT else "assistant", "content": turn.text} for turn in turns]


class LLMDebtor:
    engine = "openai"

    def __init__(
        self, persona: Persona, model: ChatModel, prompts: PromptLibrary, *, temperature: float, token_budget: int
    ):
        self.persona = persona
        self.model = model
        self.prompts = prompts
        self.temperature = temperature
        self.token_budget = token_budget
        self.model_label = model.model_name

    def opening(self) -> str:
        return self.persona.opening_line

    def build_messages(self, turns: Sequence[Turn], reminder: str | None = None) -> list[Message]:
        system: Message = {"role": "system", "content": render_system_prompt(self.prompts, self.persona)}
        messages = trim_history(system, history_messages(turns), self.token_budget, keep_first=1)
        if reminder:
            messages = messages + [{"role": "system", "content": reminder}]
        return messages

    def stream_reply(self, turns: Sequence[Turn]) -> Iterator[DebtorReply]:
        notes: list[str] = []
        reminder = None
        for attempt in range(MAX_REGENERATIONS + 1):
            text = ""
            slipped = None
            for delta in self.model.stream(self.build_messages(turns, reminder), temperature=self.temperature):
                text += delta
                cleaned = strip_speaker_label(text)
                if len(cleaned) < EARLY_CHECK_CHARS:
                    continue
                slipped = role_slip_reason(cleaned)
                if slipped:
                    break
                yield DebtorReply(text=visible_while_streaming(cleaned), notes=list(notes))
            cleaned = strip_speaker_label(text).strip()
            slipped = slipped or role_slip_reason(cleaned)
            if not slipped and cleaned:
                visible, hung_up = split_hang_up(cleaned)
                yield DebtorReply(text=visible or "……", hung_up=hung_up, done=True, notes=notes)
                return
            notes.append(f"第{attempt + 1}次回复跳出角色（{slipped or '空回复'}），已重新生成")
            reminder = self.prompts.render(
                REMINDER_TEMPLATE, reason=slipped or "空回复", case_file=self.persona.case_file,
                hidden=self.persona.hidden,
            )
        # Still out of character: say something neutral in character rather than show an assistant's text.
        yield DebtorReply(text="……你刚才说什么？我没听清。", done=True, notes=notes + ["多次跳出角色，已用兜底台词"])
