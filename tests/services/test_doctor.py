"""The doctor on real databases: each finding from a database prepared into that state, each
repair exactly as previewed, alembic's own commands accepting the result, undo, rollback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QObject
from sqlalchemy.pool import NullPool

from migrator_gui.core import protocol
from migrator_gui.core.audit import AuditLog
from migrator_gui.core.doctor import FindingKind, Repair, replace_rows_sql
from migrator_gui.core.project import open_project
from migrator_gui.core.revisions import load_graph
from migrator_gui.services.doctor import (
    DoctorJob,
    DoctorReport,
    MergeJob,
    RepairError,
    RepairJob,
    RepairResult,
    last_repair,
    undo_repair,
)
from migrator_gui.services.migrate import MigrationService
from tests.db_fixtures import copy_fixture, current_heads
from tests.runner.conftest import revision_chain

TIMEOUT = 60_000


@pytest.fixture
def owner(qtbot) -> QObject:  # type: ignore[no-untyped-def]
    return QObject()


def _run(qtbot, job) -> tuple[list[object], list[object]]:  # type: ignore[no-untyped-def]
    results: list[object] = []
    errors: list[object] = []
    job.result.connect(results.append)
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    return results, errors


def _diagnose(qtbot, owner: QObject, root: Path, url: str) -> DoctorReport:  # type: ignore[no-untyped-def]
    project = open_project(root)
    results, errors = _run(qtbot, DoctorJob(project, url, load_graph(project), parent=owner))
    assert not errors, errors
    (report,) = results
    assert isinstance(report, DoctorReport)
    return report


def _sql(url: str, *statements: str) -> None:
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _alembic(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """alembic's own command line on the project (its alembic.ini points at the database)."""
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=root, capture_output=True, text=True, timeout=120,
    )


def _point_ini_at(root: Path, url: str) -> None:
    ini = root / "alembic.ini"
    lines = [
        "sqlalchemy.url = " + url.replace("%", "%%") if line.startswith("sqlalchemy.url")
        else line
        for line in ini.read_text().splitlines()
    ]
    ini.write_text("\n".join(lines) + "\n")


def _repair(qtbot, owner, url, facts, repair, log) -> RepairResult:  # type: ignore[no-untyped-def]
    results, errors = _run(qtbot, RepairJob(url, facts, repair, audit_log=log, parent=owner))
    assert not errors, errors
    (result,) = results
    assert isinstance(result, RepairResult)
    return result


