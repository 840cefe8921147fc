"""Schema drift: does the database's schema match the revision its version table records, and
which revision does it match best?

:class:`DriftJob` builds the schema of each candidate revision on a *scratch* database (a
temporary SQLite file for SQLite; a throwaway database on the same server otherwise, created and
dropped by the job), by upgrading it with the runner, and compares it with the live database
with alembic's own ``compare_metadata`` (reflection only: no user code runs in this process, and
the live database is only read).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from PySide6.QtCore import QCoreApplication, QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core.errors import MigratorError
from migrator_gui.core.project import Project
from migrator_gui.core.revisions import RevisionGraph
from migrator_gui.core.text import QT_TRANSLATE_NOOP
from migrator_gui.services.jobs import Job
from migrator_gui.services.migrate import RunnerJob, _scrubber_for, display_url, make_request
from migrator_gui.services.translation import message_of

__all__ = ["DriftError", "DriftJob", "DriftReport", "describe_difference"]

translate = QCoreApplication.translate

MAX_CANDIDATES = 30
"""Revisions compared at most (the nearest to the recorded one): each costs an upgrade step."""


class DriftError(MigratorError):
    """The comparison could not be made (no scratch database, a migration failing on it)."""


@dataclass(frozen=True)
class DriftReport:
    recorded: tuple[str, ...]
    """The version table's rows (may hold an unknown revision, or nothing)."""
    differences: tuple[str, ...]
    """Live database vs the schema of the recorded revision, in words ("column book.isbn
    exists in the database but not at d19f…"). Empty when the recorded revision is unknown."""
    scores: tuple[tuple[str, int], ...]
    """(revision, number of differences) for each candidate, oldest first."""
    best: str | None
    """The candidate with the fewest differences (the newest of equals)."""
    scratch: str
    """What was used as the scratch database (a core ``Text``: "a temporary SQLite file")."""


def describe_difference(diff: Any, revision: str) -> str:
    """One of alembic's diff tuples (live database -> schema at ``revision``) in words: a core
    ``Text`` (the Doctor's evidence, translated where it is shown)."""
    at = (QT_TRANSLATE_NOOP("DriftJob", "at {revision}").format(revision=revision[:12])
          if revision else QT_TRANSLATE_NOOP("DriftJob", "at base"))
    kind = diff[0]
    if kind == "add_table":
        return QT_TRANSLATE_NOOP("DriftJob", "table {table} exists {at} but not in the "
                                 "database").format(table=str(diff[1].name), at=at)
    if kind == "remove_table":
        return QT_TRANSLATE_NOOP("DriftJob", "table {table} exists in the database but not "
                                 "{at}").format(table=str(diff[1].name), at=at)
    if kind == "add_column":
        return QT_TRANSLATE_NOOP("DriftJob", "column {table}.{column} is missing in the "
                                 "database ({at} it exists)").format(
                                     table=str(diff[2]), column=str(diff[3].name), at=at)
    if kind == "remove_column":
        return QT_TRANSLATE_NOOP("DriftJob", "column {table}.{column} already exists in the "
                                 "database (not {at})").format(
                                     table=str(diff[2]), column=str(diff[3].name), at=at)
    if kind in ("modify_type", "modify_nullable"):
        if kind == "modify_type":
            live, wanted = str(diff[5]), str(diff[6])
        else:
            live = "NULL" if diff[5] else "NOT NULL"
            wanted = "NULL" if diff[6] else "NOT NULL"
        return QT_TRANSLATE_NOOP("DriftJob", "column {table}.{column} is {live} in the "
                                 "database, {wanted} {at}").format(
                                     table=str(diff[2]), column=str(diff[3]), live=live,
                                     wanted=wanted, at=at)
    if kind == "modify_default":
        return QT_TRANSLATE_NOOP("DriftJob", "column {table}.{column} has another default in "
                                 "the database than {at}").format(
                                     table=str(diff[2]), column=str(diff[3]), at=at)
    if kind in ("add_index", "remove_index"):
        index = diff[1]
        if kind == "add_index":
            return QT_TRANSLATE_NOOP("DriftJob", "index {index} on {table} exists {at} but not "
                                     "in the database").format(
                                         index=str(index.name), table=str(index.table.name),
                                         at=at)
        return QT_TRANSLATE_NOOP("DriftJob", "index {index} on {table} exists in the database "
                                 "but not {at}").format(
                                     index=str(index.name), table=str(index.table.name), at=at)
    if kind in ("add_constraint", "remove_constraint", "add_fk", "remove_fk"):
        constraint = diff[1]
        table = str(getattr(getattr(constraint, "table", None), "name", "?"))
        name: str = (str(constraint.name) if constraint.name
                     else QT_TRANSLATE_NOOP("DriftJob", "(unnamed)"))
        if kind.startswith("add"):
            return QT_TRANSLATE_NOOP("DriftJob", "constraint {constraint} on {table} exists "
                                     "{at} but not in the database").format(
                                         constraint=name, table=table, at=at)
        return QT_TRANSLATE_NOOP("DriftJob", "constraint {constraint} on {table} exists in the "
                                 "database but not {at}").format(
                                     constraint=name, table=table, at=at)
    return f"{kind}: {diff[1:]!r}"


