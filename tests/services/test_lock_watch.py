"""LockWatchJob and TerminateSessionJob on a real PostgreSQL lock wait (and a server that is not
there)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from migrator_gui.core.locks import LockError, LockWait
from migrator_gui.services.jobs import Job
from migrator_gui.services.lock_watch import LockWatchJob, TerminateSessionJob
from tests.core.test_locks import (
    Victim,
    autocommit_engine,
    close_quietly,
    transaction_engine,
)


@dataclass
class Scene:
    """PostgreSQL: a blocker holding ACCESS SHARE on book, a victim waiting in ALTER TABLE."""

    url: str
    blocker_pid: int
    victim_pid: int
    victim: Victim


@pytest.fixture
def pg_scene(postgres_url: str) -> Iterator[Scene]:
    auto = autocommit_engine(postgres_url)
    blocking = transaction_engine(postgres_url)
    with auto.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE book (id int PRIMARY KEY)")
    blocker = blocking.connect()
    victim_conn = auto.connect()
    victim = Victim(victim_conn, "ALTER TABLE book ADD COLUMN x int")
    try:
        blocker_pid = int(blocker.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
        blocker.exec_driver_sql("LOCK TABLE book IN ACCESS SHARE MODE")
        victim_pid = int(victim_conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
        victim_conn.exec_driver_sql("SET lock_timeout = '30s'")
        victim.start()
        yield Scene(postgres_url, blocker_pid, victim_pid, victim)
    finally:
        close_quietly(blocker)
        victim.join(5)
        close_quietly(victim_conn)
        blocking.dispose()
        auto.dispose()


def _stop(job: Job) -> None:
    if job.is_running:
        job.stop(5000)


def _blocked_by(pid: int) -> Callable[[LockWait], bool]:
    return lambda lw: lw.waiting and str(pid) in {b.session_id for b in lw.blockers}


@pytest.mark.server
@pytest.mark.timeout(60)
def test_watch_reports_the_blocker_then_stops_promptly(qtbot: QtBot, pg_scene: Scene) -> None:
    parent = QObject()
    job = LockWatchJob(pg_scene.url, str(pg_scene.victim_pid), "postgresql", 0.2, parent)
    seen: list[tuple[float, LockWait]] = []
    job.lock_wait.connect(lambda lw: seen.append((time.monotonic(), lw)))
    logs: list[str] = []
    job.log.connect(logs.append)
    try:
        job.start()
        blocked = _blocked_by(pg_scene.blocker_pid)
        qtbot.waitUntil(lambda: any(blocked(lw) for _, lw in seen), timeout=2000)
        first = next(lw for _, lw in seen if blocked(lw))
        assert first.session_id == str(pg_scene.victim_pid)
        assert "LOCK TABLE book" in first.blockers[0].query
        assert job.last is not None and job.last.waiting

        # While it waits, a fresh diagnosis comes at least once a second (the elapsed time).
        count = len(seen)
        qtbot.waitUntil(lambda: len(seen) > count, timeout=1600)
        assert seen[-1][1].wait_seconds is not None
        assert seen[-1][1].wait_seconds >= (first.wait_seconds or 0)
        # ...but not on every poll (0.2 s): nothing changed but the durations.
        assert len(seen) <= count + 3

        results: list[object] = []
        job.result.connect(results.append)
        began = time.monotonic()
        job.cancel()
        qtbot.waitUntil(lambda: job.is_done, timeout=3000)
        assert time.monotonic() - began < 2.0
        assert len(results) == 1 and isinstance(results[0], LockWait)
        assert logs == []
    finally:
        _stop(job)


@pytest.mark.server
@pytest.mark.timeout(60)
def test_terminate_job_ends_the_blocker(qtbot: QtBot, pg_scene: Scene) -> None:
    parent = QObject()
    watch = LockWatchJob(pg_scene.url, str(pg_scene.victim_pid), "postgresql", 0.1, parent)
    latest: list[LockWait] = []
    watch.lock_wait.connect(latest.append)
    job = TerminateSessionJob(
        pg_scene.url, "postgresql", str(pg_scene.blocker_pid), "terminate", parent
    )
    try:
        watch.start()
        qtbot.waitUntil(
            lambda: bool(latest) and _blocked_by(pg_scene.blocker_pid)(latest[-1]), timeout=2000
        )
        with qtbot.waitSignal(job.result, timeout=10_000) as got:
            job.start()
        assert got.args == [f"Terminated session {pg_scene.blocker_pid}."]
        assert pg_scene.victim.join(), "the ALTER still waits"
        assert pg_scene.victim.error is None
        # The watch sees the wait end.
        qtbot.waitUntil(lambda: not latest[-1].waiting, timeout=2000)
        # A second time: the session is gone.
        again = TerminateSessionJob(pg_scene.url, "postgresql", str(pg_scene.blocker_pid))
        with qtbot.waitSignal(again.result, timeout=10_000) as got:
            again.start()
        assert "was not found" in got.args[0]
    finally:
        _stop(watch)
        _stop(job)


@pytest.mark.server
@pytest.mark.timeout(60)
def test_cancel_mode_and_refusals(qtbot: QtBot, postgres_url: str) -> None:
    with pytest.raises(ValueError):
        TerminateSessionJob(postgres_url, "postgresql", "1", "kill")
    bad = TerminateSessionJob(postgres_url, "postgresql", "1; DROP TABLE book")
    with qtbot.waitSignal(bad.error, timeout=10_000) as got:
        bad.start()
    assert isinstance(got.args[0], LockError)

    engine = autocommit_engine(postgres_url)
    try:
        with engine.connect() as sleeper_conn:
            pid = int(sleeper_conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())
            sleeper = Victim(sleeper_conn, "SELECT pg_sleep(20)").start()
            time.sleep(0.2)
            job = TerminateSessionJob(postgres_url, "postgresql", str(pid), "cancel")
            with qtbot.waitSignal(job.result, timeout=10_000) as got:
                job.start()
            assert got.args == [f"Cancelled the running statement of session {pid}."]
            assert sleeper.join(10) and sleeper.error is not None
    finally:
        engine.dispose()


@pytest.fixture
def refused_port() -> int:
    """A local port nobody listens on."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    sock.close()
    return port


