"""The user's preferences: plain data, kept in ``config_dir() / "preferences.json"``.

The file is versioned (``{"version": 1, "preferences": {...}}``) and written atomically. Reading
never fails: a missing file gives the defaults; a file that cannot be read, or a value that is not
valid, gives that field's default, and :func:`load_preferences_with_problems` says what was wrong
(keys Migrator does not know are ignored, so an older Migrator reads a newer file).

What is *not* a preference: a profile whose environment is ``production`` always asks the user to
type the database name before any write (upgrade, downgrade, stamp). ``confirm_downgrades`` and
``confirm_stamps`` only govern the ordinary yes/no confirmation on other databases.

Window geometry and splitter positions are not here either: they live in QSettings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal

from migrator_gui.core.errors import MigratorError
from migrator_gui.core.paths import config_dir, write_json_atomic
from migrator_gui.core.profiles import DEFAULT_LOCK_TIMEOUT, MAX_LOCK_TIMEOUT
from migrator_gui.core.text import QT_TRANSLATE_NOOP, Text

__all__ = [
    "FILE_NAME",
    "LANGUAGES",
    "MAX_CODE_FONT_SIZE",
    "MIN_CODE_FONT_SIZE",
    "PREFERENCES_VERSION",
    "THEMES",
    "Language",
    "Preferences",
    "PreferencesError",
    "Theme",
    "load_preferences",
    "load_preferences_with_problems",
    "preferences_path",
    "save_preferences",
]

PREFERENCES_VERSION = 1
FILE_NAME = "preferences.json"

Theme = Literal["system", "light", "dark"]
Language = Literal["system", "en", "zh_CN"]
THEMES: tuple[Theme, ...] = ("system", "light", "dark")
LANGUAGES: tuple[Language, ...] = ("system", "en", "zh_CN")
MIN_CODE_FONT_SIZE = 6
MAX_CODE_FONT_SIZE = 32

_Check = Callable[[object], str | None]
"""Why a value is not valid for one field (None: fine)."""


class PreferencesError(MigratorError):
    """Preferences that cannot be saved as given (the message says which value and why)."""


@dataclass(frozen=True)
class Preferences:
    """Everything the user can set in Edit ▸ Preferences."""

    theme: Theme = "system"
    """``system`` (the platform's style and palette), ``light`` or ``dark`` (Fusion)."""
    default_lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    """Seconds a DDL statement waits for a lock on a database given by URL (no profile; a
    profile has its own). ``0`` waits forever; 0 to :data:`MAX_LOCK_TIMEOUT`."""
    transaction_per_migration: bool = True
    """Run each migration in its own transaction (alembic's ``transaction_per_migration``)."""
    confirm_downgrades: bool = True
    """Ask before a downgrade. Production profiles always ask for the typed database name."""
    confirm_stamps: bool = True
    """Ask before a stamp. Production profiles always ask for the typed database name."""
    code_font_size: int = 0
    """Point size of code (SQL, diffs, migration source); ``0`` is the system's fixed font
    size, else :data:`MIN_CODE_FONT_SIZE` to :data:`MAX_CODE_FONT_SIZE`."""
    language: Language = "system"
    """User-interface language: ``system``, ``en`` or ``zh_CN``; applies after a restart."""
    plan_before_run: bool = True
    """Show an operation's plan in the Plan tab and run it from there."""

    def problems(self) -> list[str]:
        """What is not valid in these preferences (empty: all fine)."""
        found: list[str] = []
        for f in fields(self):
            problem = _PROBLEM_CHECKS[f.name](getattr(self, f.name))
            if problem:
                found.append(problem)
        return found


# -- validation -----------------------------------------------------------------------------------


def _sentences(items: list[str]) -> str:
    """Sentences one after the other (``"A. B."``), translatable when they are :class:`Text`."""
    joined: str | None = None
    for item in items:
        joined = (
            item
            if joined is None
            else QT_TRANSLATE_NOOP("Preferences", "{first} {then}").format(first=joined, then=item)
        )
    return joined or ""


def _choice_problem(name: Text, allowed: tuple[str, ...]) -> _Check:
    def check(value: object) -> str | None:
        if isinstance(value, str) and value in allowed:
            return None
        return QT_TRANSLATE_NOOP(
            "Preferences", "The {name} {value} is not one of {allowed}."
        ).format(name=name, value=repr(value), allowed=", ".join(allowed))

    return check


def _bool_problem(name: str) -> _Check:
    def check(value: object) -> str | None:
        if isinstance(value, bool):
            return None
        return QT_TRANSLATE_NOOP(
            "Preferences", "'{name}' must be true or false, not {value}."
        ).format(name=name, value=repr(value))

    return check


def _lock_timeout_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return QT_TRANSLATE_NOOP(
            "Preferences", "The default lock timeout {value} is not a number of seconds."
        ).format(value=repr(value))
    if not math.isfinite(value) or not 0 <= value <= MAX_LOCK_TIMEOUT:
        return QT_TRANSLATE_NOOP(
            "Preferences",
            "The default lock timeout {value:g} s is out of range: 0 (wait forever) to "
            "{maximum:g} seconds.",
        ).format(value=value, maximum=MAX_LOCK_TIMEOUT)
    return None


def _font_size_problem(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return QT_TRANSLATE_NOOP(
            "Preferences", "The code font size {value} is not a whole number of points."
        ).format(value=repr(value))
    if value != 0 and not MIN_CODE_FONT_SIZE <= value <= MAX_CODE_FONT_SIZE:
        return QT_TRANSLATE_NOOP(
            "Preferences",
            "The code font size {value} is out of range: 0 (system default) or "
            "{minimum} to {maximum} points.",
        ).format(value=value, minimum=MIN_CODE_FONT_SIZE, maximum=MAX_CODE_FONT_SIZE)
    return None


_PROBLEM_CHECKS: dict[str, _Check] = {
    "theme": _choice_problem(QT_TRANSLATE_NOOP("Preferences", "theme"), THEMES),
    "default_lock_timeout": _lock_timeout_problem,
    "transaction_per_migration": _bool_problem("transaction_per_migration"),
    "confirm_downgrades": _bool_problem("confirm_downgrades"),
    "confirm_stamps": _bool_problem("confirm_stamps"),
    "code_font_size": _font_size_problem,
    "language": _choice_problem(QT_TRANSLATE_NOOP("Preferences", "language"), LANGUAGES),
    "plan_before_run": _bool_problem("plan_before_run"),
}


def _from_mapping(data: dict[str, Any]) -> tuple[Preferences, list[str]]:
    """Preferences from the ``preferences`` object: known keys only, invalid ones defaulted."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for f in fields(Preferences):
        if f.name not in data:
            continue
        value = data[f.name]
        problem = _PROBLEM_CHECKS[f.name](value)
        if problem:
            problems.append(
                QT_TRANSLATE_NOOP("Preferences", "{problem} Using the default, {default}.").format(
                    problem=problem, default=repr(getattr(Preferences(), f.name))
                )
            )
            continue
        if f.name == "default_lock_timeout":
            value = float(value)
        values[f.name] = value
    return Preferences(**values), problems


# -- file -----------------------------------------------------------------------------------------


def preferences_path() -> Path:
    """Where the preferences live by default."""
    return config_dir() / FILE_NAME


def load_preferences_with_problems(path: Path | None = None) -> tuple[Preferences, list[str]]:
    """The preferences in ``path`` (default :func:`preferences_path`) and what was wrong with
    the file, if anything. Never raises for a bad file: the defaults stand in."""
    path = path if path is not None else preferences_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Preferences(), []
    except (OSError, UnicodeDecodeError) as exc:
        return Preferences(), [
            QT_TRANSLATE_NOOP(
                "Preferences", "{path} could not be read ({reason}); using the defaults."
            ).format(path=str(path), reason=str(exc))
        ]
    try:
        raw = json.loads(text)
    except ValueError as exc:
        return Preferences(), [
            QT_TRANSLATE_NOOP(
                "Preferences", "{path} is not valid JSON ({reason}); using the defaults."
            ).format(path=str(path), reason=str(exc))
        ]
    if not isinstance(raw, dict):
        return Preferences(), [
            QT_TRANSLATE_NOOP(
                "Preferences", "{path} does not hold a JSON object; using the defaults."
            ).format(path=str(path))
        ]
    problems: list[str] = []
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        problems.append(
            QT_TRANSLATE_NOOP(
                "Preferences", "{path} has no valid 'version' ({version}); reading it as version 1."
            ).format(path=str(path), version=repr(version))
        )
    elif version > PREFERENCES_VERSION:
        problems.append(
            QT_TRANSLATE_NOOP(
                "Preferences",
                "{path} was written by a newer Migrator (version {version}); the settings this "
                "version knows are used, and saving writes version {current}.",
            ).format(path=str(path), version=str(version), current=str(PREFERENCES_VERSION))
        )
    data = raw.get("preferences", {})
    if not isinstance(data, dict):
        problems.append(
            QT_TRANSLATE_NOOP(
                "Preferences", "'preferences' in {path} is not a JSON object; using the defaults."
            ).format(path=str(path))
        )
        return Preferences(), problems
    prefs, value_problems = _from_mapping(data)
    return prefs, problems + value_problems


def load_preferences(path: Path | None = None) -> Preferences:
    """The preferences in ``path`` (default :func:`preferences_path`); defaults for anything
    missing or not valid. Use :func:`load_preferences_with_problems` to tell the user why."""
    return load_preferences_with_problems(path)[0]


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    """Write ``prefs`` to ``path`` (default :func:`preferences_path`) atomically.

    Raises :class:`PreferencesError` for an invalid value (nothing is written) and ``OSError``
    when the file cannot be written (the old file stays as it was)."""
    problems = prefs.problems()
    if problems:
        raise PreferencesError(_sentences(problems))
    path = path if path is not None else preferences_path()
    write_json_atomic(path, {"version": PREFERENCES_VERSION, "preferences": asdict(prefs)})
