"""The packaged app: build the PyInstaller one-folder bundle and run its smoke test.

The bundle tests are ``slow`` (about half a minute to build here, see packaging/README.md); they
skip when PyInstaller is missing, except in CI (``CI=true``) where that is a failure. The source
tree's ``--smoke-test`` and the frozen-runner command line are checked by fast tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from migrator_gui import __version__
from migrator_gui.core import protocol
from migrator_gui.core.demo import DEMO_SOURCE
from migrator_gui.services import migrate

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "build.py"
MAX_BUNDLE_BYTES = 400_000_000
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "MIGRATOR_GUI_DATA_DIR": str(tmp_path / "data"),
        "MIGRATOR_GUI_CONFIG_DIR": str(tmp_path / "config"),
    }


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the bundle's executable, build.py's output), built once for this module."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        if IN_CI:
            pytest.fail("PyInstaller is not installed in CI: pip install '.[test]' must bring it")
        pytest.skip("PyInstaller is not installed (pip install -e '.[package]')")
    dist = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--dist", str(dist / "dist"),
         "--work", str(dist / "work"), "--quiet"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    print(f"bundle built in {elapsed:.1f} s")
    executable = dist / "dist" / "migrator-gui" / "migrator-gui"
    assert executable.is_file()
    shutil.rmtree(dist / "work", ignore_errors=True)
    return executable, proc.stdout


@pytest.mark.slow
def test_the_bundle_passes_its_smoke_test(bundle: tuple[Path, str], tmp_path: Path) -> None:
    executable, _ = bundle
    started = time.monotonic()
    proc = subprocess.run(
        [str(executable), "--smoke-test"],
        capture_output=True, text=True, timeout=180, env=_env(tmp_path), cwd=tmp_path,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "smoke test ok" in proc.stdout, output
    print(f"bundle smoke test: {time.monotonic() - started:.1f} s")
    # the throw-away demo copy is gone; the user's data dir was never used
    assert not (tmp_path / "data").exists()


@pytest.mark.slow
def test_the_bundle_reports_its_version_and_size(bundle: tuple[Path, str], tmp_path: Path) -> None:
    executable, build_output = bundle
    proc = subprocess.run(
        [str(executable), "--version"],
        capture_output=True, text=True, timeout=60, env=_env(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"migrator-gui {__version__}"
    size_lines = [line for line in build_output.splitlines() if line.startswith("bundle size:")]
    assert size_lines, build_output
    size = int(size_lines[0].split("(")[1].split()[0])
    print(size_lines[0])
    assert 0 < size < MAX_BUNDLE_BYTES
    internal = executable.parent / "_internal"
    # the runner files ship as plain files; unused Qt modules do not ship at all
    assert (internal / "migrator_gui" / "runner" / "child.py").is_file()
    assert (internal / "migrator_gui" / "core" / "protocol.py").is_file()
    assert (internal / "migrator_gui" / "resources" / "demo" / "alembic.ini").is_file()
    assert (internal / "alembic" / "templates" / "generic" / "env.py").is_file()
    shipped = {p.name for p in internal.rglob("*")}
    for unused in ("QtQml", "QtQuick", "QtWebEngineCore", "QtPdf", "QtMultimedia", "Qt3DCore"):
        assert not any(name.startswith((unused + ".", "lib" + unused.replace("Qt", "Qt6", 1)))
                       for name in shipped), unused


def _run_child(command: list[str], request: protocol.Request, cwd: Path) -> list[object]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    proc = subprocess.run(
        command, input=request.to_json() + "\n", capture_output=True, text=True, timeout=120,
        cwd=cwd, env=env,
    )
    events = [protocol.decode_event(line) for line in proc.stdout.splitlines() if line.strip()]
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    return events


@pytest.mark.slow
def test_the_bundled_runner_works_frozen_and_under_a_project_python(
    bundle: tuple[Path, str], tmp_path: Path
) -> None:
    """``migrator-gui --runner`` upgrades the demo; the bundled child.py file run by another
    Python (as a project's .venv would) reads its status."""
    executable, _ = bundle
    project = tmp_path / "demo"
    shutil.copytree(DEMO_SOURCE, project, ignore=shutil.ignore_patterns("*.db", "__pycache__"))
    url = f"sqlite:///{project / 'demo.db'}"
    request = protocol.Request(operation="upgrade", url=url, project_root=str(project),
                               config_file=str(project / "alembic.ini"))
    events = _run_child([str(executable), "--runner"], request, project)
    started = next(e for e in events if isinstance(e, protocol.Started))
    assert Path(started.python) == executable
    result = events[-1]
    assert isinstance(result, protocol.Result), events
    heads = result.heads

    child = executable.parent / "_internal" / "migrator_gui" / "runner" / "child.py"
    status = protocol.Request(operation="status", url=url, project_root=str(project),
                              config_file=str(project / "alembic.ini"))
    events = _run_child([sys.executable, str(child)], status, project)
    started = next(e for e in events if isinstance(e, protocol.Started))
    assert Path(started.python) == Path(sys.executable)
    result = events[-1]
    assert isinstance(result, protocol.Result), events
    assert result.heads == heads and result.table_exists


# -- fast: the source tree ------------------------------------------------------------------------


def test_the_smoke_test_passes_from_the_source_tree(tmp_path: Path) -> None:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "migrator_gui", "--smoke-test"],
        capture_output=True, text=True, timeout=180, env=_env(tmp_path), cwd=ROOT,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert "smoke test ok" in proc.stdout, output
    assert "upgrade: at_heads" in proc.stdout and "downgrade: empty" in proc.stdout
    print(f"source smoke test: {time.monotonic() - started:.1f} s")


