"""Test connection: real PostgreSQL, MariaDB and SQLite; real sockets for refused and hanging."""

from __future__ import annotations

import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core.errors import DatabaseError
from migrator_gui.core.profiles import ConnectionProfile, ProfileStore
from migrator_gui.services.connection import (
    ConnectionReport,
    ConnectionTestError,
    TestConnectionJob,
    check_connection,
)
from tests.db_fixtures import MARIADB_SERVER
from tests.keyring_backend import MemoryKeyring, use_keyring

SENTINEL = "S3ntinel@:/%#?-ß漢-" + uuid.uuid4().hex[:6]
LATIN1_SENTINEL = "L1sentinel@:/%#?-ßé-" + uuid.uuid4().hex[:6]


def _exec(url: str, *statements: str) -> None:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
    finally:
        engine.dispose()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and then never says a word (a hung server)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    try:
        yield int(server.getsockname()[1])
    finally:
        server.close()


# -- PostgreSQL -----------------------------------------------------------------------------------


@pytest.mark.server
def test_postgres_success_then_version_table(postgres_url: str) -> None:
    profile, password = ConnectionProfile.from_url("pg", postgres_url)
    report = check_connection(profile, password)
    assert report.server_version.startswith("PostgreSQL ")
    assert not report.version_table_exists and report.version_rows == ()
    assert 0 <= report.latency_ms < 5000
    assert "no alembic_version table" in report.summary()

    _exec(
        postgres_url,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('3fa2c1d0e9b7')",
    )
    report = check_connection(profile, password)
    assert report.version_table_exists and report.version_rows == ("3fa2c1d0e9b7",)
    assert "3fa2c1d0e9b7" in report.summary()


@pytest.mark.server
def test_postgres_version_table_schema(postgres_url: str) -> None:
    _exec(
        postgres_url,
        "CREATE SCHEMA meta",
        "CREATE TABLE meta.alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
    )
    profile, password = ConnectionProfile.from_url("pg", postgres_url)
    assert not check_connection(profile, password).version_table_exists
    report = check_connection(replace(profile, version_table_schema="meta"), password)
    assert report.version_table_exists and report.version_rows == ()
    assert report.version_table_schema == "meta"


@pytest.mark.server
def test_postgres_unknown_database(postgres_url: str) -> None:
    profile, _ = ConnectionProfile.from_url("pg", postgres_url)
    missing = replace(profile, database="no_such_db_" + uuid.uuid4().hex[:6])
    with pytest.raises(ConnectionTestError) as info:
        check_connection(missing, SENTINEL)
    assert info.value.kind == "unknown_database"
    assert f'database "{missing.database}" does not exist' in str(info.value)
    assert isinstance(info.value, DatabaseError)
    assert SENTINEL not in str(info.value) + info.value.details


def test_postgres_connection_refused() -> None:
    profile = ConnectionProfile(
        "pg", dialect="postgresql", host="127.0.0.1", port=1, database="x", username="u"
    )
    with pytest.raises(ConnectionTestError) as info:
        check_connection(profile, SENTINEL)
    assert info.value.kind == "refused"
    assert "could not connect to 127.0.0.1:1: connection refused" in str(info.value)
    assert SENTINEL not in str(info.value) + info.value.details


def test_postgres_hung_server_times_out(silent_port: int) -> None:
    profile = ConnectionProfile(
        "pg", dialect="postgresql", host="127.0.0.1", port=silent_port, database="x"
    )
    t0 = time.monotonic()
    with pytest.raises(ConnectionTestError) as info:
        check_connection(profile, SENTINEL, timeout=1)
    elapsed = time.monotonic() - t0
    assert info.value.kind == "timeout"
    assert "timed out after 1 s" in str(info.value)
    assert elapsed < 3.0


# -- MariaDB --------------------------------------------------------------------------------------


@pytest.mark.server
def test_mariadb_success_then_version_table(mariadb_url: str) -> None:
    profile, password = ConnectionProfile.from_url("maria", mariadb_url)
    report = check_connection(profile, password)
    assert report.server_version.startswith(("MariaDB ", "MySQL "))
    assert not report.version_table_exists
    _exec(
        mariadb_url,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('a1'), ('b2')",
    )
    report = check_connection(profile, password)
    assert report.version_table_exists and sorted(report.version_rows) == ["a1", "b2"]


