"""The autogenerate diff pane: what differs between the models and the database, grouped by
table, each operation checkable, with the warnings of :mod:`migrator_gui.core.lint` next to it,
the code and SQL of what is checked, and the form that asks for a revision to be written.

Nothing is written here: :class:`DiffPane` emits :attr:`DiffPane.write_requested` with a
:class:`WriteRequest` (the checked operation keys and the renames the user accepted) and the main
window runs the job, then reports back with :meth:`DiffPane.set_written` or
:meth:`DiffPane.set_error`.
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer
from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from migrator_gui.core.lint import DANGER, INFO, WARNING, LintWarning
from migrator_gui.core.protocol import DiffOp
from migrator_gui.services.autogenerate import AutogenerateResult
from migrator_gui.ui.i18n import translated
from migrator_gui.ui.revision_details_view import _code_style, sql_lexer

__all__ = ["DiffPane", "DiffTreeModel", "Rename", "WriteRequest", "describe_op", "type_label"]

_RED = "#d32f2f"
_AMBER = "#ef6c00"
_GREEN = "#2e7d32"
_GRAY = "#757575"
_ERROR_STYLE = f"color:{_RED}"
_GRAY_STYLE = f"color:{_GRAY}"

SEVERITY_COLOURS = {DANGER: _RED, WARNING: _AMBER, INFO: _GRAY}
"""The colour of a warning's text, by severity."""
_SEVERITY_RANK = {INFO: 0, WARNING: 1, DANGER: 2}

_Index = QModelIndex | QPersistentModelIndex

Rename = tuple[str, str, str]
"""``(table, old_column, new_column)``, as :attr:`LintWarning.rename` has it."""

RENAME_RULE = "looks-like-rename"
DATA_LOSS_RULE = "data-loss"


@dataclass(frozen=True)
class WriteRequest:
    """What the user asked to write: a new revision holding the checked operations."""

    message: str
    branch_label: str = ""
    """"" for none."""
    head: str = "head"
    """The revision the new one follows (``--head``): ``head`` or a head's id."""
    selected: tuple[str, ...] = ()
    """The :attr:`DiffOp.key` of the checked operations, in the order of the compare (the
    drop and add of an accepted rename are not in it)."""
    renames: tuple[Rename, ...] = field(default_factory=tuple)
    """The accepted (and checked) renames: each replaces its drop + add by an
    ``alter_column(new_column_name=...)``."""


# -- texts -----------------------------------------------------------------------------------------

translate = QCoreApplication.translate  # lupdate reads translate("Context", "source") by name


_MODULE_PREFIX = re.compile(r"^(?:[a-z_][a-z0-9_]*\.)+")


def type_label(text: object) -> str:
    """A type's repr as a user reads it: ``VARCHAR(length=200)`` → ``VARCHAR(200)``,
    ``sa.Integer()`` → ``Integer``; ``?`` when unknown."""
    if not isinstance(text, str) or not text.strip():
        return "?"
    label = _MODULE_PREFIX.sub("", text.strip())
    label = re.sub(r"\blength=", "", label)
    if label.endswith("()"):
        label = label[:-2]
    return label


def _nullable_text(nullable: object) -> str:
    return "NULL" if nullable else "NOT NULL"


def _columns_text(columns: object) -> str:
    if isinstance(columns, (list, tuple)) and columns:
        return "(" + ", ".join(str(c) for c in columns) + ")"
    return ""


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def describe_op(op: DiffOp) -> str:
    """One operation in a line: ``add column age INTEGER NULL``, ``drop column nickname``,
    ``alter column bio: VARCHAR(200) → String(80)``, ``create index ix_author_email (email)``."""
    d = op.details
    kind = op.kind
    if kind == "add_table":
        return translate("DiffTreeModel", "create table {0}").format(op.table)
    if kind == "drop_table":
        return translate("DiffTreeModel", "drop table {0}").format(op.table)
    if kind == "add_column":
        text = translate("DiffTreeModel", "add column {0} {1} {2}").format(
            op.name, type_label(d.get("type")), _nullable_text(d.get("nullable", True))
        )
        default = d.get("server_default")
        if default not in (None, "", False):
            text += " " + translate("DiffTreeModel", "DEFAULT {0}").format(default)
        return text
    if kind == "drop_column":
        return translate("DiffTreeModel", "drop column {0}").format(op.name)
    if kind == "alter_column":
        aspects: list[str] = []
        if "old_type" in d or "new_type" in d:
            aspects.append(f"{type_label(d.get('old_type'))} → {type_label(d.get('new_type'))}")
        if "new_nullable" in d:
            nullable = translate("DiffTreeModel", "nullable")
            not_null = translate("DiffTreeModel", "NOT NULL")
            old = nullable if d.get("old_nullable") else not_null
            new = nullable if d.get("new_nullable") else not_null
            aspects.append(f"{old} → {new}")
        if "old_default" in d or "new_default" in d:
            none = translate("DiffTreeModel", "no default")
            aspects.append(
                translate("DiffTreeModel", "default {0} → {1}").format(
                    d.get("old_default") or none, d.get("new_default") or none
                )
            )
        new_name = d.get("new_name")
        if isinstance(new_name, str) and new_name:
            aspects.append(translate("DiffTreeModel", "rename → {0}").format(new_name))
        if not aspects:
            return translate("DiffTreeModel", "alter column {0}").format(op.name)
        return translate("DiffTreeModel", "alter column {0}: {1}").format(
            op.name, translate("DiffTreeModel", "; ").join(aspects)
        )
    if kind in ("add_index", "drop_index"):
        unique = bool(d.get("unique"))
        if kind == "add_index":
            verb = (
                translate("DiffTreeModel", "create unique index")
                if unique
                else translate("DiffTreeModel", "create index")
            )
        else:
            verb = translate("DiffTreeModel", "drop index")
        return _join(verb, op.name, _columns_text(d.get("columns")))
    if kind == "add_unique":
        verb = translate("DiffTreeModel", "add unique constraint")
        return _join(verb, op.name, _columns_text(d.get("columns")))
    if kind == "add_fk":
        referred = f"{d.get('referred_table', '?')}{_columns_text(d.get('referred_columns'))}"
        verb = translate("DiffTreeModel", "add foreign key")
        return _join(verb, _columns_text(d.get("columns")), "→", referred)
    if kind == "drop_constraint":
        ctype = d.get("type")
        what = (
            translate("DiffTreeModel", "drop {0} constraint").format(ctype)
            if ctype
            else translate("DiffTreeModel", "drop constraint")
        )
        return _join(what, op.name)
    if kind == "add_check":
        return _join(translate("DiffTreeModel", "add check constraint"), op.name)
    if kind == "add_primary_key":
        return _join(translate("DiffTreeModel", "add primary key"), op.name)
    if kind == "add_table_comment":
        return translate("DiffTreeModel", "set the table comment")
    if kind == "drop_table_comment":
        return translate("DiffTreeModel", "drop the table comment")
    return _join(kind.replace("_", " "), op.name)


