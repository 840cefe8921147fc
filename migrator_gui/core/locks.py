"""Who blocks a migration: per-dialect lock-wait diagnosis, cancel and terminate.

The queries run on a *second* connection (the migration's own is stuck in the wait), which should
be in AUTOCOMMIT mode. PostgreSQL: ``pg_stat_activity`` + ``pg_blocking_pids`` + ``pg_locks``;
MariaDB/MySQL: ``information_schema.processlist`` + ``innodb_trx`` (+ ``innodb_lock_waits`` for
row locks, + ``performance_schema.metadata_locks`` or MariaDB's ``METADATA_LOCK_INFO`` plugin for
metadata locks, when they are available).

What MariaDB tells without performance_schema and without the ``metadata_lock_info`` plugin (the
default install): the waiting session's state (``Waiting for table metadata lock``), its
statement and how long it runs; row-lock blockers exactly (``innodb_lock_waits``); but for a
metadata-lock wait it does not say who holds the lock. :func:`diagnose` then lists every other
session with an open InnoDB transaction (and any statement running since before the wait) as a
*possible* blocker (``Blocker.certain=False``). An idle blocker's last statement is not known there
either (``processlist.INFO`` and ``innodb_trx.trx_query`` are NULL while it sleeps).

SQLite cannot be diagnosed from outside: a writer waiting on SQLite's file lock is invisible to
other connections, which only have the busy timeout. :func:`diagnose` says so in
:attr:`LockWait.note` and never reports a wait; :func:`cancel` and :func:`terminate` refuse.

Every query is tolerant: a missing privilege, table or plugin gives fewer details, never an
exception. Only a lost connection is raised (SQLAlchemy's ``DBAPIError`` with
``connection_invalidated``), and :func:`cancel` / :func:`terminate` raise :class:`LockError` when
the server refuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from migrator_gui.core.errors import DatabaseError
from migrator_gui.core.text import QT_TRANSLATE_NOOP

__all__ = [
    "Blocker",
    "LockError",
    "LockWait",
    "can_diagnose",
    "cancel",
    "diagnose",
    "dialect_family",
    "parse_session_id",
    "terminate",
    "unsupported_note",
]

SQLITE_NOTE = QT_TRANSLATE_NOOP(
    "Locks",
    "SQLite cannot show lock waits from another connection: a waiting writer only has its busy "
    "timeout (it fails with 'database is locked' when the timeout expires).",
)


@dataclass(frozen=True)
class Blocker:
    """A session that holds a lock the migration waits for."""

    session_id: str
    """PostgreSQL backend pid / MariaDB connection id (what terminate takes)."""
    user: str = ""
    application: str = ""
    """PostgreSQL ``application_name``; MariaDB: empty unless the server knows it."""
    client: str = ""
    """Client address (``host:port``), or ``local``."""
    state: str = ""
    """``idle in transaction``, ``active``, ``Sleep``, ``Query`` ..."""
    query: str = ""
    """The blocker's current query, or its last one when it is idle in a transaction."""
    transaction_age: float | None = None
    """Seconds since the blocker's transaction began (None: not known / no transaction)."""
    lock: str = ""
    """What it holds, in words (``AccessShareLock on book``, ``metadata lock on shop.book``)."""
    certain: bool = True
    """False when inferred (MariaDB without performance_schema: a session with an open
    transaction on the table) rather than reported by the server as the blocker."""


@dataclass(frozen=True)
class LockWait:
    """The state of the migration's session, as seen from a second connection."""

    session_id: str
    waiting: bool
    """The session waits for a lock now."""
    waiting_for: str = ""
    """What it waits on, in the server's words (``Lock: relation``,
    ``Waiting for table metadata lock``)."""
    wait_seconds: float | None = None
    """How long the current statement has been running / waiting."""
    query: str = ""
    """The migration's statement that waits."""
    blockers: tuple[Blocker, ...] = ()
    found: bool = True
    """False when the session was not seen (it ended, or this user may not see it)."""
    note: str = ""
    """A remark for the user: why nothing can be known (SQLite), or what is only guessed."""


class LockError(DatabaseError):
    """A session id is invalid, or the server refused to cancel/terminate a session."""


# -- helpers --------------------------------------------------------------------------------------

