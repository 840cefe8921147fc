"""The JSON-lines protocol between Migrator and its child runner.

Kept to the standard library on purpose: ``runner/child.py`` imports this file by path under the
*project's* interpreter, where Migrator itself is usually not installed.

The parent writes one :class:`Request` as a JSON object on the child's stdin (the URL with its
password never goes on a command line or into the environment) and reads one JSON object per line
from the child's stdout, each with an ``"event"`` key naming one of the ``Event`` classes below.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any, Literal, Union

PROTOCOL_VERSION = 1

Operation = Literal["upgrade", "downgrade", "stamp", "status"]
"""What the child does. ``status`` runs env.py only to learn its version table and read its rows."""


@dataclass(frozen=True)
class Request:
    """One alembic operation against one database."""

    operation: Operation
    url: str
    """The selected database, password included (only ever sent on stdin)."""
    project_root: str
    config_file: str | None
    toml_file: str | None = None
    ini_section: str = "alembic"
    target: str = "heads"
    """Revision target as alembic takes it: ``heads``, ``head``, ``-1``, ``+2``, ``base``, an id."""
    sql: bool = False
    """Offline mode: emit SQL instead of running it."""
    purge: bool = False
    """``stamp --purge``: empty the version table first."""
    transaction_per_migration: bool | None = None
    """None keeps what env.py configures."""
    protocol: int = PROTOCOL_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Request:
        data = json.loads(text)
        if data.get("protocol") != PROTOCOL_VERSION:
            raise ValueError(
                f"runner speaks protocol {PROTOCOL_VERSION}, request has {data.get('protocol')}"
            )
        return cls(**data)


@dataclass(frozen=True)
class Started:
    operation: str
    pid: int
    python: str
    alembic_version: str
    sqlalchemy_version: str
    event: Literal["started"] = "started"


@dataclass(frozen=True)
class Plan:
    """The steps about to run, in order (alembic's short log lines), sent once before the first.

    Lets the parent show progress as "k of n"; not sent for ``status``.
    """

    steps: list[str]
    event: Literal["plan"] = "plan"


@dataclass(frozen=True)
class Step:
    """One migration step done (alembic's ``on_version_apply``)."""

    revision: str
    up_revisions: list[str]
    down_revisions: list[str]
    is_upgrade: bool
    is_stamp: bool
    description: str
    heads_after: list[str]
    elapsed: float
    """Seconds this step took."""
    event: Literal["step"] = "step"


@dataclass(frozen=True)
class Log:
    level: str
    logger: str
    message: str
    event: Literal["log"] = "log"


@dataclass(frozen=True)
class Sql:
    """SQL text emitted in offline mode."""

    text: str
    event: Literal["sql"] = "sql"


@dataclass(frozen=True)
class Backend:
    """The server-side session of the migration connection (for lock diagnosis and cancel)."""

    dialect: str
    session_id: str
    event: Literal["backend"] = "backend"


@dataclass(frozen=True)
class Result:
    """The operation finished.

    ``heads`` are the rows of the version table afterwards; ``version_table`` and
    ``version_table_schema`` are what env.py configured; ``table_exists`` whether that table exists.
    """

    heads: list[str]
    version_table: str = "alembic_version"
    version_table_schema: str | None = None
    table_exists: bool = True
    steps: int = 0
    offline: bool = False
    """True for an offline (``sql``) run: the database was neither read nor written; ``heads`` are
    what the generated script leaves, ``table_exists`` is False."""
    event: Literal["result"] = "result"


@dataclass(frozen=True)
class Error:
    type: str
    message: str
    traceback: str = ""
    event: Literal["error"] = "error"


Event = Union[Started, Plan, Step, Log, Sql, Backend, Result, Error]  # noqa: UP007 - runtime alias, child may run on Python < 3.10

_EVENT_TYPES: dict[str, type[Any]] = {
    "started": Started,
    "plan": Plan,
    "step": Step,
    "log": Log,
    "sql": Sql,
    "backend": Backend,
    "result": Result,
    "error": Error,
}


def encode_event(event: Event) -> str:
    """One line of JSON (no newline inside) for ``event``."""
    return json.dumps(asdict(event), ensure_ascii=False)


def decode_event(line: str) -> Event:
    """Parse one line the child wrote. Raises ValueError on anything that is not an event."""
    data = json.loads(line)
    if not isinstance(data, dict) or data.get("event") not in _EVENT_TYPES:
        raise ValueError(f"not a runner event: {line[:200]!r}")
    cls = _EVENT_TYPES[data["event"]]
    known = {f for f in cls.__dataclass_fields__}
    event: Event = cls(**{k: v for k, v in data.items() if k in known})
    return event


__all__ = [
    "PROTOCOL_VERSION",
    "Backend",
    "Error",
    "Event",
    "Log",
    "Operation",
    "Plan",
    "Request",
    "Result",
    "Sql",
    "Started",
    "Step",
    "decode_event",
    "encode_event",
]
