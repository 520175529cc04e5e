"""structured_call: the json_schema → json_object → text chain, repairs, and the capability cache.

Wire-level tests run the real SDK against the stub server; unit tests use FakeChatModel.
"""

from __future__ import annotations

import json
from typing import Optional

import pytest
from fakes import FakeChatModel
from openai_stub_server import HttpError, Reply
from pydantic import BaseModel, ConfigDict, Field

from collection_coach.llm import LLMError
from collection_coach.openai_model import OpenAIChatModel
from collection_coach.json_output import extract_json_object, strict_json_schema
from collection_coach.structured import CapabilityCache, StructuredOutputError, structured_call


class Evidence(BaseModel):
    model_config = ConfigDict(extra="forbid")
    turn: int
    quote: str


class Verdict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str
    level: int = Field(ge=0, le=2)
    evidence: list[Evidence] = Field(default_factory=list)
    suggestion: Optional[str] = None


class OpenMapping(BaseModel):
    levels: dict[str, int]


GOOD = {"reason": "先核实了身份", "level": 2, "evidence": [{"turn": 0, "quote": "请问是张先生本人吗"}], "suggestion": None}
GOOD_TEXT = json.dumps(GOOD, ensure_ascii=False)
ASK = [{"role": "system", "content": "你是质检员。"}, {"role": "user", "content": "请评价这通电话。"}]


def stub_model(stub, *, max_retries: int = 0) -> OpenAIChatModel:
    return OpenAIChatModel("judge", api_key="sk-test-key-123456", base_url=stub.base_url, timeout=2.0,
                           max_retries=max_retries)


# --- wire level -------------------------------------------------------------------------------------------

