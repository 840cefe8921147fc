"""Lock-wait diagnosis, cancel and terminate, on real PostgreSQL and MariaDB sessions that really
block each other (a blocker, a victim in a thread, a third connection diagnosing)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from migrator_gui.core.errors import DatabaseError
from migrator_gui.core.locks import (
    SQLITE_NOTE,
    LockError,
    LockWait,
    can_diagnose,
    cancel,
    diagnose,
    dialect_family,
    parse_session_id,
    terminate,
)

WAIT_LIMIT = 2.0  # a wait must be diagnosed within this many seconds


def autocommit_engine(url: str, **connect_args: object) -> sa.Engine:
    return sa.create_engine(
        url, poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args=dict(connect_args)
    )


def transaction_engine(url: str, **connect_args: object) -> sa.Engine:
    return sa.create_engine(url, poolclass=NullPool, connect_args=dict(connect_args))


def close_quietly(connection: sa.Connection) -> None:
    try:
        connection.close()
    except Exception:  # a terminated session fails to roll back: it is gone anyway
        pass


@dataclass
class Victim:
    """Runs one statement on its own connection in a thread (it is expected to wait)."""

    connection: sa.Connection
    statement: str
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    def start(self) -> Victim:
        def work() -> None:
            try:
                self.connection.exec_driver_sql(self.statement)
            except BaseException as exc:
                self.error = exc
            finally:
                self.done.set()

        self.thread = threading.Thread(target=work, name="lock-victim", daemon=True)
        self.thread.start()
        return self

    def join(self, timeout: float = 15.0) -> bool:
        if self.thread is not None:
            self.thread.join(timeout)
        return self.done.is_set()


def wait_for(
    condition: Callable[[], LockWait], accept: Callable[[LockWait], bool], limit: float
) -> LockWait:
    """Diagnose until ``accept`` says yes or ``limit`` seconds passed; the last diagnosis."""
    deadline = time.monotonic() + limit
    while True:
        result = condition()
        if accept(result) or time.monotonic() >= deadline:
            return result
        time.sleep(0.05)


# -- pure ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("good", ["1", " 42 ", 1234, "9223372036854775807"])
def test_session_ids_are_integers(good: str | int) -> None:
    assert parse_session_id(good) == int(str(good).strip())


@pytest.mark.parametrize(
    "bad", ["", "0", "-1", "1.5", "1; KILL 2", "1 OR 1=1", "١٢", "1_000", True, 0, 2**63, "abc"]
)
def test_bad_session_ids_are_refused(bad: str | int) -> None:
    with pytest.raises(LockError) as info:
        parse_session_id(bad)
    assert isinstance(info.value, DatabaseError)


def test_dialect_names() -> None:
    assert dialect_family("postgresql+psycopg2") == "postgresql"
    assert dialect_family("mariadb") == dialect_family("mysql+pymysql") == "mysql"
    assert can_diagnose("mysql") and can_diagnose("postgresql")
    assert not can_diagnose("sqlite") and not can_diagnose("mssql")


def test_sqlite_is_not_diagnosable(sqlite_url: str) -> None:
    engine = autocommit_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            result = diagnose(conn, "sqlite", "1")
            assert result == LockWait(session_id="1", waiting=False, note=SQLITE_NOTE)
            assert "busy timeout" in result.note
            with pytest.raises(LockError):
                cancel(conn, "sqlite", "1")
            with pytest.raises(LockError):
                terminate(conn, "sqlite", "1")
    finally:
        engine.dispose()


# -- PostgreSQL -----------------------------------------------------------------------------------


@pytest.fixture
def pg_book(postgres_url: str) -> Iterator[str]:
    engine = autocommit_engine(postgres_url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("CREATE TABLE book (id int PRIMARY KEY, title text)")
            conn.exec_driver_sql("INSERT INTO book VALUES (1, 'Dune')")
    finally:
        engine.dispose()
    yield postgres_url


def _pg_pid(conn: sa.Connection) -> int:
    return int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())


@pytest.mark.server
@pytest.mark.timeout(60)
def test_postgres_blocker_is_named_then_terminated(pg_book: str) -> None:
    auto = autocommit_engine(pg_book)
    blocking = transaction_engine(pg_book, application_name="blocker-app")
    blocker = blocking.connect()
    victim_conn = auto.connect()
    diag = auto.connect()
    victim = Victim(victim_conn, "ALTER TABLE book ADD COLUMN x int")
    try:
        blocker_pid = _pg_pid(blocker)
        blocker.exec_driver_sql("LOCK TABLE book IN ACCESS SHARE MODE")  # opens a transaction
        victim_pid = _pg_pid(victim_conn)
        victim_conn.exec_driver_sql("SET lock_timeout = '30s'")  # never hang the suite
        time.sleep(0.05)  # the blocker's transaction is measurably old
        victim.start()

        result = wait_for(
            lambda: diagnose(diag, "postgresql", str(victim_pid)),
            lambda r: r.waiting and bool(r.blockers),
            WAIT_LIMIT,
        )
        assert result.waiting, result
        assert result.session_id == str(victim_pid)
        assert "AccessExclusiveLock on book" in result.waiting_for
        assert "Lock: relation" in result.waiting_for
        assert "ALTER TABLE book ADD COLUMN x int" in result.query
        assert result.wait_seconds is not None and result.wait_seconds >= 0
        assert len(result.blockers) == 1
        (b,) = result.blockers
        assert b.session_id == str(blocker_pid)
        assert "LOCK TABLE book" in b.query
        assert b.state == "idle in transaction"
        assert b.transaction_age is not None and b.transaction_age > 0
        assert b.lock == "AccessShareLock on book"
        assert b.user == "postgres"
        assert b.application == "blocker-app"
        assert b.client.startswith("127.0.0.1:")
        assert b.certain

        assert terminate(diag, "postgresql", str(blocker_pid)) is True
        assert victim.join(), "the ALTER still waits after the blocker was terminated"
        assert victim.error is None
        assert "x" in {c["name"] for c in sa.inspect(diag).get_columns("book")}
        after = diagnose(diag, "postgresql", victim_pid)
        assert not after.waiting and after.found and after.blockers == ()
    finally:
        close_quietly(blocker)
        victim.join(5)
        close_quietly(victim_conn)
        close_quietly(diag)
        blocking.dispose()
        auto.dispose()


@pytest.mark.server
@pytest.mark.timeout(60)
def test_postgres_row_lock_and_cancel(pg_book: str) -> None:
    auto = autocommit_engine(pg_book)
    blocking = transaction_engine(pg_book)
    blocker = blocking.connect()
    victim_conn = auto.connect()
    diag = auto.connect()
    victim = Victim(victim_conn, "UPDATE book SET title = 'Emma' WHERE id = 1")
    try:
        blocker_pid = _pg_pid(blocker)
        blocker.exec_driver_sql("UPDATE book SET title = 'Ulysses' WHERE id = 1")
        victim_pid = _pg_pid(victim_conn)
        victim_conn.exec_driver_sql("SET lock_timeout = '30s'")
        victim.start()
        result = wait_for(
            lambda: diagnose(diag, "postgresql", victim_pid),
            lambda r: r.waiting and bool(r.blockers),
            WAIT_LIMIT,
        )
        assert result.waiting
        assert [b.session_id for b in result.blockers] == [str(blocker_pid)]
        assert "transaction" in result.waiting_for
        assert "UPDATE book SET title = 'Ulysses'" in result.blockers[0].query

        # Cancelling the victim's statement ends its wait with an error (for it).
        assert cancel(diag, "postgresql", victim_pid) is True
        assert victim.join()
        assert victim.error is not None and "cancel" in str(victim.error).lower()
    finally:
        close_quietly(blocker)
        victim.join(5)
        close_quietly(victim_conn)
        close_quietly(diag)
        blocking.dispose()
        auto.dispose()


@pytest.mark.server
@pytest.mark.timeout(60)
def test_postgres_session_not_waiting_unknown_or_self(postgres_url: str) -> None:
    auto = autocommit_engine(postgres_url)
    try:
        with auto.connect() as other, auto.connect() as diag:
            pid = _pg_pid(other)
            idle = diagnose(diag, "postgresql", pid)
            assert idle == LockWait(session_id=str(pid), waiting=False, query=idle.query)
            assert idle.found
            gone = diagnose(diag, "postgresql", 2_000_000_000)
            assert not gone.waiting and not gone.found and "not connected" in gone.note
            assert cancel(diag, "postgresql", 2_000_000_000) is False
            assert terminate(diag, "postgresql", "2000000000") is False
            with pytest.raises(LockError, match="itself"):
                terminate(diag, "postgresql", _pg_pid(diag))
            with pytest.raises(LockError):
                terminate(diag, "postgresql", "1; SELECT 1")
    finally:
        auto.dispose()


@pytest.mark.server
@pytest.mark.timeout(60)
def test_postgres_missing_privilege_degrades(postgres_url: str) -> None:
    """A plain user sees other users' sessions without their query and cannot terminate them."""
    role = "migrator_locks_" + postgres_url.rsplit("_", 1)[-1]
    auto = autocommit_engine(postgres_url)
    with auto.connect() as admin:
        admin.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
    limited = autocommit_engine(str(sa.make_url(postgres_url).set(username=role)))
    try:
        with auto.connect() as other, limited.connect() as diag:
            pid = _pg_pid(other)
            result = diagnose(diag, "postgresql", pid)
            assert not result.waiting
            with pytest.raises(LockError, match="refused to terminate"):
                terminate(diag, "postgresql", pid)
            # the connection is still usable afterwards
            assert diagnose(diag, "postgresql", pid).found
    finally:
        limited.dispose()
        with auto.connect() as admin:
            admin.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"
                ),
                {"r": role},
            )
            admin.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
        auto.dispose()


