"""The main window with connection profiles: selector, password prompt, production confirmation,
and the password never shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from migrator_gui.core.demo import demo_url, prepare_demo
from migrator_gui.core.profiles import ConnectionProfile, ProfileStore
from migrator_gui.core.status import StatusKind
from tests.db_fixtures import current_heads
from tests.keyring_backend import no_keyring
from tests.ui.conftest import when_modal

DEMO_HEAD = "31b7e5d1b306"
SENTINEL = "Sentinel-p@ss:w/rd%#?-åß"


def _selector(window) -> QComboBox:  # type: ignore[no-untyped-def]
    return window.findChild(QComboBox, "profileSelector")


def _save(url: str, name: str, password: str | None = None, **fields: object) -> None:
    profile, parsed_password = ConnectionProfile.from_url(name, url, **fields)
    ProfileStore().save(profile, password if password is not None else parsed_password)


def _all_text(window: QWidget) -> str:
    texts = [window.windowTitle()]
    for widget in window.findChildren(QWidget):
        texts.append(widget.toolTip())
        for getter in ("text", "toPlainText", "currentText", "placeholderText"):
            value = getattr(widget, getter, None)
            if callable(value):
                try:
                    texts.append(str(value()))
                except TypeError:
                    pass
    return "\n".join(texts)


def test_profiles_of_the_project_are_listed_and_the_last_used_comes_back(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot
) -> None:
    folder = prepare_demo()
    _save(demo_url(folder), "demo file")
    _save("sqlite:///" + str(folder / "other.db"), "elsewhere", projects=("/somewhere/else",))
    window = open_window(None)
    names = [_selector(window).itemText(i) for i in range(_selector(window).count())]
    # The demo's alembic.ini URL (no profile), the project's profile, then the manager; the
    # other project's profile is not offered.
    assert names[0].startswith("alembic.ini: sqlite:///")
    assert names[1:] == ["demo file", "", "Manage profiles…"]
    assert window.select_profile("demo file")
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert window.profile.name == "demo file"
    assert window.db_status.kind is StatusKind.NO_TABLE
    assert [_selector(window).itemText(i) for i in range(_selector(window).count())] == [
        "demo file", "", "Manage profiles…"]  # the URL entry goes once a profile is chosen

    window.close()
    again = open_window(None)  # no URL given: the project's last profile is selected again
    assert again.profile is not None and again.profile.name == "demo file"
    assert _selector(again).currentText() == "demo file"


@pytest.mark.server
def test_upgrade_through_a_postgres_profile_never_shows_its_password(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, postgres_url: str, tmp_path: Path
) -> None:
    _save(postgres_url, "pg", password=SENTINEL)
    window = open_window(None)
    assert window.select_profile("pg")
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert window.db_status.kind is StatusKind.NO_TABLE
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
    assert current_heads(postgres_url) == {DEMO_HEAD}
    shown = _all_text(window)
    assert SENTINEL not in shown and "Sentinel" not in shown
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"Sentinel" not in path.read_bytes(), path


@pytest.mark.server
def test_without_a_keyring_the_password_is_asked_and_kept_in_memory(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, postgres_url: str, tmp_path: Path
) -> None:
    with no_keyring():
        _save(postgres_url, "pg")  # trust auth: any password connects
        store = ProfileStore()
        assert not store.vault.persistent
        window = open_window(None)

        def type_password(dialog: QWidget) -> bool:
            if not isinstance(dialog, QInputDialog):
                return False
            assert "No system keyring" in dialog.labelText()
            dialog.setTextValue(SENTINEL)
            dialog.accept()
            return True

        when_modal(type_password)
        assert window.select_profile("pg")
        qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
        assert window.db_status.kind is StatusKind.NO_TABLE
        # Selected again in the same session: not asked again.
        assert window.select_profile("pg")
        qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
        for path in tmp_path.rglob("*"):
            if path.is_file():
                assert b"Sentinel" not in path.read_bytes(), path


def test_production_profile_shows_a_banner_and_upgrade_needs_the_typed_name(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot
) -> None:
    folder = prepare_demo()
    _save(demo_url(folder), "live shop", environment="production")
    window = open_window(None)
    assert window.select_profile("live shop")
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    banner = window.findChild(QLabel, "productionBanner")
    assert banner.isVisible() and "PRODUCTION" in banner.text()
    url = demo_url(folder)

    def type_wrong_then_cancel(dialog: QWidget) -> bool:
        if dialog.objectName() != "confirmDatabaseDialog":
            return False
        edit = dialog.findChild(QLineEdit, "confirmDatabaseNameEdit")
        edit.setText("demo")
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Upgrade")
        assert not ok.isEnabled(), "a wrong name must not confirm"
        dialog.reject()
        return True

    when_modal(type_wrong_then_cancel)
    window.upgrade()
    assert not window.busy
    assert current_heads(url) == set()

    database = window.profile.database

    def type_name(dialog: QWidget) -> bool:
        if dialog.objectName() != "confirmDatabaseDialog":
            return False
        qtbot.keyClicks(dialog.findChild(QLineEdit, "confirmDatabaseNameEdit"), database)
        ok = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Upgrade")
        assert ok.isEnabled()
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return True

    when_modal(type_name)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
    assert current_heads(url) == {DEMO_HEAD}

    # Back to a typed URL: no banner.
    window.set_database_url(url)
    assert not banner.isVisible()


def test_manage_profiles_dialog_picks_the_profile_for_the_window(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot
) -> None:
    folder = prepare_demo()
    _save(demo_url(folder), "demo file")
    window = open_window(None)
    assert window.profile is None

    def use_demo_profile(dialog: QWidget) -> bool:
        if dialog.objectName() != "profileManagerDialog":
            return False
        assert dialog.select_profile("demo file")
        qtbot.mouseClick(
            dialog.findChild(QPushButton, "useProfileButton"), Qt.MouseButton.LeftButton
        )
        return True

    when_modal(use_demo_profile)
    qtbot.mouseClick(
        window.findChild(QWidget, "manageProfilesButton"), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    assert window.profile is not None and window.profile.name == "demo file"
    assert _selector(window).currentText() == "demo file"
    assert "demo file" in window.windowTitle()


@pytest.mark.server
def test_upgrade_through_a_mariadb_profile(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, mariadb_url: str
) -> None:
    _save(mariadb_url, "maria")  # root has no password on the test server
    window = open_window(None)
    assert window.select_profile("maria")
    qtbot.waitUntil(lambda: not window.busy, timeout=30_000)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
    assert current_heads(mariadb_url) == {DEMO_HEAD}
    assert window.db_status.kind is StatusKind.AT_HEADS
    selector = _selector(window)
    assert "charset=utf8" in selector.itemData(selector.currentIndex(),
                                               Qt.ItemDataRole.ToolTipRole)
