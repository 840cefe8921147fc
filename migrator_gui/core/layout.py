"""Lane layout of the revision graph, for a ``git log --graph``-style view (as gitk/GitKraken draw).

Pure data in, pure data out: no Qt. The painting delegate of a virtualized view draws row ``i``
from ``layout.rows[i]`` alone.

Public surface::

    layout = layout_graph(graph)                       # newest first, depends_on edges included
    layout = layout_graph(graph, oldest_first=True)    # the same lanes, rows upside down
    layout = layout_entries([(rev, parents, deps), ...])  # plain data, newest first
    row = layout.rows[i]      # LayoutRow: revision, lane, colour, up, down, width
    layout.max_lanes, layout.row_of(rev)

Geometry
    Every row has a node at the centre of its ``lane``. A :class:`Segment` joins the centre of
    one row (at ``from_lane``) to the centre of the next row (at ``to_lane``); ``from`` is always
    the *upper* row. ``row.up`` holds the segments between the previous row and this one (the
    same objects as the previous row's ``down``), ``row.down`` those between this row and the next.
    To paint row ``i``, draw each segment of ``up`` from ``(from_lane, centre - height)`` to
    ``(to_lane, centre)`` and each of ``down`` from ``(from_lane, centre)`` to ``(to_lane,
    centre + height)``, clipped to the row's rectangle: the halves of neighbouring rows meet at the
    row boundary. A segment whose ``from_lane`` (in ``down``) or ``to_lane`` (in ``up``) equals
    ``row.lane`` starts or ends at the node; any other segment passes through the row.
    ``Segment.kind`` is ``"parent"`` (a ``down_revision`` edge: solid) or ``"dependency"`` (a
    ``depends_on`` edge: dashed); ``Segment.target`` is the revision the line runs to, so a tooltip
    or a highlight can name it; ``colour`` is an index into whatever palette the painter has
    (take it modulo the palette size).

Rules (in newest-first order; oldest first is the exact mirror image of the same layout)
    * A lane carries one line: one edge from a child to one of its parents or dependencies. It
      is opened at the child's row and closed at the parent's row.
    * A node goes into a lane that runs to it: a parent line before a dependency line, and among
      those the line of descent that started first. A line of descent is a first-parent chain; it
      starts at a head (or at a node only a dependency reaches) or at a merge's further parent,
      and lines are numbered in the order they start, top down. So the main line, which starts
      at the top, keeps its lane and colour through every branch point, and a merge's parents
      meet their branch point in parent order. A revision nothing reaches (a head) takes the
      lowest free lane.
    * Every other lane that runs to the node closes there (a branch point: the lines of its
      other children meet it). The node's first parent continues in the node's own lane (and keeps
      its colour: a branch keeps its colour down its first-parent chain); each further parent (a
      merge) and each dependency opens a lane of its own at the lowest free slot, with the lowest
      colour no open line uses.
    * Lanes never move: a line that passes a row stays in its slot, so pass-through segments are
      vertical and only the segments that start or end at a node are diagonal. A closed slot is
      free for the next line that opens (compact: the width never exceeds the most lines open at
      once, plus one for a head), and free slots at the right end are not counted in ``width``.
    * Consequences: no node sits on a lane it does not belong to (a node's slot is either one of
      the lines that end at it or a free slot), and the output depends on the input order only
      (deterministic). A new revision on top of a head leaves every older row's lanes unchanged.

Dependencies
    ``depends_on`` edges reserve lanes exactly like parent edges (so they can be painted row by
    row, dashed, in a virtualized view) but never carry the node's own line onward, and they are
    the last choice for placing a node. ``layout_graph(..., dependencies=False)`` leaves them out
    (a narrower graph). Long-range ``depends_on`` widen the graph: the 20,000-revision benchmark
    history needs 120 lanes with them and 20 without (``benchmarks/layout.py``); a view may want
    to lay out without them and list dependencies in the details pane, or draw only the
    selected revision's.

Edges that cannot be drawn
    An edge to a revision that is not in the input (a dangling reference, a filtered-out revision)
    or to one that comes *before* the child in the given order (a cycle among broken files) is
    left out. This is the hook for subsets: "pending only" or collapsed history will pass their own
    order (and, later, synthetic rows for collapsed runs) to :func:`layout_graph`.

Cost
    O(rows x open lanes) time, the per-lane part in C (a row's segments are ``filter`` over the
    open lanes' current segments; only the lanes that start or end at the node are touched in
    Python). Pass-through segments are shared objects (one per line), so memory is one tuple of
    references per row plus one :class:`Segment` per diagonal. 20,000 branchy revisions: about
    0.2 s with dependencies, 0.14 s without.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from migrator_gui.core.gc_pause import gc_paused

if TYPE_CHECKING:
    from migrator_gui.core.revisions import RevisionGraph

__all__ = [
    "EdgeKind",
    "GraphLayout",
    "LayoutRow",
    "Segment",
    "graph_entry",
    "layout_entries",
    "layout_graph",
]

EdgeKind = Literal["parent", "dependency"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a line between the centres of two adjacent rows (``from`` is the upper row)."""

    from_lane: int
    to_lane: int
    kind: EdgeKind
    colour: int
    target: str
    """The revision this line runs to (the parent, or the dependency)."""