@pytest.mark.server
def test_mariadb_unknown_database(mariadb_url: str) -> None:
    profile, _ = ConnectionProfile.from_url("maria", mariadb_url)
    missing = replace(profile, database="no_such_db_" + uuid.uuid4().hex[:6])
    with pytest.raises(ConnectionTestError) as info:
        check_connection(missing)
    assert info.value.kind == "unknown_database"
    assert f"Unknown database '{missing.database}'" in str(info.value)


@pytest.mark.server
def test_mariadb_wrong_password(mariadb_url: str) -> None:
    user = "mig_" + uuid.uuid4().hex[:8]
    server = sa.make_url(MARIADB_SERVER).render_as_string(hide_password=False)
    _exec(server, f"CREATE USER '{user}'@'%' IDENTIFIED BY 'right-pw'")
    try:
        profile, _ = ConnectionProfile.from_url("maria", mariadb_url)
        profile = replace(profile, username=user)
        with pytest.raises(ConnectionTestError) as info:
            check_connection(profile, LATIN1_SENTINEL)
        assert info.value.kind == "auth"
        assert f"Access denied for user '{user}'" in str(info.value)
        assert LATIN1_SENTINEL not in str(info.value) + info.value.details
    finally:
        _exec(server, f"DROP USER '{user}'@'%'")


def test_mariadb_connection_refused() -> None:
    profile = ConnectionProfile("m", dialect="mysql", host="127.0.0.1", port=1, database="x")
    with pytest.raises(ConnectionTestError) as info:
        check_connection(profile, LATIN1_SENTINEL)
    assert info.value.kind == "refused"
    assert str(info.value).startswith("Cannot connect to 'm' (mysql+pymysql://127.0.0.1:1/x")
    assert "could not connect to 127.0.0.1:1:" in str(info.value)
    assert SENTINEL not in str(info.value) + info.value.details


def test_mariadb_password_pymysql_cannot_send() -> None:
    # pymysql encodes passwords as Latin-1: say so instead of a codec error
    profile = ConnectionProfile("m", dialect="mysql", host="127.0.0.1", port=1, database="x")
    with pytest.raises(ConnectionTestError) as info:
        check_connection(profile, SENTINEL)
    assert info.value.kind == "invalid" and "pymysql" in str(info.value)
    assert SENTINEL not in str(info.value) + info.value.details


def test_mariadb_hung_server_times_out(silent_port: int) -> None:
    profile = ConnectionProfile("m", dialect="mysql", host="127.0.0.1", port=silent_port)
    with pytest.raises(ConnectionTestError) as info:
        check_connection(profile, None, timeout=1)
    assert info.value.kind == "timeout" and "timed out after 1 s" in str(info.value)


# -- SQLite ---------------------------------------------------------------------------------------


def test_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('abc')")
    conn.commit()
    conn.close()
    report = check_connection(ConnectionProfile("s", database=str(path)))
    assert report.server_version.startswith("SQLite 3.")
    assert report.version_table_exists and report.version_rows == ("abc",)

    memory = check_connection(ConnectionProfile("m", database=":memory:"))
    assert not memory.version_table_exists


def test_sqlite_missing_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    report = check_connection(ConnectionProfile("s", database=str(path)))
    assert not report.version_table_exists and "will be created" in report.note
    assert not path.exists()


