"""New migration environment…: alembic's own ``alembic init``, run off the GUI thread.

``alembic.command.init`` only copies and renders alembic's template files (no user code runs), so
it runs in-process in a :class:`~migrator_gui.services.jobs.Job`. alembic prints its progress with
``print``-like writes to ``sys.stdout`` (not to ``Config.stdout``); while init runs, the writes of
the job's own thread are captured and emitted as ``log`` lines, other threads write as before.

The folder chosen is the *project* folder (where ``alembic`` commands are run, usually beside the
application code): alembic.ini (and pyproject.toml for the pyproject templates) is written there
and the scripts go to ``<folder>/<script_dir>`` (``alembic`` by default), recorded in the
configuration as ``%(here)s/<script_dir>`` so the project can be moved.
"""

from __future__ import annotations

import io
import sys
import threading
from pathlib import Path
from typing import TextIO

import alembic
from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from PySide6.QtCore import QCoreApplication, QObject

from migrator_gui.core.errors import MigratorError
from migrator_gui.services.jobs import Job

__all__ = ["EnvironmentSetupError", "InitEnvironmentJob", "available_templates"]

translate = QCoreApplication.translate

_INI_NAME = "alembic.ini"
_TOML_NAME = "pyproject.toml"
_TOML_TEMPLATE = "pyproject.toml.mako"


class EnvironmentSetupError(MigratorError):
    """A new migration environment cannot be created (folder not empty, unknown template...)."""


def _templates_dir() -> Path:
    return Path(alembic.__file__).parent / "templates"


def available_templates() -> list[tuple[str, str]]:
    """alembic's environment templates as (name, first line of its README), sorted by name."""
    found: list[tuple[str, str]] = []
    root = _templates_dir()
    if not root.is_dir():
        return found
    for folder in sorted(root.iterdir()):
        readme = folder / "README"
        if not folder.is_dir() or not readme.is_file():
            continue
        try:
            lines = readme.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        found.append((folder.name, next((ln.strip() for ln in lines if ln.strip()), "")))
    return found


class _ThreadStdout(io.TextIOBase):
    """Stands in for ``sys.stdout``: writes from one thread go to a buffer, the rest through."""

    def __init__(self, original: TextIO, owner: int) -> None:
        super().__init__()
        self._original = original
        self._owner = owner
        self.captured = io.StringIO()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._original, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        if threading.get_ident() == self._owner:
            return self.captured.write(text)
        return self._original.write(text)

    def flush(self) -> None:
        if threading.get_ident() != self._owner:
            self._original.flush()


_STDOUT_LOCK = threading.Lock()


