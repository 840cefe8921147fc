"""What the graph view shows against alembic's own ``ScriptDirectory`` (issue 4).

``test_revisions.py`` checks the loader node by node (ids, parents, labels, dependencies, heads and
bases) on random histories. This module checks what the *view* is made of - the lane layout of
``core/layout.py`` and the newest-first order - against alembic, on generated projects that surely
hold every shape (``history_factory.add_feature_block``): several bases, three-parent merges, a
branch label on a merge, ``depends_on`` by revision id and by branch label, a branch point, and
files spread over several version locations listed in ``alembic.ini`` (some in subfolders with
``recursive_version_locations``). alembic imports the files for real; Migrator only reads them.
"""

from __future__ import annotations

import itertools
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import Script, ScriptDirectory
from alembic.util import to_tuple

from migrator_gui.core.layout import GraphLayout, layout_graph
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import (
    RevisionGraph,
    RevisionLoader,
    load_graph,
    load_graph_from_locations,
)
from tests.core.history_factory import (
    FEATURE_LABELS,
    GeneratedRevision,
    HistoryShape,
    write_alembic_project,
    write_revisions,
)


@dataclass(frozen=True)
class Case:
    n: int
    seed: int
    locations: int
    subdirs: int = 0
    shape: HistoryShape = field(default_factory=HistoryShape)


CASES = {
    "three-locations": Case(150, 31, 3),
    "recursive-locations": Case(180, 32, 2, subdirs=3),
    "many-bases-labels-deps": Case(
        160, 33, 4, shape=HistoryShape(new_root=0.04, merge=0.15, label=0.1, depends_on=0.12)
    ),
    "feature-block-only": Case(0, 34, 2),
}


@dataclass
class Project:
    graph: RevisionGraph
    script: ScriptDirectory
    scripts: dict[str, Script]
    locations: tuple[Path, ...]


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Project:
    case = CASES[request.param]
    root = tmp_path_factory.mktemp(request.param)
    ini, _ = write_alembic_project(root, case.n, case.seed, case.shape,
                                   locations=case.locations, subdirs=case.subdirs, featured=True)
    sys.dont_write_bytecode, saved = True, sys.dont_write_bytecode
    try:  # alembic imports the revision files: keep __pycache__ out of the tree
        script = ScriptDirectory.from_config(Config(str(ini)))
        scripts = {sc.revision: sc for sc in script.walk_revisions()}
    finally:
        sys.dont_write_bytecode = saved
    opened = open_project(ini)
    graph = load_graph(opened, loader=RevisionLoader())
    assert not graph.broken, [n.error for n in graph.broken]
    assert not graph.problems
    assert set(graph) == set(scripts) and len(graph) == len(scripts)
    return Project(graph, script, scripts, tuple(opened.version_locations))


def _parents(sc: Script) -> tuple[str, ...]:
    return to_tuple(sc.down_revision, default=())


def _dependencies(script: ScriptDirectory, sc: Script) -> tuple[str, ...]:
    """alembic's ``depends_on`` of ``sc`` resolved to revision ids (labels looked up by alembic),
    less those that are also a ``down_revision``: the dashed lines the view draws."""
    parents = _parents(sc)
    resolved = []
    for dep in to_tuple(sc.dependencies, default=()):
        rev = script.get_revision(dep)
        assert rev is not None
        if rev.revision not in parents and rev.revision not in resolved:
            resolved.append(rev.revision)
    return tuple(resolved)


def _alembic_edges(p: Project, dependencies: bool = True) -> Iterator[tuple[str, str, str]]:
    """Every (child, target, kind) edge of alembic's Script objects."""
    for rev, sc in p.scripts.items():
        for parent in _parents(sc):
            yield rev, parent, "parent"
        if dependencies:
            for dep in _dependencies(p.script, sc):
                yield rev, dep, "dependency"


# --------------------------------------------------------------------------------------------
# The histories hold what they claim (checked on alembic's side, not the generator's)


