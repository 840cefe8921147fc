"""Start over: replace the revision history with one fresh base revision, proven first.

The seeds' "delete versions/ and begin again", done safely by :class:`StartOverJob`:

1. the revision files are *moved* (never deleted) to a dated archive folder beside versions/
   (``<script_location>/versions_archive_<date>``), so alembic no longer reads them and
   :func:`restore_archive` can put them back;
2. one base revision is written from the current models (the runner's ``revision`` operation:
   autogenerate against an empty scratch database, alembic's own templates);
3. it is proven: a second scratch database upgraded to the new base must have the live
   database's schema (``compare_metadata`` finds no difference).

Stamping the databases at the new base is a doctor repair (its SQL previewed), not done here.
The live database is only read.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from migrator_gui.core import protocol
from migrator_gui.core.errors import MigratorError
from migrator_gui.core.project import Project
from migrator_gui.services.drift import (
    DriftError,
    _absolute,
    _ScratchDatabase,
    compare_schemas,
    describe_difference,
)
from migrator_gui.services.jobs import Job
from migrator_gui.services.migrate import RunnerJob, _scrubber_for, make_request
from migrator_gui.services.translation import message_of

__all__ = ["StartOverError", "StartOverJob", "StartOverResult", "restore_archive"]

translate = QCoreApplication.translate


class StartOverError(MigratorError):
    """Start over stopped (the message says at which step, and what was put back)."""


@dataclass(frozen=True)
class StartOverResult:
    archive: Path
    """Where the previous revision files are now."""
    moved: tuple[Path, ...]
    """Their paths in the archive."""
    revision: str
    """The new base revision."""
    path: Path
    """Its file."""
    differences: tuple[str, ...]
    """The new base's schema (on a scratch database) against the live one: empty = proven."""
    scratch: str
    """What the proof was built on (a core ``Text``: "a temporary SQLite file")."""

    @property
    def proven(self) -> bool:
        return not self.differences


def restore_archive(project: Project, result: StartOverResult) -> None:
    """Undo a start over: remove the new base file and move the archived files back."""
    if result.path.exists():
        result.path.unlink()
    for archived in result.moved:
        relative = archived.relative_to(result.archive)
        location_name, _, rest = str(relative).partition("/")
        target_root = next(
            (loc for loc in project.version_locations if loc.name == location_name),
            project.version_locations[0],
        )
        target = target_root / rest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(archived), target)
    shutil.rmtree(result.archive, ignore_errors=True)


class StartOverJob(Job):
    """Archives versions/, writes a fresh base revision from the models and proves it against
    the live database at ``url``; ``result`` is a :class:`StartOverResult`. Any failure before
    the proof puts the archived files back."""

    def __init__(
        self, project: Project, url: str, message: str = "base", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._project = project
        self._url = _absolute(url, project.root)
        self._message = message
        self._scrubber = _scrubber_for(url)
        self._runner: RunnerJob | None = None

    def _scrub_text(self, text: str) -> str:
        return str(self._scrubber.scrub(text))

    def _cancel_work(self) -> None:
        runner = self._runner
        if runner is not None:
            runner._cancel_work()

    def run(self) -> StartOverResult:
        project = self._project
        stamp = time.strftime("%Y%m%d_%H%M%S")
        archive = project.script_location / f"versions_archive_{stamp}"
        moved = self._archive(archive)
        self.log.emit(translate("StartOverJob", "Moved {count} revision file(s) to "
                                "{archive}").format(count=len(moved), archive=archive))
        written: protocol.RevisionWritten | None = None
        try:
            with _ScratchDatabase(self._url, project.root) as (empty_url, _):
                written = self._write_base(empty_url)
            self.log.emit(translate("StartOverJob", "Wrote the new base revision {revision}: "
                                    "{path}").format(revision=written.revision,
                                                     path=written.path))
            with _ScratchDatabase(self._url, project.root) as (scratch_url, label):
                self._run(make_request(project, scratch_url, "upgrade", "heads"))
                diffs = compare_schemas(self._url, scratch_url, "alembic_version")
        except BaseException as exc:
            partial = StartOverResult(archive, tuple(moved), "", Path(written.path) if written
                                      else archive / "none", (), "")
            restore_archive(project, partial)
            if isinstance(exc, MigratorError):
                raise StartOverError(
                    translate("StartOverJob", "Start over stopped, and versions/ was put back "
                              "as it was: {error}").format(error=message_of(exc))
                ) from exc
            raise
        differences = tuple(describe_difference(d, written.revision) for d in diffs)
        return StartOverResult(archive, tuple(moved), written.revision, Path(written.path),
                               differences, label)

    def _archive(self, archive: Path) -> list[Path]:
        moved: list[Path] = []
        for location in self._project.version_locations:
            if not location.is_dir():
                continue
            files = (location.rglob("*.py") if self._project.recursive_version_locations
                     else location.glob("*.py"))
            for path in sorted(files):
                if "__pycache__" in path.parts:
                    continue
                target = archive / location.name / path.relative_to(location)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(path), target)
                moved.append(target)
            shutil.rmtree(location / "__pycache__", ignore_errors=True)
        return moved

    def _write_base(self, empty_url: str) -> protocol.RevisionWritten:
        request = dataclasses.replace(
            make_request(self._project, empty_url, "revision"), message=self._message
        )
        found: list[protocol.RevisionWritten] = []
        self._run(request, collect=found)
        if not found:
            raise DriftError(translate("StartOverJob", "The runner wrote no base revision."))
        return found[0]

    def _run(
        self, request: protocol.Request, collect: list[protocol.RevisionWritten] | None = None
    ) -> RunnerJob:
        runner = _CollectingRunnerJob(self._project, request, collect)
        self._runner = runner
        try:
            runner.run()
        finally:
            self._runner = None
        return runner


class _CollectingRunnerJob(RunnerJob):
    def __init__(
        self,
        project: Project,
        request: protocol.Request,
        collect: list[protocol.RevisionWritten] | None,
    ) -> None:
        super().__init__(project, request)
        self._collect = collect

    def _handle_event(self, event: protocol.Event) -> None:
        if self._collect is not None and isinstance(event, protocol.RevisionWritten):
            self._collect.append(event)
        super()._handle_event(event)