class InitEnvironmentJob(Job):
    """Create a migration environment in ``folder`` with alembic's template ``template``.

    Result: the Path of the created configuration file: alembic.ini, or pyproject.toml for the
    ``pyproject``/``pyproject_async`` templates. Errors: :class:`EnvironmentSetupError`.

    Signals: those of :class:`Job`; ``log`` carries alembic's own output, line by line.
    """

    def __init__(
        self,
        folder: Path,
        template: str = "generic",
        parent: QObject | None = None,
        *,
        script_dir: str = "alembic",
    ) -> None:
        super().__init__(parent)
        self._folder = Path(folder)
        self._template = template
        self._script_dir = script_dir

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def template(self) -> str:
        return self._template

    def run(self) -> object:
        folder = self._folder.expanduser().absolute()
        template_path = _templates_dir() / self._template
        if not self._template or not (template_path / "README").is_file():
            names = ", ".join(name for name, _ in available_templates())
            raise EnvironmentSetupError(
                translate("InitEnvironmentJob", "alembic has no template named '{template}'. "
                          "Choose one of: {names}.").format(template=self._template, names=names)
            )
        if not self._script_dir or Path(self._script_dir).name != self._script_dir:
            raise EnvironmentSetupError(
                translate("InitEnvironmentJob", "'{name}' is not a folder name for the migration "
                          "scripts.").format(name=self._script_dir)
            )
        if folder.exists() and not folder.is_dir():
            raise EnvironmentSetupError(
                translate("InitEnvironmentJob", "{folder} is a file, not a folder: choose an "
                          "empty folder.").format(folder=folder)
            )
        uses_toml = (template_path / _TOML_TEMPLATE).is_file()
        ini = folder / _INI_NAME
        toml = folder / _TOML_NAME
        if ini.exists():
            raise EnvironmentSetupError(
                translate("InitEnvironmentJob", "{folder} already holds an alembic.ini: open it "
                          "as a project instead, or choose an empty folder.").format(
                              folder=folder)
            )
        if uses_toml and toml.is_file() and _has_tool_alembic(toml):
            raise EnvironmentSetupError(
                translate("InitEnvironmentJob", "{file} already has a [tool.alembic] table: "
                          "open it as a project instead, or choose an empty folder.").format(
                              file=toml)
            )
        scripts = folder / self._script_dir
        config = Config(str(ini), toml_file=str(toml) if uses_toml else None)
        self.log.emit(f"alembic init --template {self._template} {scripts}")
        try:
            output = self._run_init(config, scripts)
        except CommandError as exc:
            message = str(exc)  # alembic's own message
            if "not empty" in message:
                raise EnvironmentSetupError(
                    translate("InitEnvironmentJob", "alembic init failed: {error} — choose an "
                              "empty folder (or another name for the scripts folder).").format(
                                  error=message)
                ) from exc
            raise EnvironmentSetupError(
                translate("InitEnvironmentJob", "alembic init failed: {error}").format(
                    error=message)
            ) from exc
        except OSError as exc:
            reason = str(exc.strerror or exc)
            if exc.filename:
                raise EnvironmentSetupError(
                    translate("InitEnvironmentJob", "alembic init failed: {error} ({file}). "
                              "Choose a folder you can write to.").format(
                                  error=reason, file=exc.filename)
                ) from exc
            raise EnvironmentSetupError(
                translate("InitEnvironmentJob", "alembic init failed: {error}. Choose a folder "
                          "you can write to.").format(error=reason)
            ) from exc
        for line in output.splitlines():
            if line.strip():
                self.log.emit(line.rstrip())
        # alembic writes the absolute path; the project stays movable with %(here)s.
        self._make_relative(ini, scripts)
        if uses_toml:
            self._make_relative(toml, scripts)
            return toml
        return ini

    def _run_init(self, config: Config, scripts: Path) -> str:
        with _STDOUT_LOCK:
            original = sys.stdout
            capture = _ThreadStdout(original, threading.get_ident())
            sys.stdout = capture
            try:
                command.init(config, str(scripts), template=self._template)
            finally:
                if sys.stdout is capture:
                    sys.stdout = original
        return capture.captured.getvalue()

    @staticmethod
    def _make_relative(config_file: Path, scripts: Path) -> None:
        if not config_file.is_file():
            return
        text = config_file.read_bytes().decode("utf-8")
        absolute = scripts.as_posix()
        relative = f"%(here)s/{scripts.name}"
        new = text.replace(f"script_location = {absolute}\n", f"script_location = {relative}\n")
        new = new.replace(f'script_location = "{absolute}"\n', f'script_location = "{relative}"\n')
        if new != text:
            config_file.write_bytes(new.encode("utf-8"))


def _has_tool_alembic(toml: Path) -> bool:
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        return "[tool.alembic]" in toml.read_text(encoding="utf-8", errors="replace")
    try:
        with toml.open("rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EnvironmentSetupError(
            translate("InitEnvironmentJob", "{file} is not valid TOML ({error}); fix it "
                      "first.").format(file=toml, error=exc)
        ) from exc
    tool = data.get("tool", {})
    return isinstance(tool, dict) and isinstance(tool.get("alembic"), dict)