def test_histories_hold_every_shape(project: Project) -> None:
    scripts = project.scripts.values()
    assert len(project.script.get_bases()) >= 3
    merges3 = [sc for sc in scripts if len(_parents(sc)) == 3]
    assert len(merges3) >= 2
    labelled_merges = [sc for sc in scripts
                       if sc.is_merge_point and to_tuple(sc.module.branch_labels, default=())]
    assert labelled_merges
    assert any("merged_three" in to_tuple(sc.dependencies, default=()) for sc in scripts)
    deps = [d for sc in scripts for d in to_tuple(sc.dependencies, default=())]
    assert any(d in project.scripts for d in deps)  # by revision id
    assert any(d in FEATURE_LABELS for d in deps)  # by branch label
    assert any(sc.is_branch_point for sc in scripts)
    assert len(project.locations) >= 2
    per_location = {loc: 0 for loc in project.locations}
    for sc in scripts:
        owner = [loc for loc in project.locations if Path(sc.path).is_relative_to(loc)]
        assert len(owner) == 1, sc.path
        per_location[owner[0]] += 1
    assert min(per_location.values()) >= 3, per_location


# --------------------------------------------------------------------------------------------
# Heads and bases


def test_heads_and_bases_as_alembic_says(project: Project) -> None:
    graph, script = project.graph, project.script
    assert graph.heads == tuple(script.get_heads())
    assert graph.bases == tuple(script.get_bases())
    # as drawn: a head has no parent line coming down into it, a base none leaving it
    layout = layout_graph(graph)
    no_child = {row.revision for row in layout.rows
                if not any(s.kind == "parent" and s.target == row.revision
                           and s.to_lane == row.lane for s in row.up)}
    no_parent = {row.revision for row in layout.rows
                 if not any(s.kind == "parent" and s.from_lane == row.lane for s in row.down)}
    assert no_child == set(script.get_heads())
    assert no_parent == set(script.get_bases())


# --------------------------------------------------------------------------------------------
# Every edge alembic knows is drawn, and nothing else


def _walk_edges(layout: GraphLayout, edges: list[tuple[str, str, str]]
                ) -> set[tuple[int, int, int, str, str]]:
    """Follow each edge's segments from the child's node to the parent's node; return every
    segment used as (boundary, from_lane, to_lane, kind, target), boundary ``i`` being the gap
    between rows ``i`` and ``i + 1``. Fails when an edge is not drawn as one continuous line."""
    rows = layout.rows
    used: set[tuple[int, int, int, str, str]] = set()
    for child, target, kind in edges:
        rc, rt = layout.row_of(child), layout.row_of(target)
        if not layout.oldest_first:
            assert rc < rt, (child, target)
            lane = rows[rc].lane
            for i in range(rc, rt):  # downwards from the child
                found = [s for s in rows[i].down
                         if s.from_lane == lane and s.target == target and s.kind == kind]
                assert len(found) == 1, (child, target, kind, i)
                key = (i, found[0].from_lane, found[0].to_lane, kind, target)
                assert key not in used, key
                used.add(key)
                lane = found[0].to_lane
            assert lane == rows[rt].lane, (child, target, kind)
        else:
            assert rt < rc, (child, target)
            lane = rows[rc].lane
            for i in range(rc, rt, -1):  # upwards from the child
                found = [s for s in rows[i].up
                         if s.to_lane == lane and s.target == target and s.kind == kind]
                assert len(found) == 1, (child, target, kind, i)
                key = (i - 1, found[0].from_lane, found[0].to_lane, kind, target)
                assert key not in used, key
                used.add(key)
                lane = found[0].from_lane
            assert lane == rows[rt].lane, (child, target, kind)
    return used


@pytest.mark.parametrize("dependencies", [True, False], ids=["with-deps", "parents-only"])
@pytest.mark.parametrize("oldest_first", [False, True], ids=["newest-first", "oldest-first"])
def test_every_alembic_edge_is_drawn_and_nothing_else(project: Project, dependencies: bool,
                                                      oldest_first: bool) -> None:
    layout = layout_graph(project.graph, oldest_first=oldest_first, dependencies=dependencies)
    assert [row.revision for row in layout.rows] == (
        list(project.graph.topological_order())[::-1 if oldest_first else 1])
    edges = list(_alembic_edges(project, dependencies))
    assert len(edges) == len(set(edges))
    assert any(kind == "dependency" for _, _, kind in edges) == dependencies
    used = _walk_edges(layout, edges)
    drawn = {(row.index, s.from_lane, s.to_lane, s.kind, s.target)
             for row in layout.rows for s in row.down}
    assert sum(len(row.down) for row in layout.rows) == len(drawn)
    assert drawn == used  # no segment that is not part of one of alembic's edges
    assert all(row.up == (layout.rows[row.index - 1].down if row.index else ())
               for row in layout.rows)


# --------------------------------------------------------------------------------------------
# The order the view shows against alembic's iterate_revisions


