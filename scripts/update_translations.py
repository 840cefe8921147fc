"""Regenerate Migrator's translation files from the code.

    python scripts/update_translations.py          # update the .ts files and compile the .qm
    python scripts/update_translations.py --check  # exit 1 if the committed .ts lacks a string

Runs ``pyside6-lupdate`` on ``migrator_gui/{ui,services,core}/**/*.py`` into
``migrator_gui/resources/i18n/migrator_zh_CN.ts`` (existing translations are kept, strings no
longer in the code are dropped: ``-no-obsolete``) and ``migrator_en.ts`` (the source language: no
translations needed). Then fills the unfinished messages of ``migrator_zh_CN.ts`` from every
``migrator_gui/resources/i18n/zh_CN_*.json`` (``{"Context": {"source": "translation"}}``),
compiles each ``.ts`` into the ``.qm`` beside it with ``pyside6-lrelease`` and prints the counts.

Strings are found only when marked as ``self.tr("...")`` (in a method; the context is the class)
or ``QCoreApplication.translate("Context", "...")`` (services) or
``QT_TRANSLATE_NOOP("Context", "...")`` (core, see ``core/text.py``) with both arguments literal.

``--check`` leaves the committed files alone: it runs lupdate into a temporary copy of
``migrator_zh_CN.ts`` and fails if a string of the code is missing from the committed file (or
if lupdate found strings without a context: a marking it cannot read).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "migrator_gui"
SCANNED = ("ui", "services", "core", "runner")
"""Where user-visible strings are marked (core/ and the runner mark them with
``core.text.QT_TRANSLATE_NOOP``)."""
I18N_DIR = ROOT / "migrator_gui" / "resources" / "i18n"
SOURCE_LANGUAGE = "en"
TARGET_LANGUAGE = "zh_CN"
TS_FILES = {
    TARGET_LANGUAGE: I18N_DIR / f"migrator_{TARGET_LANGUAGE}.ts",
    SOURCE_LANGUAGE: I18N_DIR / f"migrator_{SOURCE_LANGUAGE}.ts",
}
INACTIVE = {"vanished", "obsolete"}

Key = tuple[str, str]
"""(context, source) of a message."""


def _tool(name: str) -> str:
    """The path of a Qt tool shipped with PySide6 (``pyside6-lupdate``, ``pyside6-lrelease``)."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (it ships Qt's translation tools)")
    return found


def source_files() -> list[Path]:
    return sorted(path for folder in SCANNED for path in (PACKAGE / folder).rglob("*.py"))


