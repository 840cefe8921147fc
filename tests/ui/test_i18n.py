"""The interface in Simplified Chinese: core's sentences rendered through Qt's translator, dates in
the locale's format, and a walk through the main window, the profile manager, the diff pane and
the doctor (with real findings and warnings) where no English sentence is left."""

from __future__ import annotations

import getpass
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QCoreApplication, QLocale, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from migrator_gui.core.status import classify, unreachable
from migrator_gui.core.text import QT_TRANSLATE_NOOP
from migrator_gui.ui.i18n import (
    format_create_date,
    format_timestamp,
    install_translators,
    message_of,
    translated,
)
from tests.runner.test_autogenerate import NEW_MODELS, _create_old_schema, _project
from tests.ui.conftest import plan_then_run, wait_idle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese(qapp: QCoreApplication) -> Iterator[None]:
    """The zh_CN translators installed (and the default locale), as ``app.main`` does."""
    app = QCoreApplication.instance()
    assert app is not None
    translators = install_translators(app, "zh_CN")
    assert translators, "migrator_zh_CN.qm is missing: run scripts/update_translations.py"
    try:
        yield
    finally:
        for translator in translators:
            app.removeTranslator(translator)
        QLocale.setDefault(QLocale.system())


class _Graph:
    heads = ("bbbb00000002",)

    def __contains__(self, rev: object) -> bool:
        return rev in ("aaaa00000001", "bbbb00000002")

    def ancestors(self, revs: object) -> frozenset[str]:
        found = set(revs)  # type: ignore[call-overload]
        if "bbbb00000002" in found:
            found.add("aaaa00000001")
        return frozenset(found)

    def topological_order(self) -> tuple[str, ...]:
        return ("bbbb00000002", "aaaa00000001")


def test_a_core_sentence_is_english_as_a_string_and_chinese_when_rendered(chinese: None) -> None:
    summary = classify(["aaaa00000001"], _Graph()).summary()
    assert summary == "At aaaa00000001: 1 pending revision(s)"  # what logs and tests read
    shown = translated(summary)
    assert HAN.search(shown) and "aaaa00000001" in shown and "1" in shown


def test_nested_sentences_and_numbers_follow_the_language(chinese: None) -> None:
    reason = classify(None, _Graph()).summary()
    status = unreachable(reason)
    inner = translated(reason)
    assert HAN.search(inner)
    assert translated(status.summary()).endswith(inner)  # the reason is translated inside
    count = QT_TRANSLATE_NOOP("X", "{count} rows, {seconds:.1f} s, session {session}").format(
        count=12345, seconds=1.25, session=12345)
    # counts are grouped as the locale writes them; ids (a session, a pid, a port) never are
    assert translated(count) == f"{QLocale().toString(12345)} rows, 1.2 s, session 12345"
    assert message_of(ValueError(summary := classify(None, _Graph()).summary())) == translated(
        summary)
    assert message_of(ValueError("plain")) == "plain"


def test_create_dates_follow_the_locale(chinese: None) -> None:
    assert format_create_date("2026-02-16 10:12:45.861530") == "2026/2/16 10:12"
    assert format_create_date("2026-02-16 10:12:45.861530", long=True) == (
        "2026年2月16日星期一 10:12:45")
    assert format_create_date("2026-02-16 10:12:45+08:00", long=True).endswith("UTC+08:00")
    assert format_create_date("last tuesday") == "last tuesday"  # hand-written: as written
    assert format_create_date(None) == ""
    stamp = "2026-11-21T14:03:05+00:00"  # an audit-log time: shown in local time, to the second
    local = datetime.fromisoformat(stamp).astimezone()
    assert format_timestamp(stamp) == (
        f"{local.year}/{local.month}/{local.day} {local:%H:%M:%S}")


# -- the walk ----------------------------------------------------------------------------------

TECHNICAL = {
    # names that stay as they are in the Chinese interface (see GLOSSARY.md)
    "alembic", "alembic.ini", "env.py", "versions", "sqlalchemy", "migrator", "sqlite",
    "postgresql", "mariadb", "mysql", "sql", "url", "ssl", "sslmode", "schema", "python",
    "head", "heads", "base", "ctrl", "shift", "alt", "enter", "esc", "tab", "return", "del",
    "purge", "null", "not", "default", "server_default", "target_metadata", "search_path",
    "public", "psycopg2", "pymysql", "pysqlite", "disable", "allow", "prefer", "require",
    "verify-ca", "verify-full", "memory", "depends_on", "utc", "english", "api", "git", "id",
    "lock_timeout", "lock_wait_timeout", "busy", "timeout", "json", "varchar", "integer",
    "string", "fk", "ix", "pk", "alter_column", "new_column_name", "module", "attribute",
    "app.models", "base.metadata", "revision", "autogenerate", "check", "init", "branch-label",
    "sqlalchemy.url", "op", "sa", "the", "and", "of", "a",
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_\-.]*[A-Za-z]|[A-Za-z]")


