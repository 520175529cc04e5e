"""An LLM playing the collector (坐席) in self-play, with one of three policies: good / careless / violating.

It sees only what a trainee sees — the public case file (`personas.case_file_markdown`) and the call so far —
never the persona's hidden profile, so a good result means the persona can be won the way a trainee would win
it. The model ends the call by appending END_MARKER; the farewell before the marker is still spoken, and the
next `next_turn` returns None. Same interface as `scripted_agent.ScriptedAgent`.
"""

from __future__ import annotations

import re
from typing import Literal, Optional, Sequence

from .llm import ChatModel, LLMError, Message
from .persona_model import Persona
from .personas import case_file_markdown
from .prompts import PromptLibrary
from .tokens import trim_history
from .transcript import AGENT, Turn

AgentPolicy = Literal["good", "careless", "violating"]
AGENT_POLICIES: tuple[AgentPolicy, ...] = ("good", "careless", "violating")
POLICY_LABELS: dict[str, str] = {
    "good": "规范坐席（按课件五步）",
    "careless": "敷衍坐席（不自报家门、不核身、催款含糊、无同理心）",
    "violating": "违规坐席（正常开场后触碰红线）",
}

SYSTEM_TEMPLATE = "agent_system"
END_MARKER = "[结束通话]"
# A label the model sometimes puts in front of its line ("坐席：…"): it is not part of what is said.
_SPEAKER_LABEL = re.compile(r"^\s*(?:坐席|催收员|催收坐席|客服|学员|我|agent|collector)\s*[:：]\s*", re.IGNORECASE)


def render_agent_prompt(prompts: PromptLibrary, policy: str, persona: Persona) -> str:
    if policy not in POLICY_LABELS:
        raise ValueError(f"unknown agent policy {policy!r}; expected one of {', '.join(AGENT_POLICIES)}")
    case = persona.case_file
    return prompts.render(
        SYSTEM_TEMPLATE,
        policy=policy,
        policy_label=POLICY_LABELS[policy],
        case_file=case_file_markdown(persona),
        institution=case.institution,
        customer_name=case.customer_name,
        end_marker=END_MARKER,
    )


def agent_history(turns: Sequence[Turn]) -> list[Message]:
    """Agent → assistant, debtor → user: from this model's point of view it *is* the collector."""
    return [{"role": "assistant" if turn.role == AGENT else "user", "content": turn.text} for turn in turns]


def split_end_marker(text: str) -> tuple[str, bool]:
    """(what is said, ends the call). Anything after the marker is dropped: the agent has hung up."""
    index = text.find(END_MARKER)
    if index < 0:
        return text.strip(), False
    return text[:index].strip(), True


class LLMAgent:
    """One instance plays one call; `next_turn` returns the agent's next line, or None to end the call."""

    def __init__(self, policy: str, persona: Persona, model: ChatModel, prompts: PromptLibrary, *,
                 temperature: float, token_budget: Optional[int] = None):
        self.system_prompt = render_agent_prompt(prompts, policy, persona)  # fails early on a bad template
        self.policy = policy
        self.persona = persona
        self.model = model
        self.temperature = temperature
        self.token_budget = token_budget
        self._farewell: Optional[str] = None  # the line said together with END_MARKER

    def build_messages(self, turns: Sequence[Turn]) -> list[Message]:
        system: Message = {"role": "system", "content": self.system_prompt}
        history = agent_history(turns)
        if self.token_budget is None:
            return [system] + history
        return trim_history(system, history, self.token_budget, keep_first=1)

    def next_turn(self, turns: Sequence[Turn]) -> Optional[str]:
        """Raises llm.LLMError when the model fails or says nothing at all."""
        if self._farewell is not None and self._last_agent_text(turns) == self._farewell:
            return None  # the farewell was spoken and answered: hang up
        completion = self.model.complete(self.build_messages(turns), temperature=self.temperature)
        spoken, ends = split_end_marker(_SPEAKER_LABEL.sub("", completion.text.strip(), count=1))
        if not ends and not spoken:
            raise LLMError("empty", f"agent model {self.model.model_name} returned no text")
        if ends:
            if not spoken:
                return None
            self._farewell = spoken
        return spoken

    @staticmethod
    def _last_agent_text(turns: Sequence[Turn]) -> Optional[str]:
        for turn in reversed(turns):
            if turn.role == AGENT:
                return turn.text
        return None