def _alembic_order(script: ScriptDirectory, upper: str = "heads") -> list[str]:
    return [r.revision for r in script.revision_map.iterate_revisions(upper, "base")]


def _edge_set(p: Project) -> set[tuple[str, str]]:
    return {(c, t) for c, t, _ in _alembic_edges(p)}


def test_view_order_is_consistent_with_iterate_revisions(project: Project) -> None:
    shown = project.graph.topological_order()
    alembic = _alembic_order(project.script)
    assert sorted(shown) == sorted(alembic) and len(shown) == len(alembic) == len(set(shown))
    assert shown[0] in project.script.get_heads()
    at_shown = {rev: i for i, rev in enumerate(shown)}
    at_alembic = {rev: i for i, rev in enumerate(alembic)}
    for child, target in _edge_set(project):  # every child before its parents, in both orders
        assert at_alembic[child] < at_alembic[target], (child, target)
        assert at_shown[child] < at_shown[target], (child, target)


def test_view_order_equals_iterate_revisions_where_it_is_forced(project: Project) -> None:
    """Where alembic's order is the only one possible (each revision it yields is a parent or a
    dependency of the one before), the view shows exactly that order."""
    edges = _edge_set(project)
    shown = project.graph.topological_order()
    ids = sorted(project.graph)
    candidates = [*project.script.get_heads(), *random.Random(8).sample(ids, min(60, len(ids)))]
    compared = 0
    for rev in dict.fromkeys(candidates):
        alembic = _alembic_order(project.script, rev)
        if not all((a, b) in edges for a, b in itertools.pairwise(alembic)):
            continue
        below = set(alembic)
        assert [r for r in shown if r in below] == alembic, rev
        compared += 1
    assert compared >= 5


def test_linear_history_order_equals_alembic(tmp_path: Path) -> None:
    """One line of descent over three version locations, with dependencies (by id and label)
    and labels: alembic's order and the view's are the same list, and it is one lane."""
    shape = HistoryShape(new_root=0.0, branch=0.0, merge=0.0, label=0.08, depends_on=0.15)
    ini, revs = write_alembic_project(tmp_path, 120, 35, shape, locations=3)
    assert all(len(g.down_revisions) == (1 if i else 0) for i, g in enumerate(revs))
    assert any(g.depends_on for g in revs)
    sys.dont_write_bytecode, saved = True, sys.dont_write_bytecode
    try:
        script = ScriptDirectory.from_config(Config(str(ini)))
        alembic = _alembic_order(script)
        history = [sc.revision for sc in script.walk_revisions()]
    finally:
        sys.dont_write_bytecode = saved
    graph = load_graph(open_project(ini), loader=RevisionLoader())
    assert list(graph.topological_order()) == alembic == history
    assert alembic == [g.revision for g in reversed(revs)]
    layout = layout_graph(graph, dependencies=False)
    assert layout.max_lanes == 1 and {row.lane for row in layout.rows} == {0}


def test_order_does_not_follow_file_or_location_order(tmp_path: Path) -> None:
    """Files named against the history (newest first by name) and written to the locations in
    reverse: alembic loads them in a different order, and both still agree on the order."""
    chain: list[GeneratedRevision] = []
    for k in range(12):
        chain.append(GeneratedRevision(
            revision=f"{0xfff - k:03x}{k:09x}",
            down_revisions=(chain[-1].revision,) if chain else (),
            branch_labels=("trunk",) if k == 0 else (),
            depends_on=("trunk",) if k == 7 else ((chain[2].revision,) if k == 9 else ()),
            message=f"step {k}",
            create_date=f"2024-01-01 10:{k:02d}:00",
            location=2 - k % 3,
        ))
    locations = [tmp_path / f"loc_{k}" for k in range(3)]
    write_revisions(locations, chain, 1)
    sys.dont_write_bytecode, saved = True, sys.dont_write_bytecode
    try:
        script = ScriptDirectory(str(tmp_path), version_locations=[str(p) for p in locations])
        alembic = _alembic_order(script)
        loaded = [sc.revision for sc in script._load_revisions()]
    finally:
        sys.dont_write_bytecode = saved
    assert loaded != [g.revision for g in chain]  # alembic's load order is not the history's
    graph = load_graph_from_locations(locations, loader=RevisionLoader())
    assert list(graph.topological_order()) == alembic == [g.revision for g in reversed(chain)]
    assert graph.heads == tuple(script.get_heads()) and graph.bases == tuple(script.get_bases())

