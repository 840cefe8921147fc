"""HistoryPanel and AuditTableModel: the audit trail, per database or all, newest first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QPushButton, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from migrator_gui.core.audit import AuditEntry, AuditLog
from migrator_gui.ui.history_panel import AuditTableModel, HistoryPanel
from migrator_gui.ui.i18n import format_timestamp

SHOP_KEY = "postgresql://me@db.example:5432/shop"
LOCAL_KEY = "sqlite:////tmp/app.db"
HEAD = "be789e7b80a9f00d"
BASE_ONE = "ac63663f3669aaaa"


def _entry(**changes: object) -> AuditEntry:
    values: dict[str, object] = {
        "time": "2026-11-21T14:03:05+00:00",
        "os_user": "me",
        "profile": "shop",
        "database": SHOP_KEY,
        "database_key": SHOP_KEY,
        "operation": "upgrade",
        "target": "head",
        "source": (BASE_ONE,),
        "destination": (HEAD,),
        "steps": 1,
        "duration": 1.234,
        "outcome": "succeeded",
    }
    values.update(changes)
    return AuditEntry(**values)  # type: ignore[arg-type]


@pytest.fixture
def log(tmp_path: Path) -> AuditLog:
    audit = AuditLog(tmp_path / "audit.jsonl")
    audit.append(_entry(target="first", source=(), destination=(BASE_ONE,)))
    audit.append(
        _entry(
            database="/tmp/app.db",
            database_key=LOCAL_KEY,
            profile="",
            target="local",
            outcome="cancelled",
        )
    )
    audit.append(
        _entry(
            target="last",
            outcome="failed",
            error="relation “订单” does not exist\nsecond line",
            failed_step=f"{BASE_ONE} -> {HEAD}",
            destination=(BASE_ONE,),
        )
    )
    return audit


@pytest.fixture
def panel(qtbot: QtBot, log: AuditLog) -> HistoryPanel:
    widget = HistoryPanel(log)
    qtbot.addWidget(widget)
    widget.resize(900, 300)
    widget.show()
    return widget


def _check(panel: HistoryPanel) -> QCheckBox:
    box = panel.findChild(QCheckBox, "historyThisDatabaseOnly")
    assert box is not None
    return box


def _targets(model: AuditTableModel) -> list[str]:
    return [e.target for e in model.entries()]


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester, log: AuditLog) -> None:
    model = AuditTableModel()
    model.set_entries(log.entries())
    qtmodeltester.check(model, force_py=True)
    model.set_entries([])
    qtmodeltester.check(model, force_py=True)


def test_model_rows_newest_first_with_formatted_columns(log: AuditLog) -> None:
    model = AuditTableModel()
    model.set_entries(log.entries())
    assert model.rowCount() == 3 and model.columnCount() == 9
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert headers == [
        "Time",
        "Operation",
        "From → To",
        "Steps",
        "Duration",
        "Outcome",
        "Profile",
        "User",
        "Error",
    ]
    assert _targets(model) == ["last", "local", "first"]

    def text(row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.data(model.index(row, column), role)

    shown = str(text(0, AuditTableModel.TIME_COLUMN))  # local time, the locale's date format
    assert shown == format_timestamp("2026-11-21T14:03:05+00:00") and shown.endswith(":05")
    assert text(0, AuditTableModel.TIME_COLUMN, Qt.ItemDataRole.ToolTipRole) == (
        "2026-11-21T14:03:05+00:00"
    )
    assert text(2, AuditTableModel.REVISIONS_COLUMN) == "<base> → ac63663f3669"
    assert text(0, AuditTableModel.REVISIONS_COLUMN) == "ac63663f3669 → ac63663f3669"
    tip = str(text(0, AuditTableModel.REVISIONS_COLUMN, Qt.ItemDataRole.ToolTipRole))
    assert BASE_ONE in tip and "Target: last" in tip
    assert text(0, AuditTableModel.DURATION_COLUMN) == "1.2 s"
    assert text(0, AuditTableModel.STEPS_COLUMN) == "1"
    assert text(0, AuditTableModel.ERROR_COLUMN) == "relation “订单” does not exist"
    error_tip = str(text(0, AuditTableModel.ERROR_COLUMN, Qt.ItemDataRole.ToolTipRole))
    assert "second line" in error_tip and HEAD in error_tip
    assert text(1, AuditTableModel.USER_COLUMN) == "me"
    entry = text(0, 0, AuditTableModel.EntryRole)
    assert isinstance(entry, AuditEntry) and entry.target == "last"


def test_outcome_colours(log: AuditLog) -> None:
    model = AuditTableModel()
    model.set_entries(log.entries())

    def colour(row: int) -> QColor:
        value = model.data(
            model.index(row, AuditTableModel.OUTCOME_COLUMN), Qt.ItemDataRole.ForegroundRole
        )
        assert isinstance(value, QColor)
        return value

    failed, cancelled, succeeded = colour(0), colour(1), colour(2)
    assert model.data(model.index(0, AuditTableModel.OUTCOME_COLUMN)) == "failed"
    assert failed.red() > 150 and failed.green() < 100
    assert succeeded.green() > succeeded.red()
    assert cancelled.red() > 150 and 80 < cancelled.green() < 150  # amber
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None


def test_panel_shows_this_database_only_or_all(panel: HistoryPanel, log: AuditLog) -> None:
    table = panel.findChild(QTableView, "historyTable")
    assert table is not None and table.model() is panel.model
    assert not table.isSortingEnabled()
    assert table.horizontalHeader().stretchLastSection()
    assert _check(panel).isChecked()
    path = panel.findChild(QLabel, "historyLogPath")
    assert path is not None and str(log.path) in path.text()
    assert path.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse

    panel.set_database(SHOP_KEY, "postgresql://me@db.example:5432/shop")
    assert _targets(panel.model) == ["last", "first"]
    header = panel.findChild(QLabel, "historyHeader")
    assert header is not None and "db.example:5432/shop" in header.text()

    panel.set_database(LOCAL_KEY, "/tmp/app.db")
    assert _targets(panel.model) == ["local"]

    _check(panel).setChecked(False)
    assert _targets(panel.model) == ["last", "local", "first"]
    assert "all databases" in header.text()

    _check(panel).setChecked(True)
    assert _targets(panel.model) == ["local"]


def test_refresh_button_reads_new_entries(qtbot: QtBot, panel: HistoryPanel, log: AuditLog) -> None:
    panel.set_database(SHOP_KEY, "shop")
    log.append(_entry(target="newer"))
    assert panel.model.rowCount() == 2
    button = panel.findChild(QPushButton, "historyRefreshButton")
    assert button is not None and button.toolTip()
    with qtbot.waitSignal(panel.refreshed) as refreshed:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert refreshed.args == [3]
    assert _targets(panel.model)[0] == "newer"


def test_placeholder_when_empty(qtbot: QtBot, tmp_path: Path) -> None:
    panel = HistoryPanel(AuditLog(tmp_path / "empty" / "audit.jsonl"))
    qtbot.addWidget(panel)
    panel.show()
    panel.set_database(SHOP_KEY, "shop")
    placeholder = panel.findChild(QLabel, "historyPlaceholder")
    assert placeholder is not None and placeholder.isVisible()
    assert placeholder.text() == "No migrations recorded for this database yet."
    assert panel.placeholder_text == placeholder.text()
    table = panel.findChild(QTableView, "historyTable")
    assert table is not None and not table.isVisible()


def test_table_replaces_placeholder_when_there_are_rows(panel: HistoryPanel) -> None:
    panel.set_database("unknown", "elsewhere")
    assert panel.placeholder_text
    panel.set_database(SHOP_KEY, "shop")
    assert panel.placeholder_text == ""
    table = panel.findChild(QTableView, "historyTable")
    assert table is not None and table.isVisible()


def test_double_click_emits_the_entry(qtbot: QtBot, panel: HistoryPanel) -> None:
    panel.set_database(SHOP_KEY, "shop")
    table = panel.findChild(QTableView, "historyTable")
    assert table is not None
    rect = table.visualRect(panel.model.index(1, 1))
    # Qt's item views only report a double click that follows a press on the same item.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.entry_activated) as activated:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    entry = activated.args[0]
    assert isinstance(entry, AuditEntry) and entry.target == "first"


def test_copy_entry_puts_the_stored_line_on_the_clipboard(panel: HistoryPanel) -> None:
    panel.set_database(SHOP_KEY, "shop")
    button = panel.findChild(QPushButton, "historyCopyButton")
    table = panel.findChild(QTableView, "historyTable")
    assert button is not None and table is not None
    assert not button.isEnabled()
    table.selectRow(0)
    assert button.isEnabled()
    button.click()
    copied = AuditEntry.from_json(QApplication.clipboard().text())
    assert copied.target == "last"
    table.clearSelection()
    table.setCurrentIndex(QModelIndex())
    assert not button.isEnabled()


def test_corrupt_lines_are_reported(qtbot: QtBot, log: AuditLog) -> None:
    with log.path.open("ab") as f:
        f.write(b'{"half a line')
    panel = HistoryPanel(log)
    qtbot.addWidget(panel)
    panel.show()
    status = panel.findChild(QLabel, "historyStatus")
    assert status is not None and status.isVisible()
    assert "1 unreadable" in status.text()
    assert panel.model.rowCount() == 3


def test_this_database_only_is_remembered(qtbot: QtBot, log: AuditLog) -> None:
    first = HistoryPanel(log)
    qtbot.addWidget(first)
    assert _check(first).isChecked()  # default
    _check(first).setChecked(False)
    second = HistoryPanel(log)
    qtbot.addWidget(second)
    assert not _check(second).isChecked()
    second.set_database(SHOP_KEY, "shop")
    assert second.model.rowCount() == 3
    _check(second).setChecked(True)
    third = HistoryPanel(log)
    qtbot.addWidget(third)
    assert _check(third).isChecked()
