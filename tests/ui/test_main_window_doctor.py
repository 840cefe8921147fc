"""The Doctor tab in the main window on a real database: diagnose on open, preview then repair,
undo, merge the heads, stamp a revision picked on the graph."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy.pool import NullPool

from migrator_gui.core.doctor import FindingKind
from tests.db_fixtures import copy_fixture, current_heads
from tests.runner.conftest import revision_chain
from tests.ui.conftest import answer_next_message_box, plan_then_run, wait_idle, when_modal

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _open_doctor(qtbot: QtBot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.bottom_tabs.setCurrentWidget(window.doctor_panel)
    wait_idle(qtbot, window)


def _button(window, name: str) -> QPushButton:  # type: ignore[no-untyped-def]
    button = window.doctor_panel.findChild(QPushButton, name)
    assert button is not None, name
    return button


def test_unknown_revision_remove_the_row_then_undo(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, db_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    _, second, _ = revision_chain(root)
    window = open_window(root, db_url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade(second)
    wait_idle(qtbot, window)
    engine = sa.create_engine(db_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'deadbeef1234'")
    engine.dispose()
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.refresh_status()
    wait_idle(qtbot, window)

    # the status bar and the graph's unknown row both lead to the Doctor
    from PySide6.QtWidgets import QLabel

    label = window.findChild(QLabel, "dbStatusLabel")
    assert '<a href="doctor">open the Doctor</a>' in label.text()
    menu = window.graph_panel.context_menu(window.revision_model.row_of("deadbeef1234"))
    doctor = next(a for a in menu.actions() if a.objectName() == "openDoctorAction")
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        doctor.trigger()  # shows the tab, which diagnoses
    wait_idle(qtbot, window)
    assert window.bottom_tabs.currentWidget() is window.doctor_panel
    panel = window.doctor_panel
    kinds = [f.kind for f in panel.findings]
    assert kinds[0] is FindingKind.UNKNOWN_REVISION
    run = _button(window, "doctorRunRepairButton")
    assert not run.isEnabled()  # no repair without its preview
    remove = next(i for i, r in enumerate(panel.findings[0].repairs) if r.kind == "replace_rows")
    panel.select_finding(0)
    panel.choose_repair(0, remove)
    assert panel.preview_text() == "DELETE FROM alembic_version"
    assert run.isEnabled()
    answer_next_message_box(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert current_heads(db_url) == set()
    qtbot.waitUntil(lambda: _button(window, "doctorUndoButton").isEnabled(), timeout=30_000)
    wait_idle(qtbot, window)

    answer_next_message_box(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(_button(window, "doctorUndoButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert current_heads(db_url) == {"deadbeef1234"}
    entries = window.audit_log.entries()
    assert [e.operation for e in entries[-2:]] == ["repair", "repair"]
    assert entries[-1].destination == ("deadbeef1234",)


def test_multiple_heads_are_merged_from_the_doctor(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    first, *_ = revision_chain(root)
    (root / "migrations" / "versions" / "bbbb00000001_branch.py").write_text(
        f'"""branch\n\nRevision ID: bbbb00000001\nRevises: {first}\n"""\n'
        f'revision = "bbbb00000001"\ndown_revision = "{first}"\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )
    window = open_window(root, sqlite_url)
    assert len(window.graph.heads) == 2
    _open_doctor(qtbot, window)
    panel = window.doctor_panel
    index = next(i for i, f in enumerate(panel.findings)
                 if f.kind is FindingKind.MULTIPLE_HEADS)
    panel.select_finding(index)
    panel.choose_repair(index, 0)
    run = _button(window, "doctorRunRepairButton")
    assert run.text() == "Create merge revision…"

    def message(dialog) -> bool:  # type: ignore[no-untyped-def]
        if not isinstance(dialog, QInputDialog):
            return False
        dialog.setTextValue("join the branches")
        dialog.accept()
        return True

    when_modal(message)
    with qtbot.waitSignal(window.graph_loaded, timeout=60_000):
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert len(window.graph.heads) == 1
    merged = window.graph.heads[0]
    assert window.selected_revision() == merged
    assert "join the branches" in window.graph[merged].message


def test_no_version_table_is_stamped_at_the_revision_picked_on_the_graph(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    first, *_ = revision_chain(root)
    engine = sa.create_engine(sqlite_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE author (id INTEGER PRIMARY KEY, name VARCHAR(50))")
    engine.dispose()
    window = open_window(root, sqlite_url)
    _open_doctor(qtbot, window)
    panel = window.doctor_panel
    index = next(i for i, f in enumerate(panel.findings)
                 if f.kind is FindingKind.NO_VERSION_TABLE)
    window.select_revision(first)
    panel.select_finding(index)
    panel.choose_repair(index, 0)
    run = _button(window, "doctorRunRepairButton")
    assert plan_then_run(qtbot, window, lambda: qtbot.mouseClick(run, Qt.MouseButton.LeftButton),
                         QMessageBox.StandardButton.Yes)
    assert current_heads(sqlite_url) == {first}


def test_a_repair_on_a_production_profile_needs_the_typed_name(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLineEdit, QWidget

    from migrator_gui.core.profiles import ConnectionProfile, ProfileStore

    root = copy_fixture("default_template", tmp_path)
    database = str(tmp_path / "live.db")
    engine = sa.create_engine(f"sqlite:///{database}", poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('deadbeef1234')")
    engine.dispose()
    profile, _ = ConnectionProfile.from_url("live", f"sqlite:///{database}",
                                            environment="production")
    ProfileStore().save(profile)
    window = open_window(root)
    assert window.select_profile("live")
    wait_idle(qtbot, window)
    _open_doctor(qtbot, window)
    panel = window.doctor_panel
    remove = next(i for i, r in enumerate(panel.findings[0].repairs) if r.statements)
    panel.select_finding(0)
    panel.choose_repair(0, remove)
    run = _button(window, "doctorRunRepairButton")

    def cancel(dialog: QWidget) -> bool:
        if dialog.objectName() != "confirmDatabaseDialog":
            return False
        dialog.reject()
        return True

    when_modal(cancel)
    qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    assert not window.busy
    assert current_heads(f"sqlite:///{database}") == {"deadbeef1234"}

    def type_name(dialog: QWidget) -> bool:
        if dialog.objectName() != "confirmDatabaseDialog":
            return False
        qtbot.keyClicks(dialog.findChild(QLineEdit, "confirmDatabaseNameEdit"),
                        window.profile.database)
        dialog.accept()
        return True

    when_modal(type_name)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert current_heads(f"sqlite:///{database}") == set()


def test_an_unknown_revision_is_stamped_at_the_revision_whose_schema_matches(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    _, second, _ = revision_chain(root)
    window = open_window(root, sqlite_url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.upgrade(second)
    wait_idle(qtbot, window)
    engine = sa.create_engine(sqlite_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'deadbeef1234'")
    engine.dispose()
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.refresh_status()
    wait_idle(qtbot, window)
    _open_doctor(qtbot, window)
    panel = window.doctor_panel
    find = next(i for i, r in enumerate(panel.findings[0].repairs) if r.kind == "find_match")
    panel.select_finding(0)
    panel.choose_repair(0, find)
    run = _button(window, "doctorRunRepairButton")
    assert run.text() == "Compare the schemas"
    with qtbot.waitSignal(window.job_finished, timeout=120_000):
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    drift = panel.findings[-1]
    assert drift.kind is FindingKind.DRIFT
    assert f"Revision {second} matches best" in drift.explanation
    (stamp,) = drift.repairs
    assert stamp.kind == "stamp_at" and stamp.target == second
    panel.select_finding(len(panel.findings) - 1)
    panel.choose_repair(len(panel.findings) - 1, 0)
    assert plan_then_run(qtbot, window, lambda: qtbot.mouseClick(run, Qt.MouseButton.LeftButton),
                         QMessageBox.StandardButton.Yes)
    assert current_heads(sqlite_url) == {second}


def test_start_over_then_stamp_from_the_doctor(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    from tests.runner.test_autogenerate import NEW_MODELS, _project

    root = _project(tmp_path, sqlite_url)
    (root / "models.py").write_text(NEW_MODELS)
    namespace: dict[str, object] = {}
    exec(NEW_MODELS, namespace)
    engine = sa.create_engine(sqlite_url, poolclass=NullPool)
    namespace["metadata"].create_all(engine)  # type: ignore[attr-defined]
    engine.dispose()
    window = open_window(root, sqlite_url)
    with qtbot.waitSignal(window.graph_loaded, timeout=120_000):
        window.start_over("fresh start", confirm=False)
    wait_idle(qtbot, window)
    panel = window.doctor_panel
    (finding,) = panel.findings
    assert finding.kind is FindingKind.START_OVER and "proven" in finding.title
    new_base = window.graph.heads[0]
    assert len(window.graph) == 1 and window.selected_revision() == new_base
    panel.select_finding(0)
    panel.choose_repair(0, 0)
    assert "CREATE TABLE alembic_version" in panel.preview_text()
    answer_next_message_box(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        qtbot.mouseClick(_button(window, "doctorRunRepairButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    assert current_heads(sqlite_url) == {new_base}
