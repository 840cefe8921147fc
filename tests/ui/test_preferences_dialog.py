"""The preferences dialog: the form, OK / Cancel / Restore Defaults, the theme and code font."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from migrator_gui.core.preferences import Preferences, load_preferences
from migrator_gui.ui.preferences_dialog import (
    DARK_COLOURS,
    PreferencesDialog,
    apply_theme,
    code_font,
)

W = TypeVar("W", bound=QWidget)

CUSTOM = Preferences(
    theme="dark",
    default_lock_timeout=42.5,
    transaction_per_migration=False,
    confirm_downgrades=False,
    confirm_stamps=False,
    code_font_size=15,
    language="zh_CN",
    plan_before_run=False,
)


def _child(dialog: QWidget, kind: type[W], name: str) -> W:
    widget = dialog.findChild(kind, name)
    assert isinstance(widget, kind), name
    return widget


class _Form:
    def __init__(self, dialog: PreferencesDialog) -> None:
        self.theme = _child(dialog, QComboBox, "themeCombo")
        self.lock = _child(dialog, QDoubleSpinBox, "lockTimeoutSpin")
        self.per_step = _child(dialog, QCheckBox, "perStepTransactionCheck")
        self.downgrades = _child(dialog, QCheckBox, "confirmDowngradesCheck")
        self.stamps = _child(dialog, QCheckBox, "confirmStampsCheck")
        self.font = _child(dialog, QSpinBox, "codeFontSizeSpin")
        self.language = _child(dialog, QComboBox, "languageCombo")
        self.plan = _child(dialog, QCheckBox, "planBeforeRunCheck")
        self.note = _child(dialog, QLabel, "productionNote")
        box = _child(dialog, QDialogButtonBox, "preferencesButtons")
        self.ok = box.button(QDialogButtonBox.StandardButton.Ok)
        self.cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        self.defaults = box.button(QDialogButtonBox.StandardButton.RestoreDefaults)

    def fill(self, prefs: Preferences) -> None:
        """Set every control as a user would, to ``prefs``."""
        self.theme.setCurrentIndex(self.theme.findData(prefs.theme))
        self.lock.setValue(prefs.default_lock_timeout)
        self.per_step.setChecked(prefs.transaction_per_migration)
        self.downgrades.setChecked(prefs.confirm_downgrades)
        self.stamps.setChecked(prefs.confirm_stamps)
        self.font.setValue(prefs.code_font_size)
        self.language.setCurrentIndex(self.language.findData(prefs.language))
        self.plan.setChecked(prefs.plan_before_run)


@pytest.fixture
def prefs_path(tmp_path: Path) -> Path:
    return tmp_path / "prefs" / "preferences.json"


def _open(qtbot: QtBot, prefs: Preferences, path: Path) -> tuple[PreferencesDialog, _Form]:
    dialog = PreferencesDialog(prefs, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, _Form(dialog)


def test_form_shows_the_given_preferences(qtbot: QtBot, prefs_path: Path) -> None:
    dialog, form = _open(qtbot, CUSTOM, prefs_path)
    assert dialog.objectName() == "preferencesDialog"
    assert dialog.windowTitle() == "Preferences"
    assert dialog.preferences() == CUSTOM
    assert form.theme.currentText() == "Dark"
    assert form.language.currentText() == "简体中文"
    assert [form.theme.itemText(i) for i in range(form.theme.count())] == [
        "System",
        "Light",
        "Dark",
    ]
    assert [form.language.itemText(i) for i in range(form.language.count())] == [
        "System",
        "English",
        "简体中文",
    ]
    assert form.language.toolTip() == "Applies after a restart"
    assert "type the database name" in form.note.text()
    assert form.note.isVisible()


def test_every_control_is_described(qtbot: QtBot, prefs_path: Path) -> None:
    dialog, form = _open(qtbot, Preferences(), prefs_path)
    controls: list[QWidget] = [
        form.theme,
        form.lock,
        form.per_step,
        form.downgrades,
        form.stamps,
        form.font,
        form.language,
        form.plan,
        form.ok,
        form.cancel,
        form.defaults,
    ]
    for control in controls:
        assert control.toolTip(), control.objectName()
        assert control.accessibleName(), control.objectName()
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert {form.theme, form.lock, form.font, form.language} <= buddies
    for label in dialog.findChildren(QLabel):
        if label.buddy() is not None:
            assert "&" in label.text(), label.text()
    for box in (form.per_step, form.downgrades, form.stamps, form.plan):
        assert "&" in box.text(), box.text()
    assert form.lock.minimum() == 0 and form.lock.maximum() == 86400
    assert form.font.maximum() == 32


def test_ok_saves_and_emits(qtbot: QtBot, prefs_path: Path) -> None:
    dialog, form = _open(qtbot, Preferences(), prefs_path)
    form.fill(CUSTOM)
    assert dialog.preferences() == CUSTOM
    with qtbot.waitSignal(dialog.preferences_changed, timeout=2000) as blocker:
        qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert blocker.args == [CUSTOM]
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    assert load_preferences(prefs_path) == CUSTOM
    raw = json.loads(prefs_path.read_text(encoding="utf-8"))
    assert raw["version"] == 1


def test_ok_saves_to_the_config_dir_without_a_path(qtbot: QtBot) -> None:
    # tests/ui/conftest.py points MIGRATOR_GUI_CONFIG_DIR at a per-test folder.
    dialog = PreferencesDialog(Preferences())
    qtbot.addWidget(dialog)
    form = _Form(dialog)
    form.theme.setCurrentIndex(form.theme.findData("light"))
    with qtbot.waitSignal(dialog.preferences_changed, timeout=2000):
        form.ok.click()
    assert load_preferences().theme == "light"


def test_cancel_saves_nothing(qtbot: QtBot, prefs_path: Path) -> None:
    dialog, form = _open(qtbot, Preferences(), prefs_path)
    form.fill(CUSTOM)
    with qtbot.assertNotEmitted(dialog.preferences_changed):
        qtbot.mouseClick(form.cancel, Qt.MouseButton.LeftButton)
    assert dialog.result() == PreferencesDialog.DialogCode.Rejected
    assert not prefs_path.exists()


def test_restore_defaults_resets_the_form_only(qtbot: QtBot, prefs_path: Path) -> None:
    dialog, form = _open(qtbot, CUSTOM, prefs_path)
    assert isinstance(form.defaults, QPushButton)
    with qtbot.assertNotEmitted(dialog.preferences_changed):
        qtbot.mouseClick(form.defaults, Qt.MouseButton.LeftButton)
    assert dialog.preferences() == Preferences()
    assert dialog.isVisible()
    assert not prefs_path.exists()


def test_special_texts_for_zero(qtbot: QtBot, prefs_path: Path) -> None:
    _dialog, form = _open(
        qtbot, Preferences(default_lock_timeout=0.0, code_font_size=0), prefs_path
    )
    assert form.lock.text() == "Wait forever"
    assert form.font.text() == "Default"
    form.lock.setValue(12)
    form.font.setValue(11)
    assert form.lock.text() == "12.0 s"
    assert form.font.text() == "11 pt"


def test_font_size_skips_invalid_sizes(qtbot: QtBot, prefs_path: Path) -> None:
    dialog, form = _open(qtbot, Preferences(), prefs_path)
    form.font.stepUp()  # from Default
    assert form.font.value() == 6
    form.font.stepDown()  # from 6
    assert form.font.value() == 0
    assert dialog.preferences().code_font_size == 0


def test_typed_values_count_on_ok(qtbot: QtBot, prefs_path: Path) -> None:
    dialog, form = _open(qtbot, Preferences(), prefs_path)
    form.font.lineEdit().selectAll()
    qtbot.keyClicks(form.font.lineEdit(), "12")
    with qtbot.waitSignal(dialog.preferences_changed, timeout=2000) as blocker:
        form.ok.click()
    assert blocker.args[0].code_font_size == 12


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, "system")


def test_apply_theme_dark_then_light_then_system(app: QApplication) -> None:
    original_style = app.style().name()
    original_window = app.palette().color(QPalette.ColorRole.Window)
    apply_theme(app, "dark")
    assert app.style().name().lower() == "fusion"
    assert app.palette().color(QPalette.ColorRole.Window) == QColor(DARK_COLOURS["Window"])
    assert app.palette().color(QPalette.ColorRole.Text) == QColor("#e0e0e0")
    apply_theme(app, "light")
    light_window = app.palette().color(QPalette.ColorRole.Window)
    assert light_window != QColor(DARK_COLOURS["Window"])
    assert light_window == app.style().standardPalette().color(QPalette.ColorRole.Window)
    assert light_window.lightness() > 128
    apply_theme(app, "system")
    assert app.style().name() == original_style
    assert app.palette().color(QPalette.ColorRole.Window) == original_window


def test_apply_theme_rejects_unknown(app: QApplication) -> None:
    with pytest.raises(ValueError, match="unknown theme"):
        apply_theme(app, "purple")


def test_code_font(qapp: QApplication) -> None:
    system = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    assert code_font(0) == system
    big = code_font(18)
    assert big.pointSize() == 18
    assert big.family() == system.family()
