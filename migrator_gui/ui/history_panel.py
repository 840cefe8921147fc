"""The History panel: the audit trail of every write Migrator made, newest first.

:class:`AuditTableModel` shows :class:`AuditEntry` values (one row each); :class:`HistoryPanel`
reads them from an :class:`AuditLog` for the selected database (or all databases) and tells the
user where the log file is.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.audit import AuditEntry, AuditLog
from migrator_gui.ui.i18n import format_timestamp

_Index = QModelIndex | QPersistentModelIndex

SETTINGS_THIS_DATABASE_ONLY = "History/thisDatabaseOnly"
MAX_ROWS = 10_000
"""The newest entries shown; older ones stay in the file."""

_GREEN = QColor("#2e7d32")
_RED = QColor("#c62828")
_AMBER = QColor("#b26a00")
_OUTCOME_COLOURS = {
    "succeeded": _GREEN,
    "failed": _RED,
    "partial": _RED,
    "interrupted": _RED,
    "cancelled": _AMBER,
    "refused": _AMBER,
}


def _short(revisions: tuple[str, ...], base: str) -> str:
    return ", ".join(r[:12] for r in revisions) if revisions else base


class AuditTableModel(QAbstractTableModel):
    """Audit entries, newest first: one row per write to a database."""

    EntryRole = int(Qt.ItemDataRole.UserRole) + 1
    """The :class:`AuditEntry` of a row (any column)."""

    (
        TIME_COLUMN,
        OPERATION_COLUMN,
        REVISIONS_COLUMN,
        STEPS_COLUMN,
        DURATION_COLUMN,
        OUTCOME_COLUMN,
        PROFILE_COLUMN,
        USER_COLUMN,
        ERROR_COLUMN,
    ) = range(9)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AuditEntry] = []
        self._headers = [
            self.tr("Time"),
            self.tr("Operation"),
            self.tr("From → To"),
            self.tr("Steps"),
            self.tr("Duration"),
            self.tr("Outcome"),
            self.tr("Profile"),
            self.tr("User"),
            self.tr("Error"),
        ]
        self._operations = {
            "upgrade": self.tr("upgrade"),
            "downgrade": self.tr("downgrade"),
            "stamp": self.tr("stamp"),
            "repair": self.tr("repair"),
        }
        self._outcomes = {
            "succeeded": self.tr("succeeded"),
            "failed": self.tr("failed"),
            "cancelled": self.tr("cancelled"),
            "partial": self.tr("partial"),
            "interrupted": self.tr("interrupted"),
            "refused": self.tr("refused"),
        }
        self._base = self.tr("<base>")

    # -- data in ---------------------------------------------------------------------------
    def set_entries(self, entries: list[AuditEntry]) -> None:
        """Show ``entries`` (given oldest first, as :meth:`AuditLog.entries` returns them)."""
        self.beginResetModel()
        self._entries = list(reversed(entries))
        self.endResetModel()

    # -- queries ---------------------------------------------------------------------------
    def entries(self) -> list[AuditEntry]:
        """The entries as shown, newest first."""
        return list(self._entries)

    def entry_at(self, row: int) -> AuditEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    # -- QAbstractTableModel ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._headers)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry_at(index.row())
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.OUTCOME_COLUMN:
            return _OUTCOME_COLOURS.get(entry.outcome)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.STEPS_COLUMN,
            self.DURATION_COLUMN,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.EntryRole:
            return entry
        return None

    def _display(self, entry: AuditEntry, column: int) -> str | None:
        if column == self.TIME_COLUMN:
            return format_timestamp(entry.time)
        if column == self.OPERATION_COLUMN:
            return self._operations.get(entry.operation, entry.operation)
        if column == self.REVISIONS_COLUMN:
            return self.tr("{0} → {1}").format(
                _short(entry.source, self._base), _short(entry.destination, self._base)
            )
        if column == self.STEPS_COLUMN:
            return str(entry.steps)
        if column == self.DURATION_COLUMN:
            return self.tr("{0} s").format(f"{entry.duration:.1f}")
        if column == self.OUTCOME_COLUMN:
            return self._outcomes.get(entry.outcome, entry.outcome)
        if column == self.PROFILE_COLUMN:
            return entry.profile
        if column == self.USER_COLUMN:
            return entry.os_user
        if column == self.ERROR_COLUMN:
            # One line in the table; the whole text is in the tooltip.
            return entry.error.splitlines()[0] if entry.error else ""
        return None

    def _tooltip(self, entry: AuditEntry, column: int) -> str | None:
        if column == self.TIME_COLUMN:
            return entry.time
        if column == self.REVISIONS_COLUMN:
            source = ", ".join(entry.source) or self._base
            destination = ", ".join(entry.destination) or self._base
            text = self.tr("From: {0}\nTo: {1}").format(source, destination)
            if entry.target:
                text += "\n" + self.tr("Target: {0}").format(entry.target)
            return text
        if column == self.OUTCOME_COLUMN and entry.failed_step:
            return self.tr("Failed step: {0}").format(entry.failed_step)
        if column == self.PROFILE_COLUMN:
            return entry.database
        if column == self.ERROR_COLUMN and entry.error:
            if entry.failed_step:
                return self.tr("Failed step: {0}\n{1}").format(entry.failed_step, entry.error)
            return entry.error
        return None


class HistoryPanel(QWidget):
    """The audit trail of the selected database (or of all), newest first."""

    entry_activated = Signal(object)
    """A row was double-clicked; carries its :class:`AuditEntry`."""

    refreshed = Signal(int)
    """The log was read again; carries the number of rows shown."""

    def __init__(self, log: AuditLog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPanel")
        self._log = log if log is not None else AuditLog()
        self._database_key: str | None = None
        self._database_label = ""
        self._model = AuditTableModel(self)

        self._header = QLabel(self)
        self._header.setObjectName("historyHeader")
        self._header.setTextFormat(Qt.TextFormat.PlainText)

        self._this_only = QCheckBox(self.tr("This database only"), self)
        self._this_only.setObjectName("historyThisDatabaseOnly")
        self._this_only.setToolTip(
            self.tr("Show only the operations on the selected database; uncheck to see all")
        )
        settings = QSettings()
        self._this_only.setChecked(bool(settings.value(SETTINGS_THIS_DATABASE_ONLY, True, bool)))
        self._this_only.toggled.connect(self._on_this_only_toggled)

        self._refresh_button = QPushButton(self.tr("Refresh"), self)
        self._refresh_button.setObjectName("historyRefreshButton")
        self._refresh_button.setToolTip(self.tr("Read the audit log again"))
        self._refresh_button.clicked.connect(self.refresh)

        self._copy_button = QPushButton(self.tr("Copy entry"), self)
        self._copy_button.setObjectName("historyCopyButton")
        self._copy_button.setToolTip(
            self.tr("Copy the selected entry, as it is stored in the log, to the clipboard")
        )
        self._copy_button.setEnabled(False)
        self._copy_button.clicked.connect(self._on_copy_button_clicked)

        self._table = QTableView(self)
        self._table.setObjectName("historyTable")
        self._table.setAccessibleName(self.tr("Migration history"))
        self._table.setModel(self._model)
        self._table.setSortingEnabled(False)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setWordWrap(False)
        self._table.setAlternatingRowColors(True)
        self._table.verticalHeader().setVisible(False)
        header = self._table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._table.doubleClicked.connect(self._on_table_double_clicked)
        self._table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

        self._placeholder = QLabel(self)
        self._placeholder.setObjectName("historyPlaceholder")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._placeholder.setEnabled(False)  # drawn greyed, as a placeholder

        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._table)
        self._stack.addWidget(self._placeholder)

        self._path_label = QLabel(self)
        self._path_label.setObjectName("historyLogPath")
        self._path_label.setTextFormat(Qt.TextFormat.PlainText)
        self._path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._path_label.setToolTip(self.tr("The audit log file (one JSON line per operation)"))

        self._status_label = QLabel(self)
        self._status_label.setObjectName("historyStatus")
        self._status_label.setTextFormat(Qt.TextFormat.PlainText)
        self._status_label.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self._header, 1)
        top.addWidget(self._this_only)
        top.addWidget(self._copy_button)
        top.addWidget(self._refresh_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self._path_label, 1)
        bottom.addWidget(self._status_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        layout.addLayout(bottom)

        self.refresh()

    # -- API -------------------------------------------------------------------------------
    @property
    def model(self) -> AuditTableModel:
        return self._model

    @property
    def log(self) -> AuditLog:
        return self._log

    def set_log(self, log: AuditLog) -> None:
        self._log = log
        self.refresh()

    def set_database(self, database_key: str | None, label: str) -> None:
        """Show the history of ``database_key`` (``label`` names it for the user: URL without
        password or SQLite path); ``None`` when no database is selected."""
        self._database_key = database_key
        self._database_label = label if database_key is not None else ""
        self.refresh()

    def refresh(self) -> None:
        """Read the log again and show its entries for the current filter."""
        filtered = self._filtered()
        self._path_label.setText(self.tr("Log file: {0}").format(self._log.path))
        problem = ""
        try:
            entries = self._log.entries(self._database_key if filtered else None, limit=MAX_ROWS)
        except OSError as exc:
            entries = []
            problem = self.tr("Could not read the audit log: {0}").format(exc.strerror or exc)
        skipped = self._log.skipped_lines
        if not problem and skipped:
            problem = self.tr("{0} unreadable line(s) skipped").format(skipped)
        self._status_label.setText(problem)
        self._status_label.setVisible(bool(problem))

        self._model.set_entries(entries)
        if filtered:
            self._header.setText(self.tr("History of {0}").format(self._database_label))
        elif self._database_key is None:
            self._header.setText(self.tr("History of all databases (none selected)"))
        else:
            self._header.setText(self.tr("History of all databases"))
        self._header.setToolTip(self._header.text())
        if entries:
            self._stack.setCurrentWidget(self._table)
            self._table.resizeColumnsToContents()
        else:
            self._placeholder.setText(
                self.tr("No migrations recorded for this database yet.")
                if filtered
                else self.tr("No migrations recorded yet.")
            )
            self._stack.setCurrentWidget(self._placeholder)
        self._copy_button.setEnabled(self._selected_entry() is not None)
        self.refreshed.emit(len(entries))

    @property
    def placeholder_text(self) -> str:
        """The text shown instead of the table when there is nothing to show (else ``""``)."""
        if self._stack.currentWidget() is self._placeholder:
            return self._placeholder.text()
        return ""

    # -- internals -------------------------------------------------------------------------
    def _filtered(self) -> bool:
        return self._this_only.isChecked() and self._database_key is not None

    def _selected_entry(self) -> AuditEntry | None:
        rows = self._table.selectionModel().selectedRows()
        return self._model.entry_at(rows[0].row()) if rows else None

    def _on_this_only_toggled(self, checked: bool) -> None:
        QSettings().setValue(SETTINGS_THIS_DATABASE_ONLY, checked)
        self.refresh()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        entry = self._model.entry_at(index.row())
        if entry is not None:
            self.entry_activated.emit(entry)

    def _on_table_selection_changed(self, *_: object) -> None:
        self._copy_button.setEnabled(self._selected_entry() is not None)

    def _on_copy_button_clicked(self) -> None:
        entry = self._selected_entry()
        if entry is not None:
            QGuiApplication.clipboard().setText(entry.to_json())
