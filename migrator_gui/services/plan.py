"""The plan of a run before it runs: its steps from the database's real state, with their SQL.

:class:`PlanJob` drives two children in turn (the cancel, shutdown and password scrubbing are
:class:`~migrator_gui.services.migrate.RunnerJob`'s): a ``status`` read of what the version table
holds *now*, then the operation in offline mode starting from exactly those rows (``alembic
upgrade --sql <current>:<target>``, generalised to several rows). Offline means the second child
neither reads nor writes the database; neither takes the migration lock.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from sqlalchemy.engine import make_url

from migrator_gui.core import protocol
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.plan import MigrationPlan, PlanStep, with_destructive
from migrator_gui.core.project import Project
from migrator_gui.services.migrate import RunnerJob, make_request
from migrator_gui.services.revision_sql import dialect_of
from migrator_gui.services.translation import message_of

__all__ = ["PlanJob"]

translate = QCoreApplication.translate


class PlanJob(RunnerJob):
    """Computes the :class:`MigrationPlan` of ``operation`` to ``target`` on ``url``.

    ``result`` carries the plan. A plan alembic could not render in full (an operation that
    needs a live connection, e.g. SQLite batch mode without ``copy_from``) is still a result:
    its ``error`` says why and the steps after the failing one have no SQL. ``error`` (the
    signal) is for a database that cannot be read or an env.py that fails to load.
    """

    def __init__(
        self,
        project: Project,
        url: str,
        operation: protocol.Operation,
        target: str,
        *,
        purge: bool = False,
        transaction_per_migration: bool | None = True,
        parent: QObject | None = None,
    ) -> None:
        status_request = make_request(project, url, "status")
        super().__init__(project, status_request, parent)
        self._plan_operation = operation
        self._plan_target = target
        self._purge = purge
        self._transaction_per_migration = transaction_per_migration
        self._current: protocol.Result | None = None
        self._started: dict[int, protocol.StepStarted] = {}
        self._sql: dict[int, list[str]] = {}
        self._statements: dict[int, list[str]] = {}

    @property
    def plan_operation(self) -> str:
        return self._plan_operation

    @property
    def plan_target(self) -> str:
        return self._plan_target

    def run(self) -> MigrationPlan:  # type: ignore[override]
        # RunnerJob.run returns the child's protocol.Result; this job's result is the plan.
        current = super().run()
        self._current = current
        starting = sorted(current.heads) if current.table_exists else []
        if self._plan_operation == "stamp" and self._purge:
            return self._purge_plan(current, tuple(starting))
        self._request = dataclasses.replace(
            make_request(
                self._project,
                self._request.url,
                self._plan_operation,
                self._plan_target,
                sql=True,
                purge=False,
                transaction_per_migration=self._transaction_per_migration,
                starting_rev=starting,
            ),
            watch_parent=True,
        )
        self._plan = None
        self._steps_done = self._steps_total = 0
        error = ""
        heads_after: tuple[str, ...] = ()
        try:
            result = super().run()
            heads_after = tuple(result.heads)
        except RunnerError as exc:
            if self._plan is None and not self._started:
                raise  # nothing rendered at all: env.py or the target is the problem
            error = str(exc)
        if error and not self.is_cancelled:
            source = _sqlite_file(self._request.url, self._project.root)
            if source is not None:
                return self._rehearse(source, tuple(starting), error)
        return self._build(tuple(starting), heads_after, error)

    def _rehearse(
        self, source: Path, current: tuple[str, ...], offline_error: str
    ) -> MigrationPlan:
        """SQLite, when alembic cannot render the SQL offline (batch mode needs a live table):
        run the operation on a throw-away copy of the database file and keep the statements it
        sent, step by step. A step that fails on the copy would fail for real."""
        self._log_now(
            translate(
                "PlanJob",
                "alembic cannot render this plan offline on SQLite; running it on a copy of the "
                "database instead (the database itself is not touched).",
            )
        )
        with tempfile.TemporaryDirectory(prefix="migrator-plan-") as folder:
            copy = Path(folder) / source.name
            columns: dict[str, list[str]] = {}
            if source.is_file():
                _copy_sqlite(source, copy)
                columns = _sqlite_columns(copy)
            copy_url = make_url(self._request.url).set(database=str(copy))
            self._request = dataclasses.replace(
                make_request(
                    self._project,
                    copy_url.render_as_string(hide_password=False),
                    self._plan_operation,
                    self._plan_target,
                    transaction_per_migration=self._transaction_per_migration,
                    lock_timeout=5.0,
                ),
                watch_parent=True,
            )
            self._plan = None
            self._started = {}
            self._sql = {}
            self._statements = {}
            self._steps_done = self._steps_total = 0
            error = ""
            heads_after: tuple[str, ...] = ()
            try:
                heads_after = tuple(super().run().heads)
            except RunnerError as exc:
                if self._plan is None and not self._started:
                    return self._build(current, (), offline_error)
                error = translate(
                    "PlanJob", "The step fails on a copy of the database: {error}"
                ).format(error=message_of(exc))
        self._sql = {
            step: [_as_script(sql) for sql in statements if _writes(sql)]
            for step, statements in self._statements.items()
        }
        note = translate(
            "PlanJob",
            "-- Rehearsed on a copy of the SQLite database: alembic cannot render this offline\n"
            "-- (batch mode reflects the tables). These are the statements that ran on the copy;\n"
            "-- bound parameters show as ?. Each step runs in its own transaction.\n\n",
        )
        self._sql[-1] = [note, *self._sql.get(-1, [])]
        plan = self._build(current, heads_after, error, columns)
        return dataclasses.replace(plan, rehearsed=True)

    def _purge_plan(self, current: protocol.Result, starting: tuple[str, ...]) -> MigrationPlan:
        """``stamp --purge`` (alembic renders no SQL for it offline): empty the version table,
        then write the target rows, as alembic does; no migration runs."""
        table = current.version_table
        if current.version_table_schema:
            table = f"{current.version_table_schema}.{table}"
        targets = [t for t in self._plan_target.replace(",", " ").split() if t]
        sql = f"DELETE FROM {table};\n\n" + "".join(
            f"INSERT INTO {table} (version_num) VALUES ('{rev}');\n\n" for rev in targets
        )
        create = "" if current.table_exists else translate(
            "PlanJob", "-- alembic creates {table} first: it does not exist yet.\n\n"
        ).format(table=table)
        step = PlanStep(
            index=0,
            revision=", ".join(targets),
            label=f"stamp {', '.join(starting) or '<base>'} -> {', '.join(targets)} (purge)",
            description=translate(
                "PlanJob", "empty the version table, then write the target; no migration runs"
            ),
            is_upgrade=True,
            sql=create + sql,
        )
        return MigrationPlan(
            operation="stamp",
            target=self._plan_target,
            database=self.database,
            dialect=dialect_of(self._request.url),
            current=starting,
            steps=(step,),
            heads_after=tuple(targets),
        )

    def _build(
        self,
        current: tuple[str, ...],
        heads_after: tuple[str, ...],
        error: str,
        table_columns: dict[str, list[str]] | None = None,
    ) -> MigrationPlan:
        labels = list(self._plan.steps) if self._plan is not None else []
        revisions = list(self._plan.revisions) if self._plan is not None else []
        total = max(len(labels), max(self._started, default=-1) + 1)
        failed_at = max(self._started) if error and self._started else None
        steps = []
        for index in range(total):
            started = self._started.get(index)
            label = started.label if started else (labels[index] if index < len(labels) else "")
            revision = started.revision if started else (
                revisions[index] if index < len(revisions) else ""
            )
            step_error = ""
            if failed_at is not None and index == failed_at:
                step_error = error
            elif failed_at is not None and index > failed_at:
                step_error = translate(
                    "PlanJob", "Not rendered: alembic stops at the first step it cannot render."
                )
            descriptions = list(self._plan.descriptions) if self._plan is not None else []
            description = started.description if started else (
                descriptions[index] if index < len(descriptions) else ""
            )
            steps.append(
                PlanStep(
                    index=index,
                    revision=revision,
                    label=label,
                    description=description or _message_of(label),
                    is_upgrade=self._plan_operation != "downgrade",
                    sql="".join(self._sql.get(index, [])) if not step_error else "",
                    error=step_error,
                )
            )
        plan = MigrationPlan(
            operation=self._plan_operation,
            target=self._plan_target,
            database=self.database,
            dialect=dialect_of(self._request.url),
            current=current,
            steps=tuple(steps),
            preamble_sql="".join(self._sql.get(-1, [])),
            epilogue_sql="".join(self._sql.get(total, [])) if not error else "",
            error=error,
            heads_after=heads_after,
        )
        return with_destructive(
            plan, version_table=self._version_table(), table_columns=table_columns
        )

    def _version_table(self) -> str:
        current = self._current
        return current.version_table if current is not None else "alembic_version"

    def _handle_event(self, event: protocol.Event) -> None:
        if isinstance(event, protocol.StepStarted):
            self._started[event.index] = event
        elif isinstance(event, protocol.Sql):
            step = -1 if event.step is None else event.step
            self._sql.setdefault(step, []).append(event.text)
        elif isinstance(event, protocol.Statement):
            self._statements.setdefault(event.step, []).append(event.sql)
        super()._handle_event(event)


_READS = ("SELECT", "PRAGMA", "WITH", "EXPLAIN", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT",
          "RELEASE")


def _writes(statement: str) -> bool:
    """A statement that changes something (reflection queries, reads and transaction control
    are left out)."""
    return not statement.lstrip().upper().startswith(_READS)


def _as_script(statement: str) -> str:
    text = statement.strip().rstrip(";")
    return f"{text};\n\n"


def _sqlite_file(url: str, root: Path) -> Path | None:
    """The database file of a SQLite URL (relative paths from the project root); None for an
    in-memory or ``file:`` URI database."""
    try:
        parsed = make_url(url)
    except Exception:
        return None
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    path = Path(database)
    if not path.is_absolute():
        path = root / path
    return path


def _sqlite_columns(path: Path) -> dict[str, list[str]]:
    """Each table's columns before the run: a batch-mode rebuild that leaves one out drops it
    (the rebuilt table's SQL alone does not say what it had)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            for table in tables
        }
    finally:
        connection.close()


def _copy_sqlite(source: Path, destination: Path) -> None:
    """A consistent copy (SQLite's online backup: safe while another process uses the file)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(destination)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _message_of(label: str) -> str:
    """``a1b2 -> c3d4, add isbn`` -> ``add isbn``."""
    _, _, message = label.partition(", ")
    return message.strip()
