"""Test a connection profile off the GUI thread: server version, latency, alembic version table.

:class:`TestConnectionJob` connects with the profile's URL and password, with the driver's own
timeouts *and* a watchdog (a driver that hangs past them still ends in "timed out after 5 s").
The result is a :class:`ConnectionReport`; failures are :class:`ConnectionTestError` (a
:class:`DatabaseError`) whose message never contains the password.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core.errors import DatabaseError
from migrator_gui.core.profiles import ConnectionProfile, ProfileError
from migrator_gui.services.jobs import Job
from migrator_gui.services.translation import message_of

__all__ = [
    "DEFAULT_TIMEOUT",
    "ConnectionReport",
    "ConnectionTestError",
    "TestConnectionJob",
    "check_connection",
]

DEFAULT_TIMEOUT = 5.0
VERSION_TABLE = "alembic_version"
_GRACE = 0.5  # the watchdog gives the driver's own timeout this long to report first

translate = QCoreApplication.translate


@dataclass(frozen=True)
class ConnectionReport:
    """What a successful test found."""

    server_version: str
    """e.g. ``PostgreSQL 16.2``, ``MariaDB 10.11.6``, ``SQLite 3.45.1``."""
    latency_ms: float
    """Round trip of ``SELECT 1`` once connected."""
    connect_ms: float
    """Time to open the connection."""
    version_table_exists: bool
    version_rows: tuple[str, ...]
    """The ``version_num`` values of the version table (empty when absent or empty)."""
    version_table: str = VERSION_TABLE
    version_table_schema: str | None = None
    note: str = ""
    """Extra information for the user (e.g. the SQLite file will be created)."""

    def summary(self) -> str:
        if not self.version_table_exists:
            table = translate("TestConnectionJob", "no alembic_version table yet")
        elif not self.version_rows:
            table = translate("TestConnectionJob", "alembic_version is empty")
        else:
            table = translate("TestConnectionJob", "alembic_version at {revisions}").format(
                revisions=", ".join(self.version_rows)
            )
        text = translate(
            "TestConnectionJob", "Connected: {server}, {latency} ms; {version_table}."
        ).format(
            server=self.server_version, latency=f"{self.latency_ms:.0f}", version_table=table
        )
        if not self.note:
            return text
        return translate("TestConnectionJob", "{summary} {note}").format(
            summary=text, note=self.note
        ).strip()


class ConnectionTestError(DatabaseError):
    """A test connection failed. ``kind`` is one of ``refused``, ``auth``, ``unknown_database``,
    ``timeout``, ``not_a_database``, ``invalid``, ``other``; ``details`` the driver's text
    (password removed)."""

    def __init__(self, message: str, kind: str = "other", details: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.details = details


def _fmt_seconds(seconds: float) -> str:
    return translate("TestConnectionJob", "{seconds} s").format(seconds=f"{seconds:g}")


def _secret_forms(password: str | None) -> list[str]:
    if not password:
        return []
    forms = {
        password,
        urllib.parse.quote(password, safe=""),
        urllib.parse.quote_plus(password, safe=""),
        urllib.parse.quote(password),
    }
    return sorted((f for f in forms if f), key=len, reverse=True)


def scrub(text: str, password: str | None) -> str:
    """``text`` with every form of ``password`` (as typed, percent-encoded) replaced by ***."""
    for form in _secret_forms(password):
        text = text.replace(form, "***")
    return text


def _connect_args(profile: ConnectionProfile, timeout: float) -> dict[str, Any]:
    seconds = max(1, math.ceil(timeout))
    if profile.dialect == "postgresql":
        return {"connect_timeout": seconds}
    if profile.dialect == "mysql":
        return {"connect_timeout": seconds, "read_timeout": seconds, "write_timeout": seconds}
    return {"timeout": float(timeout)}


def _classify(profile: ConnectionProfile, exc: BaseException, timeout: float) -> tuple[str, str]:
    """(kind, reason) for a driver error."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, UnicodeEncodeError) and profile.dialect == "mysql":
        return "invalid", translate(
            "TestConnectionJob",
            "the password (or user name) has characters the pymysql driver cannot send: it "
            "encodes them as {encoding}; change the password on the server to one in that "
            "character set",
        ).format(encoding=orig.encoding)
    text = str(orig).strip()
    args: tuple[Any, ...] = tuple(getattr(orig, "args", ()))
    code = args[0] if args and isinstance(args[0], int) else None
    mysql_text = str(args[1]) if code is not None and len(args) > 1 else text
    lower = text.lower()
    where = f"{profile.host or 'localhost'}:{profile.port or _default_port(profile)}"
    if "timeout expired" in lower or "timed out" in lower:
        return "timeout", translate("TestConnectionJob", "timed out after {duration}").format(
            duration=_fmt_seconds(timeout)
        )
    if "connection refused" in lower:
        return "refused", translate(
            "TestConnectionJob", "could not connect to {server}: connection refused"
        ).format(server=where)
    match = re.search(r'password authentication failed for user "[^"]*"', text)
    if match:
        return "auth", match.group(0)
    if code == 1045 or "access denied" in lower:
        return "auth", mysql_text
    match = re.search(r'database "[^"]*" does not exist', text)
    if match:
        return "unknown_database", match.group(0)
    if code == 1049 or "unknown database" in lower:
        return "unknown_database", mysql_text
    if (
        code in (2003, 2005)
        or "could not translate host name" in lower
        or "name or service" in (lower)
    ):
        first = mysql_text.splitlines()[0] if mysql_text else text
        return "refused", translate(
            "TestConnectionJob", "could not connect to {server}: {reason}"
        ).format(server=where, reason=first)
    if "file is not a database" in lower:
        return "not_a_database", translate(
            "TestConnectionJob", "{file} is not a SQLite database"
        ).format(file=profile.database)
    if "unable to open database file" in lower:
        return "refused", translate(
            "TestConnectionJob", "cannot open the SQLite file {file}"
        ).format(file=profile.database)
    lines = (mysql_text or text).splitlines()
    return "other", lines[0].strip() if lines else type(orig).__name__


