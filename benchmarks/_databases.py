"""What the benchmarks share: the database each run starts from, the servers, the choice of
dialects on the command line, the per-dialect loop and its report.

Imported by the scripts in this folder (run as ``python benchmarks/<name>.py``, so this folder is
on ``sys.path``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


class RunFailed(Exception):
    """A run did not end as it should (wrong heads, an error): the benchmark fails."""


@dataclass
class DialectResult:
    name: str
    cli: list[float]
    migrator: list[float]
    marks: list[dict[str, float]]

    @property
    def ratios(self) -> list[float]:
        return [m / c for c, m in zip(self.cli, self.migrator, strict=True)]


def add_target_options(parser: argparse.ArgumentParser) -> None:
    """``--url``, ``--dialects``, ``--postgresql-url``, ``--mariadb-url``."""
    parser.add_argument("--url", default=None,
                        help="'sqlite' (default: a file in the temp folder) or a server URL such "
                             "as postgresql://postgres@127.0.0.1:5432/postgres or "
                             "mysql+pymysql://root@127.0.0.1:3306/ (a database is created on it)")
    parser.add_argument("--dialects", default=None,
                        help="comma-separated from sqlite,postgresql,mariadb: each at its default "
                             "URL (see --postgresql-url, --mariadb-url), skipped when unreachable")
    parser.add_argument("--postgresql-url", default=DEFAULT_URLS["postgresql"])
    parser.add_argument("--mariadb-url", default=DEFAULT_URLS["mariadb"])


def targets_of(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[tuple[str, str]]:
    """(label, URL) of each dialect to measure, from the options of :func:`add_target_options`."""
    if args.url and args.dialects:
        parser.error("give --url or --dialects, not both")
    if not args.dialects:
        url = args.url or "sqlite"
        return [(backend_name(url), url)]
    urls = {"sqlite": "sqlite", "postgresql": args.postgresql_url, "mariadb": args.mariadb_url}
    targets = []
    for name in (d.strip() for d in args.dialects.split(",") if d.strip()):
        if name not in urls:
            parser.error(f"unknown dialect {name!r} (sqlite, postgresql, mariadb)")
        targets.append((name, urls[name]))
    return targets


def bench_each(
    targets: list[tuple[str, str]],
    bench: Callable[[str, str], DialectResult],
    *,
    required: bool,
) -> tuple[list[DialectResult], bool]:
    """``bench(label, url)`` on each reachable target; returns the results and whether one
    failed (an unreachable server counts when it was ``required``: asked for by ``--url``)."""
    results: list[DialectResult] = []
    failed = False
    for label, given in targets:
        url = with_installed_driver(given)
        why = reachable(url)
        if why is not None:
            shown = make_url(url).render_as_string(hide_password=True)
            print(f"\n{label}: skipped, cannot connect to {shown} ({why})")
            failed |= required
            continue
        try:
            results.append(bench(label, url))
        except RunFailed as exc:
            print(f"\n{label}: FAILED: {exc}")
            failed = True
    return results, failed


def report(results: list[DialectResult], failed: bool, ratio_target: float) -> int:
    """Print each dialect's medians against the target; 0 all passed, 1 a ratio missed it,
    2 a run failed."""
    print()
    ok = not failed
    for r in results:
        med_r = statistics.median(r.ratios)
        passed = med_r <= ratio_target
        ok &= passed
        print(f"{r.name:<10} CLI {statistics.median(r.cli):.3f} s, Migrator "
              f"{statistics.median(r.migrator):.3f} s, median ratio {med_r:.2f}x "
              f"(target <= {ratio_target}x) {'PASS' if passed else 'FAIL'}")
    if failed:
        return 2
    return 0 if ok else 1
