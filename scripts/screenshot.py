"""Render Migrator's main window to a PNG (offscreen), as a user would see it.

    python scripts/screenshot.py [--project PATH] [--url URL] [--select REV] [--upgrade] OUT.png

With no project it opens the demo (reset first, so the picture is reproducible).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Render this checkout, not whichever Migrator happens to be installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication

from migrator_gui.app import create_main_window, ensure_application
from migrator_gui.core.demo import prepare_demo


def _wait_idle(window: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    # Let the first job start before testing for idleness.
    QCoreApplication.processEvents()
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if not window.busy:  # type: ignore[attr-defined]
            for _ in range(20):
                QCoreApplication.processEvents()
                time.sleep(0.01)
            if not window.busy:  # type: ignore[attr-defined]
                return
        time.sleep(0.02)
    raise TimeoutError("the window did not become idle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--project")
    parser.add_argument("--url")
    parser.add_argument("--select", help="revision id (prefix) to select")
    parser.add_argument("--upgrade", action="store_true", help="upgrade to head first")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()

    ensure_application()
    if args.project is None:
        prepare_demo(reset=True)
    window = create_main_window(args.project, args.url)
    window.resize(args.width, args.height)
    window.show()
    _wait_idle(window)
    if args.upgrade:
        window.upgrade()
        _wait_idle(window)
    if args.select:
        window.select_revision(args.select)
    for _ in range(10):
        QCoreApplication.processEvents()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.output)):
        print(f"could not write {args.output}", file=sys.stderr)
        return 1
    print(args.output)
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
