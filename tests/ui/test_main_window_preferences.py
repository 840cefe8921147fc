"""Preferences from the main window: saved, applied at once, and followed by the operations."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from migrator_gui.core.preferences import load_preferences
from migrator_gui.ui.preferences_dialog import apply_theme
from tests.db_fixtures import current_heads
from tests.ui.conftest import wait_idle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DEMO_HEAD = "31b7e5d1b306"
DEMO_BEFORE_HEAD = "b5b126bc3bf9"


def test_preferences_are_saved_applied_and_followed(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot
) -> None:
    window = open_window()
    dialog = window.show_preferences()
    theme = dialog.findChild(QComboBox, "themeCombo")
    theme.setCurrentIndex(theme.findText("Dark"))
    dialog.findChild(QSpinBox, "codeFontSizeSpin").setValue(14)
    dialog.findChild(QDoubleSpinBox, "lockTimeoutSpin").setValue(3)
    dialog.findChild(QCheckBox, "planBeforeRunCheck").setChecked(False)
    dialog.findChild(QCheckBox, "confirmDowngradesCheck").setChecked(False)
    buttons = dialog.findChild(QDialogButtonBox)
    with qtbot.waitSignal(dialog.preferences_changed, timeout=5_000):
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    try:
        saved = load_preferences()
        assert saved.theme == "dark" and saved.code_font_size == 14
        assert saved.default_lock_timeout == 3 and not saved.plan_before_run
        app = QApplication.instance()
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        log = window.findChild(QPlainTextEdit, "logPane")
        assert log.font().pointSize() == 14

        # "plan before run" off: Upgrade runs at once; a downgrade no longer asks
        upgrade = window.findChild(QToolButton, "upgradeButton")
        with qtbot.waitSignal(window.job_finished, timeout=60_000):
            qtbot.mouseClick(upgrade, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        assert current_heads(window.database_url) == {DEMO_HEAD}
        with qtbot.waitSignal(window.job_finished, timeout=60_000):
            qtbot.mouseClick(window.findChild(QToolButton, "downgradeButton"),
                             Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        assert current_heads(window.database_url) == {DEMO_BEFORE_HEAD}
    finally:
        apply_theme(QApplication.instance(), "system")  # the other tests see the usual palette


def test_the_transaction_switch_is_the_preference(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    action = window.findChild(object, "perStepTransactionAction")
    assert action.isChecked() and load_preferences().transaction_per_migration
    action.setChecked(False)
    assert not load_preferences().transaction_per_migration
    assert not window.preferences.transaction_per_migration
