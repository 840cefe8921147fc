"""The graph in the main window: right-click operations on real databases, the marks after each,
and the live refresh when versions/ changes."""

from __future__ import annotations

import textwrap
from pathlib import Path

import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from migrator_gui.core.demo import demo_dir, prepare_demo
from migrator_gui.core.status import StatusKind
from migrator_gui.ui.main_window import MainWindow
from tests.db_fixtures import current_heads, has_table
from tests.ui.conftest import plan_then_run, wait_idle

HEAD = "31b7e5d1b306"
BEFORE_HEAD = "b5b126bc3bf9"
MIDDLE = "2ae172e7a3b8"
BASE = "0fe23f047a37"


def _menu_action(window: MainWindow, rev: str, name: str) -> None:
    panel = window.graph_panel
    row = panel.model.row_of(rev)
    assert row is not None, rev
    menu = panel.context_menu(row)
    action = next(a for a in menu.actions() if a.objectName() == name)
    assert action.isEnabled(), (name, action.toolTip())
    action.trigger()


def test_upgrade_downgrade_and_stamp_from_the_graph(  # type: ignore[no-untyped-def]
        open_window, qtbot: QtBot, db_url: str) -> None:
    window = open_window(None, db_url)
    model = window.revision_model

    assert plan_then_run(qtbot, window, lambda: _menu_action(window, MIDDLE, "upgradeToHereAction"))
    assert current_heads(db_url) == {MIDDLE}
    assert model.state_of(MIDDLE) == "applied" and model.is_current(MIDDLE)
    assert model.state_of(HEAD) == "pending"
    assert has_table(db_url, "report_recipient")

    assert plan_then_run(qtbot, window, lambda: _menu_action(window, BASE, "downgradeToHereAction"),
                         QMessageBox.StandardButton.Yes)
    assert current_heads(db_url) == {BASE}
    assert not has_table(db_url, "report_recipient")
    assert model.is_current(BASE) and model.state_of(MIDDLE) == "pending"

    assert plan_then_run(qtbot, window, lambda: _menu_action(window, HEAD, "stampHereAction"),
                         QMessageBox.StandardButton.Yes)
    assert current_heads(db_url) == {HEAD}
    assert not has_table(db_url, "discount_code")  # a stamp runs no migration
    assert window.db_status.kind is StatusKind.AT_HEADS