# A sqlalchemy Row (its generic parameters differ between SQLAlchemy 2.0 and 2.1).
_Row = Any

_SESSION_RE = re.compile(r"[0-9]{1,19}")


def parse_session_id(session_id: str | int) -> int:
    """``session_id`` as a positive integer; :class:`LockError` for anything else (it is put in
    SQL text by ``KILL``, so nothing but ASCII digits passes)."""
    if isinstance(session_id, bool):
        raise LockError(_not_a_session(session_id))
    if isinstance(session_id, int):
        value = session_id
    else:
        text = str(session_id).strip()
        if not _SESSION_RE.fullmatch(text):
            raise LockError(_not_a_session(session_id))
        value = int(text)
    if not 0 < value < 2**63:
        raise LockError(_not_a_session(session_id))
    return value


def _not_a_session(session_id: object) -> str:
    return QT_TRANSLATE_NOOP("Locks", "Not a session id: {value}.").format(value=repr(session_id))


def _this_database(dialect: str) -> str:
    return dialect or QT_TRANSLATE_NOOP("Locks", "this database")


def dialect_family(dialect: str) -> str:
    """``postgresql``, ``mysql`` (also for MariaDB), ``sqlite``, or the name as given."""
    name = (dialect or "").strip().lower().split("+", 1)[0]
    if name in ("postgresql", "postgres", "psycopg2", "psycopg"):
        return "postgresql"
    if name in ("mysql", "mariadb"):
        return "mysql"
    return name


def can_diagnose(dialect: str) -> bool:
    """Whether :func:`diagnose` can see lock waits of this dialect (not SQLite)."""
    return dialect_family(dialect) in ("postgresql", "mysql")


def _recover(connection: sa.Connection) -> None:
    """After a failed query: end the failed transaction (a no-op in AUTOCOMMIT)."""
    try:
        connection.rollback()
    except sa.exc.DBAPIError as exc:
        if exc.connection_invalidated:
            raise


def _rows(
    connection: sa.Connection, sql: str, params: Mapping[str, Any] | None = None
) -> list[_Row] | None:
    """The rows of ``sql``, or None when it fails for any reason but a lost connection."""
    try:
        return list(connection.execute(sa.text(sql), dict(params or {})).fetchall())
    except sa.exc.DBAPIError as exc:
        if exc.connection_invalidated:
            raise
        _recover(connection)
        return None


def _first(
    connection: sa.Connection, sql: str, params: Mapping[str, Any] | None = None
) -> _Row | None:
    rows = _rows(connection, sql, params)
    return rows[0] if rows else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def _seconds(value: object) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


# -- public API -----------------------------------------------------------------------------------


def diagnose(connection: sa.Connection, dialect: str, session_id: str | int) -> LockWait:
    """Whether the session ``session_id`` (the migration's) waits for a lock, on what, since
    when, with which statement, and who blocks it. ``connection`` is a second connection to the
    same server (AUTOCOMMIT; the same database for PostgreSQL, to name tables).

    Raises :class:`LockError` for an invalid session id, and SQLAlchemy's error when the
    connection is lost; anything else degrades to fewer details."""
    family = dialect_family(dialect)
    if not can_diagnose(family):
        return LockWait(session_id=str(session_id), waiting=False, note=unsupported_note(dialect))
    sid = parse_session_id(session_id)
    if family == "postgresql":
        return _pg_diagnose(connection, sid)
    return _mysql_diagnose(connection, sid)


def unsupported_note(dialect: str) -> str:
    """Why lock waits of ``dialect`` cannot be diagnosed ("" when they can)."""
    family = dialect_family(dialect)
    if family == "sqlite":
        return SQLITE_NOTE
    if can_diagnose(family):
        return ""
    return QT_TRANSLATE_NOOP("Locks", "Lock waits cannot be diagnosed on {database}.").format(
        database=_this_database(dialect)
    )


def cancel(connection: sa.Connection, dialect: str, session_id: str | int) -> bool:
    """Cancel the running statement of ``session_id`` (``pg_cancel_backend`` / ``KILL QUERY``);
    its transaction rolls back (PostgreSQL) or its statement is aborted (MariaDB). False when
    no such session exists; :class:`LockError` when the server refuses."""
    return _signal(connection, dialect, session_id, terminate=False)


