"""New migration environment…: alembic init in a Job, and the list of alembic's templates."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject

from migrator_gui.core.project import open_project
from migrator_gui.services.environment import (
    EnvironmentSetupError,
    InitEnvironmentJob,
    available_templates,
)


@pytest.fixture
def owner(qtbot) -> QObject:
    """Parent of the jobs (kept alive by the test, as a service would be)."""
    return QObject()


def _run(qtbot, job: InitEnvironmentJob) -> tuple[list[str], list[object], list[object]]:
    logs: list[str] = []
    results: list[object] = []
    errors: list[object] = []
    job.log.connect(logs.append)
    job.result.connect(results.append)
    job.error.connect(errors.append)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        job.start()
    return logs, results, errors


@pytest.mark.parametrize("template", ["generic", "async"])
def test_init_creates_a_project_that_opens(
    qtbot, owner: QObject, tmp_path: Path, template: str
) -> None:
    folder = tmp_path / "new project"
    job = InitEnvironmentJob(folder, template, parent=owner)

    logs, results, errors = _run(qtbot, job)

    assert errors == []
    assert results == [folder.absolute() / "alembic.ini"]
    assert any("Generating" in line and "env.py" in line for line in logs)
    assert any("Please edit" in line for line in logs)
    ini_text = (folder / "alembic.ini").read_text()
    assert "script_location = %(here)s/alembic\n" in ini_text  # movable
    project = open_project(folder)
    assert project.script_location == (folder / "alembic").resolve()
    assert project.env_py.is_file()
    assert project.version_locations == ((folder / "alembic" / "versions").resolve(),)
    env_text = project.env_py.read_text()
    assert "target_metadata = None" in env_text
    assert ("async_engine_from_config" in env_text) == (template == "async")


def test_init_output_does_not_reach_stdout(qtbot, owner: QObject, tmp_path: Path, capfd) -> None:
    job = InitEnvironmentJob(tmp_path / "p", parent=owner)
    _, results, _ = _run(qtbot, job)
    assert results
    assert "Generating" not in capfd.readouterr().out
    assert sys.stdout is not None and type(sys.stdout).__name__ != "_ThreadStdout"


@pytest.mark.skipif(sys.version_info < (3, 11), reason="pyproject templates read tomllib")
def test_init_pyproject_template(qtbot, owner: QObject, tmp_path: Path) -> None:
    folder = tmp_path / "proj"
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[project]\nname = "demo"\n')
    job = InitEnvironmentJob(folder, "pyproject", parent=owner)

    _, results, errors = _run(qtbot, job)

    assert errors == []
    assert results == [folder.absolute() / "pyproject.toml"]
    toml_text = (folder / "pyproject.toml").read_text()
    assert toml_text.startswith('[project]\nname = "demo"\n')  # appended, not replaced
    assert 'script_location = "%(here)s/alembic"' in toml_text
    project = open_project(folder)
    assert project.toml_file == (folder / "pyproject.toml").resolve()
    assert project.env_py.is_file()


def test_non_empty_scripts_folder_is_an_error(qtbot, owner: QObject, tmp_path: Path) -> None:
    (tmp_path / "alembic").mkdir()
    (tmp_path / "alembic" / "notes.txt").write_text("mine")
    job = InitEnvironmentJob(tmp_path, parent=owner)

    _, results, errors = _run(qtbot, job)

    assert results == []
    assert len(errors) == 1 and isinstance(errors[0], EnvironmentSetupError)
    message = str(errors[0])
    assert "not empty" in message and "choose an empty folder" in message
    assert not (tmp_path / "alembic.ini").exists()
    assert (tmp_path / "alembic" / "notes.txt").read_text() == "mine"


def test_existing_alembic_ini_is_an_error(qtbot, owner: QObject, tmp_path: Path) -> None:
    (tmp_path / "alembic.ini").write_text("[alembic]\nscript_location = elsewhere\n")
    job = InitEnvironmentJob(tmp_path, parent=owner)

    _, _, errors = _run(qtbot, job)

    assert len(errors) == 1 and isinstance(errors[0], EnvironmentSetupError)
    assert "already holds an alembic.ini" in str(errors[0])
    assert "choose an empty folder" in str(errors[0])
    assert not (tmp_path / "alembic").exists()


def test_unknown_template_is_an_error(qtbot, owner: QObject, tmp_path: Path) -> None:
    job = InitEnvironmentJob(tmp_path / "p", "nope", parent=owner)
    _, _, errors = _run(qtbot, job)
    assert isinstance(errors[0], EnvironmentSetupError)
    assert "no template named 'nope'" in str(errors[0]) and "generic" in str(errors[0])
    assert not (tmp_path / "p").exists()


def test_available_templates() -> None:
    templates = dict(available_templates())
    assert {"generic", "async", "multidb"} <= set(templates)
    assert templates["generic"] == "Generic single-database configuration."
    assert all(description for description in templates.values())
