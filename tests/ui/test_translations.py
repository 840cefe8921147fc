"""The committed translation source (``migrator_zh_CN.ts``) matches the strings of the code.

Regenerate it with ``python scripts/update_translations.py`` when one of these fails.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "update_translations.py"
ZH_TS = ROOT / "migrator_gui" / "resources" / "i18n" / "migrator_zh_CN.ts"
Keys = set[tuple[str, str]]


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def code_strings(script: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Keys:
    """(context, source) of every marked string of the code, as lupdate reads them."""
    if shutil.which("pyside6-lupdate") is None and not any(
        Path(sys.executable).parent.glob("pyside6-lupdate*")
    ):
        pytest.skip("pyside6-lupdate is not installed")
    ts = tmp_path_factory.mktemp("i18n") / "migrator_zh_CN.ts"
    script.lupdate(ts, "zh_CN")
    keys: Keys = script.messages(ts)
    return keys


def test_every_code_string_is_in_the_committed_ts(script: ModuleType, code_strings: Keys) -> None:
    missing = code_strings - script.messages(ZH_TS)
    assert not missing, (
        f"{len(missing)} string(s) missing from {ZH_TS.name}; "
        f"run python scripts/update_translations.py: {sorted(missing)[:10]}"
    )


def test_lupdate_finds_every_string_in_a_class_context(code_strings: Keys) -> None:
    no_context = sorted(source for context, source in code_strings if not context)
    assert not no_context, f"marked so that lupdate sees no context: {no_context[:10]}"
    assert len(code_strings) > 500  # the UI has hundreds: a broken scan finds few


def test_no_message_of_the_ts_lacks_a_context() -> None:
    root = ET.parse(ZH_TS).getroot()
    for context in root.iter("context"):
        name = (context.findtext("name") or "").strip()
        assert name and name != "None", f"a context without a name holds {len(context)} entries"
        assert context.findall("message"), f"context {name} has no message"


def test_ts_is_well_formed_chinese() -> None:
    root = ET.parse(ZH_TS).getroot()  # raises on malformed XML
    assert root.tag == "TS"
    assert root.get("language") == "zh_CN"
    assert root.get("sourcelanguage") == "en"
    messages = list(root.iter("message"))
    assert messages
    for message in messages:
        assert message.findtext("source"), "a message without source text"
        assert message.find("translation") is not None


def test_fill_sets_unfinished_translations(script: ModuleType, tmp_path: Path) -> None:
    ts = tmp_path / "t.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="zh_CN" sourcelanguage="en">\n'
        "<context><name>PlanPanel</name>\n"
        '<message><source>Run</source><translation type="unfinished"></translation></message>\n'
        "<message><source>Cancel</source><translation>取消</translation></message>\n"
        '<message><source>Other</source><translation type="unfinished"></translation></message>\n'
        "</context></TS>\n",
        encoding="utf-8",
    )
    table = {"PlanPanel": {"Run": "运行", "Cancel": "不要", "Missing": "无"}, "X": {"Other": "x"}}
    assert script.fill(ts, table) == 1
    translations = {
        m.findtext("source"): (m.findtext("translation"), m.find("translation").attrib)  # type: ignore[union-attr]
        for m in ET.parse(ts).getroot().iter("message")
    }
    assert translations["Run"] == ("运行", {})
    assert translations["Cancel"] == ("取消", {})  # finished ones are left alone
    assert translations["Other"] == ("", {"type": "unfinished"})  # another context
    assert script.counts(ts) == (3, 2, 1)


def test_the_chinese_catalogue_is_complete() -> None:
    """Zero unfinished messages: every string of the interface has its Chinese translation."""
    root = ET.parse(Path(__file__).resolve().parents[2] / "migrator_gui" / "resources" / "i18n"
                    / "migrator_zh_CN.ts").getroot()
    unfinished = [
        (c.findtext("name"), m.findtext("source"))
        for c in root.iter("context") for m in c.iter("message")
        if m.find("translation") is not None
        and m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
    ]
    assert unfinished == []


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_walking_the_window_in_chinese_leaves_no_english_control(  # type: ignore[no-untyped-def]
    open_window, qtbot
) -> None:
    """With zh_CN installed, the controls of the main window, the profile manager, the diff pane
    and the doctor (actions, buttons, check boxes, tabs, group boxes) are all Chinese."""
    import re

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import (
        QAbstractButton,
        QGroupBox,
        QTabWidget,
        QWidget,
    )

    from migrator_gui.ui.i18n import install_translators
    from migrator_gui.ui.profile_manager_dialog import ProfileManagerDialog

    app = QCoreApplication.instance()
    translators = install_translators(app, "zh_CN")
    try:
        window = open_window()
        dialog = ProfileManagerDialog(window.profile_store, window.project.root, window)
        latin_only = re.compile(r"^[^\u4e00-\u9fff]*[A-Za-z]{3,}[^\u4e00-\u9fff]*$")
        allowed = {"SQL", "URL", "SQLite", "PostgreSQL", "MySQL/MariaDB", "English", ":memory:"}
        english: list[str] = []

        def check(text: str, where: str) -> None:
            text = text.replace("&", "").strip()
            is_path = "/" in text or "\\" in text  # data (a recent project), not interface
            if text and latin_only.match(text) and text not in allowed and not is_path:
                english.append(f"{where}: {text!r}")

        for root in (window, dialog):
            for action in root.findChildren(QAction):
                check(action.text(), f"action {action.objectName()}")
            for widget in root.findChildren(QWidget):
                if isinstance(widget, QAbstractButton):
                    check(widget.text(), f"button {widget.objectName()}")
                elif isinstance(widget, QGroupBox):
                    check(widget.title(), f"group {widget.objectName()}")
                elif isinstance(widget, QTabWidget):
                    for i in range(widget.count()):
                        check(widget.tabText(i), f"tab of {widget.objectName()}")
        dialog.deleteLater()
        assert english == []
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_no_string_is_marked_inside_an_f_string() -> None:
    """lupdate does not look inside f-string expressions: a tr() there would never be
    translated (the string must be marked outside, then put in)."""
    import re

    pattern = re.compile(r"""\bf(["'])(?:(?!\1).)*\{[^}]*\btr\(""")
    ui = Path(__file__).resolve().parents[2] / "migrator_gui" / "ui"
    found = [f"{path.name}:{number}" for path in ui.rglob("*.py")
             for number, line in enumerate(path.read_text().splitlines(), 1)
             if pattern.search(line)]
    assert found == []


def test_qt_own_dialogs_speak_chinese_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt's bundled translations come with ours: a message box's standard buttons and the file
    dialog's labels are Chinese."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from migrator_gui.ui.i18n import install_translators

    app = QCoreApplication.instance()
    translators = install_translators(app, "zh_CN")
    try:
        box = QMessageBox(QMessageBox.Icon.Question, "t", "q",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        texts = {box.button(b).text().replace("&", "")
                 for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel)}
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in texts), texts
        dialog = QFileDialog()
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(dialog)
        labels = [w.text() for w in dialog.findChildren(object) if hasattr(w, "text")
                  and isinstance(w.text(), str) and w.text()]
        assert any(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in labels), labels
    finally:
        for translator in translators:
            app.removeTranslator(translator)


