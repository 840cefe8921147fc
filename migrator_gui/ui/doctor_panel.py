"""The doctor panel: what is wrong with a database's version table (the findings of
:func:`migrator_gui.core.doctor.diagnose`), why, and the repairs, each previewed (its exact SQL)
before it can run."""

from __future__ import annotations

import html
from collections.abc import Sequence

from pygments import highlight
from pygments.formatters import HtmlFormatter
from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSplitter,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.doctor import Finding, Repair
from migrator_gui.ui.i18n import translated
from migrator_gui.ui.revision_details_view import _code_style, sql_lexer

__all__ = ["DoctorPanel", "FindingListModel"]

_RED = "#d32f2f"
_GREEN = "#2e7d32"
_ORANGE = "#ef6c00"
_ERROR_STYLE = f"color:{_RED}"
_GRAY_STYLE = "color:gray"

_SEVERITY_ICONS = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}

_OPERATIONS = (
    "upgrade", "merge", "pick_and_stamp", "stamp_at", "find_match", "restore_archive"
)
"""Repair kinds that run no statements of their own: the main window carries them out."""

_Index = QModelIndex | QPersistentModelIndex


class FindingListModel(QAbstractListModel):
    """The findings of a diagnosis, one row each: severity icon, title in bold."""

    FindingRole = Qt.ItemDataRole.UserRole + 1
    """The row's :class:`Finding`."""

    SeverityRole = Qt.ItemDataRole.UserRole + 2
    """The row's severity: ``error``, ``warning`` or ``info``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: tuple[Finding, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self.beginResetModel()
        self._findings = tuple(findings)
        self.endResetModel()

    def finding(self, row: int) -> Finding | None:
        return self._findings[row] if 0 <= row < len(self._findings) else None

    def severity_text(self, severity: str) -> str:
        return {
            "error": self.tr("Error"),
            "warning": self.tr("Warning"),
            "info": self.tr("Information"),
        }.get(severity, severity.capitalize())

    def severity_meaning(self, severity: str) -> str:
        return {
            "error": self.tr("alembic refuses to work"),
            "warning": self.tr("alembic works, but not as expected"),
            "info": self.tr("worth knowing"),
        }.get(severity, "")

    # -- QAbstractListModel ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.parent().isValid() or index.column() != 0:
            return None
        finding = self.finding(index.row())
        if finding is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return translated(finding.title)
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = _SEVERITY_ICONS.get(finding.severity)
            if pixmap is None:
                return None
            return QApplication.style().standardIcon(pixmap)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            meaning = self.severity_meaning(finding.severity)
            severity = self.severity_text(finding.severity)
            head = f"{severity} ({meaning})" if meaning else severity
            return self.tr("{0}: {1}").format(head, translated(finding.title))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            severity = self.severity_text(finding.severity)
            return self.tr("{0}: {1}").format(severity, translated(finding.title))
        if role == self.FindingRole:
            return finding
        if role == self.SeverityRole:
            return finding.severity
        return None


class DoctorPanel(QWidget):
    """The doctor: the findings on one database, their explanation and evidence, and repairs.

    The main window owns the checks and the repairs: it calls :meth:`set_loading` /
    :meth:`set_findings` / :meth:`set_error` with what the doctor service found, listens to
    :attr:`diagnose_requested`, :attr:`repair_requested` and :attr:`undo_requested`, and reports
    back with :meth:`set_busy`, :meth:`show_result` and :meth:`set_undo_available` (GUI thread
    only). A repair is never requested without its preview: choosing a repair (its button under
    the finding, or :meth:`choose_repair`) shows what it does, its exact SQL highlighted, and only
    then enables the button that requests it. Keyboard (while the focus is in the panel):
    Ctrl+Shift+K runs the checks.
    """

    diagnose_requested = Signal()
    """The user asked to run the checks again ("Run checks" button or Ctrl+Shift+K)."""

    repair_requested = Signal(object)
    """The user asked to run a :class:`Repair` whose preview is on screen (the button under the
    preview). For a repair with statements, those are what must run, as previewed; for an
    operation (``upgrade``, ``merge``, ``pick_and_stamp``) the main window carries it out."""

    undo_requested = Signal()
    """The user asked to undo the last repair ("Undo last repair" button)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doctorPanel")
        self._database = ""
        self._dialect = ""
        self._loading = False
        self._busy = False
        self._undo_available = False
        self._undo_description = ""
        self._finding_index: int | None = None
        self._repair: Repair | None = None
        self._preview_statements: tuple[str, ...] = ()
        self._repair_buttons: list[QPushButton] = []
        self._formatter = HtmlFormatter(noclasses=True, style=_code_style(self))

        self._summary = QLabel(self)
        self._summary.setObjectName("doctorSummary")
        self._summary.setTextFormat(Qt.TextFormat.RichText)
        self._summary.setWordWrap(True)
        self._summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._run_button = QPushButton(self.tr("Run checks"), self)
        self._run_button.setObjectName("doctorRunButton")
        self._run_button.clicked.connect(self._on_run_button_clicked)

        self._model = FindingListModel(self)
        self._list = QListView(self)
        self._list.setObjectName("doctorFindings")
        self._list.setAccessibleName(self.tr("Findings"))
        self._list.setToolTip(self.tr("What the checks found, most urgent first"))
        self._list.setModel(self._model)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._list.setWordWrap(True)
        self._list.setUniformItemSizes(False)
        self._list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)

        self._details = QTextBrowser(self)
        self._details.setObjectName("doctorFindingDetails")
        self._details.setAccessibleName(self.tr("Finding details"))
        self._details.setOpenLinks(False)

        self._repairs_label = QLabel(self.tr("Repairs:"), self)
        self._repairs_label.setObjectName("doctorRepairsLabel")
        self._repairs_box = QWidget(self)
        self._repairs_box.setObjectName("doctorRepairs")
        self._repairs_layout = QHBoxLayout(self._repairs_box)
        self._repairs_layout.setContentsMargins(0, 0, 0, 0)
        self._repairs_layout.addWidget(self._repairs_label)
        self._repairs_layout.addStretch(1)

        self._preview = QTextBrowser(self)
        self._preview.setObjectName("doctorPreview")
        self._preview.setAccessibleName(self.tr("Repair preview"))
        self._preview.setToolTip(self.tr("What the chosen repair does, and the exact SQL it runs"))
        self._preview.setReadOnly(True)
        self._preview.setOpenLinks(False)
        self._preview.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)

        self._run_repair_button = QPushButton(self.tr("Run repair"), self)
        self._run_repair_button.setObjectName("doctorRunRepairButton")
        self._run_repair_button.clicked.connect(self._on_run_repair_button_clicked)

        detail_side = QWidget(self)
        detail_layout = QVBoxLayout(detail_side)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self._details, 3)
        detail_layout.addWidget(self._repairs_box)
        detail_layout.addWidget(self._preview, 2)
        run_row = QHBoxLayout()
        run_row.addStretch(1)
        run_row.addWidget(self._run_repair_button)
        detail_layout.addLayout(run_row)

        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("doctorSplitter")
        self._splitter.addWidget(self._list)
        self._splitter.addWidget(detail_side)
        self._splitter.setStretchFactor(0, 2)
        self._splitter.setStretchFactor(1, 3)

        self._result = QLabel(self)
        self._result.setObjectName("doctorResult")
        self._result.setWordWrap(True)
        self._result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._undo_button = QPushButton(self.tr("Undo last repair"), self)
        self._undo_button.setObjectName("doctorUndoButton")
        self._undo_button.clicked.connect(self._on_undo_button_clicked)

        header = QHBoxLayout()
        header.addWidget(self._summary, 1)
        header.addWidget(self._run_button)
        footer = QHBoxLayout()
        footer.addWidget(self._result, 1)
        footer.addWidget(self._undo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self._splitter, 1)
        layout.addLayout(footer)

        # Enabled only while its button is, so that otherwise the key goes on to the window.
        self._run_shortcut = QShortcut(QKeySequence("Ctrl+Shift+K"), self)
        self._run_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._run_shortcut.activated.connect(self._on_run_shortcut_activated)

        self._summary.setText(self._gray(self.tr("Run the checks to diagnose the database.")))
        self._show_details()
        self._update_buttons()

    # -- public API ------------------------------------------------------------------------------

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._model.findings

    @property
    def current_repair(self) -> Repair | None:
        """The repair whose preview is shown (None: no preview)."""
        return self._repair

    @property
    def model(self) -> FindingListModel:
        return self._model

    def set_findings(self, findings: Sequence[Finding], database: str, dialect: str) -> None:
        """Show the findings of a diagnosis of ``database`` (rendered without password) on
        ``dialect``; the first one is selected. The result of the last repair stays shown unless
        the findings are for another database."""
        if database != self._database:
            self._set_result("", "")
        self._database = database
        self._dialect = dialect
        self._loading = False
        self._finding_index = None
        self._clear_preview()
        self._model.set_findings(findings)
        self._summary.setText(self._summary_html())
        self._summary.setToolTip(self._summary_tooltip())
        if findings:
            self.select_finding(0)
        else:
            self._show_details()
        self._update_buttons()

    def set_loading(self, text: str = "") -> None:
        """The checks are running: say so (``text``, or "Checking…"), nothing to choose or run."""
        self._loading = True
        self._finding_index = None
        self._clear_preview()
        self._model.set_findings(())
        message = text or self.tr("Checking…")
        self._summary.setText(self._gray(message))
        self._summary.setToolTip("")
        self._details.setHtml(self._gray(message))
        self._set_repair_buttons(None)
        self._update_buttons()

    def set_error(self, message: str) -> None:
        """The checks could not run: ``message`` in red, no findings."""
        self._loading = False
        self._finding_index = None
        self._clear_preview()
        self._model.set_findings(())
        self._summary.setText(f"<span style='{_ERROR_STYLE}'>{html.escape(message)}</span>")
        self._summary.setToolTip(message)
        self._details.setHtml(self._gray(self.tr("No findings: the checks could not run.")))
        self._set_repair_buttons(None)
        self._update_buttons()

    def show_result(self, text: str, ok: bool) -> None:
        """A repair ran: ``text`` in green (``ok``) or red."""
        self._set_result(text, _GREEN if ok else _RED)

    def set_undo_available(self, available: bool, description: str = "") -> None:
        """Whether the last repair can be undone; ``description`` (what undoing does) is the Undo
        button's tooltip."""
        self._undo_available = available
        self._undo_description = description
        self._update_buttons()

    def set_busy(self, busy: bool) -> None:
        """A job runs on the database: Run checks, Run repair and Undo are disabled."""
        self._busy = busy
        self._update_buttons()

    def select_finding(self, index: int | None) -> None:
        """Select finding ``index`` (its details are shown), or none."""
        if index is None or not 0 <= index < self._model.rowCount():
            self._list.clearSelection()
            self._list.setCurrentIndex(QModelIndex())
            self._on_finding_selected(None)
        else:
            self._list.setCurrentIndex(self._model.index(index, 0))
            self._on_finding_selected(index)

    def choose_repair(self, finding_index: int, repair_index: int) -> None:
        """Show the preview of repair ``repair_index`` of finding ``finding_index`` (as its button
        does); the finding is selected first. Only then can the repair be run."""
        finding = self._model.finding(finding_index)
        if finding is None or not 0 <= repair_index < len(finding.repairs):
            return
        if self._finding_index != finding_index:
            self.select_finding(finding_index)
        self._show_preview(finding.repairs[repair_index])

    def preview_text(self) -> str:
        """The statements of the previewed repair as shown, joined with ``";\\n"`` (empty: no
        preview, or a repair without statements)."""
        return ";\n".join(self._preview_statements)

    # -- the summary and the details -------------------------------------------------------------

    @staticmethod
    def _gray(text: str) -> str:
        return f"<span style='{_GRAY_STYLE}'>{html.escape(text)}</span>"

    def _summary_html(self) -> str:
        count = len(self._model.findings)
        if not count:
            text = self.tr("No problems found: {0} is healthy.").format(self._database)
            return f"<b style='color:{_GREEN}'>{html.escape(text)}</b>"
        if count == 1:
            text = self.tr("1 problem found on {0}").format(self._database)
        else:
            text = self.tr("{0} problems found on {1}").format(count, self._database)
        worst = {f.severity for f in self._model.findings}
        colour = _RED if "error" in worst else _ORANGE if "warning" in worst else ""
        style = f" style='color:{colour}'" if colour else ""
        return f"<b{style}>{html.escape(text)}</b>"

    def _summary_tooltip(self) -> str:
        counts: dict[str, int] = {}
        for finding in self._model.findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
        if not counts:
            return self.tr("Every check passed.")
        return ", ".join(
            f"{self._model.severity_text(severity)}: {n}"
            for severity, n in sorted(counts.items(), key=lambda kv: _severity_rank(kv[0]))
        )

    def _selected_finding(self) -> Finding | None:
        if self._finding_index is None:
            return None
        return self._model.finding(self._finding_index)

    def _show_details(self) -> None:
        finding = self._selected_finding()
        if finding is None:
            if self._model.rowCount():
                text = self.tr("Select a finding to see why, the evidence and the repairs.")
            elif self._database:
                text = self.tr("Nothing to repair.")
            else:
                text = self.tr("No findings yet.")
            self._details.setHtml(self._gray(text))
            self._set_repair_buttons(None)
            return
        esc = html.escape
        severity = self._model.severity_text(finding.severity)
        meaning = self._model.severity_meaning(finding.severity)
        if meaning:
            severity = self.tr("{0}: {1}").format(severity, meaning)
        parts = [
            f"<h3>{esc(translated(finding.title))}</h3>",
            f"<p>{self._gray(severity)}</p>",
            f"<p>{esc(translated(finding.explanation))}</p>",
        ]
        if finding.evidence:
            evidence = self.tr("Evidence")
            parts.append(f"<p><b>{esc(evidence)}</b></p><ul>")
            parts.extend(f"<li>{esc(translated(line))}</li>" for line in finding.evidence)
            parts.append("</ul>")
        if finding.repairs:
            hint = self.tr("Choose a repair below to preview it; nothing runs before that.")
        else:
            hint = self.tr("No repair is proposed for this finding.")
        parts.append(f"<p>{self._gray(hint)}</p>")
        self._details.setHtml("".join(parts))
        self._set_repair_buttons(finding)

    def _set_repair_buttons(self, finding: Finding | None) -> None:
        for old in self._repair_buttons:
            self._repairs_layout.removeWidget(old)
            old.setObjectName("")
            old.hide()
            old.deleteLater()
        self._repair_buttons = []
        repairs = finding.repairs if finding is not None else ()
        self._repairs_box.setVisible(bool(repairs))
        for number, repair in enumerate(repairs):
            button = QPushButton(translated(repair.label), self._repairs_box)
            button.setObjectName(f"doctorRepairButton{number}")
            button.setCheckable(True)
            label = translated(repair.label)
            button.setAccessibleName(self.tr("Preview repair: {0}").format(label))
            button.setToolTip(
                self.tr("{0}\nShows what it does and its SQL first; nothing runs yet.").format(
                    translated(repair.description)
                )
            )
            button.clicked.connect(
                lambda _checked=False, r=number: self._on_repair_button_clicked(r)
            )
            # After the label, before the stretch.
            self._repairs_layout.insertWidget(self._repairs_layout.count() - 1, button)
            button.show()  # at once, not at the layout's next pass
            self._repair_buttons.append(button)

    # -- the preview -----------------------------------------------------------------------------

    def _clear_preview(self) -> None:
        self._repair = None
        self._preview_statements = ()
        self._preview.setHtml(self._gray(self.tr("Choose a repair to see what it will do.")))
        for button in self._repair_buttons:
            button.setChecked(False)
        self._update_buttons()

    def _show_preview(self, repair: Repair) -> None:
        self._repair = repair
        self._preview_statements = tuple(repair.statements)
        self._preview.setHtml(self._preview_html(repair))
        finding = self._selected_finding()
        for number, button in enumerate(self._repair_buttons):
            button.setChecked(finding is not None and finding.repairs[number] is repair)
        self._update_buttons()

    def _operation_preview(self, repair: Repair) -> str:
        if repair.kind == "upgrade":
            return self.tr(
                "The upgrade plan opens in the Plan tab, with its SQL; nothing runs until you "
                "press Run there."
            )
        if repair.kind == "merge":
            heads = ", ".join(h for h in repair.target.split(",") if h) or self.tr("the heads")
            return self.tr(
                "A merge revision of {0} is written to versions/ (alembic merge); it changes no "
                "schema."
            ).format(heads)
        if repair.kind == "stamp_at":
            return self.tr(
                "The stamp of {0} opens in the Plan tab with its SQL; nothing runs until you "
                "press Run there."
            ).format(repair.target)
        if repair.kind == "restore_archive":
            return self.tr(
                "The new base revision file is deleted and the archived revision files are "
                "moved back to versions/; no database changes."
            )
        if repair.kind == "find_match":
            return self.tr(
                "Each revision's schema is built on a scratch database and compared with this "
                "one (it takes a few seconds per revision); the result is added as a finding."
            )
        return self.tr(
            "Select a revision on the graph, then press Stamp selected: the version table is "
            "set to it, no migration runs (the stamp shows its SQL first)."
        )

    def _preview_html(self, repair: Repair) -> str:
        esc = html.escape
        label, description = translated(repair.label), translated(repair.description)
        parts = [f"<p><b>{esc(label)}</b><br>{esc(description)}</p>"]
        if repair.kind in _OPERATIONS or not repair.statements:
            parts.append(f"<p>{esc(self._operation_preview(repair))}</p>")
            return "".join(parts)
        if repair.rows_after is not None:
            rows = ", ".join(repair.rows_after) or self.tr("no row (empty, at base)")
            will_hold = self.tr("The version table will hold: {0}").format(rows)
            parts.append(f"<p><b>{esc(will_hold)}</b></p>")
        if len(repair.statements) > 1:
            how = self.tr("These {0} statements run, in one transaction:").format(
                len(repair.statements)
            )
        else:
            how = self.tr("This statement runs:")
        parts.append(f"<p>{self._gray(how)}</p>")
        sql = "".join(f"{statement};\n" for statement in repair.statements)
        parts.append(str(highlight(sql, sql_lexer(self._dialect), self._formatter)))
        if self._dialect in ("mysql", "mariadb") and any(
            s.lstrip().upper().startswith(("ALTER", "CREATE", "DROP")) for s in repair.statements
        ):
            warn = self.tr(
                "MySQL and MariaDB commit DDL at once: ALTER/CREATE cannot be rolled back."
            )
            parts.append(f"<p style='{_ERROR_STYLE}'>{esc(warn)}</p>")
        return "".join(parts)

    def _run_repair_text(self, repair: Repair | None) -> str:
        if repair is None:
            return self.tr("Run repair")
        return {
            "upgrade": self.tr("Open the plan"),
            "merge": self.tr("Create merge revision…"),
            "pick_and_stamp": self.tr("Stamp selected revision"),
            "stamp_at": self.tr("Open the stamp"),
            "find_match": self.tr("Compare the schemas"),
            "restore_archive": self.tr("Put them back"),
        }.get(repair.kind, self.tr("Run repair"))

    def _set_result(self, text: str, colour: str) -> None:
        self._result.setText(text)
        self._result.setStyleSheet(f"color: {colour};" if colour and text else "")

    # -- buttons -----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        if not hasattr(self, "_undo_button"):
            return  # still building
        self._run_button.setEnabled(not self._busy and not self._loading)
        if self._busy or self._loading:
            self._run_button.setToolTip(self.tr("Wait until the running job ends."))
        else:
            self._run_button.setToolTip(
                self.tr("Read the version table again and run every check (Ctrl+Shift+K)")
            )
        self._run_shortcut.setEnabled(self._run_button.isEnabled())

        repair = self._repair
        self._run_repair_button.setText(self._run_repair_text(repair))
        self._run_repair_button.setEnabled(repair is not None and not self._busy)
        if repair is None:
            tip = self.tr("Choose a repair first: its preview is shown before it can run.")
        elif self._busy:
            tip = self.tr("Wait until the running job ends.")
        elif repair.kind in _OPERATIONS or not repair.statements:
            tip = translated(repair.description)
        else:
            tip = self.tr("Run the statements shown above on {0}").format(self._database)
        self._run_repair_button.setToolTip(tip)

        self._undo_button.setEnabled(self._undo_available and not self._busy)
        if not self._undo_available:
            undo_tip = self.tr("No repair to undo.")
        elif self._busy:
            undo_tip = self.tr("Wait until the running job ends.")
        else:
            undo_tip = self._undo_description or self.tr("Undo the last repair")
        self._undo_button.setToolTip(undo_tip)

    # -- slots ---------------------------------------------------------------------------------

    def _on_finding_selected(self, row: int | None) -> None:
        if row == self._finding_index and row is not None:
            return
        self._finding_index = row
        self._show_details()
        self._clear_preview()

    def _on_list_selection_changed(
        self, selected: QItemSelection, deselected: QItemSelection
    ) -> None:
        rows = self._list.selectionModel().selectedRows()
        self._on_finding_selected(rows[0].row() if rows else None)

    def _on_repair_button_clicked(self, repair_index: int) -> None:
        if self._finding_index is not None:
            self.choose_repair(self._finding_index, repair_index)

    def _on_run_button_clicked(self) -> None:
        if self._run_button.isEnabled():
            self.diagnose_requested.emit()

    def _on_run_shortcut_activated(self) -> None:
        if self._run_button.isEnabled():
            self._run_button.click()

    def _on_run_repair_button_clicked(self) -> None:
        repair = self._repair
        if repair is not None and self._run_repair_button.isEnabled():
            self.repair_requested.emit(repair)

    def _on_undo_button_clicked(self) -> None:
        if self._undo_button.isEnabled():
            self.undo_requested.emit()


def _severity_rank(severity: str) -> int:
    return {"error": 0, "warning": 1, "info": 2}.get(severity, 3)
