"""Operations in the main window on real databases: the lock-wait banner and its blocker, the
terminate button, a partial failure on MariaDB and the warning before the next run, the History
tab, the plan's progress; the window stays responsive throughout."""

from __future__ import annotations

import contextlib
import itertools
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QTableView
from pytestqt.qtbot import QtBot
from sqlalchemy.pool import NullPool

from migrator_gui.core.plan import MigrationPlan
from tests.db_fixtures import copy_fixture, current_heads, has_table
from tests.runner.conftest import revision_chain
from tests.ui.conftest import answer_next_message_box, plan_then_run, wait_idle


@pytest.mark.server
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_lock_wait_banner_names_the_blocker_and_terminate_lets_it_finish(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, postgres_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    _, second, third = revision_chain(root)
    window = open_window(root, postgres_url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade(second)
    wait_idle(qtbot, window)

    engine = sa.create_engine(postgres_url, poolclass=NullPool)
    blocker = engine.connect()
    try:
        blocker.exec_driver_sql("SET application_name = 'psql'")
        blocker.commit()
        pid = str(blocker.exec_driver_sql("SELECT pg_backend_pid()").scalar())
        blocker.commit()
        blocker.exec_driver_sql("LOCK TABLE book IN ACCESS SHARE MODE")

        beats: list[float] = []
        heartbeat = QTimer(window)
        heartbeat.setInterval(10)
        heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
        heartbeat.start()
        window.upgrade("heads")
        started = time.monotonic()
        banner = window.lock_wait_view
        qtbot.waitUntil(lambda: banner.isVisible() and pid in banner.blockers_text(),
                        timeout=10_000)
        # the ALTER waits right after the child connects: the banner follows within ~2 s
        assert time.monotonic() - started < 6
        assert "LOCK TABLE book IN ACCESS SHARE MODE" in banner.blockers_text()
        assert "psql" in banner.blockers_text()
        assert "waiting for a lock" in banner.summary_text()
        terminate = banner.findChild(QPushButton, "lockWaitTerminateButton")
        assert terminate.text() == f"Terminate session {pid}…"
        answer_next_message_box(QMessageBox.StandardButton.Yes)
        with qtbot.waitSignal(window.job_finished, timeout=60_000):
            qtbot.mouseClick(terminate, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window)
        heartbeat.stop()
    finally:
        with contextlib.suppress(sa.exc.DBAPIError):  # terminated: its rollback fails
            blocker.close()
        engine.dispose()
    assert current_heads(postgres_url) == {third}
    assert not banner.isVisible()
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert max(gaps) < 0.25, f"GUI thread blocked for {max(gaps) * 1000:.0f} ms"
    history = window.history_panel.model
    assert history.rowCount() >= 2
    assert "Terminated session" in window.findChild(object, "logPane").toPlainText()


def _add_half_failing_revision(root: Path, down: str) -> str:
    versions = next(root.glob("*/versions"))
    (versions / "f00dfa11ed00_half.py").write_text(textwrap.dedent(f'''\
        """create half_done, then fail

        Revision ID: f00dfa11ed00
        Revises: {down}
        """
        from alembic import op
        import sqlalchemy as sa

        revision = "f00dfa11ed00"
        down_revision = "{down}"
        branch_labels = None
        depends_on = None


        def upgrade():
            op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
            op.execute("SELECT * FROM no_such_table_anywhere")


        def downgrade():
            op.drop_table("half_done")
        '''))
    return "f00dfa11ed00"


@pytest.mark.server
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_a_partial_failure_on_mariadb_is_named_and_the_next_run_warns(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, mariadb_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    *_, head = revision_chain(root)
    _add_half_failing_revision(root, head)
    window = open_window(root, mariadb_url)

    assert plan_then_run(qtbot, window, lambda: window.plan_operation("upgrade", "heads"))
    banner_text = window.findChild(object, "errorMessage").text()
    assert "Step failed: upgrade" in banner_text and "f00dfa11ed00" in banner_text
    assert "may be partly applied" in banner_text and "half_done" in banner_text
    assert f"now holds: {head}" in banner_text
    assert has_table(mariadb_url, "half_done") and current_heads(mariadb_url) == {head}
    model = window.plan_panel.model
    statuses = [model.status(row) for row in range(model.rowCount())]
    assert statuses[:3] == ["done"] * 3 and statuses[3] == "failed"
    entry = window.audit_log.last_entry()
    assert entry is not None and entry.outcome == "partial" and entry.failed_step == "f00dfa11ed00"

    # No blind retry: the next run says what may be half there, and Cancel stops it.
    warned: list[str] = []

    def read_and_cancel() -> None:
        from PySide6.QtWidgets import QApplication

        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            warned.append(box.text() + " " + box.informativeText())
            box.button(QMessageBox.StandardButton.Cancel).click()
        else:
            QTimer.singleShot(20, read_and_cancel)

    QTimer.singleShot(20, read_and_cancel)
    window.upgrade("heads")
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert not window.busy
    assert "failed half-way" in warned[0] and "half_done" in warned[0]
    assert current_heads(mariadb_url) == {head}


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_the_plan_shows_progress_and_exports_what_alembic_prints(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    first, second, third = revision_chain(root)
    window = open_window(root, sqlite_url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.plan_operation("upgrade", "heads")
    wait_idle(qtbot, window)
    plan = window.plan_panel.plan
    assert isinstance(plan, MigrationPlan)
    assert [s.revision for s in plan.steps] == [first, second, third]
    steps = window.plan_panel.findChild(QTableView, "planSteps")
    assert steps.model().rowCount() == 3
    assert window.bottom_tabs.currentWidget() is window.plan_panel
    run = window.plan_panel.findChild(QPushButton, "planRunButton")
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    model = window.plan_panel.model
    assert [model.status(r) for r in range(3)] == ["done"] * 3
    assert current_heads(sqlite_url) == {third}
    log = window.findChild(object, "logPane").toPlainText()
    assert "SQL  CREATE TABLE author" in log  # the SQL actually sent
    entry = window.audit_log.last_entry()
    assert entry is not None and entry.outcome == "succeeded" and entry.steps == 3
    assert entry.destination == (third,)
    assert window.history_panel.model.rowCount() == 1
