"""The main window: project, database, revision list, details, log, and the run buttons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.errors import MigratorError, ProjectError, RunnerError
from migrator_gui.core.profiles import ConnectionProfile, ProfileError, ProfileStore
from migrator_gui.core.project import Project, open_project
from migrator_gui.core.protocol import Result
from migrator_gui.core.recent import load_recent, remember_project
from migrator_gui.core.revisions import RevisionGraph
from migrator_gui.core.status import DbStatus, StatusKind, classify, unreachable
from migrator_gui.core.urls import check_url, describe_database, redact_url
from migrator_gui.services.graph import LoadGraphJob
from migrator_gui.services.jobs import Job
from migrator_gui.services.migrate import MigrationService
from migrator_gui.services.status import StatusService
from migrator_gui.ui.confirm_database_dialog import ConfirmDatabaseDialog
from migrator_gui.ui.error_banner import ErrorBanner
from migrator_gui.ui.log_pane import LogPane
from migrator_gui.ui.revision_details_view import RevisionDetailsView
from migrator_gui.ui.revision_list_model import RevisionListModel

_SETTINGS_GROUP = "MainWindow"


class MainWindow(QMainWindow):
    """One project, one database: see the revisions and their state, upgrade and downgrade."""

    job_finished = Signal()
    """Any job (graph load, status read, migration) ended; emitted on the GUI thread after the
    window has taken in its result (marks, status label, log)."""
    graph_loaded = Signal()
    """The revision list shows a freshly loaded graph."""
    status_changed = Signal(object)
    """The database status was re-read: a :class:`DbStatus`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self._project: Project | None = None
        self._graph: RevisionGraph | None = None
        self._status: DbStatus | None = None
        self._url = ""
        self._profile: ConnectionProfile | None = None
        self._profiles = ProfileStore()
        self._session_passwords: dict[str, str] = {}
        """Passwords typed at a prompt, by profile id: kept in memory only, for this session."""
        self._jobs: list[Job] = []
        self._migrations = MigrationService(self)
        self._status_service = StatusService(self)

        self._model = RevisionListModel(self)
        self._build_actions()
        self._build_widgets()
        self._build_menus()
        self._restore_state()
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
    def revision_model(self) -> RevisionListModel:
        return self._model

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
            self._show_error(str(exc))
            return False
        self._project = project
        self._graph = None
        self._status = None
        self._model.set_graph(None)
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
        self._reload_profile_selector(last.name if last else None)
        if last is not None and self._use_profile(last):
            pass
        else:
            if url is None and project.sqlalchemy_url and check_url(project.sqlalchemy_url) is None:
                url = project.sqlalchemy_url
            self._use_custom_url((url or "").strip())
        self._update_title()
        self.reload()
        return True

    def set_database_url(self, url: str) -> None:
        """Select the database at ``url`` (no profile) and read its state."""
        self._reload_profile_selector(None)
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
            self._show_error(str(exc))
            return False
        self._reload_profile_selector(name)
        if not self._use_profile(profile):
            self._reload_profile_selector(None)
            self._use_custom_url(self._url if self._profile is None else "")
            return False
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
        self._url_edit.setText(profile.display_url())
        self._url_edit.setReadOnly(True)
        self._url_edit.setToolTip(
            self.tr("Profile '{0}': edit it with Manage Profiles (Ctrl+P).").format(profile.name)
        )
        self._update_production_banner()
        if self._project is not None:
            try:
                self._profiles.set_last_used(self._project.root, profile.name)
            except (OSError, ProfileError) as exc:
                self._log.append_line(str(exc))
        return True

    def _use_custom_url(self, url: str) -> None:
        self._profile = None
        self._url = url
        self._url_edit.setReadOnly(False)
        self._url_edit.setText(url)
        self._url_edit.setToolTip(
            self.tr("SQLAlchemy URL of the database to inspect and migrate. Press Enter to "
                    "connect. Save it as a profile to keep its password out of sight.")
        )
        self._update_production_banner()

    def _ask_password(self, profile: ConnectionProfile) -> str | None:
        why = self._profiles.vault.message if not self._profiles.vault.persistent else ""
        text, ok = QInputDialog.getText(
            self,
            self.tr("Password for {0}").format(profile.name),
            self.tr("Password of {0} for {1}:").format(profile.username, profile.describe())
            + (f"\n{why}" if why else ""),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def _reload_profile_selector(self, select: str | None) -> None:
        selector = self._profile_selector
        selector.blockSignals(True)
        selector.clear()
        selector.addItem(self.tr("Custom URL"), None)
        selector.setItemData(0, self.tr("Type a database URL in the box"),
                             Qt.ItemDataRole.ToolTipRole)
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
        index = selector.findData(select) if select else 0
        selector.setCurrentIndex(max(index, 0))
        selector.blockSignals(False)
        if self._profiles.load_problem:
            self._show_error(self._profiles.load_problem)

    def _update_production_banner(self) -> None:
        profile = self._profile
        if profile is not None and profile.is_production:
            self._production_banner.setText(
                self.tr("PRODUCTION — {0} ({1}): every write asks you to type the database name")
                .format(profile.name, profile.describe())
            )
            self._production_banner.show()
        else:
            self._production_banner.hide()

    def select_revision(self, rev_id: str) -> bool:
        """Select ``rev_id`` (a full id or a unique prefix) in the revision list and show it."""
        row = self._model.row_of(rev_id)
        if row is None and self._graph is not None:
            try:
                row = self._model.row_of(self._graph.resolve(rev_id))
            except MigratorError:
                row = None
        if row is None:
            return False
        index = self._model.index(row, RevisionListModel.REVISION)
        self._table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._table.scrollTo(index)
        return True

    def selected_revision(self) -> str | None:
        index = self._table.selectionModel().currentIndex()
        return self._model.revision_at(index.row()) if index.isValid() else None

    def reload(self) -> None:
        """Re-read versions/ and the database state."""
        if self._project is None:
            return
        job = LoadGraphJob(self._project, self)
        job.result.connect(self._on_graph_job_result)
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
            job, self.tr("Reading {0}").format(describe_database(self._url)), started=True
        )

    def upgrade(self) -> None:
        """Upgrade the selected database to every head (``alembic upgrade heads``)."""
        if not self._confirm_production(self.tr("Upgrade"), self.tr(
            "Every pending revision will run: {0}.").format(
                len(self._status.pending) if self._status else "?")):
            return
        self._run_migration("upgrade", "heads")

    def _confirm_production(self, action: str, detail: str) -> bool:
        """On a production profile, the user types the database name; elsewhere, True."""
        profile = self._profile
        if profile is None or not profile.is_production:
            return True
        name = profile.database or profile.name
        dialog = ConfirmDatabaseDialog(action, name, detail, self)
        return dialog.exec() == ConfirmDatabaseDialog.DialogCode.Accepted

    def downgrade(self) -> None:
        """Downgrade the selected database by one step (``alembic downgrade -1``)."""
        detail = self.tr(
            "A downgrade runs the downgrade() of the current revision: it may drop tables or "
            "columns and their data."
        )
        if self._profile is not None and self._profile.is_production:
            if self._confirm_production(self.tr("Downgrade"), detail):
                self._run_migration("downgrade", "-1")
            return
        if not self._confirm(
            self.tr("Downgrade {0} by one revision?").format(describe_database(self._url)),
            self.tr(
                "A downgrade runs the downgrade() of the current revision: it may drop tables or "
                "columns and their data."
            ),
        ):
            return
        self._run_migration("downgrade", "-1")

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

        self._upgrade_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowUp), self.tr("&Upgrade"), self
        )
        self._upgrade_action.setShortcut(QKeySequence("Ctrl+U"))
        self._upgrade_action.triggered.connect(self.upgrade)

        self._downgrade_action = QAction(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowDown), self.tr("&Downgrade"), self
        )
        self._downgrade_action.setShortcut(QKeySequence("Ctrl+D"))
        self._downgrade_action.triggered.connect(self.downgrade)

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
        toolbar.addWidget(self._upgrade_button)
        toolbar.addWidget(self._downgrade_button)
        toolbar.addWidget(self._tool_button(self._cancel_action, "cancelButton"))
        toolbar.addSeparator()
        toolbar.addWidget(self._tool_button(self._refresh_action, "refreshButton"))

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)

        url_row = QHBoxLayout()
        url_label = QLabel(self.tr("&Database:"), central)
        self._url_edit = QLineEdit(central)
        self._url_edit.setObjectName("databaseUrlEdit")
        self._url_edit.setPlaceholderText(
            "sqlite:///app.db  ·  postgresql+psycopg2://user@host/db  ·  "
            "mysql+pymysql://user@host/db?charset=utf8mb4"
        )
        self._url_edit.setAccessibleName(self.tr("Database URL"))
        url_label.setBuddy(self._url_edit)
        self._url_edit.returnPressed.connect(self._on_url_edit_return_pressed)
        self._connect_button = QPushButton(self.tr("Connect"), central)
        self._connect_button.setObjectName("connectButton")
        self._connect_button.setToolTip(self.tr("Read the version table of this database"))
        self._connect_button.clicked.connect(self._on_url_edit_return_pressed)
        profile_label = QLabel(self.tr("&Profile:"), central)
        self._profile_selector = QComboBox(central)
        self._profile_selector.setObjectName("profileSelector")
        self._profile_selector.setMinimumContentsLength(16)
        self._profile_selector.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
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
        url_row.addSpacing(12)
        url_row.addWidget(url_label)
        url_row.addWidget(self._url_edit, 1)
        url_row.addWidget(self._connect_button)
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

        self._table = QTableView(central)
        self._table.setObjectName("revisionGraph")
        self._table.setAccessibleName(self.tr("Revisions"))
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setAlternatingRowColors(True)
        self._table.setShowGrid(False)
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        self._table.verticalHeader().setDefaultSectionSize(
            self._table.fontMetrics().height() + 8
        )
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in ((0, 64), (1, 110), (2, 290), (3, 130), (4, 150)):
            header.resizeSection(col, width)
        self._table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)

        self._details = RevisionDetailsView(central)
        self._details.revision_link_clicked.connect(self.select_revision)

        self._log = LogPane(central)

        self._top_splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self._top_splitter.setObjectName("topSplitter")
        self._top_splitter.addWidget(self._table)
        self._top_splitter.addWidget(self._details)
        self._top_splitter.setStretchFactor(0, 3)
        self._top_splitter.setStretchFactor(1, 2)
        self._main_splitter = QSplitter(Qt.Orientation.Vertical, central)
        self._main_splitter.setObjectName("mainSplitter")
        self._main_splitter.addWidget(self._top_splitter)
        self._main_splitter.addWidget(self._log)
        self._main_splitter.setStretchFactor(0, 4)
        self._main_splitter.setStretchFactor(1, 1)
        layout.addWidget(self._main_splitter, 1)
        self.setCentralWidget(central)

        self._db_status_label = QLabel(self.tr("No project open"), self)
        self._db_status_label.setObjectName("dbStatusLabel")
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
        self._recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        self._recent_menu.setObjectName("recentMenu")
        self._update_recent_menu(load_recent())
        file_menu.addSeparator()
        file_menu.addAction(self._quit_action)
        db_menu = self.menuBar().addMenu(self.tr("&Database"))
        db_menu.addAction(self._manage_profiles_action)
        db_menu.addSeparator()
        db_menu.addAction(self._upgrade_action)
        db_menu.addAction(self._downgrade_action)
        db_menu.addAction(self._cancel_action)
        db_menu.addSeparator()
        db_menu.addAction(self._refresh_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = help_menu.addAction(self.tr("&About Migrator"))
        about.triggered.connect(self._on_about_action_triggered)

    def _update_recent_menu(self, projects: list[Path]) -> None:
        self._recent_menu.clear()
        for path in projects:
            action = self._recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        self._recent_menu.setEnabled(bool(projects))

    # -- jobs --------------------------------------------------------------------------------
    def _start_job(self, job: Job, description: str, *, started: bool = False) -> None:
        """Follow ``job`` (and start it unless a service ``started`` it already)."""
        if job in self._jobs:
            return
        self._jobs.append(job)
        job.log.connect(self._log.append_line)
        job.progress.connect(self._on_job_progress)
        job.error.connect(self._on_job_error)
        job.finished.connect(lambda j=job: self._on_job_finished(j))
        self._progress.setRange(0, 0)
        self._progress.show()
        self.statusBar().showMessage(description + "…")
        self._update_actions()
        if not started:
            job.start()

    def _run_migration(self, operation: str, target: str) -> None:
        if self._project is None or self.busy:
            return
        problem = check_url(self._url)
        if problem:
            self._show_error(problem)
            return
        self._error_banner.hide()
        db = describe_database(self._url)
        self._log.append_line(
            self.tr("{0} {1} to {2}").format(operation.capitalize(), db, target)
        )
        try:
            if operation == "upgrade":
                job = self._migrations.upgrade(self._project, self._url, target)
            else:
                job = self._migrations.downgrade(self._project, self._url, target)
        except MigratorError as exc:
            self._show_error(str(exc))
            return
        job.result.connect(self._on_migration_job_result)
        self._start_job(job, self.tr("{0} {1}").format(operation.capitalize(), db), started=True)

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
        self._error_banner.show_error(str(error), details or getattr(error, "details", ""))

    def _on_job_finished(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        if not self._jobs:
            self._progress.hide()
            self._progress.setTextVisible(False)
            self.statusBar().clearMessage()
        self._update_actions()
        job.deleteLater()
        self.job_finished.emit()

    def _on_graph_job_result(self, graph: object) -> None:
        assert isinstance(graph, RevisionGraph)
        previous = self.selected_revision()
        self._graph = graph
        self._model.set_graph(graph)
        self._log.append_line(
            self.tr("Read {0} revisions: heads {1}").format(
                len(graph), ", ".join(h[:12] for h in graph.heads) or "none"
            )
        )
        for node in graph.broken:
            self._log.append_line(self.tr("Unreadable revision file: {0}").format(node.error))
        for problem in getattr(graph, "problems", ()):
            self._log.append_line(problem)
        self.graph_loaded.emit()
        if (previous and not self.select_revision(previous)) or not previous:
            if graph.heads:
                self.select_revision(graph.heads[0])
        self.refresh_status()
        self._check_revision_syntax()

    def _on_syntax_job_result(self, graph: object) -> None:
        assert isinstance(graph, RevisionGraph)
        current = self._graph
        if current is None:
            return
        if [(n.revision, n.error) for n in graph.broken] == [
            (n.revision, n.error) for n in current.broken
        ] and tuple(graph) == tuple(current):
            return
        selected = self.selected_revision()
        self._graph = graph
        self._model.set_graph(graph)
        for node in graph.broken:
            self._log.append_line(self.tr("Unreadable revision file: {0}").format(node.error))
        status = self._status
        if status is not None and status.kind is not StatusKind.UNREACHABLE:
            self._set_status(
                classify(
                    None if status.kind is StatusKind.NO_TABLE else status.rows,
                    graph,
                    version_table=status.version_table,
                    version_table_schema=status.version_table_schema,
                )
            )
        if selected:
            self.select_revision(selected)
        self.graph_loaded.emit()

    def _on_status_job_result(self, result: object) -> None:
        assert isinstance(result, Result)
        self._apply_result(result)

    def _on_status_job_error(self, error: object) -> None:
        self._set_status(unreachable(str(error)))

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

    def _set_status(self, status: DbStatus | None) -> None:
        selected = self.selected_revision()
        self._status = status
        self._model.set_status(status)
        if status is None:
            self._db_status_label.setText(self.tr("No database selected"))
        else:
            self._db_status_label.setText(status.summary())
            color = {
                StatusKind.AT_HEADS: "#2e7d32",
                StatusKind.BEHIND: "#ef6c00",
                StatusKind.UNKNOWN_REVISION: "#d32f2f",
                StatusKind.UNREACHABLE: "#d32f2f",
            }.get(status.kind, "")
            self._db_status_label.setStyleSheet(f"color: {color}" if color else "")
        if selected:
            self.select_revision(selected)
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

    def _on_url_edit_return_pressed(self) -> None:
        if self._profile is not None:
            self.refresh_status()  # the box shows the profile (no password): just re-read
        else:
            self.set_database_url(self._url_edit.text())

    def _on_profile_selector_activated(self, index: int) -> None:
        name = self._profile_selector.itemData(index)
        if name is None:
            self.set_database_url("")
            self._url_edit.setFocus()
        else:
            self.select_profile(str(name))

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

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rev = self._model.revision_at(current.row())
        if rev is None or self._graph is None:
            self._details.show_placeholder()
            return
        self._details.show_revision(self._graph, rev, self._model.state_label(rev))

    def _on_about_action_triggered(self) -> None:
        from migrator_gui import __version__

        QMessageBox.about(
            self,
            self.tr("About Migrator"),
            self.tr("<b>Migrator</b> {0}<br>Alembic migrations, visible and safe.").format(
                __version__
            ),
        )

    # -- helpers -----------------------------------------------------------------------------
    def _update_actions(self) -> None:
        has_db = self._project is not None and self._graph is not None and bool(self._url)
        idle = not self.busy
        status = self._status
        pending = len(status.pending) if status else 0
        readable = status is not None and status.kind is not StatusKind.UNREACHABLE
        can_upgrade = has_db and idle and readable and pending > 0
        can_downgrade = has_db and idle and status is not None and bool(status.rows)
        self._upgrade_action.setEnabled(bool(can_upgrade))
        self._downgrade_action.setEnabled(bool(can_downgrade))
        self._refresh_action.setEnabled(self._project is not None and idle)
        self._open_action.setEnabled(idle)
        self._recent_menu.setEnabled(idle and not self._recent_menu.isEmpty())
        self._cancel_action.setEnabled(self._migrations.is_busy())
        self._profile_selector.setEnabled(idle)
        self._manage_profiles_action.setEnabled(idle)
        self._connect_button.setEnabled(idle and self._project is not None)
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
            parts.append(f"{self._profile.name} ({self._profile.describe()})")
        elif self._url:
            parts.append(redact_url(self._url))
        self.setWindowTitle(" — ".join(parts))

    def _show_error(self, message: str, details: str = "") -> None:
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
        self._stop_all_jobs()
        settings = QSettings()
        settings.beginGroup(_SETTINGS_GROUP)
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("mainSplitter", self._main_splitter.saveState())
        settings.setValue("topSplitter", self._top_splitter.saveState())
        settings.endGroup()
        super().closeEvent(event)
