"""Issue 5's operations on real databases: every kind of target, lock waits and their blockers,
the lock timeout, cancel of a long SQL step, two runs at once, a killed child, the audit log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core import protocol
from migrator_gui.core.audit import AuditLog
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.locks import LockWait
from migrator_gui.core.project import Project, open_project
from migrator_gui.services.jobs import JobCancelled
from migrator_gui.services.lock_watch import LockWatchJob, TerminateSessionJob
from migrator_gui.services.migrate import MigrationService, RunnerJob, make_request
from tests.db_fixtures import copy_fixture, current_heads, has_table
from tests.runner.conftest import CHILD, revision_chain

TIMEOUT = 60_000


@pytest.fixture
def service(qtbot, tmp_path: Path) -> MigrationService:  # type: ignore[no-untyped-def]
    owner = QObject()
    svc = MigrationService(owner, audit_log=AuditLog(tmp_path / "audit.jsonl"))
    svc._owner = owner  # type: ignore[attr-defined]
    return svc


def _run(qtbot, job: RunnerJob) -> tuple[list[object], list[object], list[object]]:  # type: ignore[no-untyped-def]
    results: list[object] = []
    errors: list[object] = []
    events: list[object] = []
    job.result.connect(results.append)
    job.error.connect(errors.append)
    job.event.connect(events.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    return results, errors, events


def _backend(url: str) -> str:
    return sa.make_url(url).get_backend_name()


# --------------------------------------------------------------------------------------------
# every kind of target


def test_every_kind_of_target(
    qtbot, service: MigrationService, db_url: str, tmp_path: Path
) -> None:
    project = open_project(copy_fixture("default_template", tmp_path))
    first, second, third = revision_chain(project.root)

    def run(job: RunnerJob) -> None:
        _, errors, _ = _run(qtbot, job)
        assert not errors, errors

    run(service.upgrade(project, db_url, "+1"))
    assert current_heads(db_url) == {first}
    run(service.upgrade(project, db_url, second))
    assert current_heads(db_url) == {second}
    run(service.upgrade(project, db_url, "head"))
    assert current_heads(db_url) == {third}
    run(service.downgrade(project, db_url, "-1"))
    assert current_heads(db_url) == {second}
    run(service.downgrade(project, db_url, "base"))
    assert current_heads(db_url) == set()
    assert not has_table(db_url, "author")
    run(service.upgrade(project, db_url, "heads"))
    assert current_heads(db_url) == {third}
    run(service.downgrade(project, db_url, first))
    assert current_heads(db_url) == {first}
    assert not has_table(db_url, "book")
    run(service.stamp(project, db_url, third))
    assert current_heads(db_url) == {third}
    assert not has_table(db_url, "book")  # a stamp runs nothing
    run(service.stamp(project, db_url, first, purge=True))
    assert current_heads(db_url) == {first}
    run(service.upgrade(project, db_url, "+2"))
    assert current_heads(db_url) == {third}

    entries = service.audit_log.entries()  # type: ignore[union-attr]
    assert [e.operation for e in entries] == [
        "upgrade", "upgrade", "upgrade", "downgrade", "downgrade", "upgrade", "downgrade",
        "stamp", "stamp", "upgrade",
    ]
    assert all(e.outcome == "succeeded" for e in entries)
    assert entries[1].source == (first,) and entries[1].destination == (second,)
    assert entries[-1].steps == 2


# --------------------------------------------------------------------------------------------
# lock waits


class _Blocker:
    """A second session holding a lock on ``book`` in an open transaction."""

    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url, poolclass=NullPool)
        self.connection = self.engine.connect()
        if _backend(url) == "postgresql":
            self.connection.exec_driver_sql("SET application_name = 'psql'")
            self.connection.commit()
            pid = self.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            self.session_id = str(pid)
            self.connection.commit()
            self.connection.exec_driver_sql("LOCK TABLE book IN ACCESS SHARE MODE")
        else:
            cid = self.connection.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
            self.session_id = str(cid)
            self.connection.commit()
            self.connection.exec_driver_sql("SELECT * FROM book").fetchall()  # transaction open

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:
            pass
        self.engine.dispose()


@pytest.fixture(params=["postgres_url", "mariadb_url"])
def server_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(request.param))


def _at_second(qtbot, service: MigrationService, project: Project, url: str) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    _, second, third = revision_chain(project.root)
    _, errors, _ = _run(qtbot, service.upgrade(project, url, second))
    assert not errors
    return second, third


@pytest.mark.server
def test_a_lock_wait_shows_its_blocker_and_the_lock_timeout_stops_it(
    qtbot, service: MigrationService, server_url: str, tmp_path: Path
) -> None:
    project = open_project(copy_fixture("default_template", tmp_path))
    second, _ = _at_second(qtbot, service, project, server_url)
    blocker = _Blocker(server_url)
    try:
        started = time.monotonic()
        job = service.upgrade(project, server_url, "heads", lock_timeout=2)
        waits: list[LockWait] = []
        backends: list[protocol.Backend] = []
        job.event.connect(lambda e: backends.append(e) if isinstance(e, protocol.Backend) else None)
        errors: list[object] = []
        job.error.connect(errors.append)
        qtbot.waitUntil(lambda: bool(backends), timeout=TIMEOUT)
        watch = LockWatchJob(server_url, backends[0].session_id, backends[0].dialect,
                             parent=service)
        watch.lock_wait.connect(waits.append)
        watch.start()
        watch_started = time.monotonic()
        qtbot.waitUntil(
            lambda: any(w.waiting and any(b.session_id == blocker.session_id for b in w.blockers)
                        for w in waits),
            timeout=5_000,
        )
        assert time.monotonic() - watch_started < 2.5  # shown within about 2 s
        seen = next(w for w in waits if w.waiting and w.blockers)
        found = next(b for b in seen.blockers if b.session_id == blocker.session_id)
        if _backend(server_url) == "postgresql":
            assert "LOCK TABLE book" in found.query and found.application == "psql"
        with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
            pass
        elapsed = time.monotonic() - started
        watch.cancel()
        with qtbot.waitSignal(watch.finished, timeout=10_000):
            pass
        (error,) = errors
        assert isinstance(error, RunnerError)
        assert "lock timeout (2 s)" in str(error)
        assert job.error_event is not None and job.error_event.lock_timeout
        assert elapsed < 10  # about 2 s of wait, plus the child's start
        assert current_heads(server_url) == {second}  # the version table is unchanged
    finally:
        blocker.close()
    last = service.audit_log.last_entry(job.database_key)  # type: ignore[union-attr]
    assert last is not None and last.outcome in ("failed", "partial")


@pytest.mark.server
def test_terminating_the_blocker_lets_the_migration_finish(
    qtbot, service: MigrationService, server_url: str, tmp_path: Path
) -> None:
    project = open_project(copy_fixture("default_template", tmp_path))
    _, third = _at_second(qtbot, service, project, server_url)
    blocker = _Blocker(server_url)
    try:
        job = service.upgrade(project, server_url, "heads", lock_timeout=0)  # wait forever
        backends: list[protocol.Backend] = []
        job.event.connect(lambda e: backends.append(e) if isinstance(e, protocol.Backend) else None)
        qtbot.waitUntil(lambda: bool(backends), timeout=TIMEOUT)
        waits: list[LockWait] = []
        watch = LockWatchJob(server_url, backends[0].session_id, backends[0].dialect,
                             parent=service)
        watch.lock_wait.connect(waits.append)
        watch.start()
        qtbot.waitUntil(lambda: any(w.waiting for w in waits), timeout=5_000)
        terminate = TerminateSessionJob(server_url, backends[0].dialect, blocker.session_id,
                                        parent=service)
        messages: list[object] = []
        terminate.result.connect(messages.append)
        with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
            terminate.start()
        assert messages == [f"Terminated session {blocker.session_id}."]
        watch.cancel()
        with qtbot.waitSignal(watch.finished, timeout=10_000):
            pass
        assert current_heads(server_url) == {third}
    finally:
        blocker.close()


# --------------------------------------------------------------------------------------------
# cancel a long SQL step


def _add_sleeping_revision(project: Path, down: str, backend: str) -> str:
    sleep = "SELECT pg_sleep(30)" if backend == "postgresql" else "SELECT SLEEP(30)"
    versions = next(project.glob("*/versions"))
    (versions / "5ee9a11a1a1a_sleep.py").write_text(textwrap.dedent(f'''\
        """a step that sleeps in SQL

        Revision ID: 5ee9a11a1a1a
        Revises: {down}
        """
        from alembic import op

        revision = "5ee9a11a1a1a"
        down_revision = "{down}"
        branch_labels = None
        depends_on = None


        def upgrade():
            op.execute("{sleep}")


        def downgrade():
            pass
        '''))
    return "5ee9a11a1a1a"


@pytest.mark.server
def test_cancel_during_a_long_sql_step(
    qtbot, service: MigrationService, server_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    *_, head = revision_chain(root)
    sleeper = _add_sleeping_revision(root, head, _backend(server_url))
    project = open_project(root)
    _, errors, _ = _run(qtbot, service.upgrade(project, server_url, head))
    assert not errors
    job = service.upgrade(project, server_url, "heads")
    statements: list[str] = []
    job.event.connect(
        lambda e: statements.append(e.sql) if isinstance(e, protocol.Statement) else None)
    failures: list[object] = []
    job.error.connect(failures.append)
    qtbot.waitUntil(lambda: any("SLEEP" in s.upper() for s in statements), timeout=TIMEOUT)
    started = time.monotonic()
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.cancel()
    assert time.monotonic() - started < 8  # the server-side cancel, not the 30 s sleep
    (error,) = failures
    assert isinstance(error, JobCancelled)
    assert "now holds: " + head in str(error)
    assert current_heads(server_url) == {head}
    last = service.audit_log.last_entry(job.database_key)  # type: ignore[union-attr]
    assert last is not None and last.outcome == "cancelled" and last.destination == (head,)
    # the database is usable: the retry succeeds (with a quick sleep this time)
    (next(root.glob("*/versions")) / "5ee9a11a1a1a_sleep.py").write_text(
        (next(root.glob("*/versions")) / "5ee9a11a1a1a_sleep.py").read_text().replace("30", "0")
    )
    _, errors, _ = _run(qtbot, service.upgrade(project, server_url, "heads"))
    assert not errors
    assert current_heads(server_url) == {sleeper}


# --------------------------------------------------------------------------------------------
# two runs at once, from two processes


def _start_child(project: Path, url: str) -> subprocess.Popen[str]:
    request = make_request(open_project(project), url, "upgrade", "heads",
                           transaction_per_migration=True)
    proc = subprocess.Popen(
        [sys.executable, str(CHILD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, cwd=str(project), text=True,
    )
    assert proc.stdin is not None
    proc.stdin.write(request.to_json() + "\n")
    proc.stdin.close()
    return proc


def test_two_runs_at_once_one_runs_the_other_is_told(db_url: str, tmp_path: Path) -> None:
    root = copy_fixture("slow", tmp_path)
    procs = [_start_child(root, db_url) for _ in range(2)]
    outputs = []
    for proc in procs:
        assert proc.stdout is not None
        out = proc.stdout.read()
        proc.wait(timeout=60)
        events = [protocol.decode_event(line) for line in out.splitlines() if line.strip()]
        outputs.append((proc.returncode, events))
    codes = sorted(code for code, _ in outputs)
    assert codes == [0, 1], outputs
    refused = next(events for code, events in outputs if code == 1)
    error = next(e for e in refused if isinstance(e, protocol.Error))
    assert error.type == "MigrationLockedError"
    assert "Another migration is running on" in error.message and "since" in error.message
    done = next(events for code, events in outputs if code == 0)
    assert sum(isinstance(e, protocol.Step) for e in done) == 2  # applied once, by one run
    assert current_heads(db_url) == {revision_chain(root)[-1]}


# --------------------------------------------------------------------------------------------
# the child killed mid-step


@pytest.mark.parametrize(
    "which", ["sqlite_url", pytest.param("postgres_url", marks=pytest.mark.server)]
)
def test_a_killed_child_is_reported_with_the_state_read_again(
    qtbot, service: MigrationService, which: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = str(request.getfixturevalue(which))
    root = copy_fixture("slow", tmp_path)
    first = revision_chain(root)[0]
    job = service.upgrade(open_project(root), url)
    statements: list[str] = []
    job.event.connect(
        lambda e: statements.append(e.sql) if isinstance(e, protocol.Statement) else None)
    failures: list[object] = []
    job.error.connect(failures.append)
    qtbot.waitUntil(lambda: any("CREATE TABLE book" in s for s in statements), timeout=TIMEOUT)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        os.killpg(job.pid, signal.SIGKILL)  # type: ignore[arg-type]
    (error,) = failures
    assert isinstance(error, RunnerError) and error.error_type == "RunnerCrashed"
    assert "The run was interrupted." in str(error)
    assert f"now holds: {first}." in str(error)
    assert current_heads(url) == {first}
    assert not has_table(url, "book")  # the step was rolled back
    last = service.audit_log.last_entry(job.database_key)  # type: ignore[union-attr]
    assert last is not None and last.outcome == "interrupted"


def test_sqlite_waits_on_its_busy_timeout_then_fails_unchanged(
    qtbot, service: MigrationService, sqlite_url: str, tmp_path: Path
) -> None:
    """SQLite's lock timeout is its busy timeout: a writer holding the file fails the step after
    it, with the version table unchanged."""
    project = open_project(copy_fixture("default_template", tmp_path))
    second, _ = _at_second(qtbot, service, project, sqlite_url)
    engine = sa.create_engine(sqlite_url, poolclass=NullPool)
    hold = threading.Event()
    with engine.connect() as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # a writer holds the file
        started = time.monotonic()
        job = service.upgrade(project, sqlite_url, "heads", lock_timeout=1)
        _, errors, _ = _run(qtbot, job)
        connection.rollback()
    hold.set()
    engine.dispose()
    (error,) = errors
    assert isinstance(error, RunnerError)
    assert "locked" in str(error)
    assert time.monotonic() - started < 15
    assert current_heads(sqlite_url) == {second}


@pytest.mark.server
def test_the_audit_log_never_holds_the_password(
    qtbot, service: MigrationService, postgres_url: str, tmp_path: Path
) -> None:
    """Trust auth accepts any password: the run succeeds, and neither the log file nor a failed
    run's error line holds it."""
    sentinel = "S3ntinel-pässwörd-42"
    url = sa.make_url(postgres_url).set(password=sentinel).render_as_string(hide_password=False)
    project = open_project(copy_fixture("default_template", tmp_path))
    _, errors, _ = _run(qtbot, service.upgrade(project, url, "heads"))
    assert not errors
    _, errors, _ = _run(qtbot, service.upgrade(project, url, "abcdef999999"))
    assert errors
    log = service.audit_log
    assert log is not None
    raw = log.path.read_bytes()
    assert sentinel.encode() not in raw and sentinel.encode("unicode_escape") not in raw
    entries = log.entries()
    assert [e.outcome for e in entries] == ["succeeded", "failed"]
    assert "***" in entries[0].database or "@" not in entries[0].database
