"""Layer rules import-linter cannot express: services may use QtCore, never widgets or painting."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import migrator_gui

PACKAGE = Path(migrator_gui.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_services_use_qtcore_only() -> None:
    files = sorted((PACKAGE / "services").rglob("*.py"))
    assert files
    for path in files:
        qt = {n for n in _imports(path) if n.startswith("PySide6")}
        assert qt <= {"PySide6", "PySide6.QtCore"}, f"{path.name} imports {sorted(qt)}"


def test_core_protocol_is_standard_library_only() -> None:
    # runner/child.py loads protocol.py by path under the project's interpreter, where only the
    # standard library, alembic and SQLAlchemy can be counted on.
    roots = {n.split(".")[0] for n in _imports(PACKAGE / "core" / "protocol.py")}
    assert roots <= set(sys.stdlib_module_names) | {"__future__"}, roots
