"""The LLM boundary: the one narrow interface every model-backed feature uses.

Implementations: `openai_model.OpenAIChatModel` (any OpenAI-compatible endpoint) and, in tests, a fake
model. Structured output (json_schema → json_object → plain text) is built on `complete()` in `structured`.
No module-level client: Gradio shares module state across all users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Literal, Optional, Protocol

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}

ErrorKind = Literal[
    "timeout", "rate_limit", "auth", "not_found", "bad_request", "server", "connection", "empty", "other",
]

# Chinese messages shown in the chat / report; they never include the API key or raw provider text.
USER_MESSAGES: dict[str, str] = {
    "timeout": "大模型响应超时，请稍后点击“重试上一轮”。",
    "rate_limit": "大模型服务繁忙（请求过于频繁，429），请稍后点击“重试上一轮”。",
    "auth": "大模型鉴权失败（API Key 无效或无权限），请管理员检查 OPENAI_API_KEY。",
    "not_found": "找不到所配置的模型或接口地址，请管理员检查 COACH_ROLEPLAY_MODEL / COACH_GRADER_MODEL 和 OPENAI_BASE_URL。",
    "bad_request": "大模型拒绝了这次请求（参数不被支持），请管理员检查模型配置。",
    "server": "大模型服务暂时出错（5xx，已自动重试），请稍后点击“重试上一轮”。",
    "connection": "无法连接大模型服务，请检查网络或 OPENAI_BASE_URL，然后点击“重试上一轮”。",
    "empty": "大模型没有返回内容，请点击“重试上一轮”。",
    "other": "调用大模型时出错，请稍后点击“重试上一轮”。",
}


class LLMError(Exception):
    """A failed model call, classified. `user_message` is safe to show; `detail` is for logs."""

    def __init__(self, kind: ErrorKind, detail: str = "", status_code: Optional[int] = None):
        self.kind = kind
        self.detail = detail
        self.status_code = status_code
        super().__init__(f"{kind}: {detail}" if detail else kind)

    @property
    def user_message(self) -> str:
        return USER_MESSAGES[self.kind]


@dataclass
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    raw: dict[str, Any] = field(default_factory=dict)


class ChatModel(Protocol):
    """What the rest of the code may ask of a model."""

    model_name: str
    endpoint: str  # base URL or "fake:…": structured-output capability is remembered per endpoint + model

    def stream(self, messages: list[Message], *, temperature: float) -> Iterator[str]:
        """Yield text deltas of one assistant reply. Raises LLMError."""
        ...

    def complete(
        self, messages: list[Message], *, temperature: float, response_format: Optional[dict[str, Any]] = None
    ) -> Completion:
        """One whole reply; `response_format` is passed through as the OpenAI parameter. Raises LLMError."""
        ...
