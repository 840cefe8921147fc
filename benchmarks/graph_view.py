"""The graph view: open project -> painted graph, scrolling, memory, beside ``alembic history``.

For each size, writes a complete alembic project with a branchy random history (the same files as
``load_graph.py``: ``tests/core/history_factory.py``, ``BENCHMARK_SHAPE``, same seed, same
``--keep`` folder names), then measures in fresh processes running the real main window offscreen
(``QT_QPA_PLATFORM=offscreen``):

* open -> painted, cold   - ``window.open_project(dir)`` until ``graph_loaded`` has been emitted
                            and the graph view (``QTableView`` "revisionGraph") has been repainted;
                            a fresh process, so the loader's cache is empty (the window was created
                            with ``create_main_window()`` on the demo, and is idle, before t0);
* open -> painted, cached - the same project opened again in that process (the core loader's cache);
* launch -> painted       - a fresh ``python`` running ``create_main_window(dir)`` until the
                            graph is painted: interpreter start-up, imports and window included,
                            like the CLI column;
* scroll                  - once the background jobs are done, the vertical scroll bar from top to
                            bottom in 200 steps, each ``setValue`` + pending events +
                            ``viewport().repaint()`` timed: worst and median frame;
* peak RSS                - ``ru_maxrss`` of the measuring process at the end;
* alembic history         - ``python -m alembic -c alembic.ini history`` on the same directory.

Usage::

    python benchmarks/graph_view.py                     # 1,000 / 5,000 / 20,000, 3 runs each
    python benchmarks/graph_view.py --quick             # alembic CLI once per size
    python benchmarks/graph_view.py --sizes 1000,5000 --no-alembic
    python benchmarks/graph_view.py --keep /tmp/histories   # shared with load_graph.py

Medians of ``--runs`` runs are printed; the exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

COLD_TARGET_S = 2.0
"""20,000 revisions: open -> painted, empty cache."""
CACHED_TARGET_S = 0.6
"""20,000 revisions: open -> painted again, with the loader's cache."""
FRAME_TARGET_S = 0.030
"""Worst frame while scrolling (every size)."""
RSS_TARGET_MB = 300.0
"""Peak resident memory of the process (every size)."""
TARGET_SIZE = 20000
SCROLL_STEPS = 200
RACY_WAIT_S = 2.1
"""Files younger than 2 s are re-read on the next load (see revisions.py): wait that out, as a
real tree would be, so the cached open measures the steady state."""
WINDOW_SIZE = (1400, 900)