MARKERS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}
"""Call names lupdate reads; it reads only literal arguments."""


def test_every_marked_call_has_literal_arguments() -> None:
    """A tr()/translate() of a variable (an alias such as ``_tr(text)``) hides its strings from
    lupdate: they would never reach the catalogue, and stay English. Only the renderer of core's
    sentences (``services/translation.py``) and the graph's header (whose names are marked with
    QT_TRANSLATE_NOOP) translate a value."""
    import ast

    package = ROOT / "migrator_gui"
    allowed = {("translation.py", "translated"), ("revision_graph_model.py", "headerData")}
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        exempt = {id(node) for function in ast.walk(tree)
                  if isinstance(function, ast.FunctionDef) and (path.name, function.name) in allowed
                  for node in ast.walk(function)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in exempt:
                continue
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
                node.func, "id", "")
            if callee not in MARKERS:
                continue
            literal = node.args and not node.keywords and all(
                isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args)
            if not literal:
                found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert sorted(set(found)) == []


def test_translations_keep_the_placeholders_of_their_source() -> None:
    """A translation that drops, renames or adds a ``{placeholder}`` would raise or show the
    wrong value when it is formatted."""
    import re

    placeholder = re.compile(r"\{[^{}]*\}")
    root = ET.parse(ZH_TS).getroot()
    wrong = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.findtext("translation") or ""
            if translation and sorted(placeholder.findall(source)) != sorted(
                placeholder.findall(translation)
            ):
                wrong.append((context.findtext("name"), source, translation))
    assert wrong == []
