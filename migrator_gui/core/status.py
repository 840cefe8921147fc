"""What a database holds, compared with the revision graph: the rows of its version table
classified into one :class:`DbStatus` the window, the doctor and the operations all read.

Pure logic: the rows are read elsewhere (by the child runner, which honours env.py's
``version_table``/``version_table_schema``) and passed in.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from migrator_gui.core.text import QT_TRANSLATE_NOOP


class GraphLike(Protocol):
    """What classification needs of :class:`migrator_gui.core.revisions.RevisionGraph`."""

    @property
    def heads(self) -> tuple[str, ...]: ...

    def __contains__(self, rev: object) -> bool: ...

    def ancestors(self, revs: Iterable[str]) -> frozenset[str]: ...

    def topological_order(self) -> tuple[str, ...]: ...


class StatusKind(enum.Enum):
    """The one-word state of a database, most urgent first."""

    UNREACHABLE = "unreachable"
    """The database could not be read at all."""
    NO_TABLE = "no_table"
    """No version table: never migrated (or created by ``create_all``)."""
    EMPTY = "empty"
    """The version table exists but holds no row: at base."""
    UNKNOWN_REVISION = "unknown_revision"
    """A row names a revision no file in versions/ defines."""
    BEHIND = "behind"
    """Revisions are pending ("Target database is not up to date")."""
    AT_HEADS = "at_heads"
    """Every head is applied."""


@dataclass(frozen=True)
class DbStatus:
    kind: StatusKind
    rows: tuple[str, ...]
    """The version table's rows, as read."""
    version_table: str = "alembic_version"
    version_table_schema: str | None = None
    applied: frozenset[str] = frozenset()
    """Every revision the database has applied (the rows and all their ancestors)."""
    pending: tuple[str, ...] = ()
    """Revisions not yet applied, oldest first (the order an upgrade runs them)."""
    unknown: tuple[str, ...] = ()
    """Rows that no file in versions/ defines."""
    redundant: tuple[str, ...] = ()
    """Rows that are ancestors of other rows (alembic would never write them)."""
    message: str = ""
    """For UNREACHABLE: why."""

    @property
    def several_rows(self) -> bool:
        return len(self.rows) > 1

    @property
    def table_name(self) -> str:
        if self.version_table_schema:
            return f"{self.version_table_schema}.{self.version_table}"
        return self.version_table

    def summary(self) -> str:
        """One line for the status bar (a :class:`~migrator_gui.core.text.Text`)."""
        short = ", ".join(r[:12] for r in self.rows)
        kind = self.kind
        table = self.table_name
        pending = len(self.pending)
        if kind is StatusKind.UNREACHABLE:
            return QT_TRANSLATE_NOOP("DbStatus", "Database not readable: {message}").format(
                message=self.message
            )
        if kind is StatusKind.NO_TABLE:
            return QT_TRANSLATE_NOOP(
                "DbStatus", "No {table} table: the database was never migrated ({count} pending)"
            ).format(table=table, count=pending)
        if kind is StatusKind.EMPTY:
            return QT_TRANSLATE_NOOP(
                "DbStatus", "At base: {table} is empty ({count} pending)"
            ).format(table=table, count=pending)
        if kind is StatusKind.UNKNOWN_REVISION:
            return QT_TRANSLATE_NOOP(
                "DbStatus",
                "The database is at {revisions}, which is not in versions/ - open the Doctor",
            ).format(revisions=", ".join(self.unknown))
        redundant = len(self.redundant)
        if kind is StatusKind.BEHIND:
            if redundant:
                return QT_TRANSLATE_NOOP(
                    "DbStatus",
                    "At {revisions}: {count} pending revision(s); "
                    "{redundant} redundant row(s) in {table}",
                ).format(revisions=short, count=pending, redundant=redundant, table=table)
            return QT_TRANSLATE_NOOP(
                "DbStatus", "At {revisions}: {count} pending revision(s)"
            ).format(revisions=short, count=pending)
        if redundant:
            return QT_TRANSLATE_NOOP(
                "DbStatus", "At head ({revisions}); {redundant} redundant row(s) in {table}"
            ).format(revisions=short, redundant=redundant, table=table)
        return QT_TRANSLATE_NOOP("DbStatus", "At head ({revisions})").format(revisions=short)


def classify(
    rows: Sequence[str] | None,
    graph: GraphLike,
    *,
    version_table: str = "alembic_version",
    version_table_schema: str | None = None,
) -> DbStatus:
    """Classify the rows of a version table against ``graph``.

    ``rows`` is None when the version table does not exist.
    """
    order = graph.topological_order()  # newest first
    if rows is None:
        return DbStatus(
            StatusKind.NO_TABLE,
            (),
            version_table=version_table,
            version_table_schema=version_table_schema,
            pending=tuple(reversed(order)),
        )
    rows_t = tuple(rows)
    known = tuple(r for r in rows_t if r in graph)
    unknown = tuple(r for r in rows_t if r not in graph)
    applied = graph.ancestors(known)
    redundant = tuple(
        r
        for r in known
        if r in graph.ancestors(k for k in known if k != r) and rows_t.count(r) == 1
    )
    duplicates = tuple(sorted({r for r in rows_t if rows_t.count(r) > 1}))
    pending = tuple(r for r in reversed(order) if r not in applied)
    if unknown:
        kind = StatusKind.UNKNOWN_REVISION
    elif not rows_t:
        kind = StatusKind.EMPTY
    elif pending:
        kind = StatusKind.BEHIND
    else:
        kind = StatusKind.AT_HEADS
    return DbStatus(
        kind,
        rows_t,
        applied=applied,
        pending=pending,
        unknown=unknown,
        redundant=redundant + duplicates,
        version_table=version_table,
        version_table_schema=version_table_schema,
    )


def unreachable(message: str) -> DbStatus:
    return DbStatus(StatusKind.UNREACHABLE, (), message=message)
