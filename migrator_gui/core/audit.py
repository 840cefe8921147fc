"""The audit trail: one JSON line per write Migrator makes to a database (DESIGN.md section 5).

The file (``audit.jsonl`` in the user data folder) is append-only: :meth:`AuditLog.append` opens it
with ``O_APPEND``, writes one line in one call, flushes and fsyncs, and never rewrites earlier
bytes. A crash mid-write leaves at most one half line, which :meth:`AuditLog.entries` skips (and
counts) while still reading every line after it.

No password ever reaches the file: every free-text field is scrubbed of ``scheme://user:pw@``
and ``password=...`` forms, and of the secrets the caller passes (the profile's password).
"""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from migrator_gui.core.paths import data_dir
from migrator_gui.core.protocol import Scrubber

AUDIT_FILE_NAME = "audit.jsonl"
FORMAT_VERSION = 1

OUTCOMES = ("succeeded", "failed", "cancelled", "partial", "interrupted", "refused")
"""The outcomes Migrator records; readers must still accept others (newer versions)."""


def now_iso() -> str:
    """The current local time as ISO-8601 with its UTC offset, to the millisecond."""
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="milliseconds")


def current_os_user() -> str:
    """The login name of the user running Migrator, or ``""`` if the system cannot tell."""
    try:
        return getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry (containers), or pwd missing
        return ""