def lupdate(ts: Path, language: str, files: list[Path] | None = None) -> str:
    """Run lupdate on the UI sources into ``ts`` (created or updated); returns its report."""
    command = [
        _tool("pyside6-lupdate"),
        *(str(path) for path in (files if files is not None else source_files())),
        "-ts",
        str(ts),
        "-source-language",
        SOURCE_LANGUAGE,
        "-target-language",
        language,
        "-no-obsolete",
        "-locations",
        "relative",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"lupdate failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return (result.stdout + result.stderr).strip()


def lrelease(ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    command = [_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"lrelease failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return qm


def _active_messages(root: ET.Element) -> list[tuple[str, ET.Element]]:
    """(context name, message) of every message that is not vanished or obsolete."""
    found = []
    for context in root.iter("context"):
        name = (context.findtext("name") or "").strip()
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in INACTIVE:
                continue
            found.append((name, message))
    return found


def messages(ts: Path) -> set[Key]:
    """The (context, source) of the active messages of a ``.ts`` file."""
    root = ET.parse(ts).getroot()
    return {(name, message.findtext("source") or "") for name, message in _active_messages(root)}


def counts(ts: Path) -> tuple[int, int, int]:
    """(messages, translated, unfinished) of a ``.ts`` file."""
    total = unfinished = 0
    for _name, message in _active_messages(ET.parse(ts).getroot()):
        total += 1
        translation = message.find("translation")
        if translation is None or translation.get("type") == "unfinished":
            unfinished += 1
    return total, total - unfinished, unfinished


def load_json_translations(language: str = TARGET_LANGUAGE) -> dict[str, dict[str, object]]:
    """Merge every ``<language>_*.json`` of the i18n folder (later files win on a clash)."""
    merged: dict[str, dict[str, object]] = {}
    for path in sorted(I18N_DIR.glob(f"{language}_*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise SystemExit(f"{path.name}: expected {{context: {{source: translation}}}}")
        for context, table in data.items():
            if not isinstance(table, dict):
                raise SystemExit(f"{path.name}: {context!r} is not a {{source: translation}}")
            merged.setdefault(context, {}).update(table)
    return merged


def _set_translation(message: ET.Element, text: object) -> bool:
    translation = message.find("translation")
    if translation is None:
        translation = ET.SubElement(message, "translation")
    if message.get("numerus") == "yes":
        forms = text if isinstance(text, list) else [text]
        if not forms or not all(isinstance(form, str) and form for form in forms):
            return False
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        for form in forms:
            ET.SubElement(translation, "numerusform").text = str(form)
    else:
        if not isinstance(text, str) or not text:
            return False
        translation.text = text
    translation.attrib.pop("type", None)
    return True


def fill(ts: Path, table: dict[str, dict[str, object]]) -> int:
    """Fill the unfinished messages of ``ts`` found in ``table``; returns how many."""
    if not table:
        return 0
    tree = ET.parse(ts)
    filled = 0
    for name, message in _active_messages(tree.getroot()):
        translation = message.find("translation")
        if translation is not None and translation.get("type") != "unfinished":
            continue
        text = table.get(name, {}).get(message.findtext("source") or "")
        if text is not None and _set_translation(message, text):
            filled += 1
    if filled:
        ET.indent(tree, space="    ")
        body = ET.tostring(tree.getroot(), encoding="unicode")
        ts.write_text(
            f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
        )
    return filled


def missing_from(committed: Path) -> tuple[set[Key], set[Key]]:
    """(strings of the code missing from ``committed``, strings of the code without context)."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / committed.name
        shutil.copyfile(committed, copy)
        lupdate(copy, TARGET_LANGUAGE)
        in_code = messages(copy)
    return in_code - messages(committed), {key for key in in_code if not key[0]}


def check() -> int:
    committed = TS_FILES[TARGET_LANGUAGE]
    if not committed.exists():
        print(f"{committed.relative_to(ROOT)} does not exist: run scripts/update_translations.py")
        return 1
    missing, no_context = missing_from(committed)
    for _context, source in sorted(no_context):
        print(f"no context (mark it with self.tr or a literal translate): {source!r}")
    for context, source in sorted(missing):
        print(f"missing from {committed.name}: [{context}] {source!r}")
    if missing or no_context:
        print("Run: python scripts/update_translations.py")
        return 1
    print(f"{committed.name} has every string of the code.")
    return 0


def update() -> int:
    I18N_DIR.mkdir(parents=True, exist_ok=True)
    table = load_json_translations()
    for language, ts in TS_FILES.items():
        print(lupdate(ts, language))
        if language == TARGET_LANGUAGE:
            filled = fill(ts, table)
            if filled:
                print(lupdate(ts, language))  # back to lupdate's own layout
            print(f"Filled {filled} unfinished message(s) from {TARGET_LANGUAGE}_*.json.")
        qm = lrelease(ts)
        total, translated, unfinished = counts(ts)
        print(
            f"{ts.relative_to(ROOT)}: {total} messages, {translated} translated, "
            f"{unfinished} unfinished -> {qm.name}"
        )
    no_context = {key for key in messages(TS_FILES[TARGET_LANGUAGE]) if not key[0]}
    if no_context:
        print(f"warning: {len(no_context)} message(s) without a context", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if a string of the code is missing from the committed .ts (writes nothing)",
    )
    args = parser.parse_args(argv)
    return check() if args.check else update()


if __name__ == "__main__":
    sys.exit(main())
