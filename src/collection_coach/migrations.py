"""Ordered schema migrations for the SQLite store (modelled on simonw/llm's migrations.py).

Each migration is a plain function `(conn) -> None`. `migrate()` applies the ones a database has not seen yet, in
list order, each inside its own transaction together with its row in `_migrations`, so a crash half-way through
never leaves a migration applied but unrecorded. Never edit or reorder a migration that has shipped: append a new
one instead. Migrations use `conn.execute` (not `executescript`, which would commit the open transaction).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Sequence

from .errors import CoachError


class MigrationError(CoachError):
    """The database cannot be brought to the schema this version expects."""


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite3.Connection], None]


def m001_core_tables(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            trainee TEXT NOT NULL,
            persona_id TEXT NOT NULL,
            persona_hash TEXT,
            engine TEXT NOT NULL,
            model TEXT,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            outcome TEXT NOT NULL DEFAULT 'in_progress',
            call_record TEXT
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE turns (
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('agent', 'debtor')),
            text TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (session_id, idx)
        )
        """
    )


def m002_grades_and_eval_runs(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE grades (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL,
            total REAL,
            passed INTEGER,
            grade_json TEXT NOT NULL
        )
        """
    )
    conn.execute(
        """
        CREATE TABLE eval_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at TEXT NOT NULL,
            sample_set TEXT NOT NULL,
            grader_kind TEXT NOT NULL,
            model TEXT,
            rubric_version TEXT,
            prompt_version TEXT,
            report_json TEXT NOT NULL,
            html_path TEXT,
            gates_passed INTEGER
        )
        """
    )


def m003_lookup_indexes(conn: sqlite3.Connection) -> None:
    # History pages filter by trainee and sort by start time; reports fetch a session's latest grade;
    # the eval trend compares a run with the previous run on the same sample set.
    conn.execute("CREATE INDEX idx_sessions_trainee_started ON sessions (trainee, started_at)")
    conn.execute("CREATE INDEX idx_grades_session ON grades (session_id, id)")
    conn.execute("CREATE INDEX idx_eval_runs_sample_set ON eval_runs (sample_set, id)")


MIGRATIONS: tuple[Migration, ...] = tuple(
    Migration(function.__name__, function)
    for function in (m001_core_tables, m002_grades_and_eval_runs, m003_lookup_indexes)
)


def _ensure_migrations_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names recorded in `_migrations`, in the order they were applied."""
    _ensure_migrations_table(conn)
    return [row[0] for row in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the pending migrations in order; return the names applied now (empty when up to date).

    `conn` must be in autocommit mode (`isolation_level=None`): each migration runs in its own
    `BEGIN IMMEDIATE` transaction, which also makes two processes starting at once take turns.
    """
    if conn.in_transaction:
        raise MigrationError("migrate() needs a connection outside a transaction (isolation_level=None)")
    _ensure_migrations_table(conn)
    known = {migration.name for migration in migrations}
    unknown = [name for name in applied_migrations(conn) if name not in known]
    if unknown:
        raise MigrationError(
            f"the database has migrations this version does not know ({', '.join(unknown)}); "
            "it was written by a newer Collection Coach — upgrade, or point COACH_DATABASE_URL at another file"
        )
    applied_now = []
    for migration in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-checked inside the write lock: another process may have applied it meanwhile.
            done = conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (migration.name,)).fetchone()
            if not done:
                migration.apply(conn)
                conn.execute(
                    "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
                )
                applied_now.append(migration.name)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                conn.execute("ROLLBACK")
            raise
    return applied_now
