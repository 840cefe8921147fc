"""The demo project (branches, a merge, depends_on) migrated through the services on every
database, with the database state checked through alembic's own API."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QObject

from migrator_gui.core import protocol
from migrator_gui.core.project import open_project
from migrator_gui.services.migrate import MigrationService, RunnerJob
from migrator_gui.services.status import StatusService
from tests.db_fixtures import current_heads

DEMO = Path(__file__).resolve().parents[2] / "migrator_gui" / "resources" / "demo"
TIMEOUT = 60_000


def _wait_result(qtbot, job: RunnerJob) -> protocol.Result:
    results: list[protocol.Result] = []
    errors: list[object] = []
    job.result.connect(results.append)
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    assert not errors, f"{errors[0]}\n{getattr(errors[0], 'details', '')}"
    return results[0]


def test_demo_up_partial_down_and_status(qtbot, db_url: str, tmp_path: Path) -> None:
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    project = open_project(root)
    owner = QObject()
    migrations = MigrationService(owner)
    status = StatusService(owner)

    result = _wait_result(qtbot, migrations.upgrade(project, db_url, "heads"))
    assert result.steps == 12
    assert current_heads(db_url) == {"31b7e5d1b306"} == set(result.heads)

    # undoing the merge leaves two rows in the version table
    result = _wait_result(qtbot, migrations.downgrade(project, db_url, "b7d0d7ffbdac"))
    assert current_heads(db_url) == {"b7d0d7ffbdac", "ac63663f3669"} == set(result.heads)
    assert result.steps == 3

    read = _wait_result(qtbot, status.refresh(project, db_url))
    assert set(read.heads) == {"b7d0d7ffbdac", "ac63663f3669"} and read.table_exists

    # downgrading to the depends_on target: alembic keeps ONE row, ac63663f3669, which implies
    # ae2823e11481 ('alembic current' prints both, the table holds one)
    result = _wait_result(qtbot, migrations.downgrade(project, db_url, "ae2823e11481"))
    assert current_heads(db_url) == {"ac63663f3669"} == set(result.heads)

    result = _wait_result(qtbot, migrations.downgrade(project, db_url, "base"))
    assert current_heads(db_url) == set() and result.heads == []
    assert not (root / "demo.db").exists()  # the selected database was used, not alembic.ini's
