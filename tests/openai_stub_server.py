"""A local OpenAI-compatible HTTP server, so wire-level tests run the real SDK over real HTTP.

Use the `openai_stub` fixture (registered for every test module by `pytest_plugins` in tests/conftest.py):

    openai_stub.enqueue(HttpError(500), Reply("你好"))          # served in order, one per request
    openai_stub.refuse_format("json_schema", status=400)       # a standing rule, consumes nothing
    model = OpenAIChatModel("stub-model", api_key="sk-test", base_url=openai_stub.base_url, ...)
    openai_stub.requests[-1].body["response_format"]           # every request body is recorded

A request with `"stream": true` gets the reply as server-sent events in several chunks, then a usage-only chunk
(no choices, as OpenAI sends with include_usage), then `data: [DONE]`. Error responses carry
`retry-after-ms: 10` by default so the SDK's retries don't slow tests down.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Optional, Union

import pytest


@dataclass
class Reply:
    """A successful completion. `chunks` is how many SSE content chunks a streamed reply is split into."""

    text: str
    chunks: int = 3
    finish_reason: str = "stop"


@dataclass
class HttpError:
    status: int
    message: str = "stub error"
    error_type: str = "invalid_request_error"
    retry_after_ms: Optional[int] = 10


@dataclass
class Delay:
    """Wait `seconds` before answering with `then` (a client with a shorter timeout gives up first)."""

    seconds: float
    then: Union[Reply, HttpError] = field(default_factory=lambda: Reply("太迟了"))


Scripted = Union[Reply, HttpError, Delay]


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def response_format_type(self) -> Optional[str]:
        return (self.body.get("response_format") or {}).get("type")


class OpenAIStubServer:
    def __init__(self) -> None:
        self.queue: list[Scripted] = []
        self.refusals: dict[str, HttpError] = {}
        self.requests: list[RecordedRequest] = []
        self.unexpected: list[str] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name="openai-stub", daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def enqueue(self, *responses: Scripted) -> "OpenAIStubServer":
        with self._lock:
            self.queue.extend(responses)
        return self

    def refuse_format(self, format_type: str, *, status: int = 400, message: str = "") -> "OpenAIStubServer":
        """Answer every request whose response_format.type is `format_type` with an error (a standing rule)."""
        self.refusals[format_type] = HttpError(
            status, message or f"response_format of type {format_type!r} is not supported by this model"
        )
        return self

    def assert_complete(self) -> None:
        assert not self.unexpected, f"openai_stub: unexpected requests: {self.unexpected}"
        assert not self.queue, f"openai_stub: {len(self.queue)} scripted responses were never used"

    def start(self) -> "OpenAIStubServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a Delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next_response(self, request: RecordedRequest) -> Scripted:
        with self._lock:
            self.requests.append(request)
            refusal = self.refusals.get(request.response_format_type or "")
            if refusal is not None:
                return refusal
            if request.path != "/v1/chat/completions":
                self.unexpected.append(f"POST {request.path}")
                return HttpError(404, f"stub: no route {request.path}", "not_found_error", None)
            if not self.queue:
                self.unexpected.append("request with an empty queue")
                return HttpError(400, "openai_stub: no scripted response left", "stub_queue_empty", None)
            return self.queue.pop(0)


def _handler_for(server: OpenAIStubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            request = RecordedRequest(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            response = server._next_response(request)
            try:
                if isinstance(response, Delay):
                    if server._stopping.wait(response.seconds):
                        return
                    response = response.then
                if isinstance(response, HttpError):
                    self._send_error(response)
                elif body.get("stream"):
                    self._send_stream(response, body)
                else:
                    self._send_json(200, _completion(response, body))
            except (BrokenPipeError, ConnectionResetError):  # the client timed out and left
                pass

        def _send_json(self, status: int, payload: dict[str, Any], headers: Optional[dict[str, str]] = None) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _send_error(self, error: HttpError) -> None:
            headers = {"retry-after-ms": str(error.retry_after_ms)} if error.retry_after_ms is not None else {}
            payload = {"error": {"message": error.message, "type": error.error_type, "param": None, "code": None}}
            self._send_json(error.status, payload, headers)

        def _send_stream(self, reply: Reply, body: dict[str, Any]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()  # HTTP/1.0: the body ends when the connection closes
            for piece in _split(reply.text, reply.chunks):
                self._event(_chunk(body, {"role": "assistant", "content": piece}, None))
            self._event(_chunk(body, {}, reply.finish_reason))
            self._event({**_chunk(body, {}, None), "choices": [], "usage": _usage(body, reply.text)})
            self.wfile.write(b"data: [DONE]\n\n")

        def _event(self, payload: dict[str, Any]) -> None:
            self.wfile.write(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

    return Handler


def _split(text: str, chunks: int) -> list[str]:
    size = max(1, -(-len(text) // max(1, chunks)))
    return [text[start:start + size] for start in range(0, len(text), size)]


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(len(str(message.get("content", ""))) for message in body.get("messages", []))
    return {"prompt_tokens": prompt, "completion_tokens": len(text), "total_tokens": prompt + len(text)}


def _chunk(body: dict[str, Any], delta: dict[str, Any], finish_reason: Optional[str]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def _completion(reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": reply.text},
                     "finish_reason": reply.finish_reason}],
        "usage": _usage(body, reply.text),
    }


@pytest.fixture
def openai_stub():
    """A running stub server (`.base_url`, `.enqueue()`, `.refuse_format()`, `.requests`), stopped afterwards."""
    server = OpenAIStubServer().start()
    try:
        yield server
    finally:
        server.stop()