def _default_port(profile: ConnectionProfile) -> int | str:
    return {"postgresql": 5432, "mysql": 3306}.get(profile.dialect, "")


def _server_version(conn: sa.Connection, dialect: str) -> str:
    if dialect == "postgresql":
        raw = str(conn.exec_driver_sql("SHOW server_version").scalar())
        return f"PostgreSQL {raw}"
    if dialect == "mysql":
        raw = str(conn.exec_driver_sql("SELECT VERSION()").scalar())
        product = "MariaDB" if "mariadb" in raw.lower() else "MySQL"
        return f"{product} {raw}"
    return f"SQLite {conn.exec_driver_sql('SELECT sqlite_version()').scalar()}"


def _probe(profile: ConnectionProfile, password: str | None, timeout: float) -> ConnectionReport:
    """The actual test, in the calling thread (may block; the caller guards it)."""
    schema = profile.version_table_schema or None if profile.dialect == "postgresql" else None
    note = ""
    if profile.dialect == "sqlite":
        db = profile.database
        if db and db != ":memory:" and not db.startswith("file:") and not Path(db).exists():
            # Connecting would create the file: report instead, touch nothing.
            return ConnectionReport(
                server_version=f"SQLite {sqlite3.sqlite_version}",
                latency_ms=0.0,
                connect_ms=0.0,
                version_table_exists=False,
                version_rows=(),
                note=translate(
                    "TestConnectionJob",
                    "The file does not exist yet: it will be created by the first upgrade.",
                ),
            )
    url = profile.url(password)
    engine = sa.create_engine(url, poolclass=NullPool, connect_args=_connect_args(profile, timeout))
    try:
        t0 = time.perf_counter()
        with engine.connect() as conn:
            connect_ms = (time.perf_counter() - t0) * 1000
            t1 = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").scalar()
            latency_ms = (time.perf_counter() - t1) * 1000
            version = _server_version(conn, profile.dialect)
            exists = sa.inspect(conn).has_table(VERSION_TABLE, schema=schema)
            rows: tuple[str, ...] = ()
            if exists:
                table = sa.table(VERSION_TABLE, sa.column("version_num"), schema=schema)
                rows = tuple(str(r) for r in conn.execute(sa.select(table.c.version_num)).scalars())
            conn.rollback()
    finally:
        engine.dispose()
    return ConnectionReport(
        server_version=version,
        latency_ms=latency_ms,
        connect_ms=connect_ms,
        version_table_exists=exists,
        version_rows=rows,
        version_table_schema=schema,
        note=note,
    )


