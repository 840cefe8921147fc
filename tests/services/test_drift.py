"""Schema drift on real databases: the live schema against the schema of its recorded revision,
built on a scratch database, and the revision that matches best."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import load_graph
from migrator_gui.services.drift import DriftJob, DriftReport
from migrator_gui.services.migrate import MigrationService
from tests.db_fixtures import copy_fixture, current_heads
from tests.runner.conftest import revision_chain

TIMEOUT = 120_000


@pytest.fixture
def owner(qtbot) -> QObject:  # type: ignore[no-untyped-def]
    return QObject()


def _drift(qtbot, owner: QObject, root: Path, url: str, recorded) -> DriftReport:  # type: ignore[no-untyped-def]
    project = open_project(root)
    job = DriftJob(project, url, load_graph(project), recorded, parent=owner)
    results: list[object] = []
    errors: list[object] = []
    job.result.connect(results.append)
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    assert not errors, errors
    (report,) = results
    assert isinstance(report, DriftReport)
    return report


def _server_databases(url: str) -> set[str]:
    parsed = sa.make_url(url)
    backend = parsed.get_backend_name()
    engine = sa.create_engine(parsed.set(database="postgres" if backend == "postgresql"
                                         else None), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            if backend == "postgresql":
                rows = conn.exec_driver_sql("SELECT datname FROM pg_database")
            else:
                rows = conn.exec_driver_sql("SHOW DATABASES")
            return {r[0] for r in rows if r[0].startswith("migrator_scratch_")}
    finally:
        engine.dispose()


def test_a_column_added_by_hand_is_drift_and_the_next_revision_matches(
    qtbot, owner: QObject, db_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    _, second, third = revision_chain(root)
    service = MigrationService(owner)
    job = service.upgrade(open_project(root), db_url, second)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    engine = sa.create_engine(db_url, poolclass=NullPool)
    with engine.begin() as conn:  # what the third revision does, done by hand
        conn.exec_driver_sql("ALTER TABLE book ADD COLUMN isbn VARCHAR(20)")
    engine.dispose()
    before = _server_databases(db_url) if not db_url.startswith("sqlite") else set()
    # (other test runs may hold scratch databases of their own: only ours must be gone)

    report = _drift(qtbot, owner, root, db_url, [second])

    assert report.differences == (
        f"column book.isbn already exists in the database (not at {second[:12]})",
    )
    assert dict(report.scores)[second] == 1 and dict(report.scores)[third] == 0
    assert report.best == third
    assert current_heads(db_url) == {second}  # the live database was only read
    if not db_url.startswith("sqlite"):
        assert _server_databases(db_url) <= before  # the scratch database was dropped


def test_an_unknown_revision_gets_the_revision_whose_schema_matches(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    first, second, third = revision_chain(root)
    job = MigrationService(owner).upgrade(open_project(root), sqlite_url, second)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    engine = sa.create_engine(sqlite_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'deadbeef1234'")
    engine.dispose()
    report = _drift(qtbot, owner, root, sqlite_url, ["deadbeef1234"])
    assert report.differences == ()  # nothing to compare the unknown revision with
    assert report.best == second
    assert [rev for rev, _ in report.scores] == [first, second, third]
