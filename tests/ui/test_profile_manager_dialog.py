"""The profile manager dialog: typing a profile in, per-dialect fields, validation, list actions,
import, copy URL, test connection (real PostgreSQL) and the password never leaking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
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
from tests.ui.conftest import answer_next_message_box

SENTINEL = "Sentinel-Pw-7c1e"


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
        qtbot.addWidget(dialog)
        dialog.show()
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        qtbot.waitUntil(lambda d=dialog: not d.testing, timeout=15_000)


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
    for widget in d.findChildren(QWidget):
        if isinstance(widget, (QLineEdit, QComboBox, QAbstractButton)) and widget.objectName():
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
    qtbot: QtBot, make_dialog, store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(ConnectionProfile(name="precious", dialect="sqlite", database=":memory:"))
    d = make_dialog()
    asked: list[str] = []

    def fake_question(_parent: object, _title: str, text: str, *args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(pmd.QMessageBox, "question", fake_question)
    w(d, QPushButton, "deleteProfileButton").click()
    assert "precious" in asked[0]
    assert store.names() == ["precious"]


def test_import_pasted_url_round_trips_password(
    make_dialog, store: ProfileStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
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
    monkeypatch.setattr(pmd.QInputDialog, "getText", lambda *a, **k: (text, True))
    d = make_dialog(tmp_path / "proj")
    d.findChild(pmd.QAction, "importFromPasteAction").trigger()
    profile = store.get("Imported")
    assert store.password(profile) == password
    assert profile.url(store.password(profile)) == make_url(text)
    assert d.current_name == "Imported"
    assert w(d, QLineEdit, "passwordEdit").text() == password
    assert password not in (tmp_path / "profiles.json").read_text()


def test_import_from_ini_and_env(
    make_dialog, store: ProfileStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql+pymysql://root:pw@127.0.0.1:3306/shop")
    d = make_dialog(tmp_path, project_url="sqlite:///app.db")
    d.findChild(pmd.QAction, "importFromIniAction").trigger()
    d.findChild(pmd.QAction, "importFromEnvAction").trigger()
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
