"""Ordered migrations: a fresh database gets all of them, an old one is upgraded in order, re-running is a no-op."""

from __future__ import annotations

import sqlite3

import pytest

from collection_coach.migrations import MIGRATIONS, Migration, MigrationError, applied_migrations, migrate
from collection_coach.store import Store


def _connect(path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")}


def test_names_are_unique_and_in_numbered_order():
    names = [migration.name for migration in MIGRATIONS]
    assert len(names) >= 3
    assert len(set(names)) == len(names)
    assert names == sorted(names), "migrations must be listed in their numbered order"


def test_fresh_database_gets_every_migration_in_order(tmp_path):
    conn = _connect(tmp_path / "fresh.db")
    applied = migrate(conn)
    assert applied == [migration.name for migration in MIGRATIONS]
    assert applied_migrations(conn) == applied
    assert {"sessions", "turns", "grades", "eval_runs", "idx_grades_session"} <= _tables(conn)


def test_rerunning_is_a_no_op(tmp_path):
    conn = _connect(tmp_path / "again.db")
    migrate(conn)
    before = conn.execute("SELECT name, applied_at FROM _migrations ORDER BY rowid").fetchall()
    assert migrate(conn) == []
    assert conn.execute("SELECT name, applied_at FROM _migrations ORDER BY rowid").fetchall() == before


def test_old_database_at_m001_is_upgraded_in_order_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.db"
    conn = _connect(path)
    assert migrate(conn, MIGRATIONS[:1]) == ["m001_core_tables"]
    assert "grades" not in _tables(conn)
    conn.execute(
        "INSERT INTO sessions (id, trainee, persona_id, engine, started_at) "
        "VALUES ('abc123', '张三', 'angry', 'offline', '2026-01-01T00:00:00+00:00')"
    )
    conn.execute("INSERT INTO turns VALUES ('abc123', 0, 'debtor', '喂？', '2026-01-01T00:00:00+00:00')")
    conn.close()

    store = Store(path)  # opening the store runs the pending migrations
    check = _connect(path)
    assert applied_migrations(check) == [migration.name for migration in MIGRATIONS]
    assert {"grades", "eval_runs", "idx_sessions_trainee_started"} <= _tables(check)
    record = store.get_session("abc123")
    assert record.trainee == "张三" and [turn.text for turn in record.turns] == ["喂？"]
    assert record.outcome == "in_progress"


def test_a_failing_migration_is_rolled_back_and_not_recorded(tmp_path):
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("boom")

    conn = _connect(tmp_path / "broken.db")
    with pytest.raises(RuntimeError, match="boom"):
        migrate(conn, [*MIGRATIONS[:1], Migration("m002_broken", broken)])
    assert applied_migrations(conn) == ["m001_core_tables"]
    assert "half_done" not in _tables(conn)


def test_database_from_a_newer_version_is_refused_with_the_migration_name(tmp_path):
    conn = _connect(tmp_path / "newer.db")
    migrate(conn, [*MIGRATIONS, Migration("m999_future", lambda c: None)])
    with pytest.raises(MigrationError, match="m999_future"):
        migrate(conn)
