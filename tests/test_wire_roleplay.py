"""Wire level: the launched UI with the real OpenAI SDK doing real HTTP against a local OpenAI-compatible server.

Nothing between the page and the socket is faked: the UI handler → CallService → LLMDebtor → OpenAIChatModel →
openai SDK (its own retries) → HTTP/SSE → tests/openai_stub_server.py. The stub records every request body, so
the test can read the exact system prompt the model received.
"""

from __future__ import annotations

import pytest
from openai_stub_server import Delay, HttpError, OpenAIStubServer, Reply
from ui_harness import ROOT, chat_texts, interactive, running_app, ui_settings, value_of

from collection_coach.app_context import AppContext
from collection_coach.llm import USER_MESSAGES
from collection_coach.personas import case_file_markdown, load_personas
from collection_coach.ui import chat_view

KEY = "sk-test-wire-0123456789abcdef"
MODEL = "stub-model"
MAX_RETRIES = 1
TIMEOUT_S = 1.0
PERSONA = "angry"
TRAINEE = "线上学员"
HELLO = "您好，我是XX银行信用卡中心的客服小李，请问是王志强先生吗？"
REPLY = "是我！怎么了？又催？我跟你说，我现在手头真的紧，别一天到晚打电话。"


@pytest.fixture(scope="module")
def stub():
    server = OpenAIStubServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def settings(tmp_path_factory, stub):
    return ui_settings(
        tmp_path_factory.mktemp("wire"), engine="openai", openai_base_url=stub.base_url, openai_api_key=KEY,
        roleplay_model=MODEL, max_retries=MAX_RETRIES, request_timeout=TIMEOUT_S,
    )


@pytest.fixture(scope="module")
def app(settings):
    context = AppContext.create(settings)  # the real OpenAI-compatible models the settings configure
    with running_app(context) as running:
        yield running


@pytest.fixture
def server(stub):
    """The shared stub, emptied for this test and checked afterwards (no unused or unexpected responses)."""
    stub.queue.clear()
    stub.requests.clear()
    stub.unexpected.clear()
    yield stub
    stub.assert_complete()


@pytest.fixture
def page(app):
    page = app.session()
    page.load_page()
    return page


@pytest.fixture
def every_chunk(monkeypatch):
    """Turn off the ~100 ms UI throttle, so each SSE chunk the stub sends becomes its own page update."""
    monkeypatch.setattr(chat_view, "STREAM_INTERVAL_S", 0.0)


def start_call(page, trainee=TRAINEE, persona=PERSONA):
    [update] = page.trigger("start-call", **{"trainee-name": trainee, "persona-picker": persona})
    return update


def current_session(app, trainee=TRAINEE):
    return app.context.store.list_sessions(trainee=trainee, limit=1)[0]  # newest first


def stored_roles_and_texts(app, session_id):
    return [(turn.role, turn.text) for turn in app.context.store.turns(session_id)]


def test_the_configured_models_are_the_real_openai_client(app, settings):
    assert type(app.context.roleplay_model).__name__ == "OpenAIChatModel"
    assert app.context.roleplay_model.endpoint == settings.openai_base_url


def test_a_streamed_reply_reaches_the_page_in_several_updates(app, page, server, every_chunk):
    server.enqueue(Reply(REPLY, chunks=5))
    start_call(page)
    updates = page.trigger("send", message=HELLO)

    shown = [chat_texts(update["chat"])[-1] for update in updates]
    partials = [text for role, text in shown[1:-1] if role == "assistant"]
    assert len(partials) >= 3, shown
    assert all(len(a) < len(b) for a, b in zip(partials, partials[1:])) and all(REPLY.startswith(p) for p in partials)
    assert shown[-1] == ("assistant", REPLY)
    [request] = server.requests
    assert request.body["stream"] is True and request.body["model"] == MODEL
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.body["messages"][-1] == {"role": "user", "content": HELLO}
    assert stored_roles_and_texts(app, current_session(app).id)[-2:] == [("agent", HELLO), ("debtor", REPLY)]


