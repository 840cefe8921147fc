"""The main window: project, database, revision graph, details, log, and the run buttons."""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core import protocol
from migrator_gui.core.audit import AuditLog
from migrator_gui.core.demo import prepare_demo
from migrator_gui.core.doctor import (
    DatabaseFacts,
    Finding,
    FindingKind,
    Repair,
    drift_finding,
    start_over_finding,
)
from migrator_gui.core.env_setup import (
    apply_env_edit,
    plan_env_edit,
    read_env_text,
    suggest_targets,
)
from migrator_gui.core.errors import MigratorError, ProjectError, RunnerError
from migrator_gui.core.locks import Blocker, LockWait
from migrator_gui.core.plan import MigrationPlan
from migrator_gui.core.preferences import (
    Preferences,
    load_preferences_with_problems,
    save_preferences,
)
from migrator_gui.core.profiles import ConnectionProfile, ProfileError, ProfileStore
from migrator_gui.core.project import Project, open_project
from migrator_gui.core.protocol import Result
from migrator_gui.core.recent import load_recent, remember_project
from migrator_gui.core.revisions import RevisionGraph
from migrator_gui.core.status import DbStatus, StatusKind, classify, unreachable
from migrator_gui.core.urls import check_url, describe_database, redact_url
from migrator_gui.services.autogenerate import (
    AutogenerateJob,
    AutogenerateResult,
    WriteRevisionJob,
)
from migrator_gui.services.doctor import (
    DoctorJob,
    DoctorReport,
    MergeJob,
    RepairJob,
    RepairResult,
    last_repair,
    undo_repair,
)
from migrator_gui.services.drift import DriftJob, DriftReport
from migrator_gui.services.environment import InitEnvironmentJob, available_templates
from migrator_gui.services.graph import LoadGraphJob
from migrator_gui.services.jobs import Job
from migrator_gui.services.lock_watch import LockWatchJob, TerminateSessionJob
from migrator_gui.services.migrate import (
    MigrationService,
    RunnerJob,
    database_key,
)
from migrator_gui.services.plan import PlanJob
from migrator_gui.services.revision_sql import dialect_of
from migrator_gui.services.start_over import StartOverJob, StartOverResult, restore_archive
from migrator_gui.services.status import StatusService
from migrator_gui.ui.about_dialog import AboutDialog, app_icon
from migrator_gui.ui.confirm_database_dialog import ConfirmDatabaseDialog
from migrator_gui.ui.demo_tour import DemoTour, TourStep
from migrator_gui.ui.diff_pane import DiffPane, WriteRequest
from migrator_gui.ui.doctor_panel import DoctorPanel
from migrator_gui.ui.error_banner import ErrorBanner
from migrator_gui.ui.history_panel import HistoryPanel
from migrator_gui.ui.i18n import format_timestamp, message_of, translated
from migrator_gui.ui.lock_wait_view import LockWaitView
from migrator_gui.ui.log_pane import LogPane
from migrator_gui.ui.plan_panel import PlanPanel
from migrator_gui.ui.preferences_dialog import PreferencesDialog, apply_theme, code_font
from migrator_gui.ui.revision_details_view import RevisionDetailsView
from migrator_gui.ui.revision_graph import RevisionGraphModel, RevisionGraphPanel
from migrator_gui.ui.welcome_dialog import WelcomeDialog

_SETTINGS_GROUP = "MainWindow"
_RELOAD_DELAY_MS = 400
"""Quiet time after the last change in versions/ before the graph is re-read (a git checkout or
an autogenerate run changes several files in a burst)."""
_WATCH_FILES_UP_TO = 2000
"""Below this many revision files each file is watched too (edits in place); above, only the
folders (new, removed and renamed files), to stay clear of inotify's per-user limit."""
_ADHOC = "\x00url"
"""Profile-selector data of the entry for a URL given without a profile (command line, ini)."""
_MANAGE = "\x00manage"