def _visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of everything a user reads in ``root``: actions, labels, buttons, tabs,
    group titles, placeholders, combo items, tool tips, item views (cells, headers, tips)."""

    def plain(text: object) -> str:
        if not isinstance(text, str):
            return ""
        if "<" in text and ">" in text:
            document = QTextDocument()
            document.setHtml(text)
            return document.toPlainText()
        return text

    for action in root.findChildren(QAction):
        for text in (action.text(), action.toolTip(), action.statusTip()):
            yield f"action {action.objectName()}", plain(text)
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root) and not isinstance(widget, QTabWidget):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}"
        yield where + " tooltip", plain(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield where, plain(widget.text())
        elif isinstance(widget, QGroupBox):
            yield where, widget.title()
        elif isinstance(widget, QLineEdit):
            yield where, widget.placeholderText()
        elif isinstance(widget, QComboBox):
            yield from ((where, widget.itemText(i)) for i in range(widget.count()))
        elif isinstance(widget, QTabWidget):
            for i in range(widget.count()):
                yield where, widget.tabText(i)
                yield where, widget.tabToolTip(i)
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)) and not widget.isReadOnly():
            yield where, widget.placeholderText()
        elif isinstance(widget, QTextEdit) and widget.objectName() in (
                "doctorFindingDetails", "revisionDetails"):
            yield where, widget.toPlainText().split('"""')[0]  # the fields, not the source
        if widget.objectName() == "logPane":
            yield from ((where, line) for line in _migrator_log_lines(widget.toPlainText()))
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from ((where, text) for text in _model_texts(widget.model()))


_FOREIGN_LOG_LINE = re.compile(
    r"^(?:[A-Z]+\s+\[[\w.]+\]"  # a log record of alembic, SQLAlchemy or env.py: their words
    r"|SQL\s|\s|\)"  # a statement sent, and its continuation lines
    r"|(?:[A-Z_]+\b[\s(,;]*)+(?:$|[a-z_]+\b))"  # SQL (CREATE TABLE book, COMMIT, ...)
)


def _migrator_log_lines(text: str) -> Iterator[str]:
    """The lines of the log that Migrator writes (the time stamp set aside)."""
    for line in text.splitlines():
        line = re.sub(r"^\d\d:\d\d:\d\d  ", "", line)
        line = re.sub(r"^ERROR ", "", line)  # the runner's failure, in its own words
        if line and not _FOREIGN_LOG_LINE.match(line):
            yield line


