"""runner/child.py: the database is the selected one, whatever env.py does; a status read writes
nothing; errors say what to do; the child dies with its parent; identifiers are never scrubbed.

Real subprocesses, real databases, real alembic (fixture projects copied to tmp_path).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from migrator_gui.core import protocol
from tests.db_fixtures import (
    copy_fixture,
    current_heads,
    has_table,
    mariadb_database,
    unique_name,
)
from tests.runner.conftest import read_until, revision_chain, run_child, start_child


def _env_py(project: Path) -> Path:
    return next(project.glob("*/env.py"))


def _edit_env_py(project: Path, old: str, new: str) -> None:
    env_py = _env_py(project)
    text = env_py.read_text()
    assert old in text, old
    env_py.write_text(text.replace(old, new, 1))


def _line_of(project: Path, needle: str) -> int:
    lines = _env_py(project).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def _with_password(url: str, password: str) -> str:
    return str(sa.make_url(url).set(password=password).render_as_string(hide_password=False))


def _schemas(url: str) -> set[str]:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return set(sa.inspect(conn).get_schema_names())
    finally:
        engine.dispose()


def _gone(pid: int, timeout: float) -> bool:
    """The process ended (a zombie counts: it runs nothing any more)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return True
        if "zombie" in status:
            return True
        time.sleep(0.05)
    return False


_WRITE_BEFORE_CONFIGURE = "    with connectable.connect() as connection:\n"


# --------------------------------------------------------------------------------------------
# multi-database env.py (alembic init -t multidb)


