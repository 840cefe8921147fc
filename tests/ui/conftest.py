"""GUI test helpers: a per-test data folder (the demo copy, recent list) and waiting for idle."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from migrator_gui.ui.main_window import MainWindow
from tests.keyring_backend import MemoryKeyring, use_keyring


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRATOR_GUI_DATA_DIR", str(tmp_path / "user-data"))
    monkeypatch.setenv("MIGRATOR_GUI_CONFIG_DIR", str(tmp_path / "user-config"))


@pytest.fixture(autouse=True)
def _fresh_settings(qapp: QApplication) -> None:
    """Window settings (filters, geometry) start empty in every test, as on a first run."""
    from migrator_gui.app import ensure_application

    ensure_application()
    QSettings().clear()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A real keyring backend that lives in memory: GUI tests never touch the user's keyring."""
    with use_keyring(MemoryKeyring()) as backend:
        assert isinstance(backend, MemoryKeyring)
        yield backend


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 30_000) -> None:
    """Wait until every background job of ``window`` has finished."""
    qtbot.waitUntil(lambda: not window.busy, timeout=timeout)


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[Callable[..., MainWindow]]:
    """``open_window(project=None, url=None)``: a shown main window, idle after loading."""
    from migrator_gui.app import create_main_window

    windows: list[MainWindow] = []

    def make(project: str | Path | None = None, url: str | None = None) -> MainWindow:
        window = create_main_window(project, url)
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        wait_idle(qtbot, window)
        return window

    yield make
    for window in windows:
        qtbot.waitUntil(lambda w=window: not w.busy, timeout=30_000)


def when_modal(act: Callable[[QWidget], bool]) -> None:
    """Run ``act`` on the next modal dialog once it is open (``act`` returns True when done)."""

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not act(dialog):
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(20, attempt)


def answer_next_message_box(button: QMessageBox.StandardButton) -> None:
    """Press ``button`` in the next modal message box, as a user would."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        else:
            QTimer.singleShot(20, press)

    QTimer.singleShot(20, press)


def plan_then_run(
    qtbot: QtBot,
    window: MainWindow,
    trigger: Callable[[], object],
    answer: QMessageBox.StandardButton | None = None,
) -> bool:
    """Do what a user does for any operation: ``trigger`` it (a button, a menu entry, the
    graph's context menu), which computes the plan into the Plan tab, then press Run there.
    ``answer`` is pressed in the confirmation that Run asks for (downgrade, stamp). Returns
    whether a run started (and waits until it finished)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        trigger()
    wait_idle(qtbot, window)
    run = window.plan_panel.findChild(QPushButton, "planRunButton")
    assert run is not None and run.isEnabled(), run.toolTip() if run else "no Run button"
    if answer is not None:
        answer_next_message_box(answer)
    started: list[bool] = []
    window.job_finished.connect(lambda: started.append(True))
    qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    if not window.busy:
        return False
    qtbot.waitUntil(lambda: bool(started), timeout=60_000)
    wait_idle(qtbot, window)
    return True