class MainWindow(QMainWindow):
    """One project, one database: see the revisions and their state, upgrade and downgrade."""

    job_finished = Signal()
    """Any job (graph load, status read, migration) ended; emitted on the GUI thread after the
    window has taken in its result (marks, status label, log)."""
    graph_loaded = Signal()
    """The revision graph shows a freshly loaded graph."""
    status_changed = Signal(object)
    """The database status was re-read: a :class:`DbStatus`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self._project: Project | None = None
        self._graph: RevisionGraph | None = None
        self._status: DbStatus | None = None
        self._url = ""
        self._profile: ConnectionProfile | None = None
        self._profiles = ProfileStore()
        self._session_passwords: dict[str, str] = {}
        """Passwords typed at a prompt, by profile id: kept in memory only, for this session."""
        self._jobs: list[Job] = []
        self._audit_log = AuditLog()
        self._migrations = MigrationService(self, audit_log=self._audit_log)
        self._plan_request: tuple[str, str, bool] | None = None
        """(operation, target, purge) of the plan shown in the Plan tab."""
        self._running_step = -1
        self._run_total = 0
        self._run_matches_plan = False
        self._lock_watch: LockWatchJob | None = None
        self._select_after_load = ""
        """A revision to select once the graph is read again (one just written)."""
        self._compare_after_run = False
        """"Upgrade first, then compare": compare when the upgrade succeeded."""
        self._doctor_facts: DatabaseFacts | None = None
        """What the last diagnosis read (the repairs run against it)."""
        self._doctor_stale = True
        """The Doctor tab shows an older state: diagnose again when it is shown."""
        self._last_findings: list[Finding] = []
        self._start_over: StartOverResult | None = None
        self._tour: DemoTour | None = None
        self._status_service = StatusService(self)
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_watcher_changed)
        self._watcher.fileChanged.connect(self._on_watcher_changed)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(_RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self._on_reload_timer_timeout)
        self._reload_waiting = False
        """versions/ changed while a job ran: re-read once the window is idle."""

        self._preferences, problems = load_preferences_with_problems()
        self._build_actions()
        self._build_widgets()
        self._build_menus()
        self._restore_state()
        self._apply_preferences(self._preferences)
        for problem in problems:
            self._log.append_line(self.tr("Preferences: {0}").format(translated(problem)))
        self._update_actions()
        self._update_title()

    # -- public surface (docs/api.md) ------------------------------------------------------
    @property
    def project(self) -> Project | None:
        return self._project

    @property
    def graph(self) -> RevisionGraph | None:
        return self._graph

    @property
    def db_status(self) -> DbStatus | None:
        return self._status

    @property
    def database_url(self) -> str:
        return self._url

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    @property
    def revision_model(self) -> RevisionGraphModel:
        return self._graph_panel.model

    @property
    def graph_panel(self) -> RevisionGraphPanel:
        """The revision graph with its search, filters and legend."""
        return self._graph_panel

    def open_project(self, path: str | Path, url: str | None = None) -> bool:
        """Open the project at ``path`` (folder, alembic.ini or pyproject.toml).

        ``url`` selects the database; without it, alembic.ini's ``sqlalchemy.url`` is used when it
        is a real URL. Returns False (and shows why) when the project cannot be opened.
        """
        if self.busy:
            self._show_error(
                self.tr("Wait for the running operation to finish (or stop it) before opening "
                        "another project.")
            )
            return False
        try:
            project = open_project(path)
        except ProjectError as exc:
            self._show_error(message_of(exc))
            return False
        self._project = project
        self._graph = None
        self._status = None
        self._graph_panel.set_graph_and_status(None, None)
        self._watch(project)
        self._details.show_placeholder()
        self._error_banner.hide()
        try:
            self._update_recent_menu(remember_project(project.config_file or project.root))
        except OSError as exc:
            self._log.append_line(
                self.tr("Could not save the recent projects list: {0}").format(exc)
            )
        self._log.append_line(self.tr("Opened project {0}").format(project.root))
        last = self._profiles.last_used(project.root) if url is None else None
        if last is not None and self._use_profile(last):
            self._reload_profile_selector(last.name)
        else:
            if url is None and project.sqlalchemy_url and check_url(project.sqlalchemy_url) is None:
                url = project.sqlalchemy_url
            self._use_custom_url((url or "").strip())
        self._update_title()
        self.reload()
        return True

    def set_database_url(self, url: str) -> None:
        """Select the database at ``url`` (no profile) and read its state."""
        self._use_custom_url(url.strip())
        self._update_title()
        self.refresh_status()

    @property
    def profile(self) -> ConnectionProfile | None:
        """The selected connection profile; None when a URL was typed instead."""
        return self._profile

    @property
    def profile_store(self) -> ProfileStore:
        return self._profiles

    def select_profile(self, name: str) -> bool:
        """Select the profile ``name`` as the database and read its state.

        Asks for the password when the profile needs one and none is stored (no system keyring).
        Returns False when the profile does not exist or the user cancels the prompt.
        """
        try:
            profile = self._profiles.get(name)
        except ProfileError as exc:
            self._show_error(message_of(exc))
            return False
        previous = self._profile
        if not self._use_profile(profile):
            if previous is None:
                self._use_custom_url(self._url)
            else:
                self._reload_profile_selector(previous.name)
            return False
        self._reload_profile_selector(name)
        self._update_title()
        self.refresh_status()
        return True

    def _use_profile(self, profile: ConnectionProfile) -> bool:
        password = self._session_passwords.get(profile.id) or self._profiles.password(profile)
        # With a keyring, no stored password means the profile has none (e.g. a passwordless
        # local user); without one, it could not be stored, so ask once per session.
        vault_persistent = self._profiles.vault.persistent
        if profile.needs_password and password is None and not vault_persistent:
            password = self._ask_password(profile)
            if password is None:
                return False
            self._session_passwords[profile.id] = password
        self._profile = profile
        self._url = profile.url(password).render_as_string(hide_password=False)
        self._on_database_changed()
        if self._project is not None:
            try:
                self._profiles.set_last_used(self._project.root, profile.name)
            except (OSError, ProfileError) as exc:
                self._log.append_line(message_of(exc))
        return True

    def _use_custom_url(self, url: str) -> None:
        """A database given by URL, without a profile (``--url``, alembic.ini's URL, scripts):
        shown in the selector with its password hidden, kept for this session only."""
        self._profile = None
        self._url = url
        self._reload_profile_selector(None)
        self._on_database_changed()

    def _ask_password(self, profile: ConnectionProfile) -> str | None:
        vault = self._profiles.vault
        why = translated(vault.message) if not vault.persistent else ""
        text, ok = QInputDialog.getText(
            self,
            self.tr("Password for {0}").format(profile.name),
            self.tr("Password of {0} for {1}:").format(
                profile.username, translated(profile.describe())
            )
            + (f"\n{why}" if why else ""),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def _reload_profile_selector(self, select: str | None) -> None:
        selector = self._profile_selector
        selector.blockSignals(True)
        selector.clear()
        if select is None and self._profile is None:
            if self._url:
                source = (self.tr("alembic.ini") if self._project is not None
                          and self._url == self._project.sqlalchemy_url else self.tr("URL"))
                selector.addItem(f"{source}: {redact_url(self._url)}", _ADHOC)
                selector.setItemData(
                    0,
                    self.tr("A database given by URL, not saved as a profile. Save it with "
                            "Manage Profiles (Ctrl+P) › Import to name it and keep its password "
                            "in the keyring."),
                    Qt.ItemDataRole.ToolTipRole,
                )
            else:
                selector.addItem(self.tr("No database selected"), _ADHOC)
                selector.setItemData(0, self.tr("Choose a profile, or add one with Manage "
                                                "Profiles (Ctrl+P)"), Qt.ItemDataRole.ToolTipRole)
        profiles = (
            self._profiles.for_project(self._project.root)
            if self._project is not None
            else self._profiles.load_all()
        )
        for profile in profiles:
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(profile.colour))
            selector.addItem(QIcon(swatch), profile.name, profile.name)
            selector.setItemData(
                selector.count() - 1,
                f"{profile.display_url()} ({profile.environment})",
                Qt.ItemDataRole.ToolTipRole,
            )
        selector.insertSeparator(selector.count())
        selector.addItem(self.tr("Manage profiles…"), _MANAGE)
        index = selector.findData(select) if select else 0
        selector.setCurrentIndex(max(index, 0))
        selector.blockSignals(False)
        if self._profiles.load_problem:
            self._show_error(self._profiles.load_problem)

    def _on_database_changed(self) -> None:
        self._update_production_banner()
        self._details.set_context(self._project, self._url)
        self._plan_request = None
        self._plan_panel.set_plan(None)
        self._update_history_database()

    def _update_history_database(self) -> None:
        if not self._url:
            self._history.set_database(None, self.tr("no database"))
            return
        label = self._profile.name if self._profile is not None else self._database_name()
        self._history.set_database(self._database_key() or None, label)

    def _update_production_banner(self) -> None:
        profile = self._profile
        if profile is not None and profile.is_production:
            self._production_banner.setText(
                self.tr("PRODUCTION — {0} ({1}): every write asks you to type the database name")
                .format(profile.name, translated(profile.describe()))
            )
            self._production_banner.show()
        else:
            self._production_banner.hide()

    def select_revision(self, rev_id: str) -> bool:
        """Select ``rev_id`` (a full id or a unique prefix) in the graph and show it, unfolding
        or unfiltering the graph when that hides it."""
        panel = self._graph_panel
        if panel.select_revision(rev_id):
            return True
        if self._graph is None:
            return False
        try:
            return panel.select_revision(self._graph.resolve(rev_id))
        except MigratorError:
            return False

    def selected_revision(self) -> str | None:
        return self._graph_panel.selected_revision()

    def reload(self, *, read_database: bool = True) -> None:
        """Re-read versions/ and (unless ``read_database`` is False) the database state."""
        if self._project is None:
            return
        self._reload_timer.stop()
        self._reload_waiting = False
        job = LoadGraphJob(self._project, self)
        job.result.connect(
            lambda graph, read=read_database: self._on_graph_job_result(graph, read))
        self._start_job(job, self.tr("Reading revisions"))

    def _check_revision_syntax(self) -> None:
        """Compile every revision file in the background; broken ones are marked when found."""
        if self._project is None:
            return
        job = LoadGraphJob(self._project, self, check_syntax=True)
        job.result.connect(self._on_syntax_job_result)
        self._start_job(job, self.tr("Checking revision files"))

    def refresh_status(self) -> None:
        """Re-read the selected database's version table."""
        if self._project is None or self._graph is None:
            return
        problem = check_url(self._url) if self._url else None
        if not self._url or problem:
            self._set_status(None)
            self._db_status_label.setText(problem or self.tr("No database selected"))
            return
        job = self._status_service.refresh(self._project, self._url)
        if job in self._jobs:
            return
        job.result.connect(self._on_status_job_result)
        job.error.connect(self._on_status_job_error)
        self._start_job(
            job, self.tr("Reading {0}").format(self._database_name()), started=True
        )

    def plan_operation(self, operation: str, target: str, *, purge: bool = False) -> None:
        """Compute what ``operation`` to ``target`` would do, from the rows the version table
        holds now, and show it in the Plan tab (steps, their SQL, what they drop); Run there
        runs it. ``operation`` is ``upgrade``, ``downgrade`` or ``stamp``."""
        if self._project is None or self._graph is None or self.busy:
            return
        problem = check_url(self._url) if self._url else self.tr("No database selected.")
        if problem:
            self._show_error(problem)
            return
        self._error_banner.hide()
        self._plan_request = (operation, target, purge)
        job = PlanJob(
            self._project,
            self._url,
            operation,  # type: ignore[arg-type]
            target,
            purge=purge,
            transaction_per_migration=self._transaction_per_migration(),
            parent=self,
        )
        self._plan_panel.set_loading(
            self.tr("Reading {0} and computing the plan of {1} to {2}…").format(
                self._database_name(), operation, target)
        )
        self._bottom_tabs.setCurrentWidget(self._plan_panel)
        job.result.connect(self._on_plan_job_result)
        job.error.connect(self._on_plan_job_error)
        self._start_job(job, self.tr("Computing the plan"))

    def compare_models(self) -> None:
        """Compare the models with the database (autogenerate) into the Diff tab; nothing is
        written. A database behind the heads is said up front, with "Upgrade first"."""
        if self._project is None or self._graph is None or self.busy:
            return
        problem = check_url(self._url) if self._url else self.tr("No database selected.")
        if problem:
            self._show_error(problem)
            return
        self._bottom_tabs.setCurrentWidget(self._diff_pane)
        self._diff_pane.set_heads(list(self._graph.heads))
        status = self._status
        if status is not None and status.pending:
            self._diff_pane.set_not_up_to_date(len(status.pending))
            return
        self._diff_pane.set_loading(
            self.tr("Comparing the models with {0}…").format(self._database_name()))
        job = AutogenerateJob(self._project, self._url, parent=self)
        job.result.connect(self._on_autogenerate_job_result)
        job.error.connect(self._on_autogenerate_job_error)
        self._start_job(job, self.tr("Comparing the models"), quiet_errors=True)

    def set_target_metadata(self, spec: str | None = None) -> bool:
        """Write ``target_metadata`` into the project's env.py from ``spec``
        (``module:attribute``, e.g. ``app.models:Base.metadata``; asked for, with suggestions
        found in the project, when None), after showing the change. Returns True when env.py
        was changed."""
        if self._project is None:
            return False
        env_path = self._project.env_py
        try:
            old_text = read_env_text(env_path)
        except OSError as exc:
            self._show_error(self.tr("Cannot read {0}: {1}").format(env_path, exc))
            return False
        if spec is None:
            suggestions = suggest_targets(self._project.root) or ["app.models:Base.metadata"]
            spec, ok = QInputDialog.getItem(
                self,
                self.tr("Target metadata"),
                self.tr("The MetaData of your models, as module:attribute\n(Flask-SQLAlchemy: "
                        "app:db.Model.metadata):"),
                suggestions,
                0,
                True,
            )
            if not ok or not spec.strip():
                return False
        try:
            edit = plan_env_edit(old_text, spec.strip())
        except ValueError as exc:
            self._show_error(message_of(exc))
            return False
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Change env.py?"),
                          self.tr("Change {0}?").format(env_path),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self)
        box.setObjectName("envEditDialog")
        box.setInformativeText(translated(edit.message))
        box.setDetailedText(edit.diff)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        try:
            apply_env_edit(env_path, edit, old_text)
        except (OSError, ValueError) as exc:
            self._show_error(message_of(exc))
            return False
        self._log.append_line(self.tr("env.py: target_metadata set from {0}").format(spec))
        return True

    def new_environment(self, folder: str | Path, template: str = "generic") -> None:
        """``alembic init`` in ``folder`` with ``template``, then open the new project."""
        if self.busy:
            return
        job = InitEnvironmentJob(Path(folder), template, parent=self)
        job.result.connect(lambda path: self._open_when_idle(Path(str(path))))
        self._start_job(job, self.tr("Creating the migration environment"))

    def _open_when_idle(self, path: Path) -> None:
        if self.busy:
            QTimer.singleShot(20, lambda: self._open_when_idle(path))
            return
        self.open_project(path)

    def _on_new_environment_action_triggered(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("The project folder to add migrations to"), str(Path.home()))
        if not folder:
            return
        templates = available_templates()
        names = [f"{name} — {description}" for name, description in templates]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Template"), self.tr("alembic template:"), names, 0, False)
        if ok and choice:
            self.new_environment(folder, templates[names.index(choice)][0])

    def open_doctor(self) -> None:
        """Show the Doctor tab (it diagnoses when its view is older than the database's)."""
        self._bottom_tabs.setCurrentWidget(self._doctor)

    def run_doctor(self) -> None:
        """Diagnose the selected database's version table into the Doctor tab."""
        if self._project is None or self._graph is None or self.busy or not self._url:
            return
        problem = check_url(self._url)
        if problem:
            self._doctor.set_error(problem)
            return
        self._doctor_stale = False
        self._doctor.set_loading(
            self.tr("Checking {0}…").format(self._database_name()))
        job = DoctorJob(self._project, self._url, self._graph, parent=self)
        job.result.connect(self._on_doctor_job_result)
        job.error.connect(lambda error: self._doctor.set_error(message_of(error)))
        self._start_job(job, self.tr("Running the doctor"), quiet_errors=True)

    def check_drift(self) -> None:
        """Compare the database's schema with the schema of its recorded revision and of the
        revisions near it (built on a scratch database); the result is a Doctor finding."""
        if self._project is None or self._graph is None or self.busy or not self._url:
            return
        status = self._status
        rows = status.rows if status is not None else ()
        facts = self._doctor_facts
        self._bottom_tabs.setCurrentWidget(self._doctor)
        self._doctor.set_loading(self.tr("Building the revisions' schemas on a scratch database "
                                         "and comparing them with {0}…").format(
                                             self._database_name()))
        job = DriftJob(self._project, self._url, self._graph, rows,
                       version_table=facts.version_table if facts else "alembic_version",
                       parent=self)
        job.result.connect(self._on_drift_job_result)
        job.error.connect(lambda error: self._doctor.set_error(message_of(error)))
        self._start_job(job, self.tr("Comparing the schema with the revisions"),
                        quiet_errors=True)

    def _on_drift_job_result(self, report: object) -> None:
        assert isinstance(report, DriftReport)
        finding = drift_finding(report.recorded, report.differences, report.scores, report.best)
        findings = [f for f in self._last_findings if f.kind is not FindingKind.DRIFT]
        if finding is not None:
            findings.append(finding)
        self._last_findings = findings
        dialect = self._doctor_facts.dialect if self._doctor_facts else ""
        self._doctor.set_findings(findings, self._database_name(), dialect)
        if finding is not None:
            self._doctor.select_finding(len(findings) - 1)
        self._doctor.show_result(
            self.tr("Compared on {0}: {1}").format(
                translated(report.scratch),
                self.tr("the schema is exactly its revision's") if finding is None
                else translated(finding.title)),
            finding is None)

    def start_over(self, message: str = "base", *, confirm: bool = True) -> None:
        """Archive versions/, write one base revision from the models and prove it on a scratch
        database against this database; the Doctor then offers to stamp it (or to undo)."""
        if self._project is None or self.busy or not self._url:
            return
        if confirm and not self._confirm(
            self.tr("Start over with one base revision?"),
            self.tr("The revision files of {0} are moved to a dated archive folder beside "
                    "versions/ (nothing is deleted), one base revision is written from your "
                    "models, and it is proven on a scratch database (a temporary SQLite file, or "
                    "a throwaway database on the same server) against {1}. Nothing is stamped "
                    "until you choose to.").format(self._project.name,
                                                   self._database_name()),
        ):
            return
        self._bottom_tabs.setCurrentWidget(self._doctor)
        self._doctor.set_loading(self.tr("Starting over: archiving, writing the base, proving "
                                         "it…"))
        job = StartOverJob(self._project, self._url, message, parent=self)
        job.result.connect(self._on_start_over_job_result)
        job.error.connect(lambda error: self._doctor.set_error(message_of(error)))
        self._start_job(job, self.tr("Starting over"), quiet_errors=True)

    def _on_start_over_job_result(self, result: object) -> None:
        assert isinstance(result, StartOverResult)
        self._start_over = result
        status = self._status
        facts = self._doctor_facts or DatabaseFacts(
            dialect=dialect_of(self._url), table_exists=bool(status and status.kind is not
                                                             StatusKind.NO_TABLE))
        self._doctor_facts = facts  # the stamp repair runs against these
        finding = start_over_finding(facts, result.revision, str(result.archive),
                                     result.differences, result.scratch)
        self._last_findings = [finding]
        self._doctor.set_findings([finding], self._database_name(), facts.dialect)
        self._doctor.select_finding(0)
        self._select_after_load = result.revision
        self.reload(read_database=False)

    def _restore_start_over(self) -> None:
        result = self._start_over
        if self._project is None or result is None:
            return
        restore_archive(self._project, result)
        self._start_over = None
        self._doctor.show_result(self.tr("The old revisions are back in versions/."), True)
        self._doctor_stale = True
        self.reload()

    @property
    def preferences(self) -> Preferences:
        return self._preferences

    def show_preferences(self) -> PreferencesDialog:
        """The Preferences dialog; OK saves them and applies them at once (the language after a
        restart)."""
        dialog = PreferencesDialog(self._preferences, self)
        dialog.preferences_changed.connect(self._on_preferences_changed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_preferences_changed(self, preferences: object) -> None:
        assert isinstance(preferences, Preferences)
        self._preferences = preferences
        self._apply_preferences(preferences)
        self._log.append_line(self.tr("Preferences saved"))

    def _apply_preferences(self, preferences: Preferences) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, preferences.theme)
        font = code_font(preferences.code_font_size)
        for widget in (self._log, self._plan_panel, self._diff_pane, self._doctor,
                       self._details):
            for view in widget.findChildren(QTextBrowser) + widget.findChildren(
                    QPlainTextEdit) + ([widget] if isinstance(widget, QPlainTextEdit) else []):
                view.setFont(font)
        action = self._per_step_transaction_action
        if action.isChecked() != preferences.transaction_per_migration:
            action.blockSignals(True)
            action.setChecked(preferences.transaction_per_migration)
            action.blockSignals(False)

    def _on_per_step_transaction_action_toggled(self, on: bool) -> None:
        """The Database menu's switch is the preference of the same name."""
        self._preferences = dataclasses.replace(self._preferences, transaction_per_migration=on)
        try:
            save_preferences(self._preferences)
        except (OSError, ValueError) as exc:
            self._log.append_line(self.tr("Could not save the preferences: {0}").format(exc))

    def _operation(self, operation: str, target: str) -> None:
        """A toolbar or menu operation: its plan first (the default), or at once with the
        confirmations when "plan before run" is off in the preferences."""
        if self._preferences.plan_before_run:
            self.plan_operation(operation, target)
        elif operation == "upgrade":
            self.upgrade(target)
        else:
            self.downgrade(target)

    def show_welcome(self) -> WelcomeDialog:
        """The welcome screen (open a project, the demo, a new environment, the tour)."""
        dialog = WelcomeDialog(load_recent(), self)
        dialog.open_requested.connect(self._on_welcome_open_requested)
        dialog.demo_requested.connect(lambda: self.open_project(prepare_demo()))
        dialog.new_environment_requested.connect(self._on_new_environment_action_triggered)
        dialog.tour_requested.connect(self.start_tour)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_welcome_open_requested(self, path: str) -> None:
        if path:
            self.open_project(path)
        else:
            self._on_open_action_triggered()

    def start_tour(self) -> DemoTour:
        """Step through the window with callouts (the graph, pending revisions, an upgrade and
        its plan, the diff pane, the doctor): for demos; the SQLite demo needs no server."""
        if self._tour is not None:
            self._tour.end()
        tabs = self._bottom_tabs
        steps = [
            TourStep(self.tr("The revision graph"), self.tr(
                "Every revision in versions/, newest first, drawn like git log --graph: filled "
                "nodes are applied to this database, hollow ones pending; DB marks where it is. "
                "Right-click a revision to upgrade, downgrade or stamp to it."), "revisionGraph"),
            TourStep(self.tr("Pending revisions"), self.tr(
                "Show only what an upgrade would run, or fold the applied history into one "
                "row."), "pendingOnlyButton"),
            TourStep(self.tr("Upgrade, with its plan first"), self.tr(
                "Upgrade (Ctrl+U) and its menu: to the heads, one step, the selected revision. "
                "Nothing runs yet: the plan comes first."), "upgradeButton"),
            TourStep(self.tr("The plan"), self.tr(
                "The steps the run will take from what the database holds now, each with its "
                "SQL, drops in red. Export it as a .sql dry run, or Run it."), "planPanel",
                lambda: tabs.setCurrentWidget(self._plan_panel)),
            TourStep(self.tr("The diff pane"), self.tr(
                "Autogenerate (Ctrl+Shift+A) compares your models with the database before any "
                "file is written, with warnings where data is at risk."), "diffPane",
                lambda: tabs.setCurrentWidget(self._diff_pane)),
            TourStep(self.tr("The doctor"), self.tr(
                "What is wrong with alembic_version and how to repair it, SQL first: unknown "
                "revisions, several heads, drift, starting over."), "doctorPanel",
                lambda: tabs.setCurrentWidget(self._doctor)),
        ]
        tour = DemoTour(self, steps)
        tour.finished.connect(tour.deleteLater)
        tour.finished.connect(lambda: setattr(self, "_tour", None))
        self._tour = tour
        tour.start()
        return tour

    @property
    def doctor_panel(self) -> DoctorPanel:
        return self._doctor

    def _on_bottom_tabs_current_changed(self, _index: int) -> None:
        if self._bottom_tabs.currentWidget() is self._doctor and self._doctor_stale:
            QTimer.singleShot(0, self.run_doctor)

    def _on_doctor_job_result(self, report: object) -> None:
        assert isinstance(report, DoctorReport)
        self._doctor_facts = report.facts
        self._last_findings = list(report.findings)
        self._doctor.set_findings(
            list(report.findings), self._database_name(), report.facts.dialect)
        self._update_undo()

    def _update_undo(self) -> None:
        entry = last_repair(self._audit_log, self._url, self._project.root) if (
            self._project is not None and self._url) else None
        self._doctor.set_undo_available(
            entry is not None,
            self.tr("Put back {0} (the rows before the repair of {1})").format(
                ", ".join(entry.source) or self.tr("no row"), format_timestamp(entry.time))
            if entry is not None else "",
        )

    def _on_doctor_repair_requested(self, repair: object) -> None:
        assert isinstance(repair, Repair)
        if repair.kind == "upgrade":
            self.plan_operation("upgrade", repair.target or "heads")
        elif repair.kind == "merge":
            self._merge_heads(repair.target.split(","))
        elif repair.kind == "find_match":
            self.check_drift()
        elif repair.kind == "restore_archive":
            self._restore_start_over()
        elif repair.kind == "stamp_at":
            status = self._status
            self.plan_operation("stamp", repair.target,
                                purge=bool(status is not None and status.rows))
        elif repair.kind == "pick_and_stamp":
            rev = self.selected_revision()
            if not rev or self._graph is None or rev not in self._graph:
                self._doctor.show_result(
                    self.tr("Select the revision to stamp on the graph first."), False)
                return
            status = self._status
            self.plan_operation("stamp", rev, purge=bool(status is not None and status.rows))
        else:
            self._run_repair(repair)

    def _run_repair(self, repair: Repair) -> None:
        facts = self._doctor_facts
        if facts is None or self._project is None or self.busy:
            return
        detail = self.tr("{0}\n\nThe rows before are kept in the audit log (Undo last "
                         "repair).").format(";\n".join(repair.statements) + ";")
        if self._profile is not None and self._profile.is_production:
            if not self._confirm_production(translated(repair.label), detail):
                return
        elif not self._confirm(
            self.tr("{0} on {1}?").format(translated(repair.label), self._database_name()),
            detail,
        ):
            return
        job = RepairJob(self._url, facts, repair, audit_log=self._audit_log,
                        profile=self._profile.name if self._profile else "",
                        root=self._project.root, parent=self)
        job.result.connect(self._on_repair_job_result)
        job.error.connect(lambda error: self._doctor.show_result(message_of(error), False))
        job.finished.connect(self._after_repair)
        self._start_job(job, self.tr("Repairing"), quiet_errors=True)

    def _on_repair_job_result(self, result: object) -> None:
        assert isinstance(result, RepairResult)
        after = ", ".join(result.rows_after or ()) or self.tr("no row")
        self._doctor.show_result(
            self.tr("Repaired: {0}. The version table now holds {1}.").format(
                translated(result.repair.label), after), True)
        self._log.append_line(self.tr("Repair {0}: {1}").format(
            translated(result.repair.label), "; ".join(result.executed)))

    def _after_repair(self) -> None:
        self._history.refresh()
        self._doctor_stale = True
        QTimer.singleShot(0, self._refresh_then_diagnose)

    def _refresh_then_diagnose(self) -> None:
        if self.busy:
            QTimer.singleShot(50, self._refresh_then_diagnose)
            return
        self.refresh_status()
        QTimer.singleShot(0, self._diagnose_when_idle)

    def _diagnose_when_idle(self) -> None:
        if self.busy:
            QTimer.singleShot(50, self._diagnose_when_idle)
            return
        self.run_doctor()

    def _on_doctor_undo_requested(self) -> None:
        facts = self._doctor_facts
        if facts is None or self._project is None:
            return
        entry = last_repair(self._audit_log, self._url, self._project.root)
        if entry is None:
            return
        self._run_repair(undo_repair(facts, entry))

    def _merge_heads(self, heads: list[str]) -> None:
        if self._project is None or self.busy:
            return
        message, ok = QInputDialog.getText(
            self, self.tr("Create merge revision"),
            self.tr("Message of the merge revision of {0}:").format(
                ", ".join(h[:12] for h in heads)),
            QLineEdit.EchoMode.Normal, self.tr("merge heads"))
        if not ok:
            return
        job = MergeJob(self._project, self._url, heads, message.strip() or "merge heads",
                       parent=self)
        job.result.connect(self._on_merge_job_result)
        job.error.connect(lambda error: self._doctor.show_result(message_of(error), False))
        self._start_job(job, self.tr("Writing the merge revision"), quiet_errors=True)

    def _on_merge_job_result(self, written: object) -> None:
        assert isinstance(written, protocol.RevisionWritten)
        self._doctor.show_result(
            self.tr("Wrote merge revision {0}: {1}").format(written.revision, written.path), True)
        self._select_after_load = written.revision
        self._doctor_stale = True
        self.reload()

    @property
    def diff_pane(self) -> DiffPane:
        """The Diff tab: autogenerate's operations, warnings, code and SQL; Write revision."""
        return self._diff_pane

    @property
    def plan_panel(self) -> PlanPanel:
        """The Plan tab: the steps of the next run, their SQL, its progress."""
        return self._plan_panel

    @property
    def bottom_tabs(self) -> QTabWidget:
        """Log, Plan and History."""
        return self._bottom_tabs

    @property
    def main_splitter(self) -> QSplitter:
        return self._main_splitter

    @property
    def history_panel(self) -> HistoryPanel:
        return self._history

    @property
    def lock_wait_view(self) -> LockWaitView:
        return self._lock_wait_view

    @property
    def audit_log(self) -> AuditLog:
        return self._audit_log

    def set_audit_log(self, log: AuditLog) -> None:
        """Record runs in ``log`` (tests and portable installs)."""
        self._audit_log = log
        self._migrations.set_audit_log(log)
        self._history.set_log(log)
        self._update_history_database()

    def upgrade(self, target: str = "heads") -> None:
        """Upgrade the selected database to ``target`` (default every head, ``alembic upgrade
        heads``; a revision id runs the pending revisions up to and including it)."""
        count = self._count_pending_to(target)
        if not self._confirm_production(self.tr("Upgrade"), self.tr(
                "{0} pending revision(s) will run, up to {1}.").format(count, target)):
            return
        self._run_migration("upgrade", target)

    def _count_pending_to(self, target: str) -> int | str:
        status, graph = self._status, self._graph
        if status is None or graph is None:
            return "?"
        if target in ("heads", "head"):
            return len(status.pending)
        if target in graph:
            return len(graph.ancestors([target]) - status.applied)
        return "?"

    def stamp(self, target: str, purge: bool = False) -> None:
        """Write ``target`` into the version table without running any migration
        (``alembic stamp``): for a database whose schema is already there, or to replace a
        revision versions/ does not know (``purge`` empties the table first)."""
        status = self._status
        rows = ", ".join(r[:12] for r in status.rows) if status and status.rows else ""
        detail = self.tr(
            "No migration runs: the version table is set to {0}{1}. The schema is not changed, "
            "so it must already match that revision."
        ).format(target[:12], self.tr(" (it holds {0} now)").format(rows) if rows else "")
        if self._profile is not None and self._profile.is_production:
            if not self._confirm_production(self.tr("Stamp"), detail):
                return
        elif self._preferences.confirm_stamps and not self._confirm(
            self.tr("Stamp {0} as {1}?").format(self._database_name(), target[:12]),
            detail,
        ):
            return
        self._run_migration("stamp", target, purge=purge)

    def _confirm_production(self, action: str, detail: str) -> bool:
        """On a production profile, the user types the database name; elsewhere, True."""
        profile = self._profile
        if profile is None or not profile.is_production:
            return True
        name = profile.database or profile.name
        dialog = ConfirmDatabaseDialog(action, name, detail, self)
        return dialog.exec() == ConfirmDatabaseDialog.DialogCode.Accepted

    def downgrade(self, target: str = "-1") -> None:
        """Downgrade the selected database to ``target`` (default one step, ``alembic downgrade
        -1``; a revision id undoes every applied revision above it)."""
        status, graph = self._status, self._graph
        if target == "-1":
            question = self.tr("Downgrade {0} by one revision?")
            detail = self.tr(
                "A downgrade runs the downgrade() of the current revision: it may drop tables or "
                "columns and their data."
            )
        else:
            undone = (len((graph.descendants([target]) - {target}) & status.applied)
                      if status is not None and graph is not None and target in graph else "?")
            question = self.tr("Downgrade {{0}} to {0}?").format(target[:12])
            detail = self.tr(
                "{0} applied revision(s) above {1} will be undone by their downgrade(): they may "
                "drop tables or columns and their data."
            ).format(undone, target[:12])
        if self._profile is not None and self._profile.is_production:
            if self._confirm_production(self.tr("Downgrade"), detail):
                self._run_migration("downgrade", target)
            return
        if self._preferences.confirm_downgrades and not self._confirm(
            question.format(self._database_name()), detail
        ):
            return
        self._run_migration("downgrade", target)

    # -- construction -----------------------------------------------------------------------
    def _build_actions(self) -> None:
        style = self.style()
        self._open_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
            self.tr("&Open Project…"),
            self,
        )
        self._open_action.setShortcut(QKeySequence.StandardKey.Open)
        self._open_action.setStatusTip(self.tr("Open a folder with an alembic.ini"))
        self._open_action.triggered.connect(self._on_open_action_triggered)

        def operation(text: str, name: str, shortcut: str, slot: object) -> QAction:
            action = QAction(text, self)
            action.setObjectName(name)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            return action

        # Every target plans first (the Plan tab shows the steps and their SQL); Run runs it.
        self._upgrade_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp), self.tr("&Upgrade"), self
        )
        self._upgrade_action.setObjectName("upgradeAction")
        self._upgrade_action.setShortcut(QKeySequence("Ctrl+U"))
        self._upgrade_action.triggered.connect(lambda: self._operation("upgrade", "heads"))
        self._upgrade_one_action = operation(
            self.tr("Upgrade One Step (+1)"), "upgradeOneAction", "Ctrl+Alt+U",
            lambda: self._operation("upgrade", "+1"))
        self._upgrade_steps_action = operation(
            self.tr("Upgrade N Steps…"), "upgradeStepsAction", "",
            lambda: self._ask_steps("upgrade"))
        self._upgrade_selected_action = operation(
            self.tr("Upgrade to Selected Revision"), "upgradeSelectedAction", "Ctrl+Shift+U",
            lambda: self._plan_selected("upgrade"))

        self._downgrade_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown), self.tr("&Downgrade"), self
        )
        self._downgrade_action.setObjectName("downgradeAction")
        self._downgrade_action.setShortcut(QKeySequence("Ctrl+D"))
        self._downgrade_action.triggered.connect(lambda: self._operation("downgrade", "-1"))
        self._downgrade_steps_action = operation(
            self.tr("Downgrade N Steps…"), "downgradeStepsAction", "",
            lambda: self._ask_steps("downgrade"))
        self._downgrade_selected_action = operation(
            self.tr("Downgrade to Selected Revision"), "downgradeSelectedAction", "Ctrl+Shift+D",
            lambda: self._plan_selected("downgrade"))
        self._downgrade_base_action = operation(
            self.tr("Downgrade to Base (Undo Everything)"), "downgradeBaseAction", "",
            lambda: self._operation("downgrade", "base"))

        self._stamp_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
            self.tr("S&tamp"),
            self,
        )
        self._stamp_action.setObjectName("stampAction")
        self._stamp_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self._stamp_action.triggered.connect(lambda: self._plan_selected("stamp"))
        self._stamp_purge_action = operation(
            self.tr("Stamp Selected Revision, Emptying the Version Table First (Purge)"),
            "stampPurgeAction", "", lambda: self._plan_selected("stamp", purge=True))

        self._autogenerate_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView),
            self.tr("&Autogenerate"),
            self,
        )
        self._autogenerate_action.setObjectName("autogenerateAction")
        self._autogenerate_action.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self._autogenerate_action.setToolTip(
            self.tr("Compare the models with the database, as alembic revision --autogenerate "
                    "would, and show the differences before any file is written (Ctrl+Shift+A)")
        )
        self._autogenerate_action.triggered.connect(self.compare_models)

        self._target_metadata_action = QAction(self.tr("Set Target Metadata in env.py…"), self)
        self._target_metadata_action.setObjectName("targetMetadataAction")
        self._target_metadata_action.setToolTip(
            self.tr("Point env.py's target_metadata at your models (module:attribute, e.g. "
                    "app.models:Base.metadata), after showing the change")
        )
        self._target_metadata_action.triggered.connect(lambda: self.set_target_metadata())
        self._new_environment_action = QAction(self.tr("&New Migration Environment…"), self)
        self._new_environment_action.setObjectName("newEnvironmentAction")
        self._new_environment_action.setShortcut(QKeySequence.StandardKey.New)
        self._new_environment_action.setToolTip(
            self.tr("Create alembic.ini and a migrations folder in a project folder (alembic "
                    "init), then open it (Ctrl+N)")
        )
        self._new_environment_action.triggered.connect(
            self._on_new_environment_action_triggered)

        self._per_step_transaction_action = QAction(
            self.tr("One Transaction per Migration Step"), self
        )
        self._per_step_transaction_action.setObjectName("perStepTransactionAction")
        self._per_step_transaction_action.setCheckable(True)
        self._per_step_transaction_action.setChecked(self._preferences.transaction_per_migration)
        self._per_step_transaction_action.setToolTip(
            self.tr("Commit after each migration step (a failure keeps the steps before it). "
                    "Off: one transaction for the whole run, as env.py configures it.")
        )
        self._per_step_transaction_action.toggled.connect(
            self._on_per_step_transaction_action_toggled
        )

        self._refresh_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload), self.tr("&Refresh"), self
        )
        self._refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self._refresh_action.setToolTip(self.tr("Re-read versions/ and the database (F5)"))
        self._refresh_action.triggered.connect(self.reload)

        self._cancel_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_BrowserStop), self.tr("&Stop"), self
        )
        self._cancel_action.setShortcut(QKeySequence("Ctrl+."))
        self._cancel_action.setToolTip(
            self.tr("Stop the running migration: its current step is rolled back where the "
                    "database allows it (Ctrl+.)")
        )
        self._cancel_action.triggered.connect(self._on_cancel_action_triggered)

        self._manage_profiles_action = QAction(self.tr("&Manage Profiles…"), self)
        self._manage_profiles_action.setShortcut(QKeySequence("Ctrl+P"))
        self._manage_profiles_action.setToolTip(
            self.tr("Add, edit and test connection profiles; passwords stay in the system "
                    "keyring (Ctrl+P)")
        )
        self._manage_profiles_action.triggered.connect(self._on_manage_profiles_action_triggered)

        self._preferences_action = QAction(self.tr("&Preferences…"), self)
        self._preferences_action.setObjectName("preferencesAction")
        self._preferences_action.setShortcut(QKeySequence.StandardKey.Preferences)
        if self._preferences_action.shortcut().isEmpty():
            self._preferences_action.setShortcut(QKeySequence("Ctrl+,"))
        self._preferences_action.setToolTip(
            self.tr("Theme, default lock timeout, transactions, confirmations, code font"))
        self._preferences_action.triggered.connect(self.show_preferences)

        self._quit_action = QAction(self.tr("&Quit"), self)
        self._quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self._quit_action.triggered.connect(self.close)

    def _tool_button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setObjectName(name)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAccessibleName(action.text().replace("&", ""))
        return button

    def _build_widgets(self) -> None:
        toolbar = QToolBar(self.tr("Main"), self)
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        toolbar.addWidget(self._tool_button(self._open_action, "openButton"))
        toolbar.addSeparator()
        self._upgrade_button = self._tool_button(self._upgrade_action, "upgradeButton")
        self._downgrade_button = self._tool_button(self._downgrade_action, "downgradeButton")
        self._stamp_button = self._tool_button(self._stamp_action, "stampButton")
        self._upgrade_menu = QMenu(self)
        self._upgrade_menu.setObjectName("upgradeMenu")
        for action in (self._upgrade_action, self._upgrade_one_action,
                       self._upgrade_steps_action, self._upgrade_selected_action):
            self._upgrade_menu.addAction(action)
        self._downgrade_menu = QMenu(self)
        self._downgrade_menu.setObjectName("downgradeMenu")
        for action in (self._downgrade_action, self._downgrade_steps_action,
                       self._downgrade_selected_action, self._downgrade_base_action):
            self._downgrade_menu.addAction(action)
        self._stamp_menu = QMenu(self)
        self._stamp_menu.setObjectName("stampMenu")
        self._stamp_menu.addAction(self._stamp_action)
        self._stamp_menu.addAction(self._stamp_purge_action)
        for button, menu in ((self._upgrade_button, self._upgrade_menu),
                             (self._downgrade_button, self._downgrade_menu),
                             (self._stamp_button, self._stamp_menu)):
            button.setMenu(menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        toolbar.addWidget(self._upgrade_button)
        toolbar.addWidget(self._downgrade_button)
        toolbar.addWidget(self._stamp_button)
        toolbar.addWidget(self._tool_button(self._autogenerate_action, "autogenerateButton"))
        toolbar.addWidget(self._tool_button(self._cancel_action, "cancelButton"))
        toolbar.addSeparator()
        toolbar.addWidget(self._tool_button(self._refresh_action, "refreshButton"))

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)

        url_row = QHBoxLayout()
        profile_label = QLabel(self.tr("&Profile:"), central)
        self._profile_selector = QComboBox(central)
        self._profile_selector.setObjectName("profileSelector")
        self._profile_selector.setMinimumContentsLength(16)
        self._profile_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._profile_selector.setMaximumWidth(560)
        self._profile_selector.setToolTip(
            self.tr("The connection profile of the database to inspect and migrate")
        )
        self._profile_selector.setAccessibleName(self.tr("Connection profile"))
        profile_label.setBuddy(self._profile_selector)
        self._profile_selector.activated.connect(self._on_profile_selector_activated)
        self._manage_profiles_button = QToolButton(central)
        self._manage_profiles_button.setDefaultAction(self._manage_profiles_action)
        self._manage_profiles_button.setObjectName("manageProfilesButton")
        self._manage_profiles_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        url_row.addWidget(profile_label)
        url_row.addWidget(self._profile_selector)
        url_row.addWidget(self._manage_profiles_button)
        url_row.addStretch(1)
        layout.addLayout(url_row)

        self._production_banner = QLabel(central)
        self._production_banner.setObjectName("productionBanner")
        self._production_banner.setStyleSheet(
            "#productionBanner { background: #c62828; color: white; font-weight: bold;"
            " padding: 4px 8px; border-radius: 3px; }"
        )
        self._production_banner.hide()
        layout.addWidget(self._production_banner)

        self._error_banner = ErrorBanner(central)
        layout.addWidget(self._error_banner)

        self._lock_wait_view = LockWaitView(central)
        self._lock_wait_view.cancel_requested.connect(self._on_cancel_action_triggered)
        self._lock_wait_view.terminate_requested.connect(self._on_lock_wait_terminate_requested)
        layout.addWidget(self._lock_wait_view)

        self._graph_panel = RevisionGraphPanel(central)
        self._graph_panel.current_revision_changed.connect(self._on_graph_current_revision_changed)
        self._graph_panel.upgrade_requested.connect(
            lambda rev: self.plan_operation("upgrade", rev))
        self._graph_panel.downgrade_requested.connect(
            lambda rev: self.plan_operation("downgrade", rev))
        self._graph_panel.stamp_requested.connect(self._on_graph_stamp_requested)
        self._graph_panel.show_sql_requested.connect(self._on_graph_show_sql_requested)
        self._graph_panel.doctor_requested.connect(lambda _rev: self.open_doctor())

        self._details = RevisionDetailsView(central)
        self._details.revision_link_clicked.connect(self.select_revision)

        self._log = LogPane(central)
        self._plan_panel = PlanPanel(central)
        self._plan_panel.run_requested.connect(self._on_plan_panel_run_requested)
        self._plan_panel.cancel_requested.connect(self._on_cancel_action_triggered)
        self._plan_panel.export_finished.connect(
            lambda path: self._log.append_line(self.tr("Plan exported to {0}").format(path)))
        self._history = HistoryPanel(self._audit_log, central)
        self._doctor = DoctorPanel(central)
        self._doctor.diagnose_requested.connect(self.run_doctor)
        self._doctor.repair_requested.connect(self._on_doctor_repair_requested)
        self._doctor.undo_requested.connect(self._on_doctor_undo_requested)
        self._diff_pane = DiffPane(central)
        self._diff_pane.compare_requested.connect(self.compare_models)
        self._diff_pane.write_requested.connect(self._on_diff_pane_write_requested)
        self._diff_pane.upgrade_first_requested.connect(self._on_diff_pane_upgrade_first)
        self._bottom_tabs = QTabWidget(central)
        self._bottom_tabs.setObjectName("bottomTabs")
        self._bottom_tabs.addTab(self._log, self.tr("&Log"))
        self._bottom_tabs.addTab(self._plan_panel, self.tr("&Plan"))
        self._bottom_tabs.addTab(self._history, self.tr("&History"))
        self._bottom_tabs.addTab(self._diff_pane, self.tr("&Diff"))
        self._bottom_tabs.addTab(self._doctor, self.tr("Doc&tor"))
        self._bottom_tabs.setTabToolTip(4, self.tr("Diagnose and repair the version table, "
                                                   "merge heads"))
        self._bottom_tabs.currentChanged.connect(self._on_bottom_tabs_current_changed)
        self._bottom_tabs.setTabToolTip(3, self.tr("What the models change in the database "
                                                   "(autogenerate), before a file is written"))
        self._bottom_tabs.setTabToolTip(0, self.tr("What Migrator and alembic did, with the SQL "
                                                   "sent"))
        self._bottom_tabs.setTabToolTip(1, self.tr("The steps of the next run and their SQL, "
                                                   "read from the database's real state"))
        self._bottom_tabs.setTabToolTip(2, self.tr("Every upgrade, downgrade and stamp run on "
                                                   "this database (the audit log)"))

        self._top_splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self._top_splitter.setObjectName("topSplitter")
        self._top_splitter.addWidget(self._graph_panel)
        self._top_splitter.addWidget(self._details)
        self._top_splitter.setStretchFactor(0, 3)
        self._top_splitter.setStretchFactor(1, 2)
        self._main_splitter = QSplitter(Qt.Orientation.Vertical, central)
        self._main_splitter.setObjectName("mainSplitter")
        self._main_splitter.addWidget(self._top_splitter)
        self._main_splitter.addWidget(self._bottom_tabs)
        self._main_splitter.setStretchFactor(0, 4)
        self._main_splitter.setStretchFactor(1, 1)
        layout.addWidget(self._main_splitter, 1)
        self.setCentralWidget(central)

        self._db_status_label = QLabel(self.tr("No project open"), self)
        self._db_status_label.setObjectName("dbStatusLabel")
        self._db_status_label.linkActivated.connect(lambda _link: self.open_doctor())
        self._db_status_label.setAccessibleName(self.tr("Database status"))
        self._progress = QProgressBar(self)
        self._progress.setObjectName("jobProgress")
        self._progress.setMaximumWidth(200)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self.statusBar().addWidget(self._db_status_label, 1)
        self.statusBar().addPermanentWidget(self._progress)
        self.resize(1200, 780)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self._open_action)
        file_menu.addAction(self._new_environment_action)
        self._recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self._recent_menu.setObjectName("recentMenu")
        self._update_recent_menu(load_recent())
        file_menu.addSeparator()
        file_menu.addAction(self._preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self._quit_action)
        db_menu = self.menuBar().addMenu(self.tr("&Database"))
        db_menu.addAction(self._manage_profiles_action)
        db_menu.addSeparator()
        for action in (self._upgrade_action, self._upgrade_one_action,
                       self._upgrade_steps_action, self._upgrade_selected_action):
            db_menu.addAction(action)
        db_menu.addSeparator()
        for action in (self._downgrade_action, self._downgrade_steps_action,
                       self._downgrade_selected_action, self._downgrade_base_action):
            db_menu.addAction(action)
        db_menu.addSeparator()
        db_menu.addAction(self._stamp_action)
        db_menu.addAction(self._stamp_purge_action)
        db_menu.addSeparator()
        db_menu.addAction(self._cancel_action)
        db_menu.addAction(self._per_step_transaction_action)
        db_menu.addSeparator()
        db_menu.addAction(self._autogenerate_action)
        db_menu.addAction(self._target_metadata_action)
        drift = db_menu.addAction(self.tr("Compare the Schema with the &Revisions"))
        drift.setObjectName("checkDriftAction")
        drift.setToolTip(self.tr("Build the recorded revision's schema (and its neighbours') on "
                                 "a scratch database and compare it with this database"))
        drift.triggered.connect(self.check_drift)
        start_over = db_menu.addAction(self.tr("Start &Over with One Base Revision…"))
        start_over.setObjectName("startOverAction")
        start_over.setToolTip(self.tr("Archive versions/, write one base revision from the "
                                      "models, prove it on a scratch database, then stamp"))
        start_over.triggered.connect(lambda: self.start_over())
        db_menu.addSeparator()
        db_menu.addAction(self._refresh_action)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.setObjectName("viewMenu")
        for item in self._graph_panel.actions_for_menu():
            if item is None:
                view_menu.addSeparator()
            else:
                view_menu.addAction(item)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        welcome = help_menu.addAction(self.tr("&Welcome…"))
        welcome.setObjectName("welcomeAction")
        welcome.triggered.connect(self.show_welcome)
        tour = help_menu.addAction(self.tr("Take the &Tour"))
        tour.setObjectName("tourAction")
        tour.setShortcut(QKeySequence("F1"))
        tour.setToolTip(self.tr("A few callouts through the window (F1)"))
        tour.triggered.connect(self.start_tour)
        help_menu.addSeparator()
        about = help_menu.addAction(self.tr("&About Migrator"))
        about.setObjectName("aboutAction")
        about.setToolTip(self.tr("Versions of Migrator, alembic, SQLAlchemy, Qt and the drivers"))
        about.triggered.connect(self._on_about_action_triggered)

    def _update_recent_menu(self, projects: list[Path]) -> None:
        self._recent_menu.clear()
        for path in projects:
            action = self._recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        self._recent_menu.setEnabled(bool(projects))

    # -- jobs --------------------------------------------------------------------------------
    def _start_job(
        self, job: Job, description: str, *, started: bool = False, quiet_errors: bool = False
    ) -> None:
        """Follow ``job`` (and start it unless a service ``started`` it already); its error
        goes to the error banner unless ``quiet_errors`` (a panel shows it instead)."""
        if job in self._jobs:
            return
        self._jobs.append(job)
        job.log.connect(self._log.append_line)
        job.progress.connect(self._on_job_progress)
        if not quiet_errors:
            job.error.connect(self._on_job_error)
        job.finished.connect(lambda j=job: self._on_job_finished(j))
        self._progress.setRange(0, 0)
        self._progress.show()
        self.statusBar().showMessage(description + "…")
        self._update_actions()
        if not started:
            job.start()

    def _run_migration(self, operation: str, target: str, *, purge: bool = False) -> None:
        if self._project is None or self.busy:
            return
        problem = check_url(self._url)
        if problem:
            self._show_error(problem)
            return
        if not self._confirm_after_partial_failure(operation):
            return
        self._error_banner.hide()
        db = self._database_name()
        self._log.append_line(
            self.tr("{0} {1} to {2}").format(self._operation_title(operation), db, target)
        )
        timeout = self._lock_timeout()
        per_step = self._transaction_per_migration()
        try:
            if operation == "upgrade":
                job = self._migrations.upgrade(
                    self._project, self._url, target, lock_timeout=timeout,
                    transaction_per_migration=per_step)
            elif operation == "stamp":
                job = self._migrations.stamp(
                    self._project, self._url, target, purge=purge, lock_timeout=timeout)
            else:
                job = self._migrations.downgrade(
                    self._project, self._url, target, lock_timeout=timeout,
                    transaction_per_migration=per_step)
        except MigratorError as exc:
            self._show_error(message_of(exc))
            return
        job.profile_name = self._profile.name if self._profile is not None else ""
        self._running_step = -1
        self._run_total = 0
        self._run_matches_plan = self._plan_request == (operation, target, purge)
        if self._run_matches_plan:
            self._plan_panel.run_started()
        job.result.connect(self._on_migration_job_result)
        job.event.connect(self._on_migration_job_event)
        job.finished.connect(lambda j=job: self._on_migration_job_finished(j))
        title = self.tr("{0} {1}").format(self._operation_title(operation), db)
        self._start_job(job, title, started=True)

    def _lock_timeout(self) -> float:
        """The profile's lock timeout; for a database given by URL, the preferences' default."""
        profile = self._profile
        if profile is not None:
            return float(profile.lock_timeout)
        return float(self._preferences.default_lock_timeout)

    def _transaction_per_migration(self) -> bool | None:
        """True: a transaction per step (the default); None: what env.py configures."""
        return True if self._per_step_transaction_action.isChecked() else None

    def _database_key(self) -> str:
        try:
            return database_key(self._url, self._project.root if self._project else None)
        except Exception:
            return ""

    def _confirm_after_partial_failure(self, operation: str) -> bool:
        """After a step failed half-way (MariaDB/MySQL DDL is not transactional), no blind
        retry or downgrade: say what may be half there, and ask."""
        try:
            last = self._audit_log.last_entry(self._database_key())
        except OSError:
            return True
        if last is None or last.outcome != "partial":
            return True
        touched = last.extra.get("touched", "")
        return self._confirm(
            self.tr("The last run on {0} failed half-way. {1} anyway?").format(
                self._database_name(), self._operation_title(operation)),
            self.tr(
                "Step {0} failed on {1} and its DDL is not transactional: it may be partly "
                "applied{2}. The version table does not record it. Check those objects first; "
                "running the step again or downgrading across it may fail or lose data."
            ).format(last.failed_step[:12] or "?", format_timestamp(last.time),
                     self.tr(" (it touched {0})").format(touched) if touched else ""),
        )

    def _ask_steps(self, operation: str) -> None:
        count, ok = QInputDialog.getInt(
            self,
            self.tr("Upgrade N steps") if operation == "upgrade" else self.tr("Downgrade N steps"),
            self.tr("How many revisions?"),
            1, 1, 100_000,
        )
        if ok:
            self.plan_operation(operation, f"+{count}" if operation == "upgrade" else f"-{count}")

    def _plan_selected(self, operation: str, *, purge: bool = False) -> None:
        rev = self.selected_revision()
        if not rev:
            self._show_error(self.tr("Select a revision in the graph first."))
            return
        if operation == "stamp" and not purge:
            status = self._status
            purge = bool(status is not None and status.unknown)
        self.plan_operation(operation, rev, purge=purge)

    def _on_plan_job_result(self, plan: object) -> None:
        assert isinstance(plan, MigrationPlan)
        self._plan_panel.set_plan(plan)
        if not plan.steps and plan.operation != "stamp":
            self._plan_panel.set_run_enabled(
                False, self.tr("Nothing to run: the database is already there."))
        else:
            self._plan_panel.set_run_enabled(True, "")

    def _on_autogenerate_job_result(self, result: object) -> None:
        assert isinstance(result, AutogenerateResult)
        self._diff_pane.set_result(result)

    def _on_autogenerate_job_error(self, error: object) -> None:
        details = getattr(error, "details", "") or ""
        message = message_of(error)
        english = str(error)  # the runner's own words, whatever the interface's language
        if "Target database is not up to date" in english and self._status is not None:
            self._diff_pane.set_not_up_to_date(len(self._status.pending))
            return
        self._diff_pane.set_error(message, details)
        if getattr(error, "error_type", "") == "NoTargetMetadataError" and (
            "sets no target_metadata" in english
        ):
            if self.set_target_metadata():
                QTimer.singleShot(0, self._compare_when_idle)

    def _on_diff_pane_write_requested(self, request: object) -> None:
        assert isinstance(request, WriteRequest)
        if self._project is None or self.busy:
            return
        job = WriteRevisionJob(
            self._project,
            self._url,
            request.message,
            list(request.selected),
            renames=list(request.renames),
            branch_label=request.branch_label,
            head=request.head,
            parent=self,
        )
        job.result.connect(self._on_write_revision_job_result)
        job.error.connect(lambda error: self._diff_pane.set_error(
            message_of(error), getattr(error, "details", "") or ""))
        self._start_job(job, self.tr("Writing the revision"), quiet_errors=True)

    def _on_write_revision_job_result(self, written: object) -> None:
        assert isinstance(written, protocol.RevisionWritten)
        self._diff_pane.set_written(written.path)
        self._log.append_line(self.tr("Wrote revision {0}: {1}").format(
            written.revision, written.path))
        if written.missing:
            self._log.append_line(self.tr(
                "Not in the fresh comparison any more (left out): {0}").format(
                ", ".join(written.missing)))
        self._select_after_load = written.revision
        self.reload()

    def _on_diff_pane_upgrade_first(self) -> None:
        self._compare_after_run = True
        self.upgrade("heads")
        if not self.busy:  # the confirmation was cancelled
            self._compare_after_run = False

    def _on_plan_job_error(self, error: object) -> None:
        self._plan_panel.set_error(message_of(error))

    def _on_plan_panel_run_requested(self) -> None:
        if self._plan_request is None:
            return
        operation, target, purge = self._plan_request
        if operation == "upgrade":
            self.upgrade(target)
        elif operation == "downgrade":
            self.downgrade(target)
        else:
            self.stamp(target, purge=purge)

    def _on_migration_job_event(self, event: object) -> None:
        if isinstance(event, protocol.StepStarted):
            self._running_step = event.index
            self._run_total = event.total
            if self._run_matches_plan:
                self._plan_panel.step_started(event.index)
        elif isinstance(event, protocol.Step):
            if self._run_matches_plan and self._running_step >= 0:
                self._plan_panel.step_finished(self._running_step, event.elapsed)
        elif isinstance(event, protocol.Statement):
            # The statements of the steps (not the reads before the first or after the last).
            if 0 <= event.step < self._run_total:
                self._log.append_line(self.tr("SQL  {0}").format(event.sql))
        elif isinstance(event, protocol.Backend):
            self._start_lock_watch(event)

    def _on_migration_job_finished(self, job: RunnerJob) -> None:
        self._stop_lock_watch()
        # MigrationService (connected first) has set the job's outcome and failure
        outcome = job.outcome or "succeeded"
        failed = outcome != "succeeded"
        message = translated(job.failure_message) if failed else self.tr(
            "Done: the database is at {0}.").format(
            ", ".join(h[:12] for h in job.heads_after or []) or self.tr("base"))
        if self._run_matches_plan:
            self._plan_panel.run_finished(outcome, message)
        if self._compare_after_run:
            self._compare_after_run = False
            if outcome == "succeeded":
                QTimer.singleShot(0, self._compare_when_idle)
        self._history.refresh()
        if self._bottom_tabs.currentWidget() is self._doctor:
            QTimer.singleShot(0, self._diagnose_when_idle)
        # After a failure or a cancel the job re-read the version table: show that state (a
        # success already brought its Result).
        plan = job.plan
        if failed and job.heads_after is not None and plan is not None:
            self._apply_result(
                Result(
                    heads=list(job.heads_after),
                    version_table=plan.version_table,
                    version_table_schema=plan.version_table_schema,
                )
            )

    def _compare_when_idle(self) -> None:
        if self.busy:
            QTimer.singleShot(50, self._compare_when_idle)
            return
        self.compare_models()

    def _start_lock_watch(self, backend: protocol.Backend) -> None:
        self._stop_lock_watch()
        if backend.dialect not in ("postgresql", "mysql", "mariadb"):
            return
        watch = LockWatchJob(self._url, backend.session_id, backend.dialect, parent=self)
        watch.lock_wait.connect(self._on_lock_watch_lock_wait)
        self._lock_watch = watch
        watch.start()

    def _stop_lock_watch(self) -> None:
        watch, self._lock_watch = self._lock_watch, None
        if watch is not None:
            watch.cancel()
        self._lock_wait_view.set_lock_wait(None)

    def _on_lock_watch_lock_wait(self, wait: object) -> None:
        if self._lock_watch is None:
            return  # a late report of a watch already stopped
        assert isinstance(wait, LockWait)
        self._lock_wait_view.set_lock_wait(wait, self._lock_timeout())
        if wait.waiting and wait.blockers:
            first = wait.blockers[0]
            self.statusBar().showMessage(
                self.tr("Waiting for a lock held by session {0}").format(first.session_id))

    def _on_lock_wait_terminate_requested(self, blocker: object) -> None:
        assert isinstance(blocker, Blocker)
        backend = self._lock_watch
        if backend is None:
            return
        query = " ".join(blocker.query.split())[:300]
        if not self._confirm(
            self.tr("Terminate session {0} on {1}?").format(
                blocker.session_id, self._database_name()),
            self.tr("The session of {0}{1} is ended on the server: its open transaction is "
                    "rolled back and its client gets an error. {2}").format(
                blocker.user or "?",
                f" ({blocker.application})" if blocker.application else "",
                self.tr("Its query: {0}").format(query) if query else ""),
        ):
            return
        dialect = dialect_of(self._url)
        job = TerminateSessionJob(self._url, dialect, blocker.session_id, parent=self)
        job.result.connect(lambda text: self._log.append_line(str(text)))
        job.error.connect(lambda error: self._show_error(message_of(error)))
        job.finished.connect(job.deleteLater)
        job.start()

    def _on_job_progress(self, done: int, total: int) -> None:
        if total > 0:
            self._progress.setRange(0, total)
            self._progress.setValue(done)
            self._progress.setFormat(self.tr("step %v of %m"))
            self._progress.setTextVisible(True)

    def _on_cancel_action_triggered(self) -> None:
        for job in self._migrations.jobs():
            self._log.append_line(self.tr("Stopping {0}…").format(job.database))
            job.cancel()

    def _on_job_error(self, error: object) -> None:
        # The job has logged the error already; the banner makes it impossible to miss.
        details = error.details if isinstance(error, RunnerError) else ""
        self._error_banner.show_error(message_of(error), details or getattr(error, "details", ""))

    def _on_job_finished(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if not self._jobs:
            self._progress.hide()
            self._progress.setTextVisible(False)
            self.statusBar().clearMessage()
            if self._reload_waiting:
                self._reload_timer.start()
        self._update_actions()
        job.deleteLater()
        self.job_finished.emit()

    def _on_graph_job_result(self, graph: object, read_database: bool = True) -> None:
        assert isinstance(graph, RevisionGraph)
        self._graph = graph
        self._take_graph(graph)
        self._log.append_line(
            self.tr("Read {0} revisions: heads {1}").format(
                len(graph), ", ".join(h[:12] for h in graph.heads) or self.tr("none")
            )
        )
        for node in graph.broken:
            self._log.append_line(
                self.tr("Unreadable revision file: {0}").format(translated(node.error)))
        for problem in getattr(graph, "problems", ()):
            self._log.append_line(translated(problem))
        self._diff_pane.set_heads(list(graph.heads))
        if self._select_after_load and self._select_after_load in graph:
            # a revision just written (Write revision, a merge): show it
            self.select_revision(self._select_after_load)
            self._select_after_load = ""
        self.graph_loaded.emit()
        if self.selected_revision() is None and graph.heads:
            self.select_revision(graph.heads[0])
        if read_database or self._status is None:
            self.refresh_status()
        self._check_revision_syntax()
        self._watch(self._project)

    def _take_graph(self, graph: RevisionGraph) -> None:
        """Show ``graph`` with the database state re-classified against it (no database read:
        the rows are the same, only versions/ changed)."""
        status = self._status
        if status is not None and status.kind is not StatusKind.UNREACHABLE:
            status = classify(
                None if status.kind is StatusKind.NO_TABLE else status.rows,
                graph,
                version_table=status.version_table,
                version_table_schema=status.version_table_schema,
            )
            self._graph_panel.set_graph_and_status(graph, status)
            self._set_status(status)
        else:
            self._graph_panel.set_graph(graph)

    def _on_syntax_job_result(self, graph: object) -> None:
        assert isinstance(graph, RevisionGraph)
        current = self._graph
        if current is None:
            return
        if [(n.revision, n.error) for n in graph.broken] == [
            (n.revision, n.error) for n in current.broken
        ] and tuple(graph) == tuple(current):
            return
        self._graph = graph
        self._take_graph(graph)
        for node in graph.broken:
            self._log.append_line(
                self.tr("Unreadable revision file: {0}").format(translated(node.error)))
        self.graph_loaded.emit()

    def _on_status_job_result(self, result: object) -> None:
        assert isinstance(result, Result)
        self._apply_result(result)

    def _on_status_job_error(self, error: object) -> None:
        self._set_status(unreachable(message_of(error)))

    def _on_migration_job_result(self, result: object) -> None:
        assert isinstance(result, Result)
        self._apply_result(result)

    def _apply_result(self, result: Result) -> None:
        if self._graph is None:
            return
        status = classify(
            result.heads if result.table_exists else None,
            self._graph,
            version_table=result.version_table,
            version_table_schema=result.version_table_schema,
        )
        self._set_status(status)

    def _operation_title(self, operation: str) -> str:
        """``Upgrade``, ``Downgrade``, ``Stamp`` at the start of a sentence."""
        return {
            "upgrade": self.tr("Upgrade"),
            "downgrade": self.tr("Downgrade"),
            "stamp": self.tr("Stamp"),
        }.get(operation, operation.capitalize())

    def _database_name(self) -> str:
        """The selected database as messages name it (``demo.db``, ``shop on host:5432``)."""
        return translated(describe_database(self._url))

    def _set_status(self, status: DbStatus | None) -> None:
        self._status = status
        self._doctor_stale = True
        if self._graph_panel.model.status is not status:
            self._graph_panel.set_status(status)
        if status is None:
            self._db_status_label.setText(self.tr("No database selected"))
        else:
            summary = translated(status.summary())
            if status.kind is StatusKind.UNKNOWN_REVISION:
                # a link: the Doctor explains and repairs it
                phrase = self.tr("open the Doctor")
                link = f'<a href="doctor">{html.escape(phrase)}</a>'
                summary = html.escape(summary)
                if phrase in summary:
                    summary = summary.replace(phrase, link)
                else:
                    summary = f"{summary} - {link}"
            self._db_status_label.setText(summary)
            color = {
                StatusKind.AT_HEADS: "#2e7d32",
                StatusKind.BEHIND: "#ef6c00",
                StatusKind.UNKNOWN_REVISION: "#d32f2f",
                StatusKind.UNREACHABLE: "#d32f2f",
            }.get(status.kind, "")
            self._db_status_label.setStyleSheet(f"color: {color}" if color else "")
        self._update_actions()
        self.status_changed.emit(status)

    # -- slots -------------------------------------------------------------------------------
    def _on_open_action_triggered(self) -> None:
        start = str(self._project.root) if self._project else str(Path.home())
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Open an alembic project (the folder with alembic.ini)"), start
        )
        if path:
            self.open_project(path)

    def _on_profile_selector_activated(self, index: int) -> None:
        data = self._profile_selector.itemData(index)
        if data == _MANAGE:
            self._reload_profile_selector(self._profile.name if self._profile else None)
            self._on_manage_profiles_action_triggered()
        elif data == _ADHOC:
            if self._url:
                self.refresh_status()
        elif data is not None:
            self.select_profile(str(data))

    def _on_manage_profiles_action_triggered(self) -> None:
        from migrator_gui.ui.profile_manager_dialog import ProfileManagerDialog

        dialog = ProfileManagerDialog(
            self._profiles,
            self._project.root if self._project else None,
            self,
            project_url=self._project.sqlalchemy_url if self._project else None,
        )
        chosen: list[str] = []
        dialog.profile_chosen.connect(chosen.append)
        dialog.exec()
        if chosen:
            self._session_passwords.clear()
            self.select_profile(chosen[-1])
        else:
            current = self._profile.name if self._profile else None
            self._reload_profile_selector(current if current in self._profiles.names() else None)

    def _on_graph_current_revision_changed(self, rev: str) -> None:
        self._update_actions()
        if not rev or self._graph is None:
            self._details.show_placeholder()
            return
        self._details.show_revision(self._graph, rev, self.revision_model.state_label(rev))

    def _on_graph_stamp_requested(self, rev: str) -> None:
        # A database holding a revision versions/ lacks keeps that row unless the table is
        # emptied first: stamping over it is the repair, so purge then.
        status = self._status
        purge = bool(status is not None and status.unknown)
        self.plan_operation("stamp", rev, purge=purge)

    def _on_graph_show_sql_requested(self, rev: str) -> None:
        self.select_revision(rev)
        self._details.show_sql()

    # -- live refresh ------------------------------------------------------------------------
    def _watch(self, project: Project | None) -> None:
        """Watch the version locations (and, for a modest history, each file in them)."""
        watcher = self._watcher
        old = watcher.directories() + watcher.files()
        if old:
            watcher.removePaths(old)
        if project is None:
            return
        folders: list[str] = []
        files: list[str] = []
        for location in project.version_locations:
            if not location.is_dir():
                continue
            folders.append(str(location))
            if project.recursive_version_locations:
                folders += [str(p) for p in location.rglob("*")
                            if p.is_dir() and p.name != "__pycache__"]
        if self._graph is not None and len(self._graph) <= _WATCH_FILES_UP_TO:
            files = [str(self._graph[r].path) for r in self._graph]
        paths = folders + files
        if paths:
            watcher.addPaths(paths)

    def _on_watcher_changed(self, _path: str) -> None:
        self._reload_timer.start()

    def _on_reload_timer_timeout(self) -> None:
        if self._project is None:
            return
        if self.busy:
            self._reload_waiting = True  # re-armed when the last job finishes
            return
        self._log.append_line(self.tr("versions/ changed: re-reading the revisions"))
        self.reload(read_database=False)

    def _on_about_action_triggered(self) -> None:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- helpers -----------------------------------------------------------------------------
    def _update_actions(self) -> None:
        has_db = self._project is not None and self._graph is not None and bool(self._url)
        idle = not self.busy
        status = self._status
        pending = len(status.pending) if status else 0
        readable = status is not None and status.kind is not StatusKind.UNREACHABLE
        can_upgrade = has_db and idle and readable and pending > 0
        can_downgrade = has_db and idle and status is not None and bool(status.rows)
        selected = self.selected_revision() if self._graph is not None else None
        can_run = bool(has_db and idle and readable)
        self._upgrade_action.setEnabled(bool(can_upgrade))
        self._upgrade_one_action.setEnabled(bool(can_upgrade))
        self._upgrade_steps_action.setEnabled(bool(can_upgrade))
        self._upgrade_selected_action.setEnabled(can_run and bool(selected))
        self._downgrade_action.setEnabled(bool(can_downgrade))
        self._downgrade_steps_action.setEnabled(bool(can_downgrade))
        self._downgrade_selected_action.setEnabled(bool(can_downgrade) and bool(selected))
        self._downgrade_base_action.setEnabled(bool(can_downgrade))
        self._stamp_action.setEnabled(can_run and bool(selected))
        self._stamp_purge_action.setEnabled(can_run and bool(selected))
        # Not only on a readable database: an env.py that fails to import is shown in the
        # Diff tab with its traceback.
        self._autogenerate_action.setEnabled(bool(has_db and idle))
        self._diff_pane.set_busy(not idle)
        self._doctor.set_busy(not idle)
        short = selected[:12] if selected else ""
        if selected and status is not None and self._graph is not None:
            ahead = self._count_pending_to(selected)
            self._upgrade_selected_action.setToolTip(
                self.tr("Upgrade to {0}: {1} pending revision(s) (Ctrl+Shift+U)").format(
                    short, ahead))
            self._downgrade_selected_action.setToolTip(
                self.tr("Downgrade to {0}: undo the applied revisions above it "
                        "(Ctrl+Shift+D)").format(short))
            self._stamp_action.setToolTip(
                self.tr("Stamp {0}: write it into the version table without running any "
                        "migration (Ctrl+Shift+T)").format(short))
        else:
            for action in (self._upgrade_selected_action, self._downgrade_selected_action,
                           self._stamp_action):
                action.setToolTip(self.tr("Select a revision in the graph first"))
        self._upgrade_one_action.setToolTip(
            self.tr("Upgrade one revision (+1) from {0} (Ctrl+Alt+U)").format(
                ", ".join(r[:12] for r in status.rows) or self.tr("base")) if status else "")
        self._downgrade_base_action.setToolTip(
            self.tr("Undo every applied revision: {0} downgrade(s)").format(
                len(status.applied)) if status else "")
        self._refresh_action.setEnabled(self._project is not None and idle)
        self._open_action.setEnabled(idle)
        self._recent_menu.setEnabled(idle and not self._recent_menu.isEmpty())
        self._cancel_action.setEnabled(self._migrations.is_busy())
        self._profile_selector.setEnabled(idle)
        self._manage_profiles_action.setEnabled(idle)
        self._graph_panel.set_operations_enabled(bool(has_db and idle))
        self._upgrade_action.setToolTip(
            self.tr("Upgrade to head: {0} pending revision(s) (Ctrl+U)").format(pending)
            if status
            else self.tr("Upgrade the database to head (Ctrl+U)")
        )
        current = ", ".join(r[:12] for r in status.rows) if status else ""
        self._downgrade_action.setToolTip(
            self.tr("Downgrade one step from {0} (Ctrl+D)").format(current)
            if current
            else self.tr("Downgrade the database by one revision (Ctrl+D)")
        )

    def _update_title(self) -> None:
        parts = ["Migrator"]
        if self._project is not None:
            parts.append(self._project.name)
        if self._profile is not None:
            parts.append(f"{self._profile.name} ({translated(self._profile.describe())})")
        elif self._url:
            parts.append(redact_url(self._url))
        self.setWindowTitle(" — ".join(parts))

    def _show_error(self, message: str, details: str = "") -> None:
        message = translated(message)
        self._error_banner.show_error(message, details)
        self._log.append_line(self.tr("Error: {0}").format(message))

    def _confirm(self, question: str, informative: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Confirm"), question,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmDialog")
        box.setInformativeText(informative)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _restore_state(self) -> None:
        settings = QSettings()
        settings.beginGroup(_SETTINGS_GROUP)
        geometry = settings.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for name, splitter in (("main", self._main_splitter), ("top", self._top_splitter)):
            state = settings.value(f"{name}Splitter")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
        settings.endGroup()

    def _stop_all_jobs(self) -> None:
        """Stop every background job and wait for it, so no thread outlives the window and no
        child process goes on migrating without anyone watching."""
        if self._jobs:
            self.statusBar().showMessage(self.tr("Stopping…"))
        self._details.shutdown(timeout_ms=5_000)
        watch = self._lock_watch
        self._stop_lock_watch()
        if watch is not None:
            watch.stop(3_000)
        self._migrations.shutdown(timeout_ms=15_000)
        self._status_service.shutdown(timeout_ms=5_000)
        for job in list(self._jobs):  # graph loads
            job.stop(2_000)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._migrations.is_busy():
            answer = QMessageBox.question(
                self,
                self.tr("A migration is running"),
                self.tr("A migration is still running. Stop it and quit?"),
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
        self._reload_timer.stop()
        self._stop_all_jobs()
        settings = QSettings()
        settings.beginGroup(_SETTINGS_GROUP)
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("mainSplitter", self._main_splitter.saveState())
        settings.setValue("topSplitter", self._top_splitter.saveState())
        settings.endGroup()
        super().closeEvent(event)