def test_sqlite_bad_inputs_are_reported_not_connected(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello, not a database at all")
    for database, expected in ((str(text), "not a SQLite database"), (str(tmp_path), "folder")):
        with pytest.raises(ConnectionTestError) as info:
            check_connection(ConnectionProfile("s", database=database))
        assert info.value.kind == "invalid" and expected in str(info.value)


def test_invalid_profile_is_reported_before_connecting() -> None:
    profile = ConnectionProfile("pg", dialect="postgresql", host="a b", port=70000)
    with pytest.raises(ConnectionTestError) as info:
        check_connection(profile)
    assert info.value.kind == "invalid"
    assert "host" in str(info.value) and "70000" in str(info.value)


# -- the job --------------------------------------------------------------------------------------


def test_job_reports_result_off_the_gui_thread(qtbot, tmp_path: Path) -> None:
    owner = QObject()
    job = TestConnectionJob(ConnectionProfile("s", database=str(tmp_path / "x.db")), parent=owner)
    with qtbot.waitSignal(job.result, timeout=10_000) as blocker:
        job.start()
    assert isinstance(blocker.args[0], ConnectionReport)
    qtbot.waitUntil(lambda: job.is_done, timeout=5_000)


def test_job_reports_specific_error(qtbot) -> None:
    owner = QObject()
    profile = ConnectionProfile("pg", dialect="postgresql", host="127.0.0.1", port=1)
    job = TestConnectionJob(profile, SENTINEL, timeout=2, parent=owner)
    logs: list[str] = []
    job.log.connect(logs.append)
    with qtbot.waitSignal(job.error, timeout=10_000) as blocker:
        job.start()
    error = blocker.args[0]
    assert isinstance(error, ConnectionTestError) and error.kind == "refused"
    qtbot.waitUntil(lambda: job.is_done, timeout=5_000)
    assert logs and all(SENTINEL not in line for line in logs)


def test_job_cancel_does_not_wait_for_a_hung_server(qtbot, silent_port: int) -> None:
    owner = QObject()
    profile = ConnectionProfile("pg", dialect="postgresql", host="127.0.0.1", port=silent_port)
    job = TestConnectionJob(profile, timeout=30, parent=owner)
    with qtbot.waitSignal(job.started, timeout=5_000):
        job.start()
    t0 = time.monotonic()
    with qtbot.waitSignal(job.finished, timeout=5_000):
        job.cancel()
    assert time.monotonic() - t0 < 3


# -- no password anywhere -------------------------------------------------------------------------


def _files_containing(root: Path, secret: str) -> list[Path]:
    forms = {secret.encode(), secret.encode("utf-16-le")}
    import urllib.parse

    forms.add(urllib.parse.quote(secret, safe="").encode())
    return [
        p for p in root.rglob("*") if p.is_file() and any(form in p.read_bytes() for form in forms)
    ]


def test_sentinel_password_is_in_no_file(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    config, data = tmp_path / "config", tmp_path / "data"
    monkeypatch.setenv("MIGRATOR_GUI_CONFIG_DIR", str(config))
    monkeypatch.setenv("MIGRATOR_GUI_DATA_DIR", str(data))
    seen: list[str] = []
    owner = QObject()

    def on_result(report: object) -> None:
        seen.append(repr(report))

    def on_error(error: object) -> None:
        seen.extend([str(error), str(getattr(error, "details", ""))])

    with use_keyring(MemoryKeyring()) as backend:
        store = ProfileStore()
        refused = store.save(
            ConnectionProfile(
                "refused", dialect="postgresql", host="127.0.0.1", port=1, username="app"
            ),
            SENTINEL,
        )
        lite = store.save(ConnectionProfile("lite", database=str(data / "app.db")), SENTINEL)
        imported, password = ConnectionProfile.from_url(
            "imported", refused.url(SENTINEL).render_as_string(hide_password=False)
        )
        assert password == SENTINEL
        store.save(imported, password)
        store.rename("imported", "imported2")
        store.duplicate("imported2", "imported3")
        store.set_last_used(tmp_path, "lite")
        for profile in store.load_all():
            pw = store.password(profile)
            assert pw == SENTINEL
            seen += [profile.display_url(), profile.export_url(), profile.describe(), repr(profile)]
            job = TestConnectionJob(profile, pw, timeout=2, parent=owner)
            job.log.connect(seen.append)
            job.result.connect(on_result)
            job.error.connect(on_error)
            with qtbot.waitSignal(job.finished, timeout=10_000):
                job.start()
        assert backend.passwords  # it lives in the keyring ...
        assert lite.database.endswith("app.db")
    assert seen
    assert not [text for text in seen if SENTINEL in text]
    assert store.path.is_file()
    assert _files_containing(tmp_path, SENTINEL) == []  # ... and in no file


@pytest.mark.server
def test_sentinel_password_on_a_real_server(
    qtbot, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the test server trusts local connections: the password is sent and ignored
    monkeypatch.setenv("MIGRATOR_GUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("MIGRATOR_GUI_DATA_DIR", str(tmp_path / "data"))
    owner = QObject()
    with use_keyring(MemoryKeyring()):
        store = ProfileStore()
        profile, _ = ConnectionProfile.from_url("pg", postgres_url, environment="production")
        store.save(profile, SENTINEL)
        loaded = store.get("pg")
        job = TestConnectionJob(loaded, store.password(loaded), parent=owner)
        with qtbot.waitSignal(job.result, timeout=10_000) as blocker:
            job.start()
        report = blocker.args[0]
        qtbot.waitUntil(lambda: job.is_done, timeout=5_000)
    assert report.server_version.startswith("PostgreSQL")
    assert SENTINEL not in repr(report) + report.summary() + loaded.display_url()
    assert _files_containing(tmp_path, SENTINEL) == []
