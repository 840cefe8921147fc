"""Start-up time: from the process start to the main window painted with the demo graph.

    python benchmarks/startup.py [--runs 7] [--bundle dist/migrator-gui/migrator-gui]

Times ``migrator-gui`` from this environment (``python -m migrator_gui``) and, when built
(``python packaging/build.py``), from the PyInstaller bundle, beside ``alembic history`` on the
same demo project. Each run is a fresh process with the environment variable
``MIGRATOR_GUI_EXIT_WHEN_READY`` set: the app prints ``ready`` once the window is painted with
its graph and quits; the wall time is measured here, from the moment the process is started.
Offscreen Qt, temporary config and data folders (the demo copy included). Target: median from
the environment <= 1.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 1.5


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        MIGRATOR_GUI_EXIT_WHEN_READY="1",
        MIGRATOR_GUI_DATA_DIR=str(folder / "data"),
        MIGRATOR_GUI_CONFIG_DIR=str(folder / "config"),
        XDG_CONFIG_HOME=str(folder / "xdg"),
    )
    return env


def _time_app(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, text=True, cwd=ROOT)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "ready":
            elapsed = time.perf_counter() - started
            proc.wait(timeout=30)
            return elapsed
    proc.wait(timeout=30)
    raise RuntimeError(f"{command[0]} exited ({proc.returncode}) without being ready")


def _time_alembic_history(demo: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "alembic", "-c", str(demo / "alembic.ini"),
                           "history"], cwd=demo, capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "migrator-gui" /
                        "migrator-gui")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="migrator-startup-") as tmp:
        folder = Path(tmp)
        env = _env(folder)
        contenders: list[tuple[str, list[str]]] = [
            ("migrator-gui (venv)", [sys.executable, "-m", "migrator_gui"])]
        if args.bundle.is_file():
            contenders.append(("migrator-gui (bundle)", [str(args.bundle)]))
        else:
            print(f"(no bundle at {args.bundle}: build it with python packaging/build.py)")
        # a warm-up of each (writes the demo copy and the bytecode)
        for _, command in contenders:
            _time_app(command, env)
        demo = folder / "data" / "demo"
        _time_alembic_history(demo)
        times: dict[str, list[float]] = {name: [] for name, _ in contenders}
        times["alembic history"] = []
        for _ in range(args.runs):
            for name, command in contenders:
                times[name].append(_time_app(command, env))
            times["alembic history"].append(_time_alembic_history(demo))
    history = statistics.median(times["alembic history"])
    print(f"\n{'':24}{'median s':>10}{'min s':>8}{'max s':>8}   vs alembic history")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:24}{median:10.3f}{min(values):8.3f}{max(values):8.3f}"
              f"   {median / history:5.2f}x")
    venv = statistics.median(times["migrator-gui (venv)"])
    verdict = "PASS" if venv <= TARGET_SECONDS else "FAIL"
    print(f"\nmigrator-gui from the venv: {venv:.3f} s (target <= {TARGET_SECONDS} s) {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
