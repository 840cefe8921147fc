"""The doctor's jobs: read what the database holds, and run a repair exactly as previewed.

:class:`DoctorJob` asks env.py where the version table is (a ``status`` child, read-only),
reads the version column's width and the schema's other tables, and diagnoses with
:func:`migrator_gui.core.doctor.diagnose`. :class:`RepairJob` runs a repair's statements, and
only those, in one transaction under Migrator's migration lock: it backs up the rows before,
records both in the audit log (so :func:`undo_repair` can put them back) and re-reads after.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core import protocol
from migrator_gui.core.audit import AuditEntry, AuditLog
from migrator_gui.core.doctor import DatabaseFacts, Finding, Repair, diagnose, replace_rows_sql
from migrator_gui.core.errors import MigratorError
from migrator_gui.core.project import Project
from migrator_gui.core.status import GraphLike
from migrator_gui.core.text import QT_TRANSLATE_NOOP
from migrator_gui.services.jobs import Job
from migrator_gui.services.migrate import (
    RunnerJob,
    _scrubber_for,
    database_key,
    display_url,
    make_request,
)

__all__ = [
    "DoctorJob",
    "DoctorReport",
    "MergeJob",
    "RepairError",
    "RepairJob",
    "RepairResult",
    "git_evidence",
    "last_repair",
    "undo_repair",
]


translate = QCoreApplication.translate


class RepairError(MigratorError):
    """A repair did not run, or failed and was rolled back (the message says which)."""


@dataclass(frozen=True)
class DoctorReport:
    facts: DatabaseFacts
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class RepairResult:
    repair: Repair
    rows_before: tuple[str, ...] | None
    """The version table's rows before (None: there was no version table)."""
    rows_after: tuple[str, ...] | None
    executed: tuple[str, ...]
    """The statements sent to the database, as sent (they equal ``repair.statements``)."""


class DoctorJob(RunnerJob):
    """Diagnoses ``url``'s database against ``graph``; ``result`` is a :class:`DoctorReport`."""

    def __init__(
        self, project: Project, url: str, graph: GraphLike, parent: QObject | None = None
    ) -> None:
        super().__init__(project, make_request(project, url, "status"), parent)
        self._graph = graph

    def run(self) -> DoctorReport:  # type: ignore[override]
        status = super().run()
        facts = read_facts(
            self._request.url,
            status.version_table,
            status.version_table_schema,
            status.heads if status.table_exists else None,
            root=self._project.root,
        )
        unknown = [r for r in facts.rows if r not in self._graph]
        if unknown:
            evidence = git_evidence(self._project.root, unknown)
            if evidence:
                facts = dataclasses.replace(facts, git_evidence=evidence)
        return DoctorReport(facts=facts, findings=tuple(diagnose(self._graph, facts)))


def _git_change(status: str, path: str) -> str:
    """One file of a commit's ``--name-status``, in words (in the interface's language)."""
    if status == "A":
        return translate("DoctorJob", "added {path}").format(path=path)
    if status == "D":
        return translate("DoctorJob", "deleted {path}").format(path=path)
    if status == "M":
        return translate("DoctorJob", "changed {path}").format(path=path)
    if status == "R":
        return translate("DoctorJob", "renamed {path}").format(path=path)
    return translate("DoctorJob", "touched {path}").format(path=path)


def git_evidence(root: Path, revisions: list[str], timeout: float = 10.0) -> dict[str, str]:
    """What git history knows of the files that defined ``revisions``: the last commit that
    added or removed the text ``revision = '<id>'`` ("pickaxe"), with the file. Empty when the
    project is not in a git repository or git is not installed."""
    found: dict[str, str] = {}
    for rev in revisions:
        if not rev.replace("_", "").isalnum():
            continue
        try:
            done = subprocess.run(
                ["git", "log", "--all", "-n", "2", "--date=short", "--name-status",
                 "--format=%x1e%h %ad %s", "-S", rev, "--", "."],
                cwd=root, capture_output=True, text=True, timeout=timeout,
            )
        except (OSError, subprocess.SubprocessError):
            return found
        if done.returncode != 0 or not done.stdout.strip():
            continue
        commits = [c.strip() for c in done.stdout.split("\x1e") if c.strip()]
        parts = []
        for commit in commits:
            header, *files = commit.splitlines()
            changes = [
                _git_change(line[:1], line.split(chr(9))[-1]) for line in files if "\t" in line
            ]
            if changes:
                parts.append(translate("DoctorJob", "commit {commit} ({changes})").format(
                    commit=header, changes="; ".join(changes)))
            else:
                parts.append(translate("DoctorJob", "commit {commit}").format(commit=header))
        found[rev] = "; ".join(parts)
    return found


