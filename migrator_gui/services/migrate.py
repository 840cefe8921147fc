"""Upgrade, downgrade and stamp, each run by ``runner/child.py`` in a child process.

:class:`RunnerJob` is the job that drives one child: it sends the :class:`protocol.Request` on the
child's stdin (the URL with its password never goes on the command line or into the environment),
turns each JSON line the child writes into an ``event`` signal plus a human ``log`` line, and
returns the :class:`protocol.Result`. :class:`MigrationService` starts those jobs, one per database
at a time.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal
from sqlalchemy.engine import URL, make_url

from migrator_gui.core import protocol
from migrator_gui.core.audit import AuditEntry, AuditLog
from migrator_gui.core.errors import MigratorError, RunnerError
from migrator_gui.core.profiles import DEFAULT_LOCK_TIMEOUT
from migrator_gui.core.project import Project
from migrator_gui.core.text import QT_TRANSLATE_NOOP, Text, from_data
from migrator_gui.services.jobs import Job, JobCancelled
from migrator_gui.services.translation import runner_message

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "DatabaseBusyError",
    "MigrationService",
    "RunnerJob",
    "audit_outcome",
    "credentials_key",
    "database_key",
    "display_url",
    "make_request",
    "read_version_table",
    "runner_command",
    "runner_script_path",
    "stop_jobs",
]

_STDERR_TAIL = 40
_LOG_BATCH_SECONDS = 0.05
_STDERR_DRAIN_SECONDS = 0.5
_ALEMBIC_STEP_PREFIXES = ("Running upgrade", "Running downgrade", "Running stamp")

translate = QCoreApplication.translate


def operation_name(operation: str) -> str:
    """An operation of the runner as a sentence names it, in the interface's language."""
    names = {
        "upgrade": translate("RunnerJob", "upgrade"),
        "downgrade": translate("RunnerJob", "downgrade"),
        "stamp": translate("RunnerJob", "stamp"),
        "status": translate("RunnerJob", "status"),
        "autogenerate": translate("RunnerJob", "autogenerate"),
        "revision": translate("RunnerJob", "revision"),
        "merge": translate("RunnerJob", "merge"),
        "revision_sql": translate("RunnerJob", "revision_sql"),
    }
    return names.get(operation, operation)


class DatabaseBusyError(MigratorError):
    """A second migration was asked for a database that already has one running."""


def runner_script_path() -> Path:
    """Where ``runner/child.py`` is: beside this package, or in a PyInstaller bundle.

    The child loads ``core/protocol.py`` by path from ``../core``, so a bundle must ship both
    files (``migrator_gui/runner/child.py`` and ``migrator_gui/core/protocol.py``) as data.
    """
    if _is_frozen():
        base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).resolve().parent))
        script = base / "migrator_gui" / "runner" / "child.py"
    else:
        script = Path(__file__).resolve().parent.parent / "runner" / "child.py"
    if not script.is_file():
        raise RunnerError(
            QT_TRANSLATE_NOOP(
                "RunnerJob", "Migrator's runner script is missing: {script} (broken installation)."
            ).format(script=str(script))
        )
    return script


def _is_frozen() -> bool:
    """True in a PyInstaller bundle: ``sys.executable`` is Migrator itself, not a Python."""
    return bool(getattr(sys, "frozen", False))


def runner_command(interpreter: str) -> list[str]:
    """The child's command line for ``interpreter``: ``<interpreter> <child.py>``; in a bundle,
    when the project uses Migrator's own interpreter (the app itself), ``<app> --runner``, which
    runs the bundled child.py inside the app (see ``migrator_gui.app.run_runner``). A project's
    own Python (its ``.venv``) still runs the bundled child.py file by path."""
    if _is_frozen() and _is_our_interpreter(interpreter):
        runner_script_path()  # the file --runner loads: report a broken bundle here
        return [sys.executable, "--runner"]
    return [interpreter, str(runner_script_path())]


def display_url(url: str | URL) -> str:
    """The URL as it may be shown anywhere: password hidden (also a ``?password=`` one)."""
    try:
        parsed = make_url(url)
        shown = str(parsed.render_as_string(hide_password=True))
        return protocol.Scrubber.for_url(parsed.render_as_string(hide_password=False)).scrub(shown)
    except Exception:
        return "<invalid URL>"


def credentials_key(url: str | URL) -> str:
    """A digest of the user name and password in ``url`` (to tell two profiles of one database
    apart without keeping the password in a dictionary key)."""
    try:
        parsed = make_url(url)
        raw = f"{parsed.username or ''}\0{parsed.password or ''}"
    except Exception:
        raw = str(url)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


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
    lock_timeout: float | None = None,
    starting_rev: list[str] | None = None,
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
        lock_timeout=lock_timeout,
        starting_rev=starting_rev,
    )


