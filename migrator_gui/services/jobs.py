"""The one worker pattern: a :class:`Job` runs off the GUI thread and reports through signals.

A job is single-shot. ``start()`` (called on the GUI thread) marks it running and schedules the
work for the next turn of the event loop, so signals connected right after ``start()`` returns
are never missed. :meth:`Job.run` then executes in a :class:`QThread`; its return value arrives as
``result`` (or its exception as ``error``) through queued signals, on the GUI thread, and
``finished`` follows exactly once. ``log`` and ``progress`` may be emitted from ``run()``: they
reach receivers living on the GUI thread through queued connections too. No widget is ever touched
off the GUI thread, because a job knows no widget.

Usage::

    job = SomeJob(..., parent=service)
    job.result.connect(view.show_result)
    job.error.connect(view.show_error)
    job.start()

Shutting down: :meth:`Job.stop` cancels and waits, synchronously (a window's ``closeEvent`` calls
its services' ``shutdown``, which stop their jobs). The worker thread is deliberately *not* a
child of its job: a job destroyed with its parent while the thread runs must not destroy a running
QThread (Qt aborts the process). Running threads are kept in a module registry instead, and an
``atexit`` hook stops whatever still runs when the interpreter exits.
"""

from __future__ import annotations

import atexit
import functools
import time
import traceback

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from migrator_gui.core.errors import MigratorError
from migrator_gui.services.translation import message_of

__all__ = ["Job", "JobCancelled", "JobError"]

translate = QCoreApplication.translate


class JobError(MigratorError):
    """An unexpected exception in a job, wrapped so the UI always receives a MigratorError.

    ``details`` holds the traceback for a "Details" button; ``error_type`` the original class name.
    """

    def __init__(self, message: str, error_type: str = "", details: str = "") -> None:
        super().__init__(message)
        self.error_type = error_type
        self.details = details


class JobCancelled(MigratorError):
    """The job was cancelled by the user before it finished."""

    def __init__(self, message: str | None = None, details: str = "") -> None:
        super().__init__(translate("Job", "Cancelled.") if message is None else message)
        self.details = details


# Worker threads that have not ended yet (they have no parent: see the module docstring).
_LIVE_THREADS: set[_JobThread] = set()


class _JobThread(QThread):
    """Runs ``job.run()``; reports its outcome with queued signals (the thread object itself
    lives on the GUI thread, so its signals emitted from the worker reach the job queued).

    Parentless on purpose, kept alive by ``_LIVE_THREADS`` until it ended."""

    #: The value ``run()`` returned.
    succeeded = Signal(object)
    #: The MigratorError that ``run()`` raised (others are wrapped in a JobError).
    failed = Signal(object)

    def __init__(self, job: Job) -> None:
        super().__init__(None)
        self._job = job

    @property
    def job(self) -> Job:
        return self._job

    def run(self) -> None:
        job = self._job
        try:
            value = job.run()
        except MigratorError as exc:
            self.failed.emit(exc)
        except BaseException as exc:
            self.failed.emit(
                JobError(
                    job._scrub_text(
                        translate("Job", "Unexpected error: {type}: {error}").format(
                            type=type(exc).__name__, error=exc
                        )
                    ),
                    error_type=type(exc).__name__,
                    details=job._scrub_text(traceback.format_exc()),
                )
            )
        else:
            self.succeeded.emit(value)


def _forget_thread(thread: _JobThread) -> None:
    """A worker thread ended: drop it from the registry (on the GUI thread)."""
    if thread in _LIVE_THREADS:
        _LIVE_THREADS.discard(thread)
        thread.wait()
        thread.deleteLater()


@atexit.register
def _stop_live_threads() -> None:
    """The interpreter exits while jobs still run (nobody called their service's shutdown):
    stop them, so no running QThread is destroyed (an abort) and no child is left behind."""
    threads = list(_LIVE_THREADS)
    for thread in threads:
        try:
            thread.job._stop_at_exit()
        except BaseException:  # best effort while exiting
            pass
    deadline = time.monotonic() + 10.0
    for thread in threads:
        try:
            thread.wait(max(0, int((deadline - time.monotonic()) * 1000)))
        except BaseException:  # best effort while exiting
            pass