def _engine(url: str, root: Any = None) -> sa.Engine:
    parsed = sa.make_url(url)
    connect_args: dict[str, object] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if root is not None and database and database != ":memory:" and not (
            database.startswith("file:") or database.startswith("/")
        ):
            parsed = parsed.set(database=str(root / database))
        connect_args["timeout"] = 5
    else:
        connect_args["connect_timeout"] = 5
    return sa.create_engine(parsed, poolclass=NullPool, connect_args=connect_args)


def read_facts(
    url: str,
    version_table: str,
    version_table_schema: str | None,
    rows: list[str] | None,
    root: Any = None,
) -> DatabaseFacts:
    """The version column's width and the schema's other tables, read on a fresh connection."""
    dialect = sa.make_url(url).get_backend_name()
    engine = _engine(url, root)
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            tables = [
                t for t in inspector.get_table_names(schema=version_table_schema)
                if t != version_table
            ]
            length: int | None = None
            if rows is not None and dialect != "sqlite":
                for column in inspector.get_columns(version_table, schema=version_table_schema):
                    if column["name"] == "version_num":
                        length = getattr(column["type"], "length", None)
    finally:
        engine.dispose()
    return DatabaseFacts(
        dialect=dialect,
        table_exists=rows is not None,
        rows=tuple(rows or ()),
        version_table=version_table,
        version_table_schema=version_table_schema,
        version_column_length=length,
        other_tables=tuple(sorted(tables)),
    )


