"""Autogenerate from the main window, on a real database: compare, treat a drop + add as a
rename, leave one operation out, write the revision, see it selected in the graph, upgrade, and
compare again to an empty diff; the not-up-to-date precondition; an env.py that fails."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from tests.db_fixtures import current_heads
from tests.runner.test_autogenerate import NEW_MODELS, _create_old_schema, _project
from tests.ui.conftest import plan_then_run, wait_idle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _find(window, cls, name):  # type: ignore[no-untyped-def]
    widget = window.diff_pane.findChild(cls, name)
    assert widget is not None, name
    return widget


def _compare(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(window.findChild(object, "autogenerateButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)


def test_compare_rename_uncheck_write_upgrade_and_compare_again(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace("compare_type=True,",
                                           "compare_type=True, render_as_batch=True,"))
    _create_old_schema(sqlite_url)
    (root / "models.py").write_text(NEW_MODELS.replace(
        '    sa.Column("rank", sa.Integer, nullable=False),    # NOT NULL without default\n', ""))
    window = open_window(root, sqlite_url)
    _compare(qtbot, window)
    assert window.bottom_tabs.currentWidget() is window.diff_pane
    summary = _find(window, QLabel, "diffSummary").text()
    assert "change" in summary and "warning" in summary

    rename = _find(window, QPushButton, "treatAsRenameButton")
    qtbot.mouseClick(rename, Qt.MouseButton.LeftButton)
    assert window.diff_pane.accepted_renames() == (("author", "nickname", "pen_name"),)
    keys = window.diff_pane.selected_keys()
    assert "add_column:author.age" in keys
    window.diff_pane.model.set_checked("add_column:author.age", False)
    assert "add_column:author.age" not in window.diff_pane.selected_keys()

    message = _find(window, QLineEdit, "revisionMessageEdit")
    message.setText("author and book")
    with qtbot.waitSignal(window.graph_loaded, timeout=60_000):
        qtbot.mouseClick(_find(window, QPushButton, "writeRevisionButton"),
                         Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    written = list((root / "migrations" / "versions").glob("*author_and_book.py"))
    assert len(written) == 1
    text = written[0].read_text()
    assert "new_column_name='pen_name'" in text and "'age'" not in text
    assert str(written[0]) in _find(window, QLabel, "diffWritten").text()
    new_rev = window.selected_revision()
    assert new_rev is not None and written[0].name.startswith(new_rev)

    assert plan_then_run(qtbot, window, lambda: window.plan_operation("upgrade", "heads"))
    assert current_heads(sqlite_url) == {new_rev}
    _compare(qtbot, window)
    # only the column left out is still different
    assert [op.key for op in window.diff_pane.result.ops] == ["add_column:author.age"]


def test_a_database_behind_the_heads_offers_upgrade_first(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    (root / "migrations" / "versions" / "aaaa00000001_first.py").write_text(textwrap.dedent('''\
        """first

        Revision ID: aaaa00000001
        Revises:
        """
        revision = "aaaa00000001"
        down_revision = None
        branch_labels = None
        depends_on = None


        def upgrade():
            pass


        def downgrade():
            pass
        '''))
    _create_old_schema(sqlite_url)
    window = open_window(root, sqlite_url)
    window.compare_models()
    notice = _find(window, QLabel, "diffNotice")
    assert "Target database is not up to date: 1 revision(s) pending." in notice.text()
    with qtbot.waitSignal(window.diff_pane.upgrade_first_requested, timeout=5_000):
        qtbot.mouseClick(_find(window, QPushButton, "upgradeFirstButton"),
                         Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.diff_pane.result is not None, timeout=60_000)
    wait_idle(qtbot, window)
    assert current_heads(sqlite_url) == {"aaaa00000001"}
    assert window.diff_pane.result.empty
    assert _find(window, QLabel, "diffSummary").text() == (
        "No changes: the models match the database.")


def test_an_env_py_that_fails_shows_where_with_details(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    (root / "models.py").write_text("import sqlalchemy as sa\n\nraise RuntimeError('boom')\n")
    window = open_window(root, sqlite_url)
    _compare(qtbot, window)
    notice = _find(window, QLabel, "diffNotice").text()
    assert "boom" in notice
    details = _find(window, QPlainTextEdit, "diffErrorDetails").toPlainText()
    assert "models.py" in details and "RuntimeError" in details


def test_missing_target_metadata_is_set_in_env_py_after_showing_the_change(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.conftest import when_modal

    root = _project(tmp_path, sqlite_url)
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace(
        "import models\ntarget_metadata = models.metadata", "target_metadata = None"))
    _create_old_schema(sqlite_url)
    window = open_window(root, sqlite_url)
    seen: list[str] = []

    def confirm(dialog) -> bool:  # type: ignore[no-untyped-def]
        if not isinstance(dialog, QMessageBox) or dialog.objectName() != "envEditDialog":
            return False
        seen.append(dialog.detailedText())
        dialog.button(QMessageBox.StandardButton.Yes).click()
        return True

    when_modal(confirm)
    assert window.set_target_metadata("models:metadata")
    assert "+from models import metadata" in seen[0]
    assert "target_metadata = metadata" in env.read_text()
    _compare(qtbot, window)
    assert window.diff_pane.result is not None and window.diff_pane.result.empty


def test_new_migration_environment_opens_the_new_project(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window()
    folder = tmp_path / "shop"
    folder.mkdir()
    with qtbot.waitSignal(window.graph_loaded, timeout=60_000):
        window.new_environment(folder, "generic")
    wait_idle(qtbot, window)
    assert window.project is not None and window.project.root == folder
    assert (folder / "alembic.ini").is_file()
    assert len(window.graph) == 0
