"""The main window on real projects and real databases, driven as a user drives it."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QToolButton,
)
from pytestqt.qtbot import QtBot

from migrator_gui.core.demo import demo_dir
from migrator_gui.core.status import StatusKind
from tests.db_fixtures import copy_fixture, current_heads
from tests.ui.conftest import answer_next_message_box, plan_then_run, wait_idle

DEMO_HEAD = "31b7e5d1b306"
DEMO_BEFORE_HEAD = "b5b126bc3bf9"
DEMO_REVISIONS = 12


def _label(window, name: str) -> str:  # type: ignore[no-untyped-def]
    return window.findChild(QLabel, name).text()


def _button(window, name: str) -> QToolButton:  # type: ignore[no-untyped-def]
    button = window.findChild(QToolButton, name)
    assert button is not None, name
    return button


def test_demo_opens_with_every_revision_pending(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    table = window.findChild(QTableView, "revisionGraph")
    assert table.model().rowCount() == DEMO_REVISIONS
    assert window.project.root == demo_dir()
    assert window.db_status.kind is StatusKind.NO_TABLE
    assert "never migrated" in _label(window, "dbStatusLabel")
    assert "12 pending" in _label(window, "dbStatusLabel")
    upgrade = _button(window, "upgradeButton")
    assert upgrade.isEnabled()
    assert "12 pending" in upgrade.toolTip()
    assert not _button(window, "downgradeButton").isEnabled()
    # The newest revision is first and selected; its details are shown.
    assert table.model().index(0, 1).data() == DEMO_HEAD[:12]
    assert window.selected_revision() == DEMO_HEAD
    details = window.findChild(QPlainTextEdit, "logPane").toPlainText()
    assert "Read 12 revisions" in details


def test_upgrade_button_upgrades_the_demo_database(open_window, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    assert plan_then_run(
        qtbot, window,
        lambda: qtbot.mouseClick(_button(window, "upgradeButton"), Qt.MouseButton.LeftButton))
    url = window.database_url
    assert current_heads(url) == {DEMO_HEAD}
    assert window.db_status.kind is StatusKind.AT_HEADS
    assert _label(window, "dbStatusLabel").startswith("At head")
    model = window.revision_model
    assert {model.state_of(r) for r in window.graph} == {"applied"}
    assert model.is_current(DEMO_HEAD)
    log = window.findChild(QPlainTextEdit, "logPane").toPlainText()
    assert "Running upgrade" in log and "create customer table" in log
    assert not _button(window, "upgradeButton").isEnabled()
    assert _button(window, "downgradeButton").isEnabled()


def test_downgrade_button_goes_back_one_step_after_confirming(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot
) -> None:
    window = open_window()
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
    wait_idle(qtbot, window)

    def click() -> None:
        qtbot.mouseClick(_button(window, "downgradeButton"), Qt.MouseButton.LeftButton)

    # Cancel first: nothing happens.
    assert not plan_then_run(qtbot, window, click, QMessageBox.StandardButton.Cancel)
    assert not window.busy
    assert current_heads(window.database_url) == {DEMO_HEAD}
    assert plan_then_run(qtbot, window, click, QMessageBox.StandardButton.Yes)
    assert current_heads(window.database_url) == {DEMO_BEFORE_HEAD}
    assert window.revision_model.state_of(DEMO_HEAD) == "pending"
    assert window.revision_model.is_current(DEMO_BEFORE_HEAD)
    assert "1 pending" in _label(window, "dbStatusLabel")


def test_window_never_freezes_during_a_two_second_migration(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    project = copy_fixture("slow", tmp_path)
    url = f"sqlite:///{tmp_path / 'slow.db'}"
    window = open_window(project, url)
    beats: list[float] = []
    heartbeat = QTimer(window)
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    heartbeat.start()
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(_button(window, "upgradeButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    started = time.monotonic()
    run = window.plan_panel.findChild(QPushButton, "planRunButton")
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
        # While it runs, the buttons are disabled.
        assert not _button(window, "upgradeButton").isEnabled()
        assert not _button(window, "downgradeButton").isEnabled()
    heartbeat.stop()
    assert time.monotonic() - started >= 2.0, "the migration should have slept 2 s"
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert len(beats) > 100
    assert max(gaps) < 0.100, f"GUI thread blocked for {max(gaps) * 1000:.0f} ms"
    assert current_heads(url) == {"da6f3e8b9724"}


def test_unknown_revision_in_database_is_shown_and_upgrade_error_is_readable(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    project = copy_fixture("default_template", tmp_path)
    url = f"sqlite:///{tmp_path / 'lost.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(sa.text("INSERT INTO alembic_version VALUES ('deadbeef1234')"))
    engine.dispose()
    window = open_window(project, url)
    assert window.db_status.kind is StatusKind.UNKNOWN_REVISION
    assert "deadbeef1234" in _label(window, "dbStatusLabel")
    assert "not in versions/" in _label(window, "dbStatusLabel")
    table = window.findChild(QTableView, "revisionGraph")
    assert table.model().index(0, 1).data() == "deadbeef1234"
    assert window.revision_model.state_of("deadbeef1234") == "unknown"

    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
    banner = window.findChild(QLabel, "errorMessage")
    assert banner.isVisible()
    assert "deadbeef1234" in banner.text()
    assert "Traceback" not in banner.text()
    details = window.findChild(QPlainTextEdit, "errorDetails")
    assert not details.isVisible()
    qtbot.mouseClick(window.findChild(QPushButton, "errorDetailsButton"), Qt.MouseButton.LeftButton)
    assert details.isVisible()
    assert "Traceback" in details.toPlainText()
    assert current_heads(url) == {"deadbeef1234"}


def test_select_revision_and_follow_parent_link(open_window) -> None:  # type: ignore[no-untyped-def]
    window = open_window()
    assert window.select_revision("be789e7b80a9")  # the merge
    assert window.selected_revision() == "be789e7b80a9"
    details = window.findChild(QTextBrowser, "revisionDetails")
    text = details.toPlainText()
    assert "merge reporting into main" in text
    assert "b7d0d7ffbdac" in text and "ac63663f3669" in text  # both parents
    details.revision_link_clicked.emit("ac63663f3669")
    assert window.selected_revision() == "ac63663f3669"
    assert window.select_revision("reporting@head") or window.select_revision("0a85")
    assert not window.select_revision("zzzz")


@pytest.mark.server
def test_upgrade_and_downgrade_on_postgresql_from_the_window(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, postgres_url: str
) -> None:
    window = open_window(None, postgres_url)
    assert window.db_status.kind is StatusKind.NO_TABLE
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
    assert current_heads(postgres_url) == {DEMO_HEAD}
    answer_next_message_box(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.downgrade()
    assert current_heads(postgres_url) == {DEMO_BEFORE_HEAD}
    assert "postgres" in window.windowTitle() and ":5432" in window.windowTitle()


@pytest.mark.server
def test_upgrade_on_mariadb_with_charset_url_from_the_window(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, mariadb_url: str
) -> None:
    url = mariadb_url.split("?")[0] + "?charset=utf8"
    window = open_window(None, url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
    assert current_heads(url) == {DEMO_HEAD}
    assert window.db_status.kind is StatusKind.AT_HEADS


def test_stop_button_cancels_a_running_migration(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    project = copy_fixture("slow", tmp_path)
    url = f"sqlite:///{tmp_path / 'slow.db'}"
    window = open_window(project, url)
    stop = _button(window, "cancelButton")
    assert not stop.isEnabled()
    window.upgrade()
    assert stop.isEnabled()
    log = window.findChild(QPlainTextEdit, "logPane")
    qtbot.waitUntil(lambda: "create author" in log.toPlainText(), timeout=30_000)
    with qtbot.waitSignal(window.job_finished, timeout=30_000):
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert not stop.isEnabled()
    message = window.findChild(QLabel, "errorMessage")
    assert message.isVisible() and "Cancelled" in message.text()
    assert "da6f3e8b9724" not in current_heads(url)
    assert _button(window, "upgradeButton").isEnabled()


def test_broken_revision_files_are_listed_with_their_error(  # type: ignore[no-untyped-def]
    open_window, tmp_path: Path
) -> None:
    project = copy_fixture("broken_files", tmp_path)
    window = open_window(project, f"sqlite:///{tmp_path / 'b.db'}")
    model = window.revision_model
    assert window.graph.heads == ("dd7b6170b73f",)
    assert model.state_of("5c0ffee0bad1") == "broken"
    assert model.state_of("computed_revision_id") == "broken"
    row = model.row_of("5c0ffee0bad1")
    # The full syntax check has run: the real error, not a consequence of it.
    assert "SyntaxError" in model.index(row, model.MESSAGE).data()
    assert "line 25" in model.index(row, model.MESSAGE).data()
    assert model.state_of("dd7b6170b73f") == "pending"
    log = window.findChild(QPlainTextEdit, "logPane").toPlainText()
    assert "is not a literal value" in log


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working directory is inside ``folder`` (the runner's cwd is the project)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cwd = (proc / "cwd").resolve()
        except OSError:
            continue
        if cwd == folder or folder in cwd.parents:
            pids.append(int(proc.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs /proc (Linux)")
def test_closing_the_window_during_a_migration_stops_it_cleanly(  # type: ignore[no-untyped-def]
    qtbot: QtBot, tmp_path: Path
) -> None:
    from migrator_gui.app import create_main_window

    project = copy_fixture("slow", tmp_path)
    url = f"sqlite:///{tmp_path / 'slow.db'}"
    window = create_main_window(project, url)
    window.show()
    wait_idle(qtbot, window)
    window.upgrade()
    log = window.findChild(QPlainTextEdit, "logPane")
    qtbot.waitUntil(lambda: "create author" in log.toPlainText(), timeout=30_000)
    assert _processes_in(project.resolve()), "the runner should be running"
    answer_next_message_box(QMessageBox.StandardButton.Yes)
    assert window.close()
    # close() returned only after the runner was stopped: nothing runs in the project any more.
    assert _processes_in(project.resolve()) == []
    qtbot.waitUntil(lambda: not window.busy, timeout=5_000)
    assert "da6f3e8b9724" not in current_heads(url)
    window.deleteLater()


def test_unreachable_database_says_why_and_disables_the_run_buttons(  # type: ignore[no-untyped-def]
    open_window,
) -> None:
    window = open_window(None, "postgresql+psycopg2://postgres:hunter22@127.0.0.1:1/shop")
    assert window.db_status.kind is StatusKind.UNREACHABLE
    label = _label(window, "dbStatusLabel")
    assert label.startswith("Database not readable")
    assert "127.0.0.1" in label and "hunter22" not in label
    message = window.findChild(QLabel, "errorMessage")
    assert message.isVisible() and "hunter22" not in message.text()
    assert "hunter22" not in window.windowTitle()
    assert "hunter22" not in window.findChild(QPlainTextEdit, "logPane").toPlainText()
    assert not _button(window, "upgradeButton").isEnabled()
    assert not _button(window, "downgradeButton").isEnabled()
    assert window.revision_model.state_of("31b7e5d1b306") == "none"


def test_another_project_cannot_be_opened_while_a_migration_runs(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    project = copy_fixture("slow", tmp_path)
    window = open_window(project, f"sqlite:///{tmp_path / 'slow.db'}")
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade()
        assert not window.open_project(copy_fixture("default_template", tmp_path))
        assert "Wait for the running operation" in window.findChild(QLabel, "errorMessage").text()
        assert window.findChild(QMenu, "recentMenu").isEnabled() is False
    assert window.project.root == project.resolve()
    assert window.findChild(QMenu, "recentMenu").isEnabled()