class RepairJob(Job):
    """Runs ``repair.statements`` in one transaction on ``url`` (under the migration lock),
    records it in ``audit_log`` with the rows before and after; ``result`` is a
    :class:`RepairResult`. On any failure the transaction is rolled back and the rows are
    re-read for the message."""

    def __init__(
        self,
        url: str,
        facts: DatabaseFacts,
        repair: Repair,
        *,
        audit_log: AuditLog | None = None,
        profile: str = "",
        root: Any = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if not repair.statements:
            raise ValueError(f"repair {repair.kind!r} has no statements to run")
        self._url = url
        self._facts = facts
        self._repair = repair
        self._audit_log = audit_log
        self._profile = profile
        self._root = root
        self._scrubber = _scrubber_for(url)

    def _scrub_text(self, text: str) -> str:
        return str(self._scrubber.scrub(text))

    def run(self) -> RepairResult:
        import time

        started = time.time()
        facts = self._facts
        engine = _engine(self._url, self._root)
        executed: list[str] = []
        before: tuple[str, ...] | None = None
        after: tuple[str, ...] | None = None
        error = ""
        try:
            with engine.connect() as connection:
                sqlite = connection.dialect.name == "sqlite"
                if sqlite:  # real transactions, DDL included (as the runner does)
                    connection.connection.dbapi_connection.isolation_level = None  # type: ignore[union-attr]
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                self._lock(connection)

                def capture(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
                    executed.append(statement)

                before = _read_rows(connection, facts)
                sa.event.listen(connection, "before_cursor_execute", capture)
                try:
                    for statement in self._repair.statements:
                        connection.exec_driver_sql(statement)
                finally:
                    sa.event.remove(connection, "before_cursor_execute", capture)
                after = _read_rows(connection, facts)
                connection.commit()
                self._unlock(connection)
        except MigratorError as exc:
            error = str(exc)
            raise
        except Exception as exc:
            first = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            reason = first[0] if first else type(exc).__name__
            error = self._scrub_text(reason)
            now = _reread(self._url, facts, self._root)
            raise RepairError(
                translate("RepairJob", "The repair failed and was rolled back: {error}. The "
                          "version table holds {rows}.").format(error=error, rows=now)
            ) from exc
        finally:
            engine.dispose()
            self._record(before, after, executed, error, time.time() - started)
        return RepairResult(self._repair, before, after, tuple(executed))

    def _lock(self, connection: sa.Connection) -> None:
        dialect = connection.dialect.name
        if dialect == "postgresql":
            got = connection.exec_driver_sql(
                f"SELECT pg_try_advisory_xact_lock({protocol.MIGRATION_LOCK_KEY_PG:d})"
            ).scalar()
        elif dialect in ("mysql", "mariadb"):
            name = protocol.mysql_lock_name(sa.make_url(self._url).database or "")
            got = connection.execute(sa.text("SELECT GET_LOCK(:n, 0)"), {"n": name}).scalar()
        else:
            return
        if not got:
            # a Text: the audit log records the English, the interface translates it (message_of)
            raise RepairError(
                QT_TRANSLATE_NOOP("RepairJob", "A migration is running on {database}: the "
                                  "repair did not run. Try again when it finished.").format(
                                      database=display_url(self._url))
            )

    def _unlock(self, connection: sa.Connection) -> None:
        if connection.dialect.name in ("mysql", "mariadb"):
            name = protocol.mysql_lock_name(sa.make_url(self._url).database or "")
            connection.execute(sa.text("SELECT RELEASE_LOCK(:n)"), {"n": name})

    def _record(
        self,
        before: tuple[str, ...] | None,
        after: tuple[str, ...] | None,
        executed: list[str],
        error: str,
        duration: float,
    ) -> None:
        if self._audit_log is None:
            return
        facts = self._facts
        entry = AuditEntry(
            profile=self._profile,
            database=display_url(self._url),
            database_key=database_key(self._url, self._root),
            operation="repair",
            target=self._repair.label,
            source=before or (),
            destination=after or (),
            steps=len(executed),
            duration=round(duration, 3),
            outcome="failed" if error else "succeeded",
            error=error,
            extra={
                "repair": self._repair.kind,
                "statements": json.dumps(list(self._repair.statements)),
                "table_existed": "yes" if before is not None else "no",
                "version_table": facts.version_table,
                "version_table_schema": facts.version_table_schema or "",
            },
        )
        try:
            self._audit_log.append(entry, secrets=_secrets(self._url))
        except OSError:
            pass


def _secrets(url: str) -> list[str]:
    password = sa.make_url(url).password
    return [str(password)] if password else []


def _read_rows(connection: sa.Connection, facts: DatabaseFacts) -> tuple[str, ...] | None:
    inspector = sa.inspect(connection)
    if not inspector.has_table(facts.version_table, schema=facts.version_table_schema):
        return None
    table = sa.table(facts.version_table, sa.column("version_num"),
                     schema=facts.version_table_schema)
    return tuple(sorted(r[0] for r in connection.execute(sa.select(table.c.version_num))))


def _reread(url: str, facts: DatabaseFacts, root: Any) -> str:
    try:
        engine = _engine(url, root)
        try:
            with engine.connect() as connection:
                rows = _read_rows(connection, facts)
        finally:
            engine.dispose()
    except Exception:
        return translate("RepairJob", "what it held (it could not be re-read)")
    if rows is None:
        return translate("RepairJob", "no version table")
    return ", ".join(rows) if rows else translate("RepairJob", "no row")


def last_repair(log: AuditLog, url: str, root: Any = None) -> AuditEntry | None:
    """The last successful repair recorded for ``url``'s database."""
    key = database_key(url, root)
    for entry in reversed(log.entries(key)):
        if entry.operation in ("repair", "undo repair"):
            return entry if entry.outcome == "succeeded" else None
    return None


def undo_repair(facts: DatabaseFacts, entry: AuditEntry) -> Repair:
    """The repair that puts back the rows ``entry`` (a repair in the audit log) found."""
    facts = dataclasses.replace(
        facts,
        version_table=entry.extra.get("version_table", facts.version_table),
        version_table_schema=entry.extra.get("version_table_schema") or None,
    )
    if entry.extra.get("table_existed") == "no":
        table = facts.version_table
        if facts.version_table_schema:
            table = f"{facts.version_table_schema}.{table}"
        statements: tuple[str, ...] = (f"DROP TABLE {table}",)
    else:
        statements = replace_rows_sql(facts, entry.source)
    # Text (not translated here): the label is recorded in the audit log, in English
    rows: str = ", ".join(entry.source) or QT_TRANSLATE_NOOP("DoctorJob", "no row")
    return Repair(
        "replace_rows",
        QT_TRANSLATE_NOOP("DoctorJob", "Undo last repair"),
        QT_TRANSLATE_NOOP("DoctorJob", "Put back the rows the last repair found ({rows}), "
                          "from the audit log of {time}.").format(
                              rows=rows, time=entry.time[:19].replace("T", " ")),
        statements=statements,
        rows_after=tuple(entry.source),
    )


class MergeJob(RunnerJob):
    """Writes a merge revision of ``revisions`` (alembic merge); ``result`` is the
    :class:`protocol.RevisionWritten`. No database is touched."""

    def __init__(
        self,
        project: Project,
        url: str,
        revisions: list[str],
        message: str,
        parent: QObject | None = None,
    ) -> None:
        request = dataclasses.replace(
            make_request(project, url, "merge", ",".join(revisions)), message=message
        )
        super().__init__(project, request, parent)
        self._written: protocol.RevisionWritten | None = None

    def run(self) -> protocol.RevisionWritten:  # type: ignore[override]
        super().run()
        if self._written is None:
            raise RepairError(
                translate("MergeJob", "The runner finished without writing the merge revision.")
            )
        return self._written

    def _handle_event(self, event: protocol.Event) -> None:
        if isinstance(event, protocol.RevisionWritten):
            self._written = event
        super()._handle_event(event)

