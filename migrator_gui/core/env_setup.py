"""The target_metadata helper (issue 6): write the import line in env.py for the user.

autogenerate needs ``target_metadata`` in env.py; alembic's templates leave it at
``target_metadata = None``. Given a spec such as ``app.models:Base.metadata`` this module plans the
edit (``from app.models import Base`` + ``target_metadata = Base.metadata``), shows it as a unified
diff, and writes it atomically. :func:`suggest_targets` proposes specs from a static scan of the
project (``ast`` only: the user's code is never imported).

Everything here is plain text in, plain data out; the rest of env.py is kept byte for byte
(line endings included), so read env.py with :func:`read_env_text`, not ``read_text()``.
"""

from __future__ import annotations

import ast
import difflib
import keyword
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from migrator_gui.core.text import QT_TRANSLATE_NOOP

__all__ = [
    "EnvEdit",
    "apply_env_edit",
    "parse_target",
    "plan_env_edit",
    "read_env_text",
    "suggest_targets",
]

_NAME = "target_metadata"
_RUN_FUNCTIONS = ("run_migrations_offline", "run_migrations_online")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_EOL = re.compile(r"(\r\n|\r|\n)$")


@dataclass(frozen=True)
class EnvEdit:
    """A planned change of env.py, shown to the user before :func:`apply_env_edit` writes it."""

    new_text: str
    """The whole new env.py."""
    diff: str
    """Unified diff from ``env.py`` to ``env.py`` (lines joined with ``\\n``), for a diff pane."""
    import_line: str
    """The import written, e.g. ``from app.models import Base`` ("" when env.py had it already)."""
    found_line_number: int | None
    """1-based line of the ``target_metadata = None`` that was replaced; None when inserted."""
    message: str = ""
    """One sentence for the user saying what the edit does and where (a
    :class:`~migrator_gui.core.text.Text`)."""


# -- spec -----------------------------------------------------------------------------------------


def _is_dotted(text: str) -> bool:
    parts = text.split(".")
    return all(p.isidentifier() and not keyword.iskeyword(p) for p in parts)


def parse_target(spec: str) -> tuple[str, str]:
    """Split ``"module.path:attr.path"`` into ``(module, attribute)``.

    ``"app.models:Base.metadata"`` -> ``("app.models", "Base.metadata")``;
    ``"app:db.Model.metadata"`` (Flask-SQLAlchemy) -> ``("app", "db.Model.metadata")``.
    Raises ValueError with a message a user can act on.
    """
    text = spec.strip()
    example = QT_TRANSLATE_NOOP(
        "EnvSetup", "write it as module:attribute, e.g. 'app.models:Base.metadata'"
    )
    if not text:
        raise ValueError(
            QT_TRANSLATE_NOOP("EnvSetup", "No target given: {example}.").format(example=example)
        )
    if text.count(":") != 1:
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "EnvSetup", "'{target}' is not a target: {example} (exactly one ':')."
            ).format(target=text, example=example)
        )
    module, attribute = (part.strip() for part in text.split(":"))
    if not module:
        raise ValueError(
            QT_TRANSLATE_NOOP("EnvSetup", "'{target}' names no module before ':': {example}.")
            .format(target=text, example=example)
        )
    if not attribute:
        raise ValueError(
            QT_TRANSLATE_NOOP("EnvSetup", "'{target}' names no attribute after ':': {example}.")
            .format(target=text, example=example)
        )
    if not _is_dotted(module):
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "EnvSetup",
                "'{module}' is not a Python module path (dotted names such as 'app.models', "
                "no '/', '-' or '.py').",
            ).format(module=module)
        )
    if not _is_dotted(attribute):
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "EnvSetup",
                "'{attribute}' is not an attribute path (dotted names such as 'Base.metadata').",
            ).format(attribute=attribute)
        )
    return module, attribute


# -- planning the edit ----------------------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    """Lines with their own endings, split only where Python itself breaks lines."""
    return _LINE.findall(text)


def _eol_of(lines: list[str]) -> str:
    for line in lines:
        match = _EOL.search(line)
        if match:
            return match.group(1)
    return "\n"