def test_cancelled_confirmation_changes_nothing(  # type: ignore[no-untyped-def]
        open_window, qtbot: QtBot, sqlite_url: str) -> None:
    window = open_window(None, sqlite_url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade(MIDDLE)
    wait_idle(qtbot, window)
    assert not plan_then_run(qtbot, window,
                             lambda: _menu_action(window, BASE, "downgradeToHereAction"),
                             QMessageBox.StandardButton.Cancel)
    assert not plan_then_run(qtbot, window, lambda: _menu_action(window, HEAD, "stampHereAction"),
                             QMessageBox.StandardButton.Cancel)
    assert not window.busy
    assert current_heads(sqlite_url) == {MIDDLE}


def test_stamping_over_an_unknown_revision_replaces_it(  # type: ignore[no-untyped-def]
        open_window, qtbot: QtBot, sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(sa.text("INSERT INTO alembic_version VALUES ('deadbeef1234')"))
    engine.dispose()
    window = open_window(None, sqlite_url)
    assert window.revision_model.row(0).revision == "deadbeef1234"  # type: ignore[union-attr]
    assert plan_then_run(qtbot, window, lambda: _menu_action(window, BASE, "stampHereAction"),
                         QMessageBox.StandardButton.Yes)
    assert current_heads(sqlite_url) == {BASE}
    assert window.revision_model.row(0).revision == HEAD  # type: ignore[union-attr]


def _write_revision(versions: Path, rev: str, down: str, message: str) -> Path:
    path = versions / f"{rev}_{message.replace(' ', '_')}.py"
    path.write_text(textwrap.dedent(f'''\
        """{message}

        Revision ID: {rev}
        Revises: {down}
        Create Date: 2026-03-01 10:00:00.000000

        """
        from alembic import op
        import sqlalchemy as sa

        revision = "{rev}"
        down_revision = "{down}"
        branch_labels = None
        depends_on = None


        def upgrade() -> None:
            op.add_column("customer", sa.Column("nickname", sa.String(40)))


        def downgrade() -> None:
            op.drop_column("customer", "nickname")
        '''), encoding="utf-8")
    return path


def test_new_revision_file_appears_and_the_place_is_kept(  # type: ignore[no-untyped-def]
        open_window, qtbot: QtBot) -> None:
    prepare_demo()
    window = open_window()
    window.resize(900, 420)  # small enough that the list scrolls
    qtbot.waitExposed(window)
    panel = window.graph_panel
    assert window.select_revision(BASE)
    bar = panel.view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    scroll = bar.value()
    versions = demo_dir() / "migrations" / "versions"

    with qtbot.waitSignal(window.graph_loaded, timeout=10_000):
        _write_revision(versions, "f00d00c0ffee", HEAD, "add customer nickname")
    wait_idle(qtbot, window)
    assert window.revision_model.row(0).revision == "f00d00c0ffee"  # type: ignore[union-attr]
    assert window.revision_model.state_of("f00d00c0ffee") == "pending"
    assert window.graph is not None and window.graph.heads == ("f00d00c0ffee",)
    assert window.selected_revision() == BASE
    assert bar.value() == scroll

    # An edit in place (the message changed) is seen too, and a removed file goes away.
    path = next(versions.glob("f00d00c0ffee_*.py"))
    with qtbot.waitSignal(window.graph_loaded, timeout=10_000):
        path.write_text(path.read_text(encoding="utf-8").replace(
            '"""add customer nickname', '"""add customer nickname column'), encoding="utf-8")
    wait_idle(qtbot, window)
    assert window.graph["f00d00c0ffee"].message == "add customer nickname column"
    with qtbot.waitSignal(window.graph_loaded, timeout=10_000):
        path.unlink()
    wait_idle(qtbot, window)
    assert "f00d00c0ffee" not in window.graph
    assert window.selected_revision() == BASE


def test_changes_during_a_migration_are_read_after_it(  # type: ignore[no-untyped-def]
        open_window, qtbot: QtBot, sqlite_url: str) -> None:
    prepare_demo()
    window = open_window(None, sqlite_url)
    versions = demo_dir() / "migrations" / "versions"
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade(BASE)
        _write_revision(versions, "cafe00c0ffee", HEAD, "add nickname")
        assert window.busy
    with qtbot.waitSignal(window.graph_loaded, timeout=10_000):
        pass
    wait_idle(qtbot, window)
    assert "cafe00c0ffee" in window.graph
    assert window.revision_model.is_current(BASE)


def test_show_sql_from_the_graph_shows_that_revisions_upgrade_sql(  # type: ignore[no-untyped-def]
        open_window, qtbot: QtBot, sqlite_url: str) -> None:
    from PySide6.QtWidgets import QTabWidget, QTextEdit

    window = open_window(None, sqlite_url)
    _menu_action(window, MIDDLE, "showSqlAction")
    assert window.selected_revision() == MIDDLE
    tabs = window.findChild(QTabWidget, "revisionDetailsTabs")
    view = window.findChild(QTextEdit, "upgradeSqlView")
    assert tabs.currentWidget().isAncestorOf(view) or tabs.currentWidget() is view
    qtbot.waitUntil(lambda: "CREATE TABLE report_recipient" in view.toPlainText(),
                    timeout=30_000)
    assert "UPDATE alembic_version SET version_num='2ae172e7a3b8'" in view.toPlainText()
    assert current_heads(sqlite_url) == set()  # offline: the database was not touched