def terminate(connection: sa.Connection, dialect: str, session_id: str | int) -> bool:
    """End the session ``session_id`` (``pg_terminate_backend`` / ``KILL CONNECTION``); the
    server rolls its transaction back and releases its locks. False when no such session
    exists; :class:`LockError` when the server refuses."""
    return _signal(connection, dialect, session_id, terminate=True)


def _signal(
    connection: sa.Connection, dialect: str, session_id: str | int, terminate: bool
) -> bool:
    family = dialect_family(dialect)
    if family == "sqlite":
        raise LockError(
            QT_TRANSLATE_NOOP(
                "Locks", "SQLite sessions cannot be terminated from another connection."
            )
            if terminate
            else QT_TRANSLATE_NOOP(
                "Locks", "SQLite sessions cannot be canceled from another connection."
            )
        )
    if family not in ("postgresql", "mysql"):
        message = (
            QT_TRANSLATE_NOOP("Locks", "Cannot terminate sessions on {database}.")
            if terminate
            else QT_TRANSLATE_NOOP("Locks", "Cannot cancel sessions on {database}.")
        )
        raise LockError(message.format(database=_this_database(dialect)))
    sid = parse_session_id(session_id)
    own = _own_session(connection, family)
    if own == sid:
        raise LockError(
            QT_TRANSLATE_NOOP("Locks", "Session {session} is this diagnosing connection itself.")
            .format(session=str(sid))
        )
    try:
        if family == "postgresql":
            function = "pg_terminate_backend" if terminate else "pg_cancel_backend"
            value = connection.execute(sa.text(f"SELECT {function}(:pid)"), {"pid": sid}).scalar()
            return bool(value)
        kill = "KILL CONNECTION" if terminate else "KILL QUERY"
        connection.exec_driver_sql(f"{kill} {sid:d}")
        return True
    except sa.exc.DBAPIError as exc:
        if exc.connection_invalidated:
            raise
        _recover(connection)
        orig = getattr(exc, "orig", None) or exc
        args = tuple(getattr(orig, "args", ()))
        if family == "mysql" and args and args[0] == 1094:  # Unknown thread id
            return False
        first = (_text(orig).strip().splitlines() or [type(orig).__name__])[0]
        refused = (
            QT_TRANSLATE_NOOP(
                "Locks", "The server refused to terminate session {session}: {reason}"
            )
            if terminate
            else QT_TRANSLATE_NOOP(
                "Locks", "The server refused to cancel session {session}: {reason}"
            )
        )
        raise LockError(refused.format(session=str(sid), reason=first)) from None


def _own_session(connection: sa.Connection, family: str) -> int | None:
    sql = "SELECT pg_backend_pid()" if family == "postgresql" else "SELECT CONNECTION_ID()"
    row = _first(connection, sql)
    try:
        return int(row[0]) if row is not None else None
    except (TypeError, ValueError):
        return None


# -- PostgreSQL -----------------------------------------------------------------------------------

_PG_SESSION = """
SELECT a.state, a.wait_event_type, a.wait_event, a.query,
       EXTRACT(EPOCH FROM clock_timestamp() - a.query_start) AS query_seconds
FROM pg_stat_activity a WHERE a.pid = :pid
"""

# The lock the session asks for (not granted), with the table named when it is in this database.
_PG_REQUESTED = """
SELECT l.locktype, l.mode, l.page, l.tuple, l.virtualxid, l.transactionid::text AS xid,
       l.classid::bigint AS classid, l.objid::bigint AS objid, l.objsubid,
       CASE WHEN l.relation IS NOT NULL AND l.database IN (
                0, (SELECT oid FROM pg_database WHERE datname = current_database()))
            THEN l.relation::regclass::text
            WHEN l.relation IS NOT NULL THEN 'relation ' || l.relation::text END AS relname
FROM pg_locks l WHERE l.pid = :pid AND NOT l.granted
LIMIT 1
"""

_PG_BLOCKERS = """
SELECT DISTINCT bp.pid, b.usename::text AS usename, b.application_name, host(b.client_addr)
       AS addr, b.client_port, b.state, b.query,
       EXTRACT(EPOCH FROM clock_timestamp() - b.xact_start) AS xact_seconds
FROM unnest(pg_blocking_pids(:pid)) AS bp(pid)
LEFT JOIN pg_stat_activity b ON b.pid = bp.pid
ORDER BY bp.pid
"""