def _load_factory() -> types.ModuleType:
    path = ROOT / "tests" / "core" / "history_factory.py"
    spec = importlib.util.spec_from_file_location("history_factory", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["history_factory"] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------------------------
# The measuring process (``--child``): imports Qt; the parent never does.


def _child(mode: str, project: str, spawned: float, timeout: float) -> dict[str, object]:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QTableView

    from migrator_gui.app import create_main_window

    def wait(done: object, signal: object | None = None, poll_ms: int = 0) -> None:
        """Run the event loop (blocking, so worker threads are not starved of the GIL) until
        ``done()`` is true; woken by ``signal`` and/or polled every ``poll_ms``."""
        assert callable(done)
        if done():
            return
        loop = QEventLoop()

        def check(*_: object) -> None:
            if done():
                loop.quit()

        if signal is not None:
            signal.connect(check)  # type: ignore[attr-defined]
        timer = QTimer()
        if poll_ms:
            timer.timeout.connect(check)
            timer.start(poll_ms)
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.timeout.connect(loop.quit)
        deadline.start(int(timeout * 1000))
        loop.exec()
        timer.stop()
        deadline.stop()
        if signal is not None:
            signal.disconnect(check)  # type: ignore[attr-defined]
        if not done():
            raise TimeoutError(f"gave up after {timeout:.0f} s")

    def idle(window: object) -> None:
        wait(lambda: not getattr(window, "busy", False), poll_ms=10)

    if mode == "launch":
        window = create_main_window(project)
        window.resize(*WINDOW_SIZE)
        window.show()
        loaded = [0]
        window.graph_loaded.connect(lambda: loaded.__setitem__(0, loaded[0] + 1))
        view = window.findChild(QTableView, "revisionGraph")
        if view is None:
            raise RuntimeError("no QTableView named 'revisionGraph'")

        def shown() -> bool:  # graph_loaded, or a load finished before we could connect
            model = view.model()
            return loaded[0] > 0 or (not getattr(window, "busy", True) and model is not None
                                     and model.rowCount() > 0)

        wait(shown, window.graph_loaded, poll_ms=50)
        view.viewport().repaint()
        return {"launch": time.time() - spawned}

    window = create_main_window()  # the demo; measured opens start from an idle window
    window.resize(*WINDOW_SIZE)
    window.show()
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
    idle(window)
    view = window.findChild(QTableView, "revisionGraph")
    if view is None:
        raise RuntimeError("no QTableView named 'revisionGraph'")
    loaded = [0]
    window.graph_loaded.connect(lambda: loaded.__setitem__(0, loaded[0] + 1))

    def open_and_paint() -> float:
        before = loaded[0]
        start = time.perf_counter()
        if not window.open_project(project):
            raise RuntimeError(f"open_project({project!r}) refused")
        wait(lambda: loaded[0] > before, window.graph_loaded)
        view.viewport().repaint()
        return time.perf_counter() - start

    cold = open_and_paint()
    model = view.model()
    rows = model.rowCount() if model is not None else -1
    idle(window)  # the status read and the syntax check that follow a load
    cached = open_and_paint()
    idle(window)

    bar = view.verticalScrollBar()
    low, high = bar.minimum(), bar.maximum()
    bar.setValue(low)
    app.processEvents()
    view.viewport().repaint()
    frames: list[float] = []
    for k in range(1, SCROLL_STEPS + 1):
        value = low + round((high - low) * k / SCROLL_STEPS)
        start = time.perf_counter()
        bar.setValue(value)
        app.processEvents()
        view.viewport().repaint()
        frames.append(time.perf_counter() - start)
    at_bottom = bar.value() == high

    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / (1 << 20) if sys.platform == "darwin" else peak / 1024
    return {
        "cold": cold,
        "cached": cached,
        "rows": rows,
        "scroll_range": high - low,
        "at_bottom": at_bottom,
        "frame_worst": max(frames),
        "frame_worst_step": frames.index(max(frames)) + 1,
        "view": f"{type(view).__module__}.{type(view).__name__}",
        "frame_median": statistics.median(frames),
        "scroll_total": sum(frames),
        "rss_mb": peak_mb,
    }


def _child_main(args: list[str]) -> int:
    mode, project, spawned, timeout = args[0], args[1], float(args[2]), float(args[3])
    try:
        result = _child(mode, project, spawned, timeout)
    except Exception as exc:  # reported to the parent, which prints it
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
        os._exit(2)
    print(json.dumps(result), flush=True)
    # Background jobs (a syntax check, a status read) may still run: leave without tearing down.
    os._exit(0)


# --------------------------------------------------------------------------------------------
# The parent: writes the histories, starts the measuring processes, prints the table.


def _child_env(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # recent projects, profiles, QSettings and the demo copy go to a throw-away home
    env["XDG_CONFIG_HOME"] = os.path.join(home, "config")
    env["XDG_DATA_HOME"] = os.path.join(home, "data")
    env["XDG_CACHE_HOME"] = os.path.join(home, "cache")
    env["MIGRATOR_GUI_CONFIG_DIR"] = os.path.join(home, "config", "migrator-gui")
    env["MIGRATOR_GUI_DATA_DIR"] = os.path.join(home, "data", "migrator-gui")
    return env


def _run_child(mode: str, project: Path, timeout: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="migrator-bench-home-") as home:
        spawned = time.time()
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(project),
             repr(spawned), str(timeout)],
            env=_child_env(home), capture_output=True, text=True, timeout=timeout * 4,
        )
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    if proc.returncode != 0 or "error" in result or not result:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"measuring process ({mode}) failed: "
                         f"{result.get('error', f'exit status {proc.returncode}')}")
    return result


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _fmt(seconds: float) -> str:
    if seconds != seconds:  # nan
        return "-"
    if seconds < 0.1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def bench_size(factory: types.ModuleType, n: int, runs: int, alembic_runs: int, seed: int,
               keep: Path | None, timeout: float) -> dict[str, float]:
    if keep is not None:
        return _bench_in(factory, keep / f"history_{n}", n, runs, alembic_runs, seed, timeout)
    with tempfile.TemporaryDirectory(prefix=f"migrator-bench-{n}-") as tmp:
        return _bench_in(factory, Path(tmp) / f"history_{n}", n, runs, alembic_runs, seed,
                         timeout)