def rename_text(rename: Rename) -> str:
    return translate("DiffTreeModel", "rename column {0} → {1}").format(rename[1], rename[2])


def rename_key(rename: Rename) -> str:
    """The key of the tree row an accepted rename shows as."""
    table, old, new = rename
    return f"rename:{table}.{old}.{new}"


def op_code(op: DiffOp) -> str:
    """The operation's upgrade code without alembic's "### commands" comment lines, dedented."""
    lines = [line for line in op.python.splitlines() if not line.strip().startswith("# ### ")]
    return textwrap.dedent("\n".join(line.rstrip() for line in lines)).strip("\n")


def rename_code(rename: Rename, schema: str | None) -> str:
    table, old, new = rename
    schema_arg = f", schema={schema!r}" if schema else ""
    return f"op.alter_column({table!r}, {old!r}, new_column_name={new!r}{schema_arg})"


def _worst(warnings: tuple[LintWarning, ...]) -> str | None:
    if not warnings:
        return None
    return max(warnings, key=lambda w: _SEVERITY_RANK.get(w.severity, 0)).severity


def _warning_tip(warning: LintWarning) -> str:
    message = translated(warning.message)
    return f"{message}\n{translated(warning.fix)}" if warning.fix else message


# -- the model ---------------------------------------------------------------------------------


@dataclass
class _Row:
    key: str
    text: str
    ops: tuple[DiffOp, ...]
    rename: Rename | None = None
    warnings: tuple[LintWarning, ...] = ()


@dataclass
class _Table:
    label: str
    rows: list[_Row]


