"""Turns → gr.Chatbot messages, and throttling of streamed updates."""

from __future__ import annotations

import time
from typing import Iterable, Iterator, Optional, TypeVar

from ..transcript import AGENT, Turn

T = TypeVar("T")

# Streaming every token costs ~1 ms of server CPU per chunk and floods the browser; ~10 updates/s reads smoothly.
STREAM_INTERVAL_S = 0.1


def chat_messages(turns: Iterable[Turn], partial: Optional[str] = None) -> list[dict]:
    """The trainee (agent) is the "user" side of the chat, the debtor the "assistant" side."""
    messages = [
        {"role": "user" if turn.role == AGENT else "assistant", "content": turn.text} for turn in turns
    ]
    if partial is not None:
        messages.append({"role": "assistant", "content": partial or "……"})
    return messages


def throttled(updates: Iterable[T], is_final, interval: Optional[float] = None) -> Iterator[T]:
    """Pass through at most one non-final update per `interval`; final updates always pass."""
    interval = STREAM_INTERVAL_S if interval is None else interval  # read at call time: tests may set it to 0
    last = 0.0
    for update in updates:
        now = time.monotonic()
        if is_final(update) or now - last >= interval:
            last = now
            yield update
