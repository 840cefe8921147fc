"""The About dialog shows the installed versions and copies them for a bug report."""

from __future__ import annotations

from importlib import metadata

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

import migrator_gui
from migrator_gui.core.paths import config_dir, data_dir
from migrator_gui.ui.about_dialog import AboutDialog, app_icon


def _shown(qtbot: QtBot) -> AboutDialog:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _versions_texts(dialog: AboutDialog) -> list[str]:
    versions = dialog.findChild(QWidget, "aboutVersions")
    assert versions is not None
    return [label.text() for label in versions.findChildren(QLabel)]


def test_about_shows_the_installed_versions(qtbot: QtBot) -> None:
    dialog = _shown(qtbot)
    assert dialog.objectName() == "aboutDialog"
    title = dialog.findChild(QLabel, "aboutTitle")
    assert title is not None
    assert title.text().endswith(f"Migrator {migrator_gui.__version__}</b>")
    texts = _versions_texts(dialog)
    expected = {
        "Migrator": migrator_gui.__version__,
        "alembic": metadata.version("alembic"),
        "SQLAlchemy": metadata.version("SQLAlchemy"),
    }
    shown = dialog.versions()
    for name, version in expected.items():
        assert shown[name] == version
        assert name in texts and version in texts
    for name in ("Python", "Qt", "PySide6", "psycopg2", "PyMySQL", "keyring"):
        assert shown[name] and name in texts
    assert shown["Data folder"] == str(data_dir())
    assert shown["Config folder"] == str(config_dir())


def test_copy_puts_the_versions_on_the_clipboard(qtbot: QtBot) -> None:
    dialog = _shown(qtbot)
    clipboard = QApplication.clipboard()
    clipboard.clear()
    copy = dialog.findChild(QPushButton, "aboutCopyButton")
    assert copy is not None
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    text = clipboard.text()
    lines = text.splitlines()
    assert f"Migrator: {migrator_gui.__version__}" in lines
    assert f"alembic: {metadata.version('alembic')}" in lines
    assert f"SQLAlchemy: {metadata.version('SQLAlchemy')}" in lines
    assert f"Data folder: {data_dir()}" in lines
    assert "<" not in text  # plain text, not HTML


def test_close_button_closes(qtbot: QtBot) -> None:
    dialog = _shown(qtbot)
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_app_icon_has_every_size() -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = set(icon.availableSizes())
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        assert QSize(size, size) in sizes
    assert not icon.pixmap(64, 64).isNull()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_help_about_opens_the_dialog_and_the_window_has_the_icon(open_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    window = open_window()
    assert not window.windowIcon().isNull()
    action = window.findChild(object, "aboutAction")
    action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None
                    or window.findChild(AboutDialog) is not None, timeout=5_000)
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.objectName() == "aboutDialog"
    dialog.close()