@pytest.mark.timeout(60)
def test_unreachable_server_logged_once_without_password(qtbot: QtBot, refused_port: int) -> None:
    secret = "S3cret-Pa55word"
    url = f"postgresql+psycopg2://postgres:{secret}@127.0.0.1:{refused_port}/nowhere"
    parent = QObject()
    job = LockWatchJob(url, "1234", "postgresql", 0.05, parent)
    logs: list[str] = []
    job.log.connect(logs.append)
    emitted: list[object] = []
    job.lock_wait.connect(emitted.append)
    try:
        job.start()
        qtbot.waitUntil(lambda: bool(logs), timeout=5000)
        qtbot.wait(600)  # many more failed polls
        assert len(logs) == 1, logs
        assert secret not in logs[0] and "***" in logs[0] and "retrying" in logs[0]
        assert emitted == []
        assert job.is_running
        job.cancel()
        qtbot.waitUntil(lambda: job.is_done, timeout=5000)
    finally:
        _stop(job)


@pytest.mark.timeout(60)
def test_sqlite_watch_explains_and_waits(qtbot: QtBot, sqlite_url: str) -> None:
    parent = QObject()
    job = LockWatchJob(sqlite_url, "1", "sqlite", 0.1, parent)
    with qtbot.waitSignal(job.lock_wait, timeout=5000) as got:
        job.start()
    lw = got.args[0]
    assert isinstance(lw, LockWait) and not lw.waiting and "busy timeout" in lw.note
    job.cancel()
    qtbot.waitUntil(lambda: job.is_done, timeout=3000)


@pytest.mark.timeout(60)
def test_invalid_session_id_is_an_error(qtbot: QtBot) -> None:
    job = LockWatchJob("postgresql+psycopg2://postgres@127.0.0.1:1/x", "1 OR 1", "postgresql")
    with qtbot.waitSignal(job.error, timeout=5000) as got:
        job.start()
    assert isinstance(got.args[0], LockError)
    qtbot.waitUntil(lambda: job.is_done, timeout=3000)


def test_signals_are_declared_on_the_class() -> None:
    assert isinstance(LockWatchJob.__dict__["lock_wait"], type(Job.log))
    assert issubclass(LockWatchJob, Job) and issubclass(TerminateSessionJob, Job)
