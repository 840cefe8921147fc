"""The plan panel: what a run will do before it runs (its steps, what they drop, their SQL),
then how the run goes, step by step; the plan can be exported as a ``.sql`` dry run."""

from __future__ import annotations

import html
import os
import re
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.plan import MigrationPlan, PlanStep
from migrator_gui.services.migrate import operation_name
from migrator_gui.ui.i18n import translated
from migrator_gui.ui.revision_details_view import _code_style, sql_lexer

__all__ = ["PlanPanel", "PlanStepModel", "StepStatus", "default_export_name", "export_header"]

_RED = "#d32f2f"
_GREEN = "#2e7d32"
_ORANGE = "#ef6c00"
_BLUE = "#1565c0"
_ERROR_STYLE = f"color:{_RED}"
_GRAY_STYLE = "color:gray"

_SHORT_ID = 12
_TICK_MS = 200

_Index = QModelIndex | QPersistentModelIndex


class StepStatus:
    """Where a step of the plan stands (plain strings: they also name the outcome)."""

    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    NOT_RUN = "not run"


_STATUS_COLOURS = {
    StepStatus.RUNNING: _BLUE,
    StepStatus.DONE: _GREEN,
    StepStatus.FAILED: _RED,
    StepStatus.CANCELLED: _ORANGE,
    StepStatus.NOT_RUN: "gray",
}


def _seconds(elapsed: float) -> str:
    if elapsed < 1:
        return f"{elapsed * 1000:.0f} ms"  # DDL on small tables: "0.00 s" said nothing
    return f"{elapsed:.2f} s" if elapsed < 10 else f"{elapsed:.1f} s"