def _flatten(diffs: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for diff in diffs:
        if isinstance(diff, list):
            out.extend(diff)
        else:
            out.append(diff)
    return out


def compare_schemas(live_url: str, scratch_url: str, version_table: str) -> list[Any]:
    """alembic's diff from the live schema to the scratch one (both reflected; the version
    table left out)."""
    scratch = sa.create_engine(scratch_url, poolclass=NullPool)
    live = sa.create_engine(live_url, poolclass=NullPool)
    try:
        metadata = sa.MetaData()
        metadata.reflect(scratch)
        if version_table in metadata.tables:
            metadata.remove(metadata.tables[version_table])

        def include(obj: Any, name: Any, type_: str, reflected: bool, compare_to: Any) -> bool:
            return not (type_ == "table" and name == version_table)

        with live.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include}
            )
            return _flatten(compare_metadata(context, metadata))
    finally:
        scratch.dispose()
        live.dispose()


class DriftJob(Job):
    """Compares the live database with the schema of its recorded revision and of the
    revisions near it; ``result`` is a :class:`DriftReport`."""

    def __init__(
        self,
        project: Project,
        url: str,
        graph: RevisionGraph,
        recorded: Sequence[str],
        *,
        version_table: str = "alembic_version",
        max_candidates: int = MAX_CANDIDATES,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._url = _absolute(url, project.root)
        self._graph = graph
        self._recorded = tuple(recorded)
        self._version_table = version_table
        self._max = max_candidates
        self._scrubber = _scrubber_for(url)
        self._runner: RunnerJob | None = None

    def _scrub_text(self, text: str) -> str:
        return str(self._scrubber.scrub(text))

    def _cancel_work(self) -> None:
        runner = self._runner
        if runner is not None:
            runner._cancel_work()

    def run(self) -> DriftReport:
        candidates = self._candidates()
        scratch_database = _ScratchDatabase(self._url, self._project.root)
        with scratch_database as (scratch_url, label):
            self.log.emit(translate("DriftJob", "Comparing with the revisions' schemas on "
                                    "{scratch}").format(scratch=scratch_database.shown))
            scores: list[tuple[str, int]] = []
            differences: tuple[str, ...] = ()
            applied: frozenset[str] = frozenset()
            current_url = scratch_url
            for index, revision in enumerate(candidates):
                if self.is_cancelled:
                    break
                wanted = self._graph.ancestors([revision])
                if not applied <= wanted:  # another branch: start again from an empty schema
                    _reset(current_url)
                self._upgrade(current_url, revision)
                applied = wanted
                diffs = compare_schemas(self._url, current_url, self._version_table)
                scores.append((revision, len(diffs)))
                if revision in self._recorded:
                    differences = tuple(describe_difference(d, revision) for d in diffs)
                self.progress.emit(index + 1, len(candidates))
        best = None
        if scores:
            fewest = min(count for _, count in scores)
            best = [rev for rev, count in scores if count == fewest][-1]
        return DriftReport(self._recorded, differences, tuple(scores), best, label)

    def _candidates(self) -> list[str]:
        """Oldest first: every revision, or the ``max`` nearest to the recorded one."""
        order = list(reversed(self._graph.topological_order()))
        known = [r for r in self._recorded if r in self._graph]
        if len(order) <= self._max:
            return order
        if not known:
            return order[-self._max:]
        center = max(order.index(r) for r in known)
        start = max(0, min(center - self._max // 2, len(order) - self._max))
        return order[start : start + self._max]

    def _upgrade(self, scratch_url: str, revision: str) -> None:
        request = make_request(
            self._project, scratch_url, "upgrade", revision, transaction_per_migration=True
        )
        runner = RunnerJob(self._project, request)
        self._runner = runner
        try:
            runner.run()
        except MigratorError as exc:
            raise DriftError(
                translate("DriftJob", "Revision {revision} cannot be applied on the scratch "
                          "database, so its schema cannot be compared: {error}").format(
                              revision=revision[:12], error=message_of(exc))
            ) from exc
        finally:
            self._runner = None


class _ScratchDatabase:
    """A scratch database like ``url``'s: a temporary SQLite file, or a throwaway database on
    the same server (created and dropped here). ``__enter__`` returns its URL and a core
    ``Text`` saying what it is; ``shown`` is that sentence in the interface's language (for a
    log line)."""

    def __init__(self, url: str, root: Path) -> None:
        self._url = sa.make_url(url)
        self._root = root
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._server: sa.Engine | None = None
        self._name = ""
        self.shown = ""

    def __enter__(self) -> tuple[str, str]:
        backend = self._url.get_backend_name()
        if backend == "sqlite":
            self._folder = tempfile.TemporaryDirectory(prefix="migrator-scratch-")
            path = os.path.join(self._folder.name, "scratch.db")
            self.shown = translate("DriftJob", "a temporary SQLite file")
            return str(self._url.set(database=path).render_as_string(hide_password=False)), (
                QT_TRANSLATE_NOOP("DriftJob", "a temporary SQLite file"))
        self._name = f"migrator_scratch_{uuid.uuid4().hex[:10]}"
        admin = self._url.set(database="postgres" if backend == "postgresql" else None)
        self._server = sa.create_engine(admin, poolclass=NullPool,
                                        isolation_level="AUTOCOMMIT")
        try:
            with self._server.connect() as connection:
                connection.exec_driver_sql(f"CREATE DATABASE {self._name}")
        except Exception as exc:
            self._server.dispose()
            self._server = None
            raise DriftError(
                translate("DriftJob", "Cannot create a scratch database on {database} to build "
                          "the revisions' schemas there: {error}").format(
                              database=display_url(str(self._url)),
                              error=str(getattr(exc, "orig", exc)).strip())
            ) from exc
        scratch = self._url.set(database=self._name)
        self.shown = translate("DriftJob", "a throwaway database {name} on the same "
                               "server").format(name=self._name)
        return str(scratch.render_as_string(hide_password=False)), (
            QT_TRANSLATE_NOOP("DriftJob", "a throwaway database {name} on the same "
                              "server").format(name=self._name))

    def __exit__(self, *exc: object) -> None:
        if self._folder is not None:
            self._folder.cleanup()
        if self._server is not None:
            try:
                with self._server.connect() as connection:
                    if self._url.get_backend_name() == "postgresql":
                        connection.exec_driver_sql(
                            f"DROP DATABASE IF EXISTS {self._name} WITH (FORCE)")
                    else:
                        connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {self._name}")
            finally:
                self._server.dispose()


def _absolute(url: str, root: Path) -> str:
    """A SQLite URL with a path relative to the project made absolute (as the runner sees it)."""
    parsed = sa.make_url(url)
    database = parsed.database or ""
    if (parsed.get_backend_name() == "sqlite" and database and database != ":memory:"
            and not database.startswith("file:") and not os.path.isabs(database)):
        parsed = parsed.set(database=str(root / database))
        return str(parsed.render_as_string(hide_password=False))
    return url


def _reset(scratch_url: str) -> None:
    """Empty the scratch database (every table dropped)."""
    engine = sa.create_engine(scratch_url, poolclass=NullPool)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        metadata.drop_all(engine)
    finally:
        engine.dispose()
