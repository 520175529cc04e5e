"""OpenAIChatModel over real HTTP: the real SDK against the local stub server (no network)."""

from __future__ import annotations

import socket
import traceback

import pytest
from openai_stub_server import Delay, HttpError, Reply

from collection_coach.config import SettingsError, load_settings
from collection_coach.llm import LLMError
from collection_coach.openai_model import DEFAULT_ENDPOINT, OpenAIChatModel, build_chat_model

KEY = "sk-test-SECRET-0123456789abcdef"
HELLO = [{"role": "user", "content": "您好，请问是张先生吗？"}]


def make_model(stub, *, timeout: float = 2.0, max_retries: int = 0) -> OpenAIChatModel:
    return OpenAIChatModel("stub-model", api_key=KEY, base_url=stub.base_url, timeout=timeout, max_retries=max_retries)


def test_stream_yields_several_deltas_and_skips_the_usage_chunk(openai_stub):
    openai_stub.enqueue(Reply("又是你们？我现在真的没钱，别再打了。", chunks=4))
    deltas = list(make_model(openai_stub).stream(HELLO, temperature=0.7))
    assert len(deltas) == 4
    assert "".join(deltas) == "又是你们？我现在真的没钱，别再打了。"
    sent = openai_stub.requests[0].body
    assert sent["stream"] is True and sent["temperature"] == 0.7 and sent["model"] == "stub-model"
    assert sent["messages"] == HELLO
    openai_stub.assert_complete()


def test_complete_returns_text_usage_and_latency_and_passes_response_format(openai_stub):
    openai_stub.enqueue(Reply('{"ok": true}'), Reply("纯文本"))
    model = make_model(openai_stub)
    completion = model.complete(HELLO, temperature=0.0, response_format={"type": "json_object"})
    assert completion.text == '{"ok": true}'
    assert completion.prompt_tokens == len(HELLO[0]["content"]) and completion.completion_tokens == len('{"ok": true}')
    assert completion.latency_s > 0
    assert completion.raw["finish_reason"] == "stop"
    model.complete(HELLO, temperature=0.0)
    assert openai_stub.requests[0].body["response_format"] == {"type": "json_object"}
    assert "response_format" not in openai_stub.requests[1].body


def test_server_error_then_success_is_retried_by_the_sdk(openai_stub):
    openai_stub.enqueue(HttpError(500, "upstream overloaded", "server_error"), Reply("好的"))
    completion = make_model(openai_stub, max_retries=2).complete(HELLO, temperature=0.0)
    assert completion.text == "好的"
    assert len(openai_stub.requests) == 2


def test_persistent_rate_limit_becomes_rate_limit_after_the_sdk_retries(openai_stub):
    openai_stub.enqueue(*[HttpError(429, "Rate limit reached", "requests")] * 3)
    with pytest.raises(LLMError) as caught:
        make_model(openai_stub, max_retries=2).complete(HELLO, temperature=0.0)
    assert caught.value.kind == "rate_limit" and caught.value.status_code == 429
    assert len(openai_stub.requests) == 3  # the first try and the SDK's two retries
    assert "429" in caught.value.user_message


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        pytest.param(400, "bad_request", id="bad_request_400"),
        pytest.param(401, "auth", id="wrong_key_401"),
        pytest.param(403, "auth", id="permission_denied_403"),
        pytest.param(404, "not_found", id="unknown_model_404"),
        pytest.param(422, "bad_request", id="unprocessable_422"),
        pytest.param(503, "server", id="unavailable_503"),
    ],
)
def test_http_errors_are_classified(openai_stub, status, kind):
    openai_stub.enqueue(HttpError(status, f"stub says {status}"))
    with pytest.raises(LLMError) as caught:
        make_model(openai_stub).complete(HELLO, temperature=0.0)
    assert caught.value.kind == kind
    assert caught.value.status_code == status
    assert f"stub says {status}" in caught.value.detail


def test_errors_while_streaming_are_classified(openai_stub):
    openai_stub.enqueue(HttpError(404, "The model `nope` does not exist", "invalid_request_error"))
    with pytest.raises(LLMError) as caught:
        list(make_model(openai_stub).stream(HELLO, temperature=0.7))
    assert caught.value.kind == "not_found"


@pytest.mark.parametrize("streamed", [pytest.param(False, id="complete"), pytest.param(True, id="stream")])
def test_a_reply_slower_than_the_timeout_is_a_timeout(openai_stub, streamed):
    openai_stub.enqueue(Delay(3.0))
    model = make_model(openai_stub, timeout=0.3, max_retries=0)
    with pytest.raises(LLMError) as caught:
        if streamed:
            list(model.stream(HELLO, temperature=0.7))
        else:
            model.complete(HELLO, temperature=0.0)
    assert caught.value.kind == "timeout"


