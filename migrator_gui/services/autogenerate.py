"""Compare the models with the database (alembic's autogenerate), writing nothing.

:class:`AutogenerateJob` runs the child's ``autogenerate`` operation (read-only sessions, no
version table created) and returns the operations it found with their code and SQL, the
warnings of :mod:`migrator_gui.core.lint` on them, and a suggested revision message.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from migrator_gui.core import protocol
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.lint import LintWarning, lint, suggest_message
from migrator_gui.core.project import Project
from migrator_gui.services.migrate import RunnerJob, make_request

__all__ = ["AutogenerateJob", "AutogenerateResult", "WriteRevisionJob"]

translate = QCoreApplication.translate


@dataclass(frozen=True)
class AutogenerateResult:
    """What the models would change in the database, before any file is written."""

    compare: protocol.Autogenerate
    warnings: tuple[LintWarning, ...]
    suggested_message: str
    heads: tuple[str, ...]
    """The version rows the database holds (the compare's starting point)."""

    @property
    def ops(self) -> list[protocol.DiffOp]:
        return self.compare.ops

    @property
    def empty(self) -> bool:
        """The models match the database."""
        return not self.compare.ops


class AutogenerateJob(RunnerJob):
    """Compares env.py's ``target_metadata`` with ``url``'s database.

    ``result`` carries an :class:`AutogenerateResult`; ``error`` a :class:`RunnerError` for an
    env.py or model that fails to import (with file and line), a missing ``target_metadata``, or
    a database that is not at the heads ("Target database is not up to date")."""

    def __init__(self, project: Project, url: str, parent: QObject | None = None) -> None:
        super().__init__(project, make_request(project, url, "autogenerate"), parent)
        self._compare: protocol.Autogenerate | None = None

    def run(self) -> AutogenerateResult:  # type: ignore[override]
        # RunnerJob.run returns the child's protocol.Result; this job's result is the compare.
        result = super().run()
        compare = self._compare
        if compare is None:
            raise RunnerError(
                translate("AutogenerateJob", "The runner finished without a comparison: is the "
                          "project's interpreter running an older Migrator runner?"),
                error_type="ProtocolError",
            )
        warnings = lint(compare.ops, compare.dialect, table_rows=compare.table_rows)
        return AutogenerateResult(
            compare=compare,
            warnings=tuple(warnings),
            suggested_message=suggest_message(compare.ops),
            heads=tuple(result.heads),
        )

    def _handle_event(self, event: protocol.Event) -> None:
        if isinstance(event, protocol.Autogenerate):
            self._compare = event
        super()._handle_event(event)


class WriteRevisionJob(RunnerJob):
    """Writes the revision file of a fresh compare with only the ``selected`` operations (and
    the accepted ``renames``), through alembic's own templates and hooks; the database is only
    read. ``result`` carries the :class:`protocol.RevisionWritten`."""

    def __init__(
        self,
        project: Project,
        url: str,
        message: str,
        selected: list[str],
        *,
        renames: list[tuple[str, str, str]] | None = None,
        branch_label: str = "",
        head: str = "head",
        parent: QObject | None = None,
    ) -> None:
        request = dataclasses.replace(
            make_request(project, url, "revision"),
            message=message,
            selected=list(selected),
            renames=[list(r) for r in renames or ()],
            branch_label=branch_label or None,
            head=head or "head",
        )
        super().__init__(project, request, parent)
        self._written: protocol.RevisionWritten | None = None

    def run(self) -> protocol.RevisionWritten:  # type: ignore[override]
        super().run()
        if self._written is None:
            raise RunnerError(
                translate("WriteRevisionJob", "The runner finished without writing the "
                          "revision."),
                error_type="ProtocolError",
            )
        return self._written

    def _handle_event(self, event: protocol.Event) -> None:
        if isinstance(event, protocol.RevisionWritten):
            self._written = event
        super()._handle_event(event)

