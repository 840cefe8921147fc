"""RunnerJob and the services around it, against what a user's env.py and the desktop do:
printing the URL, background processes, floods of output, the window closing, Migrator dying.

Real child processes, real databases, real alembic.
"""

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
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.project import Project, open_project
from migrator_gui.services.jobs import Job, JobCancelled, JobError
from migrator_gui.services.migrate import MigrationService, RunnerJob, make_request
from migrator_gui.services.status import StatusService
from tests.db_fixtures import copy_fixture, current_heads, has_table
from tests.runner.conftest import revision_chain

TIMEOUT = 60_000
REPO = Path(__file__).resolve().parents[2]


class _Collector:
    def __init__(self, job: RunnerJob) -> None:
        self.events: list[object] = []
        self.logs: list[str] = []
        self.errors: list[object] = []
        self.results: list[object] = []
        job.event.connect(lambda e: self.events.append(e))
        job.log.connect(lambda line: self.logs.append(line))
        job.error.connect(lambda e: self.errors.append(e))
        job.result.connect(lambda r: self.results.append(r))

    def of(self, cls: type) -> list:
        return [e for e in self.events if isinstance(e, cls)]


@pytest.fixture
def owner(qtbot) -> QObject:
    return QObject()


def _with_password(url: str, password: str) -> str:
    return str(sa.make_url(url).set(password=password).render_as_string(hide_password=False))


def _prepend_to_env_py(project: Path, code: str) -> None:
    env_py = next(project.glob("*/env.py"))
    env_py.write_text(textwrap.dedent(code) + env_py.read_text())


def _run(qtbot, owner: QObject, project: Project, url: str, operation: str = "upgrade", **kw):
    job = RunnerJob(project, make_request(project, url, operation, **kw), parent=owner)  # type: ignore[arg-type]
    collected = _Collector(job)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    return job, collected


def _gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if "zombie" in Path(f"/proc/{pid}/status").read_text():
                return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


# --------------------------------------------------------------------------------------------
# P0-1: the password never reaches the log pane, the banner or Details


PASSWORD = "p@ss:w/rd%"
LEAKS = [PASSWORD, "p%40ss%3Aw%2Frd%25", "p%40ss%3Aw/rd%25"]


@pytest.mark.server
@pytest.mark.parametrize("crash", [False, True])
def test_env_py_printing_the_url_leaks_nothing(
    qtbot, owner: QObject, postgres_url: str, tmp_path: Path, crash: bool
) -> None:
    project = open_project(copy_fixture("default_template", tmp_path))
    _prepend_to_env_py(
        project.root,
        f"""
        import os, sys
        from alembic import context as _ctx
        _url = _ctx.config.get_main_option("sqlalchemy.url")
        print("DEBUG using", _url)
        print("DBG2", _url, repr(_url), file=sys.stderr)
        sys.stderr.flush()
        if {crash!r}:
            os._exit(3)
        """,
    )
    _job, got = _run(qtbot, owner, project, _with_password(postgres_url, PASSWORD))
    shown = [*got.logs, *(str(e) for e in got.errors)]
    shown += [getattr(e, "details", "") for e in got.errors]
    shown += [repr(e) for e in got.events]
    assert any("DEBUG using postgresql+psycopg2://postgres:***@" in s for s in shown), got.logs
    for leak in LEAKS:
        assert not any(leak in s for s in shown), leak
    if crash:
        (error,) = got.errors
        assert isinstance(error, RunnerError) and error.error_type == "RunnerCrashed"
        assert "***" in error.details and "exit code 3" in str(error)
    else:
        assert got.errors == [] and got.results


def test_an_unexpected_error_is_scrubbed_too(qtbot, owner: QObject) -> None:
    class _Leaky(Job):
        def run(self) -> object:
            raise ValueError("could not reach postgresql://u:hunter22@db/x")

        def _scrub_text(self, text: str) -> str:
            return protocol.Scrubber.for_url("postgresql://u:hunter22@db/x").scrub(text)

    job = _Leaky(owner)
    with qtbot.waitSignal(job.error, timeout=5000) as blocker:
        job.start()
    error = blocker.args[0]
    assert isinstance(error, JobError)
    assert "hunter22" not in str(error) and "hunter22" not in error.details
    assert "postgresql://u:***@db/x" in str(error)
    qtbot.waitUntil(lambda: job.is_done, timeout=5000)


# --------------------------------------------------------------------------------------------
# P0-2: a common password does not break the server-side cancel


