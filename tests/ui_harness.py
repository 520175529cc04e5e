"""Drive the real Gradio app the way a browser does: launch it on a free loopback port, then trigger events.

`gradio_client` talks to the launched app over its own HTTP/SSE protocol, so every event goes through Gradio's
queue, the components' pre/post-processing and the per-session `gr.State`, exactly like a click in the page.
Events are addressed by the component that triggers them (`session.trigger("send", "click", message="…")`)
and results come back keyed by `elem_id`, so tests don't depend on handler names or output order.

    with running_app(context) as app:
        page = app.session()
        page.load_page()
        [update] = page.trigger("start-call", **{"trainee-name": "张三", "persona-picker": "angry"})
        update["call-status"], chat_texts(update["chat"])
"""

from __future__ import annotations

import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from gradio_client import Client

from collection_coach.app_context import AppContext
from collection_coach.config import Settings, load_settings
from collection_coach.ui.app import launch

ROOT = Path(__file__).resolve().parents[1]

Update = dict[str, Any]  # one event result: elem_id -> value (or an update dict like {"interactive": False})


def ui_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a UI test: the project's content folders, a database in tmp_path, never a developer's .env."""
    values: dict[str, Any] = dict(
        database_url=f"sqlite:///{tmp_path / 'coach.db'}",
        personas_dir=ROOT / "personas", rubric_dir=ROOT / "rubric", prompts_dir=ROOT / "prompts",
    )
    values.update(overrides)
    return load_settings(_env_file=None, **values)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningApp:
    context: AppContext
    url: str
    sessions: list["UiSession"] = field(default_factory=list)

    def session(self) -> "UiSession":
        """A new browser-tab-like session (its own gr.State); closed with the app."""
        session = UiSession(self.url)
        self.sessions.append(session)
        return session


@contextmanager
def running_app(context: AppContext) -> Iterator[RunningApp]:
    """Launch through ui.app.launch (the product's launch options) on 127.0.0.1, closed afterwards."""
    demo = None
    for attempt in range(3):  # the free port may be taken between probing and binding
        try:
            demo = launch(context, server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                          quiet=True)
            break
        except OSError:
            if attempt == 2:
                raise
    assert demo is not None
    app = RunningApp(context=context, url=demo.local_url)
    try:
        yield app
    finally:
        demo.close()  # first: ends the clients' heartbeat streams, so closing them doesn't wait for a heartbeat
        for session in app.sessions:
            session.close()


class UiSession:
    def __init__(self, url: str):
        self.client = Client(url, verbose=False, analytics_enabled=False, download_files=False,
                             _skip_components=False)
        config = self.client.config
        self._components = {component["id"]: component for component in config["components"]}
        self._dependencies = config["dependencies"]

    def close(self) -> None:
        self.client.close()

    def _elem_id(self, component_id: int) -> str:
        component = self._components[component_id]
        return component["props"].get("elem_id") or f"{component['type']}-{component_id}"

    def _dependency(self, elem_id: str, event: str) -> dict:
        for dependency in self._dependencies:
            for target_id, target_event in dependency["targets"]:
                if target_event == event and target_id in self._components and self._elem_id(target_id) == elem_id:
                    return dependency
        raise AssertionError(f"no {event!r} event on #{elem_id}")

    def _run(self, dependency: dict, values: dict[str, Any]) -> list[Update]:
        inputs = []
        for component_id in dependency["inputs"]:
            if self._components[component_id]["type"] == "state":
                inputs.append(None)  # the server uses this session's own state
            else:
                inputs.append(values.pop(self._elem_id(component_id)))
        assert not values, f"inputs not used by this event: {sorted(values)}"
        job = self.client.submit(*inputs, fn_index=dependency["id"])
        job.result(timeout=30)  # raises gradio_client.exceptions.AppError if the handler raised
        names = [self._elem_id(component_id) for component_id in dependency["outputs"]]
        results = []
        for output in job.outputs():
            output = output if isinstance(output, (list, tuple)) else (output,)
            results.append(dict(zip(names, output)))
        return results

    def trigger(self, elem_id: str, event: str = "click", **inputs: Any) -> list[Update]:
        """Fire `event` on #elem_id with the given input values (by elem_id; use ** for ids with dashes).
        Returns every update the handler produced, in order (several for a streaming handler)."""
        return self._run(self._dependency(elem_id, event), dict(inputs))

    def load_page(self) -> Update:
        """Run the page-load events (persona choices, case file, trainer tables), merged into one update."""
        merged: Update = {}
        for dependency in self._dependencies:
            if any(event == "load" for _, event in dependency["targets"]):
                for update in self._run(dependency, {}):
                    merged.update(update)
        return merged


def text_of(content: Any) -> str:
    """A chat message's content: a string, or (Gradio 6) a list of text parts."""
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def chat_texts(chat: list[dict]) -> list[tuple[str, str]]:
    """(role, text) per message; the trainee is "user", the debtor "assistant"."""
    return [(message["role"], text_of(message["content"])) for message in chat]


def value_of(update: Any) -> Any:
    """The value of an output that may be a plain value or an update dict."""
    if isinstance(update, dict) and update.get("__type__") == "update":
        return update.get("value")
    return update


def interactive(update: Any) -> bool:
    assert isinstance(update, dict) and "interactive" in update, f"not an interactivity update: {update!r}"
    return bool(update["interactive"])