# The blockers' locks on the very object the session asks for (granted first).
_PG_BLOCKER_LOCKS = """
WITH w AS (
    SELECT * FROM pg_locks WHERE pid = :pid AND NOT granted LIMIT 1
)
SELECT l.pid, l.mode, l.granted
FROM pg_locks l JOIN w ON l.locktype = w.locktype
     AND l.database IS NOT DISTINCT FROM w.database
     AND l.relation IS NOT DISTINCT FROM w.relation
     AND l.page IS NOT DISTINCT FROM w.page
     AND l.tuple IS NOT DISTINCT FROM w.tuple
     AND l.virtualxid IS NOT DISTINCT FROM w.virtualxid
     AND l.transactionid IS NOT DISTINCT FROM w.transactionid
     AND l.classid IS NOT DISTINCT FROM w.classid
     AND l.objid IS NOT DISTINCT FROM w.objid
     AND l.objsubid IS NOT DISTINCT FROM w.objsubid
WHERE l.pid = ANY(pg_blocking_pids(:pid))
ORDER BY l.granted DESC
"""


def _pg_target(row: _Row) -> str:
    """The locked object of a ``pg_locks`` row, in words."""
    m = row._mapping
    kind = _text(m["locktype"])
    relname = _text(m["relname"])
    table = relname or QT_TRANSLATE_NOOP("Locks", "a table")
    if kind in ("relation", "extend") and relname:
        if kind == "relation":
            return relname
        return QT_TRANSLATE_NOOP("Locks", "extension of {table}").format(table=relname)
    if kind == "tuple":
        return QT_TRANSLATE_NOOP("Locks", "row ({page},{tuple}) of {table}").format(
            page=str(m["page"]), tuple=str(m["tuple"]), table=table
        )
    if kind == "page":
        return QT_TRANSLATE_NOOP("Locks", "page {page} of {table}").format(
            page=str(m["page"]), table=table
        )
    if kind == "transactionid":
        return QT_TRANSLATE_NOOP("Locks", "transaction {xid} (a row it changed)").format(
            xid=_text(m["xid"])
        )
    if kind == "virtualxid":
        return QT_TRANSLATE_NOOP("Locks", "virtual transaction {xid}").format(
            xid=_text(m["virtualxid"])
        )
    if kind == "advisory":
        classid, objid = m["classid"], m["objid"]
        if m["objsubid"] == 1 and classid is not None and objid is not None:
            return QT_TRANSLATE_NOOP("Locks", "advisory lock {key}").format(
                key=str((int(classid) << 32) | int(objid))
            )
        return QT_TRANSLATE_NOOP("Locks", "advisory lock ({classid}, {objid})").format(
            classid=str(classid), objid=str(objid)
        )
    return relname or kind or QT_TRANSLATE_NOOP("Locks", "a lock")


def _pg_client(addr: object, port: object) -> str:
    if addr is None or _text(addr) == "":
        return QT_TRANSLATE_NOOP("Locks", "local")
    try:
        number = int(port)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        number = -1
    host = _text(addr)
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{number}" if number > 0 else host