def test_unknown_revision_stamp_remove_and_undo(
    qtbot, owner: QObject, db_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    _point_ini_at(root, db_url)
    _, second, third = revision_chain(root)
    project = open_project(root)
    service = MigrationService(owner)
    job = service.upgrade(project, db_url, second)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        pass
    _sql(db_url, "UPDATE alembic_version SET version_num = 'deadbeef1234'")

    report = _diagnose(qtbot, owner, root, db_url)
    (finding,) = [f for f in report.findings if f.kind is FindingKind.UNKNOWN_REVISION]
    assert "deadbeef1234" in finding.title and finding.severity == "error"
    remove = next(r for r in finding.repairs if r.kind == "replace_rows")
    assert remove.statements == ("DELETE FROM alembic_version",)

    # stamp the revision whose schema the database has (the user picked it on the graph)
    log = AuditLog(tmp_path / "audit.jsonl")
    stamp = Repair("replace_rows", f"Stamp {second}", "", replace_rows_sql(report.facts, [second]),
                   rows_after=(second,))
    result = _repair(qtbot, owner, db_url, report.facts, stamp, log)
    assert result.executed == stamp.statements  # the preview is exactly what ran
    assert result.rows_before == ("deadbeef1234",) and result.rows_after == (second,)
    assert current_heads(db_url) == {second}
    current = _alembic(root, "current")
    assert current.returncode == 0 and second in current.stdout, current.stderr
    upgraded = _alembic(root, "upgrade", "head")
    assert upgraded.returncode == 0, upgraded.stderr
    assert current_heads(db_url) == {third}

    # undo puts back exactly the rows the repair found
    entry = last_repair(log, db_url)
    assert entry is not None and entry.source == ("deadbeef1234",)
    undo = undo_repair(report.facts, entry)
    result = _repair(qtbot, owner, db_url, report.facts, undo, log)
    assert result.executed == undo.statements
    assert current_heads(db_url) == {"deadbeef1234"}

    # and the other repair: remove the row
    result = _repair(qtbot, owner, db_url, report.facts, remove, log)
    assert result.executed == remove.statements and current_heads(db_url) == set()


def test_a_repair_that_fails_part_way_changes_nothing(
    qtbot, owner: QObject, db_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    first, *_ = revision_chain(root)
    _sql(db_url, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
         f"INSERT INTO alembic_version (version_num) VALUES ('{first}')")
    report = _diagnose(qtbot, owner, root, db_url)
    broken = Repair("replace_rows", "broken", "", (
        "DELETE FROM alembic_version",
        "INSERT INTO no_such_table_anywhere (x) VALUES (1)",
    ))
    log = AuditLog(tmp_path / "audit.jsonl")
    _, errors = _run(qtbot, RepairJob(db_url, report.facts, broken, audit_log=log,
                                      parent=owner))
    (error,) = errors
    assert isinstance(error, RepairError)
    assert "rolled back" in str(error) and first in str(error)
    assert current_heads(db_url) == {first}  # the DELETE was rolled back (MariaDB too)
    assert log.entries()[-1].outcome == "failed"


def test_redundant_rows_no_table_and_multiple_heads(
    qtbot, owner: QObject, db_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    first, second, _ = revision_chain(root)
    _sql(db_url, "CREATE TABLE author (id INTEGER PRIMARY KEY)")
    report = _diagnose(qtbot, owner, root, db_url)
    kinds = [f.kind for f in report.findings]
    assert FindingKind.NO_VERSION_TABLE in kinds and "author" in report.facts.other_tables

    _sql(db_url, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
         f"INSERT INTO alembic_version (version_num) VALUES ('{first}')",
         f"INSERT INTO alembic_version (version_num) VALUES ('{second}')")
    report = _diagnose(qtbot, owner, root, db_url)
    (finding,) = [f for f in report.findings if f.kind is FindingKind.REDUNDANT_ROWS]
    (repair,) = finding.repairs
    result = _repair(qtbot, owner, db_url, report.facts, repair, AuditLog(tmp_path / "a.jsonl"))
    assert result.executed == repair.statements
    assert current_heads(db_url) == {second}
    report = _diagnose(qtbot, owner, root, db_url)
    (behind,) = [f for f in report.findings if f.kind is FindingKind.BEHIND]
    assert behind.title == "1 revision(s) pending"
    assert behind.repairs[0].kind == "upgrade" and behind.repairs[0].target == "heads"

    versions = root / "migrations" / "versions"
    (versions / "bbbb00000001_branch.py").write_text(
        f'"""branch\n\nRevision ID: bbbb00000001\nRevises: {first}\n"""\n'
        f'revision = "bbbb00000001"\ndown_revision = "{first}"\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )
    report = _diagnose(qtbot, owner, root, db_url)
    (heads,) = [f for f in report.findings if f.kind is FindingKind.MULTIPLE_HEADS]
    merge = heads.repairs[0]
    assert merge.kind == "merge" and "bbbb00000001" in merge.target
    results, errors = _run(qtbot, MergeJob(open_project(root), db_url, merge.target.split(","),
                                           "merge branches", parent=owner))
    assert not errors, errors
    (written,) = results
    assert isinstance(written, protocol.RevisionWritten)
    assert '"""merge branches' in Path(written.path).read_text()
    _point_ini_at(root, db_url)
    shown = _alembic(root, "heads")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines() == [f"{written.revision} (head)"]
    report = _diagnose(qtbot, owner, root, db_url)
    assert FindingKind.MULTIPLE_HEADS not in [f.kind for f in report.findings]


@pytest.mark.server
@pytest.mark.parametrize("which", ["postgres_url", "mariadb_url"])
def test_a_version_column_too_short_is_widened(
    qtbot, owner: QObject, which: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = str(request.getfixturevalue(which))
    root = copy_fixture("default_template", tmp_path)
    _sql(url, "CREATE TABLE alembic_version (version_num VARCHAR(8) NOT NULL PRIMARY KEY)")
    report = _diagnose(qtbot, owner, root, url)
    assert report.facts.version_column_length == 8
    (finding,) = [f for f in report.findings
                  if f.kind is FindingKind.VERSION_COLUMN_TOO_SHORT]
    (repair,) = finding.repairs
    result = _repair(qtbot, owner, url, report.facts, repair, AuditLog(tmp_path / "a.jsonl"))
    assert result.executed == repair.statements
    engine = sa.create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            (column,) = [c for c in sa.inspect(conn).get_columns("alembic_version")]
    finally:
        engine.dispose()
    assert column["type"].length == 64
    report = _diagnose(qtbot, owner, root, url)
    assert FindingKind.VERSION_COLUMN_TOO_SHORT not in [f.kind for f in report.findings]


def test_git_history_is_evidence_for_an_unknown_revision(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    root = copy_fixture("default_template", tmp_path)
    *_, head = revision_chain(root)

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@e", *args], cwd=root,
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "start")
    lost = root / "migrations" / "versions" / "0dd0beef0001_lost.py"
    lost.write_text(
        f'"""lost\n\nRevision ID: 0dd0beef0001\nRevises: {head}\n"""\n'
        f'revision = "0dd0beef0001"\ndown_revision = "{head}"\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"
    )
    git("add", ".")
    git("commit", "-q", "-m", "add the lost revision")
    git("rm", "-q", str(lost))
    git("commit", "-q", "-m", "remove it again")
    _sql(sqlite_url, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
         "INSERT INTO alembic_version (version_num) VALUES ('0dd0beef0001')")
    report = _diagnose(qtbot, owner, root, sqlite_url)
    (finding,) = [f for f in report.findings if f.kind is FindingKind.UNKNOWN_REVISION]
    (line,) = finding.evidence
    assert "remove it again" in line and "deleted migrations/versions/0dd0beef0001_lost.py" in line
    assert "add the lost revision" in line
