"""The SQLite store: every turn is committed as it is said, threads can share a Store, records round-trip."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from collection_coach.call_record import CallRecord
from collection_coach.config import load_settings
from collection_coach.grade import CriterionResult, Grade, GraderInfo
from collection_coach.store import (
    EvalRunRecord, SessionNotFoundError, Store, StoreError, open_store,
)


def _grade(total: float, passed: bool) -> Grade:
    return Grade(
        status="graded", total=total, passed=passed,
        criteria=[CriterionResult(id="opening", level=2, points=5, max_points=5)],
        grader=GraderInfo(kind="rules", rubric_version="r1"),
    )


class _StepClock:
    """A clock that moves one minute per reading, so ordering by time is deterministic."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "data" / "coach.db", clock=_StepClock()) as opened:
        yield opened


def _session(store: Store, trainee: str = "张三") -> str:
    return store.create_session(trainee, "angry_boss", "sha-1", "offline", None)


def test_creates_parent_folder_and_uses_wal(tmp_path):
    path = tmp_path / "nested" / "deeper" / "coach.db"
    store = Store(path)
    assert path.exists()
    assert store._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_each_turn_is_readable_from_another_connection_right_after_it_is_added(store):
    session_id = _session(store)
    said = [("debtor", "喂，谁啊？"), ("agent", "您好，我是XX银行信用卡中心的小李。"), ("debtor", "又是你们！")]
    for position, (role, text) in enumerate(said):
        assert store.add_turn(session_id, role, text) == position
        # A second Store on the same file stands in for the app restarting after a crash.
        survivor = Store(store.path)
        assert [(turn.role, turn.text) for turn in survivor.turns(session_id)] == said[: position + 1]
        survivor.close()


