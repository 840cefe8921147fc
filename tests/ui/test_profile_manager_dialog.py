"""The profile manager dialog: typing a profile in, per-dialect fields, validation, list actions,
import (through the real menu and input dialog), the Browse… file pickers (the real QFileDialog),
unsaved edits never lost silently, copy URL, test connection (real PostgreSQL) and the password
never leaking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL, make_url

from migrator_gui.core.profiles import KEYRING_SERVICE, ConnectionProfile, ProfileStore
from migrator_gui.ui import profile_manager_dialog as pmd
from migrator_gui.ui.profile_list_model import ProfileListModel
from migrator_gui.ui.profile_manager_dialog import ProfileManagerDialog
from tests.keyring_backend import MemoryKeyring, no_keyring, use_keyring
from tests.ui.conftest import answer_next_message_box, when_modal

SENTINEL = "Sentinel-Pw-7c1e"

# A popup (the Import… menu, the file name completer) on the offscreen platform: it can neither
# raise itself nor grab the keyboard.
popup_shown = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)


@pytest.fixture(autouse=True)
def keyring_backend() -> Iterator[MemoryKeyring]:
    with use_keyring(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore(tmp_path / "profiles.json")


@pytest.fixture
def make_dialog(qtbot: QtBot, store: ProfileStore, tmp_path: Path):  # type: ignore[no-untyped-def]
    dialogs: list[ProfileManagerDialog] = []

    def make(project: Path | None = None, **kwargs: object) -> ProfileManagerDialog:
        dialog = ProfileManagerDialog(store, project, **kwargs)  # type: ignore[arg-type]
        # A test may leave edits behind: pytest-qt then closes the dialog without the
        # unsaved-changes question (done() does not ask; Close, Esc and close() do).
        qtbot.addWidget(dialog, before_close_func=_close_without_asking)
        dialog.show()
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        qtbot.waitUntil(lambda d=dialog: not d.testing, timeout=15_000)


def _close_without_asking(dialog: QWidget) -> None:
    assert isinstance(dialog, ProfileManagerDialog)
    dialog.done(int(pmd.QDialog.DialogCode.Rejected))


def w(dialog: QWidget, cls: type, name: str):  # type: ignore[no-untyped-def]
    widget = dialog.findChild(cls, name)
    assert widget is not None, name
    return widget


def set_text(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def choose(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(combo.findData(value))


def fill_postgres(
    qtbot: QtBot, d: ProfileManagerDialog, name: str, url: URL, password: str
) -> None:
    set_text(qtbot, w(d, QLineEdit, "profileName"), name)
    choose(w(d, QComboBox, "dialectCombo"), "postgresql")
    set_text(qtbot, w(d, QLineEdit, "hostEdit"), url.host or "")
    set_text(qtbot, w(d, QLineEdit, "portEdit"), str(url.port or 5432))
    set_text(qtbot, w(d, QLineEdit, "databaseEdit"), url.database or "")
    set_text(qtbot, w(d, QLineEdit, "userEdit"), url.username or "")
    set_text(qtbot, w(d, QLineEdit, "passwordEdit"), password)


def problems_text(d: ProfileManagerDialog) -> str:
    return w(d, QLabel, "problemsLabel").text()


def save_button(d: ProfileManagerDialog) -> QPushButton:
    return w(d, QPushButton, "saveProfileButton")


def click(qtbot: QtBot, d: ProfileManagerDialog, name: str) -> None:
    qtbot.mouseClick(w(d, QPushButton, name), Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, d: ProfileManagerDialog, name: str) -> None:
    """Click the profile ``name`` in the list, as a user would."""
    view = w(d, QListView, "profileList")
    row = d.model.row_of(name)
    assert row is not None, name
    rect = view.visualRect(d.model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def selected_names(d: ProfileManagerDialog) -> list[str]:
    view = w(d, QListView, "profileList")
    return [str(i.data()) for i in view.selectionModel().selectedIndexes()]


def answer_unsaved(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Press ``button`` in the next unsaved-changes question; its text goes to ``seen``."""

    def act(box: QWidget) -> bool:
        if not isinstance(box, QMessageBox) or box.objectName() != "unsavedChangesBox":
            return False
        seen.append(box.text())
        box.button(button).click()
        return True

    when_modal(act)


def choose_import(qtbot: QtBot, d: ProfileManagerDialog, action_name: str) -> dict[str, bool]:
    """Open the Import… menu with the mouse and click ``action_name`` if it is enabled (else
    close the menu); returns every action's enabled state as the menu showed it."""
    shown: dict[str, bool] = {}

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, pick)
            return
        shown.update({a.objectName(): a.isEnabled() for a in menu.actions()})
        action = menu.findChild(QAction, action_name)
        if action is not None and action.isEnabled():
            pos = menu.actionGeometry(action).center()
            qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=pos)
        else:
            menu.close()

    QTimer.singleShot(20, pick)
    click(qtbot, d, "importProfileButton")
    qtbot.waitUntil(lambda: bool(shown) and QApplication.activePopupWidget() is None)
    return shown


