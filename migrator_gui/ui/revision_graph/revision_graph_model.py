"""The table model behind the revision graph: one row per revision (newest first by default) with
its lane layout and the selected database's state (applied / pending / current / unknown).

A model (not widgets per row) so that 20,000 revisions cost nothing until painted: the delegate
paints row ``i`` from :meth:`RevisionGraphModel.layout_row` alone.

Rows, top to bottom: revisions the database holds but versions/ lacks ("unknown", red), then the
revisions in the chosen order, filtered ("pending only") or with the fully-applied history folded
into one "142 applied revisions" row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from migrator_gui.core.layout import GraphLayout, LayoutRow, graph_entry, layout_entries
from migrator_gui.core.revisions import RevisionGraph, RevisionNode
from migrator_gui.core.status import DbStatus, StatusKind
from migrator_gui.ui.i18n import format_create_date, translated

_Index = QModelIndex | QPersistentModelIndex

_Entry = tuple[str, tuple[str, ...], tuple[str, ...]]
"""``(revision, parents, dependencies)`` as :func:`layout_entries` takes them."""

COLLAPSED_ID = "\x00applied"
"""Row id of the folded applied history (never a revision id: those are file-name safe)."""

MAX_DEPENDENCY_LANES = 40
"""Above this many lanes, ``depends_on`` lines are left out of the layout (listed in the details
pane instead): long-range dependencies in a large history would make the graph unreadably wide."""

MAX_DEPENDENCY_EDGES = 200
"""Beyond this many ``depends_on`` edges the layout skips them without trying (saves a layout)."""


class RevisionState:
    APPLIED = "applied"
    PENDING = "pending"
    UNKNOWN = "unknown"
    BROKEN = "broken"
    NO_DATABASE = "none"
    COLLAPSED = "collapsed"


class RowKind:
    REVISION = "revision"
    UNKNOWN = "unknown"
    COLLAPSED = "collapsed"


@dataclass(frozen=True, slots=True)
class GraphRow:
    """One row of the view."""

    kind: str
    revision: str
    state: str
    current: bool = False
    """The database's version table holds this revision."""
    count: int = 0
    """For the collapsed row: how many revisions it stands for."""


