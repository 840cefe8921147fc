"""Watch a migration's session for lock waits; cancel or terminate a blocker (off the GUI thread).

:class:`LockWatchJob` polls :func:`migrator_gui.core.locks.diagnose` on its own connection (the
migration's is stuck in the wait) every ``interval`` seconds until it is cancelled, and emits
``lock_wait`` with a :class:`~migrator_gui.core.locks.LockWait` whenever the diagnosis changes
(and at least once a second while the session waits, so a view can show the elapsed time). A
server it cannot reach is reported once in ``log``; the job then keeps retrying quietly.

:class:`TerminateSessionJob` cancels the statement of, or terminates, one session (a blocker the
user chose) and returns a one-line message.

Neither ever shows the password: URLs are rendered with :func:`display_url`, driver messages go
through :class:`~migrator_gui.core.protocol.Scrubber`.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QObject, Signal
from sqlalchemy.pool import NullPool

from migrator_gui.core import locks, protocol
from migrator_gui.core.locks import LockError, LockWait
from migrator_gui.services.jobs import Job
from migrator_gui.services.migrate import display_url
from migrator_gui.services.translation import message_of

__all__ = ["CONNECT_TIMEOUT", "LockWatchJob", "TerminateSessionJob", "open_engine"]

CONNECT_TIMEOUT = 3
"""Seconds to connect (and, for MariaDB, to read or write) before giving up."""
_STATEMENT_TIMEOUT_MS = 5000
_HEARTBEAT = 1.0  # while the session waits, a diagnosis is emitted at least this often
_APPLICATION_NAME = "Migrator lock watch"

translate = QCoreApplication.translate


def open_engine(url: str, dialect: str) -> sa.Engine:
    """An AUTOCOMMIT engine without pooling on ``url``, with short timeouts (a diagnosis must
    neither hang on a dead server nor wait for a lock itself)."""
    family = locks.dialect_family(dialect)
    connect_args: dict[str, Any] = {}
    if family == "postgresql":
        connect_args = {
            "connect_timeout": CONNECT_TIMEOUT,
            "application_name": _APPLICATION_NAME,
            "options": f"-c statement_timeout={_STATEMENT_TIMEOUT_MS} -c lock_timeout=2000",
        }
    elif family == "mysql":
        connect_args = {
            "connect_timeout": CONNECT_TIMEOUT,
            "read_timeout": _STATEMENT_TIMEOUT_MS // 1000,
            "write_timeout": _STATEMENT_TIMEOUT_MS // 1000,
        }
    return sa.create_engine(
        sa.make_url(url),
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args=connect_args,
    )


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0].strip() if lines else type(orig).__name__


def _comparable(diagnosis: LockWait) -> LockWait:
    """``diagnosis`` without its ever-growing durations (to tell a real change)."""
    return dataclasses.replace(
        diagnosis,
        wait_seconds=None,
        blockers=tuple(dataclasses.replace(b, transaction_age=None) for b in diagnosis.blockers),
    )


class LockWatchJob(Job):
    """Polls the lock-wait diagnosis of one session until cancelled.

    A watch only ends by :meth:`cancel` (or :meth:`stop`); its ``result`` is then the last
    diagnosis (a :class:`LockWait`, or None if none was made). ``error`` carries a
    :class:`LockError` when ``session_id`` is not a session id.
    """

    #: A :class:`~migrator_gui.core.locks.LockWait`: the first diagnosis, every change, and at
    #: least one a second while the session waits (its ``wait_seconds`` grows).
    lock_wait = Signal(object)

    def __init__(
        self,
        url: str,
        session_id: str,
        dialect: str,
        interval: float = 0.5,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._url = url
        self._session_id = str(session_id)
        self._dialect = dialect
        self._interval = max(0.05, float(interval))
        self._stop_event = threading.Event()
        self._scrubber = protocol.Scrubber.for_url(url)
        self._last: LockWait | None = None

    @property
    def session_id(self) -> str:
        return self._session_id

    @property
    def last(self) -> LockWait | None:
        """The last diagnosis emitted (read it on the GUI thread, after ``lock_wait``)."""
        return self._last

    def run(self) -> LockWait | None:
        if not locks.can_diagnose(self._dialect):
            # Nothing to poll (SQLite): say why once, then wait to be cancelled.
            diagnosis = LockWait(
                session_id=self._session_id,
                waiting=False,
                note=locks.unsupported_note(self._dialect),
            )
            self._publish(diagnosis)
            self._stop_event.wait()
            return diagnosis
        locks.parse_session_id(self._session_id)  # a LockError ends the job at once
        shown = display_url(self._url)
        engine = open_engine(self._url, self._dialect)
        connection: sa.Connection | None = None
        reported = False
        last_key: LockWait | None = None
        last_emit = 0.0
        try:
            while not self._stop_event.is_set():
                try:
                    if connection is None:
                        connection = engine.connect()
                        if reported:
                            self.log.emit(
                                translate(
                                    "LockWatchJob", "Lock watch: connected again to {database}."
                                ).format(database=shown)
                            )
                            reported = False
                    diagnosis = locks.diagnose(connection, self._dialect, self._session_id)
                except LockError:
                    raise
                except Exception as exc:
                    if connection is not None:
                        self._close_quietly(connection)
                        connection = None
                    if not reported:
                        reported = True
                        self.log.emit(
                            self._scrub_text(
                                translate(
                                    "LockWatchJob",
                                    "Lock watch: cannot read the locks of {database}: {reason} "
                                    "(retrying)",
                                ).format(database=shown, reason=_first_line(exc))
                            )
                        )
                else:
                    now = time.monotonic()
                    key = _comparable(diagnosis)
                    heartbeat = diagnosis.waiting and now - last_emit >= _HEARTBEAT
                    if key != last_key or heartbeat:
                        last_key, last_emit = key, now
                        self._publish(diagnosis)
                self._stop_event.wait(self._interval)
        finally:
            if connection is not None:
                self._close_quietly(connection)
            engine.dispose()
        return self._last

    # -- Job hooks -------------------------------------------------------------------------------

    def _cancel_work(self) -> None:
        self._stop_event.set()

    def _stop_work(self, deadline: float) -> None:
        self._stop_event.set()

    def _stop_at_exit(self) -> None:
        self._cancel_requested = True
        self._stop_event.set()

    def _scrub_text(self, text: str) -> str:
        return self._scrubber.scrub(text)

    # -- helpers ---------------------------------------------------------------------------------

    def _publish(self, diagnosis: LockWait) -> None:
        self._last = diagnosis
        self.lock_wait.emit(diagnosis)

    @staticmethod
    def _close_quietly(connection: sa.Connection) -> None:
        try:
            connection.close()
        except Exception:  # a dead connection may fail to close: it is gone anyway
            pass


class TerminateSessionJob(Job):
    """Cancels the statement of (``mode="cancel"``) or terminates (``mode="terminate"``) one
    session, from a connection of its own. ``result`` is a one-line message (``Terminated
    session 1234.``); ``error`` a :class:`LockError` when the server refuses or cannot be
    reached."""

    def __init__(
        self,
        url: str,
        dialect: str,
        session_id: str,
        mode: str = "terminate",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if mode not in ("cancel", "terminate"):
            raise ValueError(f"mode must be 'cancel' or 'terminate', not {mode!r}")
        self._url = url
        self._dialect = dialect
        self._session_id = str(session_id)
        self._mode = mode
        self._scrubber = protocol.Scrubber.for_url(url)

    @property
    def session_id(self) -> str:
        return self._session_id

    @property
    def mode(self) -> str:
        return self._mode

    def run(self) -> str:
        sid = locks.parse_session_id(self._session_id)
        if not locks.can_diagnose(self._dialect):
            if self._dialect:
                message = translate(
                    "TerminateSessionJob", "Sessions of {dialect} cannot be ended."
                ).format(dialect=self._dialect)
            else:
                message = translate(
                    "TerminateSessionJob", "Sessions of this database cannot be ended."
                )
            raise LockError(message)
        shown = display_url(self._url)
        if self._mode == "terminate":
            starting = translate(
                "TerminateSessionJob", "Terminating session {session} on {database} ..."
            )
        else:
            starting = translate(
                "TerminateSessionJob", "Cancelling session {session} on {database} ..."
            )
        self.log.emit(starting.format(session=sid, database=shown))
        engine = open_engine(self._url, self._dialect)
        try:
            with engine.connect() as connection:
                if self._mode == "terminate":
                    done = locks.terminate(connection, self._dialect, sid)
                else:
                    done = locks.cancel(connection, self._dialect, sid)
        except LockError as exc:
            raise LockError(self._scrub_text(message_of(exc))) from None
        except sa.exc.SQLAlchemyError as exc:
            message = translate("TerminateSessionJob", "Cannot reach {database}: {reason}").format(
                database=shown, reason=_first_line(exc)
            )
            raise LockError(self._scrub_text(message)) from None
        finally:
            engine.dispose()
        if not done:
            return translate(
                "TerminateSessionJob", "Session {session} was not found: it has ended already."
            ).format(session=sid)
        if self._mode == "terminate":
            return translate("TerminateSessionJob", "Terminated session {session}.").format(
                session=sid
            )
        return translate(
            "TerminateSessionJob", "Cancelled the running statement of session {session}."
        ).format(session=sid)

    def _scrub_text(self, text: str) -> str:
        return self._scrubber.scrub(text)
