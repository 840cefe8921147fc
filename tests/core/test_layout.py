"""The lane layout of the revision graph (``migrator_gui.core.layout``): pure data, no Qt."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence
from pathlib import Path

import pytest

import migrator_gui
from migrator_gui.core.layout import GraphLayout, LayoutRow, Segment, layout_entries, layout_graph
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import RevisionFile, RevisionGraph, load_graph
from tests.core.history_factory import BENCHMARK_SHAPE, HistoryShape, generate_history

DEMO = Path(migrator_gui.__file__).parent / "resources" / "demo"


Spec = tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], tuple[str, ...]]


def _graph(spec: Sequence[Spec]) -> RevisionGraph:
    """A graph from ``(rev, down[, depends_on])``, oldest first; create dates follow the order."""
    files = []
    for k, item in enumerate(spec):
        rev, down = item[0], item[1]
        deps = item[2] if len(item) == 3 else ()
        files.append(RevisionFile(path=Path(f"/v/{rev}.py"), revision=rev, down_revisions=down,
                                  depends_on=deps, create_date=f"2024-01-01 00:{k // 60:02d}:"
                                  f"{k % 60:02d}"))
    return RevisionGraph.from_files(files)


def _generated(n: int, seed: int, shape: HistoryShape = BENCHMARK_SHAPE) -> RevisionGraph:
    return RevisionGraph.from_files(
        RevisionFile(path=Path(f"/v/{g.revision}.py"), revision=g.revision,
                     down_revisions=g.down_revisions, branch_labels=g.branch_labels,
                     depends_on=g.depends_on, create_date=g.create_date, message=g.message)
        for g in generate_history(n, seed, shape)
    )


def _lanes(layout: GraphLayout) -> dict[str, int]:
    return {row.revision: row.lane for row in layout.rows}


def _edges(graph: RevisionGraph, layout: GraphLayout, dependencies: bool = True
           ) -> list[tuple[str, str, str]]:
    """Every (child, parent, kind) edge the layout must draw (both ends laid out)."""
    out = []
    for row in layout.rows:
        node = graph[row.revision]
        for p in node.down_revisions:
            if p in layout.row_index:
                out.append((row.revision, p, "parent"))
        if dependencies:
            for d in graph.parents(row.revision):
                if d not in node.down_revisions and d in layout.row_index:
                    out.append((row.revision, d, "dependency"))
    return out


def check_invariants(graph: RevisionGraph, layout: GraphLayout, dependencies: bool = True) -> None:
    rows = layout.rows
    assert [row.index for row in rows] == list(range(len(rows)))
    if rows:
        assert rows[0].up == () and rows[-1].down == ()
    for upper, lower in itertools.pairwise(rows):
        assert lower.up is upper.down  # row i paints from row i's data alone

    edges = _edges(graph, layout, dependencies)
    edge_set = {(c, p) for c, p, _ in edges}
    newest_first = not layout.oldest_first

    def top_bottom(c: str, p: str) -> tuple[int, int]:
        rc, rp = layout.row_of(c), layout.row_of(p)
        return (rc, rp) if newest_first else (rp, rc)

    # Every edge: continuous segments from the child's node lane to the parent's node lane.
    for c, p, kind in edges:
        top, bottom = top_bottom(c, p)
        assert top < bottom
        if newest_first:  # from the child's node down to the parent's
            lane = rows[top].lane
            for i in range(top, bottom):
                matches = [s for s in rows[i].down
                           if s.from_lane == lane and s.target == p and s.kind == kind]
                assert len(matches) == 1, (c, p, i, rows[i])
                lane = matches[0].to_lane
            assert lane == rows[bottom].lane, (c, p)
        else:  # from the child's node (below) up to the parent's
            lane = rows[bottom].lane
            for i in range(bottom, top, -1):
                matches = [s for s in rows[i].up
                           if s.to_lane == lane and s.target == p and s.kind == kind]
                assert len(matches) == 1, (c, p, i, rows[i])
                lane = matches[0].from_lane
            assert lane == rows[top].lane, (c, p)

    # No node on a line it does not belong to; every lane holds one line at a time.
    for row in rows:
        node_edges = {p for c, p in edge_set if c == row.revision}
        node_edges |= {c for c, p in edge_set if p == row.revision}
        ends = [s for s in row.up if s.to_lane == row.lane]
        starts = [s for s in row.down if s.from_lane == row.lane]
        for s in ends + starts:
            assert (s.target == row.revision or s.target in node_edges), (row, s)
        through_in = sorted(s.to_lane for s in row.up if s.to_lane != row.lane)
        through_out = sorted(s.from_lane for s in row.down if s.from_lane != row.lane)
        assert through_in == through_out, row  # lines that pass keep their lane (vertical)
        assert len(set(through_in)) == len(through_in), row
        assert row.lane not in through_in
        lanes_touched = [row.lane, *(lane for s in row.up + row.down
                                     for lane in (s.from_lane, s.to_lane))]
        assert row.width == max(lanes_touched) + 1
        for s in row.down:
            assert s.to_lane < rows[row.index + 1].width

    # Lane count: one lane per open line, compact.
    crossing = [0] * (len(rows) + 1)  # lines between row i-1 and row i
    for c, p, _ in edges:
        top, bottom = top_bottom(c, p)
        for i in range(top + 1, bottom + 1):
            crossing[i] += 1
    for row in rows:
        assert len(row.up) == crossing[row.index]
        passing = sum(1 for s in row.up if s.to_lane != row.lane)
        assert passing <= crossing[row.index]
    assert layout.max_lanes == max((row.width for row in rows), default=0)
    assert layout.max_lanes <= max(crossing) + 1


# --------------------------------------------------------------------------------------------


def test_linear_history_is_one_lane() -> None:
    graph = _graph([(f"r{k}", (f"r{k - 1}",) if k else ()) for k in range(30)])
    layout = layout_graph(graph)
    assert [row.revision for row in layout.rows] == [f"r{k}" for k in reversed(range(30))]
    assert all(row.lane == 0 and row.width == 1 and row.colour == 0 for row in layout.rows)
    assert layout.max_lanes == 1
    assert layout.rows[0].down == (Segment(0, 0, "parent", 0, "r28"),)
    check_invariants(graph, layout)


def test_empty() -> None:
    layout = layout_entries([])
    assert layout.rows == () and layout.max_lanes == 0


def test_demo_project_branch_and_merge() -> None:
    graph = load_graph(open_project(DEMO))
    layout = layout_graph(graph, dependencies=False)
    check_invariants(graph, layout, dependencies=False)
    branch_point = next(r for r in graph if graph[r].is_branch_point)
    merge = next(r for r in graph if graph[r].is_merge)
    top, bottom = layout.row_of(merge), layout.row_of(branch_point)
    assert top < bottom
    for row in layout.rows:
        if top < row.index < bottom:
            assert row.width == 2 and len(row.up) == 2  # the two branches side by side
        else:
            assert row.lane == 0  # one line above the merge and below the branch point
            assert row.width == (2 if row.index in (top, bottom) else 1)
            if row.index not in (top, bottom):
                assert len(row.up) <= 1 and len(row.down) <= 1
    # The merge continues in its lane to its first parent; the second parent gets lane 1.
    merge_row = layout.rows[top]
    first, second = graph[merge].down_revisions
    assert {(s.from_lane, s.to_lane, s.target) for s in merge_row.down} == {
        (0, 0, first), (0, 1, second)}
    lanes = _lanes(layout)
    assert lanes[first] == 0 and lanes[second] == 1
    # Both branches meet the branch point, which stays in the main lane (lane 0).
    fork_row = layout.rows[bottom]
    assert fork_row.lane == 0
    assert sorted(s.from_lane for s in fork_row.up) == [0, 1]
    assert all(s.to_lane == 0 for s in fork_row.up)
    # The main line keeps its colour from the top to the base.
    main_line = [row for row in layout.rows if row.lane == 0]
    assert len({row.colour for row in main_line}) == 1


def test_demo_dependency_is_a_dashed_line() -> None:
    graph = load_graph(open_project(DEMO))
    layout = layout_graph(graph)
    check_invariants(graph, layout)
    dependent = next(r for r in graph if graph[r].dependencies)
    target = graph[dependent].dependencies[0]
    row = layout.rows[layout.row_of(dependent)]
    dashed = [s for s in row.down if s.kind == "dependency"]
    assert len(dashed) == 1 and dashed[0].target == target and dashed[0].from_lane == row.lane
    assert layout.max_lanes == 3
    assert layout_graph(graph, dependencies=False).max_lanes == 2


def test_merge_of_three_heads() -> None:
    graph = _graph([("base", ()), ("a", ("base",)), ("b", ("base",)), ("c", ("base",)),
                    ("m", ("a", "b", "c"))])
    layout = layout_graph(graph)
    check_invariants(graph, layout)
    assert [row.revision for row in layout.rows] == ["m", "c", "b", "a", "base"]
    lanes = _lanes(layout)
    assert lanes == {"m": 0, "a": 0, "b": 1, "c": 2, "base": 0}
    m = layout.rows[0]
    assert [(s.from_lane, s.to_lane, s.target) for s in m.down] == [
        (0, 0, "a"), (0, 1, "b"), (0, 2, "c")]
    assert len({s.colour for s in m.down}) == 3
    base = layout.rows[-1]
    assert sorted(s.from_lane for s in base.up) == [0, 1, 2]
    assert {s.to_lane for s in base.up} == {0}
    assert layout.max_lanes == 3


def test_several_roots_and_heads() -> None:
    graph = _graph([("r1", ()), ("r2", ()), ("a1", ("r1",)), ("b1", ("r2",)), ("a2", ("a1",)),
                    ("a3", ("a1",)), ("b2", ("b1",))])
    layout = layout_graph(graph)
    check_invariants(graph, layout)
    assert [row.revision for row in layout.rows] == ["b2", "a3", "a2", "b1", "a1", "r2", "r1"]
    lanes = _lanes(layout)
    assert lanes["b2"] == lanes["b1"] == lanes["r2"] == 0
    assert lanes["a3"] == lanes["a1"] == lanes["r1"] == 1
    assert lanes["a2"] == 2
    # a2's line closes at a1 and its slot is free afterwards: the width shrinks.
    assert layout.rows[layout.row_of("r2")].width == 2
    assert layout.max_lanes == 3
    colours = {row.revision: row.colour for row in layout.rows}
    assert colours["b2"] == colours["r2"] != colours["a3"] == colours["r1"]


def test_head_reuses_a_closed_lane() -> None:
    # h2 is a head that appears after the line in lane 1 has closed: it takes lane 1 again.
    graph = _graph([("base", ()), ("x", ("base",)), ("h2", ("x",)), ("y", ("base",)),
                    ("h1", ("y",))])
    order = ["h1", "y", "x", "h2", "base"]
    # order puts h2 below x: an edge that points upwards is left out, not drawn backwards
    layout = layout_graph(graph, order)
    assert not any(s.target == "x" for row in layout.rows for s in row.down)
    layout = layout_graph(graph)
    check_invariants(graph, layout)


def test_dependency_lines_reserve_lanes_and_can_be_left_out() -> None:
    graph = _graph([("base", ()), ("a", ("base",)), ("b", ("a",)), ("c", ("b",), ("a",)),
                    ("d", ("c",))])
    layout = layout_graph(graph)
    check_invariants(graph, layout)
    c = layout.rows[layout.row_of("c")]
    assert [(s.from_lane, s.to_lane, s.kind, s.target) for s in c.down] == [
        (0, 0, "parent", "b"), (0, 1, "dependency", "a")]
    b = layout.rows[layout.row_of("b")]
    assert [(s.from_lane, s.to_lane, s.kind) for s in b.down] == [
        (0, 0, "parent"), (1, 0, "dependency")]
    assert _lanes(layout) == dict.fromkeys(("base", "a", "b", "c", "d"), 0)
    narrow = layout_graph(graph, dependencies=False)
    check_invariants(graph, narrow, dependencies=False)
    assert narrow.max_lanes == 1 and layout.max_lanes == 2


def test_node_reached_only_by_a_dependency() -> None:
    # "lib" has no child, only a dependent: it ends the dashed line.
    graph = _graph([("base", ()), ("lib", ("base",)), ("app", ("base",), ("lib",))])
    layout = layout_graph(graph)
    check_invariants(graph, layout)
    lib = layout.rows[layout.row_of("lib")]
    assert [s.kind for s in lib.up if s.to_lane == lib.lane] == ["dependency"]
    assert [s.kind for s in lib.down if s.from_lane == lib.lane] == ["parent"]


def test_oldest_first_is_the_mirror_image() -> None:
    graph = _generated(300, 5)
    newest = layout_graph(graph)
    oldest = layout_graph(graph, oldest_first=True)
    check_invariants(graph, oldest)
    n = len(newest.rows)
    assert oldest.oldest_first and oldest.max_lanes == newest.max_lanes
    for row in oldest.rows:
        mirror = newest.rows[n - 1 - row.index]
        assert (row.revision, row.lane, row.colour, row.width) == (
            mirror.revision, mirror.lane, mirror.colour, mirror.width)
        assert [(s.from_lane, s.to_lane, s.kind, s.target) for s in row.down] == [
            (s.to_lane, s.from_lane, s.kind, s.target) for s in mirror.up]


@pytest.mark.parametrize("seed", [1, 2, 3, 7, 11, 42])
def test_invariants_on_generated_histories(seed: int) -> None:
    shape = HistoryShape() if seed % 2 else BENCHMARK_SHAPE
    graph = _generated(400, seed, shape)
    layout = layout_graph(graph)
    check_invariants(graph, layout)
    assert layout.max_lanes > 2  # branchy enough to mean something
    narrow = layout_graph(graph, dependencies=False)
    check_invariants(graph, narrow, dependencies=False)
    assert narrow.max_lanes <= layout.max_lanes


def test_subset_order_drops_edges_to_revisions_left_out() -> None:
    graph = _generated(300, 8)
    order = [r for k, r in enumerate(graph.topological_order()) if k % 3]
    layout = layout_graph(graph, order)
    assert [row.revision for row in layout.rows] == order
    check_invariants(graph, layout)
    assert not any(s.target not in layout.row_index for row in layout.rows for s in row.down)


def test_deterministic() -> None:
    graph = _generated(500, 9)
    first = layout_graph(graph)
    assert layout_graph(graph) == first
    # Same graph loaded from the files in another order: the same layout.
    files = [RevisionFile(path=Path(f"/v/{r}.py"), revision=r,
                          down_revisions=graph[r].down_revisions,
                          depends_on=graph[r].depends_on,
                          branch_labels=graph[r].branch_labels,
                          create_date=graph[r].create_date) for r in graph]
    random.Random(3).shuffle(files)
    assert layout_graph(RevisionGraph.from_files(files)) == first
    # Plain data gives the same as the graph.
    entries = [(r, graph[r].down_revisions,
                [p for p in graph.parents(r) if p not in graph[r].down_revisions])
               for r in graph.topological_order()]
    assert layout_entries(entries) == first


def test_new_revision_on_a_head_keeps_old_rows() -> None:
    graph = _generated(400, 4)
    entries = [(r, graph[r].down_revisions,
                [p for p in graph.parents(r) if p not in graph[r].down_revisions])
               for r in graph.topological_order()]
    before = layout_entries(entries)
    head = entries[0][0]
    after = layout_entries([("new", (head,), ()), *entries])
    check_rows = after.rows[1:]
    assert after.rows[0].lane == before.rows[0].lane
    for old, new in zip(before.rows, check_rows, strict=True):
        assert (old.revision, old.lane, old.colour, old.width) == (
            new.revision, new.lane, new.colour, new.width)
        assert old.down == new.down
    assert _same_rows(before.rows[1:], after.rows[2:])


def _same_rows(a: Sequence[LayoutRow], b: Sequence[LayoutRow]) -> bool:
    return [(r.revision, r.lane, r.up, r.down) for r in a] == [
        (r.revision, r.lane, r.up, r.down) for r in b]


def test_segments_are_shared_not_copied() -> None:
    graph = _graph([("base", ()), ("a", ("base",)), ("b", ("base",)), *(
        (f"a{k}", (f"a{k - 1}" if k else "a",)) for k in range(20)), ("m", ("a19", "b"))])
    layout = layout_graph(graph)
    check_invariants(graph, layout)
    through = [s for row in layout.rows for s in row.up
               if s.target == "b" and s.from_lane == s.to_lane]
    assert len(through) > 10 and len({id(s) for s in through}) == 1
