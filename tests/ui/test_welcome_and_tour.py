"""The first-run experience: the welcome screen and the guided tour, on the SQLite demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from migrator_gui.core.demo import demo_dir
from migrator_gui.ui.welcome_dialog import SHOW_AT_START_KEY, show_at_start
from tests.db_fixtures import copy_fixture
from tests.ui.conftest import wait_idle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_welcome_lists_recent_projects_and_opens_the_demo(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    project = copy_fixture("default_template", tmp_path)
    window = open_window(project)
    dialog = window.show_welcome()
    recent = dialog.findChild(QListWidget, "welcomeRecentList")
    assert recent.count() >= 1 and str(project) in recent.item(0).text()
    with qtbot.waitSignal(window.graph_loaded, timeout=60_000):
        qtbot.mouseClick(dialog.findChild(QPushButton, "welcomeDemoButton"),
                         Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert window.project is not None and window.project.root == demo_dir()
    assert len(window.graph) == 12


def test_show_at_start_is_remembered(open_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    assert show_at_start()
    dialog = window.show_welcome()
    dialog.findChild(QCheckBox, "welcomeShowAtStart").setChecked(False)
    assert QSettings().value(SHOW_AT_START_KEY, type=bool) is False
    assert not show_at_start()
    dialog.close()


def test_the_tour_steps_through_the_window(open_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    tour = window.start_tour()
    text = tour.findChild(QLabel, "demoTourText")
    assert tour.isVisible() and "applied to this database" in text.text()
    assert tour.target_widget() is window.findChild(object, "revisionGraph")
    geometry = tour.geometry()
    assert window.rect().contains(geometry)  # the callout stays inside the window
    qtbot.keyClick(window, Qt.Key.Key_Right)  # → next
    assert tour.index == 1
    qtbot.mouseClick(tour.findChild(QPushButton, "demoTourNext"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tour.findChild(QPushButton, "demoTourNext"), Qt.MouseButton.LeftButton)
    assert tour.index == 3 and window.bottom_tabs.currentWidget() is window.plan_panel
    qtbot.mouseClick(tour.findChild(QPushButton, "demoTourBack"), Qt.MouseButton.LeftButton)
    assert tour.index == 2
    for _ in range(3):
        qtbot.mouseClick(tour.findChild(QPushButton, "demoTourNext"), Qt.MouseButton.LeftButton)
    assert tour.index == 5 and window.bottom_tabs.currentWidget() is window.doctor_panel
    assert tour.findChild(QPushButton, "demoTourNext").text() == "Finish"
    with qtbot.waitSignal(tour.finished, timeout=5_000):
        qtbot.mouseClick(tour.findChild(QPushButton, "demoTourNext"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
