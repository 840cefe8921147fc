"""Reading the revision graph off the GUI thread (20,000 files take about a second cold)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from migrator_gui.core.project import Project
from migrator_gui.core.revisions import RevisionGraph, load_graph
from migrator_gui.services.jobs import Job


class LoadGraphJob(Job):
    """Parses the project's version locations statically; the result is a RevisionGraph.

    ``check_syntax`` also compiles every file as an import would, so a syntax error anywhere in
    a migration (not only in its header) marks it broken. That costs ~0.5 ms a file cold, so the
    window shows the fast graph first and runs the full check after it.
    """

    def __init__(
        self, project: Project, parent: QObject | None = None, *, check_syntax: bool = False
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._check_syntax = check_syntax

    @property
    def check_syntax(self) -> bool:
        return self._check_syntax

    def run(self) -> RevisionGraph:
        return load_graph(self._project, check_syntax=self._check_syntax)
