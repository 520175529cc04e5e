"""Shared test set-up: tests never reach the internet, and never read a developer's .env."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/fakes.py and friends

pytest_plugins = ("openai_stub_server",)  # the `openai_stub` fixture, for any test module

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}
_real_connect = socket.socket.connect


def _guarded_connect(self, address):  # type: ignore[no-untyped-def]
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(address, tuple) and host not in _LOCAL_HOSTS and not str(host).startswith("127."):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch, tmp_path):
    """Settings come from the test, not from the developer's shell or .env."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    import os

    for name in list(os.environ):
        if name.startswith("COACH_"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GRADIO_ANALYTICS_ENABLED", "False")
    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'coach.db'}")


@pytest.fixture
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def rubric():
    """The shipped rubric (a test module may define its own `rubric` fixture instead)."""
    from collection_coach.rubric import load_rubric

    return load_rubric(ROOT / "rubric")


@pytest.fixture(scope="session")
def personas():
    """The shipped personas by id; every shipped file must load."""
    from collection_coach.personas import load_personas

    catalog = load_personas(ROOT / "personas")
    assert not catalog.errors, catalog.errors
    return catalog.personas
