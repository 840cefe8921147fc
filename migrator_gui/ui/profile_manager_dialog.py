"""The profile manager: add, edit, duplicate, delete, reorder and test connection profiles.

Unsaved edits are never dropped silently: selecting another profile, Add, Duplicate, Import and
closing ask "Save changes to profile 'X'?" (Save / Discard / Cancel) when the form differs from the
profile as it was loaded; "Use" saves pending edits first. The window title carries a ``*`` and
Save is enabled while there is something to save.

The password of a profile lives in exactly two places: the password field of this dialog and
``store.save(profile, password)`` (which hands it to the keyring, or keeps it in memory for the
session). Everything else - the list, tooltips, result lines, messages, the clipboard - shows URLs
rendered without password.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.errors import MigratorError
from migrator_gui.core.profiles import (
    DEFAULT_DRIVERS,
    DEFAULT_PORTS,
    ENVIRONMENTS,
    MAX_LOCK_TIMEOUT,
    ConnectionProfile,
    ProfileError,
    ProfileStore,
    environment_colour,
    normalize_folder,
)
from migrator_gui.services.connection import ConnectionReport, TestConnectionJob
from migrator_gui.ui.i18n import message_of, translated
from migrator_gui.ui.profile_list_model import ProfileListModel

__all__ = ["ProfileManagerDialog"]

_DIALECT_LABELS = (
    ("sqlite", "SQLite"),
    ("postgresql", "PostgreSQL"),
    ("mysql", "MySQL · MariaDB"),
)
_SSLMODES = ("", "disable", "allow", "prefer", "require", "verify-ca", "verify-full")
_PROBLEM_STYLE = "color: #c62828;"
_NOTE_STYLE = "color: #8a6d00;"


def _swatch(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


_FormState = tuple[ConnectionProfile, str, str | None]
"""What the form holds, for the unsaved-changes check: (profile without id, options text,
password or None for SQLite)."""


def _parse_options(text: str) -> tuple[dict[str, str], str | None]:
    """``key=value&...`` -> (options, problem)."""
    text = text.strip()
    if not text:
        return {}, None
    try:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        return {}, QCoreApplication.translate(
            "ProfileManagerDialog",
            "The advanced options '{0}' are not key=value pairs separated by & "
            "(e.g. connect_timeout=10&application_name=migrator).",
        ).format(text)
    return dict(pairs), None


class ProfileManagerDialog(QDialog):
    """Manage the connection profiles of a :class:`ProfileStore`; choose one with "Use"."""

    profile_chosen = Signal(str)
    """The user pressed "Use" (or double-clicked a profile): the profile's name. The dialog then
    accepts."""

    def __init__(
        self,
        store: ProfileStore,
        project_folder: Path | None,
        parent: QWidget | None = None,
        *,
        project_url: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileManagerDialog")
        self.setWindowTitle(self.tr("Connection profiles[*]"))
        self._store = store
        self._project_folder = project_folder
        self._project_key = normalize_folder(project_folder) if project_folder else None
        self._project_url = project_url
        self._current_name: str | None = None  # None: a new, unsaved profile
        self._current_id: str | None = None
        self._current_projects: tuple[str, ...] = ()
        self._current_driver = ""
        self._loading = False
        self._quiet = False  # True: list changes made by the dialog itself, never asked about
        self._valid = False
        self._baseline: _FormState | None = None  # the form as loaded; None: nothing loaded yet
        self._always_dirty = False  # an import that could not be saved: unsaved from the start
        self._pending_switch: str | None = None  # the profile the user selected while editing
        self._job: TestConnectionJob | None = None
        self._switch_timer = QTimer(self)
        self._switch_timer.setSingleShot(True)
        self._switch_timer.setInterval(0)

        self._model = ProfileListModel(self)
        self._build_widgets()
        self._connect_signals()
        self._reload(select=None)
        self._update_notices()

    # -- public surface --------------------------------------------------------------------
    @property
    def model(self) -> ProfileListModel:
        return self._model

    @property
    def current_name(self) -> str | None:
        """The saved profile being edited (None: a new one)."""
        return self._current_name

    @property
    def testing(self) -> bool:
        return self._job is not None

    @property
    def has_unsaved_changes(self) -> bool:
        """The form differs from the profile as it was loaded or last saved (a new profile that
        was not touched has none)."""
        if self._always_dirty:
            return True
        return self._baseline is not None and self._form_state() != self._baseline

    def select_profile(self, name: str) -> bool:
        """Select ``name`` in the list as a user would: with unsaved edits the user is asked
        first (a moment later, once the event loop runs)."""
        row = self._model.row_of(name)
        if row is None:
            return False
        self._list.setCurrentIndex(self._model.index(row, 0))
        return True

    def form_profile(self) -> ConnectionProfile:
        """The profile as the form shows it (never with a password)."""
        dialect = str(self._dialect.currentData())
        options, _ = _parse_options(self._options.text())
        projects = set(self._current_projects)
        if self._project_key:
            projects = {p for p in projects if normalize_folder(p) != self._project_key}
            if self._belongs.isChecked():
                projects.add(self._project_key)
        values: dict[str, object] = {
            "name": self._name.text().strip(),
            "dialect": dialect,
            "driver": self._current_driver,
            "options": options,
            "environment": str(self._environment.currentData()),
            "lock_timeout": self._lock_timeout.value(),
            "projects": tuple(sorted(projects)),
        }
        if self._current_id:
            values["id"] = self._current_id
        if dialect == "sqlite":
            values["database"] = (
                ":memory:" if self._memory.isChecked() else self._sqlite_path.text().strip()
            )
        else:
            values.update(
                host=self._host.text().strip(),
                port=self._port.text().strip() or None,
                database=self._database.text().strip(),
                username=self._user.text().strip(),
            )
            if dialect == "postgresql":
                values.update(
                    sslmode=str(self._sslmode.currentData()),
                    version_table_schema=self._schema.text().strip(),
                )
            else:
                values.update(
                    charset=self._charset.text().strip(), ssl_ca=self._ssl_ca.text().strip()
                )
        return ConnectionProfile(**values)  # type: ignore[arg-type]

    def problems(self) -> list[str]:
        profile = self.form_profile()
        problems = [translated(problem) for problem in profile.validate()]
        _, option_problem = _parse_options(self._options.text())
        if option_problem:
            problems.append(translated(option_problem))
        return problems

    # -- building --------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        # Left: the list.
        self._only_project = QCheckBox(self.tr("Only this &project's profiles"), self)
        self._only_project.setObjectName("onlyProjectCheck")
        self._only_project.setToolTip(
            self.tr("Show only the profiles of this project and the shared ones")
        )
        self._only_project.setAccessibleName(self.tr("Only this project's profiles"))
        self._only_project.setVisible(self._project_folder is not None)
        self._only_project.setChecked(self._project_folder is not None)

        self._list = QListView(self)
        self._list.setObjectName("profileList")
        self._list.setModel(self._model)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._list.setAccessibleName(self.tr("Profiles"))
        self._list.setToolTip(self.tr("Your connection profiles; double-click one to use it"))
        self._list.setMinimumWidth(200)
        self._list.setIconSize(QSize(12, 12))

        def button(text: str, name: str, tip: str) -> QPushButton:
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.setAccessibleName(text.replace("&", "").rstrip("…"))
            b.setAutoDefault(False)
            return b

        self._add_button = button(
            self.tr("&Add"), "addProfileButton", self.tr("Start a new profile")
        )
        self._duplicate_button = button(
            self.tr("Duplicate"),
            "duplicateProfileButton",
            self.tr("Copy the selected profile (Ctrl+D)"),
        )
        self._delete_button = button(
            self.tr("&Delete"),
            "deleteProfileButton",
            self.tr("Delete the selected profile and its password"),
        )
        self._up_button = button(
            self.tr("Move up"), "moveUpButton", self.tr("Move the profile up (Ctrl+Up)")
        )
        self._down_button = button(
            self.tr("Move down"), "moveDownButton", self.tr("Move the profile down (Ctrl+Down)")
        )
        self._duplicate_button.setShortcut(QKeySequence("Ctrl+D"))
        self._up_button.setShortcut(QKeySequence("Ctrl+Up"))
        self._down_button.setShortcut(QKeySequence("Ctrl+Down"))
        list_buttons = QGridLayout()
        list_buttons.addWidget(self._add_button, 0, 0)
        list_buttons.addWidget(self._duplicate_button, 0, 1)
        list_buttons.addWidget(self._delete_button, 0, 2)
        list_buttons.addWidget(self._up_button, 1, 0)
        list_buttons.addWidget(self._down_button, 1, 1)
        left = QVBoxLayout()
        left.addWidget(self._only_project)
        left.addWidget(self._list, 1)
        left.addLayout(list_buttons)

        # Right: the form.
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def line(name: str, accessible: str, tip: str, placeholder: str = "") -> QLineEdit:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.setAccessibleName(accessible)
            edit.setToolTip(tip)
            if placeholder:
                edit.setPlaceholderText(placeholder)
            return edit

        def row(label_text: str, field: QWidget, buddy: QWidget | None = None) -> QLabel:
            label = QLabel(label_text, self)
            label.setBuddy(buddy or field)
            self._form.addRow(label, field)
            return label

        self._name = line(
            "profileName", self.tr("Profile name"), self.tr("A name you choose, e.g. 'local'")
        )
        row(self.tr("&Name:"), self._name)

        self._dialect = QComboBox(self)
        self._dialect.setObjectName("dialectCombo")
        self._dialect.setAccessibleName(self.tr("Database type"))
        self._dialect.setToolTip(self.tr("The kind of database server"))
        for value, text in _DIALECT_LABELS:
            self._dialect.addItem(text, value)
        self._driver = QLabel(self)
        self._driver.setObjectName("driverLabel")
        self._driver.setToolTip(self.tr("The Python driver used to connect"))
        self._driver.setAccessibleName(self.tr("Driver"))
        dialect_box = QWidget(self)
        dialect_layout = QHBoxLayout(dialect_box)
        dialect_layout.setContentsMargins(0, 0, 0, 0)
        dialect_layout.addWidget(self._dialect, 1)
        dialect_layout.addWidget(self._driver)
        row(self.tr("T&ype:"), dialect_box, self._dialect)

        # SQLite
        self._sqlite_path = line(
            "sqlitePath",
            self.tr("SQLite file"),
            self.tr("The database file; it is created by the first upgrade if it does not exist"),
            self.tr("path/to/app.db"),
        )
        self._browse_sqlite = QPushButton(self.tr("Browse…"), self)
        self._browse_sqlite.setObjectName("browseSqliteButton")
        self._browse_sqlite.setToolTip(self.tr("Choose the SQLite database file"))
        self._browse_sqlite.setAccessibleName(self.tr("Browse for the SQLite file"))
        self._browse_sqlite.setAutoDefault(False)
        self._memory = QCheckBox(self.tr(":&memory:"), self)
        self._memory.setObjectName("memoryCheck")
        self._memory.setToolTip(self.tr("A temporary in-memory database (gone when disconnected)"))
        self._memory.setAccessibleName(self.tr("In-memory database"))
        sqlite_box = QWidget(self)
        sqlite_layout = QHBoxLayout(sqlite_box)
        sqlite_layout.setContentsMargins(0, 0, 0, 0)
        sqlite_layout.addWidget(self._sqlite_path, 1)
        sqlite_layout.addWidget(self._browse_sqlite)
        sqlite_layout.addWidget(self._memory)
        row(self.tr("&File:"), sqlite_box, self._sqlite_path)
        self._sqlite_rows: list[QWidget] = [sqlite_box]

        # Servers
        self._host = line(
            "hostEdit", self.tr("Host"), self.tr("Server host name or IP address"), "127.0.0.1"
        )
        row(self.tr("&Host:"), self._host)
        self._port = line("portEdit", self.tr("Port"), self.tr("Server port (1 to 65535)"))
        self._port.setMaxLength(6)
        row(self.tr("P&ort:"), self._port)
        self._database = line("databaseEdit", self.tr("Database"), self.tr("The database name"))
        row(self.tr("Data&base:"), self._database)
        self._user = line("userEdit", self.tr("User"), self.tr("The user name to log in with"))
        row(self.tr("&User:"), self._user)
        self._password = line(
            "passwordEdit",
            self.tr("Password"),
            self.tr("Kept in the system keyring, never in a file"),
        )
        self._password.setEchoMode(QLineEdit.EchoMode.Password)
        self._show_password = QToolButton(self)
        self._show_password.setObjectName("showPasswordButton")
        self._show_password.setText(self.tr("Show"))
        self._show_password.setCheckable(True)
        self._show_password.setToolTip(self.tr("Show or hide the password"))
        self._show_password.setAccessibleName(self.tr("Show password"))
        password_box = QWidget(self)
        password_layout = QHBoxLayout(password_box)
        password_layout.setContentsMargins(0, 0, 0, 0)
        password_layout.addWidget(self._password, 1)
        password_layout.addWidget(self._show_password)
        row(self.tr("Pass&word:"), password_box, self._password)
        server_rows: list[QWidget] = [
            self._host,
            self._port,
            self._database,
            self._user,
            password_box,
        ]

        # PostgreSQL
        self._sslmode = QComboBox(self)
        self._sslmode.setObjectName("sslmodeCombo")
        self._sslmode.setAccessibleName(self.tr("SSL mode"))
        self._sslmode.setToolTip(
            self.tr("PostgreSQL sslmode; empty: the driver's default (prefer)")
        )
        for mode in _SSLMODES:
            self._sslmode.addItem(mode or self.tr("(driver default)"), mode)
        row(self.tr("SS&L mode:"), self._sslmode)
        self._schema = line(
            "versionSchemaEdit",
            self.tr("Version table schema"),
            self.tr("Schema of the alembic_version table; empty: the search path's"),
            "public",
        )
        row(self.tr("&Version schema:"), self._schema)
        self._pg_rows: list[QWidget] = [self._sslmode, self._schema]

        # MySQL
        self._charset = line(
            "charsetEdit",
            self.tr("Charset"),
            self.tr("Connection character set (utf8mb4 recommended)"),
        )
        row(self.tr("Cha&rset:"), self._charset)
        self._ssl_ca = line(
            "sslCaEdit", self.tr("SSL CA file"), self.tr("CA certificate file for SSL connections")
        )
        self._browse_ca = QPushButton(self.tr("Browse…"), self)
        self._browse_ca.setObjectName("browseSslCaButton")
        self._browse_ca.setToolTip(self.tr("Choose the CA certificate file"))
        self._browse_ca.setAccessibleName(self.tr("Browse for the SSL CA file"))
        self._browse_ca.setAutoDefault(False)
        ca_box = QWidget(self)
        ca_layout = QHBoxLayout(ca_box)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        ca_layout.addWidget(self._ssl_ca, 1)
        ca_layout.addWidget(self._browse_ca)
        row(self.tr("SS&L CA:"), ca_box, self._ssl_ca)
        self._mysql_rows: list[QWidget] = [self._charset, ca_box]
        self._server_rows = server_rows

        # Common
        self._environment = QComboBox(self)
        self._environment.setObjectName("environmentCombo")
        self._environment.setAccessibleName(self.tr("Environment"))
        self._environment.setToolTip(
            self.tr("Production profiles ask for confirmation before every change")
        )
        names = {
            "development": self.tr("development"),
            "staging": self.tr("staging"),
            "production": self.tr("production"),
        }
        for env in ENVIRONMENTS:
            self._environment.addItem(_swatch(environment_colour(env)), names.get(env, env), env)
        self._env_swatch = QLabel(self)
        self._env_swatch.setObjectName("environmentSwatch")
        self._env_swatch.setFixedSize(16, 16)
        self._env_swatch.setAccessibleName(self.tr("Environment colour"))
        self._env_swatch.setToolTip(self.tr("The environment's colour"))
        env_box = QWidget(self)
        env_layout = QHBoxLayout(env_box)
        env_layout.setContentsMargins(0, 0, 0, 0)
        env_layout.addWidget(self._environment, 1)
        env_layout.addWidget(self._env_swatch)
        row(self.tr("&Environment:"), env_box, self._environment)

        self._lock_timeout = QDoubleSpinBox(self)
        self._lock_timeout.setObjectName("lockTimeoutSpin")
        self._lock_timeout.setAccessibleName(self.tr("Lock timeout"))
        self._lock_timeout.setToolTip(
            self.tr(
                "How long a migration step may wait for a lock another session holds before it "
                "fails (PostgreSQL lock_timeout, MariaDB lock_wait_timeout, SQLite busy "
                "timeout). 0 waits forever."
            )
        )
        self._lock_timeout.setRange(0.0, MAX_LOCK_TIMEOUT)
        self._lock_timeout.setDecimals(1)
        self._lock_timeout.setSingleStep(1.0)
        self._lock_timeout.setSuffix(self.tr(" s"))
        self._lock_timeout.setSpecialValueText(self.tr("Wait forever"))  # shown for 0
        self._lock_timeout.setAccelerated(True)
        row(self.tr("Loc&k timeout:"), self._lock_timeout)

        self._belongs = QCheckBox(self.tr("Belongs to this pro&ject (else shared)"), self)
        self._belongs.setObjectName("belongsCheck")
        self._belongs.setAccessibleName(self.tr("Belongs to this project"))
        self._belongs.setToolTip(
            self.tr("Checked: listed only with this project; unchecked: shared by every project")
        )
        self._belongs.setEnabled(self._project_folder is not None)
        self._form.addRow("", self._belongs)

        self._advanced_toggle = QToolButton(self)
        self._advanced_toggle.setObjectName("advancedToggle")
        self._advanced_toggle.setText(self.tr("Advanced"))
        self._advanced_toggle.setCheckable(True)
        self._advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self._advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._advanced_toggle.setAutoRaise(True)
        self._advanced_toggle.setToolTip(self.tr("Show extra URL options"))
        self._advanced_toggle.setAccessibleName(self.tr("Advanced options"))
        self._form.addRow(self._advanced_toggle)
        self._options = line(
            "optionsEdit",
            self.tr("Extra URL options"),
            self.tr("Extra URL query options: key=value pairs separated by &"),
            "connect_timeout=10&application_name=migrator",
        )
        row(self.tr("E&xtra options:"), self._options)
        self._form.setRowVisible(self._options, False)

        self._problems = QLabel(self)
        self._problems.setObjectName("problemsLabel")
        self._problems.setWordWrap(True)
        self._problems.setStyleSheet(_PROBLEM_STYLE)
        self._problems.setAccessibleName(self.tr("Problems"))
        self._result = QLabel(self)
        self._result.setObjectName("testResultLabel")
        self._result.setWordWrap(True)
        self._result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._result.setAccessibleName(self.tr("Test result"))

        right = QVBoxLayout()
        right.addLayout(self._form)
        right.addWidget(self._problems)
        right.addWidget(self._result)
        right.addStretch(1)

        panes = QHBoxLayout()
        panes.addLayout(left, 2)
        panes.addLayout(right, 3)

        # Notices
        self._vault_note = QLabel(self)
        self._vault_note.setObjectName("keyringNotice")
        self._vault_note.setWordWrap(True)
        self._vault_note.setStyleSheet(_NOTE_STYLE)
        self._vault_note.setAccessibleName(self.tr("Keyring notice"))
        self._load_note = QLabel(self)
        self._load_note.setObjectName("loadProblemNotice")
        self._load_note.setWordWrap(True)
        self._load_note.setStyleSheet(_NOTE_STYLE)
        self._load_note.setAccessibleName(self.tr("Profile file notice"))

        # Buttons
        self._save_button = button(
            self.tr("Save"), "saveProfileButton", self.tr("Save the profile (Ctrl+S)")
        )
        self._save_button.setShortcut(QKeySequence.StandardKey.Save)
        self._test_button = button(
            self.tr("&Test connection"),
            "testConnectionButton",
            self.tr("Connect and report the server version and the alembic version table"),
        )
        self._import_button = button(
            self.tr("&Import…"), "importProfileButton", self.tr("Create a profile from a URL")
        )
        self._import_menu = QMenu(self._import_button)
        self._import_ini = QAction(self.tr("From alembic.ini"), self._import_menu)
        self._import_ini.setObjectName("importFromIniAction")
        self._import_ini.setEnabled(bool(project_url_or_none(self._project_url)))
        self._import_paste = QAction(self.tr("From a pasted URL…"), self._import_menu)
        self._import_paste.setObjectName("importFromPasteAction")
        self._import_env = QAction(self.tr("From DATABASE_URL"), self._import_menu)
        self._import_env.setObjectName("importFromEnvAction")
        self._import_menu.addAction(self._import_ini)
        self._import_menu.addAction(self._import_paste)
        self._import_menu.addAction(self._import_env)
        self._import_menu.aboutToShow.connect(self._on_import_menu_about_to_show)
        self._import_button.setMenu(self._import_menu)
        self._copy_button = button(
            self.tr("&Copy URL"), "copyUrlButton", self.tr("Copy the URL, without the password")
        )
        self._use_button = button(
            self.tr("U&se"), "useProfileButton", self.tr("Connect the main window to this profile")
        )
        self._close_button = button(
            self.tr("Close"), "closeButton", self.tr("Close this window (Esc)")
        )
        buttons = QHBoxLayout()
        for b in (self._save_button, self._test_button, self._import_button, self._copy_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self._use_button)
        buttons.addWidget(self._close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._vault_note)
        layout.addWidget(self._load_note)
        layout.addLayout(panes, 1)
        layout.addLayout(buttons)
        self.resize(860, 560)

    def _connect_signals(self) -> None:
        self._list.selectionModel().currentChanged.connect(self._on_list_current_changed)
        self._list.doubleClicked.connect(self._on_list_double_clicked)
        self._only_project.toggled.connect(self._on_only_project_toggled)
        self._add_button.clicked.connect(self._on_add_button_clicked)
        self._duplicate_button.clicked.connect(self._on_duplicate_button_clicked)
        self._delete_button.clicked.connect(self._on_delete_button_clicked)
        self._up_button.clicked.connect(self._on_up_button_clicked)
        self._down_button.clicked.connect(self._on_down_button_clicked)
        self._dialect.currentIndexChanged.connect(self._on_dialect_changed)
        self._environment.currentIndexChanged.connect(self._on_environment_changed)
        self._memory.toggled.connect(self._on_memory_toggled)
        self._show_password.toggled.connect(self._on_show_password_toggled)
        self._advanced_toggle.toggled.connect(self._on_advanced_toggled)
        self._browse_sqlite.clicked.connect(self._on_browse_sqlite_clicked)
        self._browse_ca.clicked.connect(self._on_browse_ca_clicked)
        for edit in (
            self._name,
            self._sqlite_path,
            self._host,
            self._port,
            self._database,
            self._user,
            self._schema,
            self._charset,
            self._ssl_ca,
            self._options,
            self._password,
        ):
            edit.textChanged.connect(self._on_form_changed)
        self._sslmode.currentIndexChanged.connect(self._on_form_changed)
        self._lock_timeout.valueChanged.connect(self._on_form_changed)
        self._belongs.toggled.connect(self._on_form_changed)
        self._save_button.clicked.connect(self._on_save_button_clicked)
        self._test_button.clicked.connect(self._on_test_button_clicked)
        self._copy_button.clicked.connect(self._on_copy_button_clicked)
        self._use_button.clicked.connect(self._on_use_button_clicked)
        self._close_button.clicked.connect(self.reject)
        self._import_ini.triggered.connect(self._on_import_ini_triggered)
        self._import_paste.triggered.connect(self._on_import_paste_triggered)
        self._import_env.triggered.connect(self._on_import_env_triggered)
        self._switch_timer.timeout.connect(self._on_switch_timer_timeout)

    # -- list ------------------------------------------------------------------------------
    def _visible_profiles(self) -> list[ConnectionProfile]:
        if self._project_folder is not None and self._only_project.isChecked():
            return self._store.for_project(self._project_folder)
        return self._store.load_all()

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """List changes made by the dialog itself: load what gets selected, never ask."""
        was = self._quiet
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = was

    def _reload(self, select: str | None) -> None:
        """Read the store again and select ``select`` (default: the profile being edited). Edits
        of the profile being edited are kept when it is selected again."""
        self._model.set_profiles(self._visible_profiles())
        target = select or self._current_name
        row = self._model.row_of(target) if target else None
        with self._quietly():
            if row is not None:
                self._list.setCurrentIndex(self._model.index(row, 0))
            elif self.has_unsaved_changes:
                pass  # the profile being typed in stays in the form
            elif self._current_name is None and self._model.rowCount() > 0:
                self._list.setCurrentIndex(self._model.index(0, 0))
            elif self._model.rowCount() == 0:
                self._new_profile()
        self._update_notices()
        self._update_buttons()

    def _show_edited_in_list(self) -> None:
        """Select the profile being edited again (none for a new one), without loading it."""
        row = self._model.row_of(self._current_name) if self._current_name else None
        with self._quietly():
            if row is None:
                self._list.clearSelection()
                self._list.setCurrentIndex(QModelIndex())
            else:
                self._list.setCurrentIndex(self._model.index(row, 0))
        self._update_buttons()

    def _unique_name(self, base: str) -> str:
        names = set(self._store.names())
        if base not in names:
            return base
        n = 2
        while f"{base} {n}" in names:
            n += 1
        return f"{base} {n}"

    def _new_profile(
        self, profile: ConnectionProfile | None = None, password: str = "", *, dirty: bool = False
    ) -> None:
        """Show a new, unsaved profile; ``dirty``: it counts as unsaved changes from the start."""
        with self._quietly():
            self._list.clearSelection()
            self._list.setCurrentIndex(QModelIndex())
        if profile is None:
            profile = ConnectionProfile(
                name=self._unique_name(self.tr("New profile")),
                dialect="postgresql",
                host="127.0.0.1",
                port=DEFAULT_PORTS["postgresql"],
                projects=(self._project_key,) if self._project_key else (),
            )
        self._load_profile(profile, password, saved=False, dirty=dirty)

    def _load_profile(
        self, profile: ConnectionProfile, password: str, *, saved: bool, dirty: bool = False
    ) -> None:
        self._loading = True
        try:
            self._current_name = profile.name if saved else None
            self._current_id = profile.id if saved else None
            self._current_projects = profile.projects
            self._current_driver = profile.driver
            self._name.setText(profile.name)
            self._dialect.setCurrentIndex(max(0, self._dialect.findData(profile.dialect)))
            is_sqlite = profile.dialect == "sqlite"
            self._memory.setChecked(is_sqlite and profile.database == ":memory:")
            self._sqlite_path.setText(
                profile.database if is_sqlite and profile.database != ":memory:" else ""
            )
            self._host.setText("" if is_sqlite else profile.host)
            port = (
                profile.port
                if profile.port not in (None, "")
                else DEFAULT_PORTS.get(profile.dialect, "")
            )
            self._port.setText("" if is_sqlite else str(port))
            self._database.setText("" if is_sqlite else profile.database)
            self._user.setText(profile.username)
            self._password.setText(password)
            self._sslmode.setCurrentIndex(max(0, self._sslmode.findData(profile.sslmode)))
            self._schema.setText(profile.version_table_schema)
            self._charset.setText(profile.charset)
            self._ssl_ca.setText(profile.ssl_ca)
            self._options.setText(urllib.parse.urlencode(dict(profile.options)))
            self._advanced_toggle.setChecked(bool(profile.options))
            self._environment.setCurrentIndex(
                max(0, self._environment.findData(profile.environment))
            )
            self._lock_timeout.setValue(profile.lock_timeout)
            self._belongs.setChecked(
                self._project_key is not None
                and self._project_key in {normalize_folder(p) for p in profile.projects}
            )
            self._result.clear()
        finally:
            self._loading = False
        self._baseline = self._form_state()
        self._always_dirty = dirty
        self._apply_dialect()
        self._on_environment_changed()
        self._validate()
        self._update_buttons()

    # -- form ------------------------------------------------------------------------------
    def _apply_dialect(self) -> None:
        dialect = str(self._dialect.currentData())
        driver = self._current_driver or DEFAULT_DRIVERS.get(dialect, "")
        self._driver.setText(self.tr("driver: {0}").format(driver))
        for widget in self._sqlite_rows:
            self._form.setRowVisible(widget, dialect == "sqlite")
        for widget in self._server_rows:
            self._form.setRowVisible(widget, dialect != "sqlite")
        for widget in self._pg_rows:
            self._form.setRowVisible(widget, dialect == "postgresql")
        for widget in self._mysql_rows:
            self._form.setRowVisible(widget, dialect == "mysql")
        self._sqlite_path.setEnabled(not self._memory.isChecked())
        self._browse_sqlite.setEnabled(not self._memory.isChecked())
        self._test_button.setText(self.tr("&Test connection"))

    def _form_state(self) -> _FormState:
        return (
            replace(self.form_profile(), id=""),
            self._options.text().strip(),
            self._password_for_save(),
        )

    def _mark_clean(self) -> None:
        self._baseline = self._form_state()
        self._always_dirty = False

    def _validate(self) -> bool:
        problems = self.problems()
        self._problems.setText("\n".join(problems))
        self._problems.setVisible(bool(problems))
        self._valid = not problems
        self._update_buttons()
        return not problems

    def _update_buttons(self) -> None:
        row = self._list.currentIndex().row() if self._list.currentIndex().isValid() else -1
        saved = self._current_name is not None and row >= 0
        changed = self.has_unsaved_changes
        self._duplicate_button.setEnabled(saved)
        self._delete_button.setEnabled(saved)
        self._up_button.setEnabled(saved and row > 0)
        self._down_button.setEnabled(saved and row < self._model.rowCount() - 1)
        # Use saves pending edits first (and says so when they cannot be saved).
        self._use_button.setEnabled(saved or changed)
        self._save_button.setEnabled(self._valid and (changed or self._current_name is None))
        self.setWindowModified(changed)
        self._test_button.setEnabled(self._job is None)

    def _save_form(self) -> bool:
        """Save the form to the store; False (with the reason shown) when it cannot be."""
        if not self._validate():
            self._result.setStyleSheet(_PROBLEM_STYLE)
            self._result.setText(self.tr("Not saved: fix the problems above first."))
            return False
        profile = self.form_profile()
        try:
            saved = self._store.save(profile, self._password_for_save(), replace=self._current_name)
        except MigratorError as exc:
            self._show_problem(message_of(exc))
            return False
        self._current_name = saved.name
        self._current_id = saved.id
        self._mark_clean()
        self._reload(select=saved.name)
        self._result.setStyleSheet("")
        self._result.setText(self.tr("Saved '{0}'.").format(saved.name))
        return True

    def _confirm_leaving_edits(self) -> bool:
        """Before the form is replaced or the dialog closes: True to go on. With unsaved changes
        the user chooses Save (go on only if saved), Discard (the form goes back to the saved
        profile) or Cancel (stay)."""
        if not self.has_unsaved_changes:
            return True
        name = self._current_name or self._name.text().strip() or self.tr("(unnamed)")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved changes"),
            self.tr("Save changes to profile '{0}'?").format(name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("unsavedChangesBox")
        box.setInformativeText(self.tr("If you don't save them, your changes are lost."))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        answer = box.standardButton(box.clickedButton())
        box.deleteLater()
        if answer == QMessageBox.StandardButton.Save:
            return self._save_form()
        if answer == QMessageBox.StandardButton.Discard:
            self._revert_form()
            return True
        return False

    def _revert_form(self) -> None:
        """Drop the edits: show the saved profile again (a new one is just forgotten)."""
        profile = None
        if self._current_name is not None:
            try:
                profile = self._store.get(self._current_name)
            except ProfileError:
                profile = None
        if profile is None:
            self._mark_clean()
            self._update_buttons()
            return
        self._load_profile(profile, self._store.password(profile) or "", saved=True)

    def _update_notices(self) -> None:
        vault = self._store.vault
        message = None if vault.persistent else translated(vault.message)
        self._vault_note.setText(message or "")
        self._vault_note.setVisible(bool(message))
        problem = self._store.load_problem
        self._load_note.setText(problem or "")
        self._load_note.setVisible(bool(problem))

    def _show_problem(self, message: str) -> None:
        self._problems.setText(translated(message))
        self._problems.setVisible(True)

    def _password_for_save(self) -> str | None:
        if str(self._dialect.currentData()) == "sqlite":
            return None
        return self._password.text()

    # -- slots: list -----------------------------------------------------------------------
    def _on_list_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        profile = self._model.profile_at(current.row()) if current.isValid() else None
        if profile is None:
            self._update_buttons()
            return
        if self.has_unsaved_changes:
            if profile.name == self._current_name:
                self._update_buttons()  # the edited profile again: keep the edits
                return
            if not self._quiet:
                # Ask once the click or key press is over; the list goes back meanwhile.
                self._pending_switch = profile.name
                self._switch_timer.start(0)
                return
        self._load_profile(profile, self._store.password(profile) or "", saved=True)

    def _on_switch_timer_timeout(self) -> None:
        if QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._switch_timer.start(20)  # a press still under way: ask after the release
            return
        target, self._pending_switch = self._pending_switch, None
        if target is None:
            return
        self._show_edited_in_list()
        if not self._confirm_leaving_edits():
            return
        row = self._model.row_of(target)
        if row is not None:
            with self._quietly():
                self._list.setCurrentIndex(self._model.index(row, 0))

    def _on_list_double_clicked(self, index: QModelIndex) -> None:
        profile = self._model.profile_at(index.row())
        if profile is None or profile.name != self._current_name:
            return  # another profile while editing: its switch is being asked about
        self._on_use_button_clicked()

    def _on_only_project_toggled(self, _checked: bool) -> None:
        self._reload(select=self._current_name)

    def _on_add_button_clicked(self) -> None:
        if not self._confirm_leaving_edits():
            return
        self._new_profile()
        self._name.setFocus()
        self._name.selectAll()

    def _on_duplicate_button_clicked(self) -> None:
        if self._current_name is None or not self._confirm_leaving_edits():
            return
        name = self._current_name  # saving may have renamed it
        try:
            copy = self._store.duplicate(name, self._unique_name(self.tr("{0} copy").format(name)))
        except ProfileError as exc:
            self._show_problem(message_of(exc))
            return
        self._reload(select=copy.name)

    def _on_delete_button_clicked(self) -> None:
        name = self._current_name
        if name is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete profile"),
            self.tr("Delete the profile '{0}' and its saved password?").format(name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        row = self._list.currentIndex().row()
        try:
            self._store.delete(name)
        except ProfileError as exc:
            self._show_problem(message_of(exc))
            return
        self._current_name = None
        self._current_id = None
        self._always_dirty = False
        self._model.set_profiles(self._visible_profiles())
        if self._model.rowCount() == 0:
            self._new_profile()
        else:
            with self._quietly():
                self._list.setCurrentIndex(
                    self._model.index(min(max(row, 0), self._model.rowCount() - 1), 0)
                )
        self._update_buttons()

    def _move(self, delta: int) -> None:
        name = self._current_name
        if name is None:
            return
        everything = self._store.names()
        visible = [p.name for p in self._model.profiles()]
        row = visible.index(name)
        target_row = row + delta
        if not 0 <= target_row < len(visible):
            return
        # Move next to the visible neighbour (others may be hidden by the filter).
        target = everything.index(visible[target_row])
        try:
            self._store.move(name, target)
        except ProfileError as exc:
            self._show_problem(message_of(exc))
            return
        self._reload(select=name)

    def _on_up_button_clicked(self) -> None:
        self._move(-1)

    def _on_down_button_clicked(self) -> None:
        self._move(1)

    # -- slots: form -----------------------------------------------------------------------
    def _on_dialect_changed(self, _index: int) -> None:
        if self._loading:
            return
        dialect = str(self._dialect.currentData())
        self._current_driver = ""
        port = self._port.text().strip()
        if dialect in DEFAULT_PORTS and (
            not port or port in {str(p) for p in DEFAULT_PORTS.values()}
        ):
            self._port.setText(str(DEFAULT_PORTS[dialect]))
        if dialect == "mysql" and not self._charset.text().strip():
            self._charset.setText("utf8mb4")
        self._apply_dialect()
        self._validate()

    def _on_environment_changed(self, _index: int = 0) -> None:
        colour = environment_colour(str(self._environment.currentData()))
        self._env_swatch.setStyleSheet(
            f"background: {colour}; border: 1px solid palette(mid); border-radius: 2px;"
        )
        if not self._loading:
            self._validate()

    def _on_memory_toggled(self, _checked: bool) -> None:
        self._apply_dialect()
        if not self._loading:
            self._validate()

    def _on_show_password_toggled(self, checked: bool) -> None:
        self._password.setEchoMode(
            QLineEdit.EchoMode.Normal if checked else QLineEdit.EchoMode.Password
        )
        self._show_password.setText(self.tr("Hide") if checked else self.tr("Show"))

    def _on_advanced_toggled(self, checked: bool) -> None:
        self._advanced_toggle.setArrowType(
            Qt.ArrowType.DownArrow if checked else Qt.ArrowType.RightArrow
        )
        self._form.setRowVisible(self._options, checked)

    def _pick_file(self, dialog: QFileDialog) -> str | None:
        """Run the file picker ``dialog`` (Qt's own, the same on every platform); the chosen
        path or None."""
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        dialog.deleteLater()
        return files[0] if accepted and files else None

    def _on_browse_sqlite_clicked(self) -> None:
        start = self._sqlite_path.text().strip() or str(self._project_folder or "")
        dialog = QFileDialog(
            self,
            self.tr("SQLite database file"),
            start,
            self.tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"),
        )
        dialog.setObjectName("sqliteFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)  # a new file is fine too
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)  # nothing is overwritten
        dialog.setDefaultSuffix("db")
        dialog.setLabelText(QFileDialog.DialogLabel.Accept, self.tr("&Choose"))
        path = self._pick_file(dialog)
        if path:
            self._sqlite_path.setText(path)

    def _on_browse_ca_clicked(self) -> None:
        start = self._ssl_ca.text().strip() or str(self._project_folder or "")
        dialog = QFileDialog(
            self,
            self.tr("SSL CA certificate"),
            start,
            self.tr("Certificates (*.pem *.crt);;All files (*)"),
        )
        dialog.setObjectName("sslCaFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        path = self._pick_file(dialog)
        if path:
            self._ssl_ca.setText(path)

    def _on_form_changed(self, *_args: object) -> None:
        if not self._loading:
            self._validate()

    # -- slots: buttons --------------------------------------------------------------------
    def _on_save_button_clicked(self) -> None:
        self._save_form()

    def _on_test_button_clicked(self) -> None:
        if self._job is not None:
            return
        problems = self.problems()
        if problems:
            self._result.setText(self.tr("Fix the problems above first."))
            return
        profile = self.form_profile()
        password = self._password.text() if profile.needs_password else None
        job = TestConnectionJob(profile, password or None, parent=self)
        job.result.connect(self._on_job_result)
        job.error.connect(self._on_job_error)
        job.finished.connect(self._on_job_finished)
        self._job = job
        self._result.setStyleSheet("")
        self._result.setText(self.tr("Testing {0} …").format(translated(profile.describe())))
        self._update_buttons()
        job.start()

    def _on_job_result(self, report: object) -> None:
        assert isinstance(report, ConnectionReport)
        self._result.setStyleSheet("color: #2e7d32;")
        self._result.setText(translated(report.summary()))

    def _on_job_error(self, exc: object) -> None:
        self._result.setStyleSheet(_PROBLEM_STYLE)
        self._result.setText(message_of(exc))

    def _on_job_finished(self) -> None:
        job = self._job
        self._job = None
        if job is not None:
            job.deleteLater()
        self._update_buttons()

    def _on_copy_button_clicked(self) -> None:
        try:
            url = self.form_profile().export_url()
        except ProfileError as exc:
            self._show_problem(message_of(exc))
            return
        QGuiApplication.clipboard().setText(url)
        self._result.setStyleSheet("")
        self._result.setText(self.tr("Copied {0} (without password).").format(url))

    def _on_use_button_clicked(self) -> None:
        if (self.has_unsaved_changes or self._current_name is None) and not self._save_form():
            return  # the reason is shown; nothing is chosen
        name = self._current_name
        if name is None:
            return
        self.profile_chosen.emit(name)
        self.accept()

    # -- import ----------------------------------------------------------------------------
    def import_url(self, url_text: str, base_name: str) -> bool:
        """Create and save a profile from ``url_text`` (its password to the vault). On a problem
        the profile is shown unsaved with the problem; False when the URL cannot be read.
        Unsaved edits in the form are replaced without asking (the menu's actions ask first)."""
        projects = (self._project_key,) if self._project_key else ()
        try:
            profile, password = ConnectionProfile.from_url(
                self._unique_name(base_name), url_text, projects=projects
            )
        except ProfileError as exc:
            self._show_problem(message_of(exc))
            return False
        try:
            saved = self._store.save(profile, password)
        except ProfileError:
            self._new_profile(profile, password or "", dirty=True)
            return True
        self._reload(select=saved.name)
        self._result.setStyleSheet("")
        self._result.setText(self.tr("Imported '{0}'.").format(saved.name))
        return True

    def _on_import_menu_about_to_show(self) -> None:
        self._import_ini.setEnabled(bool(project_url_or_none(self._project_url)))
        self._import_env.setEnabled(bool(os.environ.get("DATABASE_URL", "").strip()))

    def _on_import_ini_triggered(self) -> None:
        url = project_url_or_none(self._project_url)
        if url and self._confirm_leaving_edits():
            self.import_url(url, self.tr("alembic.ini"))

    def _on_import_paste_triggered(self) -> None:
        if not self._confirm_leaving_edits():
            return
        text, ok = QInputDialog.getText(
            self,
            self.tr("Import from a URL"),
            self.tr("Paste the database URL (hidden: it may contain a password):"),
            QLineEdit.EchoMode.Password,
        )
        if ok and text.strip():
            self.import_url(text.strip(), self.tr("Imported"))

    def _on_import_env_triggered(self) -> None:
        url = os.environ.get("DATABASE_URL", "").strip()
        if url:
            if self._confirm_leaving_edits():
                self.import_url(url, "DATABASE_URL")
        else:
            self._show_problem(self.tr("DATABASE_URL is not set."))

    # -- closing ---------------------------------------------------------------------------
    def reject(self) -> None:
        """Close, Esc and the window's close button: unsaved edits are asked about first."""
        if self._confirm_leaving_edits():
            super().reject()

    def done(self, result: int) -> None:
        if self._job is not None:
            self._job.stop(2000)
        super().done(result)


def project_url_or_none(url: str | None) -> str | None:
    """alembic.ini's URL when it is a real one (not empty, not a %(placeholder)s)."""
    if not url or not url.strip() or "%(" in url or "://" not in url:
        return None
    return url.strip()