def pick_in_file_dialog(qtbot: QtBot, name: str, file_name: str | None, seen: list[str]) -> None:
    """In the next modal file dialog: type ``file_name`` and accept (None: Cancel). Its window
    title goes to ``seen``."""

    attempts = [0]

    def act(dialog: QWidget) -> bool:
        if not isinstance(dialog, QFileDialog) or dialog.objectName() != name:
            return False
        buttons = w(dialog, QDialogButtonBox, "buttonBox")
        if file_name is None:
            seen.append(dialog.windowTitle())
            buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return True
        edit = w(dialog, QLineEdit, "fileNameEdit")
        if edit.text() != file_name:
            set_text(qtbot, edit, file_name)
        accept = next(
            b
            for b in buttons.buttons()
            if buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
        )
        if not accept.isEnabled():
            # The dialog reads folders in the background and judges the typed name when it
            # changes: type it again now and then, and give up (Cancel: the test then fails on
            # its assertions) rather than hang.
            attempts[0] += 1
            if attempts[0] % 10 == 0:
                edit.clear()
                set_text(qtbot, edit, file_name)
            if attempts[0] > 250:
                seen.append("gave up: the accept button stayed disabled")
                buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
                return True
            return False
        title = dialog.windowTitle()
        accept.click()
        if dialog.isVisible():
            # The click came while the dialog was still reading the folder and it did not take
            # the name yet: try again on the next tick (type again every tenth attempt).
            attempts[0] += 1
            if attempts[0] % 10 == 0:
                set_text(qtbot, edit, file_name)
            if attempts[0] > 250:
                seen.append("gave up: the dialog did not accept the name")
                buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
                return True
            return False
        seen.append(title)
        return True

    when_modal(act)


def test_model_passes_modeltester(qtmodeltester, store: ProfileStore) -> None:  # type: ignore[no-untyped-def]
    store.save(ConnectionProfile(name="a", dialect="sqlite", database=":memory:"))
    store.save(
        ConnectionProfile(name="b", dialect="postgresql", host="h", environment="production"),
        "pw",
    )
    model = ProfileListModel()
    model.set_profiles(store.load_all())
    qtmodeltester.check(model)
    index = model.index(1, 0)
    assert model.data(index) == "b"
    assert model.data(index, Qt.ItemDataRole.DecorationRole).name() == "#c62828"
    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "postgresql+psycopg2://h" in tip and "pw" not in tip


def test_create_postgres_profile_by_typing(
    qtbot: QtBot, make_dialog, store: ProfileStore, keyring_backend: MemoryKeyring, tmp_path: Path
) -> None:
    d = make_dialog()
    qtbot.mouseClick(w(d, QPushButton, "addProfileButton"), Qt.MouseButton.LeftButton)
    fill_postgres(qtbot, d, "local pg", make_url("postgresql://app@127.0.0.1:5432/shop"), SENTINEL)
    assert save_button(d).isEnabled(), problems_text(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    qtbot.keyClick(
        w(d, QLineEdit, "passwordEdit"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )  # Ctrl+S (the button animates its click: it lands a moment later)
    qtbot.waitUntil(lambda: store.names() == ["local pg"])
    assert d.model.row_of("local pg") == 0
    saved = store.get("local pg")
    assert (saved.host, saved.port, saved.database, saved.username) == (
        "127.0.0.1",
        5432,
        "shop",
        "app",
    )
    assert keyring_backend.passwords[(KEYRING_SERVICE, saved.id)] == SENTINEL
    assert SENTINEL not in (tmp_path / "profiles.json").read_text()
    assert d.current_name == "local pg"


def test_each_dialect_shows_its_fields(make_dialog) -> None:
    d = make_dialog()
    combo = w(d, QComboBox, "dialectCombo")
    fields = {
        "sqlite": ["sqlitePath", "memoryCheck", "browseSqliteButton"],
        "postgresql": ["hostEdit", "portEdit", "passwordEdit", "sslmodeCombo", "versionSchemaEdit"],
        "mysql": ["hostEdit", "portEdit", "passwordEdit", "charsetEdit", "sslCaEdit"],
    }
    every = {name for names in fields.values() for name in names}
    drivers = {"sqlite": "pysqlite", "postgresql": "psycopg2", "mysql": "pymysql"}
    for dialect, names in fields.items():
        choose(combo, dialect)
        for name in every:
            assert d.findChild(QWidget, name).isVisible() == (name in names), (dialect, name)
        assert drivers[dialect] in w(d, QLabel, "driverLabel").text()
    choose(combo, "postgresql")
    assert w(d, QLineEdit, "portEdit").text() == "5432"
    choose(combo, "mysql")
    assert w(d, QLineEdit, "portEdit").text() == "3306"
    assert w(d, QLineEdit, "charsetEdit").text() == "utf8mb4"
    assert w(d, QLineEdit, "passwordEdit").echoMode() == QLineEdit.EchoMode.Password
    w(d, QAbstractButton, "showPasswordButton").click()
    assert w(d, QLineEdit, "passwordEdit").echoMode() == QLineEdit.EchoMode.Normal


def test_every_field_has_tooltip_accessible_name_and_buddy(make_dialog) -> None:
    d = make_dialog()
    fields = (QLineEdit, QComboBox, QAbstractButton, QAbstractSpinBox)
    for widget in d.findChildren(QWidget):
        name = widget.objectName()
        if isinstance(widget, fields) and name and not name.startswith("qt_"):  # Qt's own parts
            assert widget.toolTip(), widget.objectName()
            assert widget.accessibleName(), widget.objectName()
    labels = [lab for lab in d.findChildren(QLabel) if lab.text().endswith(":")]
    assert labels
    for label in labels:
        assert label.buddy() is not None and "&" in label.text(), label.text()


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("portEdit", "70000", "out of range"),
        ("portEdit", "0", "out of range"),
        ("portEdit", "abc", "not a number"),
        ("hostEdit", "", "host name"),
        ("hostEdit", "db host", "spaces"),
        ("hostEdit", "db;drop", "spaces or one of"),
    ],
)
def test_bad_server_inputs_disable_save(
    qtbot: QtBot, make_dialog, field: str, value: str, expected: str
) -> None:
    d = make_dialog()
    fill_postgres(qtbot, d, "p", make_url("postgresql://u@127.0.0.1/db"), "")
    assert save_button(d).isEnabled()
    set_text(qtbot, w(d, QLineEdit, field), value)
    assert expected in problems_text(d)
    assert w(d, QLabel, "problemsLabel").isVisible()
    assert not save_button(d).isEnabled()