@pytest.fixture
def blocked_project(tmp_path: Path, postgres_url: str):
    """A project whose first migration waits for a table another session holds locked."""
    engine = sa.create_engine(postgres_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE blocker (id INTEGER)")
    holder = engine.connect()
    holder.exec_driver_sql("LOCK TABLE blocker IN ACCESS EXCLUSIVE MODE")
    root = copy_fixture("default_template", tmp_path)
    first = next(p for p in (root / "migrations" / "versions").glob("*author*.py"))
    first.write_text(
        first.read_text().replace(
            "def upgrade() -> None:\n",
            "def upgrade() -> None:\n    op.execute('SELECT count(*) FROM blocker')\n",
            1,
        )
    )
    yield open_project(root)
    holder.rollback()
    holder.close()
    engine.dispose()


def _session_alive(url: str, pid: int) -> bool:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return bool(
                conn.execute(
                    sa.text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"), {"p": pid}
                ).scalar()
            )
    finally:
        engine.dispose()


@pytest.mark.server
def test_cancel_reaches_the_server_with_password_postgres(
    qtbot, owner: QObject, postgres_url: str, blocked_project: Project
) -> None:
    url = _with_password(postgres_url, "postgres")
    service = MigrationService(owner)
    job = service.upgrade(blocked_project, url)
    got = _Collector(job)
    qtbot.waitUntil(lambda: job.backend is not None, timeout=TIMEOUT)
    assert job.backend is not None and job.backend.dialect == "postgresql"
    session = int(job.backend.session_id)
    time.sleep(0.3)  # in the lock wait now
    with qtbot.waitSignal(job.finished, timeout=10_000):
        job.cancel()
    assert any(f"Cancelled the running statement of session {session}" in x for x in got.logs)
    qtbot.waitUntil(lambda: not _session_alive(postgres_url, session), timeout=3000)
    assert isinstance(got.errors[0], JobCancelled)


# --------------------------------------------------------------------------------------------
# P0-3: shutdown, a job destroyed with its window, the parent dying


@pytest.mark.server
def test_shutdown_is_synchronous_and_cancels_on_the_server(
    qtbot, owner: QObject, postgres_url: str, blocked_project: Project
) -> None:
    service = MigrationService(owner)
    status = StatusService(owner)
    job = service.upgrade(blocked_project, postgres_url)
    qtbot.waitUntil(lambda: job.backend is not None, timeout=TIMEOUT)
    assert job.backend is not None
    session, pid = int(job.backend.session_id), job.pid
    assert pid is not None
    started = time.monotonic()
    assert service.shutdown(timeout_ms=8000) is True  # no event loop turn needed
    assert status.shutdown(timeout_ms=1000) is True  # nothing to stop
    assert time.monotonic() - started < 6
    assert job.wait(0) and job.pid is None and _gone(pid, 0.5)
    qtbot.waitUntil(lambda: not _session_alive(postgres_url, session), timeout=3000)
    assert current_heads(postgres_url) == set()


_DESTROY_SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, {repo!r})
from PySide6.QtCore import QCoreApplication, QObject, QTimer
from migrator_gui.core import protocol
from migrator_gui.core.project import open_project
from migrator_gui.services.migrate import MigrationService

app = QCoreApplication([])
window = QObject()
service = MigrationService(window)
job = service.upgrade(open_project({project!r}), {url!r})

def on_event(event):
    if isinstance(event, protocol.Step):
        print("PID", job.pid, flush=True)
        if {mode!r} == "destroy":
            window.deleteLater()  # the window goes, nobody called shutdown()
            QTimer.singleShot(300, app.quit)

