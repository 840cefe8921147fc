"""Read what a database holds: the version table env.py configures, and its rows.

:meth:`StatusService.refresh` runs the child's ``status`` operation (env.py executed like
``alembic current`` does, nothing created, rows not validated against versions/); the job's result
is the :class:`protocol.Result`. Classifying it against the revision graph is ``core/status.py``'s
business.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject, Signal

from migrator_gui.core.project import Project
from migrator_gui.services.migrate import (
    RunnerJob,
    credentials_key,
    database_key,
    make_request,
    stop_jobs,
)

__all__ = ["StatusService"]


class StatusService(QObject):
    """Starts status reads; asking again for a database whose read is still going on, with the
    same credentials, returns the job already running instead of starting a second child."""

    #: True when the first read starts, False when the last one finished.
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[str, RunnerJob] = {}

    def refresh(self, project: Project, url: str) -> RunnerJob:
        """Start (or join) the status read of ``url``; ``result`` is a ``protocol.Result``."""
        # The credentials count: a read started after fixing a wrong password must not return
        # the read that is failing with the old one.
        key = f"{database_key(url, project.root)}#{credentials_key(url)}"
        running = self._running.get(key)
        if running is not None and running.is_running:
            return running
        job = RunnerJob(project, make_request(project, url, "status"), parent=self)
        was_busy = bool(self._running)
        self._running[key] = job
        job.finished.connect(functools.partial(self._on_job_finished, key, job))
        job.start()
        if not was_busy:
            self.busy_changed.emit(True)
        return job

    def is_busy(self) -> bool:
        return bool(self._running)

    def cancel_all(self) -> None:
        for job in list(self._running.values()):
            job.cancel()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Stop every read and wait for it, synchronously (call before the window closes; no
        event loop needed). True when everything stopped within ``timeout_ms``."""
        return stop_jobs(list(self._running.values()), timeout_ms)

    def _on_job_finished(self, key: str, job: RunnerJob) -> None:
        if self._running.get(key) is job:
            del self._running[key]
            if not self._running:
                self.busy_changed.emit(False)
