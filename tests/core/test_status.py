"""Classifying version-table rows against the demo's revision graph."""

from __future__ import annotations

import pytest

from migrator_gui.core.demo import DEMO_SOURCE
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import RevisionGraph, load_graph
from migrator_gui.core.status import StatusKind, classify, unreachable

HEAD = "31b7e5d1b306"
MERGE = "be789e7b80a9"
BRANCH_A_TIP = "b7d0d7ffbdac"
BRANCH_B_TIP = "ac63663f3669"
ADDRESS = "ae2823e11481"  # branch A's first revision; branch B's report_recipient depends on it
BASE = "0fe23f047a37"


@pytest.fixture(scope="module")
def graph() -> RevisionGraph:
    return load_graph(open_project(DEMO_SOURCE))


def test_no_table_means_everything_pending_oldest_first(graph: RevisionGraph) -> None:
    status = classify(None, graph)
    assert status.kind is StatusKind.NO_TABLE
    assert len(status.pending) == 12
    assert status.pending[0] == BASE and status.pending[-1] == HEAD
    assert "never migrated" in status.summary()


def test_empty_table_is_at_base(graph: RevisionGraph) -> None:
    status = classify([], graph)
    assert status.kind is StatusKind.EMPTY
    assert len(status.pending) == 12
    assert "empty" in status.summary()


def test_at_head(graph: RevisionGraph) -> None:
    status = classify([HEAD], graph)
    assert status.kind is StatusKind.AT_HEADS
    assert status.pending == ()
    assert status.applied == frozenset(graph)
    assert status.summary() == f"At head ({HEAD})"


def test_behind_on_two_branches_lists_pending_in_upgrade_order(graph: RevisionGraph) -> None:
    status = classify([BRANCH_A_TIP, BRANCH_B_TIP], graph)
    assert status.kind is StatusKind.BEHIND
    assert status.pending == (MERGE, "b5b126bc3bf9", HEAD)
    assert status.several_rows and status.redundant == ()
    assert "3 pending" in status.summary()


def test_dependency_counts_as_applied(graph: RevisionGraph) -> None:
    # report_recipient (2ae172e7a3b8) depends on the address table of the other branch.
    status = classify(["2ae172e7a3b8"], graph)
    assert ADDRESS in status.applied
    assert "bb2d28aa9aa2" in status.pending


def test_unknown_revision_and_redundant_rows(graph: RevisionGraph) -> None:
    status = classify(["deadbeef0000", BRANCH_A_TIP], graph)
    assert status.kind is StatusKind.UNKNOWN_REVISION
    assert status.unknown == ("deadbeef0000",)
    assert "deadbeef0000" in status.summary() and "Doctor" in status.summary()

    redundant = classify([HEAD, BASE], graph)
    assert redundant.kind is StatusKind.AT_HEADS
    assert redundant.redundant == (BASE,)
    assert "redundant" in redundant.summary()


def test_custom_version_table_and_unreachable(graph: RevisionGraph) -> None:
    status = classify(None, graph, version_table="migrator_versions", version_table_schema="ops")
    assert "ops.migrator_versions" in status.summary()
    down = unreachable("connection refused")
    assert down.kind is StatusKind.UNREACHABLE and "connection refused" in down.summary()
