"""The graph panel as a user sees and drives it: painted marks, search, navigation, filters,
the right-click menu, and settings remembered between runs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from migrator_gui.core.demo import DEMO_SOURCE
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import RevisionGraph, load_graph
from migrator_gui.core.status import classify
from migrator_gui.ui.revision_graph import RevisionGraphModel, RevisionGraphPanel
from migrator_gui.ui.revision_graph.revision_graph_delegate import (
    BADGE_COLOURS,
    GRAPH_MARGIN,
    LANE_COLOURS,
    LANE_WIDTH,
    NODE_RADIUS,
)

HEAD = "31b7e5d1b306"
BEFORE_HEAD = "b5b126bc3bf9"
MIDDLE = "2ae172e7a3b8"
BASE = "0fe23f047a37"


@pytest.fixture(scope="module")
def demo_graph() -> RevisionGraph:
    return load_graph(open_project(DEMO_SOURCE))


@pytest.fixture
def panel(qtbot: QtBot, demo_graph: RevisionGraph) -> RevisionGraphPanel:
    widget = RevisionGraphPanel()
    qtbot.addWidget(widget)
    widget.resize(1000, 420)
    widget.set_graph_and_status(demo_graph, classify((MIDDLE,), demo_graph))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _node_pixel(panel: RevisionGraphPanel, image: QImage, rev: str, dx: float = 0) -> QColor:
    view = panel.view
    model = panel.model
    row = model.row_of(rev)
    assert row is not None
    layout_row = model.layout_row(row)
    assert layout_row is not None
    rect = view.visualRect(model.index(row, RevisionGraphModel.GRAPH))
    ratio = image.devicePixelRatio()
    x = rect.left() + GRAPH_MARGIN + layout_row.lane * LANE_WIDTH + dx
    y = rect.center().y() + 0.5
    return image.pixelColor(int(x * ratio), int(y * ratio))


def _close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return (abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())
            ) <= tolerance


def test_applied_nodes_are_filled_pending_hollow_and_the_db_ringed(
        panel: RevisionGraphPanel) -> None:
    panel.view.clearSelection()
    image = panel.view.viewport().grab().toImage()
    base = panel.view.palette().color(QPalette.ColorRole.Base)
    model = panel.model
    for rev in (HEAD, BEFORE_HEAD, MIDDLE, BASE):
        layout_row = model.layout_row(model.row_of(rev) or 0)
        assert layout_row is not None
        lane_colour = QColor(LANE_COLOURS[layout_row.colour % len(LANE_COLOURS)])
        centre = _node_pixel(panel, image, rev)
        if model.state_of(rev) == "applied":
            assert _close(centre, lane_colour), (rev, centre.name(), lane_colour.name())
        else:  # hollow: the background shows through, the ring has the lane's colour
            assert _close(centre, base), (rev, centre.name())
            ring = _node_pixel(panel, image, rev, dx=NODE_RADIUS)
            assert not _close(ring, base), (rev, ring.name())
    # The database's revision has an outer ring in the DB colour.
    ring = _node_pixel(panel, image, MIDDLE, dx=NODE_RADIUS + 3)
    assert _close(ring, QColor(BADGE_COLOURS["db"]), 90), ring.name()


def test_legend_names_every_mark(panel: RevisionGraphPanel) -> None:
    texts = [label.text() for label in panel.findChildren(QLabel) if label.objectName()
             .startswith("legend_")]
    assert texts == ["applied", "pending", "the database's revision", "depends_on",
                     "unknown / unreadable"]


def test_search_selects_matches_in_turn(panel: RevisionGraphPanel, qtbot: QtBot) -> None:
    search = panel.findChild(QLineEdit, "graphSearch")
    status = panel.findChild(QLabel, "searchStatus")
    qtbot.keyClicks(search, "create")
    matches = panel.model.matches("create")
    assert len(matches) > 3
    assert panel.selected_revision() == matches[0]
    assert status.text() == f"1 of {len(matches)}"
    qtbot.keyClick(search, Qt.Key.Key_Return)
    assert panel.selected_revision() == matches[1]
    assert status.text() == f"2 of {len(matches)}"
    qtbot.keyClick(search, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert panel.selected_revision() == matches[0]
    search.clear()
    qtbot.keyClicks(search, "zzz")
    assert status.text() == "No match"
    assert panel.selected_revision() == matches[0]  # the selection stays where it was
    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert panel.view.hasFocus()


def test_ctrl_f_focuses_the_search_field(panel: RevisionGraphPanel, qtbot: QtBot) -> None:
    panel.activateWindow()
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    qtbot.keyClick(panel.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.findChild(QLineEdit, "graphSearch").hasFocus()


def test_go_to_db_revision_and_head(panel: RevisionGraphPanel, qtbot: QtBot) -> None:
    panel.select_revision(BASE)
    qtbot.mouseClick(panel.findChild(QToolButton, "goToDbButton"), Qt.MouseButton.LeftButton)
    assert panel.selected_revision() == MIDDLE
    qtbot.mouseClick(panel.findChild(QToolButton, "goToHeadButton"), Qt.MouseButton.LeftButton)
    assert panel.selected_revision() == HEAD


def test_keyboard_up_and_down_move_the_selection(panel: RevisionGraphPanel,
                                                 qtbot: QtBot) -> None:
    panel.select_revision(HEAD)
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Down)
    assert panel.selected_revision() == BEFORE_HEAD
    qtbot.keyClick(panel.view, Qt.Key.Key_Up)
    assert panel.selected_revision() == HEAD


def test_pending_only_and_fold_buttons_filter_and_keep_the_selection(
        panel: RevisionGraphPanel, qtbot: QtBot, demo_graph: RevisionGraph) -> None:
    panel.select_revision(BEFORE_HEAD)
    pending_button = panel.findChild(QToolButton, "pendingOnlyButton")
    qtbot.mouseClick(pending_button, Qt.MouseButton.LeftButton)
    assert panel.model.pending_only
    status = panel.model.status
    assert status is not None
    assert panel.model.rowCount() == len(status.pending)
    assert panel.selected_revision() == BEFORE_HEAD
    # Selecting an applied revision (a parent link, a search) lifts the filter to show it.
    assert panel.select_revision(BASE)
    assert not panel.model.pending_only and not pending_button.isChecked()

    qtbot.mouseClick(panel.findChild(QToolButton, "foldAppliedButton"), Qt.MouseButton.LeftButton)
    folded = panel.model.collapsed_revisions
    assert BASE in folded
    fold_row = next(r for r in range(panel.model.rowCount())
                    if panel.model.row(r).kind == "collapsed")  # type: ignore[union-attr]
    # The selected revision went into the fold: the folded row is selected instead.
    assert panel.view.currentIndex().row() == fold_row
    assert panel.selected_revision() is None
    # Double-clicking (activating) the folded row unfolds it.
    index = panel.model.index(fold_row, RevisionGraphModel.MESSAGE)
    panel.view.activated.emit(index)
    assert not panel.model.collapse_applied
    assert panel.model.rowCount() == len(demo_graph)


def test_filters_are_remembered_between_runs(qtbot: QtBot, demo_graph: RevisionGraph) -> None:
    first = RevisionGraphPanel()
    qtbot.addWidget(first)
    first.oldest_first_action.setChecked(True)
    first.fold_applied_action.setChecked(True)
    assert QSettings().value("RevisionGraph/oldestFirst", type=bool)
    second = RevisionGraphPanel()
    qtbot.addWidget(second)
    assert second.oldest_first_action.isChecked()
    assert second.fold_applied_action.isChecked()
    assert not second.pending_only_action.isChecked()
    second.set_graph_and_status(demo_graph, None)
    assert second.model.index(0, RevisionGraphModel.REVISION).data() == BASE


def test_context_menu_offers_what_the_state_allows(panel: RevisionGraphPanel) -> None:
    def entries(rev: str) -> dict[str, bool]:
        menu = panel.context_menu(panel.model.row_of(rev) or 0)
        return {a.objectName(): a.isEnabled() for a in menu.actions() if a.objectName()}

    # No operation may run (the window has not allowed it): the writes are off, the rest on.
    assert entries(HEAD) == {"upgradeToHereAction": False, "downgradeToHereAction": False,
                             "stampHereAction": False, "copyIdAction": True,
                             "showSqlAction": True, "openFileAction": True}
    panel.set_operations_enabled(True)
    assert entries(HEAD)["upgradeToHereAction"] and not entries(HEAD)["downgradeToHereAction"]
    assert entries(BASE)["downgradeToHereAction"] and not entries(BASE)["upgradeToHereAction"]
    assert not entries(MIDDLE)["downgradeToHereAction"]  # already there
    assert all(entries(r)["stampHereAction"] for r in (HEAD, MIDDLE, BASE))


def test_context_menu_entries_emit_requests_and_copy(panel: RevisionGraphPanel,
                                                     qtbot: QtBot) -> None:
    panel.set_operations_enabled(True)

    def trigger(rev: str, name: str) -> None:
        menu = panel.context_menu(panel.model.row_of(rev) or 0)
        next(a for a in menu.actions() if a.objectName() == name).trigger()

    with qtbot.waitSignal(panel.upgrade_requested) as upgrade:
        trigger(HEAD, "upgradeToHereAction")
    assert upgrade.args == [HEAD]
    with qtbot.waitSignal(panel.downgrade_requested) as downgrade:
        trigger(BASE, "downgradeToHereAction")
    assert downgrade.args == [BASE]
    with qtbot.waitSignal(panel.stamp_requested) as stamp:
        trigger(MIDDLE, "stampHereAction")
    assert stamp.args == [MIDDLE]
    with qtbot.waitSignal(panel.show_sql_requested) as sql:
        trigger(MIDDLE, "showSqlAction")
    assert sql.args == [MIDDLE]
    trigger(BEFORE_HEAD, "copyIdAction")
    assert QApplication.clipboard().text() == BEFORE_HEAD


@pytest.mark.qt_log_ignore("This plugin does not support raise",
                           "This plugin does not support grabbing the keyboard")
def test_right_click_opens_the_menu_on_that_row(panel: RevisionGraphPanel) -> None:
    row = panel.model.row_of(BASE) or 0
    rect = panel.view.visualRect(panel.model.index(row, RevisionGraphModel.MESSAGE))
    shown: list[list[str]] = []

    def close_menu() -> None:
        popup = QApplication.activePopupWidget()
        if popup is None:
            QTimer.singleShot(20, close_menu)
            return
        shown.append([a.text() for a in popup.actions()])
        popup.close()

    QTimer.singleShot(20, close_menu)
    panel.view.customContextMenuRequested.emit(QPoint(rect.center().x(), rect.center().y()))
    assert panel.selected_revision() == BASE
    assert shown and any(BASE[:12] in text for text in shown[0])