def test_sqlite_path_to_directory_is_a_problem(qtbot: QtBot, make_dialog, tmp_path: Path) -> None:
    d = make_dialog()
    choose(w(d, QComboBox, "dialectCombo"), "sqlite")
    set_text(qtbot, w(d, QLineEdit, "sqlitePath"), str(tmp_path))
    assert "is a folder" in problems_text(d)
    assert not save_button(d).isEnabled()
    w(d, QAbstractButton, "memoryCheck").click()
    assert problems_text(d) == ""
    assert save_button(d).isEnabled()


def test_bad_advanced_options(qtbot: QtBot, make_dialog) -> None:
    d = make_dialog()
    w(d, QAbstractButton, "advancedToggle").click()
    options = w(d, QLineEdit, "optionsEdit")
    assert options.isVisible()
    set_text(qtbot, options, "connect_timeout")
    assert "key=value" in problems_text(d)
    assert not save_button(d).isEnabled()
    set_text(qtbot, options, "connect_timeout=10")
    assert save_button(d).isEnabled()


def test_duplicate_name_refused_with_message(
    qtbot: QtBot, make_dialog, store: ProfileStore
) -> None:
    store.save(ConnectionProfile(name="taken", dialect="sqlite", database=":memory:"))
    d = make_dialog()
    qtbot.mouseClick(w(d, QPushButton, "addProfileButton"), Qt.MouseButton.LeftButton)
    fill_postgres(qtbot, d, "taken", make_url("postgresql://u@127.0.0.1/db"), "")
    save_button(d).click()  # no exception
    assert "exists" in problems_text(d)
    assert store.names() == ["taken"]


def test_duplicate_delete_and_move(
    qtbot: QtBot, make_dialog, store: ProfileStore, keyring_backend: MemoryKeyring
) -> None:
    store.save(ConnectionProfile(name="one", dialect="postgresql", host="h"), "pw1")
    store.save(ConnectionProfile(name="two", dialect="sqlite", database=":memory:"))
    d = make_dialog()
    assert d.select_profile("one")
    w(d, QPushButton, "duplicateProfileButton").click()
    assert store.names() == ["one", "one copy", "two"]
    assert d.current_name == "one copy"
    assert store.password(store.get("one copy")) == "pw1"

    w(d, QPushButton, "moveUpButton").click()
    assert store.names() == ["one copy", "one", "two"]
    assert [p.name for p in d.model.profiles()] == store.names()
    assert not w(d, QPushButton, "moveUpButton").isEnabled()
    w(d, QPushButton, "moveDownButton").click()
    assert store.names() == ["one", "one copy", "two"]

    copy_id = store.get("one copy").id
    answer_next_message_box(QMessageBox.StandardButton.Cancel)
    w(d, QPushButton, "deleteProfileButton").click()
    assert "one copy" in store.names()
    answer_next_message_box(QMessageBox.StandardButton.Yes)
    w(d, QPushButton, "deleteProfileButton").click()
    assert store.names() == ["one", "two"]
    assert (KEYRING_SERVICE, copy_id) not in keyring_backend.passwords
    assert d.model.row_of("one copy") is None


