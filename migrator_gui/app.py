"""Application bootstrap: the command line, the QApplication, and ``create_main_window``.

``migrator-gui --runner`` is the packaged app acting as Migrator's child runner (see
:func:`run_runner`): it is checked before anything imports Qt. ``--smoke-test`` opens the demo,
upgrades and downgrades it and exits (see :func:`smoke_test`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from migrator_gui import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from migrator_gui.ui.main_window import MainWindow

ORGANIZATION = "migrator-gui"
APPLICATION = "Migrator"
RUNNER_FLAG = "--runner"
"""``migrator-gui --runner``: run ``runner/child.py`` in this process (the packaged app has no
Python interpreter of its own to run the script with)."""
SMOKE_TEST_TIMEOUT = 120.0
"""Seconds after which ``--smoke-test`` gives up (exit code 2)."""


def ensure_application(argv: Sequence[str] | None = None) -> QApplication:
    """The running QApplication, created (with Migrator's names for QSettings) if there is none."""
    from PySide6.QtWidgets import QApplication

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
    from migrator_gui.core.demo import prepare_demo
    from migrator_gui.ui.main_window import MainWindow

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
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open a throw-away copy of the demo, upgrade it to heads and downgrade it to base, "
        "then exit (0: ok, 1: failed, 2: timed out); works with QT_QPA_PLATFORM=offscreen",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def runner_child_path() -> Path:
    """``runner/child.py``: in the bundle (shipped as a data file) or beside this module."""
    base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and base:
        return Path(base) / "migrator_gui" / "runner" / "child.py"
    return Path(__file__).resolve().parent / "runner" / "child.py"


def run_runner() -> int:
    """Behave exactly as ``python runner/child.py``: load the file by path and run its
    ``_exit(main())`` (which never returns: the runner ends with ``os._exit``)."""
    import importlib.util

    path = runner_child_path()
    spec = importlib.util.spec_from_file_location("_migrator_gui_runner_child", str(path))
    if spec is None or spec.loader is None or not path.is_file():
        sys.stderr.write(f"Migrator's runner script is missing: {path}\n")
        return 2
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses looks the module up while decorating
    sys.argv = [str(path)]
    spec.loader.exec_module(module)
    module._exit(module.main())
    return 1  # pragma: no cover - _exit does not return


def main(argv: Sequence[str] | None = None) -> int:
    raw = list(sys.argv[1:] if argv is None else argv)
    if raw[:1] == [RUNNER_FLAG]:  # before argparse and before any Qt import
        return run_runner()
    args = build_parser().parse_args(raw)
    if args.smoke_test:
        return smoke_test()
    if args.reset and not (args.demo or args.project is None):
        build_parser().error("--reset only applies to the demo (--demo)")
    app = ensure_application(sys.argv[:1] if argv is None else ["migrator-gui"])
    from migrator_gui.core.preferences import load_preferences
    from migrator_gui.ui.i18n import install_translators, resolve_language

    # the preferences' language (or the system's), before any window exists
    install_translators(app, resolve_language(load_preferences().language))
    if args.project is None or args.demo:
        from migrator_gui.core.demo import prepare_demo
        from migrator_gui.ui.main_window import MainWindow

        window = MainWindow()
        window.open_project(prepare_demo(reset=args.reset), args.url)
    else:
        window = create_main_window(args.project, args.url)
    window.show()
    if os.environ.get(_READY_ENV):
        _exit_when_ready(window)
    elif args.project is None and not args.demo:
        from PySide6.QtCore import QTimer

        from migrator_gui.ui.welcome_dialog import show_at_start

        if show_at_start():  # a first run: the welcome screen over the demo
            QTimer.singleShot(0, window.show_welcome)
    return app.exec()


_READY_ENV = "MIGRATOR_GUI_EXIT_WHEN_READY"
"""Set (by benchmarks/startup.py): print ``ready <seconds>`` and quit as soon as the window is
painted with its graph (the time from the process start is measured by the caller)."""


def _exit_when_ready(window: MainWindow) -> None:
    from PySide6.QtCore import QCoreApplication, QTimer

    def check() -> None:
        if window.graph is not None and window.revision_model.rowCount() > 0:
            window.repaint()  # painted, synchronously
            print("ready", flush=True)
            QCoreApplication.quit()
        else:
            QTimer.singleShot(2, check)

    QTimer.singleShot(0, check)


# -- --smoke-test ---------------------------------------------------------------------------------


class _SmokeTestFailed(Exception):
    pass


class _SmokeTestTimeout(Exception):
    pass


def smoke_test(timeout: float = SMOKE_TEST_TIMEOUT) -> int:
    """Open a throw-away copy of the demo, wait for the graph and the database status, upgrade
    to heads, downgrade to base, checking the status each time. Prints ``smoke test ok`` and
    returns 0; a failure prints why and returns 1; past ``timeout`` seconds the process exits 2
    (a watchdog also ends a run stuck outside the event loop).

    The user's files are never touched: config and data folders (so the demo copy, profiles,
    recent projects and audit log) and QSettings go to a temporary folder."""
    import os
    import shutil
    import tempfile
    import threading
    import time

    started = time.monotonic()
    deadline = started + timeout

    def watchdog() -> None:
        print(f"smoke test timed out after {timeout:.0f} s (hard stop)", flush=True)
        os._exit(2)

    timer = threading.Timer(timeout + 10, watchdog)
    timer.daemon = True
    timer.start()
    home = Path(tempfile.mkdtemp(prefix="migrator-smoke-"))
    saved = {k: os.environ.get(k) for k in ("MIGRATOR_GUI_DATA_DIR", "MIGRATOR_GUI_CONFIG_DIR")}
    os.environ["MIGRATOR_GUI_DATA_DIR"] = str(home / "data")
    os.environ["MIGRATOR_GUI_CONFIG_DIR"] = str(home / "config")
    try:
        from PySide6.QtCore import QSettings

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings")
        )
        app = ensure_application(["migrator-gui"])
        try:
            _run_smoke_test(app, deadline)
        except _SmokeTestTimeout as exc:
            print(f"smoke test timed out after {timeout:.0f} s: {exc}", flush=True)
            return 2
        except _SmokeTestFailed as exc:
            print(f"smoke test failed: {exc}", flush=True)
            return 1
        except Exception as exc:
            import traceback

            traceback.print_exc()
            print(f"smoke test failed: {type(exc).__name__}: {exc}", flush=True)
            return 1
        print(f"smoke test ok ({time.monotonic() - started:.1f} s)", flush=True)
        return 0
    finally:
        timer.cancel()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(home, ignore_errors=True)