class RevisionGraphModel(QAbstractTableModel):
    """Revisions of a :class:`RevisionGraph` in lanes, with a :class:`DbStatus` laid over them."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("RevisionGraphModel", "Graph"),
        QT_TRANSLATE_NOOP("RevisionGraphModel", "Revision"),
        QT_TRANSLATE_NOOP("RevisionGraphModel", "Message"),
        QT_TRANSLATE_NOOP("RevisionGraphModel", "Labels"),
        QT_TRANSLATE_NOOP("RevisionGraphModel", "Created"),
        QT_TRANSLATE_NOOP("RevisionGraphModel", "File"),
    )
    GRAPH, REVISION, MESSAGE, LABELS, CREATED, FILE = range(6)
    RevisionRole = int(Qt.ItemDataRole.UserRole) + 1
    StateRole = int(Qt.ItemDataRole.UserRole) + 2
    KindRole = int(Qt.ItemDataRole.UserRole) + 3
    BadgesRole = int(Qt.ItemDataRole.UserRole) + 4
    """A list of ``(text, kind)`` badges for the row: kind is ``db``, ``head``, ``base``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._graph: RevisionGraph | None = None
        self._status: DbStatus | None = None
        self._pending_only = False
        self._collapse_applied = False
        self._oldest_first = False
        self._rows: list[GraphRow] = []
        self._row_of: dict[str, int] = {}
        self._layout: GraphLayout | None = None
        self._layout_offset = 0
        self._collapsed: frozenset[str] = frozenset()
        self._collapsed_order: list[str] = []
        self._dependencies_drawn = True
        self._heads: frozenset[str] = frozenset()
        self._full_layout: tuple[object, bool, GraphLayout, bool] | None = None
        """The unfiltered layout, kept across status changes: (graph, oldest_first, layout,
        dependencies drawn)."""
        self._bases: frozenset[str] = frozenset()

    # -- data in ---------------------------------------------------------------------------
    def set_graph(self, graph: RevisionGraph | None) -> None:
        self._graph = graph
        self._heads = frozenset(graph.heads) if graph is not None else frozenset()
        self._bases = frozenset(graph.bases) if graph is not None else frozenset()
        self._reset()

    def set_status(self, status: DbStatus | None) -> None:
        self._status = status
        self._reset()

    def set_graph_and_status(self, graph: RevisionGraph | None, status: DbStatus | None) -> None:
        """Both at once: one reset (and one layout) instead of two."""
        self._status = status
        self.set_graph(graph)

    def set_pending_only(self, on: bool) -> None:
        if on != self._pending_only:
            self._pending_only = on
            self._reset()

    def set_collapse_applied(self, on: bool) -> None:
        if on != self._collapse_applied:
            self._collapse_applied = on
            self._reset()

    def set_oldest_first(self, on: bool) -> None:
        if on != self._oldest_first:
            self._oldest_first = on
            self._reset()

    # -- data out --------------------------------------------------------------------------
    @property
    def graph(self) -> RevisionGraph | None:
        return self._graph

    @property
    def status(self) -> DbStatus | None:
        return self._status

    @property
    def pending_only(self) -> bool:
        return self._pending_only

    @property
    def collapse_applied(self) -> bool:
        return self._collapse_applied

    @property
    def oldest_first(self) -> bool:
        return self._oldest_first

    @property
    def layout(self) -> GraphLayout | None:
        return self._layout

    @property
    def dependencies_drawn(self) -> bool:
        """False when ``depends_on`` lines were left out to keep the graph narrow."""
        return self._dependencies_drawn

    @property
    def max_lanes(self) -> int:
        return self._layout.max_lanes if self._layout is not None else 0

    @property
    def collapsed_revisions(self) -> frozenset[str]:
        """Revisions folded into the "applied revisions" row (empty when nothing is folded)."""
        return self._collapsed

    def row_of(self, revision: str) -> int | None:
        return self._row_of.get(revision)

    def row(self, row: int) -> GraphRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def revision_at(self, row: int) -> str | None:
        found = self.row(row)
        return found.revision if found is not None and found.kind != RowKind.COLLAPSED else None

    def layout_row(self, row: int) -> LayoutRow | None:
        if self._layout is None:
            return None
        i = row - self._layout_offset
        rows = self._layout.rows
        return rows[i] if 0 <= i < len(rows) else None

    def state_of(self, revision: str) -> str | None:
        """The state of ``revision`` even when it is folded away or filtered out."""
        row = self._row_of.get(revision)
        if row is not None:
            return self._rows[row].state
        if self._graph is not None and revision in self._graph:
            return self._state(self._graph[revision])
        return None

    def is_current(self, revision: str) -> bool:
        status = self._status
        return status is not None and revision in status.rows

    def state_label(self, revision: str) -> str:
        """The state in words, for the details pane."""
        state = self.state_of(revision)
        if state is None:
            return ""
        text = {
            RevisionState.APPLIED: self.tr("applied"),
            RevisionState.PENDING: self.tr("pending"),
            RevisionState.UNKNOWN: self.tr("unknown to versions/"),
            RevisionState.BROKEN: self.tr("unreadable file"),
            RevisionState.NO_DATABASE: self.tr("unknown (no database state)"),
            RevisionState.COLLAPSED: "",
        }[state]
        if self.is_current(revision):
            text += self.tr(" - the database is here")
        return text

    def matches(self, text: str) -> list[str]:
        """Revisions whose id starts with ``text``, or whose message or a branch label contains
        it (case-insensitive), in the order shown (folded ones included, filtered ones not)."""
        needle = text.strip().lower()
        graph = self._graph
        if not needle or graph is None:
            return []
        found: list[str] = []
        for row in self._rows:
            if row.kind == RowKind.COLLAPSED:
                found.extend(r for r in self._collapsed_order if _matches(graph[r], needle))
            elif row.kind == RowKind.UNKNOWN:
                if row.revision.lower().startswith(needle):
                    found.append(row.revision)
            elif _matches(graph[row.revision], needle):
                found.append(row.revision)
        return found

    # -- building ----------------------------------------------------------------------------
    def _reset(self) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _state(self, node: RevisionNode) -> str:
        status = self._status
        if node.error:
            return RevisionState.BROKEN
        if status is None or status.kind is StatusKind.UNREACHABLE:
            return RevisionState.NO_DATABASE
        return RevisionState.APPLIED if node.revision in status.applied else RevisionState.PENDING

    def _rebuild(self) -> None:
        rows: list[GraphRow] = []
        status = self._status
        current = frozenset(status.rows) if status is not None else frozenset()
        if status is not None:
            rows.extend(GraphRow(RowKind.UNKNOWN, r, RevisionState.UNKNOWN, True)
                        for r in status.unknown)
        self._layout_offset = len(rows)
        self._collapsed = frozenset()
        self._collapsed_order = []
        graph = self._graph
        if graph is None:
            self._layout = None
            self._set_rows(rows)
            return
        readable = status is not None and status.kind is not StatusKind.UNREACHABLE
        order = graph.topological_order()
        if self._pending_only and readable:
            assert status is not None
            order = tuple(r for r in order if r not in status.applied)
        entries: list[_Entry]
        filtered = self._pending_only and readable
        if self._collapse_applied and readable and not self._pending_only:
            assert status is not None
            entries, folded = self._fold_applied(graph, order, status, current)
            filtered = bool(folded)
        else:
            entries = [graph_entry(graph, r) for r in order]
            folded = []
        cached = self._full_layout
        if not filtered and cached is not None and cached[0] is graph \
                and cached[1] == self._oldest_first:
            self._layout, self._dependencies_drawn = cached[2], cached[3]
        else:
            self._layout = self._lay_out(entries)
            if not filtered:
                self._full_layout = (graph, self._oldest_first, self._layout,
                                     self._dependencies_drawn)
        for rev, *_ in entries:
            if rev == COLLAPSED_ID:
                rows.append(GraphRow(RowKind.COLLAPSED, COLLAPSED_ID, RevisionState.COLLAPSED,
                                     count=len(folded)))
                continue
            node = graph[rev]
            rows.append(GraphRow(RowKind.REVISION, rev, self._state(node), rev in current))
        if self._oldest_first:
            rows[self._layout_offset:] = reversed(rows[self._layout_offset:])
        self._collapsed = frozenset(folded)
        self._collapsed_order = folded
        self._set_rows(rows)

    def _set_rows(self, rows: list[GraphRow]) -> None:
        self._rows = rows
        self._row_of = {r.revision: i for i, r in enumerate(rows)}

    def _lay_out(self, entries: list[_Entry]) -> GraphLayout:
        edges = sum(len(deps) for _, _, deps in entries)
        layout = None
        if edges <= MAX_DEPENDENCY_EDGES:
            layout = layout_entries(entries, oldest_first=self._oldest_first)
            if layout.max_lanes > MAX_DEPENDENCY_LANES and edges:
                layout = None
        self._dependencies_drawn = layout is not None or not edges
        if layout is None:
            layout = layout_entries(((rev, down, ()) for rev, down, _ in entries),
                                    oldest_first=self._oldest_first)
        return layout

    def _fold_applied(
        self, graph: RevisionGraph, order: tuple[str, ...], status: DbStatus,
        current: frozenset[str],
    ) -> tuple[list[_Entry], list[str]]:
        """Entries with the fully-applied history (applied, not a database row, every child
        applied) folded into one synthetic entry, and the folded revisions in order."""
        applied = status.applied

        def foldable(rev: str) -> bool:
            return (rev in applied and rev not in current
                    and all(c in applied for c in graph.children(rev)))

        folded: list[str] = []
        visible: list[_Entry] = []
        folded_set: set[str] = set()
        for rev in order:
            if foldable(rev):
                folded.append(rev)
                folded_set.add(rev)
        if len(folded) < 2:
            return [graph_entry(graph, r) for r in order], []
        first_folded = -1
        last_ref = -1
        synthetic_parents: list[str] = []
        for rev in order:
            if rev in folded_set:
                if first_folded < 0:
                    first_folded = len(visible)
                for p in graph.parents(rev):
                    if p not in folded_set and p not in synthetic_parents:
                        synthetic_parents.append(p)
                continue
            _, down, deps = graph_entry(graph, rev)
            if any(p in folded_set for p in down + deps):
                last_ref = len(visible)
                down = _redirect(down, folded_set)
                deps = tuple(p for p in _redirect(deps, folded_set) if p not in down)
            visible.append((rev, down, deps))
        at = max(first_folded, last_ref + 1)
        visible.insert(at, (COLLAPSED_ID, tuple(synthetic_parents), ()))
        return visible, folded

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
        # Called for every role of every painted cell: plain ints, and unknown roles out first.
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        r = index.row()
        if not 0 <= r < len(self._rows):
            return None
        row = self._rows[r]
        if role == _DISPLAY:
            return self._display(row, index.column())
        if role == _REVISION:
            return row.revision if row.kind != RowKind.COLLAPSED else None
        if role == _STATE:
            return row.state
        if role == _KIND:
            return row.kind
        if role == _BADGES:
            return self._badges(row)
        if role == _TOOLTIP:
            return self._tooltip(row)
        return self._accessible(row)

    def _display(self, row: GraphRow, col: int) -> str | None:
        if row.kind == RowKind.COLLAPSED:
            if col == self.MESSAGE:
                return self.tr("{0} applied revisions (double-click to expand)").format(row.count)
            return ""
        if col == self.GRAPH:
            return ""
        if col == self.REVISION:
            return row.revision[:12]
        graph = self._graph
        if row.kind == RowKind.UNKNOWN or graph is None:
            if col == self.MESSAGE:
                return self.tr("Unknown revision held by the database (not in versions/)")
            return ""
        node = graph[row.revision]
        if col == self.MESSAGE:
            return translated(node.error) if node.error else node.message
        if col == self.LABELS:
            return ", ".join(node.branch_labels)
        if col == self.CREATED:
            return format_create_date(node.create_date)  # the details show it to the second
        if col == self.FILE:
            return node.path.name
        return None

    def _badges(self, row: GraphRow) -> list[tuple[str, str]]:
        badges: list[tuple[str, str]] = []
        if row.current:
            badges.append(("DB", "db"))
        if row.kind == RowKind.UNKNOWN:
            badges.append((self.tr("unknown"), "unknown"))
        if row.revision in self._heads:
            badges.append((self.tr("head"), "head"))
        if row.revision in self._bases:
            badges.append((self.tr("base"), "base"))
        return badges

    def _tooltip(self, row: GraphRow) -> str:
        if row.kind == RowKind.COLLAPSED:
            return self.tr("{0} revisions applied to the database, folded into one row. "
                           "Double-click or press Enter to show them.").format(row.count)
        text = {
            RevisionState.APPLIED: self.tr("Applied to the selected database"),
            RevisionState.PENDING: self.tr("Pending: not yet applied to the selected database"),
            RevisionState.UNKNOWN: self.tr(
                "The database holds this revision but no file in versions/ defines it: alembic "
                "fails with \"Can't locate revision\". Stamp a known revision to repair it."
            ),
            RevisionState.BROKEN: self.tr("This file could not be read as a revision"),
            RevisionState.NO_DATABASE: self.tr("No database state (not connected)"),
        }[row.state]
        if row.current:
            text += self.tr(" - the database's current revision")
        return f"{row.revision}\n{text}"

    def _accessible(self, row: GraphRow) -> str:
        if row.kind == RowKind.COLLAPSED:
            return self.tr("{0} applied revisions, folded").format(row.count)
        parts = [row.revision, row.state]
        parts += [text for text, _ in self._badges(row)]
        return " ".join(parts)


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_REVISION = RevisionGraphModel.RevisionRole
_STATE = RevisionGraphModel.StateRole
_KIND = RevisionGraphModel.KindRole
_BADGES = RevisionGraphModel.BadgesRole
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ACCESSIBLE, _REVISION, _STATE, _KIND, _BADGES))


def _matches(node: RevisionNode, needle: str) -> bool:
    return (node.revision.lower().startswith(needle)
            or needle in (node.message or "").lower()
            or any(needle in label.lower() for label in node.branch_labels))


def _redirect(revs: tuple[str, ...], folded: set[str]) -> tuple[str, ...]:
    out: list[str] = []
    for r in revs:
        target = COLLAPSED_ID if r in folded else r
        if target not in out:
            out.append(target)
    return tuple(out)