def _char_col(line: str, byte_col: int) -> int:
    """ast columns count UTF-8 bytes; convert to a str index."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _assigned_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for elt in target.elts:
            yield from _assigned_names(elt)
    elif isinstance(target, ast.Starred):
        yield from _assigned_names(target.value)


def _module_bindings(tree: ast.Module) -> dict[str, ast.stmt]:
    """Names bound by top-level statements (imports, assignments, defs), to avoid shadowing."""
    bound: dict[str, ast.stmt] = {}
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                bound[(alias.asname or alias.name).split(".")[0]] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for name in _assigned_names(target):
                    bound[name] = node
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            for name in _assigned_names(node.target):
                bound[name] = node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound[node.name] = node
    return bound


def _already_imported(tree: ast.Module, module: str, name: str) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.level == 0
        and node.module == module
        and any(alias.name == name and alias.asname is None for alias in node.names)
        for node in tree.body
    )


def _nested_assignment(tree: ast.Module) -> int | None:
    """Line of an assignment to target_metadata inside a module-level block (if/try/with)."""
    for top in tree.body:
        if isinstance(
            top,
            (
                ast.FunctionDef,
                ast.AsyncFunctionDef,
                ast.ClassDef,
                ast.Assign,
                ast.AnnAssign,
                ast.AugAssign,
                ast.Expr,
            ),
        ):
            continue  # simple top-level statements are handled by plan_env_edit
        for node in _walk_outside_scopes(top):
            if isinstance(node, ast.Name) and node.id == _NAME and isinstance(node.ctx, ast.Store):
                return node.lineno
    return None


def _walk_outside_scopes(node: ast.AST) -> Iterator[ast.AST]:
    """Like ast.walk, but not into function, lambda or class bodies (their own scopes)."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        yield child
        yield from _walk_outside_scopes(child)


def _import_lines(tree: ast.Module, module: str, attribute: str) -> tuple[str, str]:
    """(import line or "", the expression assigned to target_metadata)."""
    first, _, rest = attribute.partition(".")
    if _already_imported(tree, module, first):
        return "", attribute
    local = first
    bound = _module_bindings(tree)
    if first in bound or first == _NAME:
        # e.g. "app:config.metadata" must not shadow alembic's ``config`` in env.py
        local = f"_{module.replace('.', '_')}_{first}"
        while local in bound:
            local = "_" + local
    line = (
        f"from {module} import {first}"
        if local == first
        else (f"from {module} import {first} as {local}")
    )
    return line, f"{local}.{rest}" if rest else local


def _describe(node: ast.AST, source: str) -> str:
    segment = ast.get_source_segment(source, node)
    return segment if segment is not None else ast.unparse(node)


