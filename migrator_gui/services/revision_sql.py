"""The SQL one revision would run: its upgrade and its downgrade, rendered offline.

:class:`RevisionSqlJob` asks the child runner (operation ``revision_sql``) for both directions of
one revision in ONE child process, as ``alembic upgrade --sql <parents>:<rev>`` and ``alembic
downgrade --sql <rev>:<parent>`` would print them for the selected database's dialect. Offline
means the database is neither read nor written: the job is not a migration, it takes no
migration lock and it is not counted by :class:`~migrator_gui.services.migrate.MigrationService`.

The child driving is :class:`~migrator_gui.services.migrate.RunnerJob`'s (cancel, stop on
shutdown, password scrubbing); this job only collects the two ``RevisionSql`` events and returns
a :class:`RevisionSqlResult`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject
from sqlalchemy.engine import make_url

from migrator_gui.core import protocol
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.project import Project
from migrator_gui.services.migrate import RunnerJob, make_request
from migrator_gui.services.translation import runner_message

__all__ = ["RevisionSqlJob", "RevisionSqlResult", "dialect_label", "dialect_of"]

_DIALECT_LABELS = {
    "sqlite": "SQLite",
    "postgresql": "PostgreSQL",
    "mysql": "MySQL/MariaDB",
    "mariadb": "MariaDB",
    "mssql": "SQL Server",
    "oracle": "Oracle",
}


def dialect_of(url: str) -> str:
    """The backend name of ``url`` (``sqlite``, ``postgresql``, ``mysql``...), "" if unreadable."""
    try:
        return str(make_url(url).get_backend_name())
    except Exception:
        return ""


def dialect_label(dialect: str) -> str:
    """``postgresql`` -> ``PostgreSQL`` (as shown to a person)."""
    return _DIALECT_LABELS.get(dialect, dialect or "?")


@dataclass(frozen=True)
class RevisionSqlResult:
    """Both directions of one revision. An ``*_error`` is set when alembic could not render that
    direction (its ``*_sql`` then holds what was written before the failure, often nothing)."""

    revision: str
    dialect: str
    """The backend name (``sqlite``, ``postgresql``, ``mysql``...)."""
    upgrade_sql: str
    downgrade_sql: str
    upgrade_error: str = ""
    downgrade_error: str = ""
    upgrade_from: tuple[str, ...] = ()
    """The version rows the upgrade starts from (its parents; empty for a base revision)."""
    downgrade_to: tuple[str, ...] = ()
    """The version rows the downgrade leaves (the same parents)."""


class RevisionSqlJob(RunnerJob):
    """Renders the upgrade and downgrade SQL of ``revision`` for the dialect of ``url``.

    ``result`` carries a :class:`RevisionSqlResult`; ``error`` a :class:`RunnerError` when the
    child could not run at all (env.py fails to import, unknown revision...) or a
    ``JobCancelled``. A direction alembic cannot render is not an error of the job: it is in the
    result, next to the other direction.
    """

    def __init__(
        self, project: Project, url: str, revision: str, parent: QObject | None = None
    ) -> None:
        request = make_request(project, url, "revision_sql", revision, sql=True)
        super().__init__(project, request, parent)
        self._revision = revision
        self._parts: dict[str, protocol.RevisionSql] = {}

    @property
    def revision(self) -> str:
        return self._revision

    def run(self) -> RevisionSqlResult:  # type: ignore[override]
        # RunnerJob.run returns the child's protocol.Result; this job's result is the SQL.
        super().run()
        up = self._parts.get("upgrade")
        down = self._parts.get("downgrade")
        if up is None or down is None:
            raise RunnerError(
                QCoreApplication.translate(
                    "RevisionSqlJob",
                    "The runner finished without the SQL of both directions: is the project's "
                    "interpreter running an older Migrator runner?",
                ),
                error_type="ProtocolError",
            )
        return RevisionSqlResult(
            revision=up.revision,
            dialect=up.dialect or dialect_of(self._request.url),
            upgrade_sql=up.sql,
            downgrade_sql=down.sql,
            upgrade_error=runner_message(up.error, up.error_text),
            downgrade_error=runner_message(down.error, down.error_text),
            upgrade_from=tuple(up.source),
            downgrade_to=tuple(down.destination),
        )

    def _handle_event(self, event: protocol.Event) -> None:
        if isinstance(event, protocol.RevisionSql):
            self._parts[event.direction] = event
        super()._handle_event(event)
