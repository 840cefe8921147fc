"""Reading the revision graph: Migrator's static loader side by side with ``alembic history``.

For each size, writes a complete alembic project (alembic.ini, env.py, script.py.mako, versions/)
holding a branchy random history (branch points, merges, several roots, a few labels and
depends_on), then times, on the same directory:

* Migrator cold   - ``load_graph(project)`` with an empty cache, in this process; "+ order" adds
                    ``topological_order()`` (what the GUI needs to draw the list);
* Migrator cached - the same call again on the unchanged tree (lists and stats the files only);
* Migrator proc   - a fresh ``python`` process doing the cold load (interpreter start-up and
                    imports included, like the CLI column);
* alembic history - ``python -m alembic -c alembic.ini history`` as a subprocess (no database).

Usage::

    python benchmarks/load_graph.py                      # 1,000 / 5,000 / 20,000, 3 runs each
    python benchmarks/load_graph.py --quick              # alembic CLI once per size
    python benchmarks/load_graph.py --sizes 1000,5000 --runs 5 --keep /tmp/histories

Medians are printed; the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from migrator_gui.core.project import open_project  # noqa: E402
from migrator_gui.core.revisions import RevisionGraph, clear_cache, load_graph  # noqa: E402


def _load_factory() -> types.ModuleType:
    path = ROOT / "tests" / "core" / "history_factory.py"
    spec = importlib.util.spec_from_file_location("history_factory", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["history_factory"] = module
    spec.loader.exec_module(module)
    return module


factory = _load_factory()

COLD_TARGET_S = 1.5
CACHED_TARGET_S = 0.3
SCALING_TARGET = 5.0
RACY_WAIT_S = 2.1
"""Files younger than 2 s are re-read on the next load (see revisions.py): wait that out, as a
real tree would be, so the cached column measures the steady state."""

_PROC_SCRIPT = """
import sys, time
t = time.perf_counter()
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import load_graph
g = load_graph(open_project(sys.argv[1]))
g.heads, g.topological_order()
print(time.perf_counter() - t)
"""


def _time(fn: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _cold_load(project_dir: Path) -> tuple[RevisionGraph, float, float]:
    """Empty cache; open the project and load (first time), then order it (second time)."""
    clear_cache()
    gc.collect()
    start = time.perf_counter()
    graph = load_graph(open_project(project_dir))
    graph.heads  # noqa: B018
    loaded = time.perf_counter()
    graph.topological_order()
    return graph, loaded - start, time.perf_counter() - start


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _fmt(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "-"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def bench_size(n: int, runs: int, alembic_runs: int, seed: int, keep: Path | None
               ) -> dict[str, float]:
    if keep is not None:
        return _bench_in(keep / f"history_{n}", n, runs, alembic_runs, seed)
    with tempfile.TemporaryDirectory(prefix=f"migrator-bench-{n}-") as tmp:
        return _bench_in(Path(tmp) / f"history_{n}", n, runs, alembic_runs, seed)


def _bench_in(root: Path, n: int, runs: int, alembic_runs: int, seed: int) -> dict[str, float]:
    if not (root / "alembic.ini").is_file():
        print(f"  writing {n} revisions to {root} ...", flush=True)
        factory.write_alembic_project(root, n, seed, factory.BENCHMARK_SHAPE)
    newest = max(p.stat().st_mtime for p in (root / "migrations" / "versions").iterdir())
    wait = newest + RACY_WAIT_S - time.time()
    if wait > 0:
        time.sleep(wait)

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)

    # Migrator, in process
    cold: list[float] = []
    ordered: list[float] = []
    graph: RevisionGraph | None = None
    for _ in range(runs):
        graph = None  # freed before the next run, not inside it
        graph, load_s, total_s = _cold_load(root)
        cold.append(load_s)
        ordered.append(total_s)
    assert graph is not None
    assert len(graph) == n and not graph.broken, (len(graph), graph.broken[:3], graph.problems)
    project = open_project(root)
    cached = [_time(lambda: load_graph(project).topological_order()) for _ in range(runs)]
    assert load_graph(project) is graph

    # Migrator, fresh process
    proc: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _PROC_SCRIPT, str(root)], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        proc.append(time.perf_counter() - start)

    # alembic history
    alembic: list[float] = []
    for _ in range(alembic_runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "alembic", "-c", str(root / "alembic.ini"),
                        "history"], check=True, cwd=root, stdout=subprocess.DEVNULL, env=env)
        alembic.append(time.perf_counter() - start)
    return {
        "heads": float(len(graph.heads)),
        "cold": _median(cold),
        "ordered": _median(ordered),
        "cached": _median(cached),
        "proc": _median(proc),
        "alembic": _median(alembic),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000",
                        help="comma-separated history sizes (default 1000,5000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--quick", action="store_true", help="run the alembic CLI once per size")
    parser.add_argument("--no-alembic", action="store_true", help="skip the alembic CLI")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, default=None,
                        help="write (or reuse) the histories in this folder")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    alembic_runs = 0 if args.no_alembic else (1 if args.quick else args.runs)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)

    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPU(s); "
          f"median of {args.runs} run(s), alembic CLI {alembic_runs} run(s)")
    results: dict[int, dict[str, float]] = {}
    for n in sizes:
        print(f"{n} revisions:", flush=True)
        results[n] = bench_size(n, args.runs, alembic_runs, args.seed, args.keep)

    header = (f"{'revisions':>9} {'heads':>5} {'Migrator cold':>14} {'+ order':>8} "
              f"{'cached':>7} {'cold, new proc':>15} {'alembic history':>16} "
              f"{'alembic/(cold+order)':>21} {'alembic/proc':>12}")
    print()
    print(header)
    print("-" * len(header))
    for n, r in results.items():
        print(f"{n:>9} {int(r['heads']):>5} {_fmt(r['cold']):>14} {_fmt(r['ordered']):>8} "
              f"{_fmt(r['cached']):>7} {_fmt(r['proc']):>15} {_fmt(r['alembic']):>16} "
              f"{r['alembic'] / r['ordered']:>20.1f}x {r['alembic'] / r['proc']:>11.1f}x")
    print()

    ok = True
    if 5000 in results and 20000 in results:
        scale = results[20000]["cold"] / results[5000]["cold"]
        alembic_scale = results[20000]["alembic"] / results[5000]["alembic"]
        passed = scale <= SCALING_TARGET
        ok &= passed
        order_scale = results[20000]["ordered"] / results[5000]["ordered"]
        print(f"scaling t(20k)/t(5k): Migrator cold {scale:.2f} (target <= {SCALING_TARGET}) "
              f"{'PASS' if passed else 'FAIL'}; cold + order {order_scale:.2f}; "
              f"alembic history {alembic_scale:.2f}")
    if 20000 in results:
        r = results[20000]
        passed = r["cold"] <= COLD_TARGET_S
        ok &= passed
        print(f"20k cold load {_fmt(r['cold'])} (target <= {COLD_TARGET_S} s) "
              f"{'PASS' if passed else 'FAIL'}; with the topological order {_fmt(r['ordered'])}")
        passed = r["cached"] <= CACHED_TARGET_S
        ok &= passed
        print(f"20k cached load {_fmt(r['cached'])} (target <= {CACHED_TARGET_S} s) "
              f"{'PASS' if passed else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
