"""Structured output on top of `ChatModel.complete()`, for any OpenAI-compatible provider.

Providers differ (OpenAI: strict json_schema; DeepSeek/Moonshot: json_object only; vLLM may ignore a schema), so
one call walks a fallback chain, json_schema → json_object (schema in the prompt) → text (first JSON object
extracted), and always validates with pydantic itself, re-asking with the validation error up to `max_repairs`
times. A server that refuses a `response_format` (400/422, or 5xx once the SDK's retries are spent) moves the call
to the next mode; the mode that the server accepted is remembered per (endpoint, model) in a `CapabilityCache`
owned by the app, so later calls don't pay for the refused step again. The cache only ever moves down the chain
for the life of the process: a restart tries json_schema again.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import describe_validation_error
from .json_output import extract_json_object, strict_json_schema
from .llm import ChatModel, LLMError, Message

log = logging.getLogger(__name__)

Mode = Literal["json_schema", "json_object", "text"]
MODES: tuple[Mode, ...] = ("json_schema", "json_object", "text")
# Errors that mean "this response_format is not supported here" rather than "this call cannot work".
_REFUSAL_KINDS = ("bad_request", "server")

T = TypeVar("T", bound=BaseModel)


class CapabilityCache:
    """Which structured-output mode each (endpoint, model) accepted. Thread-safe; one per app, not a global."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._modes: dict[tuple[str, str], Mode] = {}

    def get(self, endpoint: str, model_name: str) -> Optional[Mode]:
        with self._lock:
            return self._modes.get((endpoint, model_name))

    def remember(self, endpoint: str, model_name: str, mode: Mode) -> None:
        with self._lock:
            self._modes[(endpoint, model_name)] = mode


@dataclass
class StructuredResult(Generic[T]):
    value: T
    mode_used: Mode
    attempts: int  # model calls made, refused ones included
    prompt_tokens: int = 0
    completion_tokens: int = 0
    raw_texts: list[str] = field(default_factory=list)  # every reply received, in order


class StructuredOutputError(LLMError):
    """No valid object after every allowed attempt. kind is "other"; `reason` says why (for an unscored grade)."""

    def __init__(self, reason: str, raw_texts: list[str], *, attempts: int = 0, mode: Optional[Mode] = None):
        super().__init__("other", reason)
        self.reason = reason
        self.raw_texts = raw_texts
        self.attempts = attempts
        self.mode = mode


class _InvalidReply(ValueError):
    """A reply that did not yield a valid object; the message is fed back to the model."""


@dataclass
class _Tally:
    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    raw_texts: list[str] = field(default_factory=list)


def structured_call(
    model: ChatModel,
    messages: list[Message],
    schema: type[T],
    *,
    temperature: float,
    max_repairs: int = 2,
    capabilities: Optional[CapabilityCache] = None,
) -> StructuredResult[T]:
    """Ask for one object of `schema`. Raises StructuredOutputError, or LLMError for non-format failures."""
    if max_repairs < 0:
        raise ValueError(f"max_repairs must be 0 or more, got {max_repairs}")
    strict_schema = strict_json_schema(schema)
    modes = [mode for mode in MODES if mode != "json_schema" or strict_schema is not None]
    remembered = capabilities.get(model.endpoint, model.model_name) if capabilities else None
    if remembered in modes:
        modes = modes[modes.index(remembered):]
    tally = _Tally()
    for mode in modes:
        try:
            value = _call_in_mode(model, messages, schema, mode, strict_schema, temperature, max_repairs, tally,
                                  capabilities)
        except _Refused as refusal:
            log.warning("%s @ %s refused response_format %s (%s); trying the next mode",
                        model.model_name, model.endpoint, mode, refusal.error)
            continue
        return StructuredResult(value, mode, tally.attempts, tally.prompt_tokens, tally.completion_tokens,
                                tally.raw_texts)
    # Unreachable in practice: the text mode sends no response_format, so nothing there counts as a refusal.
    raise StructuredOutputError("every structured-output mode was refused", tally.raw_texts, attempts=tally.attempts)


class _Refused(Exception):
    def __init__(self, error: LLMError):
        self.error = error