# -- MariaDB --------------------------------------------------------------------------------------


@pytest.fixture
def maria_book(mariadb_url: str) -> Iterator[str]:
    engine = autocommit_engine(mariadb_url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(
                "CREATE TABLE book (id INT PRIMARY KEY, title VARCHAR(40)) ENGINE=InnoDB"
            )
            conn.exec_driver_sql("INSERT INTO book VALUES (1, 'Dune'), (2, 'Emma')")
    finally:
        engine.dispose()
    yield mariadb_url


def _my_id(conn: sa.Connection) -> int:
    return int(conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar_one())


@pytest.mark.server
@pytest.mark.timeout(60)
def test_mariadb_metadata_lock_blocker_then_terminated(maria_book: str) -> None:
    auto = autocommit_engine(maria_book)
    blocking = transaction_engine(maria_book)
    blocker = blocking.connect()
    victim_conn = auto.connect()
    diag = auto.connect()
    victim = Victim(victim_conn, "ALTER TABLE book ADD COLUMN x INT")
    try:
        blocker_id = _my_id(blocker)
        assert len(blocker.exec_driver_sql("SELECT * FROM book").fetchall()) == 2  # in a trx
        victim_id = _my_id(victim_conn)
        victim_conn.exec_driver_sql("SET SESSION lock_wait_timeout = 30")
        victim.start()

        result = wait_for(
            lambda: diagnose(diag, "mariadb", str(victim_id)),
            lambda r: r.waiting and bool(r.blockers),
            WAIT_LIMIT,
        )
        assert result.waiting, result
        assert "metadata lock" in result.waiting_for
        assert "ALTER TABLE book ADD COLUMN x INT" in result.query
        assert result.wait_seconds is not None
        ids = {b.session_id for b in result.blockers}
        assert str(blocker_id) in ids
        assert str(victim_id) not in ids and str(_my_id(diag)) not in ids
        (b,) = [b for b in result.blockers if b.session_id == str(blocker_id)]
        assert b.user == "root"
        assert b.state == "idle in transaction"
        assert b.transaction_age is not None and b.transaction_age >= 0
        if not b.certain:  # no performance_schema: a guess, and the diagnosis says so
            assert "may hold" in b.lock and result.note

        assert terminate(diag, "mysql", blocker_id) is True
        assert victim.join(), "the ALTER still waits after the blocker was terminated"
        assert victim.error is None
        assert "x" in {c["name"] for c in sa.inspect(diag).get_columns("book")}
        assert not diagnose(diag, "mariadb", victim_id).waiting
    finally:
        close_quietly(blocker)
        victim.join(5)
        close_quietly(victim_conn)
        close_quietly(diag)
        blocking.dispose()
        auto.dispose()


@pytest.mark.server
@pytest.mark.timeout(60)
def test_mariadb_row_lock_blocker_is_certain(maria_book: str) -> None:
    auto = autocommit_engine(maria_book)
    blocking = transaction_engine(maria_book)
    blocker = blocking.connect()
    bystander = blocking.connect()  # another open transaction: must not be blamed
    victim_conn = auto.connect()
    diag = auto.connect()
    victim = Victim(victim_conn, "UPDATE book SET title = 'Ulysses' WHERE id = 1")
    try:
        blocker_id = _my_id(blocker)
        blocker.exec_driver_sql("UPDATE book SET title = 'Odyssey' WHERE id = 1")
        bystander.exec_driver_sql("UPDATE book SET title = 'Persuasion' WHERE id = 2")
        victim_id = _my_id(victim_conn)
        victim_conn.exec_driver_sql("SET SESSION innodb_lock_wait_timeout = 30")
        victim.start()

        result = wait_for(
            lambda: diagnose(diag, "mysql", victim_id),
            lambda r: r.waiting and bool(r.blockers),
            WAIT_LIMIT,
        )
        assert result.waiting, result
        assert "LOCK WAIT" in result.waiting_for and "book" in result.waiting_for
        assert [b.session_id for b in result.blockers] == [str(blocker_id)]
        (b,) = result.blockers
        assert b.certain
        assert "X" in b.lock and "book" in b.lock
        assert b.state == "idle in transaction"
        assert "UPDATE book SET title = 'Ulysses'" in result.query

        blocker.rollback()  # releasing the row lets the victim go on
        assert victim.join()
        assert victim.error is None
    finally:
        close_quietly(blocker)
        close_quietly(bystander)
        victim.join(5)
        close_quietly(victim_conn)
        close_quietly(diag)
        blocking.dispose()
        auto.dispose()


@pytest.mark.server
@pytest.mark.timeout(60)
def test_mariadb_cancel_unknown_and_self(mariadb_url: str) -> None:
    auto = autocommit_engine(mariadb_url)
    try:
        with auto.connect() as sleeper_conn, auto.connect() as diag:
            sleeper_id = _my_id(sleeper_conn)
            sleeper = Victim(sleeper_conn, "SELECT SLEEP(20)").start()
            running = wait_for(
                lambda: diagnose(diag, "mariadb", sleeper_id),
                lambda r: "SLEEP" in r.query,
                WAIT_LIMIT,
            )
            assert not running.waiting and running.found and "SLEEP(20)" in running.query
            assert cancel(diag, "mariadb", sleeper_id) is True
            assert sleeper.join(10)  # SLEEP returns 1 when its query is killed
            assert not diagnose(diag, "mariadb", 4_000_000_000).found
            assert terminate(diag, "mariadb", 4_000_000_000) is False
            with pytest.raises(LockError, match="itself"):
                cancel(diag, "mariadb", _my_id(diag))
            with pytest.raises(LockError):
                terminate(diag, "mariadb", "1 OR 1")
    finally:
        auto.dispose()


@pytest.mark.server
@pytest.mark.timeout(60)
def test_mariadb_long_statement_is_a_possible_metadata_blocker(maria_book: str) -> None:
    """A statement still running on the table (no transaction open) holds its metadata lock."""
    auto = autocommit_engine(maria_book)
    reader_conn = auto.connect()
    victim_conn = auto.connect()
    diag = auto.connect()
    reader = Victim(reader_conn, "SELECT SLEEP(20) FROM book LIMIT 1")
    victim = Victim(victim_conn, "ALTER TABLE book ADD COLUMN y INT")
    reader_id = _my_id(reader_conn)
    victim_id = _my_id(victim_conn)
    try:
        victim_conn.exec_driver_sql("SET SESSION lock_wait_timeout = 30")
        reader.start()
        time.sleep(0.3)
        victim.start()
        result = wait_for(
            lambda: diagnose(diag, "mariadb", victim_id),
            lambda r: r.waiting and bool(r.blockers),
            WAIT_LIMIT,
        )
        assert result.waiting and "metadata lock" in result.waiting_for
        (b,) = [b for b in result.blockers if b.session_id == str(reader_id)]
        assert "SLEEP(20)" in b.query
        assert b.state.startswith("Query")
        assert cancel(diag, "mariadb", reader_id) is True
        assert reader.join(10) and victim.join(), "the ALTER still waits"
        assert victim.error is None
    finally:
        for session in (reader_id, victim_id):  # never leave a 20 s SLEEP behind
            if not (reader.done.is_set() and victim.done.is_set()):
                try:
                    diag.exec_driver_sql(f"KILL {session:d}")
                except Exception:
                    pass
        reader.join(5)
        victim.join(5)
        for connection in (reader_conn, victim_conn, diag):
            close_quietly(connection)
        auto.dispose()
