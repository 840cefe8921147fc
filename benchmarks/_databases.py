"""What the benchmarks share: the database each run starts from, and the servers.

Imported by the scripts in this folder (run as ``python benchmarks/<name>.py``, so this folder is
on ``sys.path``).
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

DEFAULT_URLS = {
    "sqlite": "sqlite",
    "postgresql": "postgresql://postgres@127.0.0.1:5432/postgres",
    "mariadb": "mysql+pymysql://root@127.0.0.1:3306/",
}


def set_ini_url(ini: Path, url: str) -> None:
    """Point alembic.ini's ``sqlalchemy.url`` at ``url`` (what the CLI's env.py connects to)."""
    lines = ini.read_text(encoding="utf-8").splitlines(keepends=True)
    escaped = url.replace("%", "%%")
    out = [f"sqlalchemy.url = {escaped}\n" if line.startswith("sqlalchemy.url") else line
           for line in lines]
    ini.write_text("".join(out), encoding="utf-8")


# -- databases -------------------------------------------------------------------------------------


def backend_name(url: str) -> str:
    if url == "sqlite":
        return "sqlite"
    return make_url(url).get_backend_name()


def with_installed_driver(url: str) -> str:
    """``postgresql://`` means psycopg (3) to SQLAlchemy 2.1 and psycopg2 to 2.0: when only
    psycopg2 is installed (what Migrator's requirements bring), name it explicitly."""
    if url == "sqlite":
        return url
    parsed = make_url(url)
    if (parsed.drivername == "postgresql" and importlib.util.find_spec("psycopg") is None
            and importlib.util.find_spec("psycopg2") is not None):
        return parsed.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)
    return url


def _connect_args(backend: str) -> dict[str, object]:
    return {"connect_timeout": 3} if backend in ("postgresql", "mysql", "mariadb") else {}


def reachable(server_url: str) -> str | None:
    """None when the server answers, else why not."""
    if backend_name(server_url) == "sqlite":
        return None
    try:
        engine = create_engine(server_url, poolclass=NullPool,
                               connect_args=_connect_args(backend_name(server_url)))
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        first = str(exc).strip().splitlines()
        return first[0] if first else type(exc).__name__
    return None


@contextlib.contextmanager
def fresh_database(server_url: str, workdir: Path, name: str) -> Iterator[str]:
    """A new empty database (SQLite file, or a database created on the server); dropped after."""
    backend = backend_name(server_url)
    if backend == "sqlite":
        path = workdir / f"{name}.db"
        for p in (path, path.with_name(path.name + "-journal")):
            p.unlink(missing_ok=True)
        try:
            yield f"sqlite:///{path}"
        finally:
            path.unlink(missing_ok=True)
        return
    server: URL = make_url(server_url)
    admin = create_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT",
                          connect_args=_connect_args(backend))
    quoted = admin.dialect.identifier_preparer.quote(name)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {quoted}"))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        force = " WITH (FORCE)" if backend == "postgresql" else ""
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {quoted}{force}"))
        admin.dispose()