def plan_env_edit(env_text: str, spec: str) -> EnvEdit:
    """Plan setting ``target_metadata`` in env.py to the object named by ``spec``.

    Replaces the module-level ``target_metadata = None`` (annotated or not, comments kept) with
    the import plus the assignment; without such an assignment, inserts both lines before the
    first ``def run_migrations_offline``/``run_migrations_online`` (else after the imports).
    Raises ValueError when env.py does not parse, or already sets target_metadata to something
    else, or assigns it in a way that cannot be edited safely.
    """
    module, attribute = parse_target(spec)
    try:
        tree = ast.parse(env_text, filename="env.py")
    except SyntaxError as exc:
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "EnvSetup", "env.py is not valid Python (line {line}: {reason}); fix it first."
            ).format(line=str(exc.lineno), reason=str(exc.msg))
        ) from exc
    lines = _split_lines(env_text)
    eol = _eol_of(lines)
    import_line, expression = _import_lines(tree, module, attribute)

    assignments: list[ast.Assign | ast.AnnAssign] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(_NAME in _assigned_names(t) for t in node.targets):
            assignments.append(node)
        elif (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and (node.target.id == _NAME and node.value is not None)
        ):
            assignments.append(node)
        elif isinstance(node, ast.AugAssign) and _NAME in _assigned_names(node.target):
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "EnvSetup",
                    "env.py changes target_metadata with '{statement}' on line "
                    "{line}; edit env.py by hand.",
                ).format(statement=_describe(node, env_text), line=str(node.lineno))
            )

    for node in assignments:
        value = node.value
        assert value is not None
        simple = isinstance(node, ast.AnnAssign) or (
            len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        )
        if not simple:
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "EnvSetup",
                    "env.py assigns target_metadata together with other names on line "
                    "{line} ('{statement}'); edit env.py by hand.",
                ).format(line=str(node.lineno), statement=_describe(node, env_text))
            )
        if not (isinstance(value, ast.Constant) and value.value is None):
            raise ValueError(
                QT_TRANSLATE_NOOP(
                    "EnvSetup",
                    "env.py already sets target_metadata = {value} "
                    "(line {line}); nothing to do, or edit that line by hand.",
                ).format(value=_describe(value, env_text), line=str(node.lineno))
            )
    if len(assignments) > 1:
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "EnvSetup",
                "env.py sets target_metadata = None more than once (lines "
                "{lines}); edit env.py by hand.",
            ).format(lines=", ".join(str(n.lineno) for n in assignments))
        )
    nested = _nested_assignment(tree)
    if nested is not None:
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "EnvSetup",
                "env.py assigns target_metadata inside a block on line {line}; "
                "edit env.py by hand.",
            ).format(line=str(nested))
        )

    new_lines = list(lines)
    if assignments:
        node = assignments[0]
        value = node.value
        assert value is not None and value.end_col_offset is not None
        index = value.lineno - 1  # ``None`` is one token: it never spans lines
        line = lines[index]
        start = _char_col(line, value.col_offset)
        end = _char_col(line, value.end_col_offset)
        new_lines[index] = line[:start] + expression + line[end:]
        statement_index = node.lineno - 1
        if import_line:
            indent = lines[statement_index][
                : len(lines[statement_index]) - len(lines[statement_index].lstrip())
            ]
            if (
                node.col_offset > 0
                and lines[statement_index][
                    : _char_col(lines[statement_index], node.col_offset)
                ].strip()
            ):
                indent = ""  # ``a = 1; target_metadata = None``: the line starts at column 0
            new_lines.insert(statement_index, indent + import_line + eol)
        found: int | None = node.lineno
        if import_line:
            message = QT_TRANSLATE_NOOP(
                "EnvSetup",
                "Replaces 'target_metadata = None' on line {line} with "
                "'target_metadata = {expression}' and adds '{import_line}' above it.",
            ).format(line=str(node.lineno), expression=expression, import_line=import_line)
        else:
            message = QT_TRANSLATE_NOOP(
                "EnvSetup",
                "Replaces 'target_metadata = None' on line {line} with "
                "'target_metadata = {expression}' ('{module}' is already imported).",
            ).format(line=str(node.lineno), expression=expression, module=module)
    else:
        index, where = _insertion_point(tree, lines)
        if where.startswith("before"):
            # above the blank lines that separate the def from what precedes it
            while index > 0 and not lines[index - 1].strip():
                index -= 1
        if index >= len(lines) and lines and not _EOL.search(lines[-1]):
            new_lines[-1] = lines[-1] + eol
        block = [eol] if index > 0 else []
        if import_line:
            block.append(f"{import_line}{eol}")
        block.append(f"{_NAME} = {expression}{eol}")
        if index == 0 and lines:
            block.extend([eol, eol])
        new_lines[index:index] = block
        found = None
        if import_line:
            message = QT_TRANSLATE_NOOP(
                "EnvSetup",
                "env.py has no 'target_metadata = None' at module level: the lines are "
                "inserted {where}.",
            ).format(where=where)
        else:
            message = QT_TRANSLATE_NOOP(
                "EnvSetup",
                "env.py has no 'target_metadata = None' at module level: the line is "
                "inserted {where}.",
            ).format(where=where)

    new_text = "".join(new_lines)
    return EnvEdit(
        new_text=new_text,
        diff=_unified_diff(env_text, new_text),
        import_line=import_line,
        found_line_number=found,
        message=message,
    )