def _pg_diagnose(connection: sa.Connection, pid: int) -> LockWait:
    session = _first(connection, _PG_SESSION, {"pid": pid})
    if session is None:
        return LockWait(
            session_id=str(pid),
            waiting=False,
            found=False,
            note=QT_TRANSLATE_NOOP(
                "Locks", "Session {session} is not connected (it may have ended)."
            ).format(session=str(pid)),
        )
    s = session._mapping
    wait_type = _text(s["wait_event_type"])
    wait_event = _text(s["wait_event"])
    waiting = wait_type == "Lock"
    seconds = _seconds(s["query_seconds"]) if _text(s["state"]) != "idle" else None
    if not waiting:
        return LockWait(
            session_id=str(pid), waiting=False, wait_seconds=seconds, query=_text(s["query"])
        )
    waiting_for = f"{wait_type}: {wait_event}"
    target = ""
    requested = _first(connection, _PG_REQUESTED, {"pid": pid})
    if requested is not None:
        target = _pg_target(requested)
        waiting_for = QT_TRANSLATE_NOOP("Locks", "{lock} on {target} ({wait})").format(
            lock=_text(requested._mapping["mode"]), target=target, wait=waiting_for
        )
    held: dict[int, str] = {}
    for row in _rows(connection, _PG_BLOCKER_LOCKS, {"pid": pid}) or []:
        blocker_pid, mode, granted = int(row[0]), _text(row[1]), bool(row[2])
        if blocker_pid not in held:
            if granted:
                held[blocker_pid] = _on(mode, target)
            elif target:
                held[blocker_pid] = QT_TRANSLATE_NOOP(
                    "Locks", "waits for {lock} on {target} too"
                ).format(lock=mode, target=target)
            else:
                held[blocker_pid] = QT_TRANSLATE_NOOP("Locks", "waits for {lock} too").format(
                    lock=mode
                )
    blockers: list[Blocker] = []
    for row in _rows(connection, _PG_BLOCKERS, {"pid": pid}) or []:
        b = row._mapping
        blocker_pid = int(b["pid"])
        blockers.append(
            Blocker(
                session_id=str(blocker_pid),
                user=_text(b["usename"]),
                application=_text(b["application_name"]),
                client=_pg_client(b["addr"], b["client_port"]),
                state=_text(b["state"]),
                query=_text(b["query"]),
                transaction_age=_seconds(b["xact_seconds"]),
                lock=held.get(blocker_pid, ""),
                certain=True,
            )
        )
    return LockWait(
        session_id=str(pid),
        waiting=True,
        waiting_for=waiting_for,
        wait_seconds=seconds,
        query=_text(s["query"]),
        blockers=tuple(blockers),
    )


# -- MariaDB / MySQL ------------------------------------------------------------------------------

_MY_SESSION = """
SELECT ID, USER, HOST, DB, COMMAND, TIME, STATE, INFO, TIME_MS
FROM information_schema.PROCESSLIST WHERE ID = :sid
"""
_MY_SESSION_PLAIN = """
SELECT ID, USER, HOST, DB, COMMAND, TIME, STATE, INFO, NULL AS TIME_MS
FROM information_schema.PROCESSLIST WHERE ID = :sid
"""

_MY_TRX = """
SELECT trx_id, trx_state, trx_query, trx_requested_lock_id,
       TIMESTAMPDIFF(MICROSECOND, trx_wait_started, NOW(6)) / 1000000 AS wait_seconds,
       TIMESTAMPDIFF(MICROSECOND, trx_started, NOW(6)) / 1000000 AS trx_seconds
FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = :sid
"""

# MariaDB and MySQL 5.7: information_schema.innodb_lock_waits / innodb_locks.
_MY_ROW_BLOCKERS = """
SELECT DISTINCT bt.trx_mysql_thread_id AS session, bl.lock_mode, bl.lock_type, bl.lock_table,
       bl.lock_index
FROM information_schema.INNODB_LOCK_WAITS w
JOIN information_schema.INNODB_TRX rt ON rt.trx_id = w.requesting_trx_id
JOIN information_schema.INNODB_TRX bt ON bt.trx_id = w.blocking_trx_id
LEFT JOIN information_schema.INNODB_LOCKS bl ON bl.lock_id = w.blocking_lock_id
WHERE rt.trx_mysql_thread_id = :sid
"""

# MySQL 8: the same in performance_schema.
_MY_ROW_BLOCKERS_PS = """
SELECT DISTINCT bt.PROCESSLIST_ID AS session, bl.LOCK_MODE, bl.LOCK_TYPE,
       CONCAT('`', bl.OBJECT_SCHEMA, '`.`', bl.OBJECT_NAME, '`') AS lock_table, bl.INDEX_NAME
FROM performance_schema.data_lock_waits w
JOIN performance_schema.threads rt ON rt.THREAD_ID = w.REQUESTING_THREAD_ID
JOIN performance_schema.threads bt ON bt.THREAD_ID = w.BLOCKING_THREAD_ID
LEFT JOIN performance_schema.data_locks bl ON bl.ENGINE_LOCK_ID = w.BLOCKING_ENGINE_LOCK_ID
WHERE rt.PROCESSLIST_ID = :sid
"""

_MY_REQUESTED = """
SELECT lock_mode, lock_type, lock_table, lock_index
FROM information_schema.INNODB_LOCKS WHERE lock_id = :lock_id
"""