job.event.connect(on_event)
app.exec()
print("EXITING", flush=True)
"""


def _script(tmp_path: Path, project: Path, url: str, mode: str) -> subprocess.Popen[str]:
    script = tmp_path / f"{mode}.py"
    script.write_text(
        _DESTROY_SCRIPT.format(repo=str(REPO), project=str(project), url=url, mode=mode)
    )
    return subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=str(tmp_path),
    )


def _child_pid(proc: subprocess.Popen[str]) -> int:
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("PID "):
            return int(line.split()[1])
    raise AssertionError(f"no child pid; stderr: {proc.stderr.read() if proc.stderr else ''}")


def test_a_job_destroyed_with_its_window_stops_cleanly(sqlite_url: str, tmp_path: Path) -> None:
    """Before: 'QThread: Destroyed while thread is still running', SIGABRT, and the child went on
    migrating, re-parented to PID 1."""
    project = copy_fixture("slow", tmp_path)
    first = revision_chain(project)[0]
    proc = _script(tmp_path, project, sqlite_url, "destroy")
    child = _child_pid(proc)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "EXITING" in out
    assert "QThread: Destroyed" not in err
    assert _gone(child, 2.0)
    assert current_heads(sqlite_url) == {first}  # stopped in the slow step, not finished


@pytest.mark.server
def test_the_child_dies_with_migrator(postgres_url: str, tmp_path: Path) -> None:
    """Migrator killed (SIGKILL: no cleanup at all) during a PostgreSQL migration: the child
    exits and the server rolls the run back."""
    project = copy_fixture("slow", tmp_path)
    proc = _script(tmp_path, project, postgres_url, "wait")
    child = _child_pid(proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert _gone(child, 1.5)  # before: it went on and committed the run 2 s later
    # A transaction per step: the quick first step may be committed, the slow one never is.
    first = revision_chain(project)[0]
    assert current_heads(postgres_url) in (set(), {first})
    assert not has_table(postgres_url, "book")


# --------------------------------------------------------------------------------------------
# P1-4 / P2-3: what env.py does to stderr


def test_a_background_process_holding_stderr_does_not_delay_the_result(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = open_project(copy_fixture("default_template", tmp_path))
    pid_file = tmp_path / "tunnel.pid"
    _prepend_to_env_py(
        project.root,
        f"""
        import subprocess, sys
        _t = subprocess.Popen([sys.executable, "-c",
            "import sys, time; time.sleep(1.5); print('tunnel closed', file=sys.stderr)"])
        open({str(pid_file)!r}, "w").write(str(_t.pid))
        """,
    )
    crashes: list[object] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashes.append(args))
    job = RunnerJob(project, make_request(project, sqlite_url, "upgrade"), parent=owner)
    got = _Collector(job)
    job.finished.connect(job.deleteLater)
    started = time.monotonic()
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    elapsed = time.monotonic() - started
    assert got.results and not got.errors
    assert elapsed < 4.0, elapsed  # before: the 5 s join on the stderr reader
    qtbot.wait(2000)  # the background process writes to stderr after 1.5 s
    assert crashes == []
    assert not any("tunnel closed" in line for line in got.logs)
    try:
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
    except (OSError, ValueError):
        pass


def test_a_flood_of_stderr_is_batched(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    project = open_project(copy_fixture("default_template", tmp_path))
    _prepend_to_env_py(
        project.root,
        """
        import sys
        for _i in range(20000):
            sys.stderr.write(f"noise line {_i} " + "x" * 60 + "\\n")
        """,
    )
    _job, got = _run(qtbot, owner, project, sqlite_url)
    assert got.results and not got.errors
    noisy = [chunk for chunk in got.logs if "noise line" in chunk]
    lines = [line for chunk in noisy for line in chunk.splitlines()]
    assert len(lines) == 20000 and lines[-1].startswith("noise line 19999 ")
    assert len(noisy) < 200  # before: one log signal per line
    # order is kept: the noise comes before the step lines
    assert got.logs.index(noisy[-1]) < next(
        i for i, x in enumerate(got.logs) if x.startswith("Running upgrade")
    )


# --------------------------------------------------------------------------------------------
# the status service


@pytest.mark.server
def test_status_reads_with_other_credentials_are_not_joined(
    qtbot, owner: QObject, postgres_url: str, tmp_path: Path
) -> None:
    service = StatusService(owner)
    project = open_project(copy_fixture("default_template", tmp_path))
    wrong = service.refresh(project, _with_password(postgres_url, "wrong-password"))
    right = service.refresh(project, _with_password(postgres_url, "right-password"))
    assert right is not wrong
    assert service.refresh(project, _with_password(postgres_url, "right-password")) is right
    with qtbot.waitSignals([wrong.finished, right.finished], timeout=TIMEOUT):
        pass


@pytest.mark.server
def test_status_line_names_the_schema(qtbot, owner: QObject, postgres_url: str, tmp_path: Path):
    engine = sa.create_engine(postgres_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SCHEMA app")
    engine.dispose()
    project = open_project(copy_fixture("default_template", tmp_path))
    env_py = project.root / "migrations" / "env.py"
    env_py.write_text(
        env_py.read_text().replace(
            "connection=connection, target_metadata=target_metadata",
            "connection=connection, target_metadata=target_metadata, version_table_schema='app'",
        )
    )
    _, got = _run(qtbot, owner, project, postgres_url, "status")
    assert "No version table 'app.alembic_version' in the database" in got.logs
    _, got = _run(qtbot, owner, project, postgres_url, "upgrade")
    head = revision_chain(project.root)[-1]
    _job, got = _run(qtbot, owner, project, postgres_url, "status")
    assert f"Version table 'app.alembic_version': {head}" in got.logs


# --------------------------------------------------------------------------------------------
# the child's environment


def test_pythonpath_is_not_passed_to_another_interpreter(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migrator's PYTHONPATH could shadow the project environment's packages."""
    shadow = tmp_path / "shadow" / "sqlalchemy"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('shadowed by PYTHONPATH')\n")
    monkeypatch.setenv("PYTHONPATH", str(shadow.parent))
    interpreter = tmp_path / "project-python"
    interpreter.symlink_to(sys.executable)  # another path: "the project's interpreter"
    project = open_project(copy_fixture("default_template", tmp_path))
    project = Project(**{**project.__dict__, "interpreter": interpreter})
    _job, got = _run(qtbot, owner, project, sqlite_url)
    assert got.errors == [], [str(e) for e in got.errors]
    assert current_heads(sqlite_url) == {revision_chain(project.root)[-1]}
