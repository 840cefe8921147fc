"""The start-up probe benchmarks/startup.py relies on: the app says "ready" once its window is
painted with the demo graph, and quits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_app_says_ready_when_the_demo_graph_is_painted(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MIGRATOR_GUI_EXIT_WHEN_READY="1",
               MIGRATOR_GUI_DATA_DIR=str(tmp_path / "data"),
               MIGRATOR_GUI_CONFIG_DIR=str(tmp_path / "config"),
               XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    done = subprocess.run([sys.executable, "-m", "migrator_gui"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "ready"
    assert (tmp_path / "data" / "demo" / "alembic.ini").is_file()
