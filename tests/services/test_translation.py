"""Core's and the runner's sentences in the interface's language: a real runner failure, with the
Chinese catalogue installed, reaches the error and the log in Chinese; without it, in English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject

from migrator_gui.core.errors import RunnerError
from migrator_gui.core.text import QT_TRANSLATE_NOOP, to_data
from migrator_gui.services.migrate import RunnerJob, make_request
from migrator_gui.services.translation import message_of, runner_message, translated
from tests.services.test_migrate import _project

HAN = re.compile(r"[\u4e00-\u9fff]")
TIMEOUT = 60_000


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    from migrator_gui.ui.i18n import install_translators  # the app's own loader

    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app, "zh_CN")
    assert translators
    try:
        yield
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def _fail(qtbot, tmp_path: Path, url: str) -> tuple[RunnerError, list[str]]:  # type: ignore[no-untyped-def]
    project = _project("default_template", tmp_path)
    owner = QObject()  # keeps the job alive until it finished
    job = RunnerJob(project, make_request(project, url, "upgrade", target="abcdef999999"),
                    parent=owner)
    errors: list[object] = []
    logs: list[str] = []
    job.error.connect(errors.append)
    job.log.connect(logs.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    (error,) = errors
    assert isinstance(error, RunnerError)
    return error, logs


def test_a_runner_failure_is_shown_in_chinese(  # type: ignore[no-untyped-def]
    chinese: None, qtbot, tmp_path: Path, sqlite_url: str
) -> None:
    error, logs = _fail(qtbot, tmp_path, sqlite_url)
    message = message_of(error)
    assert HAN.search(message) and "abcdef999999" in message
    assert "No revision" not in message
    assert any(HAN.search(line) and "abcdef999999" in line for line in logs if "ERROR" in line)


def test_without_a_catalogue_the_runner_failure_is_english(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, sqlite_url: str
) -> None:
    error, _ = _fail(qtbot, tmp_path, sqlite_url)
    assert "No revision 'abcdef999999' in versions/" in message_of(error)


def test_runner_message_keeps_the_english_of_an_older_runner(chinese: None) -> None:
    assert runner_message("Step failed: x", None) == "Step failed: x"
    assert runner_message("Step failed: x", {"context": "Runner"}) == "Step failed: x"
    text = QT_TRANSLATE_NOOP("Runner", "Interrupted.")
    assert runner_message(str(text), to_data(text)) == translated(text) != "Interrupted."


def test_the_audit_log_keeps_english_while_the_interface_is_chinese(  # type: ignore[no-untyped-def]
    chinese: None, qtbot, tmp_path: Path, sqlite_url: str
) -> None:
    """The failure is shown in Chinese, and stored in the audit log in the runner's English (the
    log is read by people and tools whatever language each window had)."""
    from migrator_gui.core.audit import AuditLog
    from migrator_gui.services.migrate import MigrationService

    owner = QObject()
    log = AuditLog(tmp_path / "audit.jsonl")
    service = MigrationService(owner, audit_log=log)
    job = service.upgrade(_project("default_template", tmp_path), sqlite_url,
                          target="abcdef999999")
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    assert job.outcome == "failed"
    assert HAN.search(translated(job.failure_message))
    entry = log.last_entry()
    assert entry is not None and "No revision 'abcdef999999' in versions/" in entry.error
    assert not HAN.search(entry.error)