def test_json_schema_is_tried_first_with_a_strict_schema(openai_stub):
    openai_stub.enqueue(Reply(GOOD_TEXT))
    result = structured_call(stub_model(openai_stub), ASK, Verdict, temperature=0.0)
    assert result.value == Verdict.model_validate(GOOD)
    assert result.mode_used == "json_schema" and result.attempts == 1
    sent = openai_stub.requests[0].body["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["strict"] is True
    schema = sent["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"reason", "level", "evidence", "suggestion"}


def test_refused_json_schema_falls_back_to_json_object_and_is_remembered(openai_stub):
    openai_stub.refuse_format("json_schema", status=400).enqueue(Reply(GOOD_TEXT), Reply(GOOD_TEXT))
    model, cache = stub_model(openai_stub), CapabilityCache()
    first = structured_call(model, ASK, Verdict, temperature=0.0, capabilities=cache)
    assert first.mode_used == "json_object" and first.attempts == 2
    assert [r.response_format_type for r in openai_stub.requests] == ["json_schema", "json_object"]
    prompt = openai_stub.requests[1].body["messages"][-1]["content"]
    assert "JSON" in prompt and '"evidence"' in prompt  # the schema travels in the prompt
    assert cache.get(model.endpoint, "judge") == "json_object"

    second = structured_call(model, ASK, Verdict, temperature=0.0, capabilities=cache)
    assert second.mode_used == "json_object" and second.attempts == 1
    assert openai_stub.requests[2].response_format_type == "json_object"  # no second refused json_schema
    openai_stub.assert_complete()


@pytest.mark.parametrize(
    ("status", "sdk_retries", "json_schema_requests"),
    [
        pytest.param(422, 1, 1, id="unprocessable_422_not_retried"),
        pytest.param(500, 1, 2, id="server_500_after_sdk_retry"),
    ],
)
def test_other_refusal_statuses_also_downgrade(openai_stub, status, sdk_retries, json_schema_requests):
    openai_stub.refuse_format("json_schema", status=status).enqueue(Reply(GOOD_TEXT))
    result = structured_call(stub_model(openai_stub, max_retries=sdk_retries), ASK, Verdict, temperature=0.0)
    assert result.mode_used == "json_object"
    kinds = [r.response_format_type for r in openai_stub.requests]
    assert kinds == ["json_schema"] * json_schema_requests + ["json_object"]


def test_no_response_format_support_ends_in_text_mode_with_extraction(openai_stub):
    openai_stub.refuse_format("json_schema").refuse_format("json_object")
    openai_stub.enqueue(Reply(f"好的，评价如下：\n```json\n{GOOD_TEXT}\n```\n希望有帮助。"))
    cache = CapabilityCache()
    result = structured_call(stub_model(openai_stub), ASK, Verdict, temperature=0.0, capabilities=cache)
    assert result.mode_used == "text" and result.value.level == 2
    assert "response_format" not in openai_stub.requests[-1].body
    assert cache.get(openai_stub.base_url, "judge") == "text"


def test_invalid_json_is_repaired_with_the_bad_reply_fed_back(openai_stub):
    openai_stub.enqueue(Reply('{"reason": "先核实了身份", "level": 2,'), Reply(GOOD_TEXT))
    result = structured_call(stub_model(openai_stub), ASK, Verdict, temperature=0.0)
    assert result.value.level == 2 and result.attempts == 2
    assert result.raw_texts == ['{"reason": "先核实了身份", "level": 2,', GOOD_TEXT]
    re_ask = openai_stub.requests[1].body["messages"]
    assert re_ask[-2] == {"role": "assistant", "content": '{"reason": "先核实了身份", "level": 2,'}
    assert re_ask[-1]["role"] == "user" and "没有找到完整有效的 JSON 对象" in re_ask[-1]["content"]


def test_validation_errors_are_fed_back_in_the_re_ask(openai_stub):
    out_of_range = json.dumps({**GOOD, "level": 5})
    openai_stub.enqueue(Reply(out_of_range), Reply(GOOD_TEXT))
    result = structured_call(stub_model(openai_stub), ASK, Verdict, temperature=0.0)
    assert result.value.level == 2
    feedback = openai_stub.requests[1].body["messages"][-1]["content"]
    assert "level: Input should be less than or equal to 2" in feedback  # pydantic's own words, field named


def test_persistent_garbage_raises_structured_output_error(openai_stub):
    openai_stub.enqueue(Reply("我不知道。"), Reply("真的不知道"), Reply("{broken"))
    with pytest.raises(StructuredOutputError) as caught:
        structured_call(stub_model(openai_stub), ASK, Verdict, temperature=0.0, max_repairs=2)
    assert caught.value.raw_texts == ["我不知道。", "真的不知道", "{broken"]
    assert caught.value.attempts == 3 and caught.value.mode == "json_schema"
    assert "Verdict" in caught.value.reason
    assert isinstance(caught.value, LLMError) and caught.value.kind == "other"
    openai_stub.assert_complete()


def test_auth_error_propagates_without_downgrading(openai_stub):
    openai_stub.enqueue(HttpError(401, "invalid key"))
    cache = CapabilityCache()
    with pytest.raises(LLMError) as caught:
        structured_call(stub_model(openai_stub), ASK, Verdict, temperature=0.0, capabilities=cache)
    assert caught.value.kind == "auth"
    assert len(openai_stub.requests) == 1
    assert cache.get(openai_stub.base_url, "judge") is None


# --- unit level, with the fake model ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "kind", ["auth", "rate_limit", "timeout", "connection", "not_found", "other"],
)
def test_non_format_errors_propagate_immediately(kind):
    model = FakeChatModel().enqueue(LLMError(kind, "boom"))
    with pytest.raises(LLMError) as caught:
        structured_call(model, ASK, Verdict, temperature=0.0)
    assert caught.value.kind == kind and not isinstance(caught.value, StructuredOutputError)
    assert len(model.calls) == 1


def test_a_format_error_after_the_mode_was_accepted_is_not_a_refusal():
    model = FakeChatModel().enqueue("不是 JSON", LLMError("bad_request", "context too long", 400))
    with pytest.raises(LLMError) as caught:
        structured_call(model, ASK, Verdict, temperature=0.0)
    assert caught.value.kind == "bad_request"
    assert [call.response_format["type"] for call in model.calls] == ["json_schema", "json_schema"]


def test_an_empty_reply_is_re_asked():
    model = FakeChatModel().enqueue(LLMError("empty", "no text"), GOOD_TEXT)
    result = structured_call(model, ASK, Verdict, temperature=0.0)
    assert result.value.level == 2 and result.attempts == 2
    assert model.calls[1].messages[-1]["role"] == "user" and "为空" in model.calls[1].messages[-1]["content"]


def test_usage_is_summed_over_attempts():
    model = FakeChatModel().enqueue("oops", GOOD_TEXT)
    result = structured_call(model, ASK, Verdict, temperature=0.3)
    assert result.prompt_tokens == sum(sum(len(m["content"]) for m in call.messages) for call in model.calls)
    assert result.completion_tokens == len("oops") + len(GOOD_TEXT)
    assert all(call.temperature == 0.3 for call in model.calls)


def test_the_cache_is_per_endpoint_and_model():
    cache = CapabilityCache()
    cache.remember("http://a/v1", "m", "text")
    other_model = FakeChatModel(model_name="m", endpoint="http://b/v1").enqueue(GOOD_TEXT)
    structured_call(other_model, ASK, Verdict, temperature=0.0, capabilities=cache)
    assert other_model.calls[0].response_format["type"] == "json_schema"
    same_model = FakeChatModel(model_name="m", endpoint="http://a/v1").enqueue(GOOD_TEXT)
    structured_call(same_model, ASK, Verdict, temperature=0.0, capabilities=cache)
    assert same_model.calls[0].response_format is None


def test_a_schema_strict_mode_cannot_express_starts_at_json_object():
    assert strict_json_schema(OpenMapping) is None
    model = FakeChatModel().enqueue('{"levels": {"opening": 2}}')
    result = structured_call(model, ASK, OpenMapping, temperature=0.0)
    assert result.value.levels == {"opening": 2} and result.mode_used == "json_object"
    assert model.calls[0].response_format == {"type": "json_object"}


class Loose(BaseModel):  # no extra="forbid": pydantic leaves additionalProperties out
    turn: int
    note: Optional[str] = None


def test_strict_schema_closes_nested_objects_and_keeps_a_property_named_default():
    class Odd(BaseModel):
        default: int = 3
        inner: Loose

    schema = strict_json_schema(Odd)
    assert schema is not None
    assert set(schema["required"]) == {"default", "inner"} and "default" in schema["properties"]
    assert "default" not in schema["properties"]["default"]  # the keyword is stripped, the property kept
    assert schema["additionalProperties"] is False
    nested = schema["$defs"]["Loose"]
    assert nested["additionalProperties"] is False and set(nested["required"]) == {"turn", "note"}


def test_format_instructions_go_on_the_last_user_message_and_messages_are_not_mutated():
    asked = [dict(message) for message in ASK]
    model = FakeChatModel().enqueue(GOOD_TEXT)
    structured_call(model, asked, Verdict, temperature=0.0, capabilities=_starting_at("json_object", model))
    sent = model.calls[0].messages
    assert [m["role"] for m in sent] == ["system", "user"]
    assert sent[-1]["content"].startswith("请评价这通电话。") and "JSON Schema" in sent[-1]["content"]
    assert asked == ASK


def test_format_instructions_are_a_new_user_message_after_an_assistant_turn():
    conversation = ASK + [{"role": "assistant", "content": "好的"}]
    model = FakeChatModel().enqueue(GOOD_TEXT)
    structured_call(model, conversation, Verdict, temperature=0.0, capabilities=_starting_at("text", model))
    assert [m["role"] for m in model.calls[0].messages] == ["system", "user", "assistant", "user"]


def _starting_at(mode, model) -> CapabilityCache:
    cache = CapabilityCache()
    cache.remember(model.endpoint, model.model_name, mode)
    return cache


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('{"a": 1}', {"a": 1}, id="bare_object"),
        pytest.param('```json\n{"a": 1}\n```', {"a": 1}, id="json_fence"),
        pytest.param('```\n{"a": 1}\n```', {"a": 1}, id="plain_fence"),
        pytest.param('结果如下：{"a": {"b": [1, 2]}} 以上。', {"a": {"b": [1, 2]}}, id="prose_around_nested"),
        pytest.param('说明 {"q": "他说\\"{不还}\\"", "n": "}"} 完', {"q": '他说"{不还}"', "n": "}"},
                     id="braces_and_quotes_inside_strings"),
        pytest.param('前 {"q": "引号\\" }后"} 完', {"q": '引号" }后'}, id="escaped_quote_before_brace"),
        pytest.param('注意 {这不是JSON} 然后 {"a": 2}', {"a": 2}, id="skips_non_json_braces"),
        pytest.param('<think>也许输出 {"a": 0}</think>{"a": 3}', {"a": 3}, id="reasoning_block_ignored"),
        pytest.param('{"a": 1} 还有 {"a": 2}', {"a": 1}, id="first_object_wins"),
    ],
)
def test_extract_json_object(text, expected):
    assert extract_json_object(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("没有任何 JSON", id="no_braces"),
        pytest.param("[1, 2, 3]", id="array_not_object"),
        pytest.param('{"a": 1', id="unbalanced"),
    ],
)
def test_extract_json_object_rejects(text):
    with pytest.raises(ValueError):
        extract_json_object(text)
