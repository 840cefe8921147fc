"""AutogenerateJob on real databases: the operations, the warnings on exactly the risky ones,
and the clear errors of its preconditions."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from migrator_gui.core import protocol
from migrator_gui.core.errors import RunnerError
from migrator_gui.core.project import open_project
from migrator_gui.services.autogenerate import (
    AutogenerateJob,
    AutogenerateResult,
    WriteRevisionJob,
)
from tests.runner.test_autogenerate import NEW_MODELS, _create_old_schema, _project

TIMEOUT = 60_000


@pytest.fixture
def owner(qtbot) -> QObject:  # type: ignore[no-untyped-def]
    return QObject()


def _compare(qtbot, owner: QObject, root: Path, url: str) -> tuple[list[object], list[object]]:  # type: ignore[no-untyped-def]
    job = AutogenerateJob(open_project(root), url, parent=owner)
    results: list[object] = []
    errors: list[object] = []
    job.result.connect(results.append)
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    return results, errors


def test_the_warnings_flag_exactly_the_risky_operations(
    qtbot, owner: QObject, db_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, db_url)
    _create_old_schema(db_url)
    (root / "models.py").write_text(NEW_MODELS)
    results, errors = _compare(qtbot, owner, root, db_url)
    assert not errors, errors
    (result,) = results
    assert isinstance(result, AutogenerateResult)
    by_rule: dict[str, list[tuple[str, ...]]] = {}
    for warning in result.warnings:
        by_rule.setdefault(warning.rule, []).append(warning.keys)
    assert by_rule["data-loss"] == [("drop_column:author.nickname",)]
    assert by_rule["not-null-without-default"] == [("add_column:author.rank",)]
    assert by_rule["may-truncate"] == [("alter_column:author.bio",)]
    (rename_keys,) = by_rule["looks-like-rename"]
    assert set(rename_keys) == {"drop_column:author.nickname", "add_column:author.pen_name"}
    rename = next(w for w in result.warnings if w.rule == "looks-like-rename")
    assert rename.rename == ("author", "nickname", "pen_name")
    # the safe ones carry no warning
    flagged = {key for keys in by_rule.values() for key in keys}
    assert "add_column:author.age" not in flagged and "add_table:book" not in flagged
    if db_url.startswith("mysql"):
        assert "ddl-not-transactional" in by_rule
    else:
        assert "ddl-not-transactional" not in by_rule
    assert result.suggested_message


def test_an_empty_diff_and_a_missing_target_metadata(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    _create_old_schema(sqlite_url)
    results, errors = _compare(qtbot, owner, root, sqlite_url)
    (result,) = results
    assert isinstance(result, AutogenerateResult) and result.empty and not result.warnings
    env = root / "migrations" / "env.py"
    env.write_text(env.read_text().replace(
        "import models\ntarget_metadata = models.metadata", "target_metadata = None"))
    results, errors = _compare(qtbot, owner, root, sqlite_url)
    (error,) = errors
    assert isinstance(error, RunnerError) and error.error_type == "NoTargetMetadataError"


def test_write_revision_job_writes_the_chosen_operations(
    qtbot, owner: QObject, sqlite_url: str, tmp_path: Path
) -> None:
    root = _project(tmp_path, sqlite_url)
    _create_old_schema(sqlite_url)
    (root / "models.py").write_text(NEW_MODELS)
    (result,), _ = _compare(qtbot, owner, root, sqlite_url)
    assert isinstance(result, AutogenerateResult)
    rename = next(w.rename for w in result.warnings if w.rename)
    keys = [op.key for op in result.ops if op.key != "add_column:author.age"]
    job = WriteRevisionJob(open_project(root), sqlite_url, "add book", keys, renames=[rename],
                           parent=owner)
    written: list[object] = []
    job.result.connect(written.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        job.start()
    (event,) = written
    assert isinstance(event, protocol.RevisionWritten)
    text = Path(event.path).read_text()
    assert "new_column_name='pen_name'" in text and "'age'" not in text
    assert Path(event.path).parent == root / "migrations" / "versions"