@dataclass(frozen=True, slots=True)
class LayoutRow:
    """Everything needed to paint one row."""

    index: int
    revision: str
    lane: int
    """Lane of the node."""
    colour: int
    """Colour of the node (the colour of the line it sits on)."""
    up: tuple[Segment, ...]
    """Segments between the previous row and this one (the previous row's ``down``)."""
    down: tuple[Segment, ...]
    """Segments between this row and the next one."""
    width: int
    """Lanes in use at this row: one more than the rightmost lane the node or a segment touches."""


@dataclass(frozen=True, slots=True)
class GraphLayout:
    """The lane layout of a whole list of revisions."""

    rows: tuple[LayoutRow, ...]
    max_lanes: int
    oldest_first: bool = False
    row_index: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def row_of(self, revision: str) -> int:
        """The row of ``revision`` (KeyError when it is not laid out)."""
        return self.row_index[revision]


class _Line:
    """An open lane: one edge waiting for its target's row. Lanes never move: ``slot`` is fixed."""

    __slots__ = ("colour", "kind", "rank", "slot", "src", "target", "vseg")

    def __init__(self, target: str, kind: EdgeKind, rank: tuple[int, int], colour: int,
                 src: int, slot: int) -> None:
        self.target = target
        self.kind: EdgeKind = kind
        self.rank = rank
        self.colour = colour
        self.slot = slot
        self.src = src
        """Lane at the upper row of the next segment (the node's lane right after opening)."""
        self.vseg = Segment(slot, slot, kind, colour, target)


Entry = tuple[str, Sequence[str], Sequence[str]]


def layout_graph(graph: RevisionGraph, order: Sequence[str] | None = None, *,
                 oldest_first: bool = False, dependencies: bool = True) -> GraphLayout:
    """Lay out ``graph`` in ``order`` (newest first; default ``graph.topological_order()``).

    ``order`` may be a subset (edges to revisions outside it are left out); it must list children
    before their parents. ``oldest_first`` mirrors the result (same lanes, rows reversed).
    """
    revs = graph.topological_order() if order is None else order
    entries = [graph_entry(graph, rev, dependencies=dependencies) for rev in revs]
    return layout_entries(entries, oldest_first=oldest_first)


def graph_entry(graph: RevisionGraph, rev: str, *, dependencies: bool = True
                ) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """``(rev, parents, dependencies)`` of one revision, as :func:`layout_entries` takes it:
    the ``down_revision`` tuple, then the ``depends_on`` targets that are not also parents."""
    down = tuple(graph[rev].down_revisions)
    deps: tuple[str, ...] = ()
    if dependencies:
        extra = graph.parents(rev)
        if len(extra) > len(down):
            deps = tuple(p for p in extra if p not in down)
    return rev, down, deps


def layout_entries(entries: Iterable[Entry], *, oldest_first: bool = False) -> GraphLayout:
    """Lay out ``(revision, parents, dependencies)`` triples given newest first.

    ``parents`` is the ``down_revision`` tuple (first parent first); ``dependencies`` the
    ``depends_on`` targets. See the module docstring for the rules.
    """
    items = list(entries)
    # The cyclic collector is paused (shared counter with the graph loader): a layout makes many
    # acyclic objects, and collections that find nothing cost a third of the time.
    with gc_paused():
        return _layout(items, oldest_first)


