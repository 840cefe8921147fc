"""Reading the revision graph off the GUI thread (20,000 files take about a second cold)."""

from __future__ import annotations

from PySide6.QtCore import QObject

from migrator_gui.core.project import Project
from migrator_gui.core.revisions import RevisionGraph, load_graph
from migrator_gui.services.jobs import Job


class LoadGraphJob(Job):
    """Parses the project's version locations statically; the result is a RevisionGraph."""

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._project = project

    def run(self) -> RevisionGraph:
        return load_graph(self._project)
