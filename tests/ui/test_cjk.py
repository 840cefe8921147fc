"""Chinese text: drawn as glyphs in the graph (not the empty boxes a missing font draws), and a
revision written with a Chinese message keeps it, in a file name alembic itself would give."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from tests.runner.test_autogenerate import NEW_MODELS, _create_old_schema, _project
from tests.ui.conftest import wait_idle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CHINESE = "第一次提交"
MISSING = "\U000f0000\U000f0001\U000f0002\U000f0003\U000f0004"
"""Private-use characters no font has: drawn as the missing-glyph boxes."""


def _revision(versions: Path, rev: str, down: str | None, message: str) -> None:
    (versions / f"{rev}_x.py").write_text(
        f'"""{message}\n\nRevision ID: {rev}\nRevises: {down or ""}\n"""\n'
        f"revision = {rev!r}\ndown_revision = {down!r}\nbranch_labels = None\n"
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )


def _cell(view: QTableView, row: int, column: int) -> QImage:
    rect = view.visualRect(view.model().index(row, column))
    return view.viewport().grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB32)


def _ink(image: QImage) -> set[tuple[int, int]]:
    """The dark pixels (the text) of a cell."""
    return {(x, y) for y in range(image.height()) for x in range(image.width())
            if image.pixelColor(x, y).lightness() < 128}


def test_chinese_revision_messages_are_drawn_with_real_glyphs(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, tmp_path: Path
) -> None:
    import os

    from PySide6.QtGui import QFontDatabase

    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        reason = "no font for Chinese is installed (Debian: apt install fonts-noto-cjk)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)
    root = _project(tmp_path, f"sqlite:///{tmp_path / 'x.db'}")
    versions = root / "migrations" / "versions"
    _revision(versions, "aaaa00000001", None, CHINESE)
    _revision(versions, "aaaa00000002", "aaaa00000001", MISSING)
    window = open_window(root, f"sqlite:///{tmp_path / 'x.db'}")
    view = window.findChild(QTableView, "revisionGraph")
    model = window.revision_model
    chinese_row = model.row_of("aaaa00000001")
    missing_row = model.row_of("aaaa00000002")
    column = model.MESSAGE
    assert model.index(chinese_row, column).data() == CHINESE
    view.clearSelection()
    chinese = _ink(_cell(view, chinese_row, column))
    boxes = _ink(_cell(view, missing_row, column))
    assert chinese, "the Chinese message drew nothing"
    assert boxes, "the reference boxes drew nothing"
    # A font with the glyphs draws strokes; without one, the five characters are five boxes,
    # the same ink as the reference.
    # (measured: with Noto CJK 342 of 524 pixels differ; without a CJK font 84 of 296)
    assert len(chinese ^ boxes) > 0.5 * max(len(chinese), len(boxes))


def test_a_revision_written_with_a_chinese_message_keeps_it(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    _create_old_schema(sqlite_url)
    (root / "models.py").write_text(NEW_MODELS)
    window = open_window(root, sqlite_url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.compare_models()
    wait_idle(qtbot, window)
    window.diff_pane.findChild(QLineEdit, "revisionMessageEdit").setText("添加字段 age")
    with qtbot.waitSignal(window.graph_loaded, timeout=60_000):
        qtbot.mouseClick(window.diff_pane.findChild(QPushButton, "writeRevisionButton"),
                         Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    (written,) = (root / "migrations" / "versions").glob("*.py")
    # alembic's own slug of the message: \w+ runs joined with "_" (Unicode letters kept)
    assert written.name.endswith("_添加字段_age.py")
    assert '"""添加字段 age' in written.read_text(encoding="utf-8")
    history = subprocess.run([sys.executable, "-m", "alembic", "history"], cwd=root,
                             capture_output=True, timeout=60)
    assert history.returncode == 0, history.stderr
    assert "添加字段 age" in history.stdout.decode("utf-8")
    rev = window.selected_revision()
    assert rev is not None and window.graph[rev].message == "添加字段 age"