class DiffTreeModel(QAbstractItemModel):
    """The operations of a compare: one top-level row per table (``schema.table``), its
    operations below, each checkable; a table's check box is the tri-state of its operations and
    toggles them all. An accepted rename shows as one ``rename column a → b`` row (key
    :func:`rename_key`) instead of its drop and add."""

    checked_changed = Signal()
    """A check box changed (by the user or by :meth:`set_checked`)."""

    COLUMN_OPERATION = 0
    COLUMN_WARNINGS = 1
    COLUMN_COUNT = 2

    KEY_ROLE = Qt.ItemDataRole.UserRole + 1
    """An operation row's key (a table row: its label)."""
    SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2
    """The worst severity of a row's warnings, or None."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops: tuple[DiffOp, ...] = ()
        self._all_warnings: tuple[LintWarning, ...] = ()
        self._renames: dict[Rename, tuple[str, str]] = {}
        self._accepted: list[Rename] = []
        self._checked: dict[str, bool] = {}
        self._tables: list[_Table] = []

    # -- data in -----------------------------------------------------------------------------

    def set_diff(
        self,
        ops: list[DiffOp] | tuple[DiffOp, ...],
        warnings: tuple[LintWarning, ...] | list[LintWarning] = (),
        unchecked: tuple[str, ...] | set[str] | frozenset[str] = (),
        renames: tuple[Rename, ...] = (),
    ) -> None:
        """Show ``ops`` with ``warnings``, every row checked but those whose key is in
        ``unchecked``; the ``renames`` the warnings still propose are accepted (a re-compare
        keeps the user's choices this way)."""
        unchecked = set(unchecked)
        self._ops = tuple(ops)
        self._all_warnings = tuple(warnings)
        keys = {op.key for op in self._ops}
        self._renames = {}
        for warning in self._all_warnings:
            if warning.rule == RENAME_RULE and warning.rename and len(warning.keys) == 2:
                drop, add = warning.keys
                if drop in keys and add in keys:
                    self._renames[tuple(warning.rename)] = (drop, add)  # type: ignore[index]
        self._accepted = []
        for rename in renames:
            rename = tuple(rename)  # type: ignore[assignment]
            if rename in self._renames and rename not in self._accepted:
                self._accepted.append(rename)
        self._checked = {op.key: op.key not in unchecked for op in self._ops}
        for rename in self._accepted:
            self._checked[rename_key(rename)] = rename_key(rename) not in unchecked
        self._rebuild()

    def clear(self) -> None:
        self.set_diff(())

    def accept_rename(self, rename: Rename) -> bool:
        """Show the drop + add of ``rename`` as one checked rename row; their rename warning and
        the drop's data-loss warning go. False when the compare proposes no such rename."""
        rename = tuple(rename)  # type: ignore[assignment]
        if rename not in self._renames or rename in self._accepted:
            return False
        self._accepted.append(rename)
        self._checked[rename_key(rename)] = True
        self._rebuild()
        self.checked_changed.emit()
        return True

    def undo_rename(self, rename: Rename) -> bool:
        """Back to the drop and the add (both checked), with their warnings."""
        rename = tuple(rename)  # type: ignore[assignment]
        if rename not in self._accepted:
            return False
        self._accepted.remove(rename)
        self._checked.pop(rename_key(rename), None)
        for key in self._renames[rename]:
            self._checked[key] = True
        self._rebuild()
        self.checked_changed.emit()
        return True

    def set_checked(self, key: str, checked: bool) -> None:
        """Check or uncheck the operation row ``key`` (or every operation of table ``key``)."""
        for t, table in enumerate(self._tables):
            if table.label == key:
                self.setData(self.index(t, 0), self._state(checked), Qt.ItemDataRole.CheckStateRole)
                return
            for r, row in enumerate(table.rows):
                if row.key == key:
                    parent = self.index(t, 0)
                    self.setData(
                        self.index(r, 0, parent),
                        self._state(checked),
                        Qt.ItemDataRole.CheckStateRole,
                    )
                    return

    def set_all_checked(self, checked: bool) -> None:
        for t in range(len(self._tables)):
            self.setData(self.index(t, 0), self._state(checked), Qt.ItemDataRole.CheckStateRole)

    # -- data out ----------------------------------------------------------------------------

    @property
    def ops(self) -> tuple[DiffOp, ...]:
        return self._ops

    def accepted_renames(self) -> tuple[Rename, ...]:
        """Every rename the user accepted, checked or not."""
        return tuple(self._accepted)

    def unchecked_keys(self) -> tuple[str, ...]:
        """The keys of the rows the user unchecked (operations and renames)."""
        return tuple(key for key, checked in self._checked.items() if not checked)

    def checked_renames(self) -> tuple[Rename, ...]:
        return tuple(r for r in self._accepted if self._checked.get(rename_key(r), False))

    def renamed_keys(self) -> set[str]:
        """The keys of the drops and adds an accepted rename replaces."""
        return {key for r in self._accepted for key in self._renames[r]}

    def selected_keys(self) -> tuple[str, ...]:
        """The keys of the checked operations, in the compare's order (renamed pairs left out)."""
        hidden = self.renamed_keys()
        return tuple(
            op.key for op in self._ops if op.key not in hidden and self._checked.get(op.key)
        )

    def is_checked(self, key: str) -> bool:
        return self._checked.get(key, False)

    def all_checked(self) -> bool:
        """Every row is checked and no rename was accepted: the compare's code as it is."""
        return not self._accepted and all(self._checked.get(op.key) for op in self._ops)

    def any_checked(self) -> bool:
        return any(self._checked.get(row.key) for table in self._tables for row in table.rows)

    def change_count(self) -> int:
        """Rows (an accepted rename counts once)."""
        return sum(len(table.rows) for table in self._tables)

    def table_count(self) -> int:
        return len(self._tables)

    def warnings(self) -> tuple[LintWarning, ...]:
        """The warnings still standing: those of an accepted rename (its rename warning and its
        drop's data-loss warning) left out."""
        hidden: list[LintWarning] = []
        for rename in self._accepted:
            drop, _add = self._renames[rename]
            for warning in self._all_warnings:
                if warning.rule == RENAME_RULE and warning.rename == rename:
                    hidden.append(warning)
                elif warning.rule == DATA_LOSS_RULE and warning.keys == (drop,):
                    hidden.append(warning)
        return tuple(w for w in self._all_warnings if not any(w is h for h in hidden))

    def rename_candidates(self) -> tuple[LintWarning, ...]:
        """The looks-like-rename warnings not accepted yet."""
        return tuple(
            w for w in self.warnings() if w.rule == RENAME_RULE and w.rename in self._renames
        )

    def checked_code(self) -> str:
        """The upgrade code of the checked rows, in the order of the tree."""
        parts: list[str] = []
        for table in self._tables:
            for row in table.rows:
                if not self._checked.get(row.key):
                    continue
                if row.rename is not None:
                    parts.append(rename_code(row.rename, row.ops[0].schema if row.ops else None))
                else:
                    parts.extend(op_code(op) for op in row.ops)
        return "\n".join(p for p in parts if p)

    def row_key(self, index: _Index) -> str | None:
        row = self._row(index)
        return row.key if row is not None else None

    # -- structure ---------------------------------------------------------------------------

    def _rebuild(self) -> None:
        self.beginResetModel()
        visible = self.warnings()
        by_key: dict[str, list[LintWarning]] = {}
        for warning in visible:
            for key in warning.keys:
                by_key.setdefault(key, []).append(warning)
        pair_of: dict[str, Rename] = {}
        for rename in self._accepted:
            for key in self._renames[rename]:
                pair_of[key] = rename
        tables: dict[str, _Table] = {}
        done: set[Rename] = set()
        for op in self._ops:
            label = f"{op.schema}.{op.table}" if op.schema else op.table
            table = tables.setdefault(label, _Table(label, []))
            paired = pair_of.get(op.key)
            if paired is None:
                table.rows.append(
                    _Row(op.key, describe_op(op), (op,), None, tuple(by_key.get(op.key, ())))
                )
                continue
            if paired in done:
                continue
            done.add(paired)
            pair = tuple(o for o in self._ops if o.key in self._renames[paired])
            found: list[LintWarning] = []
            for member in pair:
                for warning in by_key.get(member.key, ()):
                    if not any(warning is f for f in found):
                        found.append(warning)
            table.rows.append(
                _Row(rename_key(paired), rename_text(paired), pair, paired, tuple(found))
            )
        self._tables = list(tables.values())
        self.endResetModel()

    def _row(self, index: _Index) -> _Row | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        t = index.internalId() - 1
        if not 0 <= t < len(self._tables) or not 0 <= index.row() < len(self._tables[t].rows):
            return None
        return self._tables[t].rows[index.row()]

    def _table(self, index: _Index) -> _Table | None:
        if not index.isValid() or index.internalId() != 0:
            return None
        if not 0 <= index.row() < len(self._tables):
            return None
        return self._tables[index.row()]

    @staticmethod
    def _state(checked: bool) -> Qt.CheckState:
        return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked

    def _table_state(self, table: _Table) -> Qt.CheckState:
        states = {bool(self._checked.get(row.key)) for row in table.rows}
        if states == {True}:
            return Qt.CheckState.Checked
        if states == {False} or not states:
            return Qt.CheckState.Unchecked
        return Qt.CheckState.PartiallyChecked

    # -- QAbstractItemModel ------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not 0 <= column < self.COLUMN_COUNT or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._tables):
                return QModelIndex()
            return self.createIndex(row, column, 0)
        if parent.internalId() != 0 or parent.column() != 0:
            return QModelIndex()
        t = parent.row()
        if not 0 <= t < len(self._tables) or row >= len(self._tables[t].rows):
            return QModelIndex()
        return self.createIndex(row, column, t + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        if not parent.isValid():
            return len(self._tables)
        if parent.column() != 0:
            return 0
        table = self._table(parent)
        return len(table.rows) if table is not None else 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return self.COLUMN_COUNT

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Operation"), self.tr("Warnings")][section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return [
                self.tr(
                    "What autogenerate found, by table; only the checked operations are written"
                ),
                self.tr("What may go wrong when the operation runs"),
            ][section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.COLUMN_OPERATION:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        column = index.column()
        table = self._table(index)
        if table is not None:
            return self._table_data(table, column, role)
        row = self._row(index)
        if row is None:
            return None
        return self._row_data(row, column, role)

    def _table_data(self, table: _Table, column: int, role: int) -> object:
        warnings: tuple[LintWarning, ...] = ()
        for row in table.rows:
            warnings += tuple(w for w in row.warnings if not any(w is x for x in warnings))
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COLUMN_OPERATION:
                return table.label
            if not warnings:
                return ""
            count = len(warnings)
            return self.tr("1 warning") if count == 1 else self.tr("{0} warnings").format(count)
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COLUMN_OPERATION:
            return self._table_state(table)
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COLUMN_WARNINGS:
            worst = _worst(warnings)
            return QColor(SEVERITY_COLOURS[worst]) if worst in SEVERITY_COLOURS else None
        if role == Qt.ItemDataRole.FontRole and column == self.COLUMN_OPERATION:
            font = QApplication.font()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COLUMN_OPERATION:
            return self.tr("Table {0}: check or uncheck all its operations").format(table.label)
        if role == self.KEY_ROLE:
            return table.label
        if role == self.SEVERITY_ROLE:
            return _worst(warnings)
        return None

    def _row_data(self, row: _Row, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COLUMN_OPERATION:
                return row.text
            separator = self.tr("; ")
            return separator.join(translated(w.message) for w in row.warnings)
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COLUMN_OPERATION:
            return self._state(bool(self._checked.get(row.key)))
        if role == Qt.ItemDataRole.ForegroundRole and column == self.COLUMN_WARNINGS:
            worst = _worst(row.warnings)
            return QColor(SEVERITY_COLOURS[worst]) if worst in SEVERITY_COLOURS else None
        if role == Qt.ItemDataRole.DecorationRole and column == self.COLUMN_WARNINGS:
            worst = _worst(row.warnings)
            if worst == DANGER:
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COLUMN_WARNINGS:
                return "\n\n".join(_warning_tip(w) for w in row.warnings) or None
            if row.rename is not None:
                return self.tr(
                    "Written as alter_column(new_column_name=...): the column keeps its data "
                    "(instead of {0})"
                ).format(", ".join(op.key for op in row.ops))
            return row.key
        if role == self.KEY_ROLE:
            return row.key
        if role == self.SEVERITY_ROLE:
            return _worst(row.warnings)
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if index.column() != self.COLUMN_OPERATION:
            return False
        raw = value.value if isinstance(value, Qt.CheckState) else value
        try:
            checked = int(raw) == Qt.CheckState.Checked.value  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return False
        table = self._table(index)
        if table is not None:
            for row in table.rows:
                self._checked[row.key] = checked
            t = index.row()
            self.dataChanged.emit(self.index(t, 0), self.index(t, self.COLUMN_COUNT - 1))
            if table.rows:
                parent = self.index(t, 0)
                self.dataChanged.emit(
                    self.index(0, 0, parent), self.index(len(table.rows) - 1, 0, parent)
                )
            self.checked_changed.emit()
            return True
        op_row = self._row(index)
        if op_row is None:
            return False
        self._checked[op_row.key] = checked
        self.dataChanged.emit(index, index)
        parent = self.parent(index)
        self.dataChanged.emit(parent, parent)
        self.checked_changed.emit()
        return True


# -- the pane --------------------------------------------------------------------------------------


class DiffPane(QWidget):
    """The autogenerate diff (issue 6): operations by table, checkable, with their warnings;
    the code and SQL of the checked ones; and the form that asks for a revision to be written.

    The main window owns the jobs: it calls :meth:`set_loading`, then :meth:`set_result`,
    :meth:`set_not_up_to_date` or :meth:`set_error` with what the compare found, listens to
    :attr:`compare_requested`, :attr:`write_requested` and :attr:`upgrade_first_requested`, and
    reports a written revision with :meth:`set_written` (GUI thread only). Keyboard (while the
    focus is in the pane): Ctrl+Return writes, Ctrl+Shift+C compares.
    """

    compare_requested = Signal()
    """The user asked for a (new) compare of the models with the database (Compare button or
    Ctrl+Shift+C)."""

    write_requested = Signal(object)
    """The user asked for a revision file: a :class:`WriteRequest` (Write revision button or
    Ctrl+Return)."""

    upgrade_first_requested = Signal()
    """The database is behind the heads: the user asked to upgrade it, then compare again."""

    UPGRADE_TAB = 0
    DOWNGRADE_TAB = 1
    SQL_TAB = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("diffPane")
        self._result: AutogenerateResult | None = None
        self._loading = False
        self._busy = False
        self._suggested = ""
        self._memory: tuple[tuple[str, ...], tuple[Rename, ...]] = ((), ())
        """The unchecked keys and accepted renames of the last compare shown (kept for the
        next)."""
        self._formatter = HtmlFormatter(noclasses=True, style=_code_style(self))
        self._warning_rows: list[QWidget] = []

        self._summary = QLabel(self)
        self._summary.setObjectName("diffSummary")
        self._summary.setWordWrap(True)
        self._summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The precondition / error area.
        self._notice_frame = QFrame(self)
        self._notice_frame.setObjectName("diffNoticeFrame")
        self._notice = QLabel(self._notice_frame)
        self._notice.setObjectName("diffNotice")
        self._notice.setWordWrap(True)
        self._notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._upgrade_first_button = QPushButton(
            self.tr("Upgrade first, then compare"), self._notice_frame
        )
        self._upgrade_first_button.setObjectName("upgradeFirstButton")
        self._upgrade_first_button.setToolTip(
            self.tr(
                "Autogenerate compares against the latest revision: upgrade the database to the "
                "heads, then compare again"
            )
        )
        self._upgrade_first_button.clicked.connect(self._on_upgrade_first_button_clicked)
        self._details_button = QPushButton(self.tr("Details"), self._notice_frame)
        self._details_button.setObjectName("diffDetailsButton")
        self._details_button.setCheckable(True)
        self._details_button.setToolTip(self.tr("Show or hide the details of the error"))
        self._details_button.toggled.connect(self._on_details_button_toggled)
        self._error_details = QPlainTextEdit(self._notice_frame)
        self._error_details.setObjectName("diffErrorDetails")
        self._error_details.setAccessibleName(self.tr("Error details"))
        self._error_details.setReadOnly(True)
        self._error_details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self._error_details.setMaximumHeight(160)
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(0, 0, 0, 0)
        notice_row.addWidget(self._notice, 1)
        notice_row.addWidget(self._upgrade_first_button)
        notice_row.addWidget(self._details_button)
        notice_layout = QVBoxLayout(self._notice_frame)
        notice_layout.setContentsMargins(0, 0, 0, 0)
        notice_layout.addLayout(notice_row)
        notice_layout.addWidget(self._error_details)

        # The warnings.
        self._warnings = QFrame(self)
        self._warnings.setObjectName("diffWarnings")
        self._warnings.setAccessibleName(self.tr("Warnings"))
        self._warnings_layout = QVBoxLayout(self._warnings)
        self._warnings_layout.setContentsMargins(2, 2, 2, 2)
        self._warnings_layout.setSpacing(2)
        self._warnings_scroll = QScrollArea(self)
        self._warnings_scroll.setObjectName("diffWarningsScroll")
        self._warnings_scroll.setWidgetResizable(True)
        self._warnings_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._warnings_scroll.setWidget(self._warnings)
        self._warnings_scroll.setMaximumHeight(150)

        # The tree and the code.
        self._model = DiffTreeModel(self)
        self._model.checked_changed.connect(self._on_model_checked_changed)
        self._tree = QTreeView(self)
        self._tree.setObjectName("diffTree")
        self._tree.setAccessibleName(self.tr("Operations by table"))
        self._tree.setModel(self._model)
        # After the view's own reset handling, which collapses everything.
        self._model.modelReset.connect(self._on_model_reset)
        self._tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._tree.setAlternatingRowColors(True)
        self._tree.setUniformRowHeights(True)
        header = self._tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(
            DiffTreeModel.COLUMN_OPERATION, QHeaderView.ResizeMode.Interactive
        )

        self._upgrade_code = self._code_browser("diffUpgradeCode", self.tr("Upgrade code"))
        self._downgrade_code = self._code_browser("diffDowngradeCode", self.tr("Downgrade code"))
        self._sql = self._code_browser("diffSql", self.tr("Upgrade SQL"))
        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("diffTabs")
        self._tabs.addTab(self._upgrade_code, self.tr("Upgrade (checked operations)"))
        self._tabs.addTab(self._downgrade_code, self.tr("Downgrade"))
        self._tabs.addTab(self._sql, self.tr("SQL"))
        self._tabs.setTabToolTip(
            self.UPGRADE_TAB, self.tr("The upgrade code of the checked operations")
        )
        self._tabs.setTabToolTip(
            self.DOWNGRADE_TAB, self.tr("The downgrade code autogenerate wrote for everything")
        )
        self._tabs.setTabToolTip(
            self.SQL_TAB, self.tr("The SQL of every operation found, rendered offline")
        )

        self._splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self._splitter.setObjectName("diffSplitter")
        self._splitter.addWidget(self._tree)
        self._splitter.addWidget(self._tabs)
        self._splitter.setStretchFactor(0, 3)
        self._splitter.setStretchFactor(1, 2)

        # The write form.
        self._message_edit = QLineEdit(self)
        self._message_edit.setObjectName("revisionMessageEdit")
        self._message_edit.setAccessibleName(self.tr("Revision message"))
        self._message_edit.setPlaceholderText(self.tr("What the revision does"))
        self._message_edit.textChanged.connect(self._on_message_edit_text_changed)
        self._branch_edit = QLineEdit(self)
        self._branch_edit.setObjectName("branchLabelEdit")
        self._branch_edit.setAccessibleName(self.tr("Branch label"))
        self._branch_edit.setPlaceholderText(self.tr("optional"))
        self._branch_edit.setToolTip(
            self.tr("A branch label for the new revision (alembic revision --branch-label)")
        )
        self._head_combo = QComboBox(self)
        self._head_combo.setObjectName("headCombo")
        self._head_combo.setAccessibleName(self.tr("Head"))
        self._head_combo.setToolTip(
            self.tr("The head the new revision follows (alembic revision --head)")
        )
        self._written = QLabel(self)
        self._written.setObjectName("diffWritten")
        self._written.setWordWrap(True)
        self._written.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._compare_button = QPushButton(self.tr("Compare"), self)
        self._compare_button.setObjectName("compareButton")
        self._compare_button.clicked.connect(self._on_compare_button_clicked)
        self._write_button = QPushButton(self.tr("Write revision"), self)
        self._write_button.setObjectName("writeRevisionButton")
        self._write_button.setDefault(False)
        self._write_button.clicked.connect(self._on_write_button_clicked)

        form = QFormLayout()
        message_label = QLabel(self.tr("&Message:"), self)
        message_label.setBuddy(self._message_edit)
        form.addRow(message_label, self._message_edit)
        branch_label = QLabel(self.tr("&Branch label:"), self)
        branch_label.setBuddy(self._branch_edit)
        head_label = QLabel(self.tr("&Head:"), self)
        head_label.setBuddy(self._head_combo)
        options = QHBoxLayout()
        options.addWidget(self._branch_edit, 1)
        options.addWidget(head_label)
        options.addWidget(self._head_combo, 1)
        form.addRow(branch_label, options)
        buttons = QHBoxLayout()
        buttons.addWidget(self._written, 1)
        buttons.addWidget(self._compare_button)
        buttons.addWidget(self._write_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self._summary)
        layout.addWidget(self._notice_frame)
        layout.addWidget(self._warnings_scroll)
        layout.addWidget(self._splitter, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self._shortcuts: list[tuple[QShortcut, QPushButton]] = []
        for keys, slot, target in (
            ("Ctrl+Return", self._on_write_shortcut_activated, self._write_button),
            ("Ctrl+Enter", self._on_write_shortcut_activated, self._write_button),
            ("Ctrl+Shift+C", self._on_compare_shortcut_activated, self._compare_button),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            self._shortcuts.append((shortcut, target))

        self.set_heads([])
        self.set_result(None)

    def _code_browser(self, name: str, accessible: str) -> QTextBrowser:
        browser = QTextBrowser(self)
        browser.setObjectName(name)
        browser.setAccessibleName(accessible)
        browser.setReadOnly(True)
        browser.setOpenLinks(False)
        browser.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)
        return browser

    # -- public API ------------------------------------------------------------------------------

    @property
    def result(self) -> AutogenerateResult | None:
        return self._result

    @property
    def model(self) -> DiffTreeModel:
        return self._model

    def selected_keys(self) -> tuple[str, ...]:
        """The keys of the checked operations (an accepted rename's drop and add left out)."""
        return self._model.selected_keys()

    def accepted_renames(self) -> tuple[Rename, ...]:
        """The renames the user accepted, checked or not."""
        return self._model.accepted_renames()

    def write_request(self) -> WriteRequest:
        """What :attr:`write_requested` would carry now."""
        return WriteRequest(
            message=self._message_edit.text().strip(),
            branch_label=self._branch_edit.text().strip(),
            head=self._head_combo.currentText() or "head",
            selected=self._model.selected_keys(),
            renames=self._model.checked_renames(),
        )

    def set_loading(self, text: str = "") -> None:
        """A compare runs: say so (``text`` or a default); nothing to write until it ends."""
        self._loading = True
        self._result = None
        self._remember()
        self._model.clear()
        self._hide_notice()
        message = text or self.tr("Comparing the models with the database…")
        self._set_summary(message, _GRAY)
        for browser in (self._upgrade_code, self._downgrade_code, self._sql):
            browser.setHtml(self._gray(message))
        self._update_buttons()

    def set_result(self, result: AutogenerateResult | None) -> None:
        """Show a compare (None: nothing compared yet). The operations the user unchecked and
        the renames accepted in the previous compare stay so when they come again; the message
        is replaced by the new suggestion unless the user edited it."""
        self._remember()
        self._loading = False
        self._result = result
        self._hide_notice()
        if result is None:
            self._memory = ((), ())
            self._model.clear()
        else:
            unchecked, renames = self._memory
            self._model.set_diff(result.ops, result.warnings, unchecked, renames)
            current = self._message_edit.text()
            if not current.strip() or current == self._suggested:
                self._message_edit.setText(translated(result.suggested_message))
            self._suggested = translated(result.suggested_message)
        self._refresh()

    def set_not_up_to_date(self, pending: int) -> None:
        """The database is behind the heads by ``pending`` revisions: autogenerate cannot
        compare; offer to upgrade first."""
        self._clear_for_notice()
        self._notice.setText(
            self.tr("Target database is not up to date: {0} revision(s) pending.").format(pending)
        )
        self._notice.setStyleSheet(f"color:{_AMBER}")
        self._upgrade_first_button.show()
        self._notice_frame.show()
        self._set_summary(self.tr("No comparison: the database is behind the heads."), _GRAY)
        self._show_code_notes(self.tr("Nothing compared."))
        self._update_buttons()

    def set_error(self, message: str, details: str = "") -> None:
        """The compare (or the write) failed: ``message`` in red, ``details`` (a traceback)
        behind a Details toggle."""
        self._clear_for_notice()
        self._notice.setText(translated(message))
        self._notice.setStyleSheet(_ERROR_STYLE)
        self._error_details.setPlainText(details)
        self._details_button.setVisible(bool(details.strip()))
        self._details_button.setChecked(False)
        self._error_details.hide()
        self._notice_frame.show()
        self._set_summary(self.tr("The comparison failed."), _RED)
        self._show_code_notes(self.tr("Nothing compared."))
        self._update_buttons()

    def set_heads(self, heads: list[str] | tuple[str, ...], current: str = "head") -> None:
        """The heads the new revision may follow: ``head`` (the only head) first, then each."""
        self._head_combo.blockSignals(True)
        self._head_combo.clear()
        entries = ["head"] + [h for h in heads if h and h != "head"]
        self._head_combo.addItems(entries)
        found = self._head_combo.findText(current)
        self._head_combo.setCurrentIndex(found if found >= 0 else 0)
        self._head_combo.blockSignals(False)

    def set_written(self, path: str) -> None:
        """A revision was written to ``path``: say so; the message field empties for the next."""
        self._written.setText(self.tr("Written: {0}").format(path))
        self._written.setStyleSheet(f"color:{_GREEN}")
        self._written.setToolTip(path)
        self._suggested = ""
        self._memory = ((), ())
        self._message_edit.clear()
        self._update_buttons()

    def set_busy(self, busy: bool) -> None:
        """A job runs (on this database): Compare and Write are disabled until it ends."""
        self._busy = busy
        self._update_buttons()

    def accept_rename(self, rename: Rename) -> bool:
        """As the "Treat as rename" button of ``rename`` does."""
        return self._model.accept_rename(rename)

    def undo_rename(self, rename: Rename) -> bool:
        return self._model.undo_rename(rename)

    # -- showing ---------------------------------------------------------------------------------

    @staticmethod
    def _gray(text: str) -> str:
        return f"<span style='{_GRAY_STYLE}'>{html.escape(text)}</span>"

    def _set_summary(self, text: str, colour: str = "") -> None:
        self._summary.setText(text)
        self._summary.setStyleSheet(f"color:{colour}" if colour else "")

    def _hide_notice(self) -> None:
        self._notice.clear()
        self._error_details.clear()
        self._details_button.setChecked(False)
        self._notice_frame.hide()

    def _remember(self) -> None:
        if self._model.ops:
            self._memory = (self._model.unchecked_keys(), self._model.accepted_renames())

    def _clear_for_notice(self) -> None:
        self._loading = False
        self._result = None
        self._remember()
        self._model.clear()
        self._upgrade_first_button.hide()
        self._details_button.hide()
        self._error_details.hide()
        self._rebuild_warnings()

    def _show_code_notes(self, text: str) -> None:
        for browser in (self._upgrade_code, self._downgrade_code, self._sql):
            browser.setHtml(self._gray(text))

    def _refresh(self) -> None:
        """Summary, warnings, code and buttons from the result and the model."""
        result = self._result
        if result is None:
            self._set_summary(
                self.tr(
                    "Compare the models with the database to see what a new revision would hold."
                ),
                _GRAY,
            )
        elif result.empty:
            self._set_summary(self.tr("No changes: the models match the database."))
        else:
            self._set_summary(self._summary_text())
        self._rebuild_warnings()
        self._show_code()
        self._update_buttons()

    def _summary_text(self) -> str:
        changes = self._model.change_count()
        tables = self._model.table_count()
        warnings = len(self._model.warnings())
        parts = [
            self.tr("1 change") if changes == 1 else self.tr("{0} changes").format(changes),
            self.tr("in 1 table") if tables == 1 else self.tr("in {0} tables").format(tables),
        ]
        text = " ".join(parts)
        if warnings == 0:
            return text + self.tr(", no warnings")
        if warnings == 1:
            return text + self.tr(", 1 warning")
        return text + self.tr(", {0} warnings").format(warnings)

    def _rebuild_warnings(self) -> None:
        for widget in self._warning_rows:
            # Out of the tree at once (findChild no longer sees it), deleted once the click
            # that may have led here has been handled.
            self._warnings_layout.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self._warning_rows = []
        if self._result is None:
            self._warnings_scroll.hide()
            return
        rename_buttons = 0
        # The renames first: they are the ones with a button, and the list scrolls.
        standing = self._model.warnings()
        ordered = [w for w in standing if w.rule == RENAME_RULE] + [
            w for w in standing if w.rule != RENAME_RULE
        ]
        for warning in ordered:
            row = self._warning_row(warning)
            if warning.rule == RENAME_RULE and warning.rename is not None:
                button = QPushButton(self.tr("Treat as rename"), row)
                rename_buttons += 1
                button.setObjectName(
                    "treatAsRenameButton"
                    if rename_buttons == 1
                    else f"treatAsRenameButton{rename_buttons}"
                )
                table, old, new = warning.rename
                button.setToolTip(
                    self.tr(
                        "Write alter_column('{0}', '{1}', new_column_name='{2}') instead of the "
                        "drop and the add: the column keeps its data"
                    ).format(table, old, new)
                )
                button.setProperty("rename", list(warning.rename))
                button.clicked.connect(
                    lambda _checked=False, r=warning.rename: self._on_treat_as_rename_clicked(r)
                )
                row.layout().addWidget(button)  # type: ignore[union-attr]
            self._add_warning_row(row)
        for index, rename in enumerate(self._model.accepted_renames()):
            table, old, new = rename
            row = self._text_row(
                self.tr("Treated as a rename: {0}.{1} → {2} (the column keeps its data).").format(
                    table, old, new
                ),
                _GREEN,
                "",
            )
            button = QPushButton(self.tr("Undo rename"), row)
            button.setObjectName(
                "undoRenameButton" if index == 0 else f"undoRenameButton{index + 1}"
            )
            button.setToolTip(self.tr("Back to the drop and the add autogenerate found"))
            button.clicked.connect(lambda _checked=False, r=rename: self._on_undo_rename_clicked(r))
            row.layout().addWidget(button)  # type: ignore[union-attr]
            self._add_warning_row(row)
        self._warnings_scroll.setVisible(bool(self._warning_rows))

    def _add_warning_row(self, row: QWidget) -> None:
        self._warnings_layout.addWidget(row)
        self._warning_rows.append(row)
        row.show()

    def _warning_row(self, warning: LintWarning) -> QWidget:
        severity = {
            DANGER: self.tr("Danger"),
            WARNING: self.tr("Warning"),
            INFO: self.tr("Note"),
        }.get(warning.severity, warning.severity)
        row = self._text_row(
            self.tr("{0}: {1}").format(severity, translated(warning.message)),
            SEVERITY_COLOURS.get(warning.severity, ""),
            translated(warning.fix),
        )
        row.setProperty("severity", warning.severity)
        row.setProperty("rule", warning.rule)
        return row

    def _text_row(self, text: str, colour: str, fix: str) -> QWidget:
        row = QWidget(self._warnings)
        row.setObjectName("diffWarningRow")
        label = QLabel(row)
        label.setObjectName("diffWarningText")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body = f"<span style='color:{colour}'><b>{html.escape(text)}</b></span>"
        if fix:
            body += f"<br><span style='{_GRAY_STYLE}'>{html.escape(fix)}</span>"
        label.setText(body)
        label.setToolTip(f"{text}\n{fix}" if fix else text)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        return row

    def _highlight_python(self, code: str) -> str:
        return str(highlight(code, PythonLexer(), self._formatter))

    def _show_code(self) -> None:
        result = self._result
        if result is None:
            self._show_code_notes(self.tr("Nothing compared yet."))
            return
        if result.empty:
            self._show_code_notes(self.tr("No changes: the models match the database."))
            return
        code = self._model.checked_code()
        if code.strip():
            self._upgrade_code.setHtml(self._highlight_python(code))
        else:
            self._upgrade_code.setHtml(self._gray(self.tr("No operation is checked.")))
        compare = result.compare
        if self._model.all_checked() and compare.downgrade_python.strip():
            self._downgrade_code.setHtml(self._highlight_python(compare.downgrade_python))
        else:
            self._downgrade_code.setHtml(
                self._gray(
                    self.tr(
                        "The downgrade is generated from the checked operations when the "
                        "revision is written."
                    )
                )
            )
        parts: list[str] = []
        if not self._model.all_checked():
            parts.append(
                "<p>"
                + self._gray(
                    self.tr(
                        "The SQL of every operation autogenerate found; the revision holds only "
                        "the checked ones."
                    )
                )
                + "</p>"
            )
        if compare.sql_error:
            why = self.tr("The SQL could not be rendered in full: {0}").format(compare.sql_error)
            parts.append(f"<p style='{_ERROR_STYLE}'>{html.escape(why)}</p>")
        if compare.upgrade_sql.strip():
            parts.append(
                str(highlight(compare.upgrade_sql, sql_lexer(compare.dialect), self._formatter))
            )
        elif not compare.sql_error:
            no_sql = self.tr("No SQL.")
            parts.append(f"<p>{self._gray(no_sql)}</p>")
        self._sql.setHtml("".join(parts))

    # -- buttons -----------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        result = self._result
        message = self._message_edit.text().strip()
        if self._busy:
            write_tip = self.tr("Wait until the running job ends.")
        elif self._loading:
            write_tip = self.tr("Wait until the comparison ends.")
        elif result is None:
            write_tip = self.tr("Compare first: there is nothing to write yet.")
        elif result.empty:
            write_tip = self.tr("Nothing to write: the models match the database.")
        elif not self._model.any_checked():
            write_tip = self.tr("Nothing is checked: check the operations the revision holds.")
        elif not message:
            write_tip = self.tr("Type a message for the revision.")
        else:
            write_tip = ""
        self._write_button.setEnabled(not write_tip)
        if not write_tip:
            count = len(self._model.selected_keys()) + len(self._model.checked_renames())
            write_tip = (
                self.tr("Write a revision file with the checked operation (Ctrl+Return)")
                if count == 1
                else self.tr(
                    "Write a revision file with the {0} checked operations (Ctrl+Return)"
                ).format(count)
            )
        self._write_button.setToolTip(write_tip)

        self._compare_button.setEnabled(not self._busy and not self._loading)
        if self._busy:
            compare_tip = self.tr("Wait until the running job ends.")
        elif self._loading:
            compare_tip = self.tr("A comparison is running.")
        else:
            compare_tip = self.tr(
                "Compare the models with the database, as alembic check does; nothing is "
                "written (Ctrl+Shift+C)"
            )
        self._compare_button.setToolTip(compare_tip)
        self._upgrade_first_button.setEnabled(not self._busy)
        for shortcut, target in self._shortcuts:
            shortcut.setEnabled(target.isEnabled())

    # -- slots ---------------------------------------------------------------------------------

    def _on_model_checked_changed(self) -> None:
        self._refresh()

    def _on_model_reset(self) -> None:
        self._tree.expandAll()
        self._tree.resizeColumnToContents(DiffTreeModel.COLUMN_OPERATION)

    def _on_message_edit_text_changed(self, text: str) -> None:
        self._update_buttons()

    def _on_treat_as_rename_clicked(self, rename: Rename) -> None:
        self._model.accept_rename(rename)

    def _on_undo_rename_clicked(self, rename: Rename) -> None:
        self._model.undo_rename(rename)

    def _on_details_button_toggled(self, checked: bool) -> None:
        self._error_details.setVisible(checked)
        self._details_button.setText(self.tr("Hide details") if checked else self.tr("Details"))

    def _on_upgrade_first_button_clicked(self) -> None:
        if not self._busy:
            self.upgrade_first_requested.emit()

    def _on_compare_button_clicked(self) -> None:
        if self._compare_button.isEnabled():
            self.compare_requested.emit()

    def _on_write_button_clicked(self) -> None:
        if not self._write_button.isEnabled():
            return
        self._written.clear()
        self._written.setToolTip("")
        self.write_requested.emit(self.write_request())

    def _on_write_shortcut_activated(self) -> None:
        if self._write_button.isEnabled():
            self._write_button.click()

    def _on_compare_shortcut_activated(self) -> None:
        if self._compare_button.isEnabled():
            self._compare_button.click()
