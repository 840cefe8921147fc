"""DoctorPanel: the findings of a real diagnosis (core.doctor.diagnose on a small graph) as a list
checked by qtmodeltester, their details, the preview every repair needs before it can be
requested, the operation repairs, undo, and the busy state."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListView,
    QPushButton,
    QStyle,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from migrator_gui.core.doctor import DatabaseFacts, Finding, FindingKind, Repair, diagnose
from migrator_gui.ui.doctor_panel import DoctorPanel, FindingListModel

A, B, C = "a1f0c2d3e4b5", "b2e1d0c9f8a7", "c3d2e1f0a9b8"
X = "x9d8c7b6a5f4"  # a second head, branching off A
LONG = "d19fb7_add_customer_loyalty_points_table"  # 40 characters: too long for VARCHAR(32)


class FakeGraph:
    """a -> b -> c, and a -> x: two heads (c, x)."""

    def __init__(self, parents: dict[str, tuple[str, ...]]) -> None:
        self._parents = parents

    @property
    def heads(self) -> tuple[str, ...]:
        children = {p for ps in self._parents.values() for p in ps}
        return tuple(r for r in self.topological_order() if r not in children)

    def __contains__(self, rev: object) -> bool:
        return rev in self._parents

    def ancestors(self, revs: Iterable[str]) -> frozenset[str]:
        seen: set[str] = set()
        todo = [r for r in revs if r in self._parents]
        while todo:
            rev = todo.pop()
            if rev not in seen:
                seen.add(rev)
                todo.extend(self._parents[rev])
        return frozenset(seen)

    def topological_order(self) -> tuple[str, ...]:
        """Newest first."""
        order: list[str] = []
        done: set[str] = set()

        def visit(rev: str) -> None:
            if rev in done:
                return
            done.add(rev)
            for parent in self._parents[rev]:
                visit(parent)
            order.append(rev)

        for rev in self._parents:
            visit(rev)
        return tuple(reversed(order))


def two_heads() -> FakeGraph:
    return FakeGraph({A: (), B: (A,), C: (B,), X: (A,)})


def linear(*extra: str) -> FakeGraph:
    parents: dict[str, tuple[str, ...]] = {A: (), B: (A,), C: (B,)}
    previous = C
    for rev in extra:
        parents[rev] = (previous,)
        previous = rev
    return FakeGraph(parents)


def unknown_row_findings() -> list[Finding]:
    """multiple heads (warning) + an unknown row (error)."""
    return diagnose(two_heads(), DatabaseFacts("sqlite", True, rows=(B, "deadbeef0000")))


def redundant_findings() -> list[Finding]:
    """redundant rows (warning) + pending revisions (info) + a too-short column (error)."""
    facts = DatabaseFacts("postgresql", True, rows=(A, B), version_column_length=32)
    return diagnose(linear(LONG), facts)


@pytest.fixture
def panel(qtbot: QtBot) -> DoctorPanel:
    widget = DoctorPanel()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
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


def button(panel: DoctorPanel, name: str) -> QPushButton:
    return w(panel, QPushButton, name)


def details(panel: DoctorPanel) -> str:
    return w(panel, QTextBrowser, "doctorFindingDetails").toPlainText()


def preview(panel: DoctorPanel) -> str:
    return w(panel, QTextBrowser, "doctorPreview").toPlainText()


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, panel: DoctorPanel, row: int) -> None:
    view = w(panel, QListView, "doctorFindings")
    rect = view.visualRect(panel.model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def row_of(panel: DoctorPanel, kind: FindingKind) -> int:
    return next(i for i, f in enumerate(panel.findings) if f.kind == kind)


# -- the list --------------------------------------------------------------------------------


def test_model_passes_qtmodeltester(qtmodeltester, qapp: QApplication) -> None:  # type: ignore[no-untyped-def]
    model = FindingListModel()
    model.set_findings(redundant_findings())
    qtmodeltester.check(model)
    model.set_findings([])
    qtmodeltester.check(model)


def test_one_row_per_finding_with_its_severity_icon(panel: DoctorPanel) -> None:
    findings = redundant_findings()
    assert [f.severity for f in findings] == ["warning", "info", "error"]
    panel.set_findings(findings, "postgresql://app:***@db/shop", "postgresql")
    model = panel.model
    assert model.rowCount() == 3
    style = QApplication.style()
    expected = {
        "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
        "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
        "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    }
    for row, finding in enumerate(findings):
        index = model.index(row, 0)
        assert model.data(index) == finding.title
        assert model.data(index, Qt.ItemDataRole.FontRole).bold()
        icon = model.data(index, Qt.ItemDataRole.DecorationRole)
        want = style.standardIcon(expected[finding.severity])
        assert icon.pixmap(16).toImage() == want.pixmap(16).toImage()
        assert model.data(index, FindingListModel.FindingRole) is finding
        assert model.data(index, Qt.ItemDataRole.AccessibleTextRole).startswith(
            {"error": "Error", "warning": "Warning", "info": "Information"}[finding.severity]
        )
    # Icons of different severities differ.
    icons = [model.data(model.index(r, 0), Qt.ItemDataRole.DecorationRole) for r in range(3)]
    assert icons[0].pixmap(16).toImage() != icons[2].pixmap(16).toImage()


def test_summary_counts_the_problems_and_names_the_database(panel: DoctorPanel) -> None:
    summary = w(panel, QLabel, "doctorSummary")
    panel.set_findings(unknown_row_findings(), "demo.db", "sqlite")
    assert plain(summary) == "2 problems found on demo.db"
    assert "#d32f2f" in summary.text()  # an error among them: red

    one = diagnose(two_heads(), DatabaseFacts("sqlite", True, rows=(C, X)))
    assert [f.kind for f in one] == [FindingKind.MULTIPLE_HEADS]
    panel.set_findings(one, "demo.db", "sqlite")
    assert plain(summary) == "1 problem found on demo.db"

    healthy = diagnose(linear(), DatabaseFacts("sqlite", True, rows=(C,)))
    assert healthy == []
    panel.set_findings(healthy, "demo.db", "sqlite")
    assert plain(summary) == "No problems found: demo.db is healthy."
    assert panel.model.rowCount() == 0
    assert "Nothing to repair" in details(panel)


def test_loading_and_error(panel: DoctorPanel) -> None:
    summary = w(panel, QLabel, "doctorSummary")
    panel.set_findings(unknown_row_findings(), "demo.db", "sqlite")
    panel.set_loading()
    assert plain(summary) == "Checking…"
    assert panel.model.rowCount() == 0 and panel.findings == ()
    assert not button(panel, "doctorRunButton").isEnabled()
    assert not button(panel, "doctorRunRepairButton").isEnabled()

    panel.set_loading("Reading alembic_version…")
    assert plain(summary) == "Reading alembic_version…"

    panel.set_error("could not connect to server: Connection refused")
    assert plain(summary) == "could not connect to server: Connection refused"
    assert "#d32f2f" in summary.text()
    assert button(panel, "doctorRunButton").isEnabled()  # try again


def test_no_table_with_other_tables(panel: DoctorPanel) -> None:
    facts = DatabaseFacts("postgresql", False, other_tables=("customer", "orders"))
    panel.set_findings(diagnose(linear(), facts), "shop", "postgresql")
    assert [f.kind for f in panel.findings] == [FindingKind.NO_VERSION_TABLE]
    text = details(panel)
    assert "create_all" in text
    assert "table customer" in text and "table orders" in text
    stamp = button(panel, "doctorRepairButton0")
    assert stamp.text() == "Stamp (baseline) at a revision…"


# -- the details -----------------------------------------------------------------------------


def test_selecting_a_finding_shows_explanation_and_evidence(
    qtbot: QtBot, panel: DoctorPanel
) -> None:
    findings = unknown_row_findings()
    panel.set_findings(findings, "demo.db", "sqlite")
    unknown = row_of(panel, FindingKind.UNKNOWN_REVISION)
    heads = row_of(panel, FindingKind.MULTIPLE_HEADS)
    assert heads == 0  # the first finding is selected at once
    assert "versions/ has 2 heads" in details(panel)

    click_row(qtbot, panel, unknown)
    text = details(panel)
    finding = findings[unknown]
    assert finding.title in text
    assert "Can't locate revision identified by" in text
    html_text = w(panel, QTextBrowser, "doctorFindingDetails").toHtml()
    assert "<li" in html_text  # evidence as a bullet list
    for line in finding.evidence:
        assert line in text
    assert "row deadbeef0000: no file in versions/ defines it" in text
    # Its repairs are buttons; the other finding's are gone.
    assert button(panel, "doctorRepairButton0").text() == "Stamp a revision you pick…"
    assert button(panel, "doctorRepairButton1").text() == (
        "Find the revision whose schema matches…")
    assert button(panel, "doctorRepairButton2").text() == "Remove the row"
    assert panel.findChild(QPushButton, "doctorRepairButton3") is None

    panel.select_finding(heads)
    assert "head " + C in details(panel)
    assert button(panel, "doctorRepairButton0").text() == "Create merge revision…"
    assert panel.findChild(QPushButton, "doctorRepairButton1") is None


# -- the preview gates the repair ------------------------------------------------------------


def test_run_repair_needs_the_preview_of_that_repair(qtbot: QtBot, panel: DoctorPanel) -> None:
    findings = unknown_row_findings()
    panel.set_findings(findings, "demo.db", "sqlite")
    run = button(panel, "doctorRunRepairButton")
    assert not run.isEnabled() and panel.current_repair is None
    assert panel.preview_text() == ""

    unknown = row_of(panel, FindingKind.UNKNOWN_REVISION)
    panel.select_finding(unknown)
    assert not run.isEnabled()  # selecting a finding shows no preview
    with qtbot.assertNotEmitted(panel.repair_requested):
        click(qtbot, run)

    remove = findings[unknown].repairs[2]
    assert remove.kind == "replace_rows"
    click(qtbot, button(panel, "doctorRepairButton2"))
    assert panel.current_repair is remove
    assert run.isEnabled() and run.text() == "Run repair"
    assert panel.preview_text() == ";\n".join(remove.statements)
    assert panel.preview_text() == (
        f"DELETE FROM alembic_version;\nINSERT INTO alembic_version (version_num) VALUES ('{B}')"
    )
    shown = preview(panel)
    for statement in remove.statements:
        assert f"{statement};" in shown  # one per line, ending with ";"
    assert f"The version table will hold: {B}" in shown
    assert remove.description in shown

    with qtbot.waitSignal(panel.repair_requested) as blocker:
        click(qtbot, run)
    assert blocker.args == [remove]

    # Another finding: the preview is gone, and so is the way to run it.
    panel.select_finding(row_of(panel, FindingKind.MULTIPLE_HEADS))
    assert panel.current_repair is None and not run.isEnabled()
    assert panel.preview_text() == ""
    # New findings: likewise.
    panel.choose_repair(unknown, 2)
    assert run.isEnabled()
    panel.set_findings(findings, "demo.db", "sqlite")
    assert panel.current_repair is None and not run.isEnabled()


def test_preview_of_redundant_rows_and_widen_column(qtbot: QtBot, panel: DoctorPanel) -> None:
    findings = redundant_findings()
    panel.set_findings(findings, "postgresql://app:***@db/shop", "postgresql")
    redundant = row_of(panel, FindingKind.REDUNDANT_ROWS)
    keep = findings[redundant].repairs[0]
    panel.choose_repair(redundant, 0)
    assert panel.current_repair is keep
    assert panel.preview_text() == ";\n".join(keep.statements)
    assert f"The version table will hold: {B}" in preview(panel)
    assert button(panel, "doctorRepairButton0").isChecked()

    short = row_of(panel, FindingKind.VERSION_COLUMN_TOO_SHORT)
    widen = findings[short].repairs[0]
    assert "VARCHAR(32)" in findings[short].title
    panel.choose_repair(short, 0)  # selects the finding, then previews
    assert panel.current_repair is widen
    assert f"revision {LONG} has 40 characters" in details(panel)
    assert panel.preview_text() == ";\n".join(widen.statements)
    assert panel.preview_text() == (
        "ALTER TABLE alembic_version ALTER COLUMN version_num TYPE VARCHAR(64)"
    )
    assert "ALTER TABLE alembic_version ALTER COLUMN version_num TYPE VARCHAR(64);" in preview(
        panel
    )
    assert "will hold" not in preview(panel)  # rows_after is None: the rows stay
    # Highlighted: Pygments spans with colours.
    assert "<span style=" in w(panel, QTextBrowser, "doctorPreview").toHtml()

    with qtbot.waitSignal(panel.repair_requested) as blocker:
        click(qtbot, button(panel, "doctorRunRepairButton"))
    assert blocker.args == [widen]


def test_preview_is_read_only(panel: DoctorPanel) -> None:
    assert w(panel, QTextBrowser, "doctorPreview").isReadOnly()


@pytest.mark.parametrize(
    ("kind", "make", "row_kind", "repair_index", "button_text", "says"),
    [
        (
            "upgrade",
            redundant_findings,
            FindingKind.BEHIND,
            0,
            "Open the plan",
            "The upgrade plan opens in the Plan tab",
        ),
        (
            "merge",
            unknown_row_findings,
            FindingKind.MULTIPLE_HEADS,
            0,
            "Create merge revision…",
            f"A merge revision of {X}, {C} is written",  # the heads, newest first
        ),
        (
            "pick_and_stamp",
            unknown_row_findings,
            FindingKind.UNKNOWN_REVISION,
            0,
            "Stamp selected revision",
            "Select a revision on the graph, then press Stamp selected",
        ),
    ],
)
def test_operation_repairs(  # type: ignore[no-untyped-def]
    qtbot: QtBot, panel: DoctorPanel, kind, make, row_kind, repair_index, button_text, says
) -> None:
    findings = make()
    panel.set_findings(findings, "demo.db", "sqlite")
    row = row_of(panel, row_kind)
    repair: Repair = findings[row].repairs[repair_index]
    assert repair.kind == kind and repair.statements == ()
    panel.select_finding(row)
    run = button(panel, "doctorRunRepairButton")
    assert not run.isEnabled()
    click(qtbot, button(panel, f"doctorRepairButton{repair_index}"))
    assert panel.current_repair is repair
    assert says in preview(panel)
    assert panel.preview_text() == ""
    assert run.text() == button_text and run.isEnabled()
    with qtbot.waitSignal(panel.repair_requested) as blocker:
        click(qtbot, run)
    assert blocker.args == [repair]


# -- result, undo, busy ----------------------------------------------------------------------


def test_result_is_green_or_red(panel: DoctorPanel) -> None:
    result = w(panel, QLabel, "doctorResult")
    panel.show_result("Repaired: the version table now holds d19fb7", ok=True)
    assert result.text() == "Repaired: the version table now holds d19fb7"
    assert "#2e7d32" in result.styleSheet()
    # New findings on the same database keep the result; another database clears it.
    panel.set_findings([], "demo.db", "sqlite")
    panel.show_result("The repair failed: database is locked", ok=False)
    assert "#d32f2f" in result.styleSheet()
    panel.set_findings([], "demo.db", "sqlite")
    assert result.text() == "The repair failed: database is locked"
    panel.set_findings([], "other.db", "sqlite")
    assert result.text() == ""


def test_undo(qtbot: QtBot, panel: DoctorPanel) -> None:
    undo = button(panel, "doctorUndoButton")
    assert not undo.isEnabled()
    with qtbot.assertNotEmitted(panel.undo_requested):
        click(qtbot, undo)
    description = f"Put back the rows {A}, {B} (backed up before the repair)"
    panel.set_undo_available(True, description)
    assert undo.isEnabled() and undo.toolTip() == description
    with qtbot.waitSignal(panel.undo_requested):
        click(qtbot, undo)
    panel.set_undo_available(False)
    assert not undo.isEnabled()


def test_busy_disables_checks_repair_and_undo(qtbot: QtBot, panel: DoctorPanel) -> None:
    findings = unknown_row_findings()
    panel.set_findings(findings, "demo.db", "sqlite")
    panel.choose_repair(row_of(panel, FindingKind.UNKNOWN_REVISION), 2)
    panel.set_undo_available(True, "Undo")
    names = ("doctorRunButton", "doctorRunRepairButton", "doctorUndoButton")
    assert all(button(panel, n).isEnabled() for n in names)

    panel.set_busy(True)
    assert not any(button(panel, n).isEnabled() for n in names)
    with qtbot.assertNotEmitted(panel.repair_requested):
        click(qtbot, button(panel, "doctorRunRepairButton"))
    with qtbot.assertNotEmitted(panel.diagnose_requested):
        click(qtbot, button(panel, "doctorRunButton"))
    assert panel.current_repair is not None  # the preview stays

    panel.set_busy(False)
    assert all(button(panel, n).isEnabled() for n in names)


def test_run_checks_button_and_shortcut(qtbot: QtBot, panel: DoctorPanel) -> None:
    run = button(panel, "doctorRunButton")
    assert run.text() == "Run checks" and "Ctrl+Shift+K" in run.toolTip()
    with qtbot.waitSignal(panel.diagnose_requested):
        click(qtbot, run)
    w(panel, QListView, "doctorFindings").setFocus()
    with qtbot.waitSignal(panel.diagnose_requested):
        qtbot.keyClick(
            w(panel, QListView, "doctorFindings"),
            Qt.Key.Key_K,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )


def test_screenshot(panel: DoctorPanel) -> None:
    findings = redundant_findings()
    panel.set_findings(findings, "postgresql://app:***@db/shop", "postgresql")
    panel.choose_repair(row_of(panel, FindingKind.REDUNDANT_ROWS), 0)
    panel.show_result(f"Repaired: the version table now holds {B}", ok=True)
    panel.set_undo_available(True, "Put back the rows before the repair")
    assert panel.grab().save("/tmp/doctor_panel.png")