def _failing_revision(root: Path, dialect: str) -> None:
    """A revision that reads a table with a Chinese name that does not exist; on MariaDB the
    server is first asked to answer in Chinese (``lc_messages``)."""
    versions = next(root.glob("*/versions"))
    chinese_server = 'op.execute("SET lc_messages = \'zh_CN\'")\n    ' if dialect == "mysql" else ""
    (versions / "c0ffee00cafe_read_books.py").write_text(
        '"""读取书籍\n\nRevision ID: c0ffee00cafe\nRevises:\n"""\n'
        "from alembic import op\n\n"
        'revision = "c0ffee00cafe"\ndown_revision = None\nbranch_labels = ("书店",)\n'
        "depends_on = None\n\n\n"
        f"def upgrade():\n    {chinese_server}op.execute('SELECT 编号 FROM 书籍')\n\n\n"
        "def downgrade():\n    pass\n",
        encoding="utf-8",
    )


def test_server_errors_and_chinese_names_arrive_intact(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, db_url: str, tmp_path: Path
) -> None:
    """A step fails on a table named 书籍 (MariaDB answering in Chinese, over charset=utf8): the
    graph shows the message and branch label, and the banner, the log and the audit log show the
    server's error with its Chinese intact."""
    from sqlalchemy import make_url

    from tests.ui.conftest import plan_then_run

    root = _project(tmp_path, db_url)
    dialect = make_url(db_url).get_backend_name()
    _failing_revision(root, dialect)
    window = open_window(root, db_url)
    row = window.revision_model.row_of("c0ffee00cafe")
    model = window.revision_model
    texts = [str(model.data(model.index(row, column))) for column in range(model.columnCount())]
    assert "读取书籍" in texts and "书店" in texts

    assert plan_then_run(qtbot, window, lambda: window.plan_operation("upgrade", "heads"))
    banner = window.findChild(object, "errorMessage").text()
    assert "书籍" in banner, banner
    if dialect == "mysql":
        assert "不存在" in banner, banner  # the server's own Chinese: "表 'x.书籍' 不存在"
    log = window.findChild(object, "logPane").toPlainText()
    assert "书籍" in log and "\ufffd" not in log and "?" * 2 not in log
    entry = window.audit_log.last_entry()
    assert entry is not None and entry.outcome == "failed" and "书籍" in entry.error


CHINESE_MODELS = '''
import sqlalchemy as sa

metadata = sa.MetaData()

books = sa.Table(
    "书籍", metadata,
    sa.Column("编号", sa.Integer, primary_key=True),
    sa.Column("标题", sa.String(100), nullable=False),
)
'''


def test_chinese_table_and_column_names_in_the_diff_and_the_revision(  # type: ignore[no-untyped-def]
    open_window, qtbot: QtBot, db_url: str, tmp_path: Path
) -> None:
    """Models with a table 书籍 and columns 编号, 标题: the Diff tab lists them, and the revision
    written from it creates them on the database."""
    from tests.db_fixtures import has_table
    from tests.ui.conftest import plan_then_run

    root = _project(tmp_path, db_url, CHINESE_MODELS)
    window = open_window(root, db_url)
    with qtbot.waitSignal(window.job_finished, timeout=60_000):
        window.compare_models()
    wait_idle(qtbot, window)
    tree = window.diff_pane.model
    labels = []
    for row in range(tree.rowCount()):
        parent = tree.index(row, 0)
        labels.append(tree.data(parent))
        labels += [tree.data(tree.index(child, 0, parent))
                   for child in range(tree.rowCount(parent))]
    assert "书籍" in labels and any("书籍" in str(label) for label in labels[1:]), labels
    window.diff_pane.findChild(QLineEdit, "revisionMessageEdit").setText("创建书籍表")
    with qtbot.waitSignal(window.graph_loaded, timeout=60_000):
        qtbot.mouseClick(window.diff_pane.findChild(QPushButton, "writeRevisionButton"),
                         Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window)
    (written,) = (root / "migrations" / "versions").glob("*.py")
    assert written.name.endswith("_创建书籍表.py")
    assert "'书籍'" in written.read_text(encoding="utf-8")
    assert plan_then_run(qtbot, window, lambda: window.plan_operation("upgrade", "heads"))
    assert has_table(db_url, "书籍")
