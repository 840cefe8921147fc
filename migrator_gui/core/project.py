"""Open an alembic project: find its configuration and everything Migrator needs to know about it.

Reading is done with alembic's own :class:`alembic.config.Config` (so ``%(here)s``,
``path_separator`` and ``[tool.alembic]`` in pyproject.toml mean what they mean to alembic), but
nothing of the user's code is imported and ``sys.path`` is not touched: that happens only in the
child runner.
"""

from __future__ import annotations

import configparser
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config

from migrator_gui.core.errors import ProjectError
from migrator_gui.core.text import QT_TRANSLATE_NOOP

__all__ = ["Project", "find_interpreter", "open_project"]

_INI_NAME = "alembic.ini"
_TOML_NAME = "pyproject.toml"


@dataclass(frozen=True)
class Project:
    """Everything Migrator knows about one alembic project, as plain data."""

    root: Path
    """Folder holding the configuration file; relative paths are resolved from here."""
    config_file: Path | None
    """The alembic.ini in use, or None for a pyproject.toml-only project."""
    toml_file: Path | None
    """The pyproject.toml with a ``[tool.alembic]`` table, if any."""
    script_location: Path
    version_locations: tuple[Path, ...]
    recursive_version_locations: bool
    prepend_sys_path: tuple[Path, ...]
    sqlalchemy_url: str | None
    """The URL written in alembic.ini (may be a placeholder such as ``driver://user:pass@...``)."""
    interpreter: Path
    """Python used to run env.py: the project's virtualenv beside the config, else ours."""
    file_template: str
    ini_section: str = "alembic"

    @property
    def name(self) -> str:
        return self.root.name

    @property
    def env_py(self) -> Path:
        return self.script_location / "env.py"

    def alembic_config(self) -> Config:
        """A fresh alembic Config for this project (no sys.path change, no user code run)."""
        return _make_config(self.config_file, self.toml_file, self.ini_section)


def open_project(path: str | os.PathLike[str], interpreter: str | os.PathLike[str] | None = None
                 ) -> Project:
    """Open the project at ``path``: a folder, an alembic.ini, or a pyproject.toml.

    Raises :class:`ProjectError` naming the file and the problem when it cannot be opened.
    """
    config_file, toml_file = _locate_config(Path(path).expanduser())
    root = (config_file or toml_file or Path(path)).resolve().parent
    ini_section = "alembic"
    if config_file is not None:
        _check_ini(config_file, ini_section)
    cfg = _make_config(config_file, toml_file, ini_section)
    where = config_file or toml_file
    try:
        script_location_text = cfg.get_alembic_option("script_location")
    except (configparser.Error, ValueError, KeyError) as exc:
        raise ProjectError(
            QT_TRANSLATE_NOOP("Project", "{file}: cannot read script_location: {reason}").format(
                file=str(where), reason=str(exc)
            )
        ) from exc
    if not script_location_text:
        raise ProjectError(
            QT_TRANSLATE_NOOP(
                "Project",
                "{file}: no 'script_location' is set in [{section}]. Add a line such as "
                "'script_location = %(here)s/alembic' pointing at the folder that holds env.py.",
            ).format(file=str(where), section=ini_section)
        )
    script_location = _resolve_script_location(script_location_text, root)
    if not script_location.is_dir():
        raise ProjectError(
            QT_TRANSLATE_NOOP(
                "Project",
                "{file}: script_location '{setting}' points at {folder}, "
                "which is not a folder. Fix script_location, or run 'alembic init' to create it.",
            ).format(file=str(where), setting=script_location_text, folder=str(script_location))
        )
    if not (script_location / "env.py").is_file():
        raise ProjectError(
            QT_TRANSLATE_NOOP(
                "Project",
                "{file}: {folder} has no env.py, so it is not an alembic environment.",
            ).format(file=str(where), folder=str(script_location))
        )
    try:
        locations_text = cfg.get_version_locations_list()
        prepend_text = cfg.get_prepend_sys_paths_list()
    except (configparser.Error, ValueError) as exc:
        raise ProjectError(f"{where}: {exc}") from exc
    if locations_text:
        version_locations = tuple(_resolve(p, root) for p in locations_text)
    else:
        version_locations = (script_location / "versions",)
    prepend = tuple(_resolve(p, root) for p in (prepend_text or ()))
    url = cfg.get_main_option("sqlalchemy.url") if config_file is not None else None
    return Project(
        root=root,
        config_file=config_file.resolve() if config_file else None,
        toml_file=toml_file.resolve() if toml_file else None,
        script_location=script_location,
        version_locations=version_locations,
        recursive_version_locations=cfg.get_alembic_boolean_option("recursive_version_locations"),
        prepend_sys_path=prepend,
        sqlalchemy_url=url or None,
        interpreter=Path(interpreter) if interpreter else find_interpreter(root),
        file_template=cfg.get_alembic_option(
            "file_template", "%%(rev)s_%%(slug)s"
        ).replace("%%", "%"),
        ini_section=ini_section,
    )