class Job(QObject):
    """Base of every long operation. Subclasses implement :meth:`run`.

    Signals (all delivered on the GUI thread):
    """

    #: The work begins (emitted once, before the worker thread starts).
    started = Signal()
    #: ``k`` of ``n`` units done; ``n`` is 0 while unknown.
    progress = Signal(int, int)
    #: One human-readable line for the log pane.
    log = Signal(str)
    #: The value returned by :meth:`run` (plain data).
    result = Signal(object)
    #: A :class:`MigratorError` (a :class:`JobCancelled` after :meth:`cancel`).
    error = Signal(object)
    #: Always emitted exactly once, after ``result`` or ``error``.
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: _JobThread | None = None
        self._running = False
        self._launched = False
        self._done = False
        self._cancel_requested = False
        self._outcome_delivered = False

    # -- public API ------------------------------------------------------------------------------

    @property
    def is_running(self) -> bool:
        """True from :meth:`start` until ``finished`` has been emitted."""
        return self._running

    @property
    def is_cancelled(self) -> bool:
        """True once :meth:`cancel` was called (the job may still be winding down)."""
        return self._cancel_requested

    @property
    def is_done(self) -> bool:
        """True once ``finished`` was emitted."""
        return self._done

    def start(self) -> None:
        """Schedule the job; the work starts when control returns to the event loop."""
        if self._running or self._done:
            raise RuntimeError(f"{type(self).__name__} was already started")
        self._running = True
        QTimer.singleShot(0, self, self._on_schedule_timeout)

    def cancel(self) -> None:
        """Ask the job to stop. Subclasses override :meth:`_cancel_work` to interrupt ``run()``."""
        if not self._running or self._cancel_requested:
            return
        self._cancel_requested = True
        if self._launched:
            self._cancel_work()

    def run(self) -> object:
        """The work, executed OFF the GUI thread. Return plain data; raise MigratorError."""
        raise NotImplementedError

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker thread ended (for shutdown and tests). True if it did."""
        thread = self._thread
        if thread is None:
            return True
        return bool(thread.wait() if msecs < 0 else thread.wait(msecs))

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """Cancel and wait, synchronously (for shutdown: no event loop is needed; any thread).
        True when the worker thread has ended (or never started) within ``timeout_ms``.

        The outcome (``error`` with a :class:`JobCancelled`, then ``finished``) is still delivered
        by the event loop if it runs again."""
        deadline = time.monotonic() + max(0, timeout_ms) / 1000
        if self._running and not self._done:
            self._cancel_requested = True
            if self._launched and self._thread is not None:
                self._stop_work(deadline)
        remaining = int(max(0.0, deadline - time.monotonic()) * 1000)
        return self.wait(remaining)

    # -- for subclasses --------------------------------------------------------------------------

    def _cancel_work(self) -> None:
        """Interrupt ``run()`` (called on the GUI thread). Default: nothing, run() must poll
        :attr:`is_cancelled`."""

    def _stop_work(self, deadline: float) -> None:
        """Interrupt ``run()`` and return once it is interrupted or ``deadline``
        (``time.monotonic()``) passed, whichever comes first (called by :meth:`stop`, on the GUI
        thread or a helper thread). Default: nothing, run() must poll :attr:`is_cancelled`."""

    def _stop_at_exit(self) -> None:
        """The interpreter exits while ``run()`` goes on: interrupt it using plain Python only
        (the Qt object may already be deleted). Default: raise the cancel flag."""
        self._cancel_requested = True

    def _scrub_text(self, text: str) -> str:
        """Hide secrets in ``text`` before it is shown (an unexpected error's message and
        traceback). Default: unchanged."""
        return text

    # -- slots -------------------------------------------------------------------------------------

    def _on_schedule_timeout(self) -> None:
        self._launched = True
        self.started.emit()
        if self._cancel_requested:
            self._deliver_error(JobCancelled(translate("Job", "Cancelled before it started.")))
            self._finish()
            return
        thread = _JobThread(self)
        thread.succeeded.connect(self._on_thread_succeeded)
        thread.failed.connect(self._on_thread_failed)
        thread.finished.connect(self._on_thread_finished)
        # Also when this job is gone by then (deleted with its parent): the registry lets go.
        thread.finished.connect(functools.partial(_forget_thread, thread))
        _LIVE_THREADS.add(thread)
        self._thread = thread
        thread.start()

    def _on_thread_succeeded(self, value: object) -> None:
        self._outcome_delivered = True
        self.result.emit(value)

    def _on_thread_failed(self, exc: object) -> None:
        if self._cancel_requested and not isinstance(exc, JobCancelled):
            details = getattr(exc, "details", "")
            message = translate("Job", "Cancelled. {reason}").format(reason=message_of(exc)).strip()
            exc = JobCancelled(message, details=str(details or ""))
        self._deliver_error(exc)

    def _on_thread_finished(self) -> None:
        if not self._outcome_delivered:  # pragma: no cover - run() always reports
            self._deliver_error(JobError(translate("Job", "The job ended without a result.")))
        thread = self._thread
        if thread is not None:
            self._thread = None
            _forget_thread(thread)  # wait() returns at once: the thread has ended
        self._finish()

    # -- helpers -----------------------------------------------------------------------------------

    def _deliver_error(self, exc: object) -> None:
        self._outcome_delivered = True
        self.error.emit(exc)

    def _finish(self) -> None:
        self._running = False
        self._done = True
        self.finished.emit()
