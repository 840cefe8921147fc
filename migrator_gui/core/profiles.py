"""Connection profiles: named databases, kept in a versioned JSON file; passwords in the keyring.

* :class:`ConnectionProfile` is plain data (no password in it, ever) and builds the
  :class:`sqlalchemy.engine.URL` with :meth:`ConnectionProfile.url`. Its ``lock_timeout`` is how
  long a migration's DDL statement may wait for a lock (not part of the URL).
* :class:`ProfileStore` keeps the list in ``config_dir() / "profiles.json"`` (written atomically);
  a file it cannot read is renamed aside and :attr:`ProfileStore.load_problem` says so.
* :class:`PasswordVault` keeps passwords in the OS keyring, or - when there is no usable keyring -
  in memory for the session only. A password is never written to a file by Migrator.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from dataclasses import replace as replace_fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from migrator_gui.core.errors import MigratorError
from migrator_gui.core.paths import config_dir, write_json_atomic
from migrator_gui.core.text import QT_TRANSLATE_NOOP, Text
from migrator_gui.core.urls import redact_url

__all__ = [
    "DEFAULT_DRIVERS",
    "DEFAULT_LOCK_TIMEOUT",
    "DEFAULT_PORTS",
    "DIALECTS",
    "ENVIRONMENTS",
    "KEYRING_SERVICE",
    "MAX_LOCK_TIMEOUT",
    "NO_KEYRING_MESSAGE",
    "SCHEMA_VERSION",
    "ConnectionProfile",
    "PasswordVault",
    "ProfileError",
    "ProfileStore",
    "environment_colour",
    "keyring_is_usable",
    "lock_timeout_problem",
    "normalize_folder",
]

SCHEMA_VERSION = 1
KEYRING_SERVICE = "migrator-gui"
NO_KEYRING_MESSAGE = QT_TRANSLATE_NOOP(
    "Profiles",
    "No system keyring: the password is kept in memory until Migrator closes and asked again "
    "next time.",
)

DIALECTS: tuple[str, ...] = ("sqlite", "postgresql", "mysql")
DEFAULT_DRIVERS: dict[str, str] = {
    "sqlite": "pysqlite",
    "postgresql": "psycopg2",
    "mysql": "pymysql",
}
DEFAULT_PORTS: dict[str, int] = {"postgresql": 5432, "mysql": 3306}
ENVIRONMENTS: tuple[str, ...] = ("development", "staging", "production")
_COLOURS: dict[str, str] = {
    "development": "#2e7d32",  # green
    "staging": "#f9a825",  # amber
    "production": "#c62828",  # red
}
DEFAULT_LOCK_TIMEOUT = 10.0
"""Seconds a migration's DDL statement waits for a lock by default."""
MAX_LOCK_TIMEOUT = 86400.0
"""The longest lock timeout a profile may have (a day); 0 means no limit at all."""
SQLITE_HEADER = b"SQLite format 3\x00"
_HOST_FORBIDDEN = re.compile(r"[;\s/@?#]")


class ProfileError(MigratorError):
    """A profile cannot be saved, found or used as asked (the message says what to change)."""


def _sentences(items: Iterable[str]) -> str:
    """Sentences one after the other (``"A. B."``), translatable when they are :class:`Text`."""
    joined: str | None = None
    for item in items:
        joined = item if joined is None else QT_TRANSLATE_NOOP("Profiles", "{first} {then}").format(
            first=joined, then=item
        )
    return joined or ""