def check_connection(
    profile: ConnectionProfile,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    cancelled: threading.Event | None = None,
) -> ConnectionReport:
    """Test ``profile`` synchronously (any thread), never longer than ``timeout`` (+ a grace).

    Raises :class:`ConnectionTestError` with a specific message that never holds the password.
    """
    try:
        shown = translate("TestConnectionJob", "'{name}' ({url})").format(
            name=profile.name, url=profile.display_url()
        )
    except ProfileError:
        shown = translate("TestConnectionJob", "'{name}'").format(name=profile.name)
    problems = profile.validate()
    if problems:
        raise ConnectionTestError(
            translate("TestConnectionJob", "Cannot test {profile}: {problems}").format(
                profile=shown,
                problems=" ".join(message_of(problem) for problem in problems),
            ),
            kind="invalid",
        )
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["report"] = _probe(profile, password, timeout)
        except BaseException as exc:
            outcome["error"] = exc
            outcome["traceback"] = traceback.format_exc()
        finally:
            done.set()

    # A daemon thread: a driver that ignores its timeout is abandoned, never waited for.
    threading.Thread(target=work, name="migrator-test-connection", daemon=True).start()
    deadline = time.monotonic() + timeout + _GRACE
    while not done.wait(0.05):
        if cancelled is not None and cancelled.is_set():
            raise ConnectionTestError(
                translate("TestConnectionJob", "Test of {profile} cancelled.").format(
                    profile=shown
                ),
                kind="cancelled",
            )
        if time.monotonic() >= deadline:
            raise ConnectionTestError(
                translate(
                    "TestConnectionJob", "Cannot connect to {profile}: timed out after {duration}."
                ).format(profile=shown, duration=_fmt_seconds(timeout)),
                kind="timeout",
            )
    if "report" in outcome:
        report: ConnectionReport = outcome["report"]
        return report
    exc = outcome["error"]
    if isinstance(exc, ProfileError):
        raise ConnectionTestError(scrub(message_of(exc), password), kind="invalid") from None
    kind, reason = _classify(profile, exc, timeout)
    details = scrub(str(getattr(exc, "orig", None) or exc), password)
    message = translate("TestConnectionJob", "Cannot connect to {profile}: {reason}.").format(
        profile=shown, reason=reason
    )
    raise ConnectionTestError(scrub(message, password), kind=kind, details=details) from None


class TestConnectionJob(Job):
    """Tests one profile off the GUI thread; ``result`` carries a :class:`ConnectionReport`,
    ``error`` a :class:`ConnectionTestError`."""

    __test__ = False  # not a pytest test class despite its name

    def __init__(
        self,
        profile: ConnectionProfile,
        password: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._profile = profile
        self._password = password
        self._timeout = timeout
        self._cancel_event = threading.Event()

    @property
    def profile(self) -> ConnectionProfile:
        return self._profile

    def run(self) -> ConnectionReport:
        self.log.emit(
            translate("TestConnectionJob", "Testing {url} ...").format(
                url=self._profile.display_url()
            )
        )
        return check_connection(self._profile, self._password, self._timeout, self._cancel_event)

    def _cancel_work(self) -> None:
        self._cancel_event.set()

    def _stop_work(self, deadline: float) -> None:
        self._cancel_event.set()

    def _stop_at_exit(self) -> None:
        self._cancel_requested = True
        self._cancel_event.set()

    def _scrub_text(self, text: str) -> str:
        return scrub(text, self._password)