def _bench_in(factory: types.ModuleType, root: Path, n: int, runs: int, alembic_runs: int,
              seed: int, timeout: float) -> dict[str, float]:
    if not (root / "alembic.ini").is_file():
        print(f"  writing {n} revisions to {root} ...", flush=True)
        factory.write_alembic_project(root, n, seed, factory.BENCHMARK_SHAPE)
    newest = max(p.stat().st_mtime for p in (root / "migrations" / "versions").iterdir())
    wait = newest + RACY_WAIT_S - time.time()
    if wait > 0:
        time.sleep(wait)

    measured: list[dict[str, Any]] = []
    launch: list[float] = []
    for k in range(runs):
        print(f"  run {k + 1}/{runs}: open, reopen, scroll ...", flush=True)
        measured.append(_run_child("open", root, timeout))
        launch.append(_run_child("launch", root, timeout)["launch"])
    worst_steps = [int(m["frame_worst_step"]) for m in measured]
    print(f"  view {measured[0]['view']}, scroll range {int(measured[0]['scroll_range'])}, "
          f"worst frame at step {worst_steps} of {SCROLL_STEPS}", flush=True)
    rows = {int(m["rows"]) for m in measured}
    if rows != {n}:
        print(f"  note: the graph view shows {sorted(rows)} rows for {n} revisions", flush=True)
    if not all(m["at_bottom"] for m in measured):
        print("  note: the scroll bar did not reach the bottom", flush=True)

    alembic: list[float] = []
    env = _child_env(tempfile.gettempdir())
    for _ in range(alembic_runs):
        print("  alembic history ...", flush=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "alembic", "-c", str(root / "alembic.ini"),
                        "history"], check=True, cwd=root, stdout=subprocess.DEVNULL, env=env)
        alembic.append(time.perf_counter() - start)
    out = {key: _median([m[key] for m in measured])
           for key in ("cold", "cached", "frame_worst", "frame_median", "scroll_total", "rss_mb",
                       "rows")}
    out["launch"] = _median(launch)
    out["alembic"] = _median(alembic)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return _child_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000",
                        help="comma-separated history sizes (default 1000,5000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--quick", action="store_true", help="run the alembic CLI once per size")
    parser.add_argument("--no-alembic", action="store_true", help="skip the alembic CLI")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, default=None,
                        help="write (or reuse) the histories in this folder")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds to wait for a load or for the window to be idle")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    alembic_runs = 0 if args.no_alembic else (1 if args.quick else args.runs)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    factory = _load_factory()

    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPU(s); "
          f"median of {args.runs} run(s), alembic CLI {alembic_runs} run(s); offscreen, "
          f"window {WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}, {SCROLL_STEPS} scroll steps")
    results: dict[int, dict[str, float]] = {}
    for n in sizes:
        print(f"{n} revisions:", flush=True)
        results[n] = bench_size(factory, n, args.runs, alembic_runs, args.seed, args.keep,
                                args.timeout)

    header = (f"{'revisions':>9} {'rows':>6} {'open→painted cold':>18} {'cached':>8} "
              f"{'launch→painted':>15} {'scroll worst':>13} {'median':>8} {'peak RSS':>9} "
              f"{'alembic history':>16} {'alembic/launch':>15}")
    print()
    print(header)
    print("-" * len(header))
    for n, r in results.items():
        ratio = r["alembic"] / r["launch"] if r["alembic"] == r["alembic"] else float("nan")
        ratio_text = f"{ratio:.1f}x" if ratio == ratio else "-"
        print(f"{n:>9} {int(r['rows']):>6} {_fmt(r['cold']):>18} {_fmt(r['cached']):>8} "
              f"{_fmt(r['launch']):>15} {_fmt(r['frame_worst']):>13} "
              f"{_fmt(r['frame_median']):>8} {r['rss_mb']:>6.0f} MB "
              f"{_fmt(r['alembic']):>16} {ratio_text:>15}")
    print()

    ok = True

    def verdict(passed: bool) -> str:
        nonlocal ok
        ok &= passed
        return "PASS" if passed else "FAIL"

    if TARGET_SIZE in results:
        r = results[TARGET_SIZE]
        print(f"{TARGET_SIZE} open -> painted cold {_fmt(r['cold'])} "
              f"(target <= {COLD_TARGET_S} s) {verdict(r['cold'] <= COLD_TARGET_S)}")
        print(f"{TARGET_SIZE} open -> painted cached {_fmt(r['cached'])} "
              f"(target <= {CACHED_TARGET_S} s) {verdict(r['cached'] <= CACHED_TARGET_S)}")
    for n, r in results.items():
        print(f"{n} worst frame scrolling {_fmt(r['frame_worst'])} "
              f"(target <= {FRAME_TARGET_S * 1000:.0f} ms) "
              f"{verdict(r['frame_worst'] <= FRAME_TARGET_S)}; "
              f"peak RSS {r['rss_mb']:.0f} MB (target <= {RSS_TARGET_MB:.0f} MB) "
              f"{verdict(r['rss_mb'] <= RSS_TARGET_MB)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
