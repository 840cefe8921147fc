"""The list of recently opened projects, kept in a small versioned JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from migrator_gui.core.paths import config_dir, write_json_atomic

SCHEMA_VERSION = 1
MAX_RECENT = 10


def recent_file() -> Path:
    return config_dir() / "recent_projects.json"


def load_recent() -> list[Path]:
    """Recent projects, newest first; an unreadable file is treated as empty (it is only a list)."""
    try:
        data = json.loads(recent_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or not isinstance(data.get("projects"), list):
        return []
    return [Path(p) for p in data["projects"] if isinstance(p, str)]


def remember_project(path: Path) -> list[Path]:
    """Put ``path`` first in the recent list and save it; returns the new list."""
    path = path.resolve()
    projects = [path] + [p for p in load_recent() if p != path]
    projects = projects[:MAX_RECENT]
    write_json_atomic(
        recent_file(), {"schema_version": SCHEMA_VERSION, "projects": [str(p) for p in projects]}
    )
    return projects
