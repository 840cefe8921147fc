"""The revision graph widget: a virtualized lane table, a search field, filters, a legend and the
right-click menu of a revision.

Only the visible rows are painted (a :class:`QTableView` over :class:`RevisionGraphModel`, with
fixed row heights), so 20,000 revisions open and scroll like 20.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QPointF,
    QSettings,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.gc_pause import freeze_survivors
from migrator_gui.core.revisions import RevisionGraph
from migrator_gui.core.status import DbStatus, StatusKind
from migrator_gui.ui.revision_graph.revision_graph_delegate import (
    BADGE_COLOURS,
    LANE_COLOURS,
    NODE_RADIUS,
    UNKNOWN_COLOUR,
    RevisionGraphDelegate,
    graph_width,
)
from migrator_gui.ui.revision_graph.revision_graph_model import (
    COLLAPSED_ID,
    RevisionGraphModel,
    RevisionState,
    RowKind,
)

_SETTINGS_GROUP = "RevisionGraph"


class RevisionGraphView(QTableView):
    """The lane table itself (object name ``revisionGraph``)."""

    def __init__(self, model: RevisionGraphModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionGraph")
        self.setAccessibleName(self.tr("Revision graph"))
        self.setModel(model)
        self._delegate = RevisionGraphDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vertical = self.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for col, width in ((1, 104), (2, 340), (3, 110), (4, 150)):
            header.resizeSection(col, width)
        model.modelReset.connect(self._delegate.clear_cache)
        model.modelReset.connect(self._on_model_reset)

    def _on_model_reset(self) -> None:
        model = self.model()
        assert isinstance(model, RevisionGraphModel)
        self.horizontalHeader().resizeSection(RevisionGraphModel.GRAPH,
                                              graph_width(model.max_lanes))


class RevisionGraphPanel(QWidget):
    """The graph with its navigation: search (Ctrl+F), go to DB revision / head, filters, legend.

    The main window owns the operations; this panel asks for them through its signals.
    """

    current_revision_changed = Signal(str)
    """The selected row changed: its revision id, or "" (nothing, or the folded history row)."""
    upgrade_requested = Signal(str)
    """Right-click "Upgrade to here": the target revision."""
    downgrade_requested = Signal(str)
    """Right-click "Downgrade to here": the target revision."""
    stamp_requested = Signal(str)
    """Right-click "Stamp here": the revision to write into the version table."""
    doctor_requested = Signal(str)
    """Right-click "Open the Doctor" on a revision the database holds but versions/ lacks."""
    show_sql_requested = Signal(str)
    """Right-click "Show SQL": the revision whose offline SQL to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("revisionGraphPanel")
        self._model = RevisionGraphModel(self)
        self._operations_enabled = False
        self._matches: list[str] = []
        self._build_actions()
        self._build_widgets()
        self._restore_settings()
        self._update_navigation()

    # -- public surface ---------------------------------------------------------------------
    @property
    def model(self) -> RevisionGraphModel:
        return self._model

    @property
    def view(self) -> RevisionGraphView:
        return self._view

    def actions_for_menu(self) -> list[QAction | None]:
        """The navigation actions, for the main window's View menu (None = separator)."""
        return [self.find_action, self.go_to_db_action, self.go_to_head_action, None,
                self.pending_only_action, self.fold_applied_action, self.oldest_first_action]

    def set_graph(self, graph: RevisionGraph | None) -> None:
        """Show ``graph``, keeping the selected revision and the scroll position."""
        self._keeping_place(lambda: self._model.set_graph(graph))

    def set_status(self, status: DbStatus | None) -> None:
        self._keeping_place(lambda: self._model.set_status(status))

    def set_graph_and_status(self, graph: RevisionGraph | None, status: DbStatus | None) -> None:
        """Both at once (one layout), keeping the selected revision and the scroll position."""
        self._keeping_place(lambda: self._model.set_graph_and_status(graph, status))

    def set_operations_enabled(self, enabled: bool) -> None:
        """Whether the right-click operations may run now (a database is selected, no job)."""
        self._operations_enabled = enabled

    def selected_revision(self) -> str | None:
        index = self._view.selectionModel().currentIndex()
        return self._model.revision_at(index.row()) if index.isValid() else None

    def select_revision(self, revision: str, *, scroll: bool = True, reveal: bool = True) -> bool:
        """Select ``revision``, unfolding the applied history or lifting "pending only" when they
        hide it (with ``reveal``; without, a folded revision selects the folded row). False when
        the graph does not show it."""
        model = self._model
        row = model.row_of(revision)
        if row is None and revision in model.collapsed_revisions and not reveal:
            row = model.row_of(COLLAPSED_ID)
        if row is None and revision in model.collapsed_revisions:
            self.fold_applied_action.setChecked(False)
            row = model.row_of(revision)
        if row is None and model.pending_only and model.graph is not None \
                and revision in model.graph:
            self.pending_only_action.setChecked(False)
            row = model.row_of(revision)
        if row is None:
            return False
        index = model.index(row, RevisionGraphModel.REVISION)
        self._view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if scroll:
            self._view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def go_to_db_revision(self) -> bool:
        """Select the database's current revision (the first row of its version table)."""
        status = self._model.status
        if status is None or not status.rows:
            self._search_status.setText(self.tr("The database has no revision"))
            return False
        return self.select_revision(status.rows[0])

    def go_to_head(self) -> bool:
        """Select the next head (again: the one after it, for several heads)."""
        graph = self._model.graph
        if graph is None or not graph.heads:
            return False
        heads = list(graph.heads)
        current = self.selected_revision()
        nxt = heads[(heads.index(current) + 1) % len(heads)] if current in heads else heads[0]
        return self.select_revision(nxt)

    def find(self, text: str | None = None, *, backwards: bool = False) -> str | None:
        """Select the next revision matching ``text`` (default: the search field's text) by id
        prefix, message or branch label; None when nothing matches."""
        if text is not None and text != self._search.text():
            self._search.setText(text)
        needle = self._search.text()
        self._matches = self._model.matches(needle)
        if not self._matches:
            self._search_status.setText(self.tr("No match") if needle.strip() else "")
            return None
        current = self.selected_revision()
        if current in self._matches:
            i = self._matches.index(current) + (-1 if backwards else 1)
        else:
            i = -1 if backwards else 0
        found = self._matches[i % len(self._matches)]
        self.select_revision(found)
        self._search_status.setText(
            self.tr("{0} of {1}").format(self._matches.index(found) + 1, len(self._matches))
        )
        return found

    # -- construction -----------------------------------------------------------------------
    def _action(self, text: str, shortcut: str, tip: str, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        keys = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setCheckable(checkable)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.find_action = self._action(
            self.tr("&Find Revision…"), "Ctrl+F",
            self.tr("Find a revision by id prefix, message text or branch label"))
        self.find_action.triggered.connect(self._on_find_action_triggered)
        self.go_to_db_action = self._action(
            self.tr("Go to &DB Revision"), "Ctrl+G",
            self.tr("Select the revision the database is at"))
        self.go_to_db_action.triggered.connect(self.go_to_db_revision)
        self.go_to_head_action = self._action(
            self.tr("Go to &Head"), "Ctrl+Shift+H",
            self.tr("Select a head (again for the next head)"))
        self.go_to_head_action.triggered.connect(self.go_to_head)
        self.pending_only_action = self._action(
            self.tr("&Pending Only"), "Ctrl+Shift+P",
            self.tr("Show only the revisions the database has not applied yet"), True)
        self.pending_only_action.toggled.connect(self._on_pending_only_action_toggled)
        self.fold_applied_action = self._action(
            self.tr("&Fold Applied History"), "Ctrl+Shift+F",
            self.tr("Fold the fully-applied history into one row"), True)
        self.fold_applied_action.toggled.connect(self._on_fold_applied_action_toggled)
        self.oldest_first_action = self._action(
            self.tr("&Oldest First"), "Ctrl+Shift+O",
            self.tr("Show the oldest revision at the top"), True)
        self.oldest_first_action.toggled.connect(self._on_oldest_first_action_toggled)

    def _tool_button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setObjectName(name)
        button.setAutoRaise(True)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
        return button

    def _build_widgets(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)

        bar = QHBoxLayout()
        bar.setSpacing(4)
        self._search = QLineEdit(self)
        self._search.setObjectName("graphSearch")
        self._search.setClearButtonEnabled(True)
        self._search.setPlaceholderText(self.tr("Find: id prefix, message or branch label"))
        self._search.setToolTip(self.tr(
            "Ctrl+F. Enter: next match, Shift+Enter: previous, Esc: back to the graph"))
        self._search.setAccessibleName(self.tr("Find revision"))
        self._search.textEdited.connect(self._on_search_text_edited)
        self._search.returnPressed.connect(self._on_search_return_pressed)
        self._search.installEventFilter(self)
        self._search_status = QLabel(self)
        self._search_status.setObjectName("searchStatus")
        self._search_status.setMinimumWidth(70)
        bar.addWidget(self._search, 1)
        bar.addWidget(self._search_status)
        bar.addWidget(self._tool_button(self.go_to_db_action, "goToDbButton"))
        bar.addWidget(self._tool_button(self.go_to_head_action, "goToHeadButton"))
        bar.addWidget(self._tool_button(self.pending_only_action, "pendingOnlyButton"))
        bar.addWidget(self._tool_button(self.fold_applied_action, "foldAppliedButton"))
        bar.addWidget(self._tool_button(self.oldest_first_action, "oldestFirstButton"))
        layout.addLayout(bar)

        self._view = RevisionGraphView(self._model, self)
        self._view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self._view.activated.connect(self._on_view_activated)
        self._view.customContextMenuRequested.connect(self._on_view_context_menu_requested)
        self._model.modelReset.connect(self._update_navigation)
        layout.addWidget(self._view, 1)

        self._legend = _Legend(self)
        layout.addWidget(self._legend)

    def _restore_settings(self) -> None:
        settings = QSettings()
        settings.beginGroup(_SETTINGS_GROUP)
        for key, action in (("pendingOnly", self.pending_only_action),
                            ("foldApplied", self.fold_applied_action),
                            ("oldestFirst", self.oldest_first_action)):
            action.setChecked(settings.value(key, False, type=bool))
        settings.endGroup()

    def _save_setting(self, key: str, value: bool) -> None:
        settings = QSettings()
        settings.setValue(f"{_SETTINGS_GROUP}/{key}", value)

    # -- keeping the place across model resets ---------------------------------------------
    def _keeping_place(self, change: Callable[[], None]) -> None:
        selected = self.selected_revision()
        bar = self._view.verticalScrollBar()
        scroll = bar.value()
        change()
        # The rows and lanes just built live as long as the graph: keep the cyclic collector
        # from walking them again and again while the user scrolls (a 20k graph: ~100 ms each).
        freeze_survivors()
        if selected is None or not self.select_revision(selected, scroll=False, reveal=False):
            self._emit_current()
        bar.setValue(min(scroll, bar.maximum()))

    def _refilter(self, change: Callable[[], None]) -> None:
        """Apply a filter change; the selected revision stays selected and in view."""
        selected = self.selected_revision()
        change()
        freeze_survivors()
        if selected is None or not self.select_revision(selected, reveal=False):
            self._emit_current()

    def _emit_current(self) -> None:
        self.current_revision_changed.emit(self.selected_revision() or "")

    # -- slots -------------------------------------------------------------------------------
    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_revision_changed.emit(self._model.revision_at(current.row()) or "")

    def _on_view_activated(self, index: QModelIndex) -> None:
        row = self._model.row(index.row())
        if row is not None and row.kind == RowKind.COLLAPSED:
            self.fold_applied_action.setChecked(False)

    def _on_find_action_triggered(self) -> None:
        self._search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._search.selectAll()

    def _on_search_text_edited(self, text: str) -> None:
        # Incremental: the first match from the top as the user types.
        self._matches = self._model.matches(text)
        if not text.strip():
            self._search_status.setText("")
            return
        if not self._matches:
            self._search_status.setText(self.tr("No match"))
            return
        self.select_revision(self._matches[0])
        self._search_status.setText(self.tr("1 of {0}").format(len(self._matches)))

    def _on_search_return_pressed(self) -> None:
        backwards = bool(QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.find(backwards=backwards)

    def eventFilter(self, watched: object, event: object) -> bool:
        if watched is self._search and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self._search.clear()
                self._search_status.setText("")
                self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.find(backwards=True)
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._view.setFocus(Qt.FocusReason.OtherFocusReason)
                return False
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _on_pending_only_action_toggled(self, on: bool) -> None:
        self._save_setting("pendingOnly", on)
        self._refilter(lambda: self._model.set_pending_only(on))

    def _on_fold_applied_action_toggled(self, on: bool) -> None:
        self._save_setting("foldApplied", on)
        self._refilter(lambda: self._model.set_collapse_applied(on))

    def _on_oldest_first_action_toggled(self, on: bool) -> None:
        self._save_setting("oldestFirst", on)
        self._refilter(lambda: self._model.set_oldest_first(on))

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        index = self._view.indexAt(pos)
        row = self._model.row(index.row()) if index.isValid() else None
        if row is None:
            return
        self.select_revision(row.revision, scroll=False) if row.kind != RowKind.COLLAPSED \
            else self._view.setCurrentIndex(index)
        menu = self.context_menu(index.row())
        menu.exec(self._view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def context_menu(self, row_number: int) -> QMenu:
        """The right-click menu of row ``row_number`` (built fresh: its entries depend on the
        revision's state and on whether an operation may run now)."""
        menu = QMenu(self)
        menu.setObjectName("revisionContextMenu")
        menu.setToolTipsVisible(True)
        row = self._model.row(row_number)
        if row is None:
            return menu
        if row.kind == RowKind.COLLAPSED:
            expand = menu.addAction(self.tr("Show the {0} applied revisions").format(row.count))
            expand.triggered.connect(lambda: self.fold_applied_action.setChecked(False))
            return menu
        rev = row.revision
        short = rev[:12]
        if row.kind == RowKind.UNKNOWN:
            doctor = menu.addAction(self.tr("Open the &Doctor for {0}").format(short))
            doctor.setObjectName("openDoctorAction")
            doctor.setToolTip(self.tr("See why alembic cannot locate this revision and how to "
                                      "repair the version table"))
            doctor.triggered.connect(lambda: self.doctor_requested.emit(rev))
            menu.addSeparator()
        status = self._model.status
        readable = status is not None and status.kind is not StatusKind.UNREACHABLE
        can_run = self._operations_enabled and readable
        known = row.kind == RowKind.REVISION and row.state != RevisionState.BROKEN

        upgrade = menu.addAction(self.tr("&Upgrade to {0}").format(short))
        upgrade.setObjectName("upgradeToHereAction")
        upgrade.setEnabled(can_run and known and row.state == RevisionState.PENDING)
        upgrade.setToolTip(self.tr("Apply every pending revision up to and including this one"))
        upgrade.triggered.connect(lambda: self.upgrade_requested.emit(rev))

        downgrade = menu.addAction(self.tr("&Downgrade to {0}").format(short))
        downgrade.setObjectName("downgradeToHereAction")
        downgrade.setEnabled(can_run and known and row.state == RevisionState.APPLIED
                             and not row.current)
        downgrade.triggered.connect(lambda: self.downgrade_requested.emit(rev))

        stamp = menu.addAction(self.tr("&Stamp {0}…").format(short))
        stamp.setObjectName("stampHereAction")
        stamp.setEnabled(self._operations_enabled and status is not None
                         and status.kind is not StatusKind.UNREACHABLE and known)
        stamp.triggered.connect(lambda: self.stamp_requested.emit(rev))
        menu.addSeparator()

        copy = menu.addAction(self.tr("&Copy Revision Id"))
        copy.setObjectName("copyIdAction")
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(rev))
        sql = menu.addAction(self.tr("Show S&QL"))
        sql.setObjectName("showSqlAction")
        sql.setEnabled(known)
        sql.triggered.connect(lambda: self.show_sql_requested.emit(rev))
        graph = self._model.graph
        path = graph[rev].path if graph is not None and rev in graph else None
        open_file = menu.addAction(self.tr("&Open File"))
        open_file.setObjectName("openFileAction")
        open_file.setEnabled(path is not None)
        if path is not None:
            url = QUrl.fromLocalFile(str(path))
            open_file.triggered.connect(lambda: QDesktopServices.openUrl(url))
        if not can_run:
            why = self.tr("Select a readable database and wait for the running job to finish")
            for action in (upgrade, downgrade, stamp):
                action.setToolTip(why)
        elif row.current:
            downgrade.setToolTip(self.tr("The database is already at this revision"))
        menu.setToolTipsVisible(True)
        return menu

    def _update_navigation(self) -> None:
        status = self._model.status
        readable = status is not None and status.kind is not StatusKind.UNREACHABLE
        self.go_to_db_action.setEnabled(bool(status and status.rows))
        self.go_to_head_action.setEnabled(bool(self._model.graph and self._model.graph.heads))
        self.pending_only_action.setEnabled(readable or self.pending_only_action.isChecked())
        self.fold_applied_action.setEnabled(readable or self.fold_applied_action.isChecked())
        self._legend.set_dependencies_note(
            "" if self._model.dependencies_drawn else
            self.tr("depends_on lines hidden (too many to draw): see the details pane"))
        if self._search.text():
            self._matches = self._model.matches(self._search.text())


class _Legend(QWidget):
    """What the marks mean, painted with the graph's own colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("graphLegend")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(6)
        for kind, text in (
            ("applied", self.tr("applied")),
            ("pending", self.tr("pending")),
            ("db", self.tr("the database's revision")),
            ("dependency", self.tr("depends_on")),
            ("unknown", self.tr("unknown / unreadable")),
        ):
            icon = QLabel(self)
            icon.setPixmap(self._pixmap(kind))
            label = QLabel(text, self)
            label.setObjectName(f"legend_{kind}")
            layout.addWidget(icon)
            layout.addWidget(label)
            layout.addSpacing(8)
        self._note = QLabel(self)
        self._note.setObjectName("legendNote")
        layout.addWidget(self._note)
        layout.addStretch(1)

    def set_dependencies_note(self, text: str) -> None:
        self._note.setText(text)

    def _pixmap(self, kind: str) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(int(22 * ratio), int(16 * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = QPointF(11, 8)
        lane = QColor(LANE_COLOURS[0])
        base = self.palette().color(QPalette.ColorRole.Base)
        r = NODE_RADIUS
        if kind == "applied":
            painter.setPen(QPen(lane.darker(130), 1.2))
            painter.setBrush(lane)
            painter.drawEllipse(centre, r, r)
        elif kind == "pending":
            painter.setPen(QPen(lane, 2.0))
            painter.setBrush(base)
            painter.drawEllipse(centre, r, r)
        elif kind == "db":
            painter.setPen(QPen(QColor(BADGE_COLOURS["db"]), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, r + 3, r + 3)
            painter.setPen(QPen(lane.darker(130), 1.2))
            painter.setBrush(lane)
            painter.drawEllipse(centre, r, r)
        elif kind == "dependency":
            pen = QPen(lane, 1.3)
            pen.setDashPattern([3.0, 3.0])
            painter.setPen(pen)
            painter.drawLine(QPointF(2, 8), QPointF(20, 8))
        else:
            painter.setPen(QPen(QColor(UNKNOWN_COLOUR), 2.2))
            painter.drawLine(QPointF(7, 4), QPointF(15, 12))
            painter.drawLine(QPointF(7, 12), QPointF(15, 4))
        painter.end()
        return pixmap