_MY_PS_PENDING = """
SELECT p.OBJECT_TYPE, p.OBJECT_SCHEMA, p.OBJECT_NAME
FROM performance_schema.metadata_locks p
JOIN performance_schema.threads wt ON wt.THREAD_ID = p.OWNER_THREAD_ID
WHERE wt.PROCESSLIST_ID = :sid AND p.LOCK_STATUS = 'PENDING'
"""

_MY_PS_MDL_BLOCKERS = """
SELECT DISTINCT t.PROCESSLIST_ID AS session, g.LOCK_TYPE, g.OBJECT_TYPE, g.OBJECT_SCHEMA,
       g.OBJECT_NAME
FROM performance_schema.metadata_locks p
JOIN performance_schema.threads wt ON wt.THREAD_ID = p.OWNER_THREAD_ID
JOIN performance_schema.metadata_locks g
  ON g.OBJECT_TYPE = p.OBJECT_TYPE AND g.OBJECT_SCHEMA <=> p.OBJECT_SCHEMA
     AND g.OBJECT_NAME <=> p.OBJECT_NAME AND g.LOCK_STATUS = 'GRANTED'
     AND g.OWNER_THREAD_ID <> p.OWNER_THREAD_ID
JOIN performance_schema.threads t ON t.THREAD_ID = g.OWNER_THREAD_ID
WHERE wt.PROCESSLIST_ID = :sid AND p.LOCK_STATUS = 'PENDING' AND t.PROCESSLIST_ID IS NOT NULL
"""

# MariaDB's metadata_lock_info plugin lists granted metadata locks only: the other holders of a
# lock on a table the waiting session already holds one on (ALTER holds an upgradable lock while
# it waits for the exclusive one).
_MY_MLI_BLOCKERS = """
SELECT DISTINCT o.THREAD_ID AS session, o.LOCK_MODE, o.TABLE_SCHEMA, o.TABLE_NAME
FROM information_schema.METADATA_LOCK_INFO w
JOIN information_schema.METADATA_LOCK_INFO o
  ON o.TABLE_SCHEMA = w.TABLE_SCHEMA AND o.TABLE_NAME = w.TABLE_NAME AND o.THREAD_ID <> w.THREAD_ID
WHERE w.THREAD_ID = :sid AND w.TABLE_NAME <> '' AND o.THREAD_ID <> CONNECTION_ID()
"""

_MY_OPEN_TRX = """
SELECT trx_mysql_thread_id AS session
FROM information_schema.INNODB_TRX
WHERE trx_mysql_thread_id NOT IN (:sid, CONNECTION_ID())
ORDER BY trx_started, trx_mysql_thread_id
"""

# Statements running since before the wait began (a long SELECT holds its metadata lock too):
# MariaDB counts in milliseconds, MySQL in seconds only.
_MY_OLDER_STATEMENTS = """
SELECT ID AS session FROM information_schema.PROCESSLIST
WHERE ID NOT IN (:sid, CONNECTION_ID()) AND COMMAND = 'Query' AND TIME_MS > :ms
  AND (STATE IS NULL OR STATE NOT LIKE 'Waiting for%lock%')
ORDER BY TIME_MS DESC, ID
"""
_MY_OLDER_STATEMENTS_PLAIN = """
SELECT ID AS session FROM information_schema.PROCESSLIST
WHERE ID NOT IN (:sid, CONNECTION_ID()) AND COMMAND = 'Query' AND TIME > :seconds
  AND (STATE IS NULL OR STATE NOT LIKE 'Waiting for%lock%')
ORDER BY TIME DESC, ID
"""

_MY_PS_LAST_STATEMENT = """
SELECT s.SQL_TEXT FROM performance_schema.events_statements_current s
JOIN performance_schema.threads t ON t.THREAD_ID = s.THREAD_ID
WHERE t.PROCESSLIST_ID = :sid AND s.SQL_TEXT IS NOT NULL
ORDER BY s.EVENT_ID DESC LIMIT 1
"""

_MY_PS_PROGRAM = """
SELECT ATTR_VALUE FROM performance_schema.session_connect_attrs
WHERE PROCESSLIST_ID = :sid AND ATTR_NAME = 'program_name' LIMIT 1
"""