def _layout(items: list[Entry], oldest_first: bool) -> GraphLayout:
    known = {e[0] for e in items}
    lines: list[_Line | None] = []  # per slot: the open line, None when free
    cur: list[Segment | None] = []  # per slot: that line's segment above the next row
    fresh: list[_Line] = []  # lines opened at the previous row away from their slot
    waiting: dict[str, list[_Line]] = {}  # target -> the lines that run to it
    colour_use: list[int] = []  # colour -> open lines using it
    placed: set[str] = set()
    between: list[tuple[Segment, ...]] = []  # between[i]: the segments above row i
    mirrored: list[tuple[Segment, ...]] = []  # the same, upside down (for oldest first)
    node_lanes: list[int] = []
    node_colours: list[int] = []
    reaches: list[int] = []  # per row: the rightmost lane the segments above it touch
    chains = 0  # lines of descent numbered in the order they start (first-parent chains)

    def new_colour() -> int:
        for c, used in enumerate(colour_use):
            if not used:
                return c
        colour_use.append(0)
        return len(colour_use) - 1

    def free_slot() -> int:
        try:
            return lines.index(None)
        except ValueError:
            lines.append(None)
            cur.append(None)
            return len(lines) - 1

    def open_line(target: str, kind: EdgeKind, rank: tuple[int, int], colour: int, src: int,
                  slot: int) -> None:
        line = _Line(target, kind, rank, colour, src, slot)
        lines[slot] = line
        if src == slot:
            cur[slot] = line.vseg
        else:
            cur[slot] = Segment(src, slot, kind, colour, target)
            fresh.append(line)
        colour_use[colour] += 1
        waiting.setdefault(target, []).append(line)

    for rev, parents, deps in items:
        placed.add(rev)
        top = len(lines) - 1
        ending = waiting.pop(rev, None)
        node_colour = -1
        chain = -1
        diagonals: list[int] = []  # slots whose segment above this row is not vertical
        reach = -1
        if ending:
            best = ending[0] if len(ending) == 1 else min(ending, key=_rank)
            s = best.slot
            if best.kind == "parent":
                node_colour = best.colour
                chain = best.rank[1]
            reach = s
            for line in ending:
                j = line.slot
                if line.src > reach:
                    reach = line.src
                if line.src != s or j != s:
                    cur[j] = Segment(line.src, s, line.kind, line.colour, rev)
                    diagonals.append(j)
        else:
            s = free_slot()
        if top >= 0:
            last = lines[top]
            if last is not None and (last.target != rev or last.src == top):
                reach = max(reach, top)
            else:  # the rightmost line ends here from elsewhere: find what is really touched
                for other in lines:
                    if other is not None:
                        reach = max(reach, other.src if other.target == rev else other.slot)
        for line in fresh:
            if line.target != rev:
                diagonals.append(line.slot)
                if line.src > reach:
                    reach = line.src
        segs = tuple(filter(None, cur))
        between.append(segs)
        if oldest_first:
            if diagonals:
                saved = [cur[j] for j in diagonals]
                for j, seg in zip(diagonals, saved, strict=True):
                    if seg is not None:
                        cur[j] = Segment(seg.to_lane, seg.from_lane, seg.kind, seg.colour,
                                         seg.target)
                mirrored.append(tuple(filter(None, cur)))
                for j, seg in zip(diagonals, saved, strict=True):
                    cur[j] = seg
            else:
                mirrored.append(segs)
        reaches.append(reach)
        for line in fresh:
            if line.target != rev:
                cur[line.slot] = line.vseg
                line.src = line.slot
        fresh.clear()
        if ending:
            for line in ending:
                lines[line.slot] = None
                cur[line.slot] = None
                colour_use[line.colour] -= 1

        first = True
        for p in parents:
            if p not in known or p in placed:
                continue
            if first:
                first = False
                if node_colour < 0:
                    node_colour = new_colour()
                if chain < 0:
                    chain = chains
                    chains += 1
                open_line(p, "parent", (0, chain), node_colour, s, s)
            else:
                open_line(p, "parent", (0, chains), new_colour(), s, free_slot())
                chains += 1
        for d in deps:
            if d not in known or d in placed or d in parents:
                continue
            open_line(d, "dependency", (1, chains), new_colour(), s, free_slot())
            chains += 1
        if node_colour < 0:
            node_colour = new_colour()
        while lines and lines[-1] is None:
            lines.pop()
            cur.pop()
        node_lanes.append(s)
        node_colours.append(node_colour)

    # Every line is closed by now: targets are known and not placed yet when a line opens.
    between.append(())
    mirrored.append(())
    reaches.append(-1)
    n = len(items)
    # A row's width covers its node and both ends of the segments above and below it.
    widths = [max(node_lanes[i], reaches[i], reaches[i + 1]) + 1 for i in range(n)]
    if oldest_first:
        up = mirrored[::-1]
        rows = tuple(
            LayoutRow(k, items[i][0], node_lanes[i], node_colours[i], up[k], up[k + 1], widths[i])
            for k, i in enumerate(range(n - 1, -1, -1))
        )
    else:
        rows = tuple(
            LayoutRow(i, items[i][0], node_lanes[i], node_colours[i], between[i],
                      between[i + 1], widths[i])
            for i in range(n)
        )
    return GraphLayout(rows=rows, max_lanes=max(widths, default=0), oldest_first=oldest_first,
                       row_index={row.revision: row.index for row in rows})


def _rank(line: _Line) -> tuple[int, int]:
    return line.rank
