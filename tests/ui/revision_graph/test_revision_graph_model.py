"""The graph model on the demo and on generated histories: states, badges, filters, folding,
order and search, checked against alembic's own ScriptDirectory where alembic has an answer."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from pytestqt.modeltest import ModelTester

from migrator_gui.core.demo import DEMO_SOURCE
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import RevisionGraph, load_graph, load_graph_from_locations
from migrator_gui.core.status import classify, unreachable
from migrator_gui.ui.revision_graph import RevisionGraphModel, RevisionState, RowKind
from migrator_gui.ui.revision_graph.revision_graph_model import COLLAPSED_ID
from tests.core.history_factory import write_history

HEAD = "31b7e5d1b306"
BEFORE_HEAD = "b5b126bc3bf9"
MERGE = "be789e7b80a9"
MAIN_TIP = "b7d0d7ffbdac"
REPORTING_TIP = "ac63663f3669"
MIDDLE = "2ae172e7a3b8"
BASE = "0fe23f047a37"


@pytest.fixture(scope="module")
def demo_graph() -> RevisionGraph:
    return load_graph(open_project(DEMO_SOURCE))


@pytest.fixture(scope="module")
def demo_script() -> ScriptDirectory:
    return ScriptDirectory(str(DEMO_SOURCE / "migrations"),
                           version_locations=[str(DEMO_SOURCE / "migrations" / "versions")])


def _model(graph: RevisionGraph, rows: tuple[str, ...] | None) -> RevisionGraphModel:
    model = RevisionGraphModel()
    model.set_graph_and_status(graph, classify(rows, graph))
    return model


def _column(model: RevisionGraphModel, role: int, column: int = 0) -> list[object]:
    return [model.index(r, column).data(role) for r in range(model.rowCount())]


def _alembic_applied(script: ScriptDirectory, rows: tuple[str, ...]) -> set[str]:
    return {s.revision for s in script.revision_map.iterate_revisions(rows, "base")}


def test_model_passes_qt_model_tester(qtmodeltester: ModelTester,
                                      demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, (MIDDLE,))
    qtmodeltester.check(model)
    model.set_collapse_applied(True)
    qtmodeltester.check(model)


@pytest.mark.parametrize("rows", [(MIDDLE,), (REPORTING_TIP,), (MAIN_TIP, REPORTING_TIP), (HEAD,),
                                  ()], ids=["middle", "on-branch", "two-rows", "at-head", "empty"])
def test_marks_match_alembic(demo_graph: RevisionGraph, demo_script: ScriptDirectory,
                             rows: tuple[str, ...]) -> None:
    model = _model(demo_graph, rows)
    applied = _alembic_applied(demo_script, rows) if rows else set()
    assert model.rowCount() == 12
    for r in range(model.rowCount()):
        rev = model.index(r, 0).data(RevisionGraphModel.RevisionRole)
        state = model.index(r, 0).data(RevisionGraphModel.StateRole)
        assert state == (RevisionState.APPLIED if rev in applied else RevisionState.PENDING), rev
        badges = [text for text, _ in model.index(r, 0).data(RevisionGraphModel.BadgesRole)]
        assert ("DB" in badges) == (rev in rows), rev
        assert ("head" in badges) == (rev in demo_script.get_heads()), rev
        assert ("base" in badges) == (rev in demo_script.get_bases()), rev
    # The message column carries the revision's own text, the id column its short id.
    row = model.row_of(MIDDLE)
    assert row is not None
    assert model.index(row, RevisionGraphModel.MESSAGE).data() == "create report_recipient table"
    assert model.index(row, RevisionGraphModel.REVISION).data() == MIDDLE


def test_two_rows_on_two_branches_leave_only_the_merge_and_after_pending(
        demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, (MAIN_TIP, REPORTING_TIP))
    pending = [model.index(r, 0).data(RevisionGraphModel.RevisionRole)
               for r in range(model.rowCount())
               if model.index(r, 0).data(RevisionGraphModel.StateRole) == "pending"]
    assert pending == [HEAD, BEFORE_HEAD, MERGE]
    assert model.is_current(MAIN_TIP) and model.is_current(REPORTING_TIP)


def test_unknown_revision_is_a_red_row_at_the_top(demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, ("deadbeef1234",))
    assert model.rowCount() == 13
    top = model.index(0, 0)
    assert top.data(RevisionGraphModel.KindRole) == RowKind.UNKNOWN
    assert top.data(RevisionGraphModel.RevisionRole) == "deadbeef1234"
    assert [t for t, _ in top.data(RevisionGraphModel.BadgesRole)] == ["DB", "unknown"]
    assert "not in versions/" in model.index(0, RevisionGraphModel.MESSAGE).data()
    assert "Can't locate revision" in top.data(0x0003)  # ToolTipRole
    assert model.layout_row(0) is None  # not part of the lanes
    assert model.layout_row(1) is not None and model.layout_row(1).revision == HEAD
    assert model.state_of(HEAD) == RevisionState.PENDING


def test_unreadable_database_shows_no_state(demo_graph: RevisionGraph) -> None:
    model = RevisionGraphModel()
    model.set_graph_and_status(demo_graph, unreachable("connection refused"))
    assert set(_column(model, RevisionGraphModel.StateRole)) == {RevisionState.NO_DATABASE}
    model.set_pending_only(True)  # nothing known to filter on: everything stays
    assert model.rowCount() == 12


def test_pending_only_keeps_the_pending_revisions_and_their_edges(
        demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, (MIDDLE,))
    status = model.status
    assert status is not None
    model.set_pending_only(True)
    shown = _column(model, RevisionGraphModel.RevisionRole)
    assert shown == [r for r in demo_graph.topological_order() if r not in status.applied]
    assert model.layout is not None
    for layout_row in model.layout.rows:
        for seg in layout_row.up + layout_row.down:
            assert seg.target in shown  # no line runs to a hidden revision
    # The merge's two parents are both pending here, so both of its lines are drawn.
    merge_row = model.layout.rows[model.layout.row_of(MERGE)]
    assert {s.target for s in merge_row.down} >= {MAIN_TIP, REPORTING_TIP}
    model.set_pending_only(False)
    assert model.rowCount() == 12


def test_fold_applied_history_into_one_row_and_unfold(demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, (BEFORE_HEAD,))
    model.set_collapse_applied(True)
    kinds = _column(model, RevisionGraphModel.KindRole)
    assert kinds.count(RowKind.COLLAPSED) == 1
    folded_row = kinds.index(RowKind.COLLAPSED)
    folded = model.collapsed_revisions
    # Everything below the database's revision is applied and has only applied children.
    assert folded == demo_graph.ancestors([BEFORE_HEAD]) - {BEFORE_HEAD}
    assert model.rowCount() == 12 - len(folded) + 1
    text = model.index(folded_row, RevisionGraphModel.MESSAGE).data()
    assert text.startswith(f"{len(folded)} applied revisions")
    assert model.revision_at(folded_row) is None
    # The database's row stays visible and its line runs into the folded row.
    db_row = model.row_of(BEFORE_HEAD)
    assert db_row is not None and db_row < folded_row
    layout = model.layout
    assert layout is not None
    assert [s.target for s in layout.rows[db_row].down] == [COLLAPSED_ID]
    # Search finds folded revisions too (the view unfolds to show them).
    assert BASE in model.matches(BASE[:6])
    model.set_collapse_applied(False)
    assert model.rowCount() == 12 and not model.collapsed_revisions


def test_nothing_to_fold_keeps_every_row(demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, None)  # no version table: nothing applied
    model.set_collapse_applied(True)
    assert model.rowCount() == 12
    assert RowKind.COLLAPSED not in _column(model, RevisionGraphModel.KindRole)


def test_oldest_first_mirrors_rows_and_lanes(demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, (MIDDLE,))
    newest = _column(model, RevisionGraphModel.RevisionRole)
    lanes = [model.layout_row(r).lane for r in range(model.rowCount())]  # type: ignore[union-attr]
    model.set_oldest_first(True)
    assert _column(model, RevisionGraphModel.RevisionRole) == newest[::-1]
    assert [model.layout_row(r).lane  # type: ignore[union-attr]
            for r in range(model.rowCount())] == lanes[::-1]
    assert model.index(0, RevisionGraphModel.REVISION).data() == BASE


def test_search_by_id_prefix_message_and_branch_label(demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, None)
    assert model.matches("2ae1") == [MIDDLE]
    assert model.matches("REPORT_RECIPIENT") == [MIDDLE]  # message, case-insensitive
    labelled = [r for r in demo_graph if "reporting" in demo_graph[r].branch_labels]
    assert set(labelled) <= set(model.matches("reporting"))
    assert model.matches("no such thing") == []
    assert model.matches("  ") == []


def test_depends_on_is_drawn_as_a_dependency_line(demo_graph: RevisionGraph) -> None:
    model = _model(demo_graph, None)
    assert model.dependencies_drawn
    layout = model.layout
    assert layout is not None
    dependent = layout.rows[layout.row_of("2ae172e7a3b8")]
    assert [(s.kind, s.target) for s in dependent.down if s.kind == "dependency"] == [
        ("dependency", "ae2823e11481")]


@pytest.mark.parametrize("seed", [3, 11])
def test_generated_history_states_match_alembic(tmp_path: Path, seed: int) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    write_history(versions, 400, seed)
    graph = load_graph_from_locations([versions])
    script = ScriptDirectory(str(tmp_path), version_locations=[str(versions)])
    rng = random.Random(seed)
    order = graph.topological_order()
    rows = tuple(sorted(set(rng.sample(order[50:], 3))))
    # Keep only rows none of which is an ancestor of another (what alembic writes).
    rows = tuple(r for r in rows if not any(
        r in graph.ancestors([o]) for o in rows if o != r))
    model = _model(graph, rows)
    applied = _alembic_applied(script, rows)
    states = dict(zip(_column(model, RevisionGraphModel.RevisionRole),
                      _column(model, RevisionGraphModel.StateRole), strict=True))
    assert {r for r, s in states.items() if s == RevisionState.APPLIED} == applied
    assert {r for r, s in states.items() if s == RevisionState.PENDING} == set(graph) - applied
    heads = {r for r in graph if ("head", "head") in model.index(
        model.row_of(r) or 0, 0).data(RevisionGraphModel.BadgesRole)}
    assert heads == set(script.get_heads())
    # Folding keeps exactly the rows that are not fully applied, plus one.
    model.set_collapse_applied(True)
    shown = {r for r in _column(model, RevisionGraphModel.RevisionRole) if r}
    assert shown | model.collapsed_revisions == set(graph)
    for rev in model.collapsed_revisions:
        assert rev in applied and rev not in rows
        assert all(child in applied for child in graph.children(rev))