def _on(lock: str, target: str) -> str:
    """``lock on target`` (just ``lock`` without a target)."""
    if not target:
        return lock
    return QT_TRANSLATE_NOOP("Locks", "{lock} on {target}").format(lock=lock, target=target)


def _my_lock_words(mode: object, kind: object, table: object, index: object) -> str:
    name = " ".join(p for p in (_text(mode), _text(kind).lower()) if p)
    words: str = (
        QT_TRANSLATE_NOOP("Locks", "{name} lock").format(name=name)
        if name
        else QT_TRANSLATE_NOOP("Locks", "lock")
    )
    words = _on(words, _text(table) if table else "")
    if index:
        words = QT_TRANSLATE_NOOP("Locks", "{lock} ({index})").format(
            lock=words, index=_text(index)
        )
    return words


def _my_mdl_words(lock_type: object, schema: object, name: object) -> str:
    target = ".".join(_text(p) for p in (schema, name) if p)
    kind = _text(lock_type).strip()
    words = (
        QT_TRANSLATE_NOOP("Locks", "metadata lock {kind}").format(kind=kind)
        if kind
        else QT_TRANSLATE_NOOP("Locks", "metadata lock")
    )
    return _on(words, target)


def _my_client(host: object) -> str:
    text = _text(host)
    if not text or text == "localhost":
        return QT_TRANSLATE_NOOP("Locks", "local")
    return text


def _performance_schema_on(connection: sa.Connection) -> bool:
    row = _first(connection, "SELECT @@performance_schema")
    try:
        return row is not None and int(row[0]) == 1
    except (TypeError, ValueError):
        return False


def _mysql_diagnose(connection: sa.Connection, sid: int) -> LockWait:
    session = _first(connection, _MY_SESSION, {"sid": sid})
    if session is None:
        session = _first(connection, _MY_SESSION_PLAIN, {"sid": sid})
    if session is None:
        return LockWait(
            session_id=str(sid),
            waiting=False,
            found=False,
            note=QT_TRANSLATE_NOOP(
                "Locks",
                "Session {session} is not connected (it may have ended, or this user lacks the "
                "PROCESS privilege to see it).",
            ).format(session=str(sid)),
        )
    s = session._mapping
    state = _text(s["STATE"])
    query = _text(s["INFO"])
    seconds = _seconds(s["TIME_MS"])
    seconds = seconds / 1000 if seconds is not None else _seconds(s["TIME"])
    trx = _first(connection, _MY_TRX, {"sid": sid})
    t = trx._mapping if trx is not None else None
    lower = state.lower()
    mdl_wait = "metadata lock" in lower
    other_wait = lower.startswith("waiting for") and "lock" in lower
    row_wait = t is not None and _text(t["trx_state"]).upper() == "LOCK WAIT"
    if _text(s["COMMAND"]) == "Sleep":
        seconds = None
    if not (mdl_wait or other_wait or row_wait):
        return LockWait(session_id=str(sid), waiting=False, wait_seconds=seconds, query=query)

    ps_on = _performance_schema_on(connection)
    found: dict[int, tuple[str, bool]] = {}  # session -> (lock in words, certain)
    note = ""
    if row_wait and t is not None:
        waiting_for: str = QT_TRANSLATE_NOOP("Locks", "Waiting for a row lock (LOCK WAIT)")
        requested = _first(connection, _MY_REQUESTED, {"lock_id": t["trx_requested_lock_id"]})
        if requested is not None:
            waiting_for = QT_TRANSLATE_NOOP("Locks", "Waiting for {lock} (LOCK WAIT)").format(
                lock=_my_lock_words(*requested)
            )
        wait = _seconds(t["wait_seconds"])
        seconds = wait if wait is not None else seconds
        rows = _rows(connection, _MY_ROW_BLOCKERS, {"sid": sid})
        if not rows and ps_on:
            rows = _rows(connection, _MY_ROW_BLOCKERS_PS, {"sid": sid})
        for row in rows or []:
            if row[0] is not None:
                found.setdefault(int(row[0]), (_my_lock_words(*row[1:]), True))
    else:
        waiting_for = state
        found.update(_my_mdl_blockers(connection, sid, ps_on, seconds))
        if found and not any(certain for _, certain in found.values()):
            note = QT_TRANSLATE_NOOP(
                "Locks",
                "The server does not tell who holds the metadata lock (performance_schema is "
                "off): the sessions listed have an open transaction or a statement running "
                "since before the wait, and may hold it.",
            )
    if row_wait and not found:
        found.update(_my_inferred(connection, sid, seconds))
    blockers = tuple(
        _my_blocker(connection, session_id, lock, certain, ps_on)
        for session_id, (lock, certain) in found.items()
    )
    return LockWait(
        session_id=str(sid),
        waiting=True,
        waiting_for=waiting_for,
        wait_seconds=seconds,
        query=query or (_text(t["trx_query"]) if t is not None else ""),
        blockers=blockers,
        note=note,
    )