@dataclass(frozen=True, kw_only=True)
class AuditEntry:
    """One write to a database: who, where, what, from which rows to which, and how it ended."""

    database: str
    """The database as shown to the user (URL without password, or the SQLite path)."""
    database_key: str
    """An opaque string identifying the database; entries are filtered by it."""
    operation: str
    """``upgrade``, ``downgrade``, ``stamp``, ``repair``, ..."""
    outcome: str
    """One of :data:`OUTCOMES` (readers accept others)."""
    time: str = field(default_factory=now_iso)
    os_user: str = field(default_factory=current_os_user)
    profile: str = ""
    target: str = ""
    source: tuple[str, ...] = ()
    """The version table rows before the operation."""
    destination: tuple[str, ...] = ()
    """The version table rows after it, as re-read from the database."""
    steps: int = 0
    duration: float = 0.0
    """Seconds."""
    error: str = ""
    failed_step: str = ""
    extra: dict[str, str] = field(default_factory=dict, hash=False)

    # -- serialisation ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"v": FORMAT_VERSION}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            data[f.name] = value
        return data

    def to_json(self) -> str:
        """One line of JSON (no newline); non-ASCII text is kept as is."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(", ", ": "))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditEntry:
        """Read an entry written by any version: unknown keys are ignored, missing ones take
        their defaults. Raises :class:`ValueError` if a value has the wrong type."""
        if not isinstance(data, Mapping):
            raise ValueError("an audit entry is a JSON object")
        return cls(
            time=_str(data, "time"),
            os_user=_str(data, "os_user"),
            profile=_str(data, "profile"),
            database=_str(data, "database"),
            database_key=_str(data, "database_key"),
            operation=_str(data, "operation"),
            target=_str(data, "target"),
            source=_str_tuple(data, "source"),
            destination=_str_tuple(data, "destination"),
            steps=_int(data, "steps"),
            duration=_float(data, "duration"),
            outcome=_str(data, "outcome"),
            error=_str(data, "error"),
            failed_step=_str(data, "failed_step"),
            extra=_str_dict(data, "extra"),
        )

    @classmethod
    def from_json(cls, text: str) -> AuditEntry:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"not a JSON audit entry: {exc}") from exc
        return cls.from_dict(data)


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"{key}: expected text, got {type(value).__name__}")


def _str_tuple(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"{key}: expected a list of revision ids")


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key}: expected a number")
    return int(value)


def _float(data: Mapping[str, Any], key: str) -> float:
    value = data.get(key)
    if value is None:
        return 0.0
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key}: expected a number")
    return float(value)


def _str_dict(data: Mapping[str, Any], key: str) -> dict[str, str]:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{key}: expected an object")
    return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in value.items()}


class AuditLog:
    """The append-only JSON-lines file of :class:`AuditEntry` values."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = Path(path) if path is not None else data_dir() / AUDIT_FILE_NAME
        self.skipped_lines = 0
        """Lines the last :meth:`entries` call could not read (a crash mid-write, an edit)."""

    @property
    def path(self) -> Path:
        return self._path

    # -- writing ---------------------------------------------------------------------------
    def append(self, entry: AuditEntry, secrets: Sequence[str] = ()) -> AuditEntry:
        """Add ``entry`` as one line at the end of the file and make it durable.

        Free-text fields are scrubbed of URL passwords and of ``secrets`` (the password of the
        profile used); the entry as written is returned. Raises :class:`ValueError` if a
        password would still reach the file (e.g. inside ``database_key``, which is not
        rewritten because entries are filtered by it), and :class:`OSError` if the file cannot
        be written.
        """
        _refuse_secrets(entry.database_key, secrets)
        clean = scrub_entry(entry, secrets)
        data = (clean.to_json() + "\n").encode("utf-8")

        self._path.parent.mkdir(parents=True, exist_ok=True)
        created = not self._path.exists()
        # "a+b": O_APPEND, so every write lands at the end whatever the position; readable so
        # a half line left by a crash can be terminated before ours (or ours would be lost
        # with it). Unbuffered, so the line goes out in one write call.
        with open(self._path, "a+b", buffering=0) as f:
            end = f.seek(0, os.SEEK_END)
            if end > 0:
                f.seek(end - 1)
                if f.read(1) != b"\n":
                    data = b"\n" + data
            written = 0
            view = memoryview(data)
            while written < len(data):
                count = f.write(view[written:])
                if count is None:  # non-blocking only; a file never is
                    raise OSError(f"could not write to {self._path}")
                written += count
            f.flush()
            os.fsync(f.fileno())
        if created:
            _fsync_dir(self._path.parent)
        return clean

    # -- reading ---------------------------------------------------------------------------
    def entries(
        self, database_key: str | None = None, limit: int | None = None
    ) -> list[AuditEntry]:
        """The entries, oldest first (newest last); only ``database_key``'s if given; at most
        the ``limit`` newest. Unreadable lines are skipped and counted in
        :attr:`skipped_lines`. A missing file has no entries."""
        self.skipped_lines = 0
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return []
        found: list[AuditEntry] = []
        for chunk in raw.split(b"\n"):
            if not chunk.strip():
                continue
            try:
                entry = AuditEntry.from_json(chunk.decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                self.skipped_lines += 1
                continue
            if database_key is None or entry.database_key == database_key:
                found.append(entry)
        if limit is not None:
            found = found[-limit:] if limit > 0 else []
        return found

    def last_entry(self, database_key: str | None = None) -> AuditEntry | None:
        """The newest entry (for ``database_key`` if given), or ``None``."""
        found = self.entries(database_key, limit=1)
        return found[-1] if found else None


def scrub_entry(entry: AuditEntry, secrets: Sequence[str] = ()) -> AuditEntry:
    """``entry`` with its free-text fields cleared of passwords (``secrets`` and any
    ``scheme://user:pw@`` / ``password=``). Identifiers (revision ids, the key) are kept."""
    scrubber = Scrubber(tuple(secrets))
    return replace(
        entry,
        profile=scrubber.scrub(entry.profile),
        database=scrubber.scrub(entry.database),
        target=scrubber.scrub(entry.target),
        error=scrubber.scrub(entry.error),
        failed_step=scrubber.scrub(entry.failed_step),
        extra={k: scrubber.scrub(v) for k, v in entry.extra.items()},
    )


def _refuse_secrets(database_key: str, secrets: Sequence[str]) -> None:
    """``database_key`` is written as given (entries are filtered by it): it must not hold a
    password. Every other field that could is scrubbed by :func:`scrub_entry`."""
    if Scrubber(tuple(secrets)).scrub(database_key) != database_key:
        raise ValueError("the audit entry's database_key contains a password")


def _fsync_dir(folder: Path) -> None:
    """Make a newly created file's directory entry durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = [
    "AUDIT_FILE_NAME",
    "OUTCOMES",
    "AuditEntry",
    "AuditLog",
    "current_os_user",
    "now_iso",
    "scrub_entry",
]
