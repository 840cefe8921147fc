"""The table model behind the revision list: one row per revision, newest first, with the
selected database's state (applied / pending / current / unknown) on each row.

A model (not widgets per row) so that 20,000 revisions cost nothing until painted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from migrator_gui.core.revisions import RevisionGraph
from migrator_gui.core.status import DbStatus, StatusKind

_Index = QModelIndex | QPersistentModelIndex


class RevisionState:
    APPLIED = "applied"
    PENDING = "pending"
    UNKNOWN = "unknown"
    BROKEN = "broken"
    NO_DATABASE = "none"


@dataclass(frozen=True)
class _Row:
    revision: str
    state: str
    current: bool


class RevisionListModel(QAbstractTableModel):
    """Revisions of a :class:`RevisionGraph` with a :class:`DbStatus` laid over them."""

    COLUMNS = ("State", "Revision", "Message", "Labels", "Created", "File")
    STATE, REVISION, MESSAGE, LABELS, CREATED, FILE = range(6)
    RevisionRole = int(Qt.ItemDataRole.UserRole) + 1
    StateRole = int(Qt.ItemDataRole.UserRole) + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._graph: RevisionGraph | None = None
        self._status: DbStatus | None = None
        self._rows: list[_Row] = []
        self._row_of: dict[str, int] = {}

    # -- data in ---------------------------------------------------------------------------
    def set_graph(self, graph: RevisionGraph | None) -> None:
        self.beginResetModel()
        self._graph = graph
        self._rebuild()
        self.endResetModel()

    def set_status(self, status: DbStatus | None) -> None:
        self.beginResetModel()
        self._status = status
        self._rebuild()
        self.endResetModel()

    @property
    def graph(self) -> RevisionGraph | None:
        return self._graph

    def row_of(self, revision: str) -> int | None:
        return self._row_of.get(revision)

    def revision_at(self, row: int) -> str | None:
        return self._rows[row].revision if 0 <= row < len(self._rows) else None

    def state_of(self, revision: str) -> str | None:
        row = self._row_of.get(revision)
        return None if row is None else self._rows[row].state

    def state_label(self, revision: str) -> str:
        """The state in words, for the details pane."""
        row = self._row_of.get(revision)
        if row is None:
            return ""
        text = {
            RevisionState.APPLIED: self.tr("applied"),
            RevisionState.PENDING: self.tr("pending"),
            RevisionState.UNKNOWN: self.tr("unknown to versions/"),
            RevisionState.BROKEN: self.tr("unreadable file"),
            RevisionState.NO_DATABASE: self.tr("unknown (no database state)"),
        }[self._rows[row].state]
        if self._rows[row].current:
            text += self.tr(" - the database is here")
        return text

    def is_current(self, revision: str) -> bool:
        row = self._row_of.get(revision)
        return row is not None and self._rows[row].current

    def _rebuild(self) -> None:
        rows: list[_Row] = []
        status = self._status
        current = set(status.rows) if status else set()
        if status is not None:
            rows.extend(_Row(r, RevisionState.UNKNOWN, True) for r in status.unknown)
        graph = self._graph
        if graph is not None:
            readable = status is not None and status.kind is not StatusKind.UNREACHABLE
            ordered = list(graph.topological_order())
            seen = set(ordered)
            ordered.extend(n.revision for n in graph.broken if n.revision not in seen)
            for rev in ordered:
                node = graph[rev]
                if node.error:
                    state = RevisionState.BROKEN
                elif not readable:
                    state = RevisionState.NO_DATABASE
                elif status is not None and rev in status.applied:
                    state = RevisionState.APPLIED
                else:
                    state = RevisionState.PENDING
                rows.append(_Row(rev, state, rev in current))
        self._rows = rows
        self._row_of = {r.revision: i for i, r in enumerate(rows)}

    # -- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section]) if 0 <= section < len(self.COLUMNS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == self.RevisionRole:
            return row.revision
        if role == self.StateRole:
            return row.state
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, col)
        if role == Qt.ItemDataRole.FontRole and row.current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.revision} {row.state}{' current' if row.current else ''}"
        return None

    def _display(self, row: _Row, col: int) -> str | None:
        node = self._graph[row.revision] if self._graph and row.revision in self._graph else None
        if col == self.STATE:
            glyph = {
                RevisionState.APPLIED: "●",
                RevisionState.PENDING: "○",
                RevisionState.UNKNOWN: "✖",
                RevisionState.BROKEN: "⚠",
                RevisionState.NO_DATABASE: "·",
            }[row.state]
            return f"{glyph} DB" if row.current else glyph
        if col == self.REVISION:
            return row.revision[:12]
        if node is None:
            if col == self.MESSAGE and row.state == RevisionState.UNKNOWN:
                return self.tr("Unknown revision held by the database (not in versions/)")
            return ""
        if col == self.MESSAGE:
            return node.error if node.error else node.message
        if col == self.LABELS:
            return ", ".join(self._labels(row.revision))
        if col == self.CREATED:
            return (node.create_date or "")[:19]  # to the second; details show it all
        if col == self.FILE:
            return node.path.name
        return None

    def _labels(self, revision: str) -> list[str]:
        graph = self._graph
        assert graph is not None
        node = graph[revision]
        labels = list(node.branch_labels)
        if revision in graph.heads:
            labels.append("head")
        if revision in graph.bases:
            labels.append("base")
        if node.is_merge:
            labels.append("merge")
        if node.is_branch_point:
            labels.append("branch point")
        return labels

    def _tooltip(self, row: _Row) -> str:
        text = {
            RevisionState.APPLIED: self.tr("Applied to the selected database"),
            RevisionState.PENDING: self.tr("Pending: not yet applied to the selected database"),
            RevisionState.UNKNOWN: self.tr(
                "The database holds this revision but no file in versions/ defines it"
            ),
            RevisionState.BROKEN: self.tr("This file could not be read as a revision"),
            RevisionState.NO_DATABASE: self.tr("No database state (not connected)"),
        }[row.state]
        if row.current:
            text += self.tr(" - the database's current revision")
        return f"{row.revision}\n{text}"

    def _foreground(self, row: _Row, col: int) -> QBrush | None:
        if row.state in (RevisionState.UNKNOWN, RevisionState.BROKEN):
            return QBrush(QColor("#d32f2f"))
        palette = QApplication.palette()
        if row.state == RevisionState.PENDING and col != self.STATE:
            return QBrush(palette.color(QPalette.ColorRole.PlaceholderText))
        if col == self.STATE and row.state == RevisionState.APPLIED:
            return QBrush(QColor("#2e7d32"))
        if col == self.STATE and row.state == RevisionState.PENDING:
            return QBrush(QColor("#ef6c00"))
        return None