def find_interpreter(root: Path) -> Path:
    """The project's own Python: ``.venv``/``venv`` beside the config (or one up), else ours.

    "Ours" is ``sys.executable``: in the packaged app that is Migrator itself, which runs the
    child as ``migrator-gui --runner`` (``services.migrate.runner_command``)."""
    for folder in (root, root.parent):
        for name in (".venv", "venv", "env"):
            for candidate in (folder / name / "bin" / "python", folder / name / "Scripts" /
                              "python.exe"):
                if candidate.is_file() and os.access(candidate, os.X_OK):
                    return candidate
    return Path(sys.executable)


def _locate_config(path: Path) -> tuple[Path | None, Path | None]:
    if path.is_dir():
        ini = path / _INI_NAME
        toml = path / _TOML_NAME
        toml_file = toml if toml.is_file() and _has_tool_alembic(toml) else None
        if ini.is_file():
            return ini, toml_file
        if toml_file is not None:
            return None, toml_file
        raise ProjectError(
            QT_TRANSLATE_NOOP(
                "Project",
                "{path} holds no alembic.ini and no pyproject.toml with a [tool.alembic] table. "
                "Open the folder where you run 'alembic' commands, or run 'alembic init' there.",
            ).format(path=str(path))
        )
    if not path.exists():
        raise ProjectError(
            QT_TRANSLATE_NOOP("Project", "{path} does not exist.").format(path=str(path))
        )
    if path.name == _TOML_NAME:
        if not _has_tool_alembic(path):
            raise ProjectError(
                QT_TRANSLATE_NOOP("Project", "{path} has no [tool.alembic] table.").format(
                    path=str(path)
                )
            )
        ini = path.parent / _INI_NAME
        return (ini if ini.is_file() else None), path
    toml = path.parent / _TOML_NAME
    return path, (toml if toml.is_file() and _has_tool_alembic(toml) else None)


def _has_tool_alembic(toml: Path) -> bool:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: alembic's own toml support needs tomli there too
        return False
    try:
        with toml.open("rb") as f:
            data = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ProjectError(
            QT_TRANSLATE_NOOP("Project", "{file}: not valid TOML: {reason}").format(
                file=str(toml), reason=str(exc)
            )
        ) from exc
    tool = data.get("tool", {})
    return isinstance(tool, dict) and isinstance(tool.get("alembic"), dict)


def _check_ini(config_file: Path, section: str) -> None:
    parser = configparser.ConfigParser()
    try:
        with config_file.open(encoding="utf-8") as f:
            parser.read_file(f)
    except UnicodeDecodeError as exc:
        raise ProjectError(
            QT_TRANSLATE_NOOP("Project", "{file}: not UTF-8 text ({reason}).").format(
                file=str(config_file), reason=str(exc)
            )
        ) from exc
    except configparser.Error as exc:
        first_line = str(exc).splitlines()[0]
        raise ProjectError(
            QT_TRANSLATE_NOOP("Project", "{file} is not a valid ini file: {reason}").format(
                file=str(config_file), reason=first_line
            )
        ) from exc
    except OSError as exc:
        raise ProjectError(
            QT_TRANSLATE_NOOP("Project", "{file} cannot be read: {reason}").format(
                file=str(config_file), reason=str(exc.strerror)
            )
        ) from exc
    if not parser.has_section(section):
        raise ProjectError(
            QT_TRANSLATE_NOOP(
                "Project",
                "{file} has no [{section}] section. An alembic.ini starts with '[{section}]' "
                "followed by 'script_location = ...'.",
            ).format(file=str(config_file), section=section)
        )


def _make_config(config_file: Path | None, toml_file: Path | None, section: str) -> Config:
    kwargs: dict[str, object] = {"ini_section": section}
    if toml_file is not None:
        kwargs["toml_file"] = str(toml_file)
    return Config(str(config_file) if config_file else None, **kwargs)  # type: ignore[arg-type]


_PACKAGE_RESOURCE = re.compile(r"^[\w.]+:[\w./-]+$")


def _resolve_script_location(text: str, root: Path) -> Path:
    if _PACKAGE_RESOURCE.match(text) and not re.match(r"^[A-Za-z]:[\\/]", text):
        # "mypackage:alembic" - alembic resolves it by importing the package; we look for it
        # beside the config without importing anything.
        package, _, sub = text.partition(":")
        return (root.joinpath(*package.split(".")) / sub).resolve()
    return _resolve(text, root)


def _resolve(text: str, root: Path) -> Path:
    p = Path(os.path.expanduser(text.strip()))
    return (p if p.is_absolute() else root / p).resolve()
