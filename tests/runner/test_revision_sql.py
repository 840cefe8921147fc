"""The ``revision_sql`` operation of runner/child.py, run as a real subprocess: both directions of
one revision in one child, offline, one ``RevisionSql`` event each, then a ``Result``."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from migrator_gui.core import protocol
from tests.db_fixtures import copy_fixture
from tests.runner.conftest import revision_chain, run_child


def test_events_of_one_revision(tmp_path: Path, sqlite_url: str) -> None:
    project = copy_fixture("default_template", tmp_path)
    base, middle, _head = revision_chain(project)
    run = run_child(project, "revision_sql", sqlite_url, target=middle)
    assert run.returncode == 0, run.text()
    assert isinstance(run.events[0], protocol.Started)
    assert run.events[0].operation == "revision_sql"
    up, down = run.of(protocol.RevisionSql)
    assert (up.direction, down.direction) == ("upgrade", "downgrade")
    assert (up.source, up.destination) == ([base], [middle])
    assert (down.source, down.destination) == ([middle], [base])
    assert up.dialect == down.dialect == "sqlite"
    assert "CREATE TABLE book" in up.sql and "DROP TABLE book" in down.sql
    assert not run.of(protocol.Sql), "the SQL travels in RevisionSql, whole"
    assert not run.of(protocol.Error) and not run.of(protocol.Backend)
    result = run.result
    assert result.offline and not result.table_exists
    assert result.steps == 2 and result.heads == [base]
    assert not Path(sa.make_url(sqlite_url).database or "").exists()


def test_a_target_that_is_not_one_revision(tmp_path: Path, sqlite_url: str) -> None:
    project = copy_fixture("default_template", tmp_path)
    run = run_child(project, "revision_sql", sqlite_url, target="heads")
    assert run.returncode == 1
    assert "revision_sql needs one revision id, not 'heads'" in run.error.message


def test_the_password_never_appears(tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    _base, middle, _head = revision_chain(project)
    url = "postgresql+psycopg2://app:Sup3r-Secret@db.invalid:5432/shop"
    run = run_child(project, "revision_sql", url, target=middle)
    assert run.returncode == 0, run.text()
    assert "Sup3r-Secret" not in run.stdout + run.stderr
    up, _down = run.of(protocol.RevisionSql)
    assert up.dialect == "postgresql" and "SERIAL" in up.sql


def test_env_py_without_offline_mode(tmp_path: Path, sqlite_url: str) -> None:
    project = copy_fixture("default_template", tmp_path)
    _base, middle, _head = revision_chain(project)
    env_py = project / "migrations" / "env.py"
    text = env_py.read_text()
    assert "if context.is_offline_mode():\n    run_migrations_offline()" in text
    env_py.write_text(
        text.replace(
            "if context.is_offline_mode():\n    run_migrations_offline()",
            "if context.is_offline_mode():\n    pass",
        )
    )
    run = run_child(project, "revision_sql", sqlite_url, target=middle)
    assert run.returncode == 0, run.text()
    for part in run.of(protocol.RevisionSql):
        assert part.error_type == "NoOfflineMode"
        assert "env.py never ran the migrations in offline mode" in part.error
