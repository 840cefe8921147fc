"""Opening alembic projects: every way a project is configured, and clear errors when broken."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from migrator_gui.core.demo import DEMO_SOURCE
from migrator_gui.core.errors import ProjectError
from migrator_gui.core.project import open_project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "projects"


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def test_open_demo_from_folder_and_from_ini() -> None:
    by_folder = open_project(DEMO_SOURCE)
    by_ini = open_project(DEMO_SOURCE / "alembic.ini")
    assert by_folder == by_ini
    assert by_folder.script_location == DEMO_SOURCE / "migrations"
    assert by_folder.version_locations == (DEMO_SOURCE / "migrations" / "versions",)
    assert by_folder.prepend_sys_path == (DEMO_SOURCE,)
    assert by_folder.sqlalchemy_url == f"sqlite:///{DEMO_SOURCE}/demo.db"
    assert by_folder.env_py.is_file()


def test_several_version_locations_and_recursive(tmp_path: Path) -> None:
    project = open_project(_copy("multi_location", tmp_path))
    root = tmp_path / "multi_location"
    assert project.version_locations == (root / "versions_a", root / "versions_b")
    assert project.recursive_version_locations is True


def test_pyproject_toml_only(tmp_path: Path) -> None:
    root = _copy("toml_only", tmp_path)
    for path in (root, root / "pyproject.toml"):
        project = open_project(path)
        assert project.config_file is None
        assert project.toml_file == root / "pyproject.toml"
        assert project.script_location == root / "alembic"


def test_interpreter_is_the_projects_venv_when_there_is_one(tmp_path: Path) -> None:
    root = _copy("default_template", tmp_path)
    assert open_project(root).interpreter == Path(sys.executable)
    venv_python = root / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.write_text("#!/bin/sh\n")
    venv_python.chmod(0o755)
    assert open_project(root).interpreter == venv_python


def test_missing_folder_and_missing_ini(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        open_project(tmp_path / "nope" / "alembic.ini")
    with pytest.raises(ProjectError, match=r"no alembic\.ini"):
        open_project(tmp_path)


def test_broken_ini_names_file_and_problem(tmp_path: Path) -> None:
    ini = tmp_path / "alembic.ini"
    ini.write_text("script_location = x\n")
    with pytest.raises(ProjectError) as err:
        open_project(ini)
    assert str(ini) in str(err.value) and "not a valid ini file" in str(err.value)

    ini.write_text("[loggers]\nkeys = root\n")
    with pytest.raises(ProjectError, match=r"no \[alembic\] section"):
        open_project(ini)

    ini.write_text("[alembic]\nsqlalchemy.url = sqlite://\n")
    with pytest.raises(ProjectError, match="no 'script_location'"):
        open_project(ini)

    ini.write_text("[alembic]\nscript_location = %(here)s/migrations\n")
    with pytest.raises(ProjectError, match="not a folder"):
        open_project(ini)

    (tmp_path / "migrations").mkdir()
    with pytest.raises(ProjectError, match=r"has no env\.py"):
        open_project(ini)