class PlanStepModel(QAbstractTableModel):
    """The steps of a :class:`MigrationPlan`, one row each, with their live run status."""

    COLUMN_INDEX = 0
    COLUMN_REVISION = 1
    COLUMN_MESSAGE = 2
    COLUMN_DROPS = 3
    COLUMN_STATUS = 4
    COLUMN_COUNT = 5

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: tuple[PlanStep, ...] = ()
        self._status: list[str] = []
        self._elapsed: list[float | None] = []
        self._started: dict[int, float] = {}

    # -- the plan and its run ----------------------------------------------------------------

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        return self._steps

    def set_steps(self, steps: tuple[PlanStep, ...]) -> None:
        """Show ``steps``, all pending."""
        self.beginResetModel()
        self._steps = tuple(steps)
        self._status = [StepStatus.PENDING] * len(self._steps)
        self._elapsed = [None] * len(self._steps)
        self._started.clear()
        self.endResetModel()

    def status(self, row: int) -> str:
        return self._status[row]

    def elapsed(self, row: int) -> float | None:
        """Seconds the step took (done), or has been running so far (running)."""
        if self._status[row] == StepStatus.RUNNING and row in self._started:
            return time.monotonic() - self._started[row]
        return self._elapsed[row]

    def running_rows(self) -> list[int]:
        return [r for r, s in enumerate(self._status) if s == StepStatus.RUNNING]

    def set_status(self, row: int, status: str, elapsed: float | None = None) -> None:
        if not 0 <= row < len(self._steps):
            return
        if status == StepStatus.RUNNING:
            self._started[row] = time.monotonic()
        elif row in self._started:
            started = self._started.pop(row)
            if elapsed is None:
                elapsed = time.monotonic() - started
        self._status[row] = status
        self._elapsed[row] = elapsed
        self._changed(row, self.COLUMN_STATUS)

    def reset_statuses(self) -> None:
        """Every step pending again (a new run starts)."""
        self._status = [StepStatus.PENDING] * len(self._steps)
        self._elapsed = [None] * len(self._steps)
        self._started.clear()
        if self._steps:
            self.dataChanged.emit(
                self.index(0, self.COLUMN_STATUS),
                self.index(len(self._steps) - 1, self.COLUMN_STATUS),
            )

    def tick(self) -> None:
        """Repaint the elapsed time of the running steps."""
        for row in self.running_rows():
            self._changed(row, self.COLUMN_STATUS)

    def _changed(self, row: int, column: int) -> None:
        index = self.index(row, column)
        self.dataChanged.emit(index, index)

    # -- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("#"),
                self.tr("Revision"),
                self.tr("Message"),
                self.tr("Drops"),
                self.tr("Status"),
            ][section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return [
                self.tr("The order in which the steps run"),
                self.tr("The revision the step applies (upgrade) or undoes (downgrade)"),
                self.tr("The revision's message"),
                self.tr("What the step drops: data is lost when it runs"),
                self.tr("How the step went in the last run"),
            ][section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._steps) and 0 <= column < self.COLUMN_COUNT):
            return None
        step = self._steps[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, step)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, step)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.COLUMN_DROPS and step.destructive:
                return QColor(_RED)
            if column == self.COLUMN_STATUS and self._status[row] in _STATUS_COLOURS:
                return QColor(_STATUS_COLOURS[self._status[row]])
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.COLUMN_DROPS and step.destructive:
                style = QApplication.style()
                return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COLUMN_INDEX:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.COLUMN_DROPS:
            return self._tooltip(row, column, step) or self.tr("Drops nothing")
        return None

    def _display(self, row: int, column: int, step: PlanStep) -> str:
        if column == self.COLUMN_INDEX:
            return str(row + 1)
        if column == self.COLUMN_REVISION:
            return step.revision[:_SHORT_ID]
        if column == self.COLUMN_MESSAGE:
            return translated(step.description)
        if column == self.COLUMN_DROPS:
            return ", ".join(map(translated, step.destructive))
        return self._status_text(row)

    def _status_text(self, row: int) -> str:
        status = self._status[row]
        elapsed = self.elapsed(row)
        if status == StepStatus.RUNNING:
            return self.tr("running {0:.1f} s").format(elapsed or 0.0)
        if status == StepStatus.DONE:
            if elapsed is None:
                return self.tr("done")
            return self.tr("done {0}").format(_seconds(elapsed))
        return {
            StepStatus.PENDING: self.tr("pending"),
            StepStatus.FAILED: self.tr("failed"),
            StepStatus.CANCELLED: self.tr("cancelled"),
            StepStatus.NOT_RUN: self.tr("not run"),
        }.get(status, status)

    def _tooltip(self, row: int, column: int, step: PlanStep) -> str | None:
        if column == self.COLUMN_DROPS:
            if not step.destructive:
                return None
            return self.tr("Data is lost: {0}").format("; ".join(map(translated, step.destructive)))
        if column in (self.COLUMN_REVISION, self.COLUMN_MESSAGE):
            return step_label(step)
        if column == self.COLUMN_STATUS:
            elapsed = self._elapsed[row]
            if self._status[row] in (StepStatus.FAILED, StepStatus.CANCELLED) and elapsed:
                return self.tr("{0} after {1}").format(self._status_text(row), _seconds(elapsed))
            return self._status_text(row)
        return None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def step_label(step: PlanStep) -> str:
    """alembic's line for a step (``upgrade 1a2b -> 3c4d``) with its verb in the interface's
    language; the revision when there is no line."""
    verb, _, rest = step.label.partition(" ")
    if verb in ("upgrade", "downgrade", "stamp") and rest:
        return f"{operation_name(verb)} {rest}"
    return step.label or step.revision


def _revisions_text(revisions: tuple[str, ...]) -> str:
    return ", ".join(revisions) if revisions else "<base>"


def export_header(plan: MigrationPlan, when: datetime) -> str:
    """The comment lines that open an exported plan: database, from, to, date."""
    lines = [
        QCoreApplication.translate(
            "PlanPanel", "Migrator dry run: {0} (offline SQL, nothing was run)"
        ).format(plan.operation),
        QCoreApplication.translate("PlanPanel", "Database: {0}").format(plan.database),
        QCoreApplication.translate("PlanPanel", "Dialect: {0}").format(plan.dialect),
        QCoreApplication.translate("PlanPanel", "From: {0}").format(_revisions_text(plan.current)),
        QCoreApplication.translate("PlanPanel", "To: {0}").format(plan.target),
        QCoreApplication.translate("PlanPanel", "Date: {0}").format(
            when.isoformat(timespec="seconds")
        ),
    ]
    return "".join(f"-- {_one_line(line)}\n" for line in lines) + "\n"


def _file_part(text: str, fallback: str) -> str:
    part = re.sub(r"[^A-Za-z0-9_.+-]+", "-", text).strip("-.")
    return part[:40] or fallback


