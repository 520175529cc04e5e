"""`coach export` and `coach sessions`: contract transcripts out of the store, clear errors, exit codes."""

from __future__ import annotations

import json

import pytest

from collection_coach.call_record import CallRecord
from collection_coach.cli import main
from collection_coach.config import load_settings
from collection_coach.store import open_store
from collection_coach.transcript import load_transcript

TURNS = [("debtor", "喂？谁啊？"), ("agent", "您好，我是XX银行信用卡中心的小李，请问是王*强先生吗？"),
         ("debtor", "是我。又催钱？<script>alert(1)</script>")]


@pytest.fixture
def stored_session():
    """A finished call in the database named by COACH_DATABASE_URL (set per test by conftest)."""
    store = open_store(load_settings(_env_file=None))
    session_id = store.create_session("王小明", "angry_boss", "sha-1", "offline", None)
    for role, text in TURNS:
        store.add_turn(session_id, role, text)
    store.end_session(session_id, "ended_by_agent")
    store.save_call_record(session_id, CallRecord(outcome="承诺还款", promised_amount=1500, promised_date="本月25号"))
    store.close()
    return session_id


def test_export_to_file_round_trips_through_load_transcript(stored_session, tmp_path, capsys):
    target = tmp_path / "out" / "call.json"
    assert main(["export", stored_session, "-o", str(target)]) == 0
    transcript = load_transcript(target)
    assert transcript.id == stored_session and transcript.persona == "angry_boss"
    assert [(turn.role, turn.text) for turn in transcript.turns] == TURNS
    assert transcript.call_note == "结果：承诺还款；承诺还款金额：1500元；承诺还款日期：本月25号"
    raw = target.read_text(encoding="utf-8")
    assert "王小明" not in raw  # the trainee's name is not part of the transcript contract
    assert "又催钱" in raw, "Chinese must be written as UTF-8, not \\u escapes"
    assert stored_session in capsys.readouterr().err


def test_export_to_stdout_is_the_same_json(stored_session, capsys):
    assert main(["export", stored_session]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"id", "persona", "turns", "call_note"}
    assert data["turns"][1] == {"role": "agent", "text": TURNS[1][1]}


def test_export_unknown_session_exits_2_naming_the_id(capsys):
    assert main(["export", "deadbeef0000"]) == 2
    err = capsys.readouterr().err
    assert "deadbeef0000" in err and "coach export" in err


def test_export_to_an_unwritable_path_exits_2_naming_the_file(stored_session, tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["export", stored_session, "-o", str(blocker / "call.json")]) == 2
    assert str(blocker) in capsys.readouterr().err


def test_sessions_lists_and_filters_by_trainee(stored_session, capsys):
    store = open_store(load_settings(_env_file=None))
    other = store.create_session("李四", "hardship_mom", None, "offline", None)
    store.close()

    assert main(["sessions"]) == 0
    out = capsys.readouterr().out
    assert stored_session in out and other in out

    assert main(["sessions", "--trainee", "李四"]) == 0
    out = capsys.readouterr().out
    assert other in out and stored_session not in out


def test_sessions_for_an_unknown_trainee_says_so(capsys):
    assert main(["sessions", "--trainee", "没有这个人"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "没有这个人" in captured.err
