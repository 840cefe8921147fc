"""StatusService: the status operation through a real child."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from migrator_gui.core import protocol
from migrator_gui.core.project import open_project
from migrator_gui.services.status import StatusService
from tests.db_fixtures import copy_fixture, has_table
from tests.runner.conftest import revision_chain, run_child


def test_refresh_reads_the_version_table(qtbot, db_url: str, tmp_path: Path) -> None:
    owner = QObject()
    service = StatusService(owner)
    project = open_project(copy_fixture("custom_version_table", tmp_path))

    job = service.refresh(project, db_url)
    assert service.refresh(project, db_url) is job  # joins the read already going on
    with qtbot.waitSignal(job.result, timeout=60_000) as blocker:
        pass
    result = blocker.args[0]
    assert isinstance(result, protocol.Result)
    assert result.heads == [] and not result.table_exists
    assert result.version_table == "migrator_versions"
    if "sqlite" not in db_url:
        assert not has_table(db_url, "migrator_versions")
    qtbot.waitUntil(lambda: not service.is_busy(), timeout=10_000)

    head = revision_chain(project.root)[-1]
    assert run_child(project.root, "upgrade", db_url).returncode == 0
    job = service.refresh(project, db_url)
    with qtbot.waitSignal(job.result, timeout=60_000) as blocker:
        pass
    assert blocker.args[0].heads == [head] and blocker.args[0].table_exists
    qtbot.waitUntil(lambda: job.is_done, timeout=10_000)
