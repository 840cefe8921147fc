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