def default_export_name(plan: MigrationPlan) -> str:
    """``upgrade_<db>_<from>_<to>.sql``: the database's name (no path, no extension) and the
    revisions, shortened and made safe for a file name."""
    database = plan.database.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    stem, dot, ext = database.rpartition(".")
    if dot and ext.lower() in ("db", "sqlite", "sqlite3"):
        database = stem
    start = "+".join(r[:_SHORT_ID] for r in plan.current) or "base"
    parts = (
        _file_part(plan.operation, "plan"),
        _file_part(database, "db"),
        _file_part(start, "base"),
        _file_part(plan.target, "target"),
    )
    return "_".join(parts) + ".sql"


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 (line ends as given): to a temporary file in the same
    folder, then ``os.replace``, so ``path`` is never half written."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


class PlanPanel(QWidget):
    """Shows a :class:`MigrationPlan` (summary, steps, SQL) and the progress of its run.

    The main window owns the run: it calls :meth:`set_plan` / :meth:`set_loading` /
    :meth:`set_error` with what the plan service computed, listens to :attr:`run_requested` and
    :attr:`cancel_requested`, and reports the run back with :meth:`run_started`,
    :meth:`step_started`, :meth:`step_finished` and :meth:`run_finished` (GUI thread only).
    Keyboard (while the focus is in the panel): Ctrl+Return runs, Ctrl+S exports, Esc cancels.
    """

    run_requested = Signal()
    """The user asked to run the plan (Run button or Ctrl+Return)."""

    cancel_requested = Signal()
    """The user asked to stop the running plan (Cancel button or Esc)."""

    export_finished = Signal(str)
    """The plan was exported: the path of the ``.sql`` file written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planPanel")
        self._plan: MigrationPlan | None = None
        self._loading = False
        self._running = False
        self._run_allowed = True
        self._run_reason = ""
        self._export_dir = Path.home()
        self._formatter = HtmlFormatter(noclasses=True, style=_code_style(self))

        self._summary = QLabel(self)
        self._summary.setObjectName("planSummary")
        self._summary.setTextFormat(Qt.TextFormat.RichText)
        self._summary.setWordWrap(True)
        self._summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._model = PlanStepModel(self)
        self._table = QTableView(self)
        self._table.setObjectName("planSteps")
        self._table.setAccessibleName(self.tr("Plan steps"))
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setAlternatingRowColors(True)
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PlanStepModel.COLUMN_MESSAGE, QHeaderView.ResizeMode.Stretch)
        self._table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

        self._sql = QTextBrowser(self)
        self._sql.setObjectName("planSql")
        self._sql.setAccessibleName(self.tr("Plan SQL"))
        self._sql.setReadOnly(True)
        self._sql.setOpenLinks(False)
        self._sql.anchorClicked.connect(self._on_sql_anchor_clicked)

        self._splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter.setObjectName("planSplitter")
        self._splitter.addWidget(self._table)
        self._splitter.addWidget(self._sql)
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)

        self._result = QLabel(self)
        self._result.setObjectName("planResult")
        self._result.setWordWrap(True)
        self._result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._export_button = QPushButton(self.tr("Export .sql…"), self)
        self._export_button.setObjectName("planExportButton")
        self._export_button.clicked.connect(self._on_export_button_clicked)
        self._cancel_button = QPushButton(self.tr("Cancel"), self)
        self._cancel_button.setObjectName("planCancelButton")
        self._cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._run_button = QPushButton(self.tr("Run"), self)
        self._run_button.setObjectName("planRunButton")
        self._run_button.clicked.connect(self._on_run_button_clicked)

        buttons = QHBoxLayout()
        buttons.addWidget(self._result, 1)
        buttons.addWidget(self._export_button)
        buttons.addWidget(self._cancel_button)
        buttons.addWidget(self._run_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._summary)
        layout.addWidget(self._splitter, 1)
        layout.addLayout(buttons)

        # Each shortcut is enabled only while its button is, so that otherwise the key goes on
        # to the window (Esc closing a dialog the panel sits in, for one).
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self._shortcuts: list[tuple[QShortcut, QPushButton]] = []
        for keys, slot, target in (
            ("Ctrl+Return", self._on_run_shortcut_activated, self._run_button),
            ("Ctrl+Enter", self._on_run_shortcut_activated, self._run_button),
            ("Ctrl+S", self._on_export_shortcut_activated, self._export_button),
            ("Esc", self._on_cancel_shortcut_activated, self._cancel_button),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            self._shortcuts.append((shortcut, target))

        self._timer = QTimer(self)
        self._timer.setInterval(_TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

        self.set_plan(None)

    # -- public API ------------------------------------------------------------------------------

    @property
    def plan(self) -> MigrationPlan | None:
        return self._plan

    @property
    def model(self) -> PlanStepModel:
        return self._model

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def export_directory(self) -> Path:
        """Where the export dialog opens (the folder of the last export)."""
        return self._export_dir

    @export_directory.setter
    def export_directory(self, folder: Path) -> None:
        self._export_dir = Path(folder)

    def set_plan(self, plan: MigrationPlan | None) -> None:
        """Show ``plan`` (None: nothing to show), every step pending. The last run's result
        stays shown unless the plan is for another database."""
        if plan is None or self._plan is None or plan.database != self._plan.database:
            self._set_result("", "")
        self._plan = plan
        self._loading = False
        self._model.set_steps(plan.steps if plan is not None else ())
        self._table.resizeColumnsToContents()
        if plan is None:
            self._summary.setText(
                self._gray(self.tr("Choose a database and a target to see the plan."))
            )
        else:
            self._summary.setText(self._summary_html(plan))
        self._show_sql()
        self._update_buttons()

    def set_loading(self, text: str = "") -> None:
        """The plan is being computed: say so (``text``, or a default), Run/Export disabled."""
        self._plan = None
        self._loading = True
        self._model.set_steps(())
        message = text or self.tr("Computing the plan…")
        self._summary.setText(self._gray(message))
        self._sql.setHtml(self._gray(message))
        self._update_buttons()

    def set_error(self, message: str) -> None:
        """The plan could not be computed: ``message`` in red, nothing to run or export."""
        self._plan = None
        self._loading = False
        self._model.set_steps(())
        text = self.tr("The plan could not be computed: {0}").format(translated(message))
        self._summary.setText(f"<span style='{_ERROR_STYLE}'>{html.escape(text)}</span>")
        self._sql.setHtml(self._gray(self.tr("No plan, no SQL.")))
        self._update_buttons()

    def set_run_enabled(self, enabled: bool, reason: str = "") -> None:
        """Whether the main window lets the plan run now; ``reason`` (why not) goes into the
        Run button's tooltip."""
        self._run_allowed = enabled
        self._run_reason = reason
        self._update_buttons()

    def run_started(self) -> None:
        """The run began: every step pending, Run and Export disabled, Cancel enabled."""
        self._running = True
        self._model.reset_statuses()
        self._set_result(self.tr("Running…"), _BLUE)
        self._update_buttons()

    def step_started(self, index: int) -> None:
        """Step ``index`` (0-based) is running: its row counts the seconds. Steps run one at a
        time: a step still shown running (its end was not reported) is done now."""
        for row in self._model.running_rows():
            if row != index:
                self._model.set_status(row, StepStatus.DONE)
        self._model.set_status(index, StepStatus.RUNNING)
        if 0 <= index < self._model.rowCount():
            self._table.scrollTo(self._model.index(index, 0))
            if not self._timer.isActive():
                self._timer.start()

    def step_finished(self, index: int, elapsed: float) -> None:
        """Step ``index`` ended well after ``elapsed`` seconds."""
        self._model.set_status(index, StepStatus.DONE, elapsed)
        if not self._model.running_rows():
            self._timer.stop()

    def run_finished(self, outcome: str, message: str) -> None:
        """The run ended: ``outcome`` is ``succeeded``, ``failed``, ``cancelled`` or ``partial``.
        The step running at that point failed (or was cancelled); the later ones did not run.
        ``message`` is shown, coloured by the outcome."""
        self._running = False
        self._timer.stop()
        if outcome == "succeeded":
            running_status, pending_status = StepStatus.DONE, StepStatus.DONE
        elif outcome == "cancelled":
            running_status, pending_status = StepStatus.CANCELLED, StepStatus.NOT_RUN
        else:
            running_status, pending_status = StepStatus.FAILED, StepStatus.NOT_RUN
        for row in range(self._model.rowCount()):
            status = self._model.status(row)
            if status == StepStatus.RUNNING:
                self._model.set_status(row, running_status)
            elif status == StepStatus.PENDING:
                self._model.set_status(row, pending_status)
        colour = {"succeeded": _GREEN, "cancelled": _ORANGE, "partial": _ORANGE}.get(outcome, _RED)
        default = {
            "succeeded": self.tr("The run succeeded."),
            "cancelled": self.tr("The run was cancelled."),
            "partial": self.tr("The run stopped part way."),
        }.get(outcome, self.tr("The run failed."))
        self._set_result(message or default, colour)
        self._update_buttons()

    def select_step(self, index: int | None) -> None:
        """Select step ``index`` (its SQL is shown), or none (the whole script is shown)."""
        if index is None or not 0 <= index < self._model.rowCount():
            self._table.clearSelection()
            self._table.setCurrentIndex(QModelIndex())
        else:
            self._table.selectRow(index)

    def export_to(self, path: Path) -> None:
        """Write the plan's header and full SQL to ``path`` (atomically, UTF-8)."""
        plan = self._plan
        if plan is None:
            return
        write_atomically(path, export_header(plan, _now()) + plan.full_sql())

    # -- the summary and the SQL -----------------------------------------------------------------

    @staticmethod
    def _gray(text: str) -> str:
        return f"<span style='{_GRAY_STYLE}'>{html.escape(text)}</span>"

    def _operation_title(self, operation: str) -> str:
        return {
            "upgrade": self.tr("Upgrade"),
            "downgrade": self.tr("Downgrade"),
            "stamp": self.tr("Stamp"),
        }.get(operation, operation.capitalize() or self.tr("Run"))

    def _summary_html(self, plan: MigrationPlan) -> str:
        esc = html.escape
        head = self.tr("{0} {1} from {2} to {3}").format(
            self._operation_title(plan.operation),
            plan.database,
            _revisions_text(plan.current),
            plan.target,
        )
        count = len(plan.steps)
        if plan.operation == "stamp" and not count:
            detail = self.tr("the version table only, no migration runs")
        elif not count:
            detail = self.tr("nothing to do, the database is already there")
        elif count == 1:
            detail = self.tr("1 step")
        else:
            detail = self.tr("{0} steps").format(count)
        parts = [f"<b>{esc(head)}</b>: {esc(detail)}"]
        drops = len(plan.destructive_steps)
        if drops:
            text = self.tr("1 drops data") if drops == 1 else self.tr("{0} drop data").format(drops)
            comma = self.tr(", ")
            parts.append(f"{esc(comma)}<b style='{_ERROR_STYLE}'>{esc(text)}</b>")
        if plan.error:
            why = self.tr("The SQL could not be rendered in full: {0}").format(plan.error)
            parts.append(f"<br><span style='{_ERROR_STYLE}'>{esc(why)}</span>")
        return "".join(parts)

    def _selected_row(self) -> int | None:
        rows = self._table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _show_sql(self) -> None:
        plan = self._plan
        if plan is None:
            self._sql.setHtml(self._gray(self.tr("No plan, no SQL.")))
            return
        row = self._selected_row()
        if row is None or row >= len(plan.steps):
            self._sql.setHtml(self._script_html(plan))
        else:
            self._sql.setHtml(self._step_html(plan, plan.steps[row]))

    def _highlight(self, sql: str, dialect: str) -> str:
        return str(highlight(sql, sql_lexer(dialect), self._formatter))

    def _script_html(self, plan: MigrationPlan) -> str:
        esc = html.escape
        whole = self.tr("The whole script")
        no_sql = self.tr("No SQL.")
        parts = [
            f"<p><b>{esc(whole)}</b><br>"
            + self._gray(self.tr("Select a step to see only its SQL."))
            + "</p>"
        ]
        if plan.error:
            why = self.tr("The SQL could not be rendered in full: {0}").format(plan.error)
            parts.append(f"<p style='{_ERROR_STYLE}'>{esc(why)}</p>")
        sql = plan.full_sql()
        if sql.strip():
            parts.append(self._highlight(sql, plan.dialect))
        else:
            parts.append(f"<p>{self._gray(no_sql)}</p>")
        return "".join(parts)

    def _step_html(self, plan: MigrationPlan, step: PlanStep) -> str:
        esc = html.escape
        title = self.tr("Step {0}: {1}").format(
            step.index + 1, step_label(step)
        )
        show_whole = self.tr("Show the whole script")
        no_sql = self.tr("No SQL.")
        parts = [
            f"<p><b>{esc(title)}</b><br>"
            f"<a href='plan:script'>{esc(show_whole)}</a></p>"
        ]
        if step.destructive:
            lost = self.tr("Data is lost: {0}").format("; ".join(map(translated, step.destructive)))
            parts.append(f"<p style='{_ERROR_STYLE}'><b>{esc(lost)}</b></p>")
        if step.error:
            parts.append(f"<p style='{_ERROR_STYLE}'>{esc(step.error)}</p>")
        elif step.sql.strip():
            parts.append(self._highlight(step.sql, plan.dialect))
        elif plan.error:
            stopped = self.tr("Not rendered: alembic stopped at an earlier step.")
            parts.append(f"<p>{self._gray(stopped)}</p>")
        else:
            parts.append(f"<p>{self._gray(no_sql)}</p>")
        return "".join(parts)

    def _set_result(self, text: str, colour: str) -> None:
        self._result.setText(text)
        self._result.setStyleSheet(f"color: {colour};" if colour and text else "")

    # -- buttons -----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        plan = self._plan
        title = self._operation_title(plan.operation) if plan is not None else self.tr("Run")
        self._run_button.setText(title)

        has_work = plan is not None and (bool(plan.steps) or plan.operation == "stamp")
        run_ok = not self._running and not self._loading and has_work and self._run_allowed
        self._run_button.setEnabled(run_ok)
        if self._running:
            run_tip = self.tr("The plan is running.")
        elif self._loading:
            run_tip = self.tr("Wait until the plan is computed.")
        elif plan is None:
            run_tip = self.tr("There is no plan to run.")
        elif not has_work:
            run_tip = self.tr("Nothing to run: the database is already at the target.")
        elif not self._run_allowed:
            run_tip = self._run_reason or self.tr("The plan cannot run now.")
        else:
            run_tip = self.tr("{0} {1} as planned (Ctrl+Return)").format(title, plan.database)
        self._run_button.setToolTip(run_tip)

        export_ok = not self._running and not self._loading and plan is not None
        export_ok = export_ok and plan is not None and plan.complete
        self._export_button.setEnabled(export_ok)
        if self._running:
            export_tip = self.tr("Wait until the run ends.")
        elif self._loading:
            export_tip = self.tr("Wait until the plan is computed.")
        elif plan is None:
            export_tip = self.tr("There is no plan to export.")
        elif not plan.complete:
            export_tip = self.tr(
                "The SQL could not be rendered in full, so there is no complete script to "
                "export: {0}"
            ).format(plan.error)
        else:
            export_tip = self.tr(
                "Save the whole script as a .sql file, to review or run by hand (Ctrl+S)"
            )
        self._export_button.setToolTip(export_tip)

        self._cancel_button.setEnabled(self._running)
        self._cancel_button.setToolTip(
            self.tr("Stop the run (Esc): the running step is cancelled, later ones do not run")
            if self._running
            else self.tr("Nothing is running.")
        )
        for shortcut, target in self._shortcuts:
            shortcut.setEnabled(target.isEnabled())

    def _on_run_button_clicked(self) -> None:
        if self._run_button.isEnabled():
            self.run_requested.emit()

    def _on_cancel_button_clicked(self) -> None:
        if self._running:
            self.cancel_requested.emit()

    def _on_run_shortcut_activated(self) -> None:
        if self._run_button.isEnabled():
            self._run_button.click()

    def _on_export_shortcut_activated(self) -> None:
        if self._export_button.isEnabled():
            self._export_button.click()

    def _on_cancel_shortcut_activated(self) -> None:
        if self._cancel_button.isEnabled():
            self._cancel_button.click()

    def _on_export_button_clicked(self) -> None:
        plan = self._plan
        if plan is None or not plan.complete or self._running:
            return
        dialog = QFileDialog(
            self,
            self.tr("Export the plan as SQL"),
            str(self._export_dir / default_export_name(plan)),
            self.tr("SQL files (*.sql)"),
        )
        dialog.setObjectName("planExportDialog")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix("sql")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        files = dialog.selectedFiles()
        dialog.deleteLater()
        if not accepted or not files or self._plan is not plan:
            return
        path = Path(files[0])
        try:
            self.export_to(path)
        except OSError as exc:
            self._set_result(
                self.tr("The plan could not be exported to {0}: {1}").format(
                    str(path), exc.strerror or str(exc)
                ),
                _RED,
            )
            return
        self._export_dir = path.parent
        self._set_result(self.tr("Exported to {0}").format(str(path)), _GREEN)
        self.export_finished.emit(str(path))

    # -- slots ---------------------------------------------------------------------------------

    def _on_table_selection_changed(
        self, selected: QItemSelection, deselected: QItemSelection
    ) -> None:
        self._show_sql()

    def _on_sql_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() == "plan":
            self.select_step(None)

    def _on_timer_timeout(self) -> None:
        self._model.tick()
        if not self._model.running_rows():
            self._timer.stop()