def _my_mdl_blockers(
    connection: sa.Connection, sid: int, ps_on: bool, seconds: float | None
) -> dict[int, tuple[str, bool]]:
    """Who holds the metadata (or table) lock ``sid`` waits for: performance_schema, then the
    metadata_lock_info plugin, then a guess (sessions in a transaction)."""
    found: dict[int, tuple[str, bool]] = {}
    if ps_on and _rows(connection, _MY_PS_PENDING, {"sid": sid}):
        for row in _rows(connection, _MY_PS_MDL_BLOCKERS, {"sid": sid}) or []:
            if row[0] is not None:
                found.setdefault(int(row[0]), (_my_mdl_words(row[1], row[3], row[4]), True))
        if found:
            return found
    for row in _rows(connection, _MY_MLI_BLOCKERS, {"sid": sid}) or []:
        if row[0] is not None:
            found.setdefault(int(row[0]), (_my_mdl_words(row[1], row[2], row[3]), True))
    if found:
        return found
    return _my_inferred(connection, sid, seconds)


def _my_inferred(
    connection: sa.Connection, sid: int, seconds: float | None
) -> dict[int, tuple[str, bool]]:
    found: dict[int, tuple[str, bool]] = {}
    for row in _rows(connection, _MY_OPEN_TRX, {"sid": sid}) or []:
        if row[0] is not None:
            found.setdefault(
                int(row[0]),
                (QT_TRANSLATE_NOOP("Locks", "open transaction (may hold the lock)"), False),
            )
    waited = seconds or 0.0
    older = _rows(connection, _MY_OLDER_STATEMENTS, {"sid": sid, "ms": int(waited * 1000)})
    if older is None:
        older = _rows(connection, _MY_OLDER_STATEMENTS_PLAIN, {"sid": sid, "seconds": int(waited)})
    for row in older or []:
        if row[0] is not None:
            found.setdefault(
                int(row[0]),
                (
                    QT_TRANSLATE_NOOP(
                        "Locks", "statement running since before the wait (may hold the lock)"
                    ),
                    False,
                ),
            )
    return found


def _my_blocker(
    connection: sa.Connection, sid: int, lock: str, certain: bool, ps_on: bool
) -> Blocker:
    """A blocker's details from processlist, innodb_trx and (when on) performance_schema."""
    user = client = state = query = application = ""
    age: float | None = None
    proc = _first(connection, _MY_SESSION_PLAIN, {"sid": sid})
    trx = _first(connection, _MY_TRX, {"sid": sid})
    if trx is not None:
        age = _seconds(trx._mapping["trx_seconds"])
        query = _text(trx._mapping["trx_query"])
    if proc is not None:
        p = proc._mapping
        user, client = _text(p["USER"]), _my_client(p["HOST"])
        command, detail = _text(p["COMMAND"]), _text(p["STATE"])
        if command == "Sleep" and trx is not None:
            state = "idle in transaction"
        else:
            state = f"{command} ({detail})" if detail else command
        query = _text(p["INFO"]) or query
    if ps_on:
        if not query:
            row = _first(connection, _MY_PS_LAST_STATEMENT, {"sid": sid})
            query = _text(row[0]) if row is not None else ""
        row = _first(connection, _MY_PS_PROGRAM, {"sid": sid})
        application = _text(row[0]) if row is not None else ""
    return Blocker(
        session_id=str(sid),
        user=user,
        application=application,
        client=client,
        state=state,
        query=query,
        transaction_age=age,
        lock=lock,
        certain=certain,
    )