def test_rename_keeps_password(qtbot: QtBot, make_dialog, store: ProfileStore) -> None:
    store.save(ConnectionProfile(name="old", dialect="postgresql", host="h"), "pw")
    d = make_dialog()
    d.select_profile("old")
    assert w(d, QLineEdit, "passwordEdit").text() == "pw"
    set_text(qtbot, w(d, QLineEdit, "profileName"), "new")
    save_button(d).click()
    assert store.names() == ["new"]
    assert store.password(store.get("new")) == "pw"


def test_delete_confirmation_names_the_profile(
    qtbot: QtBot, make_dialog, store: ProfileStore
) -> None:
    store.save(ConnectionProfile(name="precious", dialect="sqlite", database=":memory:"))
    d = make_dialog()
    asked: list[str] = []

    def cancel(box: QWidget) -> bool:
        if not isinstance(box, QMessageBox):
            return False
        asked.append(box.text())
        box.button(QMessageBox.StandardButton.Cancel).click()
        return True

    when_modal(cancel)
    click(qtbot, d, "deleteProfileButton")
    assert asked == ["Delete the profile 'precious' and its saved password?"]
    assert store.names() == ["precious"]


@popup_shown
def test_import_pasted_url_round_trips_password(
    qtbot: QtBot, make_dialog, store: ProfileStore, tmp_path: Path
) -> None:
    password = "p@ss:w/o%rd#x?y-é"
    url = URL.create(
        "postgresql+psycopg2",
        username="app",
        password=password,
        host="db.example.com",
        port=5433,
        database="shop",
    )
    text = url.render_as_string(hide_password=False)
    QGuiApplication.clipboard().setText(text)
    echo: list[QLineEdit.EchoMode] = []

    def paste(dialog: QWidget) -> bool:
        if not isinstance(dialog, QInputDialog):
            return False
        edit = w(dialog, QLineEdit, "")  # the input dialog's only line edit
        echo.append(edit.echoMode())
        qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # paste
        w(dialog, QDialogButtonBox, "").button(QDialogButtonBox.StandardButton.Ok).click()
        return True

    d = make_dialog(tmp_path / "proj")
    when_modal(paste)
    choose_import(qtbot, d, "importFromPasteAction")
    assert echo == [QLineEdit.EchoMode.Password]  # the pasted URL is not shown
    QGuiApplication.clipboard().clear()
    profile = store.get("Imported")
    assert store.password(profile) == password
    assert profile.url(store.password(profile)) == make_url(text)
    assert d.current_name == "Imported"
    assert w(d, QLineEdit, "passwordEdit").text() == password
    assert password not in (tmp_path / "profiles.json").read_text()