@pytest.mark.parametrize(
    "which", ["sqlite_url", pytest.param("postgres_url", marks=pytest.mark.server)]
)
def test_multidb_template_is_refused_before_connecting(
    which: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Two engines redirected into one database deadlock (PostgreSQL hung forever): the second
    distinct URL stops the run before any connection."""
    url = str(request.getfixturevalue(which))
    project = copy_fixture("multidb", tmp_path)
    run = run_child(project, "upgrade", url)
    assert run.returncode == 1, run.text()
    assert run.error.type == "MultipleDatabasesError"
    assert run.error.message.startswith(
        "This env.py migrates several databases (alembic's multidb template): it asks for "
        f"sqlite:///{project}/engine1.db and sqlite:///{project}/engine2.db. Migrator migrates "
        "one database at a time"
    )
    assert "nothing was run" in run.error.message
    assert not (project / "engine1.db").exists() and not (project / "engine2.db").exists()
    assert current_heads(url) == set()
    assert not has_table(url, "account") and not has_table(url, "audit")


@pytest.mark.server
def test_multidb_with_the_selected_url_twice_is_refused(postgres_url: str, tmp_path: Path) -> None:
    """Both engines on the selected URL: the second configure() with another open connection
    stops the run; the template rolls back the first one's transaction."""
    project = copy_fixture("multidb", tmp_path)
    ini = project / "alembic.ini"
    text = ini.read_text()
    for name in ("engine1", "engine2"):
        text = text.replace(f"sqlite:///%(here)s/{name}.db", postgres_url)
    ini.write_text(text)
    run = run_child(project, "upgrade", postgres_url)
    assert run.returncode == 1, run.text()
    assert run.error.type == "MultipleDatabasesError"
    assert "configures a second connection while the first is open" in run.error.message
    assert current_heads(postgres_url) == set()
    assert not has_table(postgres_url, "account") and not has_table(postgres_url, "audit")


# --------------------------------------------------------------------------------------------
# the server address


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.server
@pytest.mark.parametrize("server", ["postgres_url", "mariadb_url"])
def test_a_port_in_connect_args_is_ignored(
    server: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """connect_args={'port': ...} would reach another server (P0-5): dropped, with a warning."""
    url = str(request.getfixturevalue(server))
    project = copy_fixture("default_template", tmp_path)
    port = _free_port()  # nothing listens there: before the fix the run failed to connect
    _edit_env_py(
        project,
        "poolclass=pool.NullPool,",
        f"poolclass=pool.NullPool, connect_args={{'port': {port}}},",
    )
    run = run_child(project, "upgrade", url)
    assert run.returncode == 0, run.text()
    assert current_heads(url) == {revision_chain(project)[-1]}
    warnings = [e.message for e in run.of(protocol.Log) if e.level == "WARNING"]
    assert any("connect_args['port']" in w for w in warnings), warnings


class _Proxy:
    """A TCP forwarder: another address that reaches the same server."""

    def __init__(self, target_port: int) -> None:
        self._target = target_port
        self._server = socket.socket()
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen()
        self.port = int(self._server.getsockname()[1])
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(("127.0.0.1", self._target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def pg_proxy(postgres_url: str) -> Iterator[_Proxy]:
    proxy = _Proxy(sa.make_url(postgres_url).port or 5432)
    yield proxy
    proxy.close()


@pytest.mark.server
def test_an_escaped_engine_to_another_address_is_stopped_when_it_connects(
    postgres_url: str, pg_proxy: _Proxy, tmp_path: Path
) -> None:
    """An engine made with the unpatched create_engine for the selected URL, but whose
    connect_args reach the server through another address: the driver says where it went, and
    the connection is refused when it opens, before env.py's statement."""
    project = copy_fixture("default_template", tmp_path)
    _edit_env_py(
        project,
        "    connectable = engine_from_config(",
        "    from sqlalchemy.engine import create as _create\n"
        "    unpatched = getattr(_create.create_engine, '__wrapped__', _create.create_engine)\n"
        "    early = unpatched(config.get_main_option('sqlalchemy.url'), "
        f"connect_args={{'port': {pg_proxy.port}}})\n"
        "    with early.connect() as c:\n"
        "        c.exec_driver_sql('CREATE SCHEMA touched_by_envpy')\n"
        "        c.commit()\n"
        "    connectable = engine_from_config(",
    )
    run = run_child(project, "upgrade", postgres_url)
    assert run.returncode == 1, run.text()
    assert pg_proxy.connections == 1
    assert run.error.type == "ForeignDatabaseError"
    assert run.error.message == (
        f"env.py connected to the server 127.0.0.1:{pg_proxy.port} instead of the selected "
        f"database {postgres_url}; nothing was run."
    )
    assert "touched_by_envpy" not in _schemas(postgres_url)
    assert current_heads(postgres_url) == set()


# --------------------------------------------------------------------------------------------
# a status read writes nothing


def test_status_sessions_are_read_only(db_url: str, tmp_path: Path) -> None:
    """env.py writing before configure(): the status read refuses it, clearly (P1-5). An upgrade
    with the same env.py is not affected."""
    backend = sa.make_url(db_url).get_backend_name()
    statement = (
        "CREATE SCHEMA IF NOT EXISTS app"
        if backend == "postgresql"
        else "CREATE TABLE IF NOT EXISTS touched (id INTEGER)"
    )
    project = copy_fixture("default_template", tmp_path)
    _edit_env_py(
        project,
        _WRITE_BEFORE_CONFIGURE,
        _WRITE_BEFORE_CONFIGURE
        + f"        connection.exec_driver_sql({statement!r})  # env.py writes\n"
        + "        connection.commit()\n",
    )
    line = _line_of(project, "# env.py writes")

    run = run_child(project, "status", db_url)
    assert run.returncode == 1, run.text()
    assert run.error.type == "ReadOnlyStatusError"
    assert run.error.message.startswith("env.py tries to write while only reading the status: ")
    assert f"(at migrations/env.py:{line})" in run.error.message
    if backend == "postgresql":
        assert "app" not in _schemas(db_url)
    elif backend == "sqlite":
        assert not Path(sa.make_url(db_url).database or "").exists()
    else:
        assert not has_table(db_url, "touched")

    run = run_child(project, "upgrade", db_url)
    assert run.returncode == 0, run.text()
    assert current_heads(db_url) == {revision_chain(project)[-1]}


# --------------------------------------------------------------------------------------------
# Step events are true: sent once alembic committed the step


@pytest.mark.parametrize(
    ("which", "rounds"),
    [("sqlite_url", 2), pytest.param("mariadb_url", 2, marks=pytest.mark.server)],
)
def test_a_reported_step_is_committed(
    which: str, rounds: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Killing the child right after a Step event: the version table records that step (before
    the fix the event preceded the commit, and a kill there left the table without its row).

    With a transaction per migration (Migrator's default). In one transaction for the whole
    run, SQLite now rolls everything back like PostgreSQL: see the next test."""
    url = str(request.getfixturevalue(which))
    project = copy_fixture("slow", tmp_path)
    first = revision_chain(project)[0]
    for _ in range(rounds):
        proc = start_child(project, "upgrade", url, transaction_per_migration=True)
        events = read_until(proc, "step")
        proc.kill()
        proc.wait(timeout=30)
        assert events[-1].revision == first
        assert current_heads(url) == {first}
        _drop_everything(url)  # start over (the killed step may have left its table)


def test_killing_the_child_mid_step_rolls_sqlite_back(sqlite_url: str, tmp_path: Path) -> None:
    """SQLite runs each step in a real transaction: a child killed in the middle of the slow
    step (its table created, the sleep running) leaves neither the table nor the version row."""
    project = copy_fixture("slow", tmp_path)
    first, second = revision_chain(project)[:2]
    proc = start_child(project, "upgrade", sqlite_url, transaction_per_migration=True)
    events = read_until(proc, "statement", lambda e: "CREATE TABLE book" in e.sql)
    proc.kill()
    proc.wait(timeout=30)
    started = [e for e in events if e.event == "step_started"]
    assert [(e.index, e.total, e.revision) for e in started] == [(0, 2, first), (1, 2, second)]
    assert events[-1].step == 1
    assert current_heads(sqlite_url) == {first}
    assert not has_table(sqlite_url, "book")


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        metadata.drop_all(engine)
    finally:
        engine.dispose()


# --------------------------------------------------------------------------------------------
# the child dies with its parent


@pytest.mark.server
def test_the_child_exits_when_its_parent_goes_away(postgres_url: str, tmp_path: Path) -> None:
    """watch_parent: stdin stays open after the request; its end of file (the parent died, the
    kernel closed the pipe) ends the child at once, and PostgreSQL rolls the run back."""
    project = copy_fixture("slow", tmp_path)
    proc = start_child(project, "upgrade", postgres_url, watch_parent=True)
    read_until(proc, "step")  # the second step sleeps 2 s
    assert proc.poll() is None
    assert proc.stdin is not None
    proc.stdin.close()  # what the kernel does when the parent dies
    assert proc.wait(timeout=1.5) == 3
    assert current_heads(postgres_url) == set()
    assert not has_table(postgres_url, "author")


# --------------------------------------------------------------------------------------------
# errors a user can act on


def test_missing_environment_variable(sqlite_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    _edit_env_py(
        project,
        "    connectable = engine_from_config(",
        "    import os\n    url = os.environ['MIGRATOR_TEST_NO_SUCH_VAR']  # here\n"
        "    connectable = engine_from_config(",
    )
    line = _line_of(project, "# here")
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 1
    assert run.error.type == "KeyError"
    assert run.error.message.startswith(
        "env.py reads the environment variable 'MIGRATOR_TEST_NO_SUCH_VAR', which is not set "
        f"(at migrations/env.py:{line}). Set it before starting Migrator, or read the URL with "
        'config.get_main_option("sqlalchemy.url")'
    )


def test_config_attributes_connection_is_the_selected_database(
    sqlite_url: str, tmp_path: Path
) -> None:
    """alembic's cookbook: env.py takes config.attributes["connection"] when there is one."""
    project = copy_fixture("default_template", tmp_path)
    _edit_env_py(
        project,
        "    connectable = engine_from_config(",
        "    shared = config.attributes.get('connection', None)\n"
        "    if shared is not None:\n"
        "        context.configure(connection=shared, target_metadata=target_metadata)\n"
        "        with context.begin_transaction():\n"
        "            context.run_migrations()\n"
        "        return\n"
        "    raise RuntimeError('no shared connection')\n"
        "    connectable = engine_from_config(",
    )
    head = revision_chain(project)[-1]
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 0, run.text()
    assert current_heads(sqlite_url) == {head} and run.result.heads == [head]
    run = run_child(project, "status", sqlite_url)
    assert run.returncode == 0, run.text()
    assert run.result.heads == [head]


def test_missing_driver_names_the_driver_and_the_scheme(tmp_path: Path) -> None:
    if importlib.util.find_spec("psycopg") is not None:
        pytest.skip("psycopg (3) is installed here: the default postgresql:// driver exists")
    project = copy_fixture("default_template", tmp_path)
    run = run_child(project, "upgrade", "postgresql://postgres:hunter22@127.0.0.1:1/nowhere")
    assert run.returncode == 1
    assert run.error.type in ("ModuleNotFoundError", "ImportError")
    message = run.error.message
    assert message.startswith("The database driver 'psycopg' is not installed in the project ")
    assert "postgresql:// URLs" in message
    assert "write the URL as postgresql+psycopg2:// to use psycopg2" in message
    assert "hunter22" not in run.stdout


def test_an_engine_passed_as_connection_gets_alembics_message(
    sqlite_url: str, tmp_path: Path
) -> None:
    project = copy_fixture("default_template", tmp_path)
    _edit_env_py(
        project, "connection=connection, target_metadata", "connection=connectable, target_metadata"
    )
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 1
    assert run.error.type == "CommandError"
    assert "expected to be a sqlalchemy.engine.Connection instance" in run.error.message
    assert "(at migrations/env.py:" in run.error.message
    assert "AttributeError" not in run.error.message


def test_other_errors_say_their_type_and_where(sqlite_url: str, tmp_path: Path) -> None:
    project = copy_fixture("default_template", tmp_path)
    _edit_env_py(
        project,
        "    connectable = engine_from_config(",
        "    raise ValueError('settings.toml has no [database] table')  # boom\n"
        "    connectable = engine_from_config(",
    )
    line = _line_of(project, "# boom")
    run = run_child(project, "upgrade", sqlite_url)
    assert run.returncode == 1
    assert run.error.message == (
        f"ValueError: settings.toml has no [database] table (at migrations/env.py:{line})"
    )


# --------------------------------------------------------------------------------------------
# the async template


def _async_python() -> str | None:
    """An interpreter with aiosqlite and greenlet: this one, or $MIGRATOR_TEST_ASYNC_PYTHON."""
    candidate = os.environ.get("MIGRATOR_TEST_ASYNC_PYTHON")
    if candidate:
        return candidate
    if all(importlib.util.find_spec(m) for m in ("aiosqlite", "greenlet")):
        return sys.executable
    return None


def test_async_template(tmp_path: Path) -> None:
    """alembic init -t async: the result is read in the run's own (async) connection."""
    python = _async_python()
    if python is None:
        pytest.skip(
            "no interpreter with aiosqlite and greenlet (set MIGRATOR_TEST_ASYNC_PYTHON to one)"
        )
    project = copy_fixture("async_template", tmp_path)
    database = tmp_path / "async.db"
    url = f"sqlite+aiosqlite:///{database}"
    head = revision_chain(project)[-1]
    run = run_child(project, "upgrade", url, python=python)
    assert run.returncode == 0, run.text()
    assert run.result.heads == [head] and run.result.steps == 3
    assert current_heads(f"sqlite:///{database}") == {head}
    run = run_child(project, "status", url, python=python)
    assert run.returncode == 0, run.text()
    assert run.result.heads == [head]


# --------------------------------------------------------------------------------------------
# MariaDB lock names


@pytest.mark.server
def test_long_mariadb_database_names_do_not_share_a_lock(tmp_path: Path) -> None:
    """GET_LOCK names are at most 64 characters; two databases whose names begin alike must not
    share Migrator's lock (before: truncated to 64, the second run was refused)."""
    stem = f"mt_{unique_name()[-8:]}_" + "x" * 48
    with mariadb_database(stem + "a") as first, mariadb_database(stem + "b") as second:
        project = copy_fixture("slow", tmp_path)
        slow_step = next(project.glob("*/versions/*slowly.py"))
        slow_step.write_text(slow_step.read_text().replace("time.sleep(2)", "time.sleep(30)"))
        holder = start_child(project, "upgrade", first)
        try:
            read_until(holder, "step")  # holds the lock of the first database from now on
            quick = copy_fixture("default_template", tmp_path / "quick")
            refused = run_child(quick, "upgrade", first)
            assert refused.returncode == 1 and refused.error.type == "MigrationLockedError"
            run = run_child(quick, "upgrade", second)
            assert run.returncode == 0, run.text()
        finally:
            holder.kill()
            holder.wait(timeout=30)
        assert current_heads(second) == {revision_chain(quick)[-1]}


# --------------------------------------------------------------------------------------------
# the password is hidden, identifiers are not


@pytest.mark.server
@pytest.mark.parametrize("password", ["a", "postgres"])
def test_a_short_or_common_password_does_not_corrupt_identifiers(
    postgres_url: str, tmp_path: Path, password: str
) -> None:
    """P0-2: revision ids, the dialect and the version table come through intact."""
    project = copy_fixture("default_template", tmp_path)
    chain = revision_chain(project)
    assert any("a" in r for r in chain)  # d19fb7a35f68: scrubbing 'a' would mangle it
    run = run_child(project, "upgrade", _with_password(postgres_url, password))
    assert run.returncode == 0, run.text()
    assert run.result.heads == [chain[-1]]
    assert run.result.version_table == "alembic_version"
    (backend,) = run.of(protocol.Backend)
    assert backend.dialect == "postgresql"
    assert [s.revision for s in run.of(protocol.Step)] == chain
    assert run.of(protocol.Plan)[0].steps[0] == f"upgrade  -> {chain[0]}"


@pytest.mark.server
def test_env_py_printing_the_url_in_any_form(postgres_url: str, tmp_path: Path) -> None:
    """P2-2: repr/JSON-escaped and SQLAlchemy's re-rendering of a non-ASCII password."""
    password = 'pä ss"\\wörd'
    url = _with_password(postgres_url, password)
    project = copy_fixture("default_template", tmp_path)
    _edit_env_py(
        project,
        "    connectable = engine_from_config(",
        "    import json, logging\n"
        "    from sqlalchemy import make_url\n"
        "    raw = config.get_main_option('sqlalchemy.url')\n"
        "    u = make_url(raw)\n"
        "    log = logging.getLogger('myapp')\n"
        "    log.warning('url %s', u.render_as_string(hide_password=False))\n"
        "    log.warning('repr %r', {'password': u.password, 'raw': raw})\n"
        "    log.warning('json %s', json.dumps({'password': u.password}))\n"
        "    log.warning('bytes %r', u.password.encode())\n"
        "    raise RuntimeError('failing with ' + repr(u.password))\n"
        "    connectable = engine_from_config(",
    )
    run = run_child(project, "upgrade", url)
    assert run.returncode == 1
    messages = [e.message for e in run.of(protocol.Log) if e.logger == "myapp"]
    assert len(messages) == 4 and all("***" in m for m in messages), messages
    texts = [*messages, run.error.message, run.error.traceback, run.stderr]
    for form in ("pä ss", "wörd", "w\\u00f6rd", "p%C3%A4", "\\xc3\\xa4", "\\xc3\\xb6"):
        assert not any(form in t for t in texts), form
    assert "***" in run.error.message
