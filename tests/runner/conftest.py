"""Helpers for running ``runner/child.py`` as a real subprocess."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from migrator_gui.core import protocol

CHILD = Path(__file__).resolve().parents[2] / "migrator_gui" / "runner" / "child.py"

E = TypeVar("E")


@dataclass
class ChildRun:
    events: list[Any]
    returncode: int
    stdout: str
    stderr: str
    raw_lines: list[str] = field(default_factory=list)

    def of(self, cls: type[E]) -> list[E]:
        return [e for e in self.events if isinstance(e, cls)]

    @property
    def result(self) -> protocol.Result:
        found = self.of(protocol.Result)
        assert found, f"no result; rc={self.returncode}\n{self.stdout}\n{self.stderr}"
        return found[-1]

    @property
    def error(self) -> protocol.Error:
        found = self.of(protocol.Error)
        assert found, f"no error; rc={self.returncode}\n{self.stdout}\n{self.stderr}"
        return found[-1]

    def text(self) -> str:
        return self.stdout + self.stderr


def make_request(project: Path, operation: str, url: str, **kwargs: Any) -> protocol.Request:
    ini = project / "alembic.ini"
    toml = project / "pyproject.toml"
    return protocol.Request(
        operation=operation,  # type: ignore[arg-type]
        url=url,
        project_root=str(project),
        config_file=str(ini) if ini.is_file() else None,
        toml_file=str(toml) if toml.is_file() and not ini.is_file() else None,
        **kwargs,
    )


def parse(stdout: str) -> tuple[list[Any], list[str]]:
    events = []
    lines = [line for line in stdout.splitlines() if line.strip()]
    for line in lines:
        events.append(protocol.decode_event(line))  # every stdout line must be an event
    return events, lines


def run_child(
    project: Path, operation: str, url: str, *, python: str | None = None, **kwargs: Any
) -> ChildRun:
    request = make_request(project, operation, url, **kwargs)
    proc = subprocess.run(
        [python or sys.executable, str(CHILD)],
        input=request.to_json(),
        capture_output=True,
        text=True,
        cwd=str(project),
        timeout=120,
    )
    events, lines = parse(proc.stdout)
    return ChildRun(events, proc.returncode, proc.stdout, proc.stderr, lines)


def start_child(project: Path, operation: str, url: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    """The child running (stdin closed after the request unless ``watch_parent``)."""
    request = make_request(project, operation, url, **kwargs)
    proc = subprocess.Popen(
        [sys.executable, str(CHILD)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=str(project),
    )
    assert proc.stdin is not None
    proc.stdin.write(request.to_json().encode() + b"\n")
    proc.stdin.flush()
    if not getattr(request, "watch_parent", False):
        proc.stdin.close()
    return proc


def read_until(
    proc: subprocess.Popen[bytes], event: str, where: Callable[[Any], bool] | None = None
) -> list[Any]:
    """Events from a running child up to and including the first ``event`` (e.g. "step")
    for which ``where`` (if given) is true."""
    assert proc.stdout is not None
    events = []
    for raw in proc.stdout:
        decoded = protocol.decode_event(raw.decode())
        events.append(decoded)
        if decoded.event == event and (where is None or where(decoded)):
            return events
    raise AssertionError(f"the child ended before a {event!r} event: {events}")


def revision_chain(project: Path) -> list[str]:
    """Revision ids from base to head, read with alembic's own ScriptDirectory."""
    ini = project / "alembic.ini"
    if ini.is_file():
        config = Config(str(ini))
    else:
        config = Config(toml_file=str(project / "pyproject.toml"))
    saved = list(sys.path)
    try:
        script = ScriptDirectory.from_config(config)
        return [s.revision for s in reversed(list(script.walk_revisions()))]
    finally:
        sys.path[:] = saved


@pytest.fixture
def child() -> Any:
    """``child(project, operation, url, **request fields) -> ChildRun``."""
    return run_child