def test_nothing_listening_is_a_connection_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    model = OpenAIChatModel("m", api_key=KEY, base_url=f"http://127.0.0.1:{port}/v1", timeout=1.0, max_retries=0)
    with pytest.raises(LLMError) as caught:
        model.complete(HELLO, temperature=0.0)
    assert caught.value.kind == "connection"


@pytest.mark.parametrize("streamed", [pytest.param(False, id="complete"), pytest.param(True, id="stream")])
def test_an_empty_reply_is_empty(openai_stub, streamed):
    openai_stub.enqueue(Reply(""))
    model = make_model(openai_stub)
    with pytest.raises(LLMError) as caught:
        list(model.stream(HELLO, temperature=0.7)) if streamed else model.complete(HELLO, temperature=0.0)
    assert caught.value.kind == "empty"


def test_the_api_key_never_appears_in_error_text(openai_stub):
    # Some providers echo the key they received in their 401 message.
    openai_stub.enqueue(HttpError(401, f"Incorrect API key provided: {KEY}. Also tried {KEY[:12]}...cdef"))
    model = make_model(openai_stub)
    with pytest.raises(LLMError) as caught:
        model.complete(HELLO, temperature=0.0)
    error = caught.value
    printed = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    for text in (str(error), repr(error), error.detail, error.user_message, printed, repr(model)):
        assert KEY not in text and KEY[:12] not in text
    assert error.kind == "auth" and "Incorrect API key provided" in error.detail
    assert openai_stub.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_a_key_without_the_sk_prefix_is_redacted_too(openai_stub):
    zhipu_style = "0123456789abcdef0123456789abcdef.AbCdEfGhIjKlMnOp"
    openai_stub.enqueue(HttpError(401, f"令牌已过期或验证不正确: {zhipu_style}"))
    model = OpenAIChatModel("glm-4-flash", api_key=zhipu_style, base_url=openai_stub.base_url, max_retries=0)
    with pytest.raises(LLMError) as caught:
        model.complete(HELLO, temperature=0.0)
    assert zhipu_style not in str(caught.value) and "令牌已过期" in caught.value.detail


def openai_settings(**overrides):
    return load_settings(_env_file=None, engine="openai", **overrides)


def test_build_chat_model_is_none_for_the_offline_engine():
    assert build_chat_model(load_settings(_env_file=None, engine="offline"), "roleplay") is None


def test_build_chat_model_uses_the_role_model_key_and_settings(openai_stub):
    settings = openai_settings(
        roleplay_model="debtor-model", grader_model="judge-model", openai_api_key=KEY,
        openai_base_url=openai_stub.base_url, request_timeout=5, max_retries=0,
    )
    roleplay, grader = build_chat_model(settings, "roleplay"), build_chat_model(settings, "grader")
    assert (roleplay.model_name, grader.model_name) == ("debtor-model", "judge-model")
    assert roleplay.endpoint == openai_stub.base_url
    openai_stub.enqueue(Reply("喂？"))
    grader.complete(HELLO, temperature=0.0)
    assert openai_stub.requests[0].body["model"] == "judge-model"
    assert openai_stub.requests[0].headers["authorization"] == f"Bearer {KEY}"


def test_a_local_server_without_a_key_gets_a_placeholder_key(openai_stub):
    settings = openai_settings(roleplay_model="qwen2.5:7b", openai_base_url=openai_stub.base_url, max_retries=0)
    model = build_chat_model(settings, "grader")  # grader defaults to the role-play model
    openai_stub.enqueue(Reply("喂？"))
    model.complete(HELLO, temperature=0.0)
    assert model.model_name == "qwen2.5:7b"
    assert openai_stub.requests[0].headers["authorization"] == "Bearer not-needed"


def test_default_endpoint_is_openai():
    model = build_chat_model(openai_settings(roleplay_model="gpt-4o-mini", openai_api_key=KEY), "roleplay")
    assert model.endpoint == DEFAULT_ENDPOINT == "https://api.openai.com/v1"


def test_missing_model_name_is_a_settings_error_naming_the_variable():
    with pytest.raises(SettingsError, match="COACH_ROLEPLAY_MODEL"):
        build_chat_model(openai_settings(openai_api_key=KEY), "roleplay")


def test_each_model_builds_its_own_client():
    first = OpenAIChatModel("a", api_key=KEY, base_url="http://127.0.0.1:9/v1", timeout=1, max_retries=0)
    second = OpenAIChatModel("b", api_key=KEY, base_url="http://127.0.0.1:9/v1", timeout=1, max_retries=0)
    assert first._client is not second._client