def test_concurrent_add_turn_from_threads_keeps_every_turn_with_unique_indexes(store):
    session_id = _session(store)
    barrier = threading.Barrier(8)
    indexes: list[int] = []
    errors: list[BaseException] = []

    def speak(worker: int) -> None:
        try:
            barrier.wait()
            for n in range(10):
                indexes.append(store.add_turn(session_id, "agent", f"worker{worker}-{n}"))
        except BaseException as error:  # surfaced below; a thread's exception would otherwise vanish
            errors.append(error)

    threads = [threading.Thread(target=speak, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(indexes) == list(range(80))
    assert len({turn.text for turn in store.turns(session_id)}) == 80


def test_two_stores_on_one_file_write_concurrently_without_losing_turns(store):
    """Two app processes behind a proxy share the file: BEGIN IMMEDIATE makes their writes queue."""
    session_id = _session(store)
    other = Store(store.path)
    errors: list[BaseException] = []

    def speak(target: Store, role: str) -> None:
        try:
            for n in range(25):
                target.add_turn(session_id, role, f"{role}-{n}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=speak, args=(store, "agent")),
               threading.Thread(target=speak, args=(other, "debtor"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    assert errors == []
    assert len(store.turns(session_id)) == 50


def test_session_lifecycle_round_trips(store):
    session_id = _session(store)
    store.add_turn(session_id, "debtor", "喂？")
    store.add_turn(session_id, "agent", "您好，请问是王先生吗？")
    assert store.end_session(session_id, "debtor_hung_up") is True
    record = CallRecord(outcome="对方挂断", next_follow_up="明天上午")
    store.save_call_record(session_id, record)
    store.save_grade(session_id, _grade(40, False))
    store.save_grade(session_id, _grade(80, True))

    session = store.get_session(session_id)
    assert session.trainee == "张三" and session.persona_id == "angry_boss" and session.persona_hash == "sha-1"
    assert session.outcome == "debtor_hung_up" and session.ended_at is not None and not session.in_progress
    assert session.call_record == record
    assert [turn.role for turn in session.turns] == ["debtor", "agent"]
    assert session.grade is not None and session.grade.total == 80  # the latest grade wins
    assert store.latest_grade(session_id).passed is True


def test_end_session_twice_keeps_the_first_outcome(store):
    session_id = _session(store)
    assert store.end_session(session_id, "ended_by_agent") is True
    first = store.get_session(session_id)
    assert store.end_session(session_id, "debtor_hung_up") is False
    assert store.get_session(session_id).model_dump() == first.model_dump()


def test_ended_session_refuses_new_turns(store):
    session_id = _session(store)
    store.add_turn(session_id, "debtor", "喂？")
    store.end_session(session_id, "ended_by_agent")
    with pytest.raises(StoreError, match=session_id):
        store.add_turn(session_id, "agent", "还有一件事……")
    assert len(store.turns(session_id)) == 1


@pytest.mark.parametrize("role", [pytest.param("坐席", id="chinese_label"), pytest.param("Agent", id="wrong_case")])
def test_unknown_role_is_rejected_naming_the_value(store, role):
    session_id = _session(store)
    with pytest.raises(ValueError, match=role):
        store.add_turn(session_id, role, "你好")
    assert store.turns(session_id) == []


@pytest.mark.parametrize("call", [
    pytest.param(lambda s: s.get_session("nope404"), id="get_session"),
    pytest.param(lambda s: s.add_turn("nope404", "agent", "hi"), id="add_turn"),
    pytest.param(lambda s: s.turns("nope404"), id="turns"),
    pytest.param(lambda s: s.export_transcript("nope404"), id="export"),
    pytest.param(lambda s: s.save_grade("nope404", _grade(1, False)), id="save_grade"),
    pytest.param(lambda s: s.end_session("nope404", "ended_by_agent"), id="end_session"),
])
def test_unknown_session_is_a_key_error_naming_the_id(store, call):
    with pytest.raises(KeyError) as caught:
        call(store)
    assert isinstance(caught.value, SessionNotFoundError)
    assert "nope404" in str(caught.value)


def test_delete_last_turn_if_only_removes_a_matching_last_turn_of_a_live_call(store):
    session_id = _session(store)
    store.add_turn(session_id, "agent", "您好")
    store.add_turn(session_id, "debtor", "说吧")
    assert store.delete_last_turn_if(session_id, "agent") is False  # last turn is the debtor's
    assert store.delete_last_turn_if(session_id, "debtor") is True
    assert [turn.text for turn in store.turns(session_id)] == ["您好"]
    assert store.add_turn(session_id, "debtor", "再说一遍") == 1  # the freed index is reused
    store.end_session(session_id, "ended_by_agent")
    assert store.delete_last_turn_if(session_id, "debtor") is False  # a finished call is never edited
    assert len(store.turns(session_id)) == 2


def test_list_sessions_filters_by_trainee_newest_first_with_latest_grade(store):
    first = _session(store, "张三")
    second = _session(store, "李四")
    third = _session(store, "张三")
    store.add_turn(third, "debtor", "喂？")
    store.add_turn(third, "agent", "您好")
    store.save_grade(third, _grade(55, False))
    store.save_grade(third, _grade(91, True))

    everyone = store.list_sessions()
    assert [row.id for row in everyone] == [third, second, first]
    zhang = store.list_sessions(trainee="张三")
    assert [row.id for row in zhang] == [third, first]
    assert (zhang[0].n_turns, zhang[0].total, zhang[0].passed, zhang[0].status) == (2, 91, True, "graded")
    assert (zhang[1].n_turns, zhang[1].total, zhang[1].status) == (0, None, None)
    assert len(store.list_sessions(limit=1)) == 1
    assert store.trainees() == sorted(["张三", "李四"])


def test_export_transcript_uses_contract_fields(store):
    session_id = _session(store)
    store.add_turn(session_id, "debtor", "喂？")
    assert store.export_transcript(session_id).call_note is None
    store.end_session(session_id, "ended_by_agent")
    record = CallRecord(outcome="承诺还款", promised_amount=2000, promised_date="本月25号")
    store.save_call_record(session_id, record)
    transcript = store.export_transcript(session_id)
    assert (transcript.id, transcript.persona) == (session_id, "angry_boss")
    assert transcript.call_note == record.as_text()
    assert [turn.text for turn in transcript.turns] == ["喂？"]


def test_eval_runs_newest_first_and_previous_run_on_the_same_sample_set(store):
    ids = [
        store.add_eval_run(EvalRunRecord(sample_set=name, grader_kind="rules", report_json={"kappa": kappa},
                                         gates_passed=passed))
        for name, kappa, passed in (("samples", 0.6, True), ("other", 0.1, None), ("samples", 0.7, False))
    ]
    runs = store.eval_runs()
    assert [run.id for run in runs] == ids[::-1]
    assert runs[0].report() == {"kappa": 0.7} and runs[0].gates_passed is False and runs[1].gates_passed is None
    assert runs[0].created_at is not None
    previous = store.previous_eval_run("samples", before_id=ids[2])
    assert previous is not None and previous.id == ids[0]
    assert store.previous_eval_run("samples", before_id=ids[0]) is None


def test_eval_run_record_rejects_report_json_that_is_not_json():
    with pytest.raises(ValueError, match="report_json"):
        EvalRunRecord(sample_set="s", grader_kind="rules", report_json="{not json")


def test_open_store_uses_the_database_url_setting(tmp_path):
    settings = load_settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'x' / 'from_settings.db'}")
    store = open_store(settings)
    assert store.path == tmp_path / "x" / "from_settings.db" and store.path.exists()


def test_empty_trainee_name_is_refused(store):
    with pytest.raises(StoreError, match="trainee"):
        store.create_session("   ", "angry_boss", None, "offline", None)
