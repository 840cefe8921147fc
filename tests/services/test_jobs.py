"""The Job base class: results, errors, cancel, and which thread everything happens on."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread

from migrator_gui.core.errors import MigratorError, ProjectError
from migrator_gui.services.jobs import Job, JobCancelled, JobError


class _Recorder(QObject):
    """Receives a job's signals on the GUI thread and notes where each arrived."""

    def __init__(self, job: Job) -> None:
        super().__init__(job)
        self.calls: list[tuple[str, object, bool]] = []
        job.started.connect(lambda: self._note("started", None))
        job.progress.connect(lambda k, n: self._note("progress", (k, n)))
        job.log.connect(lambda line: self._note("log", line))
        job.result.connect(lambda value: self._note("result", value))
        job.error.connect(lambda exc: self._note("error", exc))
        job.finished.connect(lambda: self._note("finished", None))

    def _note(self, name: str, value: object) -> None:
        on_gui = QThread.currentThread() is self.thread()
        self.calls.append((name, value, on_gui))

    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]


class _AddJob(Job):
    def __init__(self, a: int, b: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._a, self._b = a, b
        self.worker_thread: threading.Thread | None = None

    def run(self) -> object:
        self.worker_thread = threading.current_thread()
        for k in range(1, 4):
            self.progress.emit(k, 3)
            self.log.emit(f"step {k}")
        return self._a + self._b


class _FailingJob(Job):
    def __init__(self, exc: BaseException, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._exc = exc

    def run(self) -> object:
        raise self._exc


class _PollingJob(Job):
    def run(self) -> object:
        deadline = time.monotonic() + 10
        while not self.is_cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        if self.is_cancelled:
            raise MigratorError("stopped")
        return "never cancelled"


@pytest.fixture
def owner(qtbot: object) -> QObject:
    return QObject()


def test_result_arrives_on_the_gui_thread_after_logs(qtbot, owner: QObject) -> None:
    job = _AddJob(2, 3, parent=owner)
    job.start()
    recorder = _Recorder(job)  # connected after start(): nothing is missed
    assert job.is_running
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert not job.is_running and job.is_done
    assert recorder.names() == [
        "started",
        "progress",
        "log",
        "progress",
        "log",
        "progress",
        "log",
        "result",
        "finished",
    ]
    assert all(on_gui for _, _, on_gui in recorder.calls)
    assert ("result", 5, True) in recorder.calls
    assert job.worker_thread is not threading.main_thread()


def test_migrator_error_is_passed_as_is(qtbot, owner: QObject) -> None:
    exc = ProjectError("no alembic.ini here")
    job = _FailingJob(exc, parent=owner)
    recorder = _Recorder(job)
    job.start()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert recorder.names() == ["started", "error", "finished"]
    assert recorder.calls[1][1] is exc


def test_other_exceptions_become_a_job_error_with_the_traceback(qtbot, owner: QObject) -> None:
    job = _FailingJob(ZeroDivisionError("division by zero"), parent=owner)
    with qtbot.waitSignal(job.error, timeout=5000) as blocker:
        job.start()
    error = blocker.args[0]
    assert isinstance(error, JobError) and isinstance(error, MigratorError)
    assert error.error_type == "ZeroDivisionError"
    assert "division by zero" in str(error)
    assert "Traceback" in error.details and "ZeroDivisionError" in error.details
    qtbot.waitUntil(lambda: job.is_done, timeout=5000)


def test_cancel_while_running(qtbot, owner: QObject) -> None:
    job = _PollingJob(parent=owner)
    recorder = _Recorder(job)
    with qtbot.waitSignal(job.started, timeout=5000):
        job.start()
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert recorder.names() == ["started", "error", "finished"]
    error = recorder.calls[1][1]
    assert isinstance(error, JobCancelled) and "stopped" in str(error)


def test_cancel_before_it_started(qtbot, owner: QObject) -> None:
    job = _AddJob(1, 1, parent=owner)
    recorder = _Recorder(job)
    job.start()
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert recorder.names() == ["started", "error", "finished"]
    assert isinstance(recorder.calls[1][1], JobCancelled)
    assert job.worker_thread is None  # run() never ran


def test_a_job_runs_once(qtbot, owner: QObject) -> None:
    job = _AddJob(1, 1, parent=owner)
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    with pytest.raises(RuntimeError):
        job.start()
    job.cancel()  # harmless once done
    assert job.wait(100)