@popup_shown
def test_import_from_ini_and_env(
    qtbot: QtBot,
    make_dialog,
    store: ProfileStore,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # Without a usable alembic.ini URL nor DATABASE_URL those two entries are disabled.
    monkeypatch.delenv("DATABASE_URL", raising=False)
    bare = make_dialog(tmp_path, project_url="%(DB_URL)s")
    shown = choose_import(qtbot, bare, "importFromIniAction")
    assert shown == {
        "importFromIniAction": False,
        "importFromPasteAction": True,
        "importFromEnvAction": False,
    }
    assert store.names() == []

    monkeypatch.setenv("DATABASE_URL", "mysql+pymysql://root:pw@127.0.0.1:3306/shop")
    d = make_dialog(tmp_path, project_url="sqlite:///app.db")
    assert choose_import(qtbot, d, "importFromIniAction")["importFromIniAction"]
    assert d.current_name == "alembic.ini"
    assert w(d, QLineEdit, "sqlitePath").text() == "app.db"
    choose_import(qtbot, d, "importFromEnvAction")
    assert d.current_name == "DATABASE_URL"
    assert w(d, QLineEdit, "databaseEdit").text() == "shop"
    assert store.names() == ["alembic.ini", "DATABASE_URL"]
    env = store.get("DATABASE_URL")
    assert (env.dialect, env.database) == ("mysql", "shop")
    assert store.password(env) == "pw"


def test_copy_url_has_no_password(qtbot: QtBot, make_dialog) -> None:
    d = make_dialog()
    fill_postgres(qtbot, d, "p", make_url("postgresql://app@127.0.0.1:5432/shop"), SENTINEL)
    w(d, QPushButton, "copyUrlButton").click()
    copied = QGuiApplication.clipboard().text()
    assert copied == "postgresql+psycopg2://app@127.0.0.1:5432/shop"
    assert SENTINEL not in copied


def test_use_emits_profile_chosen(qtbot: QtBot, make_dialog, store: ProfileStore) -> None:
    store.save(ConnectionProfile(name="x", dialect="sqlite", database=":memory:"))
    d = make_dialog()
    with qtbot.waitSignal(d.profile_chosen) as blocker:
        w(d, QPushButton, "useProfileButton").click()
    assert blocker.args == ["x"]
    assert d.result() == pmd.QDialog.DialogCode.Accepted


def test_project_filter_and_belongs(make_dialog, store: ProfileStore, tmp_path: Path) -> None:
    mine, other = tmp_path / "mine", tmp_path / "other"
    mine.mkdir()
    other.mkdir()
    store.save(ConnectionProfile(name="shared", dialect="sqlite", database=":memory:"))
    store.save(
        ConnectionProfile(
            name="theirs", dialect="sqlite", database=":memory:", projects=(str(other),)
        )
    )
    d = make_dialog(mine)
    only = w(d, QAbstractButton, "onlyProjectCheck")
    assert only.isVisible() and only.isChecked()
    assert [p.name for p in d.model.profiles()] == ["shared"]
    w(d, QAbstractButton, "belongsCheck").click()
    save_button(d).click()
    assert store.get("shared").projects == (str(mine.resolve()),)
    only.click()
    assert [p.name for p in d.model.profiles()] == ["shared", "theirs"]


def test_test_connection_postgres(qtbot: QtBot, make_dialog, postgres_url: str) -> None:
    d = make_dialog()
    fill_postgres(qtbot, d, "pg", make_url(postgres_url), SENTINEL)
    result = w(d, QLabel, "testResultLabel")
    w(d, QPushButton, "testConnectionButton").click()
    qtbot.waitUntil(lambda: "Connected" in result.text(), timeout=15_000)
    assert "PostgreSQL" in result.text()
    assert "no alembic_version table yet" in result.text()
    assert " ms" in result.text()


def test_test_connection_refused(qtbot: QtBot, make_dialog) -> None:
    d = make_dialog()
    fill_postgres(qtbot, d, "pg", make_url("postgresql://u@127.0.0.1:1/db"), SENTINEL)
    result = w(d, QLabel, "testResultLabel")
    w(d, QPushButton, "testConnectionButton").click()
    assert not w(d, QPushButton, "testConnectionButton").isEnabled()
    qtbot.waitUntil(lambda: "connection refused" in result.text(), timeout=15_000)
    assert SENTINEL not in result.text()
    qtbot.waitUntil(lambda: w(d, QPushButton, "testConnectionButton").isEnabled())


def test_no_keyring_message(qtbot: QtBot, tmp_path: Path) -> None:
    with no_keyring():
        store = ProfileStore(tmp_path / "profiles.json")
        d = ProfileManagerDialog(store, None)
        qtbot.addWidget(d)
        d.show()
        notice = w(d, QLabel, "keyringNotice")
        assert notice.isVisible()
        assert notice.text().startswith("No system keyring")
        fill_postgres(qtbot, d, "p", make_url("postgresql://u@h/db"), SENTINEL)
        save_button(d).click()
        assert store.password(store.get("p")) == SENTINEL
        assert SENTINEL not in (tmp_path / "profiles.json").read_text()


def test_load_problem_shown(make_dialog, tmp_path: Path) -> None:
    (tmp_path / "profiles.json").write_text("{not json")
    d = make_dialog()
    notice = w(d, QLabel, "loadProblemNotice")
    assert notice.isVisible()
    assert "moved to" in notice.text()


def test_sentinel_password_never_leaks(
    qtbot: QtBot, make_dialog, store: ProfileStore, tmp_path: Path, postgres_url: str
) -> None:
    d = make_dialog(tmp_path)
    fill_postgres(qtbot, d, "leak check", make_url(postgres_url), SENTINEL)
    save_button(d).click()
    assert store.password(store.get("leak check")) == SENTINEL
    result = w(d, QLabel, "testResultLabel")
    w(d, QPushButton, "testConnectionButton").click()
    qtbot.waitUntil(lambda: "Connected" in result.text(), timeout=15_000)
    w(d, QPushButton, "copyUrlButton").click()
    w(d, QPushButton, "duplicateProfileButton").click()
    assert d.current_name == "leak check copy"
    # A failing test too: its error message must not carry the password either.
    set_text(qtbot, w(d, QLineEdit, "portEdit"), "1")
    w(d, QPushButton, "testConnectionButton").click()
    qtbot.waitUntil(lambda: "connection refused" in result.text(), timeout=15_000)

    password_edit = w(d, QLineEdit, "passwordEdit")
    texts = [d.windowTitle(), QGuiApplication.clipboard().text()]
    for widget in [d, *d.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.windowTitle(), widget.accessibleName()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit) and widget is not password_edit:
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
    for row in range(d.model.rowCount()):
        index = d.model.index(row, 0)
        texts += [
            str(d.model.data(index)),
            str(d.model.data(index, Qt.ItemDataRole.ToolTipRole)),
        ]
    leaks = [t for t in texts if SENTINEL in t]
    assert leaks == []
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SENTINEL.encode() not in path.read_bytes(), path


# -- unsaved edits -------------------------------------------------------------------------------


def test_dirty_state_compares_the_form_with_the_saved_profile(
    qtbot: QtBot, make_dialog, store: ProfileStore
) -> None:
    store.save(ConnectionProfile(name="a", dialect="postgresql", host="h1"), "pw")
    d = make_dialog()
    host, password = w(d, QLineEdit, "hostEdit"), w(d, QLineEdit, "passwordEdit")
    assert host.text() == "h1"
    assert not save_button(d).isEnabled() and not d.isWindowModified()
    assert d.windowTitle().replace("[*]", "") == "Connection profiles"

    set_text(qtbot, host, "h1-edited")
    assert save_button(d).isEnabled() and d.isWindowModified()
    set_text(qtbot, host, "h1")  # back to the saved value: nothing to save
    assert not save_button(d).isEnabled() and not d.isWindowModified()

    set_text(qtbot, password, "typed")  # a typed password is a change too
    assert save_button(d).isEnabled() and d.isWindowModified()
    set_text(qtbot, password, "pw")
    assert not d.isWindowModified()

    choose(w(d, QComboBox, "environmentCombo"), "production")
    assert d.isWindowModified()
    save_button(d).click()
    assert store.get("a").environment == "production"
    assert not save_button(d).isEnabled() and not d.isWindowModified()


def test_lock_timeout_spin_box(qtbot: QtBot, make_dialog) -> None:
    d = make_dialog()
    spin = w(d, QDoubleSpinBox, "lockTimeoutSpin")
    assert spin.isVisible() and spin.value() == 10.0  # a new profile's default
    assert (spin.minimum(), spin.maximum(), spin.suffix()) == (0.0, 86400.0, " s")
    assert "lock_timeout" in spin.toolTip() and "0 waits forever" in spin.toolTip()
    label = next(lab for lab in d.findChildren(QLabel) if lab.buddy() is spin)
    assert label.text().replace("&", "") == "Lock timeout:"
    spin.setValue(0)
    assert spin.text() == "Wait forever"
    for dialect in ("sqlite", "postgresql", "mysql"):  # every database has a lock wait
        choose(w(d, QComboBox, "dialectCombo"), dialect)
        assert spin.isVisible(), dialect


def test_lock_timeout_is_saved_and_tracked_as_an_edit(
    qtbot: QtBot, make_dialog, store: ProfileStore
) -> None:
    store.save(ConnectionProfile(name="a", dialect="postgresql", host="h1", lock_timeout=30), "pw")
    d = make_dialog()
    spin = w(d, QDoubleSpinBox, "lockTimeoutSpin")
    assert spin.value() == 30.0
    assert not save_button(d).isEnabled() and not d.isWindowModified()

    spin.clear()
    qtbot.keyClicks(spin, spin.locale().toString(2.5, "f", 1))  # typed, as a user would
    assert spin.value() == 2.5
    assert save_button(d).isEnabled() and d.isWindowModified() and d.has_unsaved_changes
    spin.setValue(30)  # back to the saved value: nothing to save
    assert not save_button(d).isEnabled() and not d.isWindowModified()

    spin.setValue(2.5)
    save_button(d).click()
    assert store.get("a").lock_timeout == 2.5
    assert not save_button(d).isEnabled() and not d.isWindowModified()

    spin.stepDown()  # the arrow keys and buttons step a second
    assert spin.value() == 1.5 and d.isWindowModified()
    spin.setValue(0)  # the lowest value: "Wait forever"
    assert d.isWindowModified()
    save_button(d).click()
    assert store.get("a").lock_timeout == 0.0
    assert not d.isWindowModified()


def test_lock_timeout_follows_the_selected_profile(
    qtbot: QtBot, make_dialog, store: ProfileStore
) -> None:
    store.save(ConnectionProfile(name="a", database=":memory:", lock_timeout=0))
    store.save(ConnectionProfile(name="b", database=":memory:", lock_timeout=45))
    d = make_dialog()
    spin = w(d, QDoubleSpinBox, "lockTimeoutSpin")
    assert d.current_name == "a" and spin.value() == 0 and spin.text() == "Wait forever"
    click_row(qtbot, d, "b")
    qtbot.waitUntil(lambda: d.current_name == "b")
    assert spin.value() == 45 and not d.isWindowModified()

    spin.setValue(5)  # an edit, then another profile: the question comes first
    seen: list[str] = []
    answer_unsaved(QMessageBox.StandardButton.Discard, seen)
    click_row(qtbot, d, "a")
    qtbot.waitUntil(lambda: d.current_name == "a")
    assert seen and "'b'" in seen[0]
    assert store.get("b").lock_timeout == 45 and spin.value() == 0

    click(qtbot, d, "duplicateProfileButton")  # the copy keeps it
    qtbot.waitUntil(lambda: "a copy" in store.names())
    assert store.get("a copy").lock_timeout == 0


def test_selecting_another_profile_asks_about_unsaved_edits(
    qtbot: QtBot, make_dialog, store: ProfileStore
) -> None:
    store.save(ConnectionProfile(name="a", dialect="postgresql", host="h1"))
    store.save(ConnectionProfile(name="b", dialect="postgresql", host="h2"))
    d = make_dialog()
    host = w(d, QLineEdit, "hostEdit")
    set_text(qtbot, host, "h1-edited")
    seen: list[str] = []

    # Cancel: the user stays on 'a', with the edits, and the list shows 'a' again.
    answer_unsaved(QMessageBox.StandardButton.Cancel, seen)
    click_row(qtbot, d, "b")
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen == ["Save changes to profile 'a'?"]
    assert host.text() == "h1-edited" and d.current_name == "a"
    assert selected_names(d) == ["a"]
    assert store.get("a").host == "h1"

    # Discard: 'b' is shown, 'a' is as saved.
    answer_unsaved(QMessageBox.StandardButton.Discard, seen)
    click_row(qtbot, d, "b")
    qtbot.waitUntil(lambda: host.text() == "h2")
    assert len(seen) == 2 and d.current_name == "b" and selected_names(d) == ["b"]
    assert store.get("a").host == "h1"
    assert not d.isWindowModified()

    # Save, moving with the keyboard: 'b' is saved, then 'a' is shown.
    set_text(qtbot, host, "h2-edited")
    answer_unsaved(QMessageBox.StandardButton.Save, seen)
    qtbot.keyClick(w(d, QListView, "profileList"), Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: host.text() == "h1")
    assert seen[2] == "Save changes to profile 'b'?"
    assert store.get("b").host == "h2-edited"
    assert d.current_name == "a" and selected_names(d) == ["a"]

    # Without edits, no question.
    click_row(qtbot, d, "b")
    qtbot.waitUntil(lambda: host.text() == "h2-edited")
    assert len(seen) == 3


def test_close_and_escape_ask_about_unsaved_edits(
    qtbot: QtBot, make_dialog, store: ProfileStore, keyring_backend: MemoryKeyring
) -> None:
    store.save(ConnectionProfile(name="p", dialect="postgresql", host="h"), "old-pw")
    d = make_dialog()
    set_text(qtbot, w(d, QLineEdit, "passwordEdit"), "new-pw")
    seen: list[str] = []

    answer_unsaved(QMessageBox.StandardButton.Cancel, seen)
    click(qtbot, d, "closeButton")
    assert seen == ["Save changes to profile 'p'?"]
    assert d.isVisible()

    answer_unsaved(QMessageBox.StandardButton.Save, seen)
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert len(seen) == 2 and not d.isVisible()
    assert d.result() == pmd.QDialog.DialogCode.Rejected
    assert keyring_backend.passwords[(KEYRING_SERVICE, store.get("p").id)] == "new-pw"

    # The window's close button: Discard closes and keeps the saved profile.
    d2 = make_dialog()
    set_text(qtbot, w(d2, QLineEdit, "hostEdit"), "elsewhere")
    answer_unsaved(QMessageBox.StandardButton.Discard, seen)
    d2.close()
    assert len(seen) == 3 and not d2.isVisible()
    assert store.get("p").host == "h"

    # Nothing changed: no question.
    d3 = make_dialog()
    click(qtbot, d3, "closeButton")
    assert len(seen) == 3 and not d3.isVisible()


def test_save_that_fails_keeps_the_dialog_open(
    qtbot: QtBot, make_dialog, store: ProfileStore
) -> None:
    store.save(ConnectionProfile(name="p", dialect="postgresql", host="h"))
    d = make_dialog()
    set_text(qtbot, w(d, QLineEdit, "portEdit"), "abc")
    seen: list[str] = []
    answer_unsaved(QMessageBox.StandardButton.Save, seen)
    click(qtbot, d, "closeButton")
    assert seen and d.isVisible()
    assert "not a number" in problems_text(d)
    assert "Not saved" in w(d, QLabel, "testResultLabel").text()
    assert store.get("p").port is None  # as saved


@popup_shown
def test_add_duplicate_and_import_ask_first(
    qtbot: QtBot, make_dialog, store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///:memory:")
    store.save(ConnectionProfile(name="one", dialect="sqlite", database=":memory:"))
    d = make_dialog()
    name = w(d, QLineEdit, "profileName")
    set_text(qtbot, name, "one renamed")
    seen: list[str] = []

    answer_unsaved(QMessageBox.StandardButton.Cancel, seen)
    click(qtbot, d, "addProfileButton")
    assert seen == ["Save changes to profile 'one'?"]
    assert name.text() == "one renamed" and d.current_name == "one"

    answer_unsaved(QMessageBox.StandardButton.Save, seen)
    click(qtbot, d, "duplicateProfileButton")
    assert store.names() == ["one renamed", "one renamed copy"]
    assert d.current_name == "one renamed copy" and name.text() == "one renamed copy"

    set_text(qtbot, name, "scratch")
    answer_unsaved(QMessageBox.StandardButton.Discard, seen)
    choose_import(qtbot, d, "importFromEnvAction")
    assert len(seen) == 3
    assert store.names() == ["one renamed", "one renamed copy", "DATABASE_URL"]
    assert d.current_name == "DATABASE_URL" and name.text() == "DATABASE_URL"

    set_text(qtbot, name, "typed over")
    answer_unsaved(QMessageBox.StandardButton.Discard, seen)
    click(qtbot, d, "addProfileButton")
    assert len(seen) == 4
    assert d.current_name is None and name.text() == "New profile"
    assert "typed over" not in store.names()
    # A new profile nobody typed in is not an unsaved change: Add and Close just do it.
    click(qtbot, d, "addProfileButton")
    click(qtbot, d, "closeButton")
    assert len(seen) == 4 and not d.isVisible()


@popup_shown
def test_import_that_cannot_be_saved_is_an_unsaved_change(
    qtbot: QtBot, make_dialog, store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://app:pw@/shop")  # no host: cannot be saved
    d = make_dialog()
    choose_import(qtbot, d, "importFromEnvAction")
    assert store.names() == []
    assert w(d, QLineEdit, "profileName").text() == "DATABASE_URL"
    assert "host name" in problems_text(d)
    assert d.isWindowModified()
    seen: list[str] = []
    answer_unsaved(QMessageBox.StandardButton.Cancel, seen)
    click(qtbot, d, "closeButton")
    assert seen == ["Save changes to profile 'DATABASE_URL'?"] and d.isVisible()
    set_text(qtbot, w(d, QLineEdit, "hostEdit"), "127.0.0.1")
    save_button(d).click()
    assert store.names() == ["DATABASE_URL"]
    assert store.password(store.get("DATABASE_URL")) == "pw"
    assert not d.isWindowModified()


def test_use_saves_pending_edits_first(qtbot: QtBot, make_dialog, store: ProfileStore) -> None:
    store.save(ConnectionProfile(name="p", dialect="postgresql", host="h", database="old"))
    d = make_dialog()
    set_text(qtbot, w(d, QLineEdit, "databaseEdit"), "new")
    with qtbot.waitSignal(d.profile_chosen) as chosen:
        click(qtbot, d, "useProfileButton")
    assert chosen.args == ["p"]
    assert store.get("p").database == "new"
    assert d.result() == pmd.QDialog.DialogCode.Accepted

    # Edits that cannot be saved: the problem is shown and nothing is chosen.
    d2 = make_dialog()
    set_text(qtbot, w(d2, QLineEdit, "portEdit"), "abc")
    assert w(d2, QPushButton, "useProfileButton").isEnabled()
    with qtbot.assertNotEmitted(d2.profile_chosen):
        click(qtbot, d2, "useProfileButton")
    assert d2.isVisible()
    assert "not a number" in problems_text(d2)
    assert "Not saved" in w(d2, QLabel, "testResultLabel").text()
    assert store.get("p").port == 5432

    # A new profile typed in: Use saves it and chooses it.
    d3 = make_dialog()
    click(qtbot, d3, "addProfileButton")
    assert not w(d3, QPushButton, "useProfileButton").isEnabled()  # nothing to use yet
    fill_postgres(qtbot, d3, "fresh", make_url("postgresql://u@127.0.0.1/db"), "")
    with qtbot.waitSignal(d3.profile_chosen) as chosen:
        click(qtbot, d3, "useProfileButton")
    assert chosen.args == ["fresh"]
    assert store.names() == ["p", "fresh"]


# -- Browse… pickers (Qt's own file dialog, driven as a user would) ------------------------------


def test_browse_sqlite_file(qtbot: QtBot, make_dialog, tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    d = make_dialog(project)
    choose(w(d, QComboBox, "dialectCombo"), "sqlite")
    path_edit = w(d, QLineEdit, "sqlitePath")
    seen: list[str] = []

    pick_in_file_dialog(qtbot, "sqliteFileDialog", "picked.db", seen)
    click(qtbot, d, "browseSqliteButton")
    assert seen == ["SQLite database file"]
    assert path_edit.text() == str(project / "picked.db")
    assert problems_text(d) == ""  # a new file is fine: the first upgrade creates it

    # A name without extension gets .db; Cancel keeps what was there.
    pick_in_file_dialog(qtbot, "sqliteFileDialog", "other", seen)
    click(qtbot, d, "browseSqliteButton")
    assert path_edit.text() == str(project / "other.db")
    pick_in_file_dialog(qtbot, "sqliteFileDialog", None, seen)
    click(qtbot, d, "browseSqliteButton")
    assert len(seen) == 3
    assert path_edit.text() == str(project / "other.db")
    assert QApplication.activeModalWidget() is None


@popup_shown
def test_browse_ssl_ca_file(qtbot: QtBot, make_dialog, tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "certs").mkdir(parents=True)
    ca = project / "certs" / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    d = make_dialog(project)
    choose(w(d, QComboBox, "dialectCombo"), "mysql")
    ca_edit = w(d, QLineEdit, "sslCaEdit")
    seen: list[str] = []

    pick_in_file_dialog(qtbot, "sslCaFileDialog", str(ca), seen)
    click(qtbot, d, "browseSslCaButton")
    assert seen == ["SSL CA certificate"]
    assert ca_edit.text() == str(ca)
    assert d.form_profile().ssl_ca == str(ca)
    assert QApplication.activeModalWidget() is None