def test_the_model_gets_the_hidden_profile_and_the_page_does_not(app, page, server, settings):
    persona = load_personas(settings.personas_dir).get(PERSONA)
    server.enqueue(Reply(REPLY))
    [picked] = page.trigger("persona-picker", "change", **{"persona-picker": PERSONA})
    start_call(page)
    page.trigger("send", message=HELLO)

    system = server.requests[0].body["messages"][0]
    assert system["role"] == "system"
    assert persona.hidden.situation in system["content"]
    assert persona.hidden.bottom_line.description in system["content"]
    shown_case_file = value_of(picked["case-file"])
    assert persona.case_file.customer_name in shown_case_file
    assert persona.hidden.situation not in shown_case_file
    assert persona.hidden.bottom_line.description not in shown_case_file


SHIPPED_PERSONAS = load_personas(ROOT / "personas")


@pytest.mark.parametrize("persona_id", list(SHIPPED_PERSONAS.personas))
def test_no_case_file_reveals_the_hidden_profile(persona_id):
    persona = SHIPPED_PERSONAS.get(persona_id)
    view = case_file_markdown(persona)
    hidden = [persona.hidden.situation, persona.hidden.bottom_line.description, persona.hidden.personality,
              *(fact.fact for fact in persona.hidden.hidden_facts)]
    assert not [text for text in hidden if text and text in view]


def test_a_500_then_200_succeeds_through_the_sdk_retry(app, page, server):
    server.enqueue(HttpError(500, "upstream overloaded", "server_error"), Reply(REPLY))
    start_call(page)
    updates = page.trigger("send", message=HELLO)
    assert chat_texts(updates[-1]["chat"])[-1] == ("assistant", REPLY)
    assert "⚠️" not in updates[-1]["call-status"]
    assert len(server.requests) == 2
    assert stored_roles_and_texts(app, current_session(app).id)[-2:] == [("agent", HELLO), ("debtor", REPLY)]


@pytest.mark.parametrize("failure, kind, attempts", [
    pytest.param(HttpError(429, "Rate limit reached", "requests"), "rate_limit", MAX_RETRIES + 1,
                 id="rate_limit_429_persistent"),
    pytest.param(Delay(TIMEOUT_S * 4), "timeout", MAX_RETRIES + 1, id="timeout"),
    pytest.param(HttpError(401, f"Incorrect API key provided: {KEY}", "authentication_error"), "auth", 1,
                 id="wrong_key_401"),
])
def test_a_failed_reply_shows_the_clear_message_keeps_the_transcript_and_retry_completes_it(
    app, page, server, failure, kind, attempts
):
    server.enqueue(*[failure] * attempts)
    start_call(page)
    updates = page.trigger("send", message=HELLO)

    failed = updates[-1]
    assert USER_MESSAGES[kind] in failed["call-status"]
    assert KEY not in str(updates)  # the key never reaches the page, even when the provider echoes it
    assert chat_texts(failed["chat"])[-1] == ("user", HELLO)  # what the trainee said stays on screen
    assert interactive(failed["retry"]) and interactive(failed["send"])
    session = current_session(app)
    assert stored_roles_and_texts(app, session.id)[-1] == ("agent", HELLO)  # and in the store
    assert session.outcome == "in_progress"
    assert len(server.requests) == attempts  # the SDK retried 429 and timeouts, not 401

    server.enqueue(Reply(REPLY))
    retried = page.trigger("retry")
    assert chat_texts(retried[-1]["chat"])[-2:] == [("user", HELLO), ("assistant", REPLY)]
    assert not interactive(retried[-1]["retry"])
    assert [role for role, _ in stored_roles_and_texts(app, session.id)] == ["debtor", "agent", "debtor"]
    assert server.requests[-1].body["messages"][-1] == {"role": "user", "content": HELLO}  # asked once more


def test_the_hang_up_marker_ends_the_call_and_is_never_shown(app, page, server, every_chunk):
    last_words = "我跟你说，你们再这样我就去金融监管局投诉！别打了！"
    server.enqueue(Reply(last_words + "[挂断]", chunks=8))
    start_call(page)
    updates = page.trigger("send", message="你再不还钱，我们就去你店里找你。")

    assert not [text for update in updates for _, text in chat_texts(update["chat"]) if "[" in text]
    final = updates[-1]
    assert chat_texts(final["chat"])[-1] == ("assistant", last_words)
    assert "挂断" in final["call-status"] and final["record-panel"]["visible"] is True
    assert not interactive(final["send"])
    session = current_session(app)
    assert session.outcome == "debtor_hung_up"
    assert stored_roles_and_texts(app, session.id)[-1] == ("debtor", last_words)
