"""Comparing models with a database: Migrator's compare side by side with ``alembic check``.

Writes an alembic project in a temporary folder (``alembic init`` with the generic template; env.py
then imports ``models`` and sets ``target_metadata = models.metadata`` and ``compare_type=True``)
whose models.py defines N tables ``t_k`` of six columns each, with indexes and a foreign key to
``t_{k-1}``. For each dialect one database is created (a SQLite file, or a uniquely named database
on the server, dropped at the end) and its schema made with ``create_all`` from a slightly
different metadata, so that the compare finds something:

* every 5th table (k % 5 == 0) lacks the ``note`` column        -> add_column
* every 7th table (k % 7 == 3) has ``code`` VARCHAR(20), not 40 -> alter_column (type)
* every 10th table (k % 10 == 7) lacks the index on ``name``    -> create_index

There are no revisions, and the (empty) version table is created beforehand: ``alembic check``
would create it on the first run while Migrator's compare never writes, so both see the same
database, "up to date" with no heads. Then, for each run:

* alembic CLI - ``python -m alembic -c alembic.ini check`` as a subprocess: wall time, interpreter
                start-up and imports included. It exits with 255 and "New upgrade operations
                detected" when it finds differences, as it must here: that is checked;
* Migrator    - ``AutogenerateJob(project, url)`` started in this process, timed from the call to
                the job's ``finished`` signal (a QCoreApplication event loop runs meanwhile): the
                child process, its start-up, the operations' code and SQL rendering, the row counts
                of the touched tables, the protocol and the parent's lint included. It must report
                exactly the expected operations.

The order of the two alternates from run to run; one untimed warm-up of each comes first (it
compiles models.py and env.py to bytecode, which both then share).

Usage::

    python benchmarks/autogenerate.py                            # SQLite, 50 tables, 7 runs
    python benchmarks/autogenerate.py --tables 200 --runs 9
    python benchmarks/autogenerate.py --url postgresql://postgres@127.0.0.1:5432/postgres
    python benchmarks/autogenerate.py --dialects sqlite,postgresql,mariadb   # each one reachable

Medians are printed; the exit status is 1 when Migrator's median ratio is more than 1.2x the
CLI's wall time for a dialect, 2 when a run failed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from _databases import (  # noqa: E402 - this folder's shared helpers
    DialectResult,
    RunFailed,
    add_target_options,
    bench_each,
    fresh_database,
    report,
    set_ini_url,
    targets_of,
)
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from migrator_gui.core.project import Project, open_project  # noqa: E402
from migrator_gui.services.autogenerate import AutogenerateJob  # noqa: E402
from migrator_gui.services.migrate import display_url  # noqa: E402

RATIO_TARGET = 1.2
RUN_TIMEOUT_S = 600.0
CLI_DETECTED = "New upgrade operations detected"


# -- the project -----------------------------------------------------------------------------------

_MODELS = '''\
"""{n} tables for benchmarks/autogenerate.py (generated)."""
import sqlalchemy as sa

N = {n}
metadata = sa.MetaData()


def build(metadata, database=False):
    """The models; ``database=True``: the schema the database is created with (see the
    benchmark's docstring for the differences)."""
    for k in range(N):
        columns = [
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("name", sa.String(50), nullable=False,
                      index=not (database and k % 10 == 7)),
            sa.Column("code", sa.String(20 if database and k % 7 == 3 else 40), nullable=True),
            sa.Column("amount", sa.Numeric(10, 2), nullable=True),
            sa.Column("created_at", sa.DateTime, nullable=True),
        ]
        if k:
            columns.append(sa.Column("parent_id", sa.Integer, sa.ForeignKey(f"t_{{k - 1}}.id"),
                                     nullable=True, index=True))
        if not (database and k % 5 == 0):
            columns.append(sa.Column("note", sa.Text, nullable=True))
        sa.Table(f"t_{{k}}", metadata, *columns)
    return metadata


build(metadata)
'''


def expected_ops(n: int) -> int:
    """The operations the compare must find (see the module docstring)."""
    return sum((k % 5 == 0) + (k % 7 == 3) + (k % 10 == 7) for k in range(n))


def write_project(root: Path, n: int) -> Path:
    """``alembic init`` (generic template) in ``root``, models.py with ``n`` tables, env.py
    importing them. Returns the alembic.ini path."""
    from alembic import command
    from alembic.config import Config

    ini = root / "alembic.ini"
    with contextlib.redirect_stdout(io.StringIO()):
        command.init(Config(str(ini)), str(root / "migrations"), template="generic")
    (root / "models.py").write_text(_MODELS.format(n=n), encoding="utf-8")
    env = root / "migrations" / "env.py"
    source = env.read_text(encoding="utf-8")
    for old, new in (
        ("target_metadata = None", "import models\ntarget_metadata = models.metadata"),
        ("target_metadata=target_metadata\n",
         "target_metadata=target_metadata, compare_type=True\n"),
    ):
        if old not in source:
            raise SystemExit(f"alembic's generic env.py changed: {old!r} not found")
        source = source.replace(old, new)
    env.write_text(source, encoding="utf-8")
    # prepend_sys_path = . (the generic template's default) puts models.py on the path of both
    return ini


def load_models(root: Path) -> object:
    spec = importlib.util.spec_from_file_location("bench_models", root / "models.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module



def create_schema(url: str, models: object) -> None:
    """The database's tables (``build(..., database=True)``) and an empty version table, as
    alembic would create it."""
    import sqlalchemy as sa
    from alembic.runtime.migration import MigrationContext

    metadata = models.build(sa.MetaData(), database=True)  # type: ignore[attr-defined]
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            metadata.create_all(conn)
            MigrationContext.configure(conn)._ensure_version_table()
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT count(*) FROM alembic_version")).scalar()
            if rows:
                raise RunFailed(f"alembic_version holds {rows} rows, expected none")
    finally:
        engine.dispose()


# -- the two contenders ----------------------------------------------------------------------------


def run_cli(ini: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "alembic", "-c", str(ini), "check"],
                          cwd=ini.parent, capture_output=True)
    elapsed = time.perf_counter() - start
    output = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    if proc.returncode != 255 or CLI_DETECTED not in output:
        tail = "\n  ".join(output.strip().splitlines()[-5:])
        raise RunFailed(f"alembic check exited with {proc.returncode} (expected 255 and "
                        f"{CLI_DETECTED!r}):\n  {tail}")
    return elapsed


@dataclass
class MigratorRun:
    wall: float = 0.0
    ops: int = 0
    warnings: int = 0
    # seconds from the call, when each protocol event reached this process
    marks: dict[str, float] = field(default_factory=dict)


def run_migrator(project: Project, url: str) -> MigratorRun:
    out = MigratorRun()
    loop = QEventLoop()
    outcome: dict[str, object] = {}

    def on_event(event: object) -> None:
        out.marks.setdefault(type(event).__name__, time.perf_counter() - start)

    def on_finished() -> None:
        out.wall = time.perf_counter() - start
        loop.quit()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    start = time.perf_counter()
    job = AutogenerateJob(project, url)
    job.event.connect(on_event)
    job.result.connect(lambda r: outcome.setdefault("result", r))
    job.error.connect(lambda e: outcome.setdefault("error", e))
    job.finished.connect(on_finished)
    job.start()
    timer.start(int(RUN_TIMEOUT_S * 1000))
    loop.exec()
    if not out.wall:
        job.cancel()
        raise RunFailed(f"Migrator: no finished signal within {RUN_TIMEOUT_S:.0f} s")
    if "error" in outcome:
        err = outcome["error"]
        details = getattr(err, "details", "")
        raise RunFailed(f"Migrator: {err}\n{details}")
    result = outcome.get("result")
    if result is None:
        raise RunFailed("Migrator: finished without a result")
    out.ops = len(result.ops)  # type: ignore[attr-defined]
    out.warnings = len(result.warnings)  # type: ignore[attr-defined]
    job.deleteLater()
    return out


# -- one dialect -----------------------------------------------------------------------------------


def bench_dialect(label: str, server_url: str, project: Project, ini: Path, models: object,
                  n: int, runs: int, warmup: int, workdir: Path) -> DialectResult:
    name = f"migbench_ag_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    want = expected_ops(n)
    cli: list[float] = []
    mig: list[float] = []
    marks: list[dict[str, float]] = []
    with fresh_database(server_url, workdir, name) as url:
        create_schema(url, models)
        set_ini_url(ini, url)  # the CLI's env.py connects there; Migrator is given the URL

        def one(which: str, timed: bool) -> float:
            if which == "cli":
                return run_cli(ini)
            r = run_migrator(project, url)
            if r.ops != want:
                raise RunFailed(f"Migrator found {r.ops} operations, expected {want}")
            if timed:
                marks.append(r.marks)
            return r.wall

        for _ in range(warmup):
            one("cli", False)
            one("mig", False)

        print(f"\n{label}: {display_url(server_url) if server_url != 'sqlite' else 'SQLite file'}"
              f", {n} tables, {want} operations, {runs} runs (+{warmup} warm-up)")
        header = f"{'run':>4} {'first':>9} {'CLI s':>8} {'Migrator s':>11} {'ratio':>7}"
        print(header)
        print("-" * len(header))
        for i in range(runs):
            order = ("cli", "mig") if i % 2 == 0 else ("mig", "cli")
            got = {which: one(which, True) for which in order}
            cli.append(got["cli"])
            mig.append(got["mig"])
            first = "CLI" if order[0] == "cli" else "Migrator"
            print(f"{i + 1:>4} {first:>9} {got['cli']:>8.3f} {got['mig']:>11.3f} "
                  f"{got['mig'] / got['cli']:>6.2f}x", flush=True)
    result = DialectResult(label, cli, mig, marks)
    med_c, med_m = statistics.median(cli), statistics.median(mig)
    med_r = statistics.median(result.ratios)
    print("-" * len(header))
    print(f"{'med':>4} {'':>9} {med_c:>8.3f} {med_m:>11.3f} {med_r:>6.2f}x   "
          f"(ratio of medians {med_m / med_c:.2f}x)")
    parts = []
    for key in ("Started", "Backend", "Autogenerate", "Result"):
        values = [m[key] for m in marks if key in m]
        if values:
            parts.append(f"{key} {statistics.median(values) * 1000:.0f}")
    if parts:
        print("Migrator, ms from the call to each event (median): " + ", ".join(parts)
              + f", finished {med_m * 1000:.0f}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=50, help="tables in models.py (50)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per dialect (7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each first (1)")
    add_target_options(parser)
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the project (and SQLite files) here instead of a temp folder")
    args = parser.parse_args(argv)
    if args.tables < 10:
        parser.error("--tables: at least 10 (so that every kind of difference occurs)")

    targets = targets_of(parser, args)

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    import alembic
    import sqlalchemy

    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPU(s); "
          f"alembic {alembic.__version__}, SQLAlchemy {sqlalchemy.__version__}; "
          f"target: Migrator <= {RATIO_TARGET}x the CLI's wall time")

    with contextlib.ExitStack() as stack:
        if args.keep is not None:
            workdir = args.keep.resolve()
            workdir.mkdir(parents=True, exist_ok=True)
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(
                prefix="migrator-bench-autogenerate-"))).resolve()
        project_dir = workdir / f"project_{args.tables}"
        if (project_dir / "alembic.ini").is_file():
            ini = project_dir / "alembic.ini"
        else:
            project_dir.mkdir(parents=True, exist_ok=True)
            ini = write_project(project_dir, args.tables)
        models = load_models(project_dir)
        project = open_project(project_dir)

        results, failed = bench_each(
            targets,
            lambda label, url: bench_dialect(label, url, project, ini, models, args.tables,
                                             args.runs, args.warmup, workdir),
            required=not args.dialects,
        )
    return report(results, failed, RATIO_TARGET)


if __name__ == "__main__":
    sys.exit(main())