def _run_smoke_test(app: QApplication, deadline: float) -> None:
    import time

    from PySide6.QtWidgets import QLabel

    from migrator_gui.core.demo import prepare_demo
    from migrator_gui.core.status import StatusKind
    from migrator_gui.ui.main_window import MainWindow

    class SmokeTestWindow(MainWindow):
        """The main window with every confirmation accepted (nothing to click offscreen)."""

        def _confirm(self, question: str, informative: str) -> bool:
            print(f"  confirm: {question} -> yes", flush=True)
            return True

    window = SmokeTestWindow()

    def why() -> str:
        banner = window.findChild(QLabel, "errorMessage")
        text = banner.text() if banner is not None and banner.isVisible() else ""
        status = window.db_status
        shown = f"status {status.kind.value}: {status.summary()}" if status else "no status"
        return f"{shown}{'; error: ' + text if text else ''}"

    def wait(what: str, done: object) -> None:
        assert callable(done)
        while not done():
            if time.monotonic() > deadline:
                raise _SmokeTestTimeout(f"waiting for {what} ({why()})")
            app.processEvents()
            time.sleep(0.01)
        app.processEvents()

    try:
        window.show()
        demo = prepare_demo(reset=True)
        if not window.open_project(demo):
            raise _SmokeTestFailed(f"cannot open the demo at {demo} ({why()})")
        wait("the revision graph and the database status",
             lambda: window.graph is not None and window.db_status is not None
             and not window.busy)
        graph, status = window.graph, window.db_status
        assert graph is not None and status is not None
        if len(graph) == 0 or not graph.heads:
            raise _SmokeTestFailed("the demo graph holds no revision")
        print(f"  graph: {len(graph)} revisions, heads {', '.join(graph.heads)}; "
              f"database {status.kind.value}", flush=True)
        if status.kind not in (StatusKind.NO_TABLE, StatusKind.EMPTY):
            raise _SmokeTestFailed(f"a fresh demo database should be at base ({why()})")

        window.upgrade("heads")
        if not window.busy:
            raise _SmokeTestFailed(f"the upgrade did not start ({why()})")
        wait("the upgrade", lambda: not window.busy)
        status = window.db_status
        if (status is None or status.kind is not StatusKind.AT_HEADS
                or set(status.rows) != set(graph.heads)):
            raise _SmokeTestFailed(f"after upgrade to heads: {why()}")
        print(f"  upgrade: {status.kind.value} ({', '.join(status.rows)})", flush=True)

        window.downgrade("base")
        if not window.busy:
            raise _SmokeTestFailed(f"the downgrade did not start ({why()})")
        wait("the downgrade", lambda: not window.busy)
        status = window.db_status
        if status is None or status.kind is not StatusKind.EMPTY or status.rows:
            raise _SmokeTestFailed(f"after downgrade to base: {why()}")
        print(f"  downgrade: {status.kind.value}", flush=True)
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    sys.exit(main())
