"""The command line and create_main_window's error path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from migrator_gui import __version__
from migrator_gui.app import build_parser, create_main_window


def test_version_from_the_command_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "migrator_gui", "--version"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"migrator-gui {__version__}"


def test_reset_is_only_for_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    from migrator_gui.app import main

    with pytest.raises(SystemExit):
        main(["some/project", "--reset"])
    assert "--reset only applies to the demo" in capsys.readouterr().err
    args = build_parser().parse_args(["--demo", "--reset"])
    assert args.demo and args.reset


def test_a_folder_without_alembic_shows_why(qtbot: QtBot, tmp_path: Path) -> None:
    window = create_main_window(tmp_path)
    qtbot.addWidget(window)
    window.show()
    message = window.findChild(QLabel, "errorMessage")
    assert message.isVisible()
    assert str(tmp_path) in message.text() and "alembic.ini" in message.text()
    assert window.project is None and not window.busy
