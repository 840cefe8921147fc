"""MigrationService and RunnerJob with a real child process and real databases."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from migrator_gui.core import protocol
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.project import Project, open_project
from migrator_gui.services.jobs import JobCancelled
from migrator_gui.services.migrate import (
    DatabaseBusyError,
    MigrationService,
    RunnerJob,
    format_step,
    runner_script_path,
)
from tests.db_fixtures import copy_fixture, current_heads, has_table
from tests.runner.conftest import revision_chain

TIMEOUT = 60_000


class _Collector:
    def __init__(self, job: RunnerJob) -> None:
        self.events: list[object] = []
        self.logs: list[str] = []
        self.progress: list[tuple[int, int]] = []
        self.results: list[object] = []
        self.errors: list[object] = []
        self.started = 0
        job.started.connect(self._on_started)
        job.event.connect(self.events.append)
        job.log.connect(self.logs.append)
        job.progress.connect(lambda k, n: self.progress.append((k, n)))
        job.result.connect(self.results.append)
        job.error.connect(self.errors.append)

    def _on_started(self) -> None:
        self.started += 1

    def of(self, cls: type) -> list:
        return [e for e in self.events if isinstance(e, cls)]


@pytest.fixture
def service(qtbot) -> MigrationService:
    owner = QObject()
    svc = MigrationService(owner)
    svc._owner = owner  # type: ignore[attr-defined]  # keep the parent alive with the fixture
    return svc


def _project(name: str, tmp_path: Path) -> Project:
    return open_project(copy_fixture(name, tmp_path))


def test_runner_script_is_found() -> None:
    path = runner_script_path()
    assert path.name == "child.py" and (path.parent.parent / "core" / "protocol.py").is_file()


def test_upgrade_emits_started_logs_steps_and_result(
    qtbot, service: MigrationService, db_url: str, tmp_path: Path
) -> None:
    project = _project("default_template", tmp_path)
    base, middle, head = revision_chain(project.root)
    with qtbot.waitSignal(service.busy_changed, timeout=5000) as busy:
        job = service.upgrade(project, db_url)
    assert busy.args == [True]
    collected = _Collector(job)  # connected after the call returned: nothing is missed
    assert service.is_busy() and service.is_busy(project, db_url)
    with qtbot.waitSignals([job.finished, service.busy_changed], timeout=TIMEOUT):
        pass
    assert not service.is_busy() and not job.is_running
    assert collected.errors == [] and collected.started == 1
    (result,) = collected.results
    assert isinstance(result, protocol.Result) and result.heads == [head]
    assert current_heads(db_url) == {head}
    assert isinstance(collected.events[0], protocol.Started)
    assert [s.revision for s in collected.of(protocol.Step)] == [base, middle, head]
    assert collected.progress == [(0, 3), (1, 3), (2, 3), (3, 3)]
    step_lines = [line for line in collected.logs if line.startswith("Running upgrade")]
    assert len(step_lines) == 3  # alembic's own "Running upgrade" log lines are folded in
    assert step_lines[2].startswith(f"Running upgrade {middle} -> {head}, add isbn to book (")
    assert step_lines[2].endswith(" s)")
    assert any(line.startswith("Done: 3 step(s)") for line in collected.logs)
    if "sqlite" not in db_url:
        assert job.backend is not None and int(job.backend.session_id) > 0
    assert job.returncode == 0


def test_downgrade_and_stamp(
    qtbot, service: MigrationService, sqlite_url: str, tmp_path: Path
) -> None:
    project = _project("default_template", tmp_path)
    base, middle, head = revision_chain(project.root)
    for start, expected in (
        (lambda: service.upgrade(project, sqlite_url), {head}),
        (lambda: service.downgrade(project, sqlite_url), {middle}),
        (lambda: service.stamp(project, sqlite_url, base), {base}),
        (lambda: service.stamp(project, sqlite_url, head, purge=True), {head}),
    ):
        job = start()
        with qtbot.waitSignal(job.result, timeout=TIMEOUT) as blocker:
            pass
        assert set(blocker.args[0].heads) == expected == current_heads(sqlite_url)
        qtbot.waitUntil(lambda job=job: job.is_done, timeout=TIMEOUT)


def test_offline_upgrade_sends_sql_events(
    qtbot, service: MigrationService, sqlite_url: str, tmp_path: Path
) -> None:
    project = _project("default_template", tmp_path)
    job = service.upgrade(project, sqlite_url, sql=True)
    collected = _Collector(job)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    sql = "".join(e.text for e in collected.of(protocol.Sql))
    assert "CREATE TABLE book" in sql
    assert collected.results[0].offline
    assert not Path(sqlite_url.removeprefix("sqlite:///")).exists()


def test_failure_arrives_as_runner_error(
    qtbot, service: MigrationService, sqlite_url: str, tmp_path: Path
) -> None:
    project = _project("default_template", tmp_path)
    job = service.upgrade(project, sqlite_url, target="abcdef999999")
    collected = _Collector(job)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    assert collected.results == []
    (error,) = collected.errors
    assert isinstance(error, RunnerError)
    assert "No revision 'abcdef999999' in versions/" in str(error)
    assert error.error_type == "ResolutionError"
    assert "Traceback" in error.details
    assert job.returncode == 1
    assert any(line.startswith("ERROR No revision") for line in collected.logs)


def test_a_child_that_dies_is_a_runner_error(qtbot, sqlite_url: str, tmp_path: Path) -> None:
    owner = QObject()
    project = _project("default_template", tmp_path)
    broken = Project(**{**project.__dict__, "interpreter": Path("/bin/false")})
    from migrator_gui.services.migrate import make_request

    job = RunnerJob(broken, make_request(broken, sqlite_url, "status"), parent=owner)
    with qtbot.waitSignal(job.error, timeout=TIMEOUT) as blocker:
        job.start()
    error = blocker.args[0]
    assert isinstance(error, RunnerError) and error.error_type == "RunnerCrashed"
    assert "exit code 1" in str(error)

    missing = Project(**{**project.__dict__, "interpreter": tmp_path / "no-python"})
    job = RunnerJob(missing, make_request(missing, sqlite_url, "status"), parent=owner)
    with qtbot.waitSignal(job.error, timeout=TIMEOUT) as blocker:
        job.start()
    assert "Cannot start the project interpreter" in str(blocker.args[0])
    qtbot.waitUntil(lambda: job.is_done, timeout=TIMEOUT)


def test_an_interpreter_without_alembic_is_a_clear_error(
    qtbot, sqlite_url: str, tmp_path: Path
) -> None:
    import subprocess
    import sys

    venv = tmp_path / "bare-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    project = _project("default_template", tmp_path)
    bare = Project(**{**project.__dict__, "interpreter": python})
    from migrator_gui.services.migrate import make_request

    owner = QObject()
    job = RunnerJob(bare, make_request(bare, sqlite_url, "upgrade"), parent=owner)
    with qtbot.waitSignal(job.error, timeout=TIMEOUT) as blocker:
        job.start()
    error = blocker.args[0]
    assert isinstance(error, RunnerError) and error.error_type == "ImportError"
    assert str(error).startswith(f"alembic and sqlalchemy cannot be imported by {python}")
    qtbot.waitUntil(lambda: job.is_done, timeout=TIMEOUT)


def test_one_migration_per_database(
    qtbot, service: MigrationService, sqlite_url: str, tmp_path: Path
) -> None:
    project = _project("slow", tmp_path)
    other_url = sqlite_url.replace(".db", "_other.db")
    first = service.upgrade(project, sqlite_url)
    with pytest.raises(DatabaseBusyError) as refused:
        service.downgrade(project, sqlite_url)
    assert str(refused.value).startswith(f"A migration is already running on {sqlite_url}")
    assert service.running_job(project, sqlite_url) is first
    # another database, and an offline run on the same one, are not refused
    second = service.upgrade(project, other_url)
    offline = service.upgrade(project, sqlite_url, sql=True)
    assert len(service.jobs()) == 3
    with qtbot.waitSignals([first.finished, second.finished, offline.finished], timeout=TIMEOUT):
        pass
    assert not service.is_busy()
    again = service.downgrade(project, sqlite_url)  # free again
    with qtbot.waitSignal(again.finished, timeout=TIMEOUT):
        pass


def test_password_is_never_in_logs_or_errors(
    qtbot, service: MigrationService, postgres_url: str, tmp_path: Path
) -> None:
    import sqlalchemy as sa

    project = _project("default_template", tmp_path)
    url = str(
        sa.make_url(postgres_url).set(password="s3cret").render_as_string(hide_password=False)
    )
    job = service.upgrade(project, url, target="abcdef999999")
    collected = _Collector(job)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    (error,) = collected.errors
    texts = [*collected.logs, str(error), error.details, job.database]
    texts += [repr(e) for e in collected.events]
    assert not any("s3cret" in t for t in texts)
    assert "***" in job.database


@pytest.mark.parametrize("which", ["sqlite", "postgresql"])
def test_cancel_kills_a_slow_run(
    qtbot, service: MigrationService, which: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = str(request.getfixturevalue("sqlite_url" if which == "sqlite" else "postgres_url"))
    project = _project("slow", tmp_path)
    first_revision = revision_chain(project.root)[0]
    job = service.upgrade(project, url)
    collected = _Collector(job)
    # the first step is quick; the second sleeps 2 s
    qtbot.waitUntil(lambda: len(collected.of(protocol.Step)) == 1, timeout=TIMEOUT)
    pid = job.pid
    assert pid is not None
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    (error,) = collected.errors
    assert isinstance(error, JobCancelled)
    message = str(error)
    assert message.startswith("Cancelled: the migration process was stopped after 1 step(s)")
    assert "Cancelled by the user during step" in message  # the child stopped by itself
    assert job.returncode == 1
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    # A transaction per step (Migrator's default): the first step stays, the running one (its
    # table created before the sleep) is rolled back on both, SQLite included.
    assert "rolls back the open transaction" in message
    assert f"The version table 'alembic_version' now holds: {first_revision}." in message  # re-read
    assert current_heads(url) == {first_revision}
    assert not has_table(url, "book")
    assert message.endswith("Refresh the status (or open the Doctor) before running again.")
    # the database is usable: a retry succeeds
    retry = service.upgrade(project, url)
    with qtbot.waitSignal(retry.finished, timeout=TIMEOUT):
        pass
    assert current_heads(url) == set(revision_chain(project.root)[-1:])


def test_format_step() -> None:
    step = protocol.Step(
        revision="d4e5f6",
        up_revisions=["d4e5f6"],
        down_revisions=["a1b2c3"],
        is_upgrade=True,
        is_stamp=False,
        description="add isbn",
        heads_after=["d4e5f6"],
        elapsed=0.412,
    )
    assert format_step(step) == "Running upgrade a1b2c3 -> d4e5f6, add isbn (0.41 s)"
    down = protocol.Step(
        revision="d4e5f6",
        up_revisions=["d4e5f6"],
        down_revisions=["a1b2c3"],
        is_upgrade=False,
        is_stamp=False,
        description="add isbn",
        heads_after=["a1b2c3"],
        elapsed=0.0,
    )
    assert format_step(down) == "Running downgrade d4e5f6 -> a1b2c3, add isbn (0.00 s)"
    first = protocol.Step(
        revision="a1b2c3",
        up_revisions=["a1b2c3"],
        down_revisions=[],
        is_upgrade=True,
        is_stamp=False,
        description="",
        heads_after=["a1b2c3"],
        elapsed=1.0,
    )
    assert format_step(first) == "Running upgrade <base> -> a1b2c3 (1.00 s)"


def test_shutdown_stops_running_jobs(
    qtbot, service: MigrationService, sqlite_url: str, tmp_path: Path
) -> None:
    project = _project("slow", tmp_path)
    job = service.upgrade(project, sqlite_url)
    collected = _Collector(job)
    qtbot.waitUntil(lambda: len(collected.of(protocol.Step)) == 1, timeout=TIMEOUT)
    started = time.monotonic()
    assert service.shutdown(timeout_ms=5000) is True
    assert time.monotonic() - started < 4.0
    assert job.pid is None and job.wait(0)  # the child is gone, the thread has ended
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert isinstance(collected.errors[0], JobCancelled)
