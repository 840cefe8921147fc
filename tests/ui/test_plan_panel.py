"""PlanPanel: the summary of a plan, its steps (a model checked by qtmodeltester), what they
drop, their highlighted SQL, the export through the real QFileDialog, the live progress of a
run and the buttons and shortcuts that ask for a run or a cancel."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from migrator_gui.core.plan import MigrationPlan, PlanStep, with_destructive
from migrator_gui.ui import plan_panel as pp
from migrator_gui.ui.plan_panel import PlanPanel, PlanStepModel, default_export_name, export_header
from tests.ui.conftest import when_modal

# The file dialog on the offscreen platform: it can neither raise itself nor grab the keyboard.
popup_shown = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=timezone.utc)

MERGE, REPORT, INDEX, BASE_REV = "be789e7b80a9", "0a8520ff0dfd", "ac63663f3669", "4d29c11ffdf3"


def _step(index: int, revision: str, down: str, message: str, sql: str, **kw: object) -> PlanStep:
    return PlanStep(
        index=index,
        revision=revision,
        label=f"{revision} -> {down}, {message}",
        description=message,
        is_upgrade=bool(kw.pop("is_upgrade", False)),
        sql=sql,
        **kw,  # type: ignore[arg-type]
    )


def downgrade_plan() -> MigrationPlan:
    """Three downgrade steps on SQLite; the second drops a table."""
    return with_destructive(
        MigrationPlan(
            operation="downgrade",
            target=BASE_REV,
            database="demo.db",
            dialect="sqlite",
            current=(MERGE,),
            steps=(
                _step(
                    0,
                    MERGE,
                    INDEX,
                    "merge reporting into main",
                    f"-- Running downgrade {MERGE} -> {INDEX}, {REPORT}\n\n"
                    f"DELETE FROM alembic_version WHERE alembic_version.version_num = "
                    f"'{MERGE}';\n\n",
                ),
                _step(
                    1,
                    REPORT,
                    BASE_REV,
                    "create sales report table",
                    f"-- Running downgrade {REPORT} -> {BASE_REV}\n\n"
                    "DROP TABLE sales_report;\n\n"
                    f"UPDATE alembic_version SET version_num='{BASE_REV}' "
                    f"WHERE alembic_version.version_num = '{REPORT}';\n\n",
                ),
                _step(
                    2,
                    INDEX,
                    "4394d3943811",
                    "index orders placed_at for reports",
                    f"-- Running downgrade {INDEX} -> 4394d3943811\n\n"
                    "DROP INDEX ix_orders_placed_at;\n\n"
                    "UPDATE alembic_version SET version_num='4394d3943811' "
                    f"WHERE alembic_version.version_num = '{INDEX}';\n\n",
                ),
            ),
            preamble_sql="BEGIN TRANSACTION;\n\n",
            epilogue_sql="COMMIT;\n\n",
        )
    )


def upgrade_plan(**kw: object) -> MigrationPlan:
    """Two upgrade steps from an empty database on PostgreSQL."""
    fields: dict[str, object] = {
        "operation": "upgrade",
        "target": "head",
        "database": "postgresql://app:***@db/shop",
        "dialect": "postgresql",
        "current": (),
        "steps": (
            _step(
                0,
                "0fe23f047a37",
                "<base>",
                "create customer table",
                "-- Running upgrade  -> 0fe23f047a37\n\n"
                "CREATE TABLE customer (\n    id SERIAL NOT NULL, \n    PRIMARY KEY (id)\n);\n\n"
                "INSERT INTO alembic_version (version_num) VALUES ('0fe23f047a37') "
                "RETURNING alembic_version.version_num;\n\n",
                is_upgrade=True,
            ),
            _step(
                1,
                "bb2d28aa9aa2",
                "0fe23f047a37",
                "add phone to customer",
                "-- Running upgrade 0fe23f047a37 -> bb2d28aa9aa2\n\n"
                "ALTER TABLE customer ADD COLUMN phone VARCHAR(32);\n\n"
                "UPDATE alembic_version SET version_num='bb2d28aa9aa2' "
                "WHERE alembic_version.version_num = '0fe23f047a37';\n\n",
                is_upgrade=True,
            ),
        ),
        "preamble_sql": "BEGIN;\n\nCREATE TABLE alembic_version (\n"
        "    version_num VARCHAR(32) NOT NULL, \n"
        "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n",
        "epilogue_sql": "COMMIT;\n\n",
    }
    fields.update(kw)
    return with_destructive(MigrationPlan(**fields))  # type: ignore[arg-type]


def incomplete_plan() -> MigrationPlan:
    """SQLite batch mode cannot render a downgrade offline: the second step has no SQL."""
    plan = downgrade_plan()
    error = "No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode"
    steps = (
        plan.steps[0],
        _step(1, REPORT, BASE_REV, "create sales report table", "", error=error),
        _step(2, INDEX, "4394d3943811", "index orders placed_at for reports", ""),
    )
    return MigrationPlan(
        operation=plan.operation,
        target=plan.target,
        database=plan.database,
        dialect=plan.dialect,
        current=plan.current,
        steps=steps,
        preamble_sql=plan.preamble_sql,
        error=error,
    )


@pytest.fixture
def panel(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PlanPanel:
    monkeypatch.setattr(pp, "_now", lambda: NOW)
    widget = PlanPanel()
    qtbot.addWidget(widget)
    widget.export_directory = tmp_path
    widget.resize(820, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def w(panel: QWidget, cls: type, name: str):  # type: ignore[no-untyped-def]
    found = panel.findChild(cls, name)
    assert found is not None, name
    return found


def plain(label: QLabel) -> str:
    doc = QTextDocument()
    doc.setHtml(label.text())
    return doc.toPlainText()


def cell(panel: PlanPanel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    model = panel.model
    return model.data(model.index(row, column), role)


def statuses(panel: PlanPanel) -> list[str]:
    return [cell(panel, r, PlanStepModel.COLUMN_STATUS) for r in range(panel.model.rowCount())]


def button(panel: PlanPanel, name: str) -> QPushButton:
    return w(panel, QPushButton, name)


def sql_text(panel: PlanPanel) -> str:
    return w(panel, QTextBrowser, "planSql").toPlainText()


def click_row(qtbot: QtBot, panel: PlanPanel, row: int) -> None:
    view = w(panel, QTableView, "planSteps")
    rect = view.visualRect(panel.model.index(row, PlanStepModel.COLUMN_MESSAGE))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- the summary -----------------------------------------------------------------------------


def test_summary_of_an_upgrade_from_base(panel: PlanPanel) -> None:
    summary = w(panel, QLabel, "planSummary")
    assert "plan" in plain(summary).lower()  # nothing yet
    plan = upgrade_plan()
    panel.set_plan(plan)
    assert plain(summary) == "Upgrade postgresql://app:***@db/shop from <base> to head: 2 steps"
    assert "drop" not in summary.text()
    assert button(panel, "planRunButton").text() == "Upgrade"
    assert button(panel, "planRunButton").isEnabled()

    panel.set_plan(upgrade_plan(current=("1975ea83b712",), steps=upgrade_plan().steps[1:]))
    assert plain(summary) == (
        "Upgrade postgresql://app:***@db/shop from 1975ea83b712 to head: 1 step"
    )


def test_summary_of_a_destructive_downgrade_is_red(panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    summary = w(panel, QLabel, "planSummary")
    assert plain(summary) == (
        f"Downgrade demo.db from {MERGE} to {BASE_REV}: 3 steps, 1 drops data"
    )
    assert "#d32f2f" in summary.text()  # the "drops data" part is red
    assert button(panel, "planRunButton").text() == "Downgrade"


def test_summary_of_a_stamp_and_of_nothing_to_do(panel: PlanPanel) -> None:
    summary = w(panel, QLabel, "planSummary")
    stamp = MigrationPlan(
        operation="stamp",
        target="head",
        database="demo.db",
        dialect="sqlite",
        current=(MERGE,),
        preamble_sql=f"UPDATE alembic_version SET version_num='x' WHERE version_num='{MERGE}';\n",
    )
    panel.set_plan(stamp)
    assert plain(summary) == (
        f"Stamp demo.db from {MERGE} to head: the version table only, no migration runs"
    )
    run = button(panel, "planRunButton")
    assert run.text() == "Stamp" and run.isEnabled()

    panel.set_plan(upgrade_plan(steps=(), current=("bb2d28aa9aa2",)))
    assert "nothing to do" in plain(summary)
    assert not run.isEnabled() and "already at the target" in run.toolTip()


def test_summary_says_why_the_sql_is_incomplete(panel: PlanPanel) -> None:
    plan = incomplete_plan()
    panel.set_plan(plan)
    text = plain(w(panel, QLabel, "planSummary"))
    assert "The SQL could not be rendered in full: No support for ALTER of constraints" in text
    export = button(panel, "planExportButton")
    assert not export.isEnabled()
    assert "could not be rendered in full" in export.toolTip()
    assert button(panel, "planRunButton").isEnabled()  # online it may still run
    # the failing step shows its error, in red, instead of SQL; the next says why it has none
    panel.select_step(1)
    browser = w(panel, QTextBrowser, "planSql")
    assert plan.error in browser.toPlainText()
    assert "#d32f2f" in browser.toHtml()
    panel.select_step(2)
    assert "alembic stopped at an earlier step" in browser.toPlainText()


def test_loading_and_error_disable_everything(panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    panel.set_loading("Computing the plan for demo.db…")
    summary = w(panel, QLabel, "planSummary")
    assert plain(summary) == "Computing the plan for demo.db…"
    assert panel.model.rowCount() == 0
    assert not button(panel, "planRunButton").isEnabled()
    assert not button(panel, "planExportButton").isEnabled()
    panel.set_loading("")
    assert plain(summary) == "Computing the plan…"

    panel.set_error("Can't locate revision identified by 'deadbeef'")
    assert "Can't locate revision identified by 'deadbeef'" in plain(summary)
    assert "#d32f2f" in summary.text()
    assert not button(panel, "planRunButton").isEnabled()
    assert not button(panel, "planExportButton").isEnabled()
    assert button(panel, "planRunButton").toolTip() == "There is no plan to run."


def test_run_enabled_reason_goes_into_the_tooltip(panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    run = button(panel, "planRunButton")
    assert "Ctrl+Return" in run.toolTip()
    panel.set_run_enabled(False, "Another job runs on this database.")
    assert not run.isEnabled()
    assert run.toolTip() == "Another job runs on this database."
    panel.set_run_enabled(True)
    assert run.isEnabled()
    for name in ("planRunButton", "planExportButton", "planCancelButton"):
        assert button(panel, name).toolTip(), name


# -- the steps -------------------------------------------------------------------------------


def test_model_rows(panel: PlanPanel, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    panel.set_plan(downgrade_plan())
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.columnCount() == 5
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "#",
        "Revision",
        "Message",
        "Drops",
        "Status",
    ]
    rows = [[cell(panel, r, c) for c in range(5)] for r in range(3)]
    assert rows == [
        ["1", MERGE, "merge reporting into main", "", "pending"],
        ["2", REPORT, "create sales report table", "drop table sales_report", "pending"],
        ["3", INDEX, "index orders placed_at for reports", "", "pending"],
    ]
    long_id = "a" * 32
    panel.set_plan(upgrade_plan(steps=(_step(0, long_id, "x", "long id", "SELECT 1;\n"),)))
    assert cell(panel, 0, PlanStepModel.COLUMN_REVISION) == "a" * 12
    assert long_id in cell(panel, 0, PlanStepModel.COLUMN_REVISION, Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(panel.model)
    panel.set_plan(None)
    qtmodeltester.check(panel.model)


def test_drops_column_is_red_with_a_warning(panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    drops = PlanStepModel.COLUMN_DROPS
    assert cell(panel, 1, drops, Qt.ItemDataRole.ForegroundRole) == QColor("#d32f2f")
    icon = cell(panel, 1, drops, Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    assert cell(panel, 1, drops, Qt.ItemDataRole.ToolTipRole) == (
        "Data is lost: drop table sales_report"
    )
    # the other steps drop nothing: no colour, no icon, no tooltip
    assert cell(panel, 2, drops, Qt.ItemDataRole.ForegroundRole) is None
    assert cell(panel, 2, drops, Qt.ItemDataRole.DecorationRole) is None
    assert cell(panel, 2, drops, Qt.ItemDataRole.ToolTipRole) is None


def test_selection_shows_the_step_sql(qtbot: QtBot, panel: PlanPanel) -> None:
    plan = downgrade_plan()
    panel.set_plan(plan)
    text = sql_text(panel)
    assert "The whole script" in text
    assert "BEGIN TRANSACTION;" in text and "DROP INDEX ix_orders_placed_at;" in text
    assert "COMMIT;" in text

    click_row(qtbot, panel, 1)
    text = sql_text(panel)
    assert "DROP TABLE sales_report;" in text
    assert "Data is lost: drop table sales_report" in text
    assert "DROP INDEX" not in text and "BEGIN TRANSACTION" not in text
    html = w(panel, QTextBrowser, "planSql").toHtml()
    assert "#008000" in html  # Pygments' keyword colour: highlighted

    click_row(qtbot, panel, 2)
    assert "DROP INDEX ix_orders_placed_at;" in sql_text(panel)
    assert "DROP TABLE" not in sql_text(panel)

    # "Show the whole script" clears the selection
    w(panel, QTextBrowser, "planSql").anchorClicked.emit(QUrl("plan:script"))
    assert not w(panel, QTableView, "planSteps").selectionModel().hasSelection()
    assert "BEGIN TRANSACTION;" in sql_text(panel)


# -- export ----------------------------------------------------------------------------------


def save_in_file_dialog(qtbot: QtBot, file_name: str | None, seen: list[str]) -> None:
    """In the next planExportDialog: note its title and proposed name in ``seen``, then type
    ``file_name`` and accept (None: Cancel), retrying until the dialog takes it."""
    attempts = [0]

    def act(dialog: QWidget) -> bool:
        if not isinstance(dialog, QFileDialog) or dialog.objectName() != "planExportDialog":
            return False
        buttons = w(dialog, QDialogButtonBox, "buttonBox")
        edit = w(dialog, QLineEdit, "fileNameEdit")
        if attempts[0] == 0:
            seen.extend([dialog.windowTitle(), edit.text(), ";;".join(dialog.nameFilters())])
            seen.append(str(dialog.testOption(QFileDialog.Option.DontUseNativeDialog)))
        if file_name is None:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return True
        if edit.text() != file_name:
            edit.clear()
            qtbot.keyClicks(edit, file_name)
        accept = next(
            b
            for b in buttons.buttons()
            if buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole
        )
        attempts[0] += 1
        if accept.isEnabled():
            accept.click()
            if not dialog.isVisible():
                return True
        # The dialog reads the folder in the background and judges the name when it changes:
        # type it again now and then; give up rather than hang.
        if attempts[0] % 10 == 0:
            edit.clear()
        if attempts[0] > 250:
            seen.append("gave up")
            buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            return True
        return False

    when_modal(act)


@popup_shown
def test_export_through_the_file_dialog(qtbot: QtBot, panel: PlanPanel, tmp_path: Path) -> None:
    plan = downgrade_plan()
    panel.set_plan(plan)
    export = button(panel, "planExportButton")
    assert export.isEnabled()
    target = tmp_path / "out" / "dry-run.sql"
    target.parent.mkdir()
    seen: list[str] = []
    save_in_file_dialog(qtbot, str(target), seen)
    with qtbot.waitSignal(panel.export_finished, timeout=20_000) as finished:
        qtbot.mouseClick(export, Qt.MouseButton.LeftButton)
    assert finished.args == [str(target)]
    assert seen[:4] == [
        "Export the plan as SQL",
        f"downgrade_demo_{MERGE}_{BASE_REV}.sql",
        "SQL files (*.sql)",
        "True",
    ]
    content = target.read_bytes().decode("utf-8")
    assert content == export_header(plan, NOW) + plan.full_sql()
    assert content.startswith(
        "-- Migrator dry run: downgrade (offline SQL, nothing was run)\n"
        "-- Database: demo.db\n"
        "-- Dialect: sqlite\n"
        f"-- From: {MERGE}\n"
        f"-- To: {BASE_REV}\n"
        "-- Date: 2026-11-21T09:30:00+00:00\n\n"
        "BEGIN TRANSACTION;\n"
    )
    assert [p.name for p in target.parent.iterdir()] == ["dry-run.sql"]  # no temp file left
    assert "Exported to" in w(panel, QLabel, "planResult").text()
    assert panel.export_directory == target.parent


@popup_shown
def test_export_adds_the_suffix_and_cancel_writes_nothing(
    qtbot: QtBot, panel: PlanPanel, tmp_path: Path
) -> None:
    panel.set_plan(upgrade_plan())
    seen: list[str] = []
    save_in_file_dialog(qtbot, None, seen)
    qtbot.mouseClick(button(panel, "planExportButton"), Qt.MouseButton.LeftButton)
    assert seen[1] == "upgrade_shop_base_head.sql"
    assert list(tmp_path.glob("*.sql")) == []

    # Ctrl+S opens it too; a name without extension gets .sql
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    w(panel, QTableView, "planSteps").setFocus()
    save_in_file_dialog(qtbot, str(tmp_path / "plan"), seen)
    with qtbot.waitSignal(panel.export_finished, timeout=20_000) as finished:
        qtbot.keyClick(
            w(panel, QTableView, "planSteps"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
    assert finished.args == [str(tmp_path / "plan.sql")]
    assert (tmp_path / "plan.sql").read_text(encoding="utf-8").endswith(upgrade_plan().full_sql())


def test_export_disabled_for_an_incomplete_plan(panel: PlanPanel, tmp_path: Path) -> None:
    panel.set_plan(incomplete_plan())
    export = button(panel, "planExportButton")
    assert not export.isEnabled()
    assert export.toolTip().startswith("The SQL could not be rendered in full")
    export.click()  # disabled: nothing opens, nothing is written
    assert list(tmp_path.iterdir()) == []


def test_default_export_name() -> None:
    assert default_export_name(downgrade_plan()) == f"downgrade_demo_{MERGE}_{BASE_REV}.sql"
    plan = upgrade_plan(
        database="sqlite:////home/me/My Shop/app.sqlite3",
        current=("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb"),
        target="reports@head",
    )
    assert default_export_name(plan) == "upgrade_app_aaaaaaaaaaaa+bbbbbbbbbbbb_reports-head.sql"


def test_write_atomically_replaces_and_keeps_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "plan.sql"
    target.write_text("old")
    pp.write_atomically(target, "SELECT 'é';\r\n")
    assert target.read_bytes() == "SELECT 'é';\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["plan.sql"]


# -- the run ---------------------------------------------------------------------------------


def test_progress_marks_running_done_failed(qtbot: QtBot, panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    run, cancel = button(panel, "planRunButton"), button(panel, "planCancelButton")
    export = button(panel, "planExportButton")
    assert not cancel.isEnabled()
    panel.run_started()
    assert panel.is_running
    assert not run.isEnabled() and not export.isEnabled() and cancel.isEnabled()
    assert statuses(panel) == ["pending"] * 3

    panel.step_started(0)
    assert statuses(panel)[0] == "running 0.0 s"
    # the elapsed counter moves on its own (a 200 ms timer)
    qtbot.waitUntil(lambda: statuses(panel)[0] not in ("running 0.0 s", "running 0.1 s"))
    assert statuses(panel)[0].startswith("running ") and statuses(panel)[0].endswith(" s")
    panel.step_finished(0, 0.41)
    panel.step_started(1)
    assert statuses(panel)[:2] == ["done 410 ms", "running 0.0 s"]

    panel.run_finished("failed", "Step 2 failed: database is locked")
    assert statuses(panel) == ["done 410 ms", "failed", "not run"]
    result = w(panel, QLabel, "planResult")
    assert result.text() == "Step 2 failed: database is locked"
    assert "#d32f2f" in result.styleSheet()
    assert not panel.is_running
    assert run.isEnabled() and export.isEnabled() and not cancel.isEnabled()
    status = PlanStepModel.COLUMN_STATUS
    assert cell(panel, 1, status, Qt.ItemDataRole.ForegroundRole) == QColor("#d32f2f")
    assert cell(panel, 0, status, Qt.ItemDataRole.ForegroundRole) == QColor("#2e7d32")

    # a new run starts from pending, and its success marks every step done
    panel.run_started()
    assert statuses(panel) == ["pending"] * 3
    assert result.text() == "Running…"
    for i, t in enumerate((0.5, 12.25, 0.01)):
        panel.step_started(i)
        panel.step_finished(i, t)
    panel.run_finished("succeeded", "")
    assert statuses(panel) == ["done 500 ms", "done 12.2 s", "done 10 ms"]
    assert result.text() == "The run succeeded." and "#2e7d32" in result.styleSheet()


def test_a_step_whose_end_was_missed_is_done_when_the_next_starts(panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    panel.run_started()
    panel.step_started(0)
    panel.step_started(1)
    first, second, third = statuses(panel)
    assert first.startswith("done ") and second == "running 0.0 s" and third == "pending"
    panel.run_finished("partial", "Step 2 failed; MySQL DDL is not transactional.")
    assert statuses(panel)[1:] == ["failed", "not run"]
    assert "#ef6c00" in w(panel, QLabel, "planResult").styleSheet()


def test_cancelled_run(panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    panel.run_started()
    panel.step_started(0)
    panel.run_finished("cancelled", "Cancelled: the database rolled the step back.")
    assert statuses(panel) == ["cancelled", "not run", "not run"]
    assert "#ef6c00" in w(panel, QLabel, "planResult").styleSheet()
    # a result stays for the same database, goes for another one
    panel.set_plan(downgrade_plan())
    assert w(panel, QLabel, "planResult").text().startswith("Cancelled")
    panel.set_plan(upgrade_plan())
    assert w(panel, QLabel, "planResult").text() == ""


def test_buttons_emit_run_and_cancel(qtbot: QtBot, panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    with qtbot.waitSignal(panel.run_requested, timeout=1000):
        qtbot.mouseClick(button(panel, "planRunButton"), Qt.MouseButton.LeftButton)
    with qtbot.assertNotEmitted(panel.cancel_requested):
        qtbot.mouseClick(button(panel, "planCancelButton"), Qt.MouseButton.LeftButton)
    panel.run_started()
    with qtbot.assertNotEmitted(panel.run_requested):
        qtbot.mouseClick(button(panel, "planRunButton"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.cancel_requested, timeout=1000):
        qtbot.mouseClick(button(panel, "planCancelButton"), Qt.MouseButton.LeftButton)


def test_shortcuts_run_and_cancel(qtbot: QtBot, panel: PlanPanel) -> None:
    panel.set_plan(downgrade_plan())
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    table = w(panel, QTableView, "planSteps")
    table.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    with qtbot.assertNotEmitted(panel.cancel_requested):
        qtbot.keyClick(table, Qt.Key.Key_Escape)  # nothing runs: Esc does nothing
    with qtbot.waitSignal(panel.run_requested, timeout=1000):
        qtbot.keyClick(table, Qt.Key.Key_Return, ctrl)
    panel.run_started()
    with qtbot.assertNotEmitted(panel.run_requested):
        qtbot.keyClick(table, Qt.Key.Key_Return, ctrl)
    with qtbot.waitSignal(panel.cancel_requested, timeout=1000):
        qtbot.keyClick(table, Qt.Key.Key_Escape)
