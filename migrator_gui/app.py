"""Application bootstrap: the command line, the QApplication, and ``create_main_window``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from migrator_gui import __version__
from migrator_gui.core.demo import prepare_demo
from migrator_gui.ui.main_window import MainWindow

ORGANIZATION = "migrator-gui"
APPLICATION = "Migrator"


def ensure_application(argv: Sequence[str] | None = None) -> QApplication:
    """The running QApplication, created (with Migrator's names for QSettings) if there is none."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("migrator-gui")
    return app


def create_main_window(project: str | Path | None = None, url: str | None = None) -> MainWindow:
    """Build the main window on ``project`` without entering the event loop.

    ``project`` None opens the bundled demo (copied to a per-user folder) on its SQLite database.
    ``url`` selects the database; by default alembic.ini's ``sqlalchemy.url`` (the demo's SQLite
    file for the demo). Loading revisions and reading the database happen in the background: wait
    for ``window.job_finished`` / ``not window.busy``.
    """
    ensure_application()
    window = MainWindow()
    # Without a URL the project's last profile is selected again, else alembic.ini's URL (the
    # demo's points at its own SQLite file).
    window.open_project(prepare_demo() if project is None else project, url)
    return window


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="migrator-gui",
        description="Alembic migrations, visible and safe. With no argument, opens the demo.",
    )
    parser.add_argument(
        "project", nargs="?", help="folder with alembic.ini, an alembic.ini, or a pyproject.toml"
    )
    parser.add_argument("--url", help="SQLAlchemy URL of the database (default: alembic.ini's)")
    parser.add_argument("--demo", action="store_true", help="open the bundled demo project")
    parser.add_argument(
        "--reset", action="store_true", help="with --demo: restore the demo and its database"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.reset and not (args.demo or args.project is None):
        build_parser().error("--reset only applies to the demo (--demo)")
    app = ensure_application(sys.argv[:1] if argv is None else ["migrator-gui"])
    if args.project is None or args.demo:
        window = MainWindow()
        window.open_project(prepare_demo(reset=args.reset), args.url)
    else:
        window = create_main_window(args.project, args.url)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
