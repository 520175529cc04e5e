"""The LLM judge: prompts from files, a delimited transcript, structured output validated with pydantic.

It only produces *claims* (levels, quotes, red lines); `grading` checks every quote against the transcript and
computes the numbers.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Optional

from .judge_models import JudgeOutput
from .llm import ChatModel, Message
from .persona_model import CATEGORY_LABELS, Persona
from .prompts import PromptLibrary
from .rubric_model import Rubric
from .structured import CapabilityCache, structured_call
from .transcript import Transcript
from .transcript_render import RenderedTranscript, render_for_judge

SYSTEM_TEMPLATE = "judge_system"
USER_TEMPLATE = "judge_user"
JUDGE_TEMPLATES = (SYSTEM_TEMPLATE, USER_TEMPLATE)


@dataclass
class JudgeRun:
    output: JudgeOutput
    rendered: RenderedTranscript
    mode_used: str
    prompt_tokens: int
    completion_tokens: int
    latency_s: float


def _case_summary(persona: Optional[Persona]) -> str:
    if persona is None:
        return ""
    case = persona.case_file
    return (f"{case.institution} {case.product}，应还 {case.amount_due:g} 元，逾期 {case.overdue_days} 天；"
            f"借款人 {case.customer_name}")


def judge_messages(
    prompts: PromptLibrary, transcript: Transcript, rubric: Rubric, persona: Optional[Persona] = None
) -> tuple[list[Message], RenderedTranscript]:
    rendered = render_for_judge(transcript)
    category = persona.category if persona else (transcript.persona or "")
    system = prompts.render(SYSTEM_TEMPLATE, open_tag=rendered.open_tag, close_tag=rendered.close_tag)
    user = prompts.render(
        USER_TEMPLATE,
        persona_category=CATEGORY_LABELS.get(category, category or "未知"),
        case_summary=_case_summary(persona),
        call_note=transcript.call_note or "（未填写）",
        transcript=rendered.text,
        rubric=rubric,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}], rendered


def run_judge(
    model: ChatModel,
    prompts: PromptLibrary,
    transcript: Transcript,
    rubric: Rubric,
    *,
    temperature: float,
    capabilities: Optional[CapabilityCache] = None,
    persona: Optional[Persona] = None,
) -> JudgeRun:
    """Raises LLMError (incl. StructuredOutputError) when no valid judgement could be had."""
    messages, rendered = judge_messages(prompts, transcript, rubric, persona)
    started = time.monotonic()
    result = structured_call(model, messages, JudgeOutput, temperature=temperature, capabilities=capabilities)
    return JudgeRun(result.value, rendered, result.mode_used, result.prompt_tokens, result.completion_tokens,
                    time.monotonic() - started)