class _LogBatcher:
    """Joins log lines that arrive in bursts (a child may print 200,000 lines) into one ``log``
    emission per ``interval`` at most, keeping their order with the lines emitted at once.

    Raw lines (``add``, any thread) are scrubbed when flushed; ``emit_now`` lines are the job's
    own. After :meth:`close` nothing is emitted any more, whatever thread calls."""

    def __init__(
        self,
        emit: Callable[[str], None],
        scrub: Callable[[str], str],
        interval: float = _LOG_BATCH_SECONDS,
    ) -> None:
        self._emit = emit
        self._scrub = scrub
        self._interval = interval
        self._cond = threading.Condition()
        self._pending: list[str] = []
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="runner-log", daemon=True)
        self._thread.start()

    def add(self, line: str) -> None:
        with self._cond:
            if self._closed:
                return
            self._pending.append(line)
            if len(self._pending) == 1:
                self._cond.notify()

    def emit_now(self, line: str) -> None:
        with self._cond:
            if self._closed:
                return
            self._flush_locked()
            self._emit(line)

    def close(self) -> None:
        with self._cond:
            if not self._closed:
                self._flush_locked()
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=1.0)

    def _flush_locked(self) -> None:
        if self._pending:
            text, self._pending = "\n".join(self._pending), []
            self._emit(self._scrub(text))

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
            time.sleep(self._interval)  # let a burst gather
            with self._cond:
                if self._closed:
                    return
                self._flush_locked()


def _is_our_interpreter(interpreter: str) -> bool:
    """True when the child runs under Migrator's own interpreter (same path, not resolved:
    a virtualenv's python is a symlink to the base one, yet another environment)."""

    def norm(path: str) -> str:
        return os.path.normcase(os.path.abspath(path))

    return bool(sys.executable) and norm(interpreter) == norm(sys.executable)


def _restore_library_path(env: dict[str, str]) -> None:
    """Undo what PyInstaller's bootloader did to the environment for another program: the
    library search path points at the bundle (the user's value is kept in ``<NAME>_ORIG``), and
    ``_PYI_*`` variables describe this bundle."""
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "LIBPATH"):
        original = env.pop(name + "_ORIG", None)
        if original is not None:
            env[name] = original
        else:
            env.pop(name, None)
    for name in [n for n in env if n.startswith("_PYI_")]:
        del env[name]


def _signal_group(proc: subprocess.Popen[bytes], kill: bool) -> None:
    """SIGTERM (or SIGKILL) the child's process group: the child and whatever env.py started."""
    if proc.poll() is not None:
        return
    if sys.platform == "win32":
        proc.kill() if kill else proc.terminate()
        return
    sig = signal.SIGKILL if kill else signal.SIGTERM
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            proc.send_signal(sig)
        except OSError:
            pass


