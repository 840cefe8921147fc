"""PlanJob: the plan of a run, from the database's real version rows, on real databases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from migrator_gui.core.errors import RunnerError
from migrator_gui.core.plan import MigrationPlan
from migrator_gui.core.project import Project, open_project
from migrator_gui.services.migrate import MigrationService
from migrator_gui.services.plan import PlanJob
from tests.db_fixtures import copy_fixture, current_heads
from tests.runner.conftest import revision_chain

TIMEOUT = 60_000


@pytest.fixture
def owner(qtbot) -> QObject:  # type: ignore[no-untyped-def]
    return QObject()


def _plan(qtbot, owner: QObject, project: Project, url: str, operation: str, target: str,
          **kwargs) -> MigrationPlan:  # type: ignore[no-untyped-def]
    job = PlanJob(project, url, operation, target, parent=owner, **kwargs)  # type: ignore[arg-type]
    results: list[object] = []
    errors: list[object] = []
    job.result.connect(results.append)
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    assert not errors, errors
    (plan,) = results
    assert isinstance(plan, MigrationPlan)
    return plan


def _upgrade(qtbot, owner: QObject, project: Project, url: str, target: str) -> None:  # type: ignore[no-untyped-def]
    service = MigrationService(owner)
    job = service.upgrade(project, url, target)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass


def _alembic_cli_sql(project_root: Path, url: str, *args: str) -> str:
    """What ``alembic <args>`` prints for the project with its sqlalchemy.url set to ``url``."""
    ini = project_root / "alembic.ini"
    lines = [
        "sqlalchemy.url = " + url.replace("%", "%%") if line.startswith("sqlalchemy.url") else line
        for line in ini.read_text().splitlines()
    ]
    cli_ini = project_root / "cli.ini"
    cli_ini.write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(cli_ini), *args],
        cwd=project_root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_upgrade_plan_starts_from_the_real_revision_and_equals_alembics_sql(
    qtbot, owner: QObject, db_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    project = open_project(root)
    first, second, third = revision_chain(root)
    _upgrade(qtbot, owner, project, db_url, first)

    plan = _plan(qtbot, owner, project, db_url, "upgrade", "heads",
                 transaction_per_migration=None)

    assert plan.current == (first,)
    assert [s.revision for s in plan.steps] == [second, third]
    assert plan.complete and plan.heads_after == (third,)
    assert "isbn" in plan.steps[1].sql.lower()
    expected = _alembic_cli_sql(root, db_url, "upgrade", "--sql", f"{first}:heads")
    assert plan.full_sql() == expected
    assert current_heads(db_url) == {first}  # planning changed nothing


def test_downgrade_plan_marks_the_drops(qtbot, owner: QObject, db_url: str, tmp_path: Path) -> None:
    root = copy_fixture("default_template", tmp_path)
    project = open_project(root)
    first, second, third = revision_chain(root)
    _upgrade(qtbot, owner, project, db_url, "heads")

    plan = _plan(qtbot, owner, project, db_url, "downgrade", first,
                 transaction_per_migration=None)

    assert plan.current == (third,)
    assert [s.revision for s in plan.steps] == [third, second]
    assert [bool(s.destructive) for s in plan.steps] == [True, True]
    assert any("book" in phrase for phrase in plan.steps[1].destructive)
    if db_url.startswith("sqlite"):
        # alembic cannot render a SQLite batch drop_column offline (the CLI fails the same way):
        # the plan was rehearsed on a copy, which knew book's columns before the rebuild.
        assert plan.rehearsed
        assert "drop column book.isbn" in plan.steps[0].destructive
    else:
        expected = _alembic_cli_sql(root, db_url, "downgrade", "--sql", f"{third}:{first}")
        assert plan.full_sql() == expected
    assert current_heads(db_url) == {third}


def test_plan_with_a_transaction_per_step_has_each_steps_begin_and_commit(
    qtbot, owner: QObject, postgres_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    project = open_project(root)
    plan = _plan(qtbot, owner, project, postgres_url, "upgrade", "heads")
    assert plan.current == ()
    assert len(plan.steps) == 3
    for step in plan.steps:
        assert step.sql.lstrip().startswith("BEGIN;") or "BEGIN;" in step.sql
        assert step.sql.rstrip().endswith("COMMIT;")
    # with a transaction per step, alembic creates the version table in the first one
    assert "CREATE TABLE alembic_version" in plan.steps[0].sql


def test_a_plan_alembic_cannot_render_on_sqlite_is_rehearsed_on_a_copy(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    """The demo's batch create_foreign_key needs a live connection on SQLite: the plan runs on a
    copy of the database instead and keeps the statements each step sent."""
    import shutil

    from migrator_gui.core.demo import DEMO_SOURCE

    root = tmp_path / "demo"
    shutil.copytree(DEMO_SOURCE, root, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    project = open_project(root)
    plan = _plan(qtbot, owner, project, sqlite_url, "upgrade", "heads")
    # rehearsed on a copy of the (empty) database instead: every step has its statements
    assert plan.rehearsed and plan.complete
    assert len(plan.steps) == 12 and all(s.sql and not s.error for s in plan.steps)
    assert "Rehearsed on a copy" in plan.preamble_sql
    assert current_heads(sqlite_url) == set()  # the database itself was not touched
    downgrade = None
    _upgrade(qtbot, owner, project, sqlite_url, "heads")
    downgrade = _plan(qtbot, owner, project, sqlite_url, "downgrade", "base")
    assert downgrade.rehearsed and len(downgrade.steps) == 12
    drops = [p for s in downgrade.steps for p in s.destructive]
    assert "drop table customer" in drops
    assert any(p.startswith("drop column") for p in drops)  # a batch rebuild leaving one out


def test_an_unknown_target_is_an_error(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    project = open_project(copy_fixture("default_template", tmp_path))
    job = PlanJob(project, sqlite_url, "upgrade", "abcdef999999", parent=owner)
    errors: list[object] = []
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    (error,) = errors
    assert isinstance(error, RunnerError)
    assert "abcdef999999" in str(error)
