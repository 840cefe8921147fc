"""Lane layout of the revision graph (``core/layout.py``) on branchy generated histories.

For each size, builds an in-memory :class:`RevisionGraph` from ``tests/core/history_factory.py``
(the same branchy shape as ``benchmarks/load_graph.py``: branch points, merges of two and three,
several roots, ``depends_on``), computes its topological order once, then times
``layout_graph(graph)`` (newest first, dependencies included) and the oldest-first variant.

Usage::

    python benchmarks/layout.py                    # 1,000 / 5,000 / 20,000, 7 runs each
    python benchmarks/layout.py --sizes 20000 --runs 11

Medians are printed; the exit status is 1 when 20,000 revisions take 0.5 s or more.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
import sys
import time
import types
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from migrator_gui.core.layout import layout_graph  # noqa: E402
from migrator_gui.core.revisions import RevisionFile, RevisionGraph  # noqa: E402

TARGET_20K = 0.5


def _load_factory() -> types.ModuleType:
    path = ROOT / "tests" / "core" / "history_factory.py"
    spec = importlib.util.spec_from_file_location("history_factory", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["history_factory"] = module
    spec.loader.exec_module(module)
    return module


def _graph(factory: types.ModuleType, n: int, seed: int) -> RevisionGraph:
    revs = factory.generate_history(n, seed, factory.BENCHMARK_SHAPE)
    return RevisionGraph.from_files(
        RevisionFile(path=Path(f"/v/{g.revision}.py"), revision=g.revision,
                     down_revisions=g.down_revisions, branch_labels=g.branch_labels,
                     depends_on=g.depends_on, create_date=g.create_date, message=g.message)
        for g in revs
    )


def _median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    factory = _load_factory()
    ok = True
    print(f"{'revisions':>9}  {'max lanes':>9}  {'newest first':>12}  {'oldest first':>12}"
          f"  {'per row':>8}  {'no depends_on':>13}  {'its lanes':>9}")
    for n in (int(s) for s in args.sizes.split(",")):
        graph = _graph(factory, n, args.seed)
        graph.topological_order()  # computed once by the loader's caller, not by the layout
        layout = layout_graph(graph)
        newest = _median_time(partial(layout_graph, graph), args.runs)
        oldest = _median_time(partial(layout_graph, graph, oldest_first=True), args.runs)
        plain = _median_time(partial(layout_graph, graph, dependencies=False), args.runs)
        plain_lanes = layout_graph(graph, dependencies=False).max_lanes
        print(f"{n:>9,}  {layout.max_lanes:>9}  {newest * 1000:>9.1f} ms  {oldest * 1000:>9.1f} ms"
              f"  {newest / n * 1e6:>5.1f} us  {plain * 1000:>10.1f} ms  {plain_lanes:>9}")
        if n >= 20000 and max(newest, oldest) >= TARGET_20K:
            ok = False
            print(f"  target missed: {TARGET_20K} s for 20,000 revisions")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