class RunnerJob(Job):
    """Runs one request in a child process (``<project interpreter> child.py``).

    ``result`` carries the :class:`protocol.Result`; ``error`` a :class:`RunnerError` (message for
    the user, ``error_type``, ``details`` = the child's traceback with the password hidden) or a
    :class:`JobCancelled`. ``progress`` counts steps once the child announced its plan.

    The child runs in its own process group (session) and keeps its stdin open: it exits when
    Migrator dies (see ``Request.watch_parent``). Everything shown from it (stderr, stray stdout,
    the tail of a crash) is scrubbed of the password here too (``protocol.Scrubber``).
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
        cancel_wait_seconds: float = 5.0,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._request = dataclasses.replace(request, watch_parent=True)
        self._grace_seconds = grace_seconds
        self._cancel_wait_seconds = cancel_wait_seconds
        self._database = display_url(request.url)
        self._key = database_key(request.url, project.root)
        self._scrubber = _scrubber_for(request.url)
        self._proc: subprocess.Popen[bytes] | None = None
        self._proc_lock = threading.Lock()
        self._backend: protocol.Backend | None = None
        self._plan: protocol.Plan | None = None
        self._steps_done = 0
        self._steps_total = 0
        self._returncode: int | None = None
        self._orphaned = False
        self._shutting_down = False
        self._batcher: _LogBatcher | None = None
        self._error_event: protocol.Error | None = None
        self._heads_after: list[str] | None = None
        self._started_at = time.time()
        self._ended_at: float | None = None
        self.profile_name = ""
        """The profile the run is for (recorded in the audit log)."""
        self.outcome = ""
        """Once finished (set by :class:`MigrationService`): ``succeeded``, ``failed``,
        ``partial``, ``cancelled``, ``interrupted`` or ``refused``."""
        self.failure_message = ""
        """Once finished: what went wrong ("" on success)."""
        # Destroyed with its parent while the child runs (a window closed without shutdown):
        # stop the child rather than leave it migrating on its own.
        self.destroyed.connect(functools.partial(_stop_in_background, self._stop_at_exit))

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

    @property
    def secrets(self) -> list[str]:
        """The password of the run's URL (to keep it out of anything written)."""
        try:
            password = make_url(self._request.url).password
        except Exception:
            return []
        return [str(password)] if password else []

    @property
    def plan(self) -> protocol.Plan | None:
        """The child's plan (its steps and the rows it started from), once announced."""
        return self._plan

    @property
    def error_event(self) -> protocol.Error | None:
        """The child's error (failed step, partial, touched objects), when it failed."""
        return self._error_event

    @property
    def heads_after(self) -> list[str] | None:
        """The version rows after the run: its result, or re-read after a failure or cancel
        (None when they could not be known)."""
        return self._heads_after

    @property
    def steps_done(self) -> int:
        return self._steps_done

    @property
    def duration(self) -> float:
        """Seconds from the start to the end of the run (so far, while it runs)."""
        return (self._ended_at or time.time()) - self._started_at

    # -- the work (worker thread) ---------------------------------------------------------------

    def run(self) -> protocol.Result:
        self._started_at = time.time()
        interpreter = str(self._project.interpreter)
        command = runner_command(interpreter)
        env = dict(os.environ)
        env["PYTHONIOENCODING"] = "utf-8"
        env["PYTHONUNBUFFERED"] = "1"
        if not _is_our_interpreter(interpreter):
            # Our PYTHONPATH could shadow the project environment's SQLAlchemy or alembic.
            env.pop("PYTHONPATH", None)
            env.pop("PYTHONHOME", None)
            if _is_frozen():
                # The bundle's loader pointed the library path at its own libraries; a project's
                # Python must load its own (libssl, libsqlite3...).
                _restore_library_path(env)
        kwargs: dict[str, object] = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0) | getattr(
                subprocess, "CREATE_NEW_PROCESS_GROUP", 0
            )
        else:
            kwargs["start_new_session"] = True  # its own process group: cancel stops it all
        try:
            proc = subprocess.Popen(
                command,
                cwd=str(self._project.root),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                **kwargs,  # type: ignore[call-overload]
            )
        except OSError as exc:
            raise RunnerError(
                QT_TRANSLATE_NOOP(
                    "RunnerJob",
                    "Cannot start the project interpreter {interpreter}: {reason}. "
                    "Choose the project's Python in the project settings.",
                ).format(interpreter=str(interpreter), reason=exc.strerror or str(exc)),
                error_type=type(exc).__name__,
            ) from exc
        with self._proc_lock:
            self._proc = proc
        if self.is_cancelled:  # cancelled while starting
            self._stop_process(proc)

        batcher = _LogBatcher(self._emit_log, self._scrubber.scrub)
        self._batcher = batcher
        stderr_tail: deque[str] = deque(maxlen=_STDERR_TAIL)
        exited = threading.Event()
        reader = threading.Thread(
            target=self._read_stderr,
            args=(proc, stderr_tail, batcher, exited),
            name="runner-stderr",
            daemon=True,
        )
        reader.start()

        result: protocol.Result | None = None
        error: protocol.Error | None = None
        read_to_the_end = False
        assert proc.stdin is not None and proc.stdout is not None
        try:
            try:
                # One line; stdin stays open: the child exits when it closes (we died).
                proc.stdin.write(self._request.to_json().encode("utf-8") + b"\n")
                proc.stdin.flush()
            except OSError:
                pass  # the child died at once; its stderr says why
            for raw in proc.stdout:
                line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                if not line.strip():
                    continue
                try:
                    event = protocol.decode_event(line)
                except (ValueError, TypeError):
                    batcher.add(line)
                    continue
                event = protocol.scrub_event(event, self._scrubber)
                if isinstance(event, protocol.Result):
                    result = event
                elif isinstance(event, protocol.Error):
                    error = event
                self._handle_event(event)
            read_to_the_end = True
        finally:
            if not read_to_the_end:
                # Left the loop by an exception (ours): the child must not go on alone.
                self._stop_process(proc, quiet=True)
            with self._proc_lock:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
            proc.stdout.close()
            self._returncode = proc.wait()
            exited.set()  # the reader drains what the child wrote, not a grandchild's output
            reader.join(timeout=_STDERR_DRAIN_SECONDS + 0.5)
            batcher.close()
            with self._proc_lock:
                self._proc = None

        self._ended_at = time.time()
        if result is not None and error is None:
            self._heads_after = sorted(result.heads) if result.table_exists else []
            return result
        if self.is_cancelled:
            details = error.traceback if error is not None else ""
            raise JobCancelled(self._cancel_message(error), details=details)
        if error is not None:
            self._error_event = error
            message: str = from_data(error.text) or error.message
            if self._wrote_something():
                message = QT_TRANSLATE_NOOP("RunnerJob", "{error} {version_table}").format(
                    error=message, version_table=self._reread_after_cancel()
                )
            raise RunnerError(message, error_type=error.type, details=error.traceback)
        tail = self._scrubber.scrub("\n".join(stderr_tail).strip())
        last = tail.splitlines()[-1] if tail else ""
        if last:
            message = QT_TRANSLATE_NOOP(
                "RunnerJob", "The runner process ended (exit code {code}) without a result: {last}"
            ).format(code=self._returncode, last=last)
        else:
            message = QT_TRANSLATE_NOOP(
                "RunnerJob", "The runner process ended (exit code {code}) without a result."
            ).format(code=self._returncode)
        if self._wrote_something():
            message = QT_TRANSLATE_NOOP(
                "RunnerJob", "{error} The run was interrupted. {version_table}"
            ).format(error=message, version_table=self._reread_after_cancel())
        raise RunnerError(message, error_type="RunnerCrashed", details=tail)

    def _wrote_something(self) -> bool:
        """An online write run that got as far as its plan (so the version table may differ)."""
        return (
            self._plan is not None
            and not self._request.sql
            and self._request.operation in ("upgrade", "downgrade", "stamp")
        )

    def _read_stderr(
        self,
        proc: subprocess.Popen[bytes],
        tail: deque[str],
        batcher: _LogBatcher,
        exited: threading.Event,
    ) -> None:
        """Forward the child's stderr until the child has exited and its output is drained.

        A background process env.py started (an SSH tunnel...) may hold the pipe open for long:
        once the child is gone its output is not waited for."""
        assert proc.stderr is not None
        fd = proc.stderr.fileno()
        pending = b""
        drain_until: float | None = None

        def forward(raw: bytes) -> None:
            line = raw.decode("utf-8", errors="replace").rstrip("\r")
            tail.append(line)
            if line.strip():
                batcher.add(line)

        try:
            while True:
                if sys.platform != "win32":
                    if exited.is_set() and drain_until is None:
                        drain_until = time.monotonic() + _STDERR_DRAIN_SECONDS
                    if drain_until is not None and time.monotonic() >= drain_until:
                        break
                    ready, _, _ = select.select([fd], [], [], 0.05)
                    if not ready:
                        if exited.is_set():
                            break
                        continue
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for raw in lines:
                    forward(raw)
        except (OSError, ValueError):
            pass
        if pending:
            forward(pending)
        try:
            proc.stderr.close()
        except OSError:
            pass

    def _handle_event(self, event: protocol.Event) -> None:
        self._emit("event", event)
        line = self._describe(event)
        if line and self._batcher is not None:
            self._batcher.emit_now(line)
        if isinstance(event, protocol.Plan):
            self._plan = event
            self._steps_total = len(event.steps)
            self._emit("progress", 0, self._steps_total)
        elif isinstance(event, protocol.Step):
            self._steps_done += 1
            self._emit("progress", self._steps_done, max(self._steps_total, self._steps_done))
        elif isinstance(event, protocol.Backend):
            self._backend = event

    def _emit(self, name: str, *args: object) -> None:
        """Emit a signal from the worker threads; a job deleted meanwhile (with its parent)
        makes that fail: then stop the child, nobody follows it any more."""
        if self._orphaned:
            return
        try:
            getattr(self, name).emit(*args)
        except RuntimeError:
            self._orphaned = True
            _stop_in_background(self._stop_at_exit)

    def _emit_log(self, text: str) -> None:
        self._emit("log", text)

    def _describe(self, event: protocol.Event) -> str:
        if isinstance(event, protocol.Started):
            return translate(
                "RunnerJob",
                "Started {operation} on {database} (process {pid}, {python}, alembic {alembic}, "
                "SQLAlchemy {sqlalchemy})",
            ).format(
                operation=operation_name(event.operation),
                database=self._database,
                pid=event.pid,
                python=event.python,
                alembic=event.alembic_version or "?",
                sqlalchemy=event.sqlalchemy_version or "?",
            )
        if isinstance(event, protocol.Plan):
            count = len(event.steps)
            if not count:
                return translate("RunnerJob", "Nothing to run")
            if count == 1:
                return translate("RunnerJob", "1 step to run")
            return translate("RunnerJob", "{count} steps to run").format(count=count)
        if isinstance(event, protocol.Step):
            return format_step(event)
        if isinstance(event, protocol.Log):
            if event.logger.startswith("alembic.runtime.migration") and event.message.startswith(
                _ALEMBIC_STEP_PREFIXES
            ):
                return ""  # the Step line says the same, with its time
            message = runner_message(event.message, event.text)
            return f"{event.level:<5.5} [{event.logger}] {message}"
        if isinstance(event, protocol.Backend):
            return translate("RunnerJob", "Connected: {dialect} session {session}").format(
                dialect=event.dialect, session=event.session_id
            )
        if isinstance(event, protocol.Result):
            heads = ", ".join(event.heads) or "<base>"
            if event.offline:
                return translate(
                    "RunnerJob", "Done: SQL generated for {steps} step(s), ending at {heads}"
                ).format(steps=event.steps, heads=heads)
            if self._request.operation == "status":
                table = _table_name(event.version_table, event.version_table_schema)
                if not event.table_exists:
                    return translate(
                        "RunnerJob", "No version table '{table}' in the database"
                    ).format(table=table)
                return translate("RunnerJob", "Version table '{table}': {heads}").format(
                    table=table, heads=heads
                )
            return translate(
                "RunnerJob", "Done: {steps} step(s); the database is at {heads}"
            ).format(steps=event.steps, heads=heads)
        if isinstance(event, protocol.Error):
            return f"ERROR {runner_message(event.message, event.text)}"
        return ""

    def _cancel_message(self, error: protocol.Error | None) -> str:
        done = self._steps_done
        backend = make_url(self._request.url).get_backend_name()
        if self._request.sql or self._request.operation == "status":
            return QT_TRANSLATE_NOOP("RunnerJob", "Cancelled.")
        if backend in ("postgresql", "sqlite") and self._transactional_sqlite(backend):
            name = "PostgreSQL" if backend == "postgresql" else "SQLite"
            note = QT_TRANSLATE_NOOP(
                "RunnerJob",
                "{database} rolls back the open transaction: steps that were not committed "
                "are undone.",
            ).format(database=name)
        else:
            name = {"mysql": "MySQL/MariaDB", "mariadb": "MariaDB", "sqlite": "SQLite"}.get(
                backend, backend
            )
            note = QT_TRANSLATE_NOOP(
                "RunnerJob",
                "{database} DDL is not transactional: the step that was running may be partly "
                "applied, and the version table may not record the last step.",
            ).format(database=name)
        found = self._reread_after_cancel()
        if error is not None:
            return QT_TRANSLATE_NOOP(
                "RunnerJob",
                "Cancelled: the migration process was stopped after {count} step(s) ({reason}). "
                "{note} {version_table} Refresh the status (or open the Doctor) before running "
                "again.",
            ).format(count=done, reason=from_data(error.text) or error.message, note=note,
                     version_table=found)
        return QT_TRANSLATE_NOOP(
            "RunnerJob",
            "Cancelled: the migration process was stopped after {count} step(s). {note} "
            "{version_table} Refresh the status (or open the Doctor) before running again.",
        ).format(count=done, note=note, version_table=found)

    def _transactional_sqlite(self, backend: str) -> bool:
        """PostgreSQL always; SQLite through the standard driver, which the runner puts in real
        transactions (``isolation_level=None`` with an explicit BEGIN)."""
        if backend != "sqlite":
            return True
        try:
            return make_url(self._request.url).get_driver_name() == "pysqlite"
        except Exception:
            return False

    def _reread_after_cancel(self) -> str:
        """What the version table holds now, read afresh (worker thread)."""
        plan = self._plan
        if plan is None:
            return QT_TRANSLATE_NOOP(
                "RunnerJob", "The run was stopped before any migration started."
            )
        if self._shutting_down:
            return ""
        table = _table_name(plan.version_table, plan.version_table_schema)
        try:
            exists, heads = read_version_table(
                self._request.url,
                plan.version_table,
                plan.version_table_schema,
                root=self._project.root,
            )
        except Exception as exc:
            first = str(exc).strip().splitlines()
            reason = self._scrubber.scrub(first[0] if first else type(exc).__name__)
            return QT_TRANSLATE_NOOP(
                "RunnerJob", "The version table could not be re-read ({reason})."
            ).format(reason=reason)
        self._heads_after = sorted(heads) if exists else []
        if not exists:
            return QT_TRANSLATE_NOOP(
                "RunnerJob", "There is no version table '{table}' now."
            ).format(table=table)
        if not heads:
            return QT_TRANSLATE_NOOP(
                "RunnerJob", "The version table '{table}' is empty now."
            ).format(table=table)
        return QT_TRANSLATE_NOOP(
            "RunnerJob", "The version table '{table}' now holds: {heads}."
        ).format(table=table, heads=", ".join(sorted(heads)))

    # -- cancel ---------------------------------------------------------------------------------

    def _cancel_work(self) -> None:
        with self._proc_lock:
            proc = self._proc
        if proc is None:
            return  # run() checks is_cancelled once the process exists
        backend = self._backend
        threading.Thread(
            target=self._cancel_sequence, args=(proc, backend), name="runner-cancel", daemon=True
        ).start()

    def _stop_work(self, deadline: float) -> None:
        """Synchronous cancel (shutdown): server-side cancel, terminate, kill; returns once the
        child is gone or ``deadline`` passed."""
        self._shutting_down = True
        with self._proc_lock:
            proc = self._proc
        if proc is None:
            return
        backend = self._backend
        if backend is not None and proc.poll() is None:
            self._cancel_backend_query(backend, timeout=min(3.0, deadline - time.monotonic()))
        self._stop_process(proc, grace=min(self._grace_seconds, deadline - time.monotonic()))
        self._cancel_again(backend, timeout=min(2.0, deadline - time.monotonic()))

    def _stop_at_exit(self) -> None:
        """Plain Python only (the Qt object may be gone): stop the child, quietly."""
        self._cancel_requested = True
        self._shutting_down = True
        self._orphaned = True
        with self._proc_lock:
            proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        backend = self._backend
        if backend is not None:
            self._cancel_backend_query(backend, timeout=2.0, quiet=True)
        self._stop_process(proc, grace=min(self._grace_seconds, 2.0), quiet=True)
        self._cancel_again(backend, timeout=2.0)

    def _scrub_text(self, text: str) -> str:
        return str(self._scrubber.scrub(text))

    def _cancel_sequence(
        self, proc: subprocess.Popen[bytes], backend: protocol.Backend | None
    ) -> None:
        """Ask the child to stop (it ends at its next statement or step, its transaction rolled
        back), cancel the running statement on the server, and stop the process if it has not
        ended within ``cancel_wait_seconds``."""
        self._send_cancel_line(proc)
        if backend is not None and proc.poll() is None:
            self._cancel_backend_query(backend)
        try:
            proc.wait(timeout=self._cancel_wait_seconds)
        except subprocess.TimeoutExpired:
            self._log_now(
                translate(
                    "RunnerJob",
                    "The migration did not stop within {seconds} s; stopping its process.",
                ).format(seconds=f"{self._cancel_wait_seconds:g}")
            )
        self._stop_process(proc)
        self._cancel_again(backend)

    def _send_cancel_line(self, proc: subprocess.Popen[bytes]) -> None:
        with self._proc_lock:
            stdin = proc.stdin
            if stdin is None or proc.poll() is not None:
                return
            try:
                stdin.write(b"cancel\n")
                stdin.flush()
            except (OSError, ValueError):
                pass  # the child is ending (or the pipe closed with it)

    def _cancel_again(self, backend: protocol.Backend | None, timeout: float = 3.0) -> None:
        """Once the child is gone, cancel its session's statement once more: the first cancel
        may have come between two statements (a no-op), and a backend that entered a lock wait
        afterwards would not notice its client died until the lock is granted."""
        if backend is not None:
            self._cancel_backend_query(backend, timeout=timeout, quiet=True)

    def _stop_process(
        self, proc: subprocess.Popen[bytes], grace: float | None = None, quiet: bool = False
    ) -> None:
        if proc.poll() is not None:
            return
        if not quiet:
            self._log_now(translate("RunnerJob", "Stopping the migration process…"))
        _signal_group(proc, kill=False)
        try:
            proc.wait(timeout=max(0.0, self._grace_seconds if grace is None else grace))
        except subprocess.TimeoutExpired:
            if not quiet:
                self._log_now(
                    translate("RunnerJob", "The migration process did not stop; killing it.")
                )
            _signal_group(proc, kill=True)
            try:
                proc.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                pass

    def _log_now(self, line: str) -> None:
        batcher = self._batcher
        if batcher is not None:
            batcher.emit_now(line)
        else:
            self._emit_log(line)

    def _cancel_backend_query(
        self, backend: protocol.Backend, timeout: float = 3.0, quiet: bool = False
    ) -> None:
        """Cancel the running statement server-side first: a backend stuck in a lock wait does not
        notice its client died (PostgreSQL ``pg_cancel_backend``, MariaDB ``KILL QUERY``)."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        if timeout <= 0:
            return
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
                self._request.url,
                poolclass=NullPool,
                connect_args={"connect_timeout": max(1, int(timeout))},
            )
            try:
                with engine.connect() as connection:
                    connection.execute(statement, params)
                    connection.commit()
            finally:
                engine.dispose()
            if not quiet:
                self._log_now(
                    translate(
                        "RunnerJob", "Cancelled the running statement of session {session}."
                    ).format(session=backend.session_id)
                )
        except Exception as exc:
            if quiet:
                return
            first = str(exc).strip().splitlines()
            reason = self._scrubber.scrub(first[0] if first else str(exc))
            self._log_now(
                translate("RunnerJob", "Could not cancel session {session}: {reason}").format(
                    session=backend.session_id, reason=reason
                )
            )


def _stop_in_background(stop: Callable[[], None]) -> None:
    threading.Thread(target=stop, name="runner-orphan-stop", daemon=True).start()


def _scrubber_for(url: str) -> protocol.Scrubber:
    extra: list[str] = []
    try:
        password = make_url(url).password
        if password:
            extra.append(str(password))
    except Exception:
        pass
    return protocol.Scrubber.for_url(url, extra)


def _table_name(table: str, schema: str | None) -> str:
    return f"{schema}.{table}" if schema else table


def read_version_table(
    url: str, version_table: str, version_table_schema: str | None, root: Path | None = None
) -> tuple[bool, list[str]]:
    """(whether the table exists, its rows), read with alembic's own API on a fresh connection
    (relative SQLite paths are taken from ``root``, as the child does)."""
    import sqlalchemy as sa
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy.pool import NullPool

    parsed = make_url(url)
    backend = parsed.get_backend_name()
    database = parsed.database or ""
    connect_args: dict[str, object] = {}
    if backend == "sqlite":
        if database and database != ":memory:" and not database.startswith("file:"):
            if root is not None and not os.path.isabs(database):
                parsed = parsed.set(database=str(root / database))
            if not os.path.exists(parsed.database or ""):
                return False, []
        connect_args["timeout"] = 3
    elif backend in ("postgresql", "mysql", "mariadb"):
        connect_args["connect_timeout"] = 3
    engine = sa.create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    try:
        with engine.connect() as connection:
            exists = sa.inspect(connection).has_table(version_table, schema=version_table_schema)
            if not exists:
                return False, []
            context = MigrationContext.configure(
                connection,
                opts={
                    "version_table": version_table,
                    "version_table_schema": version_table_schema,
                },
            )
            return True, list(context.get_current_heads())
    finally:
        engine.dispose()


def stop_jobs(jobs: list[RunnerJob], timeout_ms: int) -> bool:
    """Stop ``jobs`` in parallel (a thread each: a slow server-side cancel of one must not eat
    the others' time) and wait for them."""
    if not jobs:
        return True
    deadline = time.monotonic() + max(0, timeout_ms) / 1000
    outcome: dict[int, bool] = {}

    def stop(job: RunnerJob) -> None:
        outcome[id(job)] = job.stop(int(max(0.0, deadline - time.monotonic()) * 1000))

    threads = [threading.Thread(target=stop, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + 0.5)
    # Job.stop() waits for the worker thread; QThread.wait is safe from any thread.
    return all(outcome.get(id(job), False) for job in jobs) and all(job.wait(0) for job in jobs)


def _message(failure: MigratorError) -> str:
    """The message of ``failure``: its core :class:`Text` when it has one (shown translated,
    stored in English), else its text."""
    if len(failure.args) == 1 and isinstance(failure.args[0], Text):
        return failure.args[0]
    return str(failure)


def audit_outcome(job: RunnerJob, failure: MigratorError | None) -> str:
    """``succeeded``, ``failed``, ``partial`` (a failed step on a database without transactional
    DDL that had run some of it), ``cancelled``, ``interrupted`` (the child died without a
    result) or ``refused`` (another run held the database)."""
    if failure is None:
        return "succeeded"
    if isinstance(failure, JobCancelled):
        return "cancelled"
    error_type = getattr(failure, "error_type", "")
    if error_type == "MigrationLockedError" or isinstance(failure, DatabaseBusyError):
        return "refused"
    event = job.error_event
    if event is not None and event.partial:
        return "partial"
    if error_type == "RunnerCrashed":
        return "interrupted"
    return "failed"


def format_step(step: protocol.Step) -> str:
    """``Running upgrade a1b2c3 -> d4e5f6, add isbn (0.41 s)``."""
    down = ", ".join(step.down_revisions) or "<base>"
    up = ", ".join(step.up_revisions) or "<base>"
    seconds = f"{step.elapsed:.2f}"
    if step.is_stamp:
        source, dest = (down, up) if step.is_upgrade else (up, down)
        return translate("RunnerJob", "Stamping {source} -> {destination} ({seconds} s)").format(
            source=source, destination=dest, seconds=seconds
        )
    source, dest = (down, up) if step.is_upgrade else (up, down)
    if step.description and step.is_upgrade:
        return translate(
            "RunnerJob", "Running upgrade {source} -> {destination}, {description} ({seconds} s)"
        ).format(source=source, destination=dest, description=step.description, seconds=seconds)
    if step.description:
        return translate(
            "RunnerJob", "Running downgrade {source} -> {destination}, {description} ({seconds} s)"
        ).format(source=source, destination=dest, description=step.description, seconds=seconds)
    if step.is_upgrade:
        return translate(
            "RunnerJob", "Running upgrade {source} -> {destination} ({seconds} s)"
        ).format(source=source, destination=dest, seconds=seconds)
    return translate(
        "RunnerJob", "Running downgrade {source} -> {destination} ({seconds} s)"
    ).format(source=source, destination=dest, seconds=seconds)


class MigrationService(QObject):
    """Starts upgrade/downgrade/stamp jobs; at most one online run per database at a time.

    A request for a database that already has a run raises :class:`DatabaseBusyError` (its message
    is ready to show). Offline (SQL) runs never touch the database and are not limited.
    """

    #: True when the first job starts, False when the last one finished.
    busy_changed = Signal(bool)
    #: A :class:`RunnerJob` was just started (for log panes that follow every run).
    job_started = Signal(object)

    def __init__(self, parent: QObject | None = None, audit_log: AuditLog | None = None) -> None:
        super().__init__(parent)
        self._jobs: list[RunnerJob] = []
        self._by_database: dict[str, RunnerJob] = {}
        self._audit_log = audit_log
        self._failures: dict[int, MigratorError] = {}

    @property
    def audit_log(self) -> AuditLog | None:
        """Where every online upgrade, downgrade and stamp is recorded (None: not recorded)."""
        return self._audit_log

    def set_audit_log(self, log: AuditLog | None) -> None:
        self._audit_log = log

    def upgrade(
        self,
        project: Project,
        url: str,
        target: str = "heads",
        *,
        sql: bool = False,
        transaction_per_migration: bool | None = True,
        lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
    ) -> RunnerJob:
        """Upgrade to ``target`` (``heads``, ``head``, an id, ``+1``; ``from:to`` in SQL mode).

        One transaction per migration step by default (None: what env.py configures); a DDL
        statement waits ``lock_timeout`` seconds for a lock at most (0: forever)."""
        return self._migrate(
            "upgrade", project, url, target, sql, transaction_per_migration, lock_timeout
        )

    def downgrade(
        self,
        project: Project,
        url: str,
        target: str = "-1",
        *,
        sql: bool = False,
        transaction_per_migration: bool | None = True,
        lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
    ) -> RunnerJob:
        """Downgrade to ``target`` (``-1``, an id, ``base``; ``from:to`` in SQL mode)."""
        return self._migrate(
            "downgrade", project, url, target, sql, transaction_per_migration, lock_timeout
        )

    def _migrate(
        self,
        operation: protocol.Operation,
        project: Project,
        url: str,
        target: str,
        sql: bool,
        transaction_per_migration: bool | None,
        lock_timeout: float | None,
    ) -> RunnerJob:
        request = make_request(
            project,
            url,
            operation,
            target,
            sql=sql,
            transaction_per_migration=transaction_per_migration,
            lock_timeout=lock_timeout,
        )
        return self._start(project, request)

    def stamp(
        self,
        project: Project,
        url: str,
        target: str,
        purge: bool = False,
        *,
        sql: bool = False,
        lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
    ) -> RunnerJob:
        """Write ``target`` into the version table without running migrations."""
        request = make_request(
            project, url, "stamp", target, sql=sql, purge=purge, lock_timeout=lock_timeout
        )
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

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop every run and wait for it, synchronously: call it before the window closes.

        Each child gets the server-side cancel (``pg_cancel_backend`` / ``KILL QUERY``), then
        SIGTERM, then SIGKILL after the grace time; the worker threads are waited for. Needs no
        event loop. Returns True when everything stopped within ``timeout_ms``."""
        return stop_jobs(list(self._jobs), timeout_ms)

    def _start(self, project: Project, request: protocol.Request) -> RunnerJob:
        key = database_key(request.url, project.root)
        if not request.sql:
            running = self._by_database.get(key)
            if running is not None:
                raise DatabaseBusyError(
                    translate(
                        "MigrationService",
                        "A migration is already running on {database} ({operation} to {target}). "
                        "Wait for it to finish or cancel it.",
                    ).format(
                        database=display_url(request.url),
                        operation=operation_name(running.operation),
                        target=running.target,
                    )
                )
        job = RunnerJob(project, request, parent=self)
        was_busy = bool(self._jobs)
        self._jobs.append(job)
        if not request.sql:
            self._by_database[key] = job
        job.error.connect(functools.partial(self._on_job_error, job))
        job.finished.connect(functools.partial(self._on_job_finished, job))
        job.start()
        self.job_started.emit(job)
        if not was_busy:
            self.busy_changed.emit(True)
        return job

    def _record(self, job: RunnerJob, failure: MigratorError | None) -> None:
        """One line in the audit log for a finished online run (never its password)."""
        assert self._audit_log is not None
        plan = job.plan
        event = job.error_event
        entry = AuditEntry(
            profile=job.profile_name,
            database=job.database,
            database_key=job.database_key,
            operation=job.operation,
            target=job.target,
            source=tuple(plan.current) if plan is not None else (),
            destination=tuple(job.heads_after) if job.heads_after is not None else (),
            steps=job.steps_done,
            duration=round(job.duration, 3),
            outcome=job.outcome,
            error=str(failure) if failure is not None else "",
            failed_step=event.failed_step if event is not None else "",
            extra={"touched": ", ".join(event.touched)} if event and event.touched else {},
        )
        try:
            self._audit_log.append(entry, secrets=job.secrets)
        except OSError as exc:
            job.log.emit(
                translate(
                    "MigrationService", "Could not write the audit log {path}: {error}"
                ).format(path=self._audit_log.path, error=exc)
            )

    def _on_job_error(self, job: RunnerJob, error: object) -> None:
        if isinstance(error, MigratorError):
            self._failures[id(job)] = error

    def _on_job_finished(self, job: RunnerJob) -> None:
        failure = self._failures.pop(id(job), None)
        job.outcome = audit_outcome(job, failure)
        job.failure_message = _message(failure) if failure is not None else ""
        if not job.offline and self._audit_log is not None:
            self._record(job, failure)
        if job in self._jobs:
            self._jobs.remove(job)
        if self._by_database.get(job.database_key) is job:
            del self._by_database[job.database_key]
        if not self._jobs:
            self.busy_changed.emit(False)
