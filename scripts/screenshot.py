"""Render Migrator's main window to a PNG (offscreen), as a user would see it.

    python scripts/screenshot.py [--project PATH] [--url URL] [--select REV]
                                 [--upgrade | --upgrade-to REV] [--dark] [--fold]
                                 [--plan OPERATION:TARGET] [--tab log|plan|history] OUT.png

With no project it opens the demo (reset first, so the picture is reproducible). Window settings
(filters, splitters) start from scratch in a temporary folder, not from the user's.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="migrator-shot-")
# The demo copy and the audit log too: the user's own files are never touched.
os.environ["MIGRATOR_GUI_DATA_DIR"] = tempfile.mkdtemp(prefix="migrator-shot-data-")
# Render this checkout, not whichever Migrator happens to be installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

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


def _dark(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colours = {
        "Window": "#2b2b2b", "WindowText": "#e0e0e0", "Base": "#1e1e1e",
        "AlternateBase": "#262626", "Text": "#e0e0e0", "Button": "#353535",
        "ButtonText": "#e0e0e0", "Highlight": "#2f65ca", "HighlightedText": "#ffffff",
        "ToolTipBase": "#353535", "ToolTipText": "#e0e0e0", "PlaceholderText": "#8a8a8a",
        "Link": "#6ea8fe", "BrightText": "#ffffff",
    }
    for role, colour in colours.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    app.setPalette(palette)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--project")
    parser.add_argument("--url")
    parser.add_argument("--select", help="revision id (prefix) to select")
    parser.add_argument("--upgrade", action="store_true", help="upgrade to head first")
    parser.add_argument("--upgrade-to", metavar="REV", help="upgrade to this revision first")
    parser.add_argument("--dark", action="store_true", help="a dark palette (Fusion style)")
    parser.add_argument("--fold", action="store_true", help="fold the applied history")
    parser.add_argument("--pending-only", action="store_true", help="show pending only")
    parser.add_argument(
        "--plan", metavar="OPERATION:TARGET", help="show the plan of e.g. downgrade:base"
    )
    parser.add_argument("--tab", choices=("log", "plan", "history"), help="bottom tab to show")
    parser.add_argument("--tour", type=int, metavar="STEP", help="show the tour at STEP (1-6)")
    parser.add_argument("--welcome", action="store_true", help="show the welcome screen")
    parser.add_argument("--lang", choices=("en", "zh_CN"), help="the interface language")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()

    app = ensure_application()
    if args.lang:
        from migrator_gui.ui.i18n import install_translators

        install_translators(app, args.lang)
    if args.dark:
        _dark(app)
    if args.project is None:
        prepare_demo(reset=True)
    window = create_main_window(args.project, args.url)
    window.resize(args.width, args.height)
    window.show()
    _wait_idle(window)
    if args.upgrade or args.upgrade_to:
        window.upgrade(args.upgrade_to or "heads")
        _wait_idle(window)
    window.graph_panel.fold_applied_action.setChecked(args.fold)
    window.graph_panel.pending_only_action.setChecked(args.pending_only)
    if args.select:
        window.select_revision(args.select)
    if args.plan:
        operation, _, target = args.plan.partition(":")
        window.plan_operation(operation, target)
        _wait_idle(window)
        window.main_splitter.setSizes([430, 370])
    if args.tab:
        tabs = window.bottom_tabs
        tabs.setCurrentIndex(("log", "plan", "history").index(args.tab))
    if args.tour:
        tour = window.start_tour()
        for _ in range(args.tour - 1):
            tour.next()
        _wait_idle(window)
    if args.welcome:
        dialog = window.show_welcome()
        for _ in range(10):
            QCoreApplication.processEvents()
        args.output.parent.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(args.output))
        print(args.output)
        return 0
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
