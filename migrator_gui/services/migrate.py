"""Upgrade, downgrade and stamp, each run by ``runner/child.py`` in a child process.

:class:`RunnerJob` is the job that drives one child: it sends the :class:`protocol.Request` on the
child's stdin (the URL with its password never goes on the command line or into the environment),
turns each JSON line the child writes into an ``event`` signal plus a human ``log`` line, and
returns the :class:`protocol.Result`. :class:`MigrationService` starts those jobs, one per database
at a time.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from sqlalchemy.engine import URL, make_url

from migrator_gui.core import protocol
from migrator_gui.core.errors import MigratorError, RunnerError
from migrator_gui.core.project import Project
from migrator_gui.services.jobs import Job, JobCancelled

__all__ = [
    "DatabaseBusyError",
    "MigrationService",
    "RunnerJob",
    "database_key",
    "display_url",
    "make_request",
    "runner_script_path",
]

_STDERR_TAIL = 40
_ALEMBIC_STEP_PREFIXES = ("Running upgrade", "Running downgrade", "Running stamp")


class DatabaseBusyError(MigratorError):
    """A second migration was asked for a database that already has one running."""


def runner_script_path() -> Path:
    """Where ``runner/child.py`` is: beside this package, or in a PyInstaller bundle.

    The child loads ``core/protocol.py`` by path from ``../core``, so a bundle must ship both
    files (``migrator_gui/runner/child.py`` and ``migrator_gui/core/protocol.py``) as data.
    """
    if getattr(sys, "frozen", False):
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))
        script = base / "migrator_gui" / "runner" / "child.py"
    else:
        script = Path(__file__).resolve().parent.parent / "runner" / "child.py"
    if not script.is_file():
        raise RunnerError(f"Migrator's runner script is missing: {script} (broken installation).")
    return script


def display_url(url: str | URL) -> str:
    """The URL as it may be shown anywhere: password hidden."""
    try:
        return str(make_url(url).render_as_string(hide_password=True))
    except Exception:
        return "<invalid URL>"


def database_key(url: str | URL, root: Path | None = None) -> str:
    """Identifies one database: backend, host, port, user-less database name (or absolute SQLite
    path, relative paths taken from ``root`` as the child does). Password and query are ignored."""
    parsed = make_url(url)
    database = parsed.database or ""
    backend = parsed.get_backend_name()
    if (
        backend == "sqlite"
        and database
        and database != ":memory:"
        and not database.startswith("file:")
    ):
        path = Path(database)
        if not path.is_absolute() and root is not None:
            path = root / path
        database = os.path.realpath(path)
    return f"{backend}://{parsed.host or ''}:{parsed.port or ''}/{database}"


def make_request(
    project: Project,
    url: str,
    operation: protocol.Operation,
    target: str = "heads",
    *,
    sql: bool = False,
    purge: bool = False,
    transaction_per_migration: bool | None = None,
) -> protocol.Request:
    """The request for one operation on ``project`` against ``url``."""
    return protocol.Request(
        operation=operation,
        url=url,
        project_root=str(project.root),
        config_file=str(project.config_file) if project.config_file else None,
        toml_file=str(project.toml_file) if project.toml_file else None,
        ini_section=project.ini_section,
        target=target,
        sql=sql,
        purge=purge,
        transaction_per_migration=transaction_per_migration,
    )


class RunnerJob(Job):
    """Runs one request in a child process (``<project interpreter> child.py``).

    ``result`` carries the :class:`protocol.Result`; ``error`` a :class:`RunnerError` (message for
    the user, ``error_type``, ``details`` = the child's traceback with the password hidden) or a
    :class:`JobCancelled`. ``progress`` counts steps once the child announced its plan.
    """

    #: Each protocol event the child sent (Started, Plan, Step, Log, Sql, Backend, Result, Error),
    #: as the typed dataclass from :mod:`migrator_gui.core.protocol`.
    #: (Named as the brief asks; it shadows ``QObject.event`` for Python callers only - Qt's
    #: C++ event dispatch is unaffected, which tests/services/test_migrate.py exercises.)
    event = Signal(object)  # type: ignore[assignment]

    def __init__(
        self,
        project: Project,
        request: protocol.Request,
        parent: QObject | None = None,
        *,
        grace_seconds: float = 3.0,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._request = request
        self._grace_seconds = grace_seconds
        self._database = display_url(request.url)
        self._key = database_key(request.url, project.root)
        self._proc: subprocess.Popen[bytes] | None = None
        self._proc_lock = threading.Lock()
        self._backend: protocol.Backend | None = None
        self._steps_done = 0
        self._steps_total = 0
        self._returncode: int | None = None

    # -- read-only state ------------------------------------------------------------------------

    @property
    def project(self) -> Project:
        return self._project

    @property
    def operation(self) -> str:
        return self._request.operation

    @property
    def target(self) -> str:
        return self._request.target

    @property
    def offline(self) -> bool:
        return self._request.sql

    @property
    def database(self) -> str:
        """The selected database's URL, password hidden."""
        return self._database

    @property
    def database_key(self) -> str:
        return self._key

    @property
    def backend(self) -> protocol.Backend | None:
        """The server session of the migration connection, once the child reported it."""
        return self._backend

    @property
    def pid(self) -> int | None:
        """The child's process id while it runs."""
        proc = self._proc
        return proc.pid if proc is not None else None

    @property
    def returncode(self) -> int | None:
        return self._returncode

    # -- the work (worker thread) ---------------------------------------------------------------

    def run(self) -> protocol.Result:
        script = runner_script_path()
        interpreter = str(self._project.interpreter)
        env = dict(os.environ)
        env["PYTHONIOENCODING"] = "utf-8"
        env["PYTHONUNBUFFERED"] = "1"
        kwargs: dict[str, object] = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        try:
            proc = subprocess.Popen(
                [interpreter, str(script)],
                cwd=str(self._project.root),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                **kwargs,  # type: ignore[call-overload]
            )
        except OSError as exc:
            raise RunnerError(
                f"Cannot start the project interpreter {interpreter}: {exc.strerror or exc}. "
                "Choose the project's Python in the project settings.",
                error_type=type(exc).__name__,
            ) from exc
        with self._proc_lock:
            self._proc = proc
        if self.is_cancelled:  # cancelled while starting
            self._stop_process(proc)

        stderr_tail: deque[str] = deque(maxlen=_STDERR_TAIL)
        reader = threading.Thread(
            target=self._read_stderr, args=(proc, stderr_tail), name="runner-stderr", daemon=True
        )
        reader.start()

        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(self._request.to_json().encode("utf-8"))
            proc.stdin.close()
        except OSError:
            pass  # the child died at once; its stderr says why

        result: protocol.Result | None = None
        error: protocol.Error | None = None
        for raw in proc.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if not line.strip():
                continue
            try:
                event = protocol.decode_event(line)
            except (ValueError, TypeError):
                self.log.emit(line)
                continue
            if isinstance(event, protocol.Result):
                result = event
            elif isinstance(event, protocol.Error):
                error = event
            self._handle_event(event)
        proc.stdout.close()
        self._returncode = proc.wait()
        reader.join(timeout=5)
        with self._proc_lock:
            self._proc = None

        if result is not None and error is None:
            return result
        if self.is_cancelled:
            details = error.traceback if error is not None else ""
            raise JobCancelled(self._cancel_message(error), details=details)
        if error is not None:
            raise RunnerError(error.message, error_type=error.type, details=error.traceback)
        tail = "\n".join(stderr_tail).strip()
        last = tail.splitlines()[-1] if tail else ""
        raise RunnerError(
            f"The runner process ended (exit code {self._returncode}) without a result"
            + (f": {last}" if last else "."),
            error_type="RunnerCrashed",
            details=tail,
        )

    def _read_stderr(self, proc: subprocess.Popen[bytes], tail: deque[str]) -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            tail.append(line)
            if line.strip():
                self.log.emit(line)
        proc.stderr.close()

    def _handle_event(self, event: protocol.Event) -> None:
        self.event.emit(event)
        line = self._describe(event)
        if line:
            self.log.emit(line)
        if isinstance(event, protocol.Plan):
            self._steps_total = len(event.steps)
            self.progress.emit(0, self._steps_total)
        elif isinstance(event, protocol.Step):
            self._steps_done += 1
            self.progress.emit(self._steps_done, max(self._steps_total, self._steps_done))
        elif isinstance(event, protocol.Backend):
            self._backend = event

    def _describe(self, event: protocol.Event) -> str:
        if isinstance(event, protocol.Started):
            return (
                f"Started {event.operation} on {self._database} (process {event.pid}, "
                f"{event.python}, alembic {event.alembic_version or '?'}, "
                f"SQLAlchemy {event.sqlalchemy_version or '?'})"
            )
        if isinstance(event, protocol.Plan):
            count = len(event.steps)
            return f"{count} step{'s' if count != 1 else ''} to run" if count else "Nothing to run"
        if isinstance(event, protocol.Step):
            return format_step(event)
        if isinstance(event, protocol.Log):
            if event.logger.startswith("alembic.runtime.migration") and event.message.startswith(
                _ALEMBIC_STEP_PREFIXES
            ):
                return ""  # the Step line says the same, with its time
            return f"{event.level:<5.5} [{event.logger}] {event.message}"
        if isinstance(event, protocol.Backend):
            return f"Connected: {event.dialect} session {event.session_id}"
        if isinstance(event, protocol.Result):
            heads = ", ".join(event.heads) or "<base>"
            if event.offline:
                return f"Done: SQL generated for {event.steps} step(s), ending at {heads}"
            if self._request.operation == "status":
                if not event.table_exists:
                    return f"No version table '{event.version_table}' in the database"
                return f"Version table '{event.version_table}': {heads}"
            return f"Done: {event.steps} step(s); the database is at {heads}"
        if isinstance(event, protocol.Error):
            return f"ERROR {event.message}"
        return ""

    def _cancel_message(self, error: protocol.Error | None) -> str:
        done = self._steps_done
        backend = make_url(self._request.url).get_backend_name()
        if self._request.sql or self._request.operation == "status":
            return "Cancelled."
        if backend == "postgresql":
            note = (
                "PostgreSQL rolls back the open transaction: steps that were not committed "
                "are undone."
            )
        else:
            name = {"mysql": "MySQL/MariaDB", "mariadb": "MariaDB", "sqlite": "SQLite"}.get(
                backend, backend
            )
            note = (
                f"{name} DDL is not transactional: the {done} finished step(s) stay applied and "
                "the step that was running may be partly applied. Refresh the status."
            )
        reason = f" ({error.message})" if error is not None else ""
        return f"Cancelled: the migration process was stopped after {done} step(s){reason}. {note}"

    # -- cancel (GUI thread) ----------------------------------------------------------------------

    def _cancel_work(self) -> None:
        with self._proc_lock:
            proc = self._proc
        if proc is None:
            return  # run() checks is_cancelled once the process exists
        backend = self._backend
        threading.Thread(
            target=self._cancel_sequence, args=(proc, backend), name="runner-cancel", daemon=True
        ).start()

    def _cancel_sequence(
        self, proc: subprocess.Popen[bytes], backend: protocol.Backend | None
    ) -> None:
        if backend is not None and proc.poll() is None:
            self._cancel_backend_query(backend)
        self._stop_process(proc)

    def _stop_process(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is not None:
            return
        self.log.emit("Stopping the migration process…")
        proc.terminate()
        try:
            proc.wait(timeout=self._grace_seconds)
        except subprocess.TimeoutExpired:
            self.log.emit("The migration process did not stop; killing it.")
            proc.kill()

    def _cancel_backend_query(self, backend: protocol.Backend) -> None:
        """Cancel the running statement server-side first: a backend stuck in a lock wait does not
        notice its client died (PostgreSQL ``pg_cancel_backend``, MariaDB ``KILL QUERY``)."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        if backend.dialect == "postgresql":
            statement = text("SELECT pg_cancel_backend(:pid)")
            params: dict[str, object] = {"pid": int(backend.session_id)}
        elif backend.dialect in ("mysql", "mariadb"):
            statement = text(f"KILL QUERY {int(backend.session_id)}")
            params = {}
        else:
            return
        try:
            engine = create_engine(
                self._request.url, poolclass=NullPool, connect_args={"connect_timeout": 3}
            )
            try:
                with engine.connect() as connection:
                    connection.execute(statement, params)
                    connection.commit()
            finally:
                engine.dispose()
            self.log.emit(f"Cancelled the running statement of session {backend.session_id}.")
        except Exception as exc:
            first = str(exc).strip().splitlines()
            self.log.emit(
                f"Could not cancel session {backend.session_id}: {first[0] if first else exc}"
            )


def format_step(step: protocol.Step) -> str:
    """``Running upgrade a1b2c3 -> d4e5f6, add isbn (0.41 s)``."""
    down = ", ".join(step.down_revisions) or "<base>"
    up = ", ".join(step.up_revisions) or "<base>"
    if step.is_stamp:
        verb = "Stamping"
        source, dest = (down, up) if step.is_upgrade else (up, down)
        return f"{verb} {source} -> {dest} ({step.elapsed:.2f} s)"
    if step.is_upgrade:
        text = f"Running upgrade {down} -> {up}"
    else:
        text = f"Running downgrade {up} -> {down}"
    if step.description:
        text += f", {step.description}"
    return f"{text} ({step.elapsed:.2f} s)"


class MigrationService(QObject):
    """Starts upgrade/downgrade/stamp jobs; at most one online run per database at a time.

    A request for a database that already has a run raises :class:`DatabaseBusyError` (its message
    is ready to show). Offline (SQL) runs never touch the database and are not limited.
    """

    #: True when the first job starts, False when the last one finished.
    busy_changed = Signal(bool)
    #: A :class:`RunnerJob` was just started (for log panes that follow every run).
    job_started = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[RunnerJob] = []
        self._by_database: dict[str, RunnerJob] = {}

    def upgrade(
        self,
        project: Project,
        url: str,
        target: str = "heads",
        *,
        sql: bool = False,
        transaction_per_migration: bool | None = None,
    ) -> RunnerJob:
        """Upgrade to ``target`` (``heads``, an id, ``+1``; ``from:to`` in SQL mode)."""
        request = make_request(
            project,
            url,
            "upgrade",
            target,
            sql=sql,
            transaction_per_migration=transaction_per_migration,
        )
        return self._start(project, request)

    def downgrade(
        self,
        project: Project,
        url: str,
        target: str = "-1",
        *,
        sql: bool = False,
        transaction_per_migration: bool | None = None,
    ) -> RunnerJob:
        """Downgrade to ``target`` (``-1``, an id, ``base``; ``from:to`` in SQL mode)."""
        request = make_request(
            project,
            url,
            "downgrade",
            target,
            sql=sql,
            transaction_per_migration=transaction_per_migration,
        )
        return self._start(project, request)

    def stamp(
        self, project: Project, url: str, target: str, purge: bool = False, *, sql: bool = False
    ) -> RunnerJob:
        """Write ``target`` into the version table without running migrations."""
        request = make_request(project, url, "stamp", target, sql=sql, purge=purge)
        return self._start(project, request)

    def is_busy(self, project: Project | None = None, url: str | None = None) -> bool:
        """Any run going on; or, given a project and URL, one on that database."""
        if url is None:
            return bool(self._jobs)
        return self.running_job(project, url) is not None

    def running_job(self, project: Project | None, url: str) -> RunnerJob | None:
        """The online run going on for that database, if any."""
        return self._by_database.get(database_key(url, project.root if project else None))

    def jobs(self) -> list[RunnerJob]:
        """The runs going on."""
        return list(self._jobs)

    def cancel_all(self) -> None:
        for job in list(self._jobs):
            job.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Cancel every run and wait for the worker threads (call before the app quits)."""
        self.cancel_all()
        for job in list(self._jobs):
            job.wait(timeout_ms)

    def _start(self, project: Project, request: protocol.Request) -> RunnerJob:
        key = database_key(request.url, project.root)
        if not request.sql:
            running = self._by_database.get(key)
            if running is not None:
                raise DatabaseBusyError(
                    f"A migration is already running on {display_url(request.url)} "
                    f"({running.operation} to {running.target}). Wait for it to finish or "
                    "cancel it."
                )
        job = RunnerJob(project, request, parent=self)
        was_busy = bool(self._jobs)
        self._jobs.append(job)
        if not request.sql:
            self._by_database[key] = job
        job.finished.connect(functools.partial(self._on_job_finished, job))
        job.start()
        self.job_started.emit(job)
        if not was_busy:
            self.busy_changed.emit(True)
        return job

    def _on_job_finished(self, job: RunnerJob) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if self._by_database.get(job.database_key) is job:
            del self._by_database[job.database_key]
        if not self._jobs:
            self.busy_changed.emit(False)
