"""Real databases for tests (a pytest plugin loaded by tests/conftest.py).

Each fixture creates a uniquely named database (``migrator_test_<uuid8>``) and drops it afterwards.
A server that cannot be reached skips the test with the reason, except when ``CI=true``: there it
fails, so a broken CI service is never mistaken for a green run.

Tests check what a database holds with alembic's own API (:func:`current_heads`), never with
Migrator's code.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from sqlalchemy.pool import NullPool

__all__ = [
    "FIXTURE_PROJECTS",
    "MARIADB_SERVER",
    "POSTGRES_SERVER",
    "copy_fixture",
    "current_heads",
    "has_table",
    "mariadb_database",
    "postgres_database",
    "unique_name",
]

POSTGRES_SERVER = os.environ.get(
    "MIGRATOR_TEST_POSTGRES", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
MARIADB_SERVER = os.environ.get("MIGRATOR_TEST_MARIADB", "mysql+pymysql://root@127.0.0.1:3306/")

FIXTURE_PROJECTS = Path(__file__).resolve().parent / "fixtures" / "projects"

_reachable: dict[str, str | None] = {}


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _server_engine(server_url: str) -> sa.Engine:
    url = sa.make_url(server_url)
    connect_args = {"connect_timeout": 3}
    return sa.create_engine(
        url, poolclass=NullPool, isolation_level="AUTOCOMMIT", connect_args=connect_args
    )


def _require(name: str, server_url: str) -> sa.Engine:
    """An AUTOCOMMIT engine on the server, or skip/fail when it is unreachable."""
    engine = _server_engine(server_url)
    if name not in _reachable:
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            _reachable[name] = None
        except Exception as exc:
            first = str(getattr(exc, "orig", exc)).strip().splitlines()
            _reachable[name] = first[0] if first else type(exc).__name__
    problem = _reachable[name]
    if problem is not None:
        shown = sa.make_url(server_url)
        reason = f"{name} not reachable at {shown.host}:{shown.port}: {problem}"
        engine.dispose()
        if _in_ci():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return engine


def unique_name() -> str:
    return f"migrator_test_{uuid.uuid4().hex[:8]}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """A fresh SQLite file database (absolute path) under the test's tmp_path."""
    path = tmp_path / f"{unique_name()}.db"
    yield f"sqlite:///{path}"


@contextlib.contextmanager
def postgres_database(name: str | None = None) -> Iterator[str]:
    """A fresh PostgreSQL database (skips when the server is unreachable), dropped afterwards
    (leftover sessions are terminated)."""
    engine = _require("PostgreSQL", POSTGRES_SERVER)
    name = name or unique_name()
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield str(
            sa.make_url(POSTGRES_SERVER).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with engine.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        engine.dispose()


@contextlib.contextmanager
def mariadb_database(name: str | None = None) -> Iterator[str]:
    """A fresh MariaDB database (skips when the server is unreachable), in the URL form
    ``mysql+pymysql://root@host:3306/<db>?charset=utf8``, dropped afterwards."""
    engine = _require("MariaDB", MARIADB_SERVER)
    name = name or unique_name()
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE `{name}`")
    try:
        url = sa.make_url(MARIADB_SERVER).set(database=name, query={"charset": "utf8"})
        yield str(url.render_as_string(hide_password=False))
    finally:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT id FROM information_schema.processlist "
                    "WHERE db = :name AND id <> CONNECTION_ID()"
                ),
                {"name": name},
            ).fetchall()
            for (session,) in rows:
                try:
                    conn.exec_driver_sql(f"KILL {int(session)}")
                except Exception:
                    pass
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS `{name}`")
        engine.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards (leftover sessions are terminated)."""
    with postgres_database() as url:
        yield url


@pytest.fixture
def other_postgres_url() -> Iterator[str]:
    """A second fresh PostgreSQL database (for "env.py must not touch another database")."""
    with postgres_database() as url:
        yield url


@pytest.fixture
def mariadb_url() -> Iterator[str]:
    """A fresh MariaDB database, in the URL form ``mysql+pymysql://root@host:3306/<db>?charset=utf8``."""
    with mariadb_database() as url:
        yield url


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.server),
        pytest.param("mariadb", marks=pytest.mark.server),
    ]
)
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite, PostgreSQL and MariaDB (a fresh database each)."""
    fixture = {"sqlite": "sqlite_url", "postgresql": "postgres_url", "mariadb": "mariadb_url"}
    return str(request.getfixturevalue(fixture[request.param]))


def current_heads(
    url: str, version_table: str = "alembic_version", version_table_schema: str | None = None
) -> set[str]:
    """The rows of the version table, read with alembic's own MigrationContext."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={"version_table": version_table, "version_table_schema": version_table_schema},
            )
            return set(context.get_current_heads())
    finally:
        engine.dispose()


def has_table(url: str, name: str, schema: str | None = None) -> bool:
    """Whether ``name`` exists in the database, read with SQLAlchemy's inspector."""
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return bool(sa.inspect(conn).has_table(name, schema=schema))
    finally:
        engine.dispose()


def copy_fixture(name: str, tmp_path: Path) -> Path:
    """Copy ``tests/fixtures/projects/<name>`` into ``tmp_path`` and return the copy's root.

    Tests never write inside tests/fixtures; caches and stray database files are not copied.
    """
    source = FIXTURE_PROJECTS / name
    if not source.is_dir():
        raise FileNotFoundError(f"no fixture project {name!r} in {FIXTURE_PROJECTS}")
    target = tmp_path / name
    shutil.copytree(
        source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.db", ".venv")
    )
    return target
