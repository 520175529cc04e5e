"""A fake ChatModel behind the project's own interface (like simonw/llm's MockModel.enqueue())."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Optional, Union

from collection_coach.llm import Completion, LLMError, Message

Scripted = Union[str, LLMError]


@dataclass
class RecordedCall:
    method: str
    messages: list[Message]
    temperature: float
    response_format: Optional[dict[str, Any]] = None


@dataclass
class FakeChatModel:
    """Replies are served in order from the queue; an enqueued LLMError is raised instead.

    `stream()` splits a reply into chunks of `chunk_size` characters so streaming consumers see several
    updates. `assert_complete()` fails when scripted replies were left unused.
    """

    model_name: str = "fake-model"
    endpoint: str = "fake://local"
    chunk_size: int = 4
    queue: list[Scripted] = field(default_factory=list)
    calls: list[RecordedCall] = field(default_factory=list)

    def enqueue(self, *replies: Scripted) -> "FakeChatModel":
        self.queue.extend(replies)
        return self

    def _next(self) -> str:
        if not self.queue:
            raise AssertionError("FakeChatModel: no scripted reply left for this call")
        item = self.queue.pop(0)
        if isinstance(item, LLMError):
            raise item
        return item

    def stream(self, messages: list[Message], *, temperature: float) -> Iterator[str]:
        self.calls.append(RecordedCall("stream", [dict(m) for m in messages], temperature))
        text = self._next()
        for start in range(0, len(text), self.chunk_size):
            yield text[start:start + self.chunk_size]

    def complete(
        self, messages: list[Message], *, temperature: float, response_format: Optional[dict[str, Any]] = None
    ) -> Completion:
        self.calls.append(RecordedCall("complete", [dict(m) for m in messages], temperature, response_format))
        text = self._next()
        return Completion(text=text, prompt_tokens=sum(len(m["content"]) for m in messages), completion_tokens=len(text))

    def assert_complete(self) -> None:
        assert not self.queue, f"FakeChatModel: {len(self.queue)} scripted replies were never used"
