"""Upgrading a database: Migrator's runner side by side with ``alembic upgrade head``.

Writes an alembic project in a temporary folder (``alembic init`` with the generic template, so
alembic.ini, env.py and script.py.mako are what a user gets) holding N small linear revisions:
revision k creates table ``t_k`` (two columns) when k is even and adds a column to ``t_{k-1}``
when k is odd; each downgrade undoes it. Then, for each run, on a fresh database each:

* alembic CLI - ``python -m alembic -c alembic.ini upgrade head`` as a subprocess: wall time,
                interpreter start-up and imports included;
* Migrator    - ``MigrationService().upgrade(project, url, "heads")`` called in this process,
                timed from the call to the job's ``finished`` signal (a QCoreApplication event
                loop runs meanwhile): the child process, its start-up and the protocol included.

The order of the two alternates from run to run, and after each the version table must hold the
head (a failed run stops the benchmark rather than look fast). One untimed warm-up of each comes
first (it compiles the revision files' bytecode, which both then share).

Usage::

    python benchmarks/upgrade.py                              # SQLite, 200 revisions, 5 runs
    python benchmarks/upgrade.py --revisions 500 --runs 9
    python benchmarks/upgrade.py --url postgresql://postgres@127.0.0.1:5432/postgres
    python benchmarks/upgrade.py --url mysql+pymysql://root@127.0.0.1:3306/
    python benchmarks/upgrade.py --dialects sqlite,postgresql,mariadb   # each one reachable

A server URL names a server, not the database migrated: each run creates (and then drops) a
uniquely named database on it. Medians are printed; the exit status is 1 when Migrator's median
wall time is more than 1.2x the CLI's for a dialect, 2 when a run failed.
"""

from __future__ import annotations

import argparse
import contextlib
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
    DEFAULT_URLS,
    DialectResult,
    RunFailed,
    bench_each,
    fresh_database,
    report,
    set_ini_url,
    targets_of,
)
from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.pool import NullPool  # noqa: E402

from migrator_gui.core import protocol  # noqa: E402
from migrator_gui.core.project import Project, open_project  # noqa: E402
from migrator_gui.services.migrate import MigrationService, display_url  # noqa: E402

RATIO_TARGET = 1.2
RUN_TIMEOUT_S = 600.0


_REVISION = '''\
"""step {k}

Revision ID: {rev}
Revises: {down_doc}
Create Date: 2026-01-01 00:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = {rev!r}
down_revision: Union[str, Sequence[str], None] = {down!r}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
{up}


def downgrade() -> None:
    """Downgrade schema."""
{down_body}
'''


def _rev_id(k: int) -> str:
    return f"{k:04d}{uuid.uuid5(uuid.NAMESPACE_OID, f'bench-{k}').hex[:8]}"


def write_project(root: Path, n: int) -> tuple[Path, str]:
    """``alembic init`` (generic template) in ``root`` plus ``n`` linear revisions.
    Returns the alembic.ini path and the head revision."""
    from alembic import command
    from alembic.config import Config

    ini = root / "alembic.ini"
    with contextlib.redirect_stdout(io.StringIO()):
        command.init(Config(str(ini)), str(root / "migrations"), template="generic")
    versions = root / "migrations" / "versions"
    down: str | None = None
    for k in range(n):
        rev = _rev_id(k)
        if k % 2 == 0:
            up = (f"    op.create_table(\n        't_{k}',\n"
                  "        sa.Column('id', sa.Integer(), nullable=False),\n"
                  "        sa.Column('name', sa.String(length=50), nullable=True),\n"
                  "        sa.PrimaryKeyConstraint('id'),\n    )")
            down_body = f"    op.drop_table('t_{k}')"
        else:
            up = (f"    op.add_column('t_{k - 1}', sa.Column('note_{k}', sa.String(length=100), "
                  "nullable=True))")
            down_body = (f"    with op.batch_alter_table('t_{k - 1}') as batch_op:\n"
                         f"        batch_op.drop_column('note_{k}')")
        (versions / f"{rev}_step_{k}.py").write_text(
            _REVISION.format(k=k, rev=rev, down=down, down_doc=down or "", up=up,
                             down_body=down_body),
            encoding="utf-8")
        down = rev
    assert down is not None
    return ini, down



def read_heads(url: str) -> list[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version"))
            return sorted(r[0] for r in rows)
    finally:
        engine.dispose()


def check_head(url: str, head: str, who: str) -> None:
    try:
        heads = read_heads(url)
    except Exception as exc:
        raise RunFailed(f"{who}: cannot read alembic_version on {display_url(url)}: {exc}") from exc
    if heads != [head]:
        raise RunFailed(f"{who}: the database is at {heads}, not at the head {head}")


# -- the two contenders ----------------------------------------------------------------------------


def run_cli(ini: Path, url: str) -> float:
    set_ini_url(ini, url)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "alembic", "-c", str(ini), "upgrade", "head"],
                          cwd=ini.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        shown = "\n  ".join(tail)
        raise RunFailed(f"alembic CLI exited with {proc.returncode}:\n  {shown}")
    return elapsed


@dataclass
class MigratorRun:
    wall: float = 0.0
    # seconds from the call, when each protocol event reached this process (first/last Step)
    marks: dict[str, float] = field(default_factory=dict)
    steps: int = 0
    logs: list[str] = field(default_factory=list)