def test_the_runner_command_frozen_and_not(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    script = str(migrate.runner_script_path())
    assert migrate.runner_command(sys.executable) == [sys.executable, script]
    venv_python = str(tmp_path / ".venv" / "bin" / "python")
    assert migrate.runner_command(venv_python) == [venv_python, script]

    # A bundle: sys.executable is the app; _MEIPASS holds the runner files.
    internal = tmp_path / "_internal"
    for relative in ("migrator_gui/runner/child.py", "migrator_gui/core/protocol.py"):
        (internal / relative).parent.mkdir(parents=True, exist_ok=True)
        (internal / relative).write_text("")
    app = str(tmp_path / "migrator-gui")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", app)
    assert migrate.runner_command(app) == [app, "--runner"]
    bundled = str(internal / "migrator_gui" / "runner" / "child.py")
    assert migrate.runner_command(venv_python) == [venv_python, bundled]


def test_a_project_python_gets_the_users_library_path_back() -> None:
    env = {"LD_LIBRARY_PATH": "/bundle/_internal", "LD_LIBRARY_PATH_ORIG": "/opt/lib",
           "_PYI_ARCHIVE_FILE": "/bundle/migrator-gui", "HOME": "/home/u"}
    migrate._restore_library_path(env)
    assert env == {"LD_LIBRARY_PATH": "/opt/lib", "HOME": "/home/u"}
    env = {"LD_LIBRARY_PATH": "/bundle/_internal"}
    migrate._restore_library_path(env)
    assert env == {}


def test_runner_flag_is_handled_before_qt_is_imported(tmp_path: Path) -> None:
    """``--runner`` must not pay for Qt: the child starts with every operation."""
    code = (
        "import sys\n"
        "import migrator_gui.app as app\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'\n"
        "sys.stdin = open(sys.argv[1])\n"
        "app.main(['--runner'])\n"
    )
    bad = tmp_path / "request.txt"
    bad.write_text("not json\n")
    proc = subprocess.run([sys.executable, "-c", code, str(bad)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr  # the child's "bad request" exit code
    event = protocol.decode_event(proc.stdout.strip().splitlines()[-1])
    assert isinstance(event, protocol.Error) and event.type == "ProtocolError"
    assert json.loads(proc.stdout.strip().splitlines()[-1])["event"] == "error"
