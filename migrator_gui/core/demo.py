"""The bundled demo project, copied to a per-user writable folder before use.

The installed package is never written: alembic and SQLite need a writable folder (versions/ for new
revisions, the demo.db file), so the demo runs from a copy under the user data dir.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from migrator_gui.core.paths import data_dir

DEMO_SOURCE = Path(__file__).resolve().parent.parent / "resources" / "demo"


def demo_dir() -> Path:
    return data_dir() / "demo"


def demo_url(folder: Path | None = None) -> str:
    """The SQLite URL of the demo database inside the writable copy."""
    return f"sqlite:///{(folder or demo_dir()) / 'demo.db'}"


def prepare_demo(reset: bool = False) -> Path:
    """Make sure the writable demo copy exists and return its folder.

    ``reset`` restores it to the bundled state: the copy (and its database) is replaced.
    """
    target = demo_dir()
    if reset and target.exists():
        shutil.rmtree(target)
    if not (target / "alembic.ini").is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(target.name + ".tmp")
        if staging.exists():
            shutil.rmtree(staging)
        shutil.copytree(
            DEMO_SOURCE, staging, ignore=shutil.ignore_patterns("__pycache__", "*.db", "*.pyc")
        )
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    return target