def _call_in_mode(
    model: ChatModel, messages: list[Message], schema: type[T], mode: Mode, strict_schema: Optional[dict[str, Any]],
    temperature: float, max_repairs: int, tally: _Tally, capabilities: Optional[CapabilityCache],
) -> T:
    """One mode: the first call, then up to `max_repairs` re-asks. Raises _Refused, StructuredOutputError, LLMError."""
    response_format = _response_format(mode, schema, strict_schema)
    conversation = _with_format_instructions(messages, schema) if mode != "json_schema" else list(messages)
    for attempt in range(1 + max_repairs):
        tally.attempts += 1
        try:
            completion = model.complete(conversation, temperature=temperature, response_format=response_format)
            text = completion.text
            tally.prompt_tokens += completion.prompt_tokens
            tally.completion_tokens += completion.completion_tokens
        except LLMError as error:
            # Only the first call of a mode can be a refusal: once the server accepted this format, a later 400
            # (say, a context grown too long by re-asks) is a real error, not a capability.
            if attempt == 0 and response_format is not None and error.kind in _REFUSAL_KINDS:
                raise _Refused(error) from None
            if error.kind != "empty":
                raise
            text = ""
        if attempt == 0 and capabilities is not None:
            capabilities.remember(model.endpoint, model.model_name, mode)
        tally.raw_texts.append(text)
        try:
            return parse_reply(text, schema)
        except _InvalidReply as problem:
            if attempt == max_repairs:
                raise StructuredOutputError(
                    f"no valid {schema.__name__} after {attempt + 1} attempts in {mode} mode: {problem}",
                    tally.raw_texts, attempts=tally.attempts, mode=mode,
                ) from None
            repeat_schema = schema if mode == "json_schema" else None  # the server may have ignored it
            conversation = conversation + _repair_messages(text, str(problem), repeat_schema)
    raise AssertionError("unreachable: the loop returns or raises")


def parse_reply(text: str, schema: type[T]) -> T:
    """The first JSON object in `text`, validated against `schema`; _InvalidReply says what is wrong."""
    if not text.strip():
        raise _InvalidReply("回复为空")
    try:
        data = extract_json_object(text)
    except ValueError as error:
        raise _InvalidReply(str(error)) from None
    try:
        return schema.model_validate(data)
    except ValidationError as error:
        raise _InvalidReply(f"JSON 不符合要求：{describe_validation_error(error)}") from None


def _response_format(
    mode: Mode, schema: type[BaseModel], strict_schema: Optional[dict[str, Any]]
) -> Optional[dict[str, Any]]:
    if mode == "json_schema":
        name = re.sub(r"[^a-zA-Z0-9_-]", "_", schema.__name__)[:64]
        return {"type": "json_schema", "json_schema": {"name": name, "schema": strict_schema, "strict": True}}
    if mode == "json_object":
        return {"type": "json_object"}
    return None


def _schema_text(schema: type[BaseModel]) -> str:
    return json.dumps(schema.model_json_schema(), ensure_ascii=False, separators=(", ", ": "))


def _with_format_instructions(messages: list[Message], schema: type[BaseModel]) -> list[Message]:
    """Append the schema to the final user message (json_object needs "JSON" in the prompt; keeps roles alternating)."""
    instructions = (
        "请只输出一个 JSON 对象，不要输出任何其他文字或代码块标记。该 JSON 必须符合下面的 JSON Schema：\n"
        f"{_schema_text(schema)}"
    )
    conversation = [dict(message) for message in messages]
    if conversation and conversation[-1]["role"] == "user":
        conversation[-1]["content"] = f"{conversation[-1]['content']}\n\n{instructions}"
    else:
        conversation.append({"role": "user", "content": instructions})
    return conversation


def _repair_messages(bad_text: str, problem: str, schema: Optional[type[BaseModel]]) -> list[Message]:
    """The bad reply and what was wrong with it; in json_schema mode also the schema (a server may ignore it)."""
    request = f"你上一条回复无法使用：{problem}\n请重新回答，只输出一个符合要求的 JSON 对象。"
    if schema is not None:
        request += f"\nJSON Schema：\n{_schema_text(schema)}"
    repair: list[Message] = [{"role": "assistant", "content": bad_text}] if bad_text.strip() else []
    return repair + [{"role": "user", "content": request}]
