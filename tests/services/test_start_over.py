"""Start over on real databases: the old revisions archived, one base written from the models
and proven on a scratch database; stamped, alembic current shows it and alembic check is clean;
restore puts everything back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core.doctor import DatabaseFacts, Repair, replace_rows_sql
from migrator_gui.core.project import open_project
from migrator_gui.services.doctor import RepairJob
from migrator_gui.services.start_over import StartOverJob, StartOverResult, restore_archive
from tests.runner.test_autogenerate import NEW_MODELS, _project

TIMEOUT = 120_000


@pytest.fixture
def owner(qtbot) -> QObject:  # type: ignore[no-untyped-def]
    return QObject()


def _old_revision(root: Path, rev: str, down: str | None) -> None:
    (root / "migrations" / "versions" / f"{rev}_old.py").write_text(
        f'"""old {rev}\n\nRevision ID: {rev}\nRevises: {down or ""}\n"""\n'
        f'revision = "{rev}"\ndown_revision = {down!r}\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )


def _alembic(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "alembic", *args], cwd=root,
                          capture_output=True, text=True, timeout=120)


def _run(qtbot, job) -> list[object]:  # type: ignore[no-untyped-def]
    results: list[object] = []
    errors: list[object] = []
    job.result.connect(results.append)
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    assert not errors, errors
    return results


def test_start_over_archives_writes_a_proven_base_and_stamps(
    qtbot, owner: QObject, db_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, db_url)
    models = NEW_MODELS.replace(
        '    sa.Column("rank", sa.Integer, nullable=False),    # NOT NULL without default\n', "")
    (root / "models.py").write_text(models)
    namespace: dict[str, object] = {}
    exec(models, namespace)
    engine = sa.create_engine(db_url, poolclass=NullPool)
    namespace["metadata"].create_all(engine)  # type: ignore[attr-defined]
    _old_revision(root, "aaaa00000001", None)
    _old_revision(root, "aaaa00000002", "aaaa00000001")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL "
                             "PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO alembic_version (version_num) VALUES ('aaaa00000002')")
    engine.dispose()
    project = open_project(root)

    (result,) = _run(qtbot, StartOverJob(project, db_url, "fresh start", parent=owner))
    assert isinstance(result, StartOverResult)
    assert result.proven, result.differences
    assert sorted(p.name for p in result.moved) == ["aaaa00000001_old.py", "aaaa00000002_old.py"]
    assert all(p.is_file() for p in result.moved)
    versions = list((root / "migrations" / "versions").glob("*.py"))
    assert versions == [result.path]
    assert "create_table('book'" in result.path.read_text()

    facts = DatabaseFacts(dialect=sa.make_url(db_url).get_backend_name(), table_exists=True,
                          rows=("aaaa00000002",))
    stamp = Repair("replace_rows", "Stamp the new base", "",
                   replace_rows_sql(facts, [result.revision]), rows_after=(result.revision,))
    (repaired,) = _run(qtbot, RepairJob(db_url, facts, stamp, parent=owner))
    assert repaired.executed == stamp.statements  # type: ignore[attr-defined]
    current = _alembic(root, "current")
    assert current.returncode == 0 and result.revision in current.stdout, current.stderr
    checked = _alembic(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr

    restore_archive(project, result)
    names = sorted(p.name for p in (root / "migrations" / "versions").glob("*.py"))
    assert names == ["aaaa00000001_old.py", "aaaa00000002_old.py"]
    assert not result.archive.exists()


def test_a_base_that_does_not_match_the_database_is_reported(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    (root / "models.py").write_text(NEW_MODELS)
    engine = sa.create_engine(sqlite_url, poolclass=NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE legacy (id INTEGER PRIMARY KEY)")
    engine.dispose()
    (result,) = _run(qtbot, StartOverJob(open_project(root), sqlite_url, parent=owner))
    assert isinstance(result, StartOverResult) and not result.proven
    assert any("legacy" in d for d in result.differences)