def _model_texts(model: QAbstractItemModel) -> Iterator[str]:
    single = isinstance(model, QAbstractListModel)
    columns = 1 if single else model.columnCount()
    for column in range(columns):
        yield str(model.headerData(column, Qt.Orientation.Horizontal) or "")

    def walk(parent, depth: int) -> Iterator[str]:  # type: ignore[no-untyped-def]
        for row in range(min(model.rowCount(parent), 200)):
            for column in range(1 if single else model.columnCount(parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield value
            if depth < 3:
                yield from walk(model.index(row, 0, parent), depth + 1)

    from PySide6.QtCore import QModelIndex

    yield from walk(QModelIndex(), 0)


def _english_words(text: str, data: set[str]) -> list[str]:
    """The English words left in ``text`` once its data (names from the project, revisions,
    paths, URLs, code) and the technical names that stay untranslated are set aside."""
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths, URLs, versions/
    text = re.sub(r"\b[0-9a-f]{12}\b", " ", text)  # revision ids
    text = re.sub(r"'[^']*'|`[^`]*`|\([^()]*\)|\[[^\[\]]*\]", " ", text)  # quoted, code
    words = []
    for word in LATIN_WORD.findall(text):
        lowered = word.lower().strip(".-_")
        parts = lowered.split(".")  # author.nickname: a table's column
        if len(lowered) < 2 or lowered in TECHNICAL or "_" in lowered or all(
                part in data or part in TECHNICAL for part in parts):
            continue
        words.append(word)
    return words


def _project_data(root: Path, window) -> set[str]:  # type: ignore[no-untyped-def]
    """Words that are the user's data: revision messages and file names, table and column names
    of the models, profile names."""
    words: set[str] = set()
    graph = window.graph
    texts = [root.name]
    if graph is not None:
        for rev in graph.topological_order():
            node = graph[rev]
            texts += [node.message or "", node.path.name, *node.branch_labels]
    texts.append((root / "models.py").read_text() if (root / "models.py").exists() else "")
    texts += window.profile_store.names()
    texts.append(getpass.getuser())  # the audit log's user
    for text in texts:
        words.update(word.lower() for word in LATIN_WORD.findall(text))
    return words


def _walk(root: QWidget, data: set[str], found: list[str]) -> None:
    for where, text in _visible_texts(root):
        if not text.strip():
            continue
        english = _english_words(text, data)
        if english and (len(english) > 1 or not HAN.search(text)):
            found.append(f"{where}: {text[:160]!r} -> {english}")


@pytest.mark.usefixtures("chinese")
def test_walking_the_chinese_interface_finds_no_english_sentence(  # type: ignore[no-untyped-def]
    open_window: Callable, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    """The demo (graph, details, plan, history, doctor after an upgrade) and a project whose
    models differ from an unversioned database (diff pane with warnings, doctor findings and
    repairs), then the profile manager: every text a user reads is Chinese, but for data and
    technical names."""
    from migrator_gui.ui.profile_manager_dialog import ProfileManagerDialog

    found: list[str] = []
    demo = open_window()
    demo_data = _project_data(demo.project.root, demo)
    _walk(demo, demo_data, found)
    assert plan_then_run(qtbot, demo, lambda: demo.plan_operation("upgrade", "heads"))
    _walk(demo, demo_data, found)
    demo.bottom_tabs.setCurrentWidget(demo.history_panel)
    _walk(demo, demo_data, found)
    with qtbot.waitSignal(demo.job_finished, timeout=60_000):
        demo.bottom_tabs.setCurrentWidget(demo.doctor_panel)
    wait_idle(qtbot, demo)
    _walk(demo, demo_data, found)

    root = _project(tmp_path, sqlite_url)
    _create_old_schema(sqlite_url)
    (root / "models.py").write_text(NEW_MODELS)
    window = open_window(root, sqlite_url)
    data = _project_data(root, window)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.compare_models()
    wait_idle(qtbot, window)
    assert window.diff_pane.result is not None and window.diff_pane.result.warnings
    _walk(window, data, found)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.bottom_tabs.setCurrentWidget(window.doctor_panel)
    wait_idle(qtbot, window)
    assert window.doctor_panel.findChild(QWidget, "doctorRepairButton0") is not None
    _walk(window, data, found)

    dialog = ProfileManagerDialog(window.profile_store, window.project.root, window)
    qtbot.addWidget(dialog)
    dialog.show()
    _walk(dialog, data, found)
    assert not found, "English left in the Chinese interface:\n" + "\n".join(found)


@pytest.mark.usefixtures("chinese")
def test_a_missing_target_metadata_still_offers_the_fix_in_chinese(  # type: ignore[no-untyped-def]
    open_window: Callable, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    """The window recognises the runner's failure by its English, not by the words shown: with
    the interface in Chinese, a compare without target_metadata shows the Chinese error and
    still asks for the models' MetaData."""
    from PySide6.QtWidgets import QInputDialog

    from tests.ui.conftest import when_modal

    root = _project(tmp_path, sqlite_url)
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace(
        "import models\ntarget_metadata = models.metadata", "target_metadata = None"))
    window = open_window(root, sqlite_url)
    asked: list[str] = []

    def cancel(dialog) -> bool:  # type: ignore[no-untyped-def]
        if not isinstance(dialog, QInputDialog):
            return False
        asked.append(dialog.labelText())
        dialog.reject()
        return True

    when_modal(cancel)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.compare_models()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    notice = window.diff_pane.findChild(QLabel, "diffNotice").text()
    assert HAN.search(notice) and "target_metadata" in notice
    assert HAN.search(asked[0])


def test_the_documented_language_api_runs(chinese: None) -> None:
    """docs/api.md's "Messages and languages" example runs as written, and in Chinese its
    sentence is rendered in Chinese."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    section = doc.split("## Messages and languages", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict[str, object] = {}
    exec(compile(code, "docs/api.md", "exec"), namespace)
    assert HAN.search(str(namespace["shown"])) and namespace["reason"] == namespace["shown"]
    assert namespace["when"] == "2026/2/16 10:12"