def _insertion_point(tree: ast.Module, lines: list[str]) -> tuple[int, str]:
    """(0-based line index to insert at, words for the user)."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            node.name in _RUN_FUNCTIONS
        ):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            return first - 1, QT_TRANSLATE_NOOP(
                "EnvSetup", "before 'def {function}' (line {line})"
            ).format(function=node.name, line=str(first))
    last_import: ast.stmt | None = None
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last_import = node
    if last_import is not None and last_import.end_lineno is not None:
        return last_import.end_lineno, QT_TRANSLATE_NOOP(
            "EnvSetup", "after the imports (line {line})"
        ).format(line=str(last_import.end_lineno))
    return len(lines), QT_TRANSLATE_NOOP("EnvSetup", "at the end of the file")


def _unified_diff(old: str, new: str) -> str:
    old_lines = [_EOL.sub("", line) for line in _split_lines(old)]
    new_lines = [_EOL.sub("", line) for line in _split_lines(new)]
    return (
        "\n".join(
            difflib.unified_diff(
                old_lines, new_lines, fromfile="env.py", tofile="env.py", lineterm=""
            )
        )
        + "\n"
    )


# -- reading and writing --------------------------------------------------------------------------


def read_env_text(path: Path) -> str:
    """env.py as text with its line endings untouched (``read_text`` would turn CRLF into LF)."""
    return path.read_bytes().decode("utf-8")


def apply_env_edit(path: Path, edit: EnvEdit, expected_old_text: str) -> None:
    """Write ``edit.new_text`` to ``path`` atomically (temp file + ``os.replace``).

    Raises ValueError when the file on disk is no longer ``expected_old_text`` (changed since it
    was read: plan again), OSError when it cannot be written.
    """
    try:
        current = read_env_text(path)
    except FileNotFoundError as exc:
        raise ValueError(
            QT_TRANSLATE_NOOP("EnvSetup", "{path} no longer exists; nothing was written.").format(
                path=str(path)
            )
        ) from exc
    if current != expected_old_text:
        raise ValueError(
            QT_TRANSLATE_NOOP(
                "EnvSetup",
                "{path} changed on disk since it was read; nothing was written. "
                "Reload it and plan the edit again.",
            ).format(path=str(path))
        )
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(edit.new_text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(temp_name, path.stat().st_mode & 0o7777)
        except OSError:
            pass
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise


# -- suggestions ----------------------------------------------------------------------------------

_SKIP_DIRS = frozenset(
    {
        "site-packages",
        "dist-packages",
        "node_modules",
        "__pycache__",
        "venv",
        "env",
        "build",
        "dist",
    }
)
_MAX_FILES = 500
_MAX_FILE_BYTES = 1_000_000


def _call_name(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name):
            return func.id
        if isinstance(func, ast.Attribute):
            return func.attr
    return None


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):  # DeclarativeBase[...] is not a thing, but be tolerant
        return _base_name(node.value)
    return None


def _targets_in(tree: ast.Module) -> Iterator[str]:
    """Attribute paths (``Base.metadata``, ``db.Model.metadata``, ``metadata``) in one module."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            if any(
                _base_name(b) in ("DeclarativeBase", "DeclarativeBaseNoMeta") for b in node.bases
            ):
                yield f"{node.name}.metadata"
            continue
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            value: ast.expr | None = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names, value = [node.target.id], node.value
        else:
            continue
        called = _call_name(value)
        for name in names:
            if called == "declarative_base":
                yield f"{name}.metadata"
            elif called == "SQLAlchemy":
                yield f"{name}.Model.metadata"
            elif called == "MetaData":
                yield name


def _module_name(root: Path, file: Path) -> str | None:
    parts = list(file.relative_to(root).with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    if len(parts) > 1 and parts[0] == "src" and not (root / "src" / "__init__.py").exists():
        parts.pop(0)  # the src layout: src/app/models.py is the module app.models
    if not parts or not _is_dotted(".".join(parts)):
        return None
    return ".".join(parts)


def _python_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _SKIP_DIRS
            and not (here / d / "pyvenv.cfg").exists()
            and not (d == "versions" and (here / "env.py").exists())
        )
        for name in sorted(files):
            if name.endswith(".py") and not (name == "env.py" and (here / "versions").is_dir()):
                yield here / name


def suggest_targets(project_root: Path) -> list[str]:
    """Specs for :func:`plan_env_edit` found by a static scan of the project's .py files.

    Looks (with ``ast``; nothing is imported) for ``X = declarative_base(...)``,
    ``class X(DeclarativeBase)``, ``db = SQLAlchemy(...)`` and ``metadata = MetaData(...)`` at
    module level, in at most 500 files, skipping virtualenvs, hidden folders, site-packages and
    migration versions. Returns e.g. ``["app.models:Base.metadata", "app:db.Model.metadata"]``.
    """
    root = Path(project_root)
    found: list[str] = []
    for count, file in enumerate(_python_files(root)):
        if count >= _MAX_FILES:
            break
        try:
            if file.stat().st_size > _MAX_FILE_BYTES:
                continue
            source = file.read_bytes()
        except OSError:
            continue
        if not any(
            word in source
            for word in (b"declarative_base", b"DeclarativeBase", b"SQLAlchemy", b"MetaData")
        ):
            continue
        module = _module_name(root, file)
        if module is None:
            continue
        try:
            tree = ast.parse(source, filename=str(file))
        except (SyntaxError, ValueError):
            continue
        for attribute in _targets_in(tree):
            spec = f"{module}:{attribute}"
            if spec not in found:
                found.append(spec)
    return found
