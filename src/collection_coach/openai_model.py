"""The OpenAI-compatible ChatModel: the only module that talks to the OpenAI SDK.

One `openai.OpenAI` client per instance (never module-level: Gradio shares module state across users). The
SDK's own retries (connection errors, 408/409/429/5xx with backoff) are configured through `max_retries`, not
re-implemented. Every SDK failure leaves this module as a classified `LLMError` whose text never contains the
API key, and without the SDK exception chained (a provider may echo the key in its error message).
"""

from __future__ import annotations

import re
import time
from typing import Any, Iterator, Literal, Optional

import openai

from .config import Settings, SettingsError
from .llm import ChatModel, Completion, ErrorKind, LLMError, Message

DEFAULT_ENDPOINT = "https://api.openai.com/v1"
# Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the SDK refuses to start without one.
PLACEHOLDER_KEY = "not-needed"
# OpenAI, DeepSeek, Moonshot and DashScope keys start with "sk-"; providers echo (masked) keys in 401 messages.
_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_\-*.]{6,}")
_MAX_DETAIL_CHARS = 400


class OpenAIChatModel:
    """A ChatModel over any OpenAI-compatible `/chat/completions` endpoint."""

    def __init__(
        self,
        model_name: str,
        *,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: float = 60.0,
        max_retries: int = 2,
    ):
        self.model_name = model_name
        self.endpoint = base_url or DEFAULT_ENDPOINT
        key = api_key or (PLACEHOLDER_KEY if base_url else None)
        if not key:
            raise LLMError("auth", "no API key configured: set OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)")
        self._secret = key
        # base_url is passed explicitly so the SDK never falls back to a different OPENAI_BASE_URL from the env.
        self._client = openai.OpenAI(api_key=key, base_url=self.endpoint, timeout=timeout, max_retries=max_retries)

    def __repr__(self) -> str:  # never the key
        return f"OpenAIChatModel(model_name={self.model_name!r}, endpoint={self.endpoint!r})"

    def stream(self, messages: list[Message], *, temperature: float) -> Iterator[str]:
        got_text = False
        try:
            response = self._client.chat.completions.create(  # type: ignore[call-overload]
                model=self.model_name, messages=messages, temperature=temperature, stream=True,
            )
            with response:
                for chunk in response:
                    if not chunk.choices:  # e.g. a trailing usage-only chunk
                        continue
                    delta = chunk.choices[0].delta
                    text = delta.content if delta is not None else None
                    if text:
                        got_text = True
                        yield text
        except openai.OpenAIError as error:
            raise classify_error(error, secret=self._secret) from None
        if not got_text:
            raise LLMError("empty", f"model {self.model_name} streamed no text")

    def complete(
        self, messages: list[Message], *, temperature: float, response_format: Optional[dict[str, Any]] = None
    ) -> Completion:
        extra: dict[str, Any] = {"response_format": response_format} if response_format is not None else {}
        started = time.monotonic()
        try:
            response = self._client.chat.completions.create(  # type: ignore[call-overload]
                model=self.model_name, messages=messages, temperature=temperature, **extra,
            )
        except openai.OpenAIError as error:
            raise classify_error(error, secret=self._secret) from None
        latency = time.monotonic() - started
        try:
            choice = response.choices[0] if response.choices else None
            text = choice.message.content if choice is not None else None
            finish_reason = choice.finish_reason if choice is not None else None
            refusal = getattr(choice.message, "refusal", None) if choice is not None else None
        except AttributeError:  # a proxy answered 200 with something that is not a chat completion
            raise LLMError("other", f"unexpected response from {self.endpoint}: not a chat completion") from None
        if not text or not text.strip():
            why = f"refusal: {refusal}" if refusal else f"finish_reason={finish_reason}"
            raise LLMError("empty", redact(f"model {self.model_name} returned no text ({why})", self._secret))
        usage = response.usage
        return Completion(
            text=text,
            prompt_tokens=(usage.prompt_tokens or 0) if usage else 0,
            completion_tokens=(usage.completion_tokens or 0) if usage else 0,
            latency_s=latency,
            raw={"id": response.id, "model": response.model, "finish_reason": finish_reason},
        )


def _kind_of(error: Exception) -> ErrorKind:
    # Order matters: APITimeoutError is an APIConnectionError; the SDK's status classes are APIStatusErrors.
    if isinstance(error, openai.APITimeoutError):
        return "timeout"
    if isinstance(error, openai.APIConnectionError):
        return "connection"
    if isinstance(error, openai.RateLimitError):
        return "rate_limit"
    if isinstance(error, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return "auth"
    if isinstance(error, openai.NotFoundError):
        return "not_found"
    if isinstance(error, (openai.BadRequestError, openai.UnprocessableEntityError)):
        return "bad_request"
    if isinstance(error, openai.APIStatusError):
        if error.status_code >= 500:
            return "server"
        if error.status_code == 408:
            return "timeout"
    return "other"


def classify_error(error: Exception, *, secret: Optional[str] = None) -> LLMError:
    """Turn an SDK exception into an LLMError; the detail keeps status, request id and a redacted message."""
    status = getattr(error, "status_code", None)
    parts = [type(error).__name__]
    if status is not None:
        parts.append(f"HTTP {status}")
    request_id = getattr(error, "request_id", None)
    if request_id:
        parts.append(f"request_id={request_id}")
    message = getattr(error, "message", None) or str(error)
    detail = redact(f"{', '.join(parts)}: {message}", secret)
    return LLMError(_kind_of(error), detail[:_MAX_DETAIL_CHARS], status_code=status)


def redact(text: str, secret: Optional[str]) -> str:
    """Remove the configured key and anything shaped like a key (providers echo keys in 401 messages)."""
    if secret and secret != PLACEHOLDER_KEY:
        text = text.replace(secret, "***")
    return _KEY_LIKE.sub("sk-***", text)


Role = Literal["roleplay", "grader"]


def build_chat_model(settings: Settings, role: Role) -> Optional[ChatModel]:
    """The configured model for one role, or None when the offline engine is selected."""
    if settings.engine == "offline":
        return None
    if role not in ("roleplay", "grader"):
        raise ValueError(f"role must be 'roleplay' or 'grader', got {role!r}")
    model_name = settings.roleplay_model if role == "roleplay" else (settings.grader_model or settings.roleplay_model)
    if not model_name:
        raise SettingsError(
            "COACH_ENGINE=openai needs COACH_ROLEPLAY_MODEL (and optionally COACH_GRADER_MODEL), "
            "e.g. gpt-4o-mini, deepseek-chat, qwen-plus, qwen2.5:7b"
        )
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else ""
    if not key and not settings.openai_base_url:
        raise SettingsError(
            "COACH_ENGINE=openai needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local server (Ollama, vLLM)"
        )
    return OpenAIChatModel(
        model_name,
        api_key=key or PLACEHOLDER_KEY,
        base_url=settings.openai_base_url,
        timeout=settings.request_timeout,
        max_retries=settings.max_retries,
    )