def run_migrator(project: Project, ini: Path, url: str) -> MigratorRun:
    set_ini_url(ini, url)  # as for the CLI: env.py is asked for the selected database
    out = MigratorRun()
    loop = QEventLoop()
    outcome: dict[str, object] = {}
    service = MigrationService()

    def on_event(event: object) -> None:
        now = time.perf_counter() - start
        name = type(event).__name__
        if isinstance(event, protocol.Step):
            out.steps += 1
            out.marks.setdefault("first step", now)
            out.marks["last step"] = now
        else:
            out.marks.setdefault(name, now)

    def on_finished() -> None:
        out.wall = time.perf_counter() - start
        loop.quit()

    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    start = time.perf_counter()
    job = service.upgrade(project, url, "heads", transaction_per_migration=PER_STEP)
    job.event.connect(on_event)
    job.log.connect(out.logs.append)
    job.result.connect(lambda r: outcome.setdefault("result", r))
    job.error.connect(lambda e: outcome.setdefault("error", e))
    job.finished.connect(on_finished)
    timer.start(int(RUN_TIMEOUT_S * 1000))
    loop.exec()
    if not out.wall:
        service.shutdown()
        raise RunFailed(f"Migrator: no finished signal within {RUN_TIMEOUT_S:.0f} s")
    if "error" in outcome:
        err = outcome["error"]
        details = getattr(err, "details", "")
        raise RunFailed(f"Migrator: {err}\n{details}")
    service.deleteLater()
    return out


# -- one dialect -----------------------------------------------------------------------------------


def bench_dialect(label: str, server_url: str, project: Project, ini: Path, head: str, n: int,
                  runs: int, warmup: int, workdir: Path) -> DialectResult:
    tag = f"migbench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    cli: list[float] = []
    mig: list[float] = []
    marks: list[dict[str, float]] = []

    def one(which: str, i: int) -> float:
        with fresh_database(server_url, workdir, f"{tag}_{i}_{which}") as url:
            if which == "cli":
                t = run_cli(ini, url)
            else:
                r = run_migrator(project, ini, url)
                if r.steps != n:
                    raise RunFailed(f"Migrator reported {r.steps} steps, expected {n}")
                if i >= 0:
                    marks.append(r.marks)
                t = r.wall
            check_head(url, head, "alembic CLI" if which == "cli" else "Migrator")
        return t

    for w in range(warmup):
        one("cli", -1 - w)
        one("mig", -1 - w)

    print(f"\n{label}: {display_url(server_url) if server_url != 'sqlite' else 'SQLite file'}, "
          f"{n} revisions, {runs} runs (+{warmup} warm-up)")
    header = f"{'run':>4} {'first':>9} {'CLI s':>8} {'Migrator s':>11} {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for i in range(runs):
        order = ("cli", "mig") if i % 2 == 0 else ("mig", "cli")
        got = {which: one(which, i) for which in order}
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
    keys = ["Started", "Backend", "Plan", "first step", "last step", "Result"]
    parts = []
    for key in keys:
        values = [m[key] for m in marks if key in m]
        if values:
            parts.append(f"{key} {statistics.median(values) * 1000:.0f}")
    if parts:
        print("Migrator, ms from the call to each event (median): " + ", ".join(parts)
              + f", finished {med_m * 1000:.0f}")
    return result


PER_STEP: bool | None = True
"""Migrator's default: a transaction per migration step (the CLI keeps env.py's setting: one
transaction for the run); ``--env-transactions`` makes Migrator do as the CLI does."""


def main(argv: list[str] | None = None) -> int:
    global PER_STEP
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--revisions", type=int, default=200, help="linear revisions (200)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per dialect (5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each first (1)")
    parser.add_argument("--env-transactions", action="store_true",
                        help="Migrator keeps env.py's transaction setting, as the CLI does, "
                             "instead of its default of one transaction per step")
    parser.add_argument("--url", default=None,
                        help="'sqlite' (default: a file in the temp folder) or a server URL such "
                             "as postgresql://postgres@127.0.0.1:5432/postgres or "
                             "mysql+pymysql://root@127.0.0.1:3306/ (a database is created per run)")
    parser.add_argument("--dialects", default=None,
                        help="comma-separated from sqlite,postgresql,mariadb: each at its default "
                             "URL (see --postgresql-url, --mariadb-url), skipped when unreachable")
    parser.add_argument("--postgresql-url", default=DEFAULT_URLS["postgresql"])
    parser.add_argument("--mariadb-url", default=DEFAULT_URLS["mariadb"])
    parser.add_argument("--keep", type=Path, default=None,
                        help="write the project (and SQLite files) here instead of a temp folder")
    args = parser.parse_args(argv)
    PER_STEP = None if args.env_transactions else True

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
                prefix="migrator-bench-upgrade-"))).resolve()
        project_dir = workdir / f"project_{args.revisions}"
        if (project_dir / "alembic.ini").is_file():
            ini, head = project_dir / "alembic.ini", _rev_id(args.revisions - 1)
        else:
            project_dir.mkdir(parents=True, exist_ok=True)
            ini, head = write_project(project_dir, args.revisions)
        project = open_project(project_dir)

        results, failed = bench_each(
            targets,
            lambda label, url: bench_dialect(label, url, project, ini, head, args.revisions,
                                             args.runs, args.warmup, workdir),
            required=not args.dialects,
        )
    return report(results, failed, RATIO_TARGET)


if __name__ == "__main__":
    sys.exit(main())
