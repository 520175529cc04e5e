"""SQLite persistence: sessions, their turns (committed one by one), grades and evaluation runs.

One connection per Store, guarded by a lock: Gradio runs handlers in worker threads, and a sqlite3 connection must
not be used by two threads at once. WAL mode lets several app processes (one per worker behind a proxy) and a
`coach eval` cron job share the file; writes take `BEGIN IMMEDIATE` so they queue instead of failing.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Optional

from pydantic import ValidationError

from .call_record import CallRecord
from .grade import Grade
from .migrations import migrate
from .store_models import (
    IN_PROGRESS, EvalRunRecord, SessionNotFoundError, SessionRecord, SessionSummary, StoreError,
)
from .transcript import Transcript, Turn

if TYPE_CHECKING:
    from .config import Settings

__all__ = ["Store", "open_store", "EvalRunRecord", "SessionRecord", "SessionSummary", "SessionNotFoundError",
           "StoreError"]

_SESSION_COLUMNS = "id, trainee, persona_id, persona_hash, engine, model, started_at, ended_at, outcome, call_record"
_EVAL_COLUMNS = ("id, created_at, sample_set, grader_kind, model, rubric_version, prompt_version, report_json, "
                 "html_path, gates_passed")


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] = _utc_now):
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open the database ({error})") from error
        try:
            self._conn.row_factory = sqlite3.Row
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")  # a said turn survives even a power cut
            self._conn.execute("PRAGMA foreign_keys=ON")
            migrate(self._conn)
        except BaseException as error:
            self._conn.close()
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: cannot open the database ({error})") from error
            raise

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------------------------
    def _now(self) -> str:
        return self._clock().isoformat(timespec="seconds")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One committed transaction; rolled back if the body raises."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @staticmethod
    def _session_row(conn: sqlite3.Connection, session_id: str) -> sqlite3.Row:
        row = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise SessionNotFoundError(session_id)
        return row

    # -- sessions and turns ---------------------------------------------------------------------------------
    def create_session(self, trainee: str, persona_id: str, persona_hash: Optional[str], engine: str,
                       model: Optional[str]) -> str:
        if not trainee.strip():
            raise StoreError("trainee name must not be empty")
        session_id = uuid.uuid4().hex[:12]
        with self._write() as conn:
            conn.execute(
                "INSERT INTO sessions (id, trainee, persona_id, persona_hash, engine, model, started_at, outcome) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, trainee.strip(), persona_id, persona_hash, engine, model, self._now(), IN_PROGRESS),
            )
        return session_id

    def add_turn(self, session_id: str, role: str, text: str) -> int:
        """Append and commit one turn; returns its 0-based index. Ended sessions are closed to new turns, so
        a grade always matches the turns it was computed from."""
        if role not in ("agent", "debtor"):
            raise ValueError(f"role must be 'agent' or 'debtor', got {role!r}")
        with self._write() as conn:
            session = self._session_row(conn, session_id)
            if session["outcome"] != IN_PROGRESS:
                raise StoreError(f"session {session_id!r} has ended ({session['outcome']}); cannot add a turn")
            index = conn.execute(
                "SELECT COALESCE(MAX(idx) + 1, 0) FROM turns WHERE session_id = ?", (session_id,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO turns (session_id, idx, role, text, created_at) VALUES (?, ?, ?, ?, ?)",
                (session_id, index, role, text, self._now()),
            )
        return int(index)

    def turns(self, session_id: str) -> list[Turn]:
        with self._read() as conn:
            self._session_row(conn, session_id)
            rows = conn.execute("SELECT role, text FROM turns WHERE session_id = ? ORDER BY idx", (session_id,))
            return [Turn(role=row["role"], text=row["text"]) for row in rows]

    def delete_last_turn_if(self, session_id: str, role: str) -> bool:
        """Delete the last turn only if it has `role` and the call is still in progress; True if deleted.

        The normal retry path does not need this: persist a debtor turn only once its stream has finished, so a
        failed reply leaves nothing behind and a retry reuses the stored agent turn. It exists for a
        "regenerate reply" action that must replace a stored debtor turn. It can never remove an earlier turn
        or touch a finished call, so it cannot be used to erase what a trainee said before grading.
        """
        with self._write() as conn:
            session = self._session_row(conn, session_id)
            if session["outcome"] != IN_PROGRESS:
                return False
            last = conn.execute(
                "SELECT idx, role FROM turns WHERE session_id = ? ORDER BY idx DESC LIMIT 1", (session_id,)
            ).fetchone()
            if last is None or last["role"] != role:
                return False
            conn.execute("DELETE FROM turns WHERE session_id = ? AND idx = ?", (session_id, last["idx"]))
            return True

    def end_session(self, session_id: str, outcome: str) -> bool:
        """Mark the call ended. Returns False (and changes nothing) if it had already ended — a double click
        on 结束通话 keeps the first outcome and time."""
        if not outcome or outcome == IN_PROGRESS:
            raise ValueError(f"end_session needs a final outcome, got {outcome!r}")
        with self._write() as conn:
            self._session_row(conn, session_id)
            cursor = conn.execute(
                "UPDATE sessions SET ended_at = ?, outcome = ? WHERE id = ? AND outcome = ?",
                (self._now(), outcome, session_id, IN_PROGRESS),
            )
            return cursor.rowcount == 1

    def save_call_record(self, session_id: str, record: CallRecord) -> None:
        with self._write() as conn:
            self._session_row(conn, session_id)
            conn.execute("UPDATE sessions SET call_record = ? WHERE id = ?", (record.model_dump_json(), session_id))

    def get_session(self, session_id: str) -> SessionRecord:
        with self._read() as conn:
            row = self._session_row(conn, session_id)
            turns = conn.execute("SELECT role, text FROM turns WHERE session_id = ? ORDER BY idx", (session_id,))
            data: dict[str, Any] = dict(row)
            data["turns"] = [Turn(role=turn["role"], text=turn["text"]) for turn in turns]
            data["grade"] = self._latest_grade(conn, session_id)
        if data["call_record"] is not None:
            data["call_record"] = CallRecord.model_validate_json(data["call_record"])
        return SessionRecord.model_validate(data)

    def export_transcript(self, session_id: str) -> Transcript:
        return self.get_session(session_id).to_transcript()

    def list_sessions(self, trainee: Optional[str] = None, limit: int = 100) -> list[SessionSummary]:
        """Newest first; all trainees when `trainee` is None."""
        with self._read() as conn:
            rows = conn.execute(
                """
                SELECT s.id, s.trainee, s.persona_id, s.started_at, s.ended_at, s.outcome,
                       (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS n_turns,
                       g.status, g.total, g.passed
                FROM sessions s
                LEFT JOIN grades g ON g.id = (SELECT MAX(id) FROM grades WHERE session_id = s.id)
                WHERE ? IS NULL OR s.trainee = ?
                ORDER BY s.started_at DESC, s.rowid DESC
                LIMIT ?
                """,
                (trainee, trainee, limit),
            ).fetchall()
        return [SessionSummary.model_validate(dict(row)) for row in rows]

    def trainees(self) -> list[str]:
        """Every trainee name that has a session, for a trainer's filter."""
        with self._read() as conn:
            return [row[0] for row in conn.execute("SELECT DISTINCT trainee FROM sessions ORDER BY trainee")]

    # -- grades ---------------------------------------------------------------------------------------------
    def save_grade(self, session_id: str, grade: Grade) -> int:
        with self._write() as conn:
            self._session_row(conn, session_id)
            cursor = conn.execute(
                "INSERT INTO grades (session_id, created_at, status, total, passed, grade_json) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, self._now(), grade.status, grade.total, grade.passed, grade.model_dump_json()),
            )
            return int(cursor.lastrowid)

    def latest_grade(self, session_id: str) -> Optional[Grade]:
        with self._read() as conn:
            self._session_row(conn, session_id)
            return self._latest_grade(conn, session_id)

    @staticmethod
    def _latest_grade(conn: sqlite3.Connection, session_id: str) -> Optional[Grade]:
        row = conn.execute(
            "SELECT id, grade_json FROM grades WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,)
        ).fetchone()
        if row is None:
            return None
        try:
            return Grade.model_validate_json(row["grade_json"])
        except ValidationError as error:  # the raw JSON stays in the database
            raise StoreError(f"grade {row['id']} of session {session_id!r} no longer reads as a Grade: {error}") \
                from error

    # -- evaluation runs ------------------------------------------------------------------------------------
    def add_eval_run(self, record: EvalRunRecord) -> int:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO eval_runs (created_at, sample_set, grader_kind, model, rubric_version, prompt_version, "
                "report_json, html_path, gates_passed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.created_at or self._now(), record.sample_set, record.grader_kind, record.model,
                 record.rubric_version, record.prompt_version, record.report_json, record.html_path,
                 record.gates_passed),
            )
            return int(cursor.lastrowid)

    def eval_runs(self, limit: int = 50) -> list[EvalRunRecord]:
        """Newest first."""
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_EVAL_COLUMNS} FROM eval_runs ORDER BY id DESC LIMIT ?", (limit,))
            return [EvalRunRecord.model_validate(dict(row)) for row in rows]

    def previous_eval_run(self, sample_set: str, before_id: int) -> Optional[EvalRunRecord]:
        """The latest run on the same sample set older than `before_id` (for "compared with last run")."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_EVAL_COLUMNS} FROM eval_runs WHERE sample_set = ? AND id < ? ORDER BY id DESC LIMIT 1",
                (sample_set, before_id),
            ).fetchone()
        return EvalRunRecord.model_validate(dict(row)) if row else None


def open_store(settings: "Settings") -> Store:
    """The store at COACH_DATABASE_URL (relative paths are relative to the working directory)."""
    return Store(settings.database_path)