def _reason(exc: BaseException) -> str:
    """The message of ``exc``: its :class:`Text` when it has one (so it is translated too)."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Text):
        return exc.args[0]
    return str(exc)


def environment_colour(environment: str) -> str:
    """The colour (``#rrggbb``) of an environment tag: green, amber, red."""
    return _COLOURS.get(environment, _COLOURS["development"])


def normalize_folder(folder: str | os.PathLike[str]) -> str:
    """The key of a project folder in the store: absolute, resolved, as text."""
    return str(Path(folder).expanduser().resolve())


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class ConnectionProfile:
    """One named database. Holds no password: that lives in a :class:`PasswordVault`."""

    name: str
    dialect: str = "sqlite"
    """``sqlite``, ``postgresql`` or ``mysql`` (MySQL and MariaDB)."""
    driver: str = ""
    """DBAPI driver; empty means the dialect's default (psycopg2, pymysql, pysqlite)."""
    host: str = ""
    port: int | str | None = None
    """None means the dialect's default; a str only comes from untrusted input (validated)."""
    database: str = ""
    """Database name; for SQLite the file path or ``:memory:``."""
    username: str = ""
    sslmode: str = ""
    """PostgreSQL ``sslmode`` (disable, require, verify-full, ...); empty: the driver's default."""
    version_table_schema: str = ""
    """PostgreSQL schema of the ``alembic_version`` table; empty: the search path's."""
    charset: str = "utf8mb4"
    """MySQL/MariaDB connection charset."""
    ssl_ca: str = ""
    """MySQL/MariaDB: path of the CA certificate file."""
    options: Mapping[str, str] = field(default_factory=dict, hash=False)
    """Extra URL query options (advanced)."""
    environment: str = "development"
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT
    """Seconds a migration's DDL statement may wait for a lock another session holds before it
    fails (PostgreSQL ``lock_timeout``, MariaDB ``lock_wait_timeout``, SQLite busy timeout);
    ``0`` waits forever. 0 to :data:`MAX_LOCK_TIMEOUT`."""
    projects: tuple[str, ...] = ()
    """Project folders this profile belongs to; empty: shared by every project."""
    id: str = field(default_factory=_new_id)
    """Stable identity (the keyring key): a rename keeps the password."""

    # -- derived ---------------------------------------------------------------------------------

    @property
    def effective_driver(self) -> str:
        return self.driver or DEFAULT_DRIVERS.get(self.dialect, "")

    @property
    def colour(self) -> str:
        return environment_colour(self.environment)

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def needs_password(self) -> bool:
        return self.dialect != "sqlite"

    def port_number(self) -> int | None:
        """The port as a number (None: the default), or ProfileError when it is not valid."""
        problem = _port_problem(self.port)
        if problem:
            raise ProfileError(
                QT_TRANSLATE_NOOP("Profiles", "Profile '{name}': {problem}").format(
                    name=self.name, problem=problem
                )
            )
        if self.port is None or (isinstance(self.port, str) and not self.port.strip()):
            return None
        return int(self.port)

    def url(self, password: str | None = None) -> URL:
        """The SQLAlchemy URL, built field by field (no escaping needed, any password works)."""
        if self.dialect not in DIALECTS:
            raise ProfileError(
                QT_TRANSLATE_NOOP(
                    "Profiles", "Profile '{name}': unknown database type '{dialect}'."
                ).format(name=self.name, dialect=self.dialect)
            )
        driver = self.effective_driver
        drivername = self.dialect if not driver else f"{self.dialect}+{driver}"
        query: dict[str, str] = {}
        if self.dialect == "sqlite":
            return URL.create(drivername, database=self.database or None, query=dict(self.options))
        if self.dialect == "postgresql" and self.sslmode:
            query["sslmode"] = self.sslmode
        if self.dialect == "mysql":
            if self.charset:
                query["charset"] = self.charset
            if self.ssl_ca:
                query["ssl_ca"] = self.ssl_ca
        query.update(self.options)
        return URL.create(
            drivername,
            username=self.username or None,
            password=password if password else None,
            host=self.host or None,
            port=self.port_number(),
            database=self.database or None,
            query=query,
        )

    def display_url(self) -> str:
        """The URL to show, log or export: never with a password."""
        return self.url().render_as_string(hide_password=True)

    def export_url(self) -> str:
        """The URL for the clipboard: without password (not even a mask)."""
        return self.url().render_as_string(hide_password=True)

    def describe(self) -> str:
        """Short: ``demo.db`` or ``shop on 127.0.0.1:5432``."""
        if self.dialect == "sqlite":
            return self.database or ":memory:"
        port = DEFAULT_PORTS.get(self.dialect) if self.port in (None, "") else self.port
        database = self.database or QT_TRANSLATE_NOOP("Profiles", "(default)")
        return QT_TRANSLATE_NOOP("Profiles", "{database} on {host}:{port}").format(
            database=database, host=self.host or "localhost", port=str(port)
        )

    # -- import ----------------------------------------------------------------------------------

    @classmethod
    def from_url(
        cls, name: str, url_text: str | URL, **fields: Any
    ) -> tuple[ConnectionProfile, str | None]:
        """A profile from a pasted URL, alembic.ini's ``sqlalchemy.url`` or ``DATABASE_URL``.

        Returns the profile and the password found in the URL (for the vault), separately.
        ``fields`` override the profile's other fields (environment, projects, ...).
        """
        try:
            url = url_text if isinstance(url_text, URL) else make_url(str(url_text).strip())
            port = url.port
        except (ArgumentError, ValueError) as exc:
            shown = redact_url(str(url_text))
            raise ProfileError(
                QT_TRANSLATE_NOOP(
                    "Profiles",
                    "'{url}' is not a database URL. The form is "
                    "dialect+driver://user:password@host:port/database; special characters in the "
                    "password (@ : / %) must be percent-encoded (@ is %40).",
                ).format(url=shown)
            ) from exc
        backend = url.get_backend_name()
        dialect = {"postgres": "postgresql", "mariadb": "mysql"}.get(backend, backend)
        if dialect not in DIALECTS:
            raise ProfileError(
                QT_TRANSLATE_NOOP(
                    "Profiles",
                    "'{url}': Migrator supports SQLite, PostgreSQL and MySQL/MariaDB, not "
                    "'{backend}'.",
                ).format(url=redact_url(str(url_text)), backend=backend)
            )
        driver = url.get_driver_name() if "+" in url.drivername else ""
        if driver == DEFAULT_DRIVERS[dialect]:
            driver = ""
        query: dict[str, str] = {}
        for key, value in url.query.items():
            query[key] = value if isinstance(value, str) else ",".join(value)
        values: dict[str, Any] = {}
        if dialect == "postgresql":
            values["sslmode"] = query.pop("sslmode", "")
        if dialect == "mysql":
            values["charset"] = query.pop("charset", "utf8mb4")
            values["ssl_ca"] = query.pop("ssl_ca", "")
        values.update(
            name=name,
            dialect=dialect,
            driver=driver,
            host=url.host or "",
            port=port,
            database=url.database or "",
            username=url.username or "",
            options=query,
        )
        values.update(fields)
        return cls(**values), url.password if url.password else None

    # -- checks ----------------------------------------------------------------------------------

    def validate(self, *, check_files: bool = True) -> list[str]:
        """Readable problems with this profile (empty list: fine).

        ``check_files`` also inspects a SQLite file (a folder, not a database, read-only).
        """
        problems: list[str] = []
        if not self.name.strip():
            problems.append(QT_TRANSLATE_NOOP("Profiles", "Give the profile a name."))
        if self.dialect not in DIALECTS:
            problems.append(
                QT_TRANSLATE_NOOP(
                    "Profiles",
                    "Unknown database type '{dialect}': choose SQLite, PostgreSQL or MySQL.",
                ).format(dialect=self.dialect)
            )
            return problems
        if self.environment not in ENVIRONMENTS:
            problems.append(
                QT_TRANSLATE_NOOP(
                    "Profiles",
                    "Unknown environment '{environment}': choose development, staging or "
                    "production.",
                ).format(environment=self.environment)
            )
        lock_problem = lock_timeout_problem(self.lock_timeout)
        if lock_problem:
            problems.append(lock_problem)
        for key in self.options:
            if not key or not re.fullmatch(r"[A-Za-z0-9_.\-]+", key):
                problems.append(
                    QT_TRANSLATE_NOOP(
                        "Profiles", "The advanced option name '{key}' is not valid."
                    ).format(key=key)
                )
        if self.dialect == "sqlite":
            if not self.database.strip():
                problems.append(
                    QT_TRANSLATE_NOOP("Profiles", "Choose the SQLite database file (or :memory:).")
                )
            elif check_files:
                problem = sqlite_file_problem(self.database)
                if problem:
                    problems.append(problem)
            return problems
        host = self.host
        if not host.strip():
            problems.append(
                QT_TRANSLATE_NOOP(
                    "Profiles", "Enter the server's host name or address (e.g. 127.0.0.1)."
                )
            )
        elif _HOST_FORBIDDEN.search(host):
            problems.append(
                QT_TRANSLATE_NOOP(
                    "Profiles",
                    "The host '{host}' contains spaces or one of ; / @ ? #: enter only a host "
                    "name or IP address (the port, user and database have their own fields).",
                ).format(host=host)
            )
        port_problem = _port_problem(self.port)
        if port_problem:
            problems.append(port_problem)
        return problems


def lock_timeout_problem(value: object) -> str | None:
    """Why ``value`` is not a usable lock timeout in seconds (None: fine)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return QT_TRANSLATE_NOOP(
            "Profiles", "The lock timeout '{value}' is not a number of seconds."
        ).format(value=str(value))
    if not math.isfinite(value) or not 0 <= value <= MAX_LOCK_TIMEOUT:
        return QT_TRANSLATE_NOOP(
            "Profiles",
            "The lock timeout {value:g} s is out of range: enter 0 (wait forever) to "
            "{maximum:g} seconds.",
        ).format(value=value, maximum=MAX_LOCK_TIMEOUT)
    return None


def _port_problem(port: int | str | None) -> str | None:
    if port is None:
        return None
    if isinstance(port, bool):
        return QT_TRANSLATE_NOOP("Profiles", "The port '{port}' is not a number.").format(
            port=str(port)
        )
    if isinstance(port, str):
        text = port.strip()
        if not text:
            return None
        if not text.isdigit():
            return QT_TRANSLATE_NOOP(
                "Profiles",
                "The port '{port}' is not a number: enter 1 to 65535 (5432, 3306, ...).",
            ).format(port=port)
        number = int(text)
    else:
        number = port
    if not 1 <= number <= 65535:
        return QT_TRANSLATE_NOOP(
            "Profiles", "The port {port} is out of range: enter 1 to 65535 (5432, 3306, ...)."
        ).format(port=str(number))
    return None


def sqlite_file_problem(database: str) -> str | None:
    """What prevents migrating the SQLite file ``database`` (None: fine, or will be created)."""
    if database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    if path.is_dir():
        return QT_TRANSLATE_NOOP(
            "Profiles",
            "'{path}' is a folder: choose a database file inside it (or a new file name).",
        ).format(path=str(path))
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            return QT_TRANSLATE_NOOP(
                "Profiles",
                "The folder '{folder}' does not exist: create it or choose another file.",
            ).format(folder=str(parent))
        if not os.access(parent, os.W_OK):
            return QT_TRANSLATE_NOOP(
                "Profiles",
                "The folder '{folder}' is read-only: the database file cannot be created.",
            ).format(folder=str(parent))
        return None
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        return QT_TRANSLATE_NOOP("Profiles", "'{path}' cannot be read: {reason}.").format(
            path=str(path), reason=str(exc.strerror or exc)
        )
    if header and header != SQLITE_HEADER:
        return QT_TRANSLATE_NOOP(
            "Profiles",
            "'{path}' is not a SQLite database (its first bytes are not a SQLite header).",
        ).format(path=str(path))
    mode = path.stat().st_mode
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        return QT_TRANSLATE_NOOP(
            "Profiles",
            "'{path}' is read-only: migrations need to write to it. Make the file writable "
            "or choose a copy.",
        ).format(path=str(path))
    return None


# -- secrets ---------------------------------------------------------------------------------------


def keyring_is_usable(backend: object) -> bool:
    """Whether ``backend`` keeps secrets in an OS keyring (not: fail/null, keyrings.alt files,
    an empty chainer)."""
    module = type(backend).__module__
    if module.startswith("keyrings.alt") or module in (
        "keyring.backends.fail",
        "keyring.backends.null",
    ):
        return False
    if module == "keyring.backends.chainer":
        chained = list(getattr(backend, "backends", []))
        return bool(chained) and all(keyring_is_usable(b) for b in chained)
    return True


class PasswordVault:
    """Passwords by profile id: in the OS keyring, else in memory for this session only.

    ``persistent`` says which; ``message`` is the sentence the UI shows when it is not.
    """

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self._service = service
        self._memory: dict[str, str] = {}
        self._backend: Any = None
        self.message: str | None = None
        try:
            import keyring
            from keyring.errors import KeyringError

            backend = keyring.get_keyring()
            if keyring_is_usable(backend):
                self._backend = backend
                self._keyring_error: type[Exception] = KeyringError
        except Exception:  # NoKeyringError, a broken backend: no keyring
            self._backend = None
        if self._backend is None:
            self.message = NO_KEYRING_MESSAGE

    @property
    def persistent(self) -> bool:
        return self._backend is not None

    def _fall_back(self) -> None:
        self._backend = None
        self.message = NO_KEYRING_MESSAGE

    def get(self, key: str) -> str | None:
        if key in self._memory:
            return self._memory[key]
        if self._backend is not None:
            try:
                value = self._backend.get_password(self._service, key)
            except self._keyring_error:
                return None
            return None if value is None else str(value)
        return None

    def set(self, key: str, password: str) -> None:
        if self._backend is not None:
            try:
                self._backend.set_password(self._service, key, password)
                self._memory.pop(key, None)
                return
            except self._keyring_error:
                self._fall_back()  # locked/refused: this session only
        self._memory[key] = password

    def delete(self, key: str) -> None:
        self._memory.pop(key, None)
        if self._backend is not None:
            try:
                if self._backend.get_password(self._service, key) is not None:
                    self._backend.delete_password(self._service, key)
            except self._keyring_error:
                pass


# -- the store -------------------------------------------------------------------------------------

#: ``_MIGRATIONS[n]`` turns a file of schema version n into version n + 1 (add v1 -> v2 here).
_MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"schema_version {version!r} is not valid")
    while version < SCHEMA_VERSION:
        step = _MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema_version {version}")
        data = step(data)
        version = int(data["schema_version"])
    return data


class _NewerVersion(Exception):
    pass


_STR_FIELDS = (
    "name",
    "dialect",
    "driver",
    "host",
    "database",
    "username",
    "sslmode",
    "version_table_schema",
    "charset",
    "ssl_ca",
    "environment",
    "id",
)


def _profile_to_json(profile: ConnectionProfile) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(profile, name) for name in _STR_FIELDS}
    out["port"] = profile.port
    out["lock_timeout"] = float(profile.lock_timeout)
    out["options"] = dict(profile.options)
    out["projects"] = list(profile.projects)
    return out


def _profile_from_json(item: Any) -> ConnectionProfile:
    if not isinstance(item, dict):
        raise ValueError(QT_TRANSLATE_NOOP("Profiles", "a profile is not an object"))
    values: dict[str, Any] = {}
    for name in _STR_FIELDS:
        if name in item:
            if not isinstance(item[name], str):
                raise ValueError(
                    QT_TRANSLATE_NOOP("Profiles", "profile field {field} is not text").format(
                        field=name
                    )
                )
            values[name] = item[name]
    if "name" not in values or not values.get("id"):
        raise ValueError(QT_TRANSLATE_NOOP("Profiles", "a profile has no name or id"))
    port = item.get("port")
    if port is not None and not isinstance(port, (int, str)):
        raise ValueError(QT_TRANSLATE_NOOP("Profiles", "profile port is not a number"))
    values["port"] = port
    if "lock_timeout" in item:  # files written before it existed: the default
        lock_timeout = item["lock_timeout"]
        problem = lock_timeout_problem(lock_timeout)
        if problem:
            raise ValueError(
                QT_TRANSLATE_NOOP("Profiles", "profile '{name}': {problem}").format(
                    name=values["name"], problem=problem
                )
            )
        values["lock_timeout"] = float(lock_timeout)
    options = item.get("options", {})
    if not isinstance(options, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in options.items()
    ):
        raise ValueError(QT_TRANSLATE_NOOP("Profiles", "profile options are not text"))
    values["options"] = dict(options)
    projects = item.get("projects", [])
    if not isinstance(projects, list) or not all(isinstance(p, str) for p in projects):
        raise ValueError(
            QT_TRANSLATE_NOOP("Profiles", "profile projects are not a list of folders")
        )
    values["projects"] = tuple(projects)
    return ConnectionProfile(**values)


class ProfileStore:
    """The profiles file. Every call reads the file again (another window may have written it)
    and writes it atomically. A password given to :meth:`save` goes to :attr:`vault` only."""

    def __init__(self, path: Path | None = None, vault: PasswordVault | None = None) -> None:
        self.path = path if path is not None else config_dir() / "profiles.json"
        self.vault = vault if vault is not None else PasswordVault()
        #: Why the last read found no usable file and what was done (for the UI, a
        #: :class:`~migrator_gui.core.text.Text`), else None.
        self.load_problem: str | None = None
        self._blocked: str | None = None

    # -- reading ---------------------------------------------------------------------------------

    def _read(self) -> tuple[list[ConnectionProfile], dict[str, str]]:
        if not self.path.exists():
            return [], {}
        try:
            text = self.path.read_text(encoding="utf-8")
            raw = json.loads(text)
            if not isinstance(raw, dict):
                raise ValueError(
                    QT_TRANSLATE_NOOP("Profiles", "the file does not hold a JSON object")
                )
            version = raw.get("schema_version")
            if isinstance(version, int) and version > SCHEMA_VERSION:
                raise _NewerVersion(str(version))
            data = _migrate(raw)
            items = data.get("profiles", [])
            if not isinstance(items, list):
                raise ValueError(QT_TRANSLATE_NOOP("Profiles", "'profiles' is not a list"))
            profiles = [_profile_from_json(item) for item in items]
            names = [p.name for p in profiles]
            if len(set(names)) != len(names):
                raise ValueError(
                    QT_TRANSLATE_NOOP("Profiles", "two profiles have the same name")
                )
            last_used = data.get("last_used", {})
            if not isinstance(last_used, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in last_used.items()
            ):
                raise ValueError(
                    QT_TRANSLATE_NOOP(
                        "Profiles", "'last_used' is not a mapping of folders to names"
                    )
                )
        except _NewerVersion as exc:
            aside = self._set_aside("from-newer-version")
            self.load_problem = QT_TRANSLATE_NOOP(
                "Profiles",
                "{path} was written by a newer Migrator (schema version {version}); it was "
                "moved to {aside} and left untouched. Update Migrator to use those profiles.",
            ).format(path=str(self.path), version=str(exc), aside=aside.name)
            if self._blocked:
                self.load_problem = self._blocked
            return [], {}
        except (OSError, UnicodeDecodeError, ValueError, TypeError) as exc:
            aside = self._set_aside("corrupt")
            self.load_problem = QT_TRANSLATE_NOOP(
                "Profiles",
                "{path} could not be read ({reason}); it was moved to {aside} and a new "
                "profile list was started. Your old file is kept there.",
            ).format(path=str(self.path), reason=_reason(exc), aside=aside.name)
            if self._blocked:
                self.load_problem = self._blocked
            return [], {}
        return profiles, dict(last_used)

    def _set_aside(self, label: str) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.path.with_name(f"{self.path.name}.{label}-{stamp}")
        try:
            os.replace(self.path, target)
        except OSError as exc:
            # It cannot be moved: then it must not be overwritten either.
            self._blocked = QT_TRANSLATE_NOOP(
                "Profiles",
                "{path} cannot be read nor moved aside ({reason}); "
                "profiles cannot be saved until it is fixed or removed.",
            ).format(path=str(self.path), reason=str(exc.strerror or exc))
            return self.path
        return target

    def _write(self, profiles: Iterable[ConnectionProfile], last_used: Mapping[str, str]) -> None:
        if self._blocked:
            raise ProfileError(self._blocked)
        write_json_atomic(
            self.path,
            {
                "schema_version": SCHEMA_VERSION,
                "profiles": [_profile_to_json(p) for p in profiles],
                "last_used": dict(last_used),
            },
        )

    @staticmethod
    def _index(profiles: list[ConnectionProfile], name: str) -> int:
        for i, profile in enumerate(profiles):
            if profile.name == name:
                return i
        raise ProfileError(
            QT_TRANSLATE_NOOP("Profiles", "There is no profile named '{name}'.").format(name=name)
        )

    # -- public API ------------------------------------------------------------------------------

    def load_all(self) -> list[ConnectionProfile]:
        """Every profile, in the user's order."""
        return self._read()[0]

    def get(self, name: str) -> ConnectionProfile:
        profiles = self._read()[0]
        return profiles[self._index(profiles, name)]

    def names(self) -> list[str]:
        return [p.name for p in self.load_all()]

    def save(
        self,
        profile: ConnectionProfile,
        password: str | None = None,
        *,
        replace: str | None = None,
    ) -> ConnectionProfile:
        """Add ``profile`` (or put it in place of the profile named ``replace``, keeping its
        position). ``password``: None keeps the stored one, "" forgets it, else stores it."""
        problems = profile.validate(check_files=False)
        if problems:
            raise ProfileError(
                QT_TRANSLATE_NOOP(
                    "Profiles", "Profile '{name}' cannot be saved: {problems}"
                ).format(name=profile.name, problems=_sentences(problems))
            )
        profile = replace_fields(
            profile,
            port=profile.port_number(),  # "5432" -> 5432
            lock_timeout=float(profile.lock_timeout),  # 5 -> 5.0
        )
        profiles, last_used = self._read()
        clash = [p for p in profiles if p.name == profile.name and p.name != replace]
        if clash:
            raise ProfileError(
                QT_TRANSLATE_NOOP(
                    "Profiles",
                    "A profile named '{name}' exists: choose another name or edit that one.",
                ).format(name=profile.name)
            )
        if replace is None:
            profiles.append(profile)
        else:
            index = self._index(profiles, replace)
            old = profiles[index]
            if old.id != profile.id:  # a new identity: the password follows it
                kept = self.vault.get(old.id)
                self.vault.delete(old.id)
                if kept is not None and password is None:
                    password = kept
            profiles[index] = profile
            if replace != profile.name:
                last_used = {k: (profile.name if v == replace else v) for k, v in last_used.items()}
        self._write(profiles, last_used)
        if password is not None:
            if password:
                self.vault.set(profile.id, password)
            else:
                self.vault.delete(profile.id)
        return profile

    def delete(self, name: str) -> None:
        """Remove the profile and its password."""
        profiles, last_used = self._read()
        removed = profiles.pop(self._index(profiles, name))
        last_used = {k: v for k, v in last_used.items() if v != name}
        self._write(profiles, last_used)
        self.vault.delete(removed.id)

    def rename(self, name: str, new_name: str) -> ConnectionProfile:
        """Rename; the password stays (it is stored under the profile's id)."""
        profile = self.get(name)
        return self.save(replace(profile, name=new_name), replace=name)

    def duplicate(self, name: str, new_name: str) -> ConnectionProfile:
        """A copy just after the original, with its own id and a copy of the password."""
        profiles, last_used = self._read()
        index = self._index(profiles, name)
        original = profiles[index]
        if any(p.name == new_name for p in profiles):
            raise ProfileError(
                QT_TRANSLATE_NOOP(
                    "Profiles", "A profile named '{name}' exists: choose another name."
                ).format(name=new_name)
            )
        copy = replace(original, name=new_name, id=_new_id())
        problems = copy.validate(check_files=False)
        if problems:
            raise ProfileError(_sentences(problems))
        profiles.insert(index + 1, copy)
        self._write(profiles, last_used)
        password = self.vault.get(original.id)
        if password is not None:
            self.vault.set(copy.id, password)
        return copy

    def move(self, name: str, index: int) -> None:
        """Move the profile to position ``index`` (clamped to the list)."""
        profiles, last_used = self._read()
        profile = profiles.pop(self._index(profiles, name))
        profiles.insert(max(0, min(index, len(profiles))), profile)
        self._write(profiles, last_used)

    def password(self, profile: ConnectionProfile) -> str | None:
        return self.vault.get(profile.id)

    def set_password(self, profile: ConnectionProfile, password: str) -> None:
        """Remember a password typed at connect time (keyring, or memory for the session)."""
        self.vault.set(profile.id, password)

    def for_project(self, folder: str | os.PathLike[str]) -> list[ConnectionProfile]:
        """Profiles of the project at ``folder`` and the shared ones (no project), in order."""
        key = normalize_folder(folder)
        return [
            p
            for p in self.load_all()
            if not p.projects or key in {normalize_folder(f) for f in p.projects}
        ]

    def set_last_used(self, folder: str | os.PathLike[str], name: str) -> None:
        profiles, last_used = self._read()
        self._index(profiles, name)
        last_used[normalize_folder(folder)] = name
        self._write(profiles, last_used)

    def last_used(self, folder: str | os.PathLike[str]) -> ConnectionProfile | None:
        """The profile last used with the project at ``folder``, if it still exists."""
        profiles, last_used = self._read()
        name = last_used.get(normalize_folder(folder))
        return next((p for p in profiles if p.name == name), None)
